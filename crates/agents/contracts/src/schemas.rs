//! The component schemas of an entity: the resource as read, the create and
//! update bodies, and a page of a list.

use keel_blueprint::{Blueprint, Entity, LinkKind, USER, reserved};
use serde_json::{Map, Value, json};

use crate::examples::{self, DATETIME, LATER};
use crate::fields::{self, SAFE_INTEGER, Use};
use crate::query::{LIMIT_DEFAULT, LIMIT_MAX, OFFSET_MAX};

pub fn resource_name(entity: &Entity) -> String {
    entity.name.clone()
}

pub fn create_name(entity: &Entity) -> String {
    reserved::CREATE_BODY.of(&entity.name)
}

pub fn update_name(entity: &Entity) -> String {
    reserved::UPDATE_BODY.of(&entity.name)
}

pub fn list_name(entity: &Entity) -> String {
    reserved::LIST_PAGE.of(&entity.name)
}

/// What a write-only create answers: the new row's id only.
pub const CREATED: &str = "Created";

/// `{id}`: the answer to a create whose creator may not read the new row.
pub fn created() -> Value {
    let id = examples::uuid("created");
    fields::with_example(
        json!({
            "type": "object",
            "description": "The id of the new row; its creator may not read it.",
            "additionalProperties": false,
            "required": ["id"],
            "properties": { "id": fields::read_only(fields::uuid("The new row's id.", &id)) },
        }),
        json!({ "id": id }),
    )
}

/// `$ref` to a component schema.
pub fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// An object schema's properties, their required names, and an example
/// built from the properties' own examples.
#[derive(Default)]
struct Object {
    properties: Map<String, Value>,
    required: Vec<String>,
    example: Map<String, Value>,
    /// A required property without an example: the object gets none.
    incomplete: bool,
}

impl Object {
    fn add(&mut self, name: &str, schema: Value, required: bool, in_example: bool) {
        let example = schema.get("examples").and_then(|e| e.get(0)).cloned();
        match example {
            Some(v) if in_example => {
                self.example.insert(name.to_owned(), v);
            }
            None if required => self.incomplete = true,
            _ => {}
        }
        if required {
            self.required.push(name.to_owned());
        }
        self.properties.insert(name.to_owned(), schema);
    }

    fn schema(self, description: String) -> Value {
        let mut s = Map::new();
        s.insert("type".into(), json!("object"));
        s.insert("description".into(), json!(description));
        s.insert("additionalProperties".into(), json!(false));
        if !self.required.is_empty() {
            s.insert("required".into(), json!(self.required));
        }
        s.insert("properties".into(), Value::Object(self.properties));
        if !self.incomplete {
            s.insert("examples".into(), json!([self.example]));
        }
        Value::Object(s)
    }
}

fn described(entity: &Entity) -> String {
    if entity.description.is_empty() {
        format!("{}.", fields::capitalised(&fields::a(&entity.names.words)))
    } else {
        fields::sentence(&entity.description)
    }
}

/// The resource as the API returns it. Every property is always present
/// (optional values as `null`), so clients need no undefined checks.
pub fn resource(blueprint: &Blueprint, entity: &Entity) -> Value {
    let mut o = Object::default();
    let id = examples::id_of(&entity.name);
    o.add(
        "id",
        fields::read_only(fields::uuid(
            &format!("The {}'s id.", entity.names.words),
            &id,
        )),
        true,
        true,
    );
    o.add(
        "created_at",
        fields::read_only(fields::datetime("When it was created.", DATETIME)),
        true,
        true,
    );
    o.add(
        "updated_at",
        fields::read_only(fields::datetime("When it last changed.", LATER)),
        true,
        true,
    );
    if entity.tenant_scoped {
        o.add(
            "tenant_id",
            fields::read_only(fields::uuid(
                "The organization it belongs to.",
                &examples::id_of("Organization"),
            )),
            true,
            true,
        );
    }
    if entity.owned {
        o.add(
            "owner_id",
            fields::read_only(fields::uuid(
                "The user who created it.",
                &examples::id_of(USER),
            )),
            true,
            true,
        );
    }
    for link in &entity.links {
        o.add(
            &link.column,
            fields::link(blueprint, entity, link),
            true,
            true,
        );
    }
    let state = entity.states.as_ref();
    for field in &entity.fields {
        let mut schema = fields::field(entity, field, Use::Read);
        // The example row is a new one: in its initial state.
        if let Some(states) = state.filter(|s| s.field == field.name) {
            schema
                .as_object_mut()
                .map(|m| m.insert("examples".into(), json!([states.initial])));
        }
        o.add(&field.name, schema, true, true);
    }
    o.schema(described(entity))
}

/// What a client sends to create one: writable fields and relation ids.
pub fn create(blueprint: &Blueprint, entity: &Entity) -> Value {
    let mut o = Object::default();
    for link in &entity.links {
        o.add(
            &link.column,
            fields::link(blueprint, entity, link),
            link.required,
            true,
        );
    }
    for field in entity.writable_fields() {
        let required = field.required && field.default.is_none();
        o.add(
            &field.name,
            fields::field(entity, field, Use::Create),
            required,
            true,
        );
    }
    o.schema(format!(
        "A new {}. Fields left out take their default or stay empty.",
        entity.names.words
    ))
}

/// What a client sends to change one: any writable field or reference, all
/// optional. Parents never change.
pub fn update(blueprint: &Blueprint, entity: &Entity) -> Value {
    let mut o = Object::default();
    let mut first = true;
    for link in entity.links.iter().filter(|l| l.kind != LinkKind::Parent) {
        o.add(
            &link.column,
            fields::link(blueprint, entity, link),
            false,
            first,
        );
        first = false;
    }
    for field in entity.writable_fields() {
        o.add(
            &field.name,
            fields::field(entity, field, Use::Update),
            false,
            first,
        );
        first = false;
    }
    o.schema(format!(
        "Changes to {}: only the properties given change.",
        fields::a(&entity.names.words)
    ))
}

/// A page of a list: `{items, total, limit, offset}`.
pub fn list(name: &str, words: &str, item_example: Option<Value>) -> Value {
    let integer = |description: &str, min: i64, max: i64, example: i64| {
        fields::with_example(
            json!({
                "type": "integer",
                "format": "int64",
                "description": description,
                "minimum": min,
                "maximum": max,
            }),
            json!(example),
        )
    };
    let mut items = json!({
        "type": "array",
        "description": format!("The {words} on this page."),
        "maxItems": LIMIT_MAX,
        "items": reference(name),
    });
    let mut schema = json!({
        "type": "object",
        "description": format!("A page of {words}."),
        "additionalProperties": false,
        "required": ["items", "total", "limit", "offset"],
        "properties": {},
    });
    let total = integer("How many match, on all pages.", 0, SAFE_INTEGER, 1);
    let limit = integer(
        "The page size asked for.",
        1,
        i64::from(LIMIT_MAX),
        i64::from(LIMIT_DEFAULT),
    );
    let offset = integer("How many were skipped.", 0, i64::from(OFFSET_MAX), 0);
    if let Some(example) = &item_example {
        items = fields::with_example(items, json!([example]));
        schema = fields::with_example(
            schema,
            json!({ "items": [example], "total": 1, "limit": LIMIT_DEFAULT, "offset": 0 }),
        );
    }
    schema["properties"] = json!({
        "items": items,
        "total": total,
        "limit": limit,
        "offset": offset,
    });
    schema
}

/// The example of a component schema, if it has one.
pub fn example_of(schema: &Value) -> Option<Value> {
    schema.get("examples").and_then(|e| e.get(0)).cloned()
}
