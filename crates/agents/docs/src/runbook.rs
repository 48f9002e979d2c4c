//! `docs/RUNBOOK.md`: how to run and operate this application, and what to
//! do in the incidents its architecture makes likely.

use keel_blueprint::{Blueprint, ServiceKind};
use keel_generate::AgentError;
use keel_generate::template::Templates;
use serde_json::{Value, json};

use crate::diagrams::remote_links;
use crate::markdown::{code, table};
use crate::words;

/// `COOKBOOK_URL`
fn url_var(service: &str) -> String {
    format!("{}_URL", service.to_ascii_uppercase().replace('-', "_"))
}

pub fn render(blueprint: &Blueprint, templates: &Templates) -> Result<String, AgentError> {
    let bp = blueprint;
    let mut endpoints = vec![vec![
        "gateway".to_owned(),
        "8080".to_owned(),
        code("http://127.0.0.1:8080/healthz"),
        code("http://127.0.0.1:8080/readyz"),
        code("http://127.0.0.1:8080/metrics"),
        "—".to_owned(),
    ]];
    for s in &bp.services {
        let base = format!("http://127.0.0.1:{}", s.port);
        endpoints.push(vec![
            s.name.clone(),
            s.port.to_string(),
            code(&format!("{base}/healthz")),
            code(&format!("{base}/readyz")),
            code(&format!("{base}/metrics")),
            code(&bp.database_name(&s.name)),
        ]);
    }

    let all_urls: Vec<String> = bp
        .services
        .iter()
        .map(|s| code(&url_var(&s.name)))
        .collect();
    let mut config = vec![vec![
        "gateway".to_owned(),
        format!(
            "`PORT`, `JWT_PUBLIC_KEY`, `JWT_ISSUER`, {}, `WEB_DIR`, `RATE_LIMIT_PER_MINUTE`, `LOG_FORMAT`",
            all_urls.join(", ")
        ),
    ]];
    for s in &bp.services {
        let mut vars = vec!["`PORT`".to_owned(), "`DATABASE_URL`".to_owned()];
        if s.kind == ServiceKind::Identity {
            vars.push("`JWT_PRIVATE_KEY`".into());
        }
        vars.push("`JWT_PUBLIC_KEY`".into());
        vars.push("`JWT_ISSUER`".into());
        vars.extend(s.calls.iter().map(|c| code(&url_var(c))));
        vars.push("`LOG_FORMAT`".into());
        config.push(vec![s.name.clone(), vars.join(", ")]);
    }

    let links = remote_links(bp);
    // For each service: who calls it, and which writes fail while it is down.
    let outages: Vec<Value> = bp
        .services
        .iter()
        .map(|s| {
            let dependents: Vec<Value> = bp
                .services
                .iter()
                .filter(|c| c.calls.contains(&s.name))
                .map(|c| {
                    let entities: Vec<String> = bp
                        .entities_of(&c.name)
                        .filter(|e| {
                            links
                                .iter()
                                .any(|(le, l)| le.name == e.name && l.target_service == s.name)
                        })
                        .map(|e| e.names.plural_words.clone())
                        .collect();
                    let columns: Vec<String> = links
                        .iter()
                        .filter(|(le, l)| le.service == c.name && l.target_service == s.name)
                        .map(|(le, l)| code(&format!("{}.{}", le.names.plural_snake, l.column)))
                        .collect();
                    json!({
                        "caller": c.name,
                        "entities": words::and_list(&entities),
                        "columns": words::and_list(&columns),
                    })
                })
                .collect();
            let mut effects: Vec<String> = Vec::new();
            if s.kind == ServiceKind::Identity {
                effects.push("Nobody can sign up, sign in or refresh; requests to other services with a valid access token keep working for up to 15 minutes.".to_owned());
            }
            let mut dangling: Vec<String> = Vec::new();
            for d in &dependents {
                effects.push(format!(
                    "{} cannot check {}, so creating {} answers 503.",
                    d["caller"].as_str().unwrap_or_default(),
                    d["columns"].as_str().unwrap_or_default(),
                    d["entities"].as_str().unwrap_or_default()
                ));
                dangling.push(format!(
                    "{} in {}",
                    d["columns"].as_str().unwrap_or_default(),
                    d["caller"].as_str().unwrap_or_default()
                ));
            }
            json!({
                "effects": effects.join(" "),
                "dangling": words::and_list(&dangling),
                "name": s.name,
                "port": s.port,
                "database": bp.database_name(&s.name),
                "owner": bp.owner_role(&s.name),
                "app_role": bp.app_role(&s.name),
                "identity": s.kind == ServiceKind::Identity,
                "dependents": dependents,
            })
        })
        .collect();

    let environments: Vec<Vec<String>> = bp
        .environments
        .iter()
        .map(|env| {
            vec![
                env.name.clone(),
                format!(
                    "{}–{} pods per service at {}% CPU",
                    env.autoscale.min, env.autoscale.max, env.autoscale.cpu
                ),
                if env.domain.is_empty() {
                    "—".to_owned()
                } else {
                    code(&format!("https://{}", env.domain))
                },
            ]
        })
        .collect();

    let calls: Vec<String> = bp
        .services
        .iter()
        .flat_map(|s| {
            s.calls
                .iter()
                .map(move |c| format!("{} uses {}", s.name, code(&url_var(c))))
        })
        .collect();

    templates.render(
        "RUNBOOK.md",
        json!({
            "app": bp.app,
            "endpoints": table(&["part", "port", "liveness", "readiness", "metrics", "database"], &endpoints),
            "config": table(&["part", "environment variables"], &config),
            "environments": table(&["environment", "scaling", "URL"], &environments),
            "outages": outages,
            "calls": !calls.is_empty(),
            "call_vars": words::and_list(&calls),
            "identity_db": bp.database_name("identity"),
            "multi_tenant": bp.multi_tenant(),
            "has_admin": bp.roles.iter().any(|r| r == "admin"),
            "roles": bp.roles,
            "grant_role": if bp.roles.iter().any(|r| r == "admin") { Some("admin") } else { bp.roles.first().map(String::as_str) },
            "example_service": bp.domain_services().next().map(|s| s.name.clone()),
        }),
    )
}
