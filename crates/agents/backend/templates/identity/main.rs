//! The identity service: configuration from the environment, then serve.
//! `identity keygen` prints a fresh Ed25519 key pair for `JWT_PRIVATE_KEY`
//! and `JWT_PUBLIC_KEY`.

use identity_service::{Config, app};
use platform::config::or_exit;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    if std::env::args().nth(1).as_deref() == Some("keygen") {
        let (private, public) = platform::auth::generate_key_pair();
        print!("{private}{public}");
        return Ok(());
    }
    platform::telemetry::init();
    let config = or_exit(Config::from_env());
    let app = or_exit(app(&config));
    platform::server::serve(app, config.port).await
}
