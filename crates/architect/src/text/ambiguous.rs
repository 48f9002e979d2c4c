//! A word that can be a noun or a verb ("orders", "book", "schedules"):
//! which it is here, from the words around it.

use super::*;

/// "members of the public join the pool": after `the` and an adjective
/// that names people, a plain verb before what it acts on.
pub(super) fn after_people_adjective(words: &[Word], raw: &[Raw], i: usize, lex: &Lexicon) -> bool {
    i >= 2
        && words[i - 2].text == "the"
        && lex.people_adjectives.contains(&words[i - 1].text)
        && raw.get(i + 1).is_some_and(|r| {
            r.punct.is_none()
                && (r.text != "that" && closed_class(&r.text, lex) == Some(Tag::Det)
                    || matches!(closed_class(&r.text, lex), Some(Tag::Pron)))
        })
}

/// "the council wants residents to book collections", "we need staff to
/// record payments": after `to`, what the person asked for does is a verb.
fn wanted_of_someone(words: &[Word], i: usize, lex: &Lexicon) -> bool {
    if i < 3 || words[i - 1].text != "to" {
        return false;
    }
    let person = &words[..i - 1];
    let opener = person
        .iter()
        .rposition(|w| !matches!(w.tag, Tag::Noun | Tag::Adj | Tag::Det | Tag::Pron));
    opener.is_some_and(|k| {
        k + 1 < i - 1
            && lex
                .asking_verbs
                .contains(&verb_lemma(&words[k].text, lex).unwrap_or_else(|| words[k].text.clone()))
            && matches!(words[k].tag, Tag::Aux | Tag::Verb)
    })
}

/// "every class they book uses up a credit": a word in -s right after a
/// relative clause without `that` (noun, pronoun, verb) is the main verb.
pub(super) fn after_contact_clause(words: &[Word], i: usize) -> bool {
    // ("everyone who voted receives an email")
    let after_who = i >= 2 && words[i - 1].tag == Tag::Verb && words[i - 2].text == "who";
    // ("everyone attending receives a reminder")
    let after_participle = i >= 2
        && words[i - 1].tag == Tag::Verb
        && words[i - 1].text.ends_with("ing")
        && matches!(words[i - 2].tag, Tag::Pron | Tag::Noun);
    // (not "for each supplier we keep contacts": a phrase after a
    // preposition, then the main clause)
    let after_prep = words[..i.saturating_sub(3)]
        .iter()
        .rev()
        .find(|w| !matches!(w.tag, Tag::Det | Tag::Adj | Tag::Noun))
        .is_some_and(|w| w.tag == Tag::Prep);
    after_who
        || after_participle
        || (i >= 3
            && words[i - 1].tag == Tag::Verb
            && SUBJECT_PRONOUNS.contains(&words[i - 2].text.as_str())
            && words[i - 3].tag == Tag::Noun
            && !after_prep)
}

pub(super) fn prev_is_subject(prev: Option<&Word>, lex: &Lexicon) -> bool {
    prev.is_some_and(|p| {
        SUBJECT_PRONOUNS.contains(&p.text.as_str())
            || (p.tag == Tag::Noun && lex.actor(&singularize(&p.text)).is_some())
    })
}

/// Whether the word at `i` starts a noun (phrase): an object follows.
pub(super) fn next_is_nounish(words: &[Word], raw: &[Raw], i: usize, lex: &Lexicon) -> bool {
    let Some(w) = words.get(i) else { return false };
    if raw[i].punct.is_some() || w.number.is_some() {
        return false;
    }
    match closed_class(&w.text, lex) {
        Some(_) => false,
        None => !lex.adverbs.contains(&w.text) || lex.adjectives.contains(&w.text),
    }
}

/// Whether the sentence opens with the word at `i` and a plural thing
/// ("Alert rules per device fire alerts"), so that a plain verb following a
/// noun later, before any punctuation, is theirs: the first word is no
/// command. (Not after "and", a comma or `to`, where a second command or an
/// infinitive would stand: "Track expenses per project and export them".)
pub(super) fn opens_with_a_plural_subject(raw: &[Raw], i: usize, lex: &Lexicon) -> bool {
    let plural_next = raw
        .get(i + 1)
        .is_some_and(|r| singularize(&r.text) != r.text && closed_class(&r.text, lex).is_none());
    if i != 0 || !plural_next {
        return false;
    }
    // (up to a clause of its own: "Email customers when orders ship")
    (i + 2..raw.len())
        .take_while(|k| {
            raw[*k].punct.is_none() && closed_class(&raw[*k].text, lex) != Some(Tag::Conj)
        })
        .any(|k| {
            let (w, before) = (raw[k].text.as_str(), raw[k - 1].text.as_str());
            lex.is_verb(w)
                && verb_lemma(w, lex).as_deref() == Some(w)
                && closed_class(before, lex).is_none()
                && !lex.adverbs.contains(before)
                && raw[k - 1].punct.is_none()
        })
}

/// Whether the word at `k` opens a clause of time or condition ("once the
/// order ships", "as soon as registration closes"). (Not the words that
/// are prepositions too: "uploaded as STL files".)
/// ("where" and "because" are left out: "the depot where trucks park".)
pub(super) fn opens_clause(words: &[Word], k: usize) -> bool {
    match words[k].text.as_str() {
        "as" => k >= 1 && matches!(words[k - 1].text.as_str(), "soon" | "long"),
        "where" | "because" => false,
        w => SUBORDINATORS.contains(&w),
    }
}

/// "a shoe repair app", "a dog walking platform": after a noun, before the
/// word for the application, a word is part of its name.
pub(super) fn in_the_apps_name(prev_tag: Option<Tag>, next: &str) -> bool {
    prev_tag == Some(Tag::Noun)
        && matches!(
            next,
            "app" | "platform" | "tool" | "portal" | "software" | "website"
        )
}

/// "desks with a number and features": the last of the things listed
/// after "with", ending the sentence, is one of them.
pub(super) fn ends_a_with_list(words: &[Word], i: usize, next: Option<&str>) -> bool {
    next.is_none()
        && i >= 1
        && matches!(words[i - 1].text.as_str(), "and" | "or")
        && after_with(words, i)
}

/// A "with" before `i` in the same clause (no verb between).
fn after_with(words: &[Word], i: usize) -> bool {
    words[..i]
        .iter()
        .rev()
        .take_while(|w| w.tag != Tag::Verb)
        .any(|w| w.text == "with")
}

/// The first word of a two-word item in a list after "with", followed by
/// more ("hikes with date, meeting point, grade and distance"): a word in
/// -ing there names the item.
pub(super) fn inside_a_with_list(words: &[Word], raw: &[Raw], i: usize) -> bool {
    i >= 1
        && words[i - 1].tag == Tag::Comma
        && raw
            .get(i + 2)
            .is_some_and(|r| matches!(r.text.as_str(), "," | "and" | "or"))
        && after_with(words, i)
}

/// An item between two others in a list of things ("description,
/// category, route, time found", "by category, route and date"): no verb.
/// (Verbs listed follow verbs: "view, edit and delete posts".)
pub(super) fn inside_a_noun_list(words: &[Word], raw: &[Raw], i: usize, lex: &Lexicon) -> bool {
    let thing = |t: &str| {
        let one = singularize(t);
        (lex.nouns.contains_key(&one) || lex.attribute(&one).is_some()) && !lex.is_verb(t)
    };
    i >= 2
        && words[i - 1].tag == Tag::Comma
        && words[i - 2].tag == Tag::Noun
        && match raw.get(i + 1).map(|r| r.text.as_str()) {
            Some(",") => true,
            Some("and" | "or") => raw.get(i + 2).is_some_and(|r| thing(&r.text)),
            _ => false,
        }
}

/// Right after one person ("the ops manager") or one thing ("a session"):
/// a subject in the singular, whose verb comes next.
pub(super) fn after_one_subject(words: &[Word], i: usize, lex: &Lexicon) -> bool {
    let one_person = i >= 1
        && words[i - 1].tag == Tag::Noun
        && singularize(&words[i - 1].text) == words[i - 1].text
        && lex.actor(&words[i - 1].text).is_some();
    one_person || after_one_thing(words, i)
}

/// Right after a, each or every and one noun, perhaps described ("a
/// session", "a little shoe"; not a time, "each week"): no plural of the
/// same phrase can follow.
pub(super) fn after_one_thing(words: &[Word], i: usize) -> bool {
    if i < 2
        || words[i - 1].tag != Tag::Noun
        || singularize(&words[i - 1].text) != words[i - 1].text
        || TIMES.contains(&words[i - 1].text.as_str())
    {
        return false;
    }
    let det = words[..i - 1].iter().rposition(|w| w.tag != Tag::Adj);
    det.is_some_and(|d| matches!(words[d].text.as_str(), "a" | "an" | "each" | "every"))
}

/// "run a little shoe repair shop": inside a verb's object, a plain verb
/// cannot follow one thing (its verb would take -s), so before another
/// noun the word names a kind of that noun. (Not when a causative verb
/// makes the thing act, "have each member sign forms", nor after a
/// preposition, where the verb may be an earlier subject's: "tenants
/// living in a unit raise requests".)
pub(super) fn plain_form_after_one_thing(
    words: &[Word],
    raw: &[Raw],
    i: usize,
    lex: &Lexicon,
) -> bool {
    let opener = words[..i]
        .iter()
        .rev()
        .find(|w| !matches!(w.tag, Tag::Noun | Tag::Adj | Tag::Det));
    let next_is_noun = raw.get(i + 1).is_some_and(|r| {
        r.punct.is_none() && closed_class(&r.text, lex).is_none() && !r.text.ends_with("ly")
    });
    // ("posts rides with a GPX route file": after a preposition, only
    // before one thing that ends the phrase, which no bare verb takes)
    let one_thing_ends = raw
        .get(i + 1)
        .is_some_and(|r| singularize(&r.text) == r.text)
        && raw.get(i + 2).is_none_or(|r| {
            r.punct.is_some() || matches!(closed_class(&r.text, lex), Some(Tag::Conj | Tag::Prep))
        });
    after_one_thing(words, i)
        && next_is_noun
        && opener.is_some_and(|w| {
            w.tag == Tag::Verb && !lex.causative_verbs.contains(&w.lemma)
                || w.tag == Tag::Prep && one_thing_ends
        })
}

/// "the bracket page updates live for spectators": a word in -s after one
/// thing is its verb when how it happens follows and ends the clause (a
/// describing word goes before a noun: "live updates").
pub(super) fn then_how(raw: &[Raw], i: usize, lex: &Lexicon) -> bool {
    raw.get(i + 1)
        .is_some_and(|r| lex.adverbs.contains(&r.text))
        && raw.get(i + 2).is_none_or(|r| {
            r.punct.is_some() || matches!(closed_class(&r.text, lex), Some(Tag::Prep | Tag::Conj))
        })
}

/// A word that is both noun and verb: decided from its neighbours.
pub(super) fn decide_ambiguous(
    words: &[Word],
    raw: &[Raw],
    i: usize,
    f: Form,
    lex: &Lexicon,
) -> bool {
    let prev = if i > 0 { words.get(i - 1) } else { None };
    let prev_tag = prev.map(|p| p.tag);
    let next = raw.get(i + 1).map(|r| r.text.as_str()).unwrap_or("");
    let next_closed = closed_class(next, lex);
    let next_is_object_start = matches!(next_closed, Some(Tag::Det))
        || OBJECT_WORDS.contains(&next)
        || (lex.adjectives.contains(next) && !lex.nouns.contains_key(next));
    let next_is_particle = PARTICLES.contains(&next);
    // "each company that rents space": a verb right after a relative pronoun.
    // ("... on an instrument, which takes it offline")
    let relative = prev.is_some_and(|p| matches!(p.text.as_str(), "that" | "who" | "which"))
        && i >= 2
        && (words[i - 2].tag == Tag::Noun
            // ("something that works on phones")
            || INDEFINITE_PRONOUNS.contains(&words[i - 2].text.as_str())
            || (words[i - 2].tag == Tag::Comma && i >= 3 && words[i - 3].tag == Tag::Noun));
    // ("lots, which volunteers enter": unless a plain verb follows, whose
    // subject this word is.)
    let next_is_plain_verb = lex.is_verb(next) && !lex.nouns.contains_key(next);
    // (`who` is never the object of what follows: "a manager who approves
    // purchase requests".)
    let who = prev.is_some_and(|p| p.text == "who");
    if relative && matches!(f, Form::S | Form::Ed) && !(f == Form::S && next_is_plain_verb && !who)
    {
        return true;
    }
    // "two colleagues each score every application": `each` after the
    // people, then their verb.
    let floating_each = prev.is_some_and(|p| matches!(p.text.as_str(), "each" | "both" | "all"))
        && i >= 2
        && words[i - 2].tag == Tag::Noun
        && words[i - 2].plural
        && next_is_object_start;
    if floating_each && f == Form::Base {
        return true;
    }
    // "an hourly rate": a -ly word after a determiner describes the thing.
    let described = prev_tag == Some(Tag::Adv)
        && i >= 2
        && words[i - 2].tag == Tag::Det
        && prev.is_some_and(|p| p.text.ends_with("ly"));
    let names_the_app = f == Form::Base && in_the_apps_name(prev_tag, next);
    let listed = ends_a_with_list(words, i, raw.get(i + 1).map(|r| r.text.as_str()));
    // "budget per dept per year": a note's opening word counted per
    // something is a thing, not an order.
    let counted = i == 0 && next == "per";
    // "a login that only shows finds", "the page just shows a map": a verb
    // in -s after a word that qualifies it, after its subject.
    // ("the system automatically posts rent charges": any -ly word)
    let qualified = f == Form::S
        && prev.is_some_and(|p| {
            p.tag == Tag::Adv && (lex.narrowing_adverbs.contains(&p.text) || p.text.ends_with("ly"))
        })
        && i >= 2
        && (matches!(words[i - 2].tag, Tag::Noun | Tag::Pron)
            || matches!(words[i - 2].text.as_str(), "that" | "which" | "who"));
    // "the recipient uses it to book": `to` after a thing acted on, then
    // what it is for (before the clause ends or its own object).
    let purpose = f == Form::Base
        && prev.is_some_and(|p| p.text == "to")
        && i >= 2
        && words[i - 2].tag == Tag::Pron
        && (raw.get(i + 1).is_none_or(|r| r.punct.is_some())
            || matches!(next_closed, Some(Tag::Det | Tag::Pron | Tag::Conj)));
    // "an electronics contract manufacturer": a word in the plural only
    // (`electronics`, `sales`) after `a` or `an` describes what follows, so
    // the phrase goes on.
    let inside_one_thing = prev.is_some_and(|p| {
        p.tag == Tag::Noun
            && !p.possessive
            && (p.text.ends_with("ics") || lex.plural_modifiers.contains(&p.text))
    }) && i >= 2
        && matches!(words[i - 2].text.as_str(), "a" | "an");
    match prev_tag {
        _ if inside_one_thing => false,
        _ if qualified || purpose || wanted_of_someone(words, i, lex) => true,
        _ if f == Form::Base && after_people_adjective(words, raw, i, lex) => true,
        _ if described || names_the_app || counted || listed => false,
        Some(Tag::Det | Tag::Adj | Tag::Num) => false,
        Some(_) if prev.is_some_and(|p| p.possessive) => false,
        // ("then do quotes with a line per room", "wants volunteers to
        // help": no verb in -s follows an auxiliary, so this is a thing)
        Some(Tag::Aux) if f == Form::S => false,
        Some(Tag::Aux) => true,
        Some(Tag::Pron) => {
            // "let them pay online", "help us track stock": a plain verb after
            // the person a causative verb acts on.
            let caused = f == Form::Base
                && i >= 2
                && words[i - 2].tag == Tag::Verb
                && lex.causative_verbs.contains(&words[i - 2].lemma);
            caused || prev.is_some_and(|p| SUBJECT_PRONOUNS.contains(&p.text.as_str()))
        }
        // ("designers get paid out monthly": a passive with its particle)
        Some(Tag::Verb) => {
            (f == Form::S && after_contact_clause(words, i))
                || (f == Form::Ed
                    && prev.is_some_and(|p| p.lemma == "get")
                    && PARTICLES.contains(&next))
        }
        // "by favouriting performances": a gerund after a preposition.
        Some(Tag::Prep) => f == Form::Ing,
        Some(Tag::Noun) => {
            let p = prev.map(|p| p.text.as_str()).unwrap_or("");
            // ("the sitter posts photo updates": a word for a person by its ending)
            // (not "provider schedules are per clinic")
            let actor = lex.actor(&singularize(p)).is_some()
                || (crate::classify::agent_noun(&singularize(p), lex)
                    && next_closed != Some(Tag::Aux));
            let prev_plural = singularize(p) != p;
            // "sign up for volunteer work days": a singular noun right after a
            // preposition is not a subject, so the word after it is a noun too.
            // "each family's donor record", "the donor record": a singular
            // noun after a possessive or a determiner is no subject either.
            // ("our staff post the menu": a group acts like a plural.)
            let collective = matches!(
                p,
                "staff" | "crew" | "team" | "people" | "personnel" | "faculty" | "police"
            );
            let in_phrase = i >= 2
                && (matches!(words[i - 2].tag, Tag::Prep | Tag::Det) || words[i - 2].possessive)
                && !prev_plural
                && !collective;
            // "import customer orders", "approve join requests": the noun
            // before starts an object, so this word ends it.
            // ("we also do warranty repairs": `do` with a thing is the verb,
            // and never comes before a verb in -s)
            let object_phrase = i >= 2
                && (words[i - 2].tag == Tag::Verb
                    && !lex.causative_verbs.contains(&words[i - 2].lemma)
                    || f == Form::S && matches!(words[i - 2].text.as_str(), "do" | "does" | "did"));
            match f {
                // "kitchen leads want a count": the subject, then its verb
                Form::S if next_closed == Some(Tag::Aux) => false,
                // "QA reviews and approves it": two verbs of one subject
                // (not "writes treatment notes and prescribes": a verb before)
                Form::S
                    if matches!(next, "and" | "or")
                        && !prev_plural
                        && !words[..i]
                            .iter()
                            .rev()
                            .take_while(|w| !matches!(w.tag, Tag::Comma | Tag::Conj | Tag::Colon))
                            .any(|w| w.tag == Tag::Verb)
                        && raw.get(i + 2).is_some_and(|r| {
                            verb_in_s(&r.text, lex)
                                && !lex.nouns.contains_key(&singularize(&r.text))
                        }) =>
                {
                    true
                }
                _ if object_phrase
                    && matches!(f, Form::S | Form::Base)
                    && !((next_closed == Some(Tag::Det) && next != "that")
                        || OBJECT_WORDS.contains(&next)) =>
                {
                    false
                }
                // "have the client sign a contract": a plain verb after the
                // person a causative verb acts on.
                Form::Base
                    if in_phrase
                        && i >= 3
                        && words[i - 2].tag == Tag::Det
                        && words[i - 3].tag == Tag::Verb
                        && lex.causative_verbs.contains(&words[i - 3].lemma)
                        && next_closed == Some(Tag::Det)
                        && next != "that" =>
                {
                    true
                }
                Form::Base if in_phrase => false,
                Form::Base => actor || prev_plural || next_is_object_start || next_is_particle,
                // "as soon as registration closes.", "once the order ships,":
                // one thing after a subordinator, then its verb.
                Form::S
                    if !prev_plural
                        && (matches!(next_closed, Some(Tag::Prep | Tag::Conj))
                            || raw.get(i + 1).is_none_or(|r| r.punct.is_some()))
                        && (i >= 2 && opens_clause(words, i - 2)
                            || (i >= 3
                                && words[i - 2].tag == Tag::Det
                                && opens_clause(words, i - 3))) =>
                {
                    true
                }
                Form::S if !prev_plural && then_how(raw, i, lex) => true,
                // "a panel of judges scores each entry": a plural subject,
                // then its verb and what it acts on. (Not "reminders a day
                // before": a time after the determiner.)
                Form::S
                    if prev_plural
                        && matches!(
                            next,
                            "each" | "every" | "the" | "a" | "an" | "their" | "its"
                        )
                        && raw
                            .get(i + 2)
                            .is_some_and(|r| !TIMES.contains(&singularize(&r.text).as_str())) =>
                {
                    true
                }
                // "each attempt streams live to a proctor": one thing
                // after each/every, then its verb (not "each week reports
                // are sent": a time, then the subject).
                Form::S
                    if !prev_plural
                        && i >= 2
                        && matches!(words[i - 2].text.as_str(), "each" | "every")
                        && !TIMES.contains(&p)
                        && !next_is_plain_verb
                        && !matches!(next_closed, Some(Tag::Aux)) =>
                {
                    true
                }
                // "a leaderboard shows the scores"; "each application moves
                // through stages" (a determined noun, then its verb)
                Form::S => {
                    // ("the case team records notes": over the nouns before)
                    // ("our contract testing lab analyses samples": over
                    // what describes them too)
                    let determined_subject = words[..i - 1]
                        .iter()
                        .rev()
                        .find(|x| !matches!(x.tag, Tag::Noun | Tag::Adj))
                        .is_some_and(|x| x.tag == Tag::Det);
                    // ("a session stores start time": after one thing)
                    let one_thing =
                        after_one_thing(words, i) && !matches!(next_closed, Some(Tag::Aux));
                    one_thing
                        || ((actor || next_is_object_start) && !prev_plural)
                        || (determined_subject
                            && !prev_plural
                            && (matches!(next_closed, Some(Tag::Prep | Tag::Det))
                                || next_is_particle
                                || (lex.adverbs.contains(next) && !lex.adjectives.contains(next))))
                }
                Form::Ed => actor || next_is_object_start,
                Form::Ing => next_is_object_start,
            }
        }
        // "anyone who has donated can't book": a verb after an auxiliary and `not`.
        Some(Tag::Adv)
            if f == Form::Base
                && words[..i]
                    .iter()
                    .rev()
                    .find(|x| x.tag != Tag::Adv)
                    .is_some_and(|x| x.tag == Tag::Aux) =>
        {
            true
        }
        Some(Tag::Conj | Tag::Comma | Tag::Adv) | None => match f {
            // "Alert rules per device fire alerts"
            Form::Base if opens_with_a_plural_subject(raw, i, lex) => false,
            // "and stock levels go down", "stock levels are tracked per
            // van": a compound the lexicon knows, then its verb.
            Form::Base
                if raw.get(i + 2).is_some_and(|r| {
                    closed_class(&r.text, lex) == Some(Tag::Aux) || lex.is_verb(&r.text)
                }) && lex.nouns.contains_key(&format!(
                    "{}-{}",
                    words[i].text,
                    singularize(next)
                )) =>
            {
                false
            }
            // "Support agents pick up tickets": a word naming the kind of
            // the people after it.
            Form::Base
                if prev.is_none()
                    && !matches!(
                        words[i].text.as_str(),
                        "email" | "text" | "notify" | "remind" | "alert" | "invite" | "message"
                    )
                    && raw.get(i + 1).is_some_and(|r| {
                        singularize(&r.text) != r.text && lex.actor(&singularize(&r.text)).is_some()
                    }) =>
            {
                false
            }
            // "coordinators create drives and watch how full they are": a
            // verb coordinated with an earlier one, before what it finds out.
            Form::Base
                if prev.is_some_and(|p| matches!(p.text.as_str(), "and" | "or"))
                    && matches!(next, "how" | "what" | "whether")
                    && words[..i].iter().any(|x| x.tag == Tag::Verb) =>
            {
                true
            }
            // "leaves a star rating and review on the profile": a second
            // thing sharing the article of the first.
            Form::Base
                if prev.is_some_and(|p| matches!(p.text.as_str(), "and" | "or"))
                    && next_closed == Some(Tag::Prep)
                    && lex.nouns.contains_key(&words[i].text)
                    && i >= 2
                    && words[i - 2].tag == Tag::Noun
                    && !words[i - 2].plural
                    && words[..i - 1]
                        .iter()
                        .rev()
                        .find(|w| !matches!(w.tag, Tag::Noun | Tag::Adj))
                        .is_some_and(|w| matches!(w.text.as_str(), "a" | "an")) =>
            {
                false
            }
            // "post ideas, upvote and comment, and search": a verb
            // coordinated with the verb before the conjunction.
            Form::Base
                if prev.is_some_and(|p| matches!(p.text.as_str(), "and" | "or"))
                    && i >= 2
                    && words[i - 2].tag == Tag::Verb
                    && words[i - 2].text == words[i - 2].lemma =>
            {
                true
            }
            // "add to basket and pay.", "book places and pay, max 12": a
            // plain verb ending a clause, coordinated with a plain verb
            // before it (not "record the name and phone", "record name and
            // pay": a determiner or a field makes a list of things).
            Form::Base
                if prev.is_some_and(|p| matches!(p.text.as_str(), "and" | "or"))
                    && raw.get(i + 1).is_none_or(|r| r.punct.is_some())
                    && i >= 2
                    && lex.attribute(&words[i - 2].lemma).is_none()
                    && words[..i - 1]
                        .iter()
                        .rev()
                        .take_while(|w| !matches!(w.tag, Tag::Comma | Tag::Conj | Tag::Colon))
                        .find(|w| !matches!(w.tag, Tag::Noun | Tag::Prep))
                        .is_some_and(|w| w.tag == Tag::Verb && w.text == w.lemma) =>
            {
                true
            }
            // "order loaves for a collection day and pay when they order":
            // a plain verb coordinated with an earlier verb, before the
            // clause that says when.
            Form::Base
                if prev.is_some_and(|p| matches!(p.text.as_str(), "and" | "or"))
                    && SUBORDINATORS.contains(&next)
                    && next != "where"
                    && lex.attribute(&words[i].lemma).is_none()
                    && words[..i - 1]
                        .iter()
                        .any(|w| w.tag == Tag::Verb && w.text == w.lemma) =>
            {
                true
            }
            Form::Base => {
                // "when stock runs low": a noun before a verb in -s.
                let next_is_s_verb = raw.get(i + 1).is_some_and(|r| verb_in_s(&r.text, lex));
                let clause_start = prev
                    .is_none_or(|p| SUBORDINATORS.contains(&p.text.as_str()) || p.text == "until");
                if next_is_s_verb && clause_start {
                    return false;
                }
                let next_word = words.get(i + 1);
                let next_verbish = next_closed == Some(Tag::Conj)
                    && raw
                        .get(i + 2)
                        .and_then(|r| verb_lemma(&r.text, lex))
                        .is_some_and(|l| raw.get(i + 2).is_some_and(|r| r.text == l));
                let next_punct = raw.get(i + 1).is_none_or(|r| r.punct.is_some());
                let next_prep = next_closed == Some(Tag::Prep);
                !next_punct
                    && (next_is_object_start
                        || next_is_particle
                        || next_verbish
                        || next_prep
                        || next_word.is_some_and(|w| w.tag == Tag::Noun && w.number.is_none())
                        || lex.adverbs.contains(next))
            }
            // "invoicing app for freelancers": the kind of application.
            Form::Ing if prev.is_none() && lex.app_heads.contains(next) => false,
            Form::Ing => {
                next_is_object_start
                    || next_is_nounish(words, raw, i + 1, lex)
                    // ", paying for packs of ten": a participle clause.
                    || (prev_tag == Some(Tag::Comma) && next_closed == Some(Tag::Prep))
            }
            // ", charged to their saved card": a passive participle clause.
            Form::Ed => prev_tag == Some(Tag::Comma) && next_closed == Some(Tag::Prep),
            // "one of our experts then marks the find": a word of when or
            // how often between a subject and its verb.
            Form::S
                if prev.is_some_and(|p| {
                    lex.narrowing_adverbs.contains(&p.text) || lex.time_adverbs.contains(&p.text)
                }) && i >= 2
                    && matches!(words[i - 2].tag, Tag::Noun | Tag::Pron)
                    && next_is_object_start =>
            {
                true
            }
            // "each truck lists its dishes and posts where it parks": a verb
            // coordinated with an earlier one in -s.
            // ("gets a text message, pays by card at pickup"; "adds staff,
            // sets up sessions")
            Form::S => {
                (prev.is_some_and(|p| matches!(p.text.as_str(), "and" | "or"))
                    || (prev_tag == Some(Tag::Comma)
                        && (matches!(next_closed, Some(Tag::Prep | Tag::Det)) || next_is_particle)))
                    && words[..i].iter().any(|x| {
                        // ("each judge gets assigned projects and scores each one")
                        (x.tag == Tag::Verb && x.text != x.lemma || x.tag == Tag::Aux)
                            && x.text.ends_with('s')
                    })
            }
        },
        _ => false,
    }
}

/// "send me repair requests", "email them booking confirmations": the word
/// at `i` stands between a verb's person (`me`, `us`, `them`...) and a
/// plural thing, so it names the thing's kind; a causative verb's person
/// does what follows ("let them pay", "have them sign waivers").
pub(super) fn gives_someone_a_kind_of_thing(
    words: &[Word],
    raw: &[Raw],
    i: usize,
    lex: &Lexicon,
) -> bool {
    let person = i >= 2
        && matches!(
            words[i - 1].text.as_str(),
            "me" | "us" | "him" | "her" | "them"
        )
        && words[i - 2].tag == Tag::Verb
        && !lex.causative_verbs.contains(&words[i - 2].lemma);
    let plural_thing = raw.get(i + 1).is_some_and(|r| {
        r.punct.is_none() && singularize(&r.text) != r.text && closed_class(&r.text, lex).is_none()
    });
    person && plural_thing
}
