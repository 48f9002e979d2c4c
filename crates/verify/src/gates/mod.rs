//! Every gate, in the order they run. Each lives in its own module.

mod actionlint;
mod bundle_secrets;
mod cargo;
pub mod cargo_build;
pub mod cargo_clippy;
pub mod cargo_test;
mod checkov;
mod compose;
pub mod contracts;
pub mod coverage;
mod deploy;
mod hadolint;
mod helm_lint;
mod helm_template;
pub mod mermaid;
mod secrets;
mod visual;
mod web;
mod web_build;
mod web_unit;
mod zizmor;

pub use bundle_secrets::{Hit, scan_dir, scan_text, server_variables};

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
        Box::new(web_build::WebBuild),
        Box::new(web_unit::WebUnit),
        Box::new(bundle_secrets::BundleSecrets),
        Box::new(visual::Visual),
    ]
}
