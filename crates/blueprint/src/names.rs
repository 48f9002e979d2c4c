//! The English forms of a name: cases, plurals and words.
//!
//! Generators never derive a name themselves; they read [`Names`] so that a
//! table, a route and a TypeScript type of one entity always agree.

use heck::{ToKebabCase, ToLowerCamelCase, ToSnakeCase, ToUpperCamelCase};

use crate::model::Names;

/// Plural of an English noun (`category` → `categories`, `person` → `people`).
pub fn pluralize(word: &str) -> String {
    if SINGULAR_IN_MEN.contains(&word) {
        return format!("{word}s");
    }
    // (pluralizer keeps "summons" as it is)
    if word == "summons" {
        return "summonses".to_owned();
    }
    pluralizer::pluralize(word, 2, false)
}

/// Nouns in -men that are singular: pluralizer reads them as plurals of
/// words in -man ("specimens" became "speciman").
const SINGULAR_IN_MEN: &[&str] = &[
    "specimen", "regimen", "abdomen", "stamen", "omen", "acumen", "ramen", "lumen", "albumen",
    "bitumen", "rumen", "foramen",
];

/// Singular of an English noun (`categories` → `category`).
pub fn singularize(word: &str) -> String {
    if let Some(noun) = SINGULAR_IN_MEN
        .iter()
        .find(|n| word == **n || word.strip_suffix('s') == Some(**n))
    {
        return (*noun).to_owned();
    }
    let singular = pluralizer::pluralize(word, 1, false);
    // pluralizer reads "campus", "bonus", "census" as plurals of words in -u;
    // English has few nouns in -u, so any other -us word is already singular.
    const NOUNS_IN_U: &[&str] = &[
        "menu", "guru", "emu", "haiku", "tutu", "bureau", "tofu", "gnu", "sudoku", "bayou",
        "tiramisu", "kudzu", "jujitsu", "zebu",
    ];
    if word.ends_with("us")
        && singular.len() + 1 == word.len()
        && singular.ends_with('u')
        && !NOUNS_IN_U.contains(&singular.as_str())
    {
        return word.to_owned();
    }
    // No English plural ends in -is ("basis", "axis"); a few words are their
    // own plural ("species", "series") or have no singular ("clothes").
    if word.ends_with("is")
        || matches!(
            word,
            "species"
                | "series"
                | "lens"
                | "chaos"
                | "clothes"
                | "ethos"
                | "kudos"
                | "news"
                | "summons"
                | "gps"
                | "sms"
        )
    {
        return word.to_owned();
    }
    // (pluralizer makes "summonse" of "summonses")
    if word == "summonses" {
        return "summons".to_owned();
    }
    singular
}

/// The module name of each of `entities` (one service's, in its order)
/// where a generator writes one module per entity beside modules of its
/// own: the entity's plural (`recipes`), or `<singular>_records` when the
/// plural is `taken` or another entity's module, then `_records2`,
/// `_records3`, ... until the name is free. Backend and tests call it with
/// their own `taken`, so both name modules the same way.
pub fn module_names(entities: &[&crate::model::Entity], taken: &[&str]) -> Vec<String> {
    let mut used: Vec<String> = taken.iter().map(|t| (*t).to_owned()).collect();
    // Plurals first, so an entity whose plural is free keeps it.
    let plurals: Vec<Option<String>> = entities
        .iter()
        .map(|e| {
            let plural = &e.names.plural_snake;
            (!used.contains(plural)).then(|| {
                used.push(plural.clone());
                plural.clone()
            })
        })
        .collect();
    entities
        .iter()
        .zip(plurals)
        .map(|(entity, plural)| {
            plural.unwrap_or_else(|| {
                let stem = format!("{}_records", entity.names.snake);
                let name = std::iter::once(stem.clone())
                    .chain((2..).map(|i| format!("{stem}{i}")))
                    .find(|n| !used.contains(n))
                    .unwrap_or(stem);
                used.push(name.clone());
                name
            })
        })
        .collect()
}

impl Names {
    /// All forms of a PascalCase entity name; `plural` overrides the plural
    /// of the whole name, written in snake_case.
    pub fn of(pascal: &str, plural: Option<&str>) -> Names {
        let snake = pascal.to_snake_case();
        let plural_snake = match plural {
            Some(p) => p.to_snake_case(),
            None => {
                // Only the last word takes the plural: cart_item → cart_items.
                let (head, last) = match snake.rsplit_once('_') {
                    Some((head, last)) => (format!("{head}_"), last),
                    None => (String::new(), snake.as_str()),
                };
                let mut plural_last = pluralize(last);
                if plural_last == last && !last.ends_with('s') {
                    // Uncountable nouns (`equipment`) keep one form; tables still need a name.
                    plural_last = last.to_owned();
                }
                format!("{head}{plural_last}")
            }
        };
        Names {
            pascal: pascal.to_owned(),
            camel: pascal.to_lower_camel_case(),
            plural_kebab: plural_snake.to_kebab_case(),
            plural_pascal: plural_snake.to_upper_camel_case(),
            words: snake.replace('_', " "),
            plural_words: plural_snake.replace('_', " "),
            snake,
            plural_snake,
        }
    }
}

/// `camelCase`, `snake_case`, `kebab-case` and `Pascal Case` of any name.
pub fn to_pascal(s: &str) -> String {
    s.to_upper_camel_case()
}

pub fn to_snake(s: &str) -> String {
    s.to_snake_case()
}

pub fn is_pascal_case(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.all(|c| c.is_ascii_alphanumeric())
}

pub fn is_snake_case(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !s.ends_with('_')
        && !s.contains("__")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singular_of_words_that_look_plural() {
        assert_eq!(singularize("campus"), "campus");
        assert_eq!(singularize("bonus"), "bonus");
        assert_eq!(singularize("menus"), "menu");
        assert_eq!(singularize("specimens"), "specimen");
        assert_eq!(singularize("specimen"), "specimen");
        assert_eq!(singularize("firemen"), "fireman");
        assert_eq!(pluralize("specimen"), "specimens");
        assert_eq!(pluralize("fireman"), "firemen");
        assert_eq!(singularize("clothes"), "clothes");
        assert_eq!(singularize("chaos"), "chaos");
        assert_eq!(singularize("recipes"), "recipe");
    }

    #[test]
    fn derives_every_form() {
        let n = Names::of("CartItem", None);
        assert_eq!(n.snake, "cart_item");
        assert_eq!(n.plural_snake, "cart_items");
        assert_eq!(n.plural_kebab, "cart-items");
        assert_eq!(n.camel, "cartItem");
        assert_eq!(n.plural_pascal, "CartItems");
        assert_eq!(n.plural_words, "cart items");
    }

    #[test]
    fn pluralizes_english() {
        let plural = |s: &str| Names::of(s, None).plural_snake;
        assert_eq!(plural("Category"), "categories");
        assert_eq!(plural("Person"), "people");
        assert_eq!(plural("Status"), "statuses");
        assert_eq!(plural("Class"), "classes");
        assert_eq!(plural("Child"), "children");
        assert_eq!(plural("Equipment"), "equipment");
        assert_eq!(plural("TimeEntry"), "time_entries");
        assert_eq!(plural("Address"), "addresses");
        assert_eq!(Names::of("Person", Some("persons")).plural_snake, "persons");
    }

    #[test]
    fn singularizes_english() {
        assert_eq!(singularize("categories"), "category");
        assert_eq!(singularize("people"), "person");
        assert_eq!(singularize("statuses"), "status");
        for same in ["basis", "axis", "analysis", "species", "series", "lens"] {
            assert_eq!(singularize(same), same);
        }
        assert_eq!(singularize("analyses"), "analysis");
        assert_eq!(singularize("summonses"), "summons");
        assert_eq!(singularize("summons"), "summons");
        assert_eq!(singularize("gps"), "gps");
        assert_eq!(pluralize("summons"), "summonses");
    }

    #[test]
    fn recognises_cases() {
        assert!(is_pascal_case("CartItem"));
        assert!(!is_pascal_case("cartItem"));
        assert!(is_snake_case("due_date"));
        assert!(!is_snake_case("dueDate"));
        assert!(!is_snake_case("due__date"));
    }
}
