//! The deployable parts of a generated system as the DevOps templates see
//! them: every service of the blueprint plus the gateway, with the names,
//! ports, databases and call edges of `docs/generated-system.md`.

use keel_blueprint::{Blueprint, ServiceKind};
use serde::Serialize;

/// The gateway's name, port and package (it is not a blueprint service).
pub const GATEWAY: &str = "gateway";
pub const GATEWAY_PORT: u16 = 8080;

#[derive(Debug, Clone, Serialize)]
pub struct Part {
    /// `cookbook`; also the image and Kubernetes name suffix.
    pub name: String,
    /// `gateway`, `identity` or `domain`.
    pub kind: &'static str,
    /// Cargo package (`cookbook-service`, `gateway`).
    pub package: String,
    /// Binary (`cookbook`).
    pub binary: String,
    pub port: u16,
    /// `COOKBOOK`: prefix of this part's variables (`COOKBOOK_URL`).
    pub shouty: String,
    /// The service's own database, if it has one.
    pub database: Option<Database>,
    /// Parts this one calls, sorted.
    pub calls: Vec<String>,
    /// Parts that call this one, sorted.
    pub callers: Vec<String>,
    pub description: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Database {
    /// `recipes_cookbook`
    pub name: String,
    /// `recipes_cookbook_app`: the role the service connects as.
    pub app_role: String,
    /// `COOKBOOK_DATABASE_PASSWORD`: the variable holding that role's password.
    pub password_var: String,
    /// `cookbook-database-password`: its key in the app's Secret.
    pub password_key: String,
}

/// Every part, in a fixed order: the blueprint's services (identity first,
/// then domain services in file order), then the gateway.
pub fn parts(blueprint: &Blueprint) -> Vec<Part> {
    let mut parts: Vec<Part> = blueprint
        .services
        .iter()
        .map(|s| {
            let identity = s.kind == ServiceKind::Identity;
            Part {
                name: s.name.clone(),
                kind: if identity { "identity" } else { "domain" },
                package: format!("{}-service", s.name),
                binary: s.name.clone(),
                port: s.port,
                shouty: s.name.to_uppercase(),
                database: Some(Database {
                    name: blueprint.database_name(&s.name),
                    app_role: blueprint.app_role(&s.name),
                    password_var: format!("{}_DATABASE_PASSWORD", s.name.to_uppercase()),
                    password_key: format!("{}-database-password", s.name),
                }),
                calls: s.calls.clone(),
                callers: Vec::new(),
                description: if s.description.is_empty() {
                    if identity {
                        "Sign-up, sign-in, sessions and roles.".to_owned()
                    } else {
                        format!("The {} service.", s.name)
                    }
                } else {
                    s.description.clone()
                },
            }
        })
        .collect();
    let mut gateway_calls: Vec<String> = parts.iter().map(|p| p.name.clone()).collect();
    gateway_calls.sort();
    parts.push(Part {
        name: GATEWAY.to_owned(),
        kind: "gateway",
        package: GATEWAY.to_owned(),
        binary: GATEWAY.to_owned(),
        port: GATEWAY_PORT,
        shouty: GATEWAY.to_uppercase(),
        database: None,
        calls: gateway_calls,
        callers: Vec::new(),
        description: "The single entry point: routes /api/<service>/*, serves the web app."
            .to_owned(),
    });
    let edges: Vec<(String, String)> = parts
        .iter()
        .flat_map(|p| p.calls.iter().map(|c| (p.name.clone(), c.clone())))
        .collect();
    for part in &mut parts {
        part.callers = edges
            .iter()
            .filter(|(_, callee)| *callee == part.name)
            .map(|(caller, _)| caller.clone())
            .collect();
        part.callers.sort();
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recipes() -> Blueprint {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../examples/recipes/keel.yaml"
        );
        let text = std::fs::read_to_string(path).unwrap();
        keel_blueprint::check(&keel_blueprint::SourceFile::new(path.to_owned(), text))
            .unwrap()
            .blueprint
    }

    #[test]
    fn the_gateway_calls_every_service_and_callers_mirror_calls() {
        let parts = parts(&recipes());
        let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["identity", "cookbook", "community", "gateway"]);
        let gateway = parts.last().unwrap();
        assert_eq!(gateway.calls, ["community", "cookbook", "identity"]);
        assert!(gateway.database.is_none());
        let community = &parts[2];
        assert!(community.calls.contains(&"cookbook".to_owned()));
        let cookbook = &parts[1];
        assert_eq!(cookbook.callers, ["community", "gateway"]);
        assert_eq!(cookbook.package, "cookbook-service");
        assert_eq!(cookbook.port, 8082);
        let db = cookbook.database.as_ref().unwrap();
        assert_eq!(db.name, "recipes_cookbook");
        assert_eq!(db.app_role, "recipes_cookbook_app");
        assert_eq!(db.password_var, "COOKBOOK_DATABASE_PASSWORD");
    }
}
