//! People in the text: who is a role, who is also a record the
//! application keeps ("staff register owners"), and groups at work
//! ("the finance team").

use crate::classify::{self, Class};
use crate::lexicon::{Lexicon, VerbClass};
use crate::parse::{Anchor, Ctx, Parsed};

/// A word the lexicon does not know, in the plural, doing something to
/// things ("team captains register their team", "officers make the final
/// decision"): people, whatever their word ends in.
pub(super) fn acts_on_things(m: &crate::parse::Mention, parsed: &Parsed, lex: &Lexicon) -> bool {
    let head = &m.head().lemma;
    // ("households make a pledge", "teams register": groups are things.)
    m.head().plural
        && !lex.knows(head)
        && !lex.person_records.generic.contains(head)
        && classify::is_name_like(head)
        && m.subject_of.iter().any(|v| {
            let v = &parsed.verbs[*v];
            !v.passive
                && !v.objects.is_empty()
                && matches!(
                    lex.verb_class(&v.lemma),
                    VerbClass::Create | VerbClass::Update | VerbClass::Delete
                )
        })
}

/// The role of a group that does something: "the finance team", "the
/// support desk" → `finance`, `support`.
pub(super) fn group_role(
    m: &crate::parse::Mention,
    parsed: &Parsed,
    lex: &Lexicon,
) -> Option<String> {
    let n = m.words.len();
    if m.subject_of.iter().all(|v| parsed.verbs[*v].passive) {
        return None;
    }
    // "the board approves or denies requests": a body of people that decides.
    let the_body = m
        .word_before(&parsed.sentences, 1)
        .is_some_and(|w| matches!(w.text.as_str(), "the" | "its" | "our" | "their"));
    if n == 1 && the_body && lex.deciding_bodies.contains(&m.head().lemma) {
        return Some(m.head().lemma.clone());
    }
    if n < 2 {
        return None;
    }
    // ("the sales team": the group's word as written, not "sale")
    let modifier = &m.words[n - 2];
    let word = modifier.text.clone();
    (lex.group_heads.contains(&m.head().lemma)
        && modifier.tag == crate::text::Tag::Noun
        && classify::is_name_like(&word)
        && lex.actor(&word).is_none())
    .then_some(word)
}

/// People the application keeps records about, not only people who sign
/// in: "a customer's site" (a person who owns a thing), "staff register
/// owners", "a list of vendors". The key is the text's own word.
pub(super) fn person_record(
    i: usize,
    parsed: &Parsed,
    classes: &[Class],
    lex: &Lexicon,
) -> Option<String> {
    let m = &parsed.mentions[i];
    // ("manage the instructor list": the people the view shows)
    let shown = (m.words.len() >= 2 && lex.views.contains(&m.head().lemma))
        .then(|| keel_blueprint::names::singularize(&m.words[m.words.len() - 2].text));
    let word = shown.as_ref().unwrap_or(&m.head().lemma);
    // Person words the lexicon ignores as accounts ("owner") still name
    // people when the text registers them.
    let person = match &classes[i] {
        Class::Actor { entity: None, .. } => true,
        // (people the lexicon keeps only when named: kept here too when
        // the text describes them or gives them things)
        Class::Actor {
            key,
            entity: Some(e),
            ..
        } => {
            e.eq_ignore_ascii_case(word) && lex.actor(key).is_some_and(|(_, a)| a.record_when_named)
        }
        Class::Ignore => m.words.len() == 1 && lex.actor(word).is_some(),
        _ => false,
    };
    if !person {
        return None;
    }
    // "adding people with names, birth dates and places": people described
    // by fields are records, even under the plainest word.
    let possessors: Vec<usize> = parsed.mentions.iter().filter_map(|x| x.possessor).collect();
    let described = parsed
        .mentions
        .iter()
        .enumerate()
        .zip(classes)
        .filter(|((at, _), _)| !possessors.contains(at))
        .map(|((_, x), c)| (x, c))
        .filter(|(x, c)| {
            // (details the design leaves out, "a licence number", count too;
            // so do words it does not know when the people have them: "every
            // member has a callsign", not "assign it to a technician with a
            // date")
            matches!(x.ctx, Ctx::With { anchor } if anchor == i)
                && match c {
                    Class::Attribute { .. } | Class::Ignore => true,
                    Class::Entity { .. } => m.ctx == Ctx::Subject,
                    _ => false,
                }
        })
        .count()
        >= 2;
    // "we keep the homeowner's name, phone and email": details said as the
    // person's own describe the person too.
    let described = described
        || parsed.mentions.iter().zip(classes).any(|(x, c)| {
            x.possessor == Some(i)
                && matches!(c, Class::Attribute { .. })
                && parsed
                    .mentions
                    .iter()
                    .zip(classes)
                    .filter(|(y, c)| {
                        y.list == x.list
                            && y.ctx == x.ctx
                            && matches!(c, Class::Attribute { .. } | Class::Ignore)
                    })
                    .count()
                    >= 2
        });
    if described && matches!(word.as_str(), "people" | "person" | "individual") {
        return Some("person".to_owned());
    }
    // "we keep emergency contacts for each member", "one invoice per
    // member", "what I owe each narrator": something is kept per person
    // (not "each surveyor walks a transect": the person acting).
    let one_by_one = m
        .word_before(&parsed.sentences, 1)
        .is_some_and(|w| matches!(w.text.as_str(), "each" | "every" | "per"))
        && (m.ctx != Ctx::Subject || m.head().possessive);
    // ("drivers have name, CDL number, phone"; "every member has a name,
    // an email and a plan": described or kept one by one, even a member is
    // a record.)
    if (described || one_by_one)
        && classify::is_name_like(word)
        && !lex.person_records.accounts.contains(word)
    {
        return Some(word.clone());
    }
    if lex.person_records.generic.contains(word) || !classify::is_name_like(word) {
        return None;
    }
    // (what "have" or "own" itself acts on: not "managers close a pitch and
    // have everyone notified")
    let owning = |v: usize| matches!(parsed.verbs[v].lemma.as_str(), "have" | "own");
    // "we take measurements of the customer" (right after "of": not "tickets
    // of this week and which tailor")
    let after_of = (1..=2)
        .filter_map(|back| m.word_before(&parsed.sentences, back))
        .take_while(|w| w.text == "of" || w.tag == crate::text::Tag::Det)
        .any(|w| w.text == "of");
    let of_thing = match &m.ctx {
        Ctx::Prep {
            prep,
            anchor: Anchor::Mention(a),
        } if after_of && prep == "of" => Some(*a),
        _ => None,
    };
    let owns_a_thing = parsed
        .mentions
        .iter()
        .zip(classes)
        .enumerate()
        .any(|(at, (x, c))| {
            // "each client can have several projects"
            // "customers often own several bikes"
            let has = match x.ctx {
                Ctx::With { anchor } if anchor == i => m.subject_of.iter().any(|v| owning(*v)),
                Ctx::Object { verb } => m.subject_of.contains(&verb) && owning(verb),
                // ("clients can have more than one address")
                Ctx::Prep {
                    anchor: Anchor::Verb(verb),
                    ..
                } => m.subject_of.contains(&verb) && owning(verb),
                _ => false,
            };
            let owned = x.possessor == Some(i) || has || of_thing == Some(at);
            owned && matches!(c, Class::Entity { .. })
        });
    // "a buyer belongs to exactly one customer account": people who belong
    // to a thing are rows that point at it.
    let belongs_to_a_thing = m.subject_of.iter().any(|v| {
        let v = &parsed.verbs[*v];
        v.lemma == "belong"
            && !v.passive
            && v.objects.is_empty()
            && v.preps.iter().any(|(p, t)| {
                lex.belong_preps.contains(p) && matches!(classes[*t], Class::Entity { .. })
            })
    });
    // "each route has a bus and a driver", "each route gets a bus, a driver
    // and a list of stops": a person a thing has is a record it points at,
    // when the text never has such people act (drivers who sign in are
    // users, not records).
    let thing = |at: usize| matches!(classes[at], Class::Entity { .. });
    let had_by_a_thing = holder_of(m, parsed).is_some_and(thing);
    let among_details = parsed.mentions.iter().zip(classes).any(|(x, c)| {
        x.sentence == m.sentence
            && x.list == m.list
            && x.ctx == m.ctx
            && matches!(c, Class::Attribute { .. })
    });
    let never_acts = || {
        parsed
            .mentions
            .iter()
            .all(|x| x.head().lemma != m.head().lemma || x.subject_of.is_empty())
    };
    let had_by_a_thing = had_by_a_thing && !among_details && never_acts();
    let owns_a_thing = owns_a_thing || belongs_to_a_thing || had_by_a_thing;
    // Any verb of the phrase counts: "admin adds and removes instructors".
    let registered_by_verb = parsed.verbs.iter().any(|v| {
        let acted_on =
            v.objects.contains(&i) && v.subject.is_none_or(|s| s != i && classes[s] != classes[i]);
        // "attendees are registered through an online form", "customers
        // are emailed an invoice": the same, said of the people themselves
        let passive_subject = v.passive && v.subject == Some(i);
        (acted_on || passive_subject) && lex.person_records.verbs.contains(&v.lemma)
    });
    let registered = registered_by_verb
        || match &m.ctx {
            Ctx::Prep {
                prep,
                anchor: Anchor::Mention(a),
            } => {
                prep == "of"
                    && lex
                        .person_records
                        .lists
                        .contains(&parsed.mentions[*a].head().lemma)
            }
            _ => false,
        };
    // "parents view their children's grades": in a school that keeps
    // students, the children are those students.
    let stood_for = lex.person_records.stand_ins.get(word).is_some_and(|kept| {
        classes.iter().any(|c| match c {
            Class::Actor {
                entity: Some(e), ..
            } => kept.iter().any(|k| k.eq_ignore_ascii_case(e)),
            _ => false,
        })
    });
    ((owns_a_thing || registered || described) && !stood_for).then(|| word.clone())
}

/// The mention whose "has"/"gets" names `m`, one person: "each route has a
/// bus and a driver", "each route gets a driver". (Not "interviews with
/// older residents": company, not possession; nor several people, "each
/// depot has drivers", "two tutors", nor "a driver's signature".)
pub(super) fn holder_of(m: &crate::parse::Mention, parsed: &Parsed) -> Option<usize> {
    let head = m.head();
    let counted = m.word_before(&parsed.sentences, 1).is_some_and(|w| {
        w.text.chars().all(|c| c.is_ascii_digit()) && w.text != "1"
            || matches!(
                w.text.as_str(),
                "two" | "three" | "four" | "several" | "many" | "some"
            )
    });
    if head.plural || head.possessive || counted {
        return None;
    }
    let having = |v: &crate::parse::VerbUse| matches!(v.lemma.as_str(), "have" | "get");
    match m.ctx {
        Ctx::With { anchor } => parsed
            .verbs
            .iter()
            .any(|v| having(v) && v.subject == Some(anchor))
            .then_some(anchor),
        Ctx::Object { verb } => parsed.verbs[verb]
            .subject
            .filter(|_| having(&parsed.verbs[verb])),
        _ => None,
    }
}

/// People who have people of their own: "parents view their children's
/// grades" keeps the parents, linked to the children.
pub(super) fn parents_of_people(parsed: &Parsed, classes: &[Class]) -> Vec<String> {
    parsed
        .verbs
        .iter()
        .filter_map(|v| {
            let subject = v.subject?;
            let Class::Actor { key, .. } = &classes[subject] else {
                return None;
            };
            // The people may be the object or own it ("their children's grades").
            let people = v
                .objects
                .iter()
                .flat_map(|o| std::iter::once(*o).chain(parsed.mentions[*o].possessor));
            let has_their_people = people.into_iter().any(|o| {
                matches!(classes[o], Class::Actor { .. })
                    && parsed.mentions[o]
                        .word_before(&parsed.sentences, 1)
                        .is_some_and(|w| {
                            matches!(w.text.as_str(), "their" | "his" | "her" | "your" | "my")
                        })
            });
            has_their_people.then(|| key.clone())
        })
        .collect()
}

/// A word for a particular kind of person that could be kept as a record:
/// "client", "customer", not "user" or "staff"; and not a person the
/// lexicon keeps under another name or only when named ("guest").
pub(super) fn is_named_person(word: &str, lex: &Lexicon) -> bool {
    lex.actor(word)
        .is_some_and(|(_, a)| match a.entity.as_deref() {
            None => true,
            // ("client sites": clients, always kept, under their own word)
            Some(e) => e.eq_ignore_ascii_case(word) && !a.record_when_named,
        })
        && !lex.person_records.generic.contains(word)
        && classify::is_name_like(word)
}

/// "Roles: planner, operator, QC", "user roles: front desk, manager",
/// "Users: quality manager, operators": a list after a heading that says
/// roles or users, one role per item.
pub(super) fn listed_roles(parsed: &Parsed) -> Vec<String> {
    use crate::text::Tag;
    let mut roles = Vec::new();
    // ("## Users" then "- Growers: register fields": each line under a
    // heading that says users or roles opens with one)
    let mut under_heading = false;
    for s in &parsed.sentences {
        let lemmas: Vec<&str> = s.iter().map(|w| w.lemma.as_str()).collect();
        if matches!(lemmas.as_slice(), ["user" | "role"] | ["user", "role"]) {
            under_heading = true;
            continue;
        }
        let Some(colon) = s.iter().position(|w| w.tag == Tag::Colon) else {
            under_heading = false;
            continue;
        };
        let opens_with_people =
            (1..=3).contains(&colon) && s[..colon].iter().all(|w| w.tag == Tag::Noun);
        if under_heading && opens_with_people {
            let words: Vec<&str> = s[..colon].iter().map(|w| w.lemma.as_str()).collect();
            roles.push(words.join("_"));
            continue;
        }
        under_heading = false;
        if colon == 0 || colon > 2 || !matches!(s[colon - 1].lemma.as_str(), "role" | "user") {
            continue;
        }
        for item in s[colon + 1..].split(|w| matches!(w.tag, Tag::Comma | Tag::Conj)) {
            let words: Vec<&str> = item
                .iter()
                .filter(|w| matches!(w.tag, Tag::Noun | Tag::Adj))
                .map(|w| w.lemma.as_str())
                .collect();
            // (Only plain items: "roles: admins can do everything" is prose.)
            if words.is_empty() || words.len() > 3 || words.len() < item.len() {
                continue;
            }
            roles.push(words.join("_"));
        }
    }
    roles
}

/// The record kept of people under their word ("speaker" → `Speaker`),
/// unless the word names the accounts themselves (`User`, `Organization`).
pub(super) fn people_record(
    f: &mut super::Findings,
    lex: &Lexicon,
    key: &str,
    first: (usize, usize),
) -> Option<String> {
    use heck::ToUpperCamelCase;
    let name = key.to_upper_camel_case();
    if keel_blueprint::reserved::BUILTIN_ENTITIES.contains(&name.as_str()) {
        return None;
    }
    Some(super::add_entity(f, lex, key, &name, first, None))
}

/// "store managers approve refunds; area managers see every store": two
/// kinds of one role word are two roles (`store_manager`,
/// `area_manager`), told apart by the noun before it. One kind alone keeps
/// the plain word ("office staff" are the staff).
pub(super) fn roles_told_apart(classes: Vec<Class>, parsed: &Parsed, lex: &Lexicon) -> Vec<Class> {
    let kind_of = |m: &crate::parse::Mention, c: &Class| -> Option<(String, String)> {
        let Class::Actor {
            role: Some(role), ..
        } = c
        else {
            return None;
        };
        let [.., modifier, head] = m.words.as_slice() else {
            return None;
        };
        let kind = classify::modifier_key(&modifier.text, lex);
        (*role == head.lemma
            && modifier.tag == crate::text::Tag::Noun
            && !modifier.possessive
            && classify::is_name_like(&kind)
            && lex.actor(&kind).is_none()
            // ("during the week leaders ...": a time, not a kind)
            && !lex.units.contains(&kind))
        .then(|| (role.clone(), kind))
    };
    let mut kinds: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
        Default::default();
    for (m, c) in parsed.mentions.iter().zip(&classes) {
        if let Some((role, kind)) = kind_of(m, c) {
            kinds.entry(role).or_default().insert(kind);
        }
    }
    classes
        .into_iter()
        .zip(&parsed.mentions)
        .map(|(c, m)| match kind_of(m, &c) {
            Some((role, kind)) if kinds[&role].len() > 1 => {
                // ("the D-panel judge": a role name is words and underscores)
                let named = format!("{kind}_{role}").replace('-', "_");
                match c {
                    Class::Actor {
                        key,
                        entity,
                        public,
                        from_word,
                        ..
                    } if classify::is_role_name(&named) => Class::Actor {
                        key,
                        role: Some(named),
                        entity,
                        public,
                        from_word,
                    },
                    other => other,
                }
            }
            _ => c,
        })
        .collect()
}
