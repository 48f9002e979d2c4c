//! The blueprint in English: rules, fields, sizes and paths as sentences
//! and phrases that every document shares, so that they all say the same
//! thing the same way.

use keel_blueprint::{Blueprint, Entity, Field, FieldType, Link, LinkKind, Rule, Term, Transition};

/// `a`, `a and b`, `a, b and c`.
pub fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    join_last(items, "and")
}

/// `a`, `a or b`, `a, b or c`.
pub fn or_list<S: AsRef<str>>(items: &[S]) -> String {
    join_last(items, "or")
}

fn join_last<S: AsRef<str>>(items: &[S], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [init @ .., last] => {
            let head: Vec<&str> = init.iter().map(|s| s.as_ref()).collect();
            format!("{} {word} {}", head.join(", "), last.as_ref())
        }
    }
}

/// A noun with its indefinite article: `a recipe`, `an order`, `a user`.
pub fn a(noun: &str) -> String {
    let lower = noun.to_ascii_lowercase();
    let mut chars = lower.chars();
    let first = chars.next();
    let vowel = |c: Option<char>| matches!(c, Some('a' | 'e' | 'i' | 'o' | 'u'));
    // `user`, `unit`: a u sounding like "you" takes `a`.
    let you = first == Some('u') && vowel(chars.nth(1));
    if vowel(first) && !you {
        format!("an {noun}")
    } else {
        format!("a {noun}")
    }
}

/// Bytes as the blueprint writes them: `5 MB`, `64 KB`, `1000 bytes`.
pub fn size(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)];
    for (unit, factor) in UNITS {
        if bytes >= factor && bytes % factor == 0 {
            return format!("{} {unit}", bytes / factor);
        }
    }
    format!("{bytes} bytes")
}

/// `/api/cookbook/recipes`
pub fn collection_path(entity: &Entity) -> String {
    format!("/api/{}/{}", entity.service, entity.names.plural_kebab)
}

/// `/api/cookbook/recipes/{id}`
pub fn item_path(entity: &Entity) -> String {
    format!("{}/{{id}}", collection_path(entity))
}

/// The endpoint that reads one row of a link's target, used to check a
/// reference across services.
pub fn lookup_path(blueprint: &Blueprint, link: &Link) -> String {
    match blueprint.entity(&link.target) {
        Some(target) => format!("GET {}", item_path(target)),
        None => "GET /api/identity/users/{id}".to_owned(),
    }
}

/// Who a term lets in, in words.
pub fn term(blueprint: &Blueprint, entity: &Entity, term: &Term) -> String {
    match term {
        Term::Public => "anyone, signed in or not".to_owned(),
        Term::SignedIn if blueprint.multi_tenant() => {
            "any member of the row's organization".to_owned()
        }
        Term::SignedIn => "any signed-in user".to_owned(),
        Term::TenantMember => "any member of the row's organization".to_owned(),
        Term::Owner => format!("the {}'s owner", entity.names.words),
        Term::ReferencedUser { link, .. } => {
            format!("the {}'s {}", entity.names.words, link.replace('_', " "))
        }
        Term::Role(role) => format!("a user with the {role} role"),
        Term::Parent { entity: parent, op } => {
            let words = blueprint
                .entity(parent)
                .map(|p| p.names.words.clone())
                .unwrap_or_else(|| parent.clone());
            format!("whoever may {op} the {words}")
        }
    }
}

/// A transition's endpoint, as a table cell: `` `POST /api/…/{id}/publish` ``,
/// or, for one `by: nobody`, which has none, that it is the system's.
pub fn transition_endpoint(entity: &Entity, t: &Transition) -> String {
    match t.endpoint() {
        Some(endpoint) => crate::markdown::code(&format!("POST {}/{endpoint}", item_path(entity))),
        None => "none: only the system takes it".to_owned(),
    }
}

/// Who a rule lets in, in words: `the recipe's owner or a user with the admin role`.
pub fn rule(blueprint: &Blueprint, entity: &Entity, rule: &Rule) -> String {
    if rule.is_nobody() {
        return "nobody".to_owned();
    }
    let terms: Vec<String> = rule
        .any_of
        .iter()
        .map(|t| term(blueprint, entity, t))
        .collect();
    or_list(&terms)
}

/// The constraints of a field in a few words: `required, 3–200 characters`.
pub fn field_constraints(field: &Field) -> String {
    let mut parts: Vec<String> = Vec::new();
    if field.required {
        parts.push("required".into());
    }
    if field.unique {
        parts.push("unique".into());
    }
    let text_like = matches!(
        field.ty,
        FieldType::String | FieldType::Text | FieldType::Email | FieldType::Url
    );
    if text_like {
        match (field.min_length.unwrap_or(0), field.max_length) {
            (0, Some(max)) => parts.push(format!("at most {max} characters")),
            (min, Some(max)) => parts.push(format!("{min}–{max} characters")),
            (min, None) if min > 0 => parts.push(format!("at least {min} characters")),
            _ => {}
        }
    }
    match (&field.min, &field.max) {
        (Some(min), Some(max)) => parts.push(format!("{min}–{max}")),
        (Some(min), None) => parts.push(format!("at least {min}")),
        (None, Some(max)) => parts.push(format!("at most {max}")),
        (None, None) => {}
    }
    if let Some(currency) = &field.currency {
        parts.push(format!("{currency} minor units"));
    }
    if let (Some(p), Some(s)) = (field.precision, field.scale) {
        parts.push(format!("{p} digits, {s} after the point"));
    }
    if !field.values.is_empty() {
        parts.push(format!("one of {}", field.values.join(", ")));
    }
    if !field.accept.is_empty() {
        parts.push(field.accept.join(", "));
    }
    if let Some(max) = field.max_size {
        parts.push(format!("at most {}", size(max)));
    }
    if let Some(items) = field.max_items {
        parts.push(format!("list of at most {items}"));
    }
    if field.pattern.is_some() {
        parts.push("matches a pattern".into());
    }
    if let Some(default) = &field.default {
        let shown = match default {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        parts.push(format!("default {shown}"));
    }
    parts.join(", ")
}

/// What a link column is, in a few words.
pub fn link_kind(link: &Link) -> String {
    let optional = if link.required { "" } else { ", optional" };
    match link.kind {
        LinkKind::Parent => format!("parent {}, deleted with it", link.target),
        LinkKind::Local => format!(
            "{}{optional}, {}",
            link.target,
            if link.required {
                "cannot be deleted while referenced"
            } else {
                "set to null when deleted"
            }
        ),
        LinkKind::Remote => format!(
            "{} in the {} service{optional}, checked through its API",
            link.target, link.target_service
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_english() {
        assert_eq!(and_list::<&str>(&[]), "");
        assert_eq!(and_list(&["a"]), "a");
        assert_eq!(and_list(&["a", "b"]), "a and b");
        assert_eq!(or_list(&["a", "b", "c"]), "a, b or c");
    }

    #[test]
    fn articles_follow_the_sound() {
        assert_eq!(a("recipe"), "a recipe");
        assert_eq!(a("order item"), "an order item");
        assert_eq!(a("Order"), "an Order");
        assert_eq!(a("user"), "a user");
        assert_eq!(a("update"), "an update");
    }

    #[test]
    fn sizes_use_the_largest_exact_unit() {
        assert_eq!(size(5 << 20), "5 MB");
        assert_eq!(size(64 << 10), "64 KB");
        assert_eq!(size(1000), "1000 bytes");
    }
}
