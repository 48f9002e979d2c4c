//! Reading around a phrase: which entity an attribute describes, what a
//! pronoun or a relative clause points at, example values, bounds, tenancy.

use crate::classify::Class;
use crate::lexicon::Lexicon;
use crate::parse::{Anchor, Ctx, Parsed};

/// The entity an attribute mention describes.
pub(super) fn attribute_owner(
    parsed: &Parsed,
    entity_of: &[Option<String>],
    classes: &[Class],
    i: usize,
) -> Option<String> {
    let m = &parsed.mentions[i];
    match &m.ctx {
        Ctx::With { anchor } => {
            // After a child in the same list, the field is the child's ("sets, reps and weight").
            let earlier_child = (0..i)
                .rev()
                .take_while(|j| parsed.mentions[*j].sentence == m.sentence)
                .find(|j| {
                    parsed.mentions[*j].list == m.list
                        && matches!(parsed.mentions[*j].ctx, Ctx::With { anchor: a } if a == *anchor)
                        && entity_of[*j].is_some()
                });
            earlier_child
                .and_then(|j| entity_of[j].clone())
                .or_else(|| entity_of[*anchor].clone())
                .or_else(|| nearest_entity(parsed, entity_of, i))
        }
        Ctx::Prep {
            anchor: Anchor::Mention(a),
            ..
        } => entity_of[*a]
            .clone()
            .or_else(|| nearest_entity(parsed, entity_of, i)),
        Ctx::Object { verb } => {
            let v = &parsed.verbs[*verb];
            let subject_entity = v.subject.and_then(|s| entity_of[s].clone());
            subject_entity.or_else(|| nearest_entity(parsed, entity_of, i))
        }
        Ctx::Subject => None,
        _ => {
            let _ = classes;
            nearest_entity(parsed, entity_of, i)
        }
    }
}

/// The closest entity mentioned before `i` in the same sentence (or the one before).
pub(super) fn nearest_entity(
    parsed: &Parsed,
    entity_of: &[Option<String>],
    i: usize,
) -> Option<String> {
    let s = parsed.mentions[i].sentence;
    (0..i)
        .rev()
        .filter(|j| parsed.mentions[*j].sentence + 1 >= s)
        .find_map(|j| entity_of[j].clone())
}

/// What "them"/"it" refers to: the last entity object before the verb.
pub(super) fn antecedent(
    parsed: &Parsed,
    entity_of: &[Option<String>],
    verb: usize,
) -> Option<String> {
    let v = &parsed.verbs[verb];
    let before = || {
        parsed
            .mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                (m.sentence, m.pos) < (v.sentence, v.pos) && m.sentence + 1 >= v.sentence
            })
            .filter(|(_, m)| !matches!(m.ctx, Ctx::Subject))
    };
    // "them", "each one": the nearest things named in the plural ("create
    // work orders for a customer site and assign each one").
    let words = &parsed.sentences[v.sentence];
    let many = words
        .iter()
        .skip(v.pos + 1)
        .take(3)
        .any(|w| matches!(w.text.as_str(), "them" | "one"));
    let plural = many
        .then(|| {
            before()
                .filter(|(_, m)| m.head().plural)
                .filter_map(|(j, _)| entity_of[j].clone())
                .next_back()
        })
        .flatten();
    plural.or_else(|| {
        before()
            .filter_map(|(j, _)| entity_of[j].clone())
            .next_back()
    })
}

/// The thing a relative clause is about: "events that members RSVP to" →
/// the entity named right before `that`/`which` when a stranded
/// preposition ends the clause.
pub(super) fn relative_antecedent(
    parsed: &Parsed,
    entity_of: &[Option<String>],
    verb: usize,
) -> Option<String> {
    let v = &parsed.verbs[verb];
    let words = &parsed.sentences[v.sentence];
    let stranded = words
        .get(v.pos + 1)
        .is_some_and(|w| w.tag == crate::text::Tag::Prep)
        && words
            .get(v.pos + 2)
            .is_none_or(|w| matches!(w.tag, crate::text::Tag::Comma | crate::text::Tag::Stop));
    if !stranded {
        return None;
    }
    let rel = (v.pos.saturating_sub(4)..v.pos)
        .rev()
        .find(|&p| matches!(words[p].text.as_str(), "that" | "which"))?;
    parsed
        .mentions
        .iter()
        .zip(entity_of)
        .find(|(m, _)| m.sentence == v.sentence && m.pos + 1 == rel)
        .and_then(|(_, e)| e.clone())
}

/// The entity named after `at` in its sentence right after one of `preps`,
/// or after one of them and one of `dets`: "parts used *on each work
/// order*", "available *for which fixture*".
pub(super) fn entity_after(
    parsed: &Parsed,
    entity_of: &[Option<String>],
    at: (usize, usize),
    preps: &[&str],
    dets: &[&str],
) -> Option<String> {
    let words = &parsed.sentences[at.0];
    let text = |k: usize| words[k].text.as_str();
    parsed
        .mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.sentence == at.0 && m.pos > at.1)
        .find(|(_, m)| {
            let s = m.start();
            s >= 1
                && (preps.contains(&text(s - 1))
                    || s >= 2 && preps.contains(&text(s - 2)) && dets.contains(&text(s - 1)))
        })
        .and_then(|(i, _)| entity_of[i].clone())
}

/// "we run beginner classes of six, and students sign up and pay upfront",
/// "sponsors browse open slots, book one and pay": a verb of joining said
/// bare (or with one, it or them) joins the thing the sentence just named
/// as acted on.
pub(super) fn thing_just_named(
    parsed: &Parsed,
    entity_of: &[Option<String>],
    verb: usize,
) -> Option<String> {
    let v = &parsed.verbs[verb];
    let words = &parsed.sentences[v.sentence];
    let mut after = v.pos + 1 + usize::from(v.particle.is_some());
    // ("browse open slots, book one and pay": the one just named)
    if words
        .get(after)
        .is_some_and(|w| matches!(w.text.as_str(), "one" | "it" | "them"))
    {
        after += 1;
    }
    let bare = words.get(after).is_none_or(|w| {
        matches!(w.tag, crate::text::Tag::Comma | crate::text::Tag::Stop)
            || (w.tag == crate::text::Tag::Conj && matches!(w.text.as_str(), "and" | "or"))
    });
    if !bare {
        return None;
    }
    parsed
        .mentions
        .iter()
        .enumerate()
        .filter(|(i, m)| {
            m.sentence == v.sentence
                && m.pos < v.pos
                && Some(*i) != v.subject
                && matches!(m.ctx, crate::parse::Ctx::Object { .. })
        })
        .filter_map(|(i, _)| entity_of[i].clone())
        .next_back()
}

pub(super) fn example_values(parsed: &Parsed, examples: &[usize]) -> Vec<String> {
    let mut values: Vec<String> = Vec::new();
    for e in examples {
        let w = parsed.mentions[*e].head();
        let v: String = w
            .lemma
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect::<String>()
            .replace('-', "_");
        // `self` cannot name a generated enum variant.
        if keel_blueprint::names::is_snake_case(&v)
            && v.len() <= 40
            && v != "self"
            && !values.contains(&v)
        {
            values.push(v);
        }
    }
    values
}

/// "from 1 to 5", "between 1 and 10", "1-5" right after a position.
pub(super) fn bounds_after(parsed: &Parsed, sentence: usize, pos: usize) -> Option<(i64, i64)> {
    let words = &parsed.sentences[sentence];
    let window = &words[pos + 1..words.len().min(pos + 8)];
    let nums: Vec<i64> = window.iter().filter_map(|w| w.number).collect();
    let linked = window
        .iter()
        .any(|w| matches!(w.text.as_str(), "to" | "and" | "from" | "between"));
    match nums.as_slice() {
        [a, b, ..] if linked && a < b => Some((*a, *b)),
        _ => None,
    }
}

/// Whether the text says each organization's data is its own.
pub(super) fn detect_tenancy(parsed: &Parsed, lex: &Lexicon) -> bool {
    let t = &lex.tenancy;
    let tenant = |w: &str| t.tenant_words.contains(w);
    let space = |w: &str| is_own_space(w, lex);
    parsed.sentences.iter().any(|s| {
        let words: Vec<&str> = s.iter().map(|w| w.text.as_str()).collect();
        let lemmas: Vec<&str> = s.iter().map(|w| w.lemma.as_str()).collect();
        let said = |p: &Vec<String>| {
            contains_phrase(&words, p, &tenant, &space)
                || contains_phrase(&lemmas, p, &tenant, &space)
        };
        t.phrases.iter().any(said)
            || (lemmas.iter().any(|l| tenant(l)) && t.with_tenant_word.iter().any(said))
    })
}

/// Whether `seq` occurs in `words`; `*` matches any word, `TENANT` any
/// tenant word, `SPACE` what a tenant gets its own of.
fn contains_phrase(
    words: &[&str],
    seq: &[String],
    tenant: &dyn Fn(&str) -> bool,
    space: &dyn Fn(&str) -> bool,
) -> bool {
    !seq.is_empty()
        && words.windows(seq.len()).any(|w| {
            w.iter().zip(seq).all(|(a, b)| {
                b == "*" || *a == b || (b == "TENANT" && tenant(a)) || (b == "SPACE" && space(a))
            })
        })
}

/// What a tenant gets its own of: one of the lexicon's `own_spaces` or a
/// workspace.
fn is_own_space(word: &str, lex: &Lexicon) -> bool {
    lex.tenancy.own_spaces.contains(word) || word == "workspace"
}

/// "Every studio gets its own branded space": the thing that gets its own
/// space is the tenant, whatever the text calls it.
pub(super) fn tenant_named(parsed: &Parsed, lex: &Lexicon) -> Option<String> {
    let t = &lex.tenancy;
    parsed.verbs.iter().find_map(|v| {
        if v.lemma != "get" {
            return None;
        }
        let words = &parsed.sentences[v.sentence];
        let after: Vec<&str> = words[v.pos + 1..]
            .iter()
            .take(4)
            .map(|w| w.text.as_str())
            .collect();
        let own_space = after.len() >= 3
            && after[..2] == ["its", "own"]
            && after[2..].iter().take(2).any(|w| is_own_space(w, lex));
        let subject = &parsed.mentions[v.subject?];
        let word = subject.head().lemma.clone();
        (own_space && lex.actor(&word).is_none() && !t.tenant_words.contains(&word)).then_some(word)
    })
}
