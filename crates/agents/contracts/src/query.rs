//! The query of a list: paging, sorting, equality filters and search.

use keel_blueprint::{Entity, FieldType};

use crate::operation::{ParamValue, QueryParam};

pub const LIMIT_MAX: u32 = 100;
pub const LIMIT_DEFAULT: u32 = 20;
pub const OFFSET_MAX: u32 = 10_000;
pub const SEARCH_MAX: u32 = 200;
pub const DEFAULT_SORT: &str = "-created_at";

/// Names the list query itself uses; a field with one of these names gets
/// no filter.
const CONTROL: &[&str] = &["limit", "offset", "sort", "q"];

/// Paging parameters, shared by every list.
pub fn paging() -> Vec<QueryParam> {
    vec![
        QueryParam {
            name: "limit".into(),
            required: false,
            description: format!(
                "How many items to return (1–{LIMIT_MAX}, default {LIMIT_DEFAULT})."
            ),
            value: ParamValue::Limit,
        },
        QueryParam {
            name: "offset".into(),
            required: false,
            description: format!("How many items to skip (0–{OFFSET_MAX}, default 0)."),
            value: ParamValue::Offset,
        },
    ]
}

/// The fields a list can be sorted by: the timestamps, then scalar fields
/// that compare meaningfully (not long text, files, JSON or lists).
pub fn sort_keys(entity: &Entity) -> Vec<String> {
    let mut keys = vec!["created_at".to_owned(), "updated_at".to_owned()];
    keys.extend(
        entity
            .fields
            .iter()
            .filter(|f| !f.is_list())
            .filter(|f| {
                matches!(
                    f.ty,
                    FieldType::String
                        | FieldType::Integer
                        | FieldType::Decimal
                        | FieldType::Money
                        | FieldType::Boolean
                        | FieldType::Date
                        | FieldType::Datetime
                        | FieldType::Time
                        | FieldType::Email
                        | FieldType::Enum
                )
            })
            .map(|f| f.name.clone()),
    );
    keys
}

/// Every parameter of an entity's list operation.
pub fn list_params(entity: &Entity) -> Vec<QueryParam> {
    let mut params = paging();
    params.push(QueryParam {
        name: "sort".into(),
        required: false,
        description: format!(
            "The field to sort by; a leading `-` sorts descending (default `{DEFAULT_SORT}`)."
        ),
        value: ParamValue::Sort {
            keys: sort_keys(entity),
            default: DEFAULT_SORT.into(),
        },
    });
    params.extend(filters(entity));
    if !entity.search.is_empty() {
        params.push(QueryParam {
            name: "q".into(),
            required: false,
            description: format!(
                "Full-text search in {}; every word must match.",
                entity.search.join(", ")
            ),
            value: ParamValue::Search,
        });
    }
    params
}

/// Equality filters: the owner, every relation, and enum, boolean and uuid
/// fields.
pub fn filters(entity: &Entity) -> Vec<QueryParam> {
    let words = &entity.names.plural_words;
    let mut out = Vec::new();
    if entity.owned {
        out.push(QueryParam {
            name: "owner_id".into(),
            required: false,
            description: format!("Only {words} owned by this user."),
            value: ParamValue::Uuid,
        });
    }
    for link in &entity.links {
        out.push(QueryParam {
            name: link.column.clone(),
            required: false,
            description: format!("Only {words} with this {}.", link.name.replace('_', " ")),
            value: ParamValue::Uuid,
        });
    }
    for field in entity.fields.iter().filter(|f| !f.is_list()) {
        let value = match field.ty {
            FieldType::Enum => ParamValue::Enum {
                values: field.values.clone(),
            },
            FieldType::Boolean => ParamValue::Boolean,
            FieldType::Uuid => ParamValue::Uuid,
            _ => continue,
        };
        if CONTROL.contains(&field.name.as_str()) {
            continue;
        }
        out.push(QueryParam {
            name: field.name.clone(),
            required: false,
            description: format!(
                "Only {words} whose {} is this value.",
                field.name.replace('_', " ")
            ),
            value,
        });
    }
    out
}
