//! Whether the text opens anything to people without an account: "the
//! public can report a swarm", "a public profile page", "visitors browse
//! without signing up", or an application that publishes to everyone ("a
//! recipe sharing app"). Only then is content public to read; otherwise
//! reading needs an account (deny by default).

use crate::lexicon::{Lexicon, VerbClass};
use crate::parse::Parsed;
use crate::text::Tag;

/// Words after `public` that name no audience ("public holidays", "public
/// liability insurance").
const NOT_AN_AUDIENCE: &[&str] = &[
    "holiday",
    "holidays",
    "liability",
    "sector",
    "transport",
    "transit",
    "health",
    "school",
    "schools",
    "footpath",
    "footpaths",
    "speaking",
    "funding",
    "body",
    "bodies",
    "authority",
    "authorities",
    "key",
    "keys",
    "ip",
    "company",
    "companies",
    "land",
    "road",
    "roads",
    "servant",
    "servants",
    "toilet",
    "toilets",
];

/// Words for the account a visitor goes without.
const ACCOUNT_WORDS: &[&str] = &[
    "account",
    "accounts",
    "login",
    "log-in",
    "logging",
    "signing",
    "sign-up",
    "signup",
    "registering",
    "registration",
];

pub(super) fn opens_to_the_public(parsed: &Parsed, lex: &Lexicon) -> bool {
    let genre = parsed.sentences.first().is_some_and(|words| {
        words
            .iter()
            .any(|w| lex.public_genres.contains(&w.text) || lex.public_genres.contains(&w.lemma))
    });
    genre
        || parsed.sentences.iter().any(|words| {
            let text = |i: usize| words.get(i).map_or("", |w| w.text.as_str());
            (0..words.len()).any(|i| match text(i) {
                // "a public profile page", "published publicly"
                "public" => !NOT_AN_AUDIENCE.contains(&text(i + 1)),
                "publicly" | "non-member" | "non-members" => true,
                // "visitors browse events", "website visitors can see" (not
                // "visitors sign in at reception": a visitor log)
                "visitor" | "visitors" => (1..=3).any(|k| {
                    words.get(i + k).is_some_and(|w| {
                        w.tag == Tag::Verb && lex.verb_class(&w.lemma) == VerbClass::Read
                    })
                }),
                // "without an account", "without logging in", "no login needed"
                "without" | "no" => (1..=2).any(|k| ACCOUNT_WORDS.contains(&text(i + k))),
                _ => false,
            })
        })
}
