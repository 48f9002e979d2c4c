//! Step 4 of a reading: what lists and the words inside phrases say about
//! structure. Classifiers classify what they are listed with ("categories,
//! products"), a compound classifier its modifier ("room types"); logged
//! time is kept as entries; people named as owners of a kept thing are kept
//! ("client sites"); a modifier naming another thing points at it
//! ("facility reservations").

use super::*;

pub(super) fn lists_and_modifiers(
    f: &mut Findings,
    parsed: &Parsed,
    lex: &Lexicon,
    entity_of: &[Option<String>],
) {
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
                push_rel(f, &d, c, LinkHow::Ref, "classified by");
            }
        }
    }
    // Compound classifiers ("room types") classify their modifier anywhere.
    let names = f.key_names();
    for (key, name) in &names {
        if classify::generic_head(key, lex) == Some(HeadKind::Classifier) {
            if let Some((modifier, _)) = key.rsplit_once('-') {
                if let Some((_, d)) = names.iter().find(|(k, _)| k == modifier) {
                    push_rel(f, d, name, LinkHow::Ref, "classified by");
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
        let entry = add_entity(f, lex, &te.entity, &name, (v.sentence, v.pos), None);
        for (prep, target) in &v.preps {
            if let (true, Some(t)) = (
                matches!(prep.as_str(), "against" | "on" | "for"),
                entity_of[*target].clone(),
            ) {
                push_rel(f, &entry, &t, LinkHow::Ref, "time spent on");
            }
        }
    }
    for m in &parsed.mentions {
        let billable = m.words[..m.words.len() - 1]
            .iter()
            .any(|w| te.modifiers.contains(&w.lemma));
        if billable && te.words.contains(&m.head().lemma) {
            let name = classify::entity_name(&te.entity, lex);
            add_entity(f, lex, &te.entity, &name, (m.sentence, m.pos), None);
        }
    }

    // "client sites", "client projects": people named as the owners of a
    // kept thing are kept too (the link follows below).
    let owners_by_name: Vec<(String, (usize, usize))> = parsed
        .mentions
        .iter()
        .zip(entity_of)
        .filter(|(m, e)| e.is_some() && !names_a_party(&m.head().lemma, lex))
        .flat_map(|(m, _)| {
            m.words[..m.words.len() - 1]
                .iter()
                .filter(|w| w.tag == crate::text::Tag::Noun && !w.plural)
                .map(move |w| (w.lemma.clone(), (m.sentence, m.pos)))
        })
        .filter(|(word, _)| is_named_person(word, lex))
        .collect();
    for (word, at) in owners_by_name {
        add_entity(f, lex, &word, &word.to_upper_camel_case(), at, None);
    }

    // A modifier that names another thing of the text points at it:
    // "facility reservations" are reservations of a facility.
    for (m, e) in parsed.mentions.iter().zip(entity_of) {
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
            // ("client companies", "volunteer drivers": the word says what
            // the party is, not whose)
            if names_a_party(&m.head().lemma, lex) && lex.actor(&modifier).is_some() {
                continue;
            }
            let parent = f
                .entities
                .values()
                .find(|x| x.key == modifier && &x.name != e)
                .map(|x| x.name.clone());
            if let Some(parent) = parent {
                push_rel(f, e, &parent, LinkHow::Ref, "named by its modifier");
            }
        }
    }
}

/// A word for a party: a person, or a company or other organization
/// ("client *companies*", "volunteer *drivers*").
fn names_a_party(head: &str, lex: &Lexicon) -> bool {
    lex.actor(head).is_some()
        || lex.tenancy.tenant_words.contains(head)
        || lex
            .nouns
            .get(head)
            .is_some_and(|n| matches!(n.kind, Kind::Org | Kind::PersonRecord))
}
