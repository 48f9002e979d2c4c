//! Database access under row-level security. Every query runs in a
//! transaction that first tells PostgreSQL who is asking (`app.user_id`,
//! `app.roles`, `app.tenant_id`); the policies of the migration do the rest.

use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::{Postgres, Transaction};

use crate::{Caller, FieldError, Problem};

pub type Tx = Transaction<'static, Postgres>;

/// The answer of an access rule: allowed or not (or the database failed).
pub type Decision = Result<bool, Problem>;

#[derive(Clone)]
pub struct Db {
    pool: PgPool,
}

impl Db {
    /// A pool that connects on first use, so the service starts (and
    /// `/readyz` reports) even while the database is still coming up.
    pub fn connect_lazy(url: &str) -> Result<Self, String> {
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .acquire_timeout(Duration::from_secs(5))
            .connect_lazy(url)
            .map_err(|e| format!("DATABASE_URL is malformed: {e}"))?;
        Ok(Db { pool })
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// A transaction acting as `caller`.
    pub async fn begin(&self, caller: &Caller) -> Result<Tx, Problem> {
        self.begin_with(caller, false).await
    }

    /// A transaction of an authentication flow (sign-up, sign-in, refresh):
    /// the identity policies let it find users before anyone is signed in.
    pub async fn begin_auth_flow(&self) -> Result<Tx, Problem> {
        self.begin_with(&Caller::anonymous(), true).await
    }

    /// `BEGIN` and the settings in one round trip (one simple-protocol
    /// message): every request starts a transaction, so this saves a round
    /// trip per request. The values are a UUID, role names from a verified
    /// token and a fixed word, quoted as SQL literals.
    async fn begin_with(&self, caller: &Caller, auth_flow: bool) -> Result<Tx, Problem> {
        let user_id = caller.user_id.map(|u| u.to_string()).unwrap_or_default();
        let tenant_id = caller.tenant_id.map(|t| t.to_string()).unwrap_or_default();
        let mut statement = format!(
            "BEGIN; SELECT set_config('app.user_id', {}, true), set_config('app.roles', {}, true), \
             set_config('app.tenant_id', {}, true)",
            literal(&user_id),
            literal(&caller.roles.join(",")),
            literal(&tenant_id)
        );
        if auth_flow {
            statement.push_str(", set_config('app.auth_flow', 'on', true)");
        }
        self.pool.begin_with(statement).await.map_err(db_error)
    }

    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }
}

/// A string as an SQL literal (`standard_conforming_strings` is on, so only
/// the quote needs doubling).
fn literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// Applies a migration (a whole `.sql` file) on a connection URL with the
/// rights to run it (a superuser, or a member of the owner role).
pub async fn apply_migration(admin_url: &str, sql: &str) -> Result<(), sqlx::Error> {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(admin_url).await?;
    sqlx::raw_sql(sql).execute(&mut conn).await?;
    conn.close().await
}

/// What a database error means for the client.
pub fn db_error(error: sqlx::Error) -> Problem {
    match &error {
        sqlx::Error::RowNotFound => Problem::not_found("row"),
        sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed => {
            tracing::warn!(error = %error, "database unavailable");
            Problem::unavailable("the database is not reachable", 5)
        }
        sqlx::Error::Database(db) => {
            let code = db.code().unwrap_or_default().into_owned();
            let constraint = db.constraint().unwrap_or_default().to_owned();
            let message = db.message().to_owned();
            match code.as_str() {
                // Row-level security or a guard trigger said no.
                "42501" => Problem::forbidden(),
                "23514" if message.contains("no transition") => Problem::conflict(message),
                "23514" | "23502" | "22001" | "22003" | "22007" | "22008" | "22P02" | "2202E" => {
                    Problem::invalid(vec![FieldError::new(
                        field_of(&constraint),
                        "is not allowed here",
                    )])
                }
                "23505" => Problem {
                    errors: vec![FieldError::new(field_of(&constraint), "is already taken")],
                    ..Problem::conflict("a row with these values already exists")
                },
                "23503" => Problem::conflict(
                    "the row is referenced by, or refers to, a row that does not allow this",
                ),
                _ => Problem::internal(&error),
            }
        }
        _ => Problem::internal(&error),
    }
}

/// `recipes_title_length` → `title`: the field a constraint is about, as far
/// as its name tells (the table prefix and the kind suffix are dropped).
fn field_of(constraint: &str) -> String {
    let mut parts: Vec<&str> = constraint.split('_').collect();
    if parts.len() >= 3 {
        parts.remove(0);
        parts.pop();
        parts.join("_")
    } else {
        constraint.to_owned()
    }
}

/// 404 when a row was not found (or row-level security hides it).
pub fn found<T>(row: Option<T>, what: &str) -> Result<T, Problem> {
    row.ok_or_else(|| Problem::not_found(what))
}

/// 403 unless `allowed`.
pub fn allow(allowed: bool) -> Result<(), Problem> {
    if allowed {
        Ok(())
    } else {
        Err(Problem::forbidden())
    }
}

/// 401 for anonymous callers, 403 for signed-in ones who may not.
pub fn permit(caller: &Caller, allowed: bool) -> Result<(), Problem> {
    match (allowed, caller.signed_in()) {
        (true, _) => Ok(()),
        (false, false) => Err(Problem::unauthorized()),
        (false, true) => Err(Problem::forbidden()),
    }
}

/// Whether `row` belongs to the caller's organization (multi-tenant apps).
pub fn same_tenant(caller: &Caller, row: &serde_json::Value) -> bool {
    caller.tenant_id.is_some() && crate::validate::uuid_at(row, "tenant_id") == caller.tenant_id
}

#[cfg(test)]
mod tests {
    use axum::http::StatusCode;

    use super::*;

    #[test]
    fn settings_are_quoted_as_literals() {
        assert_eq!(literal("admin,editor"), "'admin,editor'");
        assert_eq!(literal("it's"), "'it''s'");
        assert_eq!(literal(""), "''");
    }

    #[test]
    fn constraint_names_point_at_fields() {
        assert_eq!(field_of("recipes_title_length"), "title");
        assert_eq!(field_of("recipes_prep_minutes_range"), "prep_minutes");
        assert_eq!(field_of("pkey"), "pkey");
    }

    #[test]
    fn permissions_answer_401_or_403() {
        let anon = Caller::anonymous();
        assert_eq!(
            permit(&anon, false).unwrap_err().status,
            StatusCode::UNAUTHORIZED
        );
        let user = Caller {
            user_id: Some(uuid::Uuid::new_v4()),
            ..Caller::default()
        };
        assert_eq!(
            permit(&user, false).unwrap_err().status,
            StatusCode::FORBIDDEN
        );
        assert!(permit(&user, true).is_ok());
        assert!(allow(false).is_err());
        assert!(found(None::<()>, "x").is_err());
        assert_eq!(
            db_error(sqlx::Error::RowNotFound).status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            db_error(sqlx::Error::PoolTimedOut).status,
            StatusCode::SERVICE_UNAVAILABLE
        );
    }
}
