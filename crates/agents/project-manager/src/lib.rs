//! The project-manager agent: `docs/BACKLOG.md`, the work that takes the
//! blueprint to production as tasks with a role, a priority, an estimate
//! counted from the blueprint, dependencies and acceptance criteria.
//!
//! Invariants: ids (`KEEL-001`…) follow one fixed plan order, so the same
//! blueprint gives the same ids; a task only depends on tasks planned before
//! it, so the dependency graph is acyclic and every dependency exists.

mod criteria;
pub mod plan;
mod render;
pub mod task;

use keel_generate::template::Templates;
use keel_generate::{Agent, AgentError, FileSet, Input};

pub use render::direct_edges;

pub const BACKLOG: &str = "docs/BACKLOG.md";

pub struct ProjectManagerAgent;

impl Agent for ProjectManagerAgent {
    fn name(&self) -> &'static str {
        "project-manager"
    }

    fn summary(&self) -> &'static str {
        "task backlog: roles, priorities, estimates, dependencies and acceptance criteria"
    }

    fn writes(&self) -> &'static [&'static str] {
        &[BACKLOG]
    }

    fn run(&self, input: &Input<'_>) -> Result<FileSet, AgentError> {
        let backlog = plan::plan(input.blueprint).map_err(AgentError::Other)?;
        let templates = Templates::new(&[("BACKLOG.md", include_str!("../templates/BACKLOG.md"))])?;
        let mut out = FileSet::new();
        out.add(
            BACKLOG,
            render::render(input.blueprint, &backlog, &templates)?,
        )?;
        Ok(out)
    }
}
