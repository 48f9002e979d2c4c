//! The operations of a domain service: CRUD and transitions per entity, and
//! uploads when the service has file fields.

use keel_blueprint::{Blueprint, Entity, FieldType, LinkKind, Op, Rule, Service, Term};

use crate::access::{self, Auth};
use crate::fields::{a, capitalised};
use crate::operation::{Body, Errors, Kind, Method, Operation, Success, status};
use crate::{query, schemas, uploads};

pub fn domain(blueprint: &Blueprint, service: &Service) -> Vec<Operation> {
    let base = format!("/api/{}", service.name);
    let mut ops = Vec::new();
    for entity in blueprint.entities_of(&service.name) {
        ops.extend(entity_operations(blueprint, entity, &base));
    }
    ops.extend(uploads::operations(blueprint, service));
    ops
}

/// Whether an update body would have anything in it.
pub fn updatable(entity: &Entity) -> bool {
    entity.writable_fields().next().is_some() || entity.references().next().is_some()
}

/// Whether some row of the service refers to rows of `entity` with a
/// restricting foreign key, so deleting one can conflict.
fn referenced_locally(blueprint: &Blueprint, entity: &Entity) -> bool {
    blueprint.entities_of(&entity.service).any(|other| {
        other
            .links
            .iter()
            .any(|l| l.kind == LinkKind::Local && l.target == entity.name && l.required)
    })
}

fn has_unique(entity: &Entity) -> bool {
    !entity.unique.is_empty() || entity.fields.iter().any(|f| f.unique)
}

/// `Allowed for: owner or admin.` and the tenancy note.
fn who(entity: &Entity, rule: &Rule) -> String {
    let mut text = format!("Allowed for: {rule}.");
    if entity.tenant_scoped {
        text.push_str(" Only within the caller's current organization.");
    }
    text
}

fn entity_operations(blueprint: &Blueprint, entity: &Entity, base: &str) -> Vec<Operation> {
    let names = &entity.names;
    let collection = format!("{base}/{}", names.plural_kebab);
    let item = format!("{collection}/{{id}}");
    let rule = |op: Op| entity.access.rule(op);
    let reach = |r: &Rule| access::reach(blueprint, entity, r);
    let op = |operation_id: String, method, path: &str, kind, auth| Operation {
        operation_id,
        method,
        path: path.to_owned(),
        kind,
        resource: Some(entity.name.clone()),
        tag: entity.name.clone(),
        summary: String::new(),
        description: String::new(),
        auth,
        path_params: if path.ends_with("{id}") || path.contains("{id}/") {
            vec!["id".into()]
        } else {
            Vec::new()
        },
        query: Vec::new(),
        request: None,
        response: Success::no_content(),
        errors: Vec::new(),
    };
    let mut ops = Vec::new();

    let read = rule(Op::Read);
    if !read.is_nobody() {
        let r = reach(read);
        // A list shows the rows the caller may see; it is refused only when
        // no row could ever qualify (a rule of roles alone) or no
        // organization is selected.
        let refusable =
            entity.tenant_scoped || read.any_of.iter().all(|t| matches!(t, Term::Role(_)));
        let mut list = op(
            format!("list{}", names.plural_pascal),
            Method::Get,
            &collection,
            Kind::List,
            r.auth(),
        );
        list.summary = format!("List {}", names.plural_words);
        list.description = format!(
            "The {} the caller may read, a page at a time. {}",
            names.plural_words,
            who(entity, read)
        );
        list.query = query::list_params(entity);
        list.response = Success::json(200, schemas::list_name(entity));
        list.errors = Errors::new()
            .add(status::BAD_REQUEST)
            .credentials(r.auth())
            .add_if(refusable, status::FORBIDDEN)
            .add(status::UNAVAILABLE)
            .into_vec();
        ops.push(list);
    }

    let create = rule(Op::Create);
    if !create.is_nobody() {
        let r = reach(create);
        let mut o = op(
            format!("create{}", names.pascal),
            Method::Post,
            &collection,
            Kind::Create,
            r.auth(),
        );
        o.summary = format!("Create {}", a(&names.words));
        let mut description = who(entity, create);
        if entity.owned {
            description.push_str(" The caller becomes its owner.");
        }
        if let Some(states) = &entity.states {
            description.push_str(&format!(" It starts as `{}`.", states.initial));
        }
        o.description = description;
        o.request = Some(Body::Json {
            schema: schemas::create_name(entity),
        });
        let answer = if access::creator_reads(entity) {
            schemas::resource_name(entity)
        } else {
            o.description
                .push_str(" Its creator may not read it: the answer holds its id only.");
            schemas::CREATED.to_owned()
        };
        o.response = Success::json(201, answer).with_location();
        o.errors = Errors::new()
            .json_body()
            .credentials(r.auth())
            .add_if(!r.every_user, status::FORBIDDEN)
            .add_if(has_unique(entity), status::CONFLICT)
            .add(status::UNAVAILABLE)
            .into_vec();
        ops.push(o);
    }

    if !read.is_nobody() {
        let r = reach(read);
        let mut o = op(
            format!("get{}", names.pascal),
            Method::Get,
            &item,
            Kind::Get,
            r.auth(),
        );
        o.summary = format!("Get {}", a(&names.words));
        o.description = format!(
            "{} {} the caller may not read is not found.",
            who(entity, read),
            capitalised(&a(&names.words))
        );
        o.response = Success::json(200, schemas::resource_name(entity));
        o.errors = item_errors(entity, r.auth(), false).into_vec();
        ops.push(o);
    }

    let update = rule(Op::Update);
    if !update.is_nobody() && updatable(entity) {
        let r = reach(update);
        let mut o = op(
            format!("update{}", names.pascal),
            Method::Patch,
            &item,
            Kind::Update,
            r.auth(),
        );
        o.summary = format!("Update {}", a(&names.words));
        let mut description = format!(
            "Changes the fields given; the others keep their values. {}",
            who(entity, update)
        );
        if let Some(states) = &entity.states {
            description.push_str(&format!(
                " `{}` changes only through its transitions.",
                states.field
            ));
        }
        o.description = description;
        o.request = Some(Body::Json {
            schema: schemas::update_name(entity),
        });
        o.response = Success::json(200, schemas::resource_name(entity));
        o.errors = item_errors(entity, r.auth(), !r.every_user)
            .json_body()
            .add_if(has_unique(entity), status::CONFLICT)
            .into_vec();
        ops.push(o);
    }

    let delete = rule(Op::Delete);
    if !delete.is_nobody() {
        let r = reach(delete);
        let mut o = op(
            format!("delete{}", names.pascal),
            Method::Delete,
            &item,
            Kind::Delete,
            r.auth(),
        );
        o.summary = format!("Delete {}", a(&names.words));
        let children: Vec<&str> = blueprint
            .children_of(&entity.name)
            .map(|c| c.names.plural_words.as_str())
            .collect();
        let mut description = who(entity, delete);
        if !children.is_empty() {
            description.push_str(&format!(
                " Its {} are deleted with it.",
                children.join(" and ")
            ));
        }
        o.description = description;
        o.errors = item_errors(entity, r.auth(), !r.every_user)
            .add_if(referenced_locally(blueprint, entity), status::CONFLICT)
            .into_vec();
        ops.push(o);
    }

    if let Some(states) = &entity.states {
        for (t, kebab) in states
            .transitions
            .iter()
            .filter_map(|t| Some((t, t.endpoint()?)))
        {
            let r = reach(&t.by);
            // A transition named like an operation (`get`) keeps a distinct id.
            let mut operation_id = format!("{}{}", camel(&t.name), names.pascal);
            if ops.iter().any(|o| o.operation_id == operation_id) {
                operation_id.push_str("Transition");
            }
            let mut o = op(
                operation_id,
                Method::Post,
                &format!("{item}/{kebab}"),
                Kind::Transition(t.name.clone()),
                r.auth(),
            );
            o.summary = format!("{} {}", sentence_case(&t.name), a(&names.words));
            o.description = format!(
                "Moves {} from {} to `{}`. {} Answers 409 when it is in another state.",
                a(&names.words),
                t.from
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(" or "),
                t.to,
                who(entity, &t.by)
            );
            o.response = Success::json(200, schemas::resource_name(entity));
            o.errors = item_errors(entity, r.auth(), !r.every_user)
                .add(status::CONFLICT)
                .into_vec();
            ops.push(o);
        }
    }
    ops
}

/// Problems of an operation on one row: a malformed id, credentials, rows
/// hidden by row-level security (404) and, where the rule can refuse a
/// signed-in caller, 403.
fn item_errors(entity: &Entity, auth: Auth, refusable: bool) -> Errors {
    Errors::new()
        .add(status::BAD_REQUEST)
        .credentials(auth)
        .add_if(refusable || entity.tenant_scoped, status::FORBIDDEN)
        .add(status::NOT_FOUND)
        .add(status::UNAVAILABLE)
}

/// `mark_paid` → `markPaid`.
pub fn camel(snake: &str) -> String {
    let mut out = String::new();
    for (i, word) in snake.split('_').enumerate() {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            if i == 0 {
                out.push(first);
            } else {
                out.extend(first.to_uppercase());
            }
            out.push_str(chars.as_str());
        }
    }
    out
}

/// `mark_paid` → `Mark paid`.
fn sentence_case(snake: &str) -> String {
    capitalised(&snake.replace('_', " "))
}

/// Whether a service has any file field (and so an uploads endpoint).
pub fn has_files(blueprint: &Blueprint, service: &str) -> bool {
    blueprint
        .entities_of(service)
        .any(|e| e.fields.iter().any(|f| f.ty == FieldType::File))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_naturally() {
        assert_eq!(camel("mark_paid"), "markPaid");
        assert_eq!(camel("publish"), "publish");
        assert_eq!(sentence_case("mark_paid"), "Mark paid");
    }
}
