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
        .map(|(name, text)| {
            let text = if *name == "list.rs" {
                with_contract_bounds(text)
            } else {
                (*text).to_owned()
            };
            (format!("platform/src/{name}"), text)
        })
        .collect()
}

/// `list.rs` with the list bounds of the contracts, so the services and
/// `api/*.yaml` cannot disagree on them.
fn with_contract_bounds(text: &str) -> String {
    use keel_agent_contracts::{LIMIT_DEFAULT, LIMIT_MAX, OFFSET_MAX, SEARCH_MAX};
    let bounds = [
        ("pub const LIMIT_DEFAULT: i64 = ", LIMIT_DEFAULT),
        ("pub const LIMIT_MAX: i64 = ", LIMIT_MAX),
        ("pub const OFFSET_MAX: i64 = ", OFFSET_MAX),
        ("pub const SEARCH_MAX: usize = ", SEARCH_MAX),
    ];
    let mut out = String::new();
    for line in text.lines() {
        match bounds.iter().find(|(start, _)| line.starts_with(start)) {
            Some((start, value)) => out.push_str(&format!("{start}{value};")),
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn list_bounds_come_from_the_contracts() {
        let list = super::with_contract_bounds(include_str!("../templates/platform/list.rs"));
        let max = format!(
            "pub const LIMIT_MAX: i64 = {};",
            keel_agent_contracts::LIMIT_MAX
        );
        assert!(list.contains(&max));
        let search = format!(
            "pub const SEARCH_MAX: usize = {};",
            keel_agent_contracts::SEARCH_MAX
        );
        assert!(list.contains(&search));
    }
}
