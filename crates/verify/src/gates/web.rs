//! What the web gates share: finding `web/`, installing its exact
//! dependencies once, and running the tools it pins.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::tools;

/// The marker `npm ci` leaves: the lockfile's hash it installed.
const INSTALLED: &str = "node_modules/.keel-installed";

/// The web app of a generated system, if it has one.
pub fn web_dir(dir: &Path) -> Option<PathBuf> {
    // Absolute: tools run with `web/` as their working directory.
    let web = std::path::absolute(dir.join("web")).ok()?;
    web.join("package.json").is_file().then_some(web)
}

/// `web/` and npm, or why a web gate must be skipped.
pub fn locate(dir: &Path) -> Result<(PathBuf, PathBuf), &'static str> {
    let web = web_dir(dir).ok_or("no web/ in this system (generate it with `keel generate`)")?;
    let npm = tools::find("npm").ok_or("npm is not installed (install Node.js 20 with npm)")?;
    Ok((web, npm))
}

fn lock_hash(web: &Path) -> Option<String> {
    use sha2::{Digest, Sha256};
    let lock = std::fs::read(web.join("package-lock.json")).ok()?;
    Some(format!("{:x}", Sha256::digest(lock)))
}

/// `npm ci` unless the installed tree already matches the lockfile.
/// Returns the output (empty when nothing was installed).
pub fn install(web: &Path, npm: &Path) -> Result<String, String> {
    let hash =
        lock_hash(web).ok_or("web/package-lock.json is missing: dependencies are not pinned")?;
    if std::fs::read_to_string(web.join(INSTALLED)).ok().as_deref() == Some(hash.as_str()) {
        return Ok(String::new());
    }
    let ran = tools::run(
        Command::new(npm)
            .args([
                "ci",
                "--prefer-offline",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
            ])
            .current_dir(web),
    )
    .map_err(|e| format!("cannot run npm: {e}"))?;
    if !ran.success {
        return Err(format!("npm ci failed:\n{}", ran.output));
    }
    std::fs::write(web.join(INSTALLED), hash).map_err(|e| e.to_string())?;
    Ok(format!(
        "npm ci: installed the locked dependencies\n{}",
        ran.output
    ))
}

/// A tool from the app's own `node_modules/.bin`, without colour codes.
pub fn bin(web: &Path, name: &str) -> Command {
    let mut c = Command::new(web.join("node_modules/.bin").join(name));
    c.current_dir(web)
        .env("NO_COLOR", "1")
        .env("FORCE_COLOR", "0")
        .env("CI", "1");
    c
}
