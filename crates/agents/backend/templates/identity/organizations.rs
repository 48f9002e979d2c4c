//! Organizations (tenants): founding one, switching between them, members
//! and their roles, and invitations (stored hashed, accepted once).

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use platform::body::{Id, JsonObject, QueryPairs};
use platform::db::{Tx, allow, db_error, permit};
use platform::list::{self, ListSpec};
use platform::validate::{self as v, Fields, strings};
use platform::{Caller, Problem};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::AppState;
use crate::sessions::{self, issue};

/// The lists of this module page (`limit`, `offset`) and nothing else.
const PAGED: ListSpec = ListSpec {
    sortable: &[],
    filters: &[],
    search: false,
};

/// An organization as JSON.
const ORGANIZATION: &str = "jsonb_build_object('id', o.id, 'name', o.name, \
     'created_at', o.created_at, 'updated_at', o.updated_at)";

/// A membership as JSON, with the member's name and email.
const MEMBERSHIP: &str = "jsonb_build_object('id', m.id, 'organization_id', m.organization_id, \
     'user_id', m.user_id, 'display_name', u.display_name, 'email', u.email, 'roles', m.roles, \
     'created_at', m.created_at, 'updated_at', m.updated_at)";

/// An invitation as JSON (never its token).
const INVITATION: &str = "jsonb_build_object('id', i.id, 'organization_id', i.organization_id, \
     'email', i.email, 'roles', i.roles, 'invited_by', i.invited_by, 'expires_at', i.expires_at, \
     'accepted_at', i.accepted_at, 'created_at', i.created_at, 'updated_at', i.updated_at)";

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

/// Accepts the invitation `token` for `user`, whose email must be the
/// invited one: 404 for an unknown, used or expired token, 409 when already
/// a member, 403 for another email. Returns the organization.
pub async fn accept_invitation(
    tx: &mut Tx,
    user: Uuid,
    email: &str,
    token: &str,
) -> Result<Uuid, Problem> {
    let row: Option<(Uuid, Uuid, String, Vec<String>, bool)> = sqlx::query_as(
        "SELECT id, organization_id, email::text, roles, accepted_at IS NOT NULL FROM invitations \
         WHERE token_hash = $1 AND expires_at > now()",
    )
    .bind(sessions::hash(token))
    .fetch_optional(&mut **tx)
    .await
    .map_err(db_error)?;
    let (id, organization, invited, roles, used) =
        row.ok_or_else(|| Problem::not_found("invitation"))?;
    let member: Option<Uuid> = sqlx::query_scalar(
        "SELECT id FROM memberships WHERE organization_id = $1 AND user_id = $2",
    )
    .bind(organization)
    .bind(user)
    .fetch_optional(&mut **tx)
    .await
    .map_err(db_error)?;
    if member.is_some() {
        return Err(Problem::conflict("already a member of this organization"));
    }
    if used {
        return Err(Problem::not_found("invitation"));
    }
    allow(invited == email)?;
    sqlx::query("INSERT INTO memberships (organization_id, user_id, roles) VALUES ($1, $2, $3)")
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

/// A page of rows as `{items, total, limit, offset}`, oldest first: `from`
/// is the `FROM … WHERE …` part, with `$1` bound to `key`; `alias` names the
/// listed table in it.
async fn page(
    tx: &mut Tx,
    query: &[(String, String)],
    row: &str,
    from: &str,
    alias: &str,
    key: Option<Uuid>,
) -> Result<Value, Problem> {
    let page = list::parse(query, &PAGED)?;
    let sql = format!(
        "SELECT {row} {from} ORDER BY {alias}.created_at, {alias}.id LIMIT {} OFFSET {}",
        page.limit, page.offset
    );
    let items: Vec<Value> = sqlx::query_scalar(&sql)
        .bind(key)
        .fetch_all(&mut **tx)
        .await
        .map_err(db_error)?;
    let total: i64 = sqlx::query_scalar(&format!("SELECT count(*) {from}"))
        .bind(key)
        .fetch_one(&mut **tx)
        .await
        .map_err(db_error)?;
    Ok(json!({"items": items, "total": total, "limit": page.limit, "offset": page.offset}))
}

/// One row built by `sql` (with `$1` bound to `id`), or 404.
async fn one(tx: &mut Tx, sql: &str, id: Uuid, what: &str) -> Result<Value, Problem> {
    let row: Option<Value> = sqlx::query_scalar(sql)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_error)?;
    row.ok_or_else(|| Problem::not_found(what))
}

fn organization_sql() -> String {
    format!("SELECT {ORGANIZATION} FROM organizations o WHERE o.id = $1")
}

fn membership_sql() -> String {
    format!(
        "SELECT {MEMBERSHIP} FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.id = $1"
    )
}

/// `GET /api/identity/organizations`: the caller's organizations.
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    QueryPairs(query): QueryPairs,
) -> Result<Json<Value>, Problem> {
    let user = caller.require()?;
    let mut tx = state.db.begin(&caller).await?;
    let from = "FROM organizations o WHERE EXISTS \
                (SELECT 1 FROM memberships m WHERE m.organization_id = o.id AND m.user_id = $1)";
    let items = page(&mut tx, &query, ORGANIZATION, from, "o", Some(user)).await?;
    tx.commit().await.map_err(db_error)?;
    Ok(Json(items))
}

/// `POST /api/identity/organizations` (201): founds an organization.
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    JsonObject(body): JsonObject,
) -> Result<Response, Problem> {
    let user = caller.require()?;
    let mut f = Fields::new(&body, &["name"], false);
    f.field("name", true, |x| v::text(x, 1, {{ organization_name_max }}, None));
    let input = f.finish()?;
    let name = input["name"].as_str().unwrap_or_default().to_owned();
    let mut tx = state.db.begin_auth_flow().await?;
    let id = found(&mut tx, user, &name).await?;
    let organization = one(&mut tx, &organization_sql(), id, "organization").await?;
    tx.commit().await.map_err(db_error)?;
    let location = format!("/api/identity/organizations/{id}");
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(organization),
    )
        .into_response())
}

/// `GET /api/identity/organizations/{id}`: one of the caller's organizations.
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Id(id): Id,
) -> Result<Json<Value>, Problem> {
    caller.require()?;
    let mut tx = state.db.begin(&caller).await?;
    let organization = one(&mut tx, &organization_sql(), id, "organization").await?;
    tx.commit().await.map_err(db_error)?;
    Ok(Json(organization))
}

/// `PATCH /api/identity/organizations/{id}`: renames the current
/// organization (its admins only).
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Id(id): Id,
    JsonObject(body): JsonObject,
) -> Result<Json<Value>, Problem> {
    caller.require()?;
    let mut f = Fields::new(&body, &["name"], true);
    f.field("name", true, |x| v::text(x, 1, {{ organization_name_max }}, None));
    let input = f.finish()?;
    let mut tx = state.db.begin(&caller).await?;
    one(&mut tx, &organization_sql(), id, "organization").await?;
    allow(is_admin(&caller) && caller.tenant_id == Some(id))?;
    if let Some(name) = input.get("name").and_then(Value::as_str) {
        sqlx::query("UPDATE organizations SET name = $1 WHERE id = $2")
            .bind(name)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
    }
    let organization = one(&mut tx, &organization_sql(), id, "organization").await?;
    tx.commit().await.map_err(db_error)?;
    Ok(Json(organization))
}

/// `POST /api/identity/auth/switch-organization`: a new session in another
/// of the caller's organizations (403 when not a member).
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
    let tenant = member.ok_or_else(Problem::forbidden)?;
    let response = issue(&state, &mut tx, user, Some(tenant), None, StatusCode::OK).await?;
    tx.commit().await.map_err(db_error)?;
    Ok(response)
}

/// `GET /api/identity/memberships`: members of the current organization.
pub async fn members(
    State(state): State<AppState>,
    caller: Caller,
    QueryPairs(query): QueryPairs,
) -> Result<Json<Value>, Problem> {
    permit(&caller, caller.tenant_id.is_some())?;
    let mut tx = state.db.begin(&caller).await?;
    let from = "FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organization_id = $1";
    let items = page(&mut tx, &query, MEMBERSHIP, from, "m", caller.tenant_id).await?;
    tx.commit().await.map_err(db_error)?;
    Ok(Json(items))
}

/// Whether the organization still has an admin (checked before commit).
async fn has_admin(tx: &mut Tx, organization: Option<Uuid>) -> Result<(), Problem> {
    let admins: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM memberships WHERE organization_id = $1 AND 'admin' = ANY (roles)",
    )
    .bind(organization)
    .fetch_one(&mut **tx)
    .await
    .map_err(db_error)?;
    if admins == 0 && crate::ROLES.contains(&"admin") {
        return Err(Problem::conflict(
            "the organization would be left without an admin",
        ));
    }
    Ok(())
}

/// `PATCH /api/identity/memberships/{id}` (admins): replaces a member's roles.
pub async fn set_roles(
    State(state): State<AppState>,
    caller: Caller,
    Id(id): Id,
    JsonObject(body): JsonObject,
) -> Result<Json<Value>, Problem> {
    caller.require()?;
    let mut f = Fields::new(&body, &["roles"], false);
    f.list("roles", true, crate::ROLES.len(), |x| {
        v::one_of(x, crate::ROLES)
    });
    let input = f.finish()?;
    let mut tx = state.db.begin(&caller).await?;
    let membership = one(&mut tx, &membership_sql(), id, "membership").await?;
    allow(is_admin(&caller) && membership["organization_id"] == json!(caller.tenant_id))?;
    sqlx::query("UPDATE memberships SET roles = $1 WHERE id = $2")
        .bind(strings(&input["roles"]))
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
    has_admin(&mut tx, caller.tenant_id).await?;
    let membership = one(&mut tx, &membership_sql(), id, "membership").await?;
    tx.commit().await.map_err(db_error)?;
    Ok(Json(membership))
}

/// `DELETE /api/identity/memberships/{id}` (204): admins remove members;
/// anyone may leave.
pub async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    Id(id): Id,
) -> Result<StatusCode, Problem> {
    caller.require()?;
    let mut tx = state.db.begin(&caller).await?;
    let membership = one(&mut tx, &membership_sql(), id, "membership").await?;
    let own = membership["user_id"] == json!(caller.user_id);
    let here = membership["organization_id"] == json!(caller.tenant_id);
    allow(here && (own || is_admin(&caller)))?;
    sqlx::query("DELETE FROM memberships WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
    has_admin(&mut tx, caller.tenant_id).await?;
    tx.commit().await.map_err(db_error)?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/identity/invitations` (admins): invitations to the current
/// organization.
pub async fn invitations(
    State(state): State<AppState>,
    caller: Caller,
    QueryPairs(query): QueryPairs,
) -> Result<Json<Value>, Problem> {
    permit(&caller, is_admin(&caller))?;
    let mut tx = state.db.begin(&caller).await?;
    let from = "FROM invitations i WHERE i.organization_id = $1";
    let items = page(&mut tx, &query, INVITATION, from, "i", caller.tenant_id).await?;
    tx.commit().await.map_err(db_error)?;
    Ok(Json(items))
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
    f.field("email", true, |x| v::email(x, {{ email_max }}));
    f.list("roles", true, crate::ROLES.len(), |x| {
        v::one_of(x, crate::ROLES)
    });
    let input = f.finish()?;
    let email = input["email"].as_str().unwrap_or_default().to_lowercase();
    let roles = strings(&input["roles"]);
    let token = sessions::secret();
    let mut tx = state.db.begin(&caller).await?;
    let taken: Option<i32> = sqlx::query_scalar(
        "SELECT 1 FROM invitations WHERE organization_id = $1 AND email = $2 \
         AND accepted_at IS NULL AND expires_at > now() \
         UNION ALL SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.organization_id = $1 AND u.email = $2",
    )
    .bind(caller.tenant_id)
    .bind(&email)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_error)?;
    if taken.is_some() {
        return Err(Problem::conflict(
            "this address is a member or already invited",
        ));
    }
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
    let sql = format!("SELECT {INVITATION} FROM invitations i WHERE i.id = $1");
    let mut invitation = one(&mut tx, &sql, id, "invitation").await?;
    tx.commit().await.map_err(db_error)?;
    invitation["token"] = json!(token);
    Ok((StatusCode::CREATED, Json(invitation)).into_response())
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
    f.field("token", true, |x| v::text(x, 43, 43, None));
    let input = f.finish()?;
    let token = input["token"].as_str().unwrap_or_default().to_owned();
    let mut tx = state.db.begin_auth_flow().await?;
    let email: String = sqlx::query_scalar("SELECT email::text FROM users WHERE id = $1")
        .bind(user)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
    let organization = accept_invitation(&mut tx, user, &email, &token).await?;
    let sql = format!(
        "SELECT {MEMBERSHIP} FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.organization_id = $1 AND m.user_id = $2"
    );
    let membership: Value = sqlx::query_scalar(&sql)
        .bind(organization)
        .bind(user)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)?;
    Ok(Json(membership))
}

/// `POST /api/identity/invitations/{id}/revoke` (204, admins): deletes a
/// pending invitation; its token stops working.
pub async fn revoke(
    State(state): State<AppState>,
    caller: Caller,
    Id(id): Id,
) -> Result<StatusCode, Problem> {
    permit(&caller, is_admin(&caller))?;
    let mut tx = state.db.begin(&caller).await?;
    let deleted = sqlx::query(
        "DELETE FROM invitations WHERE id = $1 AND organization_id = $2 AND accepted_at IS NULL",
    )
    .bind(id)
    .bind(caller.tenant_id)
    .execute(&mut *tx)
    .await
    .map_err(db_error)?;
    if deleted.rows_affected() == 0 {
        return Err(Problem::not_found("invitation"));
    }
    tx.commit().await.map_err(db_error)?;
    Ok(StatusCode::NO_CONTENT)
}
