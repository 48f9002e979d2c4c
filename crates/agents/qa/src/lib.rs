//! The QA agent: the integration tests every generated service ships with.

use keel_generate::{Agent, AgentError, FileSet, Input};

pub struct QaAgent;

impl Agent for QaAgent {
    fn name(&self) -> &'static str {
        "qa"
    }

    fn summary(&self) -> &'static str {
        "Integration tests of the services: CRUD, validation, access matrix over HTTP and in SQL, auth flows"
    }

    fn writes(&self) -> &'static [&'static str] {
        &["services/*/tests/"]
    }

    fn run(&self, _input: &Input<'_>) -> Result<FileSet, AgentError> {
        Ok(FileSet::new())
    }
}
