//! The QA agent over blueprints that once broke it: how long it takes on
//! shared required references, module names, and lines that depend on the
//! blueprint's names staying as `cargo fmt` writes them.

use keel_agent_qa::QaAgent;
use keel_blueprint::{Blueprint, SourceFile};
use keel_generate::{Agent, FileSet, Input};

fn blueprint(yaml: &str) -> Blueprint {
    keel_blueprint::check(&SourceFile::new("keel.yaml".to_owned(), yaml.to_owned()))
        .expect("a valid blueprint")
        .blueprint
}

fn qa(blueprint: &Blueprint) -> FileSet {
    QaAgent
        .run(&Input {
            blueprint,
            files: &FileSet::new(),
        })
        .expect("the QA agent runs")
}

/// `n` entities (up to 26), each with `k` required references to the next one.
fn chain(n: usize, k: usize) -> String {
    let names: Vec<String> = (0..n)
        .map(|i| format!("Node{}", (b'A' + i as u8) as char))
        .collect();
    let mut yaml = format!(
        "keel: 1\napp: chain\nservices:\n  identity: {{ builtin: auth }}\n  graph: {{ entities: [{}] }}\nentities:\n",
        names.join(", ")
    );
    for (i, name) in names.iter().enumerate() {
        yaml.push_str(&format!("  {name}:\n    owner: User\n"));
        if let Some(next) = names.get(i + 1) {
            let refs: Vec<String> = (0..k).map(|j| format!("r{j}: {next}")).collect();
            yaml.push_str(&format!("    references: {{ {} }}\n", refs.join(", ")));
        }
        yaml.push_str("    fields: { name: { type: string, max: 80 } }\n    access: { read: signed_in, create: signed_in, update: owner, delete: owner }\n");
    }
    yaml
}

#[test]
fn shared_required_references_are_followed_once() {
    // Each entity needs two rows of the next: 2^15 paths from the first to
    // the last. The search for what can be made looks at each entity once.
    let files = qa(&blueprint(&chain(16, 2)));
    let main = files.text("services/graph/tests/api/main.rs").unwrap();
    assert!(
        main.contains("mod node_as;") && main.contains("mod node_ps;"),
        "{main}"
    );
    let fixtures = files.text("services/graph/tests/api/fixtures.rs").unwrap();
    assert!(
        fixtures.contains("body[\"r1_id\"] = create_node_p(h, who, online).await[\"id\"].clone();")
    );
}

#[test]
fn rows_are_made_across_services_only_through_services_called() {
    let files = qa(&blueprint(
        r#"keel: 1
app: shop
services:
  identity: { builtin: auth }
  catalog: { entities: [Brand, Product] }
  orders: { entities: [Order, Note] }
  audit: { entities: [Check] }
entities:
  Brand:
    owner: User
    fields: { name: { type: string, max: 80 } }
    access: { read: signed_in, create: signed_in, update: owner, delete: owner }
  Product:
    owner: User
    references: { brand: Brand, maker: Brand }
    fields: { name: { type: string, max: 80 } }
    access: { read: signed_in, create: signed_in, update: owner, delete: owner }
  Order:
    owner: User
    references: { product: Product }
    fields: { name: { type: string, max: 80 } }
    access: { read: signed_in, create: signed_in, update: owner, delete: owner }
  Note:
    owner: User
    references: { order: Order, other: Order }
    fields: { name: { type: string, max: 80 } }
    access: { read: signed_in, create: signed_in, update: owner, delete: owner }
  Check:
    owner: User
    references: { order: Order }
    fields: { name: { type: string, max: 80 } }
    access: { read: signed_in, create: signed_in, update: owner, delete: owner }
"#,
    ));
    let orders = files.text("services/orders/tests/api/fixtures.rs").unwrap();
    for made in [
        "create_brand",
        "create_product",
        "create_order",
        "create_note",
    ] {
        assert!(orders.contains(&format!("pub async fn {made}(")), "{made}");
    }
    // Audit's tests run orders but not the catalog orders need: no checks.
    assert!(files.text("services/audit/tests/api/checks.rs").is_none());
    assert!(files.text("services/orders/tests/api/notes.rs").is_some());
}

#[test]
fn test_modules_of_entities_never_clash() {
    let files = qa(&blueprint(
        r#"keel: 1
app: fixtures
services:
  identity: { builtin: auth }
  sport: { entities: [Fixture, FixtureRecord, Harness, Service] }
entities:
  Fixture:
    owner: User
    fields: { name: { type: string, max: 80 } }
    access: { read: signed_in, create: signed_in, update: owner, delete: owner }
  FixtureRecord:
    owner: User
    fields: { label: { type: string, max: 80 } }
    access: { read: signed_in, create: signed_in, update: owner, delete: owner }
  Harness:
    owner: User
    fields: { label: { type: string, max: 80 } }
    access: { read: signed_in, create: signed_in, update: owner, delete: owner }
  Service:
    owner: User
    fields: { label: { type: string, max: 80 } }
    access: { read: signed_in, create: signed_in, update: owner, delete: owner }
"#,
    ));
    let dir = "services/sport/tests/api";
    // The entity named like its module keeps it; the other moves on.
    let records = files.text(&format!("{dir}/fixture_records.rs")).unwrap();
    assert!(records.starts_with("//! FixtureRecord:"), "{records}");
    let fixture = files.text(&format!("{dir}/fixture_records2.rs")).unwrap();
    assert!(fixture.starts_with("//! Fixture:"), "{fixture}");
    assert!(
        files
            .text(&format!("{dir}/fixtures.rs"))
            .unwrap()
            .contains("pub async fn create_fixture(")
    );
    let main = files.text(&format!("{dir}/main.rs")).unwrap();
    let modules: Vec<&str> = main.lines().filter(|l| l.starts_with("mod ")).collect();
    assert_eq!(
        modules,
        [
            "mod contract;",
            "mod fixture_records;",
            "mod fixture_records2;",
            "mod fixtures;",
            "mod harness;",
            "mod harnesses;",
            "mod service;",
            "mod services;",
        ]
    );
}
