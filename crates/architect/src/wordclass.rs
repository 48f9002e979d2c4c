//! General English word classes, for words the lexicon does not know.
//!
//! `lexicon.yaml` knows the words of app descriptions; a description still
//! uses verbs, adjectives and prepositions it has never listed ("a child
//! arrives", "the gallery where each piece hangs", "a pickup point near
//! them"). Read as nouns they would become invented entities. This table
//! (`data/word-classes.txt`, a filtered Brill lexicon) gives the most
//! frequent class of ~28,000 such words; the tagger consults it only after
//! the lexicon.

use std::collections::HashMap;
use std::sync::OnceLock;

const SOURCE: &str = include_str!("../data/word-classes.txt");

/// The most frequent class of a word that is usually not a noun.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordClass {
    /// A verb, and in which form: `true` for the base form (VB/VBP).
    Verb {
        base: bool,
    },
    Adjective,
    Adverb,
    Preposition,
    Modal,
}

fn table() -> &'static HashMap<&'static str, WordClass> {
    static TABLE: OnceLock<HashMap<&'static str, WordClass>> = OnceLock::new();
    TABLE.get_or_init(|| {
        SOURCE
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (word, tag) = l.split_once(' ')?;
                let class = match tag {
                    "VB" | "VBP" => WordClass::Verb { base: true },
                    "VBZ" | "VBD" | "VBN" | "VBG" => WordClass::Verb { base: false },
                    "JJ" | "JJR" | "JJS" => WordClass::Adjective,
                    "RB" | "RBR" | "RBS" => WordClass::Adverb,
                    "IN" => WordClass::Preposition,
                    "MD" => WordClass::Modal,
                    _ => return None,
                };
                Some((word, class))
            })
            .collect()
    })
}

/// The class of a lowercase word, or `None` when it is usually a noun or
/// unknown. British spellings are read as American ones (the table comes
/// from American corpora).
pub fn class_of(word: &str) -> Option<WordClass> {
    let table = table();
    if let Some(c) = table.get(word) {
        return Some(*c);
    }
    american(word).and_then(|w| table.get(w.as_str()).copied())
}

/// The American spelling of a British word (`organise` → `organize`,
/// `favourite` → `favorite`, `enrolled` → `enrolled`/`enroled`), if it differs.
fn american(word: &str) -> Option<String> {
    const ENDINGS: &[(&str, &str)] = &[
        ("ise", "ize"),
        ("ises", "izes"),
        ("ised", "ized"),
        ("ising", "izing"),
        ("isation", "ization"),
        ("yse", "yze"),
        ("ysed", "yzed"),
        ("ysing", "yzing"),
        ("elled", "eled"),
        ("elling", "eling"),
        ("ol", "oll"),
        ("ols", "olls"),
    ];
    for (british, american) in ENDINGS {
        if let Some(stem) = word.strip_suffix(british) {
            if stem.len() >= 2 {
                return Some(format!("{stem}{american}"));
            }
        }
    }
    word.contains("our")
        .then(|| word.replacen("our", "or", 1))
        .filter(|w| w.len() > 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_verbs_adjectives_and_prepositions() {
        assert_eq!(class_of("arrives"), Some(WordClass::Verb { base: false }));
        assert_eq!(class_of("hang"), Some(WordClass::Verb { base: true }));
        assert_eq!(class_of("near"), Some(WordClass::Preposition));
        assert_eq!(class_of("overdue"), Some(WordClass::Adjective));
        // Usually nouns: not in the table.
        assert_eq!(class_of("recipe"), None);
        assert_eq!(class_of("invoice"), None);
    }

    #[test]
    fn reads_british_spellings() {
        assert_eq!(class_of("organise"), Some(WordClass::Verb { base: true }));
        assert_eq!(class_of("favourite"), class_of("favorite"));
        assert_eq!(class_of("enrol"), Some(WordClass::Verb { base: true }));
    }

    #[test]
    fn every_line_is_a_word_and_a_known_tag() {
        let lines: Vec<&str> = SOURCE.lines().filter(|l| !l.starts_with('#')).collect();
        assert!(lines.len() > 20_000);
        assert_eq!(table().len(), lines.len(), "a line with an unknown tag");
    }
}
