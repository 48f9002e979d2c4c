//! Input validation against the blueprint's bounds. Every problem of a body
//! is reported at once, one entry per field; unknown fields are rejected.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::{FieldError, Problem};

/// A check of one non-null value: the value to store, or what is wrong.
pub type Check = fn(&Value) -> Result<Value, String>;

/// Collects the valid fields of a JSON object and the problems of the others.
pub struct Fields<'a> {
    body: &'a Map<String, Value>,
    /// `true` for partial updates: absent required fields are fine.
    partial: bool,
    errors: Vec<FieldError>,
    out: Map<String, Value>,
}

impl<'a> Fields<'a> {
    /// Starts validating `body`; keys not in `allowed` are errors.
    pub fn new(body: &'a Map<String, Value>, allowed: &[&str], partial: bool) -> Self {
        let errors = body
            .keys()
            .filter(|k| !allowed.contains(&k.as_str()))
            .map(|k| FieldError::new(k.as_str(), "is not a known field"))
            .collect();
        Fields {
            body,
            partial,
            errors,
            out: Map::new(),
        }
    }

    /// One field: absent is fine unless `required` (and not a partial
    /// update); `null` only when not required.
    pub fn field(
        &mut self,
        name: &str,
        required: bool,
        check: impl Fn(&Value) -> Result<Value, String>,
    ) {
        match self.body.get(name) {
            None if required && !self.partial => self.error(name, "is required"),
            None => {}
            Some(Value::Null) if required => self.error(name, "must not be null"),
            Some(Value::Null) => {
                self.out.insert(name.to_owned(), Value::Null);
            }
            Some(value) => match check(value) {
                Ok(v) => {
                    self.out.insert(name.to_owned(), v);
                }
                Err(message) => self.error(name, &message),
            },
        }
    }

    /// A list field of at most `max_items` values, each passing `check`.
    pub fn list(
        &mut self,
        name: &str,
        required: bool,
        max_items: usize,
        check: impl Fn(&Value) -> Result<Value, String>,
    ) {
        self.field(name, required, |value| {
            let items = value.as_array().ok_or("must be a list")?;
            if items.len() > max_items {
                return Err(format!("must have at most {max_items} items"));
            }
            items
                .iter()
                .enumerate()
                .map(|(i, item)| check(item).map_err(|m| format!("item {i} {m}")))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        });
    }

    fn error(&mut self, name: &str, message: &str) {
        self.errors.push(FieldError::new(name, message));
    }

    /// The valid fields, or a 422 listing every invalid one.
    pub fn finish(self) -> Result<Map<String, Value>, Problem> {
        if self.errors.is_empty() {
            Ok(self.out)
        } else {
            Err(Problem::invalid(self.errors))
        }
    }
}

/// A string of `min..=max` characters, matching `pattern` if given.
pub fn text(
    value: &Value,
    min: usize,
    max: usize,
    pattern: Option<&Regex>,
) -> Result<Value, String> {
    let s = value.as_str().ok_or("must be a string")?;
    let n = s.chars().count();
    if n < min {
        return Err(format!("must be at least {min} characters long"));
    }
    if n > max {
        return Err(format!("must be at most {max} characters long"));
    }
    if pattern.is_some_and(|p| !p.is_match(s)) {
        return Err("does not have the expected format".to_owned());
    }
    Ok(value.clone())
}

static EMAIL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[^@\s]+@[^@\s]+$").expect("valid"));
static URL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^https?://\S+$").expect("valid"));
static DATETIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$")
        .expect("valid")
});
static DECIMAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^-?(\d+)(?:\.(\d+))?$").expect("valid"));

pub fn email(value: &Value, max: usize) -> Result<Value, String> {
    text(value, 3, max, Some(&EMAIL)).map_err(|_| "must be an email address".to_owned())
}

pub fn url(value: &Value, max: usize) -> Result<Value, String> {
    text(value, 8, max, Some(&URL)).map_err(|_| "must be an http(s) URL".to_owned())
}

/// A whole number within bounds.
pub fn integer(value: &Value, min: Option<i64>, max: Option<i64>) -> Result<Value, String> {
    let n = value.as_i64().ok_or("must be a whole number")?;
    if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
        return Err(range_message(min.map(|m| m as f64), max.map(|m| m as f64)));
    }
    Ok(value.clone())
}

/// An exact decimal (a string, or a number) with at most `precision`
/// digits of which `scale` after the point; stored and answered as a string.
pub fn decimal(
    value: &Value,
    precision: usize,
    scale: usize,
    min: Option<f64>,
    max: Option<f64>,
) -> Result<Value, String> {
    let s = match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return Err("must be a decimal number".to_owned()),
    };
    let caps = DECIMAL.captures(&s).ok_or("must be a decimal number")?;
    let whole = caps
        .get(1)
        .map_or(0, |m| m.as_str().trim_start_matches('0').len());
    let fraction = caps.get(2).map_or(0, |m| m.as_str().len());
    if fraction > scale || whole > precision - scale {
        return Err(format!(
            "must have at most {} digits before and {scale} after the point",
            precision - scale
        ));
    }
    let n: f64 = s.parse().map_err(|_| "must be a decimal number")?;
    if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
        return Err(range_message(min, max));
    }
    Ok(Value::String(s))
}

fn range_message(min: Option<f64>, max: Option<f64>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("must be between {a} and {b}"),
        (Some(a), None) => format!("must be at least {a}"),
        (None, Some(b)) => format!("must be at most {b}"),
        (None, None) => "is out of range".to_owned(),
    }
}

pub fn boolean(value: &Value) -> Result<Value, String> {
    value
        .as_bool()
        .map(Value::Bool)
        .ok_or_else(|| "must be true or false".to_owned())
}

/// A calendar date, `YYYY-MM-DD`.
pub fn date(value: &Value) -> Result<Value, String> {
    let s = value.as_str().ok_or("must be a date (YYYY-MM-DD)")?;
    if is_date(s) {
        Ok(value.clone())
    } else {
        Err("must be a date (YYYY-MM-DD)".to_owned())
    }
}

fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// A point in time, RFC 3339.
pub fn datetime(value: &Value) -> Result<Value, String> {
    let s = value.as_str().ok_or("must be an RFC 3339 date-time")?;
    if DATETIME.is_match(s) && is_date(&s[..10]) {
        Ok(value.clone())
    } else {
        Err("must be an RFC 3339 date-time".to_owned())
    }
}

/// A time of day, `HH:MM` or `HH:MM:SS`, kept as `HH:MM:SS` so that what is
/// written reads back the same from the database.
pub fn time(value: &Value) -> Result<Value, String> {
    const MESSAGE: &str = "must be a time of day (HH:MM or HH:MM:SS)";
    let s = value.as_str().ok_or(MESSAGE)?;
    let parts: Vec<&str> = s.split(':').collect();
    let in_range = |part: &str, max: u32| {
        part.len() == 2
            && part.bytes().all(|b| b.is_ascii_digit())
            && part.parse::<u32>().is_ok_and(|v| v <= max)
    };
    let valid = matches!(parts.len(), 2 | 3)
        && in_range(parts[0], 23)
        && parts[1..].iter().all(|p| in_range(p, 59));
    match (valid, parts.len()) {
        (true, 2) => Ok(Value::String(format!("{s}:00"))),
        (true, _) => Ok(value.clone()),
        (false, _) => Err(MESSAGE.to_owned()),
    }
}

pub fn uuid(value: &Value) -> Result<Value, String> {
    value
        .as_str()
        .and_then(|s| Uuid::parse_str(s).ok())
        .map(|u| Value::String(u.to_string()))
        .ok_or_else(|| "must be a UUID".to_owned())
}

pub fn one_of(value: &Value, values: &[&str]) -> Result<Value, String> {
    match value.as_str() {
        Some(s) if values.contains(&s) => Ok(value.clone()),
        _ => Err(format!("must be one of: {}", values.join(", "))),
    }
}

/// Any JSON value of at most `max_size` bytes once serialised.
pub fn json(value: &Value, max_size: usize) -> Result<Value, String> {
    let size = serde_json::to_string(value).map_or(usize::MAX, |s| s.len());
    if size > max_size {
        return Err(format!("must be at most {max_size} bytes"));
    }
    Ok(value.clone())
}

/// The uuid stored at `key` of a row, if any.
pub fn uuid_at(row: &Value, key: &str) -> Option<Uuid> {
    row.get(key)
        .and_then(Value::as_str)
        .and_then(|s| Uuid::parse_str(s).ok())
}

/// The strings of a JSON array (others are skipped).
pub fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The owner of a row.
pub fn owner_of(row: &Value) -> Option<Uuid> {
    uuid_at(row, "owner_id")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reports_every_field_at_once() {
        let body = json!({"title": "", "servings": 500, "extra": 1});
        let map = body.as_object().unwrap();
        let mut f = Fields::new(map, &["title", "servings", "summary"], false);
        f.field("title", true, |v| text(v, 3, 10, None));
        f.field("servings", false, |v| integer(v, Some(1), Some(100)));
        f.field("summary", true, |v| text(v, 0, 10, None));
        let problem = f.finish().unwrap_err();
        let fields: Vec<&str> = problem.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["extra", "title", "servings", "summary"]);
    }

    #[test]
    fn partial_updates_and_nulls() {
        let body = json!({"a": null, "b": null});
        let map = body.as_object().unwrap();
        let mut f = Fields::new(map, &["a", "b", "c"], true);
        f.field("a", false, boolean);
        f.field("b", true, boolean);
        f.field("c", true, boolean);
        let problem = f.finish().unwrap_err();
        assert_eq!(
            problem.errors,
            vec![FieldError::new("b", "must not be null")]
        );
    }

    #[test]
    fn scalar_checks() {
        assert!(date(&json!("2024-02-29")).is_ok());
        assert!(date(&json!("2023-02-29")).is_err());
        assert!(date(&json!("2023-13-01")).is_err());
        assert!(date(&json!(5)).is_err());
        assert!(datetime(&json!("2024-01-02T03:04:05.123Z")).is_ok());
        assert!(datetime(&json!("2024-01-02T03:04:05+02:00")).is_ok());
        assert!(datetime(&json!("yesterday")).is_err());
        assert_eq!(time(&json!("18:30")), Ok(json!("18:30:00")));
        assert_eq!(time(&json!("00:00:59")), Ok(json!("00:00:59")));
        for bad in [
            json!("24:00"),
            json!("9:30"),
            json!("18:60"),
            json!("18:30:00.5"),
            json!(1830),
        ] {
            assert!(time(&bad).is_err(), "{bad}");
        }
        assert_eq!(
            decimal(&json!("12.50"), 6, 2, Some(0.0), None),
            Ok(json!("12.50"))
        );
        assert_eq!(decimal(&json!(3.5), 6, 2, None, None), Ok(json!("3.5")));
        assert!(decimal(&json!("1.234"), 6, 2, None, None).is_err());
        assert!(decimal(&json!("12345.1"), 6, 2, None, None).is_err());
        assert!(decimal(&json!("-1"), 6, 2, Some(0.0), None).is_err());
        assert!(decimal(&json!(true), 6, 2, None, None).is_err());
        assert!(integer(&json!(1.5), None, None).is_err());
        assert!(integer(&json!(0), Some(1), None).is_err());
        assert!(integer(&json!(9), None, Some(5)).is_err());
        assert!(email(&json!("a@b.c"), 254).is_ok());
        assert!(email(&json!("nope"), 254).is_err());
        assert!(url(&json!("https://x.y"), 255).is_ok());
        assert!(url(&json!("ftp://x"), 255).is_err());
        assert!(uuid(&json!("not")).is_err());
        assert!(one_of(&json!("a"), &["a", "b"]).is_ok());
        assert!(one_of(&json!("c"), &["a", "b"]).is_err());
        assert!(json(&json!({"k": "v"}), 4).is_err());
        assert!(boolean(&json!("yes")).is_err());
        let pattern = Regex::new("^[a-z]+$").unwrap();
        assert!(text(&json!("ABC"), 0, 10, Some(&pattern)).is_err());
        assert_eq!(range_message(None, None), "is out of range");
    }

    #[test]
    fn lists_check_each_item() {
        let body = json!({"tags": ["a", "bb", 3], "more": [1, 2, 3]});
        let map = body.as_object().unwrap();
        let mut f = Fields::new(map, &["tags", "more"], false);
        f.list("tags", false, 5, |v| text(v, 1, 10, None));
        f.list("more", false, 2, boolean);
        let problem = f.finish().unwrap_err();
        assert_eq!(problem.errors[0].message, "item 2 must be a string");
        assert_eq!(problem.errors[1].message, "must have at most 2 items");
    }
}
