//! Access rules as Rust: the same rules the row-level security policies
//! enforce, checked by the service first (authorisation twice).

use keel_blueprint::{Blueprint, Entity, Op, Rule, Term};

use crate::layout;

/// Whether anyone, signed in or not, may pass `rule` on some row.
pub fn allows_anonymous(blueprint: &Blueprint, rule: &Rule) -> bool {
    rule.any_of.iter().any(|t| match t {
        Term::Public => true,
        Term::Parent { entity, op } => blueprint
            .deferred_to(entity, *op)
            .is_some_and(|(_, rules)| rules.iter().all(|r| allows_anonymous(blueprint, r))),
        _ => false,
    })
}

/// Operations on `entity` that its children's rules ask about by id
/// (`<op> access to <Entity>`), so its module offers `may_<op>_id`.
pub fn ops_asked_by_children(blueprint: &Blueprint, entity: &Entity) -> Vec<Op> {
    let mut ops: Vec<Op> = Vec::new();
    for child in blueprint.children_of(&entity.name) {
        for rule in child.rules() {
            for term in &rule.any_of {
                if let Term::Parent { entity: p, op } = term
                    && *p == entity.name
                    && !ops.contains(op)
                {
                    ops.push(*op);
                }
            }
        }
    }
    Op::ALL.into_iter().filter(|op| ops.contains(op)).collect()
}

/// `pub async fn <name>(tx, caller, row) -> Decision` deciding `rule` for a
/// row of `entity` (a JSON row as the module's `ROW` builds it).
pub fn rule_fn(
    blueprint: &Blueprint,
    entity: &Entity,
    name: &str,
    label: &str,
    rule: &Rule,
) -> String {
    let mut simple = Vec::new();
    let mut roles = Vec::new();
    let mut parents = Vec::new();
    for term in &rule.any_of {
        match term {
            Term::Public => simple.push("true".to_owned()),
            Term::SignedIn | Term::TenantMember => simple.push("caller.signed_in()".to_owned()),
            Term::Owner => simple.push("caller.is(owner_of(row))".to_owned()),
            Term::ReferencedUser { column, .. } => {
                simple.push(format!("caller.is(uuid_at(row, \"{column}\"))"));
            }
            Term::Role(role) => roles.push(role.clone()),
            Term::Parent { entity: parent, op } => {
                let Some(parent) = blueprint.entity(parent) else {
                    continue;
                };
                let column = entity
                    .parents()
                    .find(|l| l.target == parent.name)
                    .map(|l| l.column.clone())
                    .unwrap_or_default();
                parents.push(format!(
                    "{}::may_{}_id(tx, caller, uuid_at(row, \"{column}\")).await?",
                    crate::service::module_name(blueprint, parent),
                    op.as_str()
                ));
            }
        }
    }
    // Roles wider than rustfmt's `array_width` would take lines of their
    // own inside the condition: they get a constant of their own instead.
    let quoted: Vec<String> = roles.iter().map(|r| format!("\"{r}\"")).collect();
    let roles_const = format!("{}_ROLES", name.to_uppercase());
    let mut consts = String::new();
    match quoted.as_slice() {
        [] => {}
        [one] => simple.push(format!("caller.has_role({one})")),
        many if many.join(", ").chars().count() <= layout::SHORT => {
            simple.push(format!("caller.has_any_role(&[{}])", many.join(", ")));
        }
        _ => {
            simple.push(format!("caller.has_any_role({roles_const})"));
            consts = format!(
                "/// The roles that may {label}.\n{}\n",
                layout::str_array(0, &format!("const {roles_const}: &[&str]"), &roles)
            );
        }
    }
    if simple.iter().any(|s| s == "true") {
        simple = vec!["true".to_owned()];
        parents.clear();
        consts.clear();
    }
    let tenant = entity.tenant_scoped && !rule.is_nobody();
    let uses_row = tenant || !parents.is_empty() || simple.iter().any(|s| s.contains("row"));
    let uses_caller = tenant || !parents.is_empty() || simple.iter().any(|s| s.contains("caller"));
    let uses_tx = !parents.is_empty();
    let param = |used: bool, name: &str, ty: &str| {
        if used {
            format!("{name}: {ty}")
        } else {
            format!("_{name}: {ty}")
        }
    };
    let mut out = consts;
    out.push_str(&format!("/// `{label}: {rule}`\n"));
    out.push_str(&layout::signature(
        &format!("pub async fn {name}"),
        &[
            param(uses_tx, "tx", "&mut Tx"),
            param(uses_caller, "caller", "&Caller"),
            param(uses_row, "row", "&Value"),
        ],
        "Decision",
    ));
    if tenant {
        out.push_str("    if !same_tenant(caller, row) {\n        return Ok(false);\n    }\n");
    }
    // Parents are asked last: they cost a query.
    let mut terms = simple;
    terms.extend(parents);
    if terms.is_empty() {
        terms.push("false".to_owned());
    }
    out.push_str(&layout::any_of(4, &terms));
    out.push_str("}\n");
    out
}
