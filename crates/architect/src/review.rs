//! What a reviewer reads before any code exists: the services and entities
//! chosen, the assumptions made and the questions left for a human; and
//! the machine summary used for scoring.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use keel_blueprint::document::{Document, Tenancy};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    /// Domain services and their entities.
    pub services: Vec<(String, Vec<String>)>,
    pub entities: Vec<EntityNote>,
    pub roles: Vec<String>,
    pub capabilities: Vec<String>,
    pub assumptions: Vec<String>,
    pub questions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityNote {
    pub name: String,
    pub service: String,
    /// `belongs to Recipe`, `references User`, ...
    pub relations: Vec<String>,
    pub fields: Vec<String>,
    pub access: String,
}

/// `{"entities": [...], "relations": [[child, parent]], "roles": [...], "capabilities": [...]}`
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub entities: Vec<String>,
    pub relations: Vec<[String; 2]>,
    pub roles: Vec<String>,
    pub capabilities: Vec<String>,
}

pub fn review(doc: &Document, assumptions: Vec<String>, questions: Vec<String>) -> Review {
    let services: Vec<(String, Vec<String>)> = doc
        .services
        .iter()
        .filter(|(_, s)| s.builtin.is_none())
        .map(|(n, s)| (n.clone(), s.entities.clone()))
        .collect();
    let entities = doc
        .entities
        .iter()
        .map(|(name, e)| {
            let service = services
                .iter()
                .find(|(_, es)| es.contains(name))
                .map(|(s, _)| s.clone())
                .unwrap_or_default();
            let mut relations: Vec<String> = e
                .belongs_to
                .to_vec()
                .into_iter()
                .map(|p| format!("belongs to {p}"))
                .collect();
            if e.owner.is_some() {
                relations.push("owned by its creator".into());
            }
            relations.extend(
                e.references
                    .iter()
                    .map(|(k, t)| format!("{k} → {}", t.trim_end_matches('?'))),
            );
            let access = e
                .access
                .as_ref()
                .map(|a| match &a.inherit {
                    Some(p) if a.read.is_none() => format!("as {p}"),
                    _ => format!(
                        "read: {}, create: {}, update: {}, delete: {}",
                        a.read.as_deref().unwrap_or("-"),
                        a.create.as_deref().unwrap_or("-"),
                        a.update.as_deref().unwrap_or("-"),
                        a.delete.as_deref().unwrap_or("-")
                    ),
                })
                .unwrap_or_default();
            EntityNote {
                name: name.clone(),
                service,
                relations,
                fields: e
                    .fields
                    .iter()
                    .map(|(n, f)| format!("{n}: {}", f.ty.as_str()))
                    .collect(),
                access,
            }
        })
        .collect();
    let mut capabilities: Vec<String> = doc
        .capabilities
        .iter()
        .map(|c| c.as_str().to_owned())
        .collect();
    if doc.tenancy == Tenancy::Organization {
        capabilities.push("multi_tenant".into());
    }
    Review {
        services,
        entities,
        roles: doc.auth.roles.clone(),
        capabilities,
        assumptions,
        questions,
    }
}

/// The summary of a blueprint: entities (with the identity service's
/// organizations when multi-tenant), relations, roles and capabilities.
/// Join entities that only link two others are left out.
pub fn summary(doc: &Document, joins: &BTreeSet<String>, invitations: bool) -> Summary {
    let mut entities: Vec<String> = doc
        .entities
        .keys()
        .filter(|e| !joins.contains(*e))
        .cloned()
        .collect();
    let mut relations: Vec<[String; 2]> = Vec::new();
    let tenant = doc.tenancy == Tenancy::Organization;
    for (name, e) in &doc.entities {
        if joins.contains(name) {
            continue;
        }
        let parents = e.belongs_to.to_vec();
        for p in &parents {
            relations.push([name.clone(), p.clone()]);
        }
        for target in e.references.values() {
            let t = target.trim_end_matches('?');
            if t != "User" && !joins.contains(t) {
                relations.push([name.clone(), t.to_owned()]);
            }
        }
        if tenant && parents.is_empty() {
            relations.push([name.clone(), "Organization".into()]);
        }
    }
    if tenant {
        entities.push("Organization".into());
        if invitations {
            entities.push("Membership".into());
            entities.push("Invitation".into());
            relations.push(["Membership".into(), "Organization".into()]);
            relations.push(["Invitation".into(), "Organization".into()]);
        }
    }
    relations.dedup();
    let mut capabilities: Vec<String> = doc
        .capabilities
        .iter()
        .map(|c| c.as_str().to_owned())
        .collect();
    if tenant {
        capabilities.push("multi_tenant".into());
    }
    Summary {
        entities,
        relations,
        roles: doc.auth.roles.clone(),
        capabilities,
    }
}

impl Review {
    /// The review as a few lines of text for a terminal.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "services:");
        let _ = writeln!(
            out,
            "  identity       users, sign-in, roles{}",
            if self.capabilities.iter().any(|c| c == "multi_tenant") {
                ", organizations"
            } else {
                ""
            }
        );
        for (s, es) in &self.services {
            let _ = writeln!(out, "  {s:<14} {}", es.join(", "));
        }
        let _ = writeln!(out, "entities:");
        for e in &self.entities {
            let rel = if e.relations.is_empty() {
                String::new()
            } else {
                format!(" ({})", e.relations.join("; "))
            };
            let _ = writeln!(out, "  {}{rel}", e.name);
        }
        let _ = writeln!(
            out,
            "roles: {}",
            if self.roles.is_empty() {
                "(signed-in users only)".to_owned()
            } else {
                self.roles.join(", ")
            }
        );
        let _ = writeln!(
            out,
            "capabilities: {}",
            if self.capabilities.is_empty() {
                "(none)".to_owned()
            } else {
                self.capabilities.join(", ")
            }
        );
        if !self.assumptions.is_empty() {
            let _ = writeln!(out, "assumptions:");
            for a in &self.assumptions {
                let _ = writeln!(out, "  - {a}");
            }
        }
        if !self.questions.is_empty() {
            let _ = writeln!(out, "open questions:");
            for q in &self.questions {
                let _ = writeln!(out, "  - {q}");
            }
        }
        out
    }
}
