//! Reading a description as its writer meant it, before any word is
//! tagged: headings and sentences about how things are done now drop out,
//! short forms are written out, user stories speak for their role, and
//! parenthetical remarks count only when they are clauses of their own.

use super::{Raw, Tag, Word};
use crate::lexicon::Lexicon;

/// "Product brief: case management for law firms": the heading names the
/// document, not the application.
/// Returns the heading's last word.
pub(super) fn drop_heading(sentence: &mut Vec<Raw>, lex: &Lexicon) -> Option<String> {
    let colon = sentence.iter().position(|r| r.punct == Some(':'))?;
    let word = sentence.get(colon.checked_sub(1)?)?.text.clone();
    if (1..=3).contains(&colon)
        && colon + 1 < sentence.len()
        && (lex.headings.contains(&word) || lex.status_quo.headings.contains(&word))
    {
        sentence.drain(..=colon);
        return Some(word);
    }
    None
}

/// "Problem: feedback is scattered across tickets and calls", "Today an
/// employee emails a spreadsheet": how things are done now, which the
/// application replaces, names nothing it keeps.
pub(super) fn tells_status_quo(sentence: &[Raw], heading: Option<&str>, lex: &Lexicon) -> bool {
    if heading.is_some_and(|h| lex.status_quo.headings.contains(h)) {
        return true;
    }
    let words: Vec<&str> = sentence
        .iter()
        .take(6)
        .map(|r| r.text.as_str())
        .filter(|w| {
            !matches!(
                *w,
                "so" | "ok" | "okay" | "but" | "and" | "well" | "basically"
            )
        })
        .collect();
    lex.status_quo.openings.iter().any(|opening| {
        let parts: Vec<&str> = opening.split('-').collect();
        words.len() > parts.len() && words[..parts.len()] == parts[..]
    })
}

/// "incl", "hrs", "mgr": the short forms of quick notes, written out.
/// ("dont", "im": contractions typed without the apostrophe.)
pub(super) fn expand_abbreviations(raw: Vec<Raw>, lex: &Lexicon) -> Vec<Raw> {
    let mut out = Vec::with_capacity(raw.len());
    for r in raw {
        // ("HR admins": capitals name a department, not "hours".)
        match lex.abbreviations.get(&r.text).filter(|_| !r.acronym) {
            Some(full) => out.extend(full.split_whitespace().map(|word| Raw {
                text: word.to_owned(),
                acronym: false,
                ..r.clone()
            })),
            None => out.push(r),
        }
    }
    out
}

/// "As a washer, I upload photos": a user story speaks for the role it
/// names, so it reads as "washers upload photos" ("my" as "their").
pub(super) fn user_story(raw: Vec<Raw>) -> Vec<Raw> {
    let word = |i: usize| raw.get(i).map(|r| r.text.as_str());
    if word(0) != Some("as") || !matches!(word(1), Some("a" | "an")) {
        return raw;
    }
    let Some(me) = (3..raw.len().min(7)).find(|&i| word(i) == Some("i")) else {
        return raw;
    };
    let role_end = if raw[me - 1].punct.is_some() {
        me - 1
    } else {
        me
    };
    if role_end <= 2 || raw[2..role_end].iter().any(|r| r.punct.is_some()) {
        return raw;
    }
    // (The role in the plural, so the verbs that follow agree with it.)
    let mut out: Vec<Raw> = raw[2..role_end].to_vec();
    if let Some(last) = out.last_mut() {
        last.text = keel_blueprint::names::pluralize(&last.text);
    }
    for r in &raw[me + 1..] {
        let mut r = r.clone();
        r.text = match r.text.as_str() {
            "my" => "their".to_owned(),
            "me" => "them".to_owned(),
            "am" => "is".to_owned(),
            _ => r.text,
        };
        out.push(r);
    }
    out
}

/// The text without its parenthetical remarks, and the remarks.
pub(super) fn split_remarks(text: &str) -> (String, Vec<String>) {
    let mut main = String::with_capacity(text.len());
    let mut remarks: Vec<String> = Vec::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => {
                if depth == 0 {
                    remarks.push(String::new());
                }
                depth += 1;
            }
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => main.push(c),
            // (Nested remarks are part of the outer one.)
            _ => {
                if let Some(r) = remarks.last_mut() {
                    r.push(c);
                }
            }
        }
    }
    (main, remarks)
}

/// A subject and its verb: "customers often own several bikes" (not "the
/// farm stand or a market": a singular subject takes a verb in -s).
pub(super) fn is_clause(words: &[Word]) -> bool {
    let Some(verb) = words.iter().position(|w| w.tag == Tag::Verb) else {
        return false;
    };
    let subject = words[..verb]
        .iter()
        .rev()
        .find(|w| matches!(w.tag, Tag::Noun | Tag::Pron));
    let agrees = subject.is_some_and(|s| s.plural || s.tag == Tag::Pron)
        || words[verb].text != words[verb].lemma;
    words.len() >= 3
        && verb > 0
        && agrees
        && words[..verb].iter().all(|w| {
            matches!(
                w.tag,
                Tag::Noun | Tag::Det | Tag::Adj | Tag::Pron | Tag::Adv | Tag::Aux
            )
        })
        && words[..verb]
            .iter()
            .any(|w| matches!(w.tag, Tag::Noun | Tag::Pron))
}
