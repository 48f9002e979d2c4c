//! Shared by the agent's tests: the example blueprints and their files.

use std::path::PathBuf;

use keel_blueprint::Blueprint;
use keel_generate::events::Quiet;
use keel_generate::{Agent, FileSet};

pub fn example(name: &str) -> Blueprint {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../examples")
        .join(name)
        .join("keel.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    keel_blueprint::check(&keel_blueprint::SourceFile::new(
        path.display().to_string(),
        text,
    ))
    .expect("examples are valid")
    .blueprint
}

/// The database agent's migrations and the DevOps agent's files.
pub fn generate(blueprint: &Blueprint) -> FileSet {
    let agents: [&dyn Agent; 2] = [
        &keel_agent_database::DatabaseAgent,
        &keel_agent_devops::DevopsAgent,
    ];
    keel_generate::run(blueprint, &agents, &Quiet).unwrap()
}

#[allow(dead_code)]
pub const EXAMPLES: [&str; 4] = ["recipes", "projects", "marketplace", "blog"];
