//! Logs: JSON lines by default (`LOG_FORMAT=pretty` for people).

use tracing_subscriber::fmt;

pub fn init() {
    let pretty = std::env::var("LOG_FORMAT").is_ok_and(|f| f == "pretty");
    let builder = fmt()
        .with_target(false)
        .with_max_level(tracing::Level::INFO);
    let _ = if pretty {
        builder.try_init()
    } else {
        builder.json().flatten_event(true).try_init()
    };
}
