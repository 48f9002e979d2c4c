//! From mentions and verb uses to the findings of a design: the entities
//! the text supports, how they relate, who does what, which fields the
//! text names, and which platform features it needs.

use heck::ToUpperCamelCase;
use keel_blueprint::names::singularize;
use std::collections::{BTreeMap, BTreeSet};

use keel_blueprint::document::Capability;

use crate::classify::{self, Class, Setting};
use crate::lexicon::{HeadKind, Kind, Lexicon, VerbClass};
use crate::parse::{Anchor, Ctx, Parsed};

mod audience;
mod classes;
mod context;
mod declared;
mod documents;
mod evidence;
mod findings;
mod finish;
mod implied;
mod lists;
mod many_to_many;
mod names;
mod people;
mod profiles;
mod structure;

use audience::opens_to_the_public;
use classes::classes_of_mentions;
use context::*;
use declared::keep_declared_columns_as_values;
use evidence::*;
use implied::{attach_to_nearest, implied_records};
use names::{merge_short_names, parts_named_by_their_whole};
use people::*;

pub use findings::{
    Findings, Found, LinkHow, NamedField, Power, Relation, TAG_JOIN, noun_kind, safe_entity_name,
};
use findings::{add_entity, parent_in_lexicon, push_rel, reaches};
use finish::finish;
use lists::lists_and_modifiers;
use structure::structure_from_phrases;

/// `columns`: the fields a developer's table list declares, by table key
/// (`text::Analysed::columns`); `description`: the text as written.
pub fn extract(
    parsed: &Parsed,
    lex: &Lexicon,
    columns: &BTreeMap<String, Vec<String>>,
    description: &str,
) -> Findings {
    let mut f = Findings {
        multi_tenant: detect_tenancy(parsed, lex),
        ..Findings::default()
    };
    let setting = Setting {
        multi_tenant: f.multi_tenant,
        tenant_word: tenant_named(parsed, lex),
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
                || m.subject_of.iter().any(|v| {
                    let v = &parsed.verbs[*v];
                    // ("customers register appliances" register things,
                    // not themselves; "each student keeps a log")
                    lex.person_records.holds.contains(&v.lemma)
                        || lex.person_records.joins.contains(&v.lemma) && v.objects.is_empty()
                })
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
        // ("species are picked from a checklist")
        let evidence = supported(m, &classes[i], parsed, lex)
            || defined.contains_key(&i)
            || picked_from_a_list(i, parsed, lex);
        if !evidence
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
            ) || (prep == "by" && class == VerbClass::Read)
                // ("questionnaires built from templates": what a participle
                // says a thing is made from; not "parents add kids .. and
                // order lunches from the menu")
                || (prep == "from" && class == VerbClass::Create && v.subject.is_none());
            // ("sessions that are held in rooms": what a passive verb acts
            // on is its subject)
            let acted_on = (v.passive && agent.is_none())
                .then(|| v.subject.and_then(|s| entity_of[s].clone()))
                .flatten();
            // ("each cemetery is divided into sections": the sections are
            // its parts)
            let divided = prep == "into" && lex.divide_verbs.contains(&v.lemma);
            if relating {
                for o in objects.iter().chain(&acted_on).filter(|o| *o != &t) {
                    if divided {
                        push_rel(&mut f, &t, o, LinkHow::Part, "a part it is divided into");
                    } else {
                        push_rel(&mut f, o, &t, LinkHow::Ref, "named together");
                    }
                }
            }
        }
        // "each session happens in a room", "a drive runs at one
        // location": a thing that happens somewhere refers to the place.
        if v.objects.is_empty() && !v.passive && !v.pronoun_object {
            if let Some(subject) = v.subject.and_then(|s| entity_of[s].clone()) {
                for (prep, target) in &v.preps {
                    if let Some(place) = entity_of[*target].clone() {
                        if matches!(prep.as_str(), "in" | "at") && !reaches(&f, &place, &subject) {
                            push_rel(&mut f, &subject, &place, LinkHow::Ref, "happens there");
                        }
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
            // ("apprentices are enrolled on a programme": people it is done
            // to, into a thing)
            let done_to_people = v.passive
                && v.subject
                    .is_some_and(|s| matches!(classes[s], Class::Actor { .. }))
                && v.preps
                    .iter()
                    .any(|(p, t)| ve.preps.contains(p) && entity_of[*t].is_some());
            // ("each bug is assigned to a developer": the thing assigned is
            // the subject, and only one person can be meant)
            let assigned_passive = v.passive
                && ve.needs_person_to
                && !done_by_people
                && !done_to_people
                && !ve.passive;
            let objects: Vec<String> = match v.subject.and_then(|s| entity_of[s].clone()) {
                Some(subject) if assigned_passive && !objects.contains(&subject) => {
                    objects.iter().cloned().chain([subject]).collect()
                }
                _ => objects.clone(),
            };
            if (v.passive && !done_by_people && !done_to_people && !ve.passive && !assigned_passive)
                || (ve.only_without_tenancy && f.multi_tenant)
            {
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
            // ("students sign up and pay": the thing just named)
            if objects.is_empty() && v.preps.is_empty() {
                let joined = (!ve.preps.is_empty() && v.subject.is_some())
                    .then(|| thing_just_named(parsed, &entity_of, vi))
                    .flatten();
                if let Some(t) = relative_antecedent(parsed, &entity_of, vi).or(joined) {
                    targets.push(t);
                }
            }
            // (the things after the verb entity's prepositions: "enter
            // horses into a show")
            let prep_things: Vec<String> = v
                .preps
                .iter()
                .filter(|(p, _)| ve.preps.contains(p))
                .filter_map(|(_, t)| entity_of[*t].clone())
                .collect();
            targets.extend(prep_things.iter().cloned());
            // ("clients could message us": a person, though no phrase)
            let person_pronoun = parsed.sentences[v.sentence]
                .get(v.pos + 1)
                .is_some_and(|w| matches!(w.text.as_str(), "us" | "me" | "you" | "him" | "her"));
            let person_target = ve.person
                && (v.reciprocal
                    || person_pronoun
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
                        lex.single_assignee.contains(&e.key)
                            || lex.single_assignee.contains(classify::head_of(&e.key))
                            || (to_one_person && e.kind != Kind::PersonRecord)
                    })
                })
                .cloned()
                .collect();
            if assigned_passive && single.is_empty() {
                continue;
            }
            if ve.needs_person_to && !single.is_empty() {
                // (the role of the person it goes to: "to a driver")
                let assigned: Vec<String> = v
                    .preps
                    .iter()
                    .filter(|(p, _)| p == "to")
                    .filter_map(|(_, t)| match &classes[*t] {
                        Class::Actor { role: Some(r), .. } => Some(r.clone()),
                        _ => None,
                    })
                    .collect();
                for o in single {
                    if let Some(e) = f.entities.get_mut(&o) {
                        if !e.user_refs.iter().any(|r| r == "assignee") {
                            e.user_refs.push("assignee".into());
                        }
                        for role in &assigned {
                            if !e.assigned_to.contains(role) {
                                e.assigned_to.push(role.clone());
                            }
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
                f.entities.get(o).is_some_and(|e| {
                    // ("a flight voucher" is a voucher)
                    let head = classify::head_of(&e.key);
                    ve.unless_object.iter().any(|u| u == &e.key || u == head)
                })
            });
            // ("enter a race", "enter horses into a show"; not "enter the
            // scores": only things of the listed kinds make the record)
            let allowed = ve.only_with.is_empty()
                || objects.iter().chain(&prep_things).any(|o| {
                    f.entities.get(o).is_some_and(|e| {
                        let head = classify::head_of(&e.key);
                        ve.only_with.iter().any(|w| w == &e.key || w == head)
                    })
                });
            if !allowed {
                continue;
            }
            // (Money that does not go through the application.)
            let words = &parsed.sentences[v.sentence];
            let money_elsewhere = implied == Kind::Payment
                && (crate::text::money_kept_outside(words, lex)
                    || crate::text::pays_us(words, v.pos));
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
    structure_from_phrases(&mut f, parsed, lex, &classes, &entity_of, &example_of);
    documents::document_details(&mut f, parsed, &classes, &entity_of);

    // 4. Lists and modifiers.
    lists_and_modifiers(&mut f, parsed, lex, &entity_of);

    // (before `finish`: what the dropped columns leave unattached is
    // attached there)
    let dropped = keep_declared_columns_as_values(&mut f, columns, description);
    for named in &mut entity_of {
        if named.as_ref().is_some_and(|n| dropped.contains(n)) {
            *named = None;
        }
    }
    finish(&mut f, parsed, lex, &classes, &mut entity_of);
    f.public_visitors |= opens_to_the_public(parsed, lex);
    f
}
