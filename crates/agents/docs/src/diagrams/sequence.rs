//! Sequence diagrams: signing in (and refreshing), and checking a reference
//! across services.

use keel_blueprint::{Blueprint, Entity, Link, USER};

use crate::mermaid::text;
use crate::words;

/// Sign-in, then a refresh with rotation and reuse detection.
pub fn sign_in(blueprint: &Blueprint) -> String {
    let db = blueprint.database_name("identity");
    let claims = if blueprint.multi_tenant() {
        "sub, roles, tid, iss, aud, exp"
    } else {
        "sub, roles, iss, aud, exp"
    };
    let mut out = String::from("sequenceDiagram\n    autonumber\n");
    out.push_str("    actor P as Person\n");
    out.push_str("    participant B as Browser (web app)\n");
    out.push_str("    participant G as gateway\n");
    out.push_str("    participant I as identity\n");
    out.push_str(&format!(
        "    participant D as {} (PostgreSQL)\n",
        text(&db)
    ));
    let steps = [
        "P->>B: email and password".to_owned(),
        "B->>G: POST /api/identity/auth/sign-in".to_owned(),
        "G->>I: forwards the request (rate limited per client)".to_owned(),
        "I->>D: BEGIN, app.auth_flow = on, SELECT the user by email".to_owned(),
        "D-->>I: the user's argon2id hash".to_owned(),
        "I->>I: verify the password with argon2id".to_owned(),
        "alt unknown email, wrong password or disabled account".to_owned(),
        "    I-->>B: 401 problem+json, no cookies".to_owned(),
        "else password matches".to_owned(),
        "    I->>D: INSERT a refresh token (SHA-256 hash, new family), COMMIT".to_owned(),
        format!("    I->>I: sign the access token with Ed25519 ({claims}, 15 minutes)"),
        "    I-->>G: 200 with Set-Cookie keel_access (HttpOnly, Path=/api) and keel_refresh (HttpOnly, SameSite=Strict, Path=/api/identity/auth)".to_owned(),
        "    G-->>B: 200, cookies kept by the browser, unreadable by scripts".to_owned(),
        "end".to_owned(),
        "Note over B,I: every service verifies keel_access with the public key alone".to_owned(),
        "B->>G: POST /api/identity/auth/refresh (keel_refresh, before keel_access expires)".to_owned(),
        "G->>I: forwards the request".to_owned(),
        "I->>D: find the token by its hash".to_owned(),
        "alt token already rotated: reuse of a stolen token".to_owned(),
        "    I->>D: revoke every token of its family".to_owned(),
        "    I-->>B: 401, the person signs in again".to_owned(),
        "else current token".to_owned(),
        "    I->>D: mark it replaced, INSERT its successor in the same family".to_owned(),
        "    I-->>B: 200 with a new keel_access and keel_refresh".to_owned(),
        "end".to_owned(),
    ];
    push_steps(&mut out, &steps);
    out
}

/// The reference the sequence diagram shows: the first reference between
/// domain services, else the first reference to a user; none when the
/// blueprint has no reference across services.
pub fn example_reference(blueprint: &Blueprint) -> Option<(&Entity, &Link)> {
    let links = super::remote_links(blueprint);
    links
        .iter()
        .find(|(_, l)| l.target != USER)
        .or_else(|| links.first())
        .copied()
}

/// Creating a row whose reference lives in another service.
pub fn reference_check(blueprint: &Blueprint, entity: &Entity, link: &Link) -> String {
    let caller = &entity.service;
    let callee = &link.target_service;
    let db = blueprint.database_name(caller);
    let mut settings = vec!["app.user_id", "app.roles"];
    if blueprint.multi_tenant() {
        settings.push("app.tenant_id");
    }
    let create_rule = entity.access.create.to_string();
    let mut out = String::from("sequenceDiagram\n    autonumber\n");
    out.push_str("    participant B as Browser (web app)\n");
    out.push_str("    participant G as gateway\n");
    out.push_str(&format!("    participant C as {}\n", text(caller)));
    out.push_str(&format!("    participant T as {}\n", text(callee)));
    out.push_str(&format!(
        "    participant D as {} (PostgreSQL)\n",
        text(&db)
    ));
    let steps = [
        format!(
            "B->>G: POST {} with {}",
            words::collection_path(entity),
            link.column
        ),
        format!("G->>C: forwards /api/{caller}/*"),
        format!(
            "C->>C: verify keel_access (Ed25519 public key), create rule: {}",
            create_rule
        ),
        format!(
            "C->>T: {} with a timeout, retried with backoff and jitter, through a circuit breaker",
            words::lookup_path(blueprint, link).replace("{id}", &format!("{{{}}}", link.column))
        ),
        format!("alt the {} exists", link.target),
        "    T-->>C: 200".to_owned(),
        format!(
            "    C->>D: BEGIN, set {}, INSERT INTO {}, COMMIT",
            words::and_list(&settings),
            entity.names.plural_snake
        ),
        format!(
            "    D-->>C: the new row, checked again by the policy {}_create",
            entity.names.plural_snake
        ),
        "    C-->>B: 201 Created with Location".to_owned(),
        format!("else no such {}", link.target),
        "    T-->>C: 404".to_owned(),
        format!("    C-->>B: 422 problem+json, error on {}", link.column),
        format!("else {callee} is down, too slow, or the circuit is open"),
        "    C-->>B: 503 problem+json with Retry-After, nothing written".to_owned(),
        "end".to_owned(),
    ];
    push_steps(&mut out, &steps);
    out
}

fn push_steps(out: &mut String, steps: &[String]) {
    for step in steps {
        out.push_str("    ");
        out.push_str(&text_keep_arrows(step));
        out.push('\n');
    }
}

/// Escapes the message part of a sequence line (after the first `: `),
/// leaving the arrow syntax before it alone.
fn text_keep_arrows(line: &str) -> String {
    let indent = line.len() - line.trim_start().len();
    let body = line.trim_start();
    if body.starts_with("alt ") || body.starts_with("else ") {
        let (kw, rest) = body.split_once(' ').unwrap_or((body, ""));
        return format!("{}{kw} {}", &line[..indent], text(rest));
    }
    match body.split_once(": ") {
        Some((head, msg)) => format!("{}{head}: {}", &line[..indent], text(msg)),
        None => line.to_owned(),
    }
}
