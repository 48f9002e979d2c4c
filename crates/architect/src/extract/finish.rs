//! The last step of a reading: what the phrases left open is settled from
//! what the lexicon knows and from the whole text (the primary entity,
//! companions, usual parents, dependents of the primary, joins behind tags
//! and stated ones, workflows, capabilities, implied records), and part
//! links are kept a forest.

use super::*;

pub(super) fn finish(
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
            let head = classify::head_of(key);
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
    // ("schools (name, subdomain, logo)": the organization's own logo or
    // photo is uploaded too, though it is no table of the application.)
    let tenant_media = parsed.mentions.iter().zip(classes).any(|(m, c)| {
        matches!(c, Class::Attribute { key, .. } if lex.attribute(key).is_some_and(|a| a.media.is_some()))
            && matches!(m.ctx, Ctx::With { anchor } if classes[anchor] == Class::Tenant)
    });
    if tenant_media {
        f.capabilities.insert(Capability::Uploads);
    }
    implied_records(f, parsed, lex, entity_of);
    // ("nurses record each blood donation", "items flagged for donation":
    // no money without a word for it)
    let speaks_of_money = parsed
        .sentences
        .iter()
        .flatten()
        .any(|w| lex.money_words.contains(&w.lemma) || lex.money_words.contains(&w.text));
    if !speaks_of_money {
        f.capabilities.remove(&Capability::Payments);
    }
    // (the records just implied: "owners pay online" settles the invoices)
    lexicon_parents(f, lex, true);
    // Everything a role was seen doing, and parts stay with their parents.
    f.relations.sort();
    f.relations
        .dedup_by(|a, b| a.child == b.child && a.parent == b.parent);
    break_part_cycles(f);
    super::names::clear_generated_names(f, entity_of);
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
