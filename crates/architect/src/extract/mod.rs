//! From mentions and verb uses to the findings of a design: the entities
//! the text supports, how they relate, who does what, which fields the
//! text names, and which platform features it needs.

use heck::ToUpperCamelCase;
use keel_blueprint::names::singularize;
use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use keel_blueprint::document::Capability;

use crate::classify::{self, Class, Setting};
use crate::lexicon::{HeadKind, Kind, Lexicon, VerbClass};
use crate::parse::{Anchor, Ctx, Parsed};

mod classes;
mod context;
mod evidence;
mod implied;
mod many_to_many;
mod names;
mod people;
mod profiles;

use classes::classes_of_mentions;
use context::*;
use evidence::*;
use implied::{attach_to_nearest, implied_records};
use names::{merge_short_names, parts_named_by_their_whole};
use people::*;

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
    /// Values of a `kind` enum given as examples.
    pub kinds: Vec<String>,
    /// Why it exists when the text does not name it.
    pub synthesized: Option<&'static str>,
    pub workflow: Option<(String, Option<String>)>,
    pub public: bool,
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
}

pub fn extract(parsed: &Parsed, lex: &Lexicon) -> Findings {
    let mut f = Findings {
        multi_tenant: detect_tenancy(parsed, lex),
        ..Findings::default()
    };
    let setting = Setting {
        multi_tenant: f.multi_tenant,
    };
    let classes = classes_of_mentions(parsed, lex, &setting);
    if let Some(first) = parsed.mentions.first().filter(|m| m.sentence == 0) {
        if first.ctx != Ctx::Subject {
            f.app_words = first.words.iter().map(|w| w.text.clone()).collect();
        }
    }

    // Examples and value lists are not things of their own.
    let mut example_of: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut closed_lists: BTreeSet<usize> = BTreeSet::new();
    // "invoicing app for freelancers: clients, projects, invoices": a list
    // after the app or its audience names the things it keeps.
    let listed_things: BTreeSet<usize> = parsed
        .mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| match m.ctx {
            Ctx::Examples { anchor, .. } => {
                m.sentence == 0 && !matches!(classes[anchor], Class::Entity { .. })
            }
            _ => false,
        })
        .map(|(i, _)| i)
        .collect();
    for (i, m) in parsed.mentions.iter().enumerate() {
        if listed_things.contains(&i) {
            continue;
        }
        if let Ctx::Examples { anchor, closed } = m.ctx {
            if closed {
                closed_lists.insert(anchor);
            }
            example_of.entry(anchor).or_default().push(i);
            f.consumed.insert((m.sentence, m.pos));
        }
    }

    // 1. Entities named by noun phrases.
    // People the text acts on ("choose a dentist"), not only people who act.
    // Also people who keep, join or own something ("students enroll in
    // courses", "each student keeps a practice log", "student submissions").
    let acted_on: BTreeSet<String> = parsed
        .mentions
        .iter()
        .zip(&classes)
        .filter(|(m, _)| {
            !matches!(m.ctx, Ctx::Subject | Ctx::Free)
                || m.subject_of
                    .iter()
                    .any(|v| lex.person_records.joins.contains(&parsed.verbs[*v].lemma))
        })
        .filter_map(|(_, c)| match c {
            Class::Actor { key, .. } => Some(key.clone()),
            _ => None,
        })
        .chain(parents_of_people(parsed, &classes))
        .chain(
            parsed
                .mentions
                .iter()
                .zip(&classes)
                .filter(|(_, c)| matches!(c, Class::Entity { .. }))
                .flat_map(|(m, _)| &m.words[..m.words.len() - 1])
                .filter_map(|w| lex.actor(&w.lemma).map(|(k, _)| k.to_string())),
        )
        .collect();
    // "Each job site is a project": the project is the thing.
    let defined: BTreeMap<usize, usize> = (0..parsed.mentions.len())
        .filter(|i| matches!(classes[*i], Class::Entity { .. }))
        .filter_map(|i| defined_by_copula(i, parsed).map(|s| (i, s)))
        .collect();
    let other_words: BTreeSet<usize> = defined.values().copied().collect();
    let mut entity_of: Vec<Option<String>> = vec![None; parsed.mentions.len()];
    for (i, m) in parsed.mentions.iter().enumerate() {
        // (Photos listed among fields are rows of their own.)
        let media_rows = matches!(&classes[i], Class::Entity { key, .. }
            if lex.attribute(key).is_some_and(|a| a.media.is_some()));
        if matches!(m.ctx, Ctx::Examples { .. }) && !listed_things.contains(&i) && !media_rows {
            continue;
        }
        if other_words.contains(&i) {
            continue;
        }
        let Class::Entity { key, name } = &classes[i] else {
            // "invoicing app for freelancers: clients, projects, invoices"
            let listed_person = (listed_things.contains(&i)
                && matches!(classes[i], Class::Actor { entity: None, .. })
                && is_named_person(&m.head().lemma, lex))
            .then(|| m.head().lemma.clone());
            if let Some(person) = listed_person.or_else(|| person_record(i, parsed, &classes, lex))
            {
                entity_of[i] = Some(add_entity(
                    &mut f,
                    lex,
                    &person,
                    &person.to_upper_camel_case(),
                    (m.sentence, m.pos),
                    None,
                ));
                continue;
            }
            if let Class::Actor {
                key: actor,
                entity: Some(entity),
                ..
            } = &classes[i]
            {
                let only_acts = lex.actor(actor).is_some_and(|(_, a)| a.record_when_named)
                    && !acted_on.contains(actor);
                if !only_acts {
                    let entity = entity.clone();
                    let k = keel_blueprint::names::to_snake(&entity).replace('_', "-");
                    entity_of[i] = Some(add_entity(
                        &mut f,
                        lex,
                        &k,
                        &entity,
                        (m.sentence, m.pos),
                        None,
                    ));
                }
            }
            continue;
        };
        // A classifier with its full list of values is a field, not an entity.
        if let Some(examples) = example_of.get(&i).filter(|_| closed_lists.contains(&i)) {
            let kind = noun_kind(key, lex);
            if matches!(kind, Kind::Classifier)
                || lex.generic_heads.get(key.as_str()) == Some(&HeadKind::Classifier)
            {
                let values = example_values(parsed, examples);
                f.assumptions.push(format!(
                    "`{}` is a field with the values {}, not an entity",
                    key,
                    values.join(", ")
                ));
                entity_of[i] = None;
                continue;
            }
        }
        if !(supported(m, &classes[i], parsed, lex) || defined.contains_key(&i))
            || is_seen_report(m, parsed, lex)
            || is_the_setting(m, i, parsed)
            || is_ours_alone(m, parsed)
        {
            continue;
        }
        entity_of[i] = Some(add_entity(
            &mut f,
            lex,
            key,
            name,
            (m.sentence, m.pos),
            None,
        ));
    }

    // A weak mention ("order from a restaurant") of a thing the text names
    // elsewhere is still that thing.
    for (i, m) in parsed.mentions.iter().enumerate() {
        if entity_of[i].is_some()
            || matches!(m.ctx, Ctx::Examples { .. })
            || classify::names_the_app(m, &parsed.mentions)
            || classify::is_audience(m, &parsed.mentions, lex)
        {
            continue;
        }
        let key = match &classes[i] {
            Class::Entity { key, .. } => key.clone(),
            // "parking spots ... each spot", "borrow tools ... each tool": a
            // field word or a generic word once it is a thing.
            Class::Attribute { .. } | Class::Ignore => m.head().lemma.clone(),
            _ => continue,
        };
        entity_of[i] = f
            .entities
            .values()
            .find(|e| e.key == key)
            .map(|e| e.name.clone());
    }
    // "A car wash subscription app", "Claims portal": the words before the
    // app word name what it keeps.
    if let Some(app) = parsed
        .mentions
        .iter()
        .find(|m| classify::names_the_app(m, &parsed.mentions))
    {
        for w in &app.words[..app.words.len().saturating_sub(1)] {
            let key = singularize(&w.text);
            let record = w.tag == crate::text::Tag::Noun
                && !w.proper
                && !w.possessive
                && classify::is_name_like(&key)
                && lex.actor(&key).is_none()
                && lex.attribute(&key).is_none()
                && !lex.ignore.contains(&key)
                && !lex.views.contains(&key)
                && !lex.tenancy.tenant_words.contains(&key)
                && !lex.is_verb(&key)
                && lex.nouns.contains_key(&key);
            if record && !f.entities.values().any(|e| e.key == key) {
                let name = classify::entity_name(&key, lex);
                add_entity(&mut f, lex, &key, &name, (app.sentence, app.pos), None);
            }
        }
    }
    merge_short_names(&mut f, parsed, &mut entity_of);

    // "multi-author": a role in a word.
    for w in parsed.sentences.iter().flatten() {
        if let Some(rest) = w.text.strip_prefix("multi-") {
            let role = lex
                .actor(&keel_blueprint::names::singularize(rest))
                .and_then(|(_, a)| a.role.clone());
            if let Some(role) = role {
                if !f.roles.contains(&role) {
                    f.roles.push(role);
                }
            }
        }
    }

    // "roles: planner, operator, qc": the roles the writer lists.
    for role in listed_roles(parsed) {
        if !f.roles.contains(&role) {
            f.roles.push(role);
        }
    }

    // Once people are records, every mention of them is that record
    // ("drivers have a name and a phone ... each driver belongs to a depot").
    for (i, m) in parsed.mentions.iter().enumerate() {
        if entity_of[i].is_some() || !matches!(classes[i], Class::Actor { .. }) {
            continue;
        }
        let key = &m.head().lemma;
        entity_of[i] = f
            .entities
            .values()
            .find(|e| &e.key == key && e.synthesized.is_none())
            .map(|e| e.name.clone());
    }

    // 2. Roles and what they do; verb-implied entities.
    let role_of = |i: usize| -> Option<String> {
        match &classes[i] {
            Class::Actor { role, .. } => role.clone(),
            _ => None,
        }
    };
    for (vi, v) in parsed.verbs.iter().enumerate() {
        // ("badges are scanned by volunteers": the agent acts)
        let agent = crate::parse::passive_agent(v);
        let subject_role = agent.or(v.subject).and_then(role_of);
        let subject_is_user = v
            .subject
            .is_some_and(|s| matches!(&classes[s], Class::Actor { role: None, .. }));
        if v.subject
            .is_some_and(|s| matches!(&classes[s], Class::Actor { public: true, .. }))
        {
            f.public_visitors = true;
        }
        // ("attorneys and paralegals upload documents": each of them)
        let co_roles: Vec<String> = if agent.is_none() {
            v.co_subjects.iter().filter_map(|&c| role_of(c)).collect()
        } else {
            Vec::new()
        };
        for role in subject_role.iter().chain(&co_roles) {
            if (!v.passive || agent.is_some()) && !f.roles.contains(role) {
                f.roles.push(role.clone());
            }
        }
        let class = lex.verb_class(&v.lemma);
        let objects: Vec<String> = v
            .objects
            .iter()
            .filter_map(|o| entity_of[*o].clone())
            .chain(
                v.pronoun_object
                    .then(|| antecedent(parsed, &entity_of, vi))
                    .flatten(),
            )
            // (what a passive verb's agent acts on is its subject)
            .chain(agent.and(v.subject).and_then(|s| entity_of[s].clone()))
            .collect();
        // "add products to a cart" puts products somewhere; it does not create them.
        let links_only = lex.link_verbs.contains(&v.lemma)
            && v.preps.iter().any(|(p, _)| lex.link_preps.contains(p));
        for o in objects.iter().filter(|_| !links_only) {
            for role in subject_role.iter().chain(&co_roles) {
                f.powers.insert(Power {
                    role: role.clone(),
                    class,
                    entity: o.clone(),
                });
            }
            if class == VerbClass::Create || v.lemma == "list" {
                if let Some(e) = f.entities.get_mut(o) {
                    e.creators.insert(subject_role.clone().unwrap_or_default());
                    e.creators.extend(co_roles.iter().cloned());
                }
            }
        }
        // Prepositions on the verb relate its objects to other entities.
        let is_link_verb = lex.link_verbs.contains(&v.lemma);
        for (prep, target) in &v.preps {
            let Some(t) = entity_of[*target].clone() else {
                continue;
            };
            // "put teams into a division": a thing that is not a container
            // is the parent, not a list with items.
            let container = f
                .entities
                .get(&t)
                .is_some_and(|e| e.kind == Kind::Container || lex.containers.contains(&e.key));
            if is_link_verb && lex.link_preps.contains(prep) && !container {
                for o in &objects {
                    if o != &t {
                        push_rel(&mut f, o, &t, LinkHow::Ref, "put into");
                    }
                }
                continue;
            }
            if is_link_verb && lex.link_preps.contains(prep) {
                for o in &objects {
                    if o != &t {
                        let join = format!("{t}Item");
                        let key = format!(
                            "{}-item",
                            keel_blueprint::names::to_snake(&t).replace('_', "-")
                        );
                        let first = (v.sentence, v.pos);
                        let join = add_entity(
                            &mut f,
                            lex,
                            &key,
                            &join,
                            first,
                            Some("links what is added to its container"),
                        );
                        push_rel(&mut f, &join, &t, LinkHow::Part, "holds items");
                        push_rel(&mut f, &join, o, LinkHow::Ref, "the item added");
                    }
                }
                continue;
            }
            let relating = matches!(
                prep.as_str(),
                "to" | "into"
                    | "in"
                    | "on"
                    | "against"
                    | "for"
                    | "at"
                    | "across"
                    | "under"
                    | "within"
                    | "inside"
                    | "through"
                    | "about"
            ) || (prep == "by" && class == VerbClass::Read);
            if relating {
                for o in &objects {
                    if o != &t {
                        push_rel(&mut f, o, &t, LinkHow::Ref, "named together");
                    }
                }
            }
        }
        // "each story belongs to a section": the subject hangs on the target.
        if lex.belong_verbs.contains(&v.lemma) && v.objects.is_empty() {
            if let Some(child) = v.subject.and_then(|s| entity_of[s].clone()) {
                for (prep, target) in &v.preps {
                    if let Some(parent) = entity_of[*target].clone() {
                        if lex.belong_preps.contains(prep) {
                            push_rel(&mut f, &child, &parent, LinkHow::Ref, "belongs to");
                        }
                    }
                }
            }
        }
        // Verbs that imply an entity ("comment on", "rate", "follow").
        let phrasal = v.particle.as_ref().map(|p| format!("{}-{p}", v.lemma));
        let ve = phrasal
            .as_ref()
            .and_then(|p| lex.verb_entities.get(p))
            .or_else(|| lex.verb_entities.get(&v.lemma));
        if let Some(ve) = ve {
            // ("reports can be upvoted by residents": people do it, passive
            // or not)
            let done_by_people = crate::parse::passive_agent(v)
                .is_some_and(|a| matches!(classes[a], Class::Actor { .. }));
            if (v.passive && !done_by_people) || (ve.only_without_tenancy && f.multi_tenant) {
                if v.lemma == "invite" {
                    f.invitations = true;
                }
                continue;
            }
            let mut targets: Vec<String> = Vec::new();
            if ve.target.as_deref() == Some("object") {
                targets.extend(objects.iter().cloned());
            }
            // "events that members RSVP to": the preposition is stranded, its
            // thing comes before `that`.
            if objects.is_empty() && v.preps.is_empty() {
                if let Some(t) = relative_antecedent(parsed, &entity_of, vi) {
                    targets.push(t);
                }
            }
            for (prep, t) in &v.preps {
                if ve.preps.contains(prep) {
                    if let Some(e) = &entity_of[*t] {
                        targets.push(e.clone());
                    }
                }
            }
            let person_target = ve.person
                && (v.reciprocal
                    || v.objects
                        .iter()
                        .any(|o| matches!(classes[*o], Class::Actor { .. })));
            let person_to = v
                .preps
                .iter()
                .any(|(p, t)| p == "to" && matches!(classes[*t], Class::Actor { .. }));
            if ve.needs_person_to && !person_to {
                continue;
            }
            // "assign issues to contributors": one person responsible, not an
            // Assignment; so is "assign each load to a driver" (one person).
            let to_one_person = v.preps.iter().any(|(p, t)| {
                p == "to"
                    && matches!(classes[*t], Class::Actor { .. })
                    && !parsed.mentions[*t].head().plural
                    && parsed.mentions[*t]
                        .word_before(&parsed.sentences, 1)
                        .is_some_and(|w| matches!(w.text.as_str(), "a" | "an" | "one"))
            });
            let single: Vec<String> = objects
                .iter()
                .filter(|o| {
                    f.entities.get(*o).is_some_and(|e| {
                        // ("work orders" are orders)
                        let head = e.key.rsplit('-').next().unwrap_or(&e.key);
                        lex.single_assignee.contains(&e.key)
                            || lex.single_assignee.contains(head)
                            || (to_one_person && e.kind != Kind::PersonRecord)
                    })
                })
                .cloned()
                .collect();
            if ve.needs_person_to && !single.is_empty() {
                for o in single {
                    if let Some(e) = f.entities.get_mut(&o) {
                        if !e.user_refs.iter().any(|r| r == "assignee") {
                            e.user_refs.push("assignee".into());
                        }
                    }
                }
                continue;
            }
            // An object that already is the thing ("pay a deposit", "leave a review").
            let implied = noun_kind(&ve.entity, lex);
            let same_kind = matches!(
                implied,
                Kind::Payment | Kind::Booking | Kind::Reaction | Kind::Message
            ) && objects
                .iter()
                .any(|o| f.entities.get(o).is_some_and(|e| e.kind == implied));
            let already = objects.iter().any(|o| {
                f.entities
                    .get(o)
                    .is_some_and(|e| ve.unless_object.contains(&e.key))
            });
            // (Money that does not go through the application.)
            let words = &parsed.sentences[v.sentence];
            let money_elsewhere = implied == Kind::Payment
                && (crate::text::money_kept_outside(words) || crate::text::pays_us(words, v.pos));
            if same_kind || already || money_elsewhere {
                continue;
            }
            // "register for a race distance": the preposition is enough.
            let prep_given = v.preps.iter().any(|(p, _)| ve.preps.contains(p));
            let has_target = !targets.is_empty() || person_target || prep_given;
            if ve.needs_target && !has_target {
                continue;
            }
            let name = classify::entity_name(&ve.entity, lex);
            let key = ve.entity.clone();
            let created = add_entity(&mut f, lex, &key, &name, (v.sentence, v.pos), None);
            if let Some(e) = f.entities.get_mut(&created) {
                e.creators.insert(subject_role.clone().unwrap_or_default());
                if person_target {
                    let ref_name = v
                        .objects
                        .iter()
                        .find_map(|o| match &classes[*o] {
                            Class::Actor { key, .. } if key != "user" && key != "visitor" => {
                                Some(key.replace('-', "_"))
                            }
                            _ => None,
                        })
                        .unwrap_or_else(|| match ve.entity.as_str() {
                            "follow" => "followed".to_owned(),
                            "message" => "recipient".to_owned(),
                            _ => "member".to_owned(),
                        });
                    if !e.user_refs.contains(&ref_name) {
                        e.user_refs.push(ref_name);
                    }
                }
                if person_to && ve.needs_person_to {
                    let to = v
                        .preps
                        .iter()
                        .find_map(|(p, t)| match (&classes[*t], p.as_str()) {
                            (Class::Actor { key, .. }, "to")
                                if key != "user" && key != "visitor" =>
                            {
                                Some(key.replace('-', "_"))
                            }
                            (Class::Actor { .. }, "to") => {
                                Some(parsed.mentions[*t].head().lemma.clone())
                            }
                            _ => None,
                        })
                        .unwrap_or_else(|| "member".to_owned());
                    if !e.user_refs.contains(&to) {
                        e.user_refs.push(to);
                    }
                }
            }
            if let Some(role) = &subject_role {
                f.powers.insert(Power {
                    role: role.clone(),
                    class: VerbClass::Create,
                    entity: created.clone(),
                });
            }
            for t in targets {
                if t != created {
                    push_rel(&mut f, &created, &t, LinkHow::Ref, "what it is about");
                }
            }
            if subject_is_user {
                if let Some(e) = f.entities.get_mut(&created) {
                    e.creators.insert(String::new());
                }
            }
        }
        if v.lemma == "invite" {
            f.invitations = true;
        }
    }

    // "save favourite artworks": an adjective that makes a record of
    // someone's choice of the thing.
    for (i, m) in parsed.mentions.iter().enumerate() {
        let Some(thing) = entity_of[i].clone() else {
            continue;
        };
        let chosen = m.words[..m.words.len() - 1]
            .iter()
            .find_map(|w| lex.adjective_entities.get(&w.text));
        if let (Some(key), Ctx::Object { .. }) = (chosen, &m.ctx) {
            let name = classify::entity_name(key, lex);
            let created = add_entity(&mut f, lex, key, &name, (m.sentence, m.pos), None);
            if let Some(e) = f.entities.get_mut(&created) {
                e.creators.insert(String::new());
            }
            push_rel(&mut f, &created, &thing, LinkHow::Ref, "what was chosen");
        }
    }

    // 3. Structure from phrases: parts, classifiers, prepositions, fields.
    for (i, m) in parsed.mentions.iter().enumerate() {
        match (&m.ctx, &classes[i]) {
            (Ctx::With { anchor }, Class::Entity { .. }) => {
                let (Some(child), Some(parent)) =
                    (entity_of[i].clone(), entity_of[*anchor].clone())
                else {
                    continue;
                };
                if child == parent {
                    continue;
                }
                let kind = f.entities.get(&child).map(|e| e.kind);
                let bare = f.entities.get(&child).is_some_and(|e| !e.key.contains('-'));
                match kind {
                    Some(Kind::Place | Kind::Org | Kind::Tag) => {
                        push_rel(&mut f, &parent, &child, LinkHow::Ref, "classified by")
                    }
                    Some(Kind::Classifier)
                        if bare && !parent_in_lexicon(&f, &child, &parent, lex) =>
                    {
                        push_rel(&mut f, &parent, &child, LinkHow::Ref, "classified by")
                    }
                    _ => push_rel(&mut f, &child, &parent, LinkHow::Part, "part of"),
                }
            }
            (
                Ctx::Prep {
                    prep,
                    anchor: Anchor::Mention(a),
                },
                Class::Entity { .. },
            ) => {
                let (Some(target), Some(from)) = (entity_of[i].clone(), entity_of[*a].clone())
                else {
                    continue;
                };
                let link_verb_to = lex.link_preps.contains(prep)
                    && parsed
                        .verbs
                        .iter()
                        .any(|v| v.objects.contains(a) && lex.link_verbs.contains(&v.lemma));
                // "quizzes of questions": the things listed are parts of the list.
                let listed = prep == "of"
                    && m.head().plural
                    && f.entities.get(&from).is_some_and(|e| {
                        lex.containers.contains(&e.key) || e.kind == Kind::Container
                    });
                if listed && from != target {
                    push_rel(&mut f, &target, &from, LinkHow::Part, "listed in");
                } else if from != target
                    && !link_verb_to
                    && matches!(
                        prep.as_str(),
                        "of" | "for"
                            | "on"
                            | "in"
                            | "about"
                            | "against"
                            | "at"
                            | "to"
                            | "per"
                            | "from"
                            | "into"
                            | "under"
                            | "within"
                            | "across"
                            | "through"
                    )
                {
                    push_rel(&mut f, &from, &target, LinkHow::Ref, "named together");
                }
            }
            _ => {}
        }
    }
    // "a customer's site", "each pet's vaccinations": the possessed thing
    // belongs to its possessor.
    for (i, m) in parsed.mentions.iter().enumerate() {
        let Some(p) = m.possessor else { continue };
        if let (Some(child), Some(parent)) = (entity_of[i].clone(), entity_of[p].clone()) {
            if child != parent {
                push_rel(
                    &mut f,
                    &child,
                    &parent,
                    LinkHow::Ref,
                    "belongs to its possessor",
                );
            }
        }
    }
    // Fields named in the text, on the entity they describe.
    for (i, m) in parsed.mentions.iter().enumerate() {
        let Class::Attribute { key, word } = &classes[i] else {
            continue;
        };
        if matches!(m.ctx, Ctx::Examples { .. }) {
            continue;
        }
        // "agents set the priority and close tickets": a field set by a
        // person belongs to the main thing of the sentence.
        let main_here =
            match m.ctx {
                Ctx::Object { verb }
                    if parsed.verbs[verb]
                        .subject
                        .is_none_or(|s| entity_of[s].is_none()) =>
                {
                    let busiest = f
                        .entities
                        .values()
                        .max_by(|a, b| a.mentions.cmp(&b.mentions).then(b.first.cmp(&a.first)))
                        .map(|e| e.name.clone());
                    busiest.filter(|b| {
                        parsed.mentions.iter().zip(&entity_of).any(|(x, e)| {
                            x.sentence == m.sentence && e.as_deref() == Some(b.as_str())
                        })
                    })
                }
                _ => None,
            };
        let target = main_here.or_else(|| attribute_owner(parsed, &entity_of, &classes, i));
        let Some(target) = target else { continue };
        let bounds = bounds_after(parsed, m.sentence, m.pos);
        if let Some(e) = f.entities.get_mut(&target) {
            if !e
                .fields
                .iter()
                .any(|x| x.attribute == *key && x.word == *word)
            {
                e.fields.push(NamedField {
                    attribute: key.clone(),
                    word: word.clone(),
                    bounds,
                });
            }
        }
    }
    // Examples: "activities like calls, emails and meetings" → a kind enum.
    for (anchor, examples) in &example_of {
        if let Some(e) = entity_of[*anchor].clone() {
            let values = example_values(parsed, examples);
            if let Some(found) = f.entities.get_mut(&e) {
                found.kinds = values;
            }
        } else if let Class::Entity { key, .. } = &classes[*anchor] {
            // A classifier turned into a field: the values go on what it classifies.
            let values = example_values(parsed, examples);
            let owner = attribute_owner(parsed, &entity_of, &classes, *anchor);
            if let Some(found) = owner.and_then(|o| f.entities.get_mut(&o)) {
                found.fields.push(NamedField {
                    attribute: "status".into(),
                    word: format!("{}:{}", key, values.join(",")),
                    bounds: None,
                });
            }
        }
    }
    // Ratings carry their bounds ("rate them from 1 to 5 stars").
    for v in &parsed.verbs {
        if let Some(ve) = lex.verb_entities.get(&v.lemma) {
            if let Some(bounds) = bounds_after(parsed, v.sentence, v.pos) {
                let name = classify::entity_name(&ve.entity, lex);
                if let Some(e) = f.entities.get_mut(&name) {
                    e.fields.push(NamedField {
                        attribute: "rating".into(),
                        word: "stars".into(),
                        bounds: Some(bounds),
                    });
                }
            }
        }
    }

    // 4. Lists: classifiers classify the other things in their list.
    let mut lists: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (i, m) in parsed.mentions.iter().enumerate() {
        if let Some(e) = &entity_of[i] {
            let l = lists.entry(m.list).or_default();
            if !l.contains(e) {
                l.push(e.clone());
            }
        }
    }
    for items in lists.values() {
        let classifiers: Vec<&String> = items
            .iter()
            .filter(|e| {
                f.entities
                    .get(*e)
                    .is_some_and(|x| matches!(x.kind, Kind::Classifier | Kind::Tag))
            })
            .collect();
        for c in &classifiers {
            let ckey = f.entities[*c].key.clone();
            // "room types" classify rooms; a bare "categories" classifies the first thing listed.
            let modifier = ckey.rsplit_once('-').map(|(m, _)| m.to_owned());
            let classified: Vec<String> = match &modifier {
                Some(m) => f
                    .entities
                    .values()
                    .filter(|e| &e.key == m)
                    .map(|e| e.name.clone())
                    .collect(),
                None => items
                    .iter()
                    .find(|e| {
                        f.entities
                            .get(*e)
                            .is_some_and(|x| !matches!(x.kind, Kind::Classifier | Kind::Tag))
                    })
                    .cloned()
                    .into_iter()
                    .collect(),
            };
            for d in classified {
                push_rel(&mut f, &d, c, LinkHow::Ref, "classified by");
            }
        }
    }
    // Compound classifiers ("room types") classify their modifier anywhere.
    let names: Vec<(String, String)> = f
        .entities
        .values()
        .map(|e| (e.key.clone(), e.name.clone()))
        .collect();
    for (key, name) in &names {
        if classify::generic_head(key, lex) == Some(HeadKind::Classifier) {
            if let Some((modifier, _)) = key.rsplit_once('-') {
                if let Some((_, d)) = names.iter().find(|(k, _)| k == modifier) {
                    push_rel(&mut f, d, name, LinkHow::Ref, "classified by");
                }
            }
        }
    }

    // "consultants log hours against client projects": logged time.
    let te = &lex.time_entries;
    for v in &parsed.verbs {
        let logged = v.objects.iter().any(|o| {
            let m = &parsed.mentions[*o];
            te.words.contains(&m.head().lemma)
                && m.head().plural
                && m.words[..m.words.len() - 1].iter().all(|w| {
                    w.tag != crate::text::Tag::Noun
                        || te.kinds.contains(&w.lemma)
                        || te.modifiers.contains(&w.lemma)
                })
        });
        if !(logged && te.verbs.contains(&v.lemma)) {
            continue;
        }
        let name = classify::entity_name(&te.entity, lex);
        let entry = add_entity(&mut f, lex, &te.entity, &name, (v.sentence, v.pos), None);
        for (prep, target) in &v.preps {
            if let (true, Some(t)) = (
                matches!(prep.as_str(), "against" | "on" | "for"),
                entity_of[*target].clone(),
            ) {
                push_rel(&mut f, &entry, &t, LinkHow::Ref, "time spent on");
            }
        }
    }
    for m in &parsed.mentions {
        let billable = m.words[..m.words.len() - 1]
            .iter()
            .any(|w| te.modifiers.contains(&w.lemma));
        if billable && te.words.contains(&m.head().lemma) {
            let name = classify::entity_name(&te.entity, lex);
            add_entity(&mut f, lex, &te.entity, &name, (m.sentence, m.pos), None);
        }
    }

    // "client sites", "client projects": people named as the owners of a
    // kept thing are kept too (the link follows below).
    let owners_by_name: Vec<(String, (usize, usize))> = parsed
        .mentions
        .iter()
        .zip(&entity_of)
        .filter(|(_, e)| e.is_some())
        .flat_map(|(m, _)| {
            m.words[..m.words.len() - 1]
                .iter()
                .filter(|w| w.tag == crate::text::Tag::Noun && !w.plural)
                .map(move |w| (w.lemma.clone(), (m.sentence, m.pos)))
        })
        .filter(|(word, _)| is_named_person(word, lex))
        .collect();
    for (word, at) in owners_by_name {
        add_entity(&mut f, lex, &word, &word.to_upper_camel_case(), at, None);
    }

    // A modifier that names another thing of the text points at it:
    // "facility reservations" are reservations of a facility.
    for (m, e) in parsed.mentions.iter().zip(&entity_of) {
        let Some(e) = e else { continue };
        if f.entities
            .get(e)
            .is_some_and(|x| classify::generic_head(&x.key, lex) == Some(HeadKind::Classifier))
        {
            continue;
        }
        for w in &m.words[..m.words.len() - 1] {
            if w.tag != crate::text::Tag::Noun {
                continue;
            }
            let modifier = keel_blueprint::names::singularize(&w.text);
            let parent = f
                .entities
                .values()
                .find(|x| x.key == modifier && &x.name != e)
                .map(|x| x.name.clone());
            if let Some(parent) = parent {
                push_rel(&mut f, e, &parent, LinkHow::Ref, "named by its modifier");
            }
        }
    }

    finish(&mut f, parsed, lex, &classes, &mut entity_of);
    f
}

fn finish(
    f: &mut Findings,
    parsed: &Parsed,
    lex: &Lexicon,
    classes: &[Class],
    entity_of: &mut [Option<String>],
) {
    // Primary entity: the most mentioned thing people create or browse.
    f.primary = f
        .entities
        .values()
        .filter(|e| {
            !matches!(
                e.kind,
                Kind::Reaction
                    | Kind::Follow
                    | Kind::Part
                    | Kind::Classifier
                    | Kind::Tag
                    | Kind::Payment
                    | Kind::PersonRecord
                    | Kind::Place
                    | Kind::Org
            )
        })
        .max_by(|a, b| a.mentions.cmp(&b.mentions).then(b.first.cmp(&a.first)))
        .map(|e| e.name.clone());

    // Companions: an order of products has order items.
    let keys: BTreeSet<String> = f.entities.values().map(|e| e.key.clone()).collect();
    for (key, list) in &lex.companions {
        let Some(owner) = f
            .entities
            .values()
            .find(|e| &e.key == key)
            .map(|e| (e.name.clone(), e.first))
        else {
            continue;
        };
        for c in list {
            let Some(item) = c.with_any.iter().find(|k| keys.contains(*k)) else {
                continue;
            };
            let Some(item_name) = f
                .entities
                .values()
                .find(|e| &e.key == item)
                .map(|e| e.name.clone())
            else {
                continue;
            };
            let name = classify::entity_name(&c.entity, lex);
            let companion = add_entity(
                f,
                lex,
                &c.entity,
                &name,
                owner.1,
                Some("an entry of its container"),
            );
            push_rel(f, &companion, &owner.0, LinkHow::Part, "holds items");
            push_rel(f, &companion, &item_name, LinkHow::Ref, "the item");
        }
    }

    // Parents the lexicon knows, when the text names both.
    lexicon_parents(f, lex, false);
    let snapshot: Vec<(String, String, Kind)> = f
        .entities
        .values()
        .map(|e| (e.name.clone(), e.key.clone(), e.kind))
        .collect();

    // Things the text attaches to nothing, named after another thing in
    // the same sentence ("members register apiaries and the hives in each
    // one", "approved claims produce payouts"), refer to the nearest such
    // thing before them.
    attach_to_nearest(f, parsed, entity_of);

    // Reactions without a target are about the primary entity.
    if let Some(primary) = f.primary.clone() {
        for (name, key, kind) in &snapshot {
            let about_primary =
                lex.nouns.get(key).and_then(|n| n.about.as_deref()) == Some("primary");
            if !about_primary || name == &primary || *kind == Kind::Follow {
                continue;
            }
            let has_target = f.relations.iter().any(|r| &r.child == name);
            let has_person = f
                .entities
                .get(name)
                .is_some_and(|e| !e.user_refs.is_empty());
            if !has_target && !has_person {
                push_rel(f, name, &primary, LinkHow::Ref, "what it is about");
            }
        }
    }
    // Things that only exist about something else (bookings, time slots,
    // logs; not lists of things) and that the text attaches to nothing hang on the main thing.
    if let Some(primary) = f.primary.clone() {
        for (name, key, kind) in &snapshot {
            let head = key.rsplit('-').next().unwrap_or(key);
            let dependent = (matches!(kind, Kind::Booking | Kind::Event | Kind::Record)
                || classify::generic_head(key, lex) == Some(HeadKind::Record))
                && !lex.containers.contains(head);
            let attached = f.relations.iter().any(|r| &r.child == name)
                || f.entities
                    .get(name)
                    .is_some_and(|e| !e.user_refs.is_empty());
            if dependent && name != &primary && !attached && !reaches(f, &primary, name) {
                push_rel(f, name, &primary, LinkHow::Ref, "what it is about");
            }
        }
    }
    // A follow without a target follows people.
    for e in f.entities.values_mut() {
        if e.kind == Kind::Follow
            && e.user_refs.is_empty()
            && !f.relations.iter().any(|r| r.child == e.name)
        {
            e.user_refs.push("followed".into());
        }
    }

    parts_named_by_their_whole(f, lex, entity_of);
    profiles::fold_into_owner(f, parsed, lex, classes, entity_of);
    many_to_many::add_stated_joins(f, parsed, lex, classes, entity_of);

    // Many-to-many: things listed with tags get a join entity.
    let tags: Vec<String> = f
        .entities
        .values()
        .filter(|e| lex.many_to_many_kinds.contains(&kind_name(e.kind)))
        .map(|e| e.name.clone())
        .collect();
    for tag in tags {
        // ("tags on cards", "tag ideas": the tag read as a part of the thing.)
        let is_org = |name: &str| f.entities.get(name).is_some_and(|e| e.kind == Kind::Org);
        let tagged: Vec<String> = f
            .relations
            .iter()
            .filter_map(|r| {
                if r.parent == tag {
                    Some(r.child.clone())
                } else if r.child == tag && !is_org(&r.parent) {
                    Some(r.parent.clone())
                } else {
                    None
                }
            })
            .collect();
        f.relations
            .retain(|r| r.parent != tag && (r.child != tag || is_org(&r.parent)));
        for t in tagged {
            let join = format!("{t}{tag}");
            let key = format!(
                "{}-{}",
                keel_blueprint::names::to_snake(&t).replace('_', "-"),
                keel_blueprint::names::to_snake(&tag).replace('_', "-")
            );
            let first = f.entities.get(&t).map(|e| e.first).unwrap_or_default();
            let join = add_entity(f, lex, &key, &join, first, Some(TAG_JOIN));
            if let Some(j) = f.entities.get_mut(&join) {
                j.kind = Kind::Part;
            }
            push_rel(f, &join, &t, LinkHow::Part, "many-to-many");
            push_rel(f, &join, &tag, LinkHow::Part, "many-to-many");
        }
    }

    // Workflows.
    crate::workflow::detect(f, parsed, lex, classes, entity_of);

    // Capabilities.
    f.capabilities = crate::capabilities::detect(parsed, lex, &f.consumed);
    if f.entities.values().any(|e| e.kind == Kind::Payment) {
        f.capabilities.insert(Capability::Payments);
    }
    if f.invitations {
        f.capabilities.insert(Capability::Email);
    }
    implied_records(f, parsed, lex, entity_of);
    // (the records just implied: "owners pay online" settles the invoices)
    lexicon_parents(f, lex, true);
    // Everything a role was seen doing, and parts stay with their parents.
    f.relations.sort();
    f.relations
        .dedup_by(|a, b| a.child == b.child && a.parent == b.parent);
    break_part_cycles(f);
}

/// Parents the lexicon knows, when the text names both: the first of a
/// thing's usual parents that the text names, unless already linked (with
/// `only_unlinked`, only for things linked to nothing yet).
fn lexicon_parents(f: &mut Findings, lex: &Lexicon, only_unlinked: bool) {
    let snapshot: Vec<(String, String, Kind)> = f
        .entities
        .values()
        .map(|e| (e.name.clone(), e.key.clone(), e.kind))
        .collect();
    for (name, key, kind) in &snapshot {
        let Some(noun) = lex.nouns.get(key) else {
            continue;
        };
        let linked: BTreeSet<String> = f
            .relations
            .iter()
            .filter(|r| &r.child == name)
            .map(|r| r.parent.clone())
            .collect();
        if only_unlinked && !linked.is_empty() {
            continue;
        }
        let parents: Vec<String> = noun
            .parents
            .iter()
            .filter_map(|p| {
                snapshot
                    .iter()
                    .find(|(_, k, _)| k == p)
                    .map(|(n, _, _)| n.clone())
            })
            .filter(|p| p != name)
            .collect();
        if let Some(p) = parents.first().filter(|p| !linked.contains(*p)) {
            let how = if *kind == Kind::Part {
                LinkHow::Part
            } else {
                LinkHow::Ref
            };
            push_rel(f, name, p, how, "usually belongs to");
        }
    }
}

fn kind_name(kind: Kind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// `belongs_to` must form a forest: later part links that would close a
/// cycle become references.
fn break_part_cycles(f: &mut Findings) {
    let mut parts: BTreeMap<String, String> = BTreeMap::new();
    for r in f.relations.iter_mut() {
        if r.how != LinkHow::Part {
            continue;
        }
        if parts.contains_key(&r.child) {
            // One parent only: further ones are references.
            r.how = LinkHow::Ref;
            continue;
        }
        let mut at = r.parent.clone();
        let mut cycle = false;
        let mut steps = 0;
        while let Some(p) = parts.get(&at) {
            if *p == r.child || steps > 64 {
                cycle = true;
                break;
            }
            at = p.clone();
            steps += 1;
        }
        if at == r.child {
            cycle = true;
        }
        if cycle {
            r.how = LinkHow::Ref;
        } else {
            parts.insert(r.child.clone(), r.parent.clone());
        }
    }
}

/// Whether the lexicon says `child` usually belongs to `parent` ("a menu
/// has categories": categories belong to the menu).
fn parent_in_lexicon(f: &Findings, child: &str, parent: &str, lex: &Lexicon) -> bool {
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
        kinds: Vec::new(),
        synthesized,
        workflow: None,
        public: false,
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
