//! Reading a description as its writer meant it, before any word is
//! tagged: headings and sentences about how things are done now drop out,
//! short forms are written out, user stories speak for their role, and
//! parenthetical remarks count only when they are clauses of their own.

use super::{Raw, Tag, Word};
use crate::lexicon::Lexicon;
use keel_blueprint::names::singularize;

/// "Product brief: case management for law firms": the heading names the
/// document, not the application.
/// Returns the heading's last word.
pub(super) fn drop_heading(sentence: &mut Vec<Raw>, lex: &Lexicon) -> Option<String> {
    let colon = sentence.iter().position(|r| r.punct == Some(':'));
    if let Some(colon) = colon.filter(|c| (1..=3).contains(c) && c + 1 < sentence.len()) {
        let word = sentence[colon - 1].text.clone();
        if lex.headings.contains(&word) || lex.status_quo.headings.contains(&word) {
            sentence.drain(..=colon);
            return Some(word);
        }
    }
    // ("Requirements - Flood Warden Platform", "requirements for a
    // placement tool": the document's own word opening the sentence, then
    // a dash or "for"; not "products have specs, photos and prices")
    let word = sentence.first()?.lower();
    let next = sentence.get(1)?;
    if lex.document_words.contains(&word)
        && (next.punct == Some(',') || next.lower() == "for")
        && sentence.len() > 2
    {
        sentence.drain(..=1);
        return Some(word);
    }
    None
}

/// "Goals", "Requirements", "Core flows", "Nice to have": a line that is
/// only the title of a section of the document.
pub(super) fn is_section_title(sentence: &[Raw], lex: &Lexicon) -> bool {
    let words: Vec<&str> = sentence
        .iter()
        .filter(|r| r.punct.is_none())
        .map(|r| r.text.as_str())
        .collect();
    let Some(last) = words.last() else {
        return false;
    };
    words.len() <= 3
        && sentence
            .iter()
            .all(|r| r.punct.is_none() || r.punct == Some(':'))
        && (lex.headings.contains(*last)
            || lex.headings.contains(&singularize(last))
            || lex.status_quo.headings.contains(*last)
            || words == ["nice", "to", "have"]
            || words == ["must", "have"])
}

/// "Problem: feedback is scattered across tickets and calls", "Today an
/// employee emails a spreadsheet": how things are done now, which the
/// application replaces, names nothing it keeps.
pub(super) fn tells_status_quo(sentence: &[Raw], heading: Option<&str>, lex: &Lexicon) -> bool {
    if heading.is_some_and(|h| lex.status_quo.headings.contains(h)) {
        return true;
    }
    let words: Vec<&str> = sentence
        .iter()
        .take(6)
        .map(|r| r.text.as_str())
        .filter(|w| {
            !matches!(
                *w,
                "so" | "ok" | "okay" | "but" | "and" | "well" | "basically"
            )
        })
        .collect();
    lex.status_quo.openings.iter().any(|opening| {
        let parts: Vec<&str> = opening.split('-').collect();
        words.len() > parts.len() && words[..parts.len()] == parts[..]
    })
}

/// "Online assessment is a $4.2B market growing 18% a year, and we are
/// piloting with 3 universities": clauses that make the business case name
/// nothing the application keeps. They drop out of the sentence; the rest
/// of it ("we charge $49 per salon per month") stays.
pub(super) fn drop_business_case(sentence: &mut Vec<Raw>, lex: &Lexicon) {
    // Clauses: split at "and"/"but" after a comma or before a subject.
    let mut starts = vec![0];
    for i in 1..sentence.len() {
        let joins = matches!(sentence[i].lower().as_str(), "and" | "but");
        let after_comma = sentence[i - 1].punct == Some(',');
        let before_subject = sentence
            .get(i + 1)
            .is_some_and(|r| matches!(r.lower().as_str(), "we" | "i" | "they" | "our"));
        if joins && (after_comma || before_subject) {
            starts.push(i);
        }
    }
    starts.push(sentence.len());
    let mut dropped = vec![false; sentence.len()];
    for w in starts.windows(2) {
        let (from, to) = (w[0], w[1]);
        if makes_business_case(&sentence[from..to], lex) {
            // The comma before a dropped clause goes with it.
            let from = if from > 0 && sentence[from - 1].punct == Some(',') {
                from - 1
            } else {
                from
            };
            dropped[from..to].fill(true);
        }
    }
    let mut index = 0;
    sentence.retain(|_| {
        index += 1;
        !dropped[index - 1]
    });
    // A sentence that was all business case is empty: drop what is left
    // of its punctuation too; one that lost its first clause starts with the
    // next.
    if sentence
        .first()
        .is_some_and(|r| matches!(r.lower().as_str(), "and" | "but"))
    {
        sentence.remove(0);
    }
    if sentence.iter().all(|r| r.punct.is_some()) {
        sentence.clear();
    }
}

fn makes_business_case(clause: &[Raw], lex: &Lexicon) -> bool {
    let words: Vec<String> = clause.iter().map(Raw::lower).collect();
    let amount = words.iter().any(|w| is_large_amount(w));
    let pairs = words.windows(2).map(|w| format!("{}-{}", w[0], w[1]));
    words
        .iter()
        .any(|w| amount && lex.business_case.with_amounts.contains(w))
        || words
            .iter()
            .cloned()
            .chain(pairs)
            .any(|w| lex.business_case.words.contains(&w))
}

/// "4.2b", "1.5m", "20k": an amount in thousands, millions or billions.
fn is_large_amount(word: &str) -> bool {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    !digits.is_empty()
        && digits.starts_with(|c: char| c.is_ascii_digit())
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && matches!(suffix, "k" | "m" | "b" | "bn" | "mm")
}

/// 'a push notification: "Leo ate all his lunch"': words quoted as what a
/// message or a screen says, a short saying of three words or more, name
/// nothing; a quoted word or two ("a \"project\"", "taps \"check in\"")
/// stays.
pub(super) fn drop_quoted_sayings(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(['"', '“']) {
        let quote_len = rest[open..].chars().next().map_or(1, char::len_utf8);
        let after = &rest[open + quote_len..];
        let Some(close) = after.find(['"', '”']) else {
            break;
        };
        let inner = &after[..close];
        let close_len = after[close..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&rest[..open]);
        // (A quoted message of its own, many sentences long, is the text.)
        let words = inner.split_whitespace().count();
        let one_saying = (3..=12).contains(&words)
            && !inner
                .trim_end_matches(['.', '!', '?'])
                .contains(['.', '!', '?', '\n']);
        if !one_saying {
            out.push_str(&rest[open..open + quote_len + close + close_len]);
        }
        rest = &after[close + close_len..];
    }
    out.push_str(rest);
    out
}

/// "behind the scenes the director manages the rooms": set phrases that
/// name nothing are left out.
pub(super) fn drop_idioms(raw: Vec<Raw>, lex: &Lexicon) -> Vec<Raw> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match super::phrase_at(&raw[i..], &lex.idioms) {
            Some(len) => i += len,
            None => {
                out.push(raw[i].clone());
                i += 1;
            }
        }
    }
    out
}

/// "incl", "hrs", "mgr": the short forms of quick notes, written out.
/// ("dont", "im": contractions typed without the apostrophe.)
pub(super) fn expand_abbreviations(raw: Vec<Raw>, lex: &Lexicon) -> Vec<Raw> {
    let mut out = Vec::with_capacity(raw.len());
    for r in raw {
        // ("HR admins": capitals name a department, not "hours".)
        match lex.abbreviations.get(&r.text).filter(|_| !r.acronym) {
            Some(full) => out.extend(full.split_whitespace().map(|word| Raw {
                text: word.to_owned(),
                acronym: false,
                ..r.clone()
            })),
            None => out.push(r),
        }
    }
    out
}

/// "work orders ... each WO runs through routing steps": capitals that are
/// the initials of two words the text uses together stand for those words.
pub(super) fn expand_initials(sentences: Vec<Vec<Raw>>) -> Vec<Vec<Raw>> {
    // (Words of grammar start no name: "the opposing" is not a "TO".)
    const GRAMMAR: &[&str] = &[
        "the", "and", "for", "with", "our", "your", "their", "this", "that", "each", "every",
        "all", "any", "not", "but", "who", "can", "are", "was", "has", "have", "will",
    ];
    let plain = |r: &Raw| {
        r.punct.is_none()
            && !r.acronym
            && r.text.len() >= 3
            && r.text.is_ascii()
            && !GRAMMAR.contains(&r.text.as_str())
    };
    let mut pairs: std::collections::BTreeMap<String, (String, String)> = Default::default();
    for s in &sentences {
        for w in s.windows(2) {
            if plain(&w[0]) && plain(&w[1]) {
                let initials: String = [&w[0].text, &w[1].text]
                    .iter()
                    .filter_map(|t| t.chars().next())
                    .collect();
                pairs
                    .entry(initials)
                    .or_insert_with(|| (w[0].text.clone(), singularize(&w[1].text)));
            }
        }
    }
    sentences
        .into_iter()
        .map(|s| {
            let mut out = Vec::with_capacity(s.len());
            for r in s {
                // ("WOs": the plural of the initials)
                let bare = r
                    .text
                    .strip_suffix('s')
                    .filter(|b| b.len() == 2 && r.proper);
                let key = bare.unwrap_or(&r.text);
                match pairs.get(key).filter(|_| r.acronym || bare.is_some()) {
                    Some((first, second)) if r.text.len() <= 3 => {
                        let second = if bare.is_some() {
                            keel_blueprint::names::pluralize(second)
                        } else {
                            second.clone()
                        };
                        for text in [first.clone(), second] {
                            out.push(Raw {
                                text,
                                acronym: false,
                                proper: false,
                                ..r.clone()
                            });
                        }
                    }
                    _ => out.push(r),
                }
            }
            out
        })
        .collect()
}

/// "As a washer, I upload photos": a user story speaks for the role it
/// names, so it reads as "washers upload photos" ("my" as "their").
pub(super) fn user_story(raw: Vec<Raw>) -> Vec<Raw> {
    let word = |i: usize| raw.get(i).map(Raw::lower);
    let is = |i: usize, w: &str| word(i).as_deref() == Some(w);
    // "As a coach I want ...", "as the shop manager, I want ...", "me as
    // admin i see all orders"
    let at = if is(0, "as") {
        1
    } else if is(0, "me") && is(1, "as") {
        2
    } else {
        return raw;
    };
    let role_start = if matches!(word(at).as_deref(), Some("a" | "an" | "the" | "our")) {
        at + 1
    } else {
        at
    };
    let Some(me) = (role_start + 1..raw.len().min(role_start + 5)).find(|&i| is(i, "i")) else {
        return raw;
    };
    let role_end = if raw[me - 1].punct.is_some() {
        me - 1
    } else {
        me
    };
    if role_end <= role_start || raw[role_start..role_end].iter().any(|r| r.punct.is_some()) {
        return raw;
    }
    // (The role in the plural, so the verbs that follow agree with it.)
    // ("a member of the public": the word before `of`)
    let mut out: Vec<Raw> = raw[role_start..role_end].to_vec();
    let head = out
        .iter()
        .position(|r| r.text == "of")
        .filter(|&at| at > 0)
        .map_or(out.len().saturating_sub(1), |at| at - 1);
    if let Some(word) = out.get_mut(head) {
        word.text = keel_blueprint::names::pluralize(&word.text);
    }
    for r in &raw[me + 1..] {
        let mut r = r.clone();
        r.text = match r.text.as_str() {
            "my" => "their".to_owned(),
            "me" => "them".to_owned(),
            "am" => "is".to_owned(),
            _ => r.text,
        };
        out.push(r);
    }
    out
}

/// The text without its parenthetical remarks, and the remarks. A remark
/// set off by spaced dashes ("create loads - pickup address, weight, rate -
/// for a shipper") is one too.
pub(super) fn split_remarks(text: &str) -> (String, Vec<String>) {
    let text = dashes_as_parentheses(text);
    let mut main = String::with_capacity(text.len());
    let mut remarks: Vec<String> = Vec::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => {
                if depth == 0 {
                    remarks.push(String::new());
                }
                depth += 1;
            }
            ')' if depth > 0 => {
                depth -= 1;
                // "(I pay them from my bank, not in the app)": where the
                // money goes stays with the sentence it is about.
                if depth == 0 && remarks.last().is_some_and(|r| money_elsewhere(r)) {
                    if let Some(r) = remarks.pop() {
                        main.push_str(", ");
                        main.push_str(&r);
                        main.push_str(", ");
                    }
                }
            }
            _ if depth == 0 => main.push(c),
            // (Nested remarks are part of the outer one.)
            _ => {
                if let Some(r) = remarks.last_mut() {
                    r.push(c);
                }
            }
        }
    }
    (main, remarks)
}

/// A remark saying money does not go through the application (not "(not
/// online)" alone: "take payment at the desk (not online) but record it").
fn money_elsewhere(remark: &str) -> bool {
    let said = remark.to_ascii_lowercase();
    [
        "not in the app",
        "not through the app",
        "outside the app",
        "outside the system",
    ]
    .iter()
    .any(|p| said.contains(p))
}

/// " - a, b, c - " within one sentence, written as " (a, b, c) ".
fn dashes_as_parentheses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = spaced_dash(rest) {
        let (before, after) = rest.split_at(open.0);
        let inner_start = open.1 - open.0;
        // " - a, b, c, that kind of thing." runs to the end of the sentence.
        let sentence_end = after[inner_start..]
            .find(['.', '\n', '!', '?'])
            .map(|end| (end, end));
        let closing = spaced_dash(&after[inner_start..]);
        let to_the_end = sentence_end.is_some_and(|(end, _)| closing.is_none_or(|c| c.0 > end));
        let Some(close) = (if to_the_end { sentence_end } else { closing }) else {
            break;
        };
        let inner = &after[inner_start..inner_start + close.0];
        // (Only a list of short values: " - a, b - " bullets typed on one
        // line are sentences; to the end of a sentence, three or more.)
        let items = inner.split(',').filter(|v| !v.trim().is_empty()).count();
        let values = items >= if to_the_end { 3 } else { 2 }
            && inner.split(',').all(|v| v.split_whitespace().count() <= 4)
            && !inner.contains(['.', '\n', '!', '?', ':']);
        if !values {
            out.push_str(before);
            out.push_str(&after[..inner_start]);
            rest = &after[inner_start..];
            continue;
        }
        out.push_str(before);
        out.push_str(" (");
        out.push_str(inner);
        out.push_str(") ");
        rest = &after[inner_start + close.1..];
    }
    out.push_str(rest);
    out
}

/// The first " - " (or " – ", " — ") in `text`: its start and end.
fn spaced_dash(text: &str) -> Option<(usize, usize)> {
    ["- ", "– ", "— "]
        .iter()
        .filter_map(|d| {
            text.match_indices(&format!(" {d}"))
                .next()
                .map(|(i, m)| (i, i + m.len()))
        })
        .min()
}

/// "(Room A has the big console, Room B is a small overdub booth)": a
/// remark about particular named ones, by a label after a capitalised
/// word, describes examples, not what the application keeps.
pub(super) fn about_named_instances(remark: &str) -> bool {
    let tokens: Vec<&str> = remark
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '.'))
        .filter(|t| !t.is_empty())
        .collect();
    tokens.windows(2).any(|w| {
        let named = w[0].len() > 1 && w[0].chars().next().is_some_and(|c| c.is_ascii_uppercase());
        let label =
            (w[1].len() == 1 && w[1] != "I" && w[1].chars().all(|c| c.is_ascii_uppercase()))
                || (w[1].len() <= 3 && w[1].chars().all(|c| c.is_ascii_digit()));
        named && label
    })
}

/// A subject and its verb: "customers often own several bikes" (not "the
/// farm stand or a market": a singular subject takes a verb in -s).
pub(super) fn is_clause(words: &[Word]) -> bool {
    let Some(verb) = words.iter().position(|w| w.tag == Tag::Verb) else {
        return false;
    };
    let subject = words[..verb]
        .iter()
        .rev()
        .find(|w| matches!(w.tag, Tag::Noun | Tag::Pron));
    let agrees = subject.is_some_and(|s| s.plural || s.tag == Tag::Pron)
        || words[verb].text != words[verb].lemma;
    words.len() >= 3
        && verb > 0
        && agrees
        && words[..verb].iter().all(|w| {
            matches!(
                w.tag,
                Tag::Noun | Tag::Det | Tag::Adj | Tag::Pron | Tag::Adv | Tag::Aux
            )
        })
        && words[..verb]
            .iter()
            .any(|w| matches!(w.tag, Tag::Noun | Tag::Pron))
}

/// "Parts tracking for our shop. - aircraft: tail number - parts: serial
/// number": bullets folded into one line, each back on a line of its own.
/// A list is folded when a spaced dash opens it right after a sentence or
/// a colon; a range ("1 - 5") is no bullet.
pub(super) fn unfold_bullets(text: &str) -> String {
    let folded = [". - ", ": - ", "! - ", "? - "]
        .iter()
        .any(|opening| text.contains(opening));
    if !folded {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(at) = rest.find(" - ") {
        let (before, after) = rest.split_at(at);
        let after = &after[3..];
        let range = before.ends_with(|c: char| c.is_ascii_digit())
            && after.starts_with(|c: char| c.is_ascii_digit());
        out.push_str(before);
        out.push_str(if range { " - " } else { "\n- " });
        rest = after;
    }
    out.push_str(rest);
    // ("- clues (puzzle, answer) Constructors log in": the last bullet ends
    // where a sentence starts right after its fields.)
    out.split('\n')
        .map(|line| match line.find(") ") {
            Some(at)
                if line.starts_with("- ")
                    && line[at + 2..].starts_with(|c: char| c.is_uppercase()) =>
            {
                format!("{})\n{}", &line[..at], &line[at + 2..])
            }
            _ => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// "## Non-goals (v1)\n- Online payment", "Billing is out of scope": what
/// the writer rules out names nothing the application keeps. Lines under
/// such a heading (its bullets) and sentences saying so are left out.
pub(super) fn drop_out_of_scope(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut under_heading = false;
    for line in text.split_inclusive('\n') {
        let plain = line
            .trim()
            .trim_start_matches(['#', '*', '-', '•', ' '])
            .to_ascii_lowercase();
        let bullet = line.trim_start().starts_with(['-', '*', '•']);
        if rules_out(&plain) && plain.len() < 40 {
            under_heading = true;
            continue;
        }
        if under_heading && bullet {
            continue;
        }
        under_heading = false;
        out.push_str(line);
    }
    out
}

/// Whether a sentence or heading says something is not wanted.
pub(super) fn rules_out(text: &str) -> bool {
    [
        "non-goal",
        "non goal",
        "nongoal",
        "out of scope",
        "not in scope",
        "out-of-scope",
        "not doing",
    ]
    .iter()
    .any(|p| text.contains(p))
}

/// A developer's data notes: a line "Unit (property, label, beds, rent)" or
/// "RentCharge: auto-created on the 1st" declares a thing and its fields.
/// Such lines are written out as sentences ("Every unit belongs to a
/// property. Every unit has label, bed and rent.") so that the rest of the
/// reading sees them as prose: a field naming another declared thing is a
/// reference to it, other fields are values (a list field, `photos[]`,
/// stays plural: many rows). Every other line is left as it is.
///
/// Also the fields the notes declare, by thing (its key, words joined by
/// `-`: "lane-assignment"): the values, in words ("seed time"), not the
/// references nor the list fields, which the sentences carry.
pub(super) fn declared(text: &str) -> (String, Vec<(String, Vec<String>)>) {
    let (text, bare_tables) = inline_table_lists(text);
    let mut lines: Vec<(&str, Option<Declaration>)> = text
        .split_inclusive('\n')
        .map(|line| (line, declaration(line)))
        .collect();
    table_lists(&mut lines);
    let declared: Vec<String> = lines
        .iter()
        .filter_map(|(_, d)| d.as_ref().map(|d| d.thing.clone()))
        .chain(bare_tables)
        .collect();
    let identifiers: Vec<String> = lines
        .iter()
        .filter_map(|(_, d)| d.as_ref().filter(|d| d.identifier).map(|d| d.thing.clone()))
        .collect();
    let mut out = String::with_capacity(text.len());
    let mut columns = Vec::new();
    for (line, d) in &lines {
        let Some(d) = d else {
            out.push_str(line);
            continue;
        };
        // (". " ends whatever sentence the line before left open.)
        out.push_str(". ");
        // (A table's name is one thing: "flag_states" is `FlagState`,
        // whatever its words mean alone.)
        let as_named = |t: &str| {
            if identifiers.iter().any(|i| i == t) {
                t.replace(' ', "-")
            } else {
                t.to_owned()
            }
        };
        let thing = as_named(&d.thing);
        let (references, values): (Vec<_>, Vec<_>) = d
            .fields
            .iter()
            .map(|f| (f, referred(&declared, &d.thing, f)))
            .partition(|(_, target)| target.is_some());
        for (_, target) in references {
            let target = as_named(&target.unwrap_or_default());
            out.push_str(&format!("Every {thing} belongs to a {target}. "));
        }
        columns.push((
            thing.replace(' ', "-"),
            values
                .iter()
                .filter(|(f, _)| !f.list)
                .map(|(f, _)| f.words.clone())
                .collect(),
        ));
        let values: Vec<String> = values
            .iter()
            .filter(|(f, _)| !f.stamp)
            .map(|(f, _)| {
                let words = if f.list {
                    f.words.clone()
                } else {
                    singularize(&f.words)
                };
                // One field of several words is one value ("signing
                // order"), not a thing its last word names.
                words.replace(' ', "-")
            })
            .collect();
        match values.split_last() {
            Some((last, init)) if !init.is_empty() => out.push_str(&format!(
                "Every {thing} has {} and {last}. ",
                init.join(", ")
            )),
            Some((only, _)) => out.push_str(&format!("Every {thing} has {only}. ")),
            None => {}
        }
        out.push_str(&d.rest);
        out.push('\n');
    }
    (out, columns)
}

/// The declared thing a field of `thing` names ("property_id" of a unit →
/// "property"; "charge" → "rent charge"), if any; list fields are values.
fn referred(declared: &[String], thing: &str, f: &Field) -> Option<String> {
    if f.list || f.stamp {
        return None;
    }
    let word = singularize(&f.words);
    let last = |t: &String| t.rsplit(' ').next() == Some(word.as_str());
    declared
        .iter()
        .any(|t| t != thing && (t == &word || last(t)))
        .then(|| {
            declared
                .iter()
                .find(|t| last(t))
                .cloned()
                .unwrap_or(word.clone())
        })
}

/// A developer's table list: "Tables I think we need:" and then a line per
/// table, "- matters: client_id, title, matter number, status". A run of two
/// or more such lines declares things when it follows a line that names
/// tables (which then drops out) or when one of its fields is written as a
/// column ("client_id"); otherwise "- Tables: number, seats" is prose.
fn table_lists(lines: &mut [(&str, Option<Declaration>)]) {
    let listed: Vec<Option<Declaration>> = lines.iter().map(|(l, _)| listed_table(l)).collect();
    let mut i = 0;
    while i < lines.len() {
        let run = listed[i..].iter().take_while(|d| d.is_some()).count();
        if run < 2 || lines[i..i + run].iter().any(|(_, d)| d.is_some()) {
            i += run.max(1);
            continue;
        }
        let header = i
            .checked_sub(1)
            .filter(|&h| lines[h].1.is_none())
            .and_then(|h| table_header(lines[h].0).map(|at| (h, at)));
        let columns = listed[i..i + run]
            .iter()
            .flatten()
            .any(|d| d.fields.iter().any(|f| f.column));
        if header.is_some() || columns {
            if let Some((h, at)) = header {
                lines[h].0 = &lines[h].0[..at];
            }
            for line in &mut lines[i..i + run] {
                line.1 = listed_table(line.0);
            }
        }
        i += run;
    }
}

/// "Tables I think I need: members (callsign, name), stations (rig,
/// antenna), and contests (name, start)": a table list on one line, after
/// a header naming tables, is written a table per line (the header drops
/// out), as a developer would list them on lines of their own. Also the
/// tables listed without fields ("clubs"): fields elsewhere may name them.
fn inline_table_lists(text: &str) -> (String, Vec<String>) {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::with_capacity(text.len());
    let mut bare = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        // A list wrapped over several lines ("we need: clubs,\nswimmers
        // (club, DOB), meets (name,\nvenue)") is read as the one line it is.
        let mut line = lines[i].to_owned();
        let mut next = i + 1;
        if let Some(mut list) = OpenList::after_header(&line) {
            while next < lines.len() && list.left_open() && continues_line(lines[next]) {
                line.truncate(line.trim_end().len());
                line.push(' ');
                let added = lines[next].trim_start();
                list.read(added);
                line.push_str(added);
                next += 1;
            }
        }
        match inline_tables(&line) {
            Some((tables, names)) => {
                out.push_str(&tables);
                bare.extend(names);
            }
            None => lines[i..next].iter().for_each(|l| out.push_str(l)),
        }
        i = next;
    }
    (out, bare)
}

/// Where a table list (after a header naming tables) stands at the end of
/// what has been read of it, line by line, so a long list is read once.
struct OpenList {
    /// Parentheses still open.
    depth: usize,
    /// A full stop outside parentheses ended the list.
    ended: bool,
    /// The last word or mark outside parentheses joins on to more items
    /// ("clubs," "swimmers and").
    joining: bool,
}

impl OpenList {
    fn after_header(line: &str) -> Option<OpenList> {
        let (colon, _) = header_colon(line)?;
        let mut list = OpenList {
            depth: 0,
            ended: false,
            joining: true,
        };
        list.read(&line[colon + 1..]);
        Some(list)
    }

    fn read(&mut self, text: &str) {
        for c in text.chars() {
            match c {
                '(' => self.depth += 1,
                ')' => self.depth = self.depth.saturating_sub(1),
                '.' if self.depth == 0 => self.ended = true,
                _ => {}
            }
        }
        let end = text.trim_end();
        let last_word = end.rsplit(|c: char| !c.is_alphanumeric()).next();
        self.joining = end.is_empty()
            || end.ends_with([',', ';', '+', '&', ':'])
            || matches!(last_word, Some("and" | "or"));
    }

    /// The list goes on on the next line: it has not ended, and the line
    /// stops inside parentheses or after a comma or "and". A list whose
    /// line ends after a complete item is done, and the prose below it
    /// stays prose.
    fn left_open(&self) -> bool {
        !self.ended && (self.depth > 0 || self.joining)
    }
}

/// A line that goes on with the sentence before it: not blank, not a
/// bullet or a heading.
fn continues_line(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty() && !line.starts_with(['-', '*', '•', '#'])
}

fn inline_tables(line: &str) -> Option<(String, Vec<String>)> {
    let (colon, header) = header_colon(line)?;
    // The list runs to the end of its sentence (a dot outside parentheses).
    let rest = &line[colon + 1..];
    let mut depth = 0usize;
    let mut items = vec![String::new()];
    let mut end = rest.len();
    let mut previous = ' ';
    // (a folded bullet list: its items are split by " - ")
    let mut dashed = false;
    for (at, c) in rest.char_indices() {
        let after = &rest[at + c.len_utf8()..];
        match c {
            '(' => depth += 1,
            // A list of bullets folded into one line ("- clues (puzzle,
            // answer) Constructors log in …") ends where a sentence starts
            // right after an item's fields (not a comma list: "products
            // (name, price) SKU unique, suppliers (…)").
            ')' if depth == 1 && dashed && after.trim_start().starts_with(char::is_uppercase) => {
                if let Some(item) = items.last_mut() {
                    item.push(c);
                }
                end = at + 1;
                break;
            }
            ')' => depth = depth.saturating_sub(1),
            '.' | '\n' if depth == 0 => {
                end = at;
                break;
            }
            // ("accounts (name, plan); components (account_id, name)", and
            // bullets folded into one line: "- constructors (name) - puzzles")
            ',' | ';' if depth == 0 => {
                items.push(String::new());
                continue;
            }
            '-' if depth == 0 && previous.is_whitespace() && after.starts_with(' ') => {
                dashed = true;
                items.push(String::new());
                continue;
            }
            _ => {}
        }
        previous = c;
        if let Some(item) = items.last_mut() {
            item.push(c);
        }
    }
    let items: Vec<String> = items
        .iter()
        .map(|i| {
            let i = i.trim();
            i.strip_prefix("and ").unwrap_or(i).trim().to_owned()
        })
        .filter(|i| !i.is_empty())
        .collect();
    let declares: Vec<bool> = items.iter().map(|i| declaration(i).is_some()).collect();
    if declares.iter().filter(|d| **d).count() < 2 {
        return None;
    }
    let mut out = line[..header].to_owned();
    out.push('\n');
    let mut bare = Vec::new();
    for (item, declares) in items.iter().zip(declares) {
        out.push_str("- ");
        if declares {
            // (A table of several words is named as one: "lane assignments
            // (heat, lane)" is a `LaneAssignment`, as "lane_assignments".)
            match item.find('(') {
                Some(open) => {
                    out.push_str(&item[..open].trim().replace(' ', "_"));
                    out.push(' ');
                    out.push_str(&item[open..]);
                }
                None => out.push_str(item),
            }
            out.push('\n');
            continue;
        }
        // ("audit_log (who changed what)": still one table of that name)
        let open = item.find('(').unwrap_or(item.len());
        let name = item[..open].trim();
        let words = name.split_whitespace().count();
        if (1..=3).contains(&words)
            && name
                .chars()
                .all(|c| c.is_ascii_alphabetic() || c == ' ' || c == '_')
        {
            bare.push(singularize(&words_of(name).replace('_', " ")));
        }
        if name.contains('_') && !name.contains(' ') {
            out.push_str(&name.replace('_', "-"));
            out.push(' ');
            out.push_str(&item[open..]);
        } else {
            out.push_str(item);
        }
        out.push_str(".\n");
    }
    out.push_str(rest[end..].trim_start_matches('.'));
    Some((out, bare))
}

/// The first colon of a line that ends a table header, and where the
/// header starts ("Multi-tenant: ... Tables: accounts (..)": the second).
/// One pass: only a colon at most 8 words (and 120 bytes) after the
/// sentence's start can end a header, so a line of thousands of colons is
/// not re-read at each.
fn header_colon(line: &str) -> Option<(usize, usize)> {
    let mut words = 0usize;
    let mut in_word = false;
    let mut sentence = 0usize;
    for (at, c) in line.char_indices() {
        match c {
            '.' | '!' | '?' => {
                words = 0;
                in_word = false;
                sentence = at + 1;
            }
            ':' if words <= 8 && at - sentence <= 120 => {
                if let Some(start) = table_header(&line[..=at]) {
                    return Some((at, start));
                }
            }
            c if c.is_whitespace() => in_word = false,
            _ if !in_word => {
                in_word = true;
                words += 1;
            }
            _ => {}
        }
    }
    None
}

/// "Tables I think we need:", "Data model:", "Schema:" as the last sentence
/// of a line: where that sentence starts.
fn table_header(line: &str) -> Option<usize> {
    let at = line.trim_end().rfind(['.', '!', '?']).map_or(0, |p| p + 1);
    // (a long sentence is no header: not lowercased for every colon in it)
    if line[at..].split_whitespace().nth(8).is_some() {
        return None;
    }
    let said = line[at..].trim().to_ascii_lowercase();
    (said.ends_with(':')
        && ["table", "schema", "entities", "data model", "models"]
            .iter()
            .any(|w| said.contains(w)))
    .then_some(at)
}

/// "- signature_requests: document_id, sent_at, message to signers".
fn listed_table(line: &str) -> Option<Declaration> {
    let body = line.trim().trim_start_matches(['-', '*', '•']).trim_start();
    let (name, list) = body.split_once(':')?;
    let name_words: Vec<&str> = name.split_whitespace().collect();
    let plain = |w: &&str| w.chars().all(|c| c.is_ascii_alphabetic() || c == '_');
    if name_words.is_empty() || name_words.len() > 3 || !name_words.iter().all(plain) {
        return None;
    }
    // Commas inside a remark ("status (draft, sent)") do not split fields.
    let mut pieces = vec![String::new()];
    let mut depth = 0usize;
    for c in list.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => pieces.push(String::new()),
            _ if depth == 0 => pieces.last_mut().map_or((), |p| p.push(c)),
            _ => {}
        }
    }
    let pieces: Vec<&str> = pieces.iter().map(|p| p.trim()).collect();
    let short = |p: &&str| !p.is_empty() && p.split_whitespace().count() <= 4;
    if pieces.len() < 2 || !pieces.iter().all(short) {
        return None;
    }
    Some(Declaration {
        thing: singularize(&words_of(&name_words.join(" ")).replace('_', " ")),
        fields: pieces.into_iter().filter_map(field).collect(),
        rest: String::new(),
        identifier: name_words.iter().any(|w| w.contains('_')),
    })
}

struct Declaration {
    /// The declared thing, in words: "maintenance request".
    thing: String,
    fields: Vec<Field>,
    /// What the line says after the declaration.
    rest: String,
    /// Named as a developer names a table ("flag_states", "RentCharge"):
    /// one thing, whatever its words mean alone.
    identifier: bool,
}

struct Field {
    words: String,
    /// `photos[]`: many of them.
    list: bool,
    /// Written as a column: "cost_center", "tray_id".
    column: bool,
    /// A date or time column, "erected_on", "paid_at": declared for the
    /// design, not written into the sentences.
    stamp: bool,
}

fn declaration(line: &str) -> Option<Declaration> {
    let body = line.trim().trim_start_matches(['-', '*', '•']).trim_start();
    // (A line in lower case declares only when it is nothing else:
    // "locations (name, address, timezone)".)
    let capital = body.chars().next()?.is_ascii_uppercase();
    // "RentCharge: auto-created on the 1st ..."
    if let Some(at) = body
        .find(':')
        .filter(|at| capital && is_camel(&body[..*at]))
    {
        return Some(Declaration {
            thing: words_of(&body[..at]),
            fields: Vec::new(),
            rest: format!("The {}: {}", words_of(&body[..at]), body[at + 1..].trim()),
            identifier: true,
        });
    }
    let open = body.find('(')?;
    let close = open + body[open..].find(')')?;
    let name: Vec<&str> = body[..open].split_whitespace().collect();
    let plain = |w: &&str| w.chars().all(|c| c.is_ascii_alphabetic() || c == '_');
    if name.is_empty() || name.len() > 3 || !name.iter().all(plain) {
        return None;
    }
    let identifier = name.iter().any(|w| w.contains('_') || is_camel(w));
    // ("entries (swimmer + event + seed time)": a plus joins fields too.)
    let items: Vec<&str> = body[open + 1..close].split([',', '+']).collect();
    // A remark in prose is no list of fields: "work_packages (a project
    // split by trade: groundworks, electrical...)", "variations (change
    // orders against a contract, need approval)".
    let prose = |item: &&str| {
        let item = item.trim().to_ascii_lowercase();
        item.split_whitespace().count() > 4
            || item.contains('…')
            || item.contains("->")
            || item.contains("...")
            || ["a ", "an ", "the ", "our ", "we "]
                .iter()
                .any(|a| item.starts_with(a))
    };
    if items.iter().any(prose) {
        return None;
    }
    let fields: Vec<Field> = items.into_iter().filter_map(field).collect();
    if fields.iter().filter(|f| !f.stamp).count() < 2 {
        return None;
    }
    // The declaration ends its clause: "Tenant (name, email); a lease ...".
    let after = body[close + 1..].trim();
    let rest = match after.chars().next() {
        None => "",
        Some(_) if !capital => return None,
        Some(c @ (';' | ':' | '.' | '-' | '—' | '–')) => after[c.len_utf8()..].trim(),
        Some(_) => return None,
    };
    Some(Declaration {
        // ("locations (name, address)": one location has them)
        thing: singularize(
            &name
                .iter()
                .map(|w| words_of(w).replace('_', " "))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        fields,
        rest: rest.to_owned(),
        identifier,
    })
}

/// One field of a declaration, as words: "owner_name" → "owner name",
/// "property_id" → "property", "photos[]" → a list of photos; "status
/// open|scheduled|done" keeps its name. Times ("paid_at", "erected_on")
/// are stamps the design types; authors ("opened_by") are left out.
fn field(raw: &str) -> Option<Field> {
    // ("belongs to a club": the field is the club)
    let raw = raw.trim();
    let raw = ["belongs to ", "belonging to ", "linked to "]
        .iter()
        .find_map(|p| raw.strip_prefix(p))
        .map_or(raw, |rest| {
            ["a ", "an ", "the ", "one "]
                .iter()
                .find_map(|a| rest.strip_prefix(a))
                .unwrap_or(rest)
        });
    // ("company name", "monthly price": plain words are the name.)
    let plain = raw
        .split_whitespace()
        .all(|w| w.chars().all(|c| c.is_ascii_alphabetic()));
    let joined = raw.split_whitespace().collect::<Vec<_>>().join("_");
    let token = if plain {
        joined.as_str()
    } else {
        raw.split_whitespace().next()?
    };
    let list = token.ends_with("[]");
    let name = token.trim_end_matches("[]");
    let name = name.strip_suffix("_id").unwrap_or(name);
    if name.ends_with("_by") {
        return None;
    }
    let stamp = name.ends_with("_at") || name.ends_with("_on");
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    Some(Field {
        words: words_of(name).replace('_', " "),
        list,
        column: !plain && token.contains('_'),
        stamp,
    })
}

/// "RentCharge" → "rent charge"; other words in lower case.
fn words_of(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    // (an acronym stays one word: "PDF")
    let mut after_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() && after_lower {
            out.push(' ');
        }
        after_lower = c.is_ascii_lowercase();
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// "RentCharge", "MaintenanceRequest": two or more capitalised parts.
fn is_camel(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_alphabetic())
        && word.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && word.chars().skip(1).any(|c| c.is_ascii_uppercase())
        && word.chars().any(|c| c.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    #[test]
    fn unfolds_bullets_typed_on_one_line_but_not_ranges_or_asides() {
        let text = "Parts tracking. - parts: serial number - work orders per aircraft, each \
                    with tasks - rate it 1 - 5";
        assert_eq!(
            super::unfold_bullets(text),
            "Parts tracking.\n- parts: serial number\n- work orders per aircraft, each with \
             tasks\n- rate it 1 - 5"
        );
        let aside = "Drivers create loads - pickup address, weight, rate - for a shipper.";
        assert_eq!(super::unfold_bullets(aside), aside);
    }

    /// The text with its notes written out.
    fn declarations(text: &str) -> String {
        super::declared(text).0
    }

    #[test]
    fn writes_out_declared_things() {
        let text = "Rental app.\nProperty (name, address)\nUnit (property_id, label, beds, \
                    photos[], created_at); tenants rent units\nRentCharge: made monthly\n";
        let out = declarations(text);
        assert!(out.starts_with("Rental app.\n"), "{out}");
        assert!(
            out.contains("Every property has name and address."),
            "{out}"
        );
        assert!(out.contains("Every unit belongs to a property."), "{out}");
        assert!(
            out.contains("Every unit has label, bed and photos. tenants rent units"),
            "{out}"
        );
        assert!(out.contains("The rent charge: made monthly"), "{out}");
    }

    #[test]
    fn reads_a_list_of_tables() {
        let text = "A signing tool. Tables I think we need:\n- clients: name, email\n\
                    - matters: client_id, title, matter number, status (open, closed)\n\
                    Attorneys log in.\n";
        let out = declarations(text);
        assert!(!out.contains("Tables"), "{out}");
        assert!(out.contains("Every client has name and email."), "{out}");
        assert!(out.contains("Every matter belongs to a client."), "{out}");
        assert!(
            out.contains("Every matter has title, matter-number and status."),
            "{out}"
        );
        assert!(out.contains("Attorneys log in."), "{out}");
        // Without a header or a column, such lines are prose.
        let prose = "- Tables: number, seats\n- Games: title, players\n";
        assert_eq!(declarations(prose), prose);
    }

    #[test]
    fn reads_a_table_list_split_by_semicolons_after_another_colon() {
        let text = "Multi-tenant: each company is an account. Tables: accounts (name, \
                    subdomain); components (account_id, name); incidents (account_id, \
                    title). Subscribers get an email.\n";
        let out = declarations(text);
        assert!(!out.contains("Tables"), "{out}");
        assert!(
            out.contains("Every component belongs to a account."),
            "{out}"
        );
        assert!(out.contains("Every incident has title."), "{out}");
        assert!(out.contains("Subscribers get an email."), "{out}");
    }

    #[test]
    fn reads_a_table_list_wrapped_over_lines() {
        let text = "Dev notes (v0). Tables I think we need: clubs,\nswimmers (belongs to a \
                    club, DOB), meets (name,\nvenue), entries (swimmer + meet + seed time),\n\
                    lane assignments (entry, lane).\nParents watch live.\n";
        let out = declarations(text);
        assert!(!out.contains("Tables"), "{out}");
        assert!(out.contains("Every swimmer belongs to a club."), "{out}");
        assert!(out.contains("Every swimmer has dob."), "{out}");
        assert!(out.contains("Every meet has name and venue."), "{out}");
        assert!(out.contains("Every entry belongs to a swimmer."), "{out}");
        assert!(out.contains("Every entry belongs to a meet."), "{out}");
        assert!(out.contains("Every entry has seed-time."), "{out}");
        assert!(
            out.contains("Every lane-assignment belongs to a entry."),
            "{out}"
        );
        assert!(out.contains("Parents watch live."), "{out}");
        // A remark in prose declares nothing; the table's name still counts.
        let text = "Tables I think we need: projects (name, budget), packages (a project \
                    split by trade: groundworks...), bids (package_id, price).\n";
        let out = declarations(text);
        assert!(out.contains("Every bid belongs to a package."), "{out}");
        assert!(!out.contains("Every package has"), "{out}");
    }

    #[test]
    fn leaves_out_what_is_ruled_out() {
        let text = "Clinic app.\n## Non-goals (v1)\n- Online payment\n- Insurance claims\n\
                    Patients book visits.\n";
        let out = super::drop_out_of_scope(text);
        assert_eq!(out, "Clinic app.\nPatients book visits.\n");
        assert!(super::rules_out("billing is out of scope"));
    }

    #[test]
    fn leaves_prose_alone() {
        for text in [
            "Clients (name, email) book sessions.",
            "Customers (restaurants and cafes) order weekly.",
            "We store scans (STL files).",
            "- Tables: number, seats",
        ] {
            assert_eq!(declarations(text), text);
        }
    }
}
