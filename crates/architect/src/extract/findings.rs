//! The findings of a reading, and the few operations every step uses on
//! them: adding an entity under a name the blueprint accepts, relating two
//! entities once, and asking whether one already depends on another.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use keel_blueprint::document::Capability;

use crate::classify;
use crate::lexicon::{HeadKind, Kind, Lexicon, VerbClass};

/// Why a join entity behind tags exists (see `Found::synthesized`); such
/// joins only link and stay out of summaries.
pub const TAG_JOIN: &str = "joins two entities many-to-many";

/// How one entity hangs on another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LinkHow {
    /// A part of its parent: same service, deleted with it (`belongs_to`).
    Part,
    /// Points at the other (`references`).
    Ref,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Relation {
    pub child: String,
    pub parent: String,
    pub how: LinkHow,
    /// Why, for the review.
    pub why: &'static str,
}

/// A field the text names for an entity.
#[derive(Debug, Clone)]
pub struct NamedField {
    pub attribute: String,
    pub word: String,
    pub bounds: Option<(i64, i64)>,
}

#[derive(Debug, Clone)]
pub struct Found {
    pub key: String,
    pub name: String,
    pub kind: Kind,
    pub mentions: usize,
    pub first: (usize, usize),
    /// Roles (or `""` for any signed-in user) that create it.
    pub creators: BTreeSet<String>,
    pub fields: Vec<NamedField>,
    /// References to users: (name, required).
    pub user_refs: Vec<String>,
    /// The roles its `assignee` reference names ("assign each job to a
    /// driver"): they act on the rows naming them, not on every row.
    pub assigned_to: Vec<String>,
    /// Values of a `kind` enum given as examples.
    pub kinds: Vec<String>,
    /// Papers of the person who uploads them (payslips, ID): read by them
    /// and the roles that work on them, not by every role that uploads.
    pub personal: bool,
    /// Why it exists when the text does not name it.
    pub synthesized: Option<&'static str>,
    pub workflow: Option<(String, Option<String>)>,
}

/// What a role may do to an entity.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Power {
    pub role: String,
    pub class: VerbClass,
    pub entity: String,
}

#[derive(Debug, Default)]
pub struct Findings {
    pub entities: IndexMap<String, Found>,
    pub relations: Vec<Relation>,
    pub roles: Vec<String>,
    pub powers: BTreeSet<Power>,
    pub capabilities: BTreeSet<Capability>,
    pub multi_tenant: bool,
    pub invitations: bool,
    pub public_visitors: bool,
    pub app_words: Vec<String>,
    pub primary: Option<String>,
    pub assumptions: Vec<String>,
    pub questions: Vec<String>,
    /// Short names merged into the compound they abbreviate.
    pub aliases: BTreeMap<String, String>,
    /// (sentence, position) of words used as examples or values.
    pub consumed: BTreeSet<(usize, usize)>,
    /// Keys of declared columns that name things but are values of their
    /// table (`declared::keep_declared_columns_as_values`).
    pub declared_values: BTreeSet<String>,
}

impl Findings {
    /// Each entity's key and name, as a snapshot to walk while adding to
    /// the findings.
    pub(super) fn key_names(&self) -> Vec<(String, String)> {
        self.entities
            .values()
            .map(|e| (e.key.clone(), e.name.clone()))
            .collect()
    }
}

/// Whether the lexicon says `child` usually belongs to `parent` ("a menu
/// has categories": categories belong to the menu).
pub(super) fn parent_in_lexicon(f: &Findings, child: &str, parent: &str, lex: &Lexicon) -> bool {
    let (Some(c), Some(p)) = (f.entities.get(child), f.entities.get(parent)) else {
        return false;
    };
    lex.nouns
        .get(&c.key)
        .is_some_and(|n| n.parents.contains(&p.key))
}

/// Whether `from` already depends on `to`, directly or through others.
pub(super) fn reaches(f: &Findings, from: &str, to: &str) -> bool {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut todo = vec![from];
    while let Some(n) = todo.pop() {
        if n == to {
            return true;
        }
        if seen.insert(n) {
            todo.extend(
                f.relations
                    .iter()
                    .filter(|r| r.child == n)
                    .map(|r| r.parent.as_str()),
            );
        }
    }
    false
}

pub(super) fn push_rel(
    f: &mut Findings,
    child: &str,
    parent: &str,
    how: LinkHow,
    why: &'static str,
) {
    if child == parent || !f.entities.contains_key(child) || !f.entities.contains_key(parent) {
        return;
    }
    if f.relations.iter().any(|r| {
        (r.child == child && r.parent == parent) || (r.child == parent && r.parent == child)
    }) {
        return;
    }
    f.relations.push(Relation {
        child: child.to_owned(),
        parent: parent.to_owned(),
        how,
        why,
    });
}

pub fn noun_kind(key: &str, lex: &Lexicon) -> Kind {
    if let Some(n) = lex.nouns.get(key) {
        return n.kind;
    }
    match classify::generic_head(key, lex) {
        Some(HeadKind::Classifier) => Kind::Classifier,
        Some(HeadKind::Part) => Kind::Part,
        _ => Kind::Content,
    }
}

pub(super) fn add_entity(
    f: &mut Findings,
    lex: &Lexicon,
    key: &str,
    name: &str,
    first: (usize, usize),
    synthesized: Option<&'static str>,
) -> String {
    let name = f
        .aliases
        .get(name)
        .cloned()
        .unwrap_or_else(|| safe_entity_name(name));
    let name = name.as_str();
    // A reviewer should see why a word of the text became another name.
    let renamed =
        lex.renames.contains_key(key) || name.ends_with("Record") && !key.ends_with("record");
    if renamed && !f.entities.contains_key(name) && synthesized.is_none() {
        let word = key.replace('-', " ");
        f.assumptions.push(format!(
            "`{name}` stands for the text's \"{word}\": the plain name is a reserved word of the generated code or the identity service's own"
        ));
    }
    // Renamed words share an entity ("class" and "course").
    let entry = f.entities.entry(name.to_owned()).or_insert_with(|| Found {
        key: key.to_owned(),
        name: name.to_owned(),
        kind: noun_kind(key, lex),
        mentions: 0,
        first,
        creators: BTreeSet::new(),
        fields: Vec::new(),
        user_refs: Vec::new(),
        assigned_to: Vec::new(),
        kinds: Vec::new(),
        personal: false,
        synthesized,
        workflow: None,
    });
    entry.mentions += 1;
    if synthesized.is_none() {
        entry.synthesized = None;
    }
    name.to_owned()
}

/// A name the blueprint accepts: not built in, not a type the generated
/// code uses, not a reserved word in any of its languages.
pub fn safe_entity_name(name: &str) -> String {
    use keel_blueprint::reserved;
    let snake = keel_blueprint::names::to_snake(name);
    let table = keel_blueprint::Names::of(name, None).plural_snake;
    let unsafe_name = reserved::BUILTIN_ENTITIES.contains(&name)
        || reserved::TYPE_NAMES.contains(&name)
        || reserved::reserved_in_code(&snake).is_some()
        || reserved::reserved_in(&table).is_some();
    if unsafe_name {
        format!("{name}Record")
    } else {
        name.to_owned()
    }
}
