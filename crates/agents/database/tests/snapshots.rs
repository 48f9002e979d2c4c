//! The generated SQL, reviewed as text: a change to a migration shows up
//! here as a diff.

use std::path::PathBuf;

use keel_blueprint::SourceFile;
use keel_generate::Agent;
use keel_generate::events::Quiet;

fn generate(example: &str) -> keel_generate::FileSet {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../examples")
        .join(example)
        .join("keel.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let blueprint = keel_blueprint::check(&SourceFile::new("keel.yaml", text))
        .unwrap()
        .blueprint;
    let agents: [&dyn Agent; 1] = [&keel_agent_database::DatabaseAgent];
    keel_generate::run(&blueprint, &agents, &Quiet).unwrap()
}

#[test]
fn recipes_cookbook() {
    insta::assert_snapshot!(
        generate("recipes")
            .text("db/cookbook/0001_init.sql")
            .unwrap()
    );
}

#[test]
fn projects_work_multi_tenant() {
    insta::assert_snapshot!(generate("projects").text("db/work/0001_init.sql").unwrap());
}

#[test]
fn projects_identity_with_organizations() {
    insta::assert_snapshot!(
        generate("projects")
            .text("db/identity/0001_init.sql")
            .unwrap()
    );
}

#[test]
fn marketplace_catalog_with_uploads() {
    insta::assert_snapshot!(
        generate("marketplace")
            .text("db/catalog/0001_init.sql")
            .unwrap()
    );
}
