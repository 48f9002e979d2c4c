//! The web app: `npm ci` from the generated lockfile (skipped when the
//! installed tree already matches it, with the same marker the web gates
//! use), then `npm run build` (tsc + vite) when a source is newer than
//! `web/dist`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use sha2::{Digest, Sha256};

/// The marker `npm ci` leaves: the lockfile's hash it installed (shared with
/// `keel verify`'s web gates, so neither installs twice).
const INSTALLED: &str = "node_modules/.keel-installed";

/// What the web step did.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Built { installed: bool },
    UpToDate,
}

/// Installs and builds `web/` when needed, saying what it does.
pub fn build(
    web: &Path,
    npm: &Path,
    stop: &AtomicBool,
    say: &dyn Fn(&str),
) -> Result<Outcome, String> {
    let lock = std::fs::read(web.join("package-lock.json"))
        .map_err(|_| "web/package-lock.json is missing: regenerate the app with `keel generate`")?;
    let hash = format!("{:x}", Sha256::digest(lock));
    let installed = std::fs::read_to_string(web.join(INSTALLED)).ok().as_deref() != Some(&hash);
    if installed {
        say("installing the web app's dependencies (npm ci, from web/package-lock.json)…");
        run(
            Command::new(npm)
                .args([
                    "ci",
                    "--prefer-offline",
                    "--no-audit",
                    "--no-fund",
                    "--loglevel=error",
                ])
                .current_dir(web),
            "npm ci",
            stop,
        )?;
        std::fs::write(web.join(INSTALLED), &hash).map_err(|e| e.to_string())?;
    }
    if !installed && up_to_date(web) {
        return Ok(Outcome::UpToDate);
    }
    say("building the web app (npm run build)…");
    run(
        Command::new(npm)
            .args(["run", "build", "--silent"])
            .env("NO_COLOR", "1")
            .env("FORCE_COLOR", "0")
            .current_dir(web),
        "npm run build",
        stop,
    )?;
    Ok(Outcome::Built { installed })
}

/// npm on `PATH`.
pub fn find_npm() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("npm"))
        .find(|p| p.is_file())
}

/// `dist/index.html` is newer than every source of the app.
fn up_to_date(web: &Path) -> bool {
    let Ok(built) = std::fs::metadata(web.join("dist/index.html")).and_then(|m| m.modified())
    else {
        return false;
    };
    newest_source(web).is_some_and(|newest| newest <= built)
}

/// The newest modification time of the files the build reads: everything
/// in `web/` but the installed packages, the output and the tests.
fn newest_source(web: &Path) -> Option<SystemTime> {
    let mut newest = None;
    let mut stack = vec![web.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).ok()?.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if dir == web && matches!(name.to_str(), Some("node_modules" | "dist" | "tests")) {
                continue;
            }
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                stack.push(path);
            } else if let Ok(modified) = meta.modified() {
                newest = newest.max(Some(modified));
            }
        }
    }
    newest
}

/// Runs an npm command, failing with its output; `stop` interrupts it.
fn run(command: &mut Command, what: &str, stop: &AtomicBool) -> Result<(), String> {
    let output = tempfile::tempfile().map_err(|e| e.to_string())?;
    let mut child = command
        .stdin(Stdio::null())
        .stdout(output.try_clone().map_err(|e| e.to_string())?)
        .stderr(output.try_clone().map_err(|e| e.to_string())?)
        .spawn()
        .map_err(|e| format!("cannot run {what}: {e}"))?;
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if stop.load(Ordering::Relaxed) {
            let _ = child.kill();
            let _ = child.wait();
            return Err("interrupted".into());
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    if status.success() {
        return Ok(());
    }
    use std::io::{Read, Seek};
    let mut text = String::new();
    let mut output = output;
    let _ = output.rewind();
    let _ = output.read_to_string(&mut text);
    let lines: Vec<&str> = text.lines().collect();
    let tail = lines[lines.len().saturating_sub(60)..].join("\n");
    Err(format!(
        "{what} failed ({status}) in {}:\n{tail}",
        command_dir(command)
    ))
}

fn command_dir(command: &Command) -> String {
    command
        .get_current_dir()
        .map(|d| d.display().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dist_is_stale_until_built_after_every_source() {
        let dir = tempfile::tempdir().unwrap();
        let web = dir.path();
        std::fs::create_dir_all(web.join("src")).unwrap();
        std::fs::create_dir_all(web.join("node_modules/x")).unwrap();
        std::fs::write(web.join("src/main.tsx"), "x").unwrap();
        assert!(!up_to_date(web), "no dist yet");
        std::thread::sleep(Duration::from_millis(20));
        std::fs::create_dir_all(web.join("dist")).unwrap();
        std::fs::write(web.join("dist/index.html"), "x").unwrap();
        assert!(up_to_date(web));
        // Installed packages and tests do not count.
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(web.join("node_modules/x/index.js"), "x").unwrap();
        std::fs::create_dir_all(web.join("tests")).unwrap();
        std::fs::write(web.join("tests/a.test.ts"), "x").unwrap();
        assert!(up_to_date(web));
        std::fs::write(web.join("src/main.tsx"), "y").unwrap();
        assert!(!up_to_date(web), "a changed source needs a build");
    }

    #[test]
    fn a_failing_npm_step_shows_its_output() {
        let dir = tempfile::tempdir().unwrap();
        let stop = AtomicBool::new(false);
        let err = run(
            Command::new("/bin/sh")
                .args(["-c", "echo 'src/App.tsx(3,1): error TS2304'; exit 2"])
                .current_dir(dir.path()),
            "npm run build",
            &stop,
        )
        .unwrap_err();
        assert!(err.starts_with("npm run build failed"), "{err}");
        assert!(err.ends_with("src/App.tsx(3,1): error TS2304"), "{err}");
    }
}
