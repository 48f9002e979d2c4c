//! The Mermaid diagrams of the architecture document, each built from the
//! blueprint alone.

pub mod container;
pub mod er;
pub mod sequence;
pub mod states;

use keel_blueprint::{Blueprint, Entity, Link, LinkKind};

/// Every reference across services, in file order: `(entity, link)`.
pub fn remote_links(blueprint: &Blueprint) -> Vec<(&Entity, &Link)> {
    blueprint
        .entities
        .iter()
        .flat_map(|e| {
            e.links
                .iter()
                .filter(|l| l.kind == LinkKind::Remote)
                .map(move |l| (e, l))
        })
        .collect()
}
