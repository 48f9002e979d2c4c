//! Every kind of problem `keel check` must find, each in a broken copy of
//! an example, reported at the right line with the right code.

use keel_blueprint::{LocatedDiagnostic, SourceFile, check};

const RECIPES: &str = include_str!("../../../examples/recipes/keel.yaml");
const PROJECTS: &str = include_str!("../../../examples/projects/keel.yaml");
const BLOG: &str = include_str!("../../../examples/blog/keel.yaml");

/// Replaces the first occurrence of `from` (which must exist).
fn broken(base: &str, from: &str, to: &str) -> String {
    assert!(
        base.contains(from),
        "the example no longer contains {from:?}"
    );
    base.replacen(from, to, 1)
}

/// Checks that the text fails with `code` on the line containing `line_has`.
fn expect(text: &str, code: &str, line_has: &str) {
    let source = SourceFile::new("keel.yaml", text);
    let diagnostics = check(&source).expect_err("the broken blueprint must be rejected");
    let found = diagnostics
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| {
            let all: Vec<String> = diagnostics
                .iter()
                .map(|d| LocatedDiagnostic::new(&source, d).to_string())
                .collect();
            panic!("no `{code}` among:\n{}", all.join("\n"))
        });
    let located = LocatedDiagnostic::new(&source, found);
    let line = text.lines().nth(located.line - 1).unwrap_or_default();
    assert!(
        line.contains(line_has),
        "`{code}` reported at line {} ({line:?}), expected a line with {line_has:?}",
        located.line
    );
}

#[test]
fn examples_are_valid() {
    for text in [RECIPES, PROJECTS, BLOG] {
        check(&SourceFile::new("keel.yaml", text)).unwrap();
    }
}

#[test]
fn yaml_syntax() {
    expect(
        &broken(RECIPES, "  cookbook:\n", "  cookbook: [\n"),
        "yaml-syntax",
        "",
    );
}

#[test]
fn unknown_keys_with_suggestions() {
    let text = broken(
        RECIPES,
        "    belongs_to: Recipe\n    fields:\n      name:",
        "    belongs_too: Recipe\n    fields:\n      name:",
    );
    expect(&text, "unknown-key", "belongs_too");
}

#[test]
fn unknown_entity_in_a_service() {
    expect(
        &broken(
            RECIPES,
            "entities: [Recipe, Ingredient, Step]",
            "entities: [Recipie, Ingredient, Step]",
        ),
        "unknown-entity",
        "Recipie",
    );
}

#[test]
fn unknown_reference_target() {
    expect(
        &broken(
            RECIPES,
            "references: { recipe: Recipe }",
            "references: { recipe: Recipy }",
        ),
        "unknown-entity",
        "Recipy",
    );
}

#[test]
fn unknown_role() {
    expect(
        &broken(
            RECIPES,
            "update: owner or admin, delete",
            "update: owner or moderator, delete",
        ),
        "unknown-rule-term",
        "moderator",
    );
}

#[test]
fn foreign_key_across_services() {
    expect(
        &broken(
            RECIPES,
            "    references: { recipe: Recipe }\n    fields:\n      body",
            "    belongs_to: Recipe\n    fields:\n      body",
        ),
        "foreign-key-across-services",
        "belongs_to: Recipe",
    );
}

#[test]
fn entity_without_access_rules() {
    expect(
        &broken(
            RECIPES,
            "    access: { inherit: Recipe }\n  Step:",
            "  Step:",
        ),
        "missing-access",
        "Ingredient:",
    );
}

#[test]
fn owner_rule_without_owner() {
    expect(
        &broken(
            RECIPES,
            "    access: { inherit: Recipe }\n  Step:",
            "    access: { read: owner }\n  Step:",
        ),
        "owner-without-owner",
        "read: owner",
    );
}

#[test]
fn reserved_words() {
    expect(
        &broken(
            RECIPES,
            "      quantity: { type: string, max: 50 }",
            "      order: { type: string, max: 50 }",
        ),
        "reserved-word",
        "order:",
    );
    expect(
        &broken(
            RECIPES,
            "      quantity: { type: string, max: 50 }",
            "      type: { type: string, max: 50 }",
        ),
        "reserved-word",
        "type:",
    );
}

#[test]
fn builtin_entities() {
    // The identity service's own records cannot be redeclared ...
    expect(
        &RECIPES.replace("Step", "Membership"),
        "builtin-entity",
        "Membership:",
    );
    // ... but sign-ins are refresh tokens, so a domain `Session` (a class,
    // a therapy session) is free; so are `Table` (SQL sees `tables`) and the
    // words only TypeScript reserves (the web app names its variables apart).
    // Rust's keywords stay out: they name modules and variables.
    expect(&RECIPES.replace("Step", "Match"), "reserved-word", "Match:");
    for name in ["Session", "Table", "Case", "Class", "Package"] {
        let text = RECIPES.replace("Step", name);
        check(&SourceFile::new("keel.yaml", &text)).unwrap_or_else(|d| panic!("{name}: {d:?}"));
    }
}

#[test]
fn names_the_generated_code_gives_another_entity() {
    // `RecipeUpdate` is the name of Recipe's update body in the contract
    // and the web client of the same service.
    let text = RECIPES.replace("Step", "RecipeUpdate");
    expect(
        &text,
        "generated-name-clash",
        "entities: [Recipe, Ingredient, RecipeUpdate]",
    );
    // In another service it is free.
    let moved = text.replace(
        "    entities: [Recipe, Ingredient, RecipeUpdate]",
        "    entities: [Recipe, Ingredient]\n  updates:\n    entities: [RecipeUpdate]",
    );
    let moved_ok = check(&SourceFile::new("keel.yaml", &moved));
    assert!(
        moved_ok
            .as_ref()
            .err()
            .is_none_or(|d| d.iter().all(|d| d.code != "generated-name-clash")),
        "{moved_ok:?}"
    );
}

#[test]
fn duplicate_names() {
    expect(
        &broken(
            RECIPES,
            "      quantity: { type: string, max: 50 }",
            "      name: { type: string, max: 50 }",
        ),
        "duplicate-key",
        "name:",
    );
    expect(
        &broken(RECIPES, "  roles: [admin]", "  roles: [admin, admin]"),
        "duplicate-name",
        "roles",
    );
    expect(
        &broken(
            RECIPES,
            "      quantity: { type: string, max: 50 }",
            "      recipe_id: { type: uuid }",
        ),
        "duplicate-name",
        "recipe_id",
    );
}

#[test]
fn unbounded_strings_and_lists() {
    expect(
        &broken(
            RECIPES,
            "quantity: { type: string, max: 50 }",
            "quantity: { type: string }",
        ),
        "unbounded-string",
        "quantity",
    );
    expect(
        &broken(
            RECIPES,
            "quantity: { type: string, max: 50 }",
            "quantity: { type: string, max: 50, list: true }",
        ),
        "unbounded-list",
        "quantity",
    );
}

#[test]
fn only_single_text_fields_are_searched() {
    let text = broken(
        BLOG,
        "excerpt: { type: string, max: 500 }",
        "excerpt: { type: string, max: 500, list: true, max_items: 5 }",
    );
    expect(&text, "invalid-search", "search: [title, excerpt, body]");
    let source = SourceFile::new("keel.yaml", &text);
    let diagnostics = check(&source).unwrap_err();
    let message = &diagnostics
        .iter()
        .find(|d| d.code == "invalid-search")
        .unwrap()
        .message;
    // (not "`excerpt` is a string field": that would be no reason)
    assert!(message.contains("is a list of string values"), "{message}");
}

#[test]
fn unreachable_states() {
    let text = broken(
        RECIPES,
        "        restore: { from: archived, to: draft, by: owner }\n",
        "",
    );
    let text = broken(
        &text,
        "        archive: { from: [draft, published], to: archived, by: owner or admin }\n",
        "",
    );
    expect(
        &text,
        "unreachable-state",
        "values: [draft, published, archived]",
    );
}

#[test]
fn cycles_in_belongs_to() {
    let text = broken(
        RECIPES,
        "  Recipe:\n    owner: User\n",
        "  Recipe:\n    owner: User\n    belongs_to: Step\n",
    );
    expect(&text, "belongs-to-cycle", "belongs_to");
}

#[test]
fn cycles_of_required_links() {
    // Recipe needs a Step, which belongs to a Recipe: neither can come first.
    let text = broken(
        RECIPES,
        "  Recipe:\n    owner: User\n",
        "  Recipe:\n    owner: User\n    references: { cover_step: Step }\n",
    );
    expect(&text, "required-reference-cycle", "cover_step: Step");
    let optional = text.replace("cover_step: Step }", "cover_step: Step? }");
    check(&SourceFile::new("keel.yaml", &optional)).unwrap();

    // A row that must point at another row of its own kind.
    let text = broken(
        RECIPES,
        "    references: { recipe: Recipe }\n    fields:\n      body:",
        "    references: { recipe: Recipe, reply_to: Comment }\n    fields:\n      body:",
    );
    expect(&text, "required-reference-cycle", "reply_to: Comment");
    let optional = text.replace("reply_to: Comment }", "reply_to: Comment? }");
    check(&SourceFile::new("keel.yaml", &optional)).unwrap();
}

#[test]
fn links_cannot_take_the_columns_keel_adds() {
    // `owner: User` already makes `owner_id`; a reference called `owner`
    // would make it twice (in SQL, the contract and the web client).
    let text = broken(
        RECIPES,
        "    references: { recipe: Recipe }\n    fields:\n      body:",
        "    references: { recipe: Recipe, owner: Recipe }\n    fields:\n      body:",
    );
    expect(&text, "duplicate-name", "owner: Recipe");
    let text = broken(
        RECIPES,
        "    references: { recipe: Recipe }\n    fields:\n      body:",
        "    references: { recipe: Recipe, tenant: Recipe }\n    fields:\n      body:",
    );
    expect(&text, "duplicate-name", "tenant: Recipe");
}

#[test]
fn two_entities_cannot_share_a_plural() {
    let text = broken(
        RECIPES,
        "  Ingredient:\n    belongs_to: Recipe\n",
        "  Ingredient:\n    plural: steps\n    belongs_to: Recipe\n",
    );
    expect(&text, "duplicate-name", "plural: steps");
}

#[test]
fn invite_only_sign_up_is_refused_until_it_can_let_anyone_in() {
    // with tenancy and without
    expect(
        &broken(PROJECTS, "sign_up: open", "sign_up: invite"),
        "unsupported-sign-up",
        "sign_up: invite",
    );
    expect(
        &broken(
            RECIPES,
            "  roles: [admin]\n",
            "  roles: [admin]\n  sign_up: invite\n",
        ),
        "unsupported-sign-up",
        "sign_up: invite",
    );
}

#[test]
fn tenancy_rules() {
    expect(
        &broken(
            PROJECTS,
            "read: tenant_member, create: admin or member, update",
            "read: public, create: admin or member, update",
        ),
        "public-in-tenant",
        "read: public",
    );
    expect(
        &broken(RECIPES, "update: nobody", "update: tenant_member"),
        "tenant-member-without-tenancy",
        "tenant_member",
    );
}

#[test]
fn capabilities_the_blueprint_needs() {
    expect(
        &broken(RECIPES, "capabilities: [uploads]", "capabilities: []"),
        "missing-capability",
        "type: file",
    );
    expect(
        &broken(
            BLOG,
            "capabilities: [search, email]",
            "capabilities: [email]",
        ),
        "missing-capability",
        "search:",
    );
}

#[test]
fn every_problem_in_one_run() {
    let text = broken(RECIPES, "roles: [admin]", "roles: [admin, admin]");
    let text = broken(
        &text,
        "references: { recipe: Recipe }",
        "references: { recipe: Recipy }",
    );
    let text = broken(
        &text,
        "quantity: { type: string, max: 50 }",
        "quantity: { type: strin, max: 50 }",
    );
    let text = broken(&text, "update: nobody", "update: owners");
    let diagnostics = check(&SourceFile::new("keel.yaml", text)).unwrap_err();
    let codes: Vec<&str> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code)
        .collect();
    for code in [
        "duplicate-name",
        "unknown-entity",
        "unknown-value",
        "unknown-rule-term",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
}

#[test]
fn messages_read_well() {
    let text = broken(
        RECIPES,
        "references: { recipe: Recipe }",
        "references: { recipe: Recipy }",
    );
    let text = broken(
        &text,
        "quantity: { type: string, max: 50 }",
        "quantity: { type: strin, max: 50 }",
    );
    let source = SourceFile::new("examples/recipes/keel.yaml", text);
    let rendered: Vec<String> = check(&source)
        .unwrap_err()
        .iter()
        .map(|d| LocatedDiagnostic::new(&source, d).to_string())
        .collect();
    insta::assert_snapshot!(rendered.join("\n"));
}

#[test]
fn the_user_a_reference_names() {
    // A reference of the entity to a user: its column decides.
    let bp = check(&SourceFile::new("keel.yaml", PROJECTS))
        .unwrap()
        .blueprint;
    let task = bp.entity("Task").unwrap();
    assert_eq!(
        task.access.update.any_of.last(),
        Some(&keel_blueprint::Term::ReferencedUser {
            link: "assignee".into(),
            column: "assignee_id".into(),
        })
    );
    assert_eq!(
        task.access.update.to_string(),
        "owner or admin or the assignee"
    );
    assert_eq!(task.rule_named_users()[0].name, "assignee");
    // A misspelt reference: located at the term, with the right spelling.
    let text = broken(
        PROJECTS,
        "update: owner or admin or the assignee",
        "update: owner or admin or the  asignee",
    );
    expect(&text, "unknown-rule-term", "the  asignee");
    let source = SourceFile::new("keel.yaml", &text);
    let problems = check(&source).expect_err("refused");
    let found = problems
        .iter()
        .find(|d| d.code == "unknown-rule-term")
        .unwrap();
    assert_eq!(&text[found.span.start..found.span.end], "the  asignee");
    assert_eq!(found.help.as_deref(), Some("did you mean `the assignee`?"));
    // Not a reference to a user, and not a reference at all.
    expect(
        &broken(
            PROJECTS,
            "update: owner, delete: owner or admin }",
            "update: the task, delete: owner or admin }",
        ),
        "unknown-rule-term",
        "the task",
    );
    // Nobody is named by a row that does not exist yet.
    expect(
        &broken(
            PROJECTS,
            "create: tenant_member, update: owner or admin or the assignee",
            "create: the assignee, update: owner or admin or the assignee",
        ),
        "referenced-user-in-create",
        "create: the assignee",
    );
    // `the` alone ends in `or`, or is a role it cannot be.
    expect(
        &broken(PROJECTS, "by: the assignee or owner", "by: owner or the"),
        "unknown-rule-term",
        "by: owner or the",
    );
    expect(
        &broken(
            PROJECTS,
            "roles: [admin, member]",
            "roles: [admin, member, the]",
        ),
        "reserved-name",
        "roles:",
    );
}

#[test]
fn integers_stay_within_what_a_browser_holds_exactly() {
    expect(
        &broken(
            RECIPES,
            "prep_minutes: { type: integer, min: 0, max: 1440 }",
            "prep_minutes: { type: integer, min: 0, max: 9223372036854775807 }",
        ),
        "out-of-range",
        "prep_minutes",
    );
    expect(
        &broken(
            RECIPES,
            "prep_minutes: { type: integer, min: 0, max: 1440 }",
            "prep_minutes: { type: integer, min: -9223372036854775808 }",
        ),
        "out-of-range",
        "prep_minutes",
    );
    expect(
        &broken(
            RECIPES,
            "prep_minutes: { type: integer, min: 0, max: 1440 }",
            "prep_minutes: { type: integer, default: 9007199254740992 }",
        ),
        "invalid-default",
        "prep_minutes",
    );
    // The largest exact value itself is a fine bound.
    let edge = broken(
        RECIPES,
        "prep_minutes: { type: integer, min: 0, max: 1440 }",
        "prep_minutes: { type: integer, min: -9007199254740991, max: 9007199254740991 }",
    );
    check(&SourceFile::new("keel.yaml", &edge)).unwrap();
}

#[test]
fn upload_is_taken_in_a_service_with_files() {
    // The recipes example with an `Upload` entity in the service that lists
    // `service_entities`.
    let with_upload = |service_entities: &str| {
        let text = broken(
            RECIPES,
            &format!("    entities: [{service_entities}]\n"),
            &format!("    entities: [{service_entities}, Upload]\n"),
        );
        broken(
            &text,
            "entities:\n  Recipe:\n",
            "entities:\n  Upload:\n    owner: User\n    fields: { name: { type: string, max: 100 } }\n    access: { read: owner, create: signed_in, update: owner, delete: owner }\n  Recipe:\n",
        )
    };
    // (cookbook's Recipe has a photo: its service answers `/uploads`)
    expect(
        &with_upload("Recipe, Ingredient, Step"),
        "generated-name-clash",
        "entities: [Recipe, Ingredient, Step, Upload]",
    );
    // In a service without file fields the name is free.
    let free = with_upload("Comment, Rating, Follow");
    check(&SourceFile::new("keel.yaml", &free)).unwrap();
}
