//! Fields as Rust: validation calls and the SQL that builds a row's JSON.
//! What lists may sort and filter by is the contract's
//! (`keel_agent_contracts::{sort_keys, filters}`).

use keel_blueprint::{Entity, Field, FieldType, LinkKind};

use crate::layout;

/// The check of one value of `field` (a `Fn(&Value) -> Result<Value, String>`).
fn check(field: &Field) -> String {
    let int = |n: &Option<serde_json::Number>| match n {
        Some(n) => format!("Some({})", n.as_i64().unwrap_or_default()),
        None => "None".to_owned(),
    };
    let float = |n: &Option<serde_json::Number>| match n.as_ref().and_then(|n| n.as_f64()) {
        Some(n) => format!("Some({n:?})"),
        None => "None".to_owned(),
    };
    let max_len = field.max_length.unwrap_or(255);
    match field.ty {
        FieldType::String | FieldType::Text => {
            let pattern = if field.pattern.is_some() {
                format!("Some(&{})", pattern_static(field))
            } else {
                "None".to_owned()
            };
            format!(
                "|x| v::text(x, {}, {max_len}, {pattern})",
                field.min_length.unwrap_or(0)
            )
        }
        FieldType::Email => format!("|x| v::email(x, {max_len})"),
        FieldType::Url => format!("|x| v::url(x, {max_len})"),
        FieldType::Integer | FieldType::Money => {
            format!(
                "|x| v::integer(x, {}, {})",
                int(&field.min),
                int(&field.max)
            )
        }
        FieldType::Decimal => format!(
            "|x| v::decimal(x, {}, {}, {}, {})",
            field.precision.unwrap_or(12),
            field.scale.unwrap_or(2),
            float(&field.min),
            float(&field.max)
        ),
        FieldType::Boolean => "v::boolean".to_owned(),
        FieldType::Date => "v::date".to_owned(),
        FieldType::Datetime => "v::datetime".to_owned(),
        FieldType::Time => "v::time".to_owned(),
        FieldType::Uuid | FieldType::File => "v::uuid".to_owned(),
        FieldType::Enum => {
            let values: Vec<String> = field.values.iter().map(|v| format!("{v:?}")).collect();
            format!("|x| v::one_of(x, &[{}])", values.join(", "))
        }
        FieldType::Json => format!(
            "|x| v::json(x, {})",
            field.max_size.unwrap_or(keel_blueprint::DEFAULT_JSON_MAX)
        ),
    }
}

/// The name of the static regex of a field with a pattern.
pub fn pattern_static(field: &Field) -> String {
    format!("{}_PATTERN", field.name.to_uppercase())
}

/// Whether absent means "not given" on create (a default or NULL applies).
fn required_on_create(field: &Field) -> bool {
    field.required && field.default.is_none()
}

/// The validation statement of a writable field.
pub fn validation(indent: usize, field: &Field) -> String {
    let required = required_on_create(field);
    let check = check(field);
    match (field.max_items, check.strip_prefix("|x| ")) {
        (Some(max), Some(body)) => layout::closure_call(
            indent,
            "f.list",
            &format!("\"{}\", {required}, {max}, ", field.name),
            body,
        ),
        (None, Some(body)) => layout::closure_call(
            indent,
            "f.field",
            &format!("\"{}\", {required}, ", field.name),
            body,
        ),
        // (Arguments wider than rustfmt's `fn_call_width` go one per line.)
        (Some(max), None) => layout::list(
            indent,
            "f.list(",
            &[
                format!("\"{}\"", field.name),
                required.to_string(),
                max.to_string(),
                check,
            ],
            ");",
        ),
        (None, None) => layout::list(
            indent,
            "f.field(",
            &[format!("\"{}\"", field.name), required.to_string(), check],
            ");",
        ),
    }
}

/// Names a create body may carry: parents, references, writable fields.
pub fn create_fields(entity: &Entity) -> Vec<String> {
    entity
        .links
        .iter()
        .map(|l| l.column.clone())
        .chain(entity.writable_fields().map(|f| f.name.clone()))
        .collect()
}

/// Names an update body may carry: references and writable fields.
pub fn update_fields(entity: &Entity) -> Vec<String> {
    entity
        .references()
        .map(|l| l.column.clone())
        .chain(entity.writable_fields().map(|f| f.name.clone()))
        .collect()
}

/// The SQL expression that builds a row's JSON, in pieces that can be
/// laid out on separate lines.
pub fn row_parts(entity: &Entity) -> Vec<String> {
    let table = &entity.names.plural_snake;
    let mut pairs = vec![format!("'id', {table}.id")];
    if entity.tenant_scoped {
        pairs.push(format!("'tenant_id', {table}.tenant_id"));
    }
    if entity.owned {
        pairs.push(format!("'owner_id', {table}.owner_id"));
    }
    for link in &entity.links {
        pairs.push(format!("'{0}', {table}.{0}", link.column));
    }
    for field in &entity.fields {
        // (decimals as strings, as the contract writes them: a list as a
        // list of strings, not the text of an array)
        let cast = match (field.ty, field.is_list()) {
            (FieldType::Decimal, false) => "::text",
            (FieldType::Decimal, true) => "::text[]",
            _ => "",
        };
        pairs.push(format!("'{0}', {table}.{0}{cast}", field.name));
    }
    pairs.push(format!("'created_at', {table}.created_at"));
    pairs.push(format!("'updated_at', {table}.updated_at"));
    let last = pairs.len() - 1;
    let mut parts = vec!["jsonb_build_object(".to_owned()];
    for (i, pair) in pairs.into_iter().enumerate() {
        parts.push(if i == last {
            format!("{pair})")
        } else {
            format!("{pair}, ")
        });
    }
    parts
}

/// Whether a link points at another service (checked through its API).
pub fn is_remote(kind: LinkKind) -> bool {
    kind == LinkKind::Remote
}
