//! `keel up`: runs a generated system on this machine without Docker.
//!
//! In order: check the app and the ports, build the services and the web
//! app, start PostgreSQL from the local binaries, prepare each service's
//! database (migrations once each, `LOGIN` for the app role), make or reuse
//! the JWT key pair, start identity, the domain services and the gateway as
//! child processes, wait for every `/readyz`, print the gateway's URL on a
//! line of its own, then stream the services' logs until Ctrl-C or SIGTERM,
//! and stop everything: the gateway, the services (SIGTERM, then SIGKILL
//! after a grace period), then the database.

mod build;
mod database;
mod keys;
pub mod logs;
mod plan;
mod ports;
mod supervise;
mod watchdog;
mod web;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use keel_blueprint::Blueprint;

pub use plan::{GATEWAY_PORT, Kind, Part, parts};

use crate::logs::{ServiceLog, Shared, Style};
use crate::supervise::Child;

/// How long the services get to stop after SIGTERM before SIGKILL.
const GRACE: Duration = Duration::from_secs(10);

/// Which cargo profile to build the services with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Dev,
    Release,
}

impl Profile {
    /// The folder of the target directory holding its binaries.
    pub fn dir(self) -> &'static str {
        match self {
            Profile::Dev => "debug",
            Profile::Release => "release",
        }
    }

    /// Cargo's name for it.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Dev => "dev",
            Profile::Release => "release",
        }
    }
}

pub struct Options {
    /// The generated app (holds keel.yaml).
    pub dir: PathBuf,
    pub blueprint: Blueprint,
    /// Keep the database and the JWT keys here between runs; a temporary
    /// directory (deleted on exit) when `None`.
    pub data: Option<PathBuf>,
    /// The gateway's port; the services keep their distance from it.
    pub port: u16,
    /// Build the services and the web app first (`--no-build` reuses them).
    pub build: bool,
    pub profile: Profile,
    /// How long the services may take to answer `/readyz`.
    pub ready_timeout: Duration,
    /// Emails that get every role when they sign up (`KEEL_ADMIN_EMAILS`
    /// of the identity service): how a new system gets its first admin.
    pub admins: Vec<String>,
    /// Logs and the ready event as JSON lines on stdout.
    pub json: bool,
    /// Colours on the terminal.
    pub color: bool,
    /// Progress bars (on a terminal).
    pub progress: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum UpError {
    /// The input is wrong: not a generated app, a bad option.
    #[error("{0}")]
    BadInput(String),
    /// Something did not build, start or become ready.
    #[error("{0}")]
    Failed(String),
    /// Ctrl-C or SIGTERM before the system was up.
    #[error("interrupted")]
    Interrupted,
}

/// Runs the system until Ctrl-C or SIGTERM. `Ok` once everything started
/// has been stopped again after such a signal.
pub fn up(options: &Options) -> Result<(), UpError> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
    ] {
        signal_hook::flag::register(signal, Arc::clone(&stop))
            .map_err(|e| UpError::Failed(format!("cannot handle signals: {e}")))?;
    }
    let dir = std::path::absolute(&options.dir)
        .map_err(|e| UpError::BadInput(format!("{}: {e}", options.dir.display())))?;
    let parts = plan::parts(&options.blueprint, options.port).map_err(UpError::BadInput)?;
    check_generated(&dir, &parts)?;
    if let Some(data) = &options.data {
        check_data_dir(data)?;
    }
    check_ports(&parts)?;
    let interrupted = |e: String| {
        if stop.load(Ordering::Relaxed) {
            UpError::Interrupted
        } else {
            UpError::Failed(e)
        }
    };

    let web_dir = dir.join("web");
    let binaries = binaries(options, &dir, &parts, &stop)?;
    if !web_dir.join("dist/index.html").is_file() && web_dir.is_dir() {
        say("warning: web/dist is not built; the gateway serves the API only");
    }

    let cluster = start_database(options.data.as_deref()).map_err(interrupted)?;
    let watchdog = watchdog::start(&cluster.stop_command(), cluster.temporary_dir())
        .map_err(UpError::Failed)?;
    if stop.load(Ordering::Relaxed) {
        return Err(UpError::Interrupted);
    }
    provision(&cluster, &dir, &parts)?;
    let keys = key_pair(options, &binaries["identity"])?;

    let shared = Shared::new(Style {
        color: options.color,
        width: name_width(&parts),
        json: options.json,
    });
    let log_dir = dir.join(".keel/logs");
    let mut running = Running::default();
    let urls = plan::service_urls(&parts);
    check_ports(&parts)?;
    let web_dist = web_dir.join("dist");
    for part in &parts {
        let env = plan::environment(
            part,
            &plan::Setting {
                urls: &urls,
                public_key: &keys.public,
                private_key: &keys.private,
                database_url: part
                    .database
                    .as_ref()
                    .map(|db| cluster.url(&db.app_role, &db.name)),
                web_dist: &web_dist,
                admins: &options.admins,
            },
        );
        let log = ServiceLog::create(&log_dir, &part.name, Arc::clone(&shared))
            .map_err(UpError::Failed)?;
        let command = supervise::command(&binaries[&part.name], &env, &dir);
        let child =
            supervise::spawn(&part.name, part.port, command, log).map_err(UpError::Failed)?;
        running.children.push(child);
    }
    let width = name_width(&parts);
    supervise::wait_ready(
        &mut running.children,
        options.ready_timeout,
        &stop,
        &mut |child, after| {
            say(&format!(
                "{:<width$} ready on port {} ({:.1} s)",
                child.name,
                child.port,
                after.as_secs_f64()
            ))
        },
    )
    .map_err(|not_ready| {
        if stop.load(Ordering::Relaxed) {
            return UpError::Interrupted;
        }
        let mut message = format!("{} {}", not_ready.service, not_ready.reason);
        if !not_ready.tail.is_empty() {
            message.push_str(&format!(
                "\nlast lines of {}:\n{}",
                log_dir.join(format!("{}.log", not_ready.service)).display(),
                not_ready.tail.join("\n")
            ));
        }
        UpError::Failed(message)
    })?;

    let url = format!("http://127.0.0.1:{}", options.port);
    announce(&url, options.json, &running.children);
    say(&format!(
        "logs in {} · database {} · Ctrl-C stops everything",
        log_dir.display(),
        cluster.url("postgres", "postgres")
    ));
    if let Some(hint) = roles_hint(&options.blueprint, &options.admins) {
        say(&hint);
    }
    shared.stream.store(true, Ordering::Relaxed);

    let outcome = supervise::watch(&mut running.children, &stop).map_err(|gone| {
        UpError::Failed(format!(
            "{} {}; last lines of its log:\n{}",
            gone.service,
            gone.reason,
            gone.tail.join("\n")
        ))
    });
    say("stopping…");
    let killed = supervise::stop_all(&mut running.children, GRACE);
    shared.stream.store(false, Ordering::Relaxed);
    if !killed.is_empty() {
        say(&format!(
            "killed after {} s: {}",
            GRACE.as_secs(),
            killed.join(", ")
        ));
    }
    match cluster.stop() {
        Ok(()) => say("stopped the services and PostgreSQL"),
        Err(e) => say(&format!("warning: PostgreSQL did not stop cleanly: {e}")),
    }
    drop(watchdog);
    outcome
}

/// The children that are running; stopped on drop, so no early return
/// leaves one behind.
#[derive(Default)]
struct Running {
    children: Vec<Child>,
}

impl Drop for Running {
    fn drop(&mut self) {
        supervise::stop_all(&mut self.children, GRACE);
    }
}

/// The gateway's URL on a line of its own, on stdout (what scripts and the
/// visual gate look for); with `--json`, a `ready` event.
fn announce(url: &str, json: bool, children: &[Child]) {
    let mut out = std::io::stdout().lock();
    if json {
        let services: Vec<_> = children
            .iter()
            .map(|c| serde_json::json!({ "name": c.name, "port": c.port, "pid": c.pid() }))
            .collect();
        let _ = writeln!(
            out,
            "{}",
            serde_json::json!({ "event": "ready", "url": url, "services": services })
        );
    } else {
        let _ = writeln!(out, "{url}");
    }
    let _ = out.flush();
}

/// A status line for people, on stderr.
fn say(line: &str) {
    eprintln!("  {line}");
}

/// Who holds the app's roles: a system whose rules need a role is of
/// little use until someone has it, and only the first admin can grant it.
fn roles_hint(blueprint: &Blueprint, admins: &[String]) -> Option<String> {
    if blueprint.roles.is_empty() || blueprint.multi_tenant() {
        // With tenancy, whoever founds an organization is its admin.
        return None;
    }
    let roles = blueprint.roles.join(", ");
    let from_env = std::env::var("KEEL_ADMIN_EMAILS").unwrap_or_default();
    Some(if !admins.is_empty() {
        format!(
            "roles {roles}: {} get(s) them all at sign-up",
            admins.join(", ")
        )
    } else if !from_env.trim().is_empty() {
        format!("roles {roles}: {from_env} (KEEL_ADMIN_EMAILS) get(s) them all at sign-up")
    } else {
        format!(
            "roles {roles}: nobody holds them yet; restart with --admin YOUR_EMAIL and sign up with it to get them all (admins grant roles to others)"
        )
    })
}

/// Builds the services (and the web app) unless `--no-build`, and answers
/// where each part's binary is: this app's own copy in `.keel/bin`.
fn binaries(
    options: &Options,
    dir: &Path,
    parts: &[Part],
    stop: &AtomicBool,
) -> Result<BTreeMap<String, PathBuf>, UpError> {
    let interrupted = |e: String| {
        if stop.load(Ordering::Relaxed) {
            UpError::Interrupted
        } else {
            UpError::Failed(e)
        }
    };
    let names: Vec<String> = parts.iter().map(|p| p.name.clone()).collect();
    let kept = dir.join(".keel/bin").join(options.profile.dir());
    if options.build {
        let target = build::binaries_dir(dir, options.profile).map_err(UpError::Failed)?;
        let started = Instant::now();
        say(&format!(
            "building the services ({} profile)…",
            options.profile.name()
        ));
        build::cargo_build(dir, options.profile, options.progress, stop).map_err(interrupted)?;
        build::keep_binaries(&target, &names, &kept).map_err(UpError::Failed)?;
        say(&format!(
            "services built in {:.1} s",
            started.elapsed().as_secs_f64()
        ));
        let web = dir.join("web");
        if web.join("package.json").is_file() {
            build_web(&web, stop).map_err(interrupted)?;
        }
    }
    let binaries: BTreeMap<String, PathBuf> = names
        .iter()
        .map(|name| (name.clone(), kept.join(name)))
        .collect();
    if let Some((name, path)) = binaries.iter().find(|(_, p)| !p.is_file()) {
        return Err(UpError::Failed(format!(
            "no binary for {name} at {} — run `keel up` once without --no-build",
            path.display()
        )));
    }
    Ok(binaries)
}

/// Each service's database, ready for its app role.
fn provision(cluster: &keel_pg::Cluster, dir: &Path, parts: &[Part]) -> Result<(), UpError> {
    for part in parts {
        let Some(db) = &part.database else { continue };
        let migrations =
            database::migrations(&dir.join(&db.migrations)).map_err(UpError::Failed)?;
        let done = database::provision(cluster, db, &migrations).map_err(UpError::Failed)?;
        say(&format!(
            "{:<width$} database {}: {}",
            part.name,
            db.name,
            describe(&done),
            width = name_width(parts)
        ));
    }
    Ok(())
}

/// The JWT key pair: kept in `--data` and reused, else a new one.
fn key_pair(options: &Options, identity: &Path) -> Result<keys::KeyPair, UpError> {
    let Some(data) = &options.data else {
        return keys::generate(identity).map_err(UpError::Failed);
    };
    let (pair, made) =
        keys::load_or_generate(&data.join("keys"), identity).map_err(UpError::Failed)?;
    say(&format!(
        "JWT key pair {} {}",
        if made {
            "made and kept in"
        } else {
            "reused from"
        },
        data.join("keys").display()
    ));
    Ok(pair)
}

fn name_width(parts: &[Part]) -> usize {
    parts.iter().map(|p| p.name.len()).max().unwrap_or(0)
}

fn describe(done: &database::Provisioned) -> String {
    let mut words = Vec::new();
    if done.created {
        words.push("created".to_owned());
    }
    if !done.applied.is_empty() {
        words.push(format!("applied {}", done.applied.join(", ")));
    }
    if done.already_applied > 0 {
        words.push(format!(
            "{} migration(s) already applied",
            done.already_applied
        ));
    }
    if words.is_empty() {
        words.push("no migrations".to_owned());
    }
    words.join(", ")
}

/// A generated app has the workspace, a crate per part and the migrations;
/// anything else is bad input (exit 2), said with what to do.
fn check_generated(dir: &Path, parts: &[Part]) -> Result<(), UpError> {
    let missing = |what: &str| {
        UpError::BadInput(format!(
            "{} is not a generated app: {what} is missing (run `keel generate {}` first)",
            dir.display(),
            dir.display()
        ))
    };
    if !dir.join("Cargo.toml").is_file() {
        return Err(missing("Cargo.toml"));
    }
    for part in parts {
        let krate = format!("services/{}/Cargo.toml", part.name);
        if !dir.join(&krate).is_file() {
            return Err(missing(&krate));
        }
        if let Some(db) = &part.database
            && !dir.join(&db.migrations).is_dir()
        {
            return Err(missing(&db.migrations));
        }
    }
    Ok(())
}

/// As root, PostgreSQL runs as the `postgres` user, which must be able to
/// reach `--data`: every existing folder on the way must let others pass
/// (`o+x`). Said before anything is built, with what to do.
fn check_data_dir(data: &Path) -> Result<(), UpError> {
    use std::os::unix::fs::MetadataExt;
    if !rustix::process::geteuid().is_root() {
        return Ok(());
    }
    let data = std::path::absolute(data)
        .map_err(|e| UpError::BadInput(format!("--data {}: {e}", data.display())))?;
    let postgres = std::fs::read_to_string("/etc/passwd")
        .ok()
        .and_then(|passwd| {
            passwd
                .lines()
                .find_map(|l| l.strip_prefix("postgres:"))
                .and_then(|rest| rest.split(':').nth(1)?.parse::<u32>().ok())
        });
    for folder in data.ancestors() {
        let Ok(meta) = std::fs::metadata(folder) else {
            continue;
        };
        if Some(meta.uid()) == postgres || meta.mode() & 0o001 != 0 {
            continue;
        }
        return Err(UpError::BadInput(format!(
            "--data {}: PostgreSQL runs as the postgres user, which cannot enter {} (mode {:o}); \
             choose a folder it can reach (under /var/tmp, or your app's folder), or `chmod o+x {}`",
            data.display(),
            folder.display(),
            meta.mode() & 0o777,
            folder.display()
        )));
    }
    Ok(())
}

fn check_ports(parts: &[Part]) -> Result<(), UpError> {
    let taken: Vec<String> = parts
        .iter()
        .filter_map(|p| ports::check(p.port, &p.name).err())
        .collect();
    if taken.is_empty() {
        return Ok(());
    }
    Err(UpError::Failed(format!(
        "{}\nstop what holds it, or move the whole system with --port (the gateway's port; the services follow it)",
        taken.join("\n")
    )))
}

fn build_web(web: &Path, stop: &AtomicBool) -> Result<(), String> {
    let Some(npm) = web::find_npm() else {
        say("warning: npm is not installed (Node.js 20 with npm); the web app is not built");
        return Ok(());
    };
    let started = Instant::now();
    match web::build(web, &npm, stop, &|line| say(line))? {
        web::Outcome::UpToDate => say("web app up to date"),
        web::Outcome::Built { .. } => say(&format!(
            "web app built in {:.1} s",
            started.elapsed().as_secs_f64()
        )),
    }
    Ok(())
}

fn start_database(data: Option<&Path>) -> Result<keel_pg::Cluster, String> {
    let started = Instant::now();
    let cluster = match data {
        Some(data) => {
            let port = keel_pg::free_port().map_err(|e| e.to_string())?;
            keel_pg::Cluster::start_in(&data.join("postgres/data"), port)
        }
        None => keel_pg::Cluster::start_temporary(),
    }
    .map_err(|e| format!("cannot start PostgreSQL: {e}"))?;
    say(&format!(
        "PostgreSQL on 127.0.0.1:{} ({}), started in {:.1} s",
        cluster.port(),
        match data {
            Some(d) => format!("data in {}", d.join("postgres/data").display()),
            None => "temporary".to_owned(),
        },
        started.elapsed().as_secs_f64()
    ));
    Ok(cluster)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_data_folder_postgres_cannot_reach_is_refused_with_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let closed = dir.path().join("closed");
        std::fs::create_dir(&closed).unwrap();
        std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o700)).unwrap();
        let verdict = check_data_dir(&closed.join("data"));
        if rustix::process::geteuid().is_root() {
            let Err(UpError::BadInput(message)) = verdict else {
                panic!("refused as bad input");
            };
            assert!(
                message.contains(&format!("cannot enter {}", closed.display())),
                "{message}"
            );
            assert!(message.contains("chmod o+x"), "{message}");
            std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o711)).unwrap();
            assert!(check_data_dir(&closed.join("data")).is_ok());
        } else {
            // PostgreSQL then runs as this user, who owns the folder.
            assert!(verdict.is_ok());
        }
    }

    #[test]
    fn the_roles_hint_names_who_gets_them() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/recipes/keel.yaml"
        ))
        .unwrap();
        let blueprint = keel_blueprint::check(&keel_blueprint::SourceFile::new("keel.yaml", text))
            .unwrap()
            .blueprint;
        let hint = roles_hint(&blueprint, &["me@example.com".to_owned()]).unwrap();
        assert_eq!(
            hint,
            "roles admin: me@example.com get(s) them all at sign-up"
        );
    }
}
