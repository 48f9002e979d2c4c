//! The database agent: one migration per service, `db/<service>/0001_init.sql`,
//! with tables, constraints, indexes, roles and row-level security derived
//! from the blueprint's entities and access rules.
//!
//! Invariants of every file it writes:
//! - every table has `ENABLE` and `FORCE ROW LEVEL SECURITY` and one policy
//!   per operation, all granted to the application role only;
//! - every column a policy reads (`owner_id`, `tenant_id`, parent ids) is indexed;
//! - no foreign key crosses a service (each service has its own database);
//! - the file applies in one transaction: it either all applies or not at all.

mod columns;
mod domain;
mod identity;
mod policies;
mod triggers;

use keel_blueprint::{Blueprint, ServiceKind};
use keel_generate::template::Templates;
use keel_generate::{Agent, AgentError, FileSet, Input};

pub struct DatabaseAgent;

/// The path of a service's first migration.
pub fn migration_path(service: &str) -> String {
    format!("db/{service}/0001_init.sql")
}

impl Agent for DatabaseAgent {
    fn name(&self) -> &'static str {
        "database"
    }

    fn summary(&self) -> &'static str {
        "SQL migrations: tables, constraints, indexes, roles and row-level security per service"
    }

    fn writes(&self) -> &'static [&'static str] {
        &["db/"]
    }

    fn run(&self, input: &Input<'_>) -> Result<FileSet, AgentError> {
        let templates = Templates::new(&[
            ("preamble.sql", include_str!("../templates/preamble.sql")),
            ("identity.sql", include_str!("../templates/identity.sql")),
        ])?;
        let mut out = FileSet::new();
        for service in &input.blueprint.services {
            let sql = match service.kind {
                ServiceKind::Identity => identity::sql(input.blueprint, &templates)?,
                ServiceKind::Domain => domain::sql(input.blueprint, service, &templates)?,
            };
            out.add(migration_path(&service.name), sql)?;
        }
        Ok(out)
    }
}

/// The shared opening of every migration: roles, schema grants and the
/// `keel` functions that policies use.
fn preamble(
    blueprint: &Blueprint,
    service: &str,
    title: &str,
    templates: &Templates,
) -> Result<String, AgentError> {
    templates.render(
        "preamble.sql",
        serde_json::json!({
            "title": title,
            "owner": blueprint.owner_role(service),
            "app_role": blueprint.app_role(service),
            "database": blueprint.database_name(service),
            "path": migration_path(service),
        }),
    )
}

/// The PostgreSQL type of a field's column (`varchar(200)`, `numeric(6, 2)`),
/// for other agents that describe the schema.
pub use columns::sql_type;
