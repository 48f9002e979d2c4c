//! The migration script of the chart and of compose (files/migrate.sh)
//! against a real PostgreSQL: it creates each service's database, applies
//! each migration once, lets the app roles log in, and refuses a migration
//! changed after it was applied.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{example, generate};
use keel_agent_devops::chart_dir;
use keel_blueprint::Blueprint;
use keel_generate::FileSet;
use keel_pg::Cluster;

fn run_script(cluster: &Cluster, script: &Path, migrations: &Path) -> (bool, String) {
    let bin = keel_pg::bin_dir().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut command = Command::new("sh");
    command
        .arg(script)
        .env("PATH", path)
        .env("PGHOST", "127.0.0.1")
        .env("PGPORT", cluster.port().to_string())
        .env("PGUSER", "postgres")
        .env("MIGRATIONS_DIR", migrations);
    for service in ["IDENTITY", "WORK", "TIMESHEETS"] {
        command.env(format!("{service}_DATABASE_PASSWORD"), "0123abcd");
    }
    let out = command.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// The chart's migrate.sh, written into `dir`.
fn write_script(dir: &Path, blueprint: &Blueprint, files: &FileSet) -> PathBuf {
    let script = dir.join("migrate.sh");
    let text = files
        .text(&format!("{}/files/migrate.sh", chart_dir(blueprint)))
        .unwrap();
    std::fs::write(&script, text).unwrap();
    script
}

#[test]
fn migrates_each_database_once_and_lets_the_app_roles_log_in() {
    let blueprint = example("projects");
    let files = generate(&blueprint);
    let dir = tempfile::tempdir().unwrap();
    let script = write_script(dir.path(), &blueprint, &files);
    let migrations = dir.path().join("migrations");
    for service in &blueprint.services {
        let path = format!("db/{}/0001_init.sql", service.name);
        let target = migrations.join(&service.name);
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("0001_init.sql"), files.text(&path).unwrap()).unwrap();
    }
    let cluster = Cluster::start_temporary().unwrap();

    let (ok, output) = run_script(&cluster, &script, &migrations);
    assert!(ok, "{output}");
    for service in &blueprint.services {
        let db = blueprint.database_name(&service.name);
        let role = blueprint.app_role(&service.name);
        let login = cluster
            .psql(
                "postgres",
                &db,
                &format!(
                    "SELECT rolcanlogin AND rolpassword IS NOT NULL AND NOT rolbypassrls FROM pg_authid WHERE rolname = '{role}'"
                ),
            )
            .unwrap();
        assert_eq!(login.trim(), "t", "{role}");
        let applied = cluster
            .psql(
                "postgres",
                &db,
                "SELECT version FROM public.keel_migrations",
            )
            .unwrap();
        assert_eq!(applied.trim(), "0001_init", "{db}");
    }

    // Again: nothing is applied twice.
    let (ok, output) = run_script(&cluster, &script, &migrations);
    assert!(ok, "{output}");
    assert!(
        output.contains("work: 0001_init already applied"),
        "{output}"
    );

    // A migration edited after it was applied stops the run.
    let edited = migrations.join("work/0001_init.sql");
    let mut text = std::fs::read_to_string(&edited).unwrap();
    text.push_str("\n-- edited\n");
    std::fs::write(&edited, text).unwrap();
    let (ok, output) = run_script(&cluster, &script, &migrations);
    assert!(!ok, "{output}");
    assert!(
        output.contains("was changed after it was applied"),
        "{output}"
    );
}

#[test]
fn a_missing_password_stops_before_touching_the_database() {
    let blueprint = example("recipes");
    let files = generate(&blueprint);
    let dir = tempfile::tempdir().unwrap();
    let script = write_script(dir.path(), &blueprint, &files);
    let out = Command::new("sh")
        .arg(&script)
        .env("PGHOST", "127.0.0.1")
        .env("PGPORT", "1")
        .env_remove("IDENTITY_DATABASE_PASSWORD")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("IDENTITY_DATABASE_PASSWORD is not set"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
