//! From findings to a blueprint document: fields, owners, relations, state
//! machines, then services and access rules.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use keel_blueprint::document::{
    AuthDecl, Capability, Document, EntityDecl, FieldDecl, FieldType, OneOrMany, StatesDecl,
    Tenancy, TransitionDecl,
};
use keel_blueprint::names::{is_snake_case, to_snake};
use keel_blueprint::reserved;

use crate::extract::{Findings, LinkHow, NamedField};
use crate::lexicon::{FieldSpec, Kind, Lexicon};

/// Entities this design adds a role for, and why.
pub struct Designed {
    pub document: Document,
    pub assumptions: Vec<String>,
    pub questions: Vec<String>,
    /// Entities that exist only to join two others (left out of summaries).
    pub joins: BTreeSet<String>,
}

/// `columns`: the fields a developer's data notes declare, by entity key
/// (`text::Analysed::columns`).
pub fn design(
    f: &Findings,
    description: &str,
    columns: &BTreeMap<String, Vec<String>>,
    lex: &Lexicon,
) -> Designed {
    let mut assumptions = f.assumptions.clone();
    let mut questions = f.questions.clone();
    let mut roles: Vec<String> = f.roles.iter().filter(|r| valid_role(r)).cloned().collect();

    let mut order: Vec<&crate::extract::Found> = f.entities.values().collect();
    order.sort_by_key(|e| e.first);

    let mut entities: IndexMap<String, EntityDecl> = IndexMap::new();
    // (entity, field) whose enum values the text gives
    let mut text_values: BTreeSet<(String, String)> = BTreeSet::new();
    let mut capabilities: BTreeSet<Capability> = f.capabilities.clone();
    let mut joins = BTreeSet::new();
    for e in &order {
        if e.synthesized == Some(crate::extract::TAG_JOIN) {
            joins.insert(e.name.clone());
        }
        let mut decl = EntityDecl::default();
        // Relations.
        // (A parent whose column keel adds itself, `owner_id` of an Owner,
        // is referred to under another name instead.)
        let parents: Vec<&crate::extract::Relation> = f
            .relations
            .iter()
            .filter(|r| r.child == e.name && r.how == LinkHow::Part)
            .filter(|r| !reserved::link_takes_system_column(&to_snake(&r.parent)))
            .collect();
        let parent_names: Vec<String> = parents.iter().map(|r| r.parent.clone()).collect();
        decl.belongs_to = match parent_names.len() {
            0 => OneOrMany::None,
            1 => OneOrMany::One(parent_names[0].clone()),
            _ => OneOrMany::Many(parent_names.iter().take(4).cloned().collect()),
        };
        let mut refs: IndexMap<String, String> = IndexMap::new();
        for r in f.relations.iter().filter(|r| {
            r.child == e.name
                && (r.how == LinkHow::Ref
                    || reserved::link_takes_system_column(&to_snake(&r.parent)))
        }) {
            let mut name = to_snake(&r.parent);
            if reserved::link_takes_system_column(&name) {
                // "a walkthrough for the owner": `walkthrough_owner`; a
                // lease tenant's tenant: `tenant_record`.
                let own = to_snake(&e.name);
                name = if own.ends_with(&name) {
                    format!("{name}_record")
                } else {
                    format!("{own}_{name}")
                };
            }
            if parent_names.iter().any(|p| to_snake(p) == name) {
                continue;
            }
            if refs.len() < 12 {
                refs.insert(name, r.parent.clone());
            }
        }
        for u in &e.user_refs {
            let name = safe_name(u);
            if !refs.contains_key(&name) && name != "owner" {
                // (a record is assigned once it exists: made first, then given)
                let target = if name == "assignee" { "User?" } else { "User" };
                refs.insert(name, target.into());
            }
        }
        // Fields. (None takes the name of a relation: "result has books"
        // with a result field and a parent `Outcome` keeps the relation.)
        let parent_columns: Vec<String> = parent_names.iter().map(|p| to_snake(p)).collect();
        let taken = |name: &str, refs: &IndexMap<String, String>| {
            refs.contains_key(name) || parent_columns.iter().any(|p| p == name)
        };
        let mut fields: IndexMap<String, FieldDecl> = IndexMap::new();
        for nf in &e.fields {
            if let Some(attr) = lex
                .attribute(&nf.word)
                .or_else(|| lex.attributes.get(&nf.attribute))
            {
                if let Some(r) = &attr.reference {
                    let name = safe_name(r);
                    refs.entry(name).or_insert_with(|| "User?".into());
                    continue;
                }
            }
            if let Some((name, field)) = named_field(nf, lex) {
                if !fields.contains_key(&name) && !taken(&name, &refs) {
                    // ("priority:low,medium,high": values the text gives)
                    if nf.word.contains(':') {
                        text_values.insert((e.name.clone(), name.clone()));
                    }
                    fields.insert(name, field);
                }
            }
        }
        // Columns a developer declared that the lexicon has no field for
        // ("swimmers (club, DOB, gender)": `dob`, `gender`), as written.
        for words in columns.get(&e.key).into_iter().flatten().take(20) {
            if let Some((name, field)) = declared_field(words, &f.declared_values, lex) {
                if !fields.contains_key(&name) && !taken(&name, &refs) && name != to_snake(&e.name)
                {
                    fields.insert(name, field);
                }
            }
        }
        // ("session notes": a kind of note, with a note's fields)
        let noun = lex
            .nouns
            .get(&e.key)
            .or_else(|| lex.nouns.get(crate::classify::head_of(&e.key)));
        let presets: Vec<String> = noun.map(|n| n.fields.clone()).unwrap_or_default();
        let has_text_fields = !fields.is_empty();
        for p in &presets {
            let Some(spec) = lex.field_presets.get(p) else {
                continue;
            };
            // Text-named fields come first; presets fill in what a record of this kind needs.
            if has_text_fields
                && matches!(spec.field.as_str(), "name" | "title")
                && fields.contains_key(if spec.field == "name" {
                    "title"
                } else {
                    "name"
                })
            {
                continue;
            }
            if !fields.contains_key(&spec.field) && !taken(&spec.field, &refs) {
                fields.insert(spec.field.clone(), preset_field(spec, lex));
            }
        }
        times_of_day(&mut fields);
        let needs_name = fields.is_empty()
            && noun.is_none()
            && decl.belongs_to.is_empty()
            && !matches!(
                e.kind,
                Kind::Reaction | Kind::Follow | Kind::Part | Kind::Booking | Kind::Payment
            );
        if needs_name && !taken("name", &refs) {
            if let Some(spec) = lex.field_presets.get("name") {
                fields.insert(spec.field.clone(), preset_field(spec, lex));
            }
        }
        if !e.kinds.is_empty() && !taken("kind", &refs) {
            text_values.insert((e.name.clone(), "kind".to_owned()));
            fields.insert(
                "kind".into(),
                FieldDecl {
                    values: e.kinds.iter().take(40).cloned().collect(),
                    required: true,
                    ..enum_field()
                },
            );
        }
        // State machine.
        let mut states = None;
        if let Some((wf_name, actor)) = &e.workflow {
            if let Some(wf) = lex.workflows.get(wf_name) {
                let field = if fields
                    .get("status")
                    .is_some_and(|f| f.ty != FieldType::Enum)
                    || taken("status", &refs)
                    // (the text's own values stay: "a status (new, waiting or solved)")
                    || text_values.contains(&(e.name.clone(), "status".to_owned()))
                {
                    "state".to_owned()
                } else {
                    "status".to_owned()
                };
                fields.shift_remove(&field);
                fields.insert(
                    field.clone(),
                    FieldDecl {
                        values: wf.states.clone(),
                        ..enum_field()
                    },
                );
                let mut transitions = IndexMap::new();
                for (t, tr) in &wf.transitions {
                    transitions.insert(
                        t.clone(),
                        TransitionDecl {
                            from: tr.from.clone(),
                            to: tr.to.clone(),
                            // Filled in by the access rules, which know the owner and roles.
                            by: format!("{}|{}", tr.by, actor.clone().unwrap_or_default()),
                        },
                    );
                }
                states = Some(StatesDecl {
                    field,
                    initial: wf.initial.clone(),
                    transitions,
                });
            }
        } else if let Some(status) = fields.get_mut("status") {
            if let Some(values) = noun.map(|n| &n.status).filter(|v| !v.is_empty()) {
                if status.values == ["draft", "active", "archived"] {
                    status.values = values.clone();
                }
            }
            if status.default.is_none() {
                status.default = status
                    .values
                    .first()
                    .map(|v| serde_json::Value::String(v.clone()));
            }
        }
        for field in fields.values() {
            if field.ty == FieldType::File {
                capabilities.insert(Capability::Uploads);
            }
        }
        // Names and titles read first.
        for lead in ["name", "title"] {
            if let Some(idx) = fields.get_index_of(lead) {
                fields.move_index(idx, 0);
            }
        }
        decl.fields = fields;
        decl.references = refs;
        decl.states = states;
        entities.insert(e.name.clone(), decl);
    }
    break_reference_cycles(&mut entities);

    // Search covers the text of the primary entity (and others with text).
    if capabilities.contains(&Capability::Search) {
        for (name, decl) in entities.iter_mut() {
            let text_fields: Vec<String> = decl
                .fields
                .iter()
                .filter(|(_, f)| matches!(f.ty, FieldType::String | FieldType::Text) && !f.list)
                .filter(|(n, _)| {
                    matches!(
                        n.as_str(),
                        "title" | "name" | "body" | "description" | "summary" | "subject"
                    )
                })
                .map(|(n, _)| n.clone())
                .take(8)
                .collect();
            let content = f
                .entities
                .get(name)
                .is_some_and(|e| e.kind == Kind::Content);
            if !text_fields.is_empty() && (f.primary.as_deref() == Some(name.as_str()) || content) {
                decl.search = text_fields;
            }
        }
    }

    let tenancy = if f.multi_tenant {
        Tenancy::Organization
    } else {
        Tenancy::None
    };
    let services = crate::services::cluster(f, &entities, lex);
    crate::access::assign(
        f,
        &mut entities,
        &mut roles,
        tenancy,
        lex,
        &mut assumptions,
        &mut questions,
    );
    if f.multi_tenant && !roles.iter().any(|r| r == "admin") {
        // Whoever creates an organization administers it (a blueprint rule).
        roles.insert(0, "admin".to_owned());
        assumptions.push("The person who creates an organization is its admin.".into());
    }
    if f.multi_tenant {
        assumptions.push("Each organization's rows are kept apart by row-level security; organizations, their members and invitations come with the identity service.".into());
    }
    questions.extend(crate::questions::left_to_a_guess(
        &entities,
        &roles,
        &text_values,
        lex,
    ));
    if entities.is_empty() {
        questions.push(
            "The description names nothing the application keeps: what are its main records?"
                .into(),
        );
    }
    let mut caps: Vec<Capability> = capabilities.into_iter().collect();
    caps.sort();
    let document = Document {
        keel: 1,
        app: app_name(f),
        description: clean_description(description),
        auth: AuthDecl {
            roles,
            sign_up: Default::default(),
        },
        tenancy,
        capabilities: caps,
        services,
        entities,
        environments: environments(),
    };
    Designed {
        document,
        assumptions,
        questions,
        joins,
    }
}

/// Staging and production, as the design brief sketches them.
fn environments() -> IndexMap<String, keel_blueprint::document::EnvironmentDecl> {
    use keel_blueprint::document::{AutoscaleDecl, EnvironmentDecl};
    let env = |replicas, min, max| EnvironmentDecl {
        replicas: Some(replicas),
        autoscale: Some(AutoscaleDecl {
            min,
            max,
            cpu: Some(70),
        }),
        resources: None,
        domain: None,
    };
    IndexMap::from([
        ("staging".to_owned(), env(1, 1, 3)),
        ("production".to_owned(), env(2, 2, 10)),
    ])
}

fn valid_role(r: &str) -> bool {
    is_snake_case(r)
        && (2..=30).contains(&r.len())
        && !reserved::RULE_TERMS.contains(&r)
        && !matches!(r, "user" | "users" | "signed_in_user")
        && reserved::reserved_in(r).is_none()
}

/// A field or reference name that is valid and not reserved.
pub fn safe_name(name: &str) -> String {
    let mut n: String = to_snake(name)
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
        .collect();
    if n.is_empty() || !n.starts_with(|c: char| c.is_ascii_lowercase()) {
        n = format!("field_{n}");
    }
    n.truncate(36);
    let n = n.trim_end_matches('_').to_owned();
    if reserved::SYSTEM_COLUMNS.contains(&n.as_str()) {
        return format!("{n}_value");
    }
    if reserved::reserved_in(&n).is_some() {
        return reserved::field_alternative(&n)
            .map(str::to_owned)
            .unwrap_or_else(|| format!("{n}_value"));
    }
    n
}

fn enum_field() -> FieldDecl {
    FieldDecl {
        ty: FieldType::Enum,
        required: false,
        unique: false,
        min: None,
        max: None,
        pattern: None,
        default: None,
        values: Vec::new(),
        accept: Vec::new(),
        max_size: None,
        precision: None,
        scale: None,
        currency: None,
        list: false,
        max_items: None,
        description: String::new(),
    }
}

/// "a date, a start time and an end time": once the day is a column of its
/// own, the times a text names beside it are times of that day, not points in
/// time of their own.
fn times_of_day(fields: &mut IndexMap<String, FieldDecl>) {
    const TIMES: [(&str, &str); 6] = [
        ("starts_at", "start_time"),
        ("ends_at", "end_time"),
        ("pickup_at", "pickup_time"),
        ("delivery_at", "delivery_time"),
        ("due_at", "due_time"),
        ("scheduled_at", "scheduled_time"),
    ];
    let has_day = fields.values().any(|f| f.ty == FieldType::Date && !f.list);
    if !has_day {
        return;
    }
    let taken: BTreeSet<String> = fields.keys().cloned().collect();
    // ("(date, time, venue)": the time the text names is when it starts)
    let starts_named = taken.contains("time");
    *fields = std::mem::take(fields)
        .into_iter()
        .filter_map(|(name, mut field)| {
            let Some((at, time)) = TIMES.iter().find(|(at, _)| *at == name) else {
                return Some((name, field));
            };
            if field.ty != FieldType::Datetime {
                return Some((name, field));
            }
            if taken.contains(*time) || (*at == "starts_at" && starts_named) {
                return None;
            }
            field.ty = FieldType::Time;
            field.default = None;
            Some(((*time).to_owned(), field))
        })
        .collect();
}

fn field_type(name: &str) -> Option<FieldType> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).ok()
}

fn base_field(ty: FieldType) -> FieldDecl {
    FieldDecl { ty, ..enum_field() }
}

fn preset_field(spec: &FieldSpec, lex: &Lexicon) -> FieldDecl {
    let ty = field_type(&spec.ty).unwrap_or(FieldType::String);
    let mut f = base_field(ty);
    f.required = spec.required;
    f.unique = spec.unique;
    f.min = spec.min.map(serde_json::Number::from);
    f.max = spec.max.map(serde_json::Number::from);
    f.values = spec.values.clone();
    f.pattern = spec.pattern.clone();
    f.default = spec.default.clone();
    apply_media(&mut f, spec.media.as_deref(), lex);
    normalise(&mut f);
    f
}

fn apply_media(f: &mut FieldDecl, media: Option<&str>, lex: &Lexicon) {
    if f.ty != FieldType::File {
        return;
    }
    if let Some(m) = media.and_then(|m| lex.media.get(m)) {
        f.accept = m.accept.clone();
        f.max_size = Some(m.max_size.clone());
    }
}

/// Bounds every type needs: strings a maximum, money a minimum.
fn normalise(f: &mut FieldDecl) {
    if f.ty == FieldType::String && f.max.is_none() {
        f.max = Some(200.into());
    }
    if f.ty == FieldType::Enum && f.values.is_empty() {
        f.values = vec!["active".into(), "archived".into()];
    }
    if f.ty == FieldType::Enum && f.default.is_none() && f.required {
        f.default = f
            .values
            .first()
            .map(|v| serde_json::Value::String(v.clone()));
    }
}

/// Required references that lead back to their own entity ("tutors have
/// sessions", "each session has a tutor") leave no row that can be made
/// first: in the blueprint's order, the reference that closes a cycle
/// becomes optional (the tutor's session; the session's tutor stays).
fn break_reference_cycles(entities: &mut IndexMap<String, EntityDecl>) {
    let names: Vec<String> = entities.keys().cloned().collect();
    for name in &names {
        let refs: Vec<(String, String)> = entities[name]
            .references
            .iter()
            .map(|(column, target)| (column.clone(), target.clone()))
            .collect();
        for (column, target) in refs {
            if target.ends_with('?') || target == "User" {
                continue;
            }
            if requires(entities, &target, name) {
                entities[name]
                    .references
                    .insert(column, format!("{target}?"));
            }
        }
    }
}

/// Whether a row of `from` needs a row of `to` first: through required
/// references and parents.
fn requires(entities: &IndexMap<String, EntityDecl>, from: &str, to: &str) -> bool {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut todo: Vec<&str> = vec![from];
    while let Some(at) = todo.pop() {
        if at == to {
            return true;
        }
        let Some((name, decl)) = entities.get_key_value(at) else {
            continue;
        };
        if !seen.insert(name.as_str()) {
            continue;
        }
        for target in decl.references.values() {
            if !target.ends_with('?') && entities.contains_key(target.as_str()) {
                todo.push(target.as_str());
            }
        }
        for parent in decl.belongs_to.to_vec() {
            if let Some((parent, _)) = entities.get_key_value(parent.as_str()) {
                todo.push(parent.as_str());
            }
        }
    }
    false
}

/// A declared column the lexicon does not name: "seed time" is
/// `seed_time`, typed by its last word's attribute (a time), "DOB" and
/// "erected_on" a date, "paid_at" a time, "DQ flag" a yes/no, "qty" a
/// number; anything else text. `None` for a word the lexicon knows as a
/// field (the text's own reading makes it) or a name that is no column.
/// `values`: keys of columns that name things but are values of their table.
fn declared_field(
    words: &str,
    values: &BTreeSet<String>,
    lex: &Lexicon,
) -> Option<(String, FieldDecl)> {
    let parts: Vec<&str> = words.split_whitespace().collect();
    let joined = parts.join("-");
    // (Prose is no column: "used by the SDKs", "per environment"; nor are
    // the columns every table has.)
    let stamp = matches!(parts.last(), Some(&("at" | "on")));
    // (Punctuation, or "at" alone, names nothing.)
    let named = parts.iter().any(|w| w.chars().any(char::is_alphabetic));
    if !named || (stamp && parts.len() < 2) {
        return None;
    }
    let prose = parts.len() > 3
        || parts[..parts.len() - usize::from(stamp)].iter().any(|w| {
            lex.determiners.contains(*w)
                || lex.prepositions.contains(*w)
                || lex.pronouns.contains(*w)
                || lex.conjunctions.contains(*w)
        });
    // (A column named for a thing or a person refers to one: a reference
    // the sentences make when the text names it, no text field.)
    let last = parts.last().copied().unwrap_or_default();
    let names_a_record =
        (lex.nouns.contains_key(last) || lex.actor(last).is_some()) && !values.contains(&joined);
    if prose
        || names_a_record
        || joined.ends_with("-id")
        || matches!(
            joined.as_str(),
            "id" | "uuid" | "created-at" | "updated-at" | "owner"
        )
        || lex.attribute(&joined).is_some()
        || lex.field_names.contains_key(&joined)
    {
        return None;
    }
    let name = safe_name(&joined.replace('-', "_"));
    if !is_snake_case(&name) || name.len() > 40 {
        return None;
    }
    let ty = if matches!(last, "dob" | "birthday" | "birthdate" | "on" | "until")
        || parts.contains(&"date")
    {
        FieldType::Date
    } else if matches!(last, "at" | "start" | "end" | "starts" | "ends") {
        FieldType::Datetime
    } else if joined == "time" {
        // ("(date, time, venue)"; a "seed time" is a result, kept as written)
        FieldType::Time
    } else if matches!(last, "flag" | "yn") || name.starts_with("is_") || name.starts_with("has_") {
        FieldType::Boolean
    } else if parts.iter().any(|w| matches!(*w, "qty" | "count")) {
        FieldType::Integer
    } else {
        lex.attribute(last)
            .and_then(|a| a.ty.as_deref())
            .and_then(field_type)
            .filter(|t| {
                matches!(
                    t,
                    FieldType::Date
                        | FieldType::Datetime
                        | FieldType::Time
                        | FieldType::Integer
                        | FieldType::Decimal
                        | FieldType::Money
                        | FieldType::Boolean
                )
            })
            .unwrap_or(FieldType::String)
    };
    let mut field = base_field(ty);
    field.required = false;
    if matches!(ty, FieldType::Integer | FieldType::Money) {
        field.min = Some(0.into());
    }
    normalise(&mut field);
    Some((name, field))
}

/// A field named in the text.
fn named_field(nf: &NamedField, lex: &Lexicon) -> Option<(String, FieldDecl)> {
    let attr = lex
        .attribute(&nf.word)
        .or_else(|| lex.attributes.get(&nf.attribute))?;
    // "stage:screening,interview,offer": a classifier given as values.
    if let Some((name, values)) = nf.word.split_once(':') {
        let values: Vec<String> = values
            .split(',')
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .take(40)
            .collect();
        if values.is_empty() {
            return None;
        }
        let name = safe_name(&name.replace('-', "_"));
        return Some((
            name,
            FieldDecl {
                default: values.first().map(|v| serde_json::Value::String(v.clone())),
                values,
                required: true,
                ..enum_field()
            },
        ));
    }
    let name = match attr.field.as_deref() {
        Some("auto") | None => lex
            .field_names
            .get(&nf.word)
            .cloned()
            .unwrap_or_else(|| nf.word.replace('-', "_")),
        Some(n) => n.to_owned(),
    };
    let name = safe_name(&name);
    let ty = field_type(attr.ty.as_deref().unwrap_or("string")).unwrap_or(FieldType::String);
    let mut f = base_field(ty);
    f.required = attr.required;
    f.unique = attr.unique;
    f.min = attr.min.map(serde_json::Number::from);
    f.max = attr.max.map(serde_json::Number::from);
    f.values = attr.values.clone();
    f.pattern = attr.pattern.clone();
    if let Some((lo, hi)) = nf.bounds {
        if matches!(
            ty,
            FieldType::Integer | FieldType::Money | FieldType::Decimal
        ) {
            f.min = Some(lo.into());
            f.max = Some(hi.into());
        }
    }
    apply_media(&mut f, attr.media.as_deref(), lex);
    normalise(&mut f);
    Some((name, f))
}

/// The application's name: the words that name it, else its main entity.
fn app_name(f: &Findings) -> String {
    let lex = crate::lexicon::get();
    let words: Vec<String> = f
        .app_words
        .iter()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
                .collect::<String>()
        })
        .filter(|w| !w.is_empty() && !lex.app_heads.contains(w))
        .collect();
    let mut name = words
        .iter()
        .rev()
        .take(3)
        .rev()
        .cloned()
        .collect::<Vec<_>>()
        .join("-");
    if name.len() < 2 {
        name = f
            .primary
            .as_deref()
            .map(|p| keel_blueprint::Names::of(p, None).plural_kebab)
            .unwrap_or_else(|| "app".into());
    }
    let mut name: String = name.trim_matches('-').chars().take(30).collect();
    name = name.trim_end_matches('-').to_owned();
    if !name.starts_with(|c: char| c.is_ascii_lowercase()) || name.len() < 2 {
        name = "app".into();
    }
    name
}

/// Whitespace-normalised, within the blueprint's 2000-character bound.
fn clean_description(text: &str) -> String {
    let single: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    if single.chars().count() <= 2000 {
        return single;
    }
    let cut: String = single.chars().take(1996).collect();
    let cut = cut
        .rsplit_once(' ')
        .map(|(a, _)| a.to_owned())
        .unwrap_or(cut);
    format!("{cut} ...")
}
