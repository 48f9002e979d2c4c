//! Whether a phrase is evidence enough for a thing the application keeps:
//! articles, plurals, possession, being made by someone; and what is only
//! the setting, a view or a negation.

use crate::classify::{self, Class};
use crate::lexicon::{Kind, Lexicon, VerbClass};
use crate::parse::{Anchor, Ctx, Parsed};

/// Plural photos, videos or files that people upload are things of their
/// own ("upload photos to albums"); in a "with" list they are fields.
pub(super) fn promote_media(
    class: Class,
    m: &crate::parse::Mention,
    parsed: &Parsed,
    lex: &Lexicon,
) -> Class {
    let Class::Attribute { key, .. } = &class else {
        return class;
    };
    let Some(attr) = lex.attributes.get(key) else {
        return class;
    };
    let uploading = |lemma: &str| {
        matches!(
            lemma,
            "upload" | "post" | "share" | "add" | "publish" | "submit" | "attach" | "snap"
        )
    };
    let uploaded = match m.ctx {
        Ctx::Object { verb } => uploading(&parsed.verbs[verb].lemma),
        // "photos of anything unusual can be attached"
        Ctx::Subject => m
            .subject_of
            .iter()
            .any(|v| parsed.verbs[*v].passive && uploading(&parsed.verbs[*v].lemma)),
        // "a gallery of photos"
        Ctx::Prep {
            ref prep,
            anchor: Anchor::Mention(a),
        } => prep == "of" && lex.containers.contains(&parsed.mentions[a].head().lemma),
        _ => false,
    };
    // "attach up to 10 photos", "add a few photos": counted, so many rows.
    // ("how many covers" asks for a number.)
    let asked = m
        .word_before(&parsed.sentences, 2)
        .is_some_and(|w| w.text == "how");
    let counted = !asked
        && m.word_before(&parsed.sentences, 1).is_some_and(|w| {
            w.number.is_some()
                || matches!(
                    w.text.as_str(),
                    "few" | "several" | "multiple" | "more" | "many"
                )
        });
    // ("a title, a price, a few pics and an expiry date")
    let uploaded = uploaded || counted;
    // "date, notes and optional photos": photos that may come in any
    // number, among the fields of one thing, are rows of their own.
    // ("recording the type, time and optional photos")
    let among_fields = match m.ctx {
        Ctx::Examples { closed, .. } => closed,
        Ctx::Object { verb } => parsed.verbs[verb].objects.len() > 1,
        _ => false,
    };
    let listed_many = attr.media.is_some()
        && among_fields
        && m.words
            .iter()
            .any(|w| matches!(w.text.as_str(), "optional" | "extra" | "additional"));
    let uploaded = uploaded || listed_many;
    // "customers save one or more addresses": many of a field, kept as rows.
    // ("3 locations, each with several meeting rooms")
    // (Counted dates, times and amounts stay values: "offers a few dates".)
    let kept_as_rows = !matches!(
        attr.ty.as_deref(),
        Some("date" | "datetime" | "time" | "integer" | "boolean" | "enum" | "duration")
    );
    // ("each customer can have several delivery addresses")
    if counted && kept_as_rows && !matches!(m.ctx, Ctx::Examples { .. }) && m.head().plural {
        let key = m.head().lemma.clone();
        return Class::Entity {
            name: classify::entity_name(&key, lex),
            key,
        };
    }
    let place = attr.things
        && attr.media.is_none()
        && matches!(m.ctx, Ctx::Prep { .. } | Ctx::Object { .. });
    // "reserve parking spots": a field word named by another noun, as what a
    // verb acts on, is a thing of its own.
    let words = &m.words;
    // (not "record road test dates": values keep their kind)
    let a_value_in_time = matches!(
        attr.ty.as_deref(),
        Some("date" | "datetime" | "time" | "duration")
    );
    let compound_object = attr.media.is_none()
        && !a_value_in_time
        && matches!(m.ctx, Ctx::Object { .. })
        && words.len() >= 2
        && words[words.len() - 2].tag == crate::text::Tag::Noun
        && lex.attribute(&words[words.len() - 2].lemma).is_none()
        && lex.actor(&words[words.len() - 2].lemma).is_none();
    if compound_object && m.head().plural {
        // ("ad spots" are AdSpots)
        let modifier = keel_blueprint::names::singularize(&words[words.len() - 2].text);
        let key = format!("{modifier}-{}", m.head().lemma);
        return Class::Entity {
            name: classify::entity_name(&key, lex),
            key,
        };
    }
    let thing = (attr.media.is_some() && uploaded) || place;
    if attr.things && thing && m.head().plural {
        let key = m.head().lemma.clone();
        return Class::Entity {
            name: classify::entity_name(&key, lex),
            key,
        };
    }
    class
}

/// "members borrow tools", "customers choose extra services": a word that
/// usually names the application itself is a thing when many of them are
/// acted on.
pub(super) fn countable_thing(
    class: Class,
    m: &crate::parse::Mention,
    parsed: &Parsed,
    lex: &Lexicon,
) -> Class {
    let head = m.head();
    // ... also after a preposition ("look after client sites") or owned by
    // someone ("a customer's site").
    let many = head.plural && !matches!(m.ctx, Ctx::Subject | Ctx::Free);
    // ("clients pick a service": one of those the application offers)
    let chosen = matches!(m.ctx, Ctx::Object { verb } if lex.choosing_verbs.contains(&parsed.verbs[verb].lemma));
    // ("every tool is tagged with a number": one of many)
    let each_one = m.after_each(&parsed.sentences);
    if class == Class::Ignore
        && (many || chosen || each_one || m.possessor.is_some())
        && lex.app_words_countable.contains(&head.lemma)
    {
        return Class::Entity {
            name: classify::entity_name(&head.lemma, lex),
            key: head.lemma.clone(),
        };
    }
    class
}

/// "every location has a name, an address and a timezone": a word that
/// is usually a field or nothing is a thing when the text gives it fields.
pub(super) fn described_things(classes: Vec<Class>, parsed: &Parsed, lex: &Lexicon) -> Vec<Class> {
    let fields_of = |i: usize| {
        parsed
            .mentions
            .iter()
            .zip(&classes)
            .filter(|(x, c)| {
                matches!(x.ctx, Ctx::With { anchor } if anchor == i)
                    && matches!(c, Class::Attribute { .. })
            })
            .count()
    };
    // "each floor has zones": a word that holds things is a thing too.
    // ("each title is split into chapters")
    let split_into_things = |i: usize| {
        parsed.mentions[i].subject_of.iter().any(|v| {
            let v = &parsed.verbs[*v];
            v.passive
                && matches!(
                    v.lemma.as_str(),
                    "split" | "divide" | "break" | "organize" | "organise"
                )
                && v.preps
                    .iter()
                    .any(|(p, t)| p == "into" && matches!(classes[*t], Class::Entity { .. }))
        })
    };
    let holds_things = |i: usize| {
        split_into_things(i)
            || parsed.mentions.iter().zip(&classes).any(|(x, c)| {
                matches!(x.ctx, Ctx::With { anchor } if anchor == i)
                    && matches!(c, Class::Entity { .. })
            })
    };
    let described: Vec<bool> = (0..classes.len())
        .map(|i| {
            let m = &parsed.mentions[i];
            matches!(classes[i], Class::Attribute { .. } | Class::Ignore)
                && m.ctx == Ctx::Subject
                && lex.actor(&m.head().lemma).is_none()
                && classify::is_name_like(&m.head().lemma)
                // ("the system shall hold a profile for each client": the
                // application itself)
                && !classify::names_the_application(m.head(), m, lex)
                && (fields_of(i) >= 2 || (holds_things(i) && !lex.views.contains(&m.head().lemma)))
        })
        .collect();
    head_entities(classes, &described, parsed, lex)
}

/// The classes with each marked mention read as the entity its head names.
fn head_entities(
    classes: Vec<Class>,
    marked: &[bool],
    parsed: &Parsed,
    lex: &Lexicon,
) -> Vec<Class> {
    classes
        .into_iter()
        .zip(marked)
        .zip(&parsed.mentions)
        .map(|((c, &marked), m)| {
            if marked {
                Class::Entity {
                    name: classify::entity_name(&m.head().lemma, lex),
                    key: m.head().lemma.clone(),
                }
            } else {
                c
            }
        })
        .collect()
}

/// "species are picked from a checklist that we maintain", "staff choose
/// the category from a list": what people pick from a list is a list the
/// application keeps, even a word that is mostly a field.
pub(super) fn picked_from_lists(classes: Vec<Class>, parsed: &Parsed, lex: &Lexicon) -> Vec<Class> {
    let picked: Vec<bool> = (0..classes.len())
        .map(|i| {
            let m = &parsed.mentions[i];
            picked_from_a_list(i, parsed, lex)
                && matches!(classes[i], Class::Attribute { .. } | Class::Ignore)
                && lex.actor(&m.head().lemma).is_none()
                && classify::is_name_like(&m.head().lemma)
                && !lex.ignore.contains(&m.head().lemma)
        })
        .collect();
    head_entities(classes, &picked, parsed, lex)
}

/// Whether mention `i` is what people pick from a list (evidence enough
/// for a kept thing).
pub(super) fn picked_from_a_list(i: usize, parsed: &Parsed, lex: &Lexicon) -> bool {
    parsed.verbs.iter().any(|v| {
        matches!(v.lemma.as_str(), "pick" | "choose" | "select")
            && (v.objects.contains(&i) || (v.passive && v.subject == Some(i)))
            && v.preps.iter().any(|(prep, at)| {
                prep == "from" && lex.pick_lists.contains(&parsed.mentions[*at].head().lemma)
            })
    })
}

/// "a Google Sheet with 900 rows that nobody trusts", "a whiteboard with a
/// column per van": what today's tools hold is not kept by the app.
pub(super) fn held_by_tools(classes: Vec<Class>, parsed: &Parsed, lex: &Lexicon) -> Vec<Class> {
    let tool = |a: usize| {
        let m = &parsed.mentions[a];
        lex.tool_heads.contains(&m.head().lemma)
            || (m.words.len() > 1 && lex.tool_modifiers.contains(&m.words[0].text))
    };
    classes
        .into_iter()
        .zip(&parsed.mentions)
        .map(|(c, m)| match m.ctx {
            Ctx::With { anchor } if tool(anchor) => Class::Ignore,
            _ => c,
        })
        .collect()
}

/// "pay by card": a word the lexicon ignores near words of another matter,
/// or unless a verb acts on it ("report problems").
pub(super) fn named_in_passing(
    class: &Class,
    m: &crate::parse::Mention,
    parsed: &Parsed,
    lex: &Lexicon,
) -> bool {
    if !matches!(class, Class::Entity { .. }) {
        return false;
    }
    // (A compound is a thing of its own: "an open funding call".)
    // ("unusual records": describing words leave a word bare; but not
    // "medical records" or "an open funding call", which say which kind)
    let describing = |w: &crate::text::Word| {
        w.tag == crate::text::Tag::Adj
            && !lex.naming_adjectives.contains(&w.text)
            && !w.text.ends_with("ing")
    };
    let bare = m.words.iter().filter(|w| !describing(w)).count() == 1;
    if let Some(verbs) = lex.only_as_object_of.get(&m.head().lemma).filter(|_| bare) {
        let acted_on = match m.ctx {
            Ctx::Object { verb } => verbs.contains(&parsed.verbs[verb].lemma),
            _ => false,
        };
        return !acted_on;
    }
    let Some(near) = lex.ignore_near.get(&m.head().lemma) else {
        return false;
    };
    parsed.sentences[m.sentence]
        .iter()
        .any(|w| near.contains(&w.lemma) || near.contains(&w.text))
}

/// "see occupancy reports": a report someone only looks at is a view.
pub(super) fn is_seen_report(m: &crate::parse::Mention, parsed: &Parsed, lex: &Lexicon) -> bool {
    let Ctx::Object { verb } = m.ctx else {
        return false;
    };
    matches!(
        m.head().lemma.as_str(),
        "report" | "summary" | "statistic" | "metric"
    ) && lex.verb_class(&parsed.verbs[verb].lemma) == VerbClass::Read
}

/// Whether the text supports an entity from this mention.
pub(super) fn supported(
    m: &crate::parse::Mention,
    class: &Class,
    parsed: &Parsed,
    lex: &Lexicon,
) -> bool {
    let Class::Entity { key, .. } = class else {
        return false;
    };
    let head = m.head();
    // "each studio's manager": a thing that owns something is a thing.
    let owns = parsed.mentions.iter().any(|x| {
        x.possessor
            .is_some_and(|p| std::ptr::eq(&parsed.mentions[p], m))
    });
    if owns && m.determined && !head.proper {
        return true;
    }
    // "no payments in the app": what the text rules out.
    let before = |back: usize| {
        m.word_before(&parsed.sentences, back)
            .map(|w| w.text.as_str())
    };
    if matches!(before(1), Some("no" | "without")) {
        return false;
    }
    // "every gym gets its own space": the tenancy, not a thing.
    if (before(1) == Some("own") || before(2) == Some("own"))
        && lex.tenancy.own_spaces.contains(key.as_str())
    {
        return false;
    }
    // ("payment we do in the clinic, not online")
    if lex
        .nouns
        .get(key.as_str())
        .is_some_and(|n| n.kind == Kind::Payment)
        && crate::text::money_kept_outside(&parsed.sentences[m.sentence], lex)
    {
        return false;
    }
    // What the verb it is the object of says about it.
    if let Ctx::Object { verb } = m.ctx {
        let v = &parsed.verbs[verb];
        let words = &parsed.sentences[v.sentence];
        let word_before_verb = |back: usize| v.pos.checked_sub(back).and_then(|i| words.get(i));
        // "I run a tattoo studio", "we run a podcast network": the writer's
        // own business is where the application lives.
        let writer = (1..=2).any(|back| {
            word_before_verb(back).is_some_and(|w| matches!(w.text.as_str(), "i" | "we"))
                && (back == 1
                    || word_before_verb(1).is_some_and(|w| {
                        matches!(w.tag, crate::text::Tag::Adv | crate::text::Tag::Aux)
                    }))
        });
        let own_business = writer && matches!(v.lemma.as_str(), "run" | "own" | "operate");
        // "raise change requests describing the risk level and a rollback
        // plan": one thing a request describes is a field of it.
        let described = matches!(
            v.lemma.as_str(),
            "describe" | "specify" | "state" | "indicate" | "mention"
        ) && !lex.nouns.contains_key(key);
        // "we do not take payments": what a denied verb acts on.
        let denied =
            word_before_verb(1).is_some_and(|w| matches!(w.text.as_str(), "not" | "never"));
        if ((own_business || described) && !head.plural) || denied {
            return false;
        }
    }
    if let Ctx::Prep { prep, anchor } = &m.ctx {
        // "after the meeting" is a time; "looks after several buildings" is not.
        let cared_for = prep == "after" && head.plural && matches!(anchor, Anchor::Verb(_));
        // ("after every hive inspection they log ...", "a reminder before
        // each appointment": one of many, each a thing of its own)
        let each = matches!(before(1), Some("each" | "every"));
        if matches!(
            prep.as_str(),
            "after" | "before" | "during" | "until" | "since"
        ) && !cared_for
            && !each
        {
            return false;
        }
    }
    // "in order", "on file", "by hand": a bare word after a preposition is
    // an idiom, not a thing.
    if let Ctx::Prep { prep, .. } = &m.ctx {
        if matches!(prep.as_str(), "in" | "on" | "by" | "at" | "under" | "upon")
            && !m.determined
            && !head.plural
            && m.words
                .iter()
                .filter(|w| w.tag == crate::text::Tag::Noun)
                .count()
                == 1
            && m.possessor.is_none()
            && !lex.mass_entities.contains(key)
        {
            return false;
        }
    }
    // "booking happens over DMs, which is chaos": a bare word after "is"
    // says what something is like.
    if matches!(m.ctx, Ctx::Free | Ctx::Object { .. })
        && m.words.len() == 1
        && matches!(before(1), Some("is" | "was"))
    {
        return false;
    }
    // "reports about potholes, broken streetlights and graffiti": what a
    // thing is about is its subject matter, unless the text keeps it too.
    // ("about 200 clients", "about forty cafés and restaurants": a number
    // of them)
    let counted = |x: &crate::parse::Mention| {
        let words = &parsed.sentences[x.sentence];
        let Some(at) = words[..x.start()].iter().rposition(|w| w.text == "about") else {
            return false;
        };
        words
            .get(at + 1)
            .is_some_and(|w| w.tag == crate::text::Tag::Num || lex.number_words.contains(&w.text))
    };
    let about = |x: &crate::parse::Mention| {
        let about_prep = |c: &Ctx| matches!(c, Ctx::Prep { prep, anchor: Anchor::Mention(_) } if prep == "about");
        !counted(x)
            && (about_prep(&x.ctx)
                || matches!(&x.ctx, Ctx::Examples { anchor, .. }
                    if about_prep(&parsed.mentions[*anchor].ctx)))
    };
    // (Each of the readings below holds only when every mention of the
    // word reads so: a thing the text also keeps is kept.)
    let only_read_as = |reading: &dyn Fn(&crate::parse::Mention) -> bool| {
        parsed
            .mentions
            .iter()
            .filter(|x| x.head().lemma == head.lemma)
            .all(reading)
            && reading(m)
    };
    if only_read_as(&about) {
        return false;
    }
    // "book them for walks, drop-in visits or overnight stays": three or
    // more alternatives are kinds of something, unless kept elsewhere too.
    let alternative = |x: &crate::parse::Mention| {
        let list: Vec<&crate::parse::Mention> = parsed
            .mentions
            .iter()
            .filter(|y| y.sentence == x.sentence && y.list == x.list)
            .collect();
        list.len() >= 3
            && list
                .last()
                .and_then(|last| last.word_before(&parsed.sentences, 1))
                .is_some_and(|w| w.text == "or")
            && list.iter().all(|y| y.words.iter().all(|w| !w.proper))
            && list.first().zip(list.last()).is_some_and(|(a, b)| {
                parsed.sentences[x.sentence]
                    .get(a.pos..b.start())
                    .is_some_and(|between| between.iter().any(|w| w.tag == crate::text::Tag::Comma))
            })
    };
    if only_read_as(&alternative) {
        return false;
    }
    // "a max number of places per session": what is counted is a number,
    // unless the text keeps those things too.
    let counted_by_number = |x: &crate::parse::Mention| {
        x.word_before(&parsed.sentences, 1)
            .is_some_and(|w| w.text == "of")
            && x.word_before(&parsed.sentences, 2)
                .is_some_and(|w| matches!(w.text.as_str(), "number" | "count" | "amount"))
    };
    if only_read_as(&counted_by_number) {
        return false;
    }
    // "there is a chat inside each commission": what there is, is a thing.
    let existential = matches!(
        (before(3), before(2), before(1)),
        (
            Some("there"),
            Some("is" | "are"),
            Some("a" | "an" | "some" | "many")
        ) | (_, Some("there"), Some("is" | "are"))
    );
    // "in-app chat per ride": one of it for each of another thing.
    let per_thing = parsed.mentions.iter().any(|x| {
        matches!(&x.ctx, Ctx::Prep { prep, anchor: Anchor::Mention(a) }
            if prep == "per" && std::ptr::eq(&parsed.mentions[*a], m))
    });
    if (existential || per_thing) && matches!(m.ctx, Ctx::Free) {
        return true;
    }
    // "of different types": a bare type is a field, not a thing.
    if matches!(
        key.as_str(),
        "type" | "kind" | "sort" | "variety" | "category-kind"
    ) {
        return false;
    }
    // A single singular mention after a preposition is weak evidence
    // ("at each step", "toward the goal"); it needs a plural or another role.
    if let Ctx::Prep { prep, anchor } = &m.ctx {
        // ("each step at a workstation": one for each of another thing)
        let each_at_one = matches!(anchor, Anchor::Mention(a)
            if parsed.mentions[*a].after_each(&parsed.sentences))
            && matches!(before(1), Some("a" | "an" | "one"));
        let loose = !each_at_one
            && matches!(
                prep.as_str(),
                "at" | "toward"
                    | "towards"
                    | "by"
                    | "via"
                    | "through"
                    | "from"
                    | "throughout"
                    | "across"
                    | "around"
            );
        // ("opens the app on the bus": where someone happens to be)
        let in_passing = matches!(prep.as_str(), "on" | "in")
            && before(1) == Some("the")
            && m.words.len() == 1
            && !lex.nouns.contains_key(key);
        if (loose || in_passing) && !head.plural && !lex.mass_entities.contains(key) {
            return false;
        }
    }
    if lex.nouns.contains_key(key) || lex.mass_entities.contains(key) {
        return true;
    }
    if head.plural {
        return true;
    }
    // "entries with photos and a short story", "a request with a signed
    // agreement": one unknown word listed with a thing is a detail of it.
    // (Not said again, "search by artist", nor with a clause of its own,
    // "the gallery where each piece hangs".)
    if matches!(m.ctx, Ctx::With { .. }) {
        let said_again = parsed
            .mentions
            .iter()
            .filter(|x| x.head().lemma == head.lemma)
            .count()
            > 1;
        // ("with a statement emailed to each PI": a participle acting on it)
        let words = &parsed.sentences[m.sentence];
        let with_a_clause = words
            .get(m.pos + 1)
            .is_some_and(|w| matches!(w.text.as_str(), "where" | "which" | "that" | "who"))
            || (words.get(m.pos + 1).is_some_and(|w| w.text.ends_with("ed"))
                && words
                    .get(m.pos + 2)
                    .is_some_and(|w| w.tag == crate::text::Tag::Prep));
        // ("quotes with a line for each room": one per room, so many)
        let text = |k: usize| words.get(k).map_or("", |w| w.text.as_str());
        let one_per = text(m.pos + 1) == "per"
            || (text(m.pos + 1) == "for" && matches!(text(m.pos + 2), "each" | "every"));
        if !said_again && !with_a_clause && !one_per && !created_here(m, parsed, lex) {
            return false;
        }
    }
    // A singular unknown word needs an article and a place in the sentence,
    // or to be made by someone ("teachers post homework"). Words joined by
    // "and" share both: "each flavour and filling has an allergen list".
    (m.determined && !matches!(m.ctx, Ctx::Free))
        || each_of_a_joined_subject(m, parsed)
        || m.possessor.is_some()
        || created_here(m, parsed, lex)
}

/// "each flavour and filling has an allergen list": two words after
/// `each` joined by "and" are one subject, each of them a thing.
fn each_of_a_joined_subject(m: &crate::parse::Mention, parsed: &Parsed) -> bool {
    let each = |x: &crate::parse::Mention| x.after_each(&parsed.sentences);
    let (before_it, after_it) = joined_by_and(m, parsed);
    match (before_it, after_it) {
        (Some(first), _) => each(first) && m.ctx == Ctx::Subject,
        (None, Some(second)) => each(m) && m.ctx == Ctx::Free && second.ctx == Ctx::Subject,
        _ => false,
    }
}

/// The words joined to `m` by a bare "and" or "or" right before and right
/// after it ("each flavour and filling"), if any.
fn joined_by_and<'p>(
    m: &crate::parse::Mention,
    parsed: &'p Parsed,
) -> (
    Option<&'p crate::parse::Mention>,
    Option<&'p crate::parse::Mention>,
) {
    let words = &parsed.sentences[m.sentence];
    let joins = |at: usize| {
        words
            .get(at)
            .is_some_and(|w| matches!(w.text.as_str(), "and" | "or"))
    };
    let neighbour = |x: &&crate::parse::Mention| x.sentence == m.sentence && x.list == m.list;
    let before_it = parsed
        .mentions
        .iter()
        .filter(neighbour)
        .find(|x| m.start() >= 2 && x.pos + 2 == m.start() && joins(x.pos + 1));
    let after_it = parsed
        .mentions
        .iter()
        .filter(neighbour)
        .find(|x| x.start() == m.pos + 2 && joins(m.pos + 1) && !x.determined);
    (before_it, after_it)
}

/// "Each job site is a project": the phrase after `is a` names the thing
/// and the one before it is another word for it. Returns the subject.
pub(super) fn defined_by_copula(i: usize, parsed: &Parsed) -> Option<usize> {
    let m = &parsed.mentions[i];
    if !matches!(m.ctx, Ctx::Free) || !m.determined || i == 0 {
        return None;
    }
    let article = m.word_before(&parsed.sentences, 1)?;
    let verb = m.word_before(&parsed.sentences, 2)?;
    if !matches!(article.text.as_str(), "a" | "an") || !matches!(verb.text.as_str(), "is" | "are") {
        return None;
    }
    let subject = &parsed.mentions[i - 1];
    let each = subject.after_each(&parsed.sentences);
    (subject.sentence == m.sentence
        && subject.pos + 3 == m.start()
        && matches!(subject.ctx, Ctx::Free | Ctx::Subject)
        && each)
        .then_some(i - 1)
}

pub(super) fn created_here(m: &crate::parse::Mention, parsed: &Parsed, lex: &Lexicon) -> bool {
    let Ctx::Object { verb } = m.ctx else {
        return false;
    };
    let v = &parsed.verbs[verb];
    !v.passive && v.subject.is_some() && lex.verb_class(&v.lemma) == VerbClass::Create
}

/// "Our farm sells shares", "post to our Slack channel": the one thing the
/// writer's organisation has is where the app lives, not a table of many,
/// unless the text also speaks of many of them ("each farm", "farms").
pub(super) fn is_ours_alone(m: &crate::parse::Mention, parsed: &Parsed) -> bool {
    let head = m.head();
    let ours = m
        .word_before(&parsed.sentences, 1)
        .is_some_and(|w| matches!(w.text.as_str(), "our" | "my"));
    let many_elsewhere = parsed.mentions.iter().any(|x| {
        x.head().lemma == head.lemma
            && (x.head().plural
                || x.word_before(&parsed.sentences, 1).is_some_and(|w| {
                    matches!(
                        w.text.as_str(),
                        "a" | "an" | "each" | "every" | "per" | "any"
                    )
                }))
    });
    ours && !head.plural && !many_elsewhere
}

/// "A community garden booking app. The garden has plots ...": the one
/// thing the app is about, named again with `the` and never as one of many,
/// is the setting, not a table.
pub(super) fn is_the_setting(m: &crate::parse::Mention, i: usize, parsed: &Parsed) -> bool {
    let head = m.head();
    let Some(app) = parsed.mentions.first().filter(|a| a.sentence == 0) else {
        return false;
    };
    let in_app_phrase = app.words[..app.words.len() - 1]
        .iter()
        .any(|w| w.lemma == head.lemma || w.text == head.lemma);
    // "An internal knowledge base ... each company's knowledge base".
    let is_the_app = app.head().lemma == head.lemma && m.possessor.is_some();
    if i != 0 && is_the_app && !head.plural {
        return true;
    }
    let after_the = m
        .word_before(&parsed.sentences, 1)
        .is_some_and(|w| w.text == "the");
    // "A practice management tool for a small law firm. Clients retain the
    // firm ...": the business the app is for, in its first sentence.
    let business = parsed.mentions.iter().find(|x| {
        x.sentence == 0
            && matches!(&x.ctx, Ctx::Prep { prep, anchor: Anchor::Mention(0) } if prep == "for")
            && x.word_before(&parsed.sentences, 1)
                .is_some_and(|w| matches!(w.text.as_str(), "a" | "an" | "our" | "my"))
    });
    let the_business =
        business.is_some_and(|b| b.head().lemma == head.lemma && (std::ptr::eq(b, m) || after_the));
    if i != 0 && the_business && !head.plural {
        return true;
    }
    if i != 0 && is_the_writers(m, parsed) {
        return true;
    }
    i != 0
        && in_app_phrase
        && after_the
        && !head.plural
        && matches!(m.ctx, Ctx::Subject | Ctx::Free)
        && !parsed
            .mentions
            .iter()
            .any(|x| x.head().lemma == head.lemma && x.head().plural)
}

/// "we are a regional food bank", "I'm the secretary of a rowing club",
/// "I am the volunteer librarian for a youth orchestra": the writer's own
/// organisation, one of its kind, is the setting.
fn is_the_writers(m: &crate::parse::Mention, parsed: &Parsed) -> bool {
    let head = m.head();
    let many_elsewhere = parsed
        .mentions
        .iter()
        .any(|x| x.head().lemma == head.lemma && x.head().plural);
    if head.plural || many_elsewhere {
        return false;
    }
    let words = &parsed.sentences[m.sentence];
    let said_by_writer = |article_at: usize| {
        // "we are a", "i am a", over a describing word: "we are now a"
        let mut k = article_at;
        while k > 0 && words[k - 1].tag == crate::text::Tag::Adv {
            k -= 1;
        }
        k >= 2
            && matches!(words[k - 1].text.as_str(), "am" | "are")
            && matches!(words[k - 2].text.as_str(), "i" | "we")
    };
    let start = m.start();
    let article = start
        .checked_sub(1)
        .filter(|&a| matches!(words[a].text.as_str(), "a" | "an"));
    if article.is_some_and(said_by_writer) {
        return true;
    }
    // "I'm the secretary of a rowing club"
    if let Ctx::Prep {
        prep,
        anchor: Anchor::Mention(a),
    } = &m.ctx
    {
        // (or with no article: "I'm membership secretary of a car club")
        let role = &parsed.mentions[*a];
        let the = role
            .start()
            .checked_sub(1)
            .filter(|&t| words[t].text == "the")
            .unwrap_or(role.start());
        return matches!(prep.as_str(), "of" | "for" | "at")
            && article.is_some()
            && role.sentence == m.sentence
            && said_by_writer(the);
    }
    false
}

/// "approve or reject with a comment", "a score plus written notes",
/// "tasting notes", "items with a unit and a price": a remark or a measure
/// said along with a thing, or of a kind, is a field of that thing (the
/// lexicon's `remarks` name which), not a thing of its own. (Comments people
/// post on things stay: "members comment on photos", "a comment thread".)
pub(super) fn remarks_as_fields(classes: Vec<Class>, parsed: &Parsed, lex: &Lexicon) -> Vec<Class> {
    let listed_with_field = |m: &crate::parse::Mention| {
        parsed.mentions.iter().zip(&classes).any(|(x, c)| {
            x.list == m.list && !std::ptr::eq(x, m) && matches!(c, Class::Attribute { .. })
        })
    };
    let fields: Vec<bool> = parsed
        .mentions
        .iter()
        .zip(&classes)
        .map(|(m, c)| {
            let Class::Entity { key, .. } = c else {
                return false;
            };
            // ("a comment thread" is comments, kept: the thread shows them)
            if !lex.remarks.contains_key(key) || &m.head().lemma != key {
                return false;
            }
            // ("a building with floors and units" keeps its units; "close
            // it with a note", "pass or fail with notes": with what is done)
            let with = match m.ctx {
                Ctx::With { .. } => !m.head().plural,
                _ => (1..=2).any(|back| {
                    m.word_before(&parsed.sentences, back)
                        .is_some_and(|w| w.text == "with")
                }),
            };
            let plus = m
                .word_before(&parsed.sentences, 1)
                .is_some_and(|w| w.text == "plus");
            // ("tasting notes", but "progress notes" and "internal notes"
            // are kept apart)
            let of_a_kind = m.words.len() == 2 && m.words[0].text.ends_with("ing");
            with || plus || of_a_kind || listed_with_field(m)
        })
        .collect();
    as_fields(classes, &fields, parsed, |key| lex.remarks[key].clone())
}

/// The classes with each marked entity read as a field of the attribute
/// `field_key` gives for its key (the word is the mention's head).
fn as_fields(
    classes: Vec<Class>,
    marked: &[bool],
    parsed: &Parsed,
    field_key: impl Fn(&str) -> String,
) -> Vec<Class> {
    classes
        .into_iter()
        .zip(marked)
        .zip(&parsed.mentions)
        .map(|((c, marked), m)| match (&c, marked) {
            (Class::Entity { key, .. }, true) => Class::Attribute {
                key: field_key(key),
                word: m.head().text.clone(),
            },
            _ => c,
        })
        .collect()
}

/// "members and their cars, make, model, year, registration and a photo": a
/// bare singular word listed among two fields or more is a field too, even a
/// word that elsewhere names a thing.
pub(super) fn details_listed_with_fields(
    classes: Vec<Class>,
    parsed: &Parsed,
    lex: &Lexicon,
) -> Vec<Class> {
    let details: Vec<bool> = parsed
        .mentions
        .iter()
        .zip(&classes)
        .map(|(m, c)| {
            let Class::Entity { key, .. } = c else {
                return false;
            };
            let fields_beside = parsed
                .mentions
                .iter()
                .zip(&classes)
                .filter(|(x, c)| {
                    x.sentence == m.sentence
                        && x.list == m.list
                        && !std::ptr::eq(*x, m)
                        && matches!(c, Class::Attribute { .. })
                })
                .count();
            let plain = parsed.sentences[m.sentence]
                .get(m.pos + 1)
                .is_none_or(|w| matches!(w.tag, crate::text::Tag::Comma | crate::text::Tag::Conj));
            fields_beside >= 2
                && plain
                && !m.determined
                && !m.head().plural
                && m.words.len() == 1
                && !lex.mass_entities.contains(key)
                // (a category, a record or an album is kept: "a title, year,
                // label and category", "artist, album, year")
                && !lex.generic_heads.contains_key(key)
                && !lex.containers.contains(key)
        })
        .collect();
    as_fields(classes, &details, parsed, str::to_owned)
}

/// "after each inspection they log the date, brood pattern and mite count":
/// a singular word the lexicon does not know, written down along with a
/// field, is a field too (of what the clause is about), not a thing.
pub(super) fn details_written_down(
    classes: Vec<Class>,
    parsed: &Parsed,
    lex: &Lexicon,
) -> Vec<Class> {
    let details: Vec<bool> = parsed
        .mentions
        .iter()
        .zip(&classes)
        .map(|(m, c)| {
            let (Class::Entity { key, .. }, Ctx::Object { verb }) = (c, &m.ctx) else {
                return false;
            };
            let v = &parsed.verbs[*verb];
            let with_a_field = v.objects.iter().any(|&o| {
                parsed.mentions[o].list == m.list && matches!(classes[o], Class::Attribute { .. })
            });
            // ("the mount they chose from our price list": a clause of its
            // own says more of it)
            let plain = parsed.sentences[m.sentence]
                .get(m.pos + 1)
                .is_none_or(|w| matches!(w.tag, crate::text::Tag::Comma | crate::text::Tag::Conj));
            // "inspect every hut and record its condition", "note its
            // category, colour and season": what is written down of *its*
            // thing, in the singular, describes that thing, when the list
            // of the verb's objects opens with "its" (not "each goat and
            // its kids").
            let of_its = || {
                v.objects
                    .iter()
                    .map(|&o| &parsed.mentions[o])
                    .filter(|o| o.list == m.list && o.sentence == m.sentence)
                    .min_by_key(|o| o.pos)
                    .and_then(|first| first.word_before(&parsed.sentences, 1))
                    .is_some_and(|w| w.text == "its")
            };
            lex.detail_verbs.contains(&v.lemma)
                && plain
                && !m.head().plural
                && !lex.mass_entities.contains(key)
                && (with_a_field && !lex.nouns.contains_key(key) || of_its())
        })
        .collect();
    as_fields(classes, &details, parsed, str::to_owned)
}
