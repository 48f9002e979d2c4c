//! Service boundaries: entities of one `belongs_to` family always share a
//! service; a small application has one domain service, a bigger one two
//! to four, grouped by the area each family's root belongs to.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use keel_blueprint::document::{Builtin, EntityDecl, ServiceDecl};
use keel_blueprint::reserved;

use crate::extract::Findings;
use crate::lexicon::Lexicon;

/// Up to this many entities, one domain service.
const SMALL_APP: usize = 6;
const MAX_DOMAIN_SERVICES: usize = 4;

pub fn cluster(
    f: &Findings,
    entities: &IndexMap<String, EntityDecl>,
    lex: &Lexicon,
) -> IndexMap<String, ServiceDecl> {
    let mut services = IndexMap::new();
    services.insert(
        keel_blueprint::IDENTITY.to_owned(),
        ServiceDecl {
            builtin: Some(Builtin::Auth),
            ..ServiceDecl::default()
        },
    );
    if entities.is_empty() {
        return services;
    }
    // Families: follow belongs_to to the root.
    let root_of = |name: &str| -> String {
        let mut at = name.to_owned();
        for _ in 0..64 {
            match entities.get(&at).map(|e| e.belongs_to.to_vec()) {
                Some(parents) if !parents.is_empty() => at = parents[0].clone(),
                _ => break,
            }
        }
        at
    };
    let area_of = |name: &str| -> String {
        f.entities
            .get(name)
            .and_then(|e| lex.nouns.get(&e.key))
            .and_then(|n| n.area.clone())
            .unwrap_or_else(|| "core".to_owned())
    };
    // area → entity names (file order)
    let mut areas: IndexMap<String, Vec<String>> = IndexMap::new();
    let small = entities.len() <= SMALL_APP;
    for name in entities.keys() {
        let area = if small {
            "core".to_owned()
        } else {
            area_of(&root_of(name))
        };
        areas.entry(area).or_default().push(name.clone());
    }
    // Too many areas: fold the smallest into the core.
    while areas.len() > MAX_DOMAIN_SERVICES {
        let (smallest, _) = areas
            .iter()
            .filter(|(a, _)| a.as_str() != "core")
            .min_by_key(|(_, v)| v.len())
            .map(|(a, v)| (a.clone(), v.len()))
            .expect("more than one area");
        let moved = areas.shift_remove(&smallest).unwrap_or_default();
        areas.entry("core".into()).or_default().extend(moved);
    }
    // A lone entity in an area of its own joins the core when the core is small.
    let singles: Vec<String> = areas
        .iter()
        .filter(|(a, v)| a.as_str() != "core" && v.len() == 1)
        .map(|(a, _)| a.clone())
        .collect();
    if areas.len() > 1 {
        for a in singles {
            if areas.len() <= 2 {
                break;
            }
            let moved = areas.shift_remove(&a).unwrap_or_default();
            areas.entry("core".into()).or_default().extend(moved);
        }
    }
    // The core goes first.
    if let Some(core) = areas.shift_remove("core") {
        areas.shift_insert(0, "core".into(), core);
    }
    let mut used: BTreeMap<String, ()> = BTreeMap::new();
    for (area, names) in areas {
        let (name, description) = if area == "core" {
            // Named after the family of the main entity.
            let primary = f
                .primary
                .as_deref()
                .map(root_of)
                .filter(|r| names.contains(r))
                .or_else(|| names.first().cloned())
                .unwrap_or_default();
            let plural = keel_blueprint::Names::of(&primary, None).plural_snake;
            (
                service_name(&plural),
                format!(
                    "{} and what belongs to them.",
                    capitalise(&keel_blueprint::Names::of(&primary, None).plural_words)
                ),
            )
        } else {
            (
                service_name(&area),
                lex.areas.get(&area).cloned().unwrap_or_default(),
            )
        };
        let mut name = name;
        while used.contains_key(&name) || name == keel_blueprint::IDENTITY {
            name = format!("{name}2");
        }
        used.insert(name.clone(), ());
        // Keep the blueprint's entity order inside each service.
        let mut ordered: Vec<String> = entities
            .keys()
            .filter(|e| names.contains(e))
            .cloned()
            .collect();
        ordered.truncate(40);
        services.insert(
            name,
            ServiceDecl {
                builtin: None,
                description,
                entities: ordered,
            },
        );
    }
    services
}

/// Lowercase letters and digits, 2-30, not a name the generated system uses.
/// A long compound keeps its last word ("apprenticeship_standards" is
/// `standards`): the name becomes crate, module and URL names, and
/// "apprenticeshipstandards" reads badly in all of them.
fn service_name(word: &str) -> String {
    let word = match word.rsplit_once('_') {
        Some((_, last)) if word.len() > 16 && last.len() >= 4 => last,
        _ => word,
    };
    let mut s: String = word
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        .take(30)
        .collect();
    while s.starts_with(|c: char| c.is_ascii_digit()) {
        s.remove(0);
    }
    if s.len() < 2 || reserved::SERVICE_NAMES.contains(&s.as_str()) {
        s = "core".to_owned();
    }
    s
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
