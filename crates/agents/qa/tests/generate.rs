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

/// Names at the limits `keel check` allows (a service of 30 characters,
/// fields and entities of up to 40).
const LONG_NAMES: &str = r#"keel: 1
app: longnames
services:
  identity: { builtin: auth }
  maintenanceplanningoperationsx: { entities: [Item27, Item34, Item40, QualityAssuranceInspectionChecklistItem] }
entities:
  Item27:
    owner: User
    fields:
      emergency_contact_phone_num: { type: string, max: 200 }
    access: { read: signed_in, create: signed_in, update: owner, delete: owner }
  Item34:
    owner: User
    fields:
      emergency_contact_phone_number_tex: { type: string, max: 200 }
    access: { read: signed_in, create: signed_in, update: owner, delete: owner }
  Item40:
    owner: User
    fields:
      emergency_contact_phone_number_text_valu: { type: string, max: 200 }
      other_contact_phone_number_text_valu: { type: enum, values: [a_very_long_enum_value_of_forty_chars_xx] }
    access: { read: signed_in, create: signed_in, update: owner, delete: owner }
  QualityAssuranceInspectionChecklistItem:
    owner: User
    references: { item: Item27 }
    fields:
      title: { type: string, max: 80, min: 70 }
    access: { read: signed_in, create: signed_in, update: owner, delete: owner }
"#;

const LONG_DIR: &str = "services/maintenanceplanningoperationsx/tests/api";

fn long_file(files: &FileSet, name: &str) -> String {
    files
        .text(&format!("{LONG_DIR}/{name}"))
        .unwrap_or_else(|| panic!("{name}"))
        .to_owned()
}

// Every expected text below is what `rustfmt --edition 2024` leaves as it is.

#[test]
fn a_long_field_is_bound_before_the_change_and_its_type_test() {
    let files = qa(&blueprint(LONG_NAMES));
    let item27 = long_file(&files, "item27s.rs");
    assert!(
        item27.contains(
            "    let value = &fresh[\"emergency_contact_phone_num\"];\n    let change = json!({\"emergency_contact_phone_num\": value});\n"
        ),
        "{item27}"
    );
    assert!(item27.contains(
        "    if !matches!(value, Value::String(_)) || echoed.contains(&\"emergency_contact_phone_num\") {\n"
    ));
    let item34 = long_file(&files, "item34s.rs");
    assert!(
        item34.contains(
            "    if !matches!(value, Value::String(_)) || echoed.contains(&\"emergency_contact_phone_number_tex\")\n    {\n"
        ),
        "{item34}"
    );
}

#[test]
fn long_fixture_values_and_names_are_laid_out_as_rustfmt_does() {
    let files = qa(&blueprint(LONG_NAMES));
    let fixtures = long_file(&files, "fixtures.rs");
    for expected in [
        "    body[\"emergency_contact_phone_number_text_valu\"] =\n        json!(format!(\"emergency-contact-phone-number-text-valu-{n:03}\"));\n",
        "    body[\"other_contact_phone_number_text_valu\"] =\n        json!(\"a_very_long_enum_value_of_forty_chars_xx\");\n",
        "    body[\"title\"] = json!(format!(\n        \"title-{n:03}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"\n    ));\n",
        "pub async fn create_quality_assurance_inspection_checklist_item(\n    h: &Harness,\n    who: &Who,\n    online: bool,\n) -> Value {\n",
    ] {
        assert!(fixtures.contains(expected), "{expected}\n{fixtures}");
    }
    let tests = long_file(&files, "quality_assurance_inspection_checklist_items.rs");
    for expected in [
        "const BASE: &str =\n    \"/api/maintenanceplanningoperationsx/quality-assurance-inspection-checklist-items\";\n",
        "        let row = create_quality_assurance_inspection_checklist_item(&h, &maker, true).await;\n        ids.push(row[\"id\"].clone());\n",
    ] {
        assert!(tests.contains(expected), "{expected}\n{tests}");
    }
}

#[test]
fn a_long_service_name_keeps_service_and_harness_lines_short() {
    let files = qa(&blueprint(LONG_NAMES));
    let service = long_file(&files, "service.rs");
    for expected in [
        "    let path = \"/api/maintenanceplanningoperationsx/nothing-here\";\n",
        "        .get(format!(\"{}{path}\", h.base))\n",
        "    let base = \"/api/maintenanceplanningoperationsx/item27s\";\n    let url = format!(\"{}{base}\", h.base);\n",
        "    let bad_id = format!(\"{base}/not-a-uuid\");\n",
    ] {
        assert!(service.contains(expected), "{expected}\n{service}");
    }
    let harness = long_file(&files, "harness.rs");
    assert!(harness.contains(
        "        let app = maintenanceplanningoperationsx_service::app(&config);\n        let app = app.expect(\"the test configuration is valid\");\n"
    ));
    // No line of code outgrows rustfmt's width (comments may).
    for (path, file) in files.under(LONG_DIR) {
        let text = std::str::from_utf8(&file.contents).unwrap_or_default();
        for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
            assert!(line.chars().count() <= 100, "{path}: {line}");
        }
    }
}

#[test]
fn long_names_of_called_services_and_of_states_stay_as_rustfmt_writes_them() {
    let files = qa(&blueprint(
        r#"keel: 1
app: multi
services:
  identity: { builtin: auth }
  maintenanceplanningoperationsx: { entities: [QualityAssuranceInspectionChecklistItem, WorkOrder] }
  procurementsupplierinvoicingxx: { entities: [SupplierInvoicePaymentReconciliationRow] }
entities:
  QualityAssuranceInspectionChecklistItem:
    owner: User
    fields:
      inspection_completion_status_indicator: { type: enum, values: [pending_review_by_the_supervisor, done] }
    states:
      field: inspection_completion_status_indicator
      initial: pending_review_by_the_supervisor
      transitions:
        complete: { from: [pending_review_by_the_supervisor], to: done, by: owner }
    access: { read: signed_in, create: signed_in, update: owner, delete: owner }
  WorkOrder:
    owner: User
    references: { supplier_invoice_payment_reconciliation: SupplierInvoicePaymentReconciliationRow }
    fields:
      title: { type: string, max: 80 }
    access: { read: signed_in, create: signed_in, update: owner, delete: owner }
  SupplierInvoicePaymentReconciliationRow:
    owner: User
    fields:
      amount: { type: integer }
    access: { read: signed_in, create: signed_in, update: owner, delete: owner }
"#,
    ));
    let harness = long_file(&files, "harness.rs");
    assert!(
        harness.contains(
            "    let app = procurementsupplierinvoicingxx_service::app(&config);\n    testing::spawn(app.expect(\"valid configuration\")).await\n"
        ),
        "{harness}"
    );
    let tests = long_file(&files, "quality_assurance_inspection_checklist_items.rs");
    assert!(
        tests.contains(
            "    assert_eq!(\n        row[\"inspection_completion_status_indicator\"],\n        \"pending_review_by_the_supervisor\"\n    );\n"
        ),
        "{tests}"
    );
}

/// Fields with patterns that no `name-{n}` text fits: unique alone (`sku`),
/// unique with another column (`colour_code`), repeatable (`bin_code`), a
/// list, a pattern with too few values for a unique field (`Colour`) and the
/// same pattern where values may repeat (`Shade`).
const PATTERNS: &str = r#"keel: 1
app: parts
services:
  identity: { builtin: auth }
  catalog: { entities: [Part, Variant, Colour, Shade] }
entities:
  Part:
    owner: User
    fields:
      sku: { type: string, max: 8, pattern: "^[A-Z]{3}-[0-9]{4}$", required: true, unique: true }
      bin_code: { type: string, max: 10, pattern: "^[A-H][0-9]{2}/[a-z]$", required: true }
      slug: { type: string, max: 40, pattern: "^[a-z0-9-]+$", required: true, unique: true }
      labels: { type: string, max: 12, pattern: "^#[a-z]{2,8}$", list: true, max_items: 5 }
      emergency_contact_phone_number_text_valu: { type: string, max: 20, pattern: "^\\+[0-9]{2} [0-9]{3} [0-9]{4}$", unique: true }
    access: { read: signed_in, create: signed_in, update: owner, delete: owner }
  Variant:
    belongs_to: Part
    fields:
      colour_code: { type: string, max: 7, pattern: "^#[0-9A-F]{6}$", required: true }
    unique: [[part, colour_code]]
    access: { inherit: Part }
  Colour:
    owner: User
    fields:
      name: { type: string, max: 10, pattern: "^(red|green|blue)$", required: true, unique: true }
    access: { read: signed_in, create: signed_in, update: owner, delete: owner }
  Shade:
    owner: User
    fields:
      name: { type: string, max: 10, pattern: "^(red|green|blue)$", required: true }
    access: { read: signed_in, create: signed_in, update: owner, delete: owner }
"#;

/// The strings of `const NAME: &[&str] = &[...];` in `text`.
fn const_strings(text: &str, name: &str) -> Vec<String> {
    let start = text
        .find(&format!("    const {name}: &[&str] = &[\n"))
        .unwrap_or_else(|| panic!("no {name}\n{text}"));
    // (Items are packed when short; these hold no quote.)
    let items: String = text[start..]
        .lines()
        .skip(1)
        .take_while(|l| l.trim() != "];")
        .collect();
    items
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

#[test]
fn patterned_fields_are_filled_with_examples_of_their_patterns() {
    let bp = blueprint(PATTERNS);
    let files = qa(&bp);
    let main = files.text("services/catalog/tests/api/main.rs").unwrap();
    // Every entity can be made but the unique colour (three values).
    for module in ["mod parts;", "mod variants;", "mod shades;"] {
        assert!(main.contains(module), "{module}\n{main}");
    }
    assert!(!main.contains("mod colours;"), "{main}");
    let fixtures = files
        .text("services/catalog/tests/api/fixtures.rs")
        .unwrap();
    // (Every expected text is what `rustfmt --edition 2024` leaves as it is.)
    for expected in [
        "    body[\"sku\"] = json!(example(SKU, n));\n",
        "    body[\"bin_code\"] = json!(\"D26/r\");\n",
        "    body[\"slug\"] = json!(format!(\"slug-{n:03}\"));\n",
        "    body[\"labels\"] = json!([\"#gpr\"]);\n",
        "    body[\"emergency_contact_phone_number_text_valu\"] =\n        json!(example(EMERGENCY_CONTACT_PHONE_NUMBER_TEXT_VALU, n));\n",
        "    body[\"colour_code\"] = json!(example(COLOUR_CODE, n));\n",
        "    body[\"name\"] = json!(\"green\");\n",
        "fn example(values: &'static [&'static str], n: u32) -> &'static str {\n    values[n as usize % values.len()]\n}\n",
    ] {
        assert!(fixtures.contains(expected), "{expected}\n{fixtures}");
    }
    assert_eq!(fixtures.matches("fn example(").count(), 1);
    // The constants come before the first statement of the body function.
    assert!(fixtures.contains(
        "pub async fn part_body(h: &Harness, _who: &Who, _online: bool) -> Value {\n    // Values that match the pattern of `sku`, one per row.\n    const SKU: &[&str] = &[\n"
    ));
    // Distinct examples that match and fit, as many as the rows need.
    let part = bp.entity("Part").unwrap();
    for (name, field) in [
        ("SKU", "sku"),
        (
            "EMERGENCY_CONTACT_PHONE_NUMBER_TEXT_VALU",
            "emergency_contact_phone_number_text_valu",
        ),
    ] {
        let field = part.field(field).unwrap();
        let values = const_strings(fixtures, name);
        // (`fixtures::DISTINCT_EXAMPLES`: more than the rows of one test.)
        assert_eq!(values.len(), 61);
        let distinct: std::collections::BTreeSet<&String> = values.iter().collect();
        assert_eq!(distinct.len(), values.len());
        let regex = regex::Regex::new(field.pattern.as_deref().unwrap()).unwrap();
        for v in &values {
            assert!(regex.is_match(v), "{v}");
            assert!(
                v.chars().count() <= field.max_length.unwrap() as usize,
                "{v}"
            );
        }
    }
    // The same blueprint, the same tests.
    assert_eq!(
        qa(&bp).text("services/catalog/tests/api/fixtures.rs"),
        Some(fixtures)
    );
}

#[test]
fn invalid_json_values_break_their_own_size_and_keep_the_body_readable() {
    let files = qa(&blueprint(
        "keel: 1\napp: maps\nservices:\n  identity: { builtin: auth }\n  maps: { entities: [Hedge] }\n\
         entities:\n  Hedge:\n    owner: User\n    fields:\n\
         \x20     name: { type: string, max: 80 }\n\
         \x20     line: { type: json, max_size: 256KB }\n\
         \x20     survey: { type: json, max_size: 1MB }\n\
         \x20   access: { read: signed_in, create: signed_in, update: owner, delete: owner }\n",
    ));
    let hedges = files.text("services/maps/tests/api/hedges.rs").unwrap();
    // one byte over 256KB as JSON (a string and its quotes)
    assert!(
        hedges.contains("body[\"line\"] = json!(\"x\".repeat(262143));"),
        "{hedges}"
    );
    // over 1MB could not be sent at all (413): left valid, not expected
    assert!(
        !hedges.contains("body[\"survey\"] = json!(\"x\""),
        "{hedges}"
    );
    let expected = hedges
        .split("let expected: &[&str] = &[")
        .nth(1)
        .and_then(|rest| rest.split("];").next())
        .unwrap_or_default();
    assert!(
        expected.contains("\"line\"") && !expected.contains("\"survey\""),
        "{expected}"
    );
}

#[test]
fn invalid_integers_beyond_i32_are_written_as_i64() {
    let files = qa(&blueprint(
        "keel: 1\napp: savings\nservices:\n  identity: { builtin: auth }\n  money: { entities: [Account] }\n\
         entities:\n  Account:\n    owner: User\n    fields:\n\
         \x20     balance: { type: money, min: 0, max: 10000000000 }\n\
         \x20     age: { type: integer, min: 18, max: 120 }\n\
         \x20   access: { read: signed_in, create: signed_in, update: owner, delete: owner }\n",
    ));
    let accounts = files.text("services/money/tests/api/accounts.rs").unwrap();
    // (an unsuffixed literal is an i32: 10000000000 would not compile)
    assert!(
        accounts.contains("body[\"balance\"] = json!(10000000000_i64 + 1);")
            && accounts.contains("body[\"age\"] = json!(120 + 1);"),
        "{accounts}"
    );
}

#[test]
fn a_unique_optional_user_reference_stays_empty_in_a_multi_tenant_app() {
    // Every real user of a multi-tenant test is the organization's founder:
    // two crew members with that account would clash on `unique: [[account]]`.
    let files = qa(&blueprint(
        "keel: 1\napp: lifeboat\nauth: { roles: [admin] }\ntenancy: organization\n\
         services:\n  identity: { builtin: auth }\n  crew: { entities: [CrewMember] }\n\
         entities:\n  CrewMember:\n    references: { account: User? }\n\
         \x20   fields: { full_name: { type: string, max: 120, required: true } }\n\
         \x20   access: { read: tenant_member, create: admin, update: admin, delete: admin }\n\
         \x20   unique: [[account]]\n",
    ));
    let fixtures = files.text("services/crew/tests/api/fixtures.rs").unwrap();
    assert!(!fixtures.contains("body[\"account_id\"]"), "{fixtures}");
}
