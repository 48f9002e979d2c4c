//! What the text implies without naming it: the record of money taken
//! ("paid by card"), subscriptions to a chosen plan, and the fallback
//! reference of things the text attaches to nothing.

use std::collections::BTreeSet;

use keel_blueprint::document::Capability;

use super::{Findings, LinkHow, add_entity, push_rel, reaches};
use crate::classify;
use crate::lexicon::{Kind, Lexicon};
use crate::parse::{Ctx, Parsed};

/// Payment and Subscription records the text implies.
pub(super) fn implied_records(
    f: &mut Findings,
    parsed: &Parsed,
    lex: &Lexicon,
    entity_of: &[Option<String>],
) {
    // "members choose a tier", "upgrade to the pro plan": people on a plan
    // are kept as subscriptions to it.
    let chosen_plans: Vec<String> = parsed
        .verbs
        .iter()
        .filter(|v| {
            matches!(
                v.lemma.as_str(),
                "choose" | "pick" | "select" | "buy" | "purchase" | "upgrade" | "join" | "start"
            )
        })
        .flat_map(|v| v.objects.iter().chain(v.preps.iter().map(|(_, m)| m)))
        .filter_map(|m| entity_of.get(*m).cloned().flatten())
        .filter(|name| {
            f.entities
                .get(name)
                .is_some_and(|e| matches!(classify::head_of(&e.key), "plan" | "tier"))
        })
        .collect();
    // (a thing of one of these kinds, "gym membership" included)
    let keeps_one_of = |f: &Findings, heads: &[&str]| {
        f.entities
            .values()
            .any(|e| heads.contains(&classify::head_of(&e.key)))
    };
    let subscribed = keeps_one_of(f, &["subscription", "membership"]);
    if let (Some(plan), false) = (chosen_plans.first(), subscribed) {
        let plan = plan.clone();
        let first = f.entities[&plan].first;
        let name = classify::entity_name("subscription", lex);
        let sub = add_entity(f, lex, "subscription", &name, first, None);
        f.assumptions.push(format!(
            "`{sub}` records who is on which `{plan}`: the text has people choose one"
        ));
        push_rel(f, &sub, &plan, LinkHow::Ref, "the plan subscribed to");
    }
    implied_invoice(f, parsed, lex, entity_of);
    implied_availability(f, parsed, lex, entity_of);
    implied_usage(f, parsed, lex, entity_of);
    implied_request(f, parsed, lex, entity_of);
    // "paid by card", "payable by bank transfer", "a deposit by card": money
    // taken through the application is kept as payments, of the main thing.
    // (Not "paid plans", nor the wages people are paid.)
    // ("clinics pay us monthly by card", "companies pay us a fee per seat";
    // not "the manufacturers pay us for warranty repairs": that is no fee
    // for the application)
    let fee_to_us = parsed.sentences.iter().any(|words| {
        let recurring = words.iter().any(|w| {
            lex.periodic_reports.periods.contains(&w.text)
                || matches!(
                    w.lemma.as_str(),
                    "fee" | "subscription" | "month" | "year" | "seat"
                )
        });
        recurring
            && words.iter().enumerate().any(|(i, w)| {
                w.lemma == "pay"
                    && w.tag == crate::text::Tag::Verb
                    && crate::text::pays_us(words, i)
            })
    });
    let takes_money = parsed.sentences.iter().any(|words| {
        if crate::text::money_kept_outside(words, lex) {
            return false;
        }
        // "settle online by card", "charges each member's card", "we bill
        // per minute via Stripe"
        let by_card = words
            .iter()
            .any(|x| matches!(x.text.as_str(), "card" | "stripe" | "online"));
        words.iter().enumerate().any(|(i, w)| {
            let next = words.get(i + 1).map(|x| x.text.as_str());
            let verb = w.tag == crate::text::Tag::Verb;
            match w.text.as_str() {
                "pay" | "pays" | "paying" => verb && !crate::text::pays_us(words, i),
                "settle" | "settles" | "charge" | "charges" | "charged" | "bill" | "bills"
                | "subscribe" => verb && by_card,
                // ("paid for by card"; not "the hours they are paid for")
                "paid" | "payable" | "prepaid" => {
                    let after_for = words.get(i + 2).map(|x| x.text.as_str());
                    matches!(
                        next,
                        Some("by" | "through" | "via" | "online" | "upfront" | "with" | "in")
                    ) || (next == Some("for")
                        && matches!(after_for, Some("by" | "online" | "upfront" | "with")))
                }
                "deposit" => w.tag == crate::text::Tag::Noun,
                _ => false,
            }
        })
    });
    let on_a_plan = keeps_one_of(f, &["subscription", "plan"])
        || f.entities.values().any(|e| e.key == "membership");
    if fee_to_us && !on_a_plan {
        f.capabilities.insert(Capability::Payments);
        let first = (parsed.sentences.len(), 0);
        let name = classify::entity_name("subscription", lex);
        let sub = add_entity(f, lex, "subscription", &name, first, None);
        f.assumptions.push(format!(
            "`{sub}` records what each customer pays for the application: the text has them pay us"
        ));
    }
    if takes_money && !f.entities.values().any(|e| e.kind == Kind::Payment) {
        f.capabilities.insert(Capability::Payments);
        let first = (parsed.sentences.len(), 0);
        let payment = add_entity(f, lex, "payment", "Payment", first, None);
        f.assumptions.push(format!(
            "`{payment}` keeps the money taken through the application: the text has people pay"
        ));
        // ("each visit produces an invoice that patients settle by card":
        // the payment settles the invoice)
        if let Some(paid) = invoice_kept(f).or_else(|| f.primary.clone()) {
            push_rel(f, &payment, &paid, LinkHow::Ref, "what it pays for");
        }
    }
}

/// "the tech records parts used on each work order", "which spare parts he
/// used": what is used up on a job is kept as a usage of it (`PartUsage`),
/// of the stock item and of the job named after on/per/for.
fn implied_usage(f: &mut Findings, parsed: &Parsed, lex: &Lexicon, entity_of: &[Option<String>]) {
    for (i, m) in parsed.mentions.iter().enumerate() {
        let head = &m.head().lemma;
        if !lex.used_up.contains(head) || !m.head().plural {
            continue;
        }
        let words = &parsed.sentences[m.sentence];
        let text = |k: usize| words.get(k).map_or("", |w| w.text.as_str());
        // "parts used", or "which parts he used"
        let used = text(m.pos + 1) == "used"
            || (m.start() >= 1
                && text(m.start() - 1) == "which"
                && (m.pos + 2..m.pos + 4).any(|k| text(k) == "used"));
        if !used {
            continue;
        }
        let key = format!("{head}-usage");
        let name = classify::entity_name(&key, lex);
        if f.entities.contains_key(&name) {
            continue;
        }
        let usage = add_entity(f, lex, &key, &name, (m.sentence, m.pos), None);
        if let Some(item) = entity_of[i].clone().filter(|e| *e != usage) {
            push_rel(f, &usage, &item, LinkHow::Ref, "what was used");
        }
        // ("parts used on each work order", "parts used per repair")
        let job = super::context::entity_after(
            parsed,
            entity_of,
            (m.sentence, m.pos),
            &["on", "per", "for"],
            &["each", "every", "a", "the"],
        )
        .or_else(|| f.primary.clone());
        if let Some(job) = job.filter(|j| *j != usage) {
            push_rel(f, &usage, &job, LinkHow::Part, "the job it was used on");
        }
    }
}

/// "riders request a seat on a trip", "shelter leads request supplies":
/// what people request, when the text keeps no record of it, is kept as
/// their request of it (`SeatRequest`, `SupplyRequest`), of the thing named
/// after on/for. A thing kept already ("request a quote") is the request.
fn implied_request(f: &mut Findings, parsed: &Parsed, lex: &Lexicon, entity_of: &[Option<String>]) {
    if f.entities
        .values()
        .any(|e| classify::head_of(&e.key) == "request")
    {
        return;
    }
    let requested = parsed.verbs.iter().find_map(|v| {
        let object = *v.objects.first()?;
        let head = &parsed.mentions[object].head().lemma;
        (v.lemma == "request"
            && !v.passive
            && v.subject.is_some()
            && entity_of[object].is_none()
            && classify::is_name_like(head)
            && lex.actor(head).is_none()
            && !classify::agent_noun(head, lex)
            && !lex.not_requested_things.contains(head))
        .then(|| (v, head.clone()))
    });
    // ("request time off": the leave asked for)
    let of_object = requested.map(|(v, head)| {
        let object = &parsed.mentions[v.objects[0]];
        let off = parsed.sentences[object.sentence]
            .get(object.pos + 1)
            .is_some_and(|w| w.text == "off");
        let key = if off {
            format!("{head}-off-request")
        } else {
            format!("{head}-request")
        };
        (key, (v.sentence, v.pos), Some(v), false)
    });
    // "staff can ask to swap a shift", "someone requests to borrow it":
    // what they ask to do is their request.
    let to_do = || {
        parsed.sentences.iter().enumerate().find_map(|(at, words)| {
            words.windows(3).enumerate().find_map(|(i, w)| {
                // (not "members are asked to return seeds": the parser's
                // reading of the verb)
                let passive = parsed
                    .verbs
                    .iter()
                    .find(|v| v.sentence == at && v.pos == i)
                    .is_some_and(|v| v.passive);
                (matches!(w[0].lemma.as_str(), "ask" | "request")
                    && !passive
                    && w[0].tag == crate::text::Tag::Verb
                    && w[1].text == "to"
                    && w[2].tag == crate::text::Tag::Verb
                    && !matches!(w[2].lemma.as_str(), "be" | "have" | "get")
                    && classify::is_name_like(&w[2].lemma))
                .then(|| {
                    // (of what they ask to swap or borrow)
                    let asked = parsed
                        .verbs
                        .iter()
                        .find(|v| v.sentence == at && v.pos == i + 2);
                    (format!("{}-request", w[2].lemma), (at, i), asked, true)
                })
            })
        })
    };
    let Some((key, first, v, asked_to_do)) = of_object.or_else(to_do) else {
        return;
    };
    let name = classify::entity_name(&key, lex);
    let request = add_entity(f, lex, &key, &name, first, Some("people request it"));
    // (the thing asked for: "a seat on a trip"; "to swap a shift")
    let objects = v
        .filter(|_| asked_to_do)
        .into_iter()
        .flat_map(|v| v.objects.iter().map(|o| ("for".to_owned(), *o)));
    let preps = v.into_iter().flat_map(|v| v.preps.iter().cloned());
    for (prep, t) in objects.chain(preps) {
        if let Some(thing) = entity_of[t]
            .as_ref()
            .filter(|_| matches!(prep.as_str(), "on" | "for"))
        {
            if *thing != request {
                push_rel(f, &request, thing, LinkHow::Ref, "what it is requested for");
            }
        }
    }
}

/// "referees mark which Saturdays they're available", "players mark
/// themselves available for each match", "each artist keeps their own
/// available hours": when people say when they can work, the application
/// keeps their availability (for the thing named after `for`).
fn implied_availability(
    f: &mut Findings,
    parsed: &Parsed,
    lex: &Lexicon,
    entity_of: &[Option<String>],
) {
    let kept = f.entities.values().any(|e| {
        matches!(classify::head_of(&e.key), "availability" | "unavailability")
            || e.key == "availability-window"
    });
    if kept {
        return;
    }
    let is_person = |m: usize| {
        let head = &parsed.mentions[m].head().lemma;
        lex.actor(head).is_some()
            || classify::agent_noun(head, lex)
            || f.roles.iter().any(|r| r == head)
            // ("players": records of people)
            || entity_of[m]
                .as_ref()
                .and_then(|e| f.entities.get(e))
                .is_some_and(|e| e.kind == Kind::PersonRecord)
    };
    // ("drivers who said they are free that day")
    let available = |t: &str| matches!(t, "available" | "unavailable" | "availability" | "free");
    // (the people themselves: "they're available", "mark themselves
    // available"; not "mark them as available", the animals)
    let said = parsed.verbs.iter().find(|v| {
        let words = &parsed.sentences[v.sentence];
        let after: Vec<&str> = words[v.pos + 1..]
            .iter()
            .take(8)
            .take_while(|w| w.tag != crate::text::Tag::Comma)
            .map(|w| w.text.as_str())
            .collect();
        let Some(at) = after.iter().position(|t| available(t)) else {
            return false;
        };
        lex.availability_verbs.contains(&v.lemma)
            && v.subject.is_some_and(is_person)
            && (after[..at].iter().any(|t| {
                matches!(
                    *t,
                    "they" | "themselves" | "i" | "we" | "he" | "she" | "myself" | "ourselves"
                )
            }) || at == 0)
    });
    // ("their own available hours", "available dates"; not "the available
    // slots" the manager sets)
    let named = parsed.mentions.iter().find(|m| {
        m.words.len() >= 2
            && m.words[..m.words.len() - 1]
                .iter()
                .any(|w| w.text == "available")
            && m.word_before(&parsed.sentences, 1)
                .is_none_or(|w| w.text != "the")
            && lex.availability_heads.contains(&m.head().lemma)
            && parsed
                .verbs
                .iter()
                .any(|v| v.sentence == m.sentence && v.subject.is_some_and(is_person))
    });
    let at = match (said, named) {
        (Some(v), _) => (v.sentence, v.pos),
        (None, Some(m)) => (m.sentence, m.pos),
        (None, None) => return,
    };
    let name = classify::entity_name("availability", lex);
    let availability = add_entity(
        f,
        lex,
        "availability-window",
        &name,
        at,
        Some("people say when they are available"),
    );
    // ("available for which fixture": what it is given for)
    let for_thing = super::context::entity_after(
        parsed,
        entity_of,
        at,
        &["for"],
        &["each", "every", "which", "a", "the"],
    );
    if let Some(thing) = for_thing.filter(|t| *t != availability) {
        push_rel(
            f,
            &availability,
            &thing,
            LinkHow::Ref,
            "what it is given for",
        );
    }
}

/// "invoice clients per job", "each client gets invoiced weekly", "clinics
/// bill clients per visit": invoices the text sends without naming them, of
/// whom they are sent to (or of the main thing).
fn implied_invoice(f: &mut Findings, parsed: &Parsed, lex: &Lexicon, entity_of: &[Option<String>]) {
    // (Not "paid plans, billed monthly": a plan's price, said in passing.)
    let with_aux = |v: &crate::parse::VerbUse| {
        v.pos > 0 && parsed.sentences[v.sentence][v.pos - 1].tag == crate::text::Tag::Aux
    };
    let Some(sending) = parsed.verbs.iter().find(|v| {
        v.lemma == "invoice"
            || (v.lemma == "bill"
                && if parsed.sentences[v.sentence][v.pos].text == "billed" {
                    with_aux(v)
                } else {
                    !v.objects.is_empty() || v.pronoun_object
                })
    }) else {
        return;
    };
    if invoice_kept(f).is_some() {
        return;
    }
    let billed = sending
        .objects
        .iter()
        .chain(sending.subject.iter().filter(|_| sending.passive))
        .find_map(|m| entity_of.get(*m).cloned().flatten());
    let name = classify::entity_name("invoice", lex);
    let first = (sending.sentence, sending.pos);
    let invoice = add_entity(f, lex, "invoice", &name, first, None);
    f.assumptions.push(format!(
        "`{invoice}` keeps the invoices the text sends (\"{}\") without naming them",
        parsed.sentences[sending.sentence][sending.pos].text
    ));
    if let Some(parent) = billed.or_else(|| f.primary.clone()) {
        push_rel(f, &invoice, &parent, LinkHow::Ref, "who or what it bills");
    }
}

/// The invoices the findings already keep ("invoice", "monthly-invoice").
fn invoice_kept(f: &Findings) -> Option<String> {
    f.entities
        .values()
        .find(|e| e.key == "invoice" || e.key.ends_with("-invoice"))
        .map(|e| e.name.clone())
}

/// The fallback relation of things nothing else attaches: a reference to
/// the nearest thing named before them in the sentence that first names
/// them. Siblings are never chosen: things in one list, or things attached
/// this way as objects of verbs joined by "and" ("describing the incident
/// and uploading photos" are both about the claim filed before). Neither
/// are people, organisations or reactions.
pub(super) fn attach_to_nearest(f: &mut Findings, parsed: &Parsed, entity_of: &[Option<String>]) {
    let eligible = |f: &Findings, name: &str| {
        f.entities.get(name).is_some_and(|e| {
            !matches!(
                e.kind,
                Kind::PersonRecord | Kind::Org | Kind::Reaction | Kind::Follow | Kind::Message
            ) && e.synthesized.is_none()
        })
    };
    // Verbs joined by "and"/"or" share a group.
    let mut group = vec![0usize; parsed.verbs.len()];
    for (v, verb) in parsed.verbs.iter().enumerate() {
        let joined = v > 0
            && parsed.verbs[v - 1].sentence == verb.sentence
            && verb.pos > 0
            && parsed.sentences[verb.sentence]
                .get(verb.pos - 1)
                .is_some_and(|w| matches!(w.text.as_str(), "and" | "or"));
        group[v] = if joined { group[v - 1] } else { v };
    }
    let verb_group = |m: &crate::parse::Mention| match m.ctx {
        Ctx::Object { verb } => Some(group[verb]),
        _ => None,
    };
    let mut names: Vec<(usize, usize, String)> = f
        .entities
        .values()
        .map(|e| (e.first.0, e.first.1, e.name.clone()))
        .collect();
    names.sort();
    let mut attached_here: BTreeSet<String> = BTreeSet::new();
    for (sentence, pos, name) in names {
        if !eligible(f, &name) || f.relations.iter().any(|r| r.child == name) {
            continue;
        }
        let first = f.entities[&name].first;
        let Some(own) = parsed
            .mentions
            .iter()
            .find(|m| m.sentence == sentence && m.pos == pos)
        else {
            continue;
        };
        let own_group = verb_group(own);
        let nearest = parsed
            .mentions
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, m)| m.sentence == sentence && m.pos < pos && m.list != own.list)
            .filter_map(|(i, m)| Some((entity_of.get(i).cloned().flatten()?, verb_group(m))))
            .filter(|(p, g)| {
                let sibling = own_group.is_some() && *g == own_group && attached_here.contains(p);
                p != &name
                    && !sibling
                    && eligible(f, p)
                    && f.entities[p].first < first
                    && !reaches(f, p, &name)
            })
            .map(|(p, _)| p)
            .next();
        if let Some(parent) = nearest {
            push_rel(f, &name, &parent, LinkHow::Ref, "named with it");
            attached_here.insert(name);
        }
    }
}
