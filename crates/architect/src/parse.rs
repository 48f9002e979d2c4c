//! From tagged sentences to noun-phrase mentions and verb uses: who does
//! what to which thing, and how things attach to each other ("recipes
//! *with* steps", "comment *on* recipes", "hotels *have* rooms").

use crate::text::{Tag, Word};

mod appended;

/// What a noun phrase hangs on.
#[derive(Debug, Clone, PartialEq)]
pub enum Ctx {
    /// Stands alone (or starts a clause).
    Free,
    /// Subject of the verbs in `Mention::subject_of`.
    Subject,
    /// Direct object of a verb.
    Object { verb: usize },
    /// Part of another mention: "recipes with steps", "hotels have rooms".
    With { anchor: usize },
    /// After a preposition: "comment on recipes", "reports for cars".
    Prep { prep: String, anchor: Anchor },
    /// Examples or values of another mention: "activities like calls"
    /// (open), "stages: screening, interview" (closed: the full list).
    Examples { anchor: usize, closed: bool },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Anchor {
    Mention(usize),
    Verb(usize),
}

#[derive(Debug, Clone)]
pub struct Mention {
    /// Adjectives and nouns of the phrase, in order (head last).
    pub words: Vec<Word>,
    pub sentence: usize,
    /// Index of the head word in its sentence.
    pub pos: usize,
    pub ctx: Ctx,
    /// The verbs this phrase is the subject of.
    pub subject_of: Vec<usize>,
    /// Mentions coordinated in one list share an id.
    pub list: usize,
    /// Written with a determiner (`a`, `each`, ...) right before it.
    pub determined: bool,
    /// Written right after a number ("280 characters").
    pub counted: bool,
    /// Owner by possession: "their children's grades" → children.
    pub possessor: Option<usize>,
}

impl Mention {
    pub fn head(&self) -> &Word {
        self.words.last().expect("a mention has a head")
    }

    /// Index of the phrase's first word in its sentence.
    pub fn start(&self) -> usize {
        self.pos + 1 - self.words.len()
    }

    /// The word `back` places before the phrase ("*a* photo", "*our* farm").
    pub fn word_before<'a>(&self, sentences: &'a [Vec<Word>], back: usize) -> Option<&'a Word> {
        let i = self.start().checked_sub(back)?;
        sentences.get(self.sentence)?.get(i)
    }

    /// Whether `each` or `every` comes right before the phrase ("*each* flavour").
    pub fn after_each(&self, sentences: &[Vec<Word>]) -> bool {
        self.word_before(sentences, 1)
            .is_some_and(|w| matches!(w.text.as_str(), "each" | "every"))
    }
}

#[derive(Debug, Clone)]
pub struct VerbUse {
    pub lemma: String,
    pub sentence: usize,
    pub pos: usize,
    /// The mention doing it.
    pub subject: Option<usize>,
    /// Others doing it with the subject: "attorneys and paralegals log in".
    pub co_subjects: Vec<usize>,
    pub particle: Option<String>,
    pub objects: Vec<usize>,
    /// "them", "it": resolved against earlier mentions.
    pub pronoun_object: bool,
    /// "each other"
    pub reciprocal: bool,
    /// Prepositional phrases on the verb: ("on", mention).
    pub preps: Vec<(String, usize)>,
    /// "they are published"
    pub passive: bool,
}

/// "Attorneys and paralegals log in": the phrases coordinated right
/// before the subject `id` (only "and", "or" and commas between them).
fn coordinated_before(mentions: &[Mention], id: usize, words: &[Word]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut next = &mentions[id];
    for (c, m) in mentions[..id].iter().enumerate().rev() {
        // ("for every matter, paralegals upload ...": a phrase a
        // preposition opens is what the clause is about, not a subject)
        let opened = || {
            words[..m.start()]
                .iter()
                .rev()
                .find(|w| w.tag != Tag::Det)
                .is_some_and(|w| w.tag == Tag::Prep)
        };
        let joined = m.sentence == next.sentence
            && m.ctx == Ctx::Free
            && !opened()
            && m.pos < next.start()
            && words[m.pos + 1..next.start()].iter().all(|w| {
                matches!(w.tag, Tag::Comma | Tag::Det)
                    || (w.tag == Tag::Conj && matches!(w.text.as_str(), "and" | "or"))
            })
            && words[m.pos + 1..next.start()]
                .iter()
                .any(|w| matches!(w.tag, Tag::Comma | Tag::Conj));
        if !joined {
            break;
        }
        out.push(c);
        next = m;
    }
    out
}

#[derive(Debug, Default)]
pub struct Parsed {
    pub sentences: Vec<Vec<Word>>,
    pub mentions: Vec<Mention>,
    pub verbs: Vec<VerbUse>,
    /// Values the text lists in parentheses after a word (`text::value_lists`).
    pub values: std::collections::BTreeMap<String, Vec<String>>,
}

const WITH_VERBS: &[&str] = &[
    "have", "contain", "include", "consist", "compose", "make", "feature", "hold",
];
const MODALS: &[&str] = &[
    "can", "could", "will", "would", "must", "should", "may", "might", "shall", "cannot",
];
const CLAUSE_BREAKERS: &[&str] = &[
    "when", "where", "while", "if", "because", "whether", "whenever", "unless", "once", "so",
    "but", "then", "that", "which", "who",
];

pub fn parse(sentences: Vec<Vec<Word>>) -> Parsed {
    let mut out = Parsed::default();
    let mut list_id = 0usize;
    for (si, words) in sentences.iter().enumerate() {
        let n = words.len();
        let mut ctx = Ctx::Free;
        let mut subject: Option<usize> = None;
        let mut co_subjects: Vec<usize> = Vec::new();
        let mut cur_verb: Option<usize> = None;
        let mut last_np: Option<usize> = None;
        // The previous meaningful item was a noun phrase (for prepositions).
        let mut prev_was_np = false;
        let mut possessor: Option<usize> = None;
        // "For each production the director posts characters": a phrase
        // opening the sentence with a preposition hangs on the verb that
        // comes later ((preposition, mention) until that verb).
        let mut opening_prep: Option<String> = None;
        let mut before_the_verb: Vec<(String, usize)> = Vec::new();
        list_id += 1;
        let mut i = 0;
        while i < n {
            let w = &words[i];
            match w.tag {
                Tag::Noun | Tag::Adj => {
                    let start = i;
                    let mut j = i;
                    while j < n && matches!(words[j].tag, Tag::Noun | Tag::Adj) {
                        j += 1;
                        if words[j - 1].possessive {
                            break;
                        }
                    }
                    let phrase: Vec<Word> = words[start..j].to_vec();
                    // Trailing adjectives ("mark them ready") are not a head.
                    let Some(last_noun) = phrase.iter().rposition(|w| w.tag == Tag::Noun) else {
                        i = j;
                        continue;
                    };
                    let phrase: Vec<Word> = phrase[..=last_noun].to_vec();
                    let head_pos = start + last_noun;
                    let determined = start > 0 && words[start - 1].tag == Tag::Det;
                    // Subject when a verb follows (over adverbs and auxiliaries).
                    // (not over an infinitive right after the phrase: "upload
                    // photos to close a job"; but "leaders should be able to upload")
                    let mut k = head_pos + 1;
                    // ("a queue for the recorder to accept": who is to act)
                    let for_whom = matches!(&ctx, Ctx::Prep { prep, .. } if prep == "for");
                    while k < n
                        && matches!(words[k].tag, Tag::Adv | Tag::Aux)
                        && !(words[k].text == "to" && k == head_pos + 1 && !for_whom)
                    {
                        k += 1;
                    }
                    let is_possessive = phrase.last().is_some_and(|w| w.possessive);
                    // ("a tenant can be on many leases": a modal says who it is about.)
                    let modal_follows = words
                        .get(head_pos + 1)
                        .is_some_and(|x| x.tag == Tag::Aux && MODALS.contains(&x.text.as_str()));
                    // ("send questionnaires built from templates": what a
                    // verb acts on, then a participle that describes it)
                    let described_by_participle = matches!(ctx, Ctx::Object { .. })
                        && k == head_pos + 1
                        && k < n
                        && past_participle(&words[k])
                        && words
                            .get(k + 1)
                            .is_some_and(|x| matches!(x.tag, Tag::Prep | Tag::Particle));
                    let is_subject = !is_possessive
                        && !described_by_participle
                        && k < n
                        && (words[k].tag == Tag::Verb || modal_follows);
                    let id = out.mentions.len();
                    // "Community managers at each location see bookings": the
                    // phrase the preposition hangs on is the subject.
                    let subject_anchor = match &ctx {
                        Ctx::Prep {
                            anchor: Anchor::Mention(a),
                            ..
                        } if is_subject
                            && out.mentions[*a].sentence == si
                            && out.mentions[*a].ctx == Ctx::Free =>
                        {
                            Some(*a)
                        }
                        // "add-ons like eggs or flowers can be bought": the
                        // phrase the examples illustrate.
                        Ctx::Examples {
                            anchor: a,
                            closed: false,
                        } if is_subject
                            && out.mentions[*a].sentence == si
                            && matches!(out.mentions[*a].ctx, Ctx::Free | Ctx::Subject) =>
                        {
                            Some(*a)
                        }
                        _ => None,
                    };
                    if let Some(a) = subject_anchor {
                        out.mentions[a].ctx = Ctx::Subject;
                    }
                    let m_ctx = if is_subject && subject_anchor.is_none() {
                        Ctx::Subject
                    } else {
                        ctx.clone()
                    };
                    out.mentions.push(Mention {
                        words: phrase,
                        sentence: si,
                        pos: head_pos,
                        ctx: m_ctx.clone(),
                        subject_of: Vec::new(),
                        list: list_id,
                        determined,
                        counted: start > 0 && words[start - 1].number.is_some(),
                        possessor: possessor.take(),
                    });
                    if is_possessive {
                        possessor = Some(id);
                        i = head_pos + 1;
                        continue;
                    }
                    if let Some(prep) = &opening_prep {
                        if m_ctx == Ctx::Free {
                            before_the_verb.push((prep.clone(), id));
                        }
                    }
                    if is_subject {
                        opening_prep = None;
                        subject = Some(subject_anchor.unwrap_or(id));
                        co_subjects = if subject_anchor.is_none() {
                            coordinated_before(&out.mentions, id, words)
                        } else {
                            Vec::new()
                        };
                        list_id += 1;
                    } else if let Ctx::Object { verb } = ctx {
                        out.verbs[verb].objects.push(id);
                    } else if let Ctx::Prep { prep, anchor } = &ctx {
                        let verb = match anchor {
                            Anchor::Verb(v) => Some(*v),
                            Anchor::Mention(_) => cur_verb,
                        };
                        if let Some(v) = verb {
                            out.verbs[v].preps.push((prep.clone(), id));
                        }
                    }
                    last_np = Some(id);
                    prev_was_np = true;
                    i = head_pos + 1;
                    continue;
                }
                Tag::Verb => {
                    // ("orders are created by dispatchers and assigned to
                    // crews": the second participle is passive too, of the
                    // same subject.)
                    let coordinated_passive = i > 0
                        && matches!(words[i - 1].text.as_str(), "and" | "or")
                        && w.text.ends_with("ed")
                        && cur_verb
                            .is_some_and(|v| out.verbs[v].passive && out.verbs[v].sentence == si);
                    let passive = coordinated_passive
                        || (i > 0
                            && words[i - 1].tag == Tag::Aux
                            && matches!(
                                words[i - 1].text.as_str(),
                                "is" | "are" | "be" | "been" | "was" | "were" | "get" | "gets"
                            ));
                    if coordinated_passive {
                        subject = cur_verb.and_then(|v| out.verbs[v].subject);
                        co_subjects = cur_verb
                            .map(|v| out.verbs[v].co_subjects.clone())
                            .unwrap_or_default();
                    }
                    // ("pay it out": after the pronoun the verb acts on)
                    let particle = words
                        .get(i + 1)
                        .filter(|x| x.tag == Tag::Particle)
                        .or_else(|| {
                            words
                                .get(i + 2)
                                .filter(|x| x.tag == Tag::Particle && words[i + 1].tag == Tag::Pron)
                        })
                        .map(|x| x.text.clone());
                    let v = out.verbs.len();
                    out.verbs.push(VerbUse {
                        lemma: w.lemma.clone(),
                        sentence: si,
                        pos: i,
                        subject,
                        co_subjects: if subject.is_some() {
                            co_subjects.clone()
                        } else {
                            Vec::new()
                        },
                        particle,
                        objects: Vec::new(),
                        pronoun_object: false,
                        reciprocal: false,
                        preps: Vec::new(),
                        passive,
                    });
                    // "articles organised into spaces": a participle after a
                    // noun phrase acts on it.
                    let participle = past_participle(w)
                        && prev_was_np
                        && !passive
                        && last_np.is_some_and(|np| out.mentions[np].ctx != Ctx::Subject);
                    if participle {
                        if let Some(np) = last_np {
                            out.verbs[v].objects.push(np);
                            out.verbs[v].subject = None;
                            out.verbs[v].co_subjects.clear();
                        }
                    } else if let Some(s) = subject {
                        out.mentions[s].subject_of.push(v);
                        for &c in &out.verbs[v].co_subjects.clone() {
                            out.mentions[c].subject_of.push(v);
                        }
                    }
                    opening_prep = None;
                    for (prep, m) in before_the_verb.drain(..) {
                        // (not what became this verb's subject: "for each
                        // event, volunteers and staff sign up")
                        let acting = out.verbs[v].subject == Some(m)
                            || out.verbs[v].co_subjects.contains(&m)
                            || out.mentions[m].ctx != Ctx::Free;
                        if acting {
                            continue;
                        }
                        out.mentions[m].ctx = Ctx::Prep {
                            prep: prep.clone(),
                            anchor: Anchor::Verb(v),
                        };
                        out.verbs[v].preps.push((prep, m));
                    }
                    cur_verb = Some(v);
                    list_id += 1;
                    // "made of", "made up of" list parts; "users make decks" does not.
                    let of_follows = words
                        .get(i + 1)
                        .is_some_and(|x| x.text == "of" || x.text == "up");
                    let lists_parts = match w.lemma.as_str() {
                        "make" | "compose" => of_follows,
                        _ => true,
                    };
                    ctx = if lists_parts && WITH_VERBS.contains(&w.lemma.as_str()) {
                        let anchor = if matches!(w.lemma.as_str(), "make" | "compose" | "consist") {
                            last_np
                        } else {
                            subject.or(last_np)
                        };
                        // "made of", "made up of", "consists of"
                        if words.get(i + 1).is_some_and(|x| x.text == "up")
                            && words.get(i + 2).is_some_and(|x| x.text == "of")
                        {
                            i += 1;
                        }
                        if words.get(i + 1).is_some_and(|x| x.text == "of") {
                            i += 1;
                        }
                        match anchor {
                            Some(a) => Ctx::With { anchor: a },
                            None => Ctx::Object { verb: v },
                        }
                    } else {
                        Ctx::Object { verb: v }
                    };
                    prev_was_np = false;
                }
                Tag::Prep => {
                    list_id += 1;
                    let prep = w.text.clone();
                    let anchor_np = if prev_was_np { last_np } else { None };
                    ctx = match prep.as_str() {
                        // ("runs rides at different paces, each with a
                        // leader": each of what the verb acts on)
                        "with"
                            if i >= 2
                                && words[i - 1].text == "each"
                                && words[i - 2].tag == Tag::Comma =>
                        {
                            match cur_verb
                                .and_then(|v| out.verbs[v].objects.first().copied())
                                .or(anchor_np)
                            {
                                Some(a) => Ctx::With { anchor: a },
                                None => Ctx::Free,
                            }
                        }
                        "with" => match anchor_np
                            .or_else(|| cur_verb.and_then(|v| out.verbs[v].objects.last().copied()))
                        {
                            Some(a) => Ctx::With { anchor: a },
                            None => Ctx::Free,
                        },
                        "including" => match anchor_np
                            .or_else(|| cur_verb.and_then(|v| out.verbs[v].objects.last().copied()))
                        {
                            Some(a) => Ctx::With { anchor: a },
                            None => Ctx::Free,
                        },
                        "like" => match anchor_np {
                            Some(a) => Ctx::Examples {
                                anchor: a,
                                closed: false,
                            },
                            None => Ctx::Free,
                        },
                        "as" if i > 0 && words[i - 1].text == "such" => match last_np {
                            Some(a) => Ctx::Examples {
                                anchor: a,
                                closed: false,
                            },
                            None => Ctx::Free,
                        },
                        // ("picks one of the meal options": what the verb
                        // acts on, one of many)
                        "of" if anchor_np.is_none()
                            && i >= 2
                            && words[i - 2].tag == Tag::Verb
                            && matches!(
                                words[i - 1].text.as_str(),
                                "one" | "each" | "any" | "some" | "all" | "several" | "both"
                            ) =>
                        {
                            match cur_verb {
                                Some(v) => Ctx::Object { verb: v },
                                None => Ctx::Free,
                            }
                        }
                        _ => match (anchor_np, cur_verb) {
                            (Some(a), _) => Ctx::Prep {
                                prep,
                                anchor: Anchor::Mention(a),
                            },
                            (None, Some(v)) => Ctx::Prep {
                                prep,
                                anchor: Anchor::Verb(v),
                            },
                            (None, None) => {
                                // ("inside the lab", "within 10% of": no opening
                                // phrase of a thing)
                                if i == 0
                                    && matches!(
                                        prep.as_str(),
                                        "for" | "after" | "before" | "during" | "on" | "at" | "in"
                                    )
                                {
                                    opening_prep = Some(prep.clone());
                                }
                                Ctx::Free
                            }
                        },
                    };
                    prev_was_np = false;
                }
                // ("we need to store: premises, wards, ...": the list is what
                // the verb acts on)
                Tag::Colon
                    if i > 0
                        && words[i - 1].tag == Tag::Verb
                        && matches!(ctx, Ctx::Object { .. } | Ctx::With { .. }) => {}
                Tag::Colon => {
                    list_id += 1;
                    ctx = match last_np {
                        Some(a) if prev_was_np => Ctx::Examples {
                            anchor: a,
                            closed: true,
                        },
                        _ => Ctx::Free,
                    };
                    prev_was_np = false;
                }
                // ("At the start of each month, the treasurer sends
                // invoices": the comma closes the opening phrase, so what
                // follows is not more of it.)
                Tag::Comma if opening_prep.is_some() && cur_verb.is_none() => {
                    ctx = Ctx::Free;
                    prev_was_np = false;
                }
                Tag::Comma => {
                    // Lists keep their context; a verb after the comma starts a new predicate.
                }
                Tag::Conj => {
                    // "a contractor, who updates ...": the relative clause's subject.
                    // ("sessions that are held in rooms": `that` right after
                    // a phrase, too)
                    let relative_that = w.text == "that" && prev_was_np;
                    if (matches!(w.text.as_str(), "who" | "which") || relative_that)
                        && last_np.is_some()
                    {
                        ctx = Ctx::Free;
                        cur_verb = None;
                        prev_was_np = false;
                        subject = last_np;
                        co_subjects.clear();
                        list_id += 1;
                        i += 1;
                        continue;
                    }
                    // ", and each donation is ...": a new clause with its own subject.
                    let new_subject = matches!(w.text.as_str(), "and" | "but")
                        && words
                            .get(i + 1)
                            .is_some_and(|x| matches!(x.text.as_str(), "each" | "every"));
                    if CLAUSE_BREAKERS.contains(&w.text.as_str()) || new_subject {
                        ctx = Ctx::Free;
                        cur_verb = None;
                        prev_was_np = false;
                        list_id += 1;
                        if crate::text::SUBORDINATORS.contains(&w.text.as_str()) {
                            subject = None;
                            co_subjects.clear();
                        }
                    }
                }
                Tag::Pron
                    if w.text == "who" && last_np.is_some() && prev_was_np_or_comma(words, i) =>
                {
                    ctx = Ctx::Free;
                    cur_verb = None;
                    prev_was_np = false;
                    subject = last_np;
                    co_subjects.clear();
                    list_id += 1;
                }
                Tag::Pron => {
                    if let (Some(v), Ctx::Object { .. } | Ctx::Prep { .. }) = (cur_verb, &ctx) {
                        if matches!(w.text.as_str(), "them" | "it") {
                            out.verbs[v].pronoun_object = true;
                        }
                    }
                    prev_was_np = false;
                }
                Tag::Det
                    if w.text == "each" && words.get(i + 1).is_some_and(|x| x.text == "other") =>
                {
                    if let Some(v) = cur_verb {
                        out.verbs[v].reciprocal = true;
                    }
                    i += 2;
                    continue;
                }
                // "us who run it would be organisers who can add trees": what
                // follows "be" names the subject, not more of the last verb's
                // objects ("there is usually a cap": past adverbs too).
                Tag::Aux
                    if matches!(w.text.as_str(), "be" | "is" | "are" | "was" | "were")
                        && pronoun_before(words, i)
                        && words[i + 1..]
                            .iter()
                            .find(|x| x.tag != Tag::Adv)
                            .is_some_and(|x| matches!(x.tag, Tag::Noun | Tag::Det)) =>
                {
                    ctx = Ctx::Free;
                    cur_verb = None;
                    prev_was_np = false;
                    list_id += 1;
                }
                // "scores each one", "approves every one": the things named
                // before, as with "them".
                Tag::Det
                    if matches!(w.text.as_str(), "each" | "every")
                        && words.get(i + 1).is_some_and(|x| x.text == "one")
                        && words.get(i + 2).is_none_or(|x| x.tag != Tag::Noun) =>
                {
                    if let (Some(v), Ctx::Object { .. }) = (cur_verb, &ctx) {
                        out.verbs[v].pronoun_object = true;
                    }
                    i += 2;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
    }
    appended::mark_appended_examples(&mut out, &sentences);
    share_coordinated_objects(&mut out, &sentences);
    mark_passive_agents(&mut out);
    out.sentences = sentences;
    out
}

/// "badges are scanned by volunteers": the people after `by` do what a
/// passive verb says, as if they were its subject.
fn mark_passive_agents(out: &mut Parsed) {
    for v in 0..out.verbs.len() {
        if !out.verbs[v].passive {
            continue;
        }
        if let Some(agent) = passive_agent(&out.verbs[v]) {
            if !out.mentions[agent].subject_of.contains(&v) {
                out.mentions[agent].subject_of.push(v);
            }
        }
    }
}

/// A verb in a form that can be its past participle: "organised", "built",
/// "made" (not its base form, -ing or -s: "pays", "has"). An irregular
/// past tense ("took") passes too: where it follows what another verb acts
/// on and comes before a preposition, it is read as a participle.
fn past_participle(w: &Word) -> bool {
    w.tag == Tag::Verb && w.text != w.lemma && !w.text.ends_with("ing") && !w.text.ends_with('s')
}

/// The mention after `by` on a passive verb: who does it.
pub fn passive_agent(v: &VerbUse) -> Option<usize> {
    if !v.passive {
        return None;
    }
    v.preps.iter().find(|(p, _)| p == "by").map(|(_, m)| *m)
}

/// Whether the word before `i` (over a comma) ends a noun phrase.
/// A pronoun right before `i`, over auxiliaries ("it would be").
fn pronoun_before(words: &[Word], i: usize) -> bool {
    words[..i]
        .iter()
        .rev()
        .find(|w| w.tag != Tag::Aux)
        .is_some_and(|w| w.tag == Tag::Pron)
}

fn prev_was_np_or_comma(words: &[Word], i: usize) -> bool {
    let mut j = i;
    while j > 0 {
        j -= 1;
        match words[j].tag {
            Tag::Comma => continue,
            Tag::Noun => return true,
            _ => return false,
        }
    }
    false
}

/// "like and comment on photos": a verb with nothing of its own, joined by
/// `and`/`or` to the next, acts on what the next one acts on.
fn share_coordinated_objects(out: &mut Parsed, sentences: &[Vec<Word>]) {
    for i in (0..out.verbs.len().saturating_sub(1)).rev() {
        let (a, b) = (&out.verbs[i], &out.verbs[i + 1]);
        let joined = a.sentence == b.sentence
            && b.pos == a.pos + 2
            && sentences[a.sentence]
                .get(a.pos + 1)
                .is_some_and(|w| matches!(w.text.as_str(), "and" | "or"));
        if joined && a.objects.is_empty() && a.preps.is_empty() && !a.pronoun_object {
            let mut objects = b.objects.clone();
            objects.extend(b.preps.iter().map(|(_, m)| *m));
            let pronoun = b.pronoun_object;
            out.verbs[i].objects = objects;
            out.verbs[i].pronoun_object = pronoun;
        }
    }
    // "members post ideas, upvote and comment": verbs with nothing of their
    // own after a verb with an object act on that object.
    for i in 1..out.verbs.len() {
        let (a, b) = (&out.verbs[i - 1], &out.verbs[i]);
        let words = &sentences[b.sentence];
        let listed = b.pos > 0
            && words
                .get(b.pos - 1)
                .is_some_and(|w| w.tag == Tag::Comma || matches!(w.text.as_str(), "and" | "or"));
        let bare = words
            .get(b.pos + 1)
            .is_none_or(|w| w.tag == Tag::Comma || matches!(w.text.as_str(), "and" | "or"));
        if a.sentence == b.sentence
            && listed
            && bare
            && b.objects.is_empty()
            && b.preps.is_empty()
            && !b.pronoun_object
            && !a.objects.is_empty()
        {
            let objects = a.objects.clone();
            out.verbs[i].objects = objects;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{lexicon, text};

    fn parsed(s: &str) -> Parsed {
        parse(text::analyse(s, lexicon::get()))
    }

    fn heads(p: &Parsed) -> Vec<String> {
        p.mentions.iter().map(|m| m.head().lemma.clone()).collect()
    }

    #[test]
    fn each_with_after_a_comma_gives_parts_of_what_the_verb_acts_on() {
        let p = parsed("We run walks at different speeds, each with a leader and a route.");
        let route = p
            .mentions
            .iter()
            .find(|m| m.head().lemma == "route")
            .unwrap();
        assert_eq!(route.ctx, Ctx::With { anchor: 0 }, "{:?}", p.mentions);
    }

    #[test]
    fn a_comma_closes_an_opening_phrase() {
        let p = parsed("At the start of each month, the treasurer sends invoices to members.");
        let send = p.verbs.iter().find(|v| v.lemma == "send").unwrap();
        let subject = send.subject.map(|s| p.mentions[s].head().lemma.clone());
        assert_eq!(subject.as_deref(), Some("treasurer"), "{:?}", p.mentions);
    }

    #[test]
    fn one_of_many_is_what_the_verb_acts_on() {
        let p = parsed("Each guest picks one of the meal options.");
        let option = p
            .mentions
            .iter()
            .find(|m| m.head().lemma == "option")
            .unwrap();
        assert_eq!(option.ctx, Ctx::Object { verb: 0 }, "{:?}", p.mentions);
    }

    #[test]
    fn finds_subjects_objects_and_parts() {
        let p = parsed("Users post recipes with a title, photo, ingredients and numbered steps.");
        assert_eq!(
            heads(&p),
            ["user", "recipe", "title", "photo", "ingredient", "step"]
        );
        assert_eq!(p.mentions[0].ctx, Ctx::Subject);
        assert_eq!(p.mentions[1].ctx, Ctx::Object { verb: 0 });
        assert_eq!(p.mentions[4].ctx, Ctx::With { anchor: 1 });
        assert_eq!(p.verbs[0].lemma, "post");
    }

    #[test]
    fn attaches_prepositions_to_verbs() {
        let p = parsed("Other users can comment on recipes, rate them from 1 to 5 stars.");
        let comment = p.verbs.iter().find(|v| v.lemma == "comment").unwrap();
        assert_eq!(comment.preps.len(), 1);
        let rate = p.verbs.iter().find(|v| v.lemma == "rate").unwrap();
        assert!(rate.pronoun_object);
        assert_eq!(rate.subject, comment.subject);
    }

    #[test]
    fn reads_have_as_parts() {
        let p = parsed("Hotels have room types and rooms.");
        assert_eq!(p.mentions[1].ctx, Ctx::With { anchor: 0 });
        assert_eq!(p.mentions[2].ctx, Ctx::With { anchor: 0 });
    }
}
