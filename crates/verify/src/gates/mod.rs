//! Every gate, in the order they run. Each lives in its own module.

use crate::Gate;

pub mod mermaid;

/// All gates keel knows, cheapest first.
pub fn all() -> Vec<Box<dyn Gate>> {
    vec![Box::new(mermaid::Mermaid)]
}
