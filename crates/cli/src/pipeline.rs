//! The roster of agents that `keel generate` runs, and the one function that
//! turns a checked blueprint into the generated file set.

use keel_blueprint::Blueprint;
use keel_generate::events::Observer;
use keel_generate::{Agent, FileSet, RunError};

/// Every agent, in the order they are listed to users; the orchestrator
/// derives the run order from what each reads.
pub fn agents() -> Vec<Box<dyn Agent>> {
    vec![
        Box::new(keel_agent_database::DatabaseAgent),
        Box::new(keel_agent_contracts::ContractsAgent),
        Box::new(keel_agent_docs::DocsAgent),
        Box::new(keel_agent_project_manager::ProjectManagerAgent),
        Box::new(keel_agent_devops::DevopsAgent),
        Box::new(keel_agent_backend::BackendAgent),
        Box::new(keel_agent_qa::QaAgent),
        Box::new(keel_agent_frontend::FrontendAgent),
    ]
}

/// Runs every agent over the blueprint.
pub fn generate(blueprint: &Blueprint, observer: &dyn Observer) -> Result<FileSet, RunError> {
    let agents = agents();
    let refs: Vec<&dyn Agent> = agents.iter().map(|a| a.as_ref()).collect();
    keel_generate::run(blueprint, &refs, observer)
}
