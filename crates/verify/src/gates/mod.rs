//! Every gate, in the order they run. Each lives in its own module.

pub mod contracts;
pub mod mermaid;

use crate::Gate;

/// All gates keel knows, cheapest first.
pub fn all() -> Vec<Box<dyn Gate>> {
    vec![Box::new(contracts::Contracts), Box::new(mermaid::Mermaid)]
}
