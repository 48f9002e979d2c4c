//! What a noun phrase names: a person (actor), a field (attribute), a
//! thing the application keeps (entity), the tenant, or nothing.

use heck::ToUpperCamelCase;
use keel_blueprint::names::singularize;

use crate::lexicon::{HeadKind, Kind, Lexicon};
use crate::parse::{Ctx, Mention};
use crate::text::Tag;

#[derive(Debug, Clone, PartialEq)]
pub enum Class {
    /// A person: the actor's key, the role it plays (if any), the record
    /// kept about them (if any), and whether they are anonymous visitors.
    Actor {
        key: String,
        role: Option<String>,
        entity: Option<String>,
        public: bool,
        /// A specific person word without a listed role ("passenger"):
        /// a role when they act, a record when they are only talked about.
        from_word: bool,
    },
    /// A field; `key` is the attribute key, `word` the matched words.
    Attribute {
        key: String,
        word: String,
    },
    /// A thing the application keeps; `key` is lexicon-style (`time-entry`).
    Entity {
        key: String,
        name: String,
    },
    /// The tenant of a multi-tenant application ("each company ...").
    Tenant,
    Ignore,
}

/// Facts about the whole text that change how a phrase reads.
pub struct Setting {
    pub multi_tenant: bool,
    /// What the text calls its tenant when that is no usual tenant word:
    /// "every studio gets its own space" makes studios the organizations.
    pub tenant_word: Option<String>,
}

/// The most words a phrase the lexicon knows has.
const LONGEST_KEY: usize = 8;

/// Classifies one mention.
pub fn classify(m: &Mention, lex: &Lexicon, setting: &Setting) -> Class {
    // Words of the phrase without leading adjectives (but those that say
    // which kind: "adverse events"); a possessive phrase is a possessor.
    let mut words: Vec<&crate::text::Word> = m.words.iter().collect();
    // ("a dental clinic" is still the clinic: places and organisations
    // keep their plain name.)
    let place = |w: &crate::text::Word| {
        lex.nouns
            .get(&w.lemma)
            .is_some_and(|n| matches!(n.kind, Kind::Place | Kind::Org))
    };
    // ("a due date", "the start date": a field the lexicon names with the
    // adjective keeps it)
    let named_field = |words: &[&crate::text::Word]| {
        let key = words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join("-");
        lex.attribute_words.contains_key(&key)
    };
    // ("a tuning report", "a calving event": the activity names the kind
    // of record; "tasting notes" stay a remark)
    let kind_of_record = |words: &[&crate::text::Word]| {
        words.len() == 2
            && activity_names_kind(&words[0].text, &words[1].lemma, lex)
            && matches!(
                lex.generic_heads.get(&words[1].lemma),
                Some(HeadKind::Record | HeadKind::Part)
            )
    };
    // ("a live board on the shop floor tv": the screen itself)
    if words.len() > 1
        && lex.display_adjectives.contains(&words[0].text)
        && words.last().is_some_and(|w| lex.views.contains(&w.lemma))
    {
        return Class::Ignore;
    }
    while words.len() > 1
        && words[0].tag == Tag::Adj
        && !(words.len() == 2 && lex.naming_adjectives.contains(&words[0].text) && !place(words[1]))
        && !named_field(&words)
        && !kind_of_record(&words)
    {
        words.remove(0);
    }
    if words.len() > 1 && lex.tool_modifiers.contains(&words[0].text) {
        return Class::Ignore;
    }
    if words.iter().any(|w| w.proper) && words.len() == 1 {
        return Class::Ignore;
    }
    if words.last().is_some_and(|w| w.tag == Tag::Adj) {
        return Class::Ignore;
    }
    // "my regulars", "sees the averages": a describing word used as a noun
    // names no thing of its own.
    if words.last().is_some_and(|w| {
        // ("favourites" are still kept: a choice someone records)
        w.plural
            && lex.adjectives.contains(&w.lemma)
            && !lex.nouns.contains_key(&w.lemma)
            && !lex.adjective_entities.contains_key(&w.lemma)
    }) {
        return Class::Ignore;
    }
    // A view of something ("profile page") names what it shows.
    // ("a waiting list", "a shopping list" are lists of their own.)
    let list_of_an_activity = words.len() > 1
        && words.last().is_some_and(|w| w.lemma == "list")
        && words[words.len() - 2].text.ends_with("ing");
    // "a medical form": a form of a kind (a describing word shows no
    // thing) is what someone fills in, a record.
    if let [.., kind, form] = words.as_slice()
        && form.lemma == "form"
        && kind.tag == Tag::Adj
    {
        let key = format!("{}-form", kind.text);
        return Class::Entity {
            name: entity_name(&key, lex),
            key,
        };
    }
    // "a species checklist", "the breed list": a list of a detail to pick
    // from is kept, as when people pick it from one.
    if let [.., shown, list] = words.as_slice()
        && lex.pick_lists.contains(&list.lemma)
        && !list.plural
        && lex.attribute(&shown.text).is_some_and(|a| {
            // (a word naming its own field: "breed", not "result")
            a.field.as_deref() == Some("auto") && a.ty.as_deref() == Some("string") && !a.unique
        })
    {
        return Class::Entity {
            name: entity_name(&shown.lemma, lex),
            key: shown.lemma.clone(),
        };
    }
    if words.len() > 1
        && words.last().is_some_and(|w| lex.views.contains(&w.lemma))
        && !list_of_an_activity
    {
        words.pop();
        // ... but "a seating chart" shows an activity, not a thing.
        let shown = &words[words.len() - 1];
        if shown.text.ends_with("ing") && !lex.knows(&shown.text) {
            return Class::Ignore;
        }
    }
    // "the application sends reminders" is the app; "submit applications" are records.
    // ("applications are reviewed by the committee": many are records
    // whatever their place.)
    let head = words.last().expect("non-empty");
    if names_the_application(head, m, lex) {
        return Class::Ignore;
    }
    let texts: Vec<String> = words.iter().map(|w| w.text.clone()).collect();
    let lemma_of = |i: usize| -> String {
        if i + 1 == words.len() {
            words[i].lemma.clone()
        } else {
            words[i].text.clone()
        }
    };
    let n = words.len();
    // A generic head that is never a thing alone, with a noun before it, is
    // a compound of its own ("shopping list"), unless a table knows better.
    if n >= 2 && lex.ignore.contains(&words[n - 1].lemma) {
        let head = words[n - 1];
        let modifier = words[n - 2];
        let key = format!("{}-{}", singularize(&modifier.text), head.lemma);
        let known = lex.nouns.contains_key(&key)
            || lex.attribute_words.contains_key(&key)
            || lex.actor(&key).is_some()
            || lex.ignore.contains(&key);
        if lex.generic_heads.contains_key(&head.lemma)
            && modifier.tag == Tag::Noun
            && is_name_like(&modifier.text)
            && !known
            && lex.actor(&singularize(&modifier.text)).is_none()
            && lex.attribute(&singularize(&modifier.text)).is_none()
        {
            return Class::Entity {
                name: entity_name(&key, lex),
                key,
            };
        }
    }
    // "adverse events", "medical records": an adjective that says which
    // kind of thing stays in its name.
    if n >= 2 && words[n - 2].tag == Tag::Adj && lex.naming_adjectives.contains(&words[n - 2].text)
    {
        let head = words[n - 1];
        let plain_thing = is_name_like(&head.lemma)
            && !place(head)
            && lex.actor(&head.lemma).is_none()
            && lex.attribute(&head.lemma).is_none()
            && !lex.ignore.contains(&head.lemma)
            && !lex.views.contains(&head.lemma);
        if plain_thing {
            let key = format!("{}-{}", words[n - 2].text, head.lemma);
            return Class::Entity {
                name: entity_name(&key, lex),
                key,
            };
        }
    }
    // "clients have a name, an email and a phone": a field said along with
    // a thing is that field, even a word that alone names nothing.
    if n == 1 && matches!(m.ctx, Ctx::With { .. }) {
        let word = words[0];
        if let Some(attr) = lex
            .attribute_words
            .get(&word.lemma)
            .or_else(|| lex.attribute_words.get(&word.text))
        {
            return Class::Attribute {
                key: attr.clone(),
                word: word.text.clone(),
            };
        }
    }
    // Longest known suffix first: "front desk staff", "time entries".
    // (No key of the lexicon is longer than a few words; a run-on phrase
    // of thousands, from lines of single words, is not looked up whole.)
    for start in n.saturating_sub(LONGEST_KEY)..n {
        let raw_key = (start..n).map(lemma_of).collect::<Vec<_>>().join("-");
        let sing_key = (start..n)
            .map(|i| singularize(&words[i].text))
            .collect::<Vec<_>>()
            .join("-");
        // "work orders", "maintenance requests": a generic head keeps the
        // noun before it even when the head alone is a known thing.
        // A modifier that is a thing of its own ("property listings") relates
        // to the head instead; a classifier head ("delivery status") is a field.
        let record_head = matches!(
            lex.generic_heads.get(&words[start].lemma),
            Some(HeadKind::Record | HeadKind::Part)
        );
        if start + 1 == n && start > 0 && record_head {
            let modifier = words[start - 1];
            let m = singularize(&modifier.text);
            // ("a calving event", "a tuning report": an activity's own
            // word says which kind; "existing reports" do not. "a site
            // visit", "a service visit": a word that alone names the
            // application names a kind here.)
            let activity = activity_names_kind(&modifier.text, &words[start].lemma, lex);
            let kind = lex.kind_modifiers.contains(&m);
            let plain_modifier = (modifier.tag == Tag::Noun || activity)
                && !modifier.possessive
                && (activity || !describes(&modifier.text))
                && is_name_like(&m)
                && lex.actor(&m).is_none()
                && (lex.attribute(&m).is_none() || kind)
                && (!lex.ignore.contains(&m) || lex.app_words_countable.contains(&m) || kind)
                && !lex.units.contains(&m)
                && (!lex.nouns.contains_key(&m) || kind);
            // ("the device record", "harvest records": the record of a
            // thing is the thing; "maintenance records", "care records",
            // "service records" keep the activity's record)
            let record_of_a_thing = words[start].lemma == "record"
                && !activity
                && !lex.ignore.contains(&m)
                && !lex
                    .activity_endings
                    .iter()
                    .any(|end| m.ends_with(end.as_str()));
            // ("the incident record", "a client record": a thing or a
            // person the lexicon knows is the record too)
            let known_modifier = modifier.tag == Tag::Noun
                && !modifier.possessive
                && !describes(&modifier.text)
                && (lex.nouns.contains_key(&m) || lex.actor(&m).is_some());
            if (plain_modifier || known_modifier) && record_of_a_thing {
                let key = modifier_key(&modifier.text, lex);
                return Class::Entity {
                    name: entity_name(&key, lex),
                    key,
                };
            }
            if plain_modifier {
                let key = format!(
                    "{}-{}",
                    modifier_key(&modifier.text, lex),
                    words[start].lemma
                );
                return Class::Entity {
                    name: entity_name(&key, lex),
                    key,
                };
            }
        }
        for key in [&raw_key, &sing_key, &texts[start..].join("-")] {
            if start + 1 == n && unit_as_thing(m, key, lex) {
                break;
            }
            if let Some(c) = lookup(key, lex, setting) {
                // A longer phrase whose head is an attribute keeps only the
                // attribute ("salary range" is handled below).
                return c;
            }
        }
    }
    // Unknown head: an attribute modifier makes it that attribute ("salary
    // range"); not of many things ("temperature sensors" are devices).
    // ("stock counts" are still a count of stock)
    let many = words.last().is_some_and(|w| {
        w.plural
            && !matches!(
                w.lemma.as_str(),
                "count" | "total" | "level" | "value" | "amount" | "number" | "figure" | "range"
            )
    }) && matches!(m.ctx, crate::parse::Ctx::Object { .. });
    for w in words.iter().rev().skip(1).filter(|_| !many) {
        if let Some(attr_key) = lex.attribute_words.get(&w.text) {
            return Class::Attribute {
                key: attr_key.clone(),
                word: w.text.clone(),
            };
        }
    }
    let head = words.last().expect("non-empty");
    if !is_name_like(&head.lemma) || head.proper {
        return Class::Ignore;
    }
    if lex.ignore.contains(&head.lemma) || lex.ignore.contains(&head.text) {
        return Class::Ignore;
    }
    // Generic heads keep the word before them ("line items").
    // A noun before the head that may name its kind.
    let plain_noun = |w: &crate::text::Word| {
        w.tag == Tag::Noun && !w.possessive && !w.proper && is_name_like(&singularize(&w.text))
    };
    let key = match (lex.generic_heads.get(&head.lemma), n) {
        (Some(_), 2..) if words[n - 2].tag == Tag::Noun && is_name_like(&words[n - 2].text) => {
            let modifier = &words[n - 2].text;
            if lex.actor(modifier).is_some() || lex.actor(&singularize(modifier)).is_some() {
                head.lemma.clone()
            } else {
                format!("{}-{}", modifier_key(modifier, lex), head.lemma)
            }
        }
        // "sheet music", "pickup points": two words the lexicon does not
        // know name one thing together.
        (None, 2..)
            if plain_noun(words[n - 2])
                && !describes(&words[n - 2].text)
                // (a word known only as a verb or a unit still says which
                // kind: "work parties", "star parties", "launch sites")
                && (!lex.knows(&words[n - 2].text) || verb_or_unit_only(&words[n - 2].text, lex))
                && (!lex.knows(&singularize(&words[n - 2].text))
                    || verb_or_unit_only(&singularize(&words[n - 2].text), lex))
                && !lex.knows(&head.lemma)
                // ("parishioner households": whose, not which kind; but
                // -er also makes things: "freezer boxes")
                && !person_modifier(&singularize(&words[n - 2].text), lex) =>
        {
            format!("{}-{}", modifier_key(&words[n - 2].text, lex), head.lemma)
        }
        // "a catch return": a head the generated code takes for a keyword
        // keeps the noun before it (`CatchReturn`, not `ReturnRecord`).
        (None, 2..)
            if plain_noun(words[n - 2])
                && lex.actor(&singularize(&words[n - 2].text)).is_none()
                && !lex.renames.contains_key(&head.lemma)
                && {
                    let name = entity_name(&head.lemma, lex);
                    crate::extract::safe_entity_name(&name) != name
                } =>
        {
            format!("{}-{}", modifier_key(&words[n - 2].text, lex), head.lemma)
        }
        _ => head.lemma.clone(),
    };
    Class::Entity {
        name: entity_name(&key, lex),
        key,
    }
}

/// A noun before a head, as it goes into a compound's key: singular
/// ("parts list" → part-list), except the plurals English keeps there
/// ("sales orders", "customs declarations").
pub fn modifier_key(word: &str, lex: &Lexicon) -> String {
    if lex.plural_modifiers.contains(word) {
        word.to_owned()
    } else {
        singularize(word)
    }
}

/// A word the lexicon knows only as a verb or a unit.
fn verb_or_unit_only(word: &str, lex: &Lexicon) -> bool {
    (lex.all_verbs.contains(word) || lex.units.contains(word))
        && !lex.nouns.contains_key(word)
        && !lex.attribute_words.contains_key(word)
        && lex.actor(word).is_none()
        && !lex.ignore.contains(word)
        && !lex.views.contains(word)
        && !lex.adjectives.contains(word)
        && !lex.generic_heads.contains_key(word)
}

fn lookup(key: &str, lex: &Lexicon, setting: &Setting) -> Option<Class> {
    if lex.ignore.contains(key) {
        return Some(Class::Ignore);
    }
    if setting.multi_tenant
        && (lex.tenancy.tenant_words.contains(key) || setting.tenant_word.as_deref() == Some(key))
    {
        return Some(Class::Tenant);
    }
    if let Some((k, a)) = lex.actor(key) {
        let word = head_of(key).to_owned();
        let role = match (&a.role, a.role_from_word, a.canonical) {
            (_, true, _) => Some(word.clone()),
            (Some(r), false, true) => Some(r.clone()),
            // The text's own word names the role ("tutors", not "teacher").
            (Some(_), false, false) if valid_role_word(&word, lex) => Some(word.clone()),
            (r, _, _) => r.clone(),
        };
        return Some(Class::Actor {
            key: if a.role_from_word {
                word.clone()
            } else {
                k.to_owned()
            },
            role,
            entity: a.entity.clone(),
            public: a.public,
            from_word: a.role_from_word,
        });
    }
    if let Some(attr) = lex.attribute_words.get(key) {
        return Some(Class::Attribute {
            key: attr.clone(),
            word: key.to_owned(),
        });
    }
    if lex.nouns.contains_key(key) {
        return Some(Class::Entity {
            name: entity_name(key, lex),
            key: key.to_owned(),
        });
    }
    if key.contains('-') {
        return None;
    }
    if lex.views.contains(key) || lex.units.contains(key) {
        return Some(Class::Ignore);
    }
    None
}

/// "the characters to be cast", "students learn words": a unit that also
/// names things, not after a number ("up to 280 characters").
fn unit_as_thing(m: &Mention, key: &str, lex: &Lexicon) -> bool {
    !m.counted && lex.countable_units.contains(key)
}

/// "the application sends reminders", "the system shall hold a profile":
/// one of the words for the application itself (`head` of phrase `m`), in
/// the first sentence or as a subject.
pub fn names_the_application(head: &crate::text::Word, m: &Mention, lex: &Lexicon) -> bool {
    lex.app_nouns.contains(&head.lemma)
        && !head.plural
        && (m.sentence == 0 || matches!(m.ctx, Ctx::Subject | Ctx::Free))
}

fn valid_role_word(word: &str, lex: &Lexicon) -> bool {
    is_role_name(word) && lex.actor(word).is_some()
}

/// What a role may be called in the blueprint: lower-case words joined by
/// underscores, at most 30 characters.
pub fn is_role_name(word: &str) -> bool {
    (2..=30).contains(&word.len()) && word.chars().all(|c| c.is_ascii_lowercase() || c == '_')
}

/// "calving", "tuning": the -ing word of an activity, which says which
/// kind of record `head` is; not a describing word the lexicon lists
/// ("existing", "remaining") nor one it knows otherwise, and not before a
/// remark ("tasting notes" are a field).
fn activity_names_kind(word: &str, head: &str, lex: &Lexicon) -> bool {
    !lex.remarks.contains_key(head)
        && word.ends_with("ing")
        && is_name_like(word)
        && !lex.adjectives.contains(word)
        && !lex.knows(word)
        && matches!(
            crate::wordclass::class_of(word),
            None | Some(crate::wordclass::WordClass::Verb { base: false })
        )
}

/// "existing reports", "approved hours": a word that usually describes
/// (an adjective or a participle) does not name a kind of thing.
fn describes(word: &str) -> bool {
    matches!(
        crate::wordclass::class_of(word),
        Some(
            crate::wordclass::WordClass::Adjective
                | crate::wordclass::WordClass::Verb { base: false }
        )
    )
}

/// A word for a person by its ending ("groomer", "maintainer", "referee"),
/// unless the lexicon knows it as something else.
pub fn agent_noun(lemma: &str, lex: &Lexicon) -> bool {
    lemma.len() >= 5
        && is_name_like(lemma)
        && !lemma.contains('-')
        && lex
            .agent_suffixes
            .iter()
            .any(|s| lemma.ends_with(s.as_str()))
        && !lex
            .not_agent_suffixes
            .iter()
            .any(|s| lemma.ends_with(s.as_str()))
        && !lex.nouns.contains_key(lemma)
        && !lex.not_agents.contains(lemma)
        && !lex.ignore.contains(lemma)
        && lex.attribute(lemma).is_none()
        && !lex.views.contains(lemma)
        && !lex.is_verb(lemma)
}

/// A modifier that names people rather than a kind of thing.
fn person_modifier(word: &str, lex: &Lexicon) -> bool {
    agent_noun(word, lex) && (!word.ends_with("er") || word.ends_with("ioner"))
}

/// Letters only, at least three: something that can name a table.
pub fn is_name_like(word: &str) -> bool {
    word.len() >= 3 && word.len() <= 30 && word.chars().all(|c| c.is_ascii_lowercase() || c == '-')
}

/// `time-entry` → `TimeEntry`, through the lexicon's renames.
pub fn entity_name(key: &str, lex: &Lexicon) -> String {
    if let Some(renamed) = lex.renames.get(key) {
        return renamed.clone();
    }
    key.to_upper_camel_case()
}

/// The last word of an entity key ("work-order" → "order").
pub fn head_of(key: &str) -> &str {
    key.rsplit('-').next().unwrap_or(key)
}

/// The kind of a generic head, if the key ends in one.
pub fn generic_head(key: &str, lex: &Lexicon) -> Option<HeadKind> {
    if key.contains('-') {
        lex.generic_heads.get(head_of(key)).copied()
    } else {
        None
    }
}

/// Whether a mention is the first phrase of the first sentence: the
/// application itself ("A recipe sharing app").
pub fn names_the_app(m: &Mention, mentions: &[Mention]) -> bool {
    // "A booking and membership app": every phrase of the first list.
    m.sentence == 0
        && m.ctx != Ctx::Subject
        && mentions
            .iter()
            .find(|x| x.sentence == 0)
            .is_some_and(|first| {
                std::ptr::eq(first, m) || (first.ctx == Ctx::Free && first.list == m.list)
            })
}

/// The audience in the first sentence: "... for a small hotel group".
pub fn is_audience(m: &Mention, mentions: &[Mention], lex: &Lexicon) -> bool {
    if m.sentence != 0 {
        return false;
    }
    let Ctx::Prep { prep, anchor } = &m.ctx else {
        return false;
    };
    if prep != "for" {
        return false;
    }
    let anchored_on_app = match anchor {
        crate::parse::Anchor::Mention(a) => {
            mentions.get(*a).is_some_and(|x| names_the_app(x, mentions))
        }
        crate::parse::Anchor::Verb(_) => false,
    };
    let _ = lex;
    anchored_on_app
}
