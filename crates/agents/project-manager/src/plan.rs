//! The plan: which tasks this blueprint needs, in dependency order.
//!
//! Layers, each only depending on earlier ones: foundation → migrations →
//! identity and gateway → uploads → entity APIs (parents first) → state
//! machines and reference checks → capabilities → web → quality →
//! operations → security → docs.

use keel_agent_docs::diagrams::{er, remote_links};
use keel_agent_docs::{adr, words};
use keel_blueprint::{Blueprint, Capability, Entity, FieldType, Op, ServiceKind, SignUp, USER};

use crate::criteria;
use crate::task::{Backlog, Draft, Priority, Role, Size};

fn code(s: &str) -> String {
    keel_agent_docs::markdown::code(s)
}

struct Planner<'a> {
    bp: &'a Blueprint,
    backlog: Backlog,
}

impl Planner<'_> {
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        key: impl Into<String>,
        title: impl Into<String>,
        area: &str,
        role: Role,
        priority: Priority,
        size: Size,
        after: Vec<String>,
        criteria: Vec<String>,
    ) -> Result<(), String> {
        self.backlog
            .add(
                key,
                Draft {
                    title: title.into(),
                    area: area.to_owned(),
                    role,
                    priority,
                    size,
                    after,
                    criteria,
                },
            )
            .map(|_| ())
    }
}

pub fn plan(bp: &Blueprint) -> Result<Backlog, String> {
    let mut p = Planner {
        bp,
        backlog: Backlog::default(),
    };
    foundation(&mut p)?;
    migrations(&mut p)?;
    identity_and_gateway(&mut p)?;
    uploads(&mut p)?;
    entity_apis(&mut p)?;
    states_and_references(&mut p)?;
    capabilities(&mut p)?;
    web(&mut p)?;
    quality(&mut p)?;
    operations(&mut p)?;
    security(&mut p)?;
    docs(&mut p)?;
    Ok(p.backlog)
}

fn foundation(p: &mut Planner<'_>) -> Result<(), String> {
    let bp = p.bp;
    p.add(
        "platform",
        "Workspace and shared platform crate",
        "foundation",
        Role::Backend,
        Priority::P0,
        Size::base(4).per(bp.services.len(), 1, "service"),
        vec![],
        vec![
            format!(
                "`cargo build` builds the workspace: `platform` and {} service crates",
                bp.services.len()
            ),
            "a service missing a required environment variable refuses to start with one line naming it".to_owned(),
            "every transaction sets `app.user_id`, `app.roles` and `app.tenant_id` with `set_config(…, true)` before its first query".to_owned(),
            "errors are `application/problem+json` with `type`, `title`, `status`, `detail`, `instance` and `request_id`".to_owned(),
            "`/healthz`, `/readyz` (follows the database) and `/metrics` (Prometheus) answer on every service".to_owned(),
        ],
    )?;
    p.add(
        "ci",
        "Continuous integration: build, lint and test on every push",
        "foundation",
        Role::DevOps,
        Priority::P0,
        Size::base(3).per(bp.services.len(), 1, "service"),
        vec!["platform".into()],
        vec![
            "a push runs `cargo fmt --check`, `cargo clippy -D warnings`, the tests of every service against a real PostgreSQL, and the web app's type check and build".to_owned(),
            "a failing test or lint fails the run".to_owned(),
            "line coverage of the services is reported and at least 80%".to_owned(),
        ],
    )
}

fn migrations(p: &mut Planner<'_>) -> Result<(), String> {
    let bp = p.bp;
    for s in &bp.services {
        let schema = er::schema(bp, s);
        let entities: Vec<&Entity> = bp.entities_of(&s.name).collect();
        let fields: usize = entities.iter().map(|e| e.fields.len()).sum();
        let links: usize = entities.iter().map(|e| e.links.len()).sum();
        let machines = entities.iter().filter(|e| e.states.is_some()).count();
        let constraints: usize = entities
            .iter()
            .map(|e| e.unique.len() + e.indexes.len())
            .sum();
        let tables: Vec<String> = schema.tables.iter().map(|t| code(&t.name)).collect();
        let owner = bp.owner_role(&s.name);
        let app = bp.app_role(&s.name);
        let mut criteria = vec![
            format!(
                "`db/{}/0001_init.sql` applies in one transaction to an empty `{}` as `{owner}`, and applying it twice fails without changing anything",
                s.name,
                bp.database_name(&s.name)
            ),
            format!(
                "{} {} `FORCE ROW LEVEL SECURITY` and policies, all `TO {app}`",
                words::and_list(&tables),
                if tables.len() == 1 {
                    "has"
                } else {
                    "each have"
                }
            ),
            format!(
                "connected as `{app}` without `app.user_id`, writing to any table fails with 42501 unless its create rule is `public`"
            ),
        ];
        if let Some(e) = entities.iter().find(|e| e.owned) {
            criteria.push(format!(
                "connected as `{app}` with `app.user_id` set, an INSERT into `{}` gets that user as `owner_id`, and another user's UPDATE of it changes no row",
                e.names.plural_snake
            ));
        }
        if bp.multi_tenant() && s.kind == ServiceKind::Domain {
            criteria.push("with `app.tenant_id` of one organization, no row of another organization is visible or changeable".to_owned());
        }
        if machines > 0 {
            criteria.push("an UPDATE that changes a state field outside an allowed transition fails with 23514".to_owned());
        }
        let size = if s.kind == ServiceKind::Identity {
            Size::base(3).per(schema.tables.len(), 1, "table")
        } else {
            Size::base(1)
                .per(schema.tables.len(), 1, "table")
                .per(fields, 1, "field")
                .per(links, 1, "link")
                .per(machines, 2, "state machine")
                .per(constraints, 1, "index")
        };
        p.add(
            format!("migration:{}", s.name),
            format!("Database migration of {}", s.name),
            &s.name,
            Role::Backend,
            Priority::P0,
            size,
            vec!["platform".into()],
            criteria,
        )?;
    }
    Ok(())
}

fn identity_and_gateway(p: &mut Planner<'_>) -> Result<(), String> {
    let bp = p.bp;
    let mut criteria = vec![
        "`POST /api/identity/auth/sign-in` with the right password sets `keel_access` (HttpOnly, Secure, SameSite=Lax, Path=/api) and `keel_refresh` (HttpOnly, Secure, SameSite=Strict, Path=/api/identity/auth); with a wrong one returns 401 and sets nothing".to_owned(),
        "passwords are stored as argon2id hashes; the same password gives different hashes".to_owned(),
        "the access token is an EdDSA (Ed25519) JWT valid for 15 minutes, verifiable with `GET /api/identity/.well-known/jwks.json`".to_owned(),
        "`POST /api/identity/auth/refresh` rotates the refresh token; presenting the old one again returns 401 and revokes the whole family".to_owned(),
        "`POST /api/identity/auth/sign-out` revokes the refresh token and clears both cookies".to_owned(),
        "`GET /api/identity/auth/me` returns the caller; `GET /api/identity/users/{id}` returns a public profile without the email".to_owned(),
    ];
    criteria.insert(
        0,
        if bp.sign_up == SignUp::Invite {
            "`POST /api/identity/auth/sign-up` without a valid invitation returns 403".to_owned()
        } else {
            "`POST /api/identity/auth/sign-up` creates an account (201); the same email again returns 409".to_owned()
        },
    );
    if !bp.roles.is_empty() && !bp.multi_tenant() {
        let who = if bp.roles.iter().any(|r| r == "admin") {
            "only an admin can change them"
        } else {
            "only an operator can grant them, in the database"
        };
        criteria.push(format!(
            "the token's `roles` claim holds the user's roles (any of {}); {who}",
            bp.roles.join(", ")
        ));
    }
    p.add(
        "identity",
        "Identity service: sign-up, sign-in, refresh, sign-out",
        "identity",
        Role::Backend,
        Priority::P0,
        Size::base(8).per(bp.roles.len(), 1, "role"),
        vec!["migration:identity".into()],
        criteria,
    )?;
    if bp.multi_tenant() {
        p.add(
            "organizations",
            "Organizations, memberships and invitations",
            "identity",
            Role::Backend,
            Priority::P0,
            Size::base(6).per(bp.roles.len(), 1, "role"),
            vec!["identity".into()],
            vec![
                "a signed-in user creates an organization and becomes its admin".to_owned(),
                "an admin invites an email address with roles; accepting the invitation creates the membership, once, before it expires".to_owned(),
                format!("membership roles are any of {}; only an admin of the organization changes them", bp.roles.join(", ")),
                "signing in to an organization puts its id in the token's `tid` claim; a user who is not a member cannot sign in to it".to_owned(),
            ],
        )?;
    }
    let routes: Vec<String> = bp
        .services
        .iter()
        .map(|s| code(&format!("/api/{}/*", s.name)))
        .collect();
    p.add(
        "gateway",
        "Gateway: routing, web app, rate limits, security headers",
        "gateway",
        Role::Backend,
        Priority::P0,
        Size::base(4).per(bp.services.len(), 1, "service"),
        vec!["identity".into()],
        vec![
            format!("{} reach their services unchanged", words::and_list(&routes)),
            "`/` and every non-API path serve the built web app (`WEB_DIR`)".to_owned(),
            "more than `RATE_LIMIT_PER_MINUTE` requests a minute from one client get 429 with `Retry-After`".to_owned(),
            "responses carry `Content-Security-Policy`, `Strict-Transport-Security`, `X-Content-Type-Options: nosniff` and `Referrer-Policy`".to_owned(),
            "a service that is down gives 503 problem+json, not a hanging request".to_owned(),
        ],
    )
}

fn uploads(p: &mut Planner<'_>) -> Result<(), String> {
    let bp = p.bp;
    for s in bp.domain_services() {
        if !er::has_uploads(bp, &s.name) {
            continue;
        }
        let files: Vec<(&Entity, &keel_blueprint::Field)> = bp
            .entities_of(&s.name)
            .flat_map(|e| {
                e.fields
                    .iter()
                    .filter(|f| f.ty == FieldType::File)
                    .map(move |f| (e, f))
            })
            .collect();
        let mut criteria = vec![format!(
            "`POST /api/{}/uploads` stores the raw body and returns `{{id, content_type, size}}`; `GET /api/{}/uploads/{{id}}` returns the same bytes",
            s.name, s.name
        )];
        for (e, f) in &files {
            criteria.push(format!(
                "for `{}.{}`: a type other than {} returns 415, and a file over {} returns 413",
                e.name,
                f.name,
                words::or_list(&f.accept),
                words::size(f.max_size.unwrap_or(0))
            ));
        }
        criteria.push(
            "only the uploader can delete an upload; fields that pointed at it become null"
                .to_owned(),
        );
        p.add(
            format!("uploads:{}", s.name),
            format!("File uploads in {}", s.name),
            &s.name,
            Role::Backend,
            Priority::P1,
            Size::base(3).per(files.len(), 1, "file field"),
            vec![format!("migration:{}", s.name), "identity".into()],
            criteria,
        )?;
    }
    Ok(())
}

/// Entities with every parent before its children (parents are acyclic),
/// otherwise in file order.
fn parents_first(bp: &Blueprint) -> Vec<&Entity> {
    fn visit<'a>(bp: &'a Blueprint, e: &'a Entity, out: &mut Vec<&'a Entity>) {
        if out.iter().any(|o| o.name == e.name) {
            return;
        }
        for parent in e.parents() {
            if let Some(pe) = bp.entity(&parent.target) {
                visit(bp, pe, out);
            }
        }
        out.push(e);
    }
    let mut out = Vec::new();
    for e in &bp.entities {
        visit(bp, e, &mut out);
    }
    out
}

fn rule_count(e: &Entity) -> usize {
    Op::ALL
        .iter()
        .filter(|op| {
            let rule = e.access.rule(**op);
            !rule.allows_public() && !rule.is_nobody()
        })
        .count()
}

fn entity_apis(p: &mut Planner<'_>) -> Result<(), String> {
    let bp = p.bp;
    for e in parents_first(bp) {
        let mut after = vec![format!("migration:{}", e.service), "identity".to_owned()];
        if bp.multi_tenant() {
            after.push("organizations".into());
        }
        after.extend(e.parents().map(|l| format!("api:{}", l.target)));
        if e.fields.iter().any(|f| f.ty == FieldType::File) {
            after.push(format!("uploads:{}", e.service));
        }
        let size = Size::base(2)
            .per(e.writable_fields().count(), 1, "field")
            .per(e.links.len(), 1, "link")
            .per(rule_count(e), 1, "restricted rule");
        p.add(
            format!("api:{}", e.name),
            format!("{} API", e.name),
            &e.service,
            Role::Backend,
            Priority::P1,
            size,
            after,
            criteria::api(bp, e),
        )?;
    }
    Ok(())
}

fn states_and_references(p: &mut Planner<'_>) -> Result<(), String> {
    let bp = p.bp;
    for e in &bp.entities {
        if let Some(m) = &e.states {
            let from: usize = m.transitions.iter().map(|t| t.from.len()).sum();
            p.add(
                format!("states:{}", e.name),
                format!("{} state machine: {}", e.name, transitions_title(e)),
                &e.service,
                Role::Backend,
                Priority::P1,
                Size::base(1).per(m.transitions.len(), 1, "transition").per(
                    from,
                    1,
                    "source state",
                ),
                vec![format!("api:{}", e.name)],
                criteria::states(bp, e),
            )?;
        }
    }
    for (e, link) in remote_links(bp) {
        let target = if link.target == USER {
            "identity".to_owned()
        } else {
            format!("api:{}", link.target)
        };
        p.add(
            format!("ref:{}.{}", e.name, link.name),
            format!(
                "Check `{}.{}` against {} through its API",
                e.names.plural_snake, link.column, link.target_service
            ),
            &e.service,
            Role::Backend,
            Priority::P1,
            Size::base(3)
                .per(1, 1, "call")
                .per(usize::from(!link.required), 1, "optional case"),
            vec![format!("api:{}", e.name), target],
            criteria::reference(bp, e, link),
        )?;
    }
    Ok(())
}

fn transitions_title(e: &Entity) -> String {
    let names: Vec<&str> = e
        .states
        .iter()
        .flat_map(|m| m.transitions.iter().map(|t| t.name.as_str()))
        .collect();
    words::and_list(&names)
}

fn capabilities(p: &mut Planner<'_>) -> Result<(), String> {
    let bp = p.bp;
    for cap in &bp.capabilities {
        match cap {
            Capability::Uploads => {} // planned per service, before the APIs
            Capability::Search => {
                for e in bp.entities.iter().filter(|e| !e.search.is_empty()) {
                    let list = words::collection_path(e);
                    p.add(
                        format!("search:{}", e.name),
                        format!("Full-text search of {}", e.names.plural_words),
                        &e.service,
                        Role::Backend,
                        Priority::P2,
                        Size::base(2).per(e.search.len(), 1, "field"),
                        vec![format!("api:{}", e.name)],
                        vec![
                            format!(
                                "{} returns only {} whose {} contain the word, best matches first",
                                code(&format!("GET {list}?q=word")),
                                e.names.plural_words,
                                words::or_list(&e.search)
                            ),
                            "`q` combines with `limit`, `offset` and the filters; rows the caller may not read never appear".to_owned(),
                            format!("the query uses the `{}_search_idx` GIN index (checked with `EXPLAIN`)", e.names.plural_snake),
                        ],
                    )?;
                }
            }
            Capability::Payments => {
                let money: Vec<&Entity> = bp
                    .entities
                    .iter()
                    .filter(|e| e.fields.iter().any(|f| f.ty == FieldType::Money))
                    .collect();
                let fields: usize = money
                    .iter()
                    .map(|e| e.fields.iter().filter(|f| f.ty == FieldType::Money).count())
                    .sum();
                let mut after: Vec<String> =
                    money.iter().map(|e| format!("api:{}", e.name)).collect();
                after.extend(
                    money
                        .iter()
                        .filter(|e| e.states.is_some())
                        .map(|e| format!("states:{}", e.name)),
                );
                if after.is_empty() {
                    after.push("identity".into());
                }
                let amounts: Vec<String> = money
                    .iter()
                    .flat_map(|e| {
                        e.fields
                            .iter()
                            .filter(|f| f.ty == FieldType::Money)
                            .map(move |f| format!("`{}.{}`", e.name, f.name))
                    })
                    .collect();
                let mut criteria = vec![
                    "card details are entered on the payment provider's page or widget; no request to the services contains a card number".to_owned(),
                    "the provider's confirmation is verified (signature) before any state changes; a forged one changes nothing".to_owned(),
                ];
                if !amounts.is_empty() {
                    criteria.insert(0, format!(
                        "{} are integers of minor units end to end; `12.5` in a body returns 422",
                        words::and_list(&amounts)
                    ));
                }
                p.add(
                    "payments",
                    "Payments through the payment provider",
                    "payments",
                    Role::Backend,
                    Priority::P1,
                    Size::base(8).per(fields, 1, "money field"),
                    after,
                    criteria,
                )?;
            }
            Capability::Email => {
                let mut criteria = vec![
                    "emails are sent after the transaction commits, through a configurable SMTP server; a failing server does not fail the request, and the send is retried".to_owned(),
                    "no email address appears in logs".to_owned(),
                ];
                if bp.multi_tenant() {
                    criteria.insert(
                        0,
                        "an invitation sends an email with a single-use link that expires"
                            .to_owned(),
                    );
                }
                let emails: Vec<String> = bp
                    .entities
                    .iter()
                    .flat_map(|e| {
                        e.fields
                            .iter()
                            .filter(|f| f.ty == FieldType::Email)
                            .map(move |f| format!("`{}.{}`", e.name, f.name))
                    })
                    .collect();
                if !emails.is_empty() {
                    criteria.push(format!(
                        "addresses in {} are validated before anything is sent to them",
                        words::and_list(&emails)
                    ));
                }
                let after = if bp.multi_tenant() {
                    "organizations"
                } else {
                    "identity"
                };
                p.add(
                    "email",
                    "Email delivery",
                    "email",
                    Role::Backend,
                    Priority::P2,
                    Size::base(4).per(emails.len(), 1, "email field"),
                    vec![after.to_owned()],
                    criteria,
                )?;
            }
            Capability::Notifications | Capability::Realtime | Capability::Scheduling => {
                let (title, criteria) = match cap {
                    Capability::Notifications => (
                        "In-app notifications",
                        vec!["a user sees notifications meant for them only, newest first, and can mark them read".to_owned()],
                    ),
                    Capability::Realtime => (
                        "Real-time updates",
                        vec!["a change a user may read reaches their open page within 2 seconds, without polling; changes they may not read never do".to_owned()],
                    ),
                    _ => (
                        "Scheduled jobs",
                        vec!["scheduled jobs run once per schedule across all replicas, and a failed run is retried and logged".to_owned()],
                    ),
                };
                p.add(
                    cap.as_str(),
                    title,
                    cap.as_str(),
                    Role::Backend,
                    Priority::P2,
                    Size::base(5),
                    vec!["gateway".into()],
                    criteria,
                )?;
            }
        }
    }
    Ok(())
}

fn web(p: &mut Planner<'_>) -> Result<(), String> {
    let bp = p.bp;
    let mut shell = vec![
        "sign-up, sign-in and sign-out pages work against the identity service".to_owned(),
        "on a 401 the client refreshes once and retries; if that fails it shows the sign-in page".to_owned(),
        "no token is ever in `localStorage`, `sessionStorage` or the bundle; the built bundle holds no secret".to_owned(),
        "the API client is generated from `api/*.yaml`; `tsc --noEmit` passes".to_owned(),
    ];
    if bp.multi_tenant() {
        shell.push(
            "a user in several organizations picks one, and the pages show only its data"
                .to_owned(),
        );
    }
    p.add(
        "web",
        "Web app shell: sign-in, navigation, typed API client",
        "web",
        Role::Frontend,
        Priority::P1,
        Size::base(5).per(bp.entities.len(), 1, "page"),
        vec!["gateway".into()],
        shell,
    )?;
    for e in &bp.entities {
        let mut after = vec!["web".to_owned(), format!("api:{}", e.name)];
        if e.states.is_some() {
            after.push(format!("states:{}", e.name));
        }
        // (a transition `by: nobody` has no endpoint, so no button)
        let buttons: Vec<String> = e
            .states
            .iter()
            .flat_map(|m| &m.transitions)
            .filter(|t| t.endpoint().is_some())
            .map(|t| format!("`{}`", t.name))
            .collect();
        let transitions = buttons.len();
        let writable: Vec<&str> = e.writable_fields().map(|f| f.name.as_str()).collect();
        let mut criteria = vec![format!(
            "a list page shows {} with paging, newest first",
            e.names.plural_words
        )];
        if !writable.is_empty() {
            criteria.push(format!(
                "the form edits {} and shows the API's 422 errors next to the fields",
                words::and_list(
                    &writable
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                )
            ));
        }
        if !buttons.is_empty() {
            criteria.push(format!(
                "{} {}, shown only in the states {} from",
                words::and_list(&buttons),
                if buttons.len() == 1 {
                    "is a button"
                } else {
                    "are buttons"
                },
                if buttons.len() == 1 {
                    "it starts"
                } else {
                    "they start"
                }
            ));
        }
        criteria.push(format!(
            "actions the caller may not take (by `update: {}`, `delete: {}`) are hidden, and a refused request shows a message instead of failing silently",
            e.access.update, e.access.delete
        ));
        if e.fields.iter().any(|f| f.ty == FieldType::File) {
            criteria.push(
                "files are uploaded first and previewed; a rejected type or size shows the reason"
                    .to_owned(),
            );
        }
        p.add(
            format!("ui:{}", e.name),
            format!("{} pages", e.name),
            "web",
            Role::Frontend,
            Priority::P2,
            Size::base(2)
                .per(writable.len(), 1, "field")
                .per(e.links.len(), 1, "link")
                .per(transitions, 1, "transition"),
            after,
            criteria,
        )?;
    }
    Ok(())
}

fn quality(p: &mut Planner<'_>) -> Result<(), String> {
    let bp = p.bp;
    let actors = keel_agent_docs::access::Actor::all(bp).len() + usize::from(bp.multi_tenant());
    for e in &bp.entities {
        let mut after = vec![format!("api:{}", e.name)];
        if e.states.is_some() {
            after.push(format!("states:{}", e.name));
        }
        let ops = 4 + e
            .states
            .iter()
            .flat_map(|m| &m.transitions)
            .filter(|t| t.endpoint().is_some())
            .count();
        p.add(
            format!("access:{}", e.name),
            format!("Access-matrix tests of {}", e.name),
            "quality",
            Role::Qa,
            Priority::P1,
            Size::base(1)
                .per(ops, 1, "operation")
                .per(actors, 1, "caller"),
            after,
            criteria::access_matrix(bp, e),
        )?;
    }
    for s in bp.domain_services() {
        let after: Vec<String> = bp
            .entities_of(&s.name)
            .map(|e| format!("api:{}", e.name))
            .collect();
        let count = after.len();
        p.add(
            format!("contract:{}", s.name),
            format!("Contract tests of {}", s.name),
            "quality",
            Role::Qa,
            Priority::P2,
            Size::base(2).per(count, 1, "entity"),
            after,
            vec![
                format!("`api/{}.yaml` passes spectral (`spectral:oas`) and openapi-spec-validator", s.name),
                format!("schemathesis against a running {} finds no 5xx and no response that breaks the contract", s.name),
            ],
        )?;
    }
    let ui: Vec<String> = bp
        .entities
        .iter()
        .map(|e| format!("ui:{}", e.name))
        .collect();
    let first = bp.entities.first();
    let mut e2e = vec![
        "a new user signs up, signs in, signs out and signs in again in a real browser (headless Chromium)".to_owned(),
        "every page renders without console errors; screenshots are kept as evidence".to_owned(),
    ];
    if let Some(e) = first {
        e2e.push(format!(
            "a signed-in user creates {} through the pages and finds it in the list",
            words::a(&e.names.words)
        ));
    }
    p.add(
        "e2e",
        "End-to-end tests in the browser",
        "quality",
        Role::Qa,
        Priority::P2,
        Size::base(3).per(ui.len(), 1, "page"),
        ui,
        e2e,
    )
}

fn operations(p: &mut Planner<'_>) -> Result<(), String> {
    let bp = p.bp;
    p.add(
        "images",
        "Container images and Helm chart",
        "operations",
        Role::DevOps,
        Priority::P1,
        Size::base(3).per(bp.services.len() + 1, 1, "image"),
        vec!["ci".into(), "gateway".into()],
        vec![
            "one image per service and the gateway, non-root, read-only root filesystem; hadolint passes".to_owned(),
            "`helm lint` passes and `helm template` output validates with kubernetes-validate --strict".to_owned(),
            "a migration job applies `db/<service>/0001_init.sql` as the owner role before the services start".to_owned(),
            "liveness probes use `/healthz` and readiness probes `/readyz`".to_owned(),
        ],
    )?;
    let mut previous: Option<String> = None;
    for env in &bp.environments {
        let mut after = vec!["images".to_owned()];
        if let Some(prev) = &previous {
            after.push(prev.clone());
        }
        let mut criteria = vec![
            format!(
                "`helm template` with the {} values gives every service {} replica{} and an autoscaler from {} to {} pods at {}% CPU",
                env.name,
                env.replicas,
                if env.replicas == 1 { "" } else { "s" },
                env.autoscale.min,
                env.autoscale.max,
                env.autoscale.cpu
            ),
            format!(
                "each pod requests {} CPU and {} memory, limited to {} and {}",
                env.resources.cpu_request,
                env.resources.memory_request,
                env.resources.cpu_limit,
                env.resources.memory_limit
            ),
            format!(
                "secrets (`JWT_PRIVATE_KEY`, database passwords) come from Kubernetes secrets of {}, never from the chart's values",
                env.name
            ),
        ];
        if !env.domain.is_empty() {
            criteria.push(format!(
                "`https://{}` serves the web app over TLS, and `/api/identity/.well-known/jwks.json` answers",
                env.domain
            ));
        }
        criteria.push(if env.name == "production" {
            "deploys on a release tag, after the same build passed in the previous environment"
                .to_owned()
        } else {
            "deploys on every push to main".to_owned()
        });
        let priority = if previous.is_none() {
            Priority::P1
        } else {
            Priority::P2
        };
        let key = format!("env:{}", env.name);
        p.add(
            key.clone(),
            format!("Deploy to {}", env.name),
            "operations",
            Role::DevOps,
            priority,
            Size::base(3).per(bp.services.len(), 1, "service"),
            after,
            criteria,
        )?;
        previous = Some(key);
    }
    let first_env = bp.environments.first().map(|e| format!("env:{}", e.name));
    let mut after = vec!["images".to_owned()];
    after.extend(first_env.clone());
    p.add(
        "observability",
        "Dashboards and alerts",
        "operations",
        Role::DevOps,
        Priority::P2,
        Size::base(3).per(bp.services.len() + 1, 1, "part"),
        after.clone(),
        vec![
            "Prometheus scrapes `/metrics` of the gateway and every service".to_owned(),
            "alerts fire when a service is not ready for 5 minutes, on a 5xx rate above 1%, and when p95 latency exceeds 1 second".to_owned(),
            "logs of all services are searchable by request id".to_owned(),
        ],
    )?;
    let databases: Vec<String> = bp
        .services
        .iter()
        .map(|s| code(&bp.database_name(&s.name)))
        .collect();
    p.add(
        "backups",
        "Backups and a restore drill",
        "operations",
        Role::DevOps,
        Priority::P2,
        Size::base(2).per(bp.services.len(), 1, "database"),
        after,
        vec![
            format!("{} are backed up daily, as a role that bypasses row-level security", words::and_list(&databases)),
            "a restore into an empty server, following `docs/RUNBOOK.md`, brings every service back to ready".to_owned(),
            "the restore drill's duration is recorded in the runbook".to_owned(),
        ],
    )
}

fn security(p: &mut Planner<'_>) -> Result<(), String> {
    let bp = p.bp;
    let remote = remote_links(bp).len();
    let mut threat = vec![
        "`docs/SECURITY.md` is reviewed against the running system: each row of the access matrix is covered by a test".to_owned(),
        "no table, in any service, is reachable by the app role without row-level security".to_owned(),
        "a scan for secrets (detect-secrets) of the repository and the web bundle finds nothing".to_owned(),
    ];
    let public_writes: Vec<String> = bp
        .entities
        .iter()
        .filter(|e| e.access.create.allows_public())
        .map(|e| e.name.clone())
        .collect();
    if !public_writes.is_empty() {
        threat.push(format!(
            "anonymous creation of {} is rate limited and cannot be used to flood the database",
            words::and_list(&public_writes)
        ));
    }
    p.add(
        "threat-model",
        "Threat model review and security tests",
        "security",
        Role::Security,
        Priority::P1,
        Size::base(3)
            .per(bp.roles.len(), 1, "role")
            .per(remote, 1, "cross-service reference"),
        vec!["gateway".into()],
        threat,
    )?;
    let mut after = vec!["images".to_owned()];
    if p.backlog.has("payments") {
        after.push("payments".into());
    }
    let mut secrets = vec![
        "`JWT_PRIVATE_KEY` exists only in identity's secret; rotating it follows the runbook without signing anyone out".to_owned(),
        format!(
            "each of the {} services has its own database password, and none uses an owner role",
            bp.services.len()
        ),
    ];
    if bp.has(Capability::Payments) {
        secrets.push("the payment provider's keys are only in the secret of the service that calls the provider".to_owned());
    }
    p.add(
        "secrets",
        "Secrets management and key rotation",
        "security",
        Role::Security,
        Priority::P1,
        Size::base(3).per(bp.services.len(), 1, "service"),
        after,
        secrets,
    )?;
    Ok(())
}

fn docs(p: &mut Planner<'_>) -> Result<(), String> {
    let bp = p.bp;
    let adrs = adr::list(bp);
    p.add(
        "docs",
        "Review the architecture, decisions and runbook",
        "docs",
        Role::Docs,
        Priority::P3,
        Size::base(1).per(adrs.len(), 1, "decision record"),
        vec!["threat-model".into(), "backups".into()],
        vec![
            format!(
                "each of the {} decision records in `docs/adr/` is still true of the code, or superseded by a new one",
                adrs.len()
            ),
            "every Mermaid diagram in `docs/` renders (mermaid-cli)".to_owned(),
            "the runbook's procedures were each run once, and what differed is fixed".to_owned(),
        ],
    )?;
    Ok(())
}
