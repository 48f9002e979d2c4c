//! Platform capabilities the text asks for, from the lexicon's word patterns.

use std::collections::BTreeSet;

use keel_blueprint::document::Capability;

use crate::lexicon::Lexicon;
use crate::parse::Parsed;
use crate::text::Tag;

/// Capabilities named by the words of the text (`consumed` words, such as
/// examples in "calls, emails and meetings", do not count).
pub fn detect(
    parsed: &Parsed,
    lex: &Lexicon,
    consumed: &BTreeSet<(usize, usize)>,
) -> BTreeSet<Capability> {
    let mut found = BTreeSet::new();
    for (si, sentence) in parsed.sentences.iter().enumerate() {
        let live: Vec<(usize, &crate::text::Word)> = sentence
            .iter()
            .enumerate()
            .filter(|(i, _)| !consumed.contains(&(si, *i)))
            .collect();
        let all_words: BTreeSet<&str> = sentence
            .iter()
            .flat_map(|w| [w.text.as_str(), w.lemma.as_str()])
            .collect();
        for (name, patterns) in &lex.capabilities {
            let Some(cap) = capability(name) else {
                continue;
            };
            if found.contains(&cap)
                || (cap == Capability::Payments && crate::text::money_kept_outside(sentence, lex))
            {
                continue;
            }
            let hit = patterns.iter().filter(|p| !p.words.is_empty()).any(|p| {
                (0..live.len()).any(|start| {
                    let matches = p.words.iter().enumerate().all(|(k, want)| {
                        live.get(start + k).is_some_and(|(_, w)| {
                            want == "*" || w.text == *want || (!p.exact && w.lemma == *want)
                        })
                    });
                    if !matches {
                        return false;
                    }
                    if p.verb && live[start].1.tag != Tag::Verb {
                        return false;
                    }
                    // "internal only, no payments": what the text rules out.
                    // ("we do not take payments")
                    let ruled_out = (1..=2).any(|back| {
                        start >= back
                            && match live[start - back].1.text.as_str() {
                                "no" | "without" => {
                                    back == 1
                                        || matches!(live[start - 1].1.tag, Tag::Adj | Tag::Noun)
                                }
                                "not" | "never" => back == 2 && live[start - 1].1.tag == Tag::Verb,
                                _ => false,
                            }
                    });
                    if ruled_out {
                        return false;
                    }
                    if start > 0
                        && p.not_after.iter().any(|na| {
                            live[start - 1].1.text == *na || live[start - 1].1.lemma == *na
                        })
                    {
                        return false;
                    }
                    let next = live.get(start + p.words.len()).map(|(_, w)| w);
                    if next.is_some_and(|n| {
                        p.not_before
                            .iter()
                            .any(|nb| n.text == *nb || n.lemma == *nb)
                    }) {
                        return false;
                    }
                    p.near.is_empty() || p.near.iter().any(|n| all_words.contains(n.as_str()))
                })
            });
            if hit {
                found.insert(cap);
            }
        }
    }
    found
}

pub fn capability(name: &str) -> Option<Capability> {
    Capability::ALL.into_iter().find(|c| c.as_str() == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{lexicon, parse, text};

    fn caps(s: &str) -> Vec<&'static str> {
        let lex = lexicon::get();
        let parsed = parse::parse(text::analyse(s, lex));
        detect(&parsed, lex, &BTreeSet::new())
            .into_iter()
            .map(|c| c.as_str())
            .collect()
    }

    #[test]
    fn reads_capabilities_from_words() {
        assert_eq!(caps("Buyers pay by card through Stripe."), ["payments"]);
        assert_eq!(caps("Guests receive a confirmation email."), ["email"]);
        assert_eq!(caps("Kitchen staff see new orders live."), ["realtime"]);
        assert!(caps("Admins approve listings before they go live.").is_empty());
        assert_eq!(caps("Full-text search across posts."), ["search"]);
        assert!(caps("Guests search availability for dates.").is_empty());
        assert!(caps("Internal only, no payments.").is_empty());
        assert!(caps("A tool without online payments.").is_empty());
        assert!(caps("The club does not take payments.").is_empty());
        assert_eq!(
            caps("The reporter gets an email on every update."),
            ["email"]
        );
        assert!(caps("Users see weekly progress charts.").is_empty());
        assert_eq!(
            caps("Coordinators create shifts every week."),
            ["scheduling"]
        );
    }

    #[test]
    fn search_clocks_and_messages() {
        assert_eq!(caps("Visitors search tools by name."), ["search"]);
        // searching for a free time is booking
        assert!(caps("Guests search availability for their dates.").is_empty());
        assert_eq!(caps("Offers expire automatically."), ["scheduling"]);
        assert_eq!(
            caps("Admins hear of it 30 days before a warranty ends."),
            ["scheduling"]
        );
        assert_eq!(caps("Drivers get an SMS."), ["notifications"]);
        // "on file" is an idiom, not an upload
        assert!(
            caps("We charge the card on file.")
                .iter()
                .all(|c| *c != "uploads")
        );
        // notified by email is email alone
        assert_eq!(caps("Applicants are notified by email."), ["email"]);
    }
}
