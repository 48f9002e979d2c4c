//! The container diagram: browser, gateway, services, one database each,
//! and which service calls which to check references.

use keel_blueprint::{Blueprint, ServiceKind};

use crate::diagrams::remote_links;
use crate::mermaid::{id, label, lines};
use crate::words;

pub fn diagram(blueprint: &Blueprint) -> String {
    let mut out = String::from("flowchart LR\n");
    out.push_str(&format!(
        "    browser([{}])\n",
        lines(&["Browser", "web app: React + TypeScript"])
    ));
    out.push_str(&format!(
        "    subgraph edge[{}]\n        gateway[{}]\n    end\n",
        label("Entry point"),
        lines(&[
            "gateway :8080",
            "routes /api/<service>/*, serves the web app",
            "rate limits, security headers",
        ])
    ));
    out.push_str(&format!("    subgraph services[{}]\n", label("Services")));
    for service in &blueprint.services {
        let what = match service.kind {
            ServiceKind::Identity if blueprint.multi_tenant() => {
                "users, sessions, roles, organizations".to_owned()
            }
            ServiceKind::Identity => "users, sessions, roles".to_owned(),
            ServiceKind::Domain => service.entities.join(", "),
        };
        let name = format!("{} :{}", service.name, service.port);
        out.push_str(&format!(
            "        {}[{}]\n",
            id("svc", &service.name),
            lines(&[&name, &what])
        ));
    }
    out.push_str("    end\n");
    out.push_str(&format!(
        "    subgraph data[{}]\n",
        label("PostgreSQL: one database per service")
    ));
    for service in &blueprint.services {
        out.push_str(&format!(
            "        {}[({})]\n",
            id("db", &service.name),
            label(&blueprint.database_name(&service.name))
        ));
    }
    out.push_str("    end\n");

    out.push_str(&format!(
        "    browser -->|{}| gateway\n",
        label("HTTPS: pages and /api/*, session cookies")
    ));
    for service in &blueprint.services {
        out.push_str(&format!(
            "    gateway -->|{}| {}\n",
            label(&format!("/api/{}/*", service.name)),
            id("svc", &service.name)
        ));
    }
    for service in &blueprint.services {
        out.push_str(&format!(
            "    {} -->|{}| {}\n",
            id("svc", &service.name),
            label(&format!("as {}", blueprint.app_role(&service.name))),
            id("db", &service.name)
        ));
    }
    let links = remote_links(blueprint);
    for service in &blueprint.services {
        for callee in &service.calls {
            let mut targets: Vec<&str> = Vec::new();
            for (_, link) in links
                .iter()
                .filter(|(e, l)| e.service == service.name && &l.target_service == callee)
            {
                if !targets.contains(&link.target.as_str()) {
                    targets.push(&link.target);
                }
            }
            let what = format!("checks {} ids", words::and_list(&targets));
            out.push_str(&format!(
                "    {} -.->|{}| {}\n",
                id("svc", &service.name),
                label(&what),
                id("svc", callee)
            ));
        }
    }
    out
}
