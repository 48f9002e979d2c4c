//! Assembles a service's OpenAPI 3.1 document from its operations and
//! schemas. Every component is defined once and referenced; only components
//! something refers to are included.

use std::collections::{BTreeSet, VecDeque};

use keel_blueprint::{Blueprint, Service, ServiceKind};
use serde_json::{Map, Value, json};

use crate::access::Auth;
use crate::fields::{UUID_MAX, capitalised, with_example};
use crate::operation::{Body, Kind, Operation, ParamValue, QueryParam, Success};
use crate::query::{LIMIT_DEFAULT, LIMIT_MAX, OFFSET_MAX, SEARCH_MAX};
use crate::{examples, identity, problems, routes, schemas, uploads};

pub const OPENAPI: &str = "3.1.0";
/// The contract's own version. Blueprints carry no version yet; clients
/// pin the generated file itself (see keel.lock).
pub const API_VERSION: &str = "0.1.0";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ContractError {
    #[error(
        "the {service} service defines `{name}` twice in its contract; rename the entity that clashes with it"
    )]
    DuplicateSchema { service: String, name: String },
    #[error(
        "the {service} service has two operations with the id `{id}`; rename the entity or transition that clashes"
    )]
    DuplicateOperation { service: String, id: String },
}

/// The operations of a service, identity or domain.
pub fn operations(blueprint: &Blueprint, service: &Service) -> Vec<Operation> {
    match service.kind {
        ServiceKind::Identity => identity::operations(blueprint),
        ServiceKind::Domain => routes::domain(blueprint, service),
    }
}

/// The OpenAPI document of a service.
pub fn document(blueprint: &Blueprint, service: &Service) -> Result<Value, ContractError> {
    let ops = operations(blueprint, service);
    let mut ids = BTreeSet::new();
    for op in &ops {
        if !ids.insert(op.operation_id.as_str()) {
            return Err(ContractError::DuplicateOperation {
                service: service.name.clone(),
                id: op.operation_id.clone(),
            });
        }
    }
    let base = format!("/api/{}", service.name);
    let mut doc = Map::new();
    doc.insert("openapi".into(), json!(OPENAPI));
    doc.insert("info".into(), info(blueprint, service));
    doc.insert("servers".into(), servers(blueprint));
    doc.insert("tags".into(), tags(blueprint, service, &ops));
    doc.insert("paths".into(), paths(blueprint, &ops));
    doc.insert(
        "components".into(),
        components(blueprint, service, &ops, &base)?,
    );
    Ok(Value::Object(doc))
}

fn info(blueprint: &Blueprint, service: &Service) -> Value {
    let what = if service.description.is_empty() {
        match service.kind {
            ServiceKind::Identity => "Accounts, sessions and roles.".to_owned(),
            ServiceKind::Domain => format!("The {} service.", service.name),
        }
    } else {
        crate::fields::sentence(&service.description)
    };
    let mut description = format!("{what} Part of {}", blueprint.app);
    if blueprint.description.is_empty() {
        description.push('.');
    } else {
        description.push_str(": ");
        description.push_str(&crate::fields::sentence(&blueprint.description));
    }
    description.push_str(&format!(
        " Every path is under `/api/{}`; errors are RFC 9457 problem details.",
        service.name
    ));
    json!({
        "title": format!("{} {} API", blueprint.app, service.name),
        "version": API_VERSION,
        "description": description,
        "contact": { "name": format!("The {} team", blueprint.app) },
    })
}

fn servers(blueprint: &Blueprint) -> Value {
    let mut list = vec![json!({
        "url": "/",
        "description": "The gateway that serves this document (locally http://127.0.0.1:8080).",
    })];
    for env in blueprint
        .environments
        .iter()
        .filter(|e| !e.domain.is_empty())
    {
        list.push(json!({
            "url": format!("https://{}", env.domain),
            "description": format!("The {} environment.", env.name),
        }));
    }
    Value::Array(list)
}

fn tags(blueprint: &Blueprint, service: &Service, ops: &[Operation]) -> Value {
    let mut seen: Vec<&str> = Vec::new();
    for op in ops {
        if !seen.contains(&op.tag.as_str()) {
            seen.push(&op.tag);
        }
    }
    let identity_tags = identity::tags(blueprint);
    let described = |tag: &str| -> String {
        if let Some((_, d)) = identity_tags.iter().find(|(t, _)| *t == tag) {
            return (*d).to_owned();
        }
        if tag == uploads::TAG {
            return "Files for the file fields of this service.".to_owned();
        }
        match blueprint.entity(tag) {
            Some(e) if !e.description.is_empty() => crate::fields::sentence(&e.description),
            Some(e) => format!(
                "{} of the {} service.",
                capitalised(&e.names.plural_words),
                service.name
            ),
            None => String::new(),
        }
    };
    Value::Array(
        seen.iter()
            .map(|t| json!({ "name": t, "description": described(t) }))
            .collect(),
    )
}

/// Path items in the order their first operation appears.
fn paths(blueprint: &Blueprint, ops: &[Operation]) -> Value {
    let mut paths = Map::new();
    for op in ops {
        let item = paths.entry(op.path.clone()).or_insert_with(|| json!({}));
        item[op.method.as_lower()] = operation(blueprint, op);
    }
    Value::Object(paths)
}

fn operation(blueprint: &Blueprint, op: &Operation) -> Value {
    let mut o = Map::new();
    o.insert("operationId".into(), json!(op.operation_id));
    o.insert("summary".into(), json!(op.summary));
    o.insert("description".into(), json!(op.description));
    o.insert("tags".into(), json!([op.tag]));
    if let Some(security) = problems::requirement(op.auth) {
        o.insert("security".into(), security);
    }
    let mut parameters: Vec<Value> = op
        .path_params
        .iter()
        .map(|p| json!({ "$ref": format!("#/components/parameters/{p}") }))
        .collect();
    parameters.extend(op.query.iter().map(query_param));
    if !parameters.is_empty() {
        o.insert("parameters".into(), Value::Array(parameters));
    }
    if let Some(body) = &op.request {
        o.insert("requestBody".into(), request_body(body));
    }
    let mut responses = Map::new();
    responses.insert(op.response.status.to_string(), success(blueprint, op));
    for code in &op.errors {
        let (name, _) = problems::response_name(*code);
        responses.insert(
            code.to_string(),
            json!({ "$ref": format!("#/components/responses/{name}") }),
        );
    }
    o.insert("responses".into(), Value::Object(responses));
    Value::Object(o)
}

/// Shared parameters are referenced; the rest are inline.
fn query_param(p: &QueryParam) -> Value {
    let schema = match &p.value {
        ParamValue::Limit | ParamValue::Offset => {
            return json!({ "$ref": format!("#/components/parameters/{}", p.name) });
        }
        ParamValue::Sort { keys, default } => {
            let values: Vec<String> = keys
                .iter()
                .flat_map(|k| [k.clone(), format!("-{k}")])
                .collect();
            with_example(
                json!({ "type": "string", "enum": values, "default": default }),
                json!(default),
            )
        }
        ParamValue::Search => with_example(
            json!({ "type": "string", "minLength": 1, "maxLength": SEARCH_MAX }),
            json!("example"),
        ),
        ParamValue::Uuid => with_example(
            json!({ "type": "string", "format": "uuid", "maxLength": UUID_MAX }),
            json!(examples::uuid(&p.name)),
        ),
        ParamValue::Boolean => with_example(json!({ "type": "boolean" }), json!(true)),
        ParamValue::Enum { values } => with_example(
            json!({ "type": "string", "enum": values }),
            json!(values.first()),
        ),
    };
    json!({
        "name": p.name,
        "in": "query",
        "required": p.required,
        "description": p.description,
        "schema": schema,
    })
}

fn request_body(body: &Body) -> Value {
    match body {
        Body::Json { schema } => json!({
            "required": true,
            "content": { "application/json": { "schema": schemas::reference(schema) } },
        }),
        Body::Binary {
            media_types,
            max_size,
        } => json!({
            "required": true,
            "description": format!(
                "The file's bytes, at most {} (the field's own limit may be lower).",
                crate::fields::size(*max_size)
            ),
            "content": binary(media_types),
        }),
    }
}

/// Raw bytes of each media type; in OpenAPI 3.1 a media type without a
/// schema is arbitrary binary content.
fn binary(media_types: &[String]) -> Value {
    Value::Object(media_types.iter().map(|m| (m.clone(), json!({}))).collect())
}

/// How a resource is called in prose: an entity's words, else the
/// built-in resource's name in lowercase.
fn resource_words(blueprint: &Blueprint, op: &Operation) -> String {
    let resource = op.resource.as_deref().unwrap_or("resource");
    match blueprint.entity(resource) {
        Some(e) => e.names.words.clone(),
        None if resource == "Jwks" => "key set".to_owned(),
        None if op.kind == Kind::Me => "signed-in user".to_owned(),
        None => resource.to_lowercase(),
    }
}

fn success(blueprint: &Blueprint, op: &Operation) -> Value {
    let Success {
        status,
        body,
        location,
        set_cookie,
    } = &op.response;
    let words = resource_words(blueprint, op);
    let description = match (&op.kind, status) {
        (Kind::List, _) => "A page of results.".to_owned(),
        (Kind::Delete | Kind::RevokeInvitation, _) => "Deleted.".to_owned(),
        (Kind::SignOut, _) => "Signed out; the cookies are cleared.".to_owned(),
        (Kind::Download, _) => "The file.".to_owned(),
        (Kind::SignUp, _) => "Signed up and in; the cookies are set.".to_owned(),
        (Kind::SignIn | Kind::Refresh | Kind::SwitchOrganization, _) => {
            "The session; the cookies are set.".to_owned()
        }
        (_, 201) => format!("Created: the new {words}."),
        _ => format!("The {words}."),
    };
    let mut r = Map::new();
    r.insert("description".into(), json!(description));
    let mut headers = Map::new();
    if *location {
        headers.insert(
            "Location".into(),
            json!({ "$ref": format!("#/components/headers/{}", problems::LOCATION) }),
        );
    }
    if *set_cookie {
        headers.insert(
            "Set-Cookie".into(),
            json!({ "$ref": format!("#/components/headers/{}", problems::SET_COOKIE) }),
        );
    }
    if !headers.is_empty() {
        r.insert("headers".into(), Value::Object(headers));
    }
    match body {
        Some(Body::Json { schema }) => {
            r.insert(
                "content".into(),
                json!({ "application/json": { "schema": schemas::reference(schema) } }),
            );
        }
        Some(Body::Binary { media_types, .. }) => {
            r.insert("content".into(), binary(media_types));
        }
        None => {}
    }
    Value::Object(r)
}

/// Candidate schemas of the service, in order: entities (resource, create,
/// update, list), then uploads, identity schemas and the problem.
fn candidate_schemas(
    blueprint: &Blueprint,
    service: &Service,
    instance: &str,
) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    match service.kind {
        ServiceKind::Identity => out.extend(identity::schemas::all(blueprint)),
        ServiceKind::Domain => {
            for entity in blueprint.entities_of(&service.name) {
                let resource = schemas::resource(blueprint, entity);
                let example = schemas::example_of(&resource);
                out.push((schemas::resource_name(entity), resource));
                out.push((
                    schemas::create_name(entity),
                    schemas::create(blueprint, entity),
                ));
                if routes::updatable(entity) {
                    out.push((
                        schemas::update_name(entity),
                        schemas::update(blueprint, entity),
                    ));
                }
                out.push((
                    schemas::list_name(entity),
                    schemas::list(
                        &schemas::resource_name(entity),
                        &entity.names.plural_words,
                        example,
                    ),
                ));
            }
            out.push((schemas::CREATED.into(), schemas::created()));
            if routes::has_files(blueprint, &service.name) {
                out.push((
                    uploads::SCHEMA.into(),
                    uploads::schema(blueprint, &service.name),
                ));
            }
        }
    }
    out.push((problems::SCHEMA.into(), problems::schema(instance)));
    out
}

/// Every `$ref` target name under `value` (`#/components/schemas/X` → X).
fn referenced_schemas(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "$ref" {
                    if let Some(name) = v
                        .as_str()
                        .and_then(|r| r.strip_prefix("#/components/schemas/"))
                    {
                        out.push(name.to_owned());
                    }
                } else {
                    referenced_schemas(v, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| referenced_schemas(v, out)),
        _ => {}
    }
}

fn components(
    blueprint: &Blueprint,
    service: &Service,
    ops: &[Operation],
    instance: &str,
) -> Result<Value, ContractError> {
    let candidates = candidate_schemas(blueprint, service, instance);
    let mut names = BTreeSet::new();
    for (name, _) in &candidates {
        if !names.insert(name.as_str()) {
            return Err(ContractError::DuplicateSchema {
                service: service.name.clone(),
                name: name.clone(),
            });
        }
    }

    // What the operations use, and what that uses in turn.
    let mut wanted: Vec<String> = Vec::new();
    for op in ops {
        for body in op.request.iter().chain(op.response.body.iter()) {
            if let Body::Json { schema } = body {
                wanted.push(schema.clone());
            }
        }
        if !op.errors.is_empty() {
            wanted.push(problems::SCHEMA.into());
        }
    }
    let mut used = BTreeSet::new();
    let mut queue: VecDeque<String> = wanted.into();
    while let Some(name) = queue.pop_front() {
        if !used.insert(name.clone()) {
            continue;
        }
        if let Some((_, schema)) = candidates.iter().find(|(n, _)| *n == name) {
            let mut refs = Vec::new();
            referenced_schemas(schema, &mut refs);
            queue.extend(refs);
        }
    }
    let schemas: Map<String, Value> = candidates
        .into_iter()
        .filter(|(n, _)| used.contains(n))
        .collect();

    let mut parameters = Map::new();
    let uses = |name: &str| {
        ops.iter().any(|o| {
            o.path_params.iter().any(|p| p == name) || o.query.iter().any(|q| q.name == name)
        })
    };
    if uses("id") {
        parameters.insert(
            "id".into(),
            json!({
                "name": "id",
                "in": "path",
                "required": true,
                "description": "The resource's id.",
                "schema": with_example(
                    json!({ "type": "string", "format": "uuid", "maxLength": UUID_MAX }),
                    json!(examples::uuid("id")),
                ),
            }),
        );
    }
    let paged = |name: &str| {
        ops.iter().any(|o| {
            o.query.iter().any(|q| {
                q.name == name && matches!(q.value, ParamValue::Limit | ParamValue::Offset)
            })
        })
    };
    if paged("limit") {
        parameters.insert(
            "limit".into(),
            json!({
                "name": "limit",
                "in": "query",
                "required": false,
                "description": format!("How many items to return (1–{LIMIT_MAX})."),
                "schema": with_example(
                    json!({ "type": "integer", "minimum": 1, "maximum": LIMIT_MAX, "default": LIMIT_DEFAULT }),
                    json!(LIMIT_DEFAULT),
                ),
            }),
        );
    }
    if paged("offset") {
        parameters.insert(
            "offset".into(),
            json!({
                "name": "offset",
                "in": "query",
                "required": false,
                "description": format!("How many items to skip (0–{OFFSET_MAX})."),
                "schema": with_example(
                    json!({ "type": "integer", "minimum": 0, "maximum": OFFSET_MAX, "default": 0 }),
                    json!(0),
                ),
            }),
        );
    }

    let statuses: BTreeSet<u16> = ops.iter().flat_map(|o| o.errors.iter().copied()).collect();
    let responses: Map<String, Value> = statuses
        .iter()
        .map(|&code| {
            let (name, _) = problems::response_name(code);
            (name.to_owned(), problems::response(code, instance))
        })
        .collect();

    let location_example = ops
        .iter()
        .find(|o| o.response.location)
        .map(|o| format!("{}/{}", o.path, examples::uuid("id")));
    let set_cookie = ops.iter().any(|o| o.response.set_cookie);
    let mut headers = problems::headers(location_example.as_deref(), set_cookie);
    if statuses.is_empty() {
        headers.remove(problems::RETRY_AFTER);
    }

    let tokens = ops
        .iter()
        .any(|o| matches!(o.auth, Auth::Optional | Auth::Required));
    let refresh = ops
        .iter()
        .any(|o| matches!(o.auth, Auth::Refresh | Auth::RefreshOptional));

    let mut c = Map::new();
    c.insert("schemas".into(), Value::Object(schemas));
    if !parameters.is_empty() {
        c.insert("parameters".into(), Value::Object(parameters));
    }
    if !responses.is_empty() {
        c.insert("responses".into(), Value::Object(responses));
    }
    if !headers.is_empty() {
        c.insert("headers".into(), Value::Object(headers));
    }
    if tokens || refresh {
        let mut schemes = problems::security_schemes(refresh);
        if !tokens {
            if let Value::Object(m) = &mut schemes {
                m.remove("cookieAuth");
                m.remove("bearerAuth");
            }
        }
        c.insert("securitySchemes".into(), schemes);
    }
    Ok(Value::Object(c))
}
