//! A YAML reader that keeps the location of every key and value.
//!
//! keel.yaml is read in two passes: this module builds a located tree from the
//! parser's events, then the tree is checked against the published JSON Schema
//! and deserialised. Keeping the tree lets every later diagnostic point at the
//! exact key or value it is about.
//!
//! The reader is deliberately stricter than YAML: anchors/aliases, tags,
//! complex keys, duplicate keys and multiple documents are rejected. None of
//! them helps a human-edited blueprint, and aliases allow exponential blow-up.

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};

use crate::diagnostic::{Diagnostic, Span};

/// Deeper nesting than this is certainly not a blueprint.
pub const MAX_DEPTH: usize = 48;
/// Upper bound on nodes, so that hostile input cannot exhaust memory.
pub const MAX_NODES: usize = 200_000;

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Entries in source order; keys are always scalars, kept as written.
    Map(Vec<Entry>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

/// One step of a path into the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

impl Node {
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|e| e.key == key),
            _ => None,
        }
    }

    /// Follows a path as far as it exists. Returns the span of the deepest node
    /// reached; when `want_key` is set and the last step is a key that exists,
    /// the span of that key instead of its value.
    pub fn locate(&self, path: &[Seg<'_>], want_key: bool) -> Span {
        let mut node = self;
        for (i, seg) in path.iter().enumerate() {
            let last = i + 1 == path.len();
            match (seg, &node.value) {
                (Seg::Key(k), Value::Map(entries)) => match entries.iter().find(|e| e.key == *k) {
                    Some(e) if last && want_key => return e.key_span,
                    Some(e) => node = &e.value,
                    None => return node.span,
                },
                (Seg::Index(i), Value::Seq(items)) => match items.get(*i) {
                    Some(item) => node = item,
                    None => return node.span,
                },
                _ => return node.span,
            }
        }
        node.span
    }

    /// The plain-data form of the tree, for schema validation and serde.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            // Non-finite floats were rejected while reading.
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::Str(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|e| (e.key.clone(), e.value.to_json()))
                    .collect(),
            ),
        }
    }
}

/// Reads one YAML document. Returns every problem found while reading.
pub fn parse(text: &str) -> Result<Node, Vec<Diagnostic>> {
    let offsets = CharOffsets::new(text);
    let mut reader = Reader {
        stack: Vec::new(),
        root: None,
        nodes: 0,
        errors: Vec::new(),
    };
    let mut documents = 0usize;
    for event in Parser::new_from_str(text) {
        let (event, span) = match event {
            Ok(ev) => ev,
            Err(e) => {
                reader.errors.push(scan_error(&offsets, &e));
                return Err(reader.errors);
            }
        };
        let span = Span::new(
            offsets.byte(span.start.index()),
            offsets.byte(span.end.index()),
        );
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    reader.errors.push(
                        Diagnostic::error(
                            "multiple-documents",
                            span,
                            "keel.yaml holds exactly one YAML document",
                        )
                        .with_help("remove the `---` separator and everything after it"),
                    );
                    return Err(reader.errors);
                }
            }
            Event::Alias(_) => {
                reader.errors.push(alias_error(span));
                reader.push(Node {
                    value: Value::Null,
                    span,
                });
            }
            Event::Scalar(text, style, anchor, tag) => {
                if anchor != 0 {
                    reader.errors.push(alias_error(span));
                }
                let value = match tag {
                    Some(tag) if tag.handle == "!!" && tag.suffix == "str" => {
                        Value::Str(text.into_owned())
                    }
                    Some(tag) => {
                        reader.errors.push(
                            Diagnostic::error(
                                "yaml-tag",
                                span,
                                format!(
                                    "YAML tags are not supported (found `{}{}`)",
                                    tag.handle, tag.suffix
                                ),
                            )
                            .with_help("remove the tag; quote the value if it must be a string"),
                        );
                        Value::Null
                    }
                    None => match resolve_scalar(&text, style) {
                        Ok(v) => v,
                        Err(message) => {
                            reader
                                .errors
                                .push(Diagnostic::error("yaml-number", span, message));
                            Value::Null
                        }
                    },
                };
                reader.push(Node { value, span });
            }
            Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                if anchor != 0 {
                    reader.errors.push(alias_error(span));
                }
                if let Some(tag) = tag {
                    reader.errors.push(Diagnostic::error(
                        "yaml-tag",
                        span,
                        format!(
                            "YAML tags are not supported (found `{}{}`)",
                            tag.handle, tag.suffix
                        ),
                    ));
                }
                if reader.stack.len() >= MAX_DEPTH {
                    reader.errors.push(Diagnostic::error(
                        "yaml-too-deep",
                        span,
                        format!("nesting deeper than {MAX_DEPTH} levels"),
                    ));
                    return Err(reader.errors);
                }
                let is_map = matches!(event, Event::MappingStart(..));
                reader.stack.push(Open {
                    start: span.start,
                    value: if is_map {
                        Value::Map(Vec::new())
                    } else {
                        Value::Seq(Vec::new())
                    },
                    pending_key: None,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let open = reader
                    .stack
                    .pop()
                    .expect("parser balances collection events");
                let end = span.end.max(open.start);
                reader.push(Node {
                    value: open.value,
                    span: Span::new(open.start, end),
                });
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
        if reader.nodes > MAX_NODES {
            reader.errors.push(Diagnostic::error(
                "yaml-too-large",
                span,
                "the document has too many values",
            ));
            return Err(reader.errors);
        }
    }
    if !reader.errors.is_empty() {
        return Err(reader.errors);
    }
    Ok(reader.root.unwrap_or(Node {
        value: Value::Null,
        span: Span::new(0, 0),
    }))
}

struct Open {
    start: usize,
    value: Value,
    /// In a mapping: the key read, waiting for its value.
    pending_key: Option<(String, Span)>,
}

struct Reader {
    stack: Vec<Open>,
    root: Option<Node>,
    nodes: usize,
    errors: Vec<Diagnostic>,
}

impl Reader {
    fn push(&mut self, node: Node) {
        self.nodes += 1;
        let Some(parent) = self.stack.last_mut() else {
            self.root = Some(node);
            return;
        };
        match &mut parent.value {
            Value::Seq(items) => items.push(node),
            Value::Map(entries) => match parent.pending_key.take() {
                None => {
                    let key = match &node.value {
                        Value::Str(s) => s.clone(),
                        Value::Null => String::new(),
                        Value::Bool(b) => b.to_string(),
                        Value::Int(i) => i.to_string(),
                        Value::Float(f) => f.to_string(),
                        Value::Seq(_) | Value::Map(_) => {
                            self.errors.push(Diagnostic::error(
                                "yaml-complex-key",
                                node.span,
                                "a key must be a plain name, not a list or mapping",
                            ));
                            String::new()
                        }
                    };
                    if entries.iter().any(|e| e.key == key) {
                        self.errors.push(
                            Diagnostic::error("duplicate-key", node.span, format!("`{key}` is defined twice here"))
                                .with_help("merge the two entries into one; YAML would silently keep only the last"),
                        );
                    }
                    parent.pending_key = Some((key, node.span));
                }
                Some((key, key_span)) => entries.push(Entry {
                    key,
                    key_span,
                    value: node,
                }),
            },
            _ => unreachable!("only collections are pushed on the stack"),
        }
    }
}

fn alias_error(span: Span) -> Diagnostic {
    Diagnostic::error(
        "yaml-alias",
        span,
        "anchors and aliases (`&name`, `*name`) are not supported in keel.yaml",
    )
    .with_help("write the value out in full; a blueprint is read by humans")
}

fn scan_error(offsets: &CharOffsets, e: &ScanError) -> Diagnostic {
    let at = offsets.byte(e.marker().index());
    Diagnostic::error(
        "yaml-syntax",
        Span::new(at, at),
        format!("invalid YAML: {}", e.info()),
    )
    .with_help("check the indentation and that every `:` in a value is quoted")
}

/// YAML 1.2 core schema resolution of an untagged scalar.
fn resolve_scalar(text: &str, style: ScalarStyle) -> Result<Value, String> {
    if style != ScalarStyle::Plain {
        return Ok(Value::Str(text.to_owned()));
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Ok(Value::Null),
        "true" | "True" | "TRUE" => return Ok(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Ok(Value::Bool(false)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "-.inf" | ".nan" | ".NaN" | ".NAN" => {
            return Err(format!(
                "`{text}` is not a finite number; quote it if it is meant as text"
            ));
        }
        _ => {}
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        return text
            .parse::<i64>()
            .map(Value::Int)
            .map_err(|_| format!("`{text}` is too large for a 64-bit integer"));
    }
    if let Some(hex) = text.strip_prefix("0x") {
        if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return i64::from_str_radix(hex, 16)
                .map(Value::Int)
                .map_err(|_| format!("`{text}` is too large"));
        }
    }
    if let Some(oct) = text.strip_prefix("0o") {
        if !oct.is_empty() && oct.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
            return i64::from_str_radix(oct, 8)
                .map(Value::Int)
                .map_err(|_| format!("`{text}` is too large"));
        }
    }
    if looks_like_float(unsigned) {
        if let Ok(f) = text.parse::<f64>() {
            if f.is_finite() {
                return Ok(Value::Float(f));
            }
            return Err(format!("`{text}` is out of range for a number"));
        }
    }
    Ok(Value::Str(text.to_owned()))
}

/// `[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?` or `\.[0-9]+(...)?`
fn looks_like_float(s: &str) -> bool {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = digits(int)
        && frac.is_none_or(digits)
        && (!int.is_empty() || frac.is_some_and(|f| !f.is_empty()));
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok && (frac.is_some() || exponent.is_some())
}

/// The parser counts positions in characters; diagnostics use byte offsets.
struct CharOffsets {
    /// Byte offset of each character, or empty when the text is ASCII.
    bytes: Vec<usize>,
    len: usize,
}

impl CharOffsets {
    fn new(text: &str) -> Self {
        let bytes = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices().map(|(b, _)| b).collect()
        };
        CharOffsets {
            bytes,
            len: text.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        if self.bytes.is_empty() {
            char_index.min(self.len)
        } else {
            self.bytes.get(char_index).copied().unwrap_or(self.len)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> Value {
        parse(text).unwrap().value
    }

    #[test]
    fn resolves_core_schema_scalars() {
        let Value::Map(entries) =
            value("a: 1\nb: 1.5\nc: true\nd: ~\ne: '1'\nf: 5MB\ng: no\nh: 1e3\n")
        else {
            panic!("not a map")
        };
        let got: Vec<_> = entries.iter().map(|e| e.value.value.clone()).collect();
        assert_eq!(
            got,
            vec![
                Value::Int(1),
                Value::Float(1.5),
                Value::Bool(true),
                Value::Null,
                Value::Str("1".into()),
                Value::Str("5MB".into()),
                Value::Str("no".into()),
                Value::Float(1000.0),
            ]
        );
    }

    #[test]
    fn keeps_key_and_value_locations() {
        let text = "app: recipes\nentities:\n  Recipe:\n    owner: User\n";
        let root = parse(text).unwrap();
        let span = root.locate(
            &[Seg::Key("entities"), Seg::Key("Recipe"), Seg::Key("owner")],
            false,
        );
        assert_eq!(&text[span.start..span.end], "User");
        let key = root.locate(&[Seg::Key("entities"), Seg::Key("Recipe")], true);
        assert_eq!(&text[key.start..key.end], "Recipe");
    }

    #[test]
    fn rejects_duplicate_keys_aliases_and_tags() {
        let errors = parse("a: 1\na: 2\nb: &x 1\nc: *x\nd: !custom 3\n").unwrap_err();
        let codes: Vec<_> = errors.iter().map(|e| e.code).collect();
        assert_eq!(
            codes,
            vec!["duplicate-key", "yaml-alias", "yaml-alias", "yaml-tag"]
        );
    }

    #[test]
    fn reports_syntax_errors_with_a_position() {
        let errors = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert_eq!(errors[0].code, "yaml-syntax");
    }

    #[test]
    fn limits_depth() {
        let deep = "[".repeat(MAX_DEPTH + 5);
        assert_eq!(parse(&deep).unwrap_err()[0].code, "yaml-too-deep");
    }
}
