//! `tests/e2e/plan.json`: what the end-to-end journey does in this app —
//! which entity it creates, with which values, and which action the second
//! user must be refused. The runner (`tests/e2e/journey.mjs`) is the same
//! for every app; only the plan differs.

use keel_blueprint::{Blueprint, Entity, FieldType, Op, Term, pattern_examples};
use serde_json::{Map, Value, json};

use crate::entities::{key, title_field};
use crate::humanize;

/// Whether `text` matches the field's pattern (when it has one).
fn matches(field: &keel_blueprint::Field, text: &str) -> bool {
    field
        .pattern
        .as_deref()
        .is_none_or(|p| regex::Regex::new(p).is_ok_and(|re| re.is_match(text)))
}

/// A value for a field of the given bounds, or `None` when the journey
/// cannot invent one (an id of something else, a file, a pattern with no
/// example).
fn sample(entity: &Entity, field: &keel_blueprint::Field) -> Option<Value> {
    let clamp_len = |mut s: String| {
        let min = field.min_length.unwrap_or(0) as usize;
        let max = field.max_length.unwrap_or(200) as usize;
        while s.chars().count() < min {
            s.push('x');
        }
        s.chars().take(max).collect::<String>()
    };
    let number = |default: f64| {
        let min = field.min.as_ref().and_then(|n| n.as_f64());
        let max = field.max.as_ref().and_then(|n| n.as_f64());
        let mut v = default;
        if let Some(m) = min {
            v = v.max(m);
        }
        if let Some(m) = max {
            v = v.min(m);
        }
        v
    };
    let text = match field.ty {
        FieldType::String => {
            let label = humanize(&field.name);
            let candidates = [
                format!("Sample {}", label.to_lowercase()),
                format!("sample-{}", field.name.replace('_', "-")),
                "sample".to_owned(),
            ];
            // Readable text when it fits the pattern, else its example.
            candidates
                .into_iter()
                .map(clamp_len)
                .find(|c| matches(field, c))
                .or_else(|| pattern_examples(field, 1).pop())?
        }
        FieldType::Text => Some(clamp_len(format!(
            "A {} written by the end-to-end test.",
            entity.names.words
        )))
        .filter(|t| matches(field, t))
        .or_else(|| pattern_examples(field, 1).pop())?,
        FieldType::Integer => format!("{}", number(3.0) as i64),
        FieldType::Money => {
            // Bounds are in minor units; the form takes major units.
            let minor = number(1250.0);
            format!("{:.2}", minor / 100.0)
        }
        FieldType::Decimal => format!("{}", number(1.5)),
        FieldType::Date => "2026-01-15".into(),
        FieldType::Datetime => "2026-01-15T10:00".into(),
        FieldType::Time => "10:00".into(),
        FieldType::Email => "someone@example.com".into(),
        FieldType::Url => "https://example.com".into(),
        FieldType::Enum => field.values.first()?.clone(),
        FieldType::Json => "{}".into(),
        FieldType::Boolean => return Some(json!(true)),
        FieldType::Uuid | FieldType::File => return None,
    };
    if field.is_list() {
        return None;
    }
    Some(json!(text))
}

/// Whether a signed-in user with no roles and no ownership passes the rule.
fn any_user(rule: &keel_blueprint::Rule) -> Option<bool> {
    if rule.any_of.iter().any(|t| matches!(t, Term::Parent { .. })) {
        return None;
    }
    Some(
        rule.any_of
            .iter()
            .any(|t| matches!(t, Term::Public | Term::SignedIn | Term::TenantMember)),
    )
}

/// A plan for creating, editing and deleting one entity, if a new user can.
fn candidate(blueprint: &Blueprint, entity: &Entity) -> Option<Value> {
    if entity.parents().next().is_some() || entity.links.iter().any(|l| l.required) {
        return None;
    }
    // The creator must be allowed to create, read and delete their own row.
    // When creating takes a role, the creator holds it (the founder of an
    // organization is its admin) and it may also let them read and delete;
    // the journey checks at run time that the app offers each action.
    let open = any_user(&entity.access.create) == Some(true);
    if !open && entity.access.create.roles().next().is_none() {
        return None;
    }
    let creator = |op: Op| {
        let r = entity.access.rule(op);
        any_user(r) == Some(true)
            || r.any_of.contains(&Term::Owner)
            || (!open && r.roles().next().is_some())
    };
    if !(creator(Op::Read) && creator(Op::Delete)) {
        return None;
    }
    let title = title_field(entity);
    let mut create = Map::new();
    for field in entity.writable_fields() {
        let needed = field.required && field.default.is_none();
        if !needed && Some(field.name.as_str()) != title {
            continue;
        }
        if field.ty == FieldType::Boolean {
            continue;
        }
        create.insert(field.name.clone(), sample(entity, field)?);
    }
    let edit = title.and_then(|t| {
        let field = entity.field(t)?;
        let value = create.get(t)?.as_str()?.to_owned();
        let max = field.max_length.unwrap_or(200) as usize;
        let edited: String = format!("{value} (edited)").chars().take(max).collect();
        // A title that the suffix would break (or that is already as long as
        // it may be) is edited to another example of its pattern.
        let edited = if edited != value && matches(field, &edited) {
            edited
        } else {
            pattern_examples(field, 2)
                .into_iter()
                .find(|e| *e != value)?
        };
        Some(json!({ "field": t, "value": edited }))
    });
    // What a second user may not do to the first user's row.
    let forbidden = if blueprint.multi_tenant() {
        Some("not-visible")
    } else if any_user(&entity.access.read) == Some(true) {
        if any_user(&entity.access.update) == Some(false)
            && entity.access.update.any_of.contains(&Term::Owner)
        {
            Some("update")
        } else if any_user(&entity.access.delete) == Some(false) {
            Some("delete")
        } else {
            None
        }
    } else {
        Some("not-visible")
    };
    // A transition the creator may take from the initial state.
    let transition = entity.states.as_ref().and_then(|s| {
        s.transitions
            .iter()
            .find(|t| {
                t.from.contains(&s.initial)
                    && (any_user(&t.by) == Some(true) || t.by.any_of.contains(&Term::Owner))
            })
            .map(|t| json!({ "label": humanize(&t.name), "from": s.initial, "to": t.to }))
    });
    // An image file field: the journey uploads a small PNG into it.
    let upload = entity
        .writable_fields()
        .find(|f| f.ty == FieldType::File && f.accept.iter().any(|a| a == "image/png"))
        .map(|f| f.name.clone());
    Some(json!({
        "key": key(entity),
        "upload": upload,
        "transition": transition,
        "path": entity.names.plural_kebab,
        "api": crate::entities::collection_path(&entity.service, entity),
        "words": entity.names.words,
        "titleField": title,
        "create": create,
        "edit": edit,
        "forbidden": forbidden,
    }))
}

pub fn plan(blueprint: &Blueprint) -> String {
    let mut sign_up = Map::new();
    sign_up.insert("email".into(), json!("{email}"));
    sign_up.insert("password".into(), json!("{password}"));
    sign_up.insert("display_name".into(), json!("{name}"));
    if blueprint.multi_tenant() {
        sign_up.insert("organization_name".into(), json!("{name} Studio"));
    }
    let lists: Vec<Value> = blueprint
        .entities
        .iter()
        .filter(|e| e.parents().next().is_none())
        .map(|e| json!({ "key": key(e), "path": e.names.plural_kebab, "label": humanize(&e.names.plural_words) }))
        .collect();
    let candidates: Vec<Value> = blueprint
        .entities
        .iter()
        .filter_map(|e| candidate(blueprint, e))
        .collect();
    let plan = json!({
        "app": blueprint.app,
        "title": humanize(&blueprint.app),
        "signUp": sign_up,
        "lists": lists,
        "candidates": candidates,
    });
    let mut s = serde_json::to_string_pretty(&plan).expect("JSON serialises");
    s.push('\n');
    s
}
