//! JSON Schemas of single values: blueprint fields, relation ids and the
//! system columns. Every string has a `maxLength` (or an `enum`), every
//! number a `minimum` and `maximum`, every list a `maxItems`; each schema
//! carries an example that satisfies it.

use keel_blueprint::{Blueprint, Entity, Field, FieldType, Link, LinkKind, USER};
use serde_json::{Map, Value, json};

use crate::examples::{self, with_seconds};

pub const DATE_MAX: u32 = 10;
/// `2025-01-15T09:30:00.123456789+01:00`
pub const DATETIME_MAX: u32 = 35;
pub const UUID_MAX: u32 = 36;
pub const TIME_MAX: u32 = 8;
/// Integers without bounds stay within what a JavaScript number holds
/// exactly (2^53 - 1), so browsers never round an id or an amount; the
/// blueprint keeps declared bounds within it too.
pub use keel_blueprint::SAFE_INTEGER;
/// What a URL field accepts besides being a URI (the database checks the same).
pub const URL_PATTERN: &str = r"^https?://\S+$";
/// A time of day on a 24-hour clock, seconds optional.
pub const TIME_PATTERN: &str = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$";

/// Where a schema is used: the read model, or a create or update body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    Read,
    Create,
    Update,
}

/// Adds `examples: [value]`.
pub fn with_example(mut schema: Value, example: Value) -> Value {
    if let Value::Object(map) = &mut schema {
        map.insert("examples".into(), json!([example]));
    }
    schema
}

pub fn uuid(description: &str, example: &str) -> Value {
    with_example(
        json!({
            "type": "string",
            "format": "uuid",
            "maxLength": UUID_MAX,
            "description": description,
        }),
        json!(example),
    )
}

pub fn datetime(description: &str, example: &str) -> Value {
    with_example(
        json!({
            "type": "string",
            "format": "date-time",
            "maxLength": DATETIME_MAX,
            "description": description,
        }),
        json!(example),
    )
}

/// Marks a property schema read-only (set by the service, ignored in bodies).
pub fn read_only(mut schema: Value) -> Value {
    if let Value::Object(map) = &mut schema {
        map.insert("readOnly".into(), json!(true));
    }
    schema
}

/// Allows `null` besides the schema's type (OpenAPI 3.1: `type: [x, "null"]`).
pub fn nullable(mut schema: Value) -> Value {
    let Value::Object(map) = &mut schema else {
        return schema;
    };
    if let Some(Value::String(ty)) = map.get("type").cloned() {
        map.insert("type".into(), json!([ty, "null"]));
    }
    if let Some(Value::Array(values)) = map.get_mut("enum") {
        values.push(Value::Null);
    }
    schema
}

/// The schema of a field's value in `usage`. It has no example only when no
/// value fits the field's bounds and pattern.
pub fn field(entity: &Entity, field: &Field, usage: Use) -> Value {
    let mut schema = value_schema(entity, field);
    let example = examples::field(&entity.name, field);
    if let Some(max_items) = field.max_items {
        if let Some(item) = example.as_ref().and_then(|e| e.get(0)) {
            schema = with_example(schema, item.clone());
        }
        let mut list = Map::new();
        list.insert("type".into(), json!("array"));
        // The description belongs to the list, not to each item.
        if let Value::Object(item) = &mut schema {
            if let Some(d) = item.remove("description") {
                list.insert("description".into(), d);
            }
        }
        list.insert("items".into(), schema);
        list.insert("maxItems".into(), json!(max_items));
        schema = Value::Object(list);
    }
    if usage == Use::Create {
        if let Some(default) = default(field) {
            schema
                .as_object_mut()
                .map(|m| m.insert("default".into(), default));
        }
    }
    if let Some(example) = example {
        schema = with_example(schema, example);
    }
    if !field.required {
        schema = nullable(schema);
    }
    if usage == Use::Read
        && entity
            .states
            .as_ref()
            .is_some_and(|s| s.field == field.name)
    {
        schema = read_only(schema);
    }
    schema
}

/// The schema of one value (one item, for lists), with its description.
fn value_schema(entity: &Entity, field: &Field) -> Value {
    let mut s = Map::new();
    let mut notes: Vec<String> = Vec::new();
    if !field.description.is_empty() {
        notes.push(sentence(&field.description));
    }
    let (min_len, max_len) = examples::lengths(field);
    let lengths = |s: &mut Map<String, Value>| {
        if min_len > 0 {
            s.insert("minLength".into(), json!(min_len));
        }
        s.insert("maxLength".into(), json!(max_len));
    };
    match field.ty {
        FieldType::String | FieldType::Text => {
            s.insert("type".into(), json!("string"));
            lengths(&mut s);
            if let Some(p) = &field.pattern {
                s.insert("pattern".into(), json!(p));
            }
        }
        FieldType::Email => {
            s.insert("type".into(), json!("string"));
            s.insert("format".into(), json!("email"));
            lengths(&mut s);
        }
        FieldType::Url => {
            s.insert("type".into(), json!("string"));
            s.insert("format".into(), json!("uri"));
            lengths(&mut s);
            s.insert("pattern".into(), json!(URL_PATTERN));
        }
        FieldType::Integer | FieldType::Money => {
            s.insert("type".into(), json!("integer"));
            s.insert("format".into(), json!("int64"));
            let min = field.min.as_ref().and_then(|n| n.as_i64());
            let max = field.max.as_ref().and_then(|n| n.as_i64());
            s.insert("minimum".into(), json!(min.unwrap_or(-SAFE_INTEGER)));
            s.insert("maximum".into(), json!(max.unwrap_or(SAFE_INTEGER)));
            if field.ty == FieldType::Money {
                let currency = field.currency.as_deref().unwrap_or("USD");
                notes.push(format!(
                    "An amount of {currency} in minor units (the smallest unit of {currency}, e.g. cents)."
                ));
            }
        }
        FieldType::Decimal => {
            let (pattern, max_length) = decimal_text(field);
            let (min, max) = decimal_bounds(field);
            s.insert("type".into(), json!("string"));
            s.insert("maxLength".into(), json!(max_length));
            s.insert("pattern".into(), json!(pattern));
            notes.push(format!(
                "A decimal number as a string, from {} to {} with at most {} digits after the point.",
                trim_number(min),
                trim_number(max),
                field.scale.unwrap_or(2)
            ));
        }
        FieldType::Boolean => {
            s.insert("type".into(), json!("boolean"));
        }
        FieldType::Date => {
            s.insert("type".into(), json!("string"));
            s.insert("format".into(), json!("date"));
            s.insert("maxLength".into(), json!(DATE_MAX));
        }
        FieldType::Datetime => {
            s.insert("type".into(), json!("string"));
            s.insert("format".into(), json!("date-time"));
            s.insert("maxLength".into(), json!(DATETIME_MAX));
        }
        FieldType::Time => {
            // No `format: time`: RFC 3339's full-time needs a zone, and a
            // time of day here has none.
            s.insert("type".into(), json!("string"));
            s.insert("pattern".into(), json!(TIME_PATTERN));
            s.insert("maxLength".into(), json!(TIME_MAX));
            notes.push(
                "A time of day, `HH:MM` or `HH:MM:SS` (24-hour clock); answered as `HH:MM:SS`."
                    .to_owned(),
            );
        }
        FieldType::Uuid => {
            s.insert("type".into(), json!("string"));
            s.insert("format".into(), json!("uuid"));
            s.insert("maxLength".into(), json!(UUID_MAX));
        }
        FieldType::Enum => {
            s.insert("type".into(), json!("string"));
            s.insert("enum".into(), json!(field.values));
        }
        FieldType::File => {
            s.insert("type".into(), json!("string"));
            s.insert("format".into(), json!("uuid"));
            s.insert("maxLength".into(), json!(UUID_MAX));
            notes.push(upload_note(entity, field));
        }
        FieldType::Json => {
            let max = field.max_size.unwrap_or(keel_blueprint::DEFAULT_JSON_MAX);
            notes.push(format!(
                "Any JSON value, at most {} once serialised.",
                size(max)
            ));
        }
    }
    if !notes.is_empty() {
        // Description first, for readers of the YAML.
        let mut with_description = Map::new();
        with_description.insert("description".into(), json!(notes.join(" ")));
        with_description.extend(s);
        s = with_description;
    }
    Value::Object(s)
}

fn upload_note(entity: &Entity, field: &Field) -> String {
    let accept = if field.accept.is_empty() {
        "any media type".to_owned()
    } else {
        field.accept.join(", ")
    };
    format!(
        "The id of an upload (`POST /api/{}/uploads?field={}`): {accept}, at most {}.",
        entity.service,
        upload_field_key(entity, field),
        size(field.max_size.unwrap_or(10 * 1024 * 1024))
    )
}

/// How an upload names the field it is for: `recipe.photo`.
pub fn upload_field_key(entity: &Entity, field: &Field) -> String {
    format!("{}.{}", entity.names.snake, field.name)
}

/// The schema of a relation id.
pub fn link(blueprint: &Blueprint, entity: &Entity, link: &Link) -> Value {
    let target = if link.target == USER {
        "user".to_owned()
    } else {
        blueprint
            .entity(&link.target)
            .map_or_else(|| link.target.clone(), |t| t.names.words.clone())
    };
    let description = match link.kind {
        LinkKind::Parent => format!(
            "The {target} this {} belongs to; set on create, never changed.",
            entity.names.words
        ),
        LinkKind::Local => format!("The {} (a {target}).", link.name.replace('_', " ")),
        LinkKind::Remote => format!(
            "The {} (a {target} of the {} service, checked through its API).",
            link.name.replace('_', " "),
            link.target_service
        ),
    };
    let schema = uuid(&description, &examples::id_of(&link.target));
    if link.required {
        schema
    } else {
        nullable(schema)
    }
}

/// The default of a field as the API shows it; `today` and `now` are
/// computed by the database and have no literal default.
fn default(field: &Field) -> Option<Value> {
    let value = field.default.as_ref()?;
    match (field.ty, value) {
        (FieldType::Date, Value::String(s)) if s == "today" => None,
        (FieldType::Datetime, _) => None,
        (FieldType::Time, Value::String(s)) => Some(json!(with_seconds(s))),
        (FieldType::Decimal, Value::Number(n)) => {
            let scale = usize::from(field.scale.unwrap_or(2));
            Some(json!(format!("{:.scale$}", n.as_f64().unwrap_or_default())))
        }
        _ => Some(value.clone()),
    }
}

/// The smallest and largest value of a decimal: its own bounds within what
/// its precision and scale can hold.
pub fn decimal_bounds(field: &Field) -> (f64, f64) {
    let precision = i32::from(field.precision.unwrap_or(12));
    let scale = i32::from(field.scale.unwrap_or(2));
    let largest = 10f64.powi(precision - scale) - 10f64.powi(-scale);
    let min = field
        .min
        .as_ref()
        .and_then(|n| n.as_f64())
        .unwrap_or(-largest);
    let max = field
        .max
        .as_ref()
        .and_then(|n| n.as_f64())
        .unwrap_or(largest);
    (min.max(-largest), max.min(largest))
}

/// The pattern of a decimal's text and its longest length (sign and point
/// included).
fn decimal_text(field: &Field) -> (String, u32) {
    let precision = u32::from(field.precision.unwrap_or(12));
    let scale = u32::from(field.scale.unwrap_or(2));
    let (min, _) = decimal_bounds(field);
    let sign = if min < 0.0 { "-?" } else { "" };
    let whole = precision - scale;
    let integer = if whole == 0 {
        "0".to_owned()
    } else {
        format!("[0-9]{{1,{whole}}}")
    };
    let fraction = if scale == 0 {
        String::new()
    } else {
        format!(r"(\.[0-9]{{1,{scale}}})?")
    };
    let max_length = u32::from(min < 0.0) + whole.max(1) + if scale > 0 { 1 + scale } else { 0 };
    (format!("^{sign}{integer}{fraction}$"), max_length)
}

fn trim_number(v: f64) -> String {
    let text = format!("{v:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// `5MB`, `64KB`, `1536B`.
pub fn size(bytes: u64) -> String {
    for (unit, factor) in [("GB", 1u64 << 30), ("MB", 1 << 20), ("KB", 1 << 10)] {
        if bytes >= factor && bytes % factor == 0 {
            return format!("{}{unit}", bytes / factor);
        }
    }
    format!("{bytes}B")
}

/// `cart items` → `Cart items`.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `a recipe`, `an ingredient`.
pub fn a(words: &str) -> String {
    let article = if words.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {words}")
}

/// Ends a description with a full stop.
pub fn sentence(text: &str) -> String {
    let text = text.trim();
    if text.ends_with(['.', '!', '?']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decimal(precision: u8, scale: u8, min: Option<f64>) -> Field {
        Field {
            name: "amount".into(),
            ty: FieldType::Decimal,
            required: true,
            unique: false,
            min: min.and_then(serde_json::Number::from_f64),
            max: None,
            min_length: None,
            max_length: None,
            pattern: None,
            default: None,
            values: vec![],
            accept: vec![],
            max_size: None,
            precision: Some(precision),
            scale: Some(scale),
            currency: None,
            max_items: None,
            description: String::new(),
        }
    }

    #[test]
    fn writes_decimals_as_bounded_text() {
        assert_eq!(
            decimal_text(&decimal(6, 2, Some(0.0))),
            (r"^[0-9]{1,4}(\.[0-9]{1,2})?$".to_owned(), 7)
        );
        assert_eq!(
            decimal_text(&decimal(12, 2, None)),
            (r"^-?[0-9]{1,10}(\.[0-9]{1,2})?$".to_owned(), 14)
        );
        assert_eq!(
            decimal_text(&decimal(4, 4, Some(0.0))),
            (r"^0(\.[0-9]{1,4})?$".to_owned(), 6)
        );
        assert_eq!(
            decimal_text(&decimal(5, 0, None)),
            ("^-?[0-9]{1,5}$".to_owned(), 6)
        );
        assert_eq!(decimal_bounds(&decimal(6, 2, Some(0.0))), (0.0, 9999.99));
    }

    #[test]
    fn nullable_adds_null_to_type_and_enum() {
        let s = nullable(json!({"type": "string", "enum": ["a"]}));
        assert_eq!(s, json!({"type": ["string", "null"], "enum": ["a", null]}));
    }
}
