//! Building the services: `cargo build --locked --workspace --bins` in the
//! app, with a progress bar fed by cargo's JSON messages, and cargo's own
//! error messages when it fails.
//!
//! The dev profile is the default: `keel up` is for running a system on a
//! developer's machine, where a first start in a few minutes matters more
//! than peak throughput, and the dev build shares its dependency builds with
//! `cargo test` and the `cargo-build` gate (same profile, same
//! `CARGO_TARGET_DIR`). `--release` builds optimised binaries (benchmarks,
//! demos under load).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::Value;

use crate::Profile;

/// How many lines of cargo's errors a failed build shows.
const ERROR_LINES: usize = 80;

/// Where cargo puts the binaries of `profile` for the app in `dir`
/// (honours `CARGO_TARGET_DIR` and cargo configuration, through `cargo
/// metadata`).
pub fn binaries_dir(dir: &Path, profile: Profile) -> Result<PathBuf, String> {
    let out = cargo()
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run cargo: {e} (install Rust from https://rustup.rs)"))?;
    if !out.status.success() {
        return Err(format!(
            "cargo metadata failed in {}:\n{}",
            dir.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let metadata: Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("cargo metadata printed something unexpected: {e}"))?;
    let target = metadata["target_directory"]
        .as_str()
        .ok_or("cargo metadata has no target_directory")?;
    Ok(Path::new(target).join(profile.dir()))
}

/// Builds every binary of the app's workspace; the progress bar shows on a
/// terminal only. Fails with cargo's error messages. `stop` (Ctrl-C)
/// interrupts the build.
pub fn cargo_build(
    dir: &Path,
    profile: Profile,
    progress: bool,
    stop: &AtomicBool,
) -> Result<(), String> {
    // How many artifacts the last build of this app made: the bar's length
    // (the first time, the lockfile's package count is the estimate).
    let remembered = dir.join(format!(".keel/build-artifacts-{}", profile.dir()));
    let length = std::fs::read_to_string(&remembered)
        .ok()
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| packages(dir));
    let mut command = cargo();
    command
        .args([
            "build",
            "--locked",
            "--workspace",
            "--bins",
            "--message-format",
            "json-render-diagnostics",
            "--color",
            "never",
        ])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if profile == Profile::Release {
        command.arg("--release");
    }
    let bar = if progress {
        ProgressBar::with_draw_target(Some(length), ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("  {spinner} building [{bar:30}] {pos}/{len} {wide_msg}")
            .expect("static template")
            .progress_chars("=> "),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot run cargo: {e} (install Rust from https://rustup.rs)"))?;
    // cargo's human output (its errors, rendered) arrives on stderr.
    let errors = Arc::new(Mutex::new(Vec::<String>::new()));
    let stderr = child.stderr.take().expect("piped");
    let collected = Arc::clone(&errors);
    let stderr_thread = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Ok(mut lines) = collected.lock() {
                lines.push(line);
            }
        }
    });
    let stdout = child.stdout.take().expect("piped");
    let counter = bar.clone();
    let stdout_thread = std::thread::spawn(move || {
        let mut artifacts = 0u64;
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(name) = artifact(&line) {
                artifacts += 1;
                counter.inc(1);
                if counter.position() >= counter.length().unwrap_or(0) {
                    counter.set_length(counter.position() + 1);
                }
                counter.set_message(name);
            }
        }
        artifacts
    });
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if stop.load(Ordering::Relaxed) {
            let _ = child.kill();
            let _ = child.wait();
            bar.finish_and_clear();
            return Err("interrupted".into());
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let artifacts = stdout_thread.join().unwrap_or(0);
    let _ = stderr_thread.join();
    bar.finish_and_clear();
    if status.success() {
        if artifacts > 0 {
            let _ = std::fs::create_dir_all(dir.join(".keel"));
            let _ = std::fs::write(&remembered, artifacts.to_string());
        }
        return Ok(());
    }
    let lines = errors.lock().map(|l| l.clone()).unwrap_or_default();
    Err(format!(
        "cargo build failed ({status}) in {}:\n{}",
        dir.display(),
        last_errors(&lines).join("\n")
    ))
}

/// Keeps this app's binaries in `into` (hard links, else copies), named
/// by part. Apps sharing a target directory all have a `gateway` and an
/// `identity` binary, which cargo puts at the same path: the next app's
/// build replaces them there, never here.
pub fn keep_binaries(from: &Path, names: &[String], into: &Path) -> Result<(), String> {
    std::fs::create_dir_all(into).map_err(|e| format!("cannot create {}: {e}", into.display()))?;
    for name in names {
        let (source, kept) = (from.join(name), into.join(name));
        let _ = std::fs::remove_file(&kept);
        std::fs::hard_link(&source, &kept)
            .or_else(|_| std::fs::copy(&source, &kept).map(|_| ()))
            .map_err(|e| {
                format!(
                    "cannot keep {} as {}: {e}",
                    source.display(),
                    kept.display()
                )
            })?;
    }
    Ok(())
}

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// The crate a `compiler-artifact` message is about (fresh ones too, so the
/// bar also moves through an up-to-date build).
fn artifact(line: &str) -> Option<String> {
    let message: Value = serde_json::from_str(line).ok()?;
    (message["reason"] == "compiler-artifact").then(|| {
        message["target"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    })
}

/// The number of packages in `Cargo.lock`: about one artifact each, a good
/// enough length for the bar (it grows if cargo builds more).
fn packages(dir: &Path) -> u64 {
    std::fs::read_to_string(dir.join("Cargo.lock"))
        .map(|lock| lock.lines().filter(|l| *l == "[[package]]").count() as u64)
        .unwrap_or(0)
}

/// The part of cargo's output worth showing: from the first error on (what
/// came before is `Compiling …` noise), at most [`ERROR_LINES`] lines.
fn last_errors(lines: &[String]) -> Vec<String> {
    let first = lines
        .iter()
        .position(|l| l.starts_with("error"))
        .unwrap_or(lines.len().saturating_sub(ERROR_LINES));
    lines[first..].iter().take(ERROR_LINES).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_artifacts_from_cargo_messages() {
        let line = r#"{"reason":"compiler-artifact","package_id":"x","target":{"name":"serde","kind":["lib"]},"fresh":true}"#;
        assert_eq!(artifact(line).as_deref(), Some("serde"));
        assert_eq!(
            artifact(r#"{"reason":"build-script-executed","package_id":"x"}"#),
            None
        );
        assert_eq!(artifact("not json"), None);
    }

    #[test]
    fn a_failed_build_shows_the_errors_not_the_progress() {
        let lines: Vec<String> = [
            "   Compiling a v1",
            "   Compiling b v1",
            "error[E0425]: cannot find value `x` in this scope",
            " --> src/main.rs:1:1",
            "error: could not compile `b`",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        assert_eq!(last_errors(&lines), lines[2..].to_vec());
        let noise: Vec<String> = (0..200).map(|i| format!("line {i}")).collect();
        assert_eq!(last_errors(&noise).len(), ERROR_LINES);
        assert_eq!(last_errors(&noise)[0], "line 120");
    }

    /// Names no real crate has: the binaries may land in a shared target
    /// directory, where one name per test keeps the tests apart.
    const DEMO: &str = "keel-run-build-test-demo";
    const BROKEN: &str = "keel-run-build-test-broken";

    /// A one-crate workspace `name` whose binary is `code`.
    fn workspace(name: &str, code: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("Cargo.toml"),
            format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n"),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("Cargo.lock"),
            format!("version = 4\n\n[[package]]\nname = \"{name}\"\nversion = \"0.1.0\"\n"),
        )
        .unwrap();
        std::fs::create_dir_all(dir.path().join("src")).unwrap();
        std::fs::write(dir.path().join("src/main.rs"), code).unwrap();
        dir
    }

    #[test]
    fn builds_the_binaries_where_cargo_metadata_says() {
        let app = workspace(DEMO, "fn main() { println!(\"hi\"); }\n");
        let stop = AtomicBool::new(false);
        cargo_build(app.path(), Profile::Dev, false, &stop).unwrap();
        let bins = binaries_dir(app.path(), Profile::Dev).unwrap();
        // CARGO_TARGET_DIR when set (as in CI), else the app's own target/.
        let expected = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| app.path().join("target"))
            .join("debug");
        assert_eq!(
            std::fs::canonicalize(&bins).unwrap(),
            std::fs::canonicalize(expected).unwrap()
        );
        let out = Command::new(bins.join(DEMO)).output().unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout), "hi\n");
    }

    #[test]
    fn kept_binaries_survive_the_next_build_of_the_same_name() {
        let dir = tempfile::tempdir().unwrap();
        let (target, kept) = (dir.path().join("target"), dir.path().join("kept"));
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("gateway"), "app one").unwrap();
        keep_binaries(&target, &["gateway".to_owned()], &kept).unwrap();
        // What a linker does for the next app: a new file in its place.
        std::fs::remove_file(target.join("gateway")).unwrap();
        std::fs::write(target.join("gateway"), "app two").unwrap();
        assert_eq!(
            std::fs::read_to_string(kept.join("gateway")).unwrap(),
            "app one"
        );
        keep_binaries(&target, &["gateway".to_owned()], &kept).unwrap();
        assert_eq!(
            std::fs::read_to_string(kept.join("gateway")).unwrap(),
            "app two"
        );
        assert!(keep_binaries(&target, &["missing".to_owned()], &kept).is_err());
    }

    #[test]
    fn a_compile_error_fails_with_rustc_s_message() {
        let app = workspace(BROKEN, "fn main() { let x: u8 = \"text\"; }\n");
        let stop = AtomicBool::new(false);
        let err = cargo_build(app.path(), Profile::Dev, false, &stop).unwrap_err();
        assert!(err.starts_with("cargo build failed"), "{err}");
        assert!(err.contains("error[E0308]: mismatched types"), "{err}");
        assert!(err.contains("src/main.rs:1"), "{err}");
        assert!(
            !err.contains("Compiling"),
            "progress noise is left out: {err}"
        );
    }
}
