//! State machines from verbs of approval and progress ("approve or reject",
//! "mark ready", "check in and out", "review drafts before they are
//! published"): which lexicon workflow applies to which entity, and who
//! makes its transitions.

use std::collections::BTreeMap;

use crate::classify::Class;
use crate::extract::Findings;
use crate::lexicon::Lexicon;
use crate::parse::Parsed;

/// Words of a trigger must come in order, each within this many words of the last.
const GAP: usize = 4;

pub fn detect(
    f: &mut Findings,
    parsed: &Parsed,
    lex: &Lexicon,
    classes: &[Class],
    entity_of: &[Option<String>],
) {
    // entity → (score, workflow, actor role)
    let mut best: BTreeMap<String, (usize, usize, String, Option<String>)> = BTreeMap::new();
    for (order, (name, wf)) in lex.workflows.iter().enumerate() {
        for trigger in &wf.triggers {
            for (si, sentence) in parsed.sentences.iter().enumerate() {
                let Some(at) = find(sentence, trigger) else {
                    continue;
                };
                // The verb that triggered it, its subject and object.
                let verb = parsed
                    .verbs
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| v.sentence == si && trigger.contains(&v.lemma))
                    .min_by_key(|(_, v)| v.pos.abs_diff(at));
                let actor = verb
                    .and_then(|(_, v)| v.subject)
                    .and_then(|s| match &classes[s] {
                        Class::Actor { role, .. } => role.clone(),
                        _ => None,
                    });
                let preferred = wf.prefer.iter().find_map(|k| {
                    f.entities
                        .values()
                        .find(|e| &e.key == k)
                        .map(|e| e.name.clone())
                });
                if wf.only_prefer && preferred.is_none() {
                    continue;
                }
                let object = verb.and_then(|(vi, v)| {
                    v.objects
                        .iter()
                        .find_map(|o| entity_of[*o].clone())
                        .or_else(|| {
                            v.pronoun_object
                                .then(|| pronoun(parsed, entity_of, vi))
                                .flatten()
                        })
                });
                let in_sentence = parsed
                    .mentions
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| m.sentence == si)
                    .find_map(|(i, _)| entity_of[i].clone());
                let target = preferred
                    .or(object)
                    .or(in_sentence)
                    .or_else(|| f.primary.clone());
                let Some(target) = target else { continue };
                let score = trigger.len();
                let entry = best
                    .entry(target)
                    .or_insert((0, usize::MAX, String::new(), None));
                if score > entry.0 || (score == entry.0 && order < entry.1) {
                    *entry = (
                        score,
                        order,
                        name.clone(),
                        actor.clone().or(entry.3.clone()),
                    );
                } else if entry.2 == *name && entry.3.is_none() {
                    entry.3 = actor;
                }
            }
        }
    }
    for (entity, (_, _, workflow, actor)) in best {
        if let Some(e) = f.entities.get_mut(&entity) {
            e.workflow = Some((workflow, actor));
        }
    }
}

/// Position of the first word of a trigger found in the sentence.
fn find(sentence: &[crate::text::Word], trigger: &[String]) -> Option<usize> {
    let matches = |i: usize, want: &str| sentence[i].lemma == want || sentence[i].text == want;
    (0..sentence.len()).find(|&start| {
        if !matches(start, &trigger[0]) {
            return false;
        }
        let mut at = start;
        trigger[1..].iter().all(|want| {
            match (at + 1..sentence.len().min(at + 1 + GAP)).find(|&i| matches(i, want)) {
                Some(i) => {
                    at = i;
                    true
                }
                None => false,
            }
        })
    })
}

fn pronoun(parsed: &Parsed, entity_of: &[Option<String>], verb: usize) -> Option<String> {
    let v = &parsed.verbs[verb];
    parsed
        .mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| (m.sentence, m.pos) < (v.sentence, v.pos) && m.sentence + 1 >= v.sentence)
        .filter(|(_, m)| !matches!(m.ctx, crate::parse::Ctx::Subject))
        .filter_map(|(j, _)| entity_of[j].clone())
        .next_back()
}
