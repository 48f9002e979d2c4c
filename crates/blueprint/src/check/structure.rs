//! Shape of the file: every key known, every value of the right type and
//! within its bounds — checked against the published JSON Schema, so the
//! schema editors use and the checks keel runs can never disagree.

use std::sync::OnceLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::paths::LocationSegment;
use serde_json::Value as Json;

use crate::diagnostic::{Diagnostic, suggestion};
use crate::document;
use crate::yaml::{Node, Seg};

struct Schema {
    json: Json,
    validator: jsonschema::Validator,
}

fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let json = document::json_schema();
        let validator = jsonschema::options()
            .should_validate_formats(false)
            .build(&json)
            .expect("the published schema is valid JSON Schema");
        Schema { json, validator }
    })
}

pub(super) fn prepare() {
    schema();
}

/// A structural problem and the instance path it is about.
pub struct Problem {
    pub path: Vec<String>,
    pub diagnostic: Diagnostic,
}

/// Every structural problem of the document, located in the source.
pub fn validate(root: &Node) -> Vec<Problem> {
    let schema = schema();
    let instance = root.to_json();
    let mut diagnostics = Vec::new();
    for error in schema.validator.iter_errors(&instance) {
        let path: Vec<String> = error
            .instance_path()
            .iter()
            .map(|seg| match seg {
                LocationSegment::Property(p) => p.into_owned(),
                LocationSegment::Index(i) => i.to_string(),
            })
            .collect();
        let schema_path: Vec<String> = error.schema_path().iter().map(|s| s.to_string()).collect();
        let segs = to_segs(root, &path);
        let value = instance
            .pointer(error.instance_path().as_str())
            .unwrap_or(&Json::Null);
        let at = describe_path(&path);
        let d = match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let allowed = allowed_keys(&schema.json, &schema_path);
                for key in unexpected {
                    let mut key_path = segs.clone();
                    key_path.push(Seg::Key(key));
                    let mut d = Diagnostic::error(
                        "unknown-key",
                        root.locate(&key_path, true),
                        format!("unknown key `{key}`{}", in_place(&at)),
                    );
                    if let Some(help) = suggestion(key, allowed.iter().map(String::as_str)) {
                        d = d.with_help(help);
                    }
                    let mut key_path = path.clone();
                    key_path.push(key.clone());
                    diagnostics.push(Problem {
                        path: key_path,
                        diagnostic: d,
                    });
                }
                continue;
            }
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or_default();
                let key_span = if segs.is_empty() {
                    root.locate(&[], false)
                } else {
                    root.locate(&segs, true)
                };
                Diagnostic::error(
                    "missing-key",
                    key_span,
                    format!("missing required key `{name}`{}", in_place(&at)),
                )
                .with_help(required_help(name))
            }
            ValidationErrorKind::Type { kind } => Diagnostic::error(
                "wrong-type",
                root.locate(&segs, false),
                format!(
                    "{} must be {}, found {}",
                    subject(&at),
                    expected_types(kind),
                    describe_value(value)
                ),
            ),
            ValidationErrorKind::Enum { options } => {
                let options: Vec<&str> = options
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Json::as_str)
                    .collect();
                let mut d = Diagnostic::error(
                    "unknown-value",
                    root.locate(&segs, false),
                    format!("{} cannot be {}", subject(&at), describe_value(value)),
                );
                if let Some(help) =
                    suggestion(value.as_str().unwrap_or_default(), options.iter().copied())
                {
                    d = d.with_help(help);
                }
                d
            }
            ValidationErrorKind::MaxLength { limit } => Diagnostic::error(
                "too-long",
                root.locate(&segs, false),
                format!("{} is longer than {limit} characters", subject(&at)),
            ),
            ValidationErrorKind::MinLength { limit } => Diagnostic::error(
                "too-short",
                root.locate(&segs, false),
                format!("{} must have at least {limit} characters", subject(&at)),
            ),
            ValidationErrorKind::MaxItems { limit } => Diagnostic::error(
                "too-many",
                root.locate(&segs, false),
                format!("{} has more than {limit} items", subject(&at)),
            ),
            ValidationErrorKind::MinItems { limit } => Diagnostic::error(
                "too-few",
                root.locate(&segs, false),
                format!("{} needs at least {limit} items", subject(&at)),
            ),
            ValidationErrorKind::MaxProperties { limit } => Diagnostic::error(
                "too-many",
                root.locate(&segs, false),
                format!("{} has more than {limit} entries", subject(&at)),
            ),
            ValidationErrorKind::MinProperties { limit } => Diagnostic::error(
                "too-few",
                root.locate(&segs, false),
                format!("{} needs at least {limit} entries", subject(&at)),
            ),
            ValidationErrorKind::Maximum { limit } => Diagnostic::error(
                "out-of-range",
                root.locate(&segs, false),
                format!("{} must be at most {limit}", subject(&at)),
            ),
            ValidationErrorKind::Minimum { limit } => Diagnostic::error(
                "out-of-range",
                root.locate(&segs, false),
                format!("{} must be at least {limit}", subject(&at)),
            ),
            ValidationErrorKind::Pattern { pattern } => {
                let description = schema_at(
                    &schema.json,
                    &schema_path[..schema_path.len().saturating_sub(1)],
                )
                .and_then(|s| s.get("description"))
                .and_then(Json::as_str);
                Diagnostic::error(
                    "invalid-name",
                    root.locate(&segs, false),
                    format!("{} is not a valid {}", describe_value(value), subject(&at)),
                )
                .with_help(match description {
                    Some(description) => format!("{description} (pattern `{pattern}`)"),
                    None => format!("it must match `{pattern}`"),
                })
            }
            ValidationErrorKind::AnyOf { .. } | ValidationErrorKind::OneOfNotValid { .. } => {
                let alternatives = schema_at(&schema.json, &schema_path).and_then(Json::as_array);
                let constants: Option<Vec<&str>> = alternatives.and_then(|alts| {
                    let lists: Option<Vec<Vec<&str>>> = alts
                        .iter()
                        .map(|a| match (a.get("const"), a.get("enum")) {
                            (Some(c), _) => c.as_str().map(|c| vec![c]),
                            (_, Some(Json::Array(values))) => {
                                values.iter().map(Json::as_str).collect()
                            }
                            _ => None,
                        })
                        .collect();
                    lists.map(|l| l.concat())
                });
                match constants {
                    // An enum whose values carry descriptions is a `oneOf` of constants.
                    Some(options) if !options.is_empty() => {
                        let mut d = Diagnostic::error(
                            "unknown-value",
                            root.locate(&segs, false),
                            format!("{} cannot be {}", subject(&at), describe_value(value)),
                        );
                        if let Some(help) =
                            suggestion(value.as_str().unwrap_or_default(), options.iter().copied())
                        {
                            d = d.with_help(help);
                        }
                        d
                    }
                    _ => {
                        let what = match path.last().map(String::as_str) {
                            Some("default") => "a single value (text, number or true/false)",
                            _ => "a name or a list of names",
                        };
                        Diagnostic::error(
                            "wrong-type",
                            root.locate(&segs, false),
                            format!(
                                "{} must be {what}, found {}",
                                subject(&at),
                                describe_value(value)
                            ),
                        )
                    }
                }
            }
            _ => Diagnostic::error(
                "invalid-value",
                root.locate(&segs, false),
                format!("{}: {error}", subject(&at)),
            ),
        };
        diagnostics.push(Problem {
            path,
            diagnostic: d,
        });
    }
    diagnostics
}

/// Maps whose keys the user names; a problem inside one of their entries is
/// pruned by removing the whole entry.
fn is_named_entry(path: &[String]) -> bool {
    matches!(
        path.iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice(),
        [_] | ["services", _]
            | ["entities", _]
            | ["entities", _, "fields", _]
            | ["entities", _, "references", _]
            | ["entities", _, "states", "transitions", _]
            | ["entities", _, "access", _]
            | ["environments", _]
    )
}

/// Removes every part of `doc` with a structural problem, so that the
/// meaning of the rest can still be checked in the same run. Returns the
/// names of what was removed.
pub fn prune(doc: &mut Json, problems: &[Problem]) -> Vec<String> {
    let mut removed = Vec::new();
    for problem in problems {
        let path = &problem.path;
        let Some(depth) = (1..=path.len()).rev().find(|&d| is_named_entry(&path[..d])) else {
            continue;
        };
        let (parent, key) = (&path[..depth - 1], &path[depth - 1]);
        let parent = parent
            .iter()
            .try_fold(&mut *doc, |v, seg| v.get_mut(seg.as_str()));
        if let Some(Json::Object(map)) = parent {
            if map.shift_remove(key.as_str()).is_some() {
                removed.push(key.clone());
            }
        }
    }
    removed
}

/// Instance path strings to tree segments (indexes become `Seg::Index` where
/// the tree has a sequence).
fn to_segs<'a>(root: &Node, path: &'a [String]) -> Vec<Seg<'a>> {
    let mut node = Some(root);
    path.iter()
        .map(|p| {
            let is_seq = matches!(node.map(|n| &n.value), Some(crate::yaml::Value::Seq(_)));
            let seg = match (is_seq, p.parse::<usize>()) {
                (true, Ok(i)) => Seg::Index(i),
                _ => Seg::Key(p.as_str()),
            };
            node = match (&seg, node) {
                (Seg::Key(k), Some(n)) => n.get(k),
                (
                    Seg::Index(i),
                    Some(crate::yaml::Node {
                        value: crate::yaml::Value::Seq(items),
                        ..
                    }),
                ) => items.get(*i),
                _ => None,
            };
            seg
        })
        .collect()
}

fn schema_at<'a>(schema: &'a Json, schema_path: &[String]) -> Option<&'a Json> {
    schema_path.iter().try_fold(schema, |s, seg| match s {
        Json::Object(map) => map.get(seg),
        Json::Array(items) => seg.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

/// The keys the object schema around an `additionalProperties` error allows.
fn allowed_keys(schema: &Json, schema_path: &[String]) -> Vec<String> {
    let parent = &schema_path[..schema_path.len().saturating_sub(1)];
    schema_at(schema, parent)
        .and_then(|s| s.get("properties"))
        .and_then(Json::as_object)
        .map(|props| props.keys().cloned().collect())
        .unwrap_or_default()
}

/// `entities.Recipe.fields.title` for messages.
fn describe_path(path: &[String]) -> String {
    path.join(".")
}

fn in_place(at: &str) -> String {
    if at.is_empty() {
        " at the top level".to_owned()
    } else {
        format!(" in `{at}`")
    }
}

fn subject(at: &str) -> String {
    if at.is_empty() {
        "the document".to_owned()
    } else {
        format!("`{at}`")
    }
}

fn expected_types(kind: &TypeKind) -> String {
    let name = |t: &str| -> &'static str {
        match t {
            "object" => "a mapping (`key: value` lines)",
            "array" => "a list",
            "string" => "text",
            "integer" => "a whole number",
            "number" => "a number",
            "boolean" => "true or false",
            "null" => "empty",
            _ => "a value",
        }
    };
    match kind {
        TypeKind::Single(t) => name(&t.to_string()).to_owned(),
        TypeKind::Multiple(set) => set
            .iter()
            .map(|t| name(&t.to_string()))
            .collect::<Vec<_>>()
            .join(" or "),
    }
}

fn describe_value(value: &Json) -> String {
    match value {
        Json::Null => "nothing".to_owned(),
        Json::Bool(b) => format!("`{b}`"),
        Json::Number(n) => format!("`{n}`"),
        Json::String(s) if s.chars().count() > 40 => "a long text".to_owned(),
        Json::String(s) => format!("`{s}`"),
        Json::Array(_) => "a list".to_owned(),
        Json::Object(_) => "a mapping".to_owned(),
    }
}

fn required_help(key: &str) -> String {
    match key {
        "keel" => "start the file with `keel: 1`".to_owned(),
        "app" => "name the application, e.g. `app: recipes`".to_owned(),
        "services" => "add `services:` with `identity: { builtin: auth }` and a service that owns your entities".to_owned(),
        "entities" => "add `entities:` with at least one entity".to_owned(),
        "type" => "give the field a type, e.g. `type: string`".to_owned(),
        "initial" => "name the state a new row starts in, e.g. `initial: draft`".to_owned(),
        "transitions" => "list the transitions, e.g. `publish: { from: draft, to: published, by: owner }`".to_owned(),
        other => format!("add `{other}:`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn codes(text: &str) -> Vec<(&'static str, String)> {
        let root = yaml::parse(text).unwrap();
        validate(&root)
            .into_iter()
            .map(|p| (p.diagnostic.code, p.diagnostic.message))
            .collect()
    }

    #[test]
    fn reports_unknown_keys_with_suggestions() {
        let root = yaml::parse("keel: 1\napp: x1\nservices: {}\nentitys: {}\n").unwrap();
        let ds: Vec<_> = validate(&root).into_iter().map(|p| p.diagnostic).collect();
        let unknown = ds.iter().find(|d| d.code == "unknown-key").unwrap();
        assert_eq!(unknown.help.as_deref(), Some("did you mean `entities`?"));
        assert!(
            ds.iter()
                .any(|d| d.code == "missing-key" && d.message.contains("`entities`"))
        );
    }

    #[test]
    fn reports_every_problem_not_just_the_first() {
        let got = codes(
            "keel: 1\napp: Bad App\nservices: {s: {entities: [A]}}\nentities:\n  A:\n    fields:\n      x: {type: strng}\n      y: {type: string, colour: red}\n",
        );
        let kinds: Vec<_> = got.iter().map(|(c, _)| *c).collect();
        assert!(kinds.contains(&"invalid-name"), "{got:?}");
        assert!(kinds.contains(&"unknown-value"), "{got:?}");
        assert!(kinds.contains(&"unknown-key"), "{got:?}");
    }
}
