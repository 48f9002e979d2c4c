//! `keel.yaml` as written: the serde types of the file and, derived from
//! them, the published JSON Schema.
//!
//! These types mirror the file one to one and carry no meaning beyond shape
//! and bounds. Meaning (what an owner rule needs, which service owns what) is
//! checked in [`crate::check`] and lowered into [`crate::model`].
//!
//! Every string, list and map here is bounded in the schema, so that an LLM
//! decoding under the schema cannot run away and a reviewer never meets an
//! unbounded value.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A keel blueprint: the single source of truth of an application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "keel blueprint", extend("$id" = "https://keel.dev/schema/keel-1.json"))]
pub struct Document {
    /// Version of the blueprint format. Always 1.
    #[schemars(range(min = 1, max = 1))]
    pub keel: u32,
    /// Name of the application: lowercase letters, digits and `-`.
    #[schemars(length(min = 2, max = 30), regex(pattern = r"^[a-z][a-z0-9-]*$"))]
    pub app: String,
    /// What the application is for, in a sentence or two.
    #[serde(default)]
    #[schemars(length(max = 2000))]
    pub description: String,
    #[serde(default)]
    pub auth: AuthDecl,
    #[serde(default)]
    pub tenancy: Tenancy,
    /// Platform features the system needs.
    #[serde(default)]
    #[schemars(length(max = 8))]
    pub capabilities: Vec<Capability>,
    /// Services by name. One is `identity: { builtin: auth }`; the others own entities.
    #[schemars(extend("maxProperties" = 20, "minProperties" = 1))]
    pub services: IndexMap<String, ServiceDecl>,
    /// Entities by name (PascalCase, singular).
    #[schemars(extend("maxProperties" = 120))]
    pub entities: IndexMap<String, EntityDecl>,
    /// Deployment environments by name; staging and production when left out.
    #[serde(default)]
    #[schemars(extend("maxProperties" = 6))]
    pub environments: IndexMap<String, EnvironmentDecl>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthDecl {
    /// Application roles besides every signed-in user, e.g. `admin`, `editor`.
    #[serde(default)]
    #[schemars(
        length(max = 16),
        inner(length(min = 2, max = 30), regex(pattern = r"^[a-z][a-z0-9_]*$"))
    )]
    pub roles: Vec<String>,
    /// Who may create an account: anyone (`open`) or only people invited (`invite`).
    #[serde(default, skip_serializing_if = "SignUp::is_open")]
    pub sign_up: SignUp,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SignUp {
    #[default]
    Open,
    Invite,
}

impl SignUp {
    fn is_open(&self) -> bool {
        *self == SignUp::Open
    }
}

/// `none`, or `organization`: every row carries a tenant id and row-level
/// security keeps organizations apart.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Tenancy {
    #[default]
    None,
    Organization,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Capability {
    Payments,
    Uploads,
    Email,
    Notifications,
    Realtime,
    Search,
    Scheduling,
}

impl Capability {
    pub const ALL: [Capability; 7] = [
        Capability::Payments,
        Capability::Uploads,
        Capability::Email,
        Capability::Notifications,
        Capability::Realtime,
        Capability::Search,
        Capability::Scheduling,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Capability::Payments => "payments",
            Capability::Uploads => "uploads",
            Capability::Email => "email",
            Capability::Notifications => "notifications",
            Capability::Realtime => "realtime",
            Capability::Search => "search",
            Capability::Scheduling => "scheduling",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceDecl {
    /// A service keel provides; `auth` is the identity service that owns users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub builtin: Option<Builtin>,
    /// What the service is responsible for.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[schemars(length(max = 500))]
    pub description: String,
    /// The entities this service owns; each entity belongs to exactly one service.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 40), inner(length(max = 40)))]
    pub entities: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Builtin {
    Auth,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EntityDecl {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[schemars(length(max = 500))]
    pub description: String,
    /// Plural form used for tables and routes, when the English rule gets it wrong.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 40))]
    pub plural: Option<String>,
    /// `User`: each row has an owner (`owner_id`); `owner` access rules refer to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 40))]
    pub owner: Option<String>,
    /// Parent entity (or entities, for a join entity) in the same service:
    /// a real foreign key, deleted with the parent.
    #[serde(default, skip_serializing_if = "OneOrMany::is_empty")]
    pub belongs_to: OneOrMany,
    /// Named references to other entities: `recipe: Recipe` (required) or
    /// `assignee: User?` (optional). Inside a service a foreign key; across
    /// services an id checked through the owning service's API.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    #[schemars(schema_with = "references_schema")]
    pub references: IndexMap<String, String>,
    /// Fields by name (snake_case). `id`, timestamps and relation columns are implicit.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    #[schemars(extend("maxProperties" = 64))]
    pub fields: IndexMap<String, FieldDecl>,
    /// A state machine over one enum field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub states: Option<StatesDecl>,
    /// Who may do what. Anything not granted is denied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<AccessDecl>,
    /// Extra indexes, each a list of fields or relation names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(schema_with = "column_sets_schema::<16>")]
    pub indexes: Vec<Vec<String>>,
    /// Combinations of fields or relation names that must be unique together.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(schema_with = "column_sets_schema::<8>")]
    pub unique: Vec<Vec<String>>,
    /// Text fields covered by full-text search (needs the `search` capability).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 8), inner(length(max = 40)))]
    pub search: Vec<String>,
}

fn references_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": "object",
        "maxProperties": 16,
        "additionalProperties": { "type": "string", "maxLength": 41, "pattern": r"^[A-Z][A-Za-z0-9]*\??$" }
    })
}

/// Lists of up to `N` column sets, each 1–4 names.
fn column_sets_schema<const N: usize>(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": "array",
        "maxItems": N,
        "items": {
            "type": "array",
            "minItems": 1,
            "maxItems": 4,
            "items": { "type": "string", "maxLength": 40 }
        }
    })
}

/// One name or a list of names.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn is_empty(&self) -> bool {
        matches!(self, OneOrMany::None) || matches!(self, OneOrMany::Many(v) if v.is_empty())
    }

    pub fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::None => Vec::new(),
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

impl JsonSchema for OneOrMany {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "OneOrMany".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A name, or a list of names.",
            "anyOf": [
                { "type": "string", "maxLength": 40 },
                { "type": "array", "items": { "type": "string", "maxLength": 40 }, "maxItems": 4 }
            ]
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    /// Short text; needs `max` (length).
    String,
    /// Long text; `max` length defaults to 10000.
    Text,
    Integer,
    /// Exact decimal number; `precision` and `scale` (default 12, 2).
    Decimal,
    /// An amount of money in minor units (cents) of `currency`.
    Money,
    Boolean,
    Date,
    Datetime,
    /// A time of day without a date or zone (`18:30`); the API answers `HH:MM:SS`.
    Time,
    Uuid,
    Email,
    Url,
    /// One of `values`.
    Enum,
    /// An uploaded file; `accept` lists media types and `max_size` bounds it.
    File,
    /// Free-form JSON, bounded by `max_size` (default 64KB).
    Json,
}

impl FieldType {
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Text => "text",
            FieldType::Integer => "integer",
            FieldType::Decimal => "decimal",
            FieldType::Money => "money",
            FieldType::Boolean => "boolean",
            FieldType::Date => "date",
            FieldType::Datetime => "datetime",
            FieldType::Time => "time",
            FieldType::Uuid => "uuid",
            FieldType::Email => "email",
            FieldType::Url => "url",
            FieldType::Enum => "enum",
            FieldType::File => "file",
            FieldType::Json => "json",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldDecl {
    #[serde(rename = "type")]
    pub ty: FieldType,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub unique: bool,
    /// Smallest value (numbers) or length (text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<serde_json::Number>,
    /// Largest value (numbers) or length (text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<serde_json::Number>,
    /// A regular expression the text must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 200))]
    pub pattern: Option<String>,
    /// The value a new row gets when none is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<ScalarDefault>")]
    pub default: Option<serde_json::Value>,
    /// The allowed values of an `enum` (snake_case).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 40), inner(length(min = 1, max = 40)))]
    pub values: Vec<String>,
    /// Media types a `file` accepts, e.g. `image/png`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 16), inner(length(max = 100)))]
    pub accept: Vec<String>,
    /// Largest `file` or `json` value, e.g. `5MB`, `64KB`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 16))]
    pub max_size: Option<String>,
    /// Total digits of a `decimal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 38))]
    pub precision: Option<u8>,
    /// Digits after the point of a `decimal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 18))]
    pub scale: Option<u8>,
    /// ISO 4217 currency of a `money` field (default USD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 3, max = 3), regex(pattern = r"^[A-Z]{3}$"))]
    pub currency: Option<String>,
    /// A list of values of this type instead of one; needs `max_items`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub list: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 1000))]
    pub max_items: Option<u32>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[schemars(length(max = 300))]
    pub description: String,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The schema of a default value: a scalar.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum ScalarDefault {
    Text(#[schemars(length(max = 200))] String),
    Number(f64),
    Flag(bool),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatesDecl {
    /// The enum field that holds the state (default `status`).
    #[serde(default = "default_state_field")]
    #[schemars(length(max = 40))]
    pub field: String,
    /// The state of a new row.
    #[schemars(length(max = 40))]
    pub initial: String,
    /// Transitions by name (a verb: `publish`, `approve`); each is one API operation.
    #[schemars(extend("maxProperties" = 24, "minProperties" = 1))]
    pub transitions: IndexMap<String, TransitionDecl>,
}

fn default_state_field() -> String {
    "status".to_owned()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionDecl {
    /// The state, or states, the transition starts from.
    pub from: OneOrMany,
    #[schemars(length(max = 40))]
    pub to: String,
    /// Who may make it: an access rule such as `owner or editor`.
    #[schemars(length(max = 200))]
    pub by: String,
}

/// Who may do what. Each rule is `nobody`, or terms joined by `or`:
/// `public`, `signed_in`, `owner`, `tenant_member`, a role name, or
/// `the <reference>` (the user a `User` reference of the row names).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessDecl {
    /// Take any rule not given here from this parent (`belongs_to`) entity:
    /// reading needs read access to the parent, changing needs update access.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 40))]
    pub inherit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 200))]
    pub read: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 200))]
    pub create: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 200))]
    pub update: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 200))]
    pub delete: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnvironmentDecl {
    /// Pods per service when autoscaling is off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 100))]
    pub replicas: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autoscale: Option<AutoscaleDecl>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<ResourcesDecl>,
    /// Public host name, e.g. `staging.example.com`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        length(max = 253),
        regex(pattern = r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$")
    )]
    pub domain: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AutoscaleDecl {
    #[schemars(range(min = 1, max = 100))]
    pub min: u32,
    #[schemars(range(min = 1, max = 500))]
    pub max: u32,
    /// Target average CPU utilisation in percent (default 70).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 10, max = 95))]
    pub cpu: Option<u32>,
}

/// Kubernetes quantities per pod; limits default to twice the requests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResourcesDecl {
    /// CPU request, e.g. `250m`.
    #[schemars(length(max = 12), regex(pattern = r"^[0-9]+(\.[0-9]+)?m?$"))]
    pub cpu: String,
    /// Memory request, e.g. `256Mi`.
    #[schemars(length(max = 12), regex(pattern = r"^[0-9]+(Ki|Mi|Gi)$"))]
    pub memory: String,
}

/// The published JSON Schema of keel.yaml (draft 2020-12).
///
/// Subschemas are inlined: validation errors then carry a schema path that
/// can be followed without resolving `$ref`s, and constrained decoders that
/// do not support references can use the schema as it is.
pub fn json_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .for_deserialize()
        .with(|s| s.inline_subschemas = true)
        .into_generator();
    let schema = generator.into_root_schema_for::<Document>();
    serde_json::to_value(schema).expect("a schema is plain JSON")
}
