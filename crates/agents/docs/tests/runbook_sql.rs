//! The runbook's SQL procedures work: each is run, as the runbook says, as a
//! superuser on a real identity database built by the generated migration.

use std::path::PathBuf;

use keel_blueprint::{Blueprint, SourceFile};
use keel_generate::events::Quiet;
use keel_generate::{Agent, FileSet};
use keel_pg::Cluster;

fn example(name: &str) -> Blueprint {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../examples")
        .join(name)
        .join("keel.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    keel_blueprint::check(&SourceFile::new(path.display().to_string(), text))
        .unwrap()
        .blueprint
}

fn generate(bp: &Blueprint) -> FileSet {
    let agents: [&dyn Agent; 2] = [
        &keel_agent_database::DatabaseAgent,
        &keel_agent_docs::DocsAgent,
    ];
    keel_generate::run(bp, &agents, &Quiet).unwrap()
}

/// The first ```sql block after a heading of the runbook.
fn procedure(runbook: &str, heading: &str) -> String {
    let section = &runbook[runbook
        .find(heading)
        .unwrap_or_else(|| panic!("no `{heading}`"))..];
    let start = section.find("```sql\n").expect("a sql block") + "```sql\n".len();
    let end = start + section[start..].find("```").unwrap();
    section[start..end].to_owned()
}

/// An identity database with two users, each with a live refresh token.
fn identity(cluster: &Cluster, bp: &Blueprint, files: &FileSet) -> String {
    let db = bp.database_name("identity");
    cluster.create_database(&db).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("identity.sql");
    std::fs::write(
        &path,
        files
            .text(&keel_agent_database::migration_path("identity"))
            .unwrap(),
    )
    .unwrap();
    cluster.psql_file("postgres", &db, &path).unwrap();
    cluster
        .psql(
            "postgres",
            &db,
            "INSERT INTO users (email, password_hash, display_name) VALUES \
             ('someone@example.com', 'x', 'Someone'), ('other@example.com', 'x', 'Other'); \
             INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at) \
             SELECT id, gen_random_uuid(), md5(email) || md5(email), now() + interval '30 days' FROM users;",
        )
        .unwrap();
    db
}

fn live_tokens(cluster: &Cluster, db: &str, email: &str) -> String {
    cluster
        .psql(
            "postgres",
            db,
            &format!(
                "SELECT count(*) FROM refresh_tokens t JOIN users u ON u.id = t.user_id \
                 WHERE u.email = '{email}' AND t.revoked_at IS NULL"
            ),
        )
        .unwrap()
}

#[test]
fn session_revocation_and_role_grants_do_what_the_runbook_says() {
    let cluster = Cluster::start_temporary().unwrap();
    for name in ["recipes", "blog"] {
        let bp = example(name);
        let files = generate(&bp);
        let runbook = files.text(keel_agent_docs::RUNBOOK).unwrap();
        let db = identity(&cluster, &bp, &files);

        // One user signed out everywhere; the other keeps their session.
        cluster
            .psql("postgres", &db, &procedure(runbook, "### A stolen session"))
            .unwrap();
        assert_eq!(live_tokens(&cluster, &db, "someone@example.com"), "0");
        assert_eq!(live_tokens(&cluster, &db, "other@example.com"), "1");

        // After a leaked key, every session goes.
        cluster
            .psql(
                "postgres",
                &db,
                &procedure(runbook, "### Rotating the token signing key"),
            )
            .unwrap();
        assert_eq!(live_tokens(&cluster, &db, "other@example.com"), "0");

        // Granting a role: the trigger refuses a plain update, even from a
        // superuser, and accepts the runbook's transaction, twice.
        let role = if bp.roles.iter().any(|r| r == "admin") {
            "admin"
        } else {
            bp.roles[0].as_str()
        };
        let plain = format!(
            "UPDATE users SET roles = array_append(roles, '{role}') WHERE email = 'someone@example.com'"
        );
        assert!(cluster.psql("postgres", &db, &plain).is_err(), "{name}");
        let grant = procedure(runbook, "### Granting a role");
        cluster.psql("postgres", &db, &grant).unwrap();
        cluster.psql("postgres", &db, &grant).unwrap();
        let roles = cluster
            .psql(
                "postgres",
                &db,
                "SELECT array_to_string(roles, ',') FROM users WHERE email = 'someone@example.com'",
            )
            .unwrap();
        assert_eq!(roles, role, "{name}");
    }
}
