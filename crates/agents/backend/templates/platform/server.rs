//! The HTTP server every service runs: request ids, JSON access logs,
//! metrics, caller resolution, `/healthz`, `/readyz`, `/metrics`, problem
//! answers for unknown routes, and graceful shutdown that drains in-flight
//! requests.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use uuid::Uuid;

use crate::Problem;
use crate::auth::{Caller, TokenVerifier, token_of};
use crate::db::Db;
use crate::metrics::Metrics;

/// Header that carries the request id between the gateway and services.
pub const REQUEST_ID: &str = "x-request-id";
/// Longest a request may take before the service answers 503.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The request being handled, for problem answers and logs.
#[derive(Debug, Clone, Default)]
pub struct RequestInfo {
    pub id: String,
    pub path: String,
}

tokio::task_local! {
    static REQUEST: RequestInfo;
}

/// The request this task is handling (empty outside of one).
pub fn current_request() -> RequestInfo {
    REQUEST.try_with(|r| r.clone()).unwrap_or_default()
}

/// What the platform layers need.
#[derive(Clone)]
pub struct Platform {
    pub service: &'static str,
    /// `None` for services without a database (the gateway).
    pub db: Option<Db>,
    /// `None` for the gateway, which forwards tokens without reading them.
    pub verifier: Option<Arc<TokenVerifier>>,
    pub metrics: Arc<Metrics>,
}

impl Platform {
    pub fn new(service: &'static str, db: Option<Db>, verifier: Option<TokenVerifier>) -> Self {
        Platform {
            service,
            db,
            verifier: verifier.map(Arc::new),
            metrics: Arc::new(Metrics::default()),
        }
    }
}

/// The service's routes wrapped in every platform layer, plus health and
/// metrics endpoints.
pub fn app(routes: Router, platform: Platform) -> Router {
    let ops = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .with_state(platform.clone());
    routes
        .merge(ops)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(
            platform.clone(),
            authenticate,
        ))
        .layer(middleware::from_fn_with_state(platform, observe))
}

async fn healthz() -> &'static str {
    "ok"
}

/// Ready when the database answers (services without one are always ready).
async fn readyz(State(platform): State<Platform>) -> Response {
    match &platform.db {
        Some(db) if !db.ping().await => {
            Problem::unavailable("the database is not reachable", 5).into_response()
        }
        _ => "ready".into_response(),
    }
}

async fn metrics(State(platform): State<Platform>) -> Response {
    (
        [("content-type", "text/plain; version=0.0.4")],
        platform.metrics.render(platform.service),
    )
        .into_response()
}

/// Worded unlike any row's "… not found", so a client (and the contract
/// tests) can tell a path nothing serves from a missing row of an entity
/// that happens to be called Route.
async fn not_found() -> Problem {
    Problem::new(StatusCode::NOT_FOUND, "no such route")
}

async fn method_not_allowed() -> Problem {
    Problem::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "this route does not accept that method",
    )
}

/// Request id, timeout, access log and metrics around every request.
async fn observe(State(platform): State<Platform>, mut request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 128)
        .map(str::to_owned)
        .unwrap_or_else(|| Uuid::new_v4().to_string());
    if let Ok(value) = HeaderValue::from_str(&id) {
        request.headers_mut().insert(REQUEST_ID, value);
    }
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let info = RequestInfo {
        id: id.clone(),
        path: path.clone(),
    };
    let started = Instant::now();
    let mut response = REQUEST
        .scope(info, async move {
            match tokio::time::timeout(REQUEST_TIMEOUT, next.run(request)).await {
                Ok(response) => response,
                Err(_) => Problem::unavailable("the request took too long", 1).into_response(),
            }
        })
        .await;
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    platform
        .metrics
        .observe(method.as_str(), &route, status, elapsed);
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    tracing::info!(
        request_id = %id,
        method = %method,
        path = %path,
        status,
        millis = elapsed.as_millis() as u64,
        "request"
    );
    response
}

/// Resolves the caller from the access token; a token that is present but
/// invalid or expired is a 401, so clients know to refresh.
async fn authenticate(
    State(platform): State<Platform>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(verifier) = &platform.verifier else {
        return next.run(request).await;
    };
    let caller = match token_of(request.headers()) {
        None => Caller::anonymous(),
        Some(token) => match verifier.verify(&token) {
            Ok(claims) => Caller::from_claims(claims, token),
            Err(reason) => {
                return REQUEST
                    .scope(
                        RequestInfo {
                            id: request
                                .headers()
                                .get(REQUEST_ID)
                                .and_then(|v| v.to_str().ok())
                                .unwrap_or_default()
                                .to_owned(),
                            path: request.uri().path().to_owned(),
                        },
                        async { Problem::new(StatusCode::UNAUTHORIZED, reason).into_response() },
                    )
                    .await;
            }
        },
    };
    request.extensions_mut().insert(caller);
    next.run(request).await
}

/// Serves `app` on `0.0.0.0:port` until SIGTERM or Ctrl-C, then stops
/// accepting and lets in-flight requests finish.
pub async fn serve(app: Router, port: u16) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(("0.0.0.0", port)).await?;
    tracing::info!(port, "listening");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: draining in-flight requests");
}
