//! Integration tests of the gateway: forwarding to a real service, the web
//! app's files, security headers, request ids, rate limits and a service
//! that is down. Set `TEST_DATABASE_ADMIN_URL` (`keel verify` does).

use std::collections::BTreeMap;

use gateway::{Config, app};
use platform::testing;
use reqwest::StatusCode;

async fn identity() -> String {
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
}

async fn start(limit: u32) -> (String, std::path::PathBuf) {
    let web = std::env::temp_dir().join(format!("keel-web-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&web).expect("a web folder");
    std::fs::write(web.join("index.html"), "<h1>app</h1>").expect("index.html");
    std::fs::write(web.join("app.js"), "console.log(1)").expect("app.js");
    let mut services = BTreeMap::new();
    services.insert("identity".to_owned(), identity().await);
    for (name, _, _) in gateway::SERVICES.iter().filter(|s| s.0 != "identity") {
        services.insert((*name).to_owned(), testing::closed_url().await);
    }
    let config = Config {
        port: 0,
        web_dir: web.clone(),
        rate_limit_per_minute: limit,
        services,
    };
    (testing::spawn(app(&config)).await, web)
}

#[tokio::test]
async fn forwards_to_services_with_security_headers_and_request_ids() {
    let (base, web) = start(100).await;
    let client = reqwest::Client::new();
    let answer = client
        .get(format!("{base}/api/identity/.well-known/jwks.json"))
        .header("x-request-id", "gateway-test-1")
        .send()
        .await
        .expect("an answer");
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(answer.headers()["x-request-id"], "gateway-test-1");
    for header in [
        "content-security-policy",
        "x-frame-options",
        "x-content-type-options",
    ] {
        assert!(answer.headers().contains_key(header), "{header}");
    }
    let body: serde_json::Value = answer.json().await.expect("JSON");
    assert_eq!(body["keys"][0]["alg"], "EdDSA");
    let sign_up = serde_json::json!({"email": "x@example.com", "password": "long enough to pass", "display_name": "X"}); // pragma: allowlist secret
    let created = client
        .post(format!("{base}/api/identity/auth/sign-up"))
        .json(&sign_up)
        .send()
        .await
        .expect("an answer");
    assert_eq!(created.status(), StatusCode::CREATED);
    assert!(created.headers().get_all("set-cookie").iter().count() >= 2);
    std::fs::remove_dir_all(web).ok();
}

#[tokio::test]
async fn serves_the_web_app_and_answers_problems() {
    let (base, web) = start(100).await;
    let page = reqwest::get(format!("{base}/")).await.expect("an answer");
    assert_eq!(page.text().await.expect("text"), "<h1>app</h1>");
    let script = reqwest::get(format!("{base}/app.js"))
        .await
        .expect("an answer");
    assert_eq!(script.status(), StatusCode::OK);
    // Client-side routes get the app.
    let deep = reqwest::get(format!("{base}/recipes/42"))
        .await
        .expect("an answer");
    assert_eq!(deep.text().await.expect("text"), "<h1>app</h1>");
    let unknown = reqwest::get(format!("{base}/api/nowhere/x"))
        .await
        .expect("an answer");
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        reqwest::get(format!("{base}/healthz"))
            .await
            .expect("ok")
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        reqwest::get(format!("{base}/readyz"))
            .await
            .expect("ok")
            .status(),
        StatusCode::OK
    );
    let metrics = reqwest::get(format!("{base}/metrics")).await.expect("ok");
    assert!(
        metrics
            .text()
            .await
            .expect("text")
            .contains("http_requests_total")
    );
    std::fs::remove_dir_all(web).ok();
}

#[tokio::test]
async fn a_service_that_is_down_is_a_503_and_clients_are_rate_limited() {
    let (base, web) = start(3).await;
    let down = gateway::SERVICES
        .iter()
        .find(|s| s.0 != "identity")
        .map(|s| s.0);
    if let Some(service) = down {
        let answer = reqwest::get(format!("{base}/api/{service}/anything"))
            .await
            .expect("an answer");
        assert_eq!(answer.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(answer.headers().contains_key("retry-after"));
    }
    let mut limited = false;
    for _ in 0..5 {
        let answer = reqwest::get(format!("{base}/api/identity/.well-known/jwks.json"))
            .await
            .expect("an answer");
        if answer.status() == StatusCode::TOO_MANY_REQUESTS {
            assert!(answer.headers().contains_key("retry-after"));
            limited = true;
            break;
        }
    }
    assert!(limited, "the gateway rate limits per client");
    std::fs::remove_dir_all(web).ok();
}

#[tokio::test]
async fn configuration_has_local_defaults() {
    // No gateway variable is set in the tests: every default applies.
    let config = Config::from_env().expect("the defaults are valid");
    assert_eq!(config.port, 8080);
    assert_eq!(config.rate_limit_per_minute, 600);
    assert_eq!(config.services["identity"], "http://127.0.0.1:8081");
    assert_eq!(config.services.len(), gateway::SERVICES.len());
}
