//! Organizations (tenants): founding one, switching between them, inviting
//! members (invitations are stored hashed and accepted once) and their roles.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use platform::body::{Id, JsonObject};
use platform::db::{Tx, allow, db_error, permit};
use platform::validate::{self as v, Fields, strings};
use platform::{Caller, Problem};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::AppState;
use crate::sessions::{self, issue};

/// Whether the caller is an admin of the organization they act in.
fn is_admin(caller: &Caller) -> bool {
    caller.tenant_id.is_some() && caller.has_role("admin")
}

/// Roles of whoever founds an organization.
fn founder_roles() -> Vec<String> {
    if crate::ROLES.contains(&"admin") {
        vec!["admin".to_owned()]
    } else {
        crate::ROLES.iter().map(|r| (*r).to_owned()).collect()
    }
}

/// Creates an organization with `user` as its admin (in an auth-flow
/// transaction: nobody is a member yet).
pub async fn found(tx: &mut Tx, user: Uuid, name: &str) -> Result<Uuid, Problem> {
    let id = Uuid::new_v4();
    sqlx::query("INSERT INTO organizations (id, name) VALUES ($1, $2)")
        .bind(id)
        .bind(name)
        .execute(&mut **tx)
        .await
        .map_err(db_error)?;
    sqlx::query("INSERT INTO memberships (organization_id, user_id, roles) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(user)
        .bind(founder_roles())
        .execute(&mut **tx)
        .await
        .map_err(db_error)?;
    Ok(id)
}

/// The organization a sign-in starts in: `wanted` if the user is a member,
/// else their first.
pub async fn default_for(
    tx: &mut Tx,
    user: Uuid,
    wanted: Option<Uuid>,
) -> Result<Option<Uuid>, Problem> {
    sqlx::query_scalar(
        "SELECT organization_id FROM memberships WHERE user_id = $1 \
         ORDER BY (organization_id = $2) DESC NULLS LAST, created_at LIMIT 1",
    )
    .bind(user)
    .bind(wanted)
    .fetch_optional(&mut **tx)
    .await
    .map_err(db_error)
}

/// Accepts the invitation `token` for `user` (whose email must match).
pub async fn accept_invitation(
    tx: &mut Tx,
    user: Uuid,
    email: &str,
    token: &str,
) -> Result<Uuid, Problem> {
    let row: Option<(Uuid, Uuid, String, Vec<String>, bool, bool)> = sqlx::query_as(
        "SELECT id, organization_id, email::text, roles, accepted_at IS NOT NULL, expires_at <= now() \
         FROM invitations WHERE token_hash = $1",
    )
    .bind(sessions::hash(token))
    .fetch_optional(&mut **tx)
    .await
    .map_err(db_error)?;
    let (id, organization, invited, roles, accepted, expired) =
        row.ok_or_else(|| Problem::not_found("invitation"))?;
    if accepted || expired {
        return Err(Problem::conflict("this invitation was used or has expired"));
    }
    allow(invited == email)?;
    sqlx::query(
        "INSERT INTO memberships (organization_id, user_id, roles) VALUES ($1, $2, $3) \
         ON CONFLICT (organization_id, user_id) DO NOTHING",
    )
    .bind(organization)
    .bind(user)
    .bind(&roles)
    .execute(&mut **tx)
    .await
    .map_err(db_error)?;
    sqlx::query("UPDATE invitations SET accepted_at = now() WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await
        .map_err(db_error)?;
    Ok(organization)
}

/// `GET /api/identity/organizations`: the caller's organizations.
pub async fn list(State(state): State<AppState>, caller: Caller) -> Result<Json<Value>, Problem> {
    let user = caller.require()?;
    let mut tx = state.db.begin(&caller).await?;
    let items: Vec<Value> = sqlx::query_scalar(
        "SELECT jsonb_build_object('id', o.id, 'name', o.name, 'roles', m.roles) \
         FROM memberships m JOIN organizations o ON o.id = m.organization_id \
         WHERE m.user_id = $1 ORDER BY o.created_at",
    )
    .bind(user)
    .fetch_all(&mut *tx)
    .await
    .map_err(db_error)?;
    tx.commit().await.map_err(db_error)?;
    Ok(Json(json!({"items": items})))
}

/// `POST /api/identity/organizations` (201): founds an organization.
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    JsonObject(body): JsonObject,
) -> Result<Response, Problem> {
    let user = caller.require()?;
    let mut f = Fields::new(&body, &["name"], false);
    f.field("name", true, |x| v::text(x, 1, 120, None));
    let input = f.finish()?;
    let name = input["name"].as_str().unwrap_or_default().to_owned();
    let mut tx = state.db.begin_auth_flow().await?;
    let id = found(&mut tx, user, &name).await?;
    tx.commit().await.map_err(db_error)?;
    let body = json!({"id": id, "name": name, "roles": founder_roles()});
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// `POST /api/identity/auth/switch-organization`: a new session in another
/// of the caller's organizations.
pub async fn switch(
    State(state): State<AppState>,
    caller: Caller,
    JsonObject(body): JsonObject,
) -> Result<Response, Problem> {
    let user = caller.require()?;
    let mut f = Fields::new(&body, &["organization_id"], false);
    f.field("organization_id", true, v::uuid);
    let input = f.finish()?;
    let wanted = input["organization_id"]
        .as_str()
        .and_then(|s| Uuid::parse_str(s).ok());
    let mut tx = state.db.begin(&caller).await?;
    let member: Option<Uuid> = sqlx::query_scalar(
        "SELECT organization_id FROM memberships WHERE user_id = $1 AND organization_id = $2",
    )
    .bind(user)
    .bind(wanted)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_error)?;
    let tenant = member.ok_or_else(|| Problem::not_found("organization"))?;
    let response = issue(&state, &mut tx, user, Some(tenant), None, StatusCode::OK).await?;
    tx.commit().await.map_err(db_error)?;
    Ok(response)
}

/// `POST /api/identity/invitations` (admins of the current organization):
/// answers with the invitation's one-time `token`; only its hash is kept.
pub async fn invite(
    State(state): State<AppState>,
    caller: Caller,
    JsonObject(body): JsonObject,
) -> Result<Response, Problem> {
    permit(&caller, is_admin(&caller))?;
    let mut f = Fields::new(&body, &["email", "roles"], false);
    f.field("email", true, |x| v::email(x, 254));
    f.list("roles", false, crate::ROLES.len(), |x| {
        v::one_of(x, crate::ROLES)
    });
    let input = f.finish()?;
    let email = input["email"].as_str().unwrap_or_default().to_lowercase();
    let roles = input.get("roles").map(strings).unwrap_or_default();
    let token = sessions::secret();
    let mut tx = state.db.begin(&caller).await?;
    let id: Uuid = sqlx::query_scalar(
        "INSERT INTO invitations (organization_id, email, roles, token_hash, invited_by, expires_at) \
         VALUES ($1, $2, $3, $4, $5, now() + interval '7 days') RETURNING id",
    )
    .bind(caller.tenant_id)
    .bind(&email)
    .bind(&roles)
    .bind(sessions::hash(&token))
    .bind(caller.user_id)
    .fetch_one(&mut *tx)
    .await
    .map_err(db_error)?;
    tx.commit().await.map_err(db_error)?;
    let body = json!({"id": id, "email": email, "roles": roles, "token": token});
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// `POST /api/identity/invitations/accept`: `{"token": ...}` makes the
/// signed-in user a member of the inviting organization.
pub async fn accept(
    State(state): State<AppState>,
    caller: Caller,
    JsonObject(body): JsonObject,
) -> Result<Json<Value>, Problem> {
    let user = caller.require()?;
    let mut f = Fields::new(&body, &["token"], false);
    f.field("token", true, |x| v::text(x, 16, 128, None));
    let input = f.finish()?;
    let token = input["token"].as_str().unwrap_or_default().to_owned();
    let mut tx = state.db.begin_auth_flow().await?;
    let email: String = sqlx::query_scalar("SELECT email::text FROM users WHERE id = $1")
        .bind(user)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
    let organization = accept_invitation(&mut tx, user, &email, &token).await?;
    tx.commit().await.map_err(db_error)?;
    Ok(Json(json!({"organization_id": organization})))
}

/// `GET /api/identity/memberships`: members of the current organization.
pub async fn members(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Value>, Problem> {
    permit(&caller, caller.tenant_id.is_some())?;
    let mut tx = state.db.begin(&caller).await?;
    let items: Vec<Value> = sqlx::query_scalar(
        "SELECT jsonb_build_object('id', m.id, 'user_id', m.user_id, 'roles', m.roles, \
         'display_name', u.display_name) \
         FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.organization_id = $1 ORDER BY m.created_at",
    )
    .bind(caller.tenant_id)
    .fetch_all(&mut *tx)
    .await
    .map_err(db_error)?;
    tx.commit().await.map_err(db_error)?;
    Ok(Json(json!({"items": items})))
}

/// `PUT /api/identity/memberships/{id}/roles` (admins): replaces a member's roles.
pub async fn set_roles(
    State(state): State<AppState>,
    caller: Caller,
    Id(id): Id,
    JsonObject(body): JsonObject,
) -> Result<Json<Value>, Problem> {
    permit(&caller, is_admin(&caller))?;
    let mut f = Fields::new(&body, &["roles"], false);
    f.list("roles", true, crate::ROLES.len(), |x| {
        v::one_of(x, crate::ROLES)
    });
    let input = f.finish()?;
    let mut tx = state.db.begin(&caller).await?;
    let row: Option<Value> = sqlx::query_scalar(
        "UPDATE memberships SET roles = ARRAY(SELECT jsonb_array_elements_text($1)) \
         WHERE id = $2 AND organization_id = $3 \
         RETURNING jsonb_build_object('id', id, 'user_id', user_id, 'roles', roles)",
    )
    .bind(&input["roles"])
    .bind(id)
    .bind(caller.tenant_id)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_error)?;
    tx.commit().await.map_err(db_error)?;
    row.map(Json)
        .ok_or_else(|| Problem::not_found("membership"))
}
