//! The backend agent: the Rust services of a generated system.
//!
//! It writes a Cargo workspace (`Cargo.toml`, `Cargo.lock`) with the shared
//! `platform` crate, the identity service, one crate per domain service and
//! the gateway. Versions come from one table (`versions.rs`); the lock is
//! known-good, so apps build without resolving.
//!
//! Invariants of what it writes:
//! - every query runs in a transaction that sets `app.user_id`, `app.roles`
//!   and `app.tenant_id` (row-level security), as the application role;
//! - every access rule is checked by the service too (`may_*` functions);
//! - every route of `api/<service>.yaml` is in the service's `routes.rs`;
//! - services embed their migration (`MIGRATION`), so tests and `keel up`
//!   apply the same SQL;
//! - the output is `cargo fmt` and `clippy -D warnings` clean.

mod cargo;
mod entity;
mod fields;
mod identity;
pub mod layout;
mod platform;
mod rules;
mod service;
pub mod versions;

use keel_blueprint::{Blueprint, ServiceKind};
use keel_generate::template::Templates;
use keel_generate::{Agent, AgentError, FileSet, Input};

pub use cargo::Crate;
pub use identity::routes as identity_routes;
pub use service::{package, routes as domain_routes, url_var};

pub struct BackendAgent;

impl Agent for BackendAgent {
    fn name(&self) -> &'static str {
        "backend"
    }

    fn summary(&self) -> &'static str {
        "Rust services: platform crate, identity, one crate per domain service, gateway (axum + sqlx)"
    }

    fn writes(&self) -> &'static [&'static str] {
        &[
            "Cargo.toml",
            "Cargo.lock",
            "platform/",
            "services/*/Cargo.toml",
            "services/*/src/",
        ]
    }

    fn run(&self, input: &Input<'_>) -> Result<FileSet, AgentError> {
        let blueprint = input.blueprint;
        let templates = templates()?;
        let mut out = FileSet::new();
        let crates = crates(blueprint);
        out.add("Cargo.toml", cargo::workspace_manifest(&crates))?;
        out.add("Cargo.lock", cargo::lock(&crates))?;
        for c in &crates {
            out.add(format!("{}/Cargo.toml", c.dir), cargo::crate_manifest(c))?;
        }
        for (path, text) in platform::files() {
            out.add(path, text)?;
        }
        for (path, text) in identity::files(blueprint, &templates)? {
            out.add(path, text)?;
        }
        for s in blueprint.domain_services() {
            for (path, text) in service::files(blueprint, s) {
                out.add(path, text)?;
            }
        }
        for (path, text) in identity::gateway_files(blueprint, &templates)? {
            out.add(path, text)?;
        }
        Ok(out)
    }
}

fn templates() -> Result<Templates, AgentError> {
    Templates::new(&[
        (
            "identity/lib.rs",
            include_str!("../templates/identity/lib.rs"),
        ),
        (
            "identity/main.rs",
            include_str!("../templates/identity/main.rs"),
        ),
        (
            "identity/auth.rs",
            include_str!("../templates/identity/auth.rs"),
        ),
        (
            "identity/sessions.rs",
            include_str!("../templates/identity/sessions.rs"),
        ),
        (
            "identity/users.rs",
            include_str!("../templates/identity/users.rs"),
        ),
        (
            "identity/organizations.rs",
            include_str!("../templates/identity/organizations.rs"),
        ),
        (
            "gateway/lib.rs",
            include_str!("../templates/gateway/lib.rs"),
        ),
        (
            "gateway/proxy.rs",
            include_str!("../templates/gateway/proxy.rs"),
        ),
        (
            "gateway/main.rs",
            include_str!("../templates/gateway/main.rs"),
        ),
    ])
}

/// The library name of a service crate in code (`cookbook_service`).
fn lib_name(service: &str) -> String {
    format!("{service}_service")
}

fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| (*s).to_owned()).collect()
}

/// Every crate of the generated workspace, in build order.
pub fn crates(blueprint: &Blueprint) -> Vec<Crate> {
    let app = &blueprint.app;
    let mut out = vec![Crate {
        package: format!("{app}-platform"),
        lib: "platform".into(),
        dir: "platform".into(),
        binary: None,
        description: format!("The shared runtime of {}'s services.", blueprint.app),
        dependencies: strings(&[
            "axum",
            "base64",
            "ed25519-dalek",
            "rand",
            "regex",
            "reqwest",
            "serde",
            "serde_json",
            "sha2",
            "sqlx",
            "tokio",
            "tracing",
            "tracing-subscriber",
            "uuid",
        ]),
        dev_dependencies: Vec::new(),
    }];
    for s in &blueprint.services {
        let (dependencies, mut dev) = match s.kind {
            ServiceKind::Identity => (
                strings(&[
                    "argon2",
                    "axum",
                    "base64",
                    "platform",
                    "rand",
                    "regex",
                    "serde_json",
                    "sha2",
                    "sqlx",
                    "tokio",
                    "uuid",
                ]),
                strings(&["jsonschema", "reqwest", "serde_yaml_ng"]),
            ),
            ServiceKind::Domain => (
                strings(&["axum", "platform", "regex", "serde_json", "tokio", "uuid"]),
                strings(&["jsonschema", "reqwest", "serde_yaml_ng", "sqlx"]),
            ),
        };
        // Cross-service tests run the real services this one calls.
        if s.kind == ServiceKind::Domain {
            dev.extend(s.calls.iter().map(|c| lib_name(c)));
        }
        dev.sort();
        dev.dedup();
        out.push(Crate {
            package: format!("{app}-{}", package(&s.name)),
            lib: lib_name(&s.name),
            dir: format!("services/{}", s.name),
            binary: Some(s.name.clone()),
            description: if s.description.is_empty() {
                format!("The {} service of {}.", s.name, blueprint.app)
            } else {
                s.description.replace('\n', " ")
            },
            dependencies,
            dev_dependencies: dev,
        });
    }
    out.push(Crate {
        package: format!("{app}-gateway"),
        lib: "gateway".into(),
        dir: "services/gateway".into(),
        binary: Some("gateway".into()),
        description: format!("The single entry point of {}.", blueprint.app),
        dependencies: strings(&[
            "axum",
            "platform",
            "reqwest",
            "tokio",
            "tower-http",
            "tracing",
        ]),
        dev_dependencies: strings(&["identity_service", "serde_json", "uuid"]),
    });
    out
}
