//! Text into sentences of raw words: punctuation kept as marks, contractions
//! and a few written forms ("e.g.", "w/") read out, names and acronyms noted.

use super::*;

pub(super) fn tokenize(text: &str) -> Vec<Vec<Raw>> {
    let text = text
        .replace("e.g.", "for example")
        .replace("i.e.", "that is")
        .replace("E.g.", "For example")
        .replace("etc.", "")
        .replace("w/o ", "without ")
        // "before and after photos" describe the photos.
        .replace("before and after ", "before-and-after ")
        .replace("before & after ", "before-and-after ")
        .replace("w/ ", "with ")
        // ("min/max thresholds": not minutes)
        .replace("min/max", "minimum and maximum")
        .replace("Min/max", "Minimum and maximum")
        .replace("Min/Max", "Minimum and maximum")
        // "each session takes place in a room": one verb
        .replace(" takes place", " happens")
        .replace(" take place", " happen")
        .replace(" took place", " happened")
        .replace(" taking place", " happening");
    let mut sentences: Vec<Vec<Raw>> = vec![Vec::new()];
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphanumeric() {
            let start = i;
            while i < chars.len() {
                let c = chars[i];
                let joiner = (c == '-' || c == '\'' || c == '’' || c == '.')
                    && i + 1 < chars.len()
                    && chars[i + 1].is_alphanumeric()
                    && i > start;
                // A dot joins only digits (1.5) .
                let joiner = joiner
                    && (c != '.'
                        || (chars[i - 1].is_ascii_digit() && chars[i + 1].is_ascii_digit()));
                if c.is_alphanumeric() || joiner {
                    i += 1;
                } else {
                    break;
                }
            }
            let word: String = chars[start..i].iter().collect();
            let at_start = sentences.last().is_none_or(|s| s.is_empty());
            let proper = !at_start
                && word.chars().next().is_some_and(char::is_uppercase)
                && word.chars().skip(1).any(char::is_lowercase);
            // "an internal IT helpdesk": capitals make a name of a small word.
            let acronym = word.chars().count() >= 2
                && word
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
            let mut lower = word.to_lowercase().replace('’', "'");
            let mut possessive = false;
            // "you're", "it'll", "we'd", "can't": the word and its auxiliary.
            let mut contraction: Option<&str> = None;
            for (suffix, full) in CONTRACTIONS {
                if let Some(stem) = lower.strip_suffix(suffix).filter(|s| !s.is_empty()) {
                    let stem = match stem {
                        "ca" => "can",
                        "wo" => "will",
                        "sha" => "shall",
                        s => s,
                    };
                    lower = stem.to_owned();
                    contraction = Some(full);
                    break;
                }
            }
            if let Some(stem) = lower.strip_suffix("'s").filter(|s| IS_BEFORE_S.contains(s)) {
                lower = stem.to_owned();
                contraction = Some("is");
            }
            if let Some(stem) = lower.strip_suffix("'s") {
                lower = stem.to_owned();
                possessive = true;
            } else if lower.contains('\'') {
                lower = lower.replace('\'', "");
            }
            // s' (the organizations' data), not a word in quotes ('organisers')
            let quoted = start > 0 && matches!(chars[start - 1], '\'' | '‘' | '’');
            if i < chars.len()
                && (chars[i] == '\'' || chars[i] == '’')
                && lower.ends_with('s')
                && !quoted
            {
                possessive = true;
                i += 1;
            }
            if lower == "e-mail" {
                lower = "email".to_owned();
            }
            if let Some(s) = sentences.last_mut() {
                s.push(Raw {
                    text: lower,
                    proper,
                    possessive,
                    punct: None,
                    acronym,
                });
                if let Some(full) = contraction {
                    s.push(Raw {
                        text: full.to_owned(),
                        proper: false,
                        possessive: false,
                        punct: None,
                        acronym: false,
                    });
                }
            }
            continue;
        }
        match c {
            '.' | '!' | '?' | ';' | '\n' if c != '\n' || next_is_blank(&chars, i) => {
                sentences.push(Vec::new());
            }
            // (A sentence never starts with punctuation: "- Each job site".)
            // "a tour = list of shows"
            '=' => {
                if let Some(s) = sentences.last_mut().filter(|s| !s.is_empty()) {
                    s.push(Raw {
                        text: "is".to_owned(),
                        proper: false,
                        possessive: false,
                        punct: None,
                        acronym: false,
                    });
                }
            }
            ',' | ':' | '(' | ')' | '/' | '&' | '+' => {
                if let Some(s) = sentences.last_mut().filter(|s| !s.is_empty()) {
                    let (text, punct) = match c {
                        '&' | '+' => ("and".to_owned(), None),
                        '/' => ("or".to_owned(), None),
                        ')' => (",".to_owned(), Some(',')),
                        '(' => (":".to_owned(), Some(':')),
                        _ => (c.to_string(), Some(c)),
                    };
                    s.push(Raw {
                        text,
                        proper: false,
                        possessive: false,
                        punct,
                        acronym: false,
                    });
                }
            }
            '-' | '–' | '—' => {
                if let Some(s) = sentences.last_mut().filter(|s| !s.is_empty()) {
                    s.push(Raw {
                        text: ",".to_owned(),
                        proper: false,
                        possessive: false,
                        punct: Some(','),
                        acronym: false,
                    });
                }
            }
            _ => {}
        }
        i += 1;
    }
    sentences.retain(|s| !s.is_empty());
    sentences
}

const CONTRACTIONS: [(&str, &str); 6] = [
    ("n't", "not"),
    ("'re", "are"),
    ("'ll", "will"),
    ("'ve", "have"),
    ("'d", "would"),
    ("'m", "am"),
];
/// Words whose `'s` is `is`, not a possessive ("it's", "that's").
const IS_BEFORE_S: &[&str] = &[
    "it", "that", "what", "there", "here", "he", "she", "who", "where",
];

fn next_is_blank(chars: &[char], i: usize) -> bool {
    // A newline ends a sentence before a blank line, a bullet or a heading,
    // and after a heading ("# Brief\n## Users\n").
    let line_start = chars[..i]
        .iter()
        .rposition(|c| *c == '\n')
        .map_or(0, |p| p + 1);
    let a_heading = chars[line_start..i]
        .iter()
        .find(|c| **c != ' ' && **c != '\t')
        .is_some_and(|c| *c == '#');
    a_heading
        || chars[i + 1..]
            .iter()
            .find(|c| **c != ' ' && **c != '\t')
            .is_none_or(|c| matches!(c, '\n' | '-' | '*' | '•' | '#'))
}
