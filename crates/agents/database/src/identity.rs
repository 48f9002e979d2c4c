//! The identity service's migration: users and sessions (and, in a
//! multi-tenant app, organizations, memberships and invitations).

use keel_blueprint::{Blueprint, IDENTITY};
use keel_generate::AgentError;
use keel_generate::template::{Templates, sql_string};

use crate::preamble;

pub fn sql(blueprint: &Blueprint, templates: &Templates) -> Result<String, AgentError> {
    let title = format!(
        "The identity service of {}: accounts, sessions and roles.",
        blueprint.app
    );
    let mut out = preamble(blueprint, IDENTITY, &title, templates)?;
    let multi_tenant = blueprint.multi_tenant();
    let mut tables = vec!["users", "refresh_tokens"];
    if multi_tenant {
        tables.extend(["organizations", "memberships", "invitations"]);
    }
    let roles_sql = blueprint
        .roles
        .iter()
        .map(|r| sql_string(r))
        .collect::<Vec<_>>()
        .join(", ");
    out.push_str(&templates.render(
        "identity.sql",
        serde_json::json!({
            "app_role": blueprint.app_role(IDENTITY),
            "multi_tenant": multi_tenant,
            // `ARRAY[]::text[]` is valid SQL; no roles means no role is known.
            "roles_sql": roles_sql,
            "tables": tables,
        }),
    )?);
    Ok(out)
}
