//! The gateway: configuration from the environment, then serve.

use gateway::{Config, app};
use platform::config::or_exit;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    platform::telemetry::init();
    let config = or_exit(Config::from_env());
    platform::server::serve(app(&config), config.port).await
}
