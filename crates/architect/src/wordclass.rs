//! General English word classes, for words the lexicon does not know.
//!
//! `lexicon.yaml` knows the words of app descriptions; a description still
//! uses verbs, adjectives and prepositions it has never listed ("a child
//! arrives", "the gallery where each piece hangs", "a pickup point near
//! them"). Read as nouns they would become invented entities. This table
//! (`data/word-classes.txt`, a filtered Brill lexicon) gives the most
//! frequent class of ~28,000 such words; the tagger consults it only after
//! the lexicon. It is searched in place (sorted lines), so it costs nothing
//! at start-up.

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

/// The table's lines after its header: `word TAG`, sorted bytewise by word,
/// so a lookup is a binary search over the embedded text with no start-up cost.
fn body() -> &'static str {
    let mut rest = SOURCE;
    while rest.starts_with('#') {
        rest = rest.split_once('\n').map_or("", |(_, r)| r);
    }
    rest
}

fn tag_of(word: &str) -> Option<&'static str> {
    let body = body();
    let (mut lo, mut hi) = (0usize, body.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        let start = body[..mid].rfind('\n').map_or(0, |p| p + 1);
        let end = body[start..].find('\n').map_or(body.len(), |p| start + p);
        let (key, tag) = body[start..end].split_once(' ')?;
        match key.cmp(word) {
            std::cmp::Ordering::Equal => return Some(tag),
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    None
}

fn class_of_tag(tag: &str) -> Option<WordClass> {
    Some(match tag {
        "VB" | "VBP" => WordClass::Verb { base: true },
        "VBZ" | "VBD" | "VBN" | "VBG" => WordClass::Verb { base: false },
        "JJ" | "JJR" | "JJS" => WordClass::Adjective,
        "RB" | "RBR" | "RBS" => WordClass::Adverb,
        "IN" => WordClass::Preposition,
        "MD" => WordClass::Modal,
        _ => return None,
    })
}

/// The class of a lowercase word, or `None` when it is usually a noun or
/// unknown. British spellings are read as American ones (the table comes
/// from American corpora).
pub fn class_of(word: &str) -> Option<WordClass> {
    if let Some(tag) = tag_of(word) {
        return class_of_tag(tag);
    }
    american(word)
        .and_then(|w| tag_of(&w))
        .and_then(class_of_tag)
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
    fn every_line_is_found_by_the_search() {
        let lines: Vec<&str> = body().lines().collect();
        assert!(lines.len() > 20_000);
        let mut previous = "";
        for line in lines {
            let (word, tag) = line.split_once(' ').expect("`word TAG`");
            assert!(previous < word, "not sorted at `{word}`");
            previous = word;
            assert!(class_of_tag(tag).is_some(), "unknown tag in `{line}`");
            assert_eq!(tag_of(word), Some(tag), "`{word}` not found");
        }
    }
}
