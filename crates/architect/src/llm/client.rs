//! One chat request to an LLM endpoint, with timeouts and retries.
//!
//! Transient failures (connection errors, timeouts, 429 and 5xx) are
//! retried with exponential backoff and jitter, honouring `Retry-After`.
//! The API key goes into a header and nowhere else: every message that
//! could carry it (errors, bodies) passes through [`redact`].

use std::time::{Duration, Instant};

use serde_json::{Value as Json, json};

use super::LlmError;
use super::config::{Config, Provider};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub role: &'static str,
    pub content: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
}

#[derive(Debug, Clone)]
pub struct Reply {
    /// The blueprint as JSON text.
    pub content: String,
    pub usage: Usage,
}

/// How an OpenAI-compatible request asks for JSON under the schema.
/// Endpoints differ: OpenAI, vLLM, Ollama, LM Studio and llama.cpp's
/// `llama-server` take `json_schema`; llama-cpp-python's server takes only
/// `json_object` with a `schema`; a few take neither. The request starts with
/// the standard form and steps down when the endpoint rejects it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Structured {
    #[default]
    JsonSchema,
    JsonObject,
    /// No `response_format`: the schema goes into the system prompt.
    PromptOnly,
}

impl Structured {
    /// The next form to try when the endpoint rejects this one.
    fn fallback(self) -> Option<Structured> {
        match self {
            Structured::JsonSchema => Some(Structured::JsonObject),
            Structured::JsonObject => Some(Structured::PromptOnly),
            Structured::PromptOnly => None,
        }
    }

    /// How the review and errors name the form.
    pub fn as_str(self) -> &'static str {
        match self {
            Structured::JsonSchema => "json_schema",
            Structured::JsonObject => "json_object",
            Structured::PromptOnly => "none",
        }
    }

    fn response_format(self, schema: &Json) -> Option<Json> {
        match self {
            Structured::JsonSchema => Some(json!({
                "type": "json_schema",
                "json_schema": { "name": "keel_blueprint", "schema": schema, "strict": false }
            })),
            Structured::JsonObject => Some(json!({ "type": "json_object", "schema": schema })),
            Structured::PromptOnly => None,
        }
    }
}

/// Whether an error answer says the endpoint does not take this
/// `response_format`: a client error naming it, or a 500 that is a
/// validation error naming it (llama-cpp-python's answer). A 502 or 503
/// from a proxy that echoes the request is a transient failure, retried.
fn rejects_response_format(status: u16, body: &str) -> bool {
    let validation = [
        "validation",
        "literal_error",
        "unsupported",
        "not supported",
    ]
    .iter()
    .any(|w| body.contains(w));
    body.contains("response_format")
        && (matches!(status, 400 | 404 | 415 | 422) || (status == 500 && validation))
}

/// The form to ask for next when `resp` rejects `form`, if there is one.
fn stepped_down(provider: Provider, resp: &Response, form: Structured) -> Option<Structured> {
    let rejected = provider == Provider::OpenAi && rejects_response_format(resp.status, &resp.body);
    rejected.then(|| form.fallback()).flatten()
}

/// The schema as sent to the model. Servers built on llama.cpp compile it
/// into a grammar, and llama.cpp refuses a repetition of more than 2,000
/// (the blueprint's 2,000-character description fails to compile, and
/// llama-cpp-python's server dies of it); so string bounds are capped at
/// 1,000. What a model writes under the capped schema is valid under the
/// full one, which checks every answer.
pub fn schema_for_decoding(schema: &Json) -> Json {
    const LONGEST_STRING: u64 = 1000;
    let mut sent = schema.clone();
    let mut stack = vec![&mut sent];
    while let Some(node) = stack.pop() {
        match node {
            Json::Object(map) => {
                if let Some(n) = map.get_mut("maxLength")
                    && n.as_u64().is_some_and(|n| n > LONGEST_STRING)
                {
                    *n = json!(LONGEST_STRING);
                }
                stack.extend(map.values_mut());
            }
            Json::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
    sent
}

/// An HTTP response: status, `Retry-After` seconds, body.
pub struct Response {
    pub status: u16,
    pub retry_after: Option<u64>,
    pub body: String,
}

/// Sends a request; the real one is [`Http`], tests replay recordings.
pub trait Transport {
    fn post(
        &self,
        url: &str,
        headers: &[(String, String)],
        body: &str,
        timeout: Duration,
    ) -> Result<Response, String>;
}

/// HTTP over ureq (rustls).
pub struct Http;

impl Transport for Http {
    fn post(
        &self,
        url: &str,
        headers: &[(String, String)],
        body: &str,
        timeout: Duration,
    ) -> Result<Response, String> {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .build()
            .into();
        let mut req = agent.post(url);
        for (k, v) in headers {
            req = req.header(k.as_str(), v.as_str());
        }
        let resp = req.send(body).map_err(|e| match e {
            ureq::Error::Timeout(_) => format!("timed out after {}s", timeout.as_secs()),
            other => other.to_string(),
        })?;
        let status = resp.status().as_u16();
        let retry_after = resp
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|s| s.trim().parse::<u64>().ok());
        let body = resp
            .into_body()
            .with_config()
            .limit(16 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| match e {
                ureq::Error::Timeout(_) => format!("timed out after {}s", timeout.as_secs()),
                other => other.to_string(),
            })?;
        Ok(Response {
            status,
            retry_after,
            body,
        })
    }
}

/// Asks for a blueprint; retries transient failures. `structured` is the
/// form of structured output to ask for; it is stepped down when the
/// endpoint rejects it and left at the form that worked, for the next call.
pub fn complete(
    cfg: &Config,
    transport: &dyn Transport,
    system: &str,
    messages: &[Message],
    schema: &Json,
    structured: &mut Structured,
) -> Result<Reply, LlmError> {
    let started = Instant::now();
    let mut attempt = 0u32;
    let mut requests = 0u32;
    // (The body, schema included, is built once per form, not per retry.)
    let prepare = |form| {
        let (url, headers, body) = request(cfg, system, messages, schema, form);
        (url, headers, body.to_string())
    };
    let (mut url, mut headers, mut body) = prepare(*structured);
    loop {
        requests += 1;
        let outcome = transport.post(&url, &headers, &body, cfg.timeout);
        // A step down is not a retry: the ladder is three long.
        if let Some(lower) = outcome
            .as_ref()
            .ok()
            .and_then(|resp| stepped_down(cfg.provider, resp, *structured))
        {
            *structured = lower;
            (url, headers, body) = prepare(lower);
            continue;
        }
        let (retryable, wait_hint, problem) = match outcome {
            Ok(resp) if (200..300).contains(&resp.status) => {
                return parse_reply(cfg.provider, &resp.body)
                    .map_err(|e| LlmError::Upstream(redact(&e, cfg)));
            }
            Ok(resp) => {
                let retryable = resp.status == 429 || resp.status >= 500;
                (
                    retryable,
                    resp.retry_after,
                    format!("HTTP {}: {}", resp.status, snippet(&resp.body)),
                )
            }
            Err(e) => (true, None, e),
        };
        if !retryable || attempt >= cfg.max_retries {
            return Err(LlmError::Upstream(redact(
                &format!(
                    "{problem} (POST {url}, {requests} request(s) in {:.1}s{})",
                    started.elapsed().as_secs_f64(),
                    match structured {
                        Structured::JsonSchema => "",
                        Structured::JsonObject =>
                            "; asked as json_object after the endpoint rejected json_schema",
                        Structured::PromptOnly =>
                            "; asked without a response_format after the endpoint rejected json_schema and json_object",
                    }
                ),
                cfg,
            )));
        }
        std::thread::sleep(backoff(cfg.backoff, attempt, wait_hint));
        attempt += 1;
    }
}

/// The start of an error body, for a message.
fn snippet(body: &str) -> String {
    body.chars().take(300).collect::<String>().trim().to_owned()
}

/// Exponential backoff with up to 50% jitter; `Retry-After` (capped at a
/// minute) when the server gives one.
pub fn backoff(base: Duration, attempt: u32, retry_after: Option<u64>) -> Duration {
    if let Some(secs) = retry_after {
        return Duration::from_secs(secs.min(60));
    }
    let exp = base.saturating_mul(1u32 << attempt.min(10));
    let jitter = {
        use std::hash::{BuildHasher, Hasher};
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u32(attempt);
        h.finish() % 1000
    };
    exp + exp.mul_f64(jitter as f64 / 2000.0)
}

/// Removes the API key from any text.
pub fn redact(text: &str, cfg: &Config) -> String {
    match &cfg.api_key {
        Some(key) if key.len() >= 4 => text.replace(key.as_str(), "[redacted]"),
        _ => text.to_owned(),
    }
}

/// URL, headers and body of a request.
pub fn request(
    cfg: &Config,
    system: &str,
    messages: &[Message],
    schema: &Json,
    structured: Structured,
) -> (String, Vec<(String, String)>, Json) {
    let mut headers = vec![("content-type".to_owned(), "application/json".to_owned())];
    let msgs: Vec<Json> = messages
        .iter()
        .map(|m| json!({ "role": m.role, "content": m.content }))
        .collect();
    match cfg.provider {
        Provider::OpenAi => {
            if let Some(key) = &cfg.api_key {
                headers.push(("authorization".into(), format!("Bearer {key}")));
            }
            // (With no response_format the schema travels in the prompt.)
            let system = match structured {
                Structured::PromptOnly => {
                    format!("{system}\n\nJSON Schema of the answer:\n{schema}")
                }
                _ => system.to_owned(),
            };
            let mut all = vec![json!({ "role": "system", "content": system })];
            all.extend(msgs);
            let mut body = json!({
                "model": cfg.model,
                "messages": all,
                "temperature": 0,
                "max_tokens": cfg.max_tokens,
            });
            if let Some(format) = structured.response_format(schema) {
                body["response_format"] = format;
            }
            (format!("{}/chat/completions", cfg.base_url), headers, body)
        }
        Provider::Anthropic => {
            if let Some(key) = &cfg.api_key {
                headers.push(("x-api-key".into(), key.clone()));
            }
            headers.push(("anthropic-version".into(), "2023-06-01".into()));
            (
                format!("{}/messages", cfg.base_url),
                headers,
                json!({
                    "model": cfg.model,
                    "system": system,
                    "messages": msgs,
                    "max_tokens": cfg.max_tokens,
                    "temperature": 0,
                    "tools": [{
                        "name": "write_blueprint",
                        "description": "Write the keel blueprint of the application.",
                        "input_schema": schema
                    }],
                    "tool_choice": { "type": "tool", "name": "write_blueprint" }
                }),
            )
        }
    }
}

/// The blueprint text and token counts of a response body.
pub fn parse_reply(provider: Provider, body: &str) -> Result<Reply, String> {
    let v: Json =
        serde_json::from_str(body).map_err(|e| format!("the response is not JSON: {e}"))?;
    match provider {
        Provider::OpenAi => {
            let content = v
                .pointer("/choices/0/message/content")
                .and_then(Json::as_str)
                .ok_or("the response has no choices[0].message.content")?;
            Ok(Reply {
                content: content.to_owned(),
                usage: Usage {
                    prompt_tokens: v
                        .pointer("/usage/prompt_tokens")
                        .and_then(Json::as_u64)
                        .unwrap_or(0),
                    completion_tokens: v
                        .pointer("/usage/completion_tokens")
                        .and_then(Json::as_u64)
                        .unwrap_or(0),
                },
            })
        }
        Provider::Anthropic => {
            let blocks = v
                .get("content")
                .and_then(Json::as_array)
                .ok_or("the response has no content")?;
            let content = blocks
                .iter()
                .find(|b| b.get("type").and_then(Json::as_str) == Some("tool_use"))
                .and_then(|b| b.get("input"))
                .map(Json::to_string)
                .or_else(|| {
                    blocks
                        .iter()
                        .find_map(|b| b.get("text").and_then(Json::as_str).map(str::to_owned))
                })
                .ok_or("the response has neither a tool_use block nor text")?;
            Ok(Reply {
                content,
                usage: Usage {
                    prompt_tokens: v
                        .pointer("/usage/input_tokens")
                        .and_then(Json::as_u64)
                        .unwrap_or(0),
                    completion_tokens: v
                        .pointer("/usage/output_tokens")
                        .and_then(Json::as_u64)
                        .unwrap_or(0),
                },
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_honours_retry_after() {
        let base = Duration::from_millis(100);
        assert!(backoff(base, 0, None) >= base && backoff(base, 0, None) <= base * 2);
        assert!(backoff(base, 3, None) >= base * 8);
        assert_eq!(backoff(base, 3, Some(2)), Duration::from_secs(2));
        assert_eq!(backoff(base, 0, Some(3600)), Duration::from_secs(60));
    }

    #[test]
    fn the_decoding_schema_caps_long_strings_only() {
        let full = keel_blueprint::json_schema();
        let sent = schema_for_decoding(&full);
        assert_eq!(full["properties"]["description"]["maxLength"], 2000);
        assert_eq!(sent["properties"]["description"]["maxLength"], 1000);
        let short = "/properties/entities/additionalProperties/properties/description/maxLength";
        assert_eq!(sent.pointer(short), full.pointer(short));
        assert_eq!(
            sent["properties"]["entities"],
            full["properties"]["entities"]
        );
    }

    #[test]
    fn reads_both_providers() {
        let openai = r#"{"choices":[{"message":{"content":"{}"}}],"usage":{"prompt_tokens":3,"completion_tokens":4}}"#;
        let r = parse_reply(Provider::OpenAi, openai).unwrap();
        assert_eq!(r.usage.completion_tokens, 4);
        let anthropic = r#"{"content":[{"type":"tool_use","input":{"keel":1}}],"usage":{"input_tokens":5,"output_tokens":6}}"#;
        let r = parse_reply(Provider::Anthropic, anthropic).unwrap();
        assert_eq!(r.content, r#"{"keel":1}"#);
        assert_eq!(r.usage.prompt_tokens, 5);
    }
}
