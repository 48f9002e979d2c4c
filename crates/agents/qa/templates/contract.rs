//! The contract of the {{ service }} service, `api/{{ service }}.yaml`, as
//! the tests hold the service to it: every answer the tests get must be
//! one its operation documents (status, and a JSON body that matches that
//! response's schema), and the service must route exactly its operations.

#![allow(dead_code)]

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, LazyLock, Mutex};

use jsonschema::Validator;
use serde_json::{Value, json};

/// The contract, read when the tests are built: editing it rebuilds them.
const TEXT: &str = include_str!("../../../../api/{{ service }}.yaml");

static DOCUMENT: LazyLock<Value> = LazyLock::new(|| {
    let yaml: serde_yaml_ng::Value = serde_yaml_ng::from_str(TEXT).expect("the contract is YAML");
    serde_json::to_value(yaml).expect("the contract is JSON-compatible")
});

/// Validators by `$ref`, compiled once per test binary.
static VALIDATORS: LazyLock<Mutex<HashMap<String, Arc<Validator>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// HTTP methods an OpenAPI path item can hold, as the router knows them.
pub const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE"];

/// `(METHOD, path)` of every operation of the contract.
pub fn operations() -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in DOCUMENT["paths"].as_object().expect("paths") {
        for method in METHODS {
            if item.get(method.to_lowercase()).is_some() {
                out.insert(((*method).to_owned(), path.clone()));
            }
        }
    }
    out
}

/// The operation of the contract that `method` on the concrete `path`
/// calls: its path template, then the operation. Literal segments win
/// over parameters (`/invitations/accept` over `/invitations/{id}`).
fn find(method: &str, path: &str) -> Option<(&'static str, &'static Value)> {
    let path = path.split('?').next().unwrap_or_default();
    let segments: Vec<&str> = path.split('/').collect();
    let mut best: Option<(usize, &'static str, &'static Value)> = None;
    for (template, item) in DOCUMENT["paths"].as_object()? {
        let parts: Vec<&str> = template.split('/').collect();
        if parts.len() != segments.len() {
            continue;
        }
        let matches = parts
            .iter()
            .zip(&segments)
            .all(|(p, s)| p == s || (p.starts_with('{') && !s.is_empty()));
        let Some(operation) = item.get(method.to_lowercase()) else {
            continue;
        };
        let literal = parts.iter().filter(|p| !p.starts_with('{')).count();
        if matches && best.is_none_or(|(l, _, _)| literal > l) {
            best = Some((literal, template.as_str(), operation));
        }
    }
    best.map(|(_, template, operation)| (template, operation))
}

/// Follows a `$ref` inside the contract.
fn resolve(value: &'static Value) -> &'static Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let pointer = reference.trim_start_matches('#');
            DOCUMENT
                .pointer(pointer)
                .expect("a $ref the contract defines")
        }
        None => value,
    }
}

/// A validator of `schema` (a `$ref` into the components), with formats
/// checked too.
fn validator(schema: &Value) -> Arc<Validator> {
    let key = schema.to_string();
    let mut cache = VALIDATORS.lock().expect("the validator cache");
    if let Some(v) = cache.get(&key) {
        return v.clone();
    }
    let mut root = schema.clone();
    root["components"] = DOCUMENT["components"].clone();
    let built = jsonschema::options()
        .should_validate_formats(true)
        .build(&root)
        .unwrap_or_else(|e| panic!("the contract's schema {key} compiles: {e}"));
    let built = Arc::new(built);
    cache.insert(key, built.clone());
    built
}

/// Holds an answer to the contract: `method path` is an operation of it
/// (answers to anything else, such as unknown routes, are not checked
/// here), `status` is one of the operation's documented responses, and a
/// JSON body matches that response's schema.
pub fn check(method: &str, path: &str, status: u16, content_type: &str, body: &Value) {
    let Some((template, operation)) = find(method, path) else {
        return;
    };
    let what = format!("{method} {path} ({template})");
    let Some(response) = operation["responses"].get(status.to_string()) else {
        let documented: Vec<&String> = operation["responses"]
            .as_object()
            .map(|r| r.keys().collect())
            .unwrap_or_default();
        panic!(
            "{what} answered {status}, which the contract does not list ({documented:?}): {body}"
        );
    };
    let response = resolve(response);
    let media = content_type.split(';').next().unwrap_or_default().trim();
    let Some(content) = response.get("content").and_then(Value::as_object) else {
        assert!(
            body.is_null(),
            "{what} answered {status} with a body the contract does not have: {body}"
        );
        return;
    };
    let Some(schema) = content.get(media).and_then(|c| c.get("schema")) else {
        let documented: Vec<&String> = content.keys().collect();
        assert!(
            !media.ends_with("json") || documented.iter().any(|m| m.as_str() == media),
            "{what} answered {status} as {media}, not as the contract's {documented:?}"
        );
        return;
    };
    let errors: Vec<String> = validator(schema)
        .iter_errors(body)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} answered {status} with a body that does not match {schema}: {errors:?}\n{body}"
    );
}

/// The path of an operation with every parameter set to `id`.
pub fn concrete(path: &str, id: &str) -> String {
    path.replace("{id}", id)
}

/// Whether an answer says the router has no such route (as opposed to a
/// resource that is not found).
pub fn unrouted(status: u16, body: &Value) -> bool {
    status == 405 || (status == 404 && body["detail"] == json!("no such route"))
}
