//! Lists: `limit`, `offset`, `sort`, equality filters and full-text search,
//! turned into SQL from whitelists only (no client text reaches the query
//! but as a bound parameter).

use serde_json::{Value, json};
use uuid::Uuid;

use crate::Problem;
use crate::db::{Tx, db_error};

// The bounds of every list, as in the contracts (`api/*.yaml`).
pub const LIMIT_DEFAULT: i64 = 20;
pub const LIMIT_MAX: i64 = 100;
pub const OFFSET_MAX: i64 = 10000;
pub const SEARCH_MAX: usize = 200;

/// The values an equality filter accepts.
pub enum Filter {
    Uuid,
    Boolean,
    Enum(&'static [&'static str]),
}

impl Filter {
    /// The SQL type to compare as, or a 400 for a value of the wrong kind.
    fn check(&self, key: &str, value: &str) -> Result<&'static str, Problem> {
        let (valid, ty) = match self {
            Filter::Uuid => (Uuid::parse_str(value).is_ok(), "uuid"),
            Filter::Boolean => (matches!(value, "true" | "false"), "boolean"),
            Filter::Enum(values) => (values.contains(&value), "text"),
        };
        if valid {
            Ok(ty)
        } else {
            Err(Problem::bad_request(format!("{key} has an invalid value")))
        }
    }
}

/// What a list endpoint accepts.
pub struct ListSpec {
    /// Columns a client may sort by.
    pub sortable: &'static [&'static str],
    /// Columns a client may filter on, with the values they accept.
    pub filters: &'static [(&'static str, Filter)],
    /// Whether `q` searches the row's `search_document`.
    pub search: bool,
}

/// A parsed list request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub limit: i64,
    pub offset: i64,
    order: String,
    conditions: Vec<String>,
    binds: Vec<String>,
}

pub fn parse(query: &[(String, String)], spec: &ListSpec) -> Result<Page, Problem> {
    let mut page = Page {
        limit: LIMIT_DEFAULT,
        offset: 0,
        order: "created_at DESC".to_owned(),
        conditions: Vec::new(),
        binds: Vec::new(),
    };
    for (key, value) in query {
        match key.as_str() {
            "limit" => page.limit = bounded(key, value, 1, LIMIT_MAX)?,
            "offset" => page.offset = bounded(key, value, 0, OFFSET_MAX)?,
            "sort" => {
                let (column, direction) = match value.strip_prefix('-') {
                    Some(c) => (c, "DESC"),
                    None => (value.as_str(), "ASC"),
                };
                if !spec.sortable.contains(&column) {
                    return Err(Problem::bad_request(format!(
                        "sort must be one of: {} (prefix - for descending)",
                        spec.sortable.join(", ")
                    )));
                }
                page.order = format!("{column} {direction}");
            }
            "q" if spec.search => {
                if value.is_empty() || value.chars().count() > SEARCH_MAX {
                    return Err(Problem::bad_request(format!(
                        "q must be 1 to {SEARCH_MAX} characters long"
                    )));
                }
                page.binds.push(value.clone());
                page.conditions.push(format!(
                    "search_document @@ websearch_to_tsquery('english', ${})",
                    page.binds.len()
                ));
            }
            _ => {
                let Some((column, filter)) = spec.filters.iter().find(|(c, _)| c == key) else {
                    return Err(Problem::bad_request(format!(
                        "unknown query parameter {key:?}"
                    )));
                };
                let ty = filter.check(key, value)?;
                page.binds.push(value.clone());
                page.conditions
                    .push(format!("{column} = ${}::{ty}", page.binds.len()));
            }
        }
    }
    Ok(page)
}

fn bounded(key: &str, value: &str, min: i64, max: i64) -> Result<i64, Problem> {
    match value.parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(Problem::bad_request(format!(
            "{key} must be a whole number from {min} to {max}"
        ))),
    }
}

impl Page {
    fn filter(&self) -> String {
        if self.conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.conditions.join(" AND "))
        }
    }

    /// `{"items": [...], "total", "limit", "offset"}` of `table`, each item
    /// built by the SQL expression `row`.
    pub async fn fetch(&self, tx: &mut Tx, table: &str, row: &str) -> Result<Value, Problem> {
        let filter = self.filter();
        let sql = format!(
            "SELECT {row} FROM {table}{filter} ORDER BY {}, {table}.id LIMIT {} OFFSET {}",
            self.order, self.limit, self.offset
        );
        let mut items = sqlx::query_scalar::<_, Value>(&sql);
        for bind in &self.binds {
            items = items.bind(bind);
        }
        let items = items.fetch_all(&mut **tx).await.map_err(db_error)?;
        let count = format!("SELECT count(*) FROM {table}{filter}");
        let mut total = sqlx::query_scalar::<_, i64>(&count);
        for bind in &self.binds {
            total = total.bind(bind);
        }
        let total = total.fetch_one(&mut **tx).await.map_err(db_error)?;
        Ok(json!({"items": items, "total": total, "limit": self.limit, "offset": self.offset}))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: ListSpec = ListSpec {
        sortable: &["created_at", "title"],
        filters: &[("status", Filter::Enum(&["x", "y"]))],
        search: true,
    };

    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn parses_and_rejects() {
        let page = parse(
            &q(&[
                ("limit", "5"),
                ("sort", "-title"),
                ("status", "x"),
                ("q", "soup"),
            ]),
            &SPEC,
        )
        .unwrap();
        assert_eq!(page.limit, 5);
        assert_eq!(page.order, "title DESC");
        assert_eq!(
            page.filter(),
            " WHERE status = $1::text AND search_document @@ websearch_to_tsquery('english', $2)"
        );
        assert!(parse(&q(&[("limit", "0")]), &SPEC).is_err());
        assert!(parse(&q(&[("offset", "10001")]), &SPEC).is_err());
        assert!(parse(&q(&[("sort", "password")]), &SPEC).is_err());
        assert!(parse(&q(&[("owner", "x")]), &SPEC).is_err());
        assert!(parse(&q(&[("status", "z")]), &SPEC).is_err());
        assert!(parse(&q(&[("q", "")]), &SPEC).is_err());
    }
}
