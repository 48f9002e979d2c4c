//! Plain data as TypeScript source: object literals with bare keys,
//! one property per line, so generated files read like hand-written ones.

use serde_json::Value;

use crate::openapi::is_identifier;
use crate::typescript::literal;

/// Marks a string as TypeScript source to emit verbatim (`api.getRecipe`).
const RAW: &str = "\u{0}raw:";

/// A value that renders as the given TypeScript expression.
pub fn raw(expression: impl AsRef<str>) -> Value {
    Value::String(format!("{RAW}{}", expression.as_ref()))
}

/// `value` as a TypeScript expression, indented for nesting level `indent`.
pub fn render(value: &Value, indent: usize) -> String {
    match value {
        Value::String(s) if s.starts_with(RAW) => s[RAW.len()..].to_owned(),
        Value::Array(items) if items.is_empty() => "[]".into(),
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            let inline = format!(
                "[{}]",
                items.iter().map(literal).collect::<Vec<_>>().join(", ")
            );
            if inline.len() + indent * 2 <= 90 {
                inline
            } else {
                block(
                    '[',
                    ']',
                    items.iter().map(|i| render(i, indent + 1)),
                    indent,
                )
            }
        }
        Value::Array(items) => block(
            '[',
            ']',
            items.iter().map(|i| render(i, indent + 1)),
            indent,
        ),
        Value::Object(map) if map.is_empty() => "{}".into(),
        Value::Object(map) => {
            let inline_ok = map.values().all(|v| !v.is_object() && !v.is_array());
            let entries: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", key(k), render(v, indent + 1)))
                .collect();
            let inline = format!("{{ {} }}", entries.join(", "));
            if inline_ok && inline.len() + indent * 2 <= 90 {
                inline
            } else {
                block('{', '}', entries.into_iter(), indent)
            }
        }
        other => literal(other),
    }
}

fn key(k: &str) -> String {
    if is_identifier(k) {
        k.to_owned()
    } else {
        literal(&Value::String(k.to_owned()))
    }
}

fn block(open: char, close: char, items: impl Iterator<Item = String>, indent: usize) -> String {
    let pad = "  ".repeat(indent + 1);
    let mut s = format!("{open}\n");
    for item in items {
        s.push_str(&pad);
        s.push_str(&item);
        s.push_str(",\n");
    }
    s.push_str(&"  ".repeat(indent));
    s.push(close);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn short_objects_stay_on_one_line() {
        assert_eq!(
            render(&json!({"term": "role", "role": "admin"}), 0),
            r#"{ term: "role", role: "admin" }"#
        );
        assert_eq!(render(&json!({"a-b": 1}), 0), r#"{ "a-b": 1 }"#);
        assert_eq!(
            render(&json!([{"a": [1]}]), 0),
            "[\n  {\n    a: [1],\n  },\n]"
        );
        assert_eq!(render(&json!({"run": raw("api.x")}), 0), "{ run: api.x }");
    }
}
