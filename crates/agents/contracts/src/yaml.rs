//! Writes a JSON value as block-style YAML that reads the same in YAML 1.1
//! and YAML 1.2.
//!
//! Why not a YAML crate: the maintained serde YAML serializers
//! (`serde_norway`, `serde_yaml_ng`) quote a string only when a YAML 1.2
//! reader would take it for something else, so `yes`, `on`, `2025-01-15` and
//! `12:30` come out plain. The readers of these contracts are often YAML 1.1
//! (PyYAML in openapi-spec-validator and schemathesis, js-yaml's timestamps in
//! Swagger UI), which read those as a boolean, a date and a sexagesimal
//! number, so an enum value `on` or a date example would change type. Here a
//! string is plain only when it is unambiguous in both versions; everything
//! else is a JSON string literal, which is a valid YAML double-quoted scalar.
//! The output is a small, fixed subset of YAML (block mappings and
//! sequences, plain or double-quoted scalars, `{}` and `[]`), which keeps the
//! writer short and byte-deterministic.

use serde_json::{Map, Value};

/// The YAML text of `value` (a document ending in a newline).
pub fn to_string(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => mapping(&mut out, map, 0),
        Value::Array(items) if !items.is_empty() => sequence(&mut out, items, 0),
        scalar => {
            out.push_str(&inline(scalar));
            out.push('\n');
        }
    }
    out
}

fn mapping(out: &mut String, map: &Map<String, Value>, indent: usize) {
    for (key, value) in map {
        push_indent(out, indent);
        out.push_str(&string(key));
        out.push(':');
        nested_value(out, value, indent);
    }
}

fn sequence(out: &mut String, items: &[Value], indent: usize) {
    for item in items {
        push_indent(out, indent);
        out.push('-');
        // A non-empty collection starts on the dash's line: `- key: value`,
        // `- - item`; it is written one level deeper and its first
        // indentation replaced by the dash.
        let mut nested = String::new();
        match item {
            Value::Object(map) if !map.is_empty() => mapping(&mut nested, map, indent + 2),
            Value::Array(inner) if !inner.is_empty() => sequence(&mut nested, inner, indent + 2),
            _ => {
                nested_value(out, item, indent);
                continue;
            }
        }
        out.push(' ');
        out.push_str(&nested[indent + 2..]);
    }
}

/// The value after `key:` or `-`: inline when scalar or empty, otherwise on
/// the following lines, indented.
fn nested_value(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            mapping(out, map, indent + 2);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            sequence(out, items, indent + 2);
        }
        scalar => {
            out.push(' ');
            out.push_str(&inline(scalar));
            out.push('\n');
        }
    }
}

fn inline(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => number(n),
        Value::String(s) => string(s),
        Value::Array(_) => "[]".to_owned(),
        Value::Object(_) => "{}".to_owned(),
    }
}

/// Integers as they are; other numbers always with a point and no exponent
/// (YAML 1.1 reads `1e3` as a string).
fn number(n: &serde_json::Number) -> String {
    if n.is_i64() || n.is_u64() {
        return n.to_string();
    }
    let text = n.as_f64().map_or_else(|| n.to_string(), |f| f.to_string());
    if text.contains('.') {
        text
    } else {
        format!("{text}.0")
    }
}

fn push_indent(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// A string as a plain scalar when that is unambiguous, else double-quoted.
fn string(s: &str) -> String {
    if is_plain_safe(s) {
        return s.to_owned();
    }
    let json = serde_json::to_string(s).expect("strings serialise");
    // Line separators that YAML 1.1 treats as line breaks, even when quoted.
    json.replace('\u{85}', "\\N")
        .replace('\u{2028}', "\\L")
        .replace('\u{2029}', "\\P")
}

/// Words YAML 1.1 reads as booleans or null (compared case-insensitively).
const SPECIAL_WORDS: &[&str] = &["y", "n", "yes", "no", "on", "off", "true", "false", "null"];

/// Plain only when it starts with a letter, `_`, `/` or `$` (so it is never
/// a number, date, time, indicator or alias) and holds nothing but ASCII
/// letters, digits, spaces and punctuation that means nothing inside a
/// block-context plain scalar.
fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || matches!(first, '_' | '/' | '$'))
        && !s.ends_with(' ')
        && !s.contains("  ")
        && s.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(
                    c,
                    ' ' | '_'
                        | '-'
                        | '.'
                        | '/'
                        | '('
                        | ')'
                        | '+'
                        | ','
                        | '{'
                        | '}'
                        | '$'
                        | ';'
                        | '='
                )
        })
        && !SPECIAL_WORDS.iter().any(|w| s.eq_ignore_ascii_case(w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn read(text: &str) -> Value {
        keel_blueprint::yaml::parse(text)
            .unwrap_or_else(|e| panic!("{e:?}\n{text}"))
            .to_json()
    }

    #[test]
    fn quotes_what_yaml_1_1_would_misread() {
        let value = json!({
            "a": "yes", "b": "On", "c": "2025-01-15", "d": "12:30", "e": "N",
            "f": "1e3", "g": "-created_at", "h": "#/components/schemas/Recipe",
            "i": "", "j": "a: b", "k": " lead", "l": "trail ", "m": "null",
            "n": "café", "o": "line\nbreak", "p": "x\u{2028}y",
        });
        let text = to_string(&value);
        for line in text.lines() {
            let (_, scalar) = line.split_once(": ").unwrap();
            assert!(scalar.starts_with('"'), "{line}");
        }
        assert_eq!(read(&text), value);
    }

    #[test]
    fn leaves_ordinary_text_plain() {
        let value = json!({
            "/api/cookbook/recipes/{id}": {"get": {"operationId": "getRecipe"}},
            "$ref": "application/problem+json",
            "description": "The recipe (a draft, until published), by its owner.",
        });
        let text = to_string(&value);
        assert_eq!(
            text,
            "/api/cookbook/recipes/{id}:\n  get:\n    operationId: getRecipe\n$ref: application/problem+json\ndescription: The recipe (a draft, until published), by its owner.\n"
        );
    }

    #[test]
    fn writes_nested_collections_in_block_style() {
        let value = json!({
            "list": [1, 2.5, -3, true, null, {"a": [], "b": {}}, [["x"]], {}],
            "empty": {},
            "big": i64::MAX,
            "float": 1e21,
        });
        let text = to_string(&value);
        assert!(text.contains("  - a: []\n    b: {}\n  - - - x\n"), "{text}");
        assert!(text.contains("float: 1000000000000000000000.0\n"), "{text}");
        assert_eq!(
            read(&text),
            json!({
                "list": [1, 2.5, -3, true, null, {"a": [], "b": {}}, [["x"]], {}],
                "empty": {},
                "big": i64::MAX,
                "float": 1e21,
            })
        );
    }

    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            "\\PC{0,12}".prop_map(Value::String),
            "[a-z0-9 :#'\"-]{0,8}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::vec(("\\PC{0,8}", inner), 0..5)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn reads_back_as_written(value in any_json()) {
            let text = to_string(&json!({ "root": value }));
            prop_assert_eq!(read(&text), json!({ "root": value }));
        }
    }
}
