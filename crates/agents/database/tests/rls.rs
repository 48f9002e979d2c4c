//! The generated migrations against a real PostgreSQL: they apply cleanly,
//! and row-level security keeps users and tenants apart when connected as
//! the application role.

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
        .expect("examples are valid")
        .blueprint
}

fn migrations(blueprint: &Blueprint) -> FileSet {
    let agents: [&dyn Agent; 1] = [&keel_agent_database::DatabaseAgent];
    keel_generate::run(blueprint, &agents, &Quiet).unwrap()
}

/// A blueprint written in the test.
fn checked(yaml: &str) -> Blueprint {
    keel_blueprint::check(&SourceFile::new("keel.yaml", yaml))
        .expect("a valid blueprint")
        .blueprint
}

/// The text of `service`'s migration.
fn migration_of(blueprint: &Blueprint, service: &str) -> String {
    migrations(blueprint)
        .text(&keel_agent_database::migration_path(service))
        .unwrap()
        .to_owned()
}

/// Applies every service's migration to its own database and lets the app
/// roles log in.
fn install(cluster: &Cluster, blueprint: &Blueprint) {
    let files = migrations(blueprint);
    let dir = tempfile::tempdir().unwrap();
    for service in &blueprint.services {
        let db = blueprint.database_name(&service.name);
        cluster.create_database(&db).unwrap();
        let path = dir.path().join(format!("{}.sql", service.name));
        std::fs::write(
            &path,
            files
                .text(&keel_agent_database::migration_path(&service.name))
                .unwrap(),
        )
        .unwrap();
        // World-readable so that psql run as another user can read it.
        cluster
            .psql_file("postgres", &db, &path)
            .unwrap_or_else(|e| panic!("{}: {e}", service.name));
        cluster
            .psql(
                "postgres",
                &db,
                &format!("ALTER ROLE {} LOGIN", blueprint.app_role(&service.name)),
            )
            .unwrap();
    }
}

/// Runs `sql` as the app role of `service`, in a transaction that sets who
/// is asking (as the service does), and returns the last result.
struct As<'a> {
    cluster: &'a Cluster,
    role: String,
    db: String,
}

impl As<'_> {
    fn run(&self, user: &str, roles: &str, tenant: &str, sql: &str) -> Result<String, String> {
        let settings = [
            format!("SET LOCAL app.user_id = '{user}'"),
            format!("SET LOCAL app.roles = '{roles}'"),
            format!("SET LOCAL app.tenant_id = '{tenant}'"),
        ];
        let mut commands: Vec<&str> = vec!["BEGIN"];
        commands.extend(settings.iter().map(String::as_str));
        commands.push(sql);
        commands.push("COMMIT");
        self.cluster
            .psql_commands(&self.role, &self.db, &commands)
            .map_err(|e| e.to_string())
    }

    fn count(&self, user: &str, roles: &str, tenant: &str, sql: &str) -> i64 {
        let out = self
            .run(
                user,
                roles,
                tenant,
                &format!("WITH r AS ({sql} RETURNING 1) SELECT count(*) FROM r"),
            )
            .unwrap();
        out.lines().last().unwrap().trim().parse().unwrap()
    }

    fn select_count(&self, user: &str, roles: &str, tenant: &str, sql: &str) -> i64 {
        let out = self
            .run(
                user,
                roles,
                tenant,
                &format!("SELECT count(*) FROM ({sql}) AS q"),
            )
            .unwrap();
        out.lines().last().unwrap().trim().parse().unwrap()
    }
}

const A: &str = "00000000-0000-4000-8000-00000000000a";
const B: &str = "00000000-0000-4000-8000-00000000000b";
const C: &str = "00000000-0000-4000-8000-00000000000c";
const T1: &str = "10000000-0000-4000-8000-000000000001";
const T2: &str = "20000000-0000-4000-8000-000000000002";

fn cluster() -> Cluster {
    Cluster::start_temporary().expect("a throw-away PostgreSQL (set PG_BIN if it is not found)")
}

#[test]
fn every_example_migration_applies_cleanly() {
    let cluster = cluster();
    for example_name in ["recipes", "projects", "marketplace", "blog"] {
        let blueprint = example(example_name);
        install(&cluster, &blueprint);
        for service in &blueprint.services {
            let db = blueprint.database_name(&service.name);
            let bypass = cluster
                .psql(
                    "postgres",
                    &db,
                    &format!(
                        "SELECT rolbypassrls FROM pg_roles WHERE rolname = '{}'",
                        blueprint.app_role(&service.name)
                    ),
                )
                .unwrap();
            assert_eq!(
                bypass, "f",
                "{example_name}/{}: the app role must not bypass RLS",
                service.name
            );
            let unprotected = cluster
                .psql(
                    "postgres",
                    &db,
                    "SELECT string_agg(relname, ',') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                     WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT (c.relrowsecurity AND c.relforcerowsecurity)",
                )
                .unwrap();
            assert_eq!(
                unprotected, "",
                "{example_name}/{}: tables without forced RLS",
                service.name
            );
        }
    }
}

#[test]
fn users_cannot_see_change_or_forge_each_others_rows() {
    let cluster = cluster();
    let blueprint = example("recipes");
    install(&cluster, &blueprint);
    let community = As {
        cluster: &cluster,
        role: blueprint.app_role("community"),
        db: blueprint.database_name("community"),
    };
    let cookbook = As {
        cluster: &cluster,
        role: blueprint.app_role("cookbook"),
        db: blueprint.database_name("cookbook"),
    };

    // A follows someone: follows are readable by signed-in users only.
    let follow = format!("INSERT INTO follows (author_id) VALUES ('{C}')");
    assert_eq!(community.count(A, "", "", &follow), 1);
    assert_eq!(
        community.select_count(B, "", "", "SELECT * FROM follows"),
        1
    );
    assert_eq!(
        community.select_count("", "", "", "SELECT * FROM follows"),
        0,
        "anonymous sees no follows"
    );
    // B cannot delete A's follow, nor insert one in A's name.
    assert_eq!(community.count(B, "", "", "DELETE FROM follows"), 0);
    let forged = community.run(
        B,
        "",
        "",
        &format!("INSERT INTO follows (owner_id, author_id) VALUES ('{A}', '{C}')"),
    );
    assert!(
        forged.unwrap_err().contains("row-level security"),
        "B cannot insert a row owned by A"
    );

    // Recipes are public to read; only the owner (or an admin) edits them.
    let recipe = "INSERT INTO recipes (title) VALUES ('Soup')";
    assert_eq!(cookbook.count(A, "", "", recipe), 1);
    assert_eq!(
        cookbook.select_count("", "", "", "SELECT * FROM recipes"),
        1,
        "public read"
    );
    assert_eq!(
        cookbook.count(B, "", "", "UPDATE recipes SET title = 'Mine now'"),
        0
    );
    assert_eq!(cookbook.count(B, "", "", "DELETE FROM recipes"), 0);
    assert_eq!(
        cookbook.count(A, "", "", "UPDATE recipes SET title = 'Better soup'"),
        1
    );
    assert_eq!(
        cookbook.count(B, "admin", "", "UPDATE recipes SET title = 'Moderated'"),
        1
    );
    // Ownership cannot be moved.
    let steal = cookbook.run(A, "", "", &format!("UPDATE recipes SET owner_id = '{B}'"));
    assert!(steal.unwrap_err().contains("cannot change"));

    // Children inherit: B cannot add an ingredient to A's recipe; A can.
    let ingredient =
        "INSERT INTO ingredients (recipe_id, name, position) SELECT id, 'Salt', 1 FROM recipes";
    assert!(
        cookbook
            .run(B, "", "", ingredient)
            .unwrap_err()
            .contains("row-level security")
    );
    assert_eq!(cookbook.count(A, "", "", ingredient), 1);
    assert_eq!(
        cookbook.select_count("", "", "", "SELECT * FROM ingredients"),
        1,
        "readable like its recipe"
    );
    assert_eq!(cookbook.count(B, "", "", "DELETE FROM ingredients"), 0);

    // The state machine: only the owner publishes; no skipping states.
    assert_eq!(
        cookbook.count(B, "", "", "UPDATE recipes SET status = 'published'"),
        0
    );
    let skip = cookbook.run(
        A,
        "",
        "",
        "UPDATE recipes SET status = 'draft' WHERE status = 'draft' AND false",
    );
    assert!(skip.is_ok());
    assert_eq!(
        cookbook.count(A, "", "", "UPDATE recipes SET status = 'published'"),
        1
    );
    let back = cookbook.run(A, "", "", "UPDATE recipes SET status = 'draft'");
    assert!(
        back.unwrap_err().contains("no transition"),
        "published → draft is not a transition"
    );
    let sneaky = cookbook.run(
        A,
        "",
        "",
        "UPDATE recipes SET status = 'archived', title = 'Sneaky'",
    );
    assert!(sneaky.unwrap_err().contains("changes only status"));
    // A new row always starts in the initial state.
    let skipped = cookbook.run(
        A,
        "",
        "",
        "INSERT INTO recipes (title, status) VALUES ('Cake', 'published')",
    );
    assert!(skipped.unwrap_err().contains("row-level security"));
}

#[test]
fn tenants_never_see_each_other() {
    let cluster = cluster();
    let blueprint = example("projects");
    install(&cluster, &blueprint);
    let work = As {
        cluster: &cluster,
        role: blueprint.app_role("work"),
        db: blueprint.database_name("work"),
    };

    assert_eq!(
        work.count(
            A,
            "member",
            T1,
            "INSERT INTO projects (name) VALUES ('Website')"
        ),
        1
    );
    assert_eq!(
        work.count(
            C,
            "member",
            T2,
            "INSERT INTO projects (name) VALUES ('Website')"
        ),
        1,
        "names are unique per tenant"
    );
    assert_eq!(
        work.select_count(A, "member", T1, "SELECT * FROM projects"),
        1
    );
    assert_eq!(
        work.select_count(
            C,
            "admin",
            T2,
            "SELECT * FROM projects WHERE owner_id <> keel.current_user_id()"
        ),
        0
    );
    // Even an admin of T2 cannot touch T1's rows.
    assert_eq!(
        work.count(
            C,
            "admin",
            T2,
            "DELETE FROM projects WHERE owner_id = '00000000-0000-4000-8000-00000000000a'"
        ),
        0
    );
    assert_eq!(
        work.count(
            C,
            "admin",
            T2,
            "UPDATE projects SET name = 'x' WHERE owner_id <> keel.current_user_id()"
        ),
        0
    );
    // Nor write into T1 by naming it.
    let forged = work.run(
        C,
        "admin",
        T2,
        &format!("INSERT INTO projects (tenant_id, name) VALUES ('{T1}', 'Forged')"),
    );
    assert!(forged.unwrap_err().contains("row-level security"));
    // Nor point at T1's rows: a foreign key carries the tenant.
    let t1_project = cluster
        .psql(
            "postgres",
            &blueprint.database_name("work"),
            &format!("SELECT id FROM projects WHERE tenant_id = '{T1}'"),
        )
        .unwrap();
    let cross = work.run(
        C,
        "admin",
        T2,
        &format!(
            "INSERT INTO tasks (project_id, title) VALUES ('{}', 'Sneaky')",
            t1_project.trim()
        ),
    );
    assert!(
        cross
            .unwrap_err()
            .contains("violates foreign key constraint"),
        "a task in T2 cannot belong to T1's project"
    );
    // Without a tenant, nothing at all.
    assert_eq!(
        work.select_count(A, "member", "", "SELECT * FROM projects"),
        0
    );

    // Identity: a user sees only their own account outside the auth flows.
    let identity = As {
        cluster: &cluster,
        role: blueprint.app_role("identity"),
        db: blueprint.database_name("identity"),
    };
    let sign_up = |email: &str| {
        format!(
            "INSERT INTO users (email, password_hash, display_name) SELECT '{email}', 'x', 'X' FROM (SELECT set_config('app.auth_flow', 'on', true)) AS flow"
        )
    };
    identity.run("", "", "", &sign_up("a@example.com")).unwrap();
    identity.run("", "", "", &sign_up("b@example.com")).unwrap();
    let outside_flow = identity.run(
        "",
        "",
        "",
        "INSERT INTO users (email, password_hash, display_name) VALUES ('c@example.com', 'x', 'X')",
    );
    assert!(
        outside_flow.unwrap_err().contains("row-level security"),
        "sign-up only inside the auth flow"
    );
    let a_id = identity
        .run("", "", "", "SELECT id FROM (SELECT set_config('app.auth_flow', 'on', true)) AS flow, users WHERE email = 'a@example.com'")
        .unwrap();
    assert_eq!(
        identity.select_count(a_id.trim(), "", "", "SELECT * FROM users"),
        1
    );
    assert_eq!(identity.select_count("", "", "", "SELECT * FROM users"), 0);
}

#[test]
fn an_index_the_blueprint_asks_on_a_reference_applies_once() {
    // (multi-tenant: the reference's own index puts tenant_id last, the
    // blueprint's puts it first; both were once written under one name)
    let yaml = r#"
keel: 1
app: steps
auth: { roles: [admin] }
tenancy: organization
services:
  identity: { builtin: auth }
  challenges: { entities: [Team, Participant] }
entities:
  Team:
    fields: { name: { type: string, required: true, max: 80 } }
    access: { read: tenant_member, create: tenant_member, update: tenant_member, delete: tenant_member }
  Participant:
    owner: User
    references: { team: Team? }
    fields: { display_name: { type: string, max: 80 } }
    access: { read: tenant_member, create: tenant_member, update: owner, delete: owner }
    indexes: [[team], [team, display_name]]
"#;
    let blueprint = checked(yaml);
    let sql = migration_of(&blueprint, "challenges");
    assert_eq!(sql.matches("participants_team_id_idx ").count(), 1, "{sql}");
    assert!(
        sql.contains("participants_team_id_display_name_idx"),
        "{sql}"
    );
    install(&cluster(), &blueprint);
}

#[test]
fn a_reference_back_from_a_parent_to_its_child_applies() {
    // (a bounty's winning claim is one of the bounty's own claims: the
    // reference is added once both tables exist, the parent key inline)
    for tenancy in ["", "tenancy: organization\n"] {
        let yaml = format!(
            r#"
keel: 1
app: bounties
auth: {{ roles: [admin] }}
{tenancy}services:
  identity: {{ builtin: auth }}
  bounties: {{ entities: [Bounty, Claim] }}
entities:
  Bounty:
    owner: User
    references: {{ winning_claim: Claim? }}
    fields: {{ title: {{ type: string, required: true, max: 80 }} }}
    access: {{ read: signed_in, create: signed_in, update: owner, delete: owner }}
  Claim:
    owner: User
    belongs_to: Bounty
    fields: {{ message: {{ type: text, max: 200 }} }}
    access: {{ read: signed_in, create: signed_in, update: owner, delete: owner }}
"#
        );
        let blueprint = checked(&yaml);
        let sql = migration_of(&blueprint, "bounties");
        assert!(
            sql.find("CREATE TABLE bounties") < sql.find("CREATE TABLE claims"),
            "{sql}"
        );
        assert!(
            sql.contains("ALTER TABLE bounties ADD CONSTRAINT bounties_winning_claim_id_fkey"),
            "{sql}"
        );
        install(&cluster(), &blueprint);
    }
}
