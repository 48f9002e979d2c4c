//! `keel verify`: readiness gates over a generated system. Each gate runs a
//! real, external tool where one exists and records pass/fail with the
//! tool's output as evidence; the report is printed and written as
//! `verify-report.json` and `verify-report.md`.
//!
//! A gate whose tool is not installed is *skipped* with how to install it —
//! never a crash, and never a pass.

pub mod gates;
pub mod pixels;
pub mod report;
pub mod system;
pub mod tools;

use std::path::PathBuf;
use std::time::Instant;

use keel_blueprint::Blueprint;

pub use report::{GateResult, Report, Status};

/// What every gate may look at.
pub struct Context {
    /// The generated system (holds keel.yaml).
    pub dir: PathBuf,
    pub blueprint: Blueprint,
    /// Cargo target directory to share between builds (`CARGO_TARGET_DIR`).
    pub target_dir: Option<PathBuf>,
}

/// A readiness gate.
pub trait Gate: Send + Sync {
    /// Stable, kebab-case name (`hadolint`, `cargo-test`).
    fn name(&self) -> &'static str;
    /// What the gate proves, one line.
    fn proves(&self) -> &'static str;
    fn run(&self, ctx: &Context) -> GateResult;
}

/// Runs the selected gates (all when `only` is empty) in order.
pub fn run(
    ctx: &Context,
    gates: &[Box<dyn Gate>],
    only: &[String],
    on_result: &mut dyn FnMut(&GateResult),
) -> Report {
    let started = Instant::now();
    let mut results = Vec::new();
    for gate in gates
        .iter()
        .filter(|g| only.is_empty() || only.iter().any(|o| o == g.name()))
    {
        let t = Instant::now();
        let mut result = gate.run(ctx);
        result.millis = t.elapsed().as_millis() as u64;
        on_result(&result);
        results.push(result);
    }
    Report {
        app: ctx.blueprint.app.clone(),
        gates: results,
        millis: started.elapsed().as_millis() as u64,
    }
}
