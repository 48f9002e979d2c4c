//! Step 3 of a reading: the structure phrases state. What a thing is said
//! "with" is a part of it, or what classifies it; a preposition between two
//! things relates them; a field goes on the thing it is said of; examples
//! become the values of a kind; ratings carry their bounds.

use super::*;

pub(super) fn structure_from_phrases(
    f: &mut Findings,
    parsed: &Parsed,
    lex: &Lexicon,
    classes: &[Class],
    entity_of: &[Option<String>],
    example_of: &BTreeMap<usize, Vec<usize>>,
) {
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
                        push_rel(f, &parent, &child, LinkHow::Ref, "classified by")
                    }
                    Some(Kind::Classifier)
                        if bare && !parent_in_lexicon(f, &child, &parent, lex) =>
                    {
                        push_rel(f, &parent, &child, LinkHow::Ref, "classified by")
                    }
                    _ => push_rel(f, &child, &parent, LinkHow::Part, "part of"),
                }
            }
            // "each route has a bus and a driver": a person kept as a record
            // (`people::person_record`) is someone the thing refers to.
            (Ctx::With { .. } | Ctx::Object { .. }, Class::Actor { .. })
                if entity_of[i].is_some() =>
            {
                let holder = super::people::holder_of(m, parsed);
                if let (Some(person), Some(thing)) = (
                    entity_of[i].clone(),
                    holder.and_then(|h| entity_of[h].clone()),
                ) {
                    if person != thing {
                        push_rel(f, &thing, &person, LinkHow::Ref, "has a person");
                    }
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
                    push_rel(f, &target, &from, LinkHow::Part, "listed in");
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
                    push_rel(f, &from, &target, LinkHow::Ref, "named together");
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
                push_rel(f, &child, &parent, LinkHow::Ref, "belongs to its possessor");
            }
        }
    }
    // "add vendors and their contacts", "a venue and its rooms": a thing
    // listed with "their"/"its" after another thing belongs to it ("a firm
    // tracks its clients and their matters"). (Not "their cleaners and
    // their clients": both are someone else's; nor
    // "product photos and their certificate": photos, a field's word,
    // own nothing.)
    for (i, m) in parsed.mentions.iter().enumerate() {
        let Some(pronoun) = m.word_before(&parsed.sentences, 1) else {
            continue;
        };
        let plural_owner = match pronoun.text.as_str() {
            "their" => true,
            "its" => false,
            _ => continue,
        };
        let joined = m
            .word_before(&parsed.sentences, 2)
            .is_some_and(|w| matches!(w.text.as_str(), "and" | "with" | "plus" | "&"));
        let owner = (0..i)
            .rev()
            .find(|&j| {
                parsed.mentions[j].list == m.list && parsed.mentions[j].sentence == m.sentence
            })
            .filter(|&j| {
                let o = &parsed.mentions[j];
                o.head().plural == plural_owner
                    && lex.attribute(&o.head().lemma).is_none()
                    && o.word_before(&parsed.sentences, 1)
                        .is_none_or(|w| w.text != pronoun.text)
            });
        if let (true, Some(j)) = (joined, owner) {
            if let (Some(child), Some(parent)) = (entity_of[i].clone(), entity_of[j].clone()) {
                if child != parent {
                    push_rel(f, &child, &parent, LinkHow::Ref, "listed as its owner's");
                }
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
                        parsed.mentions.iter().zip(entity_of).any(|(x, e)| {
                            x.sentence == m.sentence && e.as_deref() == Some(b.as_str())
                        })
                    })
                }
                _ => None,
            };
        let target = main_here.or_else(|| attribute_owner(parsed, entity_of, classes, i));
        let Some(target) = target else { continue };
        let bounds = bounds_after(parsed, m.sentence, m.pos);
        // "grade (easy/moderate/hard)": the values the text gives.
        let word = &listed_values(parsed, m, lex).map_or_else(
            || word.clone(),
            |values| format!("{}:{}", singularize(word), values.join(",")),
        );
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
    for (anchor, examples) in example_of {
        if let Some(e) = entity_of[*anchor].clone() {
            let values = example_values(parsed, examples);
            if let Some(found) = f.entities.get_mut(&e) {
                found.kinds = values;
            }
        } else if let Class::Entity { key, .. } = &classes[*anchor] {
            // A classifier turned into a field: the values go on what it classifies.
            let values = example_values(parsed, examples);
            let owner = attribute_owner(parsed, entity_of, classes, *anchor);
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
}

/// The values listed in parentheses after a field's word, unless they are
/// details of their own ("address (street, city, postcode)").
fn listed_values<'a>(
    parsed: &'a Parsed,
    m: &crate::parse::Mention,
    lex: &Lexicon,
) -> Option<&'a Vec<String>> {
    let head = &m.head().text;
    let modified = match m.words.as_slice() {
        [.., modifier, _] => parsed.values.get(&format!("{} {head}", modifier.text)),
        _ => None,
    };
    let values = modified.or_else(|| parsed.values.get(head))?;
    let details = values
        .iter()
        .any(|v| lex.attribute(v).is_some() || lex.nouns.contains_key(v) || lex.actor(v).is_some());
    (!details).then_some(values)
}
