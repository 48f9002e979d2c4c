//! `/api/identity/auth/*`: sign-up, sign-in, refresh, sign-out and me.

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use platform::auth::{REFRESH_COOKIE, cookie};
use platform::body::JsonObject;
use platform::db::db_error;
use platform::validate::{self as v, Fields};
use platform::{Caller, {% if multi_tenant %}FieldError, {% endif %}Problem};
{% if multi_tenant %}
use regex::Regex;
{% endif %}
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::AppState;
{% if multi_tenant %}
use crate::organizations;
{% endif %}
use crate::sessions::{self, issue};

/// Argon2id with the crate's defaults (19 MiB, 2 passes): OWASP's minimum.
fn argon2() -> Argon2<'static> {
    Argon2::default()
}

/// Hashes off the async threads: hashing is deliberately slow.
pub async fn hash_password(password: String) -> Result<String, Problem> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(Problem::internal)?
    .map_err(Problem::internal)
}

async fn password_matches(password: String, hash: String) -> Result<bool, Problem> {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                argon2()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .map_err(Problem::internal)
}

/// Compared against when the email is unknown, so both cases take as long.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    argon2()
        .hash_password(b"not a password", &SaltString::generate(&mut OsRng))
        .map(|h| h.to_string())
        .unwrap_or_default()
});

/// Checks a sign-up or sign-in body against the contract's bounds
/// (passwords: {{ password_min }}–{{ password_max }} characters, NIST SP 800-63B).
fn credentials(body: &Map<String, Value>, sign_up: bool) -> Result<Map<String, Value>, Problem> {
    let allowed: &[&str] = if sign_up {
{{ sign_up_fields }}
    } else {
        &["email", "password"{% if multi_tenant %}, "organization_id"{% endif %}]
    };
    let mut f = Fields::new(body, allowed, false);
    f.field("email", true, |x| v::email(x, {{ email_max }}));
    f.field("password", true, |x| {
        v::text(x, if sign_up { {{ password_min }} } else { 1 }, {{ password_max }}, None)
    });
    if sign_up {
        f.field("display_name", true, |x| v::text(x, 1, {{ display_name_max }}, None));
{% if multi_tenant %}
{% if sign_up_open == "true" %}
        f.field("organization_name", false, |x| v::text(x, 1, {{ organization_name_max }}, None));
{% endif %}
        f.field("invitation_token", {{ invite_only }}, |x| {
            v::text(x, 43, 43, Some(&TOKEN))
        });
    } else {
        f.field("organization_id", false, v::uuid);
{% endif %}
    }
    f.finish()
}
{% if multi_tenant %}

/// Invitation tokens: 32 random bytes, base64url without padding.
static TOKEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("{{ token_pattern }}").expect("a valid pattern"));
{% endif %}

fn text(input: &Map<String, Value>, key: &str) -> String {
    input
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// `POST /api/identity/auth/sign-up` (201): creates the account and signs in.
pub async fn sign_up(
    State(state): State<AppState>,
    JsonObject(body): JsonObject,
) -> Result<Response, Problem> {
    let input = credentials(&body, true)?;
    let email = text(&input, "email").to_lowercase();
    let admin = state.admin_emails.contains(&email);
{% if multi_tenant %}
    let invitation = input
        .get("invitation_token")
        .and_then(Value::as_str)
        .map(str::to_owned);
    if !crate::SIGN_UP_OPEN && invitation.is_none() {
        return Err(Problem::forbidden());
    }
{% else %}
    if !crate::SIGN_UP_OPEN && !admin {
        return Err(Problem::forbidden());
    }
{% endif %}
    let password_hash = hash_password(text(&input, "password")).await?;
{% if multi_tenant %}
    let _ = admin;
    let roles: Vec<String> = Vec::new();
{% else %}
    let roles: Vec<String> = if admin {
        crate::ROLES.iter().map(|r| (*r).to_owned()).collect()
    } else {
        Vec::new()
    };
{% endif %}
    let mut tx = state.db.begin_auth_flow().await?;
    let user = Uuid::new_v4();
    sqlx::query(
        "INSERT INTO users (id, email, password_hash, display_name{% if not multi_tenant %}, roles{% endif %}) VALUES ($1, $2, $3, $4{% if not multi_tenant %}, $5{% endif %})",
    )
    .bind(user)
    .bind(&email)
    .bind(&password_hash)
    .bind(text(&input, "display_name"))
{% if not multi_tenant %}
    .bind(&roles)
{% endif %}
    .execute(&mut *tx)
    .await
    .map_err(|e| {
        let problem = db_error(e);
        if problem.status == StatusCode::CONFLICT {
            Problem::conflict("an account with this email already exists")
        } else {
            problem
        }
    })?;
{% if multi_tenant %}
    let _ = roles;
    let mut tenant = None;
    if let Some(name) = input.get("organization_name").and_then(Value::as_str) {
        tenant = Some(organizations::found(&mut tx, user, name).await?);
    }
    if let Some(token) = invitation {
        // A token that does not let this email join is a problem of the field.
        let joined = organizations::accept_invitation(&mut tx, user, &email, &token).await;
        tenant = Some(joined.map_err(|_| {
            if crate::SIGN_UP_OPEN {
                Problem::invalid(vec![FieldError::new(
                    "invitation_token",
                    "is not a valid invitation for this email",
                )])
            } else {
                Problem::forbidden()
            }
        })?);
    }
    let response = issue(&state, &mut tx, user, tenant, None, StatusCode::CREATED).await?;
{% else %}
    let response = issue(&state, &mut tx, user, None, None, StatusCode::CREATED).await?;
{% endif %}
    tx.commit().await.map_err(db_error)?;
    Ok(response)
}

/// `POST /api/identity/auth/sign-in`: rate limited per account.
pub async fn sign_in(
    State(state): State<AppState>,
    JsonObject(body): JsonObject,
) -> Result<Response, Problem> {
    let input = credentials(&body, false)?;
    let email = text(&input, "email").to_lowercase();
    state
        .sign_in_limit
        .check(&email)
        .map_err(Problem::too_many_requests)?;
    let mut tx = state.db.begin_auth_flow().await?;
    let row: Option<(Uuid, String, bool)> =
        sqlx::query_as("SELECT id, password_hash::text, disabled FROM users WHERE email = $1")
            .bind(&email)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_error)?;
    let hash = row
        .as_ref()
        .map_or_else(|| DUMMY_HASH.clone(), |(_, h, _)| h.clone());
    let matches = password_matches(text(&input, "password"), hash).await?;
    let user = match row {
        Some((id, _, false)) if matches => id,
        _ => {
            return Err(Problem::new(
                StatusCode::UNAUTHORIZED,
                "wrong email or password",
            ));
        }
    };
{% if multi_tenant %}
    let wanted = input
        .get("organization_id")
        .and_then(Value::as_str)
        .and_then(|s| Uuid::parse_str(s).ok());
    let tenant = organizations::default_for(&mut tx, user, wanted).await?;
{% else %}
    let tenant = None;
{% endif %}
    let response = issue(&state, &mut tx, user, tenant, None, StatusCode::OK).await?;
    tx.commit().await.map_err(db_error)?;
    Ok(response)
}

/// `POST /api/identity/auth/refresh`: rotates the refresh token (cookie).
pub async fn refresh(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let secret = cookie(&headers, REFRESH_COOKIE).ok_or_else(Problem::unauthorized)?;
    let mut tx = state.db.begin_auth_flow().await?;
    let stored = sessions::find(&mut tx, &secret)
        .await?
        .ok_or_else(Problem::unauthorized)?;
    if stored.revoked {
        // A replaced token came back: whoever holds the family is suspect.
        sessions::revoke_family(&mut tx, stored.family_id).await?;
        tx.commit().await.map_err(db_error)?;
        return Err(Problem::new(
            StatusCode::UNAUTHORIZED,
            "this session was revoked; sign in again",
        ));
    }
    if stored.expired {
        return Err(Problem::new(
            StatusCode::UNAUTHORIZED,
            "the session expired",
        ));
    }
    sessions::retire(&mut tx, stored.id).await?;
    let response = issue(
        &state,
        &mut tx,
        stored.user_id,
        stored.tenant,
        Some(stored.family_id),
        StatusCode::OK,
    )
    .await?;
    tx.commit().await.map_err(db_error)?;
    Ok(response)
}

/// `POST /api/identity/auth/sign-out` (204): ends the session, clears cookies.
pub async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    if let Some(secret) = cookie(&headers, REFRESH_COOKIE) {
        let mut tx = state.db.begin_auth_flow().await?;
        if let Some(stored) = sessions::find(&mut tx, &secret).await? {
            sessions::revoke_family(&mut tx, stored.family_id).await?;
        }
        tx.commit().await.map_err(db_error)?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    sessions::set_cookies(&mut response, "", "");
    Ok(response)
}

/// `GET /api/identity/auth/me`: the signed-in user.
pub async fn me(State(state): State<AppState>, caller: Caller) -> Result<Json<Value>, Problem> {
    let user = caller.require()?;
    let mut tx = state.db.begin(&caller).await?;
    let me = sessions::profile(&mut tx, user, caller.tenant_id).await?;
    tx.commit().await.map_err(db_error)?;
    Ok(Json(me))
}

/// `GET /api/identity/.well-known/jwks.json`: the public key of access tokens.
pub async fn jwks(State(state): State<AppState>) -> Json<Value> {
    Json(state.signer.verifier().jwks())
}
