//! A developer's table list is the data model they mean: a column it
//! declares ("newspapers (name, billing contact, plan)") is a value of its
//! table, not a thing of its own — unless it is itself a declared table, or
//! the text names it again elsewhere ("airlines are our customers").

use std::collections::{BTreeMap, BTreeSet};

use keel_blueprint::names::singularize;

use super::Findings;

/// Drops the entities that only a declared column names (with their
/// relations), and says so in the review. `columns`: the fields declared
/// per table key (`text::Analysed::columns`).
pub fn keep_declared_columns_as_values(
    f: &mut Findings,
    columns: &BTreeMap<String, Vec<String>>,
    description: &str,
) {
    let keys: BTreeMap<String, &String> = columns
        .iter()
        .flat_map(|(table, words)| {
            words
                .iter()
                .map(move |w| (singularize(w).replace(' ', "-"), table))
        })
        .filter(|(word, _)| !columns.contains_key(word))
        .collect();
    if keys.is_empty() {
        return;
    }
    let words: Vec<String> = description
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| singularize(&w.to_lowercase()))
        .collect();
    let said = |key: &str| words.iter().filter(|w| *w == key).count();
    let dropped: BTreeSet<String> = f
        .entities
        .values()
        .filter(|e| e.synthesized.is_none() && keys.contains_key(&e.key) && said(&e.key) < 2)
        .map(|e| e.name.clone())
        .collect();
    for name in &dropped {
        if let Some(e) = f.entities.shift_remove(name) {
            let table = keys[&e.key];
            let table = f
                .entities
                .values()
                .find(|t| &t.key == table)
                .map_or(table.as_str(), |t| t.name.as_str());
            f.assumptions.push(format!(
                "`{}` is a column of `{table}`, as the table list declares it, not an entity",
                e.key
            ));
            f.declared_values.insert(e.key);
        }
    }
    f.relations
        .retain(|r| !dropped.contains(&r.child) && !dropped.contains(&r.parent));
    if f.primary.as_ref().is_some_and(|p| dropped.contains(p)) {
        f.primary = None;
    }
}
