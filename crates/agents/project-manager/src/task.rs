//! Tasks and the backlog that numbers them.
//!
//! A task may only depend on tasks added before it, so ids grow along every
//! dependency and the graph is acyclic by construction.

use std::collections::BTreeMap;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Backend,
    Frontend,
    DevOps,
    Qa,
    Security,
    Docs,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Backend,
        Role::Frontend,
        Role::DevOps,
        Role::Qa,
        Role::Security,
        Role::Docs,
    ];
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::Backend => "backend",
            Role::Frontend => "frontend",
            Role::DevOps => "devops",
            Role::Qa => "QA",
            Role::Security => "security",
            Role::Docs => "docs",
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Priority {
    /// Nothing runs without it.
    P0,
    /// The product: the features of the blueprint and their protection.
    P1,
    /// Complete and operable: screens, capabilities, production.
    P2,
    /// Polish and paperwork.
    P3,
}

impl Priority {
    pub const ALL: [Priority; 4] = [Priority::P0, Priority::P1, Priority::P2, Priority::P3];
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}

/// How big a task is: a sum of counted parts, turned into story points.
#[derive(Debug, Clone, Default)]
pub struct Size {
    parts: Vec<(u32, String)>,
}

impl Size {
    /// A fixed base: `base(3, "base")`.
    pub fn base(n: u32) -> Self {
        Size {
            parts: vec![(n, "base".to_owned())],
        }
    }

    /// Adds `count × weight` for a counted thing, when there is any:
    /// `.per(5, 1, "field")` → `5 fields`.
    pub fn per(mut self, count: usize, weight: u32, what: &str) -> Self {
        if count > 0 {
            let n = count as u32 * weight;
            let plural = if count == 1 {
                what.to_owned()
            } else {
                plural(what)
            };
            let text = if weight == 1 {
                format!("{count} {plural}")
            } else {
                format!("{count} {plural} × {weight}")
            };
            self.parts.push((n, text));
        }
        self
    }

    pub fn total(&self) -> u32 {
        self.parts.iter().map(|(n, _)| n).sum()
    }

    /// `base 2 + 5 fields + 1 link × 2`
    pub fn basis(&self) -> String {
        self.parts
            .iter()
            .map(|(n, what)| {
                if what == "base" {
                    format!("base {n}")
                } else {
                    what.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(" + ")
    }

    /// Story points: the size on a Fibonacci scale.
    pub fn points(&self) -> u32 {
        points(self.total())
    }
}

fn plural(word: &str) -> String {
    if word.ends_with('s') || word.ends_with('x') || word.ends_with("sh") || word.ends_with("ch") {
        format!("{word}es")
    } else if let Some(stem) = word.strip_suffix('y') {
        format!("{stem}ies")
    } else {
        format!("{word}s")
    }
}

/// The size-to-points scale, also printed in the backlog.
pub const SCALE: [(u32, u32); 6] = [(2, 1), (4, 2), (7, 3), (12, 5), (20, 8), (u32::MAX, 13)];

pub fn points(size: u32) -> u32 {
    SCALE
        .iter()
        .find(|(up_to, _)| size <= *up_to)
        .map(|(_, p)| *p)
        .unwrap_or(13)
}

#[derive(Debug, Clone)]
pub struct Task {
    /// `KEEL-001`
    pub id: String,
    pub title: String,
    /// What part of the system it belongs to (a service name, `web`, `operations`…).
    pub area: String,
    pub role: Role,
    pub priority: Priority,
    pub size: Size,
    /// Ids of the tasks that must be done first.
    pub depends_on: Vec<String>,
    pub criteria: Vec<String>,
}

/// What a plan step describes; the backlog gives it an id.
pub struct Draft {
    pub title: String,
    pub area: String,
    pub role: Role,
    pub priority: Priority,
    pub size: Size,
    /// Keys of earlier tasks.
    pub after: Vec<String>,
    pub criteria: Vec<String>,
}

/// Tasks in id order, and their keys (`api:Recipe`) for dependencies.
#[derive(Default)]
pub struct Backlog {
    pub tasks: Vec<Task>,
    keys: BTreeMap<String, String>,
}

impl Backlog {
    /// Adds a task under a unique key. Dependencies are keys of tasks added
    /// before; naming a later or unknown task is a bug in the plan.
    pub fn add(&mut self, key: impl Into<String>, draft: Draft) -> Result<String, String> {
        let key = key.into();
        let id = format!("KEEL-{:03}", self.tasks.len() + 1);
        let mut depends_on = Vec::new();
        for k in &draft.after {
            let dep = self.keys.get(k).ok_or_else(|| {
                format!("task `{key}` depends on `{k}`, which is not planned before it")
            })?;
            if !depends_on.contains(dep) {
                depends_on.push(dep.clone());
            }
        }
        if self.keys.insert(key.clone(), id.clone()).is_some() {
            return Err(format!("task key `{key}` is planned twice"));
        }
        self.tasks.push(Task {
            id: id.clone(),
            title: draft.title,
            area: draft.area,
            role: draft.role,
            priority: draft.priority,
            size: draft.size,
            depends_on,
            criteria: draft.criteria,
        });
        Ok(id)
    }

    /// Whether a task was planned under this key.
    pub fn has(&self, key: &str) -> bool {
        self.keys.contains_key(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(after: &[&str]) -> Draft {
        Draft {
            title: "t".into(),
            area: "a".into(),
            role: Role::Backend,
            priority: Priority::P1,
            size: Size::base(1),
            after: after.iter().map(|s| s.to_string()).collect(),
            criteria: vec![],
        }
    }

    #[test]
    fn dependencies_must_be_planned_first() {
        let mut b = Backlog::default();
        assert_eq!(b.add("a", draft(&[])).unwrap(), "KEEL-001");
        assert_eq!(b.add("b", draft(&["a"])).unwrap(), "KEEL-002");
        assert!(b.add("c", draft(&["later"])).is_err());
        assert!(b.add("a", draft(&[])).is_err());
        assert_eq!(b.tasks[1].depends_on, vec!["KEEL-001"]);
    }

    #[test]
    fn sizes_explain_themselves_and_map_to_points() {
        let s = Size::base(2)
            .per(5, 1, "field")
            .per(1, 2, "link")
            .per(0, 1, "rule");
        assert_eq!(s.total(), 9);
        assert_eq!(s.basis(), "base 2 + 5 fields + 1 link × 2");
        assert_eq!(s.points(), 5);
        assert_eq!(points(1), 1);
        assert_eq!(points(7), 3);
        assert_eq!(points(21), 13);
        assert_eq!(
            Size::base(1).per(3, 1, "entity").basis(),
            "base 1 + 3 entities"
        );
        assert_eq!(
            Size::base(1).per(2, 1, "index").basis(),
            "base 1 + 2 indexes"
        );
    }
}
