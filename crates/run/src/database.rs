//! Each service's database on the local cluster, the way the Helm
//! migration job (`deploy/helm/<app>/files/migrate.sh`) prepares it: the
//! database created once, every `db/<service>/*.sql` applied once and in
//! order, recorded with its SHA-256 in `public.keel_migrations` (a file
//! changed after it was applied stops the run), then `LOGIN` for the app
//! role. The cluster uses trust authentication on loopback only, so the
//! role needs no password.

use std::path::{Path, PathBuf};

use keel_pg::Cluster;
use sha2::{Digest, Sha256};

use crate::plan::Database;

/// The superuser of the local cluster.
const ADMIN: &str = "postgres";

const MIGRATIONS_TABLE: &str = "CREATE TABLE IF NOT EXISTS public.keel_migrations (
    version text PRIMARY KEY,
    sha256 text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now())";

/// One migration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    /// The file name without `.sql`: `0001_init`.
    pub version: String,
    pub path: PathBuf,
    pub sha256: String,
}

/// What provisioning did to one database.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Provisioned {
    pub created: bool,
    pub applied: Vec<String>,
    pub already_applied: usize,
}

/// The migrations of a service in the order they apply (by file name).
pub fn migrations(dir: &Path) -> Result<Vec<Migration>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sql") && p.is_file())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let bytes =
                std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            Ok(Migration {
                version: path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                sha256: format!("{:x}", Sha256::digest(&bytes)),
                path,
            })
        })
        .collect()
}

/// Creates the database if needed, applies the migrations not applied yet,
/// and lets the app role log in.
pub fn provision(
    cluster: &Cluster,
    database: &Database,
    migrations: &[Migration],
) -> Result<Provisioned, String> {
    let mut done = Provisioned::default();
    let name = &database.name;
    let exists = query(
        cluster,
        ADMIN,
        &format!(
            "SELECT 1 FROM pg_database WHERE datname = {}",
            literal(name)
        ),
    )?;
    if exists != "1" {
        query(cluster, ADMIN, &format!("CREATE DATABASE \"{name}\""))?;
        done.created = true;
    }
    cluster
        .psql(ADMIN, name, MIGRATIONS_TABLE)
        .map_err(|e| format!("{name}: {e}"))?;
    for migration in migrations {
        let applied = cluster
            .psql(
                ADMIN,
                name,
                &format!(
                    "SELECT sha256 FROM public.keel_migrations WHERE version = {}",
                    literal(&migration.version)
                ),
            )
            .map_err(|e| format!("{name}: {e}"))?;
        if applied == migration.sha256 {
            done.already_applied += 1;
            continue;
        }
        if !applied.is_empty() {
            return Err(format!(
                "{} was changed after it was applied to {name}; add a new migration instead \
                 (or start from an empty database: without --data, or with a new --data directory)",
                migration.path.display()
            ));
        }
        // As migrate.sh does: the file (a transaction of its own: the
        // generated migrations are wrapped in BEGIN/COMMIT), then its
        // record; ON_ERROR_STOP keeps a failed file from being recorded.
        let record = format!(
            "INSERT INTO public.keel_migrations (version, sha256) VALUES ({}, {})",
            literal(&migration.version),
            literal(&migration.sha256)
        );
        cluster
            .psql_with(
                ADMIN,
                name,
                &["-f", &migration.path.display().to_string(), "-c", &record],
            )
            .map_err(|e| format!("applying {}: {e}", migration.path.display()))?;
        done.applied.push(migration.version.clone());
    }
    cluster
        .psql(
            ADMIN,
            name,
            &format!("ALTER ROLE \"{}\" LOGIN", database.app_role),
        )
        .map_err(|e| format!("{name}: {e}"))?;
    Ok(done)
}

fn query(cluster: &Cluster, user: &str, sql: &str) -> Result<String, String> {
    cluster
        .psql(user, "postgres", sql)
        .map_err(|e| e.to_string())
}

/// An SQL string literal.
fn literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_ordered_by_name_and_hashed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("0002_more.sql"), "SELECT 2;").unwrap();
        std::fs::write(dir.path().join("0001_init.sql"), "SELECT 1;").unwrap();
        std::fs::write(dir.path().join("README.md"), "not a migration").unwrap();
        let found = migrations(dir.path()).unwrap();
        let versions: Vec<&str> = found.iter().map(|m| m.version.as_str()).collect();
        assert_eq!(versions, ["0001_init", "0002_more"]);
        // The same hash `sha256sum` prints, which is what migrate.sh records.
        let out = std::process::Command::new("sha256sum")
            .arg(dir.path().join("0001_init.sql"))
            .output()
            .unwrap();
        let printed = String::from_utf8(out.stdout).unwrap();
        assert_eq!(
            printed.split_whitespace().next(),
            Some(found[0].sha256.as_str())
        );
        assert_eq!(literal("it's"), "'it''s'");
    }

    #[test]
    fn applies_each_migration_once_records_it_and_lets_the_app_role_log_in() {
        let cluster = keel_pg::Cluster::start_temporary().expect("PostgreSQL 15 binaries");
        let dir = tempfile::tempdir().unwrap();
        let first = "BEGIN;\n\
            DO $r$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'demo_app') \
            THEN CREATE ROLE demo_app NOLOGIN; END IF; END $r$;\n\
            CREATE TABLE notes (id int PRIMARY KEY);\n\
            GRANT SELECT ON notes TO demo_app;\nCOMMIT;\n";
        std::fs::write(dir.path().join("0001_init.sql"), first).unwrap();
        let db = Database {
            name: "demo_notes".into(),
            app_role: "demo_app".into(),
            migrations: "db/notes".into(),
        };
        let done = provision(&cluster, &db, &migrations(dir.path()).unwrap()).unwrap();
        assert!(done.created);
        assert_eq!(done.applied, ["0001_init"]);
        let recorded = cluster
            .psql(
                "postgres",
                "demo_notes",
                "SELECT version || ' ' || sha256 FROM keel_migrations",
            )
            .unwrap();
        let sha = &migrations(dir.path()).unwrap()[0].sha256;
        assert_eq!(recorded, format!("0001_init {sha}"));
        // The app role logs in and reads what it was granted.
        assert_eq!(
            cluster
                .psql("demo_app", "demo_notes", "SELECT count(*) FROM notes")
                .unwrap(),
            "0"
        );

        // A second run changes nothing.
        let again = provision(&cluster, &db, &migrations(dir.path()).unwrap()).unwrap();
        assert_eq!(
            again,
            Provisioned {
                created: false,
                applied: vec![],
                already_applied: 1
            }
        );

        // A failing migration is not recorded, and stops the run.
        std::fs::write(
            dir.path().join("0002_bad.sql"),
            "SELECT * FROM missing_table;",
        )
        .unwrap();
        let err = provision(&cluster, &db, &migrations(dir.path()).unwrap()).unwrap_err();
        assert!(err.contains("0002_bad.sql"), "{err}");
        assert_eq!(
            cluster
                .psql(
                    "postgres",
                    "demo_notes",
                    "SELECT count(*) FROM keel_migrations"
                )
                .unwrap(),
            "1"
        );
        std::fs::remove_file(dir.path().join("0002_bad.sql")).unwrap();

        // An applied file that changed stops the run instead of being skipped.
        std::fs::write(
            dir.path().join("0001_init.sql"),
            format!("{first}-- edited\n"),
        )
        .unwrap();
        let err = provision(&cluster, &db, &migrations(dir.path()).unwrap()).unwrap_err();
        assert!(
            err.contains("was changed after it was applied to demo_notes"),
            "{err}"
        );
    }
}
