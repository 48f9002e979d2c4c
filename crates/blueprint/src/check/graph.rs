//! Two graphs over the entities must have no cycle:
//! - `belongs_to` must be a forest: a cycle would make every row wait for its
//!   own parent, and cascading deletes would never end;
//! - required links (parents and references without `?`): a cycle means no
//!   row of it can ever be created, since each needs another to exist first.

use std::collections::BTreeMap;

use super::{Ctx, at};
use crate::model::{Entity, Link, LinkKind, USER};

pub(super) fn check_parent_cycles(ctx: &mut Ctx<'_>, entities: &[Entity]) {
    for cycle in cycles(entities, |l| l.kind == LinkKind::Parent) {
        ctx.error(
            "belongs-to-cycle",
            ctx.at(&at!["entities", cycle.closed_by.0, "belongs_to"]),
            format!("`belongs_to` forms a cycle: {}", cycle.path.join(" → ")),
            Some(
                "a parent cannot (indirectly) belong to its own child; turn one link into `references`"
                    .into(),
            ),
        );
    }
}

/// Cycles made of parents alone are the `belongs_to` check's to report.
pub(super) fn check_required_cycles(ctx: &mut Ctx<'_>, entities: &[Entity]) {
    for cycle in cycles(entities, |l| l.required && l.target != USER) {
        if cycle.links.iter().all(|l| l.kind == LinkKind::Parent) {
            continue;
        }
        // Point at a reference (a parent cannot be made optional).
        let (entity, link) = cycle
            .links
            .iter()
            .zip(&cycle.path)
            .rev()
            .find(|(l, _)| l.kind != LinkKind::Parent)
            .map(|(l, e)| (*e, *l))
            .unwrap_or(cycle.closed_by);
        ctx.error(
            "required-reference-cycle",
            ctx.at(&at!["entities", entity, "references", link.name.as_str()]),
            format!(
                "required links form a cycle: {}; no row of it can be created first",
                cycle.path.join(" → ")
            ),
            Some(format!(
                "make one of them optional, e.g. `{}: {}?`",
                link.name, link.target
            )),
        );
    }
}

/// One cycle: the entities along it (the first repeated at the end) and the
/// link leaving each of them.
struct Cycle<'a> {
    path: Vec<&'a str>,
    links: Vec<&'a Link>,
    /// The entity whose link closes the cycle, and that link.
    closed_by: (&'a str, &'a Link),
}

/// Every cycle a depth-first search meets through the links `follow` keeps,
/// each set of entities once: enough to report at least one cycle wherever
/// there is one.
fn cycles<'a>(entities: &'a [Entity], follow: impl Fn(&Link) -> bool) -> Vec<Cycle<'a>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Visiting,
        Done,
    }
    let edges: BTreeMap<&str, Vec<&Link>> = entities
        .iter()
        .map(|e| {
            (
                e.name.as_str(),
                e.links.iter().filter(|l| follow(l)).collect(),
            )
        })
        .collect();
    let mut marks: BTreeMap<&str, Mark> = BTreeMap::new();
    let mut found: Vec<Cycle<'a>> = Vec::new();
    let mut seen: Vec<Vec<&str>> = Vec::new();

    // Iterative depth-first search; the stack holds the current path and,
    // for each entity on it, the index of its next link to follow.
    for start in entities.iter().map(|e| e.name.as_str()) {
        if marks.contains_key(start) {
            continue;
        }
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        marks.insert(start, Mark::Visiting);
        while let Some((node, next)) = stack.last().copied() {
            let out = edges.get(node).map(Vec::as_slice).unwrap_or_default();
            if next == out.len() {
                marks.insert(node, Mark::Done);
                stack.pop();
                continue;
            }
            stack.last_mut().expect("non-empty").1 += 1;
            let link = out[next];
            let target = link.target.as_str();
            match marks.get(target) {
                None => {
                    marks.insert(target, Mark::Visiting);
                    stack.push((target, 0));
                }
                Some(Mark::Visiting) => {
                    let from = stack.iter().position(|(n, _)| *n == target).unwrap_or(0);
                    let on_path = &stack[from..];
                    let mut key: Vec<&str> = on_path.iter().map(|(n, _)| *n).collect();
                    key.sort_unstable();
                    if seen.contains(&key) {
                        continue;
                    }
                    seen.push(key);
                    // Each entity's link on the path is the one before its
                    // next index.
                    let links = on_path
                        .iter()
                        .map(|(n, i)| edges[n][i - 1])
                        .collect::<Vec<_>>();
                    let mut path: Vec<&str> = on_path.iter().map(|(n, _)| *n).collect();
                    path.push(target);
                    found.push(Cycle {
                        path,
                        links,
                        closed_by: (node, link),
                    });
                }
                Some(Mark::Done) => {}
            }
        }
    }
    found
}
