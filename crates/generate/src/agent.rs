//! An agent: one specialist that owns one part of the generated system.

use keel_blueprint::Blueprint;

use crate::fileset::{FileSet, FileSetError};

/// What an agent gets: the checked blueprint, and the files written by the
/// agents whose output it declared it reads.
pub struct Input<'a> {
    pub blueprint: &'a Blueprint,
    /// Only the files under the agent's [`Agent::reads`] prefixes.
    pub files: &'a FileSet,
}

/// A specialised generator. Agents are pure: the same input gives the same
/// files, with no clock, randomness, network or disk access.
pub trait Agent: Send + Sync {
    /// Short, stable name used in the event log and progress display (`database`).
    fn name(&self) -> &'static str;

    /// One line on what it produces, for `keel agents` and the progress display.
    fn summary(&self) -> &'static str;

    /// Path prefixes of other agents' output this agent reads (`api/`). An
    /// agent runs after every agent that writes under these prefixes.
    fn reads(&self) -> &'static [&'static str] {
        &[]
    }

    /// Path prefixes this agent may write (`db/`, `docs/adr/`). Writing
    /// anywhere else is an error, which keeps ownership of files clear.
    fn writes(&self) -> &'static [&'static str];

    fn run(&self, input: &Input<'_>) -> Result<FileSet, AgentError>;
}

#[derive(Debug, thiserror::Error)]
pub enum AgentError {
    #[error(transparent)]
    Files(#[from] FileSetError),
    #[error("template `{name}`: {source}")]
    Template {
        name: String,
        source: minijinja::Error,
    },
    #[error("{0}")]
    Other(String),
}

impl From<minijinja::Error> for AgentError {
    fn from(e: minijinja::Error) -> Self {
        AgentError::Template {
            name: e.name().unwrap_or("?").to_owned(),
            source: e,
        }
    }
}
