//! Calls to other services of the app: a timeout on every call, retries
//! with exponential backoff and jitter, and a circuit breaker. When the other
//! service is down the caller answers 503 with `Retry-After`, never a hang.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use rand::Rng;
use reqwest::StatusCode;

use crate::{Caller, Problem};

/// Time allowed for one attempt.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(2);
const ATTEMPTS: u32 = 3;
/// Consecutive failures that open the circuit, and how long it stays open.
const FAILURES_TO_OPEN: u32 = 5;
const OPEN_FOR: Duration = Duration::from_secs(10);

#[derive(Default)]
struct Breaker {
    failures: u32,
    open_until: Option<Instant>,
}

pub struct Remote {
    service: &'static str,
    base_url: String,
    client: reqwest::Client,
    breaker: Mutex<Breaker>,
}

impl Remote {
    pub fn new(service: &'static str, base_url: &str) -> Self {
        Remote {
            service,
            base_url: base_url.trim_end_matches('/').to_owned(),
            client: reqwest::Client::builder()
                .timeout(ATTEMPT_TIMEOUT)
                .connect_timeout(ATTEMPT_TIMEOUT)
                .build()
                .unwrap_or_default(),
            breaker: Mutex::new(Breaker::default()),
        }
    }

    /// Whether the resource at `path` exists and `caller` may see it.
    pub async fn exists(&self, path: &str, caller: &Caller) -> Result<bool, Problem> {
        self.admit()?;
        let url = format!("{}{path}", self.base_url);
        let mut delay = Duration::from_millis(50);
        for attempt in 1..=ATTEMPTS {
            let mut request = self.client.get(&url);
            if let Some(token) = &caller.token {
                request = request.bearer_auth(token);
            }
            let request_id = crate::server::current_request().id;
            if !request_id.is_empty() {
                request = request.header(crate::server::REQUEST_ID, request_id);
            }
            match request.send().await.map(|r| r.status()) {
                Ok(status) if status.is_success() => return Ok(self.succeeded(true)),
                Ok(StatusCode::NOT_FOUND | StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED) => {
                    return Ok(self.succeeded(false));
                }
                outcome => {
                    tracing::warn!(service = self.service, attempt, ?outcome, "call failed");
                }
            }
            if attempt < ATTEMPTS {
                let jitter = rand::thread_rng().gen_range(0..=delay.as_millis() as u64);
                tokio::time::sleep(delay + Duration::from_millis(jitter)).await;
                delay *= 2;
            }
        }
        self.failed();
        Err(self.down(OPEN_FOR.as_secs()))
    }

    /// 422 when `input[field]` names a row at `{collection}/{id}` that does
    /// not exist (or the caller cannot see); absent and null pass.
    pub async fn check(
        &self,
        input: &serde_json::Map<String, serde_json::Value>,
        field: &str,
        collection: &str,
        caller: &Caller,
    ) -> Result<(), Problem> {
        let Some(id) = input.get(field).and_then(|v| v.as_str()) else {
            return Ok(());
        };
        if self.exists(&format!("{collection}/{id}"), caller).await? {
            Ok(())
        } else {
            Err(Problem::invalid_field(
                field,
                "refers to a row that does not exist",
            ))
        }
    }

    /// `check` for a reference to a user (identity's `/api/identity/users`).
    /// A caller naming themselves needs no call: their signed token says
    /// they exist (and, in an organization, that they belong to it).
    pub async fn check_user(
        &self,
        input: &serde_json::Map<String, serde_json::Value>,
        field: &str,
        caller: &Caller,
    ) -> Result<(), Problem> {
        let named = input.get(field).and_then(|v| v.as_str());
        let named = named.and_then(|id| uuid::Uuid::parse_str(id).ok());
        if named.is_some() && caller.is(named) {
            return Ok(());
        }
        self.check(input, field, "/api/identity/users", caller)
            .await
    }

    fn down(&self, retry_after: u64) -> Problem {
        Problem::unavailable(
            format!(
                "the {} service is not available; try again later",
                self.service
            ),
            retry_after,
        )
    }

    /// Refuses at once while the circuit is open.
    fn admit(&self) -> Result<(), Problem> {
        let breaker = self.breaker.lock().unwrap_or_else(|e| e.into_inner());
        match breaker.open_until {
            Some(until) if until > Instant::now() => {
                Err(self.down((until - Instant::now()).as_secs().max(1)))
            }
            _ => Ok(()),
        }
    }

    fn succeeded(&self, value: bool) -> bool {
        let mut breaker = self.breaker.lock().unwrap_or_else(|e| e.into_inner());
        *breaker = Breaker::default();
        value
    }

    fn failed(&self) {
        let mut breaker = self.breaker.lock().unwrap_or_else(|e| e.into_inner());
        breaker.failures += 1;
        if breaker.failures >= FAILURES_TO_OPEN {
            tracing::warn!(service = self.service, "circuit opened");
            breaker.open_until = Some(Instant::now() + OPEN_FOR);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_service_that_is_down_is_a_503_and_opens_the_circuit() {
        // Port 9 on loopback: nothing listens there.
        let remote = Remote::new("other", "http://127.0.0.1:9/");
        let caller = Caller::anonymous();
        for _ in 0..FAILURES_TO_OPEN {
            let problem = remote.exists("/x", &caller).await.unwrap_err();
            assert_eq!(problem.status, axum::http::StatusCode::SERVICE_UNAVAILABLE);
        }
        let started = Instant::now();
        let problem = remote.exists("/x", &caller).await.unwrap_err();
        assert!(
            started.elapsed() < Duration::from_millis(50),
            "open circuit answers at once"
        );
        assert!(problem.retry_after.is_some());
    }
}
