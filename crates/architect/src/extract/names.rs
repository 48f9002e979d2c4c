//! One thing under one name: a short name and its compound ("orders" and
//! "standing orders", "merit badges" and "each badge") are merged or kept
//! apart, and a bare part is named by its whole ("an order has lines" ->
//! `OrderLine`).

use super::{Findings, LinkHow, add_entity};
use crate::lexicon::{HeadKind, Kind, Lexicon};
use crate::parse::Parsed;

/// A one-word name that is the head of exactly one compound ("stage" and
/// "pipeline stages") is folded into the compound, unless it stands on its
/// own: talked about more, said first ("orders arrive ... a standing
/// order"), or named against a kind ("standing orders or one-off orders").
/// A kind said once and then talked about under its short name ("merit
/// badges ... each badge ... the badge") is folded the other way; prefixed
/// kinds ("sub-recipes") stay apart.
pub(super) fn merge_short_names(
    f: &mut Findings,
    parsed: &Parsed,
    entity_of: &mut [Option<String>],
) {
    let snapshot = f.key_names();
    for (key, name) in &snapshot {
        if key.contains('-') {
            continue;
        }
        let suffix = format!("-{key}");
        let compounds: Vec<&(String, String)> = snapshot
            .iter()
            .filter(|(k, _)| k.ends_with(&suffix))
            .collect();
        if let [(_, long)] = compounds.as_slice() {
            let own_kind = parsed.mentions.iter().zip(entity_of.iter()).any(|(m, e)| {
                e.as_deref() == Some(name.as_str())
                    && m.words.len() > 1
                    && m.words[0].tag == crate::text::Tag::Adj
            });
            let on_its_own = match (f.entities.get(name), f.entities.get(long)) {
                (Some(s), Some(l)) => s.mentions > l.mentions || s.first < l.first || own_kind,
                _ => false,
            };
            if on_its_own {
                let prefix = long_key_modifier(&snapshot, long);
                let talked_about = f
                    .entities
                    .get(name)
                    .zip(f.entities.get(long))
                    .is_some_and(|(s, l)| s.mentions > l.mentions && s.first > l.first);
                if talked_about
                    && !prefix.is_some_and(|p| matches!(p, "sub" | "co" | "pre" | "re" | "non"))
                {
                    fold_entity(f, long, name, entity_of);
                }
                continue;
            }
            fold_entity(f, name, long, entity_of);
        }
    }
}

/// "an order has lines", "each quote has items": a bare line or item is a
/// part of its whole and is named by it (`OrderLine`, `QuoteItem`).
pub(super) fn parts_named_by_their_whole(
    f: &mut Findings,
    lex: &Lexicon,
    entity_of: &mut [Option<String>],
) {
    let bare_parts: Vec<(String, String)> = f
        .entities
        .values()
        .filter(|e| {
            // (a set or an entry is a thing of its own: "exercise sets")
            matches!(e.key.as_str(), "line" | "item")
                && lex.generic_heads.get(e.key.as_str()) == Some(&HeadKind::Part)
        })
        .map(|e| (e.name.clone(), e.key.clone()))
        .collect();
    for (name, key) in bare_parts {
        let wholes: Vec<String> = f
            .relations
            .iter()
            .filter(|r| r.child == name && r.how == LinkHow::Part)
            .map(|r| r.parent.clone())
            .collect();
        let [whole] = wholes.as_slice() else {
            continue;
        };
        let Some(whole_key) = f.entities.get(whole).map(|e| e.key.clone()) else {
            continue;
        };
        let first = f.entities[&name].first;
        let named = add_entity(
            f,
            lex,
            &format!("{whole_key}-{key}"),
            &format!("{whole}{name}"),
            first,
            Some("a part named by its whole"),
        );
        relink(f, &name, &named);
        fold_entity(f, &name, &named, entity_of);
        if let Some(e) = f.entities.get_mut(&named) {
            e.synthesized = None;
            e.kind = Kind::Part;
        }
    }
}

/// The first word of a compound's key ("merit" of "merit-badge").
fn long_key_modifier<'a>(snapshot: &'a [(String, String)], long: &str) -> Option<&'a str> {
    snapshot
        .iter()
        .find(|(_, n)| n == long)
        .and_then(|(k, _)| k.split('-').next())
}

/// Moves every relation of `from` to `into`; a link between the two, now
/// to itself, goes.
pub(super) fn relink(f: &mut Findings, from: &str, into: &str) {
    for r in &mut f.relations {
        if r.child == from {
            r.child = into.to_owned();
        }
        if r.parent == from {
            r.parent = into.to_owned();
        }
    }
    f.relations.retain(|r| r.child != r.parent);
}

/// Folds entity `from` into `into`: its mentions, creators and fields, and
/// every mention that named it.
pub(super) fn fold_entity(
    f: &mut Findings,
    from: &str,
    into: &str,
    entity_of: &mut [Option<String>],
) {
    let Some(folded) = f.entities.shift_remove(from) else {
        return;
    };
    if let Some(l) = f.entities.get_mut(into) {
        l.mentions += folded.mentions;
        l.first = l.first.min(folded.first);
        l.creators.extend(folded.creators);
        l.fields.extend(folded.fields);
    }
    f.aliases.insert(from.to_owned(), into.to_owned());
    for e in entity_of.iter_mut() {
        if e.as_deref() == Some(from) {
            *e = Some(into.to_owned());
        }
    }
}

/// "incidents (..); incident_updates (incident_id, body)": a name the
/// generated code gives to another entity's create or update body or list
/// page (`IncidentUpdate` of `Incident`) would clash in the contract and the
/// web client, so the entity is renamed `IncidentUpdateRecord`, everywhere
/// the findings name it.
pub(super) fn clear_generated_names(f: &mut Findings, entity_of: &mut [Option<String>]) {
    let names: Vec<String> = f.entities.keys().cloned().collect();
    for name in &names {
        let others = names.iter().map(String::as_str);
        let Some((owner, generated)) = keel_blueprint::reserved::generated_name_owner(name, others)
        else {
            continue;
        };
        let new = format!("{name}Record");
        if f.entities.contains_key(&new) {
            continue;
        }
        let Some(index) = f.entities.get_index_of(name) else {
            continue;
        };
        let Some(mut found) = f.entities.shift_remove(name) else {
            continue;
        };
        found.name = new.clone();
        f.entities.shift_insert(index, new.clone(), found);
        let rename = |n: &mut String| {
            if n == name {
                *n = new.clone();
            }
        };
        for r in &mut f.relations {
            rename(&mut r.child);
            rename(&mut r.parent);
        }
        f.powers = std::mem::take(&mut f.powers)
            .into_iter()
            .map(|mut p| {
                rename(&mut p.entity);
                p
            })
            .collect();
        if let Some(p) = &mut f.primary {
            rename(p);
        }
        f.aliases.values_mut().for_each(rename);
        f.aliases.insert(name.clone(), new.clone());
        entity_of.iter_mut().flatten().for_each(rename);
        let quoted = format!("`{name}`");
        for text in f.assumptions.iter_mut().chain(f.questions.iter_mut()) {
            *text = text.replace(&quoted, &format!("`{new}`"));
        }
        f.assumptions.push(format!(
            "`{new}` is the text's \"{}\": `{name}` is the name the generated code gives to `{owner}`'s {}",
            keel_blueprint::names::to_snake(name).replace('_', " "),
            generated.what
        ));
        // (the findings keep their relations sorted by name)
        f.relations.sort();
    }
}
