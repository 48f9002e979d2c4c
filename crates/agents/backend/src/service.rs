//! A domain service crate: `lib.rs` (configuration, state, the app),
//! a short `main.rs`, `routes.rs` (every route in one place), one module per
//! entity, and `uploads.rs` when an entity has a file field.

use keel_agent_contracts::{Kind, Method};
use keel_blueprint::{Blueprint, Entity, FieldType, IDENTITY, Service};

use crate::{entity, layout};

/// `COOKBOOK_URL`: the variable that holds a service's base URL.
pub fn url_var(service: &str) -> String {
    format!("{}_URL", service.to_uppercase())
}

fn port_of(blueprint: &Blueprint, service: &str) -> u16 {
    blueprint.service(service).map(|s| s.port).unwrap_or(8081)
}

/// Names no entity module may take: the crate's other modules (`lib`,
/// `main`, `routes`, `uploads`), the modules its files import by name
/// (`platform::rows`, `platform::list::{self, ..}`,
/// `platform::validate::{self as v, ..}`, `platform::config::{self, ..}`,
/// `platform::server::{self, ..}`) and the crates their paths start from.
const TAKEN: &[&str] = &[
    "lib",
    "main",
    "routes",
    "uploads",
    "config",
    "list",
    "rows",
    "server",
    "v",
    "alloc",
    "axum",
    "core",
    "platform",
    "regex",
    "serde_json",
    "std",
    "tokio",
    "uuid",
];

/// The module of each entity of a service, in the service's order (see
/// [`keel_blueprint::names::module_names`]; [`TAKEN`] is what it avoids).
pub(crate) fn modules<'a>(blueprint: &'a Blueprint, service: &str) -> Vec<(&'a Entity, String)> {
    let entities: Vec<&Entity> = blueprint
        .entities
        .iter()
        .filter(|e| e.service == service)
        .collect();
    let names = keel_blueprint::names::module_names(&entities, TAKEN);
    entities.into_iter().zip(names).collect()
}

/// The module of an entity's handlers (see [`modules`]).
pub(crate) fn module_name(blueprint: &Blueprint, entity: &Entity) -> String {
    modules(blueprint, &entity.service)
        .into_iter()
        .find(|(e, _)| e.name == entity.name)
        .map_or_else(|| entity.names.plural_snake.clone(), |(_, m)| m)
}

pub fn has_uploads(blueprint: &Blueprint, service: &Service) -> bool {
    blueprint
        .entities_of(&service.name)
        .any(|e| e.fields.iter().any(|f| f.ty == FieldType::File))
}

/// Every `(path, file)` of the crate's sources.
pub fn files(blueprint: &Blueprint, service: &Service) -> Vec<(String, String)> {
    let dir = format!("services/{}/src", service.name);
    let mut out = vec![
        (format!("{dir}/lib.rs"), lib_rs(blueprint, service)),
        (format!("{dir}/main.rs"), main_rs(service)),
        (format!("{dir}/routes.rs"), routes_rs(blueprint, service)),
    ];
    for (entity, module) in modules(blueprint, &service.name) {
        out.push((
            format!("{dir}/{module}.rs"),
            entity::module(blueprint, service, entity),
        ));
    }
    if has_uploads(blueprint, service) {
        out.push((format!("{dir}/uploads.rs"), uploads_rs(blueprint, service)));
    }
    out
}

fn crate_name(service: &str) -> String {
    format!("{service}_service")
}

fn lib_rs(blueprint: &Blueprint, service: &Service) -> String {
    let name = &service.name;
    let mut modules: Vec<String> = modules(blueprint, name)
        .into_iter()
        .map(|(_, m)| m)
        .collect();
    modules.push("routes".to_owned());
    if has_uploads(blueprint, service) {
        modules.push("uploads".to_owned());
    }
    modules.sort();
    let description = if service.description.is_empty() {
        String::new()
    } else {
        format!(" {}", service.description.replace('\n', " "))
    };
    let mut out = format!(
        "//! The {name} service of {app}.{description}\n//!\n//! `routes.rs` lists every route; each entity has a module with its handlers.\n\n",
        app = blueprint.app
    );
    for m in &modules {
        out.push_str(&format!("pub mod {m};\n"));
    }
    let calls = &service.calls;
    out.push('\n');
    if !calls.is_empty() {
        out.push_str("use std::sync::Arc;\n\n");
    }
    out.push_str("use axum::Router;\nuse platform::auth::TokenVerifier;\nuse platform::config::{self, ConfigError};\nuse platform::db::Db;\n");
    if !calls.is_empty() {
        out.push_str("use platform::remote::Remote;\n");
    }
    out.push_str("use platform::server::{self, Platform};\n\n");
    out.push_str(&format!(
        "/// This service's name; it serves under `/api/{name}`.\npub const SERVICE: &str = \"{name}\";\n/// The database migration, applied by whoever runs the system (keel up,\n/// the Helm migration job, the tests) as the database owner.\n{migration}/// The role the service connects as; it does not bypass row-level security.\npub const APP_ROLE: &str = \"{role}\";\n\n",
        role = blueprint.app_role(name),
        migration = layout::assign(
            0,
            "pub const MIGRATION: &str",
            &format!("include_str!(\"../../../db/{name}/0001_init.sql\")")
        ),
    ));
    out.push_str("/// Configuration from the environment.\n#[derive(Debug, Clone)]\npub struct Config {\n    pub port: u16,\n    pub database_url: String,\n    pub jwt_public_key: String,\n    pub jwt_issuer: String,\n");
    for call in calls {
        out.push_str(&format!("    pub {call}_url: String,\n"));
    }
    out.push_str("}\n\n");
    out.push_str(&format!(
        "impl Config {{\n    pub fn from_env() -> Result<Self, ConfigError> {{\n        Ok(Config {{\n            port: config::parsed(\"PORT\", {port})?,\n            database_url: config::required(\"DATABASE_URL\", \"PostgreSQL URL of the app role\")?,\n            jwt_public_key: config::required(\"JWT_PUBLIC_KEY\", \"Ed25519 public key, SPKI PEM\")?,\n            jwt_issuer: config::or(\"JWT_ISSUER\", \"{app}\"),\n",
        port = service.port,
        app = blueprint.app
    ));
    for call in calls {
        out.push_str(&layout::list(
            12,
            &format!("{call}_url: config::or("),
            &[
                format!("\"{}\"", url_var(call)),
                format!("\"http://127.0.0.1:{}\"", port_of(blueprint, call)),
            ],
            "),",
        ));
    }
    out.push_str("        })\n    }\n}\n\n");
    out.push_str("/// What every handler can reach.\n#[derive(Clone)]\npub struct AppState {\n    pub db: Db,\n");
    for call in calls {
        out.push_str(&format!(
            "    /// The {call} service, for reference checks.\n    pub {call}: Arc<Remote>,\n"
        ));
    }
    out.push_str("}\n\n");
    out.push_str("/// The whole service: its routes inside the platform's layers.\npub fn app(config: &Config) -> Result<Router, ConfigError> {\n    let verifier = TokenVerifier::from_pem(&config.jwt_public_key, &config.jwt_issuer)\n        .map_err(|e| ConfigError(format!(\"JWT_PUBLIC_KEY is malformed: {e}\")))?;\n    let db = Db::connect_lazy(&config.database_url).map_err(ConfigError)?;\n");
    if calls.is_empty() {
        out.push_str("    let state = AppState { db: db.clone() };\n");
    } else {
        out.push_str("    let state = AppState {\n        db: db.clone(),\n");
        for call in calls {
            out.push_str(&layout::call_in_call(
                8,
                &format!("{call}: "),
                "Arc::new",
                "Remote::new",
                &[format!("\"{call}\""), format!("&config.{call}_url")],
                ",",
            ));
        }
        out.push_str("    };\n");
    }
    out.push_str("    let platform = Platform::new(SERVICE, Some(db), Some(verifier));\n    Ok(server::app(routes::router(state), platform))\n}\n");
    out
}

fn main_rs(service: &Service) -> String {
    let mut uses = [
        format!("use {}::{{Config, app}};", crate_name(&service.name)),
        "use platform::config::or_exit;".to_owned(),
    ];
    uses.sort();
    format!(
        "//! The {name} service: configuration from the environment, then serve.\n\n{uses}\n\n#[tokio::main]\nasync fn main() -> std::io::Result<()> {{\n    platform::telemetry::init();\n    let config = or_exit(Config::from_env());\n    let app = or_exit(app(&config));\n    platform::server::serve(app, config.port).await\n}}\n",
        name = service.name,
        uses = uses.join("\n"),
    )
}

/// `(method, path, handler)` of every route of a domain service: exactly
/// the operations of its contract (`keel_agent_contracts::operations`).
pub fn routes(blueprint: &Blueprint, service: &Service) -> Vec<(String, String, String)> {
    // Computed once: the service's module list is the same for every route.
    let modules = modules(blueprint, &service.name);
    keel_agent_contracts::operations(blueprint, service)
        .into_iter()
        .map(|op| {
            let module = op
                .resource
                .as_deref()
                .and_then(|r| blueprint.entity(r))
                .map_or_else(
                    || "uploads".to_owned(),
                    |e| {
                        modules
                            .iter()
                            .find(|(m, _)| m.name == e.name)
                            .map_or_else(|| e.names.plural_snake.clone(), |(_, m)| m.clone())
                    },
                );
            let handler = match &op.kind {
                Kind::List => "list".to_owned(),
                Kind::Create | Kind::Upload => "create".to_owned(),
                Kind::Get | Kind::Download => "get".to_owned(),
                Kind::Update => "update".to_owned(),
                Kind::Delete => "delete".to_owned(),
                Kind::Transition(name) => name.clone(),
                other => unreachable!("a domain service has no {other:?} operation"),
            };
            (
                method_name(op.method),
                op.path,
                format!("{module}::{handler}"),
            )
        })
        .collect()
}

/// `GET`, `POST`, … as in the route table.
pub fn method_name(method: Method) -> String {
    method.as_lower().to_uppercase()
}

/// `routes.rs`: the route table and the router built from it.
pub fn routes_rs(blueprint: &Blueprint, service: &Service) -> String {
    let routes = routes(blueprint, service);
    render_routes(&service.name, &routes, &modules_of(&routes))
}

fn modules_of(routes: &[(String, String, String)]) -> Vec<String> {
    let mut modules: Vec<String> = routes
        .iter()
        .filter_map(|(_, _, h)| h.split("::").next().map(str::to_owned))
        .collect();
    modules.sort();
    modules.dedup();
    modules
}

/// Renders a `routes.rs` for any service (identity included).
pub fn render_routes(
    service: &str,
    routes: &[(String, String, String)],
    modules: &[String],
) -> String {
    let mut methods: Vec<&str> = routes
        .iter()
        .map(|(m, _, _)| match m.as_str() {
            "GET" => "get",
            "POST" => "post",
            "PATCH" => "patch",
            "PUT" => "put",
            _ => "delete",
        })
        .collect();
    methods.sort();
    methods.dedup();
    // Chained method routers start from a free function; later ones are
    // methods of `MethodRouter`, so only the first method of a path is imported.
    let mut by_path: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for (method, path, handler) in routes {
        match by_path.iter_mut().find(|(p, _)| p == path) {
            Some((_, handlers)) => handlers.push((method.to_lowercase(), handler.clone())),
            None => by_path.push((path.clone(), vec![(method.to_lowercase(), handler.clone())])),
        }
    }
    let mut first: Vec<String> = by_path.iter().map(|(_, h)| h[0].0.clone()).collect();
    first.sort();
    first.dedup();
    let mut imported = vec!["AppState".to_owned()];
    imported.extend(modules.iter().map(|m| m.to_string()));
    let mut out = format!(
        "//! Every route of the {service} service, as in `api/{service}.yaml`.\n\nuse axum::Router;\nuse axum::routing::{};\n\n{}\n",
        if first.len() == 1 {
            first[0].clone()
        } else {
            format!("{{{}}}", first.join(", "))
        },
        layout::use_list("crate", &imported)
    );
    out.push_str("/// `(method, path)` of every route, checked against the contract by the tests.\npub const ROUTES: &[(&str, &str)] = &[\n");
    for (method, path, _) in routes {
        // (A tuple wider than rustfmt's `SHORT` has an item per line.)
        let items = format!("\"{method}\", \"{path}\"");
        if items.chars().count() > layout::SHORT {
            out.push_str(&format!(
                "    (\n        \"{method}\",\n        \"{path}\",\n    ),\n"
            ));
        } else {
            out.push_str(&format!("    ({items}),\n"));
        }
    }
    out.push_str("];\n\npub fn router(state: AppState) -> Router {\n    Router::new()\n");
    for (path, handlers) in &by_path {
        let calls: Vec<String> = handlers[1..]
            .iter()
            .map(|(m, h)| format!(".{m}({h})"))
            .collect();
        let first = format!("{}({})", handlers[0].0, handlers[0].1);
        let one = format!("\"{path}\", {first}{}", calls.concat());
        let line = format!("        .route({one})");
        if line.chars().count() <= layout::WIDTH && one.chars().count() <= layout::SHORT {
            out.push_str(&format!("{line}\n"));
        } else {
            out.push_str(&format!(
                "        .route(\n            \"{path}\",\n            {},\n        )\n",
                layout::chain(12, &first, &calls)
            ));
        }
    }
    out.push_str("        .with_state(state)\n}\n");
    out
}

fn uploads_rs(blueprint: &Blueprint, service: &Service) -> String {
    let mut consts = String::new();
    let mut fields: Vec<[String; 3]> = Vec::new();
    for e in blueprint.entities_of(&service.name) {
        for f in e.fields.iter().filter(|f| f.ty == FieldType::File) {
            let key = keel_agent_contracts::upload_field_key(e, f);
            let name = key.replace('.', "_").to_uppercase();
            consts.push_str(&layout::str_array(
                0,
                &format!("const {name}: &[&str]"),
                &f.accept,
            ));
            let max_size = f.max_size.unwrap_or(10 * 1024 * 1024).to_string();
            fields.push([key, name, max_size]);
        }
    }
    // A `FileField { … }` whose closing brace is at `indent`.
    let file_field = |[key, name, max_size]: &[String; 3], indent: usize| {
        let pad = " ".repeat(indent);
        format!(
            "FileField {{\n{pad}    key: \"{key}\",\n{}{pad}    max_size: {max_size},\n{pad}}}",
            layout::struct_field(indent + 4, "accept", name)
        )
    };
    // rustfmt keeps a lone struct literal on the array's own lines.
    let fields = match fields.as_slice() {
        [one] => format!("[{}]", file_field(one, 0)),
        many => {
            let many: Vec<String> = many.iter().map(|f| file_field(f, 4)).collect();
            format!("[\n    {},\n]", many.join(",\n    "))
        }
    };
    format!(
        "//! Uploaded files: `POST /api/{name}/uploads?field=<entity>.<field>` with the\n//! raw file as the body, checked against that field's media types and size,\n//! and `GET /api/{name}/uploads/{{id}}`.\n\nuse axum::extract::{{Request, State}};\nuse axum::http::header;\nuse axum::response::{{IntoResponse, Response}};\nuse platform::body::{{self, Id, QueryPairs}};\nuse platform::db::db_error;\nuse platform::{{Caller, Problem, rows, uploads}};\n\nuse crate::AppState;\n\n/// A file field: `<entity>.<field>`, the media types it accepts (any when\n/// empty) and its largest size in bytes.\npub struct FileField {{\n    pub key: &'static str,\n    pub accept: &'static [&'static str],\n    pub max_size: usize,\n}}\n\n{consts}\n/// Every file field of this service.\npub const FIELDS: &[FileField] = &{fields};\n\n/// `POST /api/{name}/uploads?field=…` (201 with `{{id, content_type, size}}`).\npub async fn create(\n    State(state): State<AppState>,\n    caller: Caller,\n    QueryPairs(query): QueryPairs,\n    request: Request,\n) -> Result<Response, Problem> {{\n    caller.require()?;\n    let wanted = query\n        .iter()\n        .find(|(key, _)| key == \"field\")\n        .map(|(_, value)| value.as_str());\n    let field = FIELDS\n        .iter()\n        .find(|f| Some(f.key) == wanted)\n        .ok_or_else(|| Problem::bad_request(\"field must name a file field: <entity>.<field>\"))?;\n    let media = body::media_type(&request);\n    if !field.accept.is_empty() && !field.accept.contains(&media.as_str()) {{\n        return Err(Problem::unsupported_media_type(&field.accept.join(\", \")));\n    }}\n    let data = body::read(request, field.max_size).await?;\n    let mut tx = state.db.begin(&caller).await?;\n    let row = uploads::store(&mut tx, &media, &data).await?;\n    tx.commit().await.map_err(db_error)?;\n{created}}}\n\n/// `GET /api/{name}/uploads/{{id}}`: the file itself.\npub async fn get(\n    State(state): State<AppState>,\n    caller: Caller,\n    Id(id): Id,\n) -> Result<Response, Problem> {{\n    let mut tx = state.db.begin(&caller).await?;\n    let (content_type, data) = uploads::load(&mut tx, id)\n        .await?\n        .ok_or_else(|| Problem::not_found(\"upload\"))?;\n    tx.commit().await.map_err(db_error)?;\n    let headers = [\n        (header::CONTENT_TYPE, content_type),\n        (header::X_CONTENT_TYPE_OPTIONS, \"nosniff\".to_owned()),\n    ];\n    Ok((headers, data).into_response())\n}}\n",
        name = service.name,
        created = layout::call_in_call(
            4,
            "",
            "Ok",
            "rows::created",
            &[
                format!("\"/api/{}/uploads\"", service.name),
                "row".to_owned()
            ],
            "",
        ),
    )
}

/// The package name of a service crate.
pub fn package(service: &str) -> String {
    if service == IDENTITY {
        "identity-service".to_owned()
    } else {
        format!("{service}-service")
    }
}
