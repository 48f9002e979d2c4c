//! The migration of a domain service.

use std::collections::BTreeSet;

use keel_blueprint::{Blueprint, Entity, FieldType, LinkKind, Service};
use keel_generate::AgentError;
use keel_generate::template::Templates;

use crate::{columns, policies, preamble, triggers};

pub fn sql(
    blueprint: &Blueprint,
    service: &Service,
    templates: &Templates,
) -> Result<String, AgentError> {
    let app_role = blueprint.app_role(&service.name);
    let title = format!(
        "The {} service of {}: tables and row-level security.",
        service.name, blueprint.app
    );
    let mut out = preamble(blueprint, &service.name, &title, templates)?;

    let entities: Vec<&Entity> = blueprint.entities_of(&service.name).collect();
    let (order, deferred) = creation_order(&entities);
    let needs_uploads = entities
        .iter()
        .any(|e| e.fields.iter().any(|f| f.ty == FieldType::File));

    if needs_uploads {
        out.push_str(&uploads_table(blueprint, &app_role));
    }
    for entity in &order {
        out.push('\n');
        out.push_str(&table(blueprint, entity, &deferred, needs_uploads));
        out.push_str(&indexes(entity));
    }
    if !deferred.is_empty() {
        out.push_str(
            "\n-- References that close a cycle between tables are added once both exist.\n",
        );
        let tenant = blueprint.multi_tenant();
        for DeferredKey {
            table,
            column,
            target,
            required,
        } in &deferred
        {
            let (columns, keys, action) = match (tenant, *required) {
                (false, true) => (column.clone(), "id".to_owned(), "RESTRICT".to_owned()),
                (false, false) => (column.clone(), "id".to_owned(), "SET NULL".to_owned()),
                (true, true) => (
                    format!("{column}, tenant_id"),
                    "id, tenant_id".to_owned(),
                    "RESTRICT".to_owned(),
                ),
                (true, false) => (
                    format!("{column}, tenant_id"),
                    "id, tenant_id".to_owned(),
                    format!("SET NULL ({column})"),
                ),
            };
            out.push_str(&format!(
                "ALTER TABLE {table} ADD CONSTRAINT {table}_{column}_fkey FOREIGN KEY ({columns}) REFERENCES {target} ({keys}) ON DELETE {action};\n",
            ));
        }
    }
    for entity in &order {
        out.push('\n');
        out.push_str(&format!(
            "-- {}: who may do what (see `access` in keel.yaml).\n",
            entity.name
        ));
        out.push_str(&triggers::guard(blueprint, entity));
        out.push_str(&policies::policies(blueprint, entity, &app_role));
        out.push_str(&format!(
            "GRANT SELECT, INSERT, UPDATE, DELETE ON {} TO {app_role};\n",
            entity.names.plural_snake
        ));
    }
    out.push_str(&format!(
        "\nRESET ROLE;\nCOMMENT ON DATABASE {} IS 'keel: the {} service of {}';\nCOMMIT;\n",
        blueprint.database_name(&service.name),
        service.name,
        blueprint.app
    ));
    Ok(out)
}

/// A foreign key added after both tables exist: the referring table, its
/// column, the referenced table, and whether the reference is required.
struct DeferredKey {
    table: String,
    column: String,
    target: String,
    required: bool,
}

/// Tables ordered so that every parent and local reference exists before it
/// is pointed at; references that would close a cycle are returned to be
/// added afterwards as `(table, column, target table, required)`.
fn creation_order<'a>(entities: &[&'a Entity]) -> (Vec<&'a Entity>, Vec<DeferredKey>) {
    let mut order: Vec<&Entity> = Vec::new();
    let mut deferred = Vec::new();
    let mut visiting = BTreeSet::new();
    fn visit<'a>(
        e: &'a Entity,
        all: &[&'a Entity],
        order: &mut Vec<&'a Entity>,
        visiting: &mut BTreeSet<String>,
        deferred: &mut Vec<DeferredKey>,
    ) {
        if order.iter().any(|o| o.name == e.name) {
            return;
        }
        visiting.insert(e.name.clone());
        for link in e.links.iter().filter(|l| l.kind != LinkKind::Remote) {
            let Some(target) = all.iter().find(|t| t.name == link.target) else {
                continue;
            };
            // (A reference that may stay empty is not followed into a table
            // whose parents or required references lead back to one being
            // created: a parent's key, made inline, would close the cycle.
            // The reference is added afterwards instead.)
            let optional_back =
                link.kind == LinkKind::Local && !link.required && leads_back(target, all, visiting);
            if visiting.contains(&target.name) || optional_back {
                // Only references can close a cycle (parents are acyclic and
                // a self-reference is a cycle of one).
                deferred.push(DeferredKey {
                    table: e.names.plural_snake.clone(),
                    column: link.column.clone(),
                    target: target.names.plural_snake.clone(),
                    required: link.required,
                });
            } else {
                visit(target, all, order, visiting, deferred);
            }
        }
        visiting.remove(&e.name);
        order.push(e);
    }
    for e in entities {
        visit(e, entities, &mut order, &mut visiting, &mut deferred);
    }
    (order, deferred)
}

/// Whether `from`'s parents and required references, followed through this
/// service's tables, reach one of `visiting`.
fn leads_back(from: &Entity, all: &[&Entity], visiting: &BTreeSet<String>) -> bool {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(e) = stack.pop() {
        if visiting.contains(&e.name) {
            return true;
        }
        if !seen.insert(e.name.as_str()) {
            continue;
        }
        for link in e
            .links
            .iter()
            .filter(|l| l.kind == LinkKind::Parent || (l.kind == LinkKind::Local && l.required))
        {
            if let Some(target) = all.iter().find(|t| t.name == link.target) {
                stack.push(target);
            }
        }
    }
    false
}

fn table(
    blueprint: &Blueprint,
    entity: &Entity,
    deferred: &[DeferredKey],
    uploads: bool,
) -> String {
    let name = &entity.names.plural_snake;
    let mut lines: Vec<String> = vec!["id uuid PRIMARY KEY DEFAULT gen_random_uuid()".into()];
    if entity.tenant_scoped {
        lines.push("tenant_id uuid NOT NULL DEFAULT keel.current_tenant_id()".into());
    }
    if entity.owned {
        lines.push("owner_id uuid NOT NULL DEFAULT keel.current_user_id()".into());
    }
    // In a multi-tenant app a foreign key carries the tenant too, so a row
    // can never point at another organization's row (foreign-key checks do
    // not see row-level security).
    let mut foreign_keys: Vec<String> = Vec::new();
    let mut reference = |column: &str, target: &str, action: &str| -> String {
        if entity.tenant_scoped {
            let action = if action == "SET NULL" {
                format!("SET NULL ({column})")
            } else {
                action.to_owned()
            };
            foreign_keys.push(format!(
                "CONSTRAINT {name}_{column}_fkey FOREIGN KEY ({column}, tenant_id) REFERENCES {target} (id, tenant_id) ON DELETE {action}"
            ));
            String::new()
        } else {
            format!(" REFERENCES {target} (id) ON DELETE {action}")
        }
    };
    for link in &entity.links {
        let null = if link.required { " NOT NULL" } else { "" };
        let is_deferred = deferred
            .iter()
            .any(|d| d.table == *name && d.column == link.column);
        let fk = match link.kind {
            LinkKind::Parent => reference(
                &link.column,
                &target_table(blueprint, &link.target),
                "CASCADE",
            ),
            LinkKind::Local if !is_deferred => reference(
                &link.column,
                &target_table(blueprint, &link.target),
                if link.required {
                    "RESTRICT"
                } else {
                    "SET NULL"
                },
            ),
            _ => String::new(),
        };
        let note = match link.kind {
            LinkKind::Remote => format!(
                "-- {} in the {} service: an id checked through its API\n  ",
                link.target, link.target_service
            ),
            _ => String::new(),
        };
        lines.push(format!("{note}{} uuid{null}{fk}", link.column));
    }
    for field in &entity.fields {
        let mut col = columns::field_column(entity, field, entity.tenant_scoped);
        if field.ty == FieldType::File && uploads {
            col.push_str(&reference(&field.name, "uploads", "SET NULL"));
        }
        lines.push(col);
    }
    if !entity.search.is_empty() {
        let doc: Vec<String> = entity
            .search
            .iter()
            .map(|f| format!("coalesce({f}, '')"))
            .collect();
        lines.push(format!(
            "search_document tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, {})) STORED",
            doc.join(" || ' ' || ")
        ));
    }
    lines.push("created_at timestamptz NOT NULL DEFAULT now()".into());
    lines.push("updated_at timestamptz NOT NULL DEFAULT now()".into());
    if entity.tenant_scoped {
        // The target of the tenant-carrying foreign keys above.
        lines.push(format!(
            "CONSTRAINT {name}_id_tenant_key UNIQUE (id, tenant_id)"
        ));
    }
    lines.extend(foreign_keys);
    for field in &entity.fields {
        for (check_name, expr) in columns::field_checks(name, field) {
            lines.push(format!("CONSTRAINT {check_name} CHECK ({expr})"));
        }
    }
    let scope = if entity.tenant_scoped {
        "tenant_id, "
    } else {
        ""
    };
    if entity.tenant_scoped {
        for field in entity.fields.iter().filter(|f| f.unique) {
            lines.push(format!(
                "CONSTRAINT {name}_{}_key UNIQUE (tenant_id, {})",
                field.name, field.name
            ));
        }
    }
    for cols in &entity.unique {
        lines.push(format!(
            "CONSTRAINT {name}_{}_key UNIQUE ({scope}{})",
            cols.join("_"),
            cols.join(", ")
        ));
    }
    let doc = if entity.description.is_empty() {
        String::new()
    } else {
        format!("-- {}\n", entity.description.replace('\n', " "))
    };
    format!(
        "{doc}CREATE TABLE {name} (\n  {}\n);\n",
        lines.join(",\n  ")
    )
}

fn target_table(blueprint: &Blueprint, target: &str) -> String {
    blueprint
        .entity(target)
        .map(|e| e.names.plural_snake.clone())
        .unwrap_or_else(|| target.to_owned())
}

/// Indexes for every column a policy or a list filter reads, then the
/// blueprint's own.
fn indexes(entity: &Entity) -> String {
    let table = &entity.names.plural_snake;
    let scope: Vec<&str> = if entity.tenant_scoped {
        vec!["tenant_id"]
    } else {
        vec![]
    };
    // Index names leave `tenant_id` out, so two indexes of the same columns
    // but for the tenant's place share one: the first stands for both
    // (a reference's index serves an index the blueprint asks on it).
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut out = String::new();
    let mut index = |cols: Vec<String>, kind: &str, out: &mut String| {
        let name = format!(
            "{table}_{}_idx",
            cols.iter()
                .map(|c| c.as_str())
                .filter(|c| *c != "tenant_id")
                .collect::<Vec<_>>()
                .join("_")
        );
        let name = if name == format!("{table}__idx") {
            format!("{table}_tenant_idx")
        } else {
            name
        };
        if seen.insert(name.clone()) {
            out.push_str(&format!(
                "CREATE INDEX {name} ON {table}{kind} ({});\n",
                cols.join(", ")
            ));
        }
    };
    // Sorting and ranges need the tenant first; equality lookups (owner,
    // relations — also what cascading deletes search) put the column first.
    let tenant_first = |cols: &[&str]| -> Vec<String> {
        scope.iter().chain(cols).map(|c| (*c).to_owned()).collect()
    };
    let tenant_last = |cols: &[&str]| -> Vec<String> {
        cols.iter().chain(&scope).map(|c| (*c).to_owned()).collect()
    };
    // Lists are ordered by creation time by default.
    index(tenant_first(&["created_at"]), "", &mut out);
    if entity.owned {
        index(tenant_last(&["owner_id"]), "", &mut out);
    }
    for link in &entity.links {
        index(tenant_last(&[link.column.as_str()]), "", &mut out);
    }
    for cols in &entity.indexes {
        let cols: Vec<&str> = cols.iter().map(String::as_str).collect();
        index(tenant_first(&cols), "", &mut out);
    }
    if !entity.search.is_empty() {
        out.push_str(&format!(
            "CREATE INDEX {table}_search_idx ON {table} USING gin (search_document);\n"
        ));
    }
    out
}

fn uploads_table(blueprint: &Blueprint, app_role: &str) -> String {
    let tenant = blueprint.multi_tenant();
    let tenant_col = if tenant {
        "\n  tenant_id uuid NOT NULL DEFAULT keel.current_tenant_id(),"
    } else {
        ""
    };
    let tenant_ok = if tenant {
        "uploads.tenant_id = keel.current_tenant_id() AND "
    } else {
        ""
    };
    format!(
        "\n-- Uploaded files. An upload is readable by anyone who knows its random id\n\
         -- (like an unguessable object-store key){scope}; only its uploader may remove it.\n\
         CREATE TABLE uploads (\n  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),{tenant_col}\n  \
         owner_id uuid NOT NULL DEFAULT keel.current_user_id(),\n  \
         content_type varchar(100) NOT NULL,\n  \
         size bigint NOT NULL CHECK (size BETWEEN 1 AND 1073741824),\n  \
         sha256 char(64) NOT NULL,\n  \
         data bytea NOT NULL,\n  \
         created_at timestamptz NOT NULL DEFAULT now(),\n  \
         updated_at timestamptz NOT NULL DEFAULT now(),\n  \
         CONSTRAINT uploads_size_matches CHECK (octet_length(data) = size){tenant_key}\n);\n\
         CREATE INDEX uploads_owner_id_idx ON uploads (owner_id);\n\
         ALTER TABLE uploads ENABLE ROW LEVEL SECURITY;\n\
         ALTER TABLE uploads FORCE ROW LEVEL SECURITY;\n\
         CREATE POLICY uploads_read ON uploads FOR SELECT TO {app_role} USING ({tenant_ok}true);\n\
         CREATE POLICY uploads_create ON uploads FOR INSERT TO {app_role}\n  WITH CHECK ({tenant_ok}owner_id = keel.current_user_id());\n\
         CREATE POLICY uploads_update ON uploads FOR UPDATE TO {app_role} USING (false);\n\
         CREATE POLICY uploads_delete ON uploads FOR DELETE TO {app_role}\n  USING ({tenant_ok}owner_id = keel.current_user_id());\n\
         GRANT SELECT, INSERT, DELETE ON uploads TO {app_role};\n",
        scope = if tenant {
            " within its organization"
        } else {
            ""
        },
        tenant_key = if tenant {
            ",\n  CONSTRAINT uploads_id_tenant_key UNIQUE (id, tenant_id)"
        } else {
            ""
        },
    )
}
