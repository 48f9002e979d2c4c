//! Architecture decision records: the decisions this blueprint implies, each
//! with its context, the decision, its consequences and the alternatives.
//!
//! Which records exist depends on the blueprint (multi-tenancy only with
//! `tenancy: organization`, file storage only with `uploads`…); they are
//! numbered in one fixed order, so the numbering is deterministic.

use keel_blueprint::{Blueprint, Capability, Entity, FieldType, LinkKind, ServiceKind};
use keel_generate::AgentError;
use keel_generate::template::Templates;
use serde_json::{Value, json};

use crate::diagrams::{er, remote_links};
use crate::markdown::{cell, code, paragraph, table};
use crate::words;

/// One decision record.
pub struct Adr {
    pub number: usize,
    pub slug: &'static str,
    pub title: String,
    /// `docs/adr/0001-service-boundaries.md`
    pub path: String,
    body: Value,
}

/// The records of this blueprint, numbered.
pub fn list(blueprint: &Blueprint) -> Vec<Adr> {
    let mut drafts: Vec<(&'static str, String, Value)> = vec![
        service_boundaries(blueprint),
        database_per_service(blueprint),
        row_level_security(blueprint),
        tokens(blueprint),
    ];
    if blueprint.multi_tenant() {
        drafts.push(multi_tenancy(blueprint));
    }
    if blueprint.has(Capability::Uploads) {
        drafts.push(file_storage(blueprint));
    }
    if blueprint.has(Capability::Payments) {
        drafts.push(payments(blueprint));
    }
    if blueprint.entities.iter().any(|e| e.states.is_some()) {
        drafts.push(state_machines(blueprint));
    }
    drafts
        .into_iter()
        .enumerate()
        .map(|(i, (slug, title, body))| Adr {
            number: i + 1,
            slug,
            title,
            path: format!("docs/adr/{:04}-{slug}.md", i + 1),
            body,
        })
        .collect()
}

pub fn render(adr: &Adr, templates: &Templates) -> Result<String, AgentError> {
    let mut context = adr.body.clone();
    context["number"] = json!(adr.number);
    context["title"] = json!(adr.title);
    templates.render(&format!("adr/{}.md", adr.slug), context)
}

/// `docs/adr/README.md`: the index.
pub fn index(
    blueprint: &Blueprint,
    adrs: &[Adr],
    templates: &Templates,
) -> Result<String, AgentError> {
    let rows: Vec<Vec<String>> = adrs
        .iter()
        .map(|a| {
            vec![
                format!("{:04}", a.number),
                format!("[{}]({})", cell(&a.title), file_name(a)),
            ]
        })
        .collect();
    templates.render(
        "adr/README.md",
        json!({ "app": blueprint.app, "table": table(&["number", "decision"], &rows) }),
    )
}

/// `0001-service-boundaries.md`
pub fn file_name(adr: &Adr) -> String {
    adr.path.trim_start_matches("docs/adr/").to_owned()
}

fn qualified(entity: &Entity, link_name: &str) -> String {
    format!("{}.{}", entity.name, link_name)
}

fn service_boundaries(bp: &Blueprint) -> (&'static str, String, Value) {
    let names: Vec<&str> = bp.services.iter().map(|s| s.name.as_str()).collect();
    let title = format!("Split {} into {}", bp.app, words::and_list(&names));
    let mut internal: Vec<String> = Vec::new();
    let mut services = Vec::new();
    for service in &bp.services {
        let mut facts: Vec<String> = Vec::new();
        if service.kind == ServiceKind::Identity {
            let mut owns = vec!["users", "refresh tokens"];
            if bp.multi_tenant() {
                owns.extend(["organizations", "memberships", "invitations"]);
            }
            services.push(json!({
                "name": service.name,
                "description": paragraph(&service.description),
                "owns": words::and_list(&owns),
                "facts": ["It alone holds the private signing key; every other service trusts its tokens by their signature, without calling it."],
            }));
            continue;
        }
        for entity in bp.entities_of(&service.name) {
            for link in entity.links.iter().filter(|l| l.kind != LinkKind::Remote) {
                internal.push(qualified(entity, &link.name));
                facts.push(match link.kind {
                    LinkKind::Parent => format!(
                        "{} belongs to {}: a foreign key with `ON DELETE CASCADE`, so the {} of {} always exists, and deleting it deletes its {} in the same transaction.",
                        entity.name,
                        link.target,
                        bp.entity(&link.target).map(|t| t.names.words.as_str()).unwrap_or(&link.target),
                        words::a(&entity.names.words),
                        entity.names.plural_words
                    ),
                    _ => format!(
                        "{} refers to {} (`{}`): a foreign key, so the reference cannot dangle.",
                        entity.name, link.target, link.column
                    ),
                });
            }
        }
        if facts.is_empty() {
            facts.push("Its entities have no parent or reference among themselves; they are grouped as keel.yaml groups them, by purpose.".to_owned());
        }
        services.push(json!({
            "name": service.name,
            "description": paragraph(&service.description),
            "owns": words::and_list(&service.entities),
            "facts": facts,
        }));
    }
    let crossing: Vec<Value> = remote_links(bp)
        .iter()
        .map(|(e, l)| {
            json!({
                "link": qualified(e, &l.name),
                "from": e.service,
                "to": l.target_service,
                "target": l.target,
            })
        })
        .collect();
    let blocked: Vec<Value> = bp
        .services
        .iter()
        .flat_map(|s| {
            s.calls.iter().map(move |callee| {
                let entities: Vec<&str> = bp
                    .entities_of(&s.name)
                    .filter(|e| {
                        e.links
                            .iter()
                            .any(|l| l.kind == LinkKind::Remote && &l.target_service == callee)
                    })
                    .map(|e| e.name.as_str())
                    .collect();
                json!({ "caller": s.name, "callee": callee, "entities": words::and_list(&entities) })
            })
        })
        .collect();
    let owned: Vec<&str> = bp
        .entities
        .iter()
        .filter(|e| e.owned)
        .map(|e| e.name.as_str())
        .collect();
    let domain_count = bp.domain_services().count();
    (
        "service-boundaries",
        title,
        json!({
            "app": bp.app,
            "description": paragraph(&bp.description),
            "entity_count": bp.entities.len(),
            "domain_count": domain_count,
            "services": services,
            "internal_text": words::and_list(&internal),
            "internal": internal,
            "crossing": crossing,
            "blocked": blocked,
            "owned": words::and_list(&owned),
            "owned_count": owned.len(),
            "service_count": bp.services.len(),
        }),
    )
}

fn database_per_service(bp: &Blueprint) -> (&'static str, String, Value) {
    let rows: Vec<Vec<String>> = bp
        .services
        .iter()
        .map(|s| {
            vec![
                s.name.clone(),
                code(&bp.database_name(&s.name)),
                code(&bp.owner_role(&s.name)),
                code(&bp.app_role(&s.name)),
            ]
        })
        .collect();
    let refs: Vec<Vec<String>> = remote_links(bp)
        .iter()
        .map(|(e, l)| {
            vec![
                code(&format!("{}.{}", e.names.plural_snake, l.column)),
                e.service.clone(),
                format!("{} ({})", l.target, l.target_service),
                code(&words::lookup_path(bp, l)),
                if l.required { "yes" } else { "no" }.to_owned(),
            ]
        })
        .collect();
    // Which rows a deletion leaves pointing at nothing, per target, in
    // the order targets are first referred to.
    let links = remote_links(bp);
    let mut targets: Vec<&str> = Vec::new();
    for (_, l) in &links {
        if !targets.contains(&l.target.as_str()) {
            targets.push(&l.target);
        }
    }
    let dangling: Vec<Value> = targets
        .iter()
        .map(|target| {
            let mut dependents: Vec<&str> = Vec::new();
            let mut columns: Vec<String> = Vec::new();
            for (e, l) in links.iter().filter(|(_, l)| l.target == *target) {
                if !dependents.contains(&e.names.plural_words.as_str()) {
                    dependents.push(&e.names.plural_words);
                }
                columns.push(code(&format!("{}.{}", e.names.plural_snake, l.column)));
            }
            json!({
                "target": words::a(bp.entity(target).map(|t| t.names.words.as_str()).unwrap_or("user")),
                "dependents": words::and_list(&dependents),
                "columns": words::and_list(&columns),
            })
        })
        .collect();
    let owned: Vec<&str> = bp
        .entities
        .iter()
        .filter(|e| e.owned)
        .map(|e| e.names.plural_snake.as_str())
        .collect();
    (
        "database-per-service",
        "One PostgreSQL database per service, no foreign key across services".to_owned(),
        json!({
            "app": bp.app,
            "service_count": bp.services.len(),
            "databases": table(&["service", "database", "owner role (migrations)", "app role (the service)"], &rows),
            "references": if refs.is_empty() { String::new() } else {
                table(&["column", "in service", "points at", "checked with", "required"], &refs)
            },
            "dangling": dangling,
            "owned_tables": owned.iter().map(|t| code(t)).collect::<Vec<_>>().join(", "),
            "has_owned": !owned.is_empty(),
        }),
    )
}

fn row_level_security(bp: &Blueprint) -> (&'static str, String, Value) {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut inherited: Vec<String> = Vec::new();
    for e in &bp.entities {
        let mut row = vec![format!("{} ({})", code(&e.names.plural_snake), e.service)];
        for op in keel_blueprint::Op::ALL {
            row.push(cell(&e.access.rule(op).to_string()));
        }
        rows.push(row);
        if keel_blueprint::Op::ALL.iter().any(|op| {
            e.access
                .rule(*op)
                .any_of
                .iter()
                .any(|t| matches!(t, keel_blueprint::Term::Parent { .. }))
        }) {
            inherited.push(e.name.clone());
        }
    }
    let identity_tables = if bp.multi_tenant() { 5 } else { 2 };
    let upload_tables = bp
        .domain_services()
        .filter(|s| er::has_uploads(bp, &s.name))
        .count();
    let mut settings = vec![
        "`app.user_id` (the caller's id)".to_owned(),
        "`app.roles` (the caller's roles)".to_owned(),
    ];
    let mut functions = vec!["`keel.current_user_id()`", "`keel.has_role(text)`"];
    if bp.multi_tenant() {
        settings.push("`app.tenant_id` (the caller's organization)".to_owned());
        functions.push("`keel.current_tenant_id()`");
    }
    let example = bp.entities.iter().find(|e| {
        e.access
            .update
            .any_of
            .iter()
            .any(|t| matches!(t, keel_blueprint::Term::Owner))
    });
    (
        "row-level-security",
        "Row-level security as the second authorisation layer".to_owned(),
        json!({
            "app": bp.app,
            "policies": table(&["table (service)", "read", "create", "update", "delete"], &rows),
            "table_count": bp.entities.len() + identity_tables + upload_tables,
            "entity_count": bp.entities.len(),
            "settings": words::and_list(&settings),
            "functions": words::and_list(&functions),
            "inherited": words::and_list(&inherited),
            "inherited_count": inherited.len(),
            "example": example.map(|e| json!({
                "entity": e.name,
                "table": e.names.plural_snake,
                "path": words::item_path(e),
                "rule": e.access.update.to_string(),
            })),
            "roles": words::and_list(&bp.roles),
            "multi_tenant": bp.multi_tenant(),
        }),
    )
}

fn tokens(bp: &Blueprint) -> (&'static str, String, Value) {
    let domain: Vec<&str> = bp.domain_services().map(|s| s.name.as_str()).collect();
    (
        "token-design",
        "Ed25519-signed access tokens and rotating refresh tokens in httpOnly cookies".to_owned(),
        json!({
            "app": bp.app,
            "service_count": bp.services.len(),
            "domain": words::and_list(&domain),
            "roles": words::and_list(&bp.roles),
            "has_roles": !bp.roles.is_empty(),
            "invite_only": bp.sign_up == keel_blueprint::SignUp::Invite,
            "multi_tenant": bp.multi_tenant(),
        }),
    )
}

fn multi_tenancy(bp: &Blueprint) -> (&'static str, String, Value) {
    let scoped: Vec<&str> = bp
        .entities
        .iter()
        .filter(|e| e.tenant_scoped)
        .map(|e| e.name.as_str())
        .collect();
    let mut unique: Vec<String> = Vec::new();
    for e in bp.entities.iter().filter(|e| e.tenant_scoped) {
        for f in e.fields.iter().filter(|f| f.unique) {
            unique.push(format!("{}.{}", e.name, f.name));
        }
        for cols in &e.unique {
            unique.push(match cols.as_slice() {
                [one] => format!("{}.{one}", e.name),
                _ => format!("{} ({})", e.name, cols.join(", ")),
            });
        }
    }
    (
        "multi-tenancy",
        "Organizations as tenants, isolated by row-level security".to_owned(),
        json!({
            "app": bp.app,
            "description": paragraph(&bp.description),
            "scoped": words::and_list(&scoped),
            "scoped_count": scoped.len(),
            "unique": unique,
            "roles": words::and_list(&bp.roles),
            "uploads": bp.has(Capability::Uploads),
            "invite_only": bp.sign_up == keel_blueprint::SignUp::Invite,
        }),
    )
}

fn file_storage(bp: &Blueprint) -> (&'static str, String, Value) {
    let mut rows = Vec::new();
    let mut largest = 0;
    for e in &bp.entities {
        for f in e.fields.iter().filter(|f| f.ty == FieldType::File) {
            let max = f.max_size.unwrap_or(0);
            largest = largest.max(max);
            rows.push(vec![
                format!("{}.{}", e.name, f.name),
                e.service.clone(),
                cell(&f.accept.join(", ")),
                words::size(max),
            ]);
        }
    }
    let services: Vec<Value> = bp
        .domain_services()
        .filter(|s| er::has_uploads(bp, &s.name))
        .map(|s| json!({ "name": s.name, "database": bp.database_name(&s.name) }))
        .collect();
    (
        "file-storage",
        "Uploaded files in each service's own database".to_owned(),
        json!({
            "app": bp.app,
            "fields": table(&["field", "service", "accepts", "at most"], &rows),
            "field_count": rows.len(),
            "services": services,
            "largest": words::size(largest),
            "multi_tenant": bp.multi_tenant(),
        }),
    )
}

fn payments(bp: &Blueprint) -> (&'static str, String, Value) {
    let mut money = Vec::new();
    let mut with_money: Vec<&Entity> = Vec::new();
    for e in &bp.entities {
        for f in e.fields.iter().filter(|f| f.ty == FieldType::Money) {
            money.push(vec![
                format!("{}.{}", e.name, f.name),
                f.currency.clone().unwrap_or_default(),
                cell(&words::field_constraints(f)),
            ]);
            if !with_money.iter().any(|w| w.name == e.name) {
                with_money.push(e);
            }
        }
    }
    let mut transitions = Vec::new();
    let mut movers: Vec<String> = Vec::new();
    let mut add_mover = |term: &keel_blueprint::Term, entity: &Entity| {
        let who = match term {
            keel_blueprint::Term::Role(r) => format!("the {r} role"),
            keel_blueprint::Term::Owner => format!("the {}'s owner", entity.names.words),
            other => words::term(bp, entity, other),
        };
        if !movers.contains(&who) {
            movers.push(who);
        }
    };
    for e in with_money.iter().filter(|e| e.states.is_some()) {
        let machine = e.states.as_ref().expect("filtered");
        for t in &machine.transitions {
            transitions.push(vec![
                e.name.clone(),
                t.name.clone(),
                format!("{} → {}", t.from.join(", "), t.to),
                cell(&t.by.to_string()),
            ]);
            for term in &t.by.any_of {
                add_mover(term, e);
            }
        }
    }
    (
        "payments",
        "Money as integer minor units; card data never handled".to_owned(),
        json!({
            "app": bp.app,
            "money": if money.is_empty() { String::new() } else {
                table(&["field", "currency", "constraints"], &money)
            },
            "transitions": if transitions.is_empty() { String::new() } else {
                table(&["entity", "transition", "from → to", "by"], &transitions)
            },
            "movers": words::and_list(&movers),
        }),
    )
}

fn state_machines(bp: &Blueprint) -> (&'static str, String, Value) {
    let mut rows = Vec::new();
    let mut machines = Vec::new();
    let mut example: Option<Value> = None;
    for e in bp.entities.iter() {
        let Some(m) = &e.states else { continue };
        machines.push(json!({
            "entity": e.name,
            "field": m.field,
            "states": m.states.join(", "),
            "initial": m.initial,
        }));
        for t in &m.transitions {
            rows.push(vec![
                e.name.clone(),
                code(&t.name),
                format!("{} → {}", t.from.join(", "), t.to),
                cell(&t.by.to_string()),
                words::transition_endpoint(e, t),
            ]);
        }
        if example.is_none() {
            example = indirect_path(m).map(|(from, to, path)| {
                json!({ "a_entity": words::a(&e.name), "from": from, "to": to, "path": path })
            });
        }
    }
    let names: Vec<&str> = bp
        .entities
        .iter()
        .filter(|e| e.states.is_some())
        .map(|e| e.name.as_str())
        .collect();
    (
        "state-machines",
        format!("Explicit state machines for {}", words::and_list(&names)),
        json!({
            "app": bp.app,
            "machines": machines,
            "transitions": table(&["entity", "transition", "from → to", "by", "endpoint"], &rows),
            "system_only": bp.entities.iter().flat_map(|e| &e.states).flat_map(|m| &m.transitions).any(|t| t.endpoint().is_none()),
            "example": example,
        }),
    )
}

/// Two states with no direct transition between them but a path of
/// transitions: `(from, to, "restore, then publish")`. The first such pair
/// in state order, for a concrete example.
fn indirect_path(m: &keel_blueprint::StateMachine) -> Option<(String, String, String)> {
    for from in &m.states {
        // Breadth-first search over transitions from `from`.
        let mut seen: Vec<(String, Vec<String>)> = vec![(from.clone(), Vec::new())];
        let mut i = 0;
        while i < seen.len() {
            let (state, path) = seen[i].clone();
            for t in m.transitions.iter().filter(|t| t.from.contains(&state)) {
                if !seen.iter().any(|(s, _)| *s == t.to) {
                    let mut p = path.clone();
                    p.push(t.name.clone());
                    seen.push((t.to.clone(), p));
                }
            }
            i += 1;
        }
        if let Some((to, path)) = seen.iter().find(|(_, p)| p.len() >= 2) {
            return Some((from.clone(), to.clone(), path.join(", then ")));
        }
    }
    None
}
