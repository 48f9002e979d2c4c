//! Errors as RFC 9457 problem details, the shared response headers and the
//! security schemes.

use serde_json::{Map, Value, json};

use crate::access::Auth;
use crate::fields::with_example;
use crate::operation::status;

pub const SCHEMA: &str = "Problem";
pub const MEDIA_TYPE: &str = "application/problem+json";
pub const RETRY_AFTER: &str = "RetryAfter";
pub const LOCATION: &str = "Location";
pub const SET_COOKIE: &str = "SetCookie";

/// The component name and the reason of each problem status.
pub fn response_name(code: u16) -> (&'static str, &'static str) {
    match code {
        status::BAD_REQUEST => ("BadRequest", "Bad Request"),
        status::UNAUTHORIZED => ("Unauthorized", "Unauthorized"),
        status::FORBIDDEN => ("Forbidden", "Forbidden"),
        status::NOT_FOUND => ("NotFound", "Not Found"),
        status::CONFLICT => ("Conflict", "Conflict"),
        status::TOO_LARGE => ("ContentTooLarge", "Content Too Large"),
        status::UNSUPPORTED_MEDIA_TYPE => ("UnsupportedMediaType", "Unsupported Media Type"),
        status::UNPROCESSABLE => ("UnprocessableContent", "Unprocessable Content"),
        status::TOO_MANY_REQUESTS => ("TooManyRequests", "Too Many Requests"),
        status::UNAVAILABLE => ("ServiceUnavailable", "Service Unavailable"),
        _ => ("Problem", "Error"),
    }
}

/// When each problem happens, for the response's description.
fn meaning(code: u16) -> &'static str {
    match code {
        status::BAD_REQUEST => {
            "The request is malformed: unreadable JSON, or a parameter of the wrong type."
        }
        status::UNAUTHORIZED => "Not signed in, or the credentials are invalid or expired.",
        status::FORBIDDEN => "Signed in, but not allowed to do this.",
        status::NOT_FOUND => "No such resource, or one the caller may not see.",
        status::CONFLICT => {
            "Conflicts with the current state: a duplicate, a row still referred to, or a transition not allowed from the current state."
        }
        status::TOO_LARGE => "The body is larger than allowed.",
        status::UNSUPPORTED_MEDIA_TYPE => "The body's media type is not accepted.",
        status::UNPROCESSABLE => "Some fields are invalid; `errors` says which and why.",
        status::TOO_MANY_REQUESTS => {
            "Too many requests from this client; retry after `Retry-After` seconds."
        }
        status::UNAVAILABLE => "A dependency is down; retry after `Retry-After` seconds.",
        _ => "An error.",
    }
}

fn bounded(description: &str, max: u32, example: Value) -> Value {
    with_example(
        json!({ "type": "string", "description": description, "maxLength": max }),
        example,
    )
}

/// The `Problem` schema. Problem details may carry extension members
/// (RFC 9457 §3.2), so unknown properties are allowed.
pub fn schema(instance: &str) -> Value {
    let example = example(status::UNPROCESSABLE, instance);
    let error = json!({
        "type": "object",
        "description": "One invalid field.",
        "additionalProperties": false,
        "required": ["field", "message"],
        "properties": {
            "field": bounded("The field, as a JSON path below the body (`title`, `tags/0`).", 200, json!("title")),
            "message": bounded("What is wrong, for people.", 500, json!("must be at least 3 characters")),
        },
        "examples": [{ "field": "title", "message": "must be at least 3 characters" }],
    });
    json!({
        "type": "object",
        "description": "An error, as RFC 9457 problem details.",
        "required": ["type", "title", "status"],
        "properties": {
            "type": with_example(json!({
                "type": "string",
                "format": "uri-reference",
                "description": "Identifies the kind of problem; `about:blank` when the status says it all.",
                "maxLength": 2048,
                "default": "about:blank",
            }), json!("about:blank")),
            "title": bounded("A short summary of the kind of problem.", 200, json!("Unprocessable Content")),
            "status": with_example(json!({
                "type": "integer",
                "description": "The HTTP status code.",
                "minimum": 400,
                "maximum": 599,
            }), json!(422)),
            "detail": bounded("What went wrong this time, for people.", 2000, json!("The recipe has invalid fields.")),
            "instance": with_example(json!({
                "type": "string",
                "format": "uri-reference",
                "description": "The request path.",
                "maxLength": 2048,
            }), json!(instance)),
            "request_id": bounded("The request's id, as in the logs.", 128, json!("f2b1c7de9a3e4f60")),
            "errors": with_example(json!({
                "type": "array",
                "description": "The invalid fields (422 only).",
                "maxItems": 100,
                "items": error,
            }), json!([{ "field": "title", "message": "must be at least 3 characters" }])),
        },
        "examples": [example],
    })
}

/// A problem of status `code` as the service would answer it.
fn example(code: u16, instance: &str) -> Value {
    let (_, title) = response_name(code);
    let mut e = json!({
        "type": "about:blank",
        "title": title,
        "status": code,
        "detail": meaning(code),
        "instance": instance,
        "request_id": "f2b1c7de9a3e4f60",
    });
    if code == status::UNPROCESSABLE {
        e["errors"] = json!([{ "field": "title", "message": "must be at least 3 characters" }]);
    }
    e
}

/// The response component of a problem status.
pub fn response(code: u16, instance: &str) -> Value {
    let mut r = Map::new();
    r.insert("description".into(), json!(meaning(code)));
    if matches!(code, status::TOO_MANY_REQUESTS | status::UNAVAILABLE) {
        r.insert(
            "headers".into(),
            json!({ "Retry-After": { "$ref": format!("#/components/headers/{RETRY_AFTER}") } }),
        );
    }
    r.insert(
        "content".into(),
        json!({
            MEDIA_TYPE: {
                "schema": { "$ref": format!("#/components/schemas/{SCHEMA}") },
                "example": example(code, instance),
            }
        }),
    );
    Value::Object(r)
}

/// Header components: `Retry-After` always; `Location` and `Set-Cookie` when used.
pub fn headers(location_example: Option<&str>, set_cookie: bool) -> Map<String, Value> {
    let mut h = Map::new();
    h.insert(
        RETRY_AFTER.into(),
        json!({
            "description": "Seconds to wait before retrying.",
            "schema": with_example(json!({ "type": "integer", "minimum": 0, "maximum": 86400 }), json!(30)),
        }),
    );
    if let Some(example) = location_example {
        h.insert(
            LOCATION.into(),
            json!({
                "description": "The URL of the created resource.",
                "schema": with_example(json!({ "type": "string", "format": "uri-reference", "maxLength": 2048 }), json!(example)),
            }),
        );
    }
    if set_cookie {
        h.insert(
            SET_COOKIE.into(),
            json!({
                "description": "The session cookies, each in its own header: `keel_access` (HttpOnly; Secure; SameSite=Lax; Path=/api) and `keel_refresh` (HttpOnly; Secure; SameSite=Strict; Path=/api/identity/auth). Signing out clears both.",
                "schema": with_example(json!({ "type": "string", "maxLength": 4096 }), json!("keel_access=eyJhbGciOiJFZERTQSJ9.e30.c2lnbmF0dXJl; Path=/api; HttpOnly; Secure; SameSite=Lax")),
            }),
        );
    }
    h
}

/// The security schemes; the refresh cookie only where an operation reads it.
pub fn security_schemes(refresh: bool) -> Value {
    let mut s = json!({
        "cookieAuth": {
            "type": "apiKey",
            "in": "cookie",
            "name": "keel_access",
            "description": "The access token (a JWT signed with Ed25519) in the `keel_access` cookie that signing in sets; what browsers use.",
        },
        "bearerAuth": {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "The same access token in `Authorization: Bearer`; for tools and tests.",
        },
    });
    if refresh {
        s["refreshCookie"] = json!({
            "type": "apiKey",
            "in": "cookie",
            "name": "keel_refresh",
            "description": "The refresh token in the `keel_refresh` cookie, sent only to `/api/identity/auth`.",
        });
    }
    s
}

/// The `security` of an operation; `None` when it reads no credentials.
pub fn requirement(auth: Auth) -> Option<Value> {
    match auth {
        Auth::None => None,
        Auth::Optional => Some(json!([{}, { "cookieAuth": [] }, { "bearerAuth": [] }])),
        Auth::Required => Some(json!([{ "cookieAuth": [] }, { "bearerAuth": [] }])),
        Auth::Refresh => Some(json!([{ "refreshCookie": [] }])),
        Auth::RefreshOptional => Some(json!([{}, { "refreshCookie": [] }])),
    }
}
