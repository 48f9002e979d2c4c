//! Example text that fits a length range and, when given, a pattern.
//!
//! Patterns are written in the regular-expression subset that Rust,
//! JavaScript and PostgreSQL share (the blueprint checks this). A matching
//! string is built from the pattern's syntax tree without randomness: the
//! first alternative, readable characters from each class, and repetitions
//! grown one step at a time until the length fits. Every result is checked
//! with the real regex engine; when nothing fits, there is no example
//! rather than a wrong one.

use regex_syntax::hir::{Class, Hir, HirKind};

/// How many growth steps to try before giving up.
const MAX_STEPS: usize = 64;

/// The first of `preferred` that fits, or a string built from the pattern.
pub fn fitting(
    preferred: &[String],
    pattern: Option<&str>,
    min_len: u32,
    max_len: u32,
) -> Option<String> {
    let regex = match pattern {
        Some(p) => Some(regex::Regex::new(p).ok()?),
        None => None,
    };
    let fits = |s: &str| {
        let len = s.chars().count() as u32;
        len >= min_len && len <= max_len && regex.as_ref().is_none_or(|r| r.is_match(s))
    };
    if let Some(found) = preferred.iter().find(|s| fits(s)) {
        return Some(found.clone());
    }
    let hir = regex_syntax::Parser::new().parse(pattern?).ok()?;
    (0..MAX_STEPS)
        .map(|step| generate(&hir, step))
        .find(|s| fits(s))
}

/// A string the pattern matches, with each repetition taken `step` times
/// beyond its minimum (within its maximum).
fn generate(hir: &Hir, step: usize) -> String {
    let mut out = String::new();
    build(hir, step, &mut out);
    out
}

fn build(hir: &Hir, step: usize, out: &mut String) {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(lit) => out.push_str(&String::from_utf8_lossy(&lit.0)),
        HirKind::Class(class) => {
            if let Some(c) = pick(class) {
                out.push(c);
            }
        }
        HirKind::Repetition(rep) => {
            let min = rep.min as usize;
            let times = match rep.max {
                Some(max) => (min + step).min(max as usize),
                None => min + step,
            };
            for _ in 0..times {
                build(&rep.sub, step, out);
            }
        }
        HirKind::Capture(cap) => build(&cap.sub, step, out),
        HirKind::Concat(parts) => parts.iter().for_each(|p| build(p, step, out)),
        HirKind::Alternation(alts) => {
            if let Some(first) = alts.first() {
                build(first, step, out);
            }
        }
    }
}

/// A readable member of a class: a lowercase letter, else an uppercase one,
/// a digit, `-`, `_`, else the first printable character.
fn pick(class: &Class) -> Option<char> {
    let ranges: Vec<(char, char)> = match class {
        Class::Unicode(c) => c.ranges().iter().map(|r| (r.start(), r.end())).collect(),
        Class::Bytes(c) => c
            .ranges()
            .iter()
            .filter(|r| r.start().is_ascii())
            .map(|r| (char::from(r.start()), char::from(r.end().min(0x7f))))
            .collect(),
    };
    let contains = |c: char| ranges.iter().any(|&(a, b)| a <= c && c <= b);
    let preferred = ('a'..='z')
        .chain('A'..='Z')
        .chain('0'..='9')
        .chain(['-', '_', '.']);
    preferred.into_iter().find(|&c| contains(c)).or_else(|| {
        ranges.iter().find_map(|&(a, b)| {
            (a..=b)
                .take(256)
                .find(|c| !c.is_control() && !c.is_whitespace())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(pattern: &str, min: u32, max: u32) -> Option<String> {
        fitting(&[], Some(pattern), min, max)
    }

    #[test]
    fn prefers_the_given_text_when_it_fits() {
        let preferred = ["Example slug".to_owned(), "example-slug".to_owned()];
        assert_eq!(
            fitting(&preferred, Some("^[a-z0-9-]+$"), 0, 60).as_deref(),
            Some("example-slug")
        );
        assert_eq!(
            fitting(&preferred, None, 0, 60).as_deref(),
            Some("Example slug")
        );
    }

    #[test]
    fn builds_matches_within_the_length_bounds() {
        for (pattern, min, max) in [
            ("^[a-z0-9-]+$", 0, 60),
            ("^[A-Z]{3}$", 0, 3),
            ("^\\d{4}-\\d{2}$", 0, 20),
            ("^(foo|bar)+baz$", 10, 20),
            ("^[^@\\s]+@[^@\\s]+$", 3, 10),
            ("^SKU-[0-9]{6}$", 0, 10),
            ("^\\p{Lu}\\p{Ll}+$", 4, 8),
        ] {
            let s = sample(pattern, min, max).unwrap_or_else(|| panic!("{pattern}"));
            let len = s.chars().count() as u32;
            assert!(len >= min && len <= max, "{pattern}: {s}");
            assert!(
                regex::Regex::new(pattern).unwrap().is_match(&s),
                "{pattern}: {s}"
            );
        }
    }

    #[test]
    fn gives_up_rather_than_break_the_bounds() {
        assert_eq!(sample("^[a-z]{5}$", 0, 3), None);
        assert_eq!(sample("^a$", 2, 5), None);
    }
}
