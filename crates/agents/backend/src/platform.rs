//! The `platform` crate: the same sources for every app.

macro_rules! sources {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../templates/platform/", $name)))),*]
    };
}

const SOURCES: &[(&str, &str)] = sources!(
    "auth.rs",
    "body.rs",
    "config.rs",
    "db.rs",
    "lib.rs",
    "list.rs",
    "metrics.rs",
    "problem.rs",
    "ratelimit.rs",
    "remote.rs",
    "rows.rs",
    "server.rs",
    "telemetry.rs",
    "testing.rs",
    "uploads.rs",
    "validate.rs",
);

pub fn files() -> Vec<(String, String)> {
    SOURCES
        .iter()
        .map(|(name, text)| (format!("platform/src/{name}"), (*text).to_owned()))
        .collect()
}
