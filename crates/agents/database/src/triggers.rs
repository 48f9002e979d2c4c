//! The guard trigger of a table: immutable columns, `updated_at`, and the
//! state machine, enforced by PostgreSQL whatever the service does.

use keel_blueprint::{Blueprint, Entity, Op};
use keel_generate::template::sql_string;

use crate::policies::rule_sql;

pub fn guard(blueprint: &Blueprint, entity: &Entity) -> String {
    let table = &entity.names.plural_snake;
    let mut immutable = vec!["id".to_owned(), "created_at".to_owned()];
    if entity.owned {
        immutable.push("owner_id".into());
    }
    if entity.tenant_scoped {
        immutable.push("tenant_id".into());
    }
    immutable.extend(entity.parents().map(|l| l.column.clone()));
    let changed: Vec<String> = immutable
        .iter()
        .map(|c| format!("NEW.{c} IS DISTINCT FROM OLD.{c}"))
        .collect();

    let mut body = String::new();
    body.push_str(&format!(
        "  IF {} THEN\n    RAISE EXCEPTION '{table}: {} cannot change' USING ERRCODE = '42501';\n  END IF;\n",
        changed.join("\n     OR "),
        immutable.join(", "),
    ));

    if let Some(states) = &entity.states {
        let field = &states.field;
        let allowed: Vec<String> = states
            .transitions
            .iter()
            .map(|t| {
                format!(
                    "(OLD.{field} IN ({}) AND NEW.{field} = {} AND {})",
                    t.from
                        .iter()
                        .map(|s| sql_string(s))
                        .collect::<Vec<_>>()
                        .join(", "),
                    sql_string(&t.to),
                    rule_sql(blueprint, entity, &t.by, "OLD.", 0),
                )
            })
            .collect();
        let exists: Vec<String> = states
            .transitions
            .iter()
            .map(|t| {
                format!(
                    "(OLD.{field} IN ({}) AND NEW.{field} = {})",
                    t.from
                        .iter()
                        .map(|s| sql_string(s))
                        .collect::<Vec<_>>()
                        .join(", "),
                    sql_string(&t.to),
                )
            })
            .collect();
        // Columns a transition must leave alone: everything the client can edit.
        let editable: Vec<String> = entity
            .writable_fields()
            .map(|f| f.name.clone())
            .chain(entity.references().map(|l| l.column.clone()))
            .collect();
        body.push_str(&format!(
            "  IF NEW.{field} IS DISTINCT FROM OLD.{field} THEN\n"
        ));
        body.push_str(&format!(
            "    IF NOT (\n      {}\n    ) THEN\n",
            allowed.join("\n      OR ")
        ));
        body.push_str(&format!(
            "      IF NOT (\n        {}\n      ) THEN\n",
            exists.join("\n        OR ")
        ));
        body.push_str(&format!(
            "        RAISE EXCEPTION '{table}: no transition from % to %', OLD.{field}, NEW.{field} USING ERRCODE = '23514';\n      END IF;\n"
        ));
        body.push_str(&format!(
            "      RAISE EXCEPTION '{table}: not allowed to move from % to %', OLD.{field}, NEW.{field} USING ERRCODE = '42501';\n    END IF;\n"
        ));
        if !editable.is_empty() {
            let new: Vec<String> = editable.iter().map(|c| format!("NEW.{c}")).collect();
            let old: Vec<String> = editable.iter().map(|c| format!("OLD.{c}")).collect();
            body.push_str(&format!(
                "    IF ROW({}) IS DISTINCT FROM ROW({}) THEN\n      RAISE EXCEPTION '{table}: a transition changes only {field}' USING ERRCODE = '42501';\n    END IF;\n",
                new.join(", "),
                old.join(", "),
            ));
        }
        body.push_str(&format!(
            "  ELSIF NOT {} THEN\n    RAISE EXCEPTION '{table}: not allowed to update this row' USING ERRCODE = '42501';\n  END IF;\n",
            rule_sql(blueprint, entity, entity.access.rule(Op::Update), "OLD.", 0)
        ));
    }
    body.push_str("  NEW.updated_at := now();\n  RETURN NEW;\n");

    format!(
        "CREATE FUNCTION {table}_guard() RETURNS trigger\n  LANGUAGE plpgsql\n  AS $guard$\nBEGIN\n{body}END\n$guard$;\n\
         CREATE TRIGGER {table}_guard BEFORE UPDATE ON {table}\n  FOR EACH ROW EXECUTE FUNCTION {table}_guard();\n"
    )
}
