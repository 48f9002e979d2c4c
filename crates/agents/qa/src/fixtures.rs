//! Valid and invalid values for every field, as Rust expressions in the
//! generated tests (`n` keeps unique values of one test apart).

use std::collections::BTreeSet;

use keel_blueprint::{Blueprint, Entity, Field, FieldType, USER, pattern_examples};
use regex::Regex;

/// How many examples of its pattern a field whose values must differ
/// between rows takes (see [`examples`]): more than the rows of one entity
/// a test makes (the access matrix makes at most 1 + 2 × 20 callers' rows),
/// and prime, so rows whose `n` are a fixed step apart never share one.
pub const DISTINCT_EXAMPLES: usize = 61;

/// A valid value of `field` of `entity` as a Rust expression producing a
/// `Value`, or `None` when no value can be made up (a pattern with no
/// example, or too few for a field whose values must differ).
pub fn valid(entity: &Entity, field: &Field) -> Option<String> {
    let scalar = valid_scalar(entity, field)?;
    Some(if field.is_list() {
        format!("json!([{scalar}])")
    } else {
        format!("json!({scalar})")
    })
}

/// Whether rows of `entity` need different values of `field`: it is
/// unique, alone or together with other columns.
fn distinct(entity: &Entity, field: &Field) -> bool {
    field.unique || entity.unique.iter().any(|set| set.contains(&field.name))
}

/// The pattern's examples a fixture picks from by `n` (the generated
/// `example(NAME, n)` over a constant `NAME`, [`examples_const`]): for a
/// field whose values must differ and that no simple text fits. `None`
/// otherwise, and when the pattern has fewer than [`DISTINCT_EXAMPLES`].
pub fn examples(entity: &Entity, field: &Field) -> Option<Vec<String>> {
    if !distinct(entity, field) || simple(entity, field).is_some() {
        return None;
    }
    let examples = pattern_examples(field, DISTINCT_EXAMPLES);
    (examples.len() == DISTINCT_EXAMPLES).then_some(examples)
}

/// The name of the constant that holds a field's [`examples`] in its
/// entity's body function.
pub fn examples_const(field: &Field) -> String {
    field.name.to_uppercase()
}

/// The widest `n` one test reaches: its fixtures number far fewer than a
/// thousand (the access matrix, the largest, makes at most 1 + 2 × 20 rows
/// of an entity, each with its parents).
const WIDEST_N: &str = "999";

/// A text of the form `stem-{n}` (padded to the minimum length) that fits
/// the field's bounds and pattern for every `n` of a test, as a Rust
/// expression. A field too short for three digits takes the last digit of
/// `n` when its rows may share values, and nothing when they may not.
fn simple(entity: &Entity, field: &Field) -> Option<String> {
    let min_len = field.min_length.unwrap_or(0) as usize;
    let max_len = field.max_length.unwrap_or(255) as usize;
    let stem = field.name.replace('_', "-");
    // (text, the widest `n` it must hold, whether it takes `n`'s last digit)
    let mut candidates = vec![
        (format!("{stem}-{{n}}"), WIDEST_N, false),
        (
            format!("{}{{n}}", field.name.replace('_', "")),
            WIDEST_N,
            false,
        ),
        ("{n}".to_owned(), WIDEST_N, false),
    ];
    if !distinct(entity, field) {
        candidates.push(("{n}".to_owned(), "9", true));
    }
    let pattern = field.pattern.as_deref().and_then(|p| Regex::new(p).ok());
    let padding = |c: &str| {
        let shortest = c.replace("{n}", "1").chars().count();
        "x".repeat(min_len.saturating_sub(shortest))
    };
    let fits = |c: &str, widest: &str| {
        let padding = padding(c);
        [c.replace("{n}", "1"), c.replace("{n}", widest)]
            .iter()
            .map(|sample| format!("{sample}{padding}"))
            .all(|sample| {
                sample.chars().count() <= max_len.max(1)
                    && pattern.as_ref().is_none_or(|p| p.is_match(&sample))
            })
    };
    let (chosen, _, last_digit) = candidates.iter().find(|(c, widest, _)| fits(c, widest))?;
    let text = format!("{chosen}{}", padding(chosen));
    Some(if *last_digit {
        format!("format!(\"{}\", n % 10)", text.replace("{n}", "{}"))
    } else {
        format!("format!(\"{text}\")")
    })
}

fn valid_scalar(entity: &Entity, field: &Field) -> Option<String> {
    let min = field.min.as_ref().and_then(|n| n.as_f64());
    let max = field.max.as_ref().and_then(|n| n.as_f64());
    Some(match field.ty {
        FieldType::String | FieldType::Text => match simple(entity, field) {
            Some(text) => text,
            // A pattern no simple text fits: one of its examples, picked by
            // `n` when rows need different values, else always the first.
            None if distinct(entity, field) => {
                examples(entity, field)?;
                format!("example({}, n)", examples_const(field))
            }
            None => format!("{:?}", pattern_examples(field, 1).first()?),
        },
        FieldType::Email => "format!(\"person{n}@example.com\")".to_owned(),
        FieldType::Url => "format!(\"https://example.com/{n}\")".to_owned(),
        FieldType::Integer | FieldType::Money => {
            let lo = min.unwrap_or(if max.is_some_and(|m| m < 0.0) {
                max.unwrap_or(0.0)
            } else {
                0.0
            }) as i64;
            let hi = max.map(|m| m as i64).unwrap_or(lo + 1000).max(lo);
            if lo == 0 {
                format!("i64::from(n) % {}", hi + 1)
            } else {
                format!("{lo} + i64::from(n) % {}", hi - lo + 1)
            }
        }
        FieldType::Decimal => {
            let v = match (min, max) {
                (Some(lo), _) => lo,
                (None, Some(hi)) if hi < 1.0 => hi,
                _ => 1.0,
            };
            format!("\"{v}\"")
        }
        FieldType::Boolean => "true".to_owned(),
        // (a year picked by `n` where rows need different dates: a prime
        // count of them, as for pattern examples)
        FieldType::Date if distinct(entity, field) => {
            "format!(\"20{:02}-01-15\", n % 97)".to_owned()
        }
        FieldType::Datetime if distinct(entity, field) => {
            "format!(\"20{:02}-01-15T10:00:00Z\", n % 97)".to_owned()
        }
        FieldType::Date => "\"2024-01-15\"".to_owned(),
        FieldType::Datetime => "\"2024-01-15T10:00:00Z\"".to_owned(),
        FieldType::Uuid => "Uuid::new_v4()".to_owned(),
        FieldType::Enum => format!("\"{}\"", field.values.first()?),
        FieldType::Json => "json!({\"n\": n})".to_owned(),
        FieldType::File => return None,
    })
}

/// A value of `field` that breaks one of its bounds, as a Rust expression.
pub fn invalid(field: &Field) -> String {
    if field.is_list() {
        return "json!(\"not a list\")".to_owned();
    }
    match field.ty {
        FieldType::String | FieldType::Text | FieldType::Email | FieldType::Url => format!(
            "json!(\"x\".repeat({}))",
            field.max_length.unwrap_or(255) as usize + 1
        ),
        FieldType::Integer | FieldType::Money => match (&field.max, &field.min) {
            (Some(max), _) => format!("json!({} + 1)", max.as_i64().unwrap_or(0)),
            (None, Some(min)) => format!("json!({} - 1)", min.as_i64().unwrap_or(0)),
            (None, None) => "json!(\"many\")".to_owned(),
        },
        FieldType::Decimal => "json!(\"1.2.3\")".to_owned(),
        FieldType::Boolean => "json!(\"yes\")".to_owned(),
        FieldType::Date => "json!(\"2024-13-45\")".to_owned(),
        FieldType::Datetime => "json!(\"yesterday\")".to_owned(),
        FieldType::Uuid | FieldType::File => "json!(\"not-a-uuid\")".to_owned(),
        FieldType::Enum => "json!(\"not-a-value\")".to_owned(),
        FieldType::Json => "json!(\"x\".repeat(70000))".to_owned(),
    }
}

/// Fields a fixture fills in: required ones, and optional ones a value can
/// be made for (files only when required).
pub fn filled(entity: &Entity) -> Vec<&Field> {
    entity
        .writable_fields()
        .filter(|f| f.required || (f.ty != FieldType::File && valid(entity, f).is_some()))
        .collect()
}

/// The entities fixtures can make rows of through the API, by name: those
/// whose create is allowed, whose fields all have values, and whose
/// required references lead to users or to such entities. (Not when its
/// required references lead back to it: no row of the cycle can be made
/// first.) Found as a fixpoint, so each entity is looked at a bounded number
/// of times however its required references share targets.
pub fn creatable(blueprint: &Blueprint) -> BTreeSet<&str> {
    let candidates: Vec<&Entity> = blueprint
        .entities
        .iter()
        .filter(|e| {
            !e.access.create.is_nobody()
                && filled(e)
                    .iter()
                    .all(|f| f.ty == FieldType::File || valid(e, f).is_some())
        })
        .collect();
    let mut made = BTreeSet::new();
    loop {
        let before = made.len();
        for entity in &candidates {
            if !made.contains(entity.name.as_str())
                && linked(entity)
                    .iter()
                    .all(|l| l.target == USER || made.contains(l.target.as_str()))
            {
                made.insert(entity.name.as_str());
            }
        }
        if made.len() == before {
            return made;
        }
    }
}

/// Links a fixture fills in: required ones.
pub fn linked(entity: &Entity) -> Vec<&keel_blueprint::Link> {
    entity.links.iter().filter(|l| l.required).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use keel_blueprint::SourceFile;

    fn entity(fields: &str) -> Entity {
        let yaml = format!(
            "keel: 1\napp: fixtures\nservices:\n  identity: {{ builtin: auth }}\n  places: {{ entities: [Place] }}\nentities:\n  Place:\n    owner: User\n    fields: {{ {fields} }}\n    access: {{ read: signed_in, create: signed_in, update: owner, delete: owner }}\n"
        );
        let checked = keel_blueprint::check(&SourceFile::new("keel.yaml".to_owned(), yaml))
            .expect("a valid blueprint");
        checked
            .blueprint
            .entities
            .into_iter()
            .next()
            .expect("one entity")
    }

    /// The value `valid` writes for the `n`th fixture of a test.
    fn value_at(entity: &Entity, name: &str, n: u32) -> String {
        let field = entity
            .fields
            .iter()
            .find(|f| f.name == name)
            .expect("the field");
        let expression = valid(entity, field).expect("a value");
        let text = expression
            .strip_prefix("json!(format!(\"")
            .and_then(|rest| rest.split_once('"'))
            .map(|(text, _)| text)
            .expect("a formatted text");
        if expression.contains("n % 10") {
            text.replacen("{}", &(n % 10).to_string(), 1)
        } else {
            text.replace("{n}", &n.to_string())
        }
    }

    #[test]
    fn short_texts_hold_every_n_of_a_test() {
        let place = entity(
            "postcode: { type: string, max: 10 }, code: { type: string, max: 4, unique: true }, grade: { type: string, max: 2 }, padded: { type: string, min: 12, max: 20 }",
        );
        for n in [1, 42, 999] {
            for (name, max) in [("postcode", 10), ("code", 4), ("grade", 2), ("padded", 20)] {
                let value = value_at(&place, name, n);
                assert!(value.len() <= max, "{name} at n = {n}: {value}");
            }
            assert!(value_at(&place, "padded", n).len() >= 12);
        }
        // Rows of a unique field still differ.
        assert_ne!(value_at(&place, "code", 7), value_at(&place, "code", 17));
    }
}
