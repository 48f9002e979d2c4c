//! Values a description lists in parentheses after a word: "a grade
//! (easy/moderate/hard)" gives the field `grade` those values. Kept apart
//! from the sentences (whose remarks `prepare` drops) and used only where a
//! field of that name is made.

use std::collections::BTreeMap;

/// Values listed in parentheses after a word, by the word in lowercase: "grade
/// (easy/moderate/hard)", "priority (low, medium or high)" → the word and
/// its values. (Not examples, "(e.g. a microscope)", nor names of rows,
/// "(Explorer, Cellar or Reserve)": a value list is two to eight short
/// lowercase items; whether they are the values of a field, and not its
/// details, "(street, city)", is decided where the field is made.)
pub fn value_lists(text: &str) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for (before, inner) in remarks(text) {
        // (Written in lowercase: "a tier (Explorer, Cellar or Reserve)"
        // names rows.)
        let inner = inner.trim();
        let mut words = before
            .trim_end()
            .rsplit(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'));
        let Some(word) = words.next().filter(|w| !w.is_empty()) else {
            continue;
        };
        if let Some(values) = as_values(inner) {
            // Also under the word before it: "an application status (...)"
            // and "a booking status (...)" are two lists.
            if let Some(modifier) = words.next().filter(|w| !w.is_empty()) {
                out.entry(format!("{modifier} {word}").to_lowercase())
                    .or_insert(values.clone());
            }
            out.entry(word.to_lowercase()).or_insert(values);
        }
    }
    out
}

/// Each remark in parentheses that holds no other, with the text before
/// it (back to the previous remark): "a grade (easy/hard)" → ("a grade ",
/// "easy/hard").
pub(super) fn remarks(text: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut rest = text;
    std::iter::from_fn(move || {
        while let Some(open) = rest.find('(') {
            let before = &rest[..open];
            let after = &rest[open + 1..];
            let close = after.find([')', '('])?;
            rest = &after[close..];
            if after[close..].starts_with(')') {
                return Some((before, &after[..close]));
            }
        }
        None
    })
}

fn as_values(inner: &str) -> Option<Vec<String>> {
    if inner.starts_with("e.g") || inner.starts_with("eg ") || inner.starts_with("for example") {
        return None;
    }
    let items: Vec<String> = inner
        .split(['/', ',', '|'])
        .flat_map(|part| part.split(" or "))
        .map(|item| {
            let item = item.trim();
            item.strip_prefix("or ").unwrap_or(item).trim().to_owned()
        })
        .filter(|item| !item.is_empty())
        .collect();
    let short = |item: &String| {
        item.split_whitespace().count() <= 2
            && item.starts_with(|c: char| c.is_ascii_lowercase())
            && item
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == ' ' || c == '-')
    };
    if !(2..=8).contains(&items.len()) || !items.iter().all(short) || inner.contains(" and ") {
        return None;
    }
    // As enum values: "in progress" → in_progress, each once.
    let values: Vec<String> = items
        .iter()
        .map(|v| {
            v.split([' ', '-'])
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join("_")
        })
        .collect();
    let distinct: std::collections::BTreeSet<&String> = values.iter().collect();
    let valid = values
        .iter()
        .all(|v| keel_blueprint::names::is_snake_case(v) && v != "self")
        && distinct.len() == values.len();
    valid.then_some(values)
}
