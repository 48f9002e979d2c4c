//! Example strings for a field with a `pattern`: what generated tests fill
//! such a field with (the QA agent's fixtures, the web app's form test and
//! journey), since no fixed text can be expected to match a pattern.
//!
//! Strings are drawn with `rand_regex` from a fixed seed, so the same field
//! always gives the same examples, in the same order (the first `k` of a
//! longer list are the list for `k`). Before drawing, the pattern's syntax
//! tree is shaped: anchors and word boundaries are left out (`rand_regex`
//! cannot draw them; the results are checked instead); each character
//! class is narrowed to its ASCII letters, else its digits, else its
//! printable ASCII, when it has any (readable examples, and `\d` or `\w`
//! mean the same to Rust, JavaScript and PostgreSQL); and every repetition
//! is capped, tightly at first (short examples), then looser when too few
//! fit the length bounds. Every example is checked with the `regex` crate
//! and the length bounds. Drawing is bounded: a pattern the `regex` crate
//! refuses, one that matches nothing that fits, or one whose shortest match
//! is too long gives an empty list, never a loop or a panic.

use std::collections::BTreeSet;

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt as _, SeedableRng};
use regex_syntax::hir::{
    Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Repetition,
};

use crate::model::Field;

/// The seed of every draw: examples never vary between runs or machines.
const SEED: u64 = 0x6b65_656c;
/// Repetitions beyond their minimum allowed in each round of drawing.
const ROUNDS: [u32; 4] = [3, 12, 48, 255];
/// Strings drawn per round (whatever the count asked for, so that a shorter
/// list is always the start of a longer one).
const DRAWS: usize = 400;
/// The longest example made, in bytes; a pattern whose shortest match is
/// longer gives none.
const LONGEST: usize = 4096;
/// The length bound of a field that has none.
const MAX_LENGTH: u32 = 255;

/// Up to `count` distinct strings that match `field.pattern` (as the `regex`
/// crate reads it) and fit the field's length bounds (in characters). Empty
/// when the field has no pattern or none can be found.
pub fn pattern_examples(field: &Field, count: usize) -> Vec<String> {
    match &field.pattern {
        Some(pattern) => examples(
            pattern,
            field.min_length.unwrap_or(0),
            field.max_length.unwrap_or(MAX_LENGTH),
            count,
        ),
        None => Vec::new(),
    }
}

/// Up to `count` distinct strings that match `pattern` and whose length in
/// characters is within `min_len..=max_len`, always the same ones.
pub fn examples(pattern: &str, min_len: u32, max_len: u32, count: usize) -> Vec<String> {
    let (min_len, max_len) = (min_len as usize, max_len as usize);
    if count == 0 || min_len > max_len {
        return Vec::new();
    }
    let Ok(regex) = regex::Regex::new(pattern) else {
        return Vec::new();
    };
    let Ok(hir) = regex_syntax::Parser::new().parse(pattern) else {
        return Vec::new();
    };
    // Too long at its shortest (a character takes at most 4 bytes), too
    // short at its longest, or matching nothing at all.
    let props = hir.properties();
    match props.minimum_len() {
        Some(min) if min <= LONGEST && min <= max_len.saturating_mul(4) => {}
        _ => return Vec::new(),
    }
    if props.maximum_len().is_some_and(|max| max < min_len) {
        return Vec::new();
    }
    let fits = |s: &str| {
        let len = s.chars().count();
        len >= min_len && len <= max_len && regex.is_match(s)
    };
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(SEED);
    let mut seen = BTreeSet::new();
    let mut found = Vec::new();
    let longest = u32::try_from(max_len).unwrap_or(u32::MAX);
    for extra in ROUNDS.map(|r| r.min(longest.max(1))) {
        let shaped = shape(&hir, extra);
        if shaped
            .properties()
            .maximum_len()
            .is_none_or(|m| m > LONGEST)
        {
            continue;
        }
        let Ok(draw) = rand_regex::Regex::with_hir(shaped, extra) else {
            continue;
        };
        for _ in 0..DRAWS {
            let bytes: Vec<u8> = rng.sample(&draw);
            let Ok(s) = String::from_utf8(bytes) else {
                continue;
            };
            if fits(&s) && seen.insert(s.clone()) {
                found.push(s);
                if found.len() == count {
                    return found;
                }
            }
        }
    }
    found
}

/// `hir` without anchors or word boundaries, with readable classes and
/// every repetition at most `extra` beyond its minimum.
fn shape(hir: &Hir, extra: u32) -> Hir {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Hir::empty(),
        HirKind::Literal(lit) => Hir::literal(lit.0.clone()),
        HirKind::Class(Class::Unicode(class)) => Hir::class(Class::Unicode(readable(class))),
        HirKind::Class(Class::Bytes(class)) => Hir::class(Class::Bytes(readable_bytes(class))),
        HirKind::Repetition(rep) => {
            let most = rep.min.saturating_add(extra);
            Hir::repetition(Repetition {
                min: rep.min,
                max: Some(rep.max.map_or(most, |max| max.min(most))),
                greedy: rep.greedy,
                sub: Box::new(shape(&rep.sub, extra)),
            })
        }
        HirKind::Capture(cap) => shape(&cap.sub, extra),
        HirKind::Concat(parts) => Hir::concat(parts.iter().map(|p| shape(p, extra)).collect()),
        HirKind::Alternation(alts) => {
            Hir::alternation(alts.iter().map(|a| shape(a, extra)).collect())
        }
    }
}

/// The readable ranges, most readable first: letters, digits, printable
/// ASCII without the space, printable ASCII.
const READABLE: [&[(char, char)]; 4] = [
    &[('A', 'Z'), ('a', 'z')],
    &[('0', '9')],
    &[('!', '~')],
    &[(' ', '~')],
];

/// The first non-empty narrowing of `class` to [`READABLE`] ranges, else
/// the class as it is.
fn readable(class: &ClassUnicode) -> ClassUnicode {
    READABLE
        .iter()
        .map(|ranges| {
            let mut narrowed = class.clone();
            narrowed.intersect(&ClassUnicode::new(
                ranges.iter().map(|&(a, b)| ClassUnicodeRange::new(a, b)),
            ));
            narrowed
        })
        .find(|c| !c.ranges().is_empty())
        .unwrap_or_else(|| class.clone())
}

/// [`readable`] for a class of bytes (`(?-u)`).
fn readable_bytes(class: &ClassBytes) -> ClassBytes {
    READABLE
        .iter()
        .map(|ranges| {
            let mut narrowed = class.clone();
            narrowed.intersect(&ClassBytes::new(
                ranges
                    .iter()
                    .map(|&(a, b)| ClassBytesRange::new(a as u8, b as u8)),
            ));
            narrowed
        })
        .find(|c| !c.ranges().is_empty())
        .unwrap_or_else(|| class.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check(pattern: &str, min: u32, max: u32, count: usize) -> Vec<String> {
        let found = examples(pattern, min, max, count);
        let Ok(regex) = regex::Regex::new(pattern) else {
            assert!(found.is_empty(), "{pattern}: {found:?}");
            return found;
        };
        let distinct: BTreeSet<&String> = found.iter().collect();
        assert_eq!(distinct.len(), found.len(), "{pattern}: {found:?}");
        assert!(found.len() <= count);
        for s in &found {
            let len = s.chars().count() as u32;
            assert!(len >= min && len <= max, "{pattern}: {s:?}");
            assert!(regex.is_match(s), "{pattern}: {s:?}");
        }
        found
    }

    #[test]
    fn fills_the_count_for_ordinary_patterns() {
        for (pattern, min, max) in [
            ("^[A-Z]{3}-[0-9]{4}$", 0, 20),
            ("^[a-z0-9-]+$", 0, 60),
            ("^\\d{4}-\\d{2}$", 0, 20),
            ("^(foo|bar)+baz$", 10, 20),
            ("^[^@\\s]+@[^@\\s]+$", 3, 10),
            ("^SKU-[0-9]{6}$", 0, 10),
            ("^\\p{Lu}\\p{Ll}+$", 4, 8),
            ("^\\w+( \\w+)*$", 0, 40),
            ("(?i)^abc[a-z]{2}$", 0, 5),
            ("[a-z]{2}", 0, 30),
            ("^[a-z]+$", 20, 30),
            ("^\\b[A-Z]{2}\\d{2}\\b$", 0, 4),
            ("^.{3,5}$", 0, 255),
        ] {
            let found = check(pattern, min, max, 20);
            assert_eq!(found.len(), 20, "{pattern}: {found:?}");
        }
    }

    #[test]
    fn examples_are_readable_ascii_where_the_pattern_allows() {
        for pattern in ["^\\d{4}$", "^\\w{6}$", "^.{5}$", "^[^a-z]{4}$"] {
            for s in check(pattern, 0, 255, 10) {
                assert!(s.chars().all(|c| c.is_ascii_graphic()), "{pattern}: {s:?}");
            }
        }
        // No ASCII in the class: its own characters.
        let greek = check("^\\p{Greek}{3}$", 0, 10, 5);
        assert_eq!(greek.len(), 5);
    }

    #[test]
    fn same_examples_every_time_and_a_shorter_list_starts_a_longer_one() {
        let long = examples("^[A-Z]{3}-[0-9]{4}$", 0, 20, 61);
        assert_eq!(long.len(), 61);
        assert_eq!(long, examples("^[A-Z]{3}-[0-9]{4}$", 0, 20, 61));
        assert_eq!(examples("^[A-Z]{3}-[0-9]{4}$", 0, 20, 1), long[..1]);
        assert_eq!(examples("^[A-Z]{3}-[0-9]{4}$", 0, 20, 7), long[..7]);
    }

    #[test]
    fn small_languages_give_what_they_have() {
        let colours = check("^(red|green|blue)$", 0, 10, 10);
        assert_eq!(colours.len(), 3, "{colours:?}");
        assert_eq!(check("^a$", 0, 10, 5), ["a"]);
        assert_eq!(check("^[ab]{6}$", 0, 10, 61).len(), 61);
    }

    #[test]
    fn awkward_patterns_give_nothing_rather_than_loop_or_panic() {
        for (pattern, min, max) in [
            // The regex crate refuses these.
            ("(?<=a)b", 0, 10),
            ("(a)\\1", 0, 10),
            ("[", 0, 10),
            ("a{2,1}", 0, 10),
            ("(?-u)\\xFF", 0, 10),
            // Nothing fits.
            ("[^\\s\\S]", 0, 10),
            ("^a{1000}$", 0, 255),
            ("^a$", 2, 5),
            ("^[a-z]{5}$", 0, 3),
            ("^$", 1, 10),
            ("a\\bb", 0, 10),
            ("^a$b", 0, 10),
            ("^[a-z]+$", 10, 5),
            // Huge at their longest: drawn within bounds.
            ("^(a{0,1000}){0,1000}$", 0, 255),
            ("^((((a*)*)*)*)*b$", 0, 255),
            ("^(?:[a-z]{1,100}){1,100}$", 3, 8),
            ("^a{1000}$", 0, 100_000),
            ("^.*$", 0, 0),
            ("", 0, 0),
        ] {
            check(pattern, min, max, 10);
        }
        assert!(examples("^a{1000}$", 0, 255, 10).is_empty());
        assert!(examples("[^\\s\\S]", 0, 10, 10).is_empty());
        assert_eq!(examples("^a{1000}$", 0, 100_000, 3), ["a".repeat(1000)]);
        assert_eq!(examples("", 0, 0, 3), [""]);
        assert!(examples("^a{5000}$", 0, 100_000, 3).is_empty());
    }

    #[test]
    fn a_field_without_a_pattern_has_no_examples() {
        let yaml = "keel: 1\napp: shop\nservices:\n  identity: { builtin: auth }\n  catalog: { entities: [Product] }\nentities:\n  Product:\n    owner: User\n    fields:\n      name: { type: string, max: 80 }\n      sku: { type: string, required: true, max: 8, pattern: \"^[A-Z]{3}-[0-9]{4}$\" }\n    access: { read: signed_in, create: signed_in, update: owner, delete: owner }\n";
        let blueprint = crate::check(&crate::SourceFile::new("keel.yaml", yaml.to_owned()))
            .unwrap()
            .blueprint;
        let product = blueprint.entity("Product").unwrap();
        assert!(pattern_examples(product.field("name").unwrap(), 3).is_empty());
        let sku = pattern_examples(product.field("sku").unwrap(), 3);
        assert_eq!(sku.len(), 3);
        assert!(sku.iter().all(|s| s.len() == 8 && s.as_bytes()[3] == b'-'));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        // Any text as a pattern: never a panic, and whatever comes back
        // matches and fits.
        #[test]
        fn any_pattern_is_safe(
            pattern in "[\\^$.*+?(){}\\[\\]|\\\\a-c0-9dswDSWpPLu,:=!<-]{0,24}",
            min in 0u32..12,
            max in 0u32..40,
        ) {
            let found = examples(&pattern, min, max, 5);
            if let Ok(regex) = regex::Regex::new(&pattern) {
                for s in &found {
                    let len = s.chars().count() as u32;
                    prop_assert!(len >= min && len <= max);
                    prop_assert!(regex.is_match(s));
                }
            } else {
                prop_assert!(found.is_empty());
            }
        }
    }
}
