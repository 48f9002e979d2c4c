//! Every gate, in the order they run. Each lives in its own module.

mod cargo;
pub mod cargo_build;
pub mod cargo_clippy;
pub mod cargo_test;
pub mod coverage;

use crate::Gate;

/// All gates keel knows, cheapest first.
pub fn all() -> Vec<Box<dyn Gate>> {
    vec![
        Box::new(cargo_build::CargoBuild),
        Box::new(cargo_clippy::CargoClippy),
        Box::new(cargo_test::CargoTest),
        Box::new(coverage::Coverage),
    ]
}
