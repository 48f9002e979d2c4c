//! `deploy/dashboard/`: read-only Kubernetes Dashboard access per
//! environment (a ServiceAccount bound to a namespace-scoped, read-only Role
//! without Secrets) and the steps to open the dashboard.

use keel_blueprint::Blueprint;
use keel_generate::template::Templates;
use keel_generate::{AgentError, FileSet};

use crate::helm::namespace;

pub fn write(
    blueprint: &Blueprint,
    templates: &Templates,
    out: &mut FileSet,
) -> Result<(), AgentError> {
    let account = format!("{}-dashboard-viewer", blueprint.app);
    let environments: Vec<serde_json::Value> = blueprint
        .environments
        .iter()
        .map(|e| serde_json::json!({"name": e.name, "namespace": namespace(blueprint, &e.name)}))
        .collect();
    for env in &blueprint.environments {
        out.add(
            format!("deploy/dashboard/{}.yaml", env.name),
            templates.render(
                "access.yaml",
                serde_json::json!({
                    "app": blueprint.app,
                    "env": env.name,
                    "namespace": namespace(blueprint, &env.name),
                    "account": account,
                }),
            )?,
        )?;
    }
    // Steps use production when there is one: that is where people look.
    let first = environments
        .iter()
        .find(|e| e["name"] == "production")
        .or(environments.first())
        .cloned()
        .unwrap_or_default();
    out.add(
        "deploy/dashboard/README.md",
        templates.render(
            "README.md",
            serde_json::json!({
                "app": blueprint.app,
                "account": account,
                "environments": environments,
                "first": first,
            }),
        )?,
    )?;
    Ok(())
}
