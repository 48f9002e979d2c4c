//! The tests of a domain service: `services/<service>/tests/api/` with a
//! harness, fixtures, one module per entity and one for the service itself.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use keel_agent_backend::layout;
use keel_agent_contracts::Kind;
use keel_blueprint::{Blueprint, Entity, FieldType, IDENTITY, LinkKind, Op, Service, USER};

use crate::awaited;
use crate::expect::{self, Principal};
use crate::fixtures;

/// Entities whose fixtures this service's tests can make: its own, and
/// those of the services it calls whose required links stay inside their
/// own service.
pub fn fixture_entities<'a>(blueprint: &'a Blueprint, service: &Service) -> Vec<&'a Entity> {
    let mut makers = Makers::new(blueprint, service);
    blueprint
        .entities
        .iter()
        .filter(|e| {
            if e.service == service.name {
                makers.can_make(e, true)
            } else {
                service.calls.contains(&e.service) && makers.can_make(e, false)
            }
        })
        .collect()
}

/// Which rows `home`'s tests can make, remembered per entity and per
/// whether the row is made by `home` itself (`own`) or by a service it
/// calls: every answer is worked out once, however many rows share it.
struct Makers<'a, 's> {
    blueprint: &'a Blueprint,
    home: &'s Service,
    creatable: BTreeSet<&'a str>,
    known: BTreeMap<(&'a str, bool), bool>,
}

impl<'a, 's> Makers<'a, 's> {
    fn new(blueprint: &'a Blueprint, home: &'s Service) -> Self {
        Makers {
            blueprint,
            home,
            creatable: fixtures::creatable(blueprint),
            known: BTreeMap::new(),
        }
    }

    /// Whether a row of `entity` can be made, with every row its required
    /// links need. (Only creatable entities are followed, and their
    /// required links form no cycle.)
    fn can_make(&mut self, entity: &'a Entity, own: bool) -> bool {
        let key = (entity.name.as_str(), own);
        if let Some(&made) = self.known.get(&key) {
            return made;
        }
        // A row that needs itself cannot be made first.
        self.known.insert(key, false);
        let blueprint = self.blueprint;
        let made = self.creatable.contains(entity.name.as_str())
            && fixtures::linked(entity).iter().all(|l| match l.kind {
                LinkKind::Remote if !own => false,
                LinkKind::Remote if l.target == USER => {
                    self.home.calls.iter().any(|c| c == IDENTITY)
                }
                LinkKind::Remote => blueprint.entity(&l.target).is_some_and(|t| {
                    self.home.calls.contains(&t.service) && self.can_make(t, false)
                }),
                _ => blueprint
                    .entity(&l.target)
                    .is_some_and(|t| self.can_make(t, own)),
            });
        self.known.insert(key, made);
        made
    }
}

fn base_expr(entity: &Entity, service: &Service) -> String {
    if entity.service == service.name {
        "&h.base".to_owned()
    } else {
        format!("&h.{}", entity.service)
    }
}

/// `tests/api/fixtures.rs`: a body builder and a creator per entity.
pub fn fixtures_rs(blueprint: &Blueprint, service: &Service) -> String {
    let entities = fixture_entities(blueprint, service);
    let mut out = String::from(
        "//! Rows to test with, made through the services' APIs. Bodies fill in\n//! every field a value can be made for; `online: false` leaves rows of other\n//! services out (random ids), for tests with those services down.\n\n#![allow(dead_code)]\n\n",
    );
    let body: String = entities
        .iter()
        .map(|e| body_fn(blueprint, service, e))
        .collect();
    let uses_uuid = body.contains("Uuid::");
    out.push_str("use serde_json::{Value, json};\n");
    if uses_uuid {
        out.push_str("use uuid::Uuid;\n");
    }
    out.push_str("\nuse crate::harness::{Harness, Who};\n");
    out.push_str(&body);
    if body.contains("json!(example(") || body.contains("json!([example(") {
        out.push_str(
            "\n/// The `n`th of `values`, round and round: the rows of one test get\n/// different values while it makes fewer rows than there are values.\nfn example(values: &'static [&'static str], n: u32) -> &'static str {\n    values[n as usize % values.len()]\n}\n",
        );
    }
    out
}

/// The links a fixture body fills: the required ones, optional references
/// to other services (a user, another service's row) when this service's
/// tests run that service, so those checks are exercised too, and the user
/// references its rules name (`expect::named_links`: the creator).
pub fn filled_links<'a>(
    blueprint: &Blueprint,
    service: &Service,
    entity: &'a Entity,
) -> Vec<&'a keel_blueprint::Link> {
    let mut links = fixtures::linked(entity);
    if entity.service != service.name {
        return links;
    }
    let mut makers = Makers::new(blueprint, service);
    // (In a multi-tenant app every real user of a test is the organization's
    // founder: an optional user reference that must differ between rows is
    // left empty, as NULLs never clash. Unique sets name columns.)
    let unique_user = |l: &keel_blueprint::Link| {
        blueprint.multi_tenant() && entity.unique.iter().any(|set| set.contains(&l.column))
    };
    let named = expect::named_links(entity);
    links.extend(entity.links.iter().filter(|l| {
        !l.required
            && l.kind == LinkKind::Remote
            && (named.contains(l)
                || !(l.target == USER && unique_user(l))
                    && if l.target == USER {
                        service.calls.iter().any(|c| c == IDENTITY)
                    } else {
                        blueprint.entity(&l.target).is_some_and(|t| {
                            service.calls.contains(&t.service) && makers.can_make(t, false)
                        })
                    })
    }));
    links
}

fn body_fn(blueprint: &Blueprint, service: &Service, entity: &Entity) -> String {
    let n = &entity.names;
    let mut lines = String::new();
    let named = expect::named_links(entity);
    for link in filled_links(blueprint, service, entity) {
        let target = blueprint.entity(&link.target);
        let value = match (link.kind, target) {
            // The creator names themselves, so they pass `the <link>` on
            // the rows they make (unchecked: their token says they exist).
            _ if named.contains(&link) => {
                let offline = if link.required {
                    "json!(Uuid::new_v4())"
                } else {
                    "Value::Null"
                };
                // (rustfmt keeps an if-else of at most 50 characters on one line)
                let one = format!("if online {{ json!(who.user) }} else {{ {offline} }}");
                if one.chars().count() <= 50 {
                    one
                } else {
                    format!(
                        "if online {{\n        json!(who.user)\n    }} else {{\n        {offline}\n    }}"
                    )
                }
            }
            // Optional: left empty while the other service is down.
            (LinkKind::Remote, _) if !link.required && link.target == USER => {
                "if online {\n        h.real_user().await\n    } else {\n        Value::Null\n    }".to_owned()
            }
            (LinkKind::Remote, Some(t)) if !link.required => format!(
                "if online {{\n        {}\n    }} else {{\n        Value::Null\n    }}",
                awaited::id_tail(8, &format!("create_{}", t.names.snake), "h, who, true")
            ),
            (LinkKind::Remote, _) if link.target == USER => {
                "if online {\n        h.real_user().await\n    } else {\n        json!(Uuid::new_v4())\n    }".to_owned()
            }
            (LinkKind::Remote, Some(t)) => format!(
                "if online {{\n        {}\n    }} else {{\n        json!(Uuid::new_v4())\n    }}",
                awaited::id_tail(8, &format!("create_{}", t.names.snake), "h, who, true")
            ),
            (_, Some(t)) => {
                lines.push_str(&awaited::id_assigned(
                    4,
                    &format!("body[\"{}\"]", link.column),
                    &format!("create_{}", t.names.snake),
                    "h, who, online",
                ));
                continue;
            }
            _ => continue,
        };
        // (rustfmt moves a value that does not fit to the next line.)
        lines.push_str(&layout::assign(
            4,
            &format!("body[\"{}\"]", link.column),
            &value,
        ));
    }
    // (whether a value reads the test's `n`, which the body then declares)
    let mut numbered = false;
    for field in fixtures::filled(entity) {
        let line = if field.ty == FieldType::File {
            let accept = field
                .accept
                .first()
                .cloned()
                .unwrap_or_else(|| "application/octet-stream".to_owned());
            let key = keel_agent_contracts::upload_field_key(entity, field);
            let args = [
                base_expr(entity, service),
                "who".to_owned(),
                format!("\"{}\"", entity.service),
                format!("\"{key}\""),
                format!("\"{accept}\""),
            ];
            format!(
                "    body[\"{}\"] = h\n{}        .await;\n",
                field.name,
                layout::list(8, ".upload(", &args, ")")
            )
        } else {
            let value = match fixtures::valid(entity, field) {
                Some(fixture) => {
                    numbered |= fixture.numbered;
                    fixture.expr
                }
                None => String::new(),
            };
            let target = format!("body[\"{}\"]", field.name);
            // (A string made by `format!` whose arguments are wider than
            // `SHORT` cannot be one line: rustfmt breaks inside the call.)
            match value
                .strip_prefix("json!(format!(")
                .and_then(|v| v.strip_suffix("))"))
            {
                Some(text) if text.chars().count() + "format!()".len() > layout::SHORT => {
                    format!("    {target} = json!(format!(\n        {text}\n    ));\n")
                }
                _ => layout::assign(4, &target, &value),
            }
        };
        lines.push_str(&line);
    }
    // The examples of patterned fields whose rows need different values.
    let mut consts = String::new();
    for field in fixtures::filled(entity) {
        if let Some(examples) = fixtures::examples(entity, field) {
            let quoted: Vec<String> = examples.iter().map(|e| format!("{e:?}")).collect();
            consts.push_str(&format!(
                "    // Values that match the pattern of `{}`, one per row.\n",
                field.name
            ));
            consts.push_str(&layout::array(
                4,
                &format!("const {}: &[&str]", fixtures::examples_const(field)),
                &quoted,
            ));
        }
    }
    let online_used = uses_variable(&lines, "online");
    let n_line = if numbered {
        format!("    let n = h.next_of(\"{}\");\n", entity.names.snake)
    } else {
        String::new()
    };
    let mutable = if lines.is_empty() { "" } else { "mut " };
    let params = [
        "h: &Harness".to_owned(),
        if uses_variable(&lines, "who") {
            "who: &Who"
        } else {
            "_who: &Who"
        }
        .to_owned(),
        if online_used {
            "online: bool"
        } else {
            "_online: bool"
        }
        .to_owned(),
    ];
    let h_used = lines.contains("h.") || lines.contains("(h,") || !n_line.is_empty();
    let mut params = params.to_vec();
    if !h_used {
        params[0] = "_h: &Harness".to_owned();
    }
    let create = if owner_unique(entity) {
        "create_or_find_at"
    } else {
        "create_at"
    };
    let args = [
        base_expr(entity, service),
        "who".to_owned(),
        format!("\"/api/{}/{}\"", entity.service, n.plural_kebab),
        "body".to_owned(),
    ];
    let call = format!("h.{create}({})", args.join(", "));
    // (rustfmt: arguments wider than `SHORT` go one per line, and `.await`
    // follows the closing parenthesis.)
    let call = if args.join(", ").chars().count() > layout::SHORT {
        format!(
            "    h.{create}(\n{}    )\n    .await\n",
            args.iter()
                .map(|a| format!("        {a},\n"))
                .collect::<String>()
        )
    } else if call.chars().count() + 6 <= layout::SHORT {
        format!("    {call}.await\n")
    } else {
        format!("    {call}\n        .await\n")
    };
    format!(
        "\n/// A valid create body for a {word}; makes the rows it needs.\n{sig}{consts}{n_line}    let {mutable}body = json!({{}});\n{lines}    body\n}}\n\n/// A {word} made by `who` through the API.\n{create_sig}{let_body}{call}}}\n",
        let_body = awaited::let_awaited(
            4,
            "let body",
            &format!("{}_body", n.snake),
            "h, who, online"
        ),
        word = n.words,
        sig = layout::signature(&format!("pub async fn {}_body", n.snake), &params, "Value"),
        create_sig = layout::signature(
            &format!("pub async fn create_{}", n.snake),
            &[
                "h: &Harness".to_owned(),
                "who: &Who".to_owned(),
                "online: bool".to_owned()
            ],
            "Value"
        ),
    )
}

/// Modules every service's tests have, besides one per entity.
const FIXED_MODULES: [&str; 5] = ["contract", "fixtures", "harness", "service", "main"];

/// The test module of each entity of `service`, by entity name (see
/// [`keel_blueprint::names::module_names`]; the fixed modules are what it
/// avoids: `Fixture`'s tests are `fixture_records`).
pub fn test_modules<'a>(blueprint: &'a Blueprint, service: &Service) -> BTreeMap<&'a str, String> {
    let entities: Vec<&Entity> = blueprint
        .entities
        .iter()
        .filter(|e| e.service == service.name)
        .collect();
    let names = keel_blueprint::names::module_names(&entities, &FIXED_MODULES);
    entities
        .iter()
        .map(|e| e.name.as_str())
        .zip(names)
        .collect()
}

/// `tests/api/main.rs`.
pub fn main_rs(blueprint: &Blueprint, service: &Service) -> String {
    let mut modules: Vec<String> = vec![
        "contract".into(),
        "fixtures".into(),
        "harness".into(),
        "service".into(),
    ];
    let made = fixture_entities(blueprint, service);
    let names = test_modules(blueprint, service);
    for e in blueprint.entities_of(&service.name) {
        if made.iter().any(|f| f.name == e.name) {
            modules.push(names[e.name.as_str()].clone());
        }
    }
    modules.sort();
    let mut out = format!(
        "//! Integration tests of the {name} service: over HTTP against the real\n//! service with a throw-away PostgreSQL database, and directly in SQL as the\n//! application role. Set `TEST_DATABASE_ADMIN_URL` to a PostgreSQL superuser\n//! URL (`keel verify` does).\n\n",
        name = service.name
    );
    for m in modules {
        out.push_str(&format!("mod {m};\n"));
    }
    out
}

/// Whether generated `lines` use the variable `name`, not a field of that
/// name (`body["online"] = json!(true)` uses no `online`).
fn uses_variable(lines: &str, name: &str) -> bool {
    regex::Regex::new(&format!(r#"(?:^|[^"\w]){name}(?:$|[^"\w])"#))
        .is_ok_and(|re| re.is_match(lines))
}

/// The shortest path of transitions a caller can take (those with an
/// endpoint) from the initial state to `state`: each step's name and endpoint.
fn path_to(entity: &Entity, state: &str) -> Vec<(String, String)> {
    let Some(machine) = &entity.states else {
        return Vec::new();
    };
    let mut seen = BTreeSet::from([machine.initial.clone()]);
    let mut queue = VecDeque::from([(machine.initial.clone(), Vec::new())]);
    while let Some((at, path)) = queue.pop_front() {
        if at == state {
            return path;
        }
        for (t, endpoint) in machine
            .transitions
            .iter()
            .filter_map(|t| Some((t, t.endpoint()?)))
        {
            if t.from.contains(&at) && seen.insert(t.to.clone()) {
                let mut next = path.clone();
                next.push((t.name.clone(), endpoint));
                queue.push_back((t.to.clone(), next));
            }
        }
    }
    Vec::new()
}

/// `tests/api/<plural>.rs`: the tests of one entity.
pub fn entity_rs(blueprint: &Blueprint, service: &Service, entity: &Entity) -> String {
    let n = &entity.names;
    let snake = &n.snake;
    let base = format!("/api/{}/{}", service.name, n.plural_kebab);
    let mut out = String::new();
    out.push_str(&crud_test(blueprint, entity));
    out.push_str(&validation_test(entity));
    out.push_str(&list_test(blueprint, entity));
    out.push_str(&matrix_test(blueprint, service, entity));
    if entity.states.is_some() {
        out.push_str(&transition_tests(blueprint, entity));
    }
    out.push_str(&cross_tenant_test(blueprint, service, entity));
    if entity
        .links
        .iter()
        .any(|l| l.required && l.kind == LinkKind::Remote)
        && offline_parents(blueprint, entity)
    {
        out.push_str(&format!(
            "\n#[tokio::test]\nasync fn a_service_it_refers_to_being_down_is_a_503() {{\n    let h = Harness::start_alone().await;\n    let maker = h.user(ALL_ROLES);\n{let_body}    let started = std::time::Instant::now();\n    let answer = h.post(&maker, BASE, body).await;\n    expect(&answer, 503, \"create while a service it refers to is down\");\n    assert!(answer.headers.contains_key(\"retry-after\"));\n    assert!(started.elapsed() < std::time::Duration::from_secs(15));\n}}\n",
            let_body = awaited::let_awaited(4, "let body", &format!("{snake}_body"), "&h, &maker, false"),
        ));
    }
    let json = if out.contains("Value::") {
        "use serde_json::{Value, json};"
    } else {
        "use serde_json::json;"
    };
    format!(
        "//! {pascal}: CRUD, validation, lists, the access matrix (over HTTP and in\n//! SQL as the application role){transitions}.\n\nuse reqwest::{{Method, StatusCode}};\n{json}\n\nuse crate::fixtures::*;\nuse crate::harness::*;\n\n{base}{table}{out}",
        pascal = n.pascal,
        transitions = if entity.states.is_some() {
            " and state transitions"
        } else {
            ""
        },
        base = layout::assign(0, "const BASE: &str", &format!("\"{base}\"")),
        table = layout::assign(0, "const TABLE: &str", &format!("\"{}\"", n.plural_snake)),
    )
}

/// Fields whose value comes back exactly as sent.
fn echoed(entity: &Entity) -> Vec<String> {
    fixtures::filled(entity)
        .iter()
        .filter(|f| !matches!(f.ty, FieldType::Decimal | FieldType::Datetime))
        .map(|f| f.name.clone())
        .collect()
}

/// Whether the contract has an operation of `kind` for `entity`.
fn routed(blueprint: &Blueprint, entity: &Entity, kind: &Kind) -> bool {
    blueprint.service(&entity.service).is_some_and(|s| {
        keel_agent_contracts::operations(blueprint, s)
            .iter()
            .any(|o| o.resource.as_deref() == Some(entity.name.as_str()) && &o.kind == kind)
    })
}

fn crud_test(blueprint: &Blueprint, entity: &Entity) -> String {
    let snake = &entity.names.snake;
    // A write-only row answers its id only, even to a creator who may read it.
    let same = if keel_agent_contracts::creator_reads(entity) {
        "    assert_eq!(read.body, created.body);\n"
    } else {
        "    assert_eq!(created.body, json!({ \"id\": id }));\n"
    };
    let maker = expect::maker(blueprint);
    let may_update = expect::allows(blueprint, entity, entity.access.rule(Op::Update), &maker);
    let may_delete = expect::allows(blueprint, entity, entity.access.rule(Op::Delete), &maker);
    let echoed = layout::str_array(4, "let echoed: &[&str]", &echoed(entity));
    let update_field = fixtures::filled(entity)
        .into_iter()
        .find(|f| f.ty != FieldType::File)
        .map(|f| f.name.clone());
    let patch = match &update_field {
        _ if !routed(blueprint, entity, &Kind::Update) => "    let updated = h.call(&maker, Method::PATCH, &path, Some(json!({}))).await;\n    expect(&updated, 405, \"no update route\");\n".to_owned(),
        _ if !may_update => "    let updated = h.call(&maker, Method::PATCH, &path, Some(json!({}))).await;\n    expect(&updated, 403, \"nobody updates\");\n".to_owned(),
        Some(field) => {
            // A long field name: its value is bound first, so neither the
            // change nor the test of its type outgrows a line.
            let inline =
                format!("    let change = json!({{\"{field}\": fresh[\"{field}\"].clone()}});\n");
            let (change, value) = if inline.trim_end().chars().count() <= layout::WIDTH {
                (inline, format!("fresh[\"{field}\"]"))
            } else {
                (
                    format!(
                        "    let value = &fresh[\"{field}\"];\n    let change = json!({{\"{field}\": value}});\n"
                    ),
                    "value".to_owned(),
                )
            };
            format!(
                "{}{change}    let updated = h.call(&maker, Method::PATCH, &path, Some(change)).await;\n    expect(&updated, 200, \"update\");\n{}{}    }}\n",
                awaited::let_awaited(4, "let fresh", &format!("{snake}_body"), "&h, &maker, true"),
                layout::if_any(
                    4,
                    &[
                        format!("!matches!({value}, Value::String(_))"),
                        format!("echoed.contains(&\"{field}\")"),
                    ]
                ),
                layout::macro_call(
                    8,
                    "assert_eq",
                    &[
                        format!("updated.body[\"{field}\"]"),
                        format!("fresh[\"{field}\"]"),
                    ]
                ),
            )
        }
        None => "    let updated = h.call(&maker, Method::PATCH, &path, Some(json!({}))).await;\n    expect(&updated, 200, \"update\");\n".to_owned(),
    };
    let delete = if !routed(blueprint, entity, &Kind::Delete) {
        "    let deleted = h.call(&maker, Method::DELETE, &path, None).await;\n    expect(&deleted, 405, \"no delete route\");\n"
    } else if may_delete {
        "    let deleted = h.call(&maker, Method::DELETE, &path, None).await;\n    assert_eq!(deleted.status, StatusCode::NO_CONTENT);\n    assert_eq!(h.get(&maker, &path).await.status, StatusCode::NOT_FOUND);\n"
    } else {
        "    let deleted = h.call(&maker, Method::DELETE, &path, None).await;\n    assert_eq!(deleted.status, StatusCode::FORBIDDEN, \"nobody deletes\");\n"
    };
    let let_body =
        awaited::let_awaited(4, "let body", &format!("{snake}_body"), "&h, &maker, true");
    format!(
        "\n#[tokio::test]\nasync fn create_read_update_delete() {{\n    let h = Harness::start().await;\n    let maker = h.user(ALL_ROLES);\n{let_body}    let created = h.post(&maker, BASE, body.clone()).await;\n    expect(&created, 201, \"create\");\n    let id = created.body[\"id\"].as_str().expect(\"an id\").to_owned();\n    let path = format!(\"{{BASE}}/{{id}}\");\n    assert_eq!(created.headers[\"location\"], path.as_str());\n    let read = h.get(&maker, &path).await;\n    assert_eq!(read.status, StatusCode::OK);\n{same}{echoed}    for field in echoed {{\n        assert_eq!(read.body[*field], body[*field], \"{{field}}\");\n    }}\n{patch}{delete}}}\n"
    )
}

fn validation_test(entity: &Entity) -> String {
    let snake = &entity.names.snake;
    // (fields whose invalid values would make the body too large to be read
    // at all are left valid)
    let mut budget = fixtures::INVALID_BODY_BUDGET;
    let mut broken: Vec<(String, String)> = fixtures::filled(entity)
        .iter()
        .filter(|f| f.ty != FieldType::File)
        .filter(|f| {
            let size = fixtures::invalid_size(f);
            let fits = size <= budget;
            budget -= if fits { size } else { 0 };
            fits
        })
        .map(|f| (f.name.clone(), fixtures::invalid(f)))
        .collect();
    broken.push(("surprise".to_owned(), "json!(1)".to_owned()));
    let mut lines = String::new();
    for (field, value) in &broken {
        lines.push_str(&format!("    body[\"{field}\"] = {value};\n"));
    }
    let mut fields: Vec<String> = broken.iter().map(|(f, _)| f.clone()).collect();
    fields.sort();
    let expected = layout::str_array(4, "let expected: &[&str]", &fields);
    let mut required: Vec<String> = entity
        .links
        .iter()
        .filter(|l| l.required)
        .map(|l| l.column.clone())
        .chain(
            entity
                .writable_fields()
                .filter(|f| f.required && f.default.is_none())
                .map(|f| f.name.clone()),
        )
        .collect();
    required.sort();
    let missing = if required.is_empty() {
        String::new()
    } else {
        format!(
            "    let answer = h.post(&maker, BASE, json!({{}})).await;\n    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);\n{}    assert_eq!(error_fields(&answer.body), required);\n",
            layout::str_array(4, "let required: &[&str]", &required)
        )
    };
    let let_body = awaited::let_awaited(
        4,
        "let mut body",
        &format!("{snake}_body"),
        "&h, &maker, true",
    );
    format!(
        "\n#[tokio::test]\nasync fn invalid_fields_are_each_reported_with_422() {{\n    let h = Harness::start().await;\n    let maker = h.user(ALL_ROLES);\n{let_body}{lines}    let answer = h.post(&maker, BASE, body).await;\n    expect(&answer, 422, \"invalid fields\");\n    assert_eq!(answer.headers[\"content-type\"], \"application/problem+json\");\n{expected}    assert_eq!(error_fields(&answer.body), expected);\n{missing}}}\n"
    )
}

fn list_test(blueprint: &Blueprint, entity: &Entity) -> String {
    let snake = &entity.names.snake;
    // A reader with every role but owning nothing: sees rows of three makers
    // when the read rule lets such a reader see them; else one maker reads
    // their own.
    let reader = Principal {
        name: "reader".into(),
        make: String::new(),
        owns_rows: false,
        signed_in: true,
        roles: blueprint.roles.clone(),
        same_tenant: true,
        named_in: Vec::new(),
    };
    let shared = expect::read(blueprint, entity, &reader);
    let owner_unique = owner_unique(entity);
    let (makers, reader_expr, count) = if shared {
        ("let maker = h.user(ALL_ROLES);", "h.user(ALL_ROLES)", 3)
    } else if owner_unique {
        ("", "maker.clone()", 1)
    } else {
        ("", "maker.clone()", 3)
    };
    // (A long name: the row is bound first, so the push stays one line.)
    let push =
        format!("        ids.push(create_{snake}(&h, &maker, true).await[\"id\"].clone());\n");
    let push = if push.trim_end().chars().count() <= layout::WIDTH {
        push
    } else {
        let let_row =
            awaited::let_awaited(8, "let row", &format!("create_{snake}"), "&h, &maker, true");
        format!("{let_row}        ids.push(row[\"id\"].clone());\n")
    };
    let setup = if shared {
        format!(
            "    let mut ids = Vec::new();\n    for _ in 0..3 {{\n        {makers}\n{push}    }}\n    let reader = {reader_expr};\n"
        )
    } else {
        format!(
            "    let maker = h.user(ALL_ROLES);\n    let mut ids = Vec::new();\n    for _ in 0..{count} {{\n{push}    }}\n    let reader = {reader_expr};\n"
        )
    };
    let owner_filter = if entity.owned && !shared {
        format!(
            "    let url = format!(\"{{BASE}}?owner_id={{}}\", reader.user.expect(\"a user\"));\n    let mine = h.get(&reader, &url).await;\n    assert_eq!(mine.body[\"total\"], {count});\n"
        )
    } else {
        String::new()
    };
    let second_page = if count == 3 {
        "    let url = format!(\"{BASE}?limit=2&offset=2&sort=created_at\");\n    let second = h.get(&reader, &url).await;\n    let mut seen = item_ids(&first.body);\n    seen.extend(item_ids(&second.body));\n    assert_eq!(seen, ids);\n    let url = format!(\"{BASE}?limit=1&sort=-created_at\");\n    let newest = h.get(&reader, &url).await;\n    assert_eq!(item_ids(&newest.body), vec![ids[2].clone()]);\n"
    } else {
        ""
    };
    format!(
        "\n#[tokio::test]\nasync fn lists_page_sort_and_filter() {{\n    let h = Harness::start().await;\n{setup}    let url = format!(\"{{BASE}}?limit=2&sort=created_at\");\n    let first = h.get(&reader, &url).await;\n    expect(&first, 200, \"list\");\n    assert_eq!(first.body[\"total\"], {count});\n    assert_eq!(first.body[\"limit\"], 2);\n    assert_eq!(first.body[\"offset\"], 0);\n{second_page}{owner_filter}    for bad in [\"limit=0\", \"limit=101\", \"offset=-1\", \"sort=nope\", \"nope=1\"] {{\n        let answer = h.get(&reader, &format!(\"{{BASE}}?{{bad}}\")).await;\n        assert_eq!(answer.status, StatusCode::BAD_REQUEST, \"{{bad}}\");\n    }}\n}}\n"
    )
}

/// Whether each user may have only one row (`unique: [[owner]]` or with
/// more columns that fixtures repeat).
fn owner_unique(entity: &Entity) -> bool {
    entity
        .unique
        .iter()
        .any(|u| u.iter().all(|c| c == "owner_id"))
}

/// Whether fixtures can make a row with every other service down: only the
/// row's own references may point elsewhere.
fn offline_parents(blueprint: &Blueprint, entity: &Entity) -> bool {
    offline_parents_known(blueprint, entity, &mut BTreeMap::new())
}

/// `offline_parents`, with the answers already worked out (each entity is
/// looked at once, however many rows point at it).
fn offline_parents_known<'a>(
    blueprint: &'a Blueprint,
    entity: &'a Entity,
    known: &mut BTreeMap<&'a str, bool>,
) -> bool {
    if let Some(&offline) = known.get(entity.name.as_str()) {
        return offline;
    }
    // (Fixture entities' required links form no cycle; this only ends one.)
    known.insert(&entity.name, false);
    let offline = fixtures::linked(entity)
        .iter()
        .filter(|l| l.kind != LinkKind::Remote)
        .all(|l| {
            blueprint.entity(&l.target).is_some_and(|t| {
                !fixtures::linked(t)
                    .iter()
                    .any(|tl| tl.kind == LinkKind::Remote)
                    && offline_parents_known(blueprint, t, known)
            })
        });
    known.insert(&entity.name, offline);
    offline
}

/// Whether `p` can see the row a fixture's `link` points at (made by the
/// owner): the service checks every reference under the caller's rights.
fn link_visible(blueprint: &Blueprint, link: &keel_blueprint::Link, p: &Principal) -> bool {
    if link.target == USER {
        // Profiles: public, or fellow members of the organization.
        !blueprint.multi_tenant() || p.same_tenant
    } else {
        blueprint
            .entity(&link.target)
            .is_some_and(|t| expect::read(blueprint, t, p))
    }
}

fn matrix_test(blueprint: &Blueprint, service: &Service, entity: &Entity) -> String {
    let snake = &entity.names.snake;
    let mut principals = expect::principals(blueprint, entity);
    let named = expect::named_principals(blueprint, entity);
    principals.extend(named.iter().cloned());
    let mut cases = String::new();
    let mut deletes = String::new();
    let mut creates = String::new();
    let links = filled_links(blueprint, service, entity);
    let uploads = fixtures::filled(entity)
        .iter()
        .any(|f| f.ty == FieldType::File);
    let updates = routed(blueprint, entity, &Kind::Update);
    let deletable = routed(blueprint, entity, &Kind::Delete);
    let named_columns: Vec<String> = expect::named_links(entity)
        .iter()
        .map(|l| l.column.clone())
        .collect();
    // (whether the owner's create expects 409: their one row, which the
    // deletes may have removed, is made again first)
    let mut owner_has_one = false;
    for p in &principals {
        let read = expect::read(blueprint, entity, p);
        let update = expect::allows(blueprint, entity, entity.access.rule(Op::Update), p);
        let delete = expect::allows(blueprint, entity, entity.access.rule(Op::Delete), p);
        let get = if read { 200 } else { 404 };
        // No route: 405 whoever asks.
        let patch = if updates {
            expect::change_status(read, update, p, 200)
        } else {
            405
        };
        let del = if deletable {
            expect::change_status(read, delete, p, 204)
        } else {
            405
        };
        cases.push_str(&layout::list(
            8,
            "(",
            &[
                format!("\"{}\"", p.name),
                p.make.clone(),
                get.to_string(),
                patch.to_string(),
                format!("({read}, {}, {})", read && update, read && delete),
            ],
            "),",
        ));
        deletes.push_str(&layout::list(
            8,
            "(",
            &[format!("\"{}\"", p.name), p.make.clone(), del.to_string()],
            "),",
        ));
        let allowed = expect::allows_create(blueprint, entity, p);
        let create = match (allowed, p.signed_in) {
            // A row it points at is hidden from the caller, or an upload
            // (one organization's uploads are hidden from the others).
            // (a user reference the rules name holds the creator: see below)
            (true, _)
                if links.iter().any(|l| {
                    !link_visible(blueprint, l, p) && !named_columns.contains(&l.column)
                }) =>
            {
                422
            }
            (true, _) if uploads && blueprint.multi_tenant() && !p.same_tenant => 422,
            // The owner already has their one row.
            (true, _) if owner_unique(entity) && p.owns_rows => {
                owner_has_one = true;
                409
            }
            (true, _) => 201,
            (false, false) => 401,
            (false, true) => 403,
        };
        creates.push_str(&layout::list(
            8,
            "(",
            &[
                format!("\"{}\"", p.name),
                p.make.clone(),
                create.to_string(),
            ],
            "),",
        ));
    }
    let list_anonymous = if crate::rules_allow_anonymous(blueprint, entity) {
        200
    } else {
        401
    };
    let create = format!("create_{snake}");
    let make_body = format!("{snake}_body");
    // Rows under test name the named callers (if any) in the references
    // the rules name: made from a body the test fills in itself.
    let named_row = |indent: usize, lhs: &str| -> String {
        let mut out = awaited::let_awaited(indent, "let mut body", &make_body, "&h, &maker, true");
        for p in &named {
            let links = p.named_in.iter().filter_map(|(_, link)| entity.link(link));
            for column in links.map(|l| &l.column) {
                out.push_str(&layout::assign(
                    indent,
                    &format!("body[\"{column}\"]"),
                    &format!("json!({}.user)", p.name),
                ));
            }
        }
        let how = if owner_unique(entity) {
            "create_or_find_at"
        } else {
            "create_at"
        };
        out.push_str(&layout::assign(
            indent,
            lhs,
            &format!("h.{how}(&h.base, &maker, BASE, body).await"),
        ));
        out
    };
    let let_row = if named.is_empty() {
        awaited::let_awaited(4, "let mut row", &create, "&h, &maker, true")
    } else {
        let who = if service.calls.iter().any(|c| c == IDENTITY) {
            "h.real_who().await"
        } else {
            "h.user(&[])"
        };
        let mut out: String = named
            .iter()
            .map(|p| format!("    let {} = {who};\n", p.name))
            .collect();
        out.push_str(&named_row(4, "let mut row"));
        out
    };
    // A refused delete or create leaves the table as it was: only one that
    // is allowed takes a row (and a fixture number) of its own, so a test
    // makes no more rows than it must (unique columns may admit few).
    let let_row8 = format!(
        "        if row.is_null() {{\n{}        }}\n",
        if named.is_empty() {
            awaited::let_awaited(12, "row", &create, "&h, &maker, true")
        } else {
            named_row(12, "row")
        }
    );
    let refused_body = awaited::let_awaited(4, "let refused", &make_body, "&h, &maker, true");
    // (A creator names themselves in the references the rules name; an
    // anonymous one keeps the maker's, as a null would fail validation,
    // which comes before the 401.)
    let self_named: String = if named_columns.is_empty() {
        String::new()
    } else {
        let lines: String = named_columns
            .iter()
            .map(|column| layout::assign(12, &format!("body[\"{column}\"]"), "json!(user)"))
            .collect();
        format!("        if let Some(user) = who.user {{\n{lines}        }}\n")
    };
    let let_body8 = format!(
        "        let mut body = refused.clone();\n        if status == 201 {{\n{}        }}\n{self_named}",
        awaited::let_awaited(12, "body", &make_body, "&h, &maker, true")
    );
    let owners_row = if owner_has_one {
        awaited::let_awaited(4, "let _mine", &create, "&h, &maker, true")
    } else {
        String::new()
    };
    format!(
        "\n#[tokio::test]\nasync fn access_matrix_over_http_and_in_sql() {{\n    let h = Harness::start().await;\n    let owner = h.user(&[]);\n    let maker = owner.with_roles(ALL_ROLES);\n{let_row}    let path = format!(\"{{BASE}}/{{}}\", row[\"id\"].as_str().expect(\"an id\"));\n    // who, GET, PATCH, and what SQL lets them do (see, update, delete)\n    let cases = [\n{cases}    ];\n    for (name, who, get, patch, sql) in cases {{\n        let read = h.get(&who, &path).await;\n        expect(&read, get, &format!(\"{{name}} reads\"));\n        let change = h.call(&who, Method::PATCH, &path, Some(json!({{}}))).await;\n        expect(&change, patch, &format!(\"{{name}} updates\"));\n        let listed = h.get(&who, BASE).await;\n        if listed.status == StatusCode::OK {{\n            let listed_it = item_ids(&listed.body).contains(&row[\"id\"]);\n            assert_eq!(listed_it, get == 200, \"{{name}} lists\");\n        }}\n        let in_sql = h.sql_access(&who, TABLE, &row[\"id\"]).await;\n        assert_eq!(in_sql, sql, \"{{name}} in SQL\");\n    }}\n    let anonymous_list = h.get(&h.anonymous(), BASE).await;\n    expect(&anonymous_list, {list_anonymous}, \"anonymous lists\");\n    let deletes = [\n{deletes}    ];\n    for (name, who, status) in deletes {{\n{let_row8}        let path = format!(\"{{BASE}}/{{}}\", row[\"id\"].as_str().expect(\"an id\"));\n        let answer = h.call(&who, Method::DELETE, &path, None).await;\n        expect(&answer, status, &format!(\"{{name}} deletes\"));\n        if status == 204 {{\n            row = json!(null);\n        }}\n    }}\n{owners_row}    let creates = [\n{creates}    ];\n{refused_body}    for (name, who, status) in creates {{\n{let_body8}        let answer = h.post(&who, BASE, body).await;\n        expect(&answer, status, &format!(\"{{name}} creates\"));\n    }}\n}}\n"
    )
}

/// Multi-tenant apps: a row of this service that points at another
/// organization's row is refused with 422 on that column (the foreign key
/// alone would let it through: it does not see row-level security).
fn cross_tenant_test(blueprint: &Blueprint, service: &Service, entity: &Entity) -> String {
    let Some(stranger) = expect::principals(blueprint, entity)
        .into_iter()
        .find(|p| !p.same_tenant)
    else {
        return String::new();
    };
    if !expect::allows_create(blueprint, entity, &stranger) {
        return String::new();
    }
    let Some(link) = filled_links(blueprint, service, entity)
        .into_iter()
        .find(|l| {
            l.kind != LinkKind::Remote
                && blueprint.entity(&l.target).is_some_and(|t| t.tenant_scoped)
        })
    else {
        return String::new();
    };
    // (The stranger names themselves in the user references the rules
    // name, as every creator does: only the row is another organization's.)
    let named: Vec<String> = expect::named_links(entity)
        .iter()
        .map(|l| {
            layout::assign(
                4,
                &format!("body[\"{}\"]", l.column),
                "json!(stranger.user)",
            )
        })
        .collect();
    let (binding, stranger, caller) = if named.is_empty() {
        ("let body", String::new(), "&h.stranger()")
    } else {
        (
            "let mut body",
            "    let stranger = h.stranger();\n".to_owned(),
            "&stranger",
        )
    };
    format!(
        "\n#[tokio::test]\nasync fn a_row_of_another_organization_cannot_be_referenced() {{\n    let h = Harness::start().await;\n    let maker = h.user(ALL_ROLES);\n{}{stranger}{}    let answer = h.post({caller}, BASE, body).await;\n    expect(&answer, 422, \"a reference to another organization's row\");\n{}}}\n",
        awaited::let_awaited(
            4,
            binding,
            &format!("{}_body", entity.names.snake),
            "&h, &maker, true"
        ),
        named.concat(),
        awaited::assert_error_field(4, &link.column),
    )
}

fn transition_tests(blueprint: &Blueprint, entity: &Entity) -> String {
    let Some(machine) = &entity.states else {
        return String::new();
    };
    let snake = &entity.names.snake;
    let other = Principal {
        name: "other".into(),
        make: "h.user(&[])".into(),
        owns_rows: false,
        signed_in: true,
        roles: Vec::new(),
        same_tenant: true,
        named_in: Vec::new(),
    };
    let maker = expect::maker(blueprint);
    let mut out = String::new();
    // A transition of `nobody` has no route.
    for (t, kebab) in machine
        .transitions
        .iter()
        .filter_map(|t| Some((t, t.endpoint()?)))
    {
        let Some(from) = t.from.first() else { continue };
        let path = path_to(entity, from);
        if path.is_empty() && *from != machine.initial {
            continue;
        }
        // (The maker owns the row, has every role and is named in it,
        // except in a user reference a unique set holds: a transition only
        // such a user takes is left to the access matrix.)
        let takes = |name: &str| {
            machine
                .transitions
                .iter()
                .find(|t| t.name == name)
                .is_some_and(|t| expect::allows(blueprint, entity, &t.by, &maker))
        };
        if !takes(&t.name) || path.iter().any(|(step, _)| !takes(step)) {
            continue;
        }
        let mut walk = String::new();
        for (step, endpoint) in &path {
            walk.push_str(&format!(
                "    let step = format!(\"{{path}}/{endpoint}\");\n    let step = h.post(&maker, &step, json!({{}})).await;\n    expect(&step, 200, \"{step}\");\n",
            ));
        }
        let read = expect::read(blueprint, entity, &other);
        let allowed = expect::allows(blueprint, entity, &t.by, &other);
        let denied = if allowed {
            String::new()
        } else {
            format!(
                "    let denied = h.post(&h.user(&[]), &action, json!({{}})).await;\n    assert_eq!(denied.status.as_u16(), {});\n",
                expect::change_status(read, false, &other, 200)
            )
        };
        let again = if t.from.contains(&t.to) {
            String::new()
        } else {
            "    let again = h.post(&maker, &action, json!({})).await;\n    assert_eq!(again.status, StatusCode::CONFLICT);\n".to_owned()
        };
        let let_row =
            awaited::let_awaited(4, "let row", &format!("create_{snake}"), "&h, &maker, true");
        let initial = |row: &str| {
            layout::macro_call(
                4,
                "assert_eq",
                &[
                    format!("{row}[\"{}\"]", machine.field),
                    format!("\"{}\"", machine.initial),
                ],
            )
        };
        // A write-only row answers its id only: its state is read back.
        let (initial_check, initial_read) = if keel_agent_contracts::creator_reads(entity) {
            (initial("row"), String::new())
        } else {
            (
                String::new(),
                format!(
                    "    let created = h.get(&maker, &path).await;\n    expect(&created, 200, \"read back\");\n{}",
                    initial("created.body")
                ),
            )
        };
        out.push_str(&format!(
            "\n#[tokio::test]\nasync fn transition_{name}() {{\n    let h = Harness::start().await;\n    let maker = h.user(ALL_ROLES);\n{let_row}{initial_check}    let path = format!(\"{{BASE}}/{{}}\", row[\"id\"].as_str().expect(\"an id\"));\n{initial_read}{walk}    let action = format!(\"{{path}}/{kebab}\");\n{denied}    let moved = h.post(&maker, &action, json!({{}})).await;\n    expect(&moved, 200, \"{name}\");\n{moved_check}{again}}}\n",
            name = t.name,
            moved_check = layout::macro_call(
                4,
                "assert_eq",
                &[
                    format!("moved.body[\"{}\"]", machine.field),
                    format!("\"{}\"", t.to)
                ]
            ),
        ));
    }
    out
}

/// `tests/api/service.rs`: what every service does whatever its entities.
pub fn service_rs(blueprint: &Blueprint, service: &Service) -> String {
    let krate = format!("{}_service", service.name);
    let made = fixture_entities(blueprint, service);
    let first = blueprint
        .entities_of(&service.name)
        .find(|e| made.iter().any(|f| f.name == e.name));
    let bodies = match first {
        Some(e) => format!(
            "\n#[tokio::test]\nasync fn malformed_bodies_are_client_errors() {{\n    let h = Harness::start().await;\n    let who = h.user(ALL_ROLES);\n{base}    let url = format!(\"{{}}{{base}}\", h.base);\n    let token = who.token().expect(\"a token\");\n    let send = |content_type: &'static str, body: Vec<u8>| {{\n        h.client\n            .post(&url)\n            .bearer_auth(&token)\n            .header(\"content-type\", content_type)\n            .body(body)\n            .send()\n    }};\n    let status = |r: reqwest::Response| r.status();\n    let wrong_type = send(\"text/plain\", b\"{{}}\".to_vec()).await.map(status);\n    assert_eq!(wrong_type.ok(), Some(StatusCode::UNSUPPORTED_MEDIA_TYPE));\n    let broken = send(\"application/json\", b\"{{\".to_vec()).await.map(status);\n    assert_eq!(broken.ok(), Some(StatusCode::BAD_REQUEST));\n    let list = send(\"application/json\", b\"[]\".to_vec()).await.map(status);\n    assert_eq!(list.ok(), Some(StatusCode::BAD_REQUEST));\n    let huge = vec![b' '; 2 * 1024 * 1024];\n    let huge = send(\"application/json\", huge).await.map(status);\n    assert_eq!(huge.ok(), Some(StatusCode::PAYLOAD_TOO_LARGE));\n    let bad_id = format!(\"{{base}}/not-a-uuid\");\n    let bad_id = h.get(&who, &bad_id).await;\n    assert_eq!(bad_id.status, StatusCode::BAD_REQUEST);\n    let expired = Who {{\n        user: who.user,\n        roles: Vec::new(),\n        tenant: who.tenant,\n    }};\n    let answer = h\n        .client\n        .get(&url)\n        .bearer_auth(testing::expired_token(expired.user.expect(\"a user\")))\n        .send()\n        .await\n        .expect(\"an answer\");\n    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);\n    let forged = h.client.get(&url).bearer_auth(\"a.b.c\").send().await;\n    assert_eq!(forged.map(status).ok(), Some(StatusCode::UNAUTHORIZED));\n}}\n",
            base = layout::assign(
                4,
                "let base",
                &format!("\"/api/{}/{}\"", service.name, e.names.plural_kebab)
            )
        ),
        None => String::new(),
    };
    format!(
        "//! What the {name} service does whatever its entities: health, metrics,\n//! problem answers, request ids, and routes that are exactly the contract's.\n\nuse std::collections::BTreeSet;\n\nuse platform::testing;\nuse reqwest::{{Method, StatusCode}};\n\nuse crate::contract;\nuse crate::harness::*;\n\n#[tokio::test]\nasync fn health_readiness_and_metrics() {{\n    let h = Harness::start().await;\n    let who = h.anonymous();\n    assert_eq!(h.get(&who, \"/healthz\").await.status, StatusCode::OK);\n    assert_eq!(h.get(&who, \"/readyz\").await.status, StatusCode::OK);\n    let metrics = h.client.get(format!(\"{{}}/metrics\", h.base)).send().await;\n    let text = metrics.expect(\"an answer\").text().await.expect(\"text\");\n    let counted = \"http_requests_total{{service=\\\"{name}\\\"\";\n    assert!(text.contains(counted), \"{{text}}\");\n}}\n\n#[tokio::test]\nasync fn unknown_routes_are_problems_with_the_request_id() {{\n    let h = Harness::start().await;\n    let path = \"/api/{name}/nothing-here\";\n    let answer = h\n        .client\n        .get(format!(\"{{}}{{path}}\", h.base))\n        .header(\"x-request-id\", \"test-request-1\")\n        .send()\n        .await\n        .expect(\"an answer\");\n    assert_eq!(answer.status(), StatusCode::NOT_FOUND);\n    assert_eq!(answer.headers()[\"x-request-id\"], \"test-request-1\");\n    let body: serde_json::Value = answer.json().await.expect(\"problem JSON\");\n    assert_eq!(body[\"request_id\"], \"test-request-1\");\n    assert_eq!(body[\"status\"], 404);\n}}\n\n#[tokio::test]\nasync fn routes_are_exactly_the_contracts() {{\n    let table: BTreeSet<(String, String)> = {krate}::routes::ROUTES\n        .iter()\n        .map(|(method, path)| ((*method).to_owned(), (*path).to_owned()))\n        .collect();\n    let operations = contract::operations();\n    assert_eq!(table, operations, \"routes.rs vs the contract\");\n    // Over HTTP: every operation is routed, every other method of its path\n    // is not (405).\n    let h = Harness::start().await;\n    let who = h.user(ALL_ROLES);\n    let id = uuid::Uuid::new_v4().to_string();\n    let paths: BTreeSet<&String> = operations.iter().map(|(_, path)| path).collect();\n    for path in paths {{\n        for method in contract::METHODS {{\n            let served = operations.contains(&((*method).to_owned(), path.clone()));\n            let verb = Method::from_bytes(method.as_bytes()).expect(\"a method\");\n            let concrete = contract::concrete(path, &id);\n            let answer = h.call(&who, verb, &concrete, None).await;\n            let routed = !contract::unrouted(answer.status.as_u16(), &answer.body);\n            assert_eq!(routed, served, \"{{method}} {{path}}: {{}}\", answer.status);\n        }}\n    }}\n}}\n\n#[tokio::test]\nasync fn a_database_that_is_down_makes_it_unready() {{\n    let closed = testing::closed_url().await;\n    let config = {krate}::Config {{\n        port: 0,\n        database_url: format!(\"postgres://nobody@{{}}/none\", &closed[7..]),\n        jwt_public_key: testing::keys().public_pem.clone(),\n        jwt_issuer: testing::ISSUER.to_owned(),\n{calls}    }};\n    let app = {krate}::app(&config).expect(\"valid configuration\");\n    let base = testing::spawn(app).await;\n    let answer = reqwest::get(format!(\"{{base}}/readyz\")).await;\n    let answer = answer.expect(\"an answer\");\n    assert_eq!(answer.status(), StatusCode::SERVICE_UNAVAILABLE);\n    assert!(answer.headers().contains_key(\"retry-after\"));\n    let bad = {krate}::Config {{\n        jwt_public_key: \"not a key\".to_owned(),\n        ..config\n    }};\n    assert!({krate}::app(&bad).is_err());\n}}\n{bodies}",
        name = service.name,
        calls = service
            .calls
            .iter()
            .map(|c| format!("        {c}_url: testing::closed_url().await,\n"))
            .collect::<String>(),
    )
}
