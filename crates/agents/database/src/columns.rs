//! Blueprint fields as PostgreSQL columns and `CHECK` constraints.

use keel_blueprint::{Entity, Field, FieldType};
use keel_generate::template::sql_string;

/// One column definition line (without the trailing comma).
pub fn field_column(entity: &Entity, field: &Field, tenant_scoped: bool) -> String {
    let mut col = format!("{} {}", field.name, sql_type(field));
    if field.required {
        col.push_str(" NOT NULL");
    }
    if let Some(default) = default_sql(field) {
        col.push_str(" DEFAULT ");
        col.push_str(&default);
    }
    if field.unique && !tenant_scoped {
        col.push_str(&format!(
            " CONSTRAINT {}_{}_key UNIQUE",
            entity.names.plural_snake, field.name
        ));
    }
    col
}

pub fn sql_type(field: &Field) -> String {
    let scalar = match field.ty {
        FieldType::String | FieldType::Email | FieldType::Url => {
            format!("varchar({})", field.max_length.unwrap_or(255))
        }
        FieldType::Text => "text".to_owned(),
        FieldType::Integer | FieldType::Money => "bigint".to_owned(),
        FieldType::Decimal => format!(
            "numeric({}, {})",
            field.precision.unwrap_or(12),
            field.scale.unwrap_or(2)
        ),
        FieldType::Boolean => "boolean".to_owned(),
        FieldType::Date => "date".to_owned(),
        FieldType::Datetime => "timestamptz".to_owned(),
        // Without a zone: "opens at 09:00" means local time wherever it is.
        FieldType::Time => "time".to_owned(),
        FieldType::Uuid | FieldType::File => "uuid".to_owned(),
        FieldType::Enum => "text".to_owned(),
        FieldType::Json => "jsonb".to_owned(),
    };
    if field.is_list() {
        format!("{scalar}[]")
    } else {
        scalar
    }
}

fn default_sql(field: &Field) -> Option<String> {
    let value = field.default.as_ref()?;
    Some(match (field.ty, value) {
        (FieldType::Date, serde_json::Value::String(s)) if s == "today" => {
            "CURRENT_DATE".to_owned()
        }
        (FieldType::Date, serde_json::Value::String(s)) => format!("DATE {}", sql_string(s)),
        (FieldType::Datetime, _) => "now()".to_owned(),
        (FieldType::Time, serde_json::Value::String(s)) => format!("TIME {}", sql_string(s)),
        (_, serde_json::Value::String(s)) => sql_string(s),
        (_, serde_json::Value::Bool(b)) => b.to_string(),
        (_, serde_json::Value::Number(n)) => n.to_string(),
        _ => return None,
    })
}

/// Named `CHECK` constraints for a field's bounds: `(name, expression)`.
pub fn field_checks(table: &str, field: &Field) -> Vec<(String, String)> {
    let name = &field.name;
    let mut checks = Vec::new();
    let mut push =
        |suffix: &str, expr: String| checks.push((format!("{table}_{name}_{suffix}"), expr));
    if let Some(max_items) = field.max_items {
        push("items", format!("cardinality({name}) <= {max_items}"));
    }
    // Element checks of lists are enforced by the element type (varchar(n))
    // and by the service; CHECK cannot iterate over an array.
    let list = field.is_list();
    match field.ty {
        FieldType::String | FieldType::Text | FieldType::Email | FieldType::Url if !list => {
            let min = field.min_length.unwrap_or(0);
            match (min, field.ty) {
                (0, FieldType::Text) => {
                    if let Some(max) = field.max_length {
                        push("length", format!("char_length({name}) <= {max}"));
                    }
                }
                (0, _) => {}
                (min, FieldType::Text) => push(
                    "length",
                    format!(
                        "char_length({name}) BETWEEN {min} AND {}",
                        field.max_length.unwrap_or(u32::MAX)
                    ),
                ),
                (min, _) => push("length", format!("char_length({name}) >= {min}")),
            }
            if let Some(pattern) = &field.pattern {
                push("pattern", format!("{name} ~ {}", sql_string(pattern)));
            }
            if field.ty == FieldType::Email {
                push(
                    "format",
                    format!("{name} ~ '^[^@[:space:]]+@[^@[:space:]]+$'"),
                );
            }
            if field.ty == FieldType::Url {
                push("format", format!("{name} ~ '^https?://[^[:space:]]+$'"));
            }
        }
        FieldType::Integer | FieldType::Money | FieldType::Decimal if !list => {
            match (&field.min, &field.max) {
                (Some(min), Some(max)) => push("range", format!("{name} BETWEEN {min} AND {max}")),
                (Some(min), None) => push("range", format!("{name} >= {min}")),
                (None, Some(max)) => push("range", format!("{name} <= {max}")),
                (None, None) => {}
            }
        }
        FieldType::Enum => {
            let values: Vec<String> = field.values.iter().map(|v| sql_string(v)).collect();
            if list {
                push(
                    "values",
                    format!("{name} <@ ARRAY[{}]::text[]", values.join(", ")),
                );
            } else {
                push("values", format!("{name} IN ({})", values.join(", ")));
            }
        }
        FieldType::Json => {
            if let Some(max) = field.max_size {
                push("size", format!("octet_length({name}::text) <= {max}"));
            }
        }
        _ => {}
    }
    checks
}
