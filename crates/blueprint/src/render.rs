//! keel.yaml in its canonical layout: the outline (services, entities,
//! fields, states) in block style, one line per field or rule in flow style,
//! so a reviewer reads an entity top to bottom.

use serde_json::Value as Json;

use crate::document::Document;

/// Lines longer than this are broken into block style.
const WIDTH: usize = 100;

pub fn document(doc: &Document) -> String {
    let value = serde_json::to_value(doc).expect("a document is plain data");
    let mut out = String::new();
    block_map(&mut out, &value, 0, &[]);
    out
}

/// Paths (by key, `*` for any) that are always written in block style.
fn always_block(path: &[&str]) -> bool {
    matches!(
        path,
        [] | ["services"]
            | ["entities"]
            | ["entities", _]
            | ["entities", _, "fields"]
            | ["entities", _, "states"]
            | ["entities", _, "states", "transitions"]
            | ["environments"]
    )
}

fn block_map(out: &mut String, value: &Json, indent: usize, path: &[&str]) {
    let Json::Object(map) = value else { return };
    for (key, v) in map {
        let mut child: Vec<&str> = path.to_vec();
        child.push(key);
        let pad = " ".repeat(indent);
        let k = scalar(key);
        match v {
            Json::Object(m) if m.is_empty() => out.push_str(&format!("{pad}{k}: {{}}\n")),
            Json::Object(_) if always_block(&child) => {
                out.push_str(&format!("{pad}{k}:\n"));
                block_map(out, v, indent + 2, &child);
            }
            Json::Object(_) | Json::Array(_) => {
                let one_line = flow(v);
                if indent + k.len() + 2 + one_line.len() <= WIDTH {
                    out.push_str(&format!("{pad}{k}: {one_line}\n"));
                } else if let Json::Array(items) = v {
                    out.push_str(&format!("{pad}{k}:\n"));
                    for item in items {
                        out.push_str(&format!("{pad}  - {}\n", flow(item)));
                    }
                } else {
                    out.push_str(&format!("{pad}{k}:\n"));
                    block_map(out, v, indent + 2, &child);
                }
            }
            Json::String(s) if indent + k.len() + 2 + s.len() > WIDTH && fits_folded(s) => {
                out.push_str(&format!("{pad}{k}: >-\n"));
                for line in wrap(s, WIDTH - indent - 2) {
                    out.push_str(&format!("{pad}  {line}\n"));
                }
            }
            _ => out.push_str(&format!("{pad}{k}: {}\n", flow(v))),
        }
    }
}

/// Words of a single-spaced text in lines of at most `width` (longer words
/// stand alone). Folded block scalars join the lines back with spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

fn flow(value: &Json) -> String {
    match value {
        Json::Null => "null".to_owned(),
        Json::Bool(b) => b.to_string(),
        Json::Number(n) => n.to_string(),
        Json::String(s) => scalar(s),
        Json::Array(items) => format!(
            "[{}]",
            items.iter().map(flow).collect::<Vec<_>>().join(", ")
        ),
        Json::Object(map) if map.is_empty() => "{}".to_owned(),
        Json::Object(map) => format!(
            "{{ {} }}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", scalar(k), flow(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A string as a plain scalar when YAML reads it back unchanged, else
/// double-quoted (JSON string syntax is valid YAML).
fn scalar(s: &str) -> String {
    if is_plain_safe(s) {
        s.to_owned()
    } else {
        serde_json::to_string(s).expect("strings serialise")
    }
}

/// Whether a folded block scalar (`>-`) reads back as exactly this text.
fn fits_folded(s: &str) -> bool {
    s == s.trim() && !s.contains("  ") && !s.chars().any(|c| c.is_control())
}

fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s != s.trim() || s.contains(['\n', '\r', '\t']) || s.contains("  ") {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    // (`?` too: YAML 1.1 readers such as PyYAML end a plain scalar there
    // inside `{ }`, so `{ assignee: User? }` would not read back)
    if s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || s.contains([',', '[', ']', '{', '}', '?'])
    {
        return false;
    }
    if s.chars().any(|c| c.is_control()) {
        return false;
    }
    // Would read back as something other than this string.
    let reread = crate::yaml::parse(&format!("k: {s}\n"));
    matches!(reread, Ok(node) if node.get("k").map(|n| &n.value) == Some(&crate::yaml::Value::Str(s.to_owned())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(scalar("owner or admin"), "owner or admin");
        // (YAML 1.1 readers end a plain scalar at `?` inside `{ }`)
        assert_eq!(scalar("User?"), "\"User?\"");
        assert_eq!(scalar("true"), "\"true\"");
        assert_eq!(scalar("12"), "\"12\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar(""), "\"\"");
        assert_eq!(scalar("image/*"), "image/*");
        assert_eq!(scalar("say \"hi\", then go"), "\"say \\\"hi\\\", then go\"");
    }
}
