//! Every example and default in every generated contract satisfies its own
//! schema (formats included), and every schema has an example.

mod support;

use jsonschema::{Draft, Registry, Validator};
use serde_json::{Value, json};

const BASE: &str = "urn:keel:contract";

fn validator(registry: &Registry<'_>, pointer: &str) -> Validator {
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .should_validate_formats(true)
        .with_registry(registry)
        .build(&json!({ "$ref": format!("{BASE}#{}", support::fragment(pointer)) }))
        .unwrap_or_else(|e| panic!("{pointer}: {e}"))
}

/// Validates each value against the schema at `pointer`; returns the errors.
fn check(registry: &Registry<'_>, pointer: &str, values: &[Value]) -> Vec<String> {
    let v = validator(registry, pointer);
    values
        .iter()
        .flat_map(|value| {
            v.iter_errors(value)
                .map(|e| format!("{pointer}: {value} — {e}"))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Every example, default and media-type example of a document, checked.
/// Returns how many values were checked and the failures.
fn check_document(doc: &Value) -> (usize, Vec<String>) {
    let registry = Registry::new()
        .add(BASE, doc.clone())
        .unwrap()
        .prepare()
        .unwrap();
    let mut checked = 0;
    let mut failures = Vec::new();
    for (pointer, schema) in support::schemas(doc) {
        let mut values: Vec<Value> = schema
            .get("examples")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        values.extend(schema.get("default").cloned());
        if !values.is_empty() {
            checked += values.len();
            failures.extend(check(&registry, &pointer, &values));
        }
    }
    // Media types that carry an example next to their schema.
    support::walk(doc, "", &mut |pointer, node| {
        if let (Some(example), Some(_)) = (node.get("example"), node.get("schema")) {
            checked += 1;
            failures.extend(check(
                &registry,
                &format!("{pointer}/schema"),
                std::slice::from_ref(example),
            ));
        }
    });
    (checked, failures)
}

#[test]
fn every_example_satisfies_its_schema() {
    for name in support::ALL {
        let blueprint = support::blueprint(name);
        for (service, doc, _) in support::documents(&blueprint) {
            let (checked, failures) = check_document(&doc);
            assert!(
                failures.is_empty(),
                "{name}/{service}:\n{}",
                failures.join("\n")
            );
            assert!(checked > 20, "{name}/{service}: only {checked} examples");
        }
    }
}

#[test]
fn the_check_catches_a_wrong_example() {
    let blueprint = support::blueprint("recipes");
    let service = blueprint.service("cookbook").unwrap();
    let mut doc = keel_agent_contracts::document(&blueprint, service).unwrap();
    let recipe = &mut doc["components"]["schemas"]["Recipe"];
    recipe["examples"][0]["servings"] = json!(4000);
    recipe["properties"]["photo"]["examples"][0] = json!("not-a-uuid");
    let (_, failures) = check_document(&doc);
    assert_eq!(failures.len(), 2, "{failures:#?}");
}

#[test]
fn every_schema_has_an_example() {
    for name in support::ALL {
        let blueprint = support::blueprint(name);
        for (service, doc, _) in support::documents(&blueprint) {
            for (pointer, schema) in support::schemas(&doc) {
                let is_ref = schema.get("$ref").is_some();
                assert!(
                    is_ref || schema.get("examples").is_some(),
                    "{name}/{service}: {pointer} has no example"
                );
            }
        }
    }
}
