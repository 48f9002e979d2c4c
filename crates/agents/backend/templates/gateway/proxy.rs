//! Forwarding `/api/<service>/…` to the service, unchanged but for the
//! hop-by-hop headers; `X-Forwarded-For` and the request id are added.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::{HeaderMap, HeaderName, header};
use axum::response::{IntoResponse, Response};
use platform::Problem;

use crate::AppState;

/// Largest request body forwarded (uploads included).
pub const BODY_LIMIT: usize = 16 * 1024 * 1024;

/// Headers that belong to one connection, never forwarded.
const HOP_BY_HOP: &[HeaderName] = &[
    header::CONNECTION,
    header::HOST,
    header::PROXY_AUTHENTICATE,
    header::PROXY_AUTHORIZATION,
    header::TE,
    header::TRAILER,
    header::TRANSFER_ENCODING,
    header::UPGRADE,
    header::CONTENT_LENGTH,
];

pub struct Proxy {
    services: BTreeMap<String, String>,
    client: reqwest::Client,
}

impl Proxy {
    pub fn new(services: BTreeMap<String, String>) -> Self {
        Proxy {
            services,
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .connect_timeout(Duration::from_secs(2))
                .build()
                .unwrap_or_default(),
        }
    }
}

fn forwardable(headers: &HeaderMap) -> HeaderMap {
    let mut out = headers.clone();
    for name in HOP_BY_HOP {
        out.remove(name);
    }
    out
}

/// Any method on `/api/<service>/…`.
pub async fn forward(
    State(state): State<AppState>,
    Path(params): Path<BTreeMap<String, String>>,
    request: Request,
) -> Result<Response, Problem> {
    let service = params.get("service").cloned().unwrap_or_default();
    let Some(base) = state.proxy.services.get(&service) else {
        return Err(Problem::not_found("service"));
    };
    let client_ip = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string());
    let path_and_query = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let method = request.method().clone();
    let mut headers = forwardable(request.headers());
    if let Some(ip) = client_ip.and_then(|ip| ip.parse().ok()) {
        headers.insert("x-forwarded-for", ip);
    }
    let body = platform::body::read(request, BODY_LIMIT).await?;
    let upstream = state
        .proxy
        .client
        .request(method, format!("{base}{path_and_query}"))
        .headers(headers)
        .body(body)
        .send()
        .await
        .map_err(|e| {
            tracing::warn!(service, error = %e, "service unreachable");
            Problem::unavailable(format!("the {service} service is not available"), 5)
        })?;
    let status = upstream.status();
    let headers = forwardable(upstream.headers());
    let bytes = upstream.bytes().await.map_err(|e| {
        Problem::unavailable(format!("the {service} service did not answer ({e})"), 5)
    })?;
    let mut response = (status, Body::from(bytes)).into_response();
    response.headers_mut().extend(headers);
    Ok(response)
}
