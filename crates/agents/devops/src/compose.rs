//! Local use with Docker: `deploy/compose.yaml` and the `.env.example` it
//! reads its configuration from. PostgreSQL with one database per service,
//! the migrations, every service and the gateway, started in order of health.

use std::collections::BTreeMap;

use keel_blueprint::Blueprint;
use keel_generate::template::Templates;
use keel_generate::{AgentError, FileSet};

use crate::parts::{GATEWAY_PORT, Part};
use crate::versions;

pub fn write(
    blueprint: &Blueprint,
    parts: &[Part],
    templates: &Templates,
    out: &mut FileSet,
) -> Result<(), AgentError> {
    let ports: BTreeMap<&str, u16> = parts.iter().map(|p| (p.name.as_str(), p.port)).collect();
    let gateway = parts.iter().find(|p| p.kind == "gateway");
    let context = serde_json::json!({
        "app": blueprint.app,
        "parts": parts,
        "ports": ports,
        "gateway": gateway,
        "gateway_port": GATEWAY_PORT,
        "postgres_image": versions::POSTGRES.reference(),
    });
    out.add(
        "deploy/compose.yaml",
        templates.render("compose.yaml", &context)?,
    )?;
    out.add(".env.example", templates.render("env.example", &context)?)?;
    Ok(())
}
