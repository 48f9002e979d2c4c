//! Sessions: a short-lived access token plus a rotating refresh token,
//! both in httpOnly, Secure, SameSite cookies. Refresh tokens are stored
//! hashed; each use replaces the token, and reusing a replaced token
//! revokes its whole family (someone else had a copy).

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use platform::Problem;
use platform::auth::{ACCESS_COOKIE, ACCESS_TTL_SECONDS, REFRESH_COOKIE, now};
use platform::db::{Tx, db_error};
use platform::validate::strings;
use rand::RngCore;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::AppState;

/// Lifetime of a refresh token.
pub const REFRESH_TTL_SECONDS: u64 = 30 * 24 * 3600;

/// A random, URL-safe secret of 256 bits.
pub fn secret() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The SHA-256 of a secret, hex: what the database stores.
pub fn hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The roles of `user`{% if multi_tenant %} in `tenant`{% endif %}.
pub async fn roles(tx: &mut Tx, user: Uuid, tenant: Option<Uuid>) -> Result<Vec<String>, Problem> {
{% if multi_tenant %}
    let Some(tenant) = tenant else {
        return Ok(Vec::new());
    };
    let roles: Option<Vec<String>> = sqlx::query_scalar(
        "SELECT roles FROM memberships WHERE user_id = $1 AND organization_id = $2",
    )
    .bind(user)
    .bind(tenant)
    .fetch_optional(&mut **tx)
    .await
    .map_err(db_error)?;
    Ok(roles.unwrap_or_default())
{% else %}
    let _ = tenant;
    let roles: Option<Vec<String>> = sqlx::query_scalar("SELECT roles FROM users WHERE id = $1")
        .bind(user)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_error)?;
    Ok(roles.unwrap_or_default())
{% endif %}
}

/// The signed-in user as `GET /auth/me` and session answers show them.
pub async fn profile(tx: &mut Tx, user: Uuid, tenant: Option<Uuid>) -> Result<Value, Problem> {
    let row: Option<Value> = sqlx::query_scalar(
        "SELECT jsonb_build_object('id', id, 'email', email, 'display_name', display_name, \
         'created_at', created_at, 'updated_at', updated_at) FROM users WHERE id = $1",
    )
    .bind(user)
    .fetch_optional(&mut **tx)
    .await
    .map_err(db_error)?;
    let mut me = row.ok_or_else(|| Problem::not_found("user"))?;
    me["roles"] = json!(roles(tx, user, tenant).await?);
{% if multi_tenant %}
    me["organization_id"] = json!(tenant);
{% endif %}
    Ok(me)
}

/// Starts a session (or continues `family`): stores a new refresh token
/// and answers `{user, access_expires_at}` with both tokens in cookies only
/// (never in the body, where scripts could read them).
pub async fn issue(
    state: &AppState,
    tx: &mut Tx,
    user: Uuid,
    tenant: Option<Uuid>,
    family: Option<Uuid>,
    status: StatusCode,
) -> Result<Response, Problem> {
    let refresh = secret();
    let id = Uuid::new_v4();
    sqlx::query(
        "INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, {% if multi_tenant %}organization_id, {% endif %}expires_at) \
         VALUES ($1, $2, $3, $4, {% if multi_tenant %}$6, {% endif %}now() + make_interval(secs => $5))",
    )
    .bind(id)
    .bind(user)
    .bind(family.unwrap_or(id))
    .bind(hash(&refresh))
    .bind(REFRESH_TTL_SECONDS as f64)
{% if multi_tenant %}
    .bind(tenant)
{% endif %}
    .execute(&mut **tx)
    .await
    .map_err(db_error)?;
    let user_json = profile(tx, user, tenant).await?;
    let roles = strings(&user_json["roles"]);
    let access = state.signer.sign(user, &roles, tenant);
    let expires = now() + ACCESS_TTL_SECONDS;
    let expires_at: String = sqlx::query_scalar(
        "SELECT to_char(to_timestamp($1) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
    )
    .bind(expires as f64)
    .fetch_one(&mut **tx)
    .await
    .map_err(db_error)?;
    let body = json!({ "user": user_json, "access_expires_at": expires_at });
    let mut response = (status, Json(body)).into_response();
    set_cookies(&mut response, &access, &refresh);
    Ok(response)
}

/// `Set-Cookie` for both tokens (empty values with `Max-Age=0` clear them).
pub fn set_cookies(response: &mut Response, access: &str, refresh: &str) {
    let (access_age, refresh_age) = if access.is_empty() {
        (0, 0)
    } else {
        (ACCESS_TTL_SECONDS, REFRESH_TTL_SECONDS)
    };
    let cookies = [
        format!(
            "{ACCESS_COOKIE}={access}; HttpOnly; Secure; SameSite=Lax; Path=/api; Max-Age={access_age}"
        ),
        format!(
            "{REFRESH_COOKIE}={refresh}; HttpOnly; Secure; SameSite=Strict; Path=/api/identity/auth; Max-Age={refresh_age}"
        ),
    ];
    for cookie in cookies {
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
}

/// A refresh token as stored.
pub struct Stored {
    pub id: Uuid,
    pub user_id: Uuid,
    pub family_id: Uuid,
    pub tenant: Option<Uuid>,
    pub revoked: bool,
    pub expired: bool,
}

/// The stored refresh token for `secret` (in an auth-flow transaction).
pub async fn find(tx: &mut Tx, secret: &str) -> Result<Option<Stored>, Problem> {
    let row: Option<(Uuid, Uuid, Uuid, Option<Uuid>, bool, bool)> = sqlx::query_as(
        "SELECT id, user_id, family_id, {% if multi_tenant %}organization_id{% else %}NULL::uuid{% endif %}, revoked_at IS NOT NULL, expires_at <= now() \
         FROM refresh_tokens WHERE token_hash = $1",
    )
    .bind(hash(secret))
    .fetch_optional(&mut **tx)
    .await
    .map_err(db_error)?;
    Ok(row.map(
        |(id, user_id, family_id, tenant, revoked, expired)| Stored {
            id,
            user_id,
            family_id,
            tenant,
            revoked,
            expired,
        },
    ))
}

/// Revokes every token of a family.
pub async fn revoke_family(tx: &mut Tx, family: Uuid) -> Result<(), Problem> {
    sqlx::query(
        "UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL",
    )
    .bind(family)
    .execute(&mut **tx)
    .await
    .map_err(db_error)?;
    Ok(())
}

/// Marks a token as used: it is replaced and may never be used again.
pub async fn retire(tx: &mut Tx, id: Uuid) -> Result<(), Problem> {
    sqlx::query("UPDATE refresh_tokens SET revoked_at = now() WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await
        .map_err(db_error)?;
    Ok(())
}
