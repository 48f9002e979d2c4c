//! What the Rust gates share: the generated workspace, cargo commands that
//! use the shared target directory, a throw-away PostgreSQL for tests, and
//! reading cargo's test summaries.

use std::path::Path;
use std::process::Command;

use crate::report::{GateResult, Status};
use crate::{Context, tools};

/// The variable the generated tests read the PostgreSQL superuser URL from.
pub const ADMIN_URL_VAR: &str = "TEST_DATABASE_ADMIN_URL";

/// `Some(skipped result)` when the app has no Rust workspace.
pub fn no_workspace(ctx: &Context, gate: &str, proves: &str) -> Option<GateResult> {
    if ctx.dir.join("Cargo.toml").is_file() {
        None
    } else {
        Some(GateResult::new(
            gate,
            proves,
            Status::Skipped,
            "no Cargo.toml: the app has no Rust services",
            "",
        ))
    }
}

/// `cargo <args>` in the app, with the shared target directory.
pub fn cargo(ctx: &Context, args: &[&str]) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.args(args).current_dir(&ctx.dir);
    if let Some(target) = &ctx.target_dir {
        command.env("CARGO_TARGET_DIR", target);
    }
    command
}

/// Runs `command` and makes a pass/fail result of it.
pub fn verdict(
    gate: &str,
    proves: &str,
    mut command: Command,
    pass: &str,
    fail: &str,
) -> GateResult {
    match tools::run(&mut command) {
        Ok(ran) if ran.success => GateResult::new(gate, proves, Status::Pass, pass, ran.output),
        Ok(ran) => GateResult::new(gate, proves, Status::Fail, fail, ran.output),
        Err(e) => GateResult::new(
            gate,
            proves,
            Status::Skipped,
            format!("cannot run cargo ({e}); install Rust from rustup.rs"),
            "",
        ),
    }
}

/// A throw-away PostgreSQL cluster and its superuser URL.
pub fn database() -> Result<(keel_pg::Cluster, String), String> {
    let cluster = keel_pg::Cluster::start_temporary()
        .map_err(|e| format!("cannot start a throw-away PostgreSQL ({e})"))?;
    let url = cluster.url("postgres", "postgres");
    Ok((cluster, url))
}

/// Passed and failed test counts of cargo's `test result:` lines.
pub fn test_counts(output: &str) -> (u64, u64) {
    let mut passed = 0;
    let mut failed = 0;
    for line in output.lines().filter(|l| l.starts_with("test result:")) {
        let number_before = |word: &str| -> u64 {
            line.split(';')
                .find(|part| part.trim_end().ends_with(word))
                .and_then(|part| part.split_whitespace().rev().nth(1))
                .and_then(|n| n.parse().ok())
                .unwrap_or(0)
        };
        passed += number_before("passed");
        failed += number_before("failed");
    }
    (passed, failed)
}

/// The folder of each crate of the workspace that coverage is counted for:
/// `platform` and every `services/<name>`.
pub fn crate_dirs(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    if dir.join("platform/Cargo.toml").is_file() {
        out.push("platform".to_owned());
    }
    if let Ok(entries) = std::fs::read_dir(dir.join("services")) {
        let mut services: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.path().join("Cargo.toml").is_file())
            .map(|e| format!("services/{}", e.file_name().to_string_lossy()))
            .collect();
        services.sort();
        out.extend(services);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_every_test_binary() {
        let out = "running 2 tests\ntest result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s\n\
                   test result: FAILED. 5 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out\n";
        assert_eq!(test_counts(out), (7, 1));
        assert_eq!(test_counts("nothing"), (0, 0));
    }
}
