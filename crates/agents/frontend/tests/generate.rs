//! The web app as generated for the examples: snapshots of the files a
//! reviewer reads (the typed client, an entity's form and list config, the
//! journey plan), determinism, loud failure on contracts the client
//! generator does not understand, and the parts of the generated unit tests
//! that must hold for any blueprint.

use std::path::PathBuf;

use keel_agent_contracts::ContractsAgent;
use keel_agent_frontend::FrontendAgent;
use keel_blueprint::{Blueprint, SourceFile};
use keel_generate::events::Quiet;
use keel_generate::{Agent, FileSet};

fn blueprint(example: &str) -> Blueprint {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../examples")
        .join(example)
        .join("keel.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    keel_blueprint::check(&SourceFile::new("keel.yaml", text))
        .unwrap()
        .blueprint
}

fn generate(example: &str) -> FileSet {
    let agents: [&dyn Agent; 2] = [&ContractsAgent, &FrontendAgent];
    keel_generate::run(&blueprint(example), &agents, &Quiet).unwrap()
}

#[test]
fn recipes_cookbook_client() {
    insta::assert_snapshot!(generate("recipes").text("web/src/api/cookbook.ts").unwrap());
}

#[test]
fn recipes_recipe_entity_form_and_list() {
    insta::assert_snapshot!(
        generate("recipes")
            .text("web/src/entities/recipe.ts")
            .unwrap()
    );
}

#[test]
fn marketplace_product_with_money_file_and_list_fields() {
    insta::assert_snapshot!(
        generate("marketplace")
            .text("web/src/entities/product.ts")
            .unwrap()
    );
}

#[test]
fn projects_app_config_signs_up_with_an_organization() {
    insta::assert_snapshot!(generate("projects").text("web/src/app.config.ts").unwrap());
}

#[test]
fn recipes_journey_plan() {
    insta::assert_snapshot!(generate("recipes").text("web/tests/e2e/plan.json").unwrap());
}

#[test]
fn generation_is_deterministic() {
    for example in ["recipes", "projects", "marketplace", "blog"] {
        let a = generate(example);
        let b = generate(example);
        assert_eq!(a, b, "{example}");
        assert!(
            a.paths().filter(|p| p.starts_with("web/")).count() > 40,
            "{example}"
        );
    }
}

#[test]
fn every_service_gets_a_client_and_every_entity_a_config() {
    let bp = blueprint("marketplace");
    let files = generate("marketplace");
    for s in &bp.services {
        assert!(
            files.get(&format!("web/src/api/{}.ts", s.name)).is_some(),
            "{}",
            s.name
        );
    }
    for e in &bp.entities {
        let file = format!("web/src/entities/{}.ts", e.names.snake.replace('_', "-"));
        let text = files.text(&file).unwrap_or_else(|| panic!("{file}"));
        assert!(
            text.contains(&format!(
                "export const {} = defineEntity<api.{}",
                e.names.camel, e.name
            )),
            "{file}"
        );
    }
}

#[test]
fn entities_named_by_typescript_reserved_words_get_variables_of_their_own() {
    // `case` is a fine key and property, but no variable.
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../examples/recipes/keel.yaml");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("Step", "Case");
    let bp = keel_blueprint::check(&SourceFile::new("keel.yaml", text))
        .unwrap()
        .blueprint;
    let agents: [&dyn Agent; 2] = [&ContractsAgent, &FrontendAgent];
    let files = keel_generate::run(&bp, &agents, &Quiet).unwrap();
    let entity = files.text("web/src/entities/case.ts").unwrap();
    assert!(
        entity.contains("export const caseEntity = defineEntity<api.Case"),
        "{entity}"
    );
    assert!(entity.contains("key: \"case\""), "{entity}");
    let index = files.text("web/src/entities/index.ts").unwrap();
    assert!(
        index.contains("import { caseEntity } from \"./case\";"),
        "{index}"
    );
    assert!(index.contains(", caseEntity, "), "{index}");
}

#[test]
fn no_secret_or_server_setting_is_written_into_the_app() {
    let files = generate("marketplace");
    for (path, file) in files.iter().filter(|(p, _)| p.starts_with("web/src/")) {
        let text = String::from_utf8_lossy(&file.contents);
        for word in [
            "localStorage",
            "sessionStorage",
            "DATABASE_URL",
            "JWT_PRIVATE_KEY",
            "process.env",
            "document.cookie",
        ] {
            assert!(!text.contains(word), "{path} mentions {word}");
        }
    }
}

/// The contracts with one document replaced.
fn with_contract(example: &str, service: &str, edit: impl Fn(&str) -> String) -> FileSet {
    let bp = blueprint(example);
    let contracts = keel_generate::run(&bp, &[&ContractsAgent as &dyn Agent], &Quiet).unwrap();
    let mut files = FileSet::new();
    for (path, file) in contracts.iter() {
        let text = String::from_utf8_lossy(&file.contents).into_owned();
        let text = if path == format!("api/{service}.yaml") {
            edit(&text)
        } else {
            text
        };
        files.add(path, text).unwrap();
    }
    files
}

fn error(example: &str, files: &FileSet) -> String {
    match keel_agent_frontend::generate(&blueprint(example), files) {
        Ok(_) => panic!("generated from a contract it should refuse"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn refuses_a_schema_construct_it_cannot_type() {
    let files = with_contract("recipes", "cookbook", |t| {
        t.replacen(
            "    Recipe:\n      type: object\n",
            "    Recipe:\n      allOf: []\n      type: object\n",
            1,
        )
    });
    let e = error("recipes", &files);
    assert!(e.contains("api/cookbook.yaml"), "{e}");
    assert!(e.contains("components.schemas.Recipe"), "{e}");
    assert!(e.contains("`allOf` is not supported"), "{e}");
}

#[test]
fn refuses_a_contract_without_an_operation_the_pages_need() {
    let files = with_contract("recipes", "cookbook", |t| {
        t.replacen(
            "operationId: getRecipe",
            "operationId: getRecipe\n      x: 1",
            1,
        )
    });
    // An unknown key inside an operation is fine; a missing operation is not.
    assert!(keel_agent_frontend::generate(&blueprint("recipes"), &files).is_ok());
    let files = with_contract("recipes", "cookbook", |t| {
        t.replacen(
            "  /api/cookbook/recipes/{id}:\n",
            "  /api/cookbook/recipe/{id}:\n",
            1,
        )
    });
    let e = error("recipes", &files);
    assert!(e.contains("no `GET /api/cookbook/recipes/{id}`"), "{e}");
}

#[test]
fn refuses_unresolvable_references_and_missing_contracts() {
    let files = with_contract("recipes", "cookbook", |t| {
        t.replace(
            "#/components/schemas/RecipeList",
            "#/components/schemas/Nowhere",
        )
    });
    let e = error("recipes", &files);
    assert!(e.contains("Nowhere") && e.contains("does not exist"), "{e}");

    let mut only_identity = FileSet::new();
    let contracts = with_contract("recipes", "cookbook", |t| t.to_owned());
    only_identity
        .add(
            "api/identity.yaml",
            contracts.text("api/identity.yaml").unwrap(),
        )
        .unwrap();
    let e = error("recipes", &only_identity);
    assert!(e.contains("api/cookbook.yaml is missing"), "{e}");

    let files = with_contract("recipes", "cookbook", |_| {
        "openapi: 2.0\npaths: {}\n".into()
    });
    assert!(error("recipes", &files).contains("expected an OpenAPI 3 document"));
}

/// The web app (and contracts) of an example whose blueprint is edited first.
fn generate_edited(example: &str, edit: impl Fn(&str) -> String) -> FileSet {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../examples")
        .join(example)
        .join("keel.yaml");
    let text = edit(&std::fs::read_to_string(&path).unwrap());
    let bp = keel_blueprint::check(&SourceFile::new("keel.yaml", text))
        .unwrap()
        .blueprint;
    let agents: [&dyn Agent; 2] = [&ContractsAgent, &FrontendAgent];
    keel_generate::run(&bp, &agents, &Quiet).unwrap()
}

#[test]
fn an_optional_enum_offers_its_values_without_the_contracts_null() {
    // An optional enum outside a workflow may be cleared, so the contract
    // lists `null` among its values; the form's choices are the strings
    // (the form adds "None" itself), typed `readonly string[]`.
    let files = generate_edited("recipes", |t| {
        t.replacen(
            "      quantity: { type: string, max: 50 }\n",
            "      quantity: { type: string, max: 50 }\n      unit: { type: enum, values: [gram, litre, piece] }\n",
            1,
        )
    });
    let contract = files.text("api/cookbook.yaml").unwrap();
    let lines: Vec<&str> = contract.lines().map(str::trim).collect();
    assert!(
        lines.windows(2).any(|w| w == ["- piece", "- null"]),
        "the contract no longer lists `null` among the values: the test proves nothing\n{contract}"
    );
    let entity = files.text("web/src/entities/ingredient.ts").unwrap();
    assert!(
        entity.contains(r#"name: "unit","#)
            && entity.contains(r#"values: ["gram", "litre", "piece"],"#),
        "{entity}"
    );
    assert!(!entity.contains("null]"), "{entity}");
}

/// The cases of the `sample()` switch in the generated form test, and the
/// field kinds of `types.ts`.
fn form_test_and_kinds(files: &FileSet) -> (String, Vec<String>, Vec<String>) {
    let test = files.text("web/tests/unit/form.test.tsx").unwrap();
    let sample = test
        .split("function sample(")
        .nth(1)
        .and_then(|s| s.split("\n}\n").next())
        .expect("form.test.tsx has a sample() function");
    let cases = sample
        .lines()
        .filter_map(|l| l.trim().strip_prefix("case \""))
        .filter_map(|l| l.strip_suffix("\":"))
        .map(str::to_owned)
        .collect();
    let types = files.text("web/src/entities/types.ts").unwrap();
    let union = types
        .split("export type FieldKind =")
        .nth(1)
        .and_then(|s| s.split(';').next())
        .expect("types.ts declares FieldKind");
    let kinds = union
        .split('|')
        .map(|k| k.trim().trim_matches('"').to_owned())
        .filter(|k| !k.is_empty())
        .collect();
    (test.to_owned(), cases, kinds)
}

#[test]
fn the_form_test_has_a_valid_sample_for_every_field_kind() {
    // `sample()` falls back to the text "sample": right for the text kinds,
    // wrong for any kind whose input refuses it (a `datetime-local` input
    // empties itself, and the required field then stops the form). A file
    // field is never filled: the test picks an entity without a required one.
    let (_, cases, kinds) = form_test_and_kinds(&generate("recipes"));
    assert!(kinds.len() > 10, "{kinds:?}");
    for kind in &kinds {
        if ["string", "text", "password", "file"].contains(&kind.as_str()) {
            continue;
        }
        assert!(
            cases.contains(kind),
            "sample() has no value for a `{kind}` field: {cases:?}"
        );
    }
}

#[test]
fn the_form_test_waits_for_a_selects_option_before_choosing_it() {
    // A reference's options come from an asynchronous list request; choosing
    // an id before it arrives leaves the select empty, the required field
    // stops the form, and the test fails depending on timing.
    let (test, _, _) = form_test_and_kinds(&generate("recipes"));
    let fill = test
        .split("async function fill()")
        .nth(1)
        .and_then(|s| s.split("\n}\n").next())
        .expect("fill() is async");
    assert!(
        fill.contains(r#"tagName === "SELECT""#)
            && fill.contains("await waitFor(() => expect(input().querySelector(`option[value=\"${value}\"]`)).not.toBeNull());"),
        "{fill}"
    );
    let calls = test.matches("fill();").count();
    assert!(calls >= 2, "{test}");
    assert_eq!(test.matches("await fill();").count(), calls, "{test}");
    assert!(!test.contains("toBeGreaterThanOrEqual(0)"), "{test}");
}

#[test]
fn a_patterned_field_carries_an_example_that_the_form_test_and_the_journey_use() {
    // "sample" and "Sample title" do not match: the form test and the
    // journey would fill in text the form refuses.
    let pattern = "^[A-Z]{3}-[0-9]{4}$";
    let files = generate_edited("recipes", |t| {
        t.replacen(
            "      title: { type: string, min: 3, max: 200, required: true }\n",
            &format!(
                "      title: {{ type: string, max: 8, pattern: \"{pattern}\", required: true }}\n"
            ),
            1,
        )
    });
    let regex = regex::Regex::new(pattern).unwrap();
    let recipe = files.text("web/src/entities/recipe.ts").unwrap();
    let example = recipe
        .split(&format!("pattern: \"{pattern}\",\n      example: \""))
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_else(|| panic!("no example after the pattern\n{recipe}"));
    assert!(regex.is_match(example), "{example}");
    // Fields without a pattern have none.
    assert_eq!(recipe.matches("example:").count(), 1, "{recipe}");
    let types = files.text("web/src/entities/types.ts").unwrap();
    assert!(types.contains("  example?: string;\n"), "{types}");
    let (test, _, _) = form_test_and_kinds(&files);
    assert!(
        test.contains("return field.example ?? \"sample\""),
        "{test}"
    );
    // The journey creates the row with the example and edits its title to
    // another one (the suffix " (edited)" would break the pattern).
    let plan: serde_json::Value =
        serde_json::from_str(files.text("web/tests/e2e/plan.json").unwrap()).unwrap();
    let recipe_plan = &plan["candidates"][0];
    assert_eq!(recipe_plan["key"], "recipe", "{plan}");
    assert_eq!(recipe_plan["create"]["title"], example, "{plan}");
    let edited = recipe_plan["edit"]["value"].as_str().unwrap();
    assert!(regex.is_match(edited) && edited != example, "{plan}");
}
