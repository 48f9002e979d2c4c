//! The backend and QA agents over the examples: snapshots of files a person
//! reads first, determinism, the lock's agreement with the version table,
//! and file ownership. (Compiling and testing the generated apps is CI's
//! `scripts/ci/backend.sh`, to keep `cargo test` fast.)

use std::path::PathBuf;

use keel_agent_backend::versions::DEPENDENCIES;
use keel_blueprint::{Blueprint, SourceFile};
use keel_generate::events::Quiet;
use keel_generate::{Agent, FileSet};

fn example_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../examples")
        .join(name)
        .join("keel.yaml")
}

/// An example's keel.yaml, to be varied by a test.
fn example_text(name: &str) -> String {
    std::fs::read_to_string(example_path(name)).unwrap()
}

fn example(name: &str) -> Blueprint {
    let path = example_path(name);
    let text = example_text(name);
    keel_blueprint::check(&SourceFile::new(path.display().to_string(), text))
        .expect("examples are valid")
        .blueprint
}

fn generate(blueprint: &Blueprint) -> FileSet {
    let agents: [&dyn Agent; 3] = [
        &keel_agent_database::DatabaseAgent,
        &keel_agent_backend::BackendAgent,
        &keel_agent_qa::QaAgent,
    ];
    keel_generate::run(blueprint, &agents, &Quiet).unwrap()
}

#[test]
fn snapshots_of_the_recipes_app() {
    let files = generate(&example("recipes"));
    for path in [
        "services/cookbook/src/recipes.rs",
        "services/cookbook/src/routes.rs",
        "services/community/src/lib.rs",
        "services/cookbook/tests/api/recipes.rs",
    ] {
        let name = path.replace('/', "__");
        insta::assert_snapshot!(name, files.text(path).expect(path));
    }
}

#[test]
fn multi_tenant_modules_check_the_tenant() {
    let files = generate(&example("projects"));
    let tasks = files.text("services/work/src/tasks.rs").unwrap();
    assert!(tasks.contains("if !same_tenant(caller, row)"));
    assert!(
        files
            .text("services/identity/src/organizations.rs")
            .is_some()
    );
    let tests = files.text("services/work/tests/api/tasks.rs").unwrap();
    assert!(tests.contains("(\"stranger\", h.stranger(), 404, 404, (false, false, false))"));
}

#[test]
fn generation_is_deterministic() {
    for name in ["recipes", "projects", "marketplace", "blog"] {
        let blueprint = example(name);
        let a = generate(&blueprint);
        let b = generate(&blueprint);
        let paths: Vec<&str> = a.paths().collect();
        assert_eq!(paths, b.paths().collect::<Vec<_>>());
        for path in paths {
            assert_eq!(a.get(path), b.get(path), "{name}: {path}");
        }
    }
}

#[test]
fn the_lock_holds_every_crate_of_the_table_at_its_version() {
    let files = generate(&example("marketplace"));
    let lock = files.text("Cargo.lock").unwrap();
    for dep in DEPENDENCIES {
        let entry = format!("name = \"{}\"\nversion = \"{}\"\n", dep.name, dep.version);
        assert!(
            lock.contains(&entry),
            "{} {} is not in the lock",
            dep.name,
            dep.version
        );
    }
    let manifest = files.text("Cargo.toml").unwrap();
    assert!(manifest.contains("axum = { version = \"=0.8.9\""));
    assert!(
        manifest.contains("platform = { package = \"handmade-platform\", path = \"platform\" }")
    );
    assert!(lock.contains("name = \"handmade-orders-service\""));
}

#[test]
fn services_call_others_with_timeouts_and_answer_503() {
    let files = generate(&example("recipes"));
    let comments = files.text("services/community/src/comments.rs").unwrap();
    assert!(comments.contains(".check(input, \"recipe_id\", \"/api/cookbook/recipes\", caller)"));
    let lib = files.text("services/community/src/lib.rs").unwrap();
    assert!(lib.contains("config::or(\"COOKBOOK_URL\", \"http://127.0.0.1:8082\")"));
}

#[test]
fn every_service_routes_exactly_its_contracts_operations() {
    for name in ["recipes", "projects", "marketplace", "blog"] {
        let blueprint = example(name);
        for service in &blueprint.services {
            let routes = match service.kind {
                keel_blueprint::ServiceKind::Identity => {
                    keel_agent_backend::identity_routes(&blueprint).unwrap()
                }
                keel_blueprint::ServiceKind::Domain => {
                    keel_agent_backend::domain_routes(&blueprint, service)
                }
            };
            let routes: Vec<(String, String)> =
                routes.into_iter().map(|(m, p, _)| (m, p)).collect();
            let contract: Vec<(String, String)> =
                keel_agent_contracts::operations(&blueprint, service)
                    .into_iter()
                    .map(|o| (o.method.as_lower().to_uppercase(), o.path))
                    .collect();
            assert_eq!(routes, contract, "{name}/{}", service.name);
        }
    }
}

fn blueprint_of(yaml: &str) -> Blueprint {
    keel_blueprint::check(&SourceFile::new("keel.yaml", yaml))
        .expect("a valid blueprint")
        .blueprint
}

#[test]
fn entities_named_like_generated_modules_and_reference_cycles_generate() {
    // `Route` (routes.rs) and `Fixture` (the tests' fixtures.rs) get
    // modules of their own (`keel check` refuses an `Upload` beside file
    // fields, whose uploads.rs it would meet); tutors and sessions that need
    // each other (one of them optionally: a required cycle is refused) do
    // not send the fixture builder round in circles.
    let files = generate(&blueprint_of(
        r#"keel: 1
app: buses
capabilities: [uploads]
services:
  identity: { builtin: auth }
  routes: { entities: [Route, Fixture, Tutor, Session] }
entities:
  Route:
    owner: User
    fields:
      name: { type: string, max: 80 }
      photo: { type: file, accept: [image/png] }
    access: { read: signed_in, create: signed_in, update: owner, delete: owner }
  Fixture:
    owner: User
    fields: { name: { type: string, max: 80 } }
    access: { read: signed_in, create: signed_in, update: owner, delete: owner }
  Tutor:
    owner: User
    references: { session: Session }
    fields: { name: { type: string, max: 80 } }
    access: { read: signed_in, create: signed_in, update: owner, delete: owner }
  Session:
    owner: User
    references: { tutor: Tutor? }
    fields: { name: { type: string, max: 80 } }
    access: { read: signed_in, create: signed_in, update: owner, delete: owner }
"#,
    ));
    for path in [
        "services/routes/src/routes.rs",
        "services/routes/src/route_records.rs",
        "services/routes/src/uploads.rs",
        "services/routes/tests/api/fixtures.rs",
        "services/routes/tests/api/fixture_records.rs",
    ] {
        assert!(files.text(path).is_some(), "{path}");
    }
    let lib = files.text("services/routes/src/lib.rs").unwrap();
    assert!(lib.contains("mod route_records;"), "{lib}");
}

/// The database and backend agents only (the module names are the backend's).
fn backend_files(yaml: &str) -> FileSet {
    let agents: [&dyn Agent; 2] = [
        &keel_agent_database::DatabaseAgent,
        &keel_agent_backend::BackendAgent,
    ];
    keel_generate::run(&blueprint_of(yaml), &agents, &Quiet).unwrap()
}

const OWNED: &str = "    owner: User
    fields: { name: { type: string, max: 80 } }
    access: { read: signed_in, create: signed_in, update: owner, delete: owner }
";

#[test]
fn entity_modules_take_no_name_the_crate_uses_and_no_name_twice() {
    // `Row`'s plural is `platform::rows`, imported by every entity module,
    // and `list` (a custom plural) is `platform::list`: a child that asks
    // its parent's rules imports the parent's module, so neither may be
    // that name. `RouteRecord` keeps `route_records`; `Route` moves on.
    let yaml = format!(
        "keel: 1
app: theatre
services:
  identity: {{ builtin: auth }}
  seating: {{ entities: [Route, RouteRecord, Row, Seat, Roster, Slot] }}
entities:
  Route:
{OWNED}  RouteRecord:
{OWNED}  Row:
{OWNED}  Seat:
    belongs_to: Row
    fields: {{ number: {{ type: integer, min: 1, max: 500 }} }}
    access: {{ inherit: Row }}
  Roster:
    plural: list
{OWNED}  Slot:
    belongs_to: Roster
    fields: {{ number: {{ type: integer, min: 1, max: 500 }} }}
    access: {{ inherit: Roster }}
"
    );
    let files = backend_files(&yaml);
    let src = "services/seating/src";
    let modules: Vec<&str> = files
        .paths()
        .filter_map(|p| p.strip_prefix(&format!("{src}/")))
        .collect();
    assert_eq!(
        modules,
        [
            "lib.rs",
            "main.rs",
            "roster_records.rs",
            "route_records.rs",
            "route_records2.rs",
            "routes.rs",
            "row_records.rs",
            "seats.rs",
            "slots.rs",
        ]
    );
    let seats = files.text(&format!("{src}/seats.rs")).unwrap();
    assert!(seats.contains("use platform::rows;\n"), "{seats}");
    assert!(
        seats.contains("use crate::{AppState, row_records};\n"),
        "{seats}"
    );
    assert!(
        seats
            .contains("    row_records::may_read_id(tx, caller, uuid_at(row, \"row_id\")).await\n")
    );
    let slots = files.text(&format!("{src}/slots.rs")).unwrap();
    assert!(
        slots.contains("use crate::{AppState, roster_records};\n"),
        "{slots}"
    );
    let routes = files.text(&format!("{src}/routes.rs")).unwrap();
    assert!(routes.contains(
        "use crate::{AppState, roster_records, route_records, route_records2, row_records, seats, slots};\n"
    ), "{routes}");
    assert!(
        routes.contains("get(route_records2::list).post(route_records2::create),"),
        "{routes}"
    );
    let lib = files.text(&format!("{src}/lib.rs")).unwrap();
    assert!(
        lib.contains("pub mod route_records;\npub mod route_records2;\n"),
        "{lib}"
    );
}

#[test]
fn an_upload_record_and_an_upload_entity_have_modules_of_their_own() {
    let yaml = format!(
        "keel: 1
app: files
services:
  identity: {{ builtin: auth }}
  media: {{ entities: [Upload, UploadRecord] }}
entities:
  Upload:
{OWNED}  UploadRecord:
{OWNED}"
    );
    let files = backend_files(&yaml);
    for path in ["upload_records.rs", "upload_records2.rs"] {
        assert!(
            files.text(&format!("services/media/src/{path}")).is_some(),
            "{path}"
        );
    }
}

#[test]
fn roles_wider_than_an_array_line_get_a_constant() {
    // Six roles are wider than rustfmt's `array_width` (60): inside the
    // condition they would take lines of their own, so they are named.
    let yaml = "keel: 1
app: depot
auth:
  roles: [admin, dispatcher, mechanic, inspector, accountant, supervisor]
services:
  identity: { builtin: auth }
  yard: { entities: [Truck, Bay] }
entities:
  Truck:
    owner: User
    fields: { name: { type: string, max: 80 } }
    access:
      read: owner or admin or dispatcher or mechanic or inspector or accountant or supervisor
      create: admin or dispatcher
      update: owner
      delete: owner
  Bay:
    owner: User
    fields: { name: { type: string, max: 80 } }
    access:
      read: public or admin or dispatcher or mechanic or inspector or accountant or supervisor
      create: signed_in
      update: owner
      delete: owner
";
    let files = backend_files(yaml);
    let trucks = files.text("services/yard/src/trucks.rs").unwrap();
    assert!(
        trucks.contains(
            "/// The roles that may read.
const MAY_READ_ROLES: &[&str] = &[
    \"admin\",
    \"dispatcher\",
    \"mechanic\",
    \"inspector\",
    \"accountant\",
    \"supervisor\",
];

/// `read: owner or admin or dispatcher or mechanic or inspector or accountant or supervisor`
pub async fn may_read(_tx: &mut Tx, caller: &Caller, row: &Value) -> Decision {
    Ok(caller.is(owner_of(row)) || caller.has_any_role(MAY_READ_ROLES))
}
"
        ),
        "{trucks}"
    );
    // A short list stays in the condition.
    assert!(trucks.contains("    Ok(caller.has_any_role(&[\"admin\", \"dispatcher\"]))\n"));
    // A public rule needs no roles.
    let bays = files.text("services/yard/src/bays.rs").unwrap();
    assert!(!bays.contains("ROLES"), "{bays}");
}

#[test]
fn field_checks_with_wide_arguments_take_one_per_line() {
    // rustfmt's `fn_call_width` (60) holds for `f.field(…)` too.
    let yaml = "keel: 1
app: depot
services:
  identity: { builtin: auth }
  yard: { entities: [Truck, Bay] }
entities:
  Truck:
    owner: User
    fields: { name: { type: string, max: 80 } }
    access: { read: signed_in, create: signed_in, update: owner, delete: owner }
  Bay:
    owner: User
    references: { inspection_certificate_delivery_location: Truck? }
    fields:
      certificate_course_seat_delivery_warehou: { type: boolean }
      short_flag: { type: boolean }
    access: { read: signed_in, create: signed_in, update: owner, delete: owner }
";
    let files = backend_files(yaml);
    let bays = files.text("services/yard/src/bays.rs").unwrap();
    for expected in [
        "    f.field(
        \"inspection_certificate_delivery_location_id\",
        false,
        v::uuid,
    );
",
        "    f.field(
        \"certificate_course_seat_delivery_warehou\",
        false,
        v::boolean,
    );
",
        "    f.field(\"short_flag\", false, v::boolean);\n",
    ] {
        assert!(bays.contains(expected), "{expected}\n{bays}");
    }
}

#[test]
fn a_module_whose_name_ends_another_is_imported_only_when_called() {
    // `line_items::` ends in `items::`: the note calls only its LineItem
    // parent, so importing `items` would be unused (clippy -D warnings).
    let yaml = format!(
        "keel: 1
app: sub
services:
  identity: {{ builtin: auth }}
  core: {{ entities: [Item, LineItem, Note] }}
entities:
  Item:
{OWNED}  LineItem:
{OWNED}  Note:
    belongs_to: [Item, LineItem]
    fields: {{ body: {{ type: string, max: 100 }} }}
    access: {{ inherit: LineItem }}
"
    );
    let files = backend_files(&yaml);
    let notes = files.text("services/core/src/notes.rs").unwrap();
    assert!(notes.contains("line_items::"), "{notes}");
    assert!(
        notes.contains("use crate::{AppState, line_items};"),
        "{notes}"
    );
}

#[test]
fn long_transition_names_break_their_calls_as_rustfmt_does() {
    // (rustfmt --edition 2024's own layout of these lines.)
    let yaml = example_text("recipes").replace(
        "        publish: { from: draft, to: published, by: owner }\n",
        "        submit_for_review: { from: draft, to: published, by: owner }\n        \
         send_back_to_the_author_for_revisions: { from: published, to: draft, by: owner }\n",
    );
    let files = backend_files(&yaml);
    let recipes = files.text("services/cookbook/src/recipes.rs").unwrap();
    for layout in [
        "    permit(\n        &caller,\n        may_submit_for_review(&mut tx, &caller, &row).await?,\n    )?;\n    \
         let row = rows::transition(&mut tx, TABLE, ROW, &row, &SUBMIT_FOR_REVIEW).await?;\n",
        "    let row = rows::transition(\n        &mut tx,\n        TABLE,\n        ROW,\n        &row,\n        \
         &SEND_BACK_TO_THE_AUTHOR_FOR_REVISIONS,\n    )\n    .await?;\n",
        "    permit(&caller, may_archive(&mut tx, &caller, &row).await?)?;\n",
    ] {
        assert!(recipes.contains(layout), "{layout}\nnot in\n{recipes}");
    }
}

#[test]
fn a_long_service_name_breaks_its_gateway_entry_as_rustfmt_does() {
    let yaml =
        example_text("recipes").replace("\n  community:", "\n  maintenanceoperationsplanning:");
    let files = backend_files(&yaml);
    let gateway = files.text("services/gateway/src/lib.rs").unwrap();
    for layout in [
        "    (\"cookbook\", \"COOKBOOK_URL\", 8082),\n",
        "    (\n        \"maintenanceoperationsplanning\",\n        \"MAINTENANCEOPERATIONSPLANNING_URL\",\n        8083,\n    ),\n];\n",
    ] {
        assert!(gateway.contains(layout), "{layout}\nnot in\n{gateway}");
    }
}

#[test]
fn a_short_gateway_table_stays_on_one_line_as_rustfmt_writes_it() {
    let yaml = format!(
        "keel: 1
app: ops
services:
  identity: {{ builtin: auth }}
  ops: {{ entities: [Task] }}
entities:
  Task:
{OWNED}"
    );
    let files = backend_files(&yaml);
    let gateway = files.text("services/gateway/src/lib.rs").unwrap();
    let table = "pub const SERVICES: &[(&str, &str, u16)] =\n    \
                 &[(\"identity\", \"IDENTITY_URL\", 8081), (\"ops\", \"OPS_URL\", 8082)];\n";
    assert!(gateway.contains(table), "{gateway}");
}

#[test]
fn patterns_are_compiled_in_statics_laid_out_as_rustfmt_does() {
    // (rustfmt --edition 2024's own layout: the call on the next line while
    // it fits there, else in a block; `cargo fmt --check` failed on the
    // longer patterns when every one was on the next line.)
    let yaml = r#"keel: 1
app: parts
services:
  identity: { builtin: auth }
  catalog: { entities: [Part] }
entities:
  Part:
    owner: User
    fields:
      sku: { type: string, max: 8, pattern: "^[A-Z]{3}-[0-9]{4}$" }
      bin_code: { type: string, max: 10, pattern: "^[A-H][0-9]{2}/[a-z]$" }
      serial: { type: string, max: 99, pattern: "^(?:[A-Z][a-z]{2,5} ){3}[0-9]{2}-[0-9]{2}/[a-z]{4,9}$" }
    access: { read: signed_in, create: signed_in, update: owner, delete: owner }
"#;
    let files = backend_files(yaml);
    let parts = files.text("services/catalog/src/parts.rs").unwrap();
    for layout in [
        "static SKU_PATTERN: LazyLock<Regex> =\n    LazyLock::new(|| Regex::new(\"^[A-Z]{3}-[0-9]{4}$\").expect(\"the blueprint's pattern is valid\"));\n",
        "static BIN_CODE_PATTERN: LazyLock<Regex> = LazyLock::new(|| {\n    Regex::new(\"^[A-H][0-9]{2}/[a-z]$\").expect(\"the blueprint's pattern is valid\")\n});\n",
        "static SERIAL_PATTERN: LazyLock<Regex> = LazyLock::new(|| {\n    Regex::new(\"^(?:[A-Z][a-z]{2,5} ){3}[0-9]{2}-[0-9]{2}/[a-z]{4,9}$\")\n        .expect(\"the blueprint's pattern is valid\")\n});\n",
    ] {
        assert!(parts.contains(layout), "{layout}\nnot in\n{parts}");
    }
}

#[test]
fn blocks_of_constants_are_one_blank_line_apart_whichever_are_written() {
    // A read-only entity (no create or update route) with a transition a
    // caller may take, one by nobody and a patterned field: the list spec
    // used to end with a blank line that the next block doubled, and the
    // pattern's static was written though no `validate` reads it.
    let yaml = r#"keel: 1
app: parts
auth: { roles: [admin] }
services:
  identity: { builtin: auth }
  catalog: { entities: [Part] }
entities:
  Part:
    owner: User
    fields:
      sku: { type: string, max: 8, pattern: "^[A-Z]{3}-[0-9]{4}$" }
      status: { type: enum, values: [new, checked, scrapped] }
    states:
      initial: new
      transitions:
        inspect: { from: new, to: checked, by: admin }
        scrap: { from: checked, to: scrapped, by: nobody }
    access: { read: signed_in, create: nobody, update: nobody, delete: admin }
"#;
    let files = backend_files(yaml);
    let parts = files.text("services/catalog/src/parts.rs").unwrap();
    assert!(!parts.contains("\n\n\n"), "{parts}");
    assert!(
        parts.contains("    search: false,\n};\n\n/// `inspect`: new → checked.\n"),
        "{parts}"
    );
    assert!(!parts.contains("SKU_PATTERN"), "{parts}");
    assert!(!parts.contains("SCRAP"), "{parts}");
}

#[test]
fn decimals_are_answered_as_strings_and_a_list_of_them_as_a_list() {
    let files = backend_files(
        "keel: 1
app: furnaces
services:
  identity: { builtin: auth }
  jobs: { entities: [HardnessTest] }
entities:
  HardnessTest:
    owner: User
    fields:
      average: { type: decimal, precision: 5, scale: 1 }
      readings: { type: decimal, precision: 5, scale: 1, list: true, max_items: 5 }
    access: { read: signed_in, create: signed_in, update: owner, delete: owner }
",
    );
    let module = files.text("services/jobs/src/hardness_tests.rs").unwrap();
    // (`numeric[]::text` would be the array's text, `{60.5,61.0}`)
    assert!(
        module.contains("hardness_tests.average::text")
            && module.contains("hardness_tests.readings::text[]"),
        "{module}"
    );
}
