//! Many-to-many links the text states both ways: "a session can have
//! multiple speakers and a speaker can belong to several sessions", "a tutor
//! teaches several subjects and each subject is taught by many tutors";
//! a thing with several of another chosen for it ("picks which units the
//! work order concerns"). Each such pair gets a join entity of its own,
//! named subject-first (`SessionSpeaker`), which the summary shows: unlike
//! the join behind tags, the text asked for it.

use super::{Findings, LinkHow, add_entity};
use crate::classify::Class;
use crate::lexicon::{Kind, Lexicon};
use crate::parse::{Anchor, Ctx, Parsed};

/// Why a join entity stated by the text exists (see `Found::synthesized`).
pub const STATED_JOIN: &str = "the text links the two many-to-many";

/// Head-word pairs `(a, b)` the text links in the plural both ways, each
/// once, in the order the first link names them; a thing linked to more
/// than one person ("each visit is assigned to one or two cleaners") is
/// linked both ways too, since people take part in many.
pub(super) fn stated_pairs(
    parsed: &Parsed,
    lex: &Lexicon,
    is_person: &dyn Fn(usize) -> bool,
) -> Vec<(String, String)> {
    let mut links: Vec<(String, String)> = Vec::new();
    for (s, subject) in parsed.mentions.iter().enumerate() {
        if subject.ctx != Ctx::Subject {
            continue;
        }
        // What the subject's verbs act on or reach, and the phrases that
        // hang on the subject itself ("a tenant can be on many leases").
        let reached = subject
            .subject_of
            .iter()
            .flat_map(|v| {
                let v = &parsed.verbs[*v];
                v.objects
                    .iter()
                    .copied()
                    .chain(v.preps.iter().map(|(_, m)| *m))
            })
            .chain(
                parsed
                    .mentions
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| match &m.ctx {
                        Ctx::With { anchor } => *anchor == s,
                        Ctx::Prep {
                            anchor: Anchor::Mention(a),
                            ..
                        } => *a == s,
                        _ => false,
                    })
                    .map(|(i, _)| i),
            );
        for o in reached {
            let other = &parsed.mentions[o];
            if other.sentence == subject.sentence
                && more_than_one(o, parsed, lex)
                && other.head().lemma != subject.head().lemma
            {
                let link = (subject.head().lemma.clone(), other.head().lemma.clone());
                let to_people = is_person(o) && !is_person(s);
                links.push(link.clone());
                if to_people {
                    links.push((link.1, link.0));
                }
            }
        }
    }
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (a, b) in &links {
        let both_ways = links.iter().any(|(x, y)| x == b && y == a);
        let seen = pairs
            .iter()
            .any(|(x, y)| (x == a && y == b) || (x == b && y == a));
        if both_ways && !seen {
            pairs.push((a.clone(), b.clone()));
        }
    }
    pairs
}

/// "a dispatcher creates a work order ..., picks which units it concerns",
/// "pick which pets each booking is for": one thing linked to several of
/// another chosen from a list. Mention pairs `(thing, chosen)`.
pub(super) fn chosen_pairs(parsed: &Parsed, lex: &Lexicon) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for (y, chosen) in parsed.mentions.iter().enumerate() {
        let words = &parsed.sentences[chosen.sentence];
        let start = chosen.start();
        let which = start
            .checked_sub(1)
            .is_some_and(|k| words[k].text == "which");
        let choosing = start.checked_sub(2).is_some_and(|k| {
            words[k].tag == crate::text::Tag::Verb
                && lex.choosing_which_verbs.contains(&words[k].lemma)
        });
        if !(which && choosing && chosen.head().plural) {
            continue;
        }
        // The thing is named in the clause ("each booking is for"), or is
        // what the same sentence made just before ("creates a work order").
        let in_clause = parsed
            .mentions
            .iter()
            .enumerate()
            .skip(y + 1)
            .take_while(|(_, x)| x.sentence == chosen.sentence)
            .find(|(_, x)| {
                x.word_before(&parsed.sentences, 1)
                    .is_some_and(|w| matches!(w.text.as_str(), "each" | "every" | "the"))
            })
            .map(|(i, _)| i);
        let made_before = parsed
            .verbs
            .iter()
            .filter(|v| v.sentence == chosen.sentence && v.pos + 2 < start)
            .filter_map(|v| v.objects.first().copied())
            .next_back();
        if let Some(thing) = in_clause.or(made_before) {
            pairs.push((thing, y));
        }
    }
    pairs
}

/// "several speakers", "one or more tags", "any number of rooms".
fn more_than_one(i: usize, parsed: &Parsed, lex: &Lexicon) -> bool {
    let m = &parsed.mentions[i];
    let before = |back| {
        m.word_before(&parsed.sentences, back)
            .map(|w| w.text.as_str())
    };
    match before(1) {
        Some(w) if lex.many_words.contains(w) => true,
        // "one or more", "one or two", "two or three"
        Some("more" | "two" | "three") => before(2) == Some("or"),
        Some("of") => before(2) == Some("number") && before(3) == Some("any"),
        _ => false,
    }
}

/// Adds a join entity for every stated pair whose two sides the design
/// keeps; a person on one side ("speakers") is kept as a record, since
/// rows link to them.
pub(super) fn add_stated_joins(
    f: &mut Findings,
    parsed: &Parsed,
    lex: &Lexicon,
    classes: &[Class],
    entity_of: &[Option<String>],
) {
    let is_person = |i: usize| matches!(classes[i], Class::Actor { .. });
    for (a, b) in stated_pairs(parsed, lex, &is_person) {
        let side = |f: &mut Findings, key: &str| -> Option<String> {
            let mut people = None;
            for (i, m) in parsed.mentions.iter().enumerate() {
                if m.head().lemma != key {
                    continue;
                }
                if let Some(name) = &entity_of[i] {
                    return Some(name.clone());
                }
                if matches!(classes[i], Class::Actor { .. }) && people.is_none() {
                    people = Some((m.sentence, m.pos));
                }
            }
            // ("several users": the accounts, not records of people)
            super::people::people_record(f, lex, key, people?)
        };
        let (Some(left), Some(right)) = (side(f, &a), side(f, &b)) else {
            continue;
        };
        add_join(f, lex, &a, &b, &left, &right);
    }
    for (thing, chosen) in chosen_pairs(parsed, lex) {
        let (Some(left), Some(right)) = (entity_of[thing].clone(), entity_of[chosen].clone())
        else {
            continue;
        };
        let key = |e: &str| f.entities.get(e).map(|x| x.key.clone()).unwrap_or_default();
        let (a, b) = (key(&left), key(&right));
        add_join(f, lex, &a, &b, &left, &right);
    }
}

/// A join entity `LeftRight` between two kept entities, in place of any
/// one-way link read between them.
fn add_join(f: &mut Findings, lex: &Lexicon, a: &str, b: &str, left: &str, right: &str) {
    if left == right {
        return;
    }
    let first = f.entities.get(left).map(|e| e.first).unwrap_or_default();
    let join = add_entity(
        f,
        lex,
        &format!("{a}-{b}"),
        &format!("{left}{right}"),
        first,
        Some(STATED_JOIN),
    );
    if let Some(j) = f.entities.get_mut(&join) {
        j.kind = Kind::Part;
    }
    // The join replaces any one-way link read between the two.
    f.relations.retain(|r| {
        !((r.child == left && r.parent == right) || (r.child == right && r.parent == left))
    });
    super::push_rel(f, &join, left, LinkHow::Part, "many-to-many");
    super::push_rel(f, &join, right, LinkHow::Part, "many-to-many");
}
