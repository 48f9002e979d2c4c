//! "applicants upload ID and payslips", "upload drawings or site plans":
//! several kinds of paper uploaded together are one table of documents,
//! whose kind is one of them, not a table each.

use crate::classify::{self, Class};
use crate::lexicon::Lexicon;
use crate::parse::{Ctx, Parsed};

/// The mentions uploaded as documents: two things or more (papers, or
/// words for a document file), or one the lexicon knows as a paper; no
/// photos or videos (rows of their own) and no people.
pub(super) fn uploaded_documents(parsed: &Parsed, classes: &[Class], lex: &Lexicon) -> Vec<usize> {
    let mut documents = Vec::new();
    for (v, verb) in parsed.verbs.iter().enumerate() {
        if !lex.filing_verbs.contains(&verb.lemma) {
            continue;
        }
        // (a bare paper: "proof of address", "signed paperwork"; not a kind
        // of its own, "a vaccination certificate")
        let paper_word = |i: usize| {
            let m = &parsed.mentions[i];
            lex.paper_words.contains(&m.head().lemma)
                && m.words.iter().rev().skip(1).all(|w| {
                    w.tag != crate::text::Tag::Noun && !lex.naming_adjectives.contains(&w.text)
                })
        };
        // ("keep each boat's insurance certificate; owners upload the
        // certificate": a thing the text names elsewhere is its own)
        let said_elsewhere = |i: usize| {
            let head = &parsed.mentions[i].head().lemma;
            parsed.mentions.iter().enumerate().any(|(j, x)| {
                j != i
                    && x.words.iter().any(|w| w.lemma == *head)
                    && !matches!(x.ctx, Ctx::Object { verb } if verb == v)
            })
        };
        let papers: Vec<usize> = (0..parsed.mentions.len())
            .filter(|&i| matches!(parsed.mentions[i].ctx, Ctx::Object { verb } if verb == v))
            .filter(|&i| !said_elsewhere(i))
            .filter(|&i| match &classes[i] {
                Class::Entity { key, .. } => !is_media(key, lex),
                // ("referral letters and scans", "a CV and a cover letter")
                Class::Attribute { key, .. } => {
                    paper_word(i)
                        || lex
                            .attributes
                            .get(key)
                            .is_some_and(|a| a.field.as_deref() == Some("document"))
                }
                _ => paper_word(i),
            })
            .collect();
        // ("upload proof of address", "upload the letters clients bring")
        if papers.len() >= 2 || papers.iter().any(|&i| paper_word(i)) {
            documents.extend(papers);
        }
    }
    documents
}

/// A photo, a video or a recording: kept as rows of their own.
fn is_media(key: &str, lex: &Lexicon) -> bool {
    let head = classify::head_of(key);
    lex.attribute(head)
        .or_else(|| lex.attribute(key))
        .is_some_and(|a| a.media.is_some() && a.field.as_deref() != Some("document"))
}

/// The classes with every uploaded paper read as a document.
pub(super) fn as_documents(classes: Vec<Class>, parsed: &Parsed, lex: &Lexicon) -> Vec<Class> {
    let papers = uploaded_documents(parsed, &classes, lex);
    classes
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            if papers.contains(&i) {
                Class::Entity {
                    key: "document".into(),
                    name: classify::entity_name("document", lex),
                }
            } else {
                c
            }
        })
        .collect()
}

/// Uploaded papers are personal (payslips, ID): the documents are private to
/// whoever uploads them and the roles that work on them, never browsed. The
/// kinds of paper ("payslip", "statement") become the values of their kind,
/// when there are two or more.
pub(super) fn document_details(
    f: &mut super::Findings,
    parsed: &Parsed,
    classes: &[Class],
    entity_of: &[Option<String>],
) {
    let papers: Vec<usize> = (0..parsed.mentions.len())
        .filter(|&i| {
            matches!(&classes[i], Class::Entity { key, .. } if key == "document")
                && parsed.mentions[i].head().lemma != "document"
        })
        .collect();
    let Some(name) = papers.iter().find_map(|&i| entity_of[i].clone()) else {
        return;
    };
    let values = super::context::example_values(parsed, &papers);
    if let Some(e) = f.entities.get_mut(&name) {
        e.kind = crate::lexicon::Kind::Private;
        e.personal = true;
        if e.kinds.is_empty() && values.len() >= 2 {
            e.kinds = values;
        }
    }
}
