//! The generated contracts: snapshots, determinism, what the YAML means, the
//! bounds on every value and the security derived from access rules.

mod support;

use keel_agent_contracts::{
    Auth, ContractError, ContractsAgent, Kind, Method, contract_path, operations,
};
use keel_generate::events::Quiet;
use keel_generate::{Agent, FileSet};
use serde_json::{Value, json};

fn generate(name: &str) -> FileSet {
    let blueprint = support::blueprint(name);
    let agents: [&dyn Agent; 1] = [&ContractsAgent];
    keel_generate::run(&blueprint, &agents, &Quiet).unwrap()
}

#[test]
fn snapshot_recipes_cookbook() {
    let files = generate("recipes");
    insta::assert_snapshot!(
        "recipes_cookbook",
        files.text(&contract_path("cookbook")).unwrap()
    );
}

#[test]
fn snapshot_projects_identity() {
    let files = generate("projects");
    insta::assert_snapshot!(
        "projects_identity",
        files.text(&contract_path("identity")).unwrap()
    );
}

#[test]
fn one_contract_per_service() {
    for name in support::ALL {
        let blueprint = support::blueprint(name);
        let files = generate(name);
        let paths: Vec<&str> = files.paths().collect();
        let mut expected: Vec<String> = blueprint
            .services
            .iter()
            .map(|s| contract_path(&s.name))
            .collect();
        expected.push(keel_agent_contracts::SPECTRAL_RULESET_PATH.to_owned());
        expected.sort();
        assert_eq!(paths, expected, "{name}");
    }
}

#[test]
fn generating_twice_gives_identical_bytes() {
    for name in support::ALL {
        let first = generate(name);
        let second = generate(name);
        assert_eq!(first, second, "{name}");
        for (path, file) in first.iter() {
            assert_eq!(
                file.sha256(),
                second.get(path).unwrap().sha256(),
                "{name}: {path}"
            );
        }
    }
}

#[test]
fn the_yaml_reads_back_as_the_document() {
    for name in support::ALL {
        let blueprint = support::blueprint(name);
        for (service, doc, text) in support::documents(&blueprint) {
            let read = keel_blueprint::yaml::parse(&text)
                .unwrap_or_else(|e| panic!("{name}/{service}: {e:?}"))
                .to_json();
            assert_eq!(read, doc, "{name}/{service}");
            assert!(text.starts_with("openapi: \"3.1.0\"\n"));
        }
    }
}

/// The `type` of a schema without `null`.
fn base_type(schema: &Value) -> Option<&str> {
    match schema.get("type")? {
        Value::String(t) => Some(t),
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null"),
        _ => None,
    }
}

#[test]
fn every_value_is_bounded() {
    for name in support::ALL {
        let blueprint = support::blueprint(name);
        for (service, doc, _) in support::documents(&blueprint) {
            for (pointer, schema) in support::schemas(&doc) {
                let at = format!("{name}/{service}: {pointer}");
                match base_type(&schema) {
                    Some("string") => assert!(
                        schema.get("maxLength").is_some() || schema.get("enum").is_some(),
                        "{at}: unbounded string"
                    ),
                    Some("integer") => assert!(
                        schema.get("minimum").is_some() && schema.get("maximum").is_some(),
                        "{at}: unbounded integer"
                    ),
                    Some("array") => {
                        assert!(schema.get("maxItems").is_some(), "{at}: unbounded array")
                    }
                    Some("number") => panic!("{at}: numbers are integers or decimal strings"),
                    _ => {}
                }
            }
        }
    }
}

#[test]
fn request_bodies_reject_unknown_properties() {
    for name in support::ALL {
        let blueprint = support::blueprint(name);
        for (service, doc, _) in support::documents(&blueprint) {
            let mut bodies = 0;
            support::walk(&doc, "", &mut |pointer, node| {
                if !pointer.ends_with("/requestBody/content/application~1json/schema") {
                    return;
                }
                let name_of = node["$ref"].as_str().unwrap().rsplit('/').next().unwrap();
                let schema = &doc["components"]["schemas"][name_of];
                assert_eq!(
                    schema["additionalProperties"],
                    json!(false),
                    "{name}/{service}: {name_of}"
                );
                bodies += 1;
            });
            assert!(bodies > 0, "{name}/{service}");
        }
    }
}

fn op<'a>(doc: &'a Value, path: &str, method: &str) -> &'a Value {
    &doc["paths"][path][method]
}

fn statuses(operation: &Value) -> Vec<String> {
    operation["responses"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

#[test]
fn security_and_refusals_follow_the_access_rules() {
    let blueprint = support::blueprint("recipes");
    let cookbook =
        keel_agent_contracts::document(&blueprint, blueprint.service("cookbook").unwrap()).unwrap();
    let optional = json!([{}, {"cookieAuth": []}, {"bearerAuth": []}]);
    let required = json!([{"cookieAuth": []}, {"bearerAuth": []}]);

    // read: public — anyone, signed in or not; never forbidden.
    let list = op(&cookbook, "/api/cookbook/recipes", "get");
    assert_eq!(list["security"], optional);
    assert!(!statuses(list).contains(&"403".to_owned()));
    // create: signed_in — every signed-in user may, so no 403.
    let create = op(&cookbook, "/api/cookbook/recipes", "post");
    assert_eq!(create["security"], required);
    assert_eq!(
        statuses(create),
        ["201", "400", "401", "413", "415", "422", "429", "503"]
    );
    assert!(create["responses"]["201"]["headers"]["Location"].is_object());
    // update: owner or admin — can be refused.
    let update = op(&cookbook, "/api/cookbook/recipes/{id}", "patch");
    assert!(statuses(update).contains(&"403".to_owned()));
    // Ingredients inherit from recipes: public to read, refusable to change.
    let ingredients = op(&cookbook, "/api/cookbook/ingredients", "get");
    assert_eq!(ingredients["security"], optional);
    let add_ingredient = op(&cookbook, "/api/cookbook/ingredients", "post");
    assert_eq!(add_ingredient["security"], required);
    assert!(statuses(add_ingredient).contains(&"403".to_owned()));
    // Steps are unique per recipe and number: creating can conflict.
    assert!(statuses(op(&cookbook, "/api/cookbook/steps", "post")).contains(&"409".to_owned()));

    // `update: nobody` has no route at all.
    let community =
        keel_agent_contracts::document(&blueprint, blueprint.service("community").unwrap())
            .unwrap();
    assert!(community["paths"]["/api/community/follows/{id}"]["patch"].is_null());
    assert!(community["paths"]["/api/community/follows/{id}"]["delete"].is_object());
    // read: signed_in — no anonymous access.
    assert_eq!(
        op(&community, "/api/community/follows", "get")["security"],
        required
    );

    // The key set reads no credentials and cannot answer 401.
    let identity =
        keel_agent_contracts::document(&blueprint, blueprint.service("identity").unwrap()).unwrap();
    let jwks = op(&identity, "/api/identity/.well-known/jwks.json", "get");
    assert!(jwks.get("security").is_none());
    assert_eq!(statuses(jwks), ["200", "429"]);
}

#[test]
fn operations_are_the_route_table() {
    let blueprint = support::blueprint("recipes");
    let ops = operations(&blueprint, blueprint.service("cookbook").unwrap());
    let table: Vec<String> = ops
        .iter()
        .map(|o| format!("{:?} {} {}", o.method, o.path, o.operation_id))
        .collect();
    assert_eq!(
        table,
        [
            "Get /api/cookbook/recipes listRecipes",
            "Post /api/cookbook/recipes createRecipe",
            "Get /api/cookbook/recipes/{id} getRecipe",
            "Patch /api/cookbook/recipes/{id} updateRecipe",
            "Delete /api/cookbook/recipes/{id} deleteRecipe",
            "Post /api/cookbook/recipes/{id}/publish publishRecipe",
            "Post /api/cookbook/recipes/{id}/archive archiveRecipe",
            "Post /api/cookbook/recipes/{id}/restore restoreRecipe",
            "Get /api/cookbook/ingredients listIngredients",
            "Post /api/cookbook/ingredients createIngredient",
            "Get /api/cookbook/ingredients/{id} getIngredient",
            "Patch /api/cookbook/ingredients/{id} updateIngredient",
            "Delete /api/cookbook/ingredients/{id} deleteIngredient",
            "Get /api/cookbook/steps listSteps",
            "Post /api/cookbook/steps createStep",
            "Get /api/cookbook/steps/{id} getStep",
            "Patch /api/cookbook/steps/{id} updateStep",
            "Delete /api/cookbook/steps/{id} deleteStep",
            "Post /api/cookbook/uploads createUpload",
            "Get /api/cookbook/uploads/{id} getUpload",
        ]
    );
    let publish = &ops[5];
    assert_eq!(publish.kind, Kind::Transition("publish".into()));
    assert_eq!(publish.resource.as_deref(), Some("Recipe"));
    assert_eq!(publish.auth, Auth::Required);
    assert_eq!(publish.method, Method::Post);
    // The list names its filters and sort keys for the services to honour.
    let list = serde_json::to_value(&ops[0]).unwrap();
    let names: Vec<&str> = list["query"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["limit", "offset", "sort", "owner_id", "status"]);
}

#[test]
fn identity_has_organizations_only_with_tenancy() {
    let ids = |name: &str| -> Vec<String> {
        let blueprint = support::blueprint(name);
        operations(&blueprint, blueprint.service("identity").unwrap())
            .into_iter()
            .map(|o| o.operation_id)
            .collect()
    };
    let single = ids("recipes");
    assert_eq!(
        single,
        [
            "signUp",
            "signIn",
            "refreshSession",
            "signOut",
            "getMe",
            "getJwks",
            "getUser",
            "setUserRoles"
        ]
    );
    let tenant = ids("projects");
    for id in [
        "switchOrganization",
        "listOrganizations",
        "createOrganization",
        "updateOrganization",
        "listMemberships",
        "updateMembership",
        "deleteMembership",
        "listInvitations",
        "createInvitation",
        "acceptInvitation",
        "revokeInvitation",
    ] {
        assert!(tenant.iter().any(|t| t == id), "{id}");
    }
}

#[test]
fn transitions_named_like_operations_keep_distinct_ids() {
    let blueprint = support::blueprint("thirty");
    let ids: Vec<String> = operations(&blueprint, blueprint.service("catalog").unwrap())
        .into_iter()
        .map(|o| o.operation_id)
        .collect();
    assert!(ids.contains(&"getProduct".to_owned()));
    assert!(ids.contains(&"getProductTransition".to_owned()));
    assert!(ids.contains(&"goLiveProduct".to_owned()));
}

#[test]
fn a_name_that_clashes_with_a_shared_schema_is_reported() {
    // `keel check` refuses an entity named as another's list page
    // (`generated-name-clash`), and `Problem`, the shared error answer, as
    // a reserved type name ...
    let text = |second: &str| {
        format!(
            r#"
keel: 1
app: clash
services:
  identity: {{ builtin: auth }}
  desk: {{ entities: [Ticket, {second}] }}
entities:
  Ticket:
    fields: {{ summary: {{ type: string, max: 100 }} }}
    access: {{ read: signed_in, create: signed_in, update: nobody, delete: nobody }}
  {second}:
    fields: {{ name: {{ type: string, max: 100 }} }}
    access: {{ read: signed_in, create: signed_in, update: nobody, delete: nobody }}
"#
        )
    };
    let refused = keel_blueprint::check(&keel_blueprint::SourceFile::new(
        "keel.yaml".to_owned(),
        text("TicketList"),
    ))
    .expect_err("check refuses TicketList beside Ticket");
    assert!(refused.iter().any(|d| d.code == "generated-name-clash"));
    // ... and the agent still reports a clash that reaches it anyway.
    let mut blueprint = support::from_text("keel.yaml", &text("TicketLog"));
    for e in &mut blueprint.entities {
        if e.name == "TicketLog" {
            e.name = "TicketList".into();
            e.names = keel_blueprint::Names::of("TicketList", None);
        }
    }
    for s in &mut blueprint.services {
        for e in &mut s.entities {
            if e == "TicketLog" {
                *e = "TicketList".into();
            }
        }
    }
    let err =
        keel_agent_contracts::document(&blueprint, blueprint.service("desk").unwrap()).unwrap_err();
    assert_eq!(
        err,
        ContractError::DuplicateSchema {
            service: "desk".into(),
            name: "TicketList".into()
        }
    );
}

#[test]
fn resources_of_organizations_carry_their_tenant() {
    let blueprint = support::blueprint("projects");
    let work =
        keel_agent_contracts::document(&blueprint, blueprint.service("work").unwrap()).unwrap();
    let task = &work["components"]["schemas"]["Task"];
    assert!(
        task["required"]
            .as_array()
            .unwrap()
            .contains(&json!("tenant_id"))
    );
    assert_eq!(task["properties"]["tenant_id"]["readOnly"], true);
    let recipes = support::blueprint("recipes");
    let cookbook =
        keel_agent_contracts::document(&recipes, recipes.service("cookbook").unwrap()).unwrap();
    assert!(
        cookbook["components"]["schemas"]["Recipe"]["properties"]
            .get("tenant_id")
            .is_none()
    );
}

#[test]
fn a_write_only_create_answers_its_id_only() {
    // Blog subscribers: anyone signs up, only editors read them.
    let blueprint = support::blueprint("blog");
    let service = blueprint.service("newsletter").unwrap();
    let create = operations(&blueprint, service)
        .into_iter()
        .find(|o| o.operation_id == "createSubscriber")
        .unwrap();
    assert_eq!(
        create.response.body,
        Some(keel_agent_contracts::Body::Json {
            schema: "Created".into()
        })
    );
    let doc = keel_agent_contracts::document(&blueprint, service).unwrap();
    assert_eq!(
        doc["components"]["schemas"]["Created"]["required"],
        json!(["id"])
    );
    let recipes = support::blueprint("recipes");
    let recipe = recipes.entity("Recipe").unwrap();
    assert!(keel_agent_contracts::creator_reads(recipe));
}

#[test]
fn roles_are_granted_on_users_only_without_tenancy() {
    let grant = |name: &str| {
        let blueprint = support::blueprint(name);
        operations(&blueprint, blueprint.service("identity").unwrap())
            .into_iter()
            .find(|o| o.operation_id == "setUserRoles")
    };
    let op = grant("recipes").expect("PUT /users/{id}/roles");
    assert_eq!(op.method, Method::Put);
    assert_eq!(op.path, "/api/identity/users/{id}/roles");
    assert_eq!(op.auth, Auth::Required);
    assert!(op.errors.contains(&403));
    assert!(grant("projects").is_none());
}
