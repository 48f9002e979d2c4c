//! Container images: one multi-stage Dockerfile per part (the gateway's also
//! builds the web app it serves), and the `.dockerignore` of their shared
//! build context, the repository root.

use keel_blueprint::Blueprint;
use keel_generate::template::Templates;
use keel_generate::{AgentError, FileSet};

use crate::parts::Part;
use crate::versions;

/// Where a part's Dockerfile lives.
pub fn dockerfile_path(part: &str) -> String {
    format!("deploy/docker/{part}.Dockerfile")
}

pub fn write(
    blueprint: &Blueprint,
    parts: &[Part],
    templates: &Templates,
    out: &mut FileSet,
) -> Result<(), AgentError> {
    for part in parts {
        let text = templates.render(
            "service.Dockerfile",
            serde_json::json!({
                "app": blueprint.app,
                "part": part,
                "images": {
                    "rust": versions::RUST_BUILD.reference(),
                    "node": versions::NODE_BUILD.reference(),
                    "runtime": versions::RUNTIME.reference(),
                },
                "cargo_chef": versions::CARGO_CHEF,
                "uid": versions::RUN_AS,
            }),
        )?;
        out.add(dockerfile_path(&part.name), text)?;
    }
    out.add(
        ".dockerignore",
        include_str!("../templates/docker/dockerignore"),
    )?;
    Ok(())
}
