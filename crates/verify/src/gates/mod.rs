//! Every gate, in the order they run. Each lives in its own module.

pub mod contracts;
pub mod mermaid;
mod actionlint;
mod checkov;
mod compose;
mod deploy;
mod hadolint;
mod helm_lint;
mod helm_template;
mod secrets;
mod zizmor;
mod cargo;
pub mod cargo_build;
pub mod cargo_clippy;
pub mod cargo_test;
pub mod coverage;

use crate::Gate;

/// All gates keel knows, cheapest first.
pub fn all() -> Vec<Box<dyn Gate>> {
    vec![
        Box::new(contracts::Contracts),
        Box::new(mermaid::Mermaid),
        Box::new(hadolint::Hadolint),
        Box::new(compose::Compose),
        Box::new(helm_lint::HelmLint),
        Box::new(helm_template::HelmTemplate),
        Box::new(actionlint::Actionlint),
        Box::new(zizmor::Zizmor),
        Box::new(secrets::Secrets),
        Box::new(checkov::Checkov),
        Box::new(cargo_build::CargoBuild),
        Box::new(cargo_clippy::CargoClippy),
        Box::new(cargo_test::CargoTest),
        Box::new(coverage::Coverage),
    ]
}
