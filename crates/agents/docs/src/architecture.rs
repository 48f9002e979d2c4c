//! `docs/ARCHITECTURE.md`: the system at a glance, its diagrams, the data
//! model of every service and the access rules of every entity.

use keel_blueprint::{Blueprint, Op, ServiceKind};
use keel_generate::AgentError;
use keel_generate::template::Templates;
use serde_json::{Value, json};

use crate::adr::{self, Adr};
use crate::diagrams::{container, er, remote_links, sequence, states};
use crate::markdown::{cell, code, paragraph, table};
use crate::mermaid::block;
use crate::words;

pub fn render(
    blueprint: &Blueprint,
    adrs: &[Adr],
    templates: &Templates,
) -> Result<String, AgentError> {
    templates.render("ARCHITECTURE.md", context(blueprint, adrs))
}

fn context(bp: &Blueprint, adrs: &[Adr]) -> Value {
    let services: Vec<Vec<String>> = bp
        .services
        .iter()
        .map(|s| {
            let owns = match s.kind {
                ServiceKind::Identity if bp.multi_tenant() => {
                    "users, refresh tokens, organizations, memberships, invitations".to_owned()
                }
                ServiceKind::Identity => "users, refresh tokens".to_owned(),
                ServiceKind::Domain => s.entities.join(", "),
            };
            vec![
                format!("**{}**", s.name),
                s.port.to_string(),
                code(&bp.database_name(&s.name)),
                owns,
                if s.calls.is_empty() {
                    "—".to_owned()
                } else {
                    s.calls.join(", ")
                },
                cell(&s.description),
            ]
        })
        .collect();

    let references: Vec<Vec<String>> = remote_links(bp)
        .iter()
        .map(|(e, l)| {
            vec![
                code(&format!("{}.{}", e.name, l.column)),
                e.service.clone(),
                format!("{} ({})", l.target, l.target_service),
                code(&words::lookup_path(bp, l)),
            ]
        })
        .collect();
    let reference = sequence::example_reference(bp).map(|(e, l)| {
        json!({
            "entity": e.name,
            "a_entity": words::a(&e.name),
            "column": l.column,
            "target": l.target,
            "caller": e.service,
            "callee": l.target_service,
            "diagram": block(&sequence::reference_check(bp, e, l)),
        })
    });

    let schemas: Vec<Value> = bp
        .services
        .iter()
        .map(|s| {
            let schema = er::schema(bp, s);
            let remote: Vec<String> = bp
                .entities_of(&s.name)
                .flat_map(|e| {
                    e.references()
                        .filter(|l| l.kind == keel_blueprint::LinkKind::Remote)
                        .map(move |l| {
                            format!(
                                "`{}.{}` → {} in {}",
                                e.names.plural_snake, l.column, l.target, l.target_service
                            )
                        })
                })
                .collect();
            json!({
                "service": s.name,
                "database": bp.database_name(&s.name),
                "diagram": block(&er::diagram(&schema)),
                "remote": remote,
                "uploads": er::has_uploads(bp, &s.name),
                "identity": s.kind == ServiceKind::Identity,
            })
        })
        .collect();

    let entities: Vec<Value> = bp
        .entities
        .iter()
        .map(|e| {
            let mut rows: Vec<Vec<String>> = Vec::new();
            for op in Op::ALL {
                let endpoint = match op {
                    Op::Read => format!(
                        "{}, {}",
                        code(&format!("GET {}", words::collection_path(e))),
                        code(&format!("GET {}", words::item_path(e)))
                    ),
                    Op::Create => code(&format!("POST {}", words::collection_path(e))),
                    Op::Update => code(&format!("PATCH {}", words::item_path(e))),
                    Op::Delete => code(&format!("DELETE {}", words::item_path(e))),
                };
                let rule = e.access.rule(op);
                rows.push(vec![
                    op.to_string(),
                    endpoint,
                    code(&rule.to_string()),
                    cell(&words::rule(bp, e, rule)),
                ]);
            }
            let machine = e.states.as_ref().map(|m| {
                for t in &m.transitions {
                    rows.push(vec![
                        format!("{} ({} → {})", t.name, t.from.join(", "), t.to),
                        words::transition_endpoint(e, t),
                        code(&t.by.to_string()),
                        cell(&words::rule(bp, e, &t.by)),
                    ]);
                }
                json!({
                    "field": m.field,
                    "initial": m.initial,
                    "diagram": block(&states::diagram(m)),
                })
            });
            let parents: Vec<String> = e.parents().map(|l| l.target.clone()).collect();
            let children: Vec<String> = bp.children_of(&e.name).map(|c| c.name.clone()).collect();
            json!({
                "name": e.name,
                "service": e.service,
                "table": e.names.plural_snake,
                "path": words::collection_path(e),
                "description": paragraph(&e.description),
                "parents": words::and_list(&parents),
                "children": words::and_list(&children),
                "search": e.search.join(", "),
                "access": table(&["operation", "endpoint", "rule", "who"], &rows),
                "states": machine,
            })
        })
        .collect();

    let environments: Vec<Vec<String>> = bp
        .environments
        .iter()
        .map(|env| {
            vec![
                env.name.clone(),
                env.replicas.to_string(),
                format!(
                    "{}–{} at {}% CPU",
                    env.autoscale.min, env.autoscale.max, env.autoscale.cpu
                ),
                format!(
                    "{} CPU, {} (limits {}, {})",
                    env.resources.cpu_request,
                    env.resources.memory_request,
                    env.resources.cpu_limit,
                    env.resources.memory_limit
                ),
                if env.domain.is_empty() {
                    "—".to_owned()
                } else {
                    code(&env.domain)
                },
            ]
        })
        .collect();

    let decisions: Vec<Value> = adrs
        .iter()
        .map(|a| json!({ "number": format!("{:04}", a.number), "title": a.title, "file": adr::file_name(a) }))
        .collect();
    let capabilities: Vec<&str> = bp.capabilities.iter().map(|c| c.as_str()).collect();

    json!({
        "app": bp.app,
        "description": paragraph(&bp.description),
        "service_count": bp.services.len(),
        "entity_count": bp.entities.len(),
        "roles": words::and_list(&bp.roles),
        "multi_tenant": bp.multi_tenant(),
        "capabilities": words::and_list(&capabilities),
        "services": table(&["service", "port", "database", "owns", "calls", "purpose"], &services),
        "container": block(&container::diagram(bp)),
        "sign_in": block(&sequence::sign_in(bp)),
        "references": if references.is_empty() { String::new() } else {
            table(&["reference", "in service", "points at", "checked with"], &references)
        },
        "reference": reference,
        "schemas": schemas,
        "entities": entities,
        "environments": table(&["environment", "replicas", "autoscaling", "requests per pod", "domain"], &environments),
        "decisions": decisions,
    })
}
