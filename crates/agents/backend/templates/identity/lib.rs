//! The identity service of {{ app }}: accounts, sessions{% if multi_tenant %}, organizations{% endif %} and roles.
//!
//! It alone holds the private key that signs access tokens; every other
//! service verifies them with the public key.

pub mod auth;
{% if multi_tenant %}
pub mod organizations;
{% endif %}
pub mod routes;
pub mod sessions;
pub mod users;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use platform::auth::TokenSigner;
use platform::config::{self, ConfigError};
use platform::db::Db;
use platform::ratelimit::RateLimiter;
use platform::server::{self, Platform};

/// This service's name; it serves under `/api/identity`.
pub const SERVICE: &str = "identity";
/// The database migration, applied by whoever runs the system (keel up,
/// the Helm migration job, the tests) as the database owner.
pub const MIGRATION: &str = include_str!("../../../db/identity/0001_init.sql");
/// The role the service connects as; it does not bypass row-level security.
pub const APP_ROLE: &str = "{{ app_role }}";
/// Application roles besides every signed-in user.
{{ roles_const }}
/// The role that grants roles: `admin` when the app has it, else its first.
pub const MANAGER_ROLE: &str = "{{ manager }}";
/// Who may sign up: `open`, or `invite` (only with an invitation{% if not multi_tenant %} or an admin email{% endif %}).
pub const SIGN_UP_OPEN: bool = {{ sign_up_open }};

/// Configuration from the environment.
#[derive(Debug, Clone)]
pub struct Config {
    pub port: u16,
    pub database_url: String,
    pub jwt_private_key: String,
    pub jwt_issuer: String,
    /// Emails that get the `admin` role when they sign up (`KEEL_ADMIN_EMAILS`,
    /// comma-separated): how the first admin of a new system is made.
    pub admin_emails: Vec<String>,
    /// Sign-in attempts per account per minute.
    pub sign_in_per_minute: u32,
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Ok(Config {
            port: config::parsed("PORT", 8081)?,
            database_url: config::required("DATABASE_URL", "PostgreSQL URL of the app role")?,
            jwt_private_key: config::required(
                "JWT_PRIVATE_KEY",
                "Ed25519 private key, PKCS#8 PEM (create one with `identity keygen`)",
            )?,
            jwt_issuer: config::or("JWT_ISSUER", "{{ app }}"),
            admin_emails: config::or("KEEL_ADMIN_EMAILS", "")
                .split(',')
                .map(|e| e.trim().to_lowercase())
                .filter(|e| !e.is_empty())
                .collect(),
            sign_in_per_minute: config::parsed("SIGN_IN_RATE_LIMIT_PER_MINUTE", 10)?,
        })
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub signer: Arc<TokenSigner>,
    pub admin_emails: Arc<Vec<String>>,
    pub sign_in_limit: Arc<RateLimiter>,
}

/// The whole service: its routes inside the platform's layers.
pub fn app(config: &Config) -> Result<Router, ConfigError> {
    let signer = TokenSigner::from_pem(&config.jwt_private_key, &config.jwt_issuer)
        .map_err(|e| ConfigError(format!("JWT_PRIVATE_KEY is malformed: {e}")))?;
    let verifier = signer.verifier();
    let db = Db::connect_lazy(&config.database_url).map_err(ConfigError)?;
    let state = AppState {
        db: db.clone(),
        signer: Arc::new(signer),
        admin_emails: Arc::new(config.admin_emails.clone()),
        sign_in_limit: Arc::new(RateLimiter::new(
            config.sign_in_per_minute,
            Duration::from_secs(60),
        )),
    };
    let platform = Platform::new(SERVICE, Some(db), Some(verifier));
    Ok(server::app(routes::router(state), platform))
}
