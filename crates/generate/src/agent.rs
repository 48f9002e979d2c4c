//! An agent: one specialist that owns one part of the generated system.

use keel_blueprint::Blueprint;

use crate::fileset::{FileSet, FileSetError};

/// What an agent gets: the checked blueprint, and the files written by the
/// agents whose output it declared it reads.
pub struct Input<'a> {
    pub blueprint: &'a Blueprint,
    /// Only the files under the agent's [`Agent::reads`] prefixes.
    pub files: &'a FileSet,
}

/// A specialised generator. Agents are pure: the same input gives the same
/// files, with no clock, randomness, network or disk access.
pub trait Agent: Send + Sync {
    /// Short, stable name used in the event log and progress display (`database`).
    fn name(&self) -> &'static str;

    /// One line on what it produces, for `keel agents` and the progress display.
    fn summary(&self) -> &'static str;

    /// Path prefixes of other agents' output this agent reads (`api/`). An
    /// agent runs after every agent that writes under these prefixes.
    fn reads(&self) -> &'static [&'static str] {
        &[]
    }

    /// Path prefixes this agent may write (`db/`, `docs/adr/`). Writing
    /// anywhere else is an error, which keeps ownership of files clear.
    fn writes(&self) -> &'static [&'static str];

    fn run(&self, input: &Input<'_>) -> Result<FileSet, AgentError>;
}

#[derive(Debug, thiserror::Error)]
pub enum AgentError {
    #[error(transparent)]
    Files(#[from] FileSetError),
    #[error("template `{name}`: {source}")]
    Template {
        name: String,
        source: minijinja::Error,
    },
    #[error("{0}")]
    Other(String),
}

impl From<minijinja::Error> for AgentError {
    fn from(e: minijinja::Error) -> Self {
        AgentError::Template {
            name: e.name().unwrap_or("?").to_owned(),
            source: e,
        }
    }
}

/// Whether `path` is under `prefix`. A `*` segment of the prefix matches any
/// one path segment, so an agent can own `services/*/tests/` while another
/// owns `services/*/src/`.
pub fn under_prefix(path: &str, prefix: &str) -> bool {
    if !prefix.contains('*') {
        return path.starts_with(prefix);
    }
    let pre: Vec<&str> = prefix.split('/').collect();
    let segments: Vec<&str> = path.split('/').collect();
    if segments.len() < pre.len() {
        return false;
    }
    pre.iter().enumerate().all(|(i, p)| {
        *p == "*"
            || if i + 1 == pre.len() {
                segments[i].starts_with(p)
            } else {
                segments[i] == *p
            }
    })
}

/// Whether some path could be under both prefixes (`*` as in [`under_prefix`]).
pub fn prefixes_overlap(a: &str, b: &str) -> bool {
    let (x, y): (Vec<&str>, Vec<&str>) = (a.split('/').collect(), b.split('/').collect());
    (0..x.len().min(y.len())).all(|i| {
        let (p, q) = (x[i], y[i]);
        let last = i + 1 == x.len() || i + 1 == y.len();
        p == "*" || q == "*" || p == q || (last && (p.starts_with(q) || q.starts_with(p)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_with_wildcard_segments() {
        assert!(under_prefix("db/x.sql", "db/"));
        assert!(under_prefix("services/a/tests/api.rs", "services/*/tests/"));
        assert!(!under_prefix("services/a/src/lib.rs", "services/*/tests/"));
        assert!(!under_prefix("services/a", "services/*/tests/"));
        assert!(under_prefix(
            "services/a/Cargo.toml",
            "services/*/Cargo.toml"
        ));
        assert!(prefixes_overlap("services/*/tests/", "services/a/"));
        assert!(!prefixes_overlap("services/*/tests/", "services/*/src/"));
        assert!(prefixes_overlap("api/", "api/x.yaml"));
        assert!(!prefixes_overlap("api/", "db/"));
    }
}
