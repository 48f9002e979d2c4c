//! Fields: names, which options fit which type, bounds and defaults.

use std::collections::BTreeSet;

use serde_json::Value as Json;

use super::{Ctx, at};
use crate::document::{Capability, Document, EntityDecl, FieldDecl, FieldType};
use crate::model::Field;
use crate::names::{is_snake_case, to_snake};
use crate::reserved;

/// Longest `string`; longer text is a `text` field.
pub const MAX_STRING: u32 = 10_000;
pub const DEFAULT_TEXT_MAX: u32 = 10_000;
pub const MAX_TEXT: u32 = 1_000_000;
pub const EMAIL_MAX: u32 = 254;
pub const URL_MAX: u32 = 2048;
pub const DEFAULT_FILE_MAX: u64 = 10 * 1024 * 1024;
pub const MAX_FILE: u64 = 1024 * 1024 * 1024;
pub const DEFAULT_JSON_MAX: u64 = 64 * 1024;
/// The largest whole number a JavaScript number holds exactly (2^53 - 1):
/// integer bounds and defaults stay within ± this, so the web app never
/// rounds an amount and a test can always name the value one past a bound.
pub const SAFE_INTEGER: i64 = 9_007_199_254_740_991;
pub const MAX_JSON: u64 = 1024 * 1024;

pub(super) fn lower_all(
    ctx: &mut Ctx<'_>,
    doc: &Document,
    entity: &str,
    decl: &EntityDecl,
) -> Vec<Field> {
    decl.fields
        .iter()
        .map(|(name, f)| lower(ctx, doc, entity, name, f))
        .collect()
}

/// Always returns the field, even with errors, so that later checks which
/// refer to it do not report it missing as well.
fn lower(ctx: &mut Ctx<'_>, doc: &Document, entity: &str, name: &str, f: &FieldDecl) -> Field {
    let at = |key: &'static str| at!["entities", entity, "fields", name, key];
    let key_span = ctx.key(&at!["entities", entity, "fields", name]);

    if !is_snake_case(name) || name.len() > 40 {
        ctx.error(
            "invalid-name",
            key_span,
            format!("field name `{name}` must be snake_case (at most 40 characters)"),
            Some(format!("write `{}`", to_snake(name))),
        );
    } else if let Some(langs) = reserved::reserved_in(name) {
        ctx.error(
            "reserved-word",
            key_span,
            format!("field name `{name}` is a reserved word in {langs}"),
            Some(match reserved::field_alternative(name) {
                Some(alt) => format!("rename it to `{alt}`"),
                None => format!(
                    "rename it, e.g. `{entity_snake}_{name}`",
                    entity_snake = to_snake(entity)
                ),
            }),
        );
    }

    // Options that do not apply to this type.
    let ty = f.ty;
    let numeric = matches!(
        ty,
        FieldType::Integer | FieldType::Decimal | FieldType::Money
    );
    let textual = matches!(
        ty,
        FieldType::String | FieldType::Text | FieldType::Email | FieldType::Url
    );
    let misplaced: [(&'static str, bool, &str); 10] = [
        (
            "min",
            f.min.is_some() && !(numeric || textual),
            "numbers and text",
        ),
        (
            "max",
            f.max.is_some() && !(numeric || textual),
            "numbers and text",
        ),
        (
            "pattern",
            f.pattern.is_some() && !matches!(ty, FieldType::String | FieldType::Text),
            "string and text fields",
        ),
        (
            "values",
            !f.values.is_empty() && ty != FieldType::Enum,
            "enum fields",
        ),
        (
            "accept",
            !f.accept.is_empty() && ty != FieldType::File,
            "file fields",
        ),
        (
            "max_size",
            f.max_size.is_some() && !matches!(ty, FieldType::File | FieldType::Json),
            "file and json fields",
        ),
        (
            "precision",
            f.precision.is_some() && ty != FieldType::Decimal,
            "decimal fields",
        ),
        (
            "scale",
            f.scale.is_some() && ty != FieldType::Decimal,
            "decimal fields",
        ),
        (
            "currency",
            f.currency.is_some() && ty != FieldType::Money,
            "money fields",
        ),
        (
            "max_items",
            f.max_items.is_some() && !f.list,
            "lists (`list: true`)",
        ),
    ];
    for (option, wrong, applies_to) in misplaced {
        if wrong {
            ctx.error(
                "option-not-applicable",
                ctx.key(&at(option)),
                format!("`{option}` does not apply to a {} field", ty.as_str()),
                Some(format!("`{option}` is for {applies_to}; remove it")),
            );
        }
    }

    let mut field = Field {
        name: name.to_owned(),
        ty,
        required: f.required,
        unique: f.unique,
        min: None,
        max: None,
        min_length: None,
        max_length: None,
        pattern: f.pattern.clone(),
        default: None,
        values: Vec::new(),
        accept: Vec::new(),
        max_size: None,
        precision: None,
        scale: None,
        currency: None,
        max_items: None,
        description: f.description.trim().to_owned(),
    };

    match ty {
        FieldType::String | FieldType::Text | FieldType::Email | FieldType::Url => {
            let (default_max, limit) = match ty {
                FieldType::String => (None, MAX_STRING),
                FieldType::Text => (Some(DEFAULT_TEXT_MAX), MAX_TEXT),
                FieldType::Email => (Some(EMAIL_MAX), EMAIL_MAX),
                _ => (Some(URL_MAX), URL_MAX),
            };
            let max = match f.max.as_ref() {
                Some(n) => length(ctx, &at("max"), n, limit, ty),
                None => default_max,
            };
            if max.is_none() && f.max.is_none() {
                ctx.error(
                    "unbounded-string",
                    key_span,
                    format!("string field `{name}` has no maximum length"),
                    Some("add `max:` (e.g. `max: 200`); use `type: text` for long text".into()),
                );
            }
            let min = f
                .min
                .as_ref()
                .and_then(|n| length(ctx, &at("min"), n, limit, ty));
            if let (Some(min), Some(max)) = (min, max) {
                if min > max {
                    ctx.error(
                        "min-above-max",
                        ctx.at(&at("min")),
                        format!("min ({min}) is above max ({max})"),
                        None,
                    );
                }
            }
            field.min_length = min;
            field.max_length = max;
        }
        FieldType::Integer | FieldType::Decimal | FieldType::Money => {
            let integral = ty != FieldType::Decimal;
            for (option, value) in [("min", &f.min), ("max", &f.max)] {
                if let Some(n) = value {
                    if integral && n.as_i64().is_some_and(beyond_safe) {
                        ctx.error(
                            "out-of-range",
                            ctx.at(&at(option)),
                            format!(
                                "`{option}` of a {} field must lie within ±{SAFE_INTEGER} (2^53 - 1)",
                                ty.as_str()
                            ),
                            Some("a browser's numbers are exact only up to 2^53 - 1".to_owned()),
                        );
                    } else if integral && n.as_i64().is_none() {
                        ctx.error(
                            "not-an-integer",
                            ctx.at(&at(option)),
                            format!(
                                "`{option}` of a {} field must be a whole number",
                                ty.as_str()
                            ),
                            (ty == FieldType::Money)
                                .then(|| "money is counted in minor units (cents)".to_owned()),
                        );
                    }
                }
            }
            if let (Some(min), Some(max)) = (
                f.min.as_ref().and_then(|n| n.as_f64()),
                f.max.as_ref().and_then(|n| n.as_f64()),
            ) {
                if min > max {
                    ctx.error(
                        "min-above-max",
                        ctx.at(&at("min")),
                        format!("min ({min}) is above max ({max})"),
                        None,
                    );
                }
            }
            field.min = f.min.clone();
            field.max = f.max.clone();
            if ty == FieldType::Decimal {
                let precision = f.precision.unwrap_or(12);
                let scale = f.scale.unwrap_or(2);
                if scale > precision {
                    ctx.error(
                        "invalid-decimal",
                        ctx.at(&at("scale")),
                        format!("scale ({scale}) cannot exceed precision ({precision})"),
                        None,
                    );
                }
                field.precision = Some(precision);
                field.scale = Some(scale);
            }
            if ty == FieldType::Money {
                field.currency = Some(f.currency.clone().unwrap_or_else(|| "USD".to_owned()));
            }
        }
        FieldType::Enum => {
            if f.values.is_empty() {
                ctx.error(
                    "enum-without-values",
                    key_span,
                    format!("enum field `{name}` has no values"),
                    Some("add `values: [a, b, c]`".into()),
                );
            }
            let mut seen = BTreeSet::new();
            for (i, v) in f.values.iter().enumerate() {
                let span = ctx.at(&at!["entities", entity, "fields", name, "values", i]);
                if !is_snake_case(v) {
                    ctx.error(
                        "invalid-name",
                        span,
                        format!("enum value `{v}` must be snake_case"),
                        Some(format!("write `{}`", to_snake(v))),
                    );
                } else if !seen.insert(v.as_str()) {
                    ctx.error(
                        "duplicate-name",
                        span,
                        format!("enum value `{v}` is listed twice"),
                        None,
                    );
                } else if v == "self" {
                    // PascalCase `Self` cannot name a Rust enum variant.
                    ctx.error(
                        "reserved-word",
                        span,
                        "`self` cannot be an enum value",
                        None,
                    );
                }
            }
            field.values = f.values.clone();
        }
        FieldType::File => {
            if !doc.capabilities.contains(&Capability::Uploads) {
                ctx.error(
                    "missing-capability",
                    ctx.at(&at("type")),
                    format!("file field `{name}` needs the `uploads` capability"),
                    Some("add `uploads` to `capabilities`".into()),
                );
            }
            for (i, media) in f.accept.iter().enumerate() {
                if !is_media_type(media) {
                    ctx.error(
                        "invalid-media-type",
                        ctx.at(&at!["entities", entity, "fields", name, "accept", i]),
                        format!("`{media}` is not a media type"),
                        Some("write e.g. `image/png`, `image/*` or `application/pdf`".into()),
                    );
                }
            }
            if f.accept.is_empty() {
                ctx.warning(
                    "file-accepts-anything",
                    key_span,
                    format!("file field `{name}` accepts any type of file"),
                    Some(
                        "list the media types it should take: `accept: [image/png, image/jpeg]`"
                            .into(),
                    ),
                );
            }
            field.accept = f.accept.clone();
            field.max_size = size(
                ctx,
                &at("max_size"),
                f.max_size.as_deref(),
                DEFAULT_FILE_MAX,
                MAX_FILE,
            );
        }
        FieldType::Json => {
            field.max_size = size(
                ctx,
                &at("max_size"),
                f.max_size.as_deref(),
                DEFAULT_JSON_MAX,
                MAX_JSON,
            );
        }
        FieldType::Boolean
        | FieldType::Date
        | FieldType::Datetime
        | FieldType::Time
        | FieldType::Uuid => {}
    }

    if let Some(pattern) = &f.pattern {
        if let Err(e) = regex::Regex::new(pattern) {
            ctx.error(
                "invalid-pattern",
                ctx.at(&at("pattern")),
                format!("`pattern` is not a valid regular expression: {}", first_line(&e.to_string())),
                Some("patterns use the syntax shared by Rust, JavaScript and PostgreSQL: no look-around or back-references".into()),
            );
        }
    }

    if f.list {
        if matches!(ty, FieldType::File | FieldType::Json | FieldType::Text) {
            ctx.error(
                "invalid-list",
                ctx.key(&at("list")),
                format!("a {} field cannot be a list", ty.as_str()),
                Some("make a child entity with `belongs_to` instead".into()),
            );
        }
        match f.max_items {
            Some(n) => field.max_items = Some(n),
            None => {
                ctx.error(
                    "unbounded-list",
                    ctx.key(&at("list")),
                    format!("list field `{name}` has no maximum number of items"),
                    Some("add `max_items:` (e.g. `max_items: 20`)".into()),
                );
            }
        }
        if f.unique {
            ctx.error(
                "invalid-list",
                ctx.key(&at("unique")),
                "a list field cannot be unique",
                None,
            );
        }
    }
    if f.unique
        && matches!(
            ty,
            FieldType::Json | FieldType::File | FieldType::Boolean | FieldType::Text
        )
    {
        ctx.error(
            "invalid-unique",
            ctx.key(&at("unique")),
            format!("a {} field cannot be unique", ty.as_str()),
            None,
        );
    }

    if let Some(default) = &f.default {
        match check_default(&field, default) {
            Ok(()) => field.default = Some(default.clone()),
            Err(why) => {
                ctx.error("invalid-default", ctx.at(&at("default")), why, None);
            }
        }
    }

    field
}

/// A length bound of a text-like field.
fn length(
    ctx: &mut Ctx<'_>,
    at: &[crate::yaml::Seg<'_>],
    n: &serde_json::Number,
    limit: u32,
    ty: FieldType,
) -> Option<u32> {
    match n.as_u64() {
        Some(v) if v <= u64::from(limit) => Some(v as u32),
        Some(_) => {
            ctx.error(
                "out-of-range",
                ctx.at(at),
                format!("a {} field holds at most {limit} characters", ty.as_str()),
                (ty == FieldType::String).then(|| "use `type: text` for long text".to_owned()),
            );
            None
        }
        None => {
            ctx.error(
                "not-an-integer",
                ctx.at(at),
                "a length must be a whole number of characters, 0 or more",
                None,
            );
            None
        }
    }
}

fn size(
    ctx: &mut Ctx<'_>,
    at: &[crate::yaml::Seg<'_>],
    text: Option<&str>,
    default: u64,
    limit: u64,
) -> Option<u64> {
    let Some(text) = text else {
        return Some(default);
    };
    match parse_size(text) {
        Some(bytes) if bytes > 0 && bytes <= limit => Some(bytes),
        Some(_) => {
            ctx.error(
                "out-of-range",
                ctx.at(at),
                format!("`{text}` is outside 1 byte to {}", format_size(limit)),
                None,
            );
            None
        }
        None => {
            ctx.error(
                "invalid-size",
                ctx.at(at),
                format!("`{text}` is not a size"),
                Some("write a number and a unit: `500KB`, `5MB`, `1GB`".into()),
            );
            None
        }
    }
}

/// `5MB` → 5 × 2²⁰ bytes. Units: B, KB, MB, GB (powers of 1024; KiB... accepted too).
pub fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().ok()?;
    let factor: u64 = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "KB" | "KIB" | "K" => 1024,
        "MB" | "MIB" | "M" => 1024 * 1024,
        "GB" | "GIB" | "G" => 1024 * 1024 * 1024,
        _ => return None,
    };
    number.checked_mul(factor)
}

pub fn format_size(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)];
    for (unit, factor) in UNITS {
        if bytes >= factor && bytes % factor == 0 {
            return format!("{}{unit}", bytes / factor);
        }
    }
    format!("{bytes}B")
}

fn is_media_type(s: &str) -> bool {
    let token = |t: &str| {
        !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '.' | '_'))
    };
    match s.split_once('/') {
        Some((kind, sub)) => token(kind) && (sub == "*" || token(sub)),
        None => false,
    }
}

fn first_line(s: &str) -> &str {
    s.lines()
        .rfind(|l| l.trim_start().starts_with("error:"))
        .map_or(s.lines().next().unwrap_or(s), str::trim)
}

/// Whether a default value fits the field.
fn check_default(field: &Field, value: &Json) -> Result<(), String> {
    let name = &field.name;
    if field.is_list() {
        return Err(format!("list field `{name}` cannot have a default"));
    }
    match field.ty {
        FieldType::String | FieldType::Text | FieldType::Email | FieldType::Url => {
            let Json::String(s) = value else {
                return Err(format!("the default of `{name}` must be text"));
            };
            let len = s.chars().count() as u32;
            if field.max_length.is_some_and(|m| len > m)
                || field.min_length.is_some_and(|m| len < m)
            {
                return Err(format!(
                    "the default of `{name}` does not fit its length bounds"
                ));
            }
            if let Some(p) = &field.pattern {
                if regex::Regex::new(p).is_ok_and(|re| !re.is_match(s)) {
                    return Err(format!(
                        "the default of `{name}` does not match its pattern"
                    ));
                }
            }
            Ok(())
        }
        FieldType::Integer | FieldType::Money => {
            let Some(v) = value.as_i64() else {
                return Err(format!("the default of `{name}` must be a whole number"));
            };
            if beyond_safe(v) {
                return Err(format!(
                    "the default of `{name}` must lie within ±{SAFE_INTEGER} (2^53 - 1)"
                ));
            }
            in_bounds(field, v as f64)
        }
        FieldType::Decimal => match value {
            Json::Number(n) => in_bounds(field, n.as_f64().unwrap_or_default()),
            _ => Err(format!("the default of `{name}` must be a number")),
        },
        FieldType::Boolean => value
            .is_boolean()
            .then_some(())
            .ok_or_else(|| format!("the default of `{name}` must be true or false")),
        FieldType::Enum => match value.as_str() {
            Some(v) if field.values.iter().any(|x| x == v) => Ok(()),
            _ => Err(format!(
                "the default of `{name}` must be one of its values: {}",
                field.values.join(", ")
            )),
        },
        FieldType::Date => match value.as_str() {
            Some("today") => Ok(()),
            Some(s) if is_iso_date(s) => Ok(()),
            _ => Err(format!(
                "the default of `{name}` must be `today` or a date like `2025-01-31`"
            )),
        },
        FieldType::Datetime => match value.as_str() {
            Some("now") => Ok(()),
            _ => Err(format!("the default of `{name}` can only be `now`")),
        },
        FieldType::Time => match value.as_str() {
            Some(s) if is_time_of_day(s) => Ok(()),
            _ => Err(format!(
                "the default of `{name}` must be a time of day like `09:00` or `17:30:00`"
            )),
        },
        FieldType::Uuid | FieldType::File | FieldType::Json => Err(format!(
            "a {} field cannot have a default",
            field.ty.as_str()
        )),
    }
}

fn in_bounds(field: &Field, v: f64) -> Result<(), String> {
    let below = field
        .min
        .as_ref()
        .and_then(|m| m.as_f64())
        .is_some_and(|m| v < m);
    let above = field
        .max
        .as_ref()
        .and_then(|m| m.as_f64())
        .is_some_and(|m| v > m);
    if below || above {
        Err(format!(
            "the default of `{}` is outside its min/max",
            field.name
        ))
    } else {
        Ok(())
    }
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && matches!(s[5..7].parse::<u8>(), Ok(1..=12))
        && matches!(s[8..10].parse::<u8>(), Ok(1..=31))
}

/// `HH:MM` or `HH:MM:SS` on a 24-hour clock.
fn is_time_of_day(s: &str) -> bool {
    let parts: Vec<&str> = s.split(':').collect();
    let two_digits = |p: &str, max: u8| {
        p.len() == 2
            && p.bytes().all(|c| c.is_ascii_digit())
            && p.parse::<u8>().is_ok_and(|v| v <= max)
    };
    matches!(parts.len(), 2 | 3)
        && two_digits(parts[0], 23)
        && parts[1..].iter().all(|p| two_digits(p, 59))
}

/// Whether a whole number lies beyond what a browser holds exactly.
fn beyond_safe(v: i64) -> bool {
    v.unsigned_abs() > SAFE_INTEGER.unsigned_abs()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sizes() {
        assert_eq!(parse_size("5MB"), Some(5 * 1024 * 1024));
        assert_eq!(parse_size("64KB"), Some(64 * 1024));
        assert_eq!(parse_size("100"), Some(100));
        assert_eq!(parse_size("5 mb"), Some(5 * 1024 * 1024));
        assert_eq!(parse_size("5XB"), None);
        assert_eq!(parse_size("MB"), None);
        assert_eq!(parse_size("99999999999999999999GB"), None);
        assert_eq!(format_size(5 * 1024 * 1024), "5MB");
    }

    #[test]
    fn knows_media_types() {
        assert!(is_media_type("image/png"));
        assert!(is_media_type("image/*"));
        assert!(is_media_type("application/vnd.ms-excel"));
        assert!(!is_media_type("png"));
        assert!(!is_media_type("image/"));
    }

    #[test]
    fn knows_times_of_day() {
        for ok in ["00:00", "09:30", "23:59:59", "17:05:00"] {
            assert!(is_time_of_day(ok), "{ok}");
        }
        for bad in [
            "24:00",
            "9:30",
            "09:60",
            "09:30:60",
            "09:30:00:00",
            "",
            "ab:cd",
            "+9:30",
        ] {
            assert!(!is_time_of_day(bad), "{bad}");
        }
    }
}
