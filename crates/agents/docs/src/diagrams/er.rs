//! Entity-relationship diagrams, one per service (one database each), with
//! the columns the database agent creates. Parents and references inside a
//! service are foreign keys and drawn as relations; references to another
//! service are plain ids and only noted on the column.

use keel_blueprint::{Blueprint, Entity, FieldType, LinkKind, Service, ServiceKind};

use crate::mermaid::{er_comment, er_type};
use crate::words;

/// One column: SQL type, name, key (`PK`, `FK`, `UK` or empty), comment.
pub struct Column {
    pub ty: String,
    pub name: String,
    pub key: &'static str,
    pub comment: String,
}

impl Column {
    fn new(ty: &str, name: &str, key: &'static str, comment: impl Into<String>) -> Self {
        Column {
            ty: ty.to_owned(),
            name: name.to_owned(),
            key,
            comment: comment.into(),
        }
    }
}

/// A table and its columns, in the order of the migration.
pub struct Table {
    pub name: String,
    pub columns: Vec<Column>,
}

/// A foreign key drawn as a relation: `parent ||--o{ child : "column"`.
pub struct Relation {
    pub from: String,
    pub to: String,
    /// `||` when the column is required, `|o` when it may be null.
    pub required: bool,
    pub column: String,
}

pub struct Schema {
    pub tables: Vec<Table>,
    pub relations: Vec<Relation>,
}

pub fn schema(blueprint: &Blueprint, service: &Service) -> Schema {
    match service.kind {
        ServiceKind::Identity => identity(blueprint),
        ServiceKind::Domain => domain(blueprint, service),
    }
}

pub fn diagram(schema: &Schema) -> String {
    let mut out = String::from("erDiagram\n");
    for table in &schema.tables {
        out.push_str(&format!("    {} {{\n", table.name));
        for c in &table.columns {
            let mut line = format!("        {} {}", er_type(&c.ty), c.name);
            if !c.key.is_empty() {
                line.push(' ');
                line.push_str(c.key);
            }
            if !c.comment.is_empty() {
                line.push(' ');
                line.push_str(&er_comment(&c.comment));
            }
            out.push_str(&line);
            out.push('\n');
        }
        out.push_str("    }\n");
    }
    for r in &schema.relations {
        let one = if r.required { "||" } else { "|o" };
        out.push_str(&format!(
            "    {} {one}--o{{ {} : {}\n",
            r.from,
            r.to,
            er_comment(&r.column)
        ));
    }
    out
}

fn timestamps(columns: &mut Vec<Column>) {
    columns.push(Column::new("timestamptz", "created_at", "", ""));
    columns.push(Column::new(
        "timestamptz",
        "updated_at",
        "",
        "set on every update",
    ));
}

fn identity(blueprint: &Blueprint) -> Schema {
    let tenant = blueprint.multi_tenant();
    let mut tables = Vec::new();
    let mut relations = Vec::new();

    let mut users = vec![
        Column::new("uuid", "id", "PK", ""),
        Column::new("varchar(254)", "email", "UK", "lower case"),
        Column::new("varchar(512)", "password_hash", "", "argon2id"),
        Column::new("varchar(100)", "display_name", "", ""),
    ];
    if !tenant {
        let roles = if blueprint.roles.is_empty() {
            "no application roles".to_owned()
        } else {
            format!("any of {}", blueprint.roles.join(", "))
        };
        users.push(Column::new("text[]", "roles", "", roles));
    }
    users.push(Column::new("boolean", "disabled", "", ""));
    timestamps(&mut users);
    tables.push(Table {
        name: "users".into(),
        columns: users,
    });

    let mut tokens = vec![
        Column::new("uuid", "id", "PK", ""),
        Column::new("uuid", "user_id", "FK", ""),
        Column::new("uuid", "family_id", "", "one sign-in and its rotations"),
        Column::new("char(64)", "token_hash", "UK", "SHA-256, never the token"),
    ];
    if tenant {
        tokens.push(Column::new(
            "uuid",
            "organization_id",
            "",
            "the organization signed in to",
        ));
    }
    tokens.push(Column::new("timestamptz", "expires_at", "", "30 days"));
    tokens.push(Column::new(
        "timestamptz",
        "revoked_at",
        "",
        "set on reuse or sign-out",
    ));
    tokens.push(Column::new("uuid", "replaced_by", "", "the next token"));
    timestamps(&mut tokens);
    tables.push(Table {
        name: "refresh_tokens".into(),
        columns: tokens,
    });
    relations.push(Relation {
        from: "users".into(),
        to: "refresh_tokens".into(),
        required: true,
        column: "user_id".into(),
    });

    if tenant {
        let mut organizations = vec![
            Column::new("uuid", "id", "PK", "the tenant id of every row"),
            Column::new("varchar(120)", "name", "", ""),
        ];
        timestamps(&mut organizations);
        tables.push(Table {
            name: "organizations".into(),
            columns: organizations,
        });
        let roles = format!("any of {}", blueprint.roles.join(", "));
        let mut memberships = vec![
            Column::new("uuid", "id", "PK", ""),
            Column::new("uuid", "organization_id", "FK", ""),
            Column::new(
                "uuid",
                "user_id",
                "FK",
                "one membership per user and organization",
            ),
            Column::new("text[]", "roles", "", roles.clone()),
        ];
        timestamps(&mut memberships);
        tables.push(Table {
            name: "memberships".into(),
            columns: memberships,
        });
        let mut invitations = vec![
            Column::new("uuid", "id", "PK", ""),
            Column::new("uuid", "organization_id", "FK", ""),
            Column::new("varchar(254)", "email", "", "lower case"),
            Column::new("text[]", "roles", "", roles),
            Column::new("char(64)", "token_hash", "UK", "SHA-256, never the token"),
            Column::new("uuid", "invited_by", "FK", ""),
            Column::new("timestamptz", "expires_at", "", ""),
            Column::new("timestamptz", "accepted_at", "", ""),
        ];
        timestamps(&mut invitations);
        tables.push(Table {
            name: "invitations".into(),
            columns: invitations,
        });
        for (from, to, column, required) in [
            ("organizations", "memberships", "organization_id", true),
            ("users", "memberships", "user_id", true),
            ("organizations", "invitations", "organization_id", true),
            ("users", "invitations", "invited_by", false),
        ] {
            relations.push(Relation {
                from: from.into(),
                to: to.into(),
                required,
                column: column.into(),
            });
        }
    }
    Schema { tables, relations }
}

/// Whether a service stores uploaded files (it has a `file` field).
pub fn has_uploads(blueprint: &Blueprint, service: &str) -> bool {
    blueprint
        .entities_of(service)
        .any(|e| e.fields.iter().any(|f| f.ty == FieldType::File))
}

fn domain(blueprint: &Blueprint, service: &Service) -> Schema {
    let mut tables = Vec::new();
    let mut relations = Vec::new();
    let uploads = has_uploads(blueprint, &service.name);
    if uploads {
        let mut columns = vec![Column::new(
            "uuid",
            "id",
            "PK",
            "random: the file's only key",
        )];
        if blueprint.multi_tenant() {
            columns.push(Column::new("uuid", "tenant_id", "", "organization"));
        }
        columns.extend([
            Column::new("uuid", "owner_id", "", "uploader, a User in identity"),
            Column::new("varchar(100)", "content_type", "", "checked against accept"),
            Column::new("bigint", "size", "", "bytes, checked against max_size"),
            Column::new("char(64)", "sha256", "", ""),
            Column::new("bytea", "data", "", "the file"),
        ]);
        timestamps(&mut columns);
        tables.push(Table {
            name: "uploads".into(),
            columns,
        });
    }
    for entity in blueprint.entities_of(&service.name) {
        tables.push(entity_table(entity));
        for link in entity.links.iter().filter(|l| l.kind != LinkKind::Remote) {
            if let Some(target) = blueprint.entity(&link.target) {
                relations.push(Relation {
                    from: target.names.plural_snake.clone(),
                    to: entity.names.plural_snake.clone(),
                    required: link.required,
                    column: link.column.clone(),
                });
            }
        }
        if uploads {
            for field in entity.fields.iter().filter(|f| f.ty == FieldType::File) {
                relations.push(Relation {
                    from: "uploads".into(),
                    to: entity.names.plural_snake.clone(),
                    required: false,
                    column: field.name.clone(),
                });
            }
        }
    }
    Schema { tables, relations }
}

fn entity_table(entity: &Entity) -> Table {
    let mut columns = vec![Column::new("uuid", "id", "PK", "")];
    if entity.tenant_scoped {
        columns.push(Column::new(
            "uuid",
            "tenant_id",
            "",
            "organization in identity, isolated by row-level security",
        ));
    }
    if entity.owned {
        columns.push(Column::new(
            "uuid",
            "owner_id",
            "",
            "User in identity: the signed-in creator",
        ));
    }
    for link in &entity.links {
        let key = if link.kind == LinkKind::Remote {
            ""
        } else {
            "FK"
        };
        columns.push(Column::new(
            "uuid",
            &link.column,
            key,
            words::link_kind(link),
        ));
    }
    let state = entity.states.as_ref().map(|s| s.field.as_str());
    for field in &entity.fields {
        let mut comment = words::field_constraints(field);
        if Some(field.name.as_str()) == state {
            comment = format!("state machine: {comment}");
        }
        if !field.description.is_empty() {
            if !comment.is_empty() {
                comment.push_str(" — ");
            }
            comment.push_str(&field.description);
        }
        let key = match (field.unique, field.ty == FieldType::File) {
            (true, _) => "UK",
            (false, true) => "FK",
            (false, false) => "",
        };
        columns.push(Column::new(
            &keel_agent_database::sql_type(field),
            &field.name,
            key,
            comment,
        ));
    }
    if !entity.search.is_empty() {
        columns.push(Column::new(
            "tsvector",
            "search_document",
            "",
            format!("full-text search over {}", entity.search.join(", ")),
        ));
    }
    timestamps(&mut columns);
    Table {
        name: entity.names.plural_snake.clone(),
        columns,
    }
}
