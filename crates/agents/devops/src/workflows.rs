//! `.github/`: the CI, release and deploy workflows, Dependabot, and the
//! pinned requirements of the linters CI installs. Every action is pinned
//! to a commit SHA, every workflow starts from `permissions: {}` and grants
//! each job only what it needs, and every workflow has a concurrency group.

use keel_blueprint::Blueprint;
use keel_generate::template::Templates;
use keel_generate::{AgentError, FileSet};

use crate::helm::{chart_dir, namespace};
use crate::parts::Part;
use crate::versions;

/// When release.yml deploys an environment: staging on pushes to main,
/// production on version tags; other environments are deployed by hand
/// (workflow_dispatch of deploy.yml).
fn deploy_condition(environment: &str) -> Option<&'static str> {
    match environment {
        "staging" => Some("github.ref == 'refs/heads/main'"),
        "production" => Some("startsWith(github.ref, 'refs/tags/v')"),
        _ => None,
    }
}

pub fn write(
    blueprint: &Blueprint,
    parts: &[Part],
    templates: &Templates,
    out: &mut FileSet,
) -> Result<(), AgentError> {
    let environments: Vec<serde_json::Value> = blueprint
        .environments
        .iter()
        .map(|e| {
            serde_json::json!({
                "name": e.name,
                "namespace": namespace(blueprint, &e.name),
                "condition": deploy_condition(&e.name),
            })
        })
        .collect();
    let automatic: Vec<&serde_json::Value> = environments
        .iter()
        .filter(|e| !e["condition"].is_null())
        .collect();
    let names: Vec<&str> = blueprint
        .environments
        .iter()
        .map(|e| e.name.as_str())
        .collect();
    let context = serde_json::json!({
        "app": blueprint.app,
        "chart": chart_dir(blueprint),
        "parts": parts,
        "environments": environments,
        "environment_names": names,
        "actions": versions::actions_context(),
        "rust": versions::RUST_TOOLCHAIN,
        "node": versions::NODE,
        "helm": versions::HELM,
        "llvm_cov": versions::CARGO_LLVM_COV,
        "postgres": versions::POSTGRES.reference(),
    });
    out.add(
        ".github/workflows/ci.yml",
        templates.render("ci.yml", &context)?,
    )?;
    let mut release = context.clone();
    release["environments"] = serde_json::json!(automatic);
    out.add(
        ".github/workflows/release.yml",
        templates.render("release.yml", &release)?,
    )?;
    out.add(
        ".github/workflows/deploy.yml",
        templates.render("deploy.yml", &context)?,
    )?;
    out.add(
        ".github/dependabot.yml",
        templates.render("dependabot.yml", &context)?,
    )?;
    out.add(
        ".github/tools/lint.txt",
        versions::requirements(versions::LINT_TOOLS),
    )?;
    out.add(
        ".github/tools/checkov.txt",
        versions::requirements(&[versions::CHECKOV]),
    )?;
    Ok(())
}
