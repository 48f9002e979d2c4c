//! Every gate, in the order they run. Each lives in its own module.

mod bundle_secrets;
pub mod contracts;
mod visual;
mod web;
mod web_build;
mod web_unit;

pub use bundle_secrets::{Hit, scan_dir, scan_text, server_variables};

use crate::Gate;

/// All gates keel knows, cheapest first.
pub fn all() -> Vec<Box<dyn Gate>> {
    vec![
        Box::new(contracts::Contracts),
        Box::new(web_build::WebBuild),
        Box::new(web_unit::WebUnit),
        Box::new(bundle_secrets::BundleSecrets),
        Box::new(visual::Visual),
    ]
}
