//! `plan_offline` on arbitrary text: never a panic; either a blueprint that
//! passes `keel check` or a clean input error — an invalid blueprint is a
//! bug in the architect.

use keel_architect::ArchitectError;
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "users",
    "admins",
    "can",
    "post",
    "recipes",
    "with",
    "a",
    "title",
    "photo",
    "and",
    "comment",
    "on",
    "them",
    "rate",
    "from",
    "1",
    "to",
    "5",
    "stars",
    "each",
    "organization",
    "has",
    "projects",
    "tasks",
    "book",
    "rooms",
    "pay",
    "online",
    "staff",
    "check",
    "in",
    "out",
    "approve",
    "or",
    "reject",
    "orders",
    "cart",
    "products",
    "shop",
    "sellers",
    "buyers",
    "class",
    "match",
    "result",
    "type",
    "user",
    "session",
    "date",
    "order",
    "table",
    "group",
    "the",
    ",",
    ".",
    ":",
    "like",
    "follow",
    "each other",
    "invite",
    "members",
    "never",
    "see",
    "another",
    "company's",
    "data",
    "live",
    "search",
    "across",
    "every",
    "week",
    "reminder",
    "email",
    "notify",
    "upload",
    "files",
    "self",
    "default",
    "enum",
    "struct",
    "where",
    "groomers",
    "maintainers",
    "referees",
    "organisers",
    "(note)",
    "priority",
    "status",
    "(low/medium/high)",
    "(open, in progress or done)",
    "(self/default)",
    "(a-b, a_b)",
    "(",
    ")",
    "multi-author",
    "time entries",
    "room types",
    "line items",
    "categories",
    "tags",
];

fn check(text: &str) {
    match keel_architect::plan_offline(text) {
        Ok(plan) => {
            let source = keel_blueprint::SourceFile::new("keel.yaml", plan.yaml.clone());
            assert!(keel_blueprint::check(&source).is_ok());
        }
        Err(ArchitectError::Invalid { problems, yaml }) => {
            panic!(
                "invalid blueprint for {text:?}:\n{}\n{yaml}",
                problems.join("\n")
            )
        }
        Err(e) => assert_eq!(e.exit_code(), 2, "{e}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_text(text in "\\PC{0,300}") {
        check(&text);
    }

    #[test]
    fn word_salad(words in proptest::collection::vec(proptest::sample::select(WORDS), 0..60)) {
        check(&words.join(" "));
    }

    #[test]
    fn sentences_of_word_salad(
        sentences in proptest::collection::vec(proptest::collection::vec(proptest::sample::select(WORDS), 1..14), 1..8)
    ) {
        let text: Vec<String> = sentences.iter().map(|s| format!("{}.", s.join(" "))).collect();
        check(&text.join(" "));
    }

    // A developer's table list, its items split by commas, semicolons,
    // folded bullets or nothing, and prose (or none) after it.
    #[test]
    fn table_lists(
        items in proptest::collection::vec(
            (proptest::sample::select(WORDS), proptest::collection::vec(proptest::sample::select(WORDS), 0..5)),
            0..8,
        ),
        separator in proptest::sample::select(&[", ", "; ", " - ", " ", " -", "- "][..]),
        after in proptest::collection::vec(proptest::sample::select(WORDS), 0..10),
    ) {
        let items: Vec<String> = items
            .iter()
            .map(|(table, fields)| format!("{table} ({})", fields.join(", ")))
            .collect();
        let prose = after.join(" ");
        check(&format!("Tables: {}{} {prose}", separator.trim_start(), items.join(separator)));
    }
}

#[test]
fn bad_input_is_a_clean_error() {
    for text in ["", "   \n\t", "\u{0}\u{1}\u{2}binary", "!!!! 1234 ????"] {
        let err = keel_architect::plan_offline(text).unwrap_err();
        assert_eq!(err.exit_code(), 2, "{text:?}: {err}");
    }
    let long = "word ".repeat(5000);
    assert_eq!(
        keel_architect::plan_offline(&long).unwrap_err().exit_code(),
        2
    );
}

#[test]
fn text_without_things_still_gives_a_valid_blueprint() {
    check("Hello there, this is just a friendly greeting.");
    check("An app.");
}

/// Inputs the generators found once, kept so they stay fixed.
#[test]
fn word_salads_found_before() {
    // a field and a parent of the same name ("result" → `Outcome`)
    check(
        "another : type like class and data follow organisers . cart files buyers tags referees \
         them room types across week see organization projects group pay orders the tasks the \
         tags result has book from result 1 approve users (note) multi-author orders each book \
         groomers organization products table invite referees title",
    );
}

/// Descriptions whose blueprint once failed `keel check`.
#[test]
fn descriptions_found_before() {
    // a pool of names: `Name` is a parent, so the pool takes no `name` field
    check("Every month we draw a pool of names from the voter list we import.");
}
