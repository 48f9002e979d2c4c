//! What each mention names before entities are kept: the classifier's
//! reading of a phrase, corrected by what the rest of the text says about it.

use std::collections::BTreeSet;

use super::evidence::*;
use super::people::*;
use crate::classify::{self, Class, Setting};
use crate::lexicon::{Lexicon, VerbClass};
use crate::parse::{Anchor, Ctx, Mention, Parsed};
use crate::text::Tag;

/// "the minutes are uploaded", "meeting minutes": a record, though one
/// minute is a unit ("ten minutes before", "how many minutes").
fn record_in_the_plural(c: Class, m: &Mention, parsed: &Parsed, lex: &Lexicon) -> Class {
    let head = m.head();
    let owned_or_the = m.word_before(&parsed.sentences, 1).is_some_and(|w| {
        matches!(
            w.text.as_str(),
            "the" | "their" | "its" | "our" | "his" | "her"
        )
    });
    let of_a_meeting = m.words.len() == 2 && m.words[0].lemma == "meeting";
    if lex.determined_plural_records.contains(&head.text)
        && (owned_or_the && m.words.len() == 1 || of_a_meeting)
    {
        return Class::Entity {
            name: classify::entity_name(&head.text, lex),
            key: head.text.clone(),
        };
    }
    c
}

/// What each mention names, before entities are kept: the classifier's
/// reading of each phrase, then what the rest of the text says about it —
/// media and countable things, remarks that are fields, things given
/// fields, what today's tools hold, people by what they do (a group at
/// work is a role; specific people who never act are records), and photos
/// once they are things of their own.
pub(super) fn classes_of_mentions(parsed: &Parsed, lex: &Lexicon, setting: &Setting) -> Vec<Class> {
    let classes: Vec<Class> = parsed
        .mentions
        .iter()
        .map(|m| {
            if classify::names_the_app(m, &parsed.mentions)
                || classify::is_audience(m, &parsed.mentions, lex)
            {
                Class::Ignore
            } else {
                let c = promote_media(classify::classify(m, lex, setting), m, parsed, lex);
                let c = countable_thing(c, m, parsed, lex);
                let c = record_in_the_plural(c, m, parsed, lex);
                if named_in_passing(&c, m, parsed, lex) {
                    Class::Ignore
                } else {
                    c
                }
            }
        })
        .collect();
    let classes = periodic_reports(classes, parsed, lex);
    let classes = details_had_many_times(classes, parsed, lex);
    let classes = remarks_as_fields(classes, parsed, lex);
    let classes = details_written_down(classes, parsed, lex);
    let classes = details_listed_with_fields(classes, parsed, lex);
    let classes = super::documents::as_documents(classes, parsed, lex);
    let classes = described_things(classes, parsed, lex);
    let classes = picked_from_lists(classes, parsed, lex);
    let classes = held_by_tools(classes, parsed, lex);
    // People by the ending of their name, when they do something: "groomers see ...".
    let agents: BTreeSet<String> = parsed
        .mentions
        .iter()
        .zip(&classes)
        .filter(|(m, c)| {
            !m.subject_of.is_empty()
                && matches!(c, Class::Entity { .. })
                && (classify::agent_noun(&m.head().lemma, lex) || acts_on_things(m, parsed, lex))
        })
        .map(|(m, _)| m.head().lemma.clone())
        .collect();
    // "the facilities team can block desks ... a report for facilities": the
    // group's word alone, without an article, is the group.
    let groups: BTreeSet<String> = parsed
        .mentions
        .iter()
        .filter_map(|m| group_role(m, parsed, lex))
        .collect();
    let classes: Vec<Class> = classes
        .into_iter()
        .zip(&parsed.mentions)
        .map(|(c, m)| match c {
            // "the finance team turns hours into invoices": a group at work
            // is a role; so are people named by their ending who act.
            Class::Entity { .. } => {
                let head = &m.head().lemma;
                let the_group =
                    (m.words.len() == 1 && !m.determined && groups.contains(&m.head().text))
                        .then(|| m.head().text.clone());
                let acting_as = group_role(m, parsed, lex)
                    .or(the_group)
                    .or_else(|| agents.contains(head).then(|| head.clone()));
                match acting_as {
                    Some(word) => Class::Actor {
                        key: word.clone(),
                        role: Some(word.replace('-', "_")),
                        entity: None,
                        public: false,
                        from_word: true,
                    },
                    None => c,
                }
            }
            other => other,
        })
        .collect();
    // Specific people who never act are records ("the lineup of artists").
    let acting: BTreeSet<String> = parsed
        .mentions
        .iter()
        .zip(&classes)
        .filter(|(m, c)| {
            !m.subject_of.is_empty()
                && matches!(
                    c,
                    Class::Actor {
                        from_word: true,
                        ..
                    }
                )
        })
        .map(|(m, _)| m.head().lemma.clone())
        .collect();
    let classes: Vec<Class> = classes
        .into_iter()
        .zip(&parsed.mentions)
        .map(|(c, m)| match c {
            Class::Actor {
                from_word: true, ..
            } if !acting.contains(&m.head().lemma)
                // "artworks with images, the artist and the year"
                && (m.head().plural || matches!(m.ctx, Ctx::With { .. }))
                && (matches!(m.ctx, Ctx::With { .. } | Ctx::Object { .. })
                    || matches!(&m.ctx, Ctx::Prep { prep, .. } if prep == "of")) =>
            {
                let key = m.head().lemma.clone();
                Class::Entity {
                    name: classify::entity_name(&key, lex),
                    key,
                }
            }
            other => other,
        })
        .collect();
    let classes = roles_told_apart(classes, parsed, lex);
    // Once photos are things of their own, every mention of them is.
    let promoted: BTreeSet<String> = classes
        .iter()
        .filter_map(|c| match c {
            Class::Entity { key, .. } => Some(key.clone()),
            _ => None,
        })
        .collect();
    classes
        .into_iter()
        .zip(&parsed.mentions)
        .map(|(c, m)| match &c {
            Class::Attribute { key, .. }
                if lex.attributes.get(key).is_some_and(|a| a.media.is_some())
                    && promoted.contains(&m.head().lemma) =>
            {
                Class::Entity {
                    key: m.head().lemma.clone(),
                    name: classify::entity_name(&m.head().lemma, lex),
                }
            }
            _ => c,
        })
        .collect()
}

/// "a weekly occupancy report": a view of what is kept, unless someone
/// writes it ("teachers fill in a daily report", "monthly reports from
/// raisers").
fn periodic_reports(classes: Vec<Class>, parsed: &Parsed, lex: &Lexicon) -> Vec<Class> {
    let p = &lex.periodic_reports;
    // ("monthly progress reports from raisers": people write them too)
    let from_people = |i: usize| {
        parsed.mentions.iter().zip(&classes).any(|(x, c)| {
            matches!(&x.ctx, Ctx::Prep { prep, anchor: Anchor::Mention(a) }
                if *a == i && matches!(prep.as_str(), "from" | "by"))
                && (matches!(c, Class::Actor { .. }) || classify::agent_noun(&x.head().lemma, lex))
        })
    };
    let views: Vec<bool> = parsed
        .mentions
        .iter()
        .enumerate()
        .zip(&classes)
        .map(|((i, m), c)| {
            if !p.heads.contains(&m.head().lemma) {
                return false;
            }
            let sentence = &parsed.sentences[m.sentence];
            // "a report of funds raised per country", "a report of who is
            // non-compliant": figures summed over what is kept ("per"
            // within the report's own phrase: up to a comma, a conjunction
            // or a verb that is not a participle).
            let phrase = sentence[m.pos + 1..].iter().take_while(|w| {
                !matches!(w.tag, Tag::Comma | Tag::Conj)
                    && !(w.tag == Tag::Verb && (w.text == w.lemma || w.text.ends_with('s')))
            });
            let summed = matches!(
                sentence.get(m.pos + 1).map(|w| w.text.as_str()),
                Some("of" | "on" | "showing" | "listing")
            ) && (matches!(
                sentence.get(m.pos + 2).map(|w| w.text.as_str()),
                Some("who" | "what" | "which" | "how" | "where" | "when" | "all" | "every")
            ) || phrase.clone().any(|w| w.text == "per"));
            // "reports by article and worksite", "reports for the board"
            let text = |k: usize| sentence.get(k).map_or("", |w| w.lemma.as_str());
            let by_something = text(m.pos + 1) == "by"
                && sentence.get(m.pos + 2).is_some_and(|w| w.tag == Tag::Noun)
                && lex.actor(text(m.pos + 2)).is_none();
            let for_outsiders = text(m.pos + 1) == "for"
                && matches!(text(m.pos + 2), "the" | "our")
                && (m.pos + 3..m.pos + 5).any(|k| p.audiences.contains(text(k)));
            let periodic = summed
                || by_something
                || for_outsiders
                || m.words.iter().any(|w| p.periods.contains(&w.lemma));
            let written = || {
                from_people(i)
                    || matches!(m.ctx, Ctx::Object { verb }
                        if lex.verb_class(&parsed.verbs[verb].lemma) == VerbClass::Create)
            };
            periodic && matches!(c, Class::Entity { .. }) && !written()
        })
        .collect();
    classes
        .into_iter()
        .zip(views)
        .map(|(c, view)| if view { Class::Ignore } else { c })
        .collect()
}

/// "clients can have more than one address": a detail someone has several
/// of is a thing of its own.
fn details_had_many_times(classes: Vec<Class>, parsed: &Parsed, lex: &Lexicon) -> Vec<Class> {
    classes
        .into_iter()
        .zip(&parsed.mentions)
        .map(|(c, m)| {
            let had = match &m.ctx {
                Ctx::Object { verb } => parsed.verbs[*verb].lemma == "have",
                Ctx::Prep {
                    prep,
                    anchor: Anchor::Verb(verb),
                } => prep == "than" && parsed.verbs[*verb].lemma == "have",
                _ => false,
            };
            let before: Vec<&str> = (1..=3)
                .filter_map(|back| m.word_before(&parsed.sentences, back))
                .map(|w| w.text.as_str())
                .collect();
            let several = matches!(before.as_slice(), ["one", "than", "more", ..])
                || matches!(before.first(), Some(&("several" | "multiple")));
            let key = m.head().lemma.clone();
            if had
                && several
                && matches!(c, Class::Attribute { .. })
                && classify::is_name_like(&key)
            {
                Class::Entity {
                    name: classify::entity_name(&key, lex),
                    key,
                }
            } else {
                c
            }
        })
        .collect()
}
