//! Access rules as SQL: the same rules the service checks, enforced again by
//! PostgreSQL row-level security.

use keel_blueprint::{Blueprint, Entity, Op, Rule, Term};
use keel_generate::template::sql_string;

/// A boolean SQL expression for `rule` on a row of `entity`; `row` prefixes
/// the row's columns (`recipes.`, `OLD.`, `p1.`).
pub fn rule_sql(
    blueprint: &Blueprint,
    entity: &Entity,
    rule: &Rule,
    row: &str,
    depth: usize,
) -> String {
    if rule.is_nobody() {
        return "false".to_owned();
    }
    let terms: Vec<String> = rule
        .any_of
        .iter()
        .map(|t| term_sql(blueprint, entity, t, row, depth))
        .collect();
    if terms.len() == 1 {
        terms.into_iter().next().unwrap_or_default()
    } else {
        format!("({})", terms.join(" OR "))
    }
}

fn term_sql(
    blueprint: &Blueprint,
    entity: &Entity,
    term: &Term,
    row: &str,
    depth: usize,
) -> String {
    match term {
        Term::Public => "true".to_owned(),
        // In a multi-tenant app every policy also requires the row's tenant,
        // so a member of the tenant is any signed-in user who got this far.
        Term::SignedIn | Term::TenantMember => "keel.current_user_id() IS NOT NULL".to_owned(),
        Term::Owner => format!("{row}owner_id = keel.current_user_id()"),
        Term::ReferencedUser { column, .. } => format!("{row}{column} = keel.current_user_id()"),
        Term::Role(role) => format!("keel.has_role({})", sql_string(role)),
        Term::Parent {
            entity: parent_name,
            op,
        } => {
            let Some(parent) = blueprint.entity(parent_name) else {
                return "false".to_owned();
            };
            let link = entity
                .parents()
                .find(|l| &l.target == parent_name)
                .map(|l| l.column.as_str())
                .unwrap_or("id");
            let alias = format!("p{}", depth + 1);
            let inner = rule_sql(
                blueprint,
                parent,
                parent.access.rule(*op),
                &format!("{alias}."),
                depth + 1,
            );
            format!(
                "EXISTS (SELECT 1 FROM {table} AS {alias} WHERE {alias}.id = {row}{link} AND {inner})",
                table = parent.names.plural_snake,
            )
        }
    }
}

/// The four policies of a table.
pub fn policies(blueprint: &Blueprint, entity: &Entity, app_role: &str) -> String {
    let table = &entity.names.plural_snake;
    let row = format!("{table}.");
    let tenant = entity
        .tenant_scoped
        .then(|| format!("{row}tenant_id = keel.current_tenant_id()"));
    let all = |parts: Vec<String>| -> String {
        let parts: Vec<String> = tenant.iter().cloned().chain(parts).collect();
        parts.join("\n    AND ")
    };
    let rule = |op: Op| rule_sql(blueprint, entity, entity.access.rule(op), &row, 0);

    let mut create = Vec::new();
    if entity.owned {
        create.push(format!("{row}owner_id = keel.current_user_id()"));
    }
    if let Some(states) = &entity.states {
        create.push(format!(
            "{row}{} = {}",
            states.field,
            sql_string(&states.initial)
        ));
    }
    create.push(rule(Op::Create));

    // An update is either an edit (the update rule) or a transition (its
    // `by` rule); the guard trigger tells them apart.
    let mut update_rules: Vec<String> = Vec::new();
    let transition_rules = entity
        .states
        .iter()
        .flat_map(|s| s.transitions.iter().map(|t| &t.by));
    for r in std::iter::once(entity.access.rule(Op::Update)).chain(transition_rules) {
        let sql = rule_sql(blueprint, entity, r, &row, 0);
        if sql != "false" && !update_rules.contains(&sql) {
            update_rules.push(sql);
        }
    }
    let update = match update_rules.len() {
        0 => "false".to_owned(),
        1 => update_rules.remove(0),
        _ => format!("({})", update_rules.join(" OR ")),
    };

    let mut out = String::new();
    out.push_str(&format!("ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;\nALTER TABLE {table} FORCE ROW LEVEL SECURITY;\n"));
    out.push_str(&format!(
        "CREATE POLICY {table}_read ON {table} FOR SELECT TO {app_role}\n  USING (\n    {}\n  );\n",
        all(vec![rule(Op::Read)])
    ));
    out.push_str(&format!(
        "CREATE POLICY {table}_create ON {table} FOR INSERT TO {app_role}\n  WITH CHECK (\n    {}\n  );\n",
        all(create)
    ));
    out.push_str(&format!(
        "CREATE POLICY {table}_update ON {table} FOR UPDATE TO {app_role}\n  USING (\n    {}\n  )\n  WITH CHECK (\n    {}\n  );\n",
        all(vec![update]),
        tenant.clone().unwrap_or_else(|| "true".to_owned()),
    ));
    out.push_str(&format!(
        "CREATE POLICY {table}_delete ON {table} FOR DELETE TO {app_role}\n  USING (\n    {}\n  );\n",
        all(vec![rule(Op::Delete)])
    ));
    out
}
