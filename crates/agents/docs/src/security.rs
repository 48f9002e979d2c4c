//! `docs/SECURITY.md`: the threat model of this application: actors, what
//! each may do, the data worth protecting, secrets, and the threats with
//! their mitigations.

use keel_blueprint::{Blueprint, Capability, FieldType, Op, Term};
use keel_generate::AgentError;
use keel_generate::template::Templates;
use serde_json::json;

use crate::access::{Actor, Grant, grant};
use crate::diagrams::er;
use crate::markdown::{code, table};
use crate::words;

pub fn render(blueprint: &Blueprint, templates: &Templates) -> Result<String, AgentError> {
    let bp = blueprint;
    let actors = Actor::all(bp);
    let mut header: Vec<String> = vec!["entity".into(), "operation".into()];
    header.extend(actors.iter().map(|a| a.title(bp)));
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut matrix: Vec<Vec<String>> = Vec::new();
    for e in &bp.entities {
        let mut ops: Vec<(String, &keel_blueprint::Rule)> = Op::ALL
            .iter()
            .map(|op| (op.to_string(), e.access.rule(*op)))
            .collect();
        if let Some(m) = &e.states {
            ops.extend(
                m.transitions
                    .iter()
                    .map(|t| (format!("{} (transition)", t.name), &t.by)),
            );
        }
        for (op, rule) in ops {
            let mut row = vec![e.name.clone(), op];
            row.extend(actors.iter().map(|a| grant(bp, rule, a).cell(bp)));
            matrix.push(row);
        }
    }

    let roles: Vec<serde_json::Value> = bp
        .roles
        .iter()
        .map(|r| {
            // What the role adds over any signed-in user.
            let mut extra: Vec<String> = Vec::new();
            for e in &bp.entities {
                for op in Op::ALL {
                    if e.access.rule(op).any_of.contains(&Term::Role(r.clone())) {
                        extra.push(match op {
                            Op::Create => format!("create {}", e.names.plural_words),
                            _ => format!("{op} any {}", e.names.words),
                        });
                    }
                }
                if let Some(m) = &e.states {
                    for t in &m.transitions {
                        if t.by.any_of.contains(&Term::Role(r.clone())) {
                            extra.push(format!(
                                "{} any {}",
                                t.name.replace('_', " "),
                                e.names.words
                            ));
                        }
                    }
                }
            }
            json!({ "name": r, "may": words::and_list(&extra) })
        })
        .collect();

    let mut personal: Vec<Vec<String>> = vec![
        vec![
            code("users.email"),
            "identity".into(),
            "the account's email address".into(),
        ],
        vec![
            code("users.display_name"),
            "identity".into(),
            "shown to other users".into(),
        ],
    ];
    for e in &bp.entities {
        for f in &e.fields {
            let what = match f.ty {
                FieldType::Email => "an email address",
                FieldType::File => "an uploaded file",
                _ => continue,
            };
            personal.push(vec![
                code(&format!("{}.{}", e.names.plural_snake, f.name)),
                e.service.clone(),
                what.into(),
            ]);
        }
    }
    let owned: Vec<&str> = bp
        .entities
        .iter()
        .filter(|e| e.owned)
        .map(|e| e.name.as_str())
        .collect();

    let mut secrets = vec![
        vec![
            code("JWT_PRIVATE_KEY"),
            "identity only".into(),
            "signs every access token: whoever has it can act as anyone".into(),
        ],
        vec![
            code("JWT_PUBLIC_KEY"),
            "gateway and every service".into(),
            "not secret, but must be the right key: it decides which tokens are trusted".into(),
        ],
    ];
    for s in &bp.services {
        secrets.push(vec![
            code("DATABASE_URL"),
            s.name.clone(),
            format!(
                "password of {} (row-level security applies), database {} only",
                code(&bp.app_role(&s.name)),
                code(&bp.database_name(&s.name))
            ),
        ]);
    }
    let owner_roles: Vec<String> = bp
        .services
        .iter()
        .map(|s| code(&bp.owner_role(&s.name)))
        .collect();

    // A concrete write that the rules forbid, for the threat table.
    let tamper = bp.entities.iter().find(|e| {
        e.access.update.any_of.contains(&Term::Owner) && !e.access.update.allows_public()
    });
    let hidden = bp.entities.iter().find(|e| {
        !e.access.read.is_nobody() && grant(bp, &e.access.read, &Actor::Anonymous) != Grant::Yes
    });
    let uploads: Vec<String> = bp
        .domain_services()
        .filter(|s| er::has_uploads(bp, &s.name))
        .map(|s| s.name.clone())
        .collect();

    templates.render(
        "SECURITY.md",
        json!({
            "app": bp.app,
            "multi_tenant": bp.multi_tenant(),
            "invite_only": bp.sign_up == keel_blueprint::SignUp::Invite,
            "roles": roles,
            "first_role": bp.roles.first(),
            "matrix": table(&header_refs, &matrix),
            "personal": table(&["column", "service", "what"], &personal),
            "owned": words::and_list(&owned),
            "secrets": table(&["secret", "held by", "why it matters"], &secrets),
            "owner_roles": words::and_list(&owner_roles),
            "tamper": tamper.map(|e| json!({
                "entity": e.name,
                "table": e.names.plural_snake,
                "path": words::item_path(e),
                "rule": e.access.update.to_string(),
            })),
            "hidden": hidden.map(|e| json!({
                "entity": e.name,
                "plural": e.names.plural_words,
                "rule": e.access.read.to_string(),
            })),
            "uploads": words::and_list(&uploads),
            "has_uploads": bp.has(Capability::Uploads),
            "has_payments": bp.has(Capability::Payments),
            "services": bp.services.len(),
            "has_admin": bp.roles.iter().any(|r| r == "admin"),
        }),
    )
}
