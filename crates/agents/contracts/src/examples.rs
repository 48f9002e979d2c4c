//! Deterministic example values, derived from field definitions.
//!
//! Every example satisfies the schema it is attached to (the tests validate
//! each one against its schema): a default when the field has one, else a
//! value inside the bounds. Ids are derived from names, so the id of a
//! recipe is the same wherever a recipe is shown or referred to.

use keel_blueprint::{Field, FieldType};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::fields::decimal_bounds;
use crate::pattern;

pub const DATE: &str = "2025-01-15";
pub const DATETIME: &str = "2025-01-15T09:30:00Z";
/// A later time, for `updated_at`.
pub const LATER: &str = "2025-01-16T14:05:00Z";
pub const TIME: &str = "09:30:00";

/// A time of day as the database answers it: `HH:MM` gains `:00`.
pub fn with_seconds(time: &str) -> String {
    if time.len() == 5 {
        format!("{time}:00")
    } else {
        time.to_owned()
    }
}

/// A UUID (version 4 layout) derived from `seed`.
pub fn uuid(seed: &str) -> String {
    let d = Sha256::digest(seed.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The id of an example row of an entity (or identity resource).
pub fn id_of(entity: &str) -> String {
    uuid(entity)
}

/// The example value of a field (a one-item list for list fields), or `None`
/// when no value fits its bounds.
pub fn field(entity: &str, field: &Field) -> Option<Value> {
    let one = scalar(entity, field)?;
    Some(if field.is_list() { json!([one]) } else { one })
}

fn scalar(entity: &str, field: &Field) -> Option<Value> {
    let words = field.name.replace('_', " ");
    match field.ty {
        FieldType::String | FieldType::Text => {
            if let Some(Value::String(default)) = &field.default {
                return Some(json!(default));
            }
            let (min, max) = lengths(field);
            let natural = format!("Example {words}");
            let mut preferred = vec![fit_text(&natural, min, max)];
            if field.pattern.is_some() {
                let kebab = format!("example-{}", field.name.replace('_', "-"));
                preferred.extend([
                    kebab.clone(),
                    kebab.replace('-', "_"),
                    kebab.replace('-', ""),
                    kebab.to_uppercase(),
                ]);
            }
            pattern::fitting(&preferred, field.pattern.as_deref(), min, max).map(Value::String)
        }
        FieldType::Email => {
            let (min, max) = lengths(field);
            email(min, max).map(Value::String)
        }
        FieldType::Url => {
            let (min, max) = lengths(field);
            let path = field.name.replace('_', "-");
            url(&path, min, max).map(Value::String)
        }
        FieldType::Integer | FieldType::Money => {
            if let Some(default) = field.default.as_ref().and_then(Value::as_i64) {
                return Some(json!(default));
            }
            let typical = if field.ty == FieldType::Money {
                1999
            } else {
                10
            };
            let min = field
                .min
                .as_ref()
                .and_then(|n| n.as_i64())
                .unwrap_or(i64::MIN);
            let max = field
                .max
                .as_ref()
                .and_then(|n| n.as_i64())
                .unwrap_or(i64::MAX);
            (min <= max).then(|| json!(typical.clamp(min, max)))
        }
        FieldType::Decimal => decimal(field).map(Value::String),
        FieldType::Boolean => Some(json!(
            field
                .default
                .as_ref()
                .and_then(Value::as_bool)
                .unwrap_or(true)
        )),
        FieldType::Date => Some(json!(
            match field.default.as_ref().and_then(Value::as_str) {
                Some(d) if d != "today" => d,
                _ => DATE,
            }
        )),
        FieldType::Datetime => Some(json!(DATETIME)),
        FieldType::Time => Some(json!(
            field
                .default
                .as_ref()
                .and_then(Value::as_str)
                .map_or(TIME.to_owned(), with_seconds)
        )),
        FieldType::Uuid => Some(json!(uuid(&format!("{entity}.{}", field.name)))),
        FieldType::File => Some(json!(uuid(&format!("upload:{entity}.{}", field.name)))),
        FieldType::Enum => {
            let default = field.default.as_ref().and_then(Value::as_str);
            default
                .or(field.values.first().map(String::as_str))
                .map(|v| json!(v))
        }
        FieldType::Json => Some(json!({ "note": "any JSON value" })),
    }
}

/// Length bounds of a text-like field.
pub fn lengths(field: &Field) -> (u32, u32) {
    (
        field.min_length.unwrap_or(0),
        field.max_length.unwrap_or(u32::MAX),
    )
}

/// `text` repeated and cut to a length within `[min, max]`, never ending in
/// a space.
pub fn fit_text(text: &str, min: u32, max: u32) -> String {
    let text = if text.is_empty() { "x" } else { text };
    let target = (text.chars().count() as u32).clamp(min, max.max(min)) as usize;
    let mut out = text.to_owned();
    while out.chars().count() < target {
        out.push(' ');
        out.push_str(text);
    }
    let mut cut: String = out.chars().take(target).collect();
    if cut.ends_with(' ') {
        cut.pop();
        cut.push('x');
    }
    cut
}

/// `user@example.com`, lengthened or shortened to fit.
fn email(min: u32, max: u32) -> Option<String> {
    let target = 16u32.clamp(min, max.max(min));
    if target > max || target < 6 {
        return None;
    }
    let target = target as usize;
    Some(if target >= 16 {
        format!("user{}@example.com", "x".repeat(target - 16))
    } else if target >= 13 {
        format!("{}@example.com", &"user"[..target - 12])
    } else {
        // a@b.co and longer: a@bbb.co
        format!("a@{}.co", "b".repeat(target - 5))
    })
}

/// `https://example.com/<path>`, lengthened or shortened to fit.
fn url(path: &str, min: u32, max: u32) -> Option<String> {
    let natural = format!("https://example.com/{path}");
    let target = (natural.len() as u32).clamp(min, max.max(min));
    if target > max || target < 12 {
        return None;
    }
    let target = target as usize;
    Some(if target >= natural.len() {
        format!("{natural}{}", "x".repeat(target - natural.len()))
    } else if target >= 20 {
        natural[..target].to_owned()
    } else {
        // https://a.co and longer: https://aaa.co
        format!("https://{}.co", "a".repeat(target - 11))
    })
}

/// A decimal inside the field's bounds, written with its scale.
fn decimal(field: &Field) -> Option<String> {
    let scale = usize::from(field.scale.unwrap_or(2));
    if let Some(default) = field.default.as_ref().and_then(Value::as_f64) {
        return Some(format!("{default:.scale$}"));
    }
    let (min, max) = decimal_bounds(field);
    let candidates = [12.5, min, max, 0.0];
    candidates
        .into_iter()
        .map(|v| v.clamp(min, max))
        .map(|v| format!("{v:.scale$}"))
        .find(|s| s.parse::<f64>().is_ok_and(|v| v >= min && v <= max))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_stable_and_well_formed() {
        let a = uuid("Recipe");
        assert_eq!(a, uuid("Recipe"));
        assert_ne!(a, uuid("Step"));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
    }

    #[test]
    fn fits_text_to_its_bounds() {
        assert_eq!(fit_text("Example title", 0, 200), "Example title");
        assert_eq!(fit_text("Example title", 0, 8), "Examplex");
        assert_eq!(fit_text("Example title", 20, 200), "Example title Exampl");
        assert_eq!(fit_text("Example title", 3, 3), "Exa");
    }

    #[test]
    fn fits_emails_and_urls() {
        assert_eq!(email(0, 254).as_deref(), Some("user@example.com"));
        assert_eq!(email(20, 254).as_deref(), Some("userxxxx@example.com"));
        assert_eq!(email(0, 14).as_deref(), Some("us@example.com"));
        assert_eq!(email(0, 8).as_deref(), Some("a@bbb.co"));
        assert_eq!(email(0, 5), None);
        assert_eq!(
            url("website", 0, 2048).as_deref(),
            Some("https://example.com/website")
        );
        assert_eq!(url("website", 0, 15).as_deref(), Some("https://aaaa.co"));
        assert_eq!(url("website", 0, 11), None);
    }
}
