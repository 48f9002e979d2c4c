//! The identity service and the gateway, rendered from templates.

use keel_blueprint::{Blueprint, IDENTITY};
use keel_generate::AgentError;
use keel_generate::template::Templates;
use serde_json::json;

use crate::service::{render_routes, url_var};

/// `(method, path, handler)` of every identity route.
pub fn routes(blueprint: &Blueprint) -> Vec<(String, String, String)> {
    let mut routes = vec![
        ("POST", "/api/identity/auth/sign-up", "auth::sign_up"),
        ("POST", "/api/identity/auth/sign-in", "auth::sign_in"),
        ("POST", "/api/identity/auth/refresh", "auth::refresh"),
        ("POST", "/api/identity/auth/sign-out", "auth::sign_out"),
        ("GET", "/api/identity/auth/me", "auth::me"),
        ("GET", "/api/identity/.well-known/jwks.json", "auth::jwks"),
        ("GET", "/api/identity/users/{id}", "users::get"),
    ];
    if blueprint.multi_tenant() {
        routes.extend([
            (
                "POST",
                "/api/identity/auth/switch-organization",
                "organizations::switch",
            ),
            ("GET", "/api/identity/organizations", "organizations::list"),
            (
                "POST",
                "/api/identity/organizations",
                "organizations::create",
            ),
            ("POST", "/api/identity/invitations", "organizations::invite"),
            (
                "POST",
                "/api/identity/invitations/accept",
                "organizations::accept",
            ),
            ("GET", "/api/identity/memberships", "organizations::members"),
            (
                "PUT",
                "/api/identity/memberships/{id}/roles",
                "organizations::set_roles",
            ),
        ]);
    } else {
        routes.push(("PUT", "/api/identity/users/{id}/roles", "users::set_roles"));
    }
    routes
        .into_iter()
        .map(|(m, p, h)| (m.to_owned(), p.to_owned(), h.to_owned()))
        .collect()
}

pub fn files(
    blueprint: &Blueprint,
    templates: &Templates,
) -> Result<Vec<(String, String)>, AgentError> {
    let multi_tenant = blueprint.multi_tenant();
    let roles: Vec<String> = blueprint.roles.iter().map(|r| format!("\"{r}\"")).collect();
    let context = json!({
        "app": blueprint.app,
        "app_role": blueprint.app_role(IDENTITY),
        "multi_tenant": multi_tenant,
        "roles": roles.join(", "),
        "manager": if blueprint.roles.iter().any(|r| r == "admin") {
            "admin".to_owned()
        } else {
            blueprint.roles.first().cloned().unwrap_or_default()
        },
        "sign_up_open": (blueprint.sign_up == keel_blueprint::SignUp::Open).to_string(),
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
        render_routes(IDENTITY, &routes(blueprint), &modules),
    ));
    Ok(out)
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
    let context = json!({"app": blueprint.app, "services": services});
    let mut out = Vec::new();
    for name in ["lib.rs", "proxy.rs", "main.rs"] {
        out.push((
            format!("services/gateway/src/{name}"),
            templates.render(&format!("gateway/{name}"), &context)?,
        ));
    }
    Ok(out)
}
