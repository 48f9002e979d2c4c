//! The {{ service }} service under test, the services it calls, and the
//! people who call it. Every test gets its own throw-away database with the
//! service's real migration, and talks to the service over HTTP.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};

use platform::testing;
use reqwest::header::HeaderMap;
use reqwest::{Client, Method, StatusCode};
{% if calls_identity %}
use serde_json::{Value, json};
{% else %}
use serde_json::Value;
{% endif %}
use sqlx::{Connection, PgConnection};
use uuid::Uuid;

use crate::contract;

/// Who calls: anonymous, or a user with roles in an organization.
#[derive(Debug, Clone)]
pub struct Who {
    pub user: Option<Uuid>,
    pub roles: Vec<&'static str>,
    pub tenant: Option<Uuid>,
}

impl Who {
    pub fn token(&self) -> Option<String> {
        self.user
            .map(|user| testing::token(user, &self.roles, self.tenant))
    }

    /// The same user with other roles.
    pub fn with_roles(&self, roles: &[&'static str]) -> Who {
        Who {
            roles: roles.to_vec(),
            ..self.clone()
        }
    }
}

/// Every application role.
{{ all_roles }}

pub struct Harness {
    pub base: String,
    pub db_url: String,
    pub client: Client,
    /// The organization every caller but strangers acts in.
    pub tenant: Option<Uuid>,
    /// A real account of the organization (multi-tenant apps that call identity).
    pub founder: Value,
    /// Base URLs of the services this one calls.
{% for c in calls %}
    pub {{ c }}: String,
{% endfor %}
    counter: AtomicU32,
    /// Rows made so far of each entity (see `next_of`).
    rows: Mutex<BTreeMap<&'static str, u32>>,
}

/// An answer: status, JSON body (`null` when empty) and headers.
pub struct Answer {
    pub status: StatusCode,
    pub body: Value,
    pub headers: HeaderMap,
}

impl Answer {
    async fn read(response: reqwest::Response) -> Answer {
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.expect("a body");
        Answer {
            status,
            body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
            headers,
        }
    }

    /// Holds the answer to `api/{{ service }}.yaml` (see `contract.rs`).
    fn check(&self, method: &str, path: &str) {
        let content_type = self
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        contract::check(method, path, self.status.as_u16(), content_type, &self.body);
    }
}

impl Harness {
    /// The service with everything it calls running.
    pub async fn start() -> Harness {
        Self::start_with(true).await
    }

    /// The service with every service it calls down.
    pub async fn start_alone() -> Harness {
        Self::start_with(false).await
    }

    async fn start_with(dependencies_up: bool) -> Harness {
        let db_url = testing::database(
            {{ krate }}::SERVICE,
            {{ krate }}::APP_ROLE,
            {{ krate }}::MIGRATION,
        )
        .await;
{% for c in calls %}
        let {{ c }} = if dependencies_up {
            start_{{ c }}().await
        } else {
            testing::closed_url().await
        };
{% endfor %}
{% if not calls %}
        let _ = dependencies_up;
{% endif %}
        let config = {{ krate }}::Config {
            port: 0,
            database_url: db_url.clone(),
            jwt_public_key: testing::keys().public_pem.clone(),
            jwt_issuer: testing::ISSUER.to_owned(),
{% for c in calls %}
            {{ c }}_url: {{ c }}.clone(),
{% endfor %}
        };
        let app = {{ krate }}::app(&config);
        let app = app.expect("the test configuration is valid");
        let base = testing::spawn(app).await;
        let mut harness = Harness {
            base,
            db_url,
            client: Client::new(),
            tenant: None,
            founder: Value::Null,
{% for c in calls %}
            {{ c }},
{% endfor %}
            counter: AtomicU32::new(1),
            rows: Mutex::new(BTreeMap::new()),
        };
{% if multi_tenant %}
{% if calls_identity %}
        harness.tenant = Some(harness.organization(dependencies_up).await);
{% else %}
        harness.tenant = Some(harness.organization().await);
{% endif %}
{% endif %}
        let _ = &mut harness;
        harness
    }

    /// A number no other fixture of this test uses.
    pub fn next(&self) -> u32 {
        self.counter.fetch_add(1, Ordering::Relaxed)
    }

    /// The number of the next row of `entity` in this test, from 1. Each
    /// entity counts its own rows, so a unique field's values, picked by
    /// this number, differ for as many rows of the entity as a test makes
    /// however many rows of other entities each one needs.
    pub fn next_of(&self, entity: &'static str) -> u32 {
        let mut rows = self.rows.lock().expect("not poisoned");
        let n = rows.entry(entity).or_insert(0);
        *n += 1;
        *n
    }

    pub fn anonymous(&self) -> Who {
        Who {
            user: None,
            roles: Vec::new(),
            tenant: None,
        }
    }

    /// A new user of the organization with `roles`.
    pub fn user(&self, roles: &[&'static str]) -> Who {
        Who {
            user: Some(Uuid::new_v4()),
            roles: roles.to_vec(),
            tenant: self.tenant,
        }
    }

    /// A user of another organization, with every role there.
    pub fn stranger(&self) -> Who {
        Who {
            user: Some(Uuid::new_v4()),
            roles: ALL_ROLES.to_vec(),
            tenant: Some(Uuid::new_v4()),
        }
    }

    pub async fn call(&self, who: &Who, method: Method, path: &str, body: Option<Value>) -> Answer {
        self.call_at(&self.base, who, method, path, body).await
    }

    pub async fn call_at(
        &self,
        base: &str,
        who: &Who,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Answer {
        let mut request = self.client.request(method.clone(), format!("{base}{path}"));
        if let Some(token) = who.token() {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("the service answers");
        let answer = Answer::read(response).await;
        if base == self.base {
            answer.check(method.as_str(), path);
        }
        answer
    }

    pub async fn get(&self, who: &Who, path: &str) -> Answer {
        self.call(who, Method::GET, path, None).await
    }

    pub async fn post(&self, who: &Who, path: &str, body: Value) -> Answer {
        self.call(who, Method::POST, path, Some(body)).await
    }

    /// Creates a row through the API at `base`; panics unless 201.
    pub async fn create_at(&self, base: &str, who: &Who, path: &str, body: Value) -> Value {
        let answer = self
            .call_at(base, who, Method::POST, path, Some(body))
            .await;
        expect(&answer, 201, &format!("create {path}"));
        answer.body
    }

    /// `who`'s one row at `path` (users have at most one): made, or found.
    pub async fn create_or_find_at(&self, base: &str, who: &Who, path: &str, body: Value) -> Value {
        let answer = self
            .call_at(base, who, Method::POST, path, Some(body))
            .await;
        if answer.status == StatusCode::CREATED {
            return answer.body;
        }
        expect(&answer, 409, &format!("create {path}"));
        let user = who.user.expect("a signed-in user");
        let mine = format!("{path}?owner_id={user}");
        let found = self.call_at(base, who, Method::GET, &mine, None).await;
        found.body["items"][0].clone()
    }

    /// Uploads a small file of `content_type`; returns its id.
    /// Uploads a small file of `content_type` for `field` (`<entity>.<field>`);
    /// returns its id.
    pub async fn upload(
        &self,
        base: &str,
        who: &Who,
        service: &str,
        field: &str,
        content_type: &str,
    ) -> Value {
        let path = format!("/api/{service}/uploads?field={field}");
        let mut request = self
            .client
            .post(format!("{base}{path}"))
            .header("content-type", content_type)
            .body(vec![1u8, 2, 3, 4]);
        if let Some(token) = who.token() {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("the service answers");
        let answer = Answer::read(response).await;
        if base == self.base {
            answer.check("POST", &path);
        }
        expect(&answer, 201, &format!("upload for {field}"));
        answer.body["id"].clone()
    }

    /// What `who` can do to row `id` of `table` directly in SQL, connected
    /// as the application role: (sees it, may update it, may delete it).
    pub async fn sql_access(&self, who: &Who, table: &str, id: &Value) -> (bool, bool, bool) {
        let id = Uuid::parse_str(id.as_str().unwrap_or_default()).expect("a row id");
        let mut conn = PgConnection::connect(&self.db_url)
            .await
            .expect("connect as the application role");
        let mut tx = conn.begin().await.expect("a transaction");
        sqlx::query(
            "SELECT set_config('app.user_id', $1, true), set_config('app.roles', $2, true), \
             set_config('app.tenant_id', $3, true)",
        )
        .bind(who.user.map(|u| u.to_string()).unwrap_or_default())
        .bind(who.roles.join(","))
        .bind(who.tenant.map(|t| t.to_string()).unwrap_or_default())
        .execute(&mut *tx)
        .await
        .expect("set who is asking");
        let seen: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {table} WHERE id = $1"))
            .bind(id)
            .fetch_one(&mut *tx)
            .await
            .expect("select");
        // (A refused update may raise, which would abort the transaction and
        // the delete below with it: it runs in a savepoint of its own.)
        let mut attempt = tx.begin().await.expect("a savepoint");
        let updated = sqlx::query(&format!(
            "UPDATE {table} SET updated_at = updated_at WHERE id = $1"
        ))
        .bind(id)
        .execute(&mut *attempt)
        .await
        .map(|r| r.rows_affected())
        .unwrap_or(0);
        attempt.rollback().await.expect("a rollback");
        let deleted = sqlx::query(&format!("DELETE FROM {table} WHERE id = $1"))
            .bind(id)
            .execute(&mut *tx)
            .await
            .map(|r| r.rows_affected())
            .unwrap_or(0);
        tx.rollback().await.expect("roll back");
        (seen == 1, updated == 1, deleted == 1)
    }
{% if calls_identity %}

    /// A real account in the identity service; returns its user id.
    pub async fn real_user(&self) -> Value {
{% if multi_tenant %}
        // Members of the harness's organization are visible to each other;
        // its founder is one.
        self.founder.clone()
{% else %}
        let n = self.next();
        let answer = self
            .call_at(
                &self.identity,
                &self.anonymous(),
                Method::POST,
                "/api/identity/auth/sign-up",
                Some(json!({
                    "email": format!("person{n}@example.com"),
                    "password": "correct horse battery", // pragma: allowlist secret
                    "display_name": format!("Person {n}"),
                })),
            )
            .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
        answer.body["user"]["id"].clone()
{% endif %}
    }

    /// A real account as a caller in the test's organization, without roles.
    pub async fn real_who(&self) -> Who {
        let id = self.real_user().await;
        let id = Uuid::parse_str(id.as_str().expect("a user id")).expect("a user id");
        Who {
            user: Some(id),
            roles: Vec::new(),
            tenant: self.tenant,
        }
    }
{% endif %}
{% if multi_tenant %}

    /// The organization of the test: a real one when the identity service
    /// runs (so identity's checks see it), else a fresh id.
{% if calls_identity %}
    async fn organization(&mut self, identity_up: bool) -> Uuid {
        if !identity_up {
            return Uuid::new_v4();
        }
{% else %}
    async fn organization(&mut self) -> Uuid {
{% endif %}
{% if calls_identity %}
        let answer = self
            .call_at(
                &self.identity,
                &self.anonymous(),
                Method::POST,
                "/api/identity/auth/sign-up",
                Some(json!({
                    "email": "founder@example.com",
                    "password": "correct horse battery", // pragma: allowlist secret
                    "display_name": "Founder",
                    "organization_name": "Test organization",
                })),
            )
            .await;
        if answer.status == StatusCode::CREATED {
            self.founder = answer.body["user"]["id"].clone();
            let tenant = &answer.body["user"]["organization_id"];
            let tenant = tenant.as_str().unwrap_or_default();
            return Uuid::parse_str(tenant).expect("an organization id");
        }
{% endif %}
        Uuid::new_v4()
    }
{% endif %}
}
{% for c in calls %}

/// The {{ c }} service, for real, with its own database.
async fn start_{{ c }}() -> String {
{% if c == "identity" %}
    let db_url = testing::database(
        identity_service::SERVICE,
        identity_service::APP_ROLE,
        identity_service::MIGRATION,
    )
    .await;
    let config = identity_service::Config {
        port: 0,
        database_url: db_url,
        jwt_private_key: testing::keys().private_pem.clone(),
        jwt_issuer: testing::ISSUER.to_owned(),
        admin_emails: Vec::new(),
        sign_in_per_minute: 100,
    };
    testing::spawn(identity_service::app(&config).expect("valid configuration")).await
{% else %}
    let db_url = testing::database(
        {{ c }}_service::SERVICE,
        {{ c }}_service::APP_ROLE,
        {{ c }}_service::MIGRATION,
    )
    .await;
    let config = {{ c }}_service::Config {
        port: 0,
        database_url: db_url,
        jwt_public_key: testing::keys().public_pem.clone(),
        jwt_issuer: testing::ISSUER.to_owned(),
{% for u in upstream[c] %}
        {{ u }}_url: testing::closed_url().await,
{% endfor %}
    };
    let app = {{ c }}_service::app(&config);
    testing::spawn(app.expect("valid configuration")).await
{% endif %}
}
{% endfor %}

/// Asserts the status of an answer, showing its body when it differs.
pub fn expect(answer: &Answer, status: u16, what: &str) {
    assert_eq!(answer.status.as_u16(), status, "{what}: {}", answer.body);
}

/// The fields of a problem's `errors`, sorted.
pub fn error_fields(problem: &Value) -> Vec<String> {
    let mut fields: Vec<String> = problem["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    fields.sort();
    fields
}

/// The ids of a list answer's items, in order.
pub fn item_ids(page: &Value) -> Vec<Value> {
    page["items"]
        .as_array()
        .map(|items| items.iter().map(|i| i["id"].clone()).collect())
        .unwrap_or_default()
}
