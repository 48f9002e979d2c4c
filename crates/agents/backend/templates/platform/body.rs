//! Request bodies. JSON bodies must be objects, at most [`JSON_LIMIT`]
//! bytes, sent as `application/json`; anything else is a 400, 413 or 415
//! problem, never a 500.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header;
use serde_json::{Map, Value};

use crate::Problem;

/// Largest JSON body accepted.
pub const JSON_LIMIT: usize = 1024 * 1024;

/// A JSON object body.
#[derive(Debug, Clone, Default)]
pub struct JsonObject(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for JsonObject {
    type Rejection = Problem;

    async fn from_request(request: Request, _: &S) -> Result<Self, Problem> {
        let is_json = content_type(&request).is_some_and(|t| {
            let t = t.split(';').next().unwrap_or_default().trim();
            t == "application/json" || t.ends_with("+json")
        });
        if !is_json {
            return Err(Problem::unsupported_media_type("application/json"));
        }
        let bytes = read(request, JSON_LIMIT).await?;
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(map)) => Ok(JsonObject(map)),
            Ok(_) => Err(Problem::bad_request("the body must be a JSON object")),
            Err(e) => Err(Problem::bad_request(format!(
                "the body is not valid JSON: {e}"
            ))),
        }
    }
}

/// The request's media type, if any.
pub fn content_type(request: &Request) -> Option<String> {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.to_ascii_lowercase())
}

/// The request's media type without parameters (`image/png`), lowercase.
pub fn media_type(request: &Request) -> String {
    content_type(request)
        .and_then(|t| t.split(';').next().map(|m| m.trim().to_owned()))
        .unwrap_or_default()
}

/// The whole body, or 413 when it is larger than `limit`.
pub async fn read(request: Request, limit: usize) -> Result<Bytes, Problem> {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(Problem::too_large(limit));
    }
    axum::body::to_bytes(request.into_body(), limit)
        .await
        .map_err(|_| Problem::too_large(limit))
}

/// The `{id}` of a path, a UUID (400 otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Id(pub uuid::Uuid);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Id {
    type Rejection = Problem;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Problem> {
        axum::extract::Path::<uuid::Uuid>::from_request_parts(parts, state)
            .await
            .map(|p| Id(p.0))
            .map_err(|_| Problem::bad_request("the id in the path must be a UUID"))
    }
}

/// The query string as key-value pairs (400 when malformed).
#[derive(Debug, Clone, Default)]
pub struct QueryPairs(pub Vec<(String, String)>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for QueryPairs {
    type Rejection = Problem;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Problem> {
        axum::extract::Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
            .map(|q| QueryPairs(q.0))
            .map_err(|_| Problem::bad_request("the query string is malformed"))
    }
}
