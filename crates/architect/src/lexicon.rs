//! The lexicon: what the offline architect knows about words, as data.
//!
//! The data lives in `lexicon.yaml` (embedded in the binary) and is read
//! once, with keel's own YAML reader, into the typed tables below. Keys are
//! lowercase; several words are joined with `-` (`time-entry`,
//! `front-desk-staff`) and match the same words in a noun phrase.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde::Deserialize;

/// The embedded lexicon source.
pub const SOURCE: &str = include_str!("lexicon.yaml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lexicon {
    pub determiners: BTreeSet<String>,
    pub pronouns: BTreeSet<String>,
    pub prepositions: BTreeSet<String>,
    pub conjunctions: BTreeSet<String>,
    pub auxiliaries: BTreeSet<String>,
    pub adverbs: BTreeSet<String>,
    pub adjectives: BTreeSet<String>,
    /// Adjectives that say which kind of thing ("medical records"): kept in its name.
    pub naming_adjectives: BTreeSet<String>,
    pub verbs: VerbClasses,
    pub irregular_verbs: BTreeMap<String, String>,
    pub noun_verbs: BTreeSet<String>,
    pub ignore: BTreeSet<String>,
    /// Words for the tools people use today ("the paper incident book", "our
    /// WhatsApp group"): a phrase they start names no thing of the app.
    pub tool_modifiers: BTreeSet<String>,
    /// Today's tools by themselves ("a spreadsheet with 900 rows").
    pub tool_heads: BTreeSet<String>,
    /// Set phrases that name nothing, words joined by `-`.
    pub idioms: Vec<String>,
    /// Words that are a field of the thing they are said along with ("approve
    /// with a comment", "tasting notes", "items with a unit and a price"),
    /// and the attribute they become.
    pub remarks: BTreeMap<String, String>,
    /// Verbs that write down details ("log the date, brood pattern and
    /// mite count"): unknown words listed with a field are fields.
    pub detail_verbs: BTreeSet<String>,
    /// Words that name no thing in a sentence that also says one of the
    /// listed words ("pay by card", but "cards have a front and a back").
    pub ignore_near: BTreeMap<String, BTreeSet<String>>,
    /// Words that name a thing only as the object of these verbs.
    pub only_as_object_of: BTreeMap<String, BTreeSet<String>>,
    /// Words for the application itself in the first sentence or as a
    /// subject, and for records elsewhere ("submit applications").
    pub app_nouns: BTreeSet<String>,
    pub time_entries: TimeEntries,
    pub views: BTreeSet<String>,
    pub display_adjectives: BTreeSet<String>,
    pub activity_endings: Vec<String>,
    pub app_words_countable: BTreeSet<String>,
    pub units: BTreeSet<String>,
    pub countable_units: BTreeSet<String>,
    pub mass_entities: BTreeSet<String>,
    pub generic_heads: BTreeMap<String, HeadKind>,
    /// Words that name nothing alone (ignored, or fields) but name a kind
    /// before a record head: "work order", "condition report".
    pub kind_modifiers: BTreeSet<String>,
    pub renames: BTreeMap<String, String>,
    pub actors: BTreeMap<String, Actor>,
    pub attributes: BTreeMap<String, Attribute>,
    pub field_names: BTreeMap<String, String>,
    pub nouns: BTreeMap<String, Noun>,
    pub field_presets: BTreeMap<String, FieldSpec>,
    pub media: BTreeMap<String, Media>,
    pub verb_entities: BTreeMap<String, VerbEntity>,
    /// Adjectives that record someone's choice ("favourite artworks").
    pub adjective_entities: BTreeMap<String, String>,
    pub link_verbs: BTreeSet<String>,
    pub link_preps: BTreeSet<String>,
    pub belong_verbs: BTreeSet<String>,
    /// Verbs that cut a thing into parts ("divided into sections").
    pub divide_verbs: BTreeSet<String>,
    pub belong_preps: BTreeSet<String>,
    pub containers: BTreeSet<String>,
    pub companions: BTreeMap<String, Vec<Companion>>,
    pub single_assignee: BTreeSet<String>,
    pub agent_suffixes: Vec<String>,
    pub not_agent_suffixes: Vec<String>,
    /// Words with a people ending that name things ("matter", "freezer").
    pub not_agents: BTreeSet<String>,
    pub many_to_many_kinds: BTreeSet<String>,
    pub person_records: PersonRecords,
    /// Groups of people: "the finance team" doing something is a role.
    pub group_heads: BTreeSet<String>,
    /// Plurals that stay plural before a head ("sales orders").
    pub plural_modifiers: BTreeSet<String>,
    /// Phrases of quantity ("lots-of"), read as the determiner `many`.
    pub quantifiers: Vec<String>,
    /// Words for one of a mass ("piece-of"): left out, so "every piece of
    /// equipment" names the equipment.
    pub partitives: Vec<String>,
    /// Kinds of application that publish to everyone ("a recipe sharing
    /// app", "a marketplace"): said in the first sentence, browsed content
    /// is public to read.
    pub public_genres: BTreeSet<String>,
    /// Last words of a heading before the text ("Product brief:").
    pub headings: BTreeSet<String>,
    /// Headings that name the document itself, also before a dash or
    /// "for" ("Requirements - Flood Warden Platform").
    pub document_words: BTreeSet<String>,
    /// How things are done now, which the application replaces.
    pub status_quo: StatusQuo,
    /// Bodies of people that decide ("the board approves"): a role when
    /// they act.
    pub deciding_bodies: BTreeSet<String>,
    /// Words that speak of money: without one, a "donation" of blood or of
    /// found items takes no payments.
    pub money_words: BTreeSet<String>,
    /// What people pick things from ("picked from a checklist").
    pub pick_lists: BTreeSet<String>,
    pub choosing_verbs: BTreeSet<String>,
    pub choosing_which_verbs: BTreeSet<String>,
    pub asking_verbs: BTreeSet<String>,
    pub used_up: BTreeSet<String>,
    pub availability_verbs: BTreeSet<String>,
    pub availability_heads: BTreeSet<String>,
    pub singular_adjectives: BTreeSet<String>,
    pub determined_plural_records: BTreeSet<String>,
    pub not_requested_things: BTreeSet<String>,
    pub filing_verbs: BTreeSet<String>,
    pub paper_words: BTreeSet<String>,
    pub people_adjectives: BTreeSet<String>,
    pub causative_verbs: BTreeSet<String>,
    pub narrowing_adverbs: BTreeSet<String>,
    pub time_adverbs: BTreeSet<String>,
    pub named_days: BTreeSet<String>,
    pub many_words: BTreeSet<String>,
    pub number_words: BTreeSet<String>,
    pub paying_ways: BTreeSet<String>,
    pub app_heads: BTreeSet<String>,
    pub public_places: BTreeSet<String>,
    pub account_words: BTreeSet<String>,
    pub periodic_reports: PeriodicReports,
    /// The business around the application: market, money raised, targets.
    pub business_case: BusinessCase,
    /// Short forms of quick notes ("hrs", "mgr"), read as the full word.
    pub abbreviations: BTreeMap<String, String>,
    pub capabilities: BTreeMap<String, Vec<CapabilityPattern>>,
    pub tenancy: TenancyRules,
    pub workflows: indexmap::IndexMap<String, Workflow>,
    pub areas: BTreeMap<String, String>,
    /// Derived: word → actor key.
    #[serde(skip)]
    pub actor_words: BTreeMap<String, String>,
    /// Derived: word → attribute key.
    #[serde(skip)]
    pub attribute_words: BTreeMap<String, String>,
    /// Derived: every verb base form.
    #[serde(skip)]
    pub all_verbs: BTreeSet<String>,
}

/// Sentences about how things are done now: "Problem: ...", "Today ...".
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusQuo {
    /// Headings of such a sentence ("Problem:").
    pub headings: BTreeSet<String>,
    /// Openings of such a sentence, words joined by `-` ("right-now").
    pub openings: Vec<String>,
}

/// Sentences that make the business case ("a $4.2B market", "raising a
/// $1.5M seed", "Target: $1.1M ARR"): they name nothing the application
/// keeps.
#[derive(Debug, Deserialize)]
pub struct BusinessCase {
    /// Words that alone tell the business case ("arr", "investors").
    pub words: BTreeSet<String>,
    /// Words that do with an amount in millions or billions ("market").
    pub with_amounts: BTreeSet<String>,
}

/// Reports made every period: views, unless people write them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodicReports {
    pub periods: BTreeSet<String>,
    pub heads: BTreeSet<String>,
    /// Who reports go to ("reports for the board"): figures of what is kept.
    pub audiences: BTreeSet<String>,
}

/// Time people log, kept as entries: "log hours against projects".
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeEntries {
    /// Words for a span of time ("hours").
    pub words: BTreeSet<String>,
    /// Verbs that log such time as a record.
    pub verbs: BTreeSet<String>,
    /// Modifiers that make the time a record wherever it is named.
    pub modifiers: BTreeSet<String>,
    /// Nouns that say what kind of time it is ("labour hours"); any other
    /// noun before the time word names something else ("clock-in times").
    pub kinds: BTreeSet<String>,
    pub entity: String,
}

/// When people are records the application keeps ("staff register
/// owners"), not only accounts that sign in.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonRecords {
    /// Verbs whose object, a person, is kept as a record.
    pub verbs: BTreeSet<String>,
    /// Lists of people: "a list of vendors".
    pub lists: BTreeSet<String>,
    /// Verbs whose subject is a record when the lexicon keeps that person
    /// only when named: joining without an object ("students enroll")...
    pub joins: BTreeSet<String>,
    /// ... and holding something ("each student keeps a log").
    pub holds: BTreeSet<String>,
    /// Words for anybody: never a record of their own.
    pub generic: BTreeSet<String>,
    /// Of those, the accounts themselves: not a record even when described.
    pub accounts: BTreeSet<String>,
    /// Words for people another kept record may stand for ("children" in a
    /// school that keeps students).
    pub stand_ins: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerbClasses {
    pub create: BTreeSet<String>,
    pub update: BTreeSet<String>,
    pub delete: BTreeSet<String>,
    pub read: BTreeSet<String>,
    pub other: BTreeSet<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeadKind {
    Part,
    Classifier,
    Record,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    pub words: Vec<String>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub entity: Option<String>,
    #[serde(default)]
    pub public: bool,
    /// All words of the entry are one role (`administrator` is `admin`);
    /// otherwise the role is the word the text uses (`tutor`, `teacher`).
    #[serde(default)]
    pub canonical: bool,
    /// The record (`entity`) is kept only when the text names them as
    /// something acted on ("choose a dentist"), not when they act.
    #[serde(default)]
    pub record_when_named: bool,
    /// The role is the word itself ("passenger", "backer").
    #[serde(default)]
    pub role_from_word: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attribute {
    pub words: Vec<String>,
    #[serde(default)]
    pub field: Option<String>,
    #[serde(rename = "type", default)]
    pub ty: Option<String>,
    #[serde(default)]
    pub min: Option<i64>,
    #[serde(default)]
    pub max: Option<i64>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub unique: bool,
    #[serde(default)]
    pub values: Vec<String>,
    #[serde(default)]
    pub media: Option<String>,
    #[serde(default)]
    pub pattern: Option<String>,
    /// In the plural and outside a "with" list, a thing of its own
    /// ("upload photos to albums", "shifts at different locations").
    #[serde(default)]
    pub things: bool,
    /// A reference to a user rather than a field (`assignee`).
    #[serde(default)]
    pub reference: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Content,
    Private,
    Reaction,
    Follow,
    Message,
    Container,
    Part,
    Classifier,
    Tag,
    Place,
    Org,
    PersonRecord,
    Record,
    Booking,
    Payment,
    Event,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Noun {
    pub kind: Kind,
    #[serde(default)]
    pub parents: Vec<String>,
    #[serde(default)]
    pub about: Option<String>,
    #[serde(default)]
    pub fields: Vec<String>,
    #[serde(default)]
    pub area: Option<String>,
    #[serde(default)]
    pub status: Vec<String>,
    #[serde(default)]
    pub private: bool,
    #[serde(default)]
    pub one_per_user: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    pub field: String,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub min: Option<i64>,
    #[serde(default)]
    pub max: Option<i64>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub unique: bool,
    #[serde(default)]
    pub values: Vec<String>,
    #[serde(default)]
    pub media: Option<String>,
    #[serde(default)]
    pub pattern: Option<String>,
    #[serde(default)]
    pub default: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Media {
    pub accept: Vec<String>,
    pub max_size: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerbEntity {
    pub entity: String,
    #[serde(default)]
    pub preps: Vec<String>,
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub person: bool,
    #[serde(default = "yes")]
    pub needs_target: bool,
    #[serde(default)]
    pub needs_person_to: bool,
    #[serde(default)]
    pub only_without_tenancy: bool,
    /// Objects that already are the record ("report a problem" keeps the
    /// problem; "report an abusive partner" makes a report).
    #[serde(default)]
    pub unless_object: Vec<String>,
    /// The record is made only when the object, or the thing after one of
    /// `preps`, is of these kinds ("enter a race"; not "enter the scores").
    #[serde(default)]
    pub only_with: Vec<String>,
    /// The record follows in the passive too, whoever does it ("prize
    /// money is paid out to the winners", "designers get paid out").
    #[serde(default)]
    pub passive: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Companion {
    pub entity: String,
    pub with_any: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapabilityPattern {
    #[serde(default)]
    pub words: Vec<String>,
    #[serde(default)]
    pub near: Vec<String>,
    #[serde(default)]
    pub not_after: Vec<String>,
    /// Words that, right after the pattern, rule it out ("search
    /// *availability*" is booking, not search).
    #[serde(default)]
    pub not_before: Vec<String>,
    /// Only when the first word is used as a verb.
    #[serde(default)]
    pub verb: bool,
    /// The words as written, not their lemmas ("live" the adjective, not
    /// "lives" the verb).
    #[serde(default)]
    pub exact: bool,
    /// Any file field implies the capability.
    #[serde(default)]
    pub media: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TenancyRules {
    /// Word sequences; `TENANT` stands for any of `tenant_words`.
    pub phrases: Vec<Vec<String>>,
    /// Sequences that count only in a sentence naming a tenant word.
    pub with_tenant_word: Vec<Vec<String>>,
    pub tenant_words: BTreeSet<String>,
    /// What each tenant gets "its own" of ("every gym gets its own
    /// space"): the tenancy itself, no thing of the application.
    pub own_spaces: BTreeSet<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workflow {
    pub triggers: Vec<Vec<String>>,
    pub states: Vec<String>,
    pub initial: String,
    pub transitions: indexmap::IndexMap<String, WorkflowTransition>,
    #[serde(default)]
    pub prefer: Vec<String>,
    /// Applies only to the preferred entities ("check out" of a shop is
    /// not a hotel's check-out).
    #[serde(default)]
    pub only_prefer: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkflowTransition {
    pub from: keel_blueprint::document::OneOrMany,
    pub to: String,
    pub by: String,
}

/// Reads a lexicon from YAML text.
pub fn parse(text: &str) -> Result<Lexicon, String> {
    let node = keel_blueprint::yaml::parse(text).map_err(|ds| {
        ds.iter()
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    let mut lex: Lexicon = serde_json::from_value(node.to_json()).map_err(|e| e.to_string())?;
    for (key, actor) in &lex.actors {
        for w in &actor.words {
            lex.actor_words
                .entry(w.clone())
                .or_insert_with(|| key.clone());
        }
    }
    for (key, attr) in &lex.attributes {
        for w in &attr.words {
            lex.attribute_words
                .entry(w.clone())
                .or_insert_with(|| key.clone());
        }
    }
    let v = &lex.verbs;
    lex.all_verbs = v
        .create
        .iter()
        .chain(&v.update)
        .chain(&v.delete)
        .chain(&v.read)
        .chain(&v.other)
        .cloned()
        .collect();
    Ok(lex)
}

/// The embedded lexicon, read once.
pub fn get() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    // The embedded source is checked by a unit test; failing here is a
    // build defect, not an input problem.
    LEXICON.get_or_init(|| parse(SOURCE).expect("the embedded lexicon is valid"))
}

/// What a verb does to its object, for access rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum VerbClass {
    Create,
    Update,
    Delete,
    Read,
    Other,
}

impl Lexicon {
    pub fn verb_class(&self, lemma: &str) -> VerbClass {
        let v = &self.verbs;
        if v.create.contains(lemma) {
            VerbClass::Create
        } else if v.delete.contains(lemma) {
            VerbClass::Delete
        } else if v.update.contains(lemma) {
            VerbClass::Update
        } else if v.read.contains(lemma) {
            VerbClass::Read
        } else {
            VerbClass::Other
        }
    }

    pub fn is_verb(&self, lemma: &str) -> bool {
        self.all_verbs.contains(lemma)
    }

    /// Whether the lexicon says anything about the word (so general
    /// English word classes must not overrule it).
    pub fn knows(&self, word: &str) -> bool {
        self.all_verbs.contains(word)
            || self.nouns.contains_key(word)
            || self.actor_words.contains_key(word)
            || self.attribute_words.contains_key(word)
            || self.adjectives.contains(word)
            || self.adverbs.contains(word)
            || self.ignore.contains(word)
            || self.views.contains(word)
            || self.units.contains(word)
            || self.mass_entities.contains(word)
            || self.generic_heads.contains_key(word)
            || self.irregular_verbs.contains_key(word)
            || self.containers.contains(word)
    }

    pub fn actor(&self, key: &str) -> Option<(&str, &Actor)> {
        let k = self.actor_words.get(key)?;
        self.actors.get(k).map(|a| (k.as_str(), a))
    }

    pub fn attribute(&self, key: &str) -> Option<&Attribute> {
        self.attribute_words
            .get(key)
            .and_then(|k| self.attributes.get(k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lexicon_parses() {
        let lex = parse(SOURCE).unwrap();
        assert!(lex.actor_words.contains_key("admin"));
        assert!(lex.attribute("title").is_some());
        assert!(lex.is_verb("post"));
    }

    #[test]
    fn references_in_the_lexicon_resolve() {
        let lex = get();
        for noun in lex.nouns.values() {
            for f in &noun.fields {
                assert!(
                    lex.field_presets.contains_key(f),
                    "unknown field preset `{f}`"
                );
            }
            if let Some(area) = &noun.area {
                assert!(lex.areas.contains_key(area), "unknown area `{area}`");
            }
        }
        for preset in lex.field_presets.values() {
            if let Some(m) = &preset.media {
                assert!(lex.media.contains_key(m), "unknown media `{m}`");
            }
        }
        for attr in lex.attributes.values() {
            if let Some(m) = &attr.media {
                assert!(lex.media.contains_key(m), "unknown media `{m}`");
            }
        }
        for attr in lex.remarks.values() {
            assert!(
                lex.attributes.contains_key(attr),
                "remark `{attr}` is no attribute"
            );
        }
        for key in lex.verb_entities.keys() {
            let verb = key.trim_end_matches("-verb");
            let base = verb.split('-').next().unwrap_or(verb);
            assert!(
                lex.is_verb(base),
                "verb entity `{key}`: `{base}` is not a verb"
            );
        }
        for v in lex.verb_entities.values() {
            assert!(
                lex.nouns.contains_key(&v.entity),
                "verb entity `{}` is not a noun",
                v.entity
            );
        }
        for list in lex.companions.values() {
            for c in list {
                assert!(
                    lex.nouns.contains_key(&c.entity),
                    "unknown companion `{}`",
                    c.entity
                );
            }
        }
        for w in lex.workflows.values() {
            assert!(w.states.contains(&w.initial));
            for t in w.transitions.values() {
                assert!(w.states.contains(&t.to));
                for f in &t.from.to_vec() {
                    assert!(w.states.contains(f));
                }
            }
        }
    }
}
