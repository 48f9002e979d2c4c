//! Whether the text opens reading to people without an account: "the
//! public can search the log", "a public profile page", "visitors browse
//! events", "browse without signing up", or an application that publishes
//! to everyone ("a recipe sharing app"). Only then is content public to
//! read; otherwise reading needs an account (deny by default). The public
//! *sending* something in ("complaints from the public", "report a swarm,
//! no account needed") opens nothing to read.

use crate::lexicon::{Lexicon, VerbClass};
use crate::parse::Parsed;
use crate::text::{Tag, Word};

pub(super) fn opens_to_the_public(parsed: &Parsed, lex: &Lexicon) -> bool {
    let genre = parsed.sentences.first().is_some_and(|words| {
        words
            .iter()
            .any(|w| lex.public_genres.contains(&w.text) || lex.public_genres.contains(&w.lemma))
    });
    genre
        || parsed
            .sentences
            .iter()
            .any(|words| opens_reading(words, lex))
}

fn opens_reading(words: &[Word], lex: &Lexicon) -> bool {
    let text = |i: usize| words.get(i).map_or("", |w| w.text.as_str());
    let reading = |w: &Word| w.tag == Tag::Verb && lex.verb_class(&w.lemma) == VerbClass::Read;
    // A verb of reading within `span` words after `i`.
    let reads_after =
        |i: usize, span: usize| (1..=span).any(|k| words.get(i + k).is_some_and(reading));
    let reads_in_sentence = words.iter().any(reading);
    (0..words.len()).any(|i| match text(i) {
        // "a public profile page", "a public cert lookup", "the public can
        // search", "decks can be made public", "nothing becomes public"
        "public" => {
            let place = (1..=2).any(|k| {
                let t = text(i + k);
                lex.public_places.contains(t) || lex.views.contains(t)
            });
            let made = i > 0
                && matches!(
                    text(i - 1),
                    "made" | "make" | "becomes" | "become" | "go" | "goes"
                );
            place || made || reads_after(i, 3)
        }
        "publicly" => true,
        // "visitors browse events", "website visitors can see" (not
        // "visitors sign in at reception": a visitor log)
        "visitor" | "visitors" | "non-member" | "non-members" => reads_after(i, 3),
        // "browse listings without an account" (not "report a swarm, no
        // account needed")
        "without" | "no" => {
            reads_in_sentence && (1..=2).any(|k| lex.account_words.contains(text(i + k)))
        }
        _ => false,
    })
}
