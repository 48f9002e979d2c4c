//! The `belongs_to` graph must be a forest: a cycle would make every row
//! wait for its own parent, and cascading deletes would never end.

use std::collections::BTreeMap;

use super::{Ctx, at};
use crate::model::Entity;

pub(super) fn check_parent_cycles(ctx: &mut Ctx<'_>, entities: &[Entity]) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Visiting,
        Done,
    }
    let parents: BTreeMap<&str, Vec<&str>> = entities
        .iter()
        .map(|e| {
            (
                e.name.as_str(),
                e.parents().map(|l| l.target.as_str()).collect(),
            )
        })
        .collect();
    let mut marks: BTreeMap<&str, Mark> = BTreeMap::new();
    let mut reported: Vec<Vec<&str>> = Vec::new();

    // Iterative depth-first search; the stack holds the current path.
    for start in entities.iter().map(|e| e.name.as_str()) {
        if marks.contains_key(start) {
            continue;
        }
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        marks.insert(start, Mark::Visiting);
        while let Some((node, next)) = stack.last().copied() {
            let edges = parents.get(node).map(Vec::as_slice).unwrap_or_default();
            if next == edges.len() {
                marks.insert(node, Mark::Done);
                stack.pop();
                continue;
            }
            stack.last_mut().expect("non-empty").1 += 1;
            let parent = edges[next];
            match marks.get(parent) {
                None => {
                    marks.insert(parent, Mark::Visiting);
                    stack.push((parent, 0));
                }
                Some(Mark::Visiting) => {
                    let from = stack.iter().position(|(n, _)| *n == parent).unwrap_or(0);
                    let mut cycle: Vec<&str> = stack[from..].iter().map(|(n, _)| *n).collect();
                    let mut key = cycle.clone();
                    key.sort_unstable();
                    if !reported.contains(&key) {
                        reported.push(key);
                        cycle.push(parent);
                        ctx.error(
                            "belongs-to-cycle",
                            ctx.at(&at!["entities", node, "belongs_to"]),
                            format!("`belongs_to` forms a cycle: {}", cycle.join(" → ")),
                            Some("a parent cannot (indirectly) belong to its own child; turn one link into `references`".into()),
                        );
                    }
                }
                Some(Mark::Done) => {}
            }
        }
    }
}
