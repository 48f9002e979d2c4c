//! Entities: names, relations (`belongs_to`, `references`), indexes and
//! search. Fields, state machines and access rules have their own modules.

use std::collections::BTreeSet;

use indexmap::IndexMap;

use super::{Ctx, at, fields, rules, states};
use crate::diagnostic::suggestion;
use crate::document::{Capability, Document, EntityDecl};
use crate::model::{Access, Entity, IDENTITY, Link, LinkKind, Names, Rule, USER};
use crate::names::{is_pascal_case, is_snake_case, to_pascal, to_snake};
use crate::reserved;

pub(super) fn lower_all(
    ctx: &mut Ctx<'_>,
    doc: &Document,
    owners: &IndexMap<String, String>,
    roles: &[String],
) -> Vec<Entity> {
    let entities: Vec<Entity> = doc
        .entities
        .iter()
        .map(|(name, decl)| lower(ctx, doc, owners, roles, name, decl))
        .collect();
    // The plural names the table, the module and the API path: two
    // entities cannot share one.
    for (i, entity) in entities.iter().enumerate() {
        let plural = &entity.names.plural_snake;
        if let Some(first) = entities[..i]
            .iter()
            .find(|e| e.names.plural_snake == *plural)
        {
            // (At the `plural:` that made the clash, if one did.)
            let declared = [&entity.name, &first.name]
                .into_iter()
                .find(|n| doc.entities[*n].plural.is_some());
            let span = match declared {
                Some(n) => ctx.at(&at!["entities", n, "plural"]),
                None => ctx.key(&at!["entities", &entity.name]),
            };
            ctx.error(
                "duplicate-name",
                span,
                format!(
                    "`{}` and `{}` share the plural `{plural}` (their table and API path)",
                    first.name, entity.name
                ),
                Some("set `plural:` of one of them to another word".into()),
            );
        }
    }
    entities
}

fn lower(
    ctx: &mut Ctx<'_>,
    doc: &Document,
    owners: &IndexMap<String, String>,
    roles: &[String],
    name: &str,
    decl: &EntityDecl,
) -> Entity {
    check_entity_name(ctx, name);
    let plural = decl.plural.as_deref();
    if let Some(p) = plural {
        if !is_snake_case(p) {
            ctx.error(
                "invalid-name",
                ctx.at(&at!["entities", name, "plural"]),
                format!("plural `{p}` must be snake_case"),
                Some(format!("write `{}`", to_snake(p))),
            );
        }
    }
    let names = Names::of(name, plural);
    if let Some(langs) = reserved::reserved_in(&names.plural_snake) {
        ctx.error(
            "reserved-word",
            ctx.key(&at!["entities", name]),
            format!(
                "the table name `{}` of `{name}` is a reserved word in {langs}",
                names.plural_snake
            ),
            Some("rename the entity or set `plural:` to another word".into()),
        );
    }
    let service = owners.get(name).cloned().unwrap_or_default();
    let tenant_scoped = doc.tenancy == crate::document::Tenancy::Organization;

    let owned = match decl.owner.as_deref() {
        None => false,
        Some(USER) => true,
        Some(other) => {
            ctx.error(
                "invalid-owner",
                ctx.at(&at!["entities", name, "owner"]),
                format!("owner must be `User`, not `{other}`"),
                Some(format!(
                    "rows are owned by the user who created them; to point at a `{other}` use `references: {{ {}: {other} }}`",
                    to_snake(other)
                )),
            );
            false
        }
    };

    let links = lower_links(ctx, doc, owners, name, decl, &service);
    let mut fields = fields::lower_all(ctx, doc, name, decl);
    check_field_collisions(ctx, name, &fields, &links, owned);
    let env = rules::RuleEnv {
        roles,
        owned,
        tenant_scoped,
        entity: name,
        user_links: rules::user_links(&links),
    };
    let states = decl
        .states
        .as_ref()
        .and_then(|s| states::lower(ctx, name, s, &mut fields, &env));

    let mut columns = ColumnNames::new(&fields, &links, owned);
    // Relations that failed to resolve were reported already; knowing their
    // names avoids a second, echoing error where indexes mention them.
    columns.also_know(
        decl.references
            .keys()
            .cloned()
            .chain(decl.belongs_to.to_vec().iter().map(|p| to_snake(p))),
    );
    let indexes = decl
        .indexes
        .iter()
        .enumerate()
        .map(|(i, cols)| columns.resolve(ctx, &at!["entities", name, "indexes", i], cols))
        .collect();
    let unique = decl
        .unique
        .iter()
        .enumerate()
        .map(|(i, cols)| columns.resolve(ctx, &at!["entities", name, "unique", i], cols))
        .collect();
    let search = lower_search(ctx, doc, name, decl, &fields);

    Entity {
        name: name.to_owned(),
        names,
        service,
        description: decl.description.trim().to_owned(),
        owned,
        tenant_scoped,
        links,
        fields,
        states,
        // Access rules may inherit from parents, so they are resolved once
        // every entity is known (see `rules::resolve_access`).
        access: Access {
            read: Rule::nobody(),
            create: Rule::nobody(),
            update: Rule::nobody(),
            delete: Rule::nobody(),
        },
        indexes,
        unique,
        search,
    }
}

fn check_entity_name(ctx: &mut Ctx<'_>, name: &str) {
    let key = ctx.key(&at!["entities", name]);
    if !is_pascal_case(name) || name.len() > 40 {
        ctx.error(
            "invalid-name",
            key,
            format!("entity name `{name}` must be PascalCase (letters and digits, at most 40)"),
            Some(format!("write `{}`", to_pascal(name))),
        );
        return;
    }
    if reserved::BUILTIN_ENTITIES.contains(&name) {
        ctx.error(
            "builtin-entity",
            key,
            format!("`{name}` is built into the identity service"),
            Some(match name {
                USER => "use `owner: User` or `references: { author: User }`; keep profile data in e.g. `Profile`".to_owned(),
                _ => "choose another name; with `tenancy: organization` keel provides organizations and memberships".to_owned(),
            }),
        );
    } else if reserved::TYPE_NAMES.contains(&name) {
        ctx.error(
            "reserved-word",
            key,
            format!("`{name}` would shadow a type the generated Rust and TypeScript use"),
            Some(format!("rename it, e.g. `{name}Record`")),
        );
    } else if let Some(langs) = reserved::reserved_in_code(&to_snake(name)) {
        ctx.error(
            "reserved-word",
            key,
            format!(
                "`{}` (the snake_case form of `{name}`) is a reserved word in {langs}",
                to_snake(name)
            ),
            Some("rename the entity with a more specific word".into()),
        );
    }
}

fn lower_links(
    ctx: &mut Ctx<'_>,
    doc: &Document,
    owners: &IndexMap<String, String>,
    name: &str,
    decl: &EntityDecl,
    service: &str,
) -> Vec<Link> {
    let mut links: Vec<Link> = Vec::new();
    let parents = decl.belongs_to.to_vec();
    let single_parent = matches!(decl.belongs_to, crate::document::OneOrMany::One(_));
    for (i, parent) in parents.iter().enumerate() {
        let span = if single_parent {
            ctx.at(&at!["entities", name, "belongs_to"])
        } else {
            ctx.at(&at!["entities", name, "belongs_to", i])
        };
        if parent == USER {
            ctx.error(
                "parent-is-user",
                span,
                "`User` lives in the identity service and cannot be a parent",
                Some(
                    "write `owner: User` for the creator, or `references: { member: User }`".into(),
                ),
            );
            continue;
        }
        let Some(parent_service) = owners.get(parent) else {
            if !doc.entities.contains_key(parent) {
                ctx.error(
                    "unknown-entity",
                    span,
                    format!("`belongs_to` names `{parent}`, which is not an entity"),
                    suggestion(parent, doc.entities.keys().map(String::as_str)),
                );
            }
            continue;
        };
        if parent_service != service && !service.is_empty() {
            ctx.error(
                "foreign-key-across-services",
                span,
                format!(
                    "`{name}` (service `{service}`) cannot belong to `{parent}` (service `{parent_service}`): a foreign key cannot cross services"
                ),
                Some(format!(
                    "move both into one service, or write `references: {{ {}: {parent} }}` for an id checked through the `{parent_service}` API",
                    to_snake(parent)
                )),
            );
            continue;
        }
        let link_name = to_snake(parent);
        if reserved::link_takes_system_column(&link_name) {
            ctx.error(
                "duplicate-name",
                span,
                format!("belonging to `{parent}` makes the column `{link_name}_id`, which keel adds itself"),
                Some(format!(
                    "write `references: {{ {}_{link_name}: {parent} }}` instead",
                    to_snake(name)
                )),
            );
            continue;
        }
        if links.iter().any(|l| l.name == link_name) {
            ctx.error(
                "duplicate-name",
                span,
                format!("`{parent}` is listed twice in `belongs_to`"),
                None,
            );
            continue;
        }
        links.push(Link {
            column: format!("{link_name}_id"),
            name: link_name,
            target: parent.clone(),
            target_service: parent_service.clone(),
            required: true,
            kind: crate::model::LinkKind::Parent,
        });
    }

    for (ref_name, target) in &decl.references {
        let key = ctx.key(&at!["entities", name, "references", ref_name]);
        let span = ctx.at(&at!["entities", name, "references", ref_name]);
        if !is_snake_case(ref_name) || ref_name.len() > 40 {
            ctx.error(
                "invalid-name",
                key,
                format!("reference name `{ref_name}` must be snake_case"),
                Some(format!("write `{}`", to_snake(ref_name))),
            );
            continue;
        }
        if let Some(langs) = reserved::reserved_in_code(ref_name) {
            ctx.error(
                "reserved-word",
                key,
                format!("reference name `{ref_name}` is a reserved word in {langs}"),
                reserved::field_alternative(ref_name).map(|a| format!("rename it to `{a}`")),
            );
            continue;
        }
        if reserved::link_takes_system_column(ref_name) {
            ctx.error(
                "duplicate-name",
                key,
                format!("reference `{ref_name}` makes the column `{ref_name}_id`, which keel adds itself"),
                Some(format!("rename it, e.g. `{}_{ref_name}`", to_snake(name))),
            );
            continue;
        }
        let (target, required) = match target.strip_suffix('?') {
            Some(t) => (t, false),
            None => (target.as_str(), true),
        };
        let (target_service, kind) = if target == USER {
            (IDENTITY.to_owned(), LinkKind::Remote)
        } else if let Some(s) = owners.get(target) {
            let kind = if s == service {
                LinkKind::Local
            } else {
                LinkKind::Remote
            };
            (s.clone(), kind)
        } else {
            if !doc.entities.contains_key(target) {
                let candidates = doc.entities.keys().map(String::as_str).chain([USER]);
                ctx.error(
                    "unknown-entity",
                    span,
                    format!("reference `{ref_name}` points at `{target}`, which is not an entity"),
                    suggestion(target, candidates),
                );
            }
            continue;
        };
        if links.iter().any(|l| l.name == *ref_name) {
            ctx.error(
                "duplicate-name",
                key,
                format!(
                    "`{ref_name}` is already the name of the `belongs_to` relation to `{target}`"
                ),
                Some("remove the reference; `belongs_to` already links the two".into()),
            );
            continue;
        }
        links.push(Link {
            name: ref_name.clone(),
            column: format!("{ref_name}_id"),
            target: target.to_owned(),
            target_service,
            required,
            kind,
        });
    }
    links
}

/// Field names must not clash with the columns keel adds.
fn check_field_collisions(
    ctx: &mut Ctx<'_>,
    entity: &str,
    fields: &[crate::model::Field],
    links: &[Link],
    owned: bool,
) {
    for f in fields {
        let key = ctx.key(&at!["entities", entity, "fields", &f.name]);
        if reserved::SYSTEM_COLUMNS.contains(&f.name.as_str()) {
            let why = match f.name.as_str() {
                "owner_id" if owned => "`owner: User` already adds it".to_owned(),
                "owner_id" => "write `owner: User` instead".to_owned(),
                "tenant_id" => {
                    "with `tenancy: organization` keel adds it to every table".to_owned()
                }
                _ => "keel adds it to every table".to_owned(),
            };
            ctx.error(
                "duplicate-name",
                key,
                format!("`{}` is a column keel adds", f.name),
                Some(why),
            );
        } else if let Some(link) = links
            .iter()
            .find(|l| l.column == f.name || l.name == f.name)
        {
            ctx.error(
                "duplicate-name",
                key,
                format!(
                    "field `{}` clashes with the relation `{}` to `{}`",
                    f.name, link.name, link.target
                ),
                Some(format!(
                    "remove the field; the relation adds the column `{}`",
                    link.column
                )),
            );
        } else if f.name == "owner" && owned {
            ctx.error(
                "duplicate-name",
                key,
                "field `owner` clashes with `owner: User`".to_owned(),
                Some("rename the field".into()),
            );
        }
    }
}

/// Maps names used in `indexes`/`unique` (fields, relation names, `owner`,
/// timestamps) to column names.
struct ColumnNames {
    known: Vec<(String, String)>,
}

impl ColumnNames {
    fn new(fields: &[crate::model::Field], links: &[Link], owned: bool) -> Self {
        let mut known: Vec<(String, String)> = fields
            .iter()
            .map(|f| (f.name.clone(), f.name.clone()))
            .collect();
        known.extend(links.iter().map(|l| (l.name.clone(), l.column.clone())));
        known.extend(links.iter().map(|l| (l.column.clone(), l.column.clone())));
        if owned {
            known.push(("owner".into(), "owner_id".into()));
        }
        known.push(("created_at".into(), "created_at".into()));
        known.push(("updated_at".into(), "updated_at".into()));
        ColumnNames { known }
    }

    fn also_know(&mut self, names: impl Iterator<Item = String>) {
        for name in names {
            if !self.known.iter().any(|(n, _)| *n == name) {
                self.known.push((name.clone(), format!("{name}_id")));
            }
        }
    }

    fn resolve(
        &self,
        ctx: &mut Ctx<'_>,
        at: &[crate::yaml::Seg<'_>],
        cols: &[String],
    ) -> Vec<String> {
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        for (i, col) in cols.iter().enumerate() {
            let mut p = at.to_vec();
            p.push(crate::yaml::Seg::Index(i));
            match self.known.iter().find(|(name, _)| name == col) {
                Some((_, column)) if seen.insert(column.clone()) => out.push(column.clone()),
                Some(_) => ctx.error(
                    "duplicate-name",
                    ctx.at(&p),
                    format!("`{col}` is listed twice"),
                    None,
                ),
                None => ctx.error(
                    "unknown-field",
                    ctx.at(&p),
                    format!("`{col}` is not a field or relation of this entity"),
                    suggestion(col, self.known.iter().map(|(n, _)| n.as_str())),
                ),
            }
        }
        out
    }
}

fn lower_search(
    ctx: &mut Ctx<'_>,
    doc: &Document,
    entity: &str,
    decl: &EntityDecl,
    fields: &[crate::model::Field],
) -> Vec<String> {
    use crate::model::FieldType;
    if decl.search.is_empty() {
        return Vec::new();
    }
    if !doc.capabilities.contains(&Capability::Search) {
        ctx.error(
            "missing-capability",
            ctx.key(&at!["entities", entity, "search"]),
            "full-text search needs the `search` capability",
            Some("add `search` to `capabilities`".into()),
        );
    }
    let mut out = Vec::new();
    for (i, name) in decl.search.iter().enumerate() {
        let span = ctx.at(&at!["entities", entity, "search", i]);
        match fields.iter().find(|f| &f.name == name) {
            Some(f) if matches!(f.ty, FieldType::String | FieldType::Text) && !f.is_list() => {
                out.push(name.clone())
            }
            // ("`tags` is a string field" would be no reason for a list of strings)
            Some(f) if f.is_list() => ctx.error(
                "invalid-search",
                span,
                format!(
                    "`{name}` is a list of {} values; only single string and text fields can be searched",
                    f.ty.as_str()
                ),
                Some(format!(
                    "remove `{name}` from `search`, or keep its values as rows of a child entity and search those"
                )),
            ),
            Some(f) => ctx.error(
                "invalid-search",
                span,
                format!(
                    "`{name}` is a {} field; only string and text fields can be searched",
                    f.ty.as_str()
                ),
                None,
            ),
            None => ctx.error(
                "unknown-field",
                span,
                format!("`{name}` is not a field of `{entity}`"),
                suggestion(name, fields.iter().map(|f| f.name.as_str())),
            ),
        }
    }
    out
}
