//! Helpers for the services' integration tests: a throw-away database per
//! test with the service's real migration, signing keys, and the service
//! served on a free loopback port.

use std::str::FromStr;
use std::sync::LazyLock;

use axum::Router;
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, Executor};
use uuid::Uuid;

use crate::auth::{TokenSigner, TokenVerifier, generate_key_pair};

/// The variable that points the tests at a PostgreSQL superuser.
pub const ADMIN_URL_VAR: &str = "TEST_DATABASE_ADMIN_URL";
/// Password the tests give the application role.
const APP_PASSWORD: &str = "keel-test";

/// Migrations create cluster-wide roles; one at a time per test process.
static MIGRATING: LazyLock<tokio::sync::Mutex<()>> = LazyLock::new(|| tokio::sync::Mutex::new(()));

/// The admin URL, or a panic that says how to provide it: tests never skip
/// silently.
pub fn admin_url() -> String {
    std::env::var(ADMIN_URL_VAR).unwrap_or_else(|_| {
        panic!(
            "{ADMIN_URL_VAR} is not set: point it at a PostgreSQL superuser, e.g. \
             postgres://postgres@127.0.0.1:5432/postgres (keel verify starts a throw-away cluster and sets it)"
        )
    })
}

/// A fresh database with `migration` applied as the admin; returns the URL
/// to connect as `app_role`, which is subject to row-level security.
pub async fn database(service: &str, app_role: &str, migration: &str) -> String {
    let admin = PgConnectOptions::from_str(&admin_url())
        .expect("TEST_DATABASE_ADMIN_URL is a PostgreSQL URL");
    let name = format!("test_{service}_{}", Uuid::new_v4().simple());
    let mut conn = admin.connect().await.expect("connect as the admin");
    conn.execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("create the test database");
    conn.close().await.ok();
    let target = admin.clone().database(&name);
    {
        let _one_at_a_time = MIGRATING.lock().await;
        let mut conn = target
            .connect()
            .await
            .expect("connect to the test database");
        // Roles are shared by the whole cluster: another test process may be
        // creating them at the same moment. The migration is one transaction,
        // so a failed attempt leaves nothing behind and can be retried.
        let mut attempt = 0;
        while let Err(e) = sqlx::raw_sql(migration).execute(&mut conn).await {
            attempt += 1;
            assert!(attempt < 5, "apply the migration: {e}");
            tokio::time::sleep(std::time::Duration::from_millis(200 * attempt)).await;
            conn = target.connect().await.expect("reconnect");
        }
        conn.execute(format!("ALTER ROLE {app_role} LOGIN PASSWORD '{APP_PASSWORD}'").as_str())
            .await
            .expect("let the application role log in");
        conn.close().await.ok();
    }
    let host = target.get_host().to_owned();
    let port = target.get_port();
    format!("postgres://{app_role}:{APP_PASSWORD}@{host}:{port}/{name}")
}

/// Runs `sql` on `database_url` as the admin (fixtures, inspection).
pub async fn admin_connection(app_url: &str) -> sqlx::PgConnection {
    let app = PgConnectOptions::from_str(app_url).expect("a PostgreSQL URL");
    let admin = PgConnectOptions::from_str(&admin_url())
        .expect("a PostgreSQL URL")
        .database(app.get_database().unwrap_or("postgres"));
    admin.connect().await.expect("connect as the admin")
}

/// Issuer (and audience) of test tokens.
pub const ISSUER: &str = "keel-test";

/// One signing key pair for the whole test process.
pub struct TestKeys {
    pub private_pem: String,
    pub public_pem: String,
    pub signer: TokenSigner,
}

pub fn keys() -> &'static TestKeys {
    static KEYS: LazyLock<TestKeys> = LazyLock::new(|| {
        let (private_pem, public_pem) = generate_key_pair();
        let signer = TokenSigner::from_pem(&private_pem, ISSUER).expect("a fresh key");
        TestKeys {
            private_pem,
            public_pem,
            signer,
        }
    });
    &KEYS
}

/// The verifier matching [`keys`].
pub fn verifier() -> TokenVerifier {
    keys().signer.verifier()
}

/// An access token for `user` with `roles` (and tenant).
pub fn token(user: Uuid, roles: &[&str], tenant: Option<Uuid>) -> String {
    let roles: Vec<String> = roles.iter().map(|r| (*r).to_owned()).collect();
    keys().signer.sign(user, &roles, tenant)
}

/// A token that expired an hour ago.
pub fn expired_token(user: Uuid) -> String {
    keys()
        .signer
        .sign_at(user, &[], None, crate::auth::now() - 7200, 60)
}

/// Serves `app` on a free loopback port; returns its base URL.
pub async fn spawn(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let addr = listener.local_addr().expect("a local address");
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .ok();
    });
    format!("http://{addr}")
}

/// A base URL where nothing listens, for the other-service-down path.
pub async fn closed_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let addr = listener.local_addr().expect("a local address");
    drop(listener);
    format!("http://{addr}")
}
