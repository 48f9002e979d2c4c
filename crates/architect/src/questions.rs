//! Open questions for the review: what the design had to guess because the
//! text does not say it. Each kind of question is asked once and names a few
//! places at most, so the review stays short enough to be read.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use keel_blueprint::document::{EntityDecl, FieldType};
use keel_blueprint::names::{pluralize, to_snake};

use crate::lexicon::Lexicon;

/// Places one question names before "and N more".
const NAMED: usize = 3;

/// Names of rows that are files themselves.
const FILES: &[&str] = &[
    "Photo",
    "Image",
    "Picture",
    "File",
    "Attachment",
    "Document",
    "Video",
    "Scan",
    "Upload",
    "Recording",
];

/// Questions about enum values the lexicon supplied, single files that may
/// be several, and people who sign in without a record of their own.
/// `text_values` holds the (entity, field) pairs whose values the text gave.
pub fn left_to_a_guess(
    entities: &IndexMap<String, EntityDecl>,
    roles: &[String],
    text_values: &BTreeSet<(String, String)>,
    lex: &Lexicon,
) -> Vec<String> {
    let mut out = Vec::new();
    // (a state machine's field comes from the text's verbs: not a guess)
    let guessed: Vec<String> = entities
        .iter()
        .flat_map(|(entity, e)| {
            let state_field = e.states.as_ref().map(|s| s.field.clone());
            e.fields
                .iter()
                .filter(move |(name, f)| {
                    f.ty == FieldType::Enum
                        && state_field.as_deref() != Some(name.as_str())
                        && !text_values.contains(&(entity.clone(), (*name).clone()))
                })
                .map(move |(name, f)| format!("`{entity}.{name}` ({})", f.values.join(", ")))
        })
        .collect();
    if !guessed.is_empty() {
        out.push(format!(
            "The values of {} are the usual ones, not the text's: are they yours? (Values listed after the word, \"priority (low/medium/high)\", are taken as written.)",
            named(&guessed)
        ));
    }
    // (not of a row that is a file itself: a `Photo` has one image)
    let single_files: Vec<String> = entities
        .iter()
        .filter(|(entity, _)| !FILES.iter().any(|f| entity.ends_with(f)))
        .flat_map(|(entity, e)| {
            e.fields
                .iter()
                .filter(|(_, f)| f.ty == FieldType::File && !f.list)
                .map(move |(name, _)| format!("`{entity}.{name}`"))
        })
        .collect();
    if !single_files.is_empty() {
        out.push(format!(
            "Is one file enough for {}? If there can be several, they become rows of their own.",
            named(&single_files)
        ));
    }
    // ("admin", "user": the accounts themselves)
    let kept: BTreeSet<String> = entities.keys().map(|name| to_snake(name)).collect();
    let people: Vec<String> = roles
        .iter()
        .filter(|r| {
            !lex.person_records.accounts.contains(r.as_str())
                && r.as_str() != "staff"
                && !kept.contains(r.as_str())
        })
        .map(|r| pluralize(&r.replace('_', " ")))
        .collect();
    if !people.is_empty() {
        out.push(format!(
            "Are {} only people who sign in, or does the application keep records about them (details, history)? Each kind it keeps needs an entity.",
            named(&people)
        ));
    }
    out
}

/// "a, b and c", or "a, b, c and 2 more".
fn named(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n if n <= NAMED => format!("{} and {}", items[..n - 1].join(", "), items[n - 1]),
        n => format!("{} and {} more", items[..NAMED].join(", "), n - NAMED),
    }
}
