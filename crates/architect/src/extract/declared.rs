//! A developer's table list is the data model they mean: a column it
//! declares ("newspapers (name, billing contact, plan)") is a value of its
//! table, not a thing of its own — unless it is itself a declared table, or
//! the text names it again elsewhere ("airlines are our customers").

use std::collections::{BTreeMap, BTreeSet};

use keel_blueprint::names::singularize;

use super::Findings;

/// Drops the entities that only a declared column names (with their
/// relations), says so in the review, and returns their names. `columns`:
/// the fields declared per table key (`text::Analysed::columns`).
pub fn keep_declared_columns_as_values(
    f: &mut Findings,
    columns: &BTreeMap<String, Vec<String>>,
    description: &str,
) -> BTreeSet<String> {
    // Each column key, the first table declaring it, and how many do.
    let mut keys: BTreeMap<String, (&String, usize)> = BTreeMap::new();
    for (table, fields) in columns {
        for field in fields {
            let key = singularize(field).replace(' ', "-");
            if !columns.contains_key(&key) {
                keys.entry(key).or_insert((table, 0)).1 += 1;
            }
        }
    }
    if keys.is_empty() {
        return BTreeSet::new();
    }
    let words: Vec<String> = description
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| singularize(&w.to_lowercase()))
        .collect();
    // Whether the text says the key ("time-slot": "time slot(s)") more often
    // than the columns that declare it.
    let said_elsewhere = |key: &str, declared: usize| {
        let phrase: Vec<&str> = key.split('-').collect();
        let said = words
            .windows(phrase.len())
            .filter(|w| w.iter().zip(&phrase).all(|(a, b)| a == b))
            .count();
        said > declared
    };
    let dropped: BTreeSet<String> = f
        .entities
        .values()
        .filter(|e| {
            e.synthesized.is_none()
                && keys
                    .get(&e.key)
                    .is_some_and(|(_, declared)| !said_elsewhere(&e.key, *declared))
        })
        .map(|e| e.name.clone())
        .collect();
    for name in &dropped {
        if let Some(e) = f.entities.shift_remove(name) {
            let (table, _) = keys[&e.key];
            let table = f
                .entities
                .values()
                .find(|t| &t.key == table)
                .map_or(table.as_str(), |t| t.name.as_str());
            f.assumptions.push(format!(
                "`{}` is a column of `{table}`, as the table list declares it, not an entity",
                e.key.replace('-', "_")
            ));
            f.declared_values.insert(e.key);
        }
    }
    f.relations
        .retain(|r| !dropped.contains(&r.child) && !dropped.contains(&r.parent));
    if f.primary.as_ref().is_some_and(|p| dropped.contains(p)) {
        f.primary = None;
    }
    dropped
}
