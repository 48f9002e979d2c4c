//! Examples appended after a comma: "the kit we lend out, tents, stoves,
//! rucksacks", "fifteen events a year, shows, road runs and a dinner". The
//! phrase before the comma is closed by what follows its head (a clause
//! without `that`, how often), so the list after it names kinds of it, not
//! more things beside it.

use super::{Ctx, Parsed};
use crate::text::{Tag, Word};

/// Spans of time that say how often ("events *a year*").
const PERIODS: &[&str] = &["day", "week", "month", "year", "term", "season"];

pub(super) fn mark_appended_examples(out: &mut Parsed, sentences: &[Vec<Word>]) {
    for (s, words) in sentences.iter().enumerate() {
        for c in 0..words.len() {
            if words[c].tag != Tag::Comma {
                continue;
            }
            let Some((anchor, relative)) = closed_before(out, s, words, c) else {
                continue;
            };
            let items = listed_after(out, s, words, c);
            if items.len() < 2 {
                continue;
            }
            for &m in &items {
                out.mentions[m].ctx = Ctx::Examples {
                    anchor,
                    closed: false,
                };
            }
            for v in &mut out.verbs {
                v.objects.retain(|o| !items.contains(o));
                v.preps.retain(|(_, o)| !items.contains(o));
                // "the kit we lend out": what the clause's verb acts on is
                // the phrase it follows.
                let clause_verb =
                    relative && v.sentence == s && v.pos == out.mentions[anchor].pos + 2;
                if clause_verb && v.objects.is_empty() {
                    v.objects.push(anchor);
                }
            }
        }
    }
}

/// The phrase whose head is followed, up to the comma at `c`, by a clause
/// without `that` ("the kit *we lend out*") or by how often ("events *a
/// year*"), and whether it was a clause.
fn closed_before(out: &Parsed, s: usize, words: &[Word], c: usize) -> Option<(usize, bool)> {
    let before: Vec<usize> = (0..out.mentions.len())
        .filter(|&m| out.mentions[m].sentence == s && out.mentions[m].pos < c)
        .collect();
    let &last = before.last()?;
    let m = &out.mentions[last];
    // "events a year": the period is a phrase of its own, right after the
    // one it counts.
    if m.pos + 1 == c && m.words.len() == 1 && PERIODS.contains(&m.head().lemma.as_str()) {
        let det = m.start().checked_sub(1)?;
        let &thing = before.iter().rev().nth(1)?;
        let counted = matches!(words[det].text.as_str(), "a" | "per" | "each" | "every")
            && out.mentions[thing].pos + 1 == det;
        return counted.then_some((thing, false));
    }
    // "the kit we lend out": a pronoun and its verb (and particle) right
    // after the head, nothing else.
    let clause = &words[m.pos + 1..c];
    let relative = clause.len() >= 2
        && clause[0].tag == Tag::Pron
        && matches!(clause[0].text.as_str(), "we" | "they" | "you" | "i")
        && clause[1].tag == Tag::Verb
        && clause[2..]
            .iter()
            .all(|w| matches!(w.tag, Tag::Particle | Tag::Adv));
    relative.then_some((last, true))
}

/// Phrases listed right after the comma at `c`, with only commas,
/// determiners and `and`/`or` between them: the longest such list that ends
/// the sentence or comes before a comma.
fn listed_after(out: &Parsed, s: usize, words: &[Word], c: usize) -> Vec<usize> {
    let mut items = Vec::new();
    let mut longest = 0;
    let mut at = c + 1;
    for (id, m) in out.mentions.iter().enumerate() {
        if m.sentence != s || m.pos <= c {
            continue;
        }
        let gap = &words[at..m.start()];
        let joined = gap.iter().all(|w| {
            matches!(w.tag, Tag::Comma | Tag::Det)
                || (w.tag == Tag::Conj && matches!(w.text.as_str(), "and" | "or"))
        });
        let separated =
            items.is_empty() || gap.iter().any(|w| matches!(w.tag, Tag::Comma | Tag::Conj));
        if !joined || !separated {
            break;
        }
        items.push(id);
        at = m.pos + 1;
        if words.get(at).is_none_or(|w| w.tag == Tag::Comma) {
            longest = items.len();
        }
    }
    items.truncate(longest);
    items
}

#[cfg(test)]
mod tests {
    use crate::parse::{Ctx, Parsed, parse};
    use crate::{lexicon, text};

    fn parsed(s: &str) -> Parsed {
        parse(text::analyse(s, lexicon::get()))
    }

    fn ctx_of(p: &Parsed, head: &str) -> Ctx {
        p.mentions
            .iter()
            .find(|m| m.head().lemma == head)
            .map(|m| m.ctx.clone())
            .unwrap_or_else(|| panic!("no {head}"))
    }

    #[test]
    fn a_list_after_a_closed_phrase_gives_examples_of_it() {
        // After a clause without `that`: kinds of the gear, which is lent.
        let p =
            parsed("We track the gear we hire out, kayaks, paddles and helmets, and who has it.");
        assert!(
            matches!(ctx_of(&p, "kayak"), Ctx::Examples { .. }),
            "{:?}",
            p.mentions
        );
        assert!(matches!(ctx_of(&p, "helmet"), Ctx::Examples { .. }));
        assert_eq!(p.verbs[1].lemma, "hire");
        assert_eq!(p.verbs[1].objects.len(), 1);
        // After how often: kinds of the events.
        let p = parsed("We hold ten events a year, quizzes, walks and a dinner.");
        assert!(
            matches!(ctx_of(&p, "quiz"), Ctx::Examples { .. }),
            "{:?}",
            p.mentions
        );
        assert!(matches!(ctx_of(&p, "dinner"), Ctx::Examples { .. }));
        // A plain list is not.
        let p = parsed("We track customers, orders and invoices.");
        assert!(
            matches!(ctx_of(&p, "order"), Ctx::Object { .. }),
            "{:?}",
            p.mentions
        );
    }
}
