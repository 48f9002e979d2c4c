//! The QA agent: the integration tests every generated service ships with,
//! in `services/<service>/tests/api/` (one test binary per service).
//!
//! The tests are black-box: they start the real service (and the real
//! services it calls) on loopback ports with throw-away databases made from
//! the real migrations, call it over HTTP, and check row-level security by
//! connecting as the application role. What each caller may do is decided
//! here from the blueprint's rules (`expect.rs`), independently of the
//! backend's code, so a service that gets a rule wrong fails its tests.

mod awaited;
mod domain;
mod expect;
mod fixtures;

use keel_blueprint::{Blueprint, Entity, IDENTITY, Term};
use keel_generate::template::Templates;
use keel_generate::{Agent, AgentError, FileSet, Input};
use serde_json::json;

pub struct QaAgent;

impl Agent for QaAgent {
    fn name(&self) -> &'static str {
        "qa"
    }

    fn summary(&self) -> &'static str {
        "Integration tests of the services: CRUD, validation, access matrix over HTTP and in SQL, auth flows"
    }

    fn writes(&self) -> &'static [&'static str] {
        &["services/*/tests/"]
    }

    fn run(&self, input: &Input<'_>) -> Result<FileSet, AgentError> {
        let blueprint = input.blueprint;
        let templates = Templates::new(&[
            ("harness.rs", include_str!("../templates/harness.rs")),
            ("identity.rs", include_str!("../templates/identity.rs")),
            ("contract.rs", include_str!("../templates/contract.rs")),
        ])?;
        let mut out = FileSet::new();
        let first_role = blueprint
            .roles
            .first()
            .map(|r| format!("\"{r}\""))
            .unwrap_or_default();
        out.add(
            "services/gateway/tests/api/main.rs",
            include_str!("../templates/gateway.rs"),
        )?;
        out.add(
            "services/identity/tests/api/contract.rs",
            templates.render("contract.rs", json!({"service": IDENTITY}))?,
        )?;
        out.add(
            "services/identity/tests/api/main.rs",
            templates.render(
                "identity.rs",
                json!({"multi_tenant": blueprint.multi_tenant(), "first_role": first_role}),
            )?,
        )?;
        for service in blueprint.domain_services() {
            let dir = format!("services/{}/tests/api", service.name);
            let roles = keel_agent_backend::layout::str_array(
                0,
                "pub const ALL_ROLES: &[&str]",
                &blueprint.roles,
            );
            let upstream: serde_json::Map<String, serde_json::Value> = service
                .calls
                .iter()
                .map(|c| {
                    let calls = blueprint
                        .service(c)
                        .map(|s| s.calls.clone())
                        .unwrap_or_default();
                    (c.clone(), json!(calls))
                })
                .collect();
            let harness = templates.render(
                "harness.rs",
                json!({
                    "service": service.name,
                    "krate": format!("{}_service", service.name),
                    "all_roles": roles.trim_end(),
                    "calls": service.calls,
                    "calls_identity": service.calls.iter().any(|c| c == IDENTITY),
                    "multi_tenant": blueprint.multi_tenant(),
                    "upstream": upstream,
                }),
            )?;
            out.add(format!("{dir}/harness.rs"), harness)?;
            out.add(
                format!("{dir}/contract.rs"),
                templates.render("contract.rs", json!({"service": service.name}))?,
            )?;
            out.add(
                format!("{dir}/main.rs"),
                domain::main_rs(blueprint, service),
            )?;
            out.add(
                format!("{dir}/fixtures.rs"),
                domain::fixtures_rs(blueprint, service),
            )?;
            out.add(
                format!("{dir}/service.rs"),
                domain::service_rs(blueprint, service),
            )?;
            let modules = domain::test_modules(blueprint, service);
            for entity in domain::fixture_entities(blueprint, service) {
                if entity.service == service.name {
                    out.add(
                        format!("{dir}/{}.rs", modules[entity.name.as_str()]),
                        domain::entity_rs(blueprint, service, entity),
                    )?;
                }
            }
        }
        Ok(out)
    }
}

/// Whether an anonymous caller may list `entity` at all.
fn rules_allow_anonymous(blueprint: &Blueprint, entity: &Entity) -> bool {
    fn public(blueprint: &Blueprint, rule: &keel_blueprint::Rule) -> bool {
        rule.any_of.iter().any(|t| match t {
            Term::Public => true,
            Term::Parent { entity, op } => blueprint
                .entity(entity)
                .is_some_and(|p| public(blueprint, p.access.rule(*op))),
            _ => false,
        })
    }
    public(blueprint, &entity.access.read)
}
