//! Blueprints to generate from, and walks over the generated documents.

#![allow(dead_code)]

use std::path::PathBuf;

use keel_blueprint::{Blueprint, SourceFile};
use serde_json::Value;

/// The example blueprints and the synthetic 30-entity fixture, by name.
pub const ALL: [&str; 5] = ["recipes", "projects", "marketplace", "blog", "thirty"];

fn path(name: &str) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    if name == "thirty" {
        root.join("tests/fixtures/thirty/keel.yaml")
    } else {
        root.join("../../../examples").join(name).join("keel.yaml")
    }
}

pub fn blueprint(name: &str) -> Blueprint {
    let path = path(name);
    let text = std::fs::read_to_string(&path).unwrap();
    from_text(&path.display().to_string(), &text)
}

pub fn from_text(name: &str, text: &str) -> Blueprint {
    keel_blueprint::check(&SourceFile::new(name.to_owned(), text.to_owned()))
        .unwrap_or_else(|e| panic!("{name} is invalid: {e:?}"))
        .blueprint
}

/// Every service's document of a blueprint: (service, document, YAML text).
pub fn documents(blueprint: &Blueprint) -> Vec<(String, Value, String)> {
    blueprint
        .services
        .iter()
        .map(|s| {
            let doc = keel_agent_contracts::document(blueprint, s).unwrap();
            let text = keel_agent_contracts::render(blueprint, s).unwrap();
            (s.name.clone(), doc, text)
        })
        .collect()
}

/// A JSON pointer segment (`/` → `~1`, `~` → `~0`).
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Visits every node with its JSON pointer.
pub fn walk(value: &Value, pointer: &str, visit: &mut dyn FnMut(&str, &Value)) {
    visit(pointer, value);
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                walk(v, &format!("{pointer}/{}", escape(k)), visit);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                walk(v, &format!("{pointer}/{i}"), visit);
            }
        }
        _ => {}
    }
}

/// Whether a node is a schema, by where it sits (never inside an example
/// or a default value).
pub fn is_schema(pointer: &str) -> bool {
    let segments: Vec<&str> = pointer.split('/').collect();
    if segments
        .iter()
        .any(|s| matches!(*s, "examples" | "example" | "default" | "enum"))
    {
        return false;
    }
    let n = segments.len();
    let last = segments[n - 1];
    let parent = if n >= 2 { segments[n - 2] } else { "" };
    let grandparent = if n >= 3 { segments[n - 3] } else { "" };
    last == "schema"
        || last == "items"
        || parent == "properties"
        || (parent == "schemas" && grandparent == "components")
}

/// Every schema node of a document, with its pointer.
pub fn schemas(doc: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    walk(doc, "", &mut |pointer, node| {
        if is_schema(pointer) && node.is_object() {
            out.push((pointer.to_owned(), node.clone()));
        }
    });
    out
}

/// A pointer as a URI fragment (percent-encoding what fragments cannot hold).
pub fn fragment(pointer: &str) -> String {
    let mut out = String::new();
    for b in pointer.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
