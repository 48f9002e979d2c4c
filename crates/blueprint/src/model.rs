//! The checked blueprint: what every generator reads.
//!
//! A [`Blueprint`] only exists for a file that passed every check, so the
//! generators can rely on its invariants instead of re-checking:
//! - every name is a valid, non-reserved identifier in SQL, Rust and TypeScript;
//! - every entity belongs to exactly one domain service, and every link target exists;
//! - parents (`belongs_to`) are in the same service and acyclic;
//! - required links (parents and references without `?`) form no cycle, so every
//!   row can be created once the rows it needs exist;
//! - no field or link makes a column keel adds itself (`id`, `owner_id`, `tenant_id`, timestamps);
//! - every access rule only names roles that exist, `owner` only where rows have one, and
//!   `the <reference>` only a `User` reference of its entity, never in `create`;
//! - every string, text and list has an upper bound;
//! - every state of a state machine is reachable from the initial state.
//!
//! Collections keep the order of the file, which makes generation deterministic.

use serde::Serialize;

pub use crate::document::{Capability, FieldType, SignUp, Tenancy};

/// The identity service's name in every blueprint.
pub const IDENTITY: &str = "identity";
/// The built-in entity every `owner` and user reference points at.
pub const USER: &str = "User";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Blueprint {
    pub app: String,
    pub description: String,
    pub roles: Vec<String>,
    pub sign_up: SignUp,
    pub tenancy: Tenancy,
    /// Sorted, without duplicates.
    pub capabilities: Vec<Capability>,
    /// The identity service first, then domain services in file order.
    pub services: Vec<Service>,
    /// Domain entities in file order (the identity service's built-in
    /// `User` is not listed here).
    pub entities: Vec<Entity>,
    pub environments: Vec<Environment>,
}

impl Blueprint {
    pub fn entity(&self, name: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.name == name)
    }

    pub fn service(&self, name: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.name == name)
    }

    pub fn domain_services(&self) -> impl Iterator<Item = &Service> {
        self.services
            .iter()
            .filter(|s| s.kind == ServiceKind::Domain)
    }

    /// The entities a service owns, in file order.
    pub fn entities_of<'a>(&'a self, service: &'a str) -> impl Iterator<Item = &'a Entity> + 'a {
        self.entities.iter().filter(move |e| e.service == service)
    }

    pub fn has(&self, capability: Capability) -> bool {
        self.capabilities.contains(&capability)
    }

    pub fn multi_tenant(&self) -> bool {
        self.tenancy == Tenancy::Organization
    }

    /// The app name as an SQL identifier part: `-` becomes `_`.
    pub fn app_snake(&self) -> String {
        self.app.replace('-', "_")
    }

    /// The database of a service: `<app_snake>_<service>`.
    pub fn database_name(&self, service: &str) -> String {
        format!("{}_{service}", self.app_snake())
    }

    /// The role that owns a service's objects and runs its migrations.
    pub fn owner_role(&self, service: &str) -> String {
        format!("{}_{service}_owner", self.app_snake())
    }

    /// The role a service connects as; subject to row-level security.
    pub fn app_role(&self, service: &str) -> String {
        format!("{}_{service}_app", self.app_snake())
    }

    /// What a parent term (`Term::Parent`, "whoever may `op` the parent")
    /// defers to: the parent, its rule for `op` and its read rule. Both
    /// rules must pass: the service looks the parent row up first, so a
    /// parent the caller cannot read allows nothing, whatever its rule for
    /// `op` says. Every evaluator of rules (the service, its tests, the
    /// contract, the security docs) goes through here so they agree.
    pub fn deferred_to(&self, parent: &str, op: Op) -> Option<(&Entity, [&Rule; 2])> {
        self.entity(parent)
            .map(|p| (p, [p.access.rule(op), p.access.rule(Op::Read)]))
    }

    /// Children of an entity: entities whose `belongs_to` names it.
    pub fn children_of<'a>(&'a self, parent: &'a str) -> impl Iterator<Item = &'a Entity> + 'a {
        self.entities
            .iter()
            .filter(move |e| e.parents().any(|l| l.target == parent))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    /// The built-in identity service: users, sessions, roles (and organizations).
    Identity,
    Domain,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Service {
    pub name: String,
    pub kind: ServiceKind,
    pub description: String,
    /// Entity names, in file order.
    pub entities: Vec<String>,
    /// Local port in development: the gateway has 8080, identity 8081, then
    /// domain services in file order.
    pub port: u16,
    /// Services this one calls to check references, sorted. Identity is
    /// included when any entity points at `User` (tokens are verified locally
    /// and need no call).
    pub calls: Vec<String>,
}

/// The English forms of an entity's name used across the generated code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Names {
    /// `CartItem`
    pub pascal: String,
    /// `cart_item`: Rust modules and functions, SQL columns (`cart_item_id`).
    pub snake: String,
    /// `cart_items`: SQL tables.
    pub plural_snake: String,
    /// `cart-items`: URL paths.
    pub plural_kebab: String,
    /// `cartItem`: TypeScript values.
    pub camel: String,
    /// `CartItems`
    pub plural_pascal: String,
    /// `cart item` / `cart items`: prose.
    pub words: String,
    pub plural_words: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entity {
    pub name: String,
    pub names: Names,
    pub service: String,
    pub description: String,
    /// Rows have an `owner_id` (the user who created them).
    pub owned: bool,
    /// Rows carry a `tenant_id` and are isolated per organization.
    pub tenant_scoped: bool,
    /// Parents then references, in file order.
    pub links: Vec<Link>,
    pub fields: Vec<Field>,
    pub states: Option<StateMachine>,
    pub access: Access,
    /// Each index as column names.
    pub indexes: Vec<Vec<String>>,
    /// Each unique constraint as column names.
    pub unique: Vec<Vec<String>>,
    /// Field names covered by full-text search.
    pub search: Vec<String>,
}

impl Entity {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    pub fn link(&self, name: &str) -> Option<&Link> {
        self.links.iter().find(|l| l.name == name)
    }

    pub fn parents(&self) -> impl Iterator<Item = &Link> {
        self.links.iter().filter(|l| l.kind == LinkKind::Parent)
    }

    pub fn references(&self) -> impl Iterator<Item = &Link> {
        self.links.iter().filter(|l| l.kind != LinkKind::Parent)
    }

    /// The `User` references its rules name (`the assignee`), each once, in
    /// the order of its links: whoever a row names there gets the rights
    /// those terms grant on that row.
    pub fn rule_named_users(&self) -> Vec<&Link> {
        self.links
            .iter()
            .filter(|l| {
                self.rules().any(|r| {
                    r.any_of
                        .iter()
                        .any(|t| matches!(t, Term::ReferencedUser { link, .. } if *link == l.name))
                })
            })
            .collect()
    }

    /// Every rule of the entity: read, create, update, delete, then each
    /// transition's `by`.
    pub fn rules(&self) -> impl Iterator<Item = &Rule> {
        Op::ALL.iter().map(|op| self.access.rule(*op)).chain(
            self.states
                .iter()
                .flat_map(|s| s.transitions.iter().map(|t| &t.by)),
        )
    }

    /// The field that holds the state, if the entity has a state machine.
    pub fn state_field(&self) -> Option<&Field> {
        self.states.as_ref().and_then(|s| self.field(&s.field))
    }

    /// Fields a client may set on create and update: all but the state field.
    pub fn writable_fields(&self) -> impl Iterator<Item = &Field> {
        let state = self.states.as_ref().map(|s| s.field.as_str());
        self.fields
            .iter()
            .filter(move |f| Some(f.name.as_str()) != state)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// `belongs_to`: a foreign key in the same database, `ON DELETE CASCADE`.
    Parent,
    /// A reference inside the same service: a foreign key, `ON DELETE RESTRICT`
    /// (or `SET NULL` when optional).
    Local,
    /// A reference to another service's entity: an id, checked through that
    /// service's API. Never a foreign key.
    Remote,
}

/// A column that points at another entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// `recipe`
    pub name: String,
    /// `recipe_id`
    pub column: String,
    /// `Recipe` (or `User`)
    pub target: String,
    /// The service that owns the target.
    pub target_service: String,
    pub required: bool,
    pub kind: LinkKind,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    pub name: String,
    pub ty: FieldType,
    pub required: bool,
    pub unique: bool,
    /// Smallest value (integer, decimal, money) as written.
    pub min: Option<serde_json::Number>,
    /// Largest value (integer, decimal, money) as written.
    pub max: Option<serde_json::Number>,
    /// Length bounds of text-like types, always set for them.
    pub min_length: Option<u32>,
    pub max_length: Option<u32>,
    pub pattern: Option<String>,
    pub default: Option<serde_json::Value>,
    /// Values of an enum.
    pub values: Vec<String>,
    /// Media types of a file.
    pub accept: Vec<String>,
    /// Largest size in bytes of a file or json value.
    pub max_size: Option<u64>,
    /// `decimal`: total and fractional digits.
    pub precision: Option<u8>,
    pub scale: Option<u8>,
    /// `money`: ISO 4217 code.
    pub currency: Option<String>,
    /// `Some(n)`: a list of at most n values.
    pub max_items: Option<u32>,
    pub description: String,
}

impl Field {
    pub fn is_list(&self) -> bool {
        self.max_items.is_some()
    }
}

/// A rule: allowed when any of its terms holds. No terms: nobody.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub any_of: Vec<Term>,
}

impl Rule {
    pub fn nobody() -> Self {
        Rule { any_of: Vec::new() }
    }

    pub fn is_nobody(&self) -> bool {
        self.any_of.is_empty()
    }

    pub fn allows_public(&self) -> bool {
        self.any_of.contains(&Term::Public)
    }

    /// Roles named by this rule.
    pub fn roles(&self) -> impl Iterator<Item = &str> {
        self.any_of.iter().filter_map(|t| match t {
            Term::Role(r) => Some(r.as_str()),
            _ => None,
        })
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.any_of.is_empty() {
            return f.write_str("nobody");
        }
        for (i, term) in self.any_of.iter().enumerate() {
            if i > 0 {
                f.write_str(" or ")?;
            }
            match term {
                Term::Public => f.write_str("public")?,
                Term::SignedIn => f.write_str("signed_in")?,
                Term::Owner => f.write_str("owner")?,
                Term::ReferencedUser { link, .. } => write!(f, "the {link}")?,
                Term::TenantMember => f.write_str("tenant_member")?,
                Term::Role(r) => f.write_str(r)?,
                Term::Parent { entity, op } => write!(f, "{op} access to {entity}")?,
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "term", content = "value")]
pub enum Term {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in user (in a multi-tenant app: any member of the row's organization).
    SignedIn,
    /// The row's owner.
    Owner,
    /// The user a `User` reference of the row names (`the assignee`): the
    /// reference's name and its column.
    ReferencedUser { link: String, column: String },
    /// A member of the row's organization (multi-tenant apps only).
    TenantMember,
    /// A user with this application role.
    Role(String),
    /// Whoever may perform `op` on the parent row.
    Parent { entity: String, op: Op },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Read,
    Create,
    Update,
    Delete,
}

impl Op {
    pub const ALL: [Op; 4] = [Op::Read, Op::Create, Op::Update, Op::Delete];

    pub fn as_str(self) -> &'static str {
        match self {
            Op::Read => "read",
            Op::Create => "create",
            Op::Update => "update",
            Op::Delete => "delete",
        }
    }
}

impl std::fmt::Display for Op {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Access {
    pub read: Rule,
    pub create: Rule,
    pub update: Rule,
    pub delete: Rule,
}

impl Access {
    pub fn rule(&self, op: Op) -> &Rule {
        match op {
            Op::Read => &self.read,
            Op::Create => &self.create,
            Op::Update => &self.update,
            Op::Delete => &self.delete,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StateMachine {
    /// The enum field holding the state.
    pub field: String,
    /// All states, in the order of the enum's values.
    pub states: Vec<String>,
    pub initial: String,
    pub transitions: Vec<Transition>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Transition {
    /// A snake_case verb: `publish`; the API operation is `POST .../{id}/publish`.
    pub name: String,
    pub from: Vec<String>,
    pub to: String,
    pub by: Rule,
}

impl Transition {
    /// The last segment of its API path (`mark_paid` → `mark-paid`); `None`
    /// for a transition `by: nobody`: no caller may take it, so it has no
    /// endpoint, and only the system (a job, a webhook) moves the row.
    pub fn endpoint(&self) -> Option<String> {
        (!self.by.is_nobody()).then(|| self.name.replace('_', "-"))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Environment {
    pub name: String,
    pub replicas: u32,
    pub autoscale: Autoscale,
    pub resources: Resources,
    pub domain: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Autoscale {
    pub min: u32,
    pub max: u32,
    pub cpu: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resources {
    pub cpu_request: String,
    pub memory_request: String,
    pub cpu_limit: String,
    pub memory_limit: String,
}
