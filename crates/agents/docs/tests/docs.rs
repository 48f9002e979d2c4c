//! The docs are specific to their blueprint, deterministic, consistent with
//! the database agent's schema, and safe against hostile free text.

use std::path::PathBuf;

use keel_blueprint::{Blueprint, SourceFile};
use keel_generate::events::Quiet;
use keel_generate::{Agent, FileSet};

fn blueprint_at(path: PathBuf) -> Blueprint {
    let text = std::fs::read_to_string(&path).unwrap();
    keel_blueprint::check(&SourceFile::new(path.display().to_string(), text))
        .unwrap_or_else(|e| panic!("{} is invalid: {e:?}", path.display()))
        .blueprint
}

fn example(name: &str) -> Blueprint {
    blueprint_at(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../examples")
            .join(name)
            .join("keel.yaml"),
    )
}

fn fixture(name: &str) -> Blueprint {
    blueprint_at(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
}

fn from_yaml(text: &str) -> Blueprint {
    keel_blueprint::check(&SourceFile::new("keel.yaml", text.to_owned()))
        .expect("valid")
        .blueprint
}

fn docs(blueprint: &Blueprint) -> FileSet {
    let agents: [&dyn Agent; 1] = [&keel_agent_docs::DocsAgent];
    keel_generate::run(blueprint, &agents, &Quiet).unwrap()
}

fn text<'a>(files: &'a FileSet, path: &str) -> &'a str {
    files
        .text(path)
        .unwrap_or_else(|| panic!("{path} was not written"))
}

fn adrs(files: &FileSet) -> Vec<String> {
    files
        .paths()
        .filter(|p| p.starts_with("docs/adr/") && !p.ends_with("README.md"))
        .map(str::to_owned)
        .collect()
}

const EXAMPLES: [&str; 4] = ["recipes", "projects", "marketplace", "blog"];

#[test]
fn recipes_show_the_community_to_cookbook_reference_check() {
    let files = docs(&example("recipes"));
    let arch = text(&files, "docs/ARCHITECTURE.md");
    assert!(arch.contains("## Checking a reference across services"));
    assert!(arch.contains("participant C as community"));
    assert!(arch.contains("participant T as cookbook"));
    assert!(arch.contains("C->>T: GET /api/cookbook/recipes/#123;recipe_id#125;"));
    assert!(arch.contains("503 problem+json with Retry-After"));
    // The container diagram draws the service graph's edges, and only them.
    assert!(arch.contains("svc_community -.->|\"checks Recipe ids\"| svc_cookbook"));
    assert!(arch.contains("svc_community -.->|\"checks User ids\"| svc_identity"));
    assert_eq!(arch.matches(" -.->|").count(), 2);
    let db = text(&files, "docs/adr/0002-database-per-service.md");
    assert!(db.contains("| `comments.recipe_id` | community | Recipe (cookbook) | `GET /api/cookbook/recipes/{id}` | yes |"));
    assert!(db.contains("Deleting a recipe neither deletes nor blocks the comments and ratings"));
}

#[test]
fn a_blueprint_without_references_across_services_has_no_such_diagram() {
    let files = docs(&example("blog"));
    let arch = text(&files, "docs/ARCHITECTURE.md");
    assert!(!arch.contains("Checking a reference across services"));
    assert!(!arch.contains(" -.->"));
    assert!(
        text(&files, "docs/adr/0001-service-boundaries.md")
            .contains("No reference crosses a service boundary")
    );
}

#[test]
fn decision_records_follow_the_blueprint() {
    let expected: [(&str, &[&str]); 4] = [
        (
            "recipes",
            &[
                "0001-service-boundaries.md",
                "0002-database-per-service.md",
                "0003-row-level-security.md",
                "0004-token-design.md",
                "0005-file-storage.md",
                "0006-state-machines.md",
            ],
        ),
        (
            "projects",
            &[
                "0001-service-boundaries.md",
                "0002-database-per-service.md",
                "0003-row-level-security.md",
                "0004-token-design.md",
                "0005-multi-tenancy.md",
                "0006-state-machines.md",
            ],
        ),
        (
            "marketplace",
            &[
                "0001-service-boundaries.md",
                "0002-database-per-service.md",
                "0003-row-level-security.md",
                "0004-token-design.md",
                "0005-file-storage.md",
                "0006-payments.md",
                "0007-state-machines.md",
            ],
        ),
        (
            "blog",
            &[
                "0001-service-boundaries.md",
                "0002-database-per-service.md",
                "0003-row-level-security.md",
                "0004-token-design.md",
                "0005-state-machines.md",
            ],
        ),
    ];
    for (name, records) in expected {
        let files = docs(&example(name));
        let found: Vec<String> = adrs(&files)
            .iter()
            .map(|p| p.trim_start_matches("docs/adr/").to_owned())
            .collect();
        assert_eq!(found, records, "{name}");
        let index = text(&files, "docs/adr/README.md");
        for r in records {
            assert!(
                index.contains(&format!("]({r})")),
                "{name}: {r} not indexed"
            );
        }
    }
}

#[test]
fn the_multi_tenancy_record_names_the_tenant_scoped_entities() {
    let files = docs(&example("projects"));
    let adr = text(&files, "docs/adr/0005-multi-tenancy.md");
    assert!(adr.contains("(Project, Task, Comment and TimeEntry)"));
    assert!(adr.contains("Project.name is unique within"));
    assert!(
        text(&files, "docs/ARCHITECTURE.md")
            .contains("Every rule applies within the caller's organization only.")
    );
    assert!(
        !text(&docs(&example("recipes")), "docs/ARCHITECTURE.md").contains("organization only")
    );
}

#[test]
fn a_blueprint_without_states_has_no_state_record_or_diagram() {
    let bp = from_yaml(
        "keel: 1\napp: notes\nservices:\n  identity: { builtin: auth }\n  notes: { entities: [Note] }\nentities:\n  Note:\n    owner: User\n    fields: { body: { type: text, max: 100, required: true } }\n    access: { read: owner, create: signed_in, update: owner, delete: owner }\n",
    );
    let files = docs(&bp);
    assert_eq!(
        adrs(&files),
        vec![
            "docs/adr/0001-service-boundaries.md",
            "docs/adr/0002-database-per-service.md",
            "docs/adr/0003-row-level-security.md",
            "docs/adr/0004-token-design.md",
        ]
    );
    let arch = text(&files, "docs/ARCHITECTURE.md");
    assert!(!arch.contains("stateDiagram-v2"));
    assert!(!arch.contains("Checking a reference across services"));
    let security = text(&files, "docs/SECURITY.md");
    assert!(security.contains("| Note | read | — | own rows |"));
}

#[test]
fn state_diagrams_draw_every_transition() {
    let files = docs(&example("marketplace"));
    let arch = text(&files, "docs/ARCHITECTURE.md");
    assert_eq!(arch.matches("stateDiagram-v2").count(), 2);
    assert!(arch.contains("st_pending --> st_cancelled : cancel by owner or admin"));
    assert!(arch.contains("st_paid --> st_cancelled : cancel by owner or admin"));
    assert!(arch.contains(
        "| mark_paid (pending → paid) | `POST /api/orders/orders/{id}/mark-paid` | `admin` |"
    ));
}

#[test]
fn security_lists_what_each_role_may_do() {
    let files = docs(&example("recipes"));
    let security = text(&files, "docs/SECURITY.md");
    assert!(security.contains("| entity | operation | anonymous | signed-in user | admin |"));
    assert!(security.contains("| Ingredient | update | — | if they own the recipe | yes |"));
    assert!(security.contains("| Recipe | publish (transition) | — | own rows | own rows |"));
    assert!(security.contains("may update any recipe, delete any recipe, archive any recipe, delete any comment and delete any rating"));
    // The blog has roles but no admin: roles are granted by an operator.
    let blog = docs(&example("blog"));
    assert!(text(&blog, "docs/SECURITY.md").contains("Only an operator can grant them"));
}

#[test]
fn the_runbook_knows_which_writes_fail_when_a_service_is_down() {
    let files = docs(&example("marketplace"));
    let runbook = text(&files, "docs/RUNBOOK.md");
    assert!(runbook.contains("- **catalog down**: orders checks `cart_items.product_id`, `orders.shop_id` and `order_items.product_id` through it."));
    assert!(runbook.contains("| orders | `PORT`, `DATABASE_URL`, `JWT_PUBLIC_KEY`, `JWT_ISSUER`, `CATALOG_URL`, `LOG_FORMAT` |"));
    assert!(runbook.contains("After restoring `handmade_catalog` to an earlier point"));
}

#[test]
fn generation_is_deterministic() {
    for name in EXAMPLES {
        let bp = example(name);
        assert_eq!(docs(&bp), docs(&bp), "{name}");
    }
}

/// Column names per table in a migration's `CREATE TABLE` statements.
fn migration_tables(sql: &str) -> Vec<(String, Vec<String>)> {
    let mut tables = Vec::new();
    let mut rest = sql;
    while let Some(start) = rest.find("CREATE TABLE ") {
        let after = &rest[start + "CREATE TABLE ".len()..];
        let name = after.split_whitespace().next().unwrap().to_owned();
        let body_start = after.find('(').unwrap() + 1;
        let body_end = after.find("\n);").unwrap();
        let columns = after[body_start..body_end]
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("--") && !l.starts_with("CONSTRAINT"))
            .map(|l| l.split_whitespace().next().unwrap().to_owned())
            .collect();
        tables.push((name, columns));
        rest = &after[body_end..];
    }
    tables
}

#[test]
fn er_diagrams_show_the_columns_the_database_agent_creates() {
    let fixtures = [fixture("hostile.yaml")];
    for bp in EXAMPLES.iter().map(|n| example(n)).chain(fixtures) {
        let agents: [&dyn Agent; 1] = [&keel_agent_database::DatabaseAgent];
        let db = keel_generate::run(&bp, &agents, &Quiet).unwrap();
        for service in &bp.services {
            let sql = db
                .text(&keel_agent_database::migration_path(&service.name))
                .unwrap();
            let mut from_sql = migration_tables(sql);
            let schema = keel_agent_docs::diagrams::er::schema(&bp, service);
            let mut from_docs: Vec<(String, Vec<String>)> = schema
                .tables
                .iter()
                .map(|t| {
                    (
                        t.name.clone(),
                        t.columns.iter().map(|c| c.name.clone()).collect(),
                    )
                })
                .collect();
            from_sql.sort();
            from_docs.sort();
            assert_eq!(from_docs, from_sql, "{} / {}", bp.app, service.name);
        }
    }
}

#[test]
fn free_text_cannot_break_markdown_or_diagrams() {
    let files = docs(&fixture("hostile.yaml"));
    let arch = text(&files, "docs/ARCHITECTURE.md");
    // The description is a paragraph, not a heading, and its HTML is shown.
    assert!(arch.contains("\n\\# Not a heading | not a table;"));
    assert!(!arch.contains("<script>"));
    // Inside diagrams, quotes and markup are entity codes.
    assert!(arch.contains("He said #quot;hi#quot;#59; #35;quot#59; #lt;br/#gt; #123;x#125; #124; y #96;z#96; #37;#37; w"));
    // A service description with `|` stays in its table cell.
    assert!(arch.contains("Styles \\| \"classes\" &lt;b>bold&lt;/b> --> arrows; end |"));
    // State names that are Mermaid keywords get prefixed ids.
    assert!(arch.contains("state \"end\" as st_end"));
    for block in arch.split("```mermaid\n").skip(1) {
        let block = &block[..block.find("```").unwrap()];
        for line in block.lines() {
            assert!(
                line.matches('"').count() % 2 == 0,
                "unbalanced quotes in `{line}`"
            );
            assert!(
                !line.contains("<br/>") || !line.contains("#lt;br"),
                "{line}"
            );
        }
    }
}

#[test]
fn recipes_architecture_snapshot() {
    let files = docs(&example("recipes"));
    insta::assert_snapshot!("recipes_architecture", text(&files, "docs/ARCHITECTURE.md"));
}
