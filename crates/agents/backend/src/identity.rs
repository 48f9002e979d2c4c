//! The identity service and the gateway, rendered from templates.

use keel_blueprint::{Blueprint, IDENTITY};
use keel_generate::AgentError;
use keel_generate::template::Templates;
use serde_json::json;

use crate::service::{method_name, render_routes, url_var};

/// The handler of each identity operation, by `operationId`.
const HANDLERS: &[(&str, &str)] = &[
    ("signUp", "auth::sign_up"),
    ("signIn", "auth::sign_in"),
    ("refreshSession", "auth::refresh"),
    ("signOut", "auth::sign_out"),
    ("getMe", "auth::me"),
    ("getJwks", "auth::jwks"),
    ("getUser", "users::get"),
    ("setUserRoles", "users::set_roles"),
    ("switchOrganization", "organizations::switch"),
    ("listOrganizations", "organizations::list"),
    ("createOrganization", "organizations::create"),
    ("getOrganization", "organizations::get"),
    ("updateOrganization", "organizations::update"),
    ("listMemberships", "organizations::members"),
    ("updateMembership", "organizations::set_roles"),
    ("deleteMembership", "organizations::remove"),
    ("listInvitations", "organizations::invitations"),
    ("createInvitation", "organizations::invite"),
    ("acceptInvitation", "organizations::accept"),
    ("revokeInvitation", "organizations::revoke"),
];

/// `(method, path, handler)` of every identity route: exactly the
/// operations of its contract. An operation without a handler here is an
/// error, so a contract change cannot silently go unserved.
pub fn routes(blueprint: &Blueprint) -> Result<Vec<(String, String, String)>, AgentError> {
    let Some(service) = blueprint.service(IDENTITY) else {
        return Ok(Vec::new());
    };
    keel_agent_contracts::operations(blueprint, service)
        .into_iter()
        .map(|op| {
            let handler = HANDLERS
                .iter()
                .find(|(id, _)| *id == op.operation_id)
                .map(|(_, h)| (*h).to_owned())
                .ok_or_else(|| {
                    AgentError::Other(format!(
                        "the identity contract has an operation `{}` the backend does not implement",
                        op.operation_id
                    ))
                })?;
            Ok((method_name(op.method), op.path, handler))
        })
        .collect()
}

pub fn files(
    blueprint: &Blueprint,
    templates: &Templates,
) -> Result<Vec<(String, String)>, AgentError> {
    let multi_tenant = blueprint.multi_tenant();
    let roles = crate::layout::str_array(0, "pub const ROLES: &[&str]", &blueprint.roles);
    let context = json!({
        "app": blueprint.app,
        "app_role": blueprint.app_role(IDENTITY),
        "multi_tenant": multi_tenant,
        "roles_const": roles.trim_end(),
        "manager": keel_agent_contracts::manager_role(blueprint),
        "sign_up_open": (blueprint.sign_up == keel_blueprint::SignUp::Open).to_string(),
        "invite_only": (blueprint.sign_up == keel_blueprint::SignUp::Invite).to_string(),
        "sign_up_fields": crate::layout::list(
            8,
            "&[",
            &sign_up_fields(blueprint)
                .iter()
                .map(|f| format!("\"{f}\""))
                .collect::<Vec<_>>(),
            "]",
        )
        .trim_end(),
        // Bounds of the contract's identity schemas.
        "password_min": keel_agent_contracts::PASSWORD_MIN,
        "password_max": keel_agent_contracts::PASSWORD_MAX,
        "email_max": keel_agent_contracts::EMAIL_MAX,
        "display_name_max": keel_agent_contracts::DISPLAY_NAME_MAX,
        "organization_name_max": keel_agent_contracts::ORGANIZATION_NAME_MAX,
        "token_pattern": keel_agent_contracts::TOKEN_PATTERN,
    });
    let mut names = vec!["lib.rs", "main.rs", "auth.rs", "sessions.rs", "users.rs"];
    if multi_tenant {
        names.push("organizations.rs");
    }
    let mut out = Vec::new();
    for name in names {
        out.push((
            format!("services/identity/src/{name}"),
            templates.render(&format!("identity/{name}"), &context)?,
        ));
    }
    let mut modules = vec!["auth".to_owned(), "users".to_owned()];
    if multi_tenant {
        modules.push("organizations".to_owned());
    }
    modules.sort();
    out.push((
        "services/identity/src/routes.rs".to_owned(),
        render_routes(IDENTITY, &routes(blueprint)?, &modules),
    ));
    Ok(out)
}

/// The properties of a sign-up body, as in the contract's `SignUp`.
fn sign_up_fields(blueprint: &Blueprint) -> Vec<&'static str> {
    let mut fields = vec!["email", "password", "display_name"];
    let invite_only = blueprint.sign_up == keel_blueprint::SignUp::Invite;
    if blueprint.multi_tenant() {
        fields.push("invitation_token");
        if !invite_only {
            fields.push("organization_name");
        }
    }
    fields
}

pub fn gateway_files(
    blueprint: &Blueprint,
    templates: &Templates,
) -> Result<Vec<(String, String)>, AgentError> {
    let services: Vec<serde_json::Value> = blueprint
        .services
        .iter()
        .map(|s| json!({"name": s.name, "var": url_var(&s.name), "port": s.port}))
        .collect();
    // The `SERVICES` table as rustfmt lays it out: one line when short, a
    // long service name's tuple broken.
    let entries: Vec<String> = blueprint
        .services
        .iter()
        .map(|s| {
            crate::layout::tuple(&[
                format!("\"{}\"", s.name),
                format!("\"{}\"", url_var(&s.name)),
                s.port.to_string(),
            ])
        })
        .collect();
    let table = crate::layout::array(0, "pub const SERVICES: &[(&str, &str, u16)]", &entries);
    let context = json!({
        "app": blueprint.app,
        "services": services,
        "services_table": table.trim_end(),
    });
    let mut out = Vec::new();
    for name in ["lib.rs", "proxy.rs", "main.rs"] {
        out.push((
            format!("services/gateway/src/{name}"),
            templates.render(&format!("gateway/{name}"), &context)?,
        ));
    }
    Ok(out)
}
