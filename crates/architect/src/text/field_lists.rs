//! Fields a description lists in parentheses after a thing, in prose:
//! "schedule visits (client, caregiver, date, start and end time)", "log a
//! sighting (species, count, date, hotspot)". `prepare` drops such remarks
//! from their sentence; here each becomes sentences of its own, read after
//! the text like a developer's declaration: a field the text names elsewhere
//! is a reference ("Every visit belongs to a client."), a field the lexicon
//! knows is a value ("Every visit has date and end-time."), and a word said
//! only in the list is left out, as a list of kinds or examples invents no
//! things ("customers (hotels, supermarkets)").

use crate::lexicon::Lexicon;
use crate::wordclass;
use keel_blueprint::names::singularize;

/// A field list read from a remark: the thing, its fields the text names
/// elsewhere (references), those the lexicon knows (values), and the rest.
pub(super) struct FieldList {
    thing: String,
    references: Vec<String>,
    values: Vec<String>,
    others: Vec<String>,
    /// Three or more words joined by slashes in one item: values of a
    /// field ("access status open/closed/restricted"), not fields.
    slashed: bool,
}

impl FieldList {
    /// The sentences the list says.
    pub(super) fn sentences(&self) -> Vec<String> {
        let thing = &self.thing;
        let mut out: Vec<String> = self
            .references
            .iter()
            .map(|reference| format!("Every {thing} belongs to a {reference}."))
            .collect();
        match self.values.split_last() {
            Some((last, init)) if !init.is_empty() => {
                out.push(format!("Every {thing} has {} and {last}.", init.join(", ")));
            }
            Some((only, _)) => out.push(format!("Every {thing} has {only}.")),
            None => {}
        }
        out
    }

    /// The list's other words, when it names two or more fields the lexicon
    /// knows ("sessions (title, abstract, start, room)"): columns the design
    /// keeps as fields (no sentence names them, so they invent no things),
    /// by thing key.
    pub(super) fn columns(&self) -> Option<(String, Vec<String>)> {
        (self.values.len() >= 2 && !self.others.is_empty() && !self.slashed).then(|| {
            let others = self.others.iter().map(|o| o.replace('-', " ")).collect();
            (self.thing.clone(), others)
        })
    }
}

/// The field lists in parentheses after a plain noun.
pub(super) fn field_lists(text: &str, lex: &Lexicon) -> Vec<FieldList> {
    let outside = words_outside_parentheses(text);
    let mut out = Vec::new();
    for (before, inner) in super::values::remarks(text) {
        // The word right before: "visits (", not "visits, (" nor "2 (".
        if before.ends_with(|c: char| !(c.is_ascii_alphabetic() || c == ' ')) {
            continue;
        }
        let mut words = before.split_whitespace().rev();
        let Some(word) = words.next() else {
            continue;
        };
        // ("reports from raisers (milestones, weight)": the report's)
        if words
            .next()
            .is_some_and(|w| ["from", "by", "to", "with", "about"].contains(&w))
        {
            continue;
        }
        let word = word.to_ascii_lowercase();
        let thing = singularize(&word);
        if !word.chars().all(|c| c.is_ascii_lowercase())
            || lex.attribute(&thing).is_some()
            || !is_plain_noun(&thing, lex)
        {
            continue;
        }
        let Some(fields) = fields_of(inner, lex) else {
            continue;
        };
        let slashed = inner
            .split([',', '+'])
            .any(|item| item.matches('/').count() > 1);
        // A list of fields names at least one the lexicon knows as such
        // ("species, count, date": not "hotels, supermarkets"); of the
        // others, only things the text names elsewhere are kept, as
        // references: a word said only here invents nothing.
        let attribute = |f: &String| lex.attribute(&singularize(f)).is_some();
        if !fields.iter().any(attribute) {
            continue;
        }
        let (values, rest): (Vec<String>, Vec<String>) =
            fields.into_iter().partition(|f| attribute(f));
        let (references, others): (Vec<String>, Vec<String>) = rest
            .into_iter()
            .partition(|f| names_a_thing(f, lex) && named_elsewhere(&outside, f));
        out.push(FieldList {
            thing,
            references,
            values,
            others,
            slashed,
        });
    }
    out
}

/// Whether the text says the field's words outside parentheses too ("seed
/// time" as a whole, not only "time").
fn named_elsewhere(outside: &[String], field: &str) -> bool {
    let wanted: Vec<String> = field.split('-').map(singularize).collect();
    outside
        .windows(wanted.len())
        .any(|w| w == wanted.as_slice())
}

/// The text's words outside parentheses, in lower case and singular.
fn words_outside_parentheses(text: &str) -> Vec<String> {
    let mut depth = 0usize;
    let mut outside = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => outside.push(c.to_ascii_lowercase()),
            _ => {}
        }
    }
    outside
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(singularize)
        .collect()
}

/// A field that may name a thing: a noun or a person of the lexicon, or a
/// word neither it nor general English takes for another class ("count" is
/// a verb first).
fn names_a_thing(field: &str, lex: &Lexicon) -> bool {
    let word = singularize(field.rsplit('-').next().unwrap_or(field));
    lex.nouns.contains_key(&word)
        || lex.actor_words.contains_key(&word)
        || (!lex.knows(&word) && wordclass::class_of(&word).is_none())
}

/// A noun the lexicon does not take for another word class.
fn is_plain_noun(word: &str, lex: &Lexicon) -> bool {
    !(lex.determiners.contains(word)
        || lex.pronouns.contains(word)
        || lex.prepositions.contains(word)
        || lex.conjunctions.contains(word)
        || lex.auxiliaries.contains(word)
        || lex.adverbs.contains(word)
        || lex.adjectives.contains(word)
        || lex.ignore.contains(word)
        || lex.units.contains(word))
}

/// "client, caregiver, date, start and end time" → client, caregiver, date,
/// start, end-time: two to ten short items of plain words, none a value of a
/// kind ("half-day, full-day"), an example ("e.g. ...") or a clause.
fn fields_of(inner: &str, lex: &Lexicon) -> Option<Vec<String>> {
    let inner = inner.trim().to_ascii_lowercase();
    if [
        "e.g",
        "eg ",
        "i.e",
        "ie ",
        "for example",
        "such as",
        "incl",
        "like ",
    ]
    .iter()
    .any(|p| inner.starts_with(p))
    {
        return None;
    }
    let mut items: Vec<String> = inner.split([',', '+', '/']).map(str::to_owned).collect();
    // ("..., start and end time": the last item may join two)
    if let Some(last) = items.pop() {
        let last = last.trim();
        let last = last.strip_prefix("and ").unwrap_or(last);
        match last.split_once(" and ") {
            Some((a, b)) => items.extend([a.to_owned(), b.to_owned()]),
            None => items.push(last.to_owned()),
        }
    }
    let items: Vec<String> = items
        .iter()
        .map(|i| i.trim().to_owned())
        .filter(|i| !i.is_empty())
        .collect();
    let plain = |item: &String| {
        let words: Vec<&str> = item.split_whitespace().collect();
        (1..=3).contains(&words.len())
            && item
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == ' ' || c == '-' || c == '_')
            && !lex.determiners.contains(words[0])
            && !lex.pronouns.contains(words[0])
    };
    // Values of a kind are adjectives ("half-day, full-day, private").
    let values = items
        .iter()
        .all(|i| i.split([' ', '-']).any(|w| lex.adjectives.contains(w)));
    if !(2..=10).contains(&items.len()) || !items.iter().all(plain) || values {
        return None;
    }
    // One field of several words is one value ("seed time").
    Some(
        items
            .iter()
            .map(|i| {
                i.split_whitespace()
                    .collect::<Vec<_>>()
                    .join("-")
                    .replace('_', "-")
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::field_lists;
    use crate::lexicon;

    fn sentences(text: &str) -> Vec<String> {
        field_lists(text, lexicon::get())
            .iter()
            .flat_map(|l| l.sentences())
            .collect()
    }

    #[test]
    fn fields_in_parentheses_become_sentences() {
        let text = "Members log a sighting (species, count, date, hotspot). \
                    Species come from a list; every hotspot has a map pin.";
        // (The lexicon knows "species" as a field; "count" is a verb first,
        // so no reference either.)
        assert_eq!(
            sentences(text),
            vec![
                "Every sighting belongs to a hotspot.".to_owned(),
                "Every sighting has species and date.".to_owned()
            ]
        );
    }

    #[test]
    fn other_words_of_a_field_list_are_columns() {
        let text = "Members log a sighting (species, date, weather, tide height). \
                    Trails have an access status (open/closed/restricted, date, notes).";
        assert_eq!(
            field_lists(text, lexicon::get())
                .iter()
                .filter_map(|l| l.columns())
                .collect::<Vec<_>>(),
            vec![(
                "sighting".to_owned(),
                vec!["weather".to_owned(), "tide height".to_owned()]
            )]
        );
    }

    #[test]
    fn kinds_examples_and_prose_are_no_fields() {
        for text in [
            "We serve customers (hotels, supermarkets, parking garages).",
            "Tours (half-day, full-day, private) visit wineries.",
            "Each venue (e.g. a hall, a church) has a date.",
            "Reports from raisers (training milestones, behaviour, weight) arrive monthly.",
            "Variations (change orders against a contract, need approval) wait.",
        ] {
            assert_eq!(sentences(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn a_word_said_only_in_the_list_invents_nothing() {
        let out = sentences("Crews schedule visits (client, caregiver, date). Clients pay.");
        assert_eq!(
            out,
            vec![
                "Every visit belongs to a client.".to_owned(),
                "Every visit has date.".to_owned()
            ]
        );
    }
}
