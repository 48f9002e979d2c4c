//! Roles, capabilities and services: who owns which entity, and which
//! service talks to which.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;

use super::{Ctx, at};
use crate::diagnostic::suggestion;
use crate::document::{Builtin, Capability, Document};
use crate::model::{Entity, IDENTITY, LinkKind, Service, ServiceKind, USER};
use crate::reserved;

pub(super) fn roles(ctx: &mut Ctx<'_>, doc: &Document) -> Vec<String> {
    // The generated identity service lets nobody in under `invite`: without
    // tenancy it has no invitations (only the addresses in KEEL_ADMIN_EMAILS
    // could ever sign up), and with tenancy no first organization can be
    // founded to invite from. Refused until it has a bootstrap.
    if doc.auth.sign_up == crate::document::SignUp::Invite {
        ctx.error(
            "unsupported-sign-up",
            ctx.key(&at!["auth", "sign_up"]),
            "`sign_up: invite` is not supported yet: the generated identity service cannot invite anyone (without tenancy it has no invitations; with tenancy no first organization can be founded)",
            Some(
                "use `sign_up: open` and give every access rule of private data a role: new accounts hold none until an admin grants one"
                    .into(),
            ),
        );
    }
    if doc.tenancy == crate::document::Tenancy::Organization
        && !doc.auth.roles.iter().any(|r| r == "admin")
    {
        ctx.error(
            "missing-admin-role",
            ctx.key(&at!["tenancy"]),
            "a multi-tenant app needs an `admin` role: whoever creates an organization administers it",
            Some("add `admin` to `auth.roles`".into()),
        );
    }
    let mut seen = BTreeSet::new();
    let mut roles = Vec::new();
    for (i, role) in doc.auth.roles.iter().enumerate() {
        let span = ctx.at(&at!["auth", "roles", i]);
        if !seen.insert(role.as_str()) {
            ctx.error(
                "duplicate-name",
                span,
                format!("role `{role}` is listed twice"),
                Some("remove one".into()),
            );
        } else if reserved::RULE_TERMS.contains(&role.as_str()) {
            ctx.error(
                "reserved-name",
                span,
                format!("`{role}` is an access-rule term, not a role"),
                Some(format!(
                    "use `{role}` directly in access rules and remove it from `auth.roles`"
                )),
            );
        } else if role == "the" {
            ctx.error(
                "reserved-name",
                span,
                "`the` opens an access-rule term (`the assignee`), not a role",
                Some("name the role after the people who hold it".into()),
            );
        } else if matches!(role.as_str(), "user" | "users" | "signed_in_user") {
            ctx.error(
                "reserved-name",
                span,
                format!("`{role}` is implicit: every signed-in user has it"),
                Some("write `signed_in` in access rules and remove the role".into()),
            );
        } else if let Some(langs) = reserved::reserved_in(role) {
            ctx.error(
                "reserved-word",
                span,
                format!("role `{role}` is a reserved word in {langs}"),
                Some(format!("rename it, e.g. `{role}_role`")),
            );
        } else {
            roles.push(role.clone());
        }
    }
    roles
}

pub(super) fn capabilities(ctx: &mut Ctx<'_>, doc: &Document) -> Vec<Capability> {
    let mut set = BTreeSet::new();
    for (i, cap) in doc.capabilities.iter().enumerate() {
        if !set.insert(*cap) {
            ctx.warning(
                "duplicate-name",
                ctx.at(&at!["capabilities", i]),
                format!("capability `{}` is listed twice", cap.as_str()),
                None,
            );
        }
    }
    set.into_iter().collect()
}

/// Which service owns each entity; reports services and entities that do
/// not fit together.
pub(super) fn owners(ctx: &mut Ctx<'_>, doc: &Document) -> IndexMap<String, String> {
    let mut owners: IndexMap<String, String> = IndexMap::new();
    let mut identity = None;
    for (name, service) in &doc.services {
        let key = ctx.key(&at!["services", name]);
        if !is_service_name(name) {
            ctx.error(
                "invalid-name",
                key,
                format!("service name `{name}` must be 2-30 lowercase letters and digits"),
                Some(format!("rename it to `{}`", suggest_service_name(name))),
            );
        } else if reserved::SERVICE_NAMES.contains(&name.as_str()) {
            ctx.error(
                "reserved-name",
                key,
                format!("`{name}` is a part of every generated system and cannot name a service"),
                Some(format!(
                    "rename it, e.g. `{name}s` or a word for what it does"
                )),
            );
        }
        match service.builtin {
            Some(Builtin::Auth) => {
                if name != IDENTITY {
                    ctx.error(
                        "identity-name",
                        key,
                        format!(
                            "the built-in auth service must be called `{IDENTITY}`, not `{name}`"
                        ),
                        Some(format!("rename `{name}` to `{IDENTITY}`")),
                    );
                }
                if identity.replace(name).is_some() {
                    ctx.error(
                        "duplicate-identity",
                        key,
                        "only one service can be `builtin: auth`",
                        None,
                    );
                }
                if !service.entities.is_empty() {
                    ctx.error(
                        "builtin-entities",
                        ctx.key(&at!["services", name, "entities"]),
                        "the identity service is built in and owns only users",
                        Some("move these entities to a domain service".into()),
                    );
                }
            }
            None => {
                if name == IDENTITY {
                    ctx.error(
                        "identity-name",
                        key,
                        "`identity` is the name of the built-in auth service",
                        Some("write `identity: { builtin: auth }` and put domain entities in another service".into()),
                    );
                }
                if service.entities.is_empty() {
                    ctx.error(
                        "empty-service",
                        key,
                        format!("service `{name}` owns no entities"),
                        Some(format!(
                            "list its entities: `{name}: {{ entities: [...] }}`, or remove it"
                        )),
                    );
                }
                for (i, entity) in service.entities.iter().enumerate() {
                    let span = ctx.at(&at!["services", name, "entities", i]);
                    if entity == USER {
                        ctx.error(
                            "builtin-entity",
                            span,
                            "`User` belongs to the built-in identity service",
                            Some("remove it here; refer to users with `owner: User` or `references: { x: User }`".into()),
                        );
                    } else if !doc.entities.contains_key(entity) {
                        ctx.error(
                            "unknown-entity",
                            span,
                            format!("service `{name}` lists `{entity}`, which is not an entity"),
                            suggestion(entity, doc.entities.keys().map(String::as_str))
                                .or_else(|| Some(format!("define `{entity}` under `entities:`"))),
                        );
                    } else if let Some(first) = owners.get(entity) {
                        ctx.error(
                            "entity-in-two-services",
                            span,
                            format!("`{entity}` is already owned by service `{first}`"),
                            Some(
                                "an entity belongs to exactly one service; remove one of the two"
                                    .into(),
                            ),
                        );
                    } else {
                        owners.insert(entity.clone(), name.clone());
                    }
                    // ("Incident" and "IncidentUpdate" in one service: the
                    // contract and the web client name Incident's update
                    // body `IncidentUpdate` too.)
                    // (A service with file fields answers `/uploads` with an
                    // `Upload` schema and a `createUpload` operation.)
                    let has_files = || {
                        service.entities.iter().any(|e| {
                            doc.entities.get(e).is_some_and(|d| {
                                d.fields
                                    .values()
                                    .any(|f| f.ty == crate::document::FieldType::File)
                            })
                        })
                    };
                    if entity == reserved::UPLOAD_ENTITY && has_files() {
                        ctx.error(
                            "generated-name-clash",
                            span,
                            format!(
                                "`{entity}` is the name of the uploads endpoint the generated code gives service `{name}`, which has file fields"
                            ),
                            Some("rename the entity, e.g. `UploadedFile`".into()),
                        );
                    }
                    let others = service.entities.iter().map(String::as_str);
                    if let Some((owner, generated)) = reserved::generated_name_owner(entity, others)
                    {
                        ctx.error(
                            "generated-name-clash",
                            span,
                            format!(
                                "`{entity}` is the name the generated code gives to `{owner}`'s {} in service `{name}`",
                                generated.what
                            ),
                            Some(format!("rename the entity, e.g. `{entity}Record`")),
                        );
                    }
                }
            }
        }
    }
    if identity.is_none() {
        ctx.error(
            "missing-identity",
            ctx.key(&at!["services"]),
            "no identity service",
            Some(
                "add `identity: { builtin: auth }` under `services:`; it owns users and sign-in"
                    .into(),
            ),
        );
    }
    let first_domain = doc
        .services
        .iter()
        .find(|(_, s)| s.builtin.is_none())
        .map(|(n, _)| n.as_str());
    for name in doc.entities.keys() {
        if !owners.contains_key(name) && name != USER {
            ctx.error(
                "entity-without-service",
                ctx.key(&at!["entities", name]),
                format!("entity `{name}` is not owned by any service"),
                Some(match first_domain {
                    Some(s) => format!("add `{name}` to a service's entities, e.g. `services.{s}.entities`"),
                    None => format!("add a service that owns it: `services: {{ core: {{ entities: [{name}] }} }}`"),
                }),
            );
        }
    }
    owners
}

fn is_service_name(name: &str) -> bool {
    (2..=30).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

fn suggest_service_name(name: &str) -> String {
    let s: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    let s = s
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .to_owned();
    if s.len() < 2 {
        "core".to_owned()
    } else {
        s.chars().take(30).collect()
    }
}

/// Services with their ports and the services they call.
pub(super) fn lower(doc: &Document, entities: &[Entity]) -> Vec<Service> {
    let mut calls: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for e in entities {
        for link in e.references().filter(|l| l.kind == LinkKind::Remote) {
            calls
                .entry(e.service.as_str())
                .or_default()
                .insert(link.target_service.clone());
        }
    }
    let mut services = vec![Service {
        name: IDENTITY.to_owned(),
        kind: ServiceKind::Identity,
        description: doc
            .services
            .get(IDENTITY)
            .map(|s| s.description.clone())
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| "Accounts, sign-in, sessions and roles.".to_owned()),
        entities: Vec::new(),
        port: 8081,
        calls: Vec::new(),
    }];
    let domain = doc
        .services
        .iter()
        .filter(|(name, s)| s.builtin.is_none() && name.as_str() != IDENTITY);
    for (port, (name, service)) in (8082u16..).zip(domain) {
        services.push(Service {
            name: name.clone(),
            kind: ServiceKind::Domain,
            description: service.description.clone(),
            entities: entities
                .iter()
                .filter(|e| &e.service == name)
                .map(|e| e.name.clone())
                .collect(),
            port,
            calls: calls
                .remove(name.as_str())
                .map(|s| s.into_iter().collect())
                .unwrap_or_default(),
        });
    }
    services
}
