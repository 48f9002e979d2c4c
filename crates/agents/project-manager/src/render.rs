//! `docs/BACKLOG.md`: summary, sizing rules, dependency graph and tasks.

use std::collections::BTreeSet;

use keel_agent_docs::markdown::{cell, table};
use keel_agent_docs::mermaid::{block, id, label};
use keel_blueprint::Blueprint;
use keel_generate::AgentError;
use keel_generate::template::Templates;
use serde_json::json;

use crate::task::{Backlog, Priority, Role, SCALE, Task};

/// Mermaid refuses diagrams longer than 50,000 characters or with more
/// than 500 edges; past these the graph is drawn per area instead.
const MAX_TEXT: usize = 40_000;
const MAX_EDGES: usize = 400;

pub fn render(
    bp: &Blueprint,
    backlog: &Backlog,
    templates: &Templates,
) -> Result<String, AgentError> {
    let tasks = &backlog.tasks;
    let total: u32 = tasks.iter().map(|t| t.size.points()).sum();
    let by_role: Vec<Vec<String>> = Role::ALL
        .iter()
        .filter_map(|r| {
            let of: Vec<&Task> = tasks.iter().filter(|t| t.role == *r).collect();
            (!of.is_empty()).then(|| {
                vec![
                    r.to_string(),
                    of.len().to_string(),
                    of.iter().map(|t| t.size.points()).sum::<u32>().to_string(),
                ]
            })
        })
        .collect();
    let by_priority: Vec<Vec<String>> = Priority::ALL
        .iter()
        .map(|p| {
            let of: Vec<&Task> = tasks.iter().filter(|t| t.priority == *p).collect();
            vec![
                p.to_string(),
                of.len().to_string(),
                of.iter().map(|t| t.size.points()).sum::<u32>().to_string(),
            ]
        })
        .collect();
    let overview: Vec<Vec<String>> = tasks
        .iter()
        .map(|t| {
            vec![
                format!("[{}](#{})", t.id, anchor(t)),
                cell(&t.title),
                t.role.to_string(),
                t.priority.to_string(),
                t.size.points().to_string(),
                if t.depends_on.is_empty() {
                    "—".to_owned()
                } else {
                    t.depends_on.join(", ")
                },
            ]
        })
        .collect();
    let scale: Vec<String> = SCALE
        .iter()
        .scan(0u32, |low, (up_to, points)| {
            let text = if *up_to == u32::MAX {
                format!("{}+ → {points}", *low + 1)
            } else if *low + 1 == *up_to {
                format!("{up_to} → {points}")
            } else {
                format!("{}–{up_to} → {points}", *low + 1)
            };
            *low = *up_to;
            Some(text)
        })
        .collect();
    let details: Vec<serde_json::Value> = tasks
        .iter()
        .map(|t| {
            json!({
                "id": t.id,
                "title": t.title,
                "area": t.area,
                "role": t.role.to_string(),
                "priority": t.priority.to_string(),
                "points": t.size.points(),
                "size": t.size.total(),
                "basis": t.size.basis(),
                "depends_on": t.depends_on.iter().map(|d| format!("[{d}](#{})", anchor_of(tasks, d))).collect::<Vec<_>>().join(", "),
                "criteria": t.criteria,
            })
        })
        .collect();
    templates.render(
        "BACKLOG.md",
        json!({
            "app": bp.app,
            "count": tasks.len(),
            "points": total,
            "by_role": table(&["role", "tasks", "points"], &by_role),
            "by_priority": table(&["priority", "tasks", "points"], &by_priority),
            "scale": scale.join(", "),
            "graph": block(&graph(tasks)),
            "overview": table(&["id", "task", "role", "priority", "points", "depends on"], &overview),
            "tasks": details,
        }),
    )
}

/// The heading anchor of a task: `keel-001-recipe-api`.
fn anchor(t: &Task) -> String {
    let heading = format!("{} {}", t.id, t.title).to_lowercase();
    let mut out = String::new();
    for c in heading.chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            out.push(c);
        } else if c == ' ' {
            out.push('-');
        }
    }
    out
}

fn anchor_of(tasks: &[Task], id: &str) -> String {
    tasks
        .iter()
        .find(|t| t.id == id)
        .map(anchor)
        .unwrap_or_default()
}

/// Dependencies without those implied by others (transitive reduction):
/// the graph stays readable, and the task list keeps every dependency.
pub fn direct_edges(tasks: &[Task]) -> Vec<(usize, usize)> {
    let index = |id: &str| tasks.iter().position(|t| t.id == id);
    // reach[i]: every task that i depends on, directly or not. Tasks only
    // depend on earlier ones, so one pass in id order fills it.
    let mut reach: Vec<BTreeSet<usize>> = Vec::with_capacity(tasks.len());
    for t in tasks {
        let mut all = BTreeSet::new();
        for d in t.depends_on.iter().filter_map(|d| index(d)) {
            all.insert(d);
            all.extend(reach[d].iter().copied());
        }
        reach.push(all);
    }
    let mut edges = Vec::new();
    for (i, t) in tasks.iter().enumerate() {
        let deps: Vec<usize> = t.depends_on.iter().filter_map(|d| index(d)).collect();
        for &d in &deps {
            let implied = deps
                .iter()
                .any(|&other| other != d && reach[other].contains(&d));
            if !implied {
                edges.push((d, i));
            }
        }
    }
    edges
}

fn role_class(role: Role) -> &'static str {
    match role {
        Role::Backend => "backend",
        Role::Frontend => "frontend",
        Role::DevOps => "devops",
        Role::Qa => "qa",
        Role::Security => "security",
        Role::Docs => "docs",
    }
}

fn graph(tasks: &[Task]) -> String {
    let edges = direct_edges(tasks);
    let mut out = String::from("flowchart LR\n");
    for t in tasks {
        out.push_str(&format!(
            "    {}[{}]\n",
            node(t),
            label(&format!("{} {}", t.id, t.title))
        ));
    }
    for (from, to) in &edges {
        out.push_str(&format!(
            "    {} --> {}\n",
            node(&tasks[*from]),
            node(&tasks[*to])
        ));
    }
    out.push_str(CLASSES);
    for role in Role::ALL {
        let members: Vec<String> = tasks.iter().filter(|t| t.role == role).map(node).collect();
        if !members.is_empty() {
            out.push_str(&format!(
                "    class {} {}\n",
                members.join(","),
                role_class(role)
            ));
        }
    }
    if out.len() <= MAX_TEXT && edges.len() <= MAX_EDGES {
        return out;
    }
    area_graph(tasks, &edges)
}

/// The graph for large backlogs: one node per area, with its task count.
fn area_graph(tasks: &[Task], edges: &[(usize, usize)]) -> String {
    let mut areas: Vec<&str> = Vec::new();
    for t in tasks {
        if !areas.contains(&t.area.as_str()) {
            areas.push(&t.area);
        }
    }
    let mut out = String::from("flowchart LR\n");
    for a in &areas {
        let count = tasks.iter().filter(|t| t.area == *a).count();
        out.push_str(&format!(
            "    {}[{}]\n",
            id("area", a),
            label(&format!("{a}: {count} tasks"))
        ));
    }
    let mut seen = BTreeSet::new();
    for (from, to) in edges {
        let (a, b) = (&tasks[*from].area, &tasks[*to].area);
        if a != b && seen.insert((a.clone(), b.clone())) {
            out.push_str(&format!("    {} --> {}\n", id("area", a), id("area", b)));
        }
    }
    out
}

fn node(t: &Task) -> String {
    id("task", &t.id)
}

const CLASSES: &str = "    classDef backend fill:#dbeafe,stroke:#1e40af\n    classDef frontend fill:#fce7f3,stroke:#9d174d\n    classDef devops fill:#dcfce7,stroke:#166534\n    classDef qa fill:#fef9c3,stroke:#854d0e\n    classDef security fill:#fee2e2,stroke:#991b1b\n    classDef docs fill:#f3f4f6,stroke:#374151\n";
