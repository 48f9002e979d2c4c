//! The LLM architect against recorded responses (keyed by request content)
//! and a scripted HTTP server on 127.0.0.1 for the error paths: 429 then
//! success, 500, timeouts, bodies that are not JSON, answers the repair
//! loop fixes, and an API key that never leaks.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use keel_architect::llm::client::{Response, Transport};
use keel_architect::llm::{self, Config, LlmError, Overrides, repair};
use keel_architect::{ArchitectError, Engine};

const RECIPES: &str = "A recipe sharing app. Users post recipes with a title, photo, ingredients and numbered steps. Other users can comment on recipes, rate them from 1 to 5 stars and follow the authors they like. Admins can remove offensive comments.";
const KEY: &str = "sk-test-SECRET-4242-do-not-leak";

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/llm/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn openai_body(content: &str) -> String {
    serde_json::json!({
        "choices": [{ "message": { "role": "assistant", "content": content } }],
        "usage": { "prompt_tokens": 1200, "completion_tokens": 800 }
    })
    .to_string()
}

fn config(base_url: &str, provider: &str) -> Config {
    let mut c = Config::resolve(
        &Overrides {
            provider: Some(provider.into()),
            base_url: Some(base_url.into()),
            model: Some("test-model".into()),
            api_key: Some(KEY.into()),
            timeout_secs: Some(2),
            repair_rounds: Some(2),
            max_retries: Some(2),
            max_tokens: None,
            config_file: Some(std::env::temp_dir().join("keel-no-such-config.toml"))
                .filter(|p| p.exists()),
        },
        &|_| None,
    )
    .unwrap();
    c.backoff = Duration::from_millis(10);
    c
}

// ---------------------------------------------------------------------------
// Recorded responses, keyed by the request's model and messages.

/// FNV-1a of the parts of a request that decide the answer.
fn request_key(body: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(body).unwrap();
    let keyed = serde_json::json!({ "model": v["model"], "system": v["system"], "messages": v["messages"] });
    let mut h: u64 = 0xcbf29ce484222325;
    for b in keyed.to_string().bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{h:016x}")
}

/// Replays `tests/fixtures/llm/recorded/<key>.json`.
struct Recorded {
    seen: Mutex<Vec<String>>,
}

impl Transport for Recorded {
    fn post(
        &self,
        _url: &str,
        _headers: &[(String, String)],
        body: &str,
        _timeout: Duration,
    ) -> Result<Response, String> {
        let key = request_key(body);
        self.seen.lock().unwrap().push(key.clone());
        let path = format!(
            "{}/tests/fixtures/llm/recorded/{key}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        match std::fs::read_to_string(&path) {
            Ok(body) => Ok(Response {
                status: 200,
                retry_after: None,
                body,
            }),
            Err(_) => Err(format!("no recording for request {key} ({path})")),
        }
    }
}

#[test]
fn replays_recorded_openai_and_anthropic_answers() {
    for provider in ["openai", "anthropic"] {
        let t = Recorded {
            seen: Mutex::new(Vec::new()),
        };
        let cfg = config("http://127.0.0.1:9/v1", provider);
        let plan = repair::plan_with_transport(RECIPES, &cfg, &t).unwrap_or_else(|e| {
            panic!("{provider}: {e} (keys asked: {:?})", t.seen.lock().unwrap())
        });
        assert!(plan.document.entities.contains_key("Recipe"));
        assert!(plan.summary.entities.contains(&"Rating".to_owned()));
        match plan.engine {
            Engine::Llm {
                prompt_tokens,
                completion_tokens,
                repair_rounds,
                ..
            } => {
                assert!(prompt_tokens > 0 && completion_tokens > 0);
                assert_eq!(repair_rounds, 0);
            }
            Engine::Offline => panic!("engine"),
        }
    }
}

// ---------------------------------------------------------------------------
// A scripted server.

#[derive(Clone)]
struct Scripted {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
    delay: Duration,
}

impl Scripted {
    fn ok(body: String) -> Self {
        Scripted {
            status: 200,
            headers: vec![],
            body,
            delay: Duration::ZERO,
        }
    }
    fn status(status: u16, body: &str) -> Self {
        Scripted {
            status,
            headers: vec![],
            body: body.to_owned(),
            delay: Duration::ZERO,
        }
    }
}

struct Server {
    url: String,
    requests: Arc<Mutex<Vec<(String, String)>>>,
}

/// Serves the script in order (the last entry repeats), one request per connection.
fn serve(script: Vec<Scripted>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    let requests = Arc::new(Mutex::new(Vec::new()));
    let seen = requests.clone();
    thread::spawn(move || {
        let mut n = 0usize;
        for stream in listener.incoming().take(32) {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut head = String::new();
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    break;
                }
                if line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
                head.push_str(&line);
            }
            let mut body = vec![0u8; length];
            let _ = reader.read_exact(&mut body);
            seen.lock()
                .unwrap()
                .push((head, String::from_utf8_lossy(&body).into_owned()));
            let step = script[n.min(script.len() - 1)].clone();
            n += 1;
            thread::sleep(step.delay);
            let mut resp = format!(
                "HTTP/1.1 {} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
                step.status,
                step.body.len()
            );
            for (k, v) in &step.headers {
                resp.push_str(&format!("{k}: {v}\r\n"));
            }
            resp.push_str("\r\n");
            resp.push_str(&step.body);
            let _ = stream.write_all(resp.as_bytes());
            let _ = stream.flush();
        }
    });
    Server { url, requests }
}

#[test]
fn retries_429_then_succeeds() {
    let mut limited = Scripted::status(429, r#"{"error":"slow down"}"#);
    limited.headers.push(("retry-after", "0".into()));
    let server = serve(vec![
        limited,
        Scripted::ok(openai_body(&fixture("recipes.blueprint.json"))),
    ]);
    let plan = llm::repair::plan_with_llm(RECIPES, &config(&server.url, "openai")).unwrap();
    assert!(plan.document.entities.contains_key("Recipe"));
    assert_eq!(server.requests.lock().unwrap().len(), 2);
}

#[test]
fn gives_up_on_500_after_the_retries() {
    let server = serve(vec![Scripted::status(500, "boom")]);
    let err = llm::repair::plan_with_llm(RECIPES, &config(&server.url, "openai")).unwrap_err();
    assert_eq!(err.exit_code(), 1);
    assert!(
        matches!(err, ArchitectError::Llm(LlmError::Upstream(_))),
        "{err}"
    );
    assert!(err.to_string().contains("HTTP 500"), "{err}");
    assert_eq!(
        server.requests.lock().unwrap().len(),
        3,
        "one try and two retries"
    );
}

#[test]
fn does_not_retry_a_client_error() {
    let server = serve(vec![Scripted::status(400, r#"{"error":"bad request"}"#)]);
    let err = llm::repair::plan_with_llm(RECIPES, &config(&server.url, "openai")).unwrap_err();
    assert_eq!(err.exit_code(), 1);
    assert_eq!(server.requests.lock().unwrap().len(), 1);
}

#[test]
fn times_out() {
    let mut slow = Scripted::ok(openai_body(&fixture("recipes.blueprint.json")));
    slow.delay = Duration::from_secs(4);
    let server = serve(vec![slow]);
    let mut cfg = config(&server.url, "openai");
    cfg.timeout = Duration::from_millis(500);
    cfg.max_retries = 0;
    let started = std::time::Instant::now();
    let err = llm::repair::plan_with_llm(RECIPES, &cfg).unwrap_err();
    assert!(err.to_string().contains("timed out"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(err.exit_code(), 1);
}

#[test]
fn a_body_that_is_not_json_is_an_upstream_failure() {
    let server = serve(vec![Scripted::ok("<html>gateway</html>".into())]);
    let err = llm::repair::plan_with_llm(RECIPES, &config(&server.url, "openai")).unwrap_err();
    assert!(err.to_string().contains("not JSON"), "{err}");
    assert_eq!(err.exit_code(), 1);
}

#[test]
fn repairs_an_answer_that_breaks_the_schema_and_the_checks() {
    let server = serve(vec![
        Scripted::ok(openai_body("```json\nthis is not json\n```")),
        Scripted::ok(openai_body(&fixture("recipes.invalid.json"))),
        Scripted::ok(openai_body(&fixture("recipes.unchecked.json"))),
        Scripted::ok(openai_body(&fixture("recipes.blueprint.json"))),
    ]);
    let mut cfg = config(&server.url, "openai");
    cfg.repair_rounds = 3;
    let plan = llm::repair::plan_with_llm(RECIPES, &cfg).unwrap();
    let Engine::Llm {
        repair_rounds,
        prompt_tokens,
        ..
    } = plan.engine
    else {
        panic!()
    };
    assert_eq!(repair_rounds, 3);
    assert_eq!(prompt_tokens, 4 * 1200);
    let requests = server.requests.lock().unwrap();
    assert_eq!(requests.len(), 4);
    // Each repair request carries the problems found in the answer before.
    assert!(requests[1].1.contains("not a JSON object"));
    assert!(requests[2].1.contains("colour"), "{}", requests[2].1);
    assert!(requests[3].1.contains("moderator"), "{}", requests[3].1);
    // The schema travels with every request.
    assert!(requests[0].1.contains("json_schema"));
}

#[test]
fn stops_after_the_repair_rounds() {
    let server = serve(vec![Scripted::ok(openai_body(&fixture(
        "recipes.invalid.json",
    )))]);
    let err = llm::repair::plan_with_llm(RECIPES, &config(&server.url, "openai")).unwrap_err();
    assert!(
        matches!(
            err,
            ArchitectError::Llm(LlmError::NoValidBlueprint { rounds: 2, .. })
        ),
        "{err}"
    );
    // What the failed attempt cost is reported too.
    assert!(
        err.to_string()
            .contains("3600 prompt + 2400 completion tokens"),
        "{err}"
    );
    assert_eq!(server.requests.lock().unwrap().len(), 3);
}

#[test]
fn speaks_anthropic_messages() {
    let blueprint: serde_json::Value =
        serde_json::from_str(&fixture("recipes.blueprint.json")).unwrap();
    let body = serde_json::json!({
        "content": [{ "type": "tool_use", "name": "write_blueprint", "input": blueprint }],
        "usage": { "input_tokens": 10, "output_tokens": 20 }
    });
    let server = serve(vec![Scripted::ok(body.to_string())]);
    let plan = llm::repair::plan_with_llm(RECIPES, &config(&server.url, "anthropic")).unwrap();
    assert!(plan.document.entities.contains_key("Step"));
    let requests = server.requests.lock().unwrap();
    let (head, body) = &requests[0];
    assert!(head.starts_with("POST /v1/messages"));
    assert!(head.to_ascii_lowercase().contains("anthropic-version"));
    assert!(body.contains("input_schema"));
}

#[test]
fn the_key_never_leaks() {
    // A hostile server echoes the request headers back in its error.
    let server = serve(vec![Scripted::status(
        401,
        &format!(r#"{{"error":"bad key Bearer {KEY}"}}"#),
    )]);
    let err = llm::repair::plan_with_llm(RECIPES, &config(&server.url, "openai")).unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(KEY), "{shown}");
    assert!(shown.contains("[redacted]"));
    // It is sent, as a header only.
    let requests = server.requests.lock().unwrap();
    assert!(requests[0].0.contains(KEY));
    assert!(!requests[0].1.contains(KEY));

    let ok = serve(vec![Scripted::ok(openai_body(&fixture(
        "recipes.blueprint.json",
    )))]);
    let cfg = config(&ok.url, "openai");
    let plan = llm::repair::plan_with_llm(RECIPES, &cfg).unwrap();
    let everything = format!(
        "{} {:?} {:?} {:?} {cfg:?}",
        plan.yaml, plan.review, plan.summary, plan.engine
    );
    assert!(!everything.contains(KEY));
}

#[test]
fn unreachable_endpoint_is_an_upstream_failure() {
    // Bind and drop: nothing listens on the port any more.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut cfg = config(&format!("http://127.0.0.1:{port}/v1"), "openai");
    cfg.max_retries = 1;
    let err = llm::repair::plan_with_llm(RECIPES, &cfg).unwrap_err();
    assert_eq!(err.exit_code(), 1);
    assert!(matches!(err, ArchitectError::Llm(LlmError::Upstream(_))));
}

#[test]
fn bad_input_never_reaches_the_endpoint() {
    let server = serve(vec![Scripted::status(500, "should not be called")]);
    let err = llm::repair::plan_with_llm("   ", &config(&server.url, "openai")).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(server.requests.lock().unwrap().is_empty());
}

/// What llama-cpp-python's server answers to `response_format.type = json_schema`.
const LLAMA_CPP_PYTHON_REJECTS: &str = r#"{"error":{"message":"1 validation error:\n  {'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), 'msg': \"Input should be 'text' or 'json_object'\"}","type":"internal_server_error"}}"#;

fn response_format(body: &str) -> serde_json::Value {
    let v: serde_json::Value = serde_json::from_str(body).unwrap();
    v["response_format"].clone()
}

#[test]
fn steps_down_to_json_object_where_json_schema_is_rejected() {
    let server = serve(vec![
        Scripted::status(500, LLAMA_CPP_PYTHON_REJECTS),
        Scripted::ok(openai_body(&fixture("recipes.invalid.json"))),
        Scripted::ok(openai_body(&fixture("recipes.blueprint.json"))),
    ]);
    let plan = llm::repair::plan_with_llm(RECIPES, &config(&server.url, "openai")).unwrap();
    let Engine::Llm { repair_rounds, .. } = plan.engine else {
        panic!()
    };
    assert_eq!(repair_rounds, 1);
    let requests = server.requests.lock().unwrap();
    assert_eq!(requests.len(), 3, "a step down is not a retry");
    assert_eq!(response_format(&requests[0].1)["type"], "json_schema");
    // The schema still travels, in the form the endpoint takes, and the
    // repair round keeps the form that worked.
    for (_, body) in &requests[1..] {
        let format = response_format(body);
        assert_eq!(format["type"], "json_object");
        assert!(format["schema"]["properties"]["entities"].is_object());
    }
}

#[test]
fn steps_down_to_no_response_format_then_gives_up_clearly() {
    let rejects = r#"{"error":"unsupported parameter: response_format"}"#;
    let server = serve(vec![
        Scripted::status(400, rejects),
        Scripted::status(400, rejects),
        Scripted::ok(openai_body(&fixture("recipes.blueprint.json"))),
    ]);
    let plan = llm::repair::plan_with_llm(RECIPES, &config(&server.url, "openai")).unwrap();
    assert!(plan.document.entities.contains_key("Recipe"));
    let requests = server.requests.lock().unwrap();
    assert_eq!(requests.len(), 3);
    assert!(response_format(&requests[2].1).is_null());
    // The schema then travels in the system prompt; before, it did not.
    let system = |body: &str| {
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        v["messages"][0]["content"].as_str().unwrap().to_owned()
    };
    assert!(system(&requests[2].1).contains("JSON Schema of the answer:\n{"));
    assert!(!system(&requests[0].1).contains("JSON Schema of the answer"));

    let server = serve(vec![Scripted::status(422, rejects)]);
    let err = llm::repair::plan_with_llm(RECIPES, &config(&server.url, "openai")).unwrap_err();
    assert_eq!(err.exit_code(), 1);
    assert!(err.to_string().contains("HTTP 422"), "{err}");
    assert!(err.to_string().contains("response_format"), "{err}");
    // Three forms, each once: a rejection of the form is not retried.
    assert_eq!(server.requests.lock().unwrap().len(), 3);
}

#[test]
fn a_proxy_error_that_echoes_the_request_is_retried_not_stepped_down() {
    let echo =
        r#"{"error":"upstream unavailable","request":{"response_format":{"type":"json_schema"}}}"#;
    let server = serve(vec![
        Scripted::status(503, echo),
        Scripted::ok(openai_body(&fixture("recipes.blueprint.json"))),
    ]);
    let plan = llm::repair::plan_with_llm(RECIPES, &config(&server.url, "openai")).unwrap();
    assert!(plan.review.to_text().contains("checked by keel."));
    let requests = server.requests.lock().unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(response_format(&requests[1].1)["type"], "json_schema");
}

#[test]
fn the_review_says_when_the_form_was_stepped_down() {
    let server = serve(vec![
        Scripted::status(500, LLAMA_CPP_PYTHON_REJECTS),
        Scripted::ok(openai_body(&fixture("recipes.blueprint.json"))),
    ]);
    let plan = llm::repair::plan_with_llm(RECIPES, &config(&server.url, "openai")).unwrap();
    assert!(
        plan.review.to_text().contains("asked for as `json_object`"),
        "{}",
        plan.review.to_text()
    );
}

#[test]
fn a_failure_in_a_repair_round_reports_what_the_rounds_before_spent() {
    let server = serve(vec![
        Scripted::ok(openai_body(&fixture("recipes.invalid.json"))),
        Scripted::status(400, r#"{"error":"context length exceeded"}"#),
    ]);
    let err = llm::repair::plan_with_llm(RECIPES, &config(&server.url, "openai")).unwrap_err();
    assert!(
        err.to_string()
            .contains("1200 prompt + 800 completion tokens"),
        "{err}"
    );
}
