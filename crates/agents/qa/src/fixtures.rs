//! Valid and invalid values for every field, as Rust expressions in the
//! generated tests (`n` keeps unique values of one test apart).

use std::collections::BTreeSet;

use keel_blueprint::{Blueprint, Entity, Field, FieldType, USER, pattern_examples};
use regex::Regex;

/// How many examples of its pattern a field whose values must differ
/// between rows takes (see [`examples`]): more than the rows of one entity
/// a test makes (the access matrix makes at most 1 + 2 × 20 callers' rows;
/// each entity numbers its own rows from 1, `Harness::next_of`), and prime,
/// so rows whose `n` are a fixed step apart never share one.
pub const DISTINCT_EXAMPLES: usize = 61;

/// A fixture's value of one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixture {
    /// A Rust expression producing a `Value`.
    pub expr: String,
    /// Whether it reads the test's `n` (so the body declares it).
    pub numbered: bool,
}

/// A valid value of `field` of `entity`, or `None` when no value can be
/// made up (a pattern with no example, or too few for a field whose values
/// must differ).
pub fn valid(entity: &Entity, field: &Field) -> Option<Fixture> {
    let (scalar, numbered) = valid_scalar(entity, field)?;
    let expr = if field.is_list() {
        format!("json!([{scalar}])")
    } else {
        format!("json!({scalar})")
    };
    Some(Fixture { expr, numbered })
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

/// How many digits of `n` a text takes: one test makes far fewer than a
/// thousand fixtures (the access matrix, the largest, makes at most 1 + 2 ×
/// 20 rows of an entity, each with its parents), and a number written at a
/// fixed width keeps every row's text the same length.
const DIGITS: u32 = 3;

/// A text of the form `stem-{n:03}` (padded to the minimum length) that fits
/// the field's bounds and pattern for every `n` of a test, as a Rust
/// expression. A field too short for three digits takes the last two of
/// `n` (rows of a unique one then differ while a test makes fewer than a
/// hundred), or the last one when its rows may share values.
fn simple(entity: &Entity, field: &Field) -> Option<String> {
    let min_len = field.min_length.unwrap_or(0) as usize;
    let max_len = field.max_length.unwrap_or(255) as usize;
    let stem = field.name.replace('_', "-");
    // (text with `#` for the number, its digits, whether `n` is cut to them)
    let mut candidates = vec![
        (format!("{stem}-#"), DIGITS, false),
        (format!("{}#", field.name.replace('_', "")), DIGITS, false),
        ("#".to_owned(), DIGITS, false),
        ("#".to_owned(), 2, true),
    ];
    if !distinct(entity, field) {
        candidates.push(("#".to_owned(), 1, true));
    }
    let pattern = field.pattern.as_deref().and_then(|p| Regex::new(p).ok());
    let length = |c: &str, digits: u32| c.chars().count() - 1 + digits as usize;
    let padding = |c: &str, digits: u32| "x".repeat(min_len.saturating_sub(length(c, digits)));
    // Every number the text can hold, as it is written.
    let fits = |c: &str, digits: u32| {
        let padding = padding(c, digits);
        length(c, digits) + padding.len() <= max_len.max(1)
            && pattern.as_ref().is_none_or(|p| {
                (0..10u32.pow(digits)).all(|k| {
                    let number = format!("{k:0width$}", width = digits as usize);
                    p.is_match(&format!("{}{padding}", c.replace('#', &number)))
                })
            })
    };
    let (chosen, digits, cut) = candidates.iter().find(|(c, digits, _)| fits(c, *digits))?;
    let text = format!("{chosen}{}", padding(chosen, *digits));
    Some(if *cut {
        format!(
            "format!(\"{}\", n % {})",
            text.replace('#', &format!("{{:0{digits}}}")),
            10u32.pow(*digits)
        )
    } else {
        format!(
            "format!(\"{}\")",
            text.replace('#', &format!("{{n:0{digits}}}"))
        )
    })
}

/// The scalar's expression and whether it reads `n`.
fn valid_scalar(entity: &Entity, field: &Field) -> Option<(String, bool)> {
    let numbered = |expr: String| Some((expr, true));
    let fixed = |expr: String| Some((expr, false));
    match field.ty {
        FieldType::String | FieldType::Text => match simple(entity, field) {
            Some(text) => numbered(text),
            // A pattern no simple text fits: one of its examples, picked by
            // `n` when rows need different values, else always the first.
            None if distinct(entity, field) => {
                examples(entity, field)?;
                numbered(format!("example({}, n)", examples_const(field)))
            }
            None => fixed(format!("{:?}", pattern_examples(field, 1).first()?)),
        },
        FieldType::Email => numbered("format!(\"person{n}@example.com\")".to_owned()),
        FieldType::Url => numbered("format!(\"https://example.com/{n}\")".to_owned()),
        FieldType::Integer | FieldType::Money => {
            let (lo, hi) = integer_range(field);
            let n = counted("i64::from(n)", stride(entity, field).unwrap_or(1));
            numbered(if lo == 0 {
                format!("{n} % {}", hi + 1)
            } else {
                format!("{lo} + {n} % {}", hi - lo + 1)
            })
        }
        FieldType::Decimal => {
            let min = field.min.as_ref().and_then(|n| n.as_f64());
            let max = field.max.as_ref().and_then(|n| n.as_f64());
            let v = match (min, max) {
                (Some(lo), _) => lo,
                (None, Some(hi)) if hi < 1.0 => hi,
                _ => 1.0,
            };
            fixed(format!("\"{v}\""))
        }
        FieldType::Boolean => fixed("true".to_owned()),
        // (a year picked by `n` where rows need different dates: a prime
        // count of them, as for pattern examples)
        FieldType::Date if distinct(entity, field) => {
            numbered("format!(\"20{:02}-01-15\", n % 97)".to_owned())
        }
        FieldType::Datetime if distinct(entity, field) => {
            numbered("format!(\"20{:02}-01-15T10:00:00Z\", n % 97)".to_owned())
        }
        // (minutes of the day, up to a prime count of them; with seconds,
        // as the database answers)
        FieldType::Time if distinct(entity, field) => {
            numbered("format!(\"{:02}:{:02}:00\", n % 1433 / 60, n % 1433 % 60)".to_owned())
        }
        FieldType::Time => fixed("\"09:30:00\"".to_owned()),
        FieldType::Date => fixed("\"2024-01-15\"".to_owned()),
        FieldType::Datetime => fixed("\"2024-01-15T10:00:00Z\"".to_owned()),
        FieldType::Uuid => fixed("Uuid::new_v4()".to_owned()),
        FieldType::Enum => match stride(entity, field) {
            // (one of several values picked by `n`, where a combination
            // with other bounded columns must differ between rows)
            Some(s) if field.values.len() > 1 => {
                let quoted: Vec<String> = field.values.iter().map(|v| format!("{v:?}")).collect();
                let n = counted("n as usize", s);
                numbered(format!(
                    "([{}][{n} % {}])",
                    quoted.join(", "),
                    field.values.len()
                ))
            }
            _ => fixed(format!("\"{}\"", field.values.first()?)),
        },
        FieldType::Json => numbered("json!({\"n\": n})".to_owned()),
        FieldType::File => None,
    }
}

/// The least and greatest value a fixture gives an integer field.
fn integer_range(field: &Field) -> (i64, i64) {
    let min = field.min.as_ref().and_then(|n| n.as_f64());
    let max = field.max.as_ref().and_then(|n| n.as_f64());
    let lo = min.unwrap_or(if max.is_some_and(|m| m < 0.0) {
        max.unwrap_or(0.0)
    } else {
        0.0
    }) as i64;
    let hi = max.map(|m| m as i64).unwrap_or(lo + 1000).max(lo);
    (lo, hi)
}

/// How many different values a fixture gives a column of `entity`: `None`
/// when it differs from row to row anyway (texts and dates of a unique set
/// take `n`, each row gets its own parents).
fn values_of(entity: &Entity, column: &str) -> Option<u64> {
    if column == "owner_id" {
        return Some(1);
    }
    let field = entity.fields.iter().find(|f| f.name == column)?;
    match field.ty {
        FieldType::Integer | FieldType::Money if !field.is_list() => {
            let (lo, hi) = integer_range(field);
            Some(hi.abs_diff(lo).saturating_add(1))
        }
        FieldType::Enum if !field.is_list() => Some(field.values.len().max(1) as u64),
        FieldType::Boolean | FieldType::Decimal => Some(1),
        _ => None,
    }
}

/// The unique set of several columns that `field` is in and whose every
/// column has few values: its rows differ only if the combination does.
fn bounded_set<'a>(entity: &'a Entity, field: &Field) -> Option<&'a Vec<String>> {
    entity.unique.iter().find(|set| {
        set.len() > 1
            && set.contains(&field.name)
            && set.iter().all(|c| values_of(entity, c).is_some())
    })
}

/// What `n` is divided by before a field of a bounded unique set takes its
/// value: the number of combinations of the columns before it in the set,
/// so that consecutive rows count through every combination (mixed radix)
/// rather than repeating one after the first column's values run out.
/// `None` when the field is in no such set.
fn stride(entity: &Entity, field: &Field) -> Option<u64> {
    let set = bounded_set(entity, field)?;
    Some(
        set.iter()
            .take_while(|c| **c != field.name)
            .filter_map(|c| values_of(entity, c))
            .fold(1u64, |acc, k| acc.saturating_mul(k))
            .min(u64::from(u32::MAX)),
    )
}

/// `n` (spelt `n`) divided by a stride, as the fixture writes it.
fn counted(n: &str, stride: u64) -> String {
    match stride {
        1 => n.to_owned(),
        s => format!("{n} / {s}"),
    }
}

/// How many bytes the invalid values of one body may take: the services
/// read JSON bodies of at most 1 MiB (`platform::body::JSON_LIMIT`), and a
/// larger one is refused whole (413), before any field is looked at.
pub const INVALID_BODY_BUDGET: u64 = 1024 * 1024 - 64 * 1024;

/// About how many bytes [`invalid`]'s value of `field` takes in a body.
pub fn invalid_size(field: &Field) -> u64 {
    match field.ty {
        _ if field.is_list() => 16,
        FieldType::String | FieldType::Text | FieldType::Email | FieldType::Url => {
            text_max(field) + 3
        }
        FieldType::Json => json_max(field) + 3,
        _ => 16,
    }
}

/// The longest text-like value the field holds.
fn text_max(field: &Field) -> u64 {
    u64::from(field.max_length.unwrap_or(255))
}

/// The largest json value, serialised, the field holds.
fn json_max(field: &Field) -> u64 {
    field.max_size.unwrap_or(keel_blueprint::DEFAULT_JSON_MAX)
}

/// A value of `field` that breaks one of its bounds, as a Rust expression.
pub fn invalid(field: &Field) -> String {
    if field.is_list() {
        return "json!(\"not a list\")".to_owned();
    }
    match field.ty {
        FieldType::String | FieldType::Text | FieldType::Email | FieldType::Url => {
            format!("json!(\"x\".repeat({}))", text_max(field) + 1)
        }
        FieldType::Integer | FieldType::Money => match (&field.max, &field.min) {
            (Some(max), _) => format!("json!({} + 1)", rust_integer(max.as_i64().unwrap_or(0))),
            (None, Some(min)) => format!("json!({} - 1)", rust_integer(min.as_i64().unwrap_or(0))),
            (None, None) => "json!(\"many\")".to_owned(),
        },
        FieldType::Decimal => "json!(\"1.2.3\")".to_owned(),
        FieldType::Boolean => "json!(\"yes\")".to_owned(),
        FieldType::Date => "json!(\"2024-13-45\")".to_owned(),
        FieldType::Datetime => "json!(\"yesterday\")".to_owned(),
        FieldType::Time => "json!(\"25:61\")".to_owned(),
        FieldType::Uuid | FieldType::File => "json!(\"not-a-uuid\")".to_owned(),
        FieldType::Enum => "json!(\"not-a-value\")".to_owned(),
        // (a string one byte longer, as JSON, than the field may hold)
        FieldType::Json => format!("json!(\"x\".repeat({}))", json_max(field).saturating_sub(1)),
    }
}

/// An integer literal of the generated tests: one beyond `i32`, Rust's
/// default for an unsuffixed literal, says it is an `i64`.
fn rust_integer(v: i64) -> String {
    if i32::try_from(v).is_ok() {
        v.to_string()
    } else {
        format!("{v}_i64")
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
        let expression = valid(entity, field).expect("a value").expr;
        if let Some(quoted) = expression.strip_prefix("json!(\"") {
            // (a pattern's example, the same for every n)
            return quoted.split('"').next().unwrap_or_default().to_owned();
        }
        let text = expression
            .strip_prefix("json!(format!(\"")
            .and_then(|rest| rest.split_once('"'))
            .map(|(text, _)| text)
            .expect("a formatted text");
        let number = |digits: usize, k: u32| format!("{k:0digits$}");
        for digits in 1..=3 {
            let cut = format!("{{:0{digits}}}");
            if text.contains(&cut) {
                return text.replace(&cut, &number(digits, n % 10u32.pow(digits as u32)));
            }
            let whole = format!("{{n:0{digits}}}");
            if text.contains(&whole) {
                return text.replace(&whole, &number(digits, n));
            }
        }
        text.to_owned()
    }

    /// The value an integer or enum fixture takes at `n`.
    fn bounded_at(entity: &Entity, name: &str, n: u64) -> String {
        let field = entity.fields.iter().find(|f| f.name == name).unwrap();
        let expr = valid(entity, field).unwrap().expr;
        let number =
            regex::Regex::new(r"^json!\((?:(\d+) \+ )?i64::from\(n\)(?: / (\d+))? % (\d+)\)$")
                .unwrap();
        let pick = regex::Regex::new(r"^json!\(\(\[(.*)\]\[n as usize(?: / (\d+))? % (\d+)\]\)\)$")
            .unwrap();
        let num = |c: Option<regex::Match>| c.map_or(0, |m| m.as_str().parse::<u64>().unwrap());
        if let Some(c) = number.captures(&expr) {
            let stride = c.get(2).map_or(1, |m| m.as_str().parse().unwrap());
            return (num(c.get(1)) + n / stride % num(c.get(3))).to_string();
        }
        let c = pick.captures(&expr).unwrap_or_else(|| panic!("{expr}"));
        let values: Vec<&str> = c.get(1).unwrap().as_str().split(", ").collect();
        let stride = c.get(2).map_or(1, |m| m.as_str().parse().unwrap());
        values[(n / stride % num(c.get(3))) as usize].to_owned()
    }

    #[test]
    fn rows_count_through_every_combination_of_a_bounded_unique_set() {
        // 3 × 3 × 2 combinations: rows differ until all are used.
        let plan = entity(
            "people: { type: integer, required: true, min: 2, max: 4 }, meals: { type: integer, required: true, min: 3, max: 5 }, size: { type: enum, required: true, values: [small, large] }",
        );
        let mut plan = plan;
        plan.unique = vec![vec!["size".into(), "people".into(), "meals".into()]];
        let rows: std::collections::BTreeSet<(String, String, String)> = (0..18)
            .map(|n| {
                (
                    bounded_at(&plan, "people", n),
                    bounded_at(&plan, "meals", n),
                    bounded_at(&plan, "size", n),
                )
            })
            .collect();
        assert_eq!(rows.len(), 18);
        for n in 0..18 {
            let people: i64 = bounded_at(&plan, "people", n).parse().unwrap();
            assert!((2..=4).contains(&people));
        }
    }

    #[test]
    fn short_texts_hold_every_n_of_a_test() {
        let place = entity(
            "postcode: { type: string, max: 10 }, code: { type: string, max: 4, unique: true }, grade: { type: string, max: 2 }, padded: { type: string, min: 12, max: 20 }, exact: { type: string, min: 6, max: 6, unique: true }, tag: { type: string, max: 2, unique: true }, digit: { type: string, max: 1 }, floor: { type: string, max: 2, pattern: \"^[1-9][0-9]?$\" }",
        );
        let bounds = [
            ("postcode", 0, 10),
            ("code", 0, 4),
            ("grade", 0, 2),
            ("padded", 12, 20),
            ("exact", 6, 6),
            ("tag", 0, 2),
            ("digit", 0, 1),
            ("floor", 0, 2),
        ];
        let floor = regex::Regex::new("^[1-9][0-9]?$").unwrap();
        for n in 1..=999 {
            for (name, min, max) in bounds {
                let value = value_at(&place, name, n);
                assert!(
                    (min..=max).contains(&value.len()),
                    "{name} at n = {n}: {value}"
                );
            }
            assert!(
                floor.is_match(&value_at(&place, "floor", n)),
                "floor at n = {n}"
            );
        }
        // Rows of a unique field differ (a short one while a test makes
        // fewer than a hundred).
        for name in ["code", "exact"] {
            let values: std::collections::BTreeSet<String> =
                (1..=999).map(|n| value_at(&place, name, n)).collect();
            assert_eq!(values.len(), 999, "{name}");
        }
        let tags: std::collections::BTreeSet<String> =
            (1..=99).map(|n| value_at(&place, "tag", n)).collect();
        assert_eq!(tags.len(), 99);
    }
}
