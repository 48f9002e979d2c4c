//! From a description to sentences of tagged words.
//!
//! A small rule-based tagger: closed word classes and verbs come from the
//! lexicon; words that are both noun and verb ("post", "book", "comment")
//! are decided from their neighbours; every other word is a noun.

mod ambiguous;
mod field_lists;
mod prepare;
mod tokenize;
mod values;

pub use values::value_lists;

use crate::lexicon::Lexicon;
use crate::wordclass::{self, WordClass};
use ambiguous::{
    after_contact_clause, after_one_subject, after_people_adjective, decide_ambiguous,
    ends_a_with_list, gives_someone_a_kind_of_thing, in_the_apps_name, inside_a_noun_list,
    inside_a_with_list, next_is_nounish, opens_with_a_plural_subject, plain_form_after_one_thing,
    prev_is_subject, then_how,
};
use keel_blueprint::names::singularize;
use prepare::{
    about_named_instances, drop_business_case, drop_heading, drop_idioms, drop_out_of_scope,
    drop_quoted_sayings, expand_abbreviations, expand_initials, is_clause, is_section_title,
    rules_out, split_remarks, tells_status_quo, user_story,
};
use tokenize::tokenize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Det,
    Pron,
    Prep,
    Conj,
    Aux,
    Adv,
    Adj,
    Verb,
    Noun,
    Num,
    /// `.`, `;`, `!`, `?`: end of a clause.
    Stop,
    /// `,`
    Comma,
    /// `:` and `(`: what follows lists or explains what came before.
    Colon,
    /// `in`/`out`/`up` right after a verb they belong to (`check in`).
    Particle,
}

#[derive(Debug, Clone)]
pub struct Word {
    /// Lowercase as written (without a possessive `'s`).
    pub text: String,
    /// Verb: base form. Noun: singular. Others: the text.
    pub lemma: String,
    pub tag: Tag,
    /// Capitalised in the middle of a sentence: a name (Stripe, PayPal).
    pub proper: bool,
    /// Written with `'s` or `s'`.
    pub possessive: bool,
    /// A noun written in the plural.
    pub plural: bool,
    pub number: Option<i64>,
}

/// A description read: its sentences, tagged, and the fields its data
/// notes ("Unit (property_id, label, beds)", "Tables: swimmers (club, DOB,
/// gender)") and its field lists in prose declare, by thing key
/// ("lane-assignment"), in words ("seed time"): the design keeps those the
/// lexicon has no field for.
pub struct Analysed {
    pub sentences: Vec<Vec<Word>>,
    pub columns: std::collections::BTreeMap<String, Vec<String>>,
}

/// Splits text into sentences of words, tagged.
pub fn analyse(text: &str, lex: &Lexicon) -> Vec<Vec<Word>> {
    analyse_with_columns(text, lex).sentences
}

/// `analyse`, and the columns the text declares, from one reading.
pub fn analyse_with_columns(text: &str, lex: &Lexicon) -> Analysed {
    let text = prepare::unfold_bullets(text);
    let (text, declared) = prepare::declared(&drop_out_of_scope(&drop_quoted_sayings(&text)));
    let field_lists = field_lists::field_lists(&text, lex);
    let (main, remarks) = split_remarks(&text);
    let mut sentences = expand_initials(tokenize(&main));
    // (The first sentence stays unless headed so: it names the application.)
    let mut first = true;
    sentences.retain_mut(|s| {
        // ("Billing is out of scope, they have another system.")
        let said: Vec<String> = s.iter().map(Raw::lower).collect();
        if rules_out(&said.join(" ")) {
            return false;
        }
        drop_business_case(s, lex);
        if s.is_empty() {
            return false;
        }
        // "Goals", "Requirements", "Core flows": a section's title alone.
        if is_section_title(s, lex) {
            return false;
        }
        let heading = drop_heading(s, lex);
        let keep = !tells_status_quo(s, heading.as_deref(), lex) || (first && heading.is_none());
        first = false;
        keep
    });
    let tag = |s: Vec<Raw>| {
        tag_sentence(
            user_story(expand_abbreviations(drop_idioms(s, lex), lex)),
            lex,
        )
    };
    let mut out: Vec<Vec<Word>> = sentences
        .into_iter()
        .map(tag)
        .filter(|s| !s.is_empty())
        .collect();
    // A remark in parentheses that is a clause of its own ("customers often
    // own several bikes") says something about the design; a list of values
    // or examples ("floors, units, rooms") only clarifies. Clauses follow
    // the text, so sentence 0 still names the application.
    out.extend(
        remarks
            .iter()
            .filter(|r| !about_named_instances(r))
            .flat_map(|r| tokenize(r))
            .map(tag)
            .filter(|s| is_clause(s)),
    );
    out.extend(
        field_lists
            .iter()
            .flat_map(|l| l.sentences())
            .flat_map(|s| tokenize(&s))
            .map(tag)
            .filter(|s| !s.is_empty()),
    );
    // (The notes are read first: a declaration wins over a remark.)
    let mut columns = std::collections::BTreeMap::new();
    for (thing, fields) in declared
        .into_iter()
        .chain(field_lists.iter().filter_map(|l| l.columns()))
    {
        columns.entry(thing).or_insert(fields);
    }
    Analysed {
        sentences: out,
        columns,
    }
}

#[derive(Debug, Clone)]
struct Raw {
    text: String,
    proper: bool,
    possessive: bool,
    punct: Option<char>,
    acronym: bool,
}

impl Raw {
    fn lower(&self) -> String {
        self.text.to_ascii_lowercase()
    }
}

/// "customers pay by bank transfer, so no card payments", "payment we do
/// in the clinic, not online", "buyers pay cash", "no need for payments":
/// a sentence about money that does not go through the application.
pub fn money_kept_outside(words: &[Word], lex: &Lexicon) -> bool {
    let says = |t: &str| words.iter().any(|w| w.text == t);
    // (cash beside another way to pay still has the application take money)
    let by_card = lex.paying_ways.iter().any(|t| says(t));
    // "no need for (online) payments", unless after a way to pay ("pay
    // online, so no need for cash")
    let not_needed = words.windows(2).enumerate().any(|(i, w)| {
        (w[0].text.as_str(), w[1].text.as_str()) == ("no", "need")
            && !words[..i].iter().any(|x| lex.paying_ways.contains(&x.text))
    });
    not_needed
        || words.windows(2).any(|w| {
            matches!(
                (w[0].text.as_str(), w[1].text.as_str()),
                ("no" | "not", "card" | "online") | ("in", "person")
            ) || (!by_card
                && matches!(
                    (w[0].text.as_str(), w[1].text.as_str()),
                    (
                        "pay" | "pays" | "paid" | "paying" | "in" | "by" | "with",
                        "cash" | "cheque"
                    )
                ))
        })
        || words.windows(4).any(|w| {
            // "not in the app", "not through the system"
            w[0].text == "not"
                && matches!(w[1].text.as_str(), "in" | "through" | "via")
                && matches!(w[3].text.as_str(), "app" | "system" | "platform")
        })
        || words
            .iter()
            .any(|w| matches!(w.text.as_str(), "outside" | "offline"))
}

/// "clinics pay us monthly by card": the word at `i` pays for the
/// application itself, not for what the application sells.
pub fn pays_us(words: &[Word], i: usize) -> bool {
    words.get(i + 1).is_some_and(|x| x.text == "us")
}

/// Base form of a verb, if the word is one.
/// "goes", "ships": a verb in -s (not its base form).
fn verb_in_s(word: &str, lex: &Lexicon) -> bool {
    word.ends_with('s') && verb_lemma(word, lex).is_some_and(|l| l != word)
}

pub fn verb_lemma(word: &str, lex: &Lexicon) -> Option<String> {
    if let Some(base) = lex.irregular_verbs.get(word) {
        return Some(base.clone());
    }
    if lex.is_verb(word) {
        return Some(word.to_owned());
    }
    // "re-uploads", "re-submit": the verb again.
    if let Some(rest) = word.strip_prefix("re-") {
        return verb_lemma(rest, lex).map(|l| format!("re-{l}"));
    }
    let mut candidates: Vec<String> = Vec::new();
    if let Some(s) = word.strip_suffix("ies") {
        candidates.push(format!("{s}y"));
    }
    // "-es" is an ending only after a hiss or an o ("fixes", "goes"):
    // "wines" is "wine", not "win".
    if let Some(s) = word.strip_suffix("es") {
        if ["s", "x", "z", "ch", "sh", "o"]
            .iter()
            .any(|e| s.ends_with(e))
        {
            candidates.push(s.to_owned());
        }
    }
    if let Some(s) = word.strip_suffix('s') {
        candidates.push(s.to_owned());
    }
    for suffix in ["ed", "ing"] {
        if let Some(s) = word.strip_suffix(suffix) {
            candidates.push(s.to_owned());
            candidates.push(format!("{s}e"));
            // ("carried" is "carry"; "tied", "died" keep their "ie")
            if let Some(s2) = s.strip_suffix('i').filter(|s2| s2.len() >= 2) {
                candidates.push(format!("{s2}y"));
            }
            let b = s.as_bytes();
            if b.len() >= 2 && b[b.len() - 1] == b[b.len() - 2] {
                candidates.push(s[..s.len() - 1].to_owned());
            }
        }
    }
    if let Some(c) = candidates.iter().find(|c| lex.is_verb(c)) {
        return Some(c.clone());
    }
    general_verb_lemma(word, &candidates, lex)
}

/// A verb the lexicon does not list ("arrives", "hangs"), from the general
/// word classes; only for words the lexicon knows nothing else about.
fn general_verb_lemma(word: &str, candidates: &[String], lex: &Lexicon) -> Option<String> {
    // "waiting list", "meeting rooms": an unknown -ing word before a noun
    // names a kind of thing more often than an action.
    if lex.knows(word) || lex.knows(&singularize(word)) || word.ends_with("ing") {
        return None;
    }
    match wordclass::class_of(word)? {
        WordClass::Verb { base: true } => Some(word.to_owned()),
        // "an account tied to its lot": a known verb form whose base the
        // table reads as a noun keeps the nearest base it can find.
        WordClass::Verb { base: false } => candidates
            .iter()
            .find(|c| wordclass::class_of(c) == Some(WordClass::Verb { base: true }))
            // ("presented": "present" is a word, "presente" is not)
            .or_else(|| candidates.iter().find(|c| wordclass::class_of(c).is_some()))
            .or_else(|| candidates.last())
            .cloned()
            .or_else(|| Some(word.to_owned())),
        _ => None,
    }
}

/// "the office manager bundles the requests": a word in -s no list knows as
/// a verb, between one person and a determiner, is that person's verb (a
/// plural noun cannot stand there).
fn unknown_verb_in_s(raw: &[Raw], i: usize, lex: &Lexicon) -> Option<String> {
    let word = raw[i].text.as_str();
    let stem = word
        .strip_suffix('s')
        .filter(|s| s.len() >= 3 && !s.ends_with(['s', 'u', 'i']))?;
    let prev = raw.get(i.checked_sub(1)?)?;
    let next = raw.get(i + 1)?;
    let one_person = prev.punct.is_none()
        && singularize(&prev.text) == prev.text
        && lex.actor(&prev.text).is_some();
    let object_follows = matches!(
        next.text.as_str(),
        "the" | "a" | "an" | "their" | "our" | "its" | "his" | "her" | "each" | "every" | "all"
    );
    (one_person && object_follows).then(|| stem.to_owned())
}

/// A past form with no `-ed` that general English uses only as a verb
/// ("came", "went", "took") and the lexicon does not know as anything else.
fn past_form_only(word: &str, lex: &Lexicon) -> bool {
    !word.ends_with("ed")
        && !lex.nouns.contains_key(word)
        && lex.actor(word).is_none()
        && lex.attribute(word).is_none()
        && (lex.irregular_verbs.contains_key(word)
            || !lex.knows(word)
                && wordclass::class_of(word) == Some(WordClass::Verb { base: false }))
}

/// The verb's inflection: `-s`, `-ed`, `-ing` or base form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Base,
    S,
    Ed,
    Ing,
}

fn form(word: &str, lemma: &str) -> Form {
    if word == lemma {
        Form::Base
    } else if word.ends_with("ing") {
        Form::Ing
    } else if word.ends_with("ed") || word.ends_with('t') || word.ends_with('n') {
        Form::Ed
    } else if word.ends_with('s') {
        Form::S
    } else {
        Form::Ed
    }
}

fn closed_class(w: &str, lex: &Lexicon) -> Option<Tag> {
    if lex.determiners.contains(w) {
        Some(Tag::Det)
    } else if lex.pronouns.contains(w) {
        Some(Tag::Pron)
    } else if lex.auxiliaries.contains(w) {
        Some(Tag::Aux)
    } else if lex.prepositions.contains(w) {
        Some(Tag::Prep)
    } else if lex.conjunctions.contains(w) {
        Some(Tag::Conj)
    } else {
        None
    }
}

/// Prepositions, adverbs and modals the lexicon does not list ("near",
/// "via", "overnight"): from the general word classes.
fn general_closed_class(w: &str, lex: &Lexicon) -> Option<Tag> {
    if lex.knows(w) || lex.knows(&singularize(w)) {
        return None;
    }
    match wordclass::class_of(w)? {
        WordClass::Preposition => Some(Tag::Prep),
        WordClass::Adverb => Some(Tag::Adv),
        WordClass::Modal => Some(Tag::Aux),
        _ => None,
    }
}

/// An adjective the lexicon does not list ("overdue invoices"), read as
/// one only before a noun or after a verb of being, where it cannot be a head.
fn general_adjective(words: &[Word], raw: &[Raw], i: usize, lex: &Lexicon) -> bool {
    let w = &words[i].text;
    if lex.knows(w) || lex.knows(&singularize(w)) {
        return false;
    }
    // "broken laptops": a participle the lexicon does not know, before a noun.
    let participle = wordclass::class_of(w) == Some(WordClass::Verb { base: false })
        && (w.ends_with("en") || w.ends_with("ed"))
        && verb_lemma(w, lex).is_none();
    // "timestamped observations", "geotagged photos": a word in -ed that no
    // list knows, made from a word one does, describes the noun after it.
    // ("digitised registers": -ise/-ize makes verbs only.)
    let made_participle = w.ends_with("ed")
        && wordclass::class_of(w).is_none()
        && verb_lemma(w, lex).is_none()
        && w.strip_suffix("ed").is_some_and(|stem| {
            stem.len() >= 4
                && ([stem.to_owned(), format!("{stem}e")]
                    .iter()
                    .any(|s| lex.knows(s) || wordclass::class_of(s).is_some())
                    || stem.ends_with("is")
                    || stem.ends_with("iz"))
        });
    // "unreturned instruments", "unassigned jobs": a participle made
    // negative describes the noun after it.
    let negated = w.strip_prefix("un").is_some_and(|rest| {
        rest.len() >= 4
            && rest.ends_with("ed")
            && (verb_lemma(rest, lex).is_some()
                || wordclass::class_of(rest) == Some(WordClass::Verb { base: false }))
    });
    if negated && next_is_nounish(words, raw, i + 1, lex) {
        return true;
    }
    // "students who keep getting stuck": a participle no list knows as a
    // verb, after a form of `get`, says how something ends up ("get
    // assigned" stays a passive).
    let after_get = i > 0
        && matches!(
            words[i - 1].text.as_str(),
            "get" | "gets" | "getting" | "got"
        )
        && !verb_lemma(w, lex).is_some_and(|l| lex.is_verb(&l))
        && matches!(
            wordclass::class_of(w),
            Some(WordClass::Verb { base: false } | WordClass::Adjective)
        );
    if after_get {
        return true;
    }
    match wordclass::class_of(w) {
        Some(WordClass::Adjective) => {
            // ("an audit trail suitable for court", "rooms available to
            // members": after its noun, before what it is suited to)
            let after_its_noun = i > 0
                && words[i - 1].tag == Tag::Noun
                && raw.get(i + 1).is_some_and(|r| {
                    matches!(r.text.as_str(), "for" | "to" | "with" | "from" | "in")
                });
            // ("for a particular Sunday": before a day's name too)
            next_is_nounish(words, raw, i + 1, lex)
                || raw
                    .get(i + 1)
                    .is_some_and(|r| lex.named_days.contains(&r.text))
                || (i > 0 && words[i - 1].tag == Tag::Aux)
                || after_its_noun
        }
        _ => (participle || made_participle) && next_is_nounish(words, raw, i + 1, lex),
    }
}

/// "something that works", "anything which ...": pronouns a relative
/// clause can follow, like a noun.
const INDEFINITE_PRONOUNS: &[&str] = &["something", "anything", "everything", "nothing"];
const SUBJECT_PRONOUNS: &[&str] = &[
    "they", "we", "you", "i", "he", "she", "who", "it", "everyone", "anyone",
];
const OBJECT_WORDS: &[&str] = &[
    "them",
    "it",
    "their",
    "his",
    "her",
    "its",
    "each",
    "every",
    "other",
    "another",
    "your",
    "our",
    "my",
    "him",
    "us",
    "one",
    "all",
    "both",
    "themselves",
    "everything",
    "something",
    "anything",
    "everyone",
];
/// Spans of time a determiner can start ("reminders *a day* before").
const TIMES: &[&str] = &[
    "day", "week", "month", "year", "hour", "minute", "time", "morning", "evening", "night",
    "season", "term",
];
/// "7pm", "10.30am", "9am": a time of day.
fn is_clock_time(w: &str) -> bool {
    let Some(digits) = w.strip_suffix("am").or_else(|| w.strip_suffix("pm")) else {
        return false;
    };
    !digits.is_empty()
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ':')
}

/// Words that open a clause of time, place, condition or cause ("when
/// stock runs low"): the parser ends a phrase there, and the tagger reads
/// the noun after one as a subject.
pub(crate) const SUBORDINATORS: &[&str] = &[
    "when", "where", "while", "if", "because", "whenever", "unless", "once",
];
const PARTICLES: &[&str] = &["in", "out", "up", "off", "down", "back", "through", "over"];

/// "lots of units", "a number of rooms": a quantity, read as `many`.
/// The length in words of the first of `phrases` (words joined by `-`)
/// that `raw` starts with, if any.
fn phrase_at(raw: &[Raw], phrases: &[String]) -> Option<usize> {
    phrases.iter().find_map(|phrase| {
        let parts: Vec<&str> = phrase.split('-').collect();
        let fits = raw.len() >= parts.len()
            && parts
                .iter()
                .zip(raw)
                .all(|(p, r)| r.punct.is_none() && r.text == *p);
        fits.then_some(parts.len())
    })
}

/// Quantity phrases read as `many`; partitives ("piece of") left out.
fn read_quantifiers(raw: Vec<Raw>, lex: &Lexicon) -> Vec<Raw> {
    let mut out: Vec<Raw> = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if let Some(len) = phrase_at(&raw[i..], &lex.quantifiers) {
            out.push(Raw {
                text: "many".to_owned(),
                proper: false,
                possessive: false,
                punct: None,
                acronym: false,
            });
            i += len;
            continue;
        }
        if let Some(len) = phrase_at(&raw[i..], &lex.partitives) {
            i += len;
            continue;
        }
        out.push(raw[i].clone());
        i += 1;
    }
    out
}

fn tag_sentence(raw: Vec<Raw>, lex: &Lexicon) -> Vec<Word> {
    let raw = read_quantifiers(raw, lex);
    let n = raw.len();
    let mut words: Vec<Word> = raw
        .iter()
        .map(|r| {
            let number = r.text.parse::<i64>().ok();
            // ("tonight's 7pm spin class": whose time it is says which one,
            // like a determiner.)
            let time_owner = r.possessive && lex.named_days.contains(&r.text);
            Word {
                text: r.text.clone(),
                lemma: r.text.clone(),
                tag: match (r.punct, number) {
                    (Some(','), _) => Tag::Comma,
                    (Some(_), _) => Tag::Colon,
                    (None, Some(_)) => Tag::Num,
                    _ if is_clock_time(&r.text) => Tag::Num,
                    _ if time_owner => Tag::Det,
                    _ => Tag::Noun,
                },
                proper: r.proper || (r.acronym && !lex.is_verb(&r.text)),
                possessive: r.possessive && !time_owner,
                plural: false,
                number,
            }
        })
        .collect();
    // Pass 1: closed classes, adjectives, unambiguous verbs.
    let mut verb_lemmas: Vec<Option<String>> = vec![None; n];
    for i in 0..n {
        if words[i].tag != Tag::Noun {
            continue;
        }
        let w = words[i].text.clone();
        // ("RSVP" is still a verb.)
        if raw[i].acronym && !lex.is_verb(&w) {
            continue;
        }
        verb_lemmas[i] = verb_lemma(&w, lex).or_else(|| unknown_verb_in_s(&raw, i, lex));
        if let Some(tag) = closed_class(&w, lex) {
            words[i].tag = tag;
        } else if lex.adverbs.contains(&w) && !lex.adjectives.contains(&w) {
            words[i].tag = Tag::Adv;
        } else if let Some(tag) = general_closed_class(&w, lex) {
            words[i].tag = tag;
        }
    }
    // Pass 2: open classes, left to right so decisions can use the left context.
    for i in 0..n {
        let w = words[i].text.clone();
        let prev = if i > 0 {
            Some(words[i - 1].clone())
        } else {
            None
        };
        let next_text = raw.get(i + 1).map(|r| r.text.as_str());
        let next_tag = words.get(i + 1).map(|x| x.tag);
        let prev_tag = prev.as_ref().map(|p| p.tag);
        let tag = words[i].tag;
        match tag {
            Tag::Prep if w == "like" => {
                // "users like photos" / "like and comment" vs "activities like calls".
                let prev_actor = prev.as_ref().is_some_and(|p| {
                    lex.actor(&singularize(&p.text)).is_some()
                        || SUBJECT_PRONOUNS.contains(&p.text.as_str())
                });
                // (", like the building fund": examples after a comma.)
                // (", like someone who seemed unwell": an example person)
                let examples_after_comma = prev_tag == Some(Tag::Comma)
                    && next_text.is_some_and(|t| {
                        closed_class(t, lex) == Some(Tag::Det)
                            || matches!(t, "someone" | "somebody" | "something")
                    });
                let verb_context =
                    (matches!(prev_tag, Some(Tag::Conj | Tag::Comma | Tag::Aux) | None)
                        && !examples_after_comma)
                        || prev.as_ref().is_some_and(|p| p.text == "to");
                // "vendors like photographers and florists are booked": a list
                // after `like` that is followed by its own verb gives examples.
                let mut listed = 0;
                let mut list_then_verb = false;
                for r in raw.iter().skip(i + 1) {
                    let t = r.text.as_str();
                    if matches!(t, "," | "and" | "or") {
                        continue;
                    }
                    match closed_class(t, lex) {
                        Some(Tag::Aux) => {
                            list_then_verb = listed >= 2;
                            break;
                        }
                        Some(_) => break,
                        None if r.punct.is_some() => break,
                        None => listed += 1,
                    }
                }
                // "what I would like is": a wish, not liking anything.
                let wish = prev
                    .as_ref()
                    .is_some_and(|p| matches!(p.text.as_str(), "would" | "'d"));
                // "we have like 9 members": a filler before a number.
                let filler = next_text.is_some_and(|t| t.parse::<f64>().is_ok());
                if filler {
                    words[i].tag = Tag::Adv;
                } else if wish {
                    words[i].tag = Tag::Verb;
                    words[i].lemma = "want".into();
                } else if (prev_actor || verb_context) && !(prev_actor && list_then_verb) {
                    words[i].tag = Tag::Verb;
                    words[i].lemma = "like".into();
                }
                continue;
            }
            Tag::Prep if w == "to" => {
                // Infinitive marker before a verb: "able to book rooms".
                if let Some(next) = next_text {
                    if let Some(l) = verb_lemma(next, lex) {
                        let noun_capable = lex.noun_verbs.contains(&l) || l != next;
                        let after = raw.get(i + 2).map(|r| r.text.as_str()).unwrap_or("");
                        let obj_follows = closed_class(after, lex) == Some(Tag::Det)
                            || OBJECT_WORDS.contains(&after)
                            || closed_class(after, lex) == Some(Tag::Prep);
                        // "I want to record honey harvests": after a verb of wanting.
                        let wanting = prev.as_ref().is_some_and(|p| {
                            matches!(
                                p.text.as_str(),
                                "want"
                                    | "wants"
                                    | "need"
                                    | "needs"
                                    | "able"
                                    | "allowed"
                                    | "going"
                                    | "like"
                                    | "love"
                                    | "try"
                                    | "tries"
                                    | "has"
                                    | "have"
                                    | "asked"
                                    | "told"
                                    | "required"
                                    | "expected"
                                    | "reminded"
                                    | "invited"
                                    | "encouraged"
                            )
                        });
                        if next == l && (!noun_capable || obj_follows || wanting) {
                            words[i].tag = Tag::Aux;
                        }
                    }
                }
                continue;
            }
            Tag::Aux
                if matches!(
                    w.as_str(),
                    "have" | "has" | "had" | "get" | "gets" | "got" | "need" | "needs"
                ) =>
            {
                // "hotels have rooms" (possession) vs "have been".
                let followed_by_ed = next_text.is_some_and(|t| t.ends_with("ed") || t == "been");
                // "their dietary needs": a need after what describes it
                let a_need = matches!(w.as_str(), "needs" | "need")
                    && matches!(prev_tag, Some(Tag::Adj | Tag::Det));
                if a_need {
                    words[i].tag = Tag::Noun;
                    continue;
                }
                // "each group has about twenty events": a count, not "has to"
                let about_a_count = next_text.is_some_and(|t| {
                    matches!(
                        t,
                        "about" | "around" | "over" | "roughly" | "nearly" | "almost"
                    )
                });
                // "what I've paid each model": an irregular participle the
                // lexicon keeps as a state, with an object, is the perfect.
                let perfect = matches!(w.as_str(), "have" | "has" | "had")
                    && next_text.is_some_and(|t| {
                        lex.irregular_verbs.contains_key(t) && lex.adjectives.contains(t)
                    })
                    && raw.get(i + 2).is_some_and(|r| {
                        matches!(closed_class(&r.text, lex), Some(Tag::Det | Tag::Pron))
                            && r.text != "that"
                    });
                if perfect {
                    let t = next_text.unwrap_or_default();
                    words[i + 1].lemma = lex.irregular_verbs[t].clone();
                    words[i + 1].tag = Tag::Verb;
                    continue;
                }
                if !followed_by_ed
                    && next_tag != Some(Tag::Aux)
                    && (next_tag != Some(Tag::Prep) || about_a_count)
                {
                    words[i].tag = Tag::Verb;
                    words[i].lemma = verb_lemma(&w, lex).unwrap_or_else(|| w.clone());
                }
                continue;
            }
            // "a firm that looks after buildings": `that` after a noun and
            // before a verb starts a relative clause.
            Tag::Det
                if (w == "that"
                    && (prev_tag == Some(Tag::Noun)
                        // ("something that works on phones")
                        || prev
                            .as_ref()
                            .is_some_and(|p| INDEFINITE_PRONOUNS.contains(&p.text.as_str())))
                    || w == "which" && matches!(prev_tag, Some(Tag::Noun | Tag::Comma)))
                    && next_text.is_some_and(|t| verb_lemma(t, lex).is_some()) =>
            {
                words[i].tag = Tag::Conj;
                continue;
            }
            // "farmers publish what goes into each box": `what` before a
            // verb in -s is the thing that does it.
            // ("what came back": before a past form general English
            // knows only as a verb)
            Tag::Det
                if matches!(w.as_str(), "what" | "whatever")
                    && next_text.is_some_and(|t| verb_in_s(t, lex) || past_form_only(t, lex)) =>
            {
                words[i].tag = Tag::Pron;
                continue;
            }
            // "customers often own several bikes": `own` after its subject.
            Tag::Det if w == "own" => {
                let before = words[..i].iter().rev().find(|x| x.tag != Tag::Adv);
                let subject = before.is_some_and(|x| {
                    (x.tag == Tag::Noun && singularize(&x.text) != x.text)
                        || SUBJECT_PRONOUNS.contains(&x.text.as_str())
                });
                let object_follows = next_text.is_some_and(|t| {
                    closed_class(t, lex) == Some(Tag::Det)
                        || OBJECT_WORDS.contains(&t)
                        || !lex.is_verb(t) && closed_class(t, lex).is_none()
                });
                if subject && object_follows {
                    words[i].tag = Tag::Verb;
                    words[i].lemma = "own".into();
                }
                continue;
            }
            // ("pay it out to the writer", "check them in": after the
            // pronoun the verb acts on)
            Tag::Adv
                if PARTICLES.contains(&w.as_str())
                    && (prev_tag == Some(Tag::Verb)
                        || (i >= 2
                            && words[i - 2].tag == Tag::Verb
                            && prev.as_ref().is_some_and(|p| {
                                matches!(p.text.as_str(), "it" | "them" | "him" | "her")
                            }))) =>
            {
                words[i].tag = Tag::Particle;
                continue;
            }
            Tag::Noun => {}
            _ => continue,
        }
        if words[i].number.is_some() {
            continue;
        }
        if PARTICLES.contains(&w.as_str()) && prev_tag == Some(Tag::Verb) {
            words[i].tag = Tag::Particle;
            continue;
        }
        // "drag-and-drop", "step-by-step": a phrase made one word describes.
        // "one-off orders", "two-day courses", "3-course menus": a count
        // joined to a word describes.
        let counted = w.split_once('-').is_some_and(|(first, rest)| {
            !rest.is_empty()
                && (first.chars().all(|c| c.is_ascii_digit())
                    || matches!(
                        first,
                        "one"
                            | "two"
                            | "three"
                            | "four"
                            | "five"
                            | "six"
                            | "seven"
                            | "eight"
                            | "nine"
                            | "ten"
                            | "single"
                            | "double"
                            | "half"
                            | "full"
                    ))
        });
        // "season-long add-ons", "client-facing notes": a word joined to
        // a describing suffix describes.
        // ("marked-up parts", "signed-off plans")
        let described = w.rsplit_once('-').is_some_and(|(first, last)| {
            (first.ends_with("ed") && matches!(last, "up" | "out" | "in" | "off"))
                || !first.is_empty()
                    && matches!(
                        last,
                        "long"
                            | "wide"
                            | "based"
                            | "only"
                            | "free"
                            | "friendly"
                            | "specific"
                            | "related"
                            | "facing"
                            | "ready"
                    )
        });
        // "on-call rota", "in-app chat", "pre-trip checks": a word joined
        // to a preposition or a prefix describes.
        // (but "pre-register a visitor", "over-book a class" are verbs)
        let placed = w.split_once('-').is_some_and(|(first, rest)| {
            !rest.is_empty()
                && (matches!(first, "on" | "in" | "off" | "after" | "non" | "anti")
                    || (matches!(first, "pre" | "post" | "over" | "under") && !lex.is_verb(rest)))
        });
        // "prize money is paid out to the winners", "designers get paid
        // out monthly": a participle the lexicon keeps as a state ("paid")
        // is a verb in a passive with its particle.
        let passive_phrasal = prev.as_ref().is_some_and(|p| {
            p.tag == Tag::Aux || matches!(p.text.as_str(), "get" | "gets" | "got" | "getting")
        }) && next_text.is_some_and(|t| PARTICLES.contains(&t))
            && verb_lemmas[i].is_some();
        let is_adj = (lex.adjectives.contains(&w) && !passive_phrasal)
            || lex.singular_adjectives.contains(&w)
            || counted
            || described
            || placed
            || w.matches('-').count() >= 2
            || w.strip_prefix("multi-").is_some()
            || w.strip_prefix("self-").is_some()
            || general_adjective(&words, &raw, i, lex);
        let singular = singularize(&w);
        let lemma = verb_lemmas[i].clone();
        let known_noun = lex.nouns.contains_key(&singular)
            || lex.actor(&singular).is_some()
            || lex.attribute(&singular).is_some()
            || lex.attribute(&w).is_some();
        match lemma {
            Some(l) if !is_adj => {
                let f = form(&w, &l);
                let ambiguous = lex.noun_verbs.contains(&l) || known_noun;
                let listed = match f {
                    Form::Ing => inside_a_with_list(&words, &raw, i),
                    Form::Base | Form::S => inside_a_noun_list(&words, &raw, i, lex),
                    Form::Ed => false,
                };
                // ("the system keeps track of loans")
                // ("the team loses track of samples")
                let keeps_track =
                    matches!(l.as_str(), "keep" | "lose") && next_text == Some("track");
                // ("firms that must each see their own data", "judges can
                // each rate entries": `each` floating after the auxiliary)
                let floating_each = f == Form::Base
                    && i >= 2
                    && matches!(words[i - 1].text.as_str(), "each" | "all" | "both")
                    && words[i - 2].tag == Tag::Aux;
                let as_verb = if keeps_track || floating_each {
                    true
                } else if listed {
                    false
                } else if !ambiguous {
                    match f {
                        // "converted into purchase orders": a plain form right
                        // after a preposition names a thing (not after those
                        // that take a verb: "to", "everything except approve").
                        Form::Base
                            if prev_tag == Some(Tag::Prep)
                                && prev.as_ref().is_some_and(|p| {
                                    !matches!(p.text.as_str(), "to" | "except" | "but" | "than")
                                }) =>
                        {
                            false
                        }
                        // "numbered steps", "published posts": a participle before a noun.
                        // "at each meeting": never a verb right after a determiner,
                        // nor after a possessive ("in a client's building").
                        Form::Ing if prev_tag == Some(Tag::Det) => false,
                        Form::Ing if prev.as_ref().is_some_and(|p| p.possessive) => false,
                        // "adjusters are assigned claims": a passive.
                        Form::Ed if prev_tag == Some(Tag::Aux) => true,
                        // "describing the incident and attaching photos"
                        Form::Ing
                            if matches!(prev_tag, Some(Tag::Conj | Tag::Comma))
                                && words[..i]
                                    .iter()
                                    .any(|x| x.tag == Tag::Verb && x.text.ends_with("ing")) =>
                        {
                            true
                        }
                        // "users build trees, adding people with names": a
                        // participle clause after the main verb.
                        Form::Ing
                            if prev_tag == Some(Tag::Comma)
                                && words[..i].iter().any(|x| x.tag == Tag::Verb)
                                && next_is_nounish(&words, &raw, i + 1, lex) =>
                        {
                            true
                        }
                        // "the persons involved and optional photos": a
                        // participle after what it describes, ending the phrase.
                        Form::Ed
                            if i >= 2
                                && words[i - 1].tag == Tag::Noun
                                && words[i - 1].plural
                                && words[i - 2].tag == Tag::Det
                                && next_text.is_some_and(|t| matches!(t, "and" | "or" | ",")) =>
                        {
                            false
                        }
                        Form::Ed | Form::Ing => {
                            !next_is_nounish(&words, &raw, i + 1, lex)
                                || prev_is_subject(prev.as_ref(), lex)
                        }
                        Form::S if after_contact_clause(&words, i) => true,
                        // "Mentors and mentees fill out profiles": a sentence
                        // does not start with its verb in -s.
                        Form::S if prev.is_none() => false,
                        // "Alert rules per device fire alerts"
                        Form::Base if opens_with_a_plural_subject(&raw, i, lex) => false,
                        // "a manager who approves purchase requests"
                        Form::S if prev.as_ref().is_some_and(|p| p.text == "who") => true,
                        // "every stay that ends creates a cleaning job": the
                        // main verb after a relative clause of one verb
                        Form::S
                            if i >= 2
                                && prev_tag == Some(Tag::Verb)
                                && matches!(
                                    words[i - 2].text.as_str(),
                                    "that" | "which" | "who"
                                )
                                && next_tag == Some(Tag::Det) =>
                        {
                            true
                        }
                        // "hedges on a map, each belongs to a landowner":
                        // `each` standing for the things just named, then
                        // their verb
                        Form::S
                            if i >= 2
                                && matches!(words[i - 1].text.as_str(), "each" | "every")
                                && words[i - 2].tag == Tag::Comma
                                && matches!(next_tag, Some(Tag::Prep | Tag::Det)) =>
                        {
                            true
                        }
                        // "each attempt streams live": one thing after
                        // each/every, then its verb (before a word that could
                        // be a verb too)
                        Form::S
                            if i >= 2
                                && matches!(words[i - 2].text.as_str(), "each" | "every")
                                && prev.as_ref().is_some_and(|p| {
                                    p.tag == Tag::Noun
                                        && !p.plural
                                        && !TIMES.contains(&p.lemma.as_str())
                                })
                                && next_tag != Some(Tag::Aux) =>
                        {
                            true
                        }
                        Form::S
                            if prev
                                .as_ref()
                                .is_some_and(|p| p.tag == Tag::Noun && !p.plural)
                                && then_how(&raw, i, lex) =>
                        {
                            true
                        }
                        // ", sponsors buy ad spots": a plain verb follows its subject.
                        // (Not after one person or one thing that is the
                        // subject: "the manager assigns repair jobs", "a
                        // session stores start time".)
                        Form::S
                            if next_text.is_some_and(|t| {
                                lex.is_verb(t)
                                    && verb_lemma(t, lex).as_deref() == Some(t)
                                    && !lex.nouns.contains_key(t)
                            }) && !after_one_subject(&words, i, lex) =>
                        {
                            false
                        }
                        // "tenants send me repair requests": a plain word
                        // between whom a verb serves and a plural thing
                        // names the thing's kind (not "let them pay",
                        // "have them sign waivers").
                        Form::Base if gives_someone_a_kind_of_thing(&words, &raw, i, lex) => false,
                        Form::Base if plain_form_after_one_thing(&words, &raw, i, lex) => false,
                        Form::Base if after_people_adjective(&words, &raw, i, lex) => true,
                        // "the claim's audit history", "every status change is kept"
                        _ if prev.as_ref().is_some_and(|p| p.possessive) => false,
                        _ if prev_tag == Some(Tag::Noun) && next_tag == Some(Tag::Aux) => false,
                        Form::Base if in_the_apps_name(prev_tag, next_text.unwrap_or("")) => false,
                        _ if ends_a_with_list(&words, i, next_text) => false,
                        // ("set up pass types": no verb right after a particle)
                        _ => !matches!(
                            prev_tag,
                            Some(Tag::Det | Tag::Adj | Tag::Verb | Tag::Particle)
                        ),
                    }
                } else {
                    decide_ambiguous(&words, &raw, i, f, lex)
                };
                if as_verb {
                    words[i].tag = Tag::Verb;
                    words[i].lemma = l;
                    continue;
                }
                // "log each watering": a gerund with nothing after it is a noun.
                // ("when a reading goes outside the range": after a
                // determiner, before a verb in -s, the subject)
                let subject_before_verb = f == Form::Ing
                    && prev_tag == Some(Tag::Det)
                    && next_text.is_some_and(|t| {
                        verb_in_s(t, lex) && {
                            let one = singularize(t);
                            !lex.nouns.contains_key(&one)
                                && lex.actor(&one).is_none()
                                && lex.attribute(&one).is_none()
                        }
                    });
                let gerund = f == Form::Ing
                    && (!next_is_nounish(&words, &raw, i + 1, lex) || subject_before_verb);
                if matches!(f, Form::Ed | Form::Ing) && !known_noun && !gerund {
                    words[i].tag = Tag::Adj;
                    continue;
                }
            }
            _ => {}
        }
        if is_adj {
            // "reporters draft stories": a verb after its subject.
            let after_subject = prev.as_ref().is_some_and(|p| {
                (p.tag == Tag::Noun && (p.plural || lex.actor(&singularize(&p.text)).is_some()))
                    || SUBJECT_PRONOUNS.contains(&p.text.as_str())
            }) || prev_tag == Some(Tag::Aux);
            if let (true, Some(l)) = (after_subject, verb_lemmas[i].clone()) {
                // ("artists open a shop")
                let object_next = next_is_nounish(&words, &raw, i + 1, lex)
                    || next_text.is_some_and(|t| closed_class(t, lex) == Some(Tag::Det));
                if object_next && l == w {
                    words[i].tag = Tag::Verb;
                    words[i].lemma = l;
                    continue;
                }
            }
            words[i].tag = Tag::Adj;
            continue;
        }
        // "property managers triage each request": a word the lexicon does
        // not know, after people and before a determiner, is their verb.
        // ("the cleaner", "our contract testing lab": over what describes it)
        let determined_one = |k: usize| {
            k >= 1
                && words[k].tag == Tag::Noun
                && !words[k].possessive
                && singularize(&words[k].text) == words[k].text
                && words[..k]
                    .iter()
                    .rev()
                    .take(3)
                    .find(|x| !matches!(x.tag, Tag::Noun | Tag::Adj) || x.possessive)
                    .is_some_and(|x| x.tag == Tag::Det)
        };
        let unknown = !lex.knows(&w) && !lex.knows(&singular);
        let unknown = unknown && (singular == w || (i >= 1 && determined_one(i - 1)));
        let people = |p: &Word| {
            p.tag == Tag::Noun
                && (p.plural || lex.actor(&singularize(&p.text)).is_some())
                && !p.possessive
        };
        // (also over an adverb: "producers only touch the shows"; and after
        // one determined thing, in -s: "the cleaner ticks off a checklist")
        let after_people = prev.as_ref().is_some_and(people)
            || (prev_tag == Some(Tag::Adv) && i >= 2 && people(&words[i - 2]))
            || (i >= 1 && determined_one(i - 1) && w.ends_with('s') && singular != w);
        // "a matcher suggests pairs": a word general English uses as a
        // verb, in -s after one determined thing.
        let general_verb_after_one = i >= 1
            && determined_one(i - 1)
            && w.ends_with('s')
            && singular != w
            && wordclass::class_of(&singular) == Some(WordClass::Verb { base: true });
        // "the case team records notes": a verb in -s after one determined
        // thing, before things in the plural (a plural between two nouns
        // is rarely a compound: "record notes", not "records notes").
        let plural_thing_next = next_text.is_some_and(|t| {
            t.ends_with('s')
                && !t.ends_with("ss")
                && singularize(t) != t
                && closed_class(t, lex).is_none()
        });
        let verb_before_plural_object = i >= 1
            && determined_one(i - 1)
            && w.ends_with('s')
            && !w.ends_with("ss")
            && singular != w
            && lex.is_verb(&singular)
            && plural_thing_next;
        // ... or before its particle ("new orders pop up").
        let before_object = next_text.is_some_and(|t| {
            (t != "that" && closed_class(t, lex) == Some(Tag::Det))
                || OBJECT_WORDS.contains(&t)
                || (matches!(t, "up" | "out" | "off" | "away")
                    && raw.get(i + 2).is_none_or(|r| {
                        r.punct.is_some()
                            || closed_class(&r.text, lex).is_some()
                            || lex.adverbs.contains(&r.text)
                    }))
        });
        // "the instructor writes a note and ticks off skills": a verb the
        // general word classes know, coordinated with an earlier verb.
        let coordinated = prev
            .as_ref()
            .is_some_and(|p| matches!(p.text.as_str(), "and" | "or"))
            && words[..i].iter().any(|x| x.tag == Tag::Verb)
            && wordclass::class_of(&singular) == Some(WordClass::Verb { base: true })
            && next_text.is_some_and(|t| {
                closed_class(t, lex) == Some(Tag::Det) || PARTICLES.contains(&t) || t == "away"
            });
        let unknown_any = !lex.knows(&w) && !lex.knows(&singular);
        // "we can spot regulars": a word the lexicon does not know, after a
        // modal and before what it acts on.
        let after_modal = prev.as_ref().is_some_and(|p| {
            matches!(
                p.text.as_str(),
                "can" | "could" | "should" | "must" | "will" | "would" | "may" | "might"
            )
        }) && ((unknown && next_is_nounish(&words, &raw, i + 1, lex))
            // "clients can heart their favourites": even a word the lexicon
            // knows as a thing, before a determiner.
            || (lex.actor(&singular).is_none()
                && next_text.is_some_and(|t| t != "that" && closed_class(t, lex) == Some(Tag::Det))));
        // "a sheet each night totalling what to bake": an -ing form the
        // lexicon does not know, before what it acts on.
        // ("staff issue a deed naming the owner": after a thing, before a
        // determiner)
        let participle = unknown_any
            && prev_tag != Some(Tag::Det)
            && w.len() > 5
            && w.ends_with("ing")
            && next_text.is_some_and(|t| {
                matches!(t, "what" | "which" | "how")
                    || OBJECT_WORDS.contains(&t)
                    || (prev_tag == Some(Tag::Noun)
                        && t != "that"
                        && closed_class(t, lex) == Some(Tag::Det))
            });
        // "she grabs the last one", "he hands a session over": after he,
        // she or it, a word in -s is their verb.
        let after_one_person = prev.as_ref().is_some_and(|p| {
            matches!(
                p.text.as_str(),
                "he" | "she"
                    | "it"
                    | "someone"
                    | "somebody"
                    | "anyone"
                    | "anybody"
                    | "everyone"
                    | "everybody"
                    | "nobody"
            )
        }) && w.ends_with('s')
            && singular != w;
        // "because of who snores", "when no one accepts a request", "a
        // company that signs up manages its sites": after who, one, that or
        // which, a word in -s general English uses as a verb is one (after
        // who, any word in -s the lexicon does not know as a thing).
        let not_a_thing = !lex.nouns.contains_key(&singular)
            && lex.actor(&singular).is_none()
            && lex.attribute(&singular).is_none();
        let general_verb = wordclass::class_of(&w) == Some(WordClass::Verb { base: false })
            || wordclass::class_of(&singular) == Some(WordClass::Verb { base: true });
        // ("pick which runs start first": after a verb, "which" chooses
        // things.)
        let relative = i < 2 || !matches!(words[i - 2].tag, Tag::Verb | Tag::Aux);
        let after_relative = w.ends_with('s')
            && !w.ends_with("ss")
            && singular != w
            && not_a_thing
            && prev.as_ref().is_some_and(|p| match p.text.as_str() {
                "who" | "whoever" => general_verb || unknown_any,
                "one" | "that" => general_verb,
                "which" => general_verb && relative,
                _ => false,
            });
        // "I help coordinate the fund": a verb's base form after help.
        let after_help = prev
            .as_ref()
            .is_some_and(|p| p.tag == Tag::Verb && p.lemma == "help")
            && not_a_thing
            && wordclass::class_of(&w) == Some(WordClass::Verb { base: true });
        // "a budget that keeps creeping up": an -ing form after keep,
        // start, stop is what goes on.
        let after_aspect = w.ends_with("ing")
            && prev.as_ref().is_some_and(|p| {
                p.tag == Tag::Verb
                    && matches!(
                        p.lemma.as_str(),
                        "keep" | "start" | "stop" | "begin" | "continue" | "finish"
                    )
            });
        // "every five years depending on gas type": an -ing form general
        // English uses as a verb, before its preposition.
        let participle_before_prep = unknown_any
            && w.ends_with("ing")
            && prev_tag != Some(Tag::Det)
            && wordclass::class_of(&w) == Some(WordClass::Verb { base: false })
            && next_tag == Some(Tag::Prep);
        // "we mail summonses", "I text the parents": no thing follows a
        // subject pronoun straight away, so this is its verb.
        let after_subject_pronoun = prev.as_ref().is_some_and(|p| {
            p.tag == Tag::Pron && matches!(p.text.as_str(), "we" | "i" | "they" | "you")
        }) && singular == w
            && !lex.nouns.contains_key(&w)
            && !lex.attribute_words.contains_key(&w)
            && (next_is_nounish(&words, &raw, i + 1, lex)
                || next_text
                    .is_some_and(|t| matches!(closed_class(t, lex), Some(Tag::Det | Tag::Pron))));
        // "inspectors survey every fire door", "drivers photograph each
        // delivery": a thing's word general English also inflects as a
        // verb (`surveyed`), between people and a determiner, is their verb;
        // so is one in -s coordinated with a verb in -s ("opens a close
        // period and copies the task list").
        let inflects_as_verb = || {
            let stem = singular.as_str();
            let y_stem = stem.strip_suffix('y').map(|s| format!("{s}ied"));
            [Some(format!("{stem}ed")), Some(format!("{stem}d")), y_stem]
                .into_iter()
                .flatten()
                .any(|f| wordclass::class_of(&f) == Some(WordClass::Verb { base: false }))
        };
        let before_determiner =
            next_text.is_some_and(|t| t != "that" && closed_class(t, lex) == Some(Tag::Det));
        // ("dock workers load shipments": before things in the plural,
        // after people named as people)
        let before_plural_things = plural_thing_next
            && prev.as_ref().is_some_and(|p| {
                p.plural
                    && (lex.actor(&p.lemma).is_some() || crate::classify::agent_noun(&p.lemma, lex))
            })
            && next_text.is_some_and(|t| {
                !lex.is_verb(&singularize(t)) && !lex.plural_modifiers.contains(t)
            });
        let coordinated_in_s = w.ends_with('s')
            && singular != w
            && prev
                .as_ref()
                .is_some_and(|p| matches!(p.text.as_str(), "and" | "or"))
            && words[..i]
                .iter()
                .any(|x| x.tag == Tag::Verb && x.text != x.lemma && x.text.ends_with('s'));
        let noun_used_as_verb = !w.ends_with("ing")
            && ((singular == w && after_people && (before_determiner || before_plural_things))
                || (coordinated_in_s && before_determiner))
            && inflects_as_verb();
        if ((unknown && after_people && before_object)
            || noun_used_as_verb
            || after_subject_pronoun
            || participle_before_prep
            || after_aspect
            || after_one_person
            || after_relative
            || after_help
            || (unknown && general_verb_after_one)
            || verb_before_plural_object
            || (unknown_any && coordinated)
            || after_modal
            || participle)
            && words[i].number.is_none()
        {
            words[i].tag = Tag::Verb;
            words[i].lemma = singular.clone();
            continue;
        }
        words[i].tag = Tag::Noun;
        words[i].lemma = singular.clone();
        words[i].plural = singular != w;
    }
    // Particles after verbs ("check cars out" is left to the workflow matcher).
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon;

    fn tags(text: &str) -> Vec<(String, Tag)> {
        analyse(text, lexicon::get())
            .into_iter()
            .flatten()
            .map(|w| (w.text, w.tag))
            .collect()
    }

    fn tag_of(text: &str, word: &str) -> Tag {
        tags(text)
            .into_iter()
            .find(|(w, _)| w == word)
            .map(|(_, t)| t)
            .unwrap()
    }

    #[test]
    fn no_verb_in_s_follows_an_auxiliary_and_ise_words_describe() {
        let text = "The record office wants volunteers to help transcribe its digitised registers.";
        assert_eq!(tag_of(text, "volunteers"), Tag::Noun);
        assert_eq!(tag_of(text, "digitised"), Tag::Adj);
    }

    #[test]
    fn an_adjective_after_its_noun_describes_it() {
        let text = "All case records carry a full audit trail suitable for presentation in court.";
        assert_eq!(tag_of(text, "suitable"), Tag::Adj);
        assert_eq!(tag_of(text, "trail"), Tag::Noun);
        // ("the leg's manifest at least a day out": not before `at`)
        let text = "Passenger details go on each leg's manifest at least 24 hours out.";
        assert_eq!(tag_of(text, "manifest"), Tag::Noun);
    }

    #[test]
    fn a_things_word_between_people_and_a_determiner_is_their_verb() {
        let text = "Our inspectors survey every fire door and record defects.";
        assert_eq!(tag_of(text, "survey"), Tag::Verb);
        assert_eq!(
            tag_of("Drivers photograph each delivery.", "photograph"),
            Tag::Verb
        );
        // ... or before things in the plural, after people named as people
        let text = "At the terminal, dock workers load shipments onto trailers.";
        assert_eq!(tag_of(text, "load"), Tag::Verb);
        let text = "Replace the spreadsheet our people team uses to onboard new hires.";
        assert_eq!(tag_of(text, "team"), Tag::Noun);
        // (not after a determiner: "read the survey each year")
        assert_eq!(
            tag_of("Clients read the survey each year.", "survey"),
            Tag::Noun
        );
    }

    #[test]
    fn a_plain_verb_after_and_before_when_is_coordinated() {
        let text = "Customers order loaves for one of the collection days and pay when they order.";
        assert_eq!(tag_of(text, "pay"), Tag::Verb);
        // (a field in a list stays a thing)
        let text = "We record the time and date when a dog arrives.";
        assert_eq!(tag_of(text, "date"), Tag::Noun);
    }

    #[test]
    fn verbs_after_an_ly_word_or_coordinated_in_s() {
        let text = "Each month the system automatically posts rent charges to every lease.";
        assert_eq!(tag_of(text, "posts"), Tag::Verb);
        let text = "The controller opens a close period and copies the task list from last month.";
        assert_eq!(tag_of(text, "copies"), Tag::Verb);
    }

    #[test]
    fn an_adjective_before_a_days_name_describes_it() {
        let text = "Sellers book a pitch for a particular Sunday.";
        assert_eq!(tag_of(text, "particular"), Tag::Adj);
    }

    #[test]
    fn due_describes_but_dues_are_a_thing() {
        assert_eq!(
            tag_of("Staff see the pulls due that week.", "due"),
            Tag::Adj
        );
        assert_eq!(tag_of("Members pay annual dues online.", "dues"), Tag::Noun);
    }

    #[test]
    fn an_ing_word_after_a_possessive_is_a_thing() {
        let text = "Inspectors check every door in a client's building, recording defects.";
        assert_eq!(tag_of(text, "building"), Tag::Noun);
        assert_eq!(tag_of(text, "recording"), Tag::Verb);
    }

    #[test]
    fn a_plural_only_word_after_a_or_an_describes_what_follows() {
        let text = "Returns system for an electronics contract manufacturer.";
        assert_eq!(tag_of(text, "contract"), Tag::Noun);
        // (a plural that is no modifier keeps its verb: "the sellers contract")
        assert_eq!(tag_of("Sellers contract a courier.", "contract"), Tag::Verb);
    }

    #[test]
    fn a_participle_made_negative_describes() {
        let text = "The service emails parents reminders of unreturned instruments.";
        assert_eq!(tag_of(text, "unreturned"), Tag::Adj);
        assert_eq!(
            tag_of("Managers see unassigned jobs.", "unassigned"),
            Tag::Adj
        );
    }

    #[test]
    fn a_second_thing_shares_the_article_of_the_first() {
        let text = "Afterwards the student leaves a star rating and review on the tutor's profile.";
        assert_eq!(tag_of(text, "review"), Tag::Noun);
        // a verb coordinated with the first stays a verb
        let text = "Customers place an order and pay for it online.";
        assert_eq!(tag_of(text, "pay"), Tag::Verb);
    }

    #[test]
    fn a_verb_in_s_then_how_it_happens_ends_the_clause() {
        for text in [
            "The bracket page updates live for spectators.",
            "Everyone's place in the line updates live.",
            "Admins check a coach before their profile goes live.",
        ] {
            let verb = if text.contains("goes") {
                "goes"
            } else {
                "updates"
            };
            assert_eq!(tag_of(text, verb), Tag::Verb, "{text}");
        }
        // a describing word before the noun
        assert_eq!(tag_of("Riders get live updates.", "updates"), Tag::Noun);
    }

    #[test]
    fn a_named_days_possessive_and_a_clock_time_are_no_things() {
        let text = "Members book a spot in tonight's 7pm yoga class.";
        assert_eq!(tag_of(text, "tonight"), Tag::Det);
        assert_eq!(tag_of(text, "7pm"), Tag::Num);
    }

    #[test]
    fn a_word_right_after_a_subject_pronoun_is_its_verb() {
        assert_eq!(
            tag_of("Every month we mail summonses to jurors.", "mail"),
            Tag::Verb
        );
    }

    #[test]
    fn a_verb_in_s_after_then_or_also() {
        let text = "One of our experts then marks the find as confirmed.";
        assert_eq!(tag_of(text, "marks"), Tag::Verb);
    }

    #[test]
    fn reads_verb_forms_that_are_never_things() {
        // A past form general English knows only as a verb, after `what`.
        assert_eq!(
            tag_of("We record what went out and what came back.", "came"),
            Tag::Verb
        );
        // An -ing form before its preposition.
        assert_eq!(
            tag_of(
                "Cylinders are tested every five years depending on gas type.",
                "depending"
            ),
            Tag::Verb
        );
        // "like" as a filler before a number names nothing.
        assert_ne!(tag_of("We have like 9 board members.", "like"), Tag::Noun);
        assert_ne!(tag_of("We have like 9 board members.", "like"), Tag::Verb);
        // The main verb after a relative clause of one verb.
        assert_eq!(
            tag_of(
                "Every guest stay that ends creates a cleaning job.",
                "creates"
            ),
            Tag::Verb
        );
        // Verbs the lexicon knew only by their irregular forms.
        assert_eq!(
            tag_of("The clerk checks them and puts them on the agenda.", "puts"),
            Tag::Verb
        );
        // An irregular participle: "a monthly total broken down by category".
        assert_eq!(
            tag_of("I want a monthly total broken down by category.", "broken"),
            Tag::Verb
        );
        // "tied" is "tie", not "ty"; "carried" is still "carry".
        let lex = crate::lexicon::get();
        assert_eq!(verb_lemma("tied", lex).as_deref(), Some("tie"));
        assert_eq!(verb_lemma("carried", lex).as_deref(), Some("carry"));
    }

    #[test]
    fn tells_verbs_from_nouns() {
        assert_eq!(
            tag_of("Users post recipes with a title.", "post"),
            Tag::Verb
        );
        assert_eq!(tag_of("A blog with posts and tags.", "posts"), Tag::Noun);
        assert_eq!(
            tag_of("Each company that rents space sees its bookings.", "rents"),
            Tag::Verb
        );
        assert_eq!(
            tag_of(
                "Users comment on recipes, rate them and follow authors.",
                "rate"
            ),
            Tag::Verb
        );
        assert_eq!(
            tag_of("Buyers leave reviews on products.", "reviews"),
            Tag::Noun
        );
        assert_eq!(
            tag_of("Editors review drafts before they are published.", "review"),
            Tag::Verb
        );
        assert_eq!(tag_of("Recipes with numbered steps.", "numbered"), Tag::Adj);
        assert_eq!(
            tag_of(
                "Users log workouts with sets, reps and weight, set personal goals.",
                "sets"
            ),
            Tag::Noun
        );
        assert_eq!(
            tag_of(
                "Users log workouts with sets, reps and weight, set personal goals.",
                "set"
            ),
            Tag::Verb
        );
        assert_eq!(
            tag_of("Log activities like calls, emails and meetings.", "like"),
            Tag::Prep
        );
        assert_eq!(
            tag_of("People like and comment on photos.", "like"),
            Tag::Verb
        );
        assert_eq!(
            tag_of("Vendors like florists and bakers are booked.", "like"),
            Tag::Prep
        );
        assert_eq!(
            tag_of("Members sign up for volunteer work days.", "work"),
            Tag::Noun
        );
        // a note's opening word counted per something; a noun before "app"
        assert_eq!(tag_of("Budget per team per year.", "budget"), Tag::Noun);
        assert_eq!(tag_of("A shoe repair app.", "repair"), Tag::Noun);
        // one subject in the singular, then its verb
        assert_eq!(
            tag_of(
                "The ops manager assigns repair jobs to mechanics.",
                "assigns"
            ),
            Tag::Verb
        );
        assert_eq!(
            tag_of("A session stores start time and cost.", "stores"),
            Tag::Verb
        );
        assert_eq!(
            tag_of("Each week reports are sent to managers.", "reports"),
            Tag::Noun
        );
        assert_eq!(
            tag_of("Kitchen leads want a daily count.", "leads"),
            Tag::Noun
        );
        // two verbs of one subject; a phrase after a preposition, then
        // the main clause
        assert_eq!(
            tag_of("QA reviews and approves each document.", "reviews"),
            Tag::Verb
        );
        assert_eq!(
            tag_of(
                "The vet writes treatment notes and prescribes medication.",
                "notes"
            ),
            Tag::Noun
        );
        assert_eq!(
            tag_of(
                "For each supplier we keep contacts and the materials.",
                "contacts"
            ),
            Tag::Noun
        );
        assert_eq!(
            tag_of(
                "Narrators record the pickups and re-uploads the file.",
                "re-uploads"
            ),
            Tag::Verb
        );
        assert_eq!(
            tag_of(
                "Register clients with their dietary needs and allergies.",
                "needs"
            ),
            Tag::Noun
        );
        assert_eq!(
            tag_of(
                "Each zone has desks with a number and features.",
                "features"
            ),
            Tag::Noun
        );
    }

    #[test]
    fn reads_possessives_and_names() {
        let words: Vec<Word> = analyse(
            "Parents view their children's grades through Stripe.",
            lexicon::get(),
        )
        .into_iter()
        .flatten()
        .collect();
        let children = words.iter().find(|w| w.text == "children").unwrap();
        assert!(children.possessive);
        let stripe = words.iter().find(|w| w.text == "stripe").unwrap();
        assert!(stripe.proper);
    }

    #[test]
    fn reads_a_verb_no_list_knows_between_one_person_and_its_object() {
        let words = analyse(
            "the office manager bundles the requests into a weekly order",
            lexicon::get(),
        );
        let bundles = words[0].iter().find(|w| w.text == "bundles").unwrap();
        assert_eq!((bundles.tag, bundles.lemma.as_str()), (Tag::Verb, "bundle"));
        // (plural people, or no object after it: no such reading)
        assert_eq!(tag_of("the office managers bundles", "bundles"), Tag::Noun);
        assert_eq!(
            tag_of("a manager adds bundles to the cart", "bundles"),
            Tag::Noun
        );
    }

    #[test]
    fn reads_verbs_after_who_one_that_and_which() {
        for (text, word) in [
            ("Rooms are a headache because of who snores.", "snores"),
            ("Customers get emailed if one comes in.", "comes"),
            (
                "Coordinators step in when no one accepts a request.",
                "accepts",
            ),
            ("Each company that signs up gets its own space.", "signs"),
            ("Dear whoever reads these, we run a school.", "reads"),
            ("I help coordinate the hardship fund.", "coordinate"),
        ] {
            assert_eq!(tag_of(text, word), Tag::Verb, "{text}");
        }
        for (text, word) in [
            ("I keep the fund myself.", "myself"),
            ("Dear whoever reads these, we run a school.", "whoever"),
        ] {
            assert_eq!(tag_of(text, word), Tag::Pron, "{text}");
        }
        // After a verb, "which" chooses things.
        assert_eq!(
            tag_of("Staff pick which runs start first.", "runs"),
            Tag::Noun
        );
    }

    #[test]
    fn reads_qualified_verbs_counts_purposes_and_kinds_inside_objects() {
        for (text, word) in [
            ("Landowners get a login that only shows finds.", "shows"),
            ("The public page just shows a map.", "shows"),
            ("The recipient gets a code and uses it to book.", "book"),
            ("Each year group has about twenty events.", "has"),
            ("We log what we have paid each model.", "paid"),
            (
                "The council wants residents to book collections online.",
                "book",
            ),
            ("We need staff to record payments.", "record"),
            // (after a preposition the verb is an earlier subject's)
            (
                "Tenants living in a unit raise maintenance requests.",
                "raise",
            ),
        ] {
            assert_eq!(tag_of(text, word), Tag::Verb, "{text}");
        }
        // An example person after a comma: "like" gives the example.
        assert_eq!(
            tag_of(
                "The lead notes anything odd, like someone who seemed unwell.",
                "like"
            ),
            Tag::Prep
        );
        // One thing inside a verb's object takes no plain verb after it.
        assert_eq!(
            tag_of("I run a little shoe repair shop.", "repair"),
            Tag::Noun
        );
    }
    #[test]
    fn reads_the_verb_after_people_words_and_the_object_after_do() {
        // "the public" are people: what follows them is their verb.
        assert_eq!(
            tag_of("Members of the public join the waiting list.", "join"),
            Tag::Verb
        );
        // `do` with a thing never comes before a verb in -s.
        assert_eq!(
            tag_of("We also do warranty repairs for two brands.", "repairs"),
            Tag::Noun
        );
        // A plain form between one thing and another that ends the phrase
        // names a kind, even after a preposition.
        assert_eq!(
            tag_of(
                "Leaders post walks with a GPX route file and a map.",
                "route"
            ),
            Tag::Noun
        );
        // Nor does `do` come before a verb in -s.
        assert_eq!(
            tag_of("Then we do quotes with a line per room.", "quotes"),
            Tag::Noun
        );
        // An irregular participle after `has` is the perfect.
        assert_eq!(
            tag_of("Our choir has grown to sixty singers.", "grown"),
            Tag::Verb
        );
    }
}
