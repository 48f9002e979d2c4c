//! Configuration from the environment. A missing or malformed variable stops
//! the service with one line naming it.

use std::str::FromStr;

/// A configuration problem, printed as one line by [`or_exit`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A required variable.
pub fn required(name: &str, meaning: &str) -> Result<String, ConfigError> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => Ok(v),
        _ => Err(ConfigError(format!("{name} is not set: {meaning}"))),
    }
}

/// An optional variable with a default.
pub fn or(name: &str, default: &str) -> String {
    std::env::var(name)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| default.to_owned())
}

/// An optional variable parsed as `T`, with a default.
pub fn parsed<T: FromStr>(name: &str, default: T) -> Result<T, ConfigError> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => v
            .trim()
            .parse()
            .map_err(|_| ConfigError(format!("{name} is malformed: {v:?}"))),
        _ => Ok(default),
    }
}

/// Unwraps a configuration result or exits with the one-line message.
pub fn or_exit<T>(result: Result<T, ConfigError>) -> T {
    match result {
        Ok(v) => v,
        Err(e) => {
            eprintln!("configuration error: {e}");
            std::process::exit(2);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_and_malformed_variables_are_named() {
        let e = required("KEEL_TEST_SURELY_UNSET", "a test").unwrap_err();
        assert_eq!(e.to_string(), "KEEL_TEST_SURELY_UNSET is not set: a test");
        assert_eq!(or("KEEL_TEST_SURELY_UNSET", "x"), "x");
        assert_eq!(parsed("KEEL_TEST_SURELY_UNSET", 5u16), Ok(5));
        // PATH is set on every machine and is not a number.
        assert!(
            parsed::<u16>("PATH", 1)
                .unwrap_err()
                .0
                .starts_with("PATH is malformed")
        );
        assert_eq!(or_exit(Ok::<_, ConfigError>(3)), 3);
    }
}
