//! Integration tests of the identity service: sign-up, sign-in, refresh
//! rotation and reuse detection, sign-out, tokens, rate limiting,{% if multi_tenant %}
//! organizations and invitations{% else %} roles{% endif %}, over HTTP and in SQL as the application role.
//! Every answer is held to `api/identity.yaml` (`contract.rs`).
//! Set `TEST_DATABASE_ADMIN_URL` to a PostgreSQL superuser URL (`keel verify` does).

mod contract;

use std::collections::BTreeSet;

use identity_service::{APP_ROLE, Config, MIGRATION, SERVICE, app};
use platform::testing;
use reqwest::header::HeaderMap;
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};
use sqlx::{Connection, PgConnection};
use uuid::Uuid;

const PASSWORD: &str = "correct horse battery";

struct Harness {
    base: String,
    db_url: String,
    client: Client,
}

struct Answer {
    status: StatusCode,
    body: Value,
    headers: HeaderMap,
}

impl Answer {
    /// The value of a cookie set by this answer.
    fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|c| c.strip_prefix(&format!("{name}=")))
            .map(|c| c.split(';').next().unwrap_or_default().to_owned())
    }

    fn set_cookie(&self, name: &str) -> String {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with(&format!("{name}=")))
            .unwrap_or_default()
            .to_owned()
    }

    /// The access token: only ever in its cookie, never in the body.
    fn token(&self) -> String {
        assert!(
            self.body.get("access_token").is_none(),
            "tokens stay out of bodies"
        );
        self.cookie("keel_access").expect("an access cookie")
    }
}

async fn start(admins: &[&str]) -> Harness {
    let db_url = testing::database(SERVICE, APP_ROLE, MIGRATION).await;
    let config = Config {
        port: 0,
        database_url: db_url.clone(),
        jwt_private_key: testing::keys().private_pem.clone(),
        jwt_issuer: testing::ISSUER.to_owned(),
        admin_emails: admins.iter().map(|a| (*a).to_owned()).collect(),
        sign_in_per_minute: 5,
    };
    let base = testing::spawn(app(&config).expect("valid configuration")).await;
    Harness {
        base,
        db_url,
        client: Client::new(),
    }
}

impl Harness {
    async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        cookie: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        let mut request = self
            .client
            .request(method.clone(), format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("the service answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.expect("a body");
        let answer = Answer {
            status,
            body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
            headers,
        };
        let content_type = answer
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let code = answer.status.as_u16();
        contract::check(method.as_str(), path, code, content_type, &answer.body);
        answer
    }

    async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Answer {
        self.call(Method::POST, path, token, None, Some(body)).await
    }

    async fn sign_up(&self, email: &str, extra: Value) -> Answer {
        let mut body = json!({"email": email, "password": PASSWORD, "display_name": "Someone"});
        if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
            body.extend(extra.clone());
        }
        let answer = self.post("/api/identity/auth/sign-up", None, body).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
        answer
    }

    async fn sign_in(&self, email: &str, password: &str) -> Answer {
        let body = json!({"email": email, "password": password});
        self.post("/api/identity/auth/sign-in", None, body).await
    }

    async fn refresh(&self, secret: &str) -> Answer {
        let cookie = format!("keel_refresh={secret}");
        let path = "/api/identity/auth/refresh";
        self.call(Method::POST, path, None, Some(&cookie), None)
            .await
    }

    async fn me(&self, token: &str) -> Answer {
        let path = "/api/identity/auth/me";
        self.call(Method::GET, path, Some(token), None, None).await
    }

    /// Runs `sql` as the application role acting as `user`; the error code
    /// of a refusal, if any.
    async fn sql_as(&self, user: &Value, sql: &str) -> Option<String> {
        let mut conn = PgConnection::connect(&self.db_url).await.expect("connect");
        let mut tx = conn.begin().await.expect("a transaction");
        let user = user.as_str().unwrap_or_default().to_owned();
        sqlx::query("SELECT set_config('app.user_id', $1, true)")
            .bind(user)
            .execute(&mut *tx)
            .await
            .expect("set who is asking");
        let result = sqlx::query(sql).execute(&mut *tx).await;
        tx.rollback().await.expect("roll back");
        result.err().and_then(|e| {
            e.as_database_error()
                .and_then(|d| d.code().map(|c| c.into_owned()))
        })
    }
}

#[tokio::test]
async fn sign_up_sets_secure_cookies_and_signs_in() {
    let h = start(&[]).await;
    let up = h.sign_up("Ada@Example.com", json!({})).await;
    assert_eq!(up.body["user"]["email"], "ada@example.com");
    let access = up.set_cookie("keel_access");
    for flag in ["HttpOnly", "Secure", "SameSite=Lax", "Path=/api"] {
        assert!(access.contains(flag), "{access}");
    }
    let refresh = up.set_cookie("keel_refresh");
    for flag in [
        "HttpOnly",
        "Secure",
        "SameSite=Strict",
        "Path=/api/identity/auth",
    ] {
        assert!(refresh.contains(flag), "{refresh}");
    }
    let me = h.me(&up.token()).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["id"], up.body["user"]["id"]);
    let cookie = format!(
        "keel_access={}",
        up.cookie("keel_access").expect("a cookie")
    );
    let path = "/api/identity/auth/me";
    let by_cookie = h.call(Method::GET, path, None, Some(&cookie), None).await;
    assert_eq!(by_cookie.status, StatusCode::OK);
    let again = h.sign_in("ada@example.com", PASSWORD).await;
    assert_eq!(again.status, StatusCode::OK);
    let duplicate = json!({"email": "ada@example.com", "password": PASSWORD, "display_name": "A"});
    let duplicate = h.post("/api/identity/auth/sign-up", None, duplicate).await;
    assert_eq!(duplicate.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn invalid_sign_ups_are_422_per_field() {
    let h = start(&[]).await;
    let body = json!({"email": "nope", "password": "short", "display_name": "", "extra": 1}); // pragma: allowlist secret
    let answer = h.post("/api/identity/auth/sign-up", None, body).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut fields: Vec<String> = answer.body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["field"].as_str().unwrap_or_default().to_owned())
        .collect();
    fields.sort();
    assert_eq!(fields, ["display_name", "email", "extra", "password"]);
}

#[tokio::test]
async fn wrong_passwords_are_401_and_sign_in_is_rate_limited() {
    let h = start(&[]).await;
    h.sign_up("bob@example.com", json!({})).await;
    let wrong = h.sign_in("bob@example.com", "not the password").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let unknown = h.sign_in("nobody@example.com", PASSWORD).await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    let mut limited = None;
    for _ in 0..6 {
        let answer = h.sign_in("bob@example.com", "not the password").await;
        if answer.status == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(answer);
            break;
        }
    }
    let limited = limited.expect("sign-in is rate limited");
    assert!(limited.headers.contains_key("retry-after"));
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_family() {
    let h = start(&[]).await;
    let up = h.sign_up("carol@example.com", json!({})).await;
    let first = up.cookie("keel_refresh").expect("a refresh cookie");
    let rotated = h.refresh(&first).await;
    assert_eq!(rotated.status, StatusCode::OK, "{}", rotated.body);
    let second = rotated
        .cookie("keel_refresh")
        .expect("a new refresh cookie");
    assert_ne!(first, second);
    assert_eq!(h.me(&rotated.token()).await.status, StatusCode::OK);
    // The first token comes back: someone copied it. The family is revoked.
    let reused = h.refresh(&first).await;
    assert_eq!(reused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(h.refresh(&second).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(h.refresh("made-up").await.status, StatusCode::UNAUTHORIZED);
    let path = "/api/identity/auth/refresh";
    let without = h.call(Method::POST, path, None, None, None).await;
    assert_eq!(without.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn sign_out_clears_cookies_and_ends_the_session() {
    let h = start(&[]).await;
    let up = h.sign_up("dan@example.com", json!({})).await;
    let secret = up.cookie("keel_refresh").expect("a refresh cookie");
    let cookie = format!("keel_refresh={secret}");
    let path = "/api/identity/auth/sign-out";
    let out = h.call(Method::POST, path, None, Some(&cookie), None).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert!(out.set_cookie("keel_refresh").contains("Max-Age=0"));
    assert_eq!(h.refresh(&secret).await.status, StatusCode::UNAUTHORIZED);
    let again = h.call(Method::POST, path, None, None, None).await;
    assert_eq!(again.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn expired_forged_and_missing_tokens_are_401() {
    let h = start(&[]).await;
    let up = h.sign_up("eve@example.com", json!({})).await;
    let user = Uuid::parse_str(up.body["user"]["id"].as_str().expect("an id")).expect("a uuid");
    let expired = testing::expired_token(user);
    assert_eq!(h.me(&expired).await.status, StatusCode::UNAUTHORIZED);
    let mut forged = up.token();
    forged.push('x');
    assert_eq!(h.me(&forged).await.status, StatusCode::UNAUTHORIZED);
    let path = "/api/identity/auth/me";
    let anonymous = h.call(Method::GET, path, None, None, None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn profiles_keys_health_and_routes() {
    let h = start(&[]).await;
    let up = h.sign_up("fay@example.com", json!({})).await;
    let id = up.body["user"]["id"].as_str().expect("an id").to_owned();
    let token = up.token();
    let path = format!("/api/identity/users/{id}");
    let profile = h.call(Method::GET, &path, Some(&token), None, None).await;
    assert_eq!(profile.status, StatusCode::OK);
    assert_eq!(profile.body["display_name"], "Someone");
    assert!(profile.body.get("email").is_none(), "profiles hide emails");
    let path = format!("/api/identity/users/{}", Uuid::new_v4());
    let missing = h.call(Method::GET, &path, Some(&token), None, None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let path = "/api/identity/.well-known/jwks.json";
    let jwks = h.call(Method::GET, path, None, None, None).await;
    assert_eq!(jwks.body["keys"][0]["alg"], "EdDSA");
    for path in ["/healthz", "/readyz", "/metrics"] {
        let answer = h.call(Method::GET, path, None, None, None).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
    }
    // The routes are exactly the contract's: in routes.rs, and over HTTP
    // (every operation routed, every other method of its path 405).
    let table: BTreeSet<(String, String)> = identity_service::routes::ROUTES
        .iter()
        .map(|(method, path)| ((*method).to_owned(), (*path).to_owned()))
        .collect();
    let operations = contract::operations();
    assert_eq!(table, operations, "routes.rs vs the contract");
    let any = Uuid::new_v4().to_string();
    let paths: BTreeSet<&String> = operations.iter().map(|(_, path)| path).collect();
    for path in paths {
        for method in contract::METHODS {
            let served = operations.contains(&((*method).to_owned(), path.clone()));
            let verb = Method::from_bytes(method.as_bytes()).expect("a method");
            let concrete = contract::concrete(path, &any);
            let answer = h.call(verb, &concrete, Some(&token), None, None).await;
            let routed = !contract::unrouted(answer.status.as_u16(), &answer.body);
            assert_eq!(routed, served, "{method} {path}: {}", answer.status);
        }
    }
    let bad = Config {
        port: 0,
        database_url: h.db_url.clone(),
        jwt_private_key: "not a key".to_owned(), // pragma: allowlist secret
        jwt_issuer: testing::ISSUER.to_owned(),
        admin_emails: Vec::new(),
        sign_in_per_minute: 5,
    };
    assert!(app(&bad).is_err());
}

{% if multi_tenant %}
#[tokio::test]
async fn organizations_invitations_and_roles() {
    let h = start(&[]).await;
    let org = json!({"organization_name": "Acme"});
    let founder = h.sign_up("founder@example.com", org).await;
    let tenant = founder.body["user"]["organization_id"].clone();
    assert!(tenant.is_string(), "{}", founder.body);
    assert_eq!(founder.body["user"]["roles"], json!(["admin"]));
    let admin = founder.token();
    let invite = json!({"email": "member@example.com", "roles": []});
    let invitation = h
        .post("/api/identity/invitations", Some(&admin), invite)
        .await;
    assert_eq!(
        invitation.status,
        StatusCode::CREATED,
        "{}",
        invitation.body
    );
    let secret = invitation.body["token"]
        .as_str()
        .expect("a token")
        .to_owned();
    let member = h
        .sign_up("member@example.com", json!({"invitation_token": secret}))
        .await;
    assert_eq!(member.body["user"]["organization_id"], tenant);
    let used = json!({"token": secret});
    let again = h
        .post(
            "/api/identity/invitations/accept",
            Some(&member.token()),
            used,
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let members = h
        .call(
            Method::GET,
            "/api/identity/memberships",
            Some(&admin),
            None,
            None,
        )
        .await;
    let items = members.body["items"].as_array().expect("items").clone();
    assert_eq!(items.len(), 2);
    let invite = json!({"email": "x@example.com"});
    let denied = h
        .post("/api/identity/invitations", Some(&member.token()), invite)
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    // A member of another organization sees nothing of this one.
    let other = h
        .sign_up("other@example.com", json!({"organization_name": "Other"}))
        .await;
    let other_members = h
        .call(
            Method::GET,
            "/api/identity/memberships",
            Some(&other.token()),
            None,
            None,
        )
        .await;
    assert_eq!(
        other_members.body["items"].as_array().map(Vec::len),
        Some(1)
    );
    let member_id = member.body["user"]["id"].clone();
    let membership = items
        .iter()
        .find(|m| m["user_id"] == member_id)
        .expect("the member's membership");
    let path = format!(
        "/api/identity/memberships/{}",
        membership["id"].as_str().unwrap_or_default()
    );
    let roles = json!({"roles": ["admin"]});
    let set = h
        .call(
            Method::PATCH,
            &path,
            Some(&admin),
            None,
            Some(roles.clone()),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    assert_eq!(set.body["roles"], json!(["admin"]));
    let by_other = h
        .call(
            Method::PATCH,
            &path,
            Some(&other.token()),
            None,
            Some(roles),
        )
        .await;
    // An admin of another organization does not even see the membership.
    assert_eq!(by_other.status, StatusCode::NOT_FOUND);
    // Switching: the member founds a second organization and moves there.
    let second = h
        .post(
            "/api/identity/organizations",
            Some(&member.token()),
            json!({"name": "Two"}),
        )
        .await;
    assert_eq!(second.status, StatusCode::CREATED);
    let switch = json!({"organization_id": second.body["id"]});
    let switched = h
        .post(
            "/api/identity/auth/switch-organization",
            Some(&member.token()),
            switch,
        )
        .await;
    assert_eq!(switched.status, StatusCode::OK, "{}", switched.body);
    assert_eq!(switched.body["user"]["organization_id"], second.body["id"]);
    let mine = h
        .call(
            Method::GET,
            "/api/identity/organizations",
            Some(&switched.token()),
            None,
            None,
        )
        .await;
    assert_eq!(mine.body["items"].as_array().map(Vec::len), Some(2));
    let elsewhere = json!({"organization_id": other.body["user"]["organization_id"]});
    let refused = h
        .post(
            "/api/identity/auth/switch-organization",
            Some(&member.token()),
            elsewhere,
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    // In SQL, as the application role: nobody joins an organization alone.
    let join = format!(
        "INSERT INTO memberships (organization_id, user_id) VALUES ('{}', '{}')",
        tenant.as_str().unwrap_or_default(),
        other.body["user"]["id"].as_str().unwrap_or_default()
    );
    assert_eq!(
        h.sql_as(&other.body["user"]["id"], &join).await.as_deref(),
        Some("42501")
    );
}

#[tokio::test]
async fn organizations_members_and_invitations_are_managed_by_admins() {
    let h = start(&[]).await;
    let founder = h
        .sign_up("owner@example.com", json!({"organization_name": "Acme"}))
        .await;
    let admin = founder.token();
    let tenant = founder.body["user"]["organization_id"]
        .as_str()
        .expect("an organization")
        .to_owned();
    let org_path = format!("/api/identity/organizations/{tenant}");
    let org = h
        .call(Method::GET, &org_path, Some(&admin), None, None)
        .await;
    assert_eq!(org.body["name"], "Acme");
    let rename = json!({"name": "Acme Studio"});
    let renamed = h
        .call(Method::PATCH, &org_path, Some(&admin), None, Some(rename))
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.body);
    assert_eq!(renamed.body["name"], "Acme Studio");
    let list = "/api/identity/organizations?limit=1&offset=0";
    let mine = h.call(Method::GET, list, Some(&admin), None, None).await;
    assert_eq!(mine.body["total"], 1);
    assert_eq!(mine.body["limit"], 1);
    // An invitation: listed, revoked, then its token no longer works.
    let invite = json!({"email": "late@example.com", "roles": []});
    let invited = h
        .post("/api/identity/invitations", Some(&admin), invite.clone())
        .await;
    assert_eq!(invited.status, StatusCode::CREATED, "{}", invited.body);
    let twice = h
        .post("/api/identity/invitations", Some(&admin), invite)
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    let path = "/api/identity/invitations";
    let pending = h.call(Method::GET, path, Some(&admin), None, None).await;
    assert_eq!(pending.body["total"], 1);
    assert!(pending.body["items"][0].get("token").is_none());
    let revoke = format!(
        "/api/identity/invitations/{}/revoke",
        invited.body["id"].as_str().unwrap_or_default()
    );
    let revoked = h
        .call(Method::POST, &revoke, Some(&admin), None, None)
        .await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    let again = h
        .call(Method::POST, &revoke, Some(&admin), None, None)
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    let late = h.sign_up("late@example.com", json!({})).await;
    let token = json!({"token": invited.body["token"]});
    let accept = "/api/identity/invitations/accept";
    let refused = h.post(accept, Some(&late.token()), token).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    // A member joins, may not rename, and leaves; the last admin may not.
    let invite = json!({"email": "late@example.com", "roles": []});
    let invited = h
        .post("/api/identity/invitations", Some(&admin), invite)
        .await;
    let token = json!({"token": invited.body["token"]});
    let joined = h.post(accept, Some(&late.token()), token).await;
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
    assert_eq!(joined.body["organization_id"], tenant.as_str());
    let switch = json!({"organization_id": tenant});
    let member = h
        .post(
            "/api/identity/auth/switch-organization",
            Some(&late.token()),
            switch,
        )
        .await;
    let rename = json!({"name": "Mine"});
    let denied = h
        .call(
            Method::PATCH,
            &org_path,
            Some(&member.token()),
            None,
            Some(rename),
        )
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    let leave = format!(
        "/api/identity/memberships/{}",
        joined.body["id"].as_str().unwrap_or_default()
    );
    let left = h
        .call(Method::DELETE, &leave, Some(&member.token()), None, None)
        .await;
    assert_eq!(left.status, StatusCode::NO_CONTENT);
    let path = "/api/identity/memberships";
    let members = h.call(Method::GET, path, Some(&admin), None, None).await;
    assert_eq!(members.body["total"], 1);
    let own = format!(
        "/api/identity/memberships/{}",
        members.body["items"][0]["id"].as_str().unwrap_or_default()
    );
    let alone = h.call(Method::DELETE, &own, Some(&admin), None, None).await;
    if identity_service::ROLES.contains(&"admin") {
        assert_eq!(alone.status, StatusCode::CONFLICT);
    }
}
{% elif first_role %}
#[tokio::test]
async fn admins_are_bootstrapped_by_email_and_grant_roles() {
    let h = start(&["root@example.com"]).await;
    let root = h.sign_up("root@example.com", json!({})).await;
    assert_eq!(root.body["user"]["roles"], json!(identity_service::ROLES));
    let user = h.sign_up("user@example.com", json!({})).await;
    assert_eq!(user.body["user"]["roles"], json!([]));
    let id = user.body["user"]["id"].as_str().expect("an id").to_owned();
    let path = format!("/api/identity/users/{id}/roles");
    // (Bound once: a long role name would otherwise change the layout.)
    let roles = json!([{{ first_role }}]);
    let grant = json!({ "roles": roles.clone() });
    let by_user = h
        .call(
            Method::PUT,
            &path,
            Some(&user.token()),
            None,
            Some(grant.clone()),
        )
        .await;
    assert_eq!(by_user.status, StatusCode::FORBIDDEN);
    let by_root = h
        .call(Method::PUT, &path, Some(&root.token()), None, Some(grant))
        .await;
    assert_eq!(by_root.status, StatusCode::OK, "{}", by_root.body);
    assert_eq!(by_root.body["roles"], roles);
    let bad = json!({"roles": ["emperor"]});
    let unknown = h
        .call(Method::PUT, &path, Some(&root.token()), None, Some(bad))
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let signed_in = h.sign_in("user@example.com", PASSWORD).await;
    assert_eq!(signed_in.body["user"]["roles"], roles);
    // In SQL, as the application role: a user cannot change their own roles.
    let sql = format!("UPDATE users SET roles = '{{ '{{}}' }}' WHERE id = '{id}'");
    assert_eq!(
        h.sql_as(&user.body["user"]["id"], &sql).await.as_deref(),
        Some("42501")
    );
}
{% else %}
#[tokio::test]
async fn without_roles_nobody_grants_any() {
    let h = start(&["root@example.com"]).await;
    let root = h.sign_up("root@example.com", json!({})).await;
    assert_eq!(root.body["user"]["roles"], json!([]));
    let id = root.body["user"]["id"].as_str().expect("an id").to_owned();
    let path = format!("/api/identity/users/{id}/roles");
    let grant = json!({ "roles": [] });
    let by_root = h
        .call(Method::PUT, &path, Some(&root.token()), None, Some(grant))
        .await;
    assert_eq!(by_root.status, StatusCode::FORBIDDEN, "{}", by_root.body);
    // In SQL, as the application role: a user cannot change their own roles.
    let sql = format!("UPDATE users SET roles = '{{ '{{admin}}' }}' WHERE id = '{id}'");
    assert_eq!(
        h.sql_as(&root.body["user"]["id"], &sql).await.as_deref(),
        Some("42501")
    );
}
{% endif %}
