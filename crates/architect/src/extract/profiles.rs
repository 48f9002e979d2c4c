//! "guest profiles we can reuse", "each animal gets a profile with pics",
//! "tutors create a profile with a bio": a profile of someone or something
//! is that one's own record, not a thing of its own. Only the signed-in
//! user's profile ("each user has a public profile page") stays a
//! `Profile`.

use std::collections::BTreeSet;

use super::Findings;
use super::names::{fold_entity, relink};
use crate::classify::Class;
use crate::lexicon::{Kind, Lexicon};
use crate::parse::Parsed;

/// Folds a `Profile` into the record it describes (a role that owns it is
/// kept as a record of those people).
pub(super) fn fold_into_owner(
    f: &mut Findings,
    parsed: &Parsed,
    lex: &Lexicon,
    classes: &[Class],
    entity_of: &mut [Option<String>],
) {
    let Some(profile) = f
        .entities
        .values()
        .find(|e| e.key == "profile")
        .map(|e| e.name.clone())
    else {
        return;
    };
    // Whose it is: "guest profiles" (the word before it), "each animal
    // gets a profile" (who has or makes it), or the one role that creates it.
    let named_by = f
        .relations
        .iter()
        .find(|r| r.child == profile && r.why == "named by its modifier")
        .map(|r| r.parent.clone());
    let holder = parsed
        .verbs
        .iter()
        .filter(|v| {
            matches!(
                v.lemma.as_str(),
                "have" | "get" | "create" | "set" | "build" | "fill"
            )
        })
        .filter(|v| {
            v.objects
                .iter()
                .any(|o| entity_of[*o].as_deref() == Some(profile.as_str()))
        })
        .find_map(|v| v.subject);
    let holder_entity = holder
        .and_then(|s| entity_of[s].clone())
        .filter(|e| f.entities.get(e).is_some_and(|x| x.kind != Kind::Org));
    let holder_role = holder.and_then(|s| match &classes[s] {
        Class::Actor { role: Some(r), .. } => Some(r.clone()),
        _ => None,
    });
    let creators: Vec<String> = f.entities[&profile]
        .creators
        .iter()
        .filter(|c| !c.is_empty() && !matches!(c.as_str(), "user" | "admin" | "member"))
        .cloned()
        .collect();
    let sole_creator = match creators.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    };
    let owner = match named_by.or(holder_entity) {
        Some(owner) => owner,
        None => {
            let Some(person) = holder_role.or(sole_creator) else {
                return;
            };
            let key = person.replace('_', "-");
            if matches!(key.as_str(), "user" | "member") {
                return;
            }
            let first = f.entities[&profile].first;
            let Some(record) = super::people::people_record(f, lex, &key, first) else {
                return;
            };
            record
        }
    };
    // (A field the owner already has, by what it means, is not added twice.)
    let mut known: BTreeSet<String> = f
        .entities
        .get(&owner)
        .map(|o| o.fields.iter().map(|x| x.attribute.clone()).collect())
        .unwrap_or_default();
    if let Some(p) = f.entities.get_mut(&profile) {
        p.fields.retain(|x| known.insert(x.attribute.clone()));
    }
    relink(f, &profile, &owner);
    fold_entity(f, &profile, &owner, entity_of);
}
