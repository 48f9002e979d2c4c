//! One config file per entity (`src/entities/<kebab>.ts`): labels, form
//! fields, columns, filters, access rules and transitions, bound to the
//! client functions of the entity's operations in the contract.

use keel_blueprint::{Blueprint, Entity, FieldType, LinkKind, Rule, Term, USER, pattern_examples};
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::humanize;
use crate::openapi::{Body, Contract, ContractError, Method, Operation};
use crate::tsval::{raw, render};

/// The operations the pages use, found by the paths of the conventions.
pub struct EntityOps<'a> {
    pub list: Option<&'a Operation>,
    pub create: Option<&'a Operation>,
    pub get: &'a Operation,
    pub update: Option<&'a Operation>,
    pub delete: Option<&'a Operation>,
    pub upload: Option<&'a Operation>,
    pub transitions: Vec<(String, &'a Operation)>,
}

fn missing(contract: &Contract, what: String) -> ContractError {
    ContractError {
        file: contract.file.clone(),
        pointer: "paths".into(),
        message: what,
    }
}

pub fn collection_path(service: &str, entity: &Entity) -> String {
    format!("/api/{service}/{}", entity.names.plural_kebab)
}

pub fn find_ops<'a>(
    contract: &'a Contract,
    entity: &Entity,
) -> Result<EntityOps<'a>, ContractError> {
    let base = collection_path(&entity.service, entity);
    let item = format!("{base}/{{id}}");
    let get = contract.operation(Method::Get, &item).ok_or_else(|| {
        missing(
            contract,
            format!(
                "no `GET {item}`: the web app needs it to show a {}",
                entity.names.words
            ),
        )
    })?;
    let mut transitions = Vec::new();
    if let Some(states) = &entity.states {
        for (t, endpoint) in states
            .transitions
            .iter()
            .filter_map(|t| Some((t, t.endpoint()?)))
        {
            let path = format!("{item}/{endpoint}");
            let op = contract.operation(Method::Post, &path).ok_or_else(|| {
                missing(
                    contract,
                    format!("no `POST {path}` for the transition `{}`", t.name),
                )
            })?;
            transitions.push((t.name.clone(), op));
        }
    }
    let upload = if entity.fields.iter().any(|f| f.ty == FieldType::File) {
        let path = format!("/api/{}/uploads", entity.service);
        Some(contract.operation(Method::Post, &path).ok_or_else(|| {
            missing(
                contract,
                format!(
                    "no `POST {path}`: the file fields of {} need it",
                    entity.name
                ),
            )
        })?)
    } else {
        None
    };
    Ok(EntityOps {
        list: contract.operation(Method::Get, &base),
        create: contract.operation(Method::Post, &base),
        get,
        update: contract.operation(Method::Patch, &item),
        delete: contract.operation(Method::Delete, &item),
        upload,
        transitions,
    })
}

/// The component schema a body or response names.
fn body_schema<'a>(
    contract: &'a Contract,
    body: &'a Body,
    what: &str,
) -> Result<(&'a str, &'a Value), ContractError> {
    if let Body::Json(schema) = body {
        if let Some(name) = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
        {
            if let Some(s) = contract.schemas.get(name) {
                return Ok((name, s));
            }
        }
    }
    Err(missing(
        contract,
        format!("{what} must be a JSON body naming a component schema"),
    ))
}

fn properties(schema: &Value) -> Map<String, Value> {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

fn required(schema: &Value) -> Vec<String> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Copies the contract's bounds of a property into a field spec.
fn bounds(spec: &mut Map<String, Value>, schema: &Value) {
    let (schema, list) = match schema.get("items") {
        Some(items) => (items, schema.get("maxItems").cloned()),
        None => (schema, None),
    };
    if let Some(n) = list {
        spec.insert("list".into(), json!(true));
        spec.insert("maxItems".into(), n);
    }
    for (from, to) in [
        ("minLength", "minLength"),
        ("maxLength", "maxLength"),
        ("minimum", "minimum"),
        ("maximum", "maximum"),
        ("pattern", "pattern"),
    ] {
        if let Some(v) = schema.get(from) {
            spec.insert(to.into(), v.clone());
        }
    }
    // An optional enum's schema lists `null` among its values (the field
    // may be cleared); the form offers "None" for that, so the choices are
    // the strings alone.
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        let values: Vec<Value> = values.iter().filter(|v| !v.is_null()).cloned().collect();
        spec.insert("values".into(), Value::Array(values));
    }
}

pub fn rule(rule: &Rule) -> Value {
    Value::Array(
        rule.any_of
            .iter()
            .map(|t| match t {
                Term::Public => json!({"term": "public"}),
                Term::SignedIn => json!({"term": "signed_in"}),
                Term::Owner => json!({"term": "owner"}),
                Term::ReferencedUser { column, .. } => {
                    json!({"term": "referenced_user", "column": column})
                }
                Term::TenantMember => json!({"term": "tenant_member"}),
                Term::Role(r) => json!({"term": "role", "role": r}),
                Term::Parent { entity, op } => {
                    json!({"term": "parent", "entity": entity, "op": op.as_str()})
                }
            })
            .collect(),
    )
}

fn sort_label(key: &str) -> String {
    let (desc, name) = match key.strip_prefix('-') {
        Some(n) => (true, n),
        None => (false, key),
    };
    match (name, desc) {
        ("created_at", true) => "Newest first".into(),
        ("created_at", false) => "Oldest first".into(),
        ("updated_at", true) => "Recently updated".into(),
        ("updated_at", false) => "Least recently updated".into(),
        (n, false) => format!("{} (ascending)", humanize(n)),
        (n, true) => format!("{} (descending)", humanize(n)),
    }
}

/// The key under which an entity is registered: its camelCase name.
pub fn key(entity: &Entity) -> String {
    entity.names.camel.clone()
}

/// The variable that holds an entity's definition: its key, unless the key
/// is a reserved word of TypeScript (`case`, `class`, `package`), which
/// are fine as keys and property names but not as variables.
pub fn ident(entity: &Entity) -> String {
    let key = key(entity);
    if keel_blueprint::reserved::TYPESCRIPT.contains(&key.as_str()) {
        format!("{key}Entity")
    } else {
        key
    }
}

/// The field shown as a row's title: the first required short text.
pub fn title_field(entity: &Entity) -> Option<&str> {
    let short = |f: &&keel_blueprint::Field| f.ty == FieldType::String && !f.is_list();
    entity
        .fields
        .iter()
        .filter(short)
        .find(|f| f.required)
        .or_else(|| entity.fields.iter().find(short))
        .map(|f| f.name.as_str())
}

#[derive(Serialize)]
struct Context {
    contract: String,
    service: String,
    ident: String,
    resource: String,
    create_type: String,
    update_type: String,
    body: String,
}

/// Renders the config of one entity.
pub fn config(
    blueprint: &Blueprint,
    entity: &Entity,
    contract: &Contract,
    templates: &keel_generate::template::Templates,
) -> Result<String, keel_generate::AgentError> {
    let err = |e: ContractError| keel_generate::AgentError::Other(e.to_string());
    let ops = find_ops(contract, entity).map_err(err)?;
    let (resource, _) = body_schema(
        contract,
        &ops.get.response,
        &format!("the answer of `{}`", ops.get.id),
    )
    .map_err(err)?;
    let create = match ops.create {
        Some(op) => Some(
            body_schema(contract, &op.request, &format!("the body of `{}`", op.id)).map_err(err)?,
        ),
        None => None,
    };
    let update = match ops.update {
        Some(op) => Some(
            body_schema(contract, &op.request, &format!("the body of `{}`", op.id)).map_err(err)?,
        ),
        None => None,
    };
    let create_props = create.map(|(_, s)| properties(s)).unwrap_or_default();
    let create_required = create.map(|(_, s)| required(s)).unwrap_or_default();
    let update_props = update.map(|(_, s)| properties(s)).unwrap_or_default();
    let upload_fields: Vec<String> = ops
        .upload
        .and_then(|u| u.query_param("field"))
        .and_then(|p| p.schema.get("enum"))
        .and_then(Value::as_array)
        .map(|v| {
            v.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let download = format!("/api/{}/uploads", entity.service);
    let has_download = contract
        .operation(Method::Get, &format!("{download}/{{id}}"))
        .is_some();

    // Form fields: relation ids, then writable fields, as the contract takes them.
    let mut fields = Vec::new();
    for link in &entity.links {
        let (in_create, in_update) = (
            create_props.contains_key(&link.column),
            update_props.contains_key(&link.column),
        );
        if !in_create && !in_update {
            continue;
        }
        let mut spec = Map::new();
        spec.insert("name".into(), json!(link.column));
        spec.insert("label".into(), json!(humanize(&link.name)));
        spec.insert("kind".into(), json!("reference"));
        spec.insert(
            "required".into(),
            json!(create_required.contains(&link.column)),
        );
        spec.insert("create".into(), json!(in_create));
        spec.insert("update".into(), json!(in_update));
        if link.target != USER {
            if let Some(target) = blueprint.entity(&link.target) {
                spec.insert("target".into(), json!(key(target)));
            }
        } else {
            spec.insert("help".into(), json!("The user's id."));
        }
        fields.push(Value::Object(spec));
    }
    for field in entity.writable_fields() {
        let (in_create, in_update) = (create_props.get(&field.name), update_props.get(&field.name));
        let Some(schema) = in_create.or(in_update) else {
            continue;
        };
        let mut spec = Map::new();
        spec.insert("name".into(), json!(field.name));
        spec.insert("label".into(), json!(humanize(&field.name)));
        spec.insert("kind".into(), json!(field.ty.as_str()));
        spec.insert(
            "required".into(),
            json!(create_required.contains(&field.name)),
        );
        spec.insert("create".into(), json!(in_create.is_some()));
        spec.insert("update".into(), json!(in_update.is_some()));
        bounds(&mut spec, schema);
        // A value that fits the pattern: the input's hint, the form test's value.
        if let Some(example) = pattern_examples(field, 1).pop() {
            spec.insert("example".into(), json!(example));
        }
        if field.ty == FieldType::File {
            // A file field's value is an upload id: its bounds are the file's.
            spec.remove("maxLength");
            spec.insert("accept".into(), json!(field.accept));
            if let Some(size) = field.max_size {
                spec.insert("maxSize".into(), json!(size));
            }
            let upload = format!("{}.{}", entity.names.snake, field.name);
            if upload_fields.contains(&upload) {
                spec.insert("uploadField".into(), json!(upload));
            }
        }
        if let Some(c) = &field.currency {
            spec.insert("currency".into(), json!(c));
        }
        if !field.description.is_empty() {
            spec.insert("help".into(), json!(field.description));
        }
        if let Some(d) = schema
            .get("default")
            .filter(|d| d.is_string() || d.is_number() || d.is_boolean())
        {
            spec.insert("default".into(), d.clone());
        }
        fields.push(Value::Object(spec));
    }

    // Columns of the list and lines of the detail view.
    let column = |name: &str, label: String, kind: &str, extra: Value| {
        let mut c = Map::new();
        c.insert("name".into(), json!(name));
        c.insert("label".into(), json!(label));
        c.insert("kind".into(), json!(kind));
        if let Value::Object(extra) = extra {
            c.extend(extra);
        }
        Value::Object(c)
    };
    let field_column = |f: &keel_blueprint::Field| {
        let mut extra = Map::new();
        if f.ty == FieldType::Enum {
            extra.insert("values".into(), json!(f.values));
        }
        if let Some(c) = &f.currency {
            extra.insert("currency".into(), json!(c));
        }
        if f.ty == FieldType::File && has_download {
            extra.insert("downloadPath".into(), json!(download));
            if !f.accept.is_empty() && f.accept.iter().all(|a| a.starts_with("image/")) {
                extra.insert("image".into(), json!(true));
            }
        }
        column(
            &f.name,
            humanize(&f.name),
            f.ty.as_str(),
            Value::Object(extra),
        )
    };
    let link_column = |l: &keel_blueprint::Link| {
        let extra = match blueprint.entity(&l.target) {
            Some(t) if l.target != USER => json!({"target": key(t)}),
            _ => json!({}),
        };
        column(&l.column, humanize(&l.name), "reference", extra)
    };
    let title = title_field(entity);
    let mut columns = Vec::new();
    match title {
        Some(t) => columns.push(column(t, humanize(t), "string", json!({}))),
        None => columns.push(column(
            "id",
            humanize(&entity.names.words),
            "uuid",
            json!({}),
        )),
    }
    let compact = |f: &&keel_blueprint::Field| {
        Some(f.name.as_str()) != title
            && !f.is_list()
            && !matches!(
                f.ty,
                FieldType::Text | FieldType::Json | FieldType::File | FieldType::Uuid
            )
    };
    for f in entity.fields.iter().filter(compact).take(4) {
        columns.push(field_column(f));
    }
    for l in entity.links.iter().filter(|l| l.kind != LinkKind::Parent) {
        if columns.len() >= 5 {
            break;
        }
        columns.push(link_column(l));
    }
    if columns.len() < 3 {
        columns.push(column(
            "created_at",
            "Created".into(),
            "datetime",
            json!({}),
        ));
    }
    let mut details: Vec<Value> = entity
        .fields
        .iter()
        .filter(|f| Some(f.name.as_str()) != title)
        .map(field_column)
        .collect();
    details.extend(entity.links.iter().map(link_column));
    if entity.owned {
        details.push(column("owner_id", "Owner".into(), "uuid", json!({})));
    }
    details.push(column(
        "created_at",
        "Created".into(),
        "datetime",
        json!({}),
    ));
    details.push(column(
        "updated_at",
        "Updated".into(),
        "datetime",
        json!({}),
    ));

    // Sorting, filters and search, as the list operation offers them.
    let mut sorts = Vec::new();
    let mut default_sort = "-created_at".to_owned();
    let mut filters = Vec::new();
    let mut search = false;
    if let Some(list) = ops.list {
        if let Some(sort) = list.query_param("sort") {
            for v in sort
                .schema
                .get("enum")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(v) = v.as_str() {
                    sorts.push(json!({"value": v, "label": sort_label(v)}));
                }
            }
            if let Some(d) = sort.schema.get("default").and_then(Value::as_str) {
                default_sort = d.to_owned();
            }
            // The default order first.
            if let Some(i) = sorts.iter().position(|s| s["value"] == json!(default_sort)) {
                let first = sorts.remove(i);
                sorts.insert(0, first);
            }
        }
        for p in &list.query {
            let ty = p.schema.get("type").and_then(Value::as_str);
            if let Some(values) = p.schema.get("enum").filter(|_| p.name != "sort") {
                filters.push(json!({"name": p.name, "label": humanize(&p.name), "kind": "enum", "values": values}));
            } else if ty == Some("boolean") {
                filters.push(json!({"name": p.name, "label": humanize(&p.name), "kind": "boolean", "values": ["true", "false"]}));
            }
        }
        search = list.query_param("q").is_some();
    }

    let parent = entity.parents().next().and_then(|l| {
        blueprint
            .entity(&l.target)
            .map(|t| json!({"key": key(t), "column": l.column}))
    });
    let children: Vec<Value> = blueprint
        .children_of(&entity.name)
        .flat_map(|c| {
            c.parents()
                .filter(|l| l.target == entity.name)
                .map(|l| json!({"key": key(c), "column": l.column}))
                .collect::<Vec<_>>()
        })
        .collect();

    let mut body = Map::new();
    body.insert("key".into(), json!(key(entity)));
    body.insert("name".into(), json!(entity.name));
    body.insert("service".into(), json!(entity.service));
    body.insert("label".into(), json!(humanize(&entity.names.words)));
    body.insert(
        "pluralLabel".into(),
        json!(humanize(&entity.names.plural_words)),
    );
    body.insert("words".into(), json!(entity.names.words));
    body.insert("pluralWords".into(), json!(entity.names.plural_words));
    body.insert("path".into(), json!(entity.names.plural_kebab));
    body.insert("description".into(), json!(entity.description));
    body.insert("owned".into(), json!(entity.owned));
    body.insert("topLevel".into(), json!(entity.parents().next().is_none()));
    body.insert("titleField".into(), json!(title));
    body.insert("fields".into(), Value::Array(fields));
    body.insert("columns".into(), Value::Array(columns));
    body.insert("details".into(), Value::Array(details));
    if let Some(p) = parent {
        body.insert("parent".into(), p);
    }
    body.insert("children".into(), Value::Array(children));
    body.insert("sorts".into(), Value::Array(sorts));
    body.insert("defaultSort".into(), json!(default_sort));
    body.insert("filters".into(), Value::Array(filters));
    body.insert("search".into(), json!(search));
    body.insert(
        "access".into(),
        json!({
            "read": rule(&entity.access.read),
            "create": rule(&entity.access.create),
            "update": rule(&entity.access.update),
            "delete": rule(&entity.access.delete),
        }),
    );
    body.insert(
        "creatorReads".into(),
        json!(keel_agent_contracts::creator_reads(entity)),
    );
    body.insert(
        "stateField".into(),
        json!(entity.states.as_ref().map(|s| s.field.clone())),
    );
    let transitions: Vec<Value> = ops
        .transitions
        .iter()
        .filter_map(|(name, op)| {
            let t = entity
                .states
                .as_ref()?
                .transitions
                .iter()
                .find(|t| &t.name == name)?;
            Some(json!({
                "name": t.name,
                "label": humanize(&t.name),
                "from": t.from,
                "to": t.to,
                "by": rule(&t.by),
                "run": raw(format!("api.{}", op.id)),
            }))
        })
        .collect();
    body.insert("transitions".into(), Value::Array(transitions));
    let mut bound = Map::new();
    for (name, op) in [
        ("list", ops.list),
        ("get", Some(ops.get)),
        ("create", ops.create),
        ("update", ops.update),
        ("remove", ops.delete),
    ] {
        if let Some(op) = op {
            bound.insert(name.into(), raw(format!("api.{}", op.id)));
        }
    }
    if let Some(op) = ops.upload {
        bound.insert(
            "upload".into(),
            raw(format!(
                "(field, file) => api.{}({{ field: field as api.{}[\"field\"] }}, file)",
                op.id,
                crate::typescript::query_type(op)
            )),
        );
    }
    body.insert("api".into(), Value::Object(bound));
    let ctx = Context {
        contract: contract.file.clone(),
        service: entity.service.clone(),
        ident: ident(entity),
        resource: resource.to_owned(),
        create_type: create
            .map(|(n, _)| format!("api.{n}"))
            .unwrap_or_else(|| "Record<never, never>".into()),
        update_type: update
            .map(|(n, _)| format!("api.{n}"))
            .unwrap_or_else(|| "Record<never, never>".into()),
        body: render(&Value::Object(body), 0),
    };
    templates.render("entity.ts", &ctx)
}
