//! The gateway of {{ app }}: the single entry point. It forwards
//! `/api/<service>/…` unchanged to the service, serves the web app's files
//! (`WEB_DIR`), adds security headers, rate limits per client and passes
//! request ids along.

pub mod proxy;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use platform::Problem;
use platform::config::{self, ConfigError};
use platform::ratelimit::RateLimiter;
use platform::server::{self, Platform};
use tower_http::services::{ServeDir, ServeFile};

/// Each service: name, the variable with its URL, and its local port.
{{ services_table }}

/// Headers on every answer: no sniffing, no framing, a strict content
/// security policy (the web app loads nothing from elsewhere), HTTPS only.
const SECURITY_HEADERS: &[(&str, &str)] = &[
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "strict-origin-when-cross-origin"),
    (
        "strict-transport-security",
        "max-age=31536000; includeSubDomains",
    ),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=()",
    ),
    (
        "content-security-policy",
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; \
         frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    ),
];

/// Configuration from the environment.
#[derive(Debug, Clone)]
pub struct Config {
    pub port: u16,
    pub web_dir: PathBuf,
    pub rate_limit_per_minute: u32,
    /// Base URL of each service by name.
    pub services: BTreeMap<String, String>,
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        let mut services = BTreeMap::new();
        for (name, var, port) in SERVICES {
            let url = config::or(var, &format!("http://127.0.0.1:{port}"));
            if !url.starts_with("http://") && !url.starts_with("https://") {
                return Err(ConfigError(format!("{var} is malformed: {url:?}")));
            }
            services.insert((*name).to_owned(), url);
        }
        Ok(Config {
            port: config::parsed("PORT", 8080)?,
            web_dir: PathBuf::from(config::or("WEB_DIR", "web/dist")),
            rate_limit_per_minute: config::parsed("RATE_LIMIT_PER_MINUTE", 600)?,
            services,
        })
    }
}

#[derive(Clone)]
pub struct AppState {
    pub proxy: Arc<proxy::Proxy>,
    pub limiter: Arc<RateLimiter>,
}

/// The whole gateway.
pub fn app(config: &Config) -> Router {
    let state = AppState {
        proxy: Arc::new(proxy::Proxy::new(config.services.clone())),
        limiter: Arc::new(RateLimiter::new(
            config.rate_limit_per_minute,
            Duration::from_secs(60),
        )),
    };
    let index = config.web_dir.join("index.html");
    let web = ServeDir::new(&config.web_dir).fallback(ServeFile::new(index));
    let routes = Router::new()
        .route("/api/{service}", any(proxy::forward))
        .route("/api/{service}/{*rest}", any(proxy::forward))
        .layer(middleware::from_fn_with_state(state.clone(), rate_limit))
        .with_state(state);
    // Everything outside /api is the web app; unknown paths get index.html
    // so that client-side routes load.
    server::app(routes, Platform::new("gateway", None, None))
        .fallback_service(web)
        .layer(middleware::from_fn(security_headers))
}

/// 429 once a client has spent its budget for the minute.
async fn rate_limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let client = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_default();
    match state.limiter.check(&client) {
        Ok(()) => next.run(request).await,
        Err(retry_after) => Problem::too_many_requests(retry_after).into_response(),
    }
}

async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    response
}
