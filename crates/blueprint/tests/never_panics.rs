//! `keel check` never panics, whatever it is given: arbitrary text, and
//! valid blueprints damaged in the ways people damage files.

use keel_blueprint::{SourceFile, check};
use proptest::prelude::*;

const EXAMPLES: [&str; 4] = [
    include_str!("../../../examples/recipes/keel.yaml"),
    include_str!("../../../examples/projects/keel.yaml"),
    include_str!("../../../examples/marketplace/keel.yaml"),
    include_str!("../../../examples/blog/keel.yaml"),
];

fn run(text: &str) {
    let source = SourceFile::new("keel.yaml", text);
    match check(&source) {
        Ok(checked) => {
            // A valid blueprint renders back to a valid, equal document.
            let again = keel_blueprint::to_yaml(&checked.document);
            let rechecked = check(&SourceFile::new("again.yaml", again))
                .expect("a rendered blueprint is valid");
            assert_eq!(rechecked.document, checked.document);
        }
        Err(diagnostics) => {
            assert!(!diagnostics.is_empty());
            for d in &diagnostics {
                assert!(d.span.end <= text.len(), "span inside the text");
                assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
                let _ = keel_blueprint::LocatedDiagnostic::new(&source, d).to_string();
            }
        }
    }
}

/// Ways of damaging a file: drop, duplicate or swap lines, change
/// indentation, cut the file, insert YAML punctuation.
#[derive(Debug, Clone)]
enum Damage {
    DropLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Indent(usize, i8),
    Truncate(usize),
    Insert(usize, String),
    ReplaceWord(usize, String),
}

fn damage() -> impl Strategy<Value = Damage> {
    let junk = prop::sample::select(vec![
        ":",
        "- ",
        "[",
        "]",
        "{",
        "}",
        "&a ",
        "*a",
        "!!str ",
        "'",
        "\"",
        "#",
        "? ",
        "|",
        ">",
        "\t",
        "null",
        "~",
        "99999999999999999999",
        "-1",
        "1e999",
        ".nan",
        "é",
        "\u{0}",
        "owner",
        "User?",
        "Recipe",
        "or",
        "nobody",
    ])
    .prop_map(str::to_owned);
    prop_oneof![
        any::<usize>().prop_map(Damage::DropLine),
        any::<usize>().prop_map(Damage::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Damage::SwapLines(a, b)),
        (any::<usize>(), -4i8..4).prop_map(|(l, d)| Damage::Indent(l, d)),
        any::<usize>().prop_map(Damage::Truncate),
        (any::<usize>(), junk.clone()).prop_map(|(at, s)| Damage::Insert(at, s)),
        (any::<usize>(), junk).prop_map(|(at, s)| Damage::ReplaceWord(at, s)),
    ]
}

fn apply(text: &str, d: &Damage) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    if lines.is_empty() {
        lines.push(String::new());
    }
    let n = lines.len();
    match d {
        Damage::DropLine(i) => {
            lines.remove(i % n);
        }
        Damage::DuplicateLine(i) => {
            let l = lines[i % n].clone();
            lines.insert(i % n, l);
        }
        Damage::SwapLines(a, b) => lines.swap(a % n, b % n),
        Damage::Indent(i, delta) => {
            let l = &mut lines[i % n];
            if *delta > 0 {
                *l = format!("{}{l}", " ".repeat(*delta as usize));
            } else {
                let cut = l.len() - l.trim_start().len();
                *l = l[cut.min(delta.unsigned_abs() as usize)..].to_owned();
            }
        }
        Damage::Truncate(at) => {
            let mut cut = at % (text.len() + 1);
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            return text[..cut].to_owned();
        }
        Damage::Insert(at, s) => {
            let mut cut = at % (text.len() + 1);
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            return format!("{}{s}{}", &text[..cut], &text[cut..]);
        }
        Damage::ReplaceWord(at, s) => {
            let words: Vec<&str> = text.split(' ').collect();
            let i = at % words.len();
            let mut words: Vec<String> = words.into_iter().map(str::to_owned).collect();
            words[i] = s.clone();
            return words.join(" ");
        }
    }
    lines.join("\n") + "\n"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,400}") {
        run(&text);
    }

    #[test]
    fn arbitrary_yaml_like_text_never_panics(text in "([a-z_: \\-\\[\\]{},'\"#&*!|>\n]|  ){0,300}") {
        run(&text);
    }

    #[test]
    fn damaged_examples_never_panic(example in 0usize..4, damages in prop::collection::vec(damage(), 1..4)) {
        let mut text = EXAMPLES[example].to_owned();
        for d in &damages {
            text = apply(&text, d);
        }
        run(&text);
    }
}

#[test]
fn deep_and_huge_inputs_are_refused_cleanly() {
    run(&"[".repeat(100_000));
    run(&"{a: ".repeat(10_000));
    run(&format!(
        "keel: 1\napp: x\nentities:\n{}",
        "  A: {}\n".repeat(50_000)
    ));
    run(&"a".repeat(2 * 1024 * 1024));
    run("\u{feff}keel: 1");
    run("- - - - -");
    run("? [a]\n: b");
}
