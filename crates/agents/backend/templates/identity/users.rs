//! `/api/identity/users/*`: public profiles (for reference checks by other
//! services) {% if not multi_tenant %}and role grants by admins{% endif %}.

use axum::Json;
use axum::extract::State;
{% if multi_tenant %}
use platform::body::Id;
{% else %}
use platform::body::{Id, JsonObject};
{% endif %}
use platform::db::db_error;
{% if not multi_tenant %}
use platform::validate::{self as v, Fields, strings};
{% endif %}
use platform::{Caller, Problem};
use serde_json::{Value, json};
{% if not multi_tenant %}
use uuid::Uuid;
{% endif %}

use crate::AppState;

/// `GET /api/identity/users/{id}`: `{id, display_name}` of a user{% if multi_tenant %} of the
/// caller's organization{% endif %}.
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Id(id): Id,
) -> Result<Json<Value>, Problem> {
{% if multi_tenant %}
    caller.require()?;
    // Row-level security shows members of the caller's organization only.
    let mut tx = state.db.begin(&caller).await?;
{% else %}
    let _ = caller;
    // Profiles are public: only the id and display name leave this query.
    let mut tx = state.db.begin_auth_flow().await?;
{% endif %}
    let name: Option<String> =
        sqlx::query_scalar("SELECT display_name::text FROM users WHERE id = $1 AND NOT disabled")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_error)?;
    tx.commit().await.map_err(db_error)?;
    let name = name.ok_or_else(|| Problem::not_found("user"))?;
    Ok(Json(json!({"id": id, "display_name": name})))
}
{% if not multi_tenant %}

/// `PUT /api/identity/users/{id}/roles` (the manager role only): `{"roles": [...]}`
/// replaces the user's roles; they apply from the user's next token refresh.
pub async fn set_roles(
    State(state): State<AppState>,
    caller: Caller,
    Id(id): Id,
    JsonObject(body): JsonObject,
) -> Result<Json<Value>, Problem> {
    caller.require()?;
    platform::db::allow(caller.has_role(crate::MANAGER_ROLE))?;
    let mut f = Fields::new(&body, &["roles"], false);
    f.list("roles", true, crate::ROLES.len(), |x| {
        v::one_of(x, crate::ROLES)
    });
    let input = f.finish()?;
    let roles = strings(&input["roles"]);
    // The users policy lets a user change only their own row; a grant by an
    // admin (checked above, and by the roles guard trigger) runs as an
    // authentication flow that also carries the admin's roles.
    let mut tx = state.db.begin(&caller).await?;
    sqlx::query("SELECT set_config('app.auth_flow', 'on', true)")
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
    let updated: Option<Uuid> =
        sqlx::query_scalar("UPDATE users SET roles = $1 WHERE id = $2 RETURNING id")
            .bind(&roles)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_error)?;
    tx.commit().await.map_err(db_error)?;
    updated.ok_or_else(|| Problem::not_found("user"))?;
    Ok(Json(json!({"id": id, "roles": roles})))
}
{% endif %}
