//! Reading and writing rows as JSON. PostgreSQL builds each row's JSON (so
//! dates, decimals and arrays keep their exact form) and converts validated
//! JSON input to the table's column types with `jsonb_populate_record`.
//! Column names come from validated field names only, never from clients.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::db::{Tx, db_error};
use crate::{FieldError, Problem};

/// The row expression of a write-only create's answer: its id only.
pub const ID_ONLY: &str = "jsonb_build_object('id', id)";

/// The row `id` of `table` as built by `row`, if the caller may see it.
pub async fn fetch(
    tx: &mut Tx,
    table: &str,
    row: &str,
    id: Uuid,
) -> Result<Option<Value>, Problem> {
    sqlx::query_scalar(&format!("SELECT {row} FROM {table} WHERE {table}.id = $1"))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_error)
}

/// Inserts the validated `input`; columns not given take their defaults.
/// Answers the new row, or only its id when the creator may not read it
/// (write-only rows such as a newsletter sign-up).
pub async fn insert(
    tx: &mut Tx,
    table: &str,
    row: &str,
    input: &Map<String, Value>,
) -> Result<Value, Problem> {
    // The id is chosen here: `RETURNING` would need read access to the row.
    let id = Uuid::new_v4();
    let mut input = input.clone();
    input.insert("id".to_owned(), Value::String(id.to_string()));
    let columns = column_list(&input);
    sqlx::query(&format!(
        "INSERT INTO {table} ({columns}) SELECT {columns} FROM jsonb_populate_record(NULL::{table}, $1)"
    ))
    .bind(Value::Object(input))
    .execute(&mut **tx)
    .await
    .map_err(db_error)?;
    Ok(fetch(tx, table, row, id)
        .await?
        .unwrap_or_else(|| serde_json::json!({ "id": id })))
}

/// Checks that every row of this service that `input` points at, by
/// `(column, table)`, is visible to the caller (row-level security applies;
/// the foreign key alone does not see it): 422 on each column whose row is not.
pub async fn check_visible(
    tx: &mut Tx,
    input: &Map<String, Value>,
    references: &[(&str, &str)],
) -> Result<(), Problem> {
    let mut errors = Vec::new();
    for (column, table) in references {
        let Some(id) = input.get(*column).and_then(Value::as_str) else {
            continue;
        };
        let id = Uuid::parse_str(id).map_err(|_| Problem::bad_request("malformed id"))?;
        let found: Option<i32> =
            sqlx::query_scalar(&format!("SELECT 1 FROM {table} WHERE id = $1"))
                .bind(id)
                .fetch_optional(&mut **tx)
                .await
                .map_err(db_error)?;
        if found.is_none() {
            errors.push(FieldError::new(*column, "does not exist"));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Problem::invalid(errors))
    }
}

/// Changes the given columns of row `id`.
pub async fn update(
    tx: &mut Tx,
    table: &str,
    row: &str,
    id: Uuid,
    input: &Map<String, Value>,
) -> Result<Value, Problem> {
    if input.is_empty() {
        return fetch(tx, table, row, id)
            .await?
            .ok_or_else(|| Problem::not_found("row"));
    }
    let assignments: Vec<String> = input.keys().map(|c| format!("{c} = input.{c}")).collect();
    let sql = format!(
        "UPDATE {table} SET {} FROM jsonb_populate_record(NULL::{table}, $1) AS input WHERE {table}.id = $2 RETURNING {row}",
        assignments.join(", ")
    );
    sqlx::query_scalar(&sql)
        .bind(Value::Object(input.clone()))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_error)?
        .ok_or_else(|| Problem::not_found("row"))
}

/// A state transition of the blueprint: the state field, the states it
/// starts from, and the state it leads to.
pub struct Transition {
    pub field: &'static str,
    pub from: &'static [&'static str],
    pub to: &'static str,
}

/// Moves `current` (row `id`) along `transition`: 409 from any other state.
/// The guard trigger checks the transition and its rule again.
pub async fn transition(
    tx: &mut Tx,
    table: &str,
    row: &str,
    current: &Value,
    transition: &Transition,
) -> Result<Value, Problem> {
    let state = current
        .get(transition.field)
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !transition.from.contains(&state) {
        return Err(Problem::conflict(format!(
            "cannot move from {state} to {}",
            transition.to
        )));
    }
    let id = crate::validate::uuid_at(current, "id").unwrap_or_default();
    sqlx::query_scalar(&format!(
        "UPDATE {table} SET {} = $1 WHERE {table}.id = $2 RETURNING {row}",
        transition.field
    ))
    .bind(transition.to)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
    .map_err(db_error)?
    .ok_or_else(|| Problem::not_found("row"))
}

/// 201 with `Location: {base}/{id}` and the row.
pub fn created(base: &str, row: Value) -> Response {
    let location = format!("{base}/{}", row["id"].as_str().unwrap_or_default());
    (
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(row),
    )
        .into_response()
}

/// Deletes row `id`; `false` when no visible row was deleted.
pub async fn delete(tx: &mut Tx, table: &str, id: Uuid) -> Result<bool, Problem> {
    let done = sqlx::query(&format!("DELETE FROM {table} WHERE id = $1"))
        .bind(id)
        .execute(&mut **tx)
        .await
        .map_err(db_error)?;
    Ok(done.rows_affected() > 0)
}

fn column_list(input: &Map<String, Value>) -> String {
    input
        .keys()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}
