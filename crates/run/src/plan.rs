//! What `keel up` runs, derived from the blueprint alone: one process per
//! service plus the gateway, with their ports, databases and environment
//! (the names of `docs/generated-system.md`).

use std::collections::BTreeMap;

use keel_blueprint::{Blueprint, ServiceKind};

/// The gateway's port when `--port` is not given.
pub const GATEWAY_PORT: u16 = 8080;
/// The gateway's binary (it is not a blueprint service).
pub const GATEWAY: &str = "gateway";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Identity,
    Domain,
    Gateway,
}

/// One process of the running system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// `identity`, `cookbook`, `gateway`: also the binary's name.
    pub name: String,
    pub kind: Kind,
    pub port: u16,
    pub database: Option<Database>,
}

/// A service's own database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Database {
    /// `recipes_cookbook`
    pub name: String,
    /// `recipes_cookbook_app`: the role the service connects as.
    pub app_role: String,
    /// `db/cookbook`: the migrations, relative to the app.
    pub migrations: String,
}

/// Every part in start order: identity, the domain services in file order,
/// then the gateway (which forwards to all of them).
///
/// `gateway_port` moves the whole system: each service keeps its distance
/// from the gateway (`Service.port - 8080`), so `--port 9000` puts identity
/// on 9001 and the first domain service on 9002.
pub fn parts(blueprint: &Blueprint, gateway_port: u16) -> Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    for service in &blueprint.services {
        let offset = service.port.checked_sub(GATEWAY_PORT).ok_or_else(|| {
            format!(
                "service {} has port {}, below the gateway's {GATEWAY_PORT}",
                service.name, service.port
            )
        })?;
        let port = gateway_port.checked_add(offset).ok_or_else(|| {
            format!(
                "--port {gateway_port} leaves no room for service {} (gateway port + {offset} > 65535)",
                service.name
            )
        })?;
        parts.push(Part {
            name: service.name.clone(),
            kind: match service.kind {
                ServiceKind::Identity => Kind::Identity,
                ServiceKind::Domain => Kind::Domain,
            },
            port,
            database: Some(Database {
                name: blueprint.database_name(&service.name),
                app_role: blueprint.app_role(&service.name),
                migrations: format!("db/{}", service.name),
            }),
        });
    }
    parts.push(Part {
        name: GATEWAY.to_owned(),
        kind: Kind::Gateway,
        port: gateway_port,
        database: None,
    });
    Ok(parts)
}

/// `COOKBOOK_URL=http://127.0.0.1:8082` for every service: how the gateway
/// and the services that check references find each other.
pub fn service_urls(parts: &[Part]) -> BTreeMap<String, String> {
    parts
        .iter()
        .filter(|p| p.kind != Kind::Gateway)
        .map(|p| {
            (
                format!("{}_URL", p.name.to_uppercase()),
                format!("http://127.0.0.1:{}", p.port),
            )
        })
        .collect()
}

/// What a part's process is started with, besides keel's own environment.
pub struct Setting<'a> {
    /// Every `<SERVICE>_URL`.
    pub urls: &'a BTreeMap<String, String>,
    pub public_key: &'a str,
    /// Given to identity only: no other process can sign tokens.
    pub private_key: &'a str,
    /// The part's own `DATABASE_URL` (the app role).
    pub database_url: Option<String>,
    /// The built web app, for the gateway.
    pub web_dist: &'a std::path::Path,
    /// `KEEL_ADMIN_EMAILS`, for identity.
    pub admins: &'a [String],
}

/// The environment of `part` (`docs/generated-system.md`, runtime
/// configuration).
pub fn environment(part: &Part, setting: &Setting) -> BTreeMap<String, String> {
    let mut env = setting.urls.clone();
    env.insert("PORT".into(), part.port.to_string());
    // keel up renders the JSON lines for people; the files keep them as is.
    env.insert("LOG_FORMAT".into(), "json".into());
    env.insert("JWT_PUBLIC_KEY".into(), setting.public_key.to_owned());
    if let Some(url) = &setting.database_url {
        env.insert("DATABASE_URL".into(), url.clone());
    }
    match part.kind {
        Kind::Identity => {
            env.insert("JWT_PRIVATE_KEY".into(), setting.private_key.to_owned());
            if !setting.admins.is_empty() {
                env.insert("KEEL_ADMIN_EMAILS".into(), setting.admins.join(","));
            }
        }
        Kind::Gateway => {
            env.insert("WEB_DIR".into(), setting.web_dist.display().to_string());
        }
        Kind::Domain => {}
    }
    env
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recipes() -> Blueprint {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/recipes/keel.yaml"
        ))
        .expect("the recipes example");
        let source = keel_blueprint::SourceFile::new("keel.yaml", text);
        keel_blueprint::check(&source)
            .expect("a valid example")
            .blueprint
    }

    #[test]
    fn identity_first_gateway_last_with_the_documented_ports() {
        let parts = parts(&recipes(), GATEWAY_PORT).unwrap();
        let summary: Vec<(&str, u16)> = parts.iter().map(|p| (p.name.as_str(), p.port)).collect();
        assert_eq!(summary.first(), Some(&("identity", 8081)));
        assert_eq!(summary.last(), Some(&("gateway", 8080)));
        assert_eq!(summary[1], ("cookbook", 8082));
        let identity = parts[0].database.as_ref().unwrap();
        assert_eq!(identity.name, "recipes_identity");
        assert_eq!(identity.app_role, "recipes_identity_app");
        assert_eq!(identity.migrations, "db/identity");
        assert_eq!(parts.last().unwrap().database, None);
    }

    #[test]
    fn another_gateway_port_moves_every_service_with_it() {
        let parts = parts(&recipes(), 9000).unwrap();
        let ports: Vec<u16> = parts.iter().map(|p| p.port).collect();
        let default: Vec<u16> = super::parts(&recipes(), GATEWAY_PORT)
            .unwrap()
            .iter()
            .map(|p| p.port + 920)
            .collect();
        assert_eq!(ports, default);
        assert!(super::parts(&recipes(), 65535).is_err());
    }

    #[test]
    fn every_service_gets_a_url_variable_but_the_gateway() {
        let urls = service_urls(&parts(&recipes(), GATEWAY_PORT).unwrap());
        assert_eq!(urls["IDENTITY_URL"], "http://127.0.0.1:8081");
        assert_eq!(urls["COOKBOOK_URL"], "http://127.0.0.1:8082");
        assert!(!urls.contains_key("GATEWAY_URL"));
    }

    #[test]
    fn only_identity_holds_the_private_key_and_only_the_gateway_the_web_app() {
        let parts = parts(&recipes(), GATEWAY_PORT).unwrap();
        let urls = service_urls(&parts);
        let admins = vec!["a@example.com".to_owned(), "b@example.com".to_owned()];
        let setting = |database_url: Option<String>| Setting {
            urls: &urls,
            public_key: "PUBLIC",
            private_key: "PRIVATE",
            database_url,
            web_dist: std::path::Path::new("/app/web/dist"),
            admins: &admins,
        };
        let identity = environment(&parts[0], &setting(Some("postgres://i".into())));
        assert_eq!(identity["JWT_PRIVATE_KEY"], "PRIVATE");
        assert_eq!(identity["KEEL_ADMIN_EMAILS"], "a@example.com,b@example.com");
        assert_eq!(identity["DATABASE_URL"], "postgres://i");
        assert_eq!(identity["PORT"], "8081");
        let cookbook = environment(&parts[1], &setting(Some("postgres://c".into())));
        assert!(!cookbook.contains_key("JWT_PRIVATE_KEY"));
        assert!(!cookbook.contains_key("KEEL_ADMIN_EMAILS"));
        assert_eq!(cookbook["JWT_PUBLIC_KEY"], "PUBLIC");
        assert_eq!(cookbook["IDENTITY_URL"], "http://127.0.0.1:8081");
        assert_eq!(cookbook["LOG_FORMAT"], "json");
        let gateway = environment(parts.last().unwrap(), &setting(None));
        assert!(!gateway.contains_key("JWT_PRIVATE_KEY"));
        assert!(!gateway.contains_key("DATABASE_URL"));
        assert_eq!(gateway["WEB_DIR"], "/app/web/dist");
        assert_eq!(gateway["COMMUNITY_URL"], "http://127.0.0.1:8083");
        assert_eq!(gateway["PORT"], "8080");
    }
}
