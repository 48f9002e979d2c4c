//! Words a blueprint name may not be, because the generated SQL, Rust or
//! TypeScript would break or read badly. Kept as data so the lists can be
//! compared with their sources.

/// PostgreSQL 15 keywords that cannot be column or table names unquoted:
/// categories R (reserved) and T (type/function names) of `pg_get_keywords()`.
pub const SQL: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "binary",
    "both",
    "case",
    "cast",
    "check",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "false",
    "fetch",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "group",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "intersect",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "natural",
    "not",
    "notnull",
    "null",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "outer",
    "overlaps",
    "placing",
    "primary",
    "references",
    "returning",
    "right",
    "select",
    "session_user",
    "similar",
    "some",
    "symmetric",
    "system_user",
    "table",
    "tablesample",
    "then",
    "to",
    "trailing",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
];

/// Rust strict, reserved and weak keywords (2024 edition).
pub const RUST: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// TypeScript/JavaScript reserved words and strict-mode reserved words (type
/// names such as `number` are allowed: fields are values, never types).
pub const TYPESCRIPT: &[&str] = &[
    "arguments",
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "eval",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "implements",
    "import",
    "in",
    "instanceof",
    "interface",
    "let",
    "new",
    "null",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "static",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "yield",
];

/// Type names the generated Rust and TypeScript rely on; an entity with one of
/// these names would shadow them. (`Problem` is the contracts' error answer.)
pub const TYPE_NAMES: &[&str] = &[
    "Array", "Boolean", "Box", "Date", "Err", "Error", "Function", "Json", "None", "Number",
    "Object", "Ok", "Option", "Partial", "Problem", "Promise", "Record", "Result", "Self", "Some",
    "String", "Symbol", "Uuid", "Vec",
];

/// A name keel derives from an entity's name for the generated contracts
/// and web client: `IncidentCreate`, `IncidentUpdate`, `IncidentList`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GeneratedName {
    pub suffix: &'static str,
    /// What the name is given to, for messages ("update body").
    pub what: &'static str,
}

impl GeneratedName {
    /// The name for `entity` (`Incident` → `IncidentUpdate`).
    pub fn of(&self, entity: &str) -> String {
        format!("{entity}{}", self.suffix)
    }
}

pub const CREATE_BODY: GeneratedName = GeneratedName {
    suffix: "Create",
    what: "create body",
};
pub const UPDATE_BODY: GeneratedName = GeneratedName {
    suffix: "Update",
    what: "update body",
};
pub const LIST_PAGE: GeneratedName = GeneratedName {
    suffix: "List",
    what: "list page",
};

/// Every name derived from an entity's; `keel check` keeps entity names
/// clear of them.
pub const GENERATED_NAMES: &[GeneratedName] = &[CREATE_BODY, UPDATE_BODY, LIST_PAGE];

/// The entity among `others` whose generated name `name` would take, and
/// which name it is (`IncidentUpdate` → `Incident`'s update body), if any.
pub fn generated_name_owner<'a>(
    name: &str,
    others: impl IntoIterator<Item = &'a str>,
) -> Option<(&'a str, GeneratedName)> {
    let taken: Vec<(&str, GeneratedName)> = GENERATED_NAMES
        .iter()
        .filter_map(|g| Some((name.strip_suffix(g.suffix)?, *g)))
        .filter(|(prefix, _)| !prefix.is_empty())
        .collect();
    others.into_iter().find_map(|o| {
        taken
            .iter()
            .find(|(prefix, _)| *prefix == o)
            .map(|(_, g)| (o, *g))
    })
}

/// The name of the uploads endpoint (its schema and `createUpload`) of a
/// service with file fields: no entity of such a service may take it.
pub const UPLOAD_ENTITY: &str = "Upload";

/// Entities keel provides; user entities cannot take these names. (The
/// identity service keeps sign-ins as refresh tokens in its own database,
/// so a domain `Session` — a class, a therapy session — is free.)
pub const BUILTIN_ENTITIES: &[&str] = &[
    crate::model::USER,
    "Organization",
    "Membership",
    "RefreshToken",
];

/// Columns keel adds to every table.
pub const SYSTEM_COLUMNS: &[&str] = &["id", "created_at", "updated_at", "owner_id", "tenant_id"];

/// A link (parent or reference) named so would make a column keel adds to
/// every table: `owner` gives `owner_id`, `tenant` gives `tenant_id`.
pub fn link_takes_system_column(link: &str) -> bool {
    SYSTEM_COLUMNS.contains(&format!("{link}_id").as_str())
}

/// Words that are access-rule terms and so cannot be role names.
pub const RULE_TERMS: &[&str] = &["public", "signed_in", "owner", "tenant_member", "nobody"];

/// Names taken by parts of the generated system.
pub const SERVICE_NAMES: &[&str] = &[
    "api", "app", "db", "deploy", "docs", "gateway", "keel", "platform", "src", "target", "tests",
    "web", "www",
];

/// A replacement to offer for a reserved field name, when there is an obvious one.
pub fn field_alternative(name: &str) -> Option<&'static str> {
    Some(match name {
        "type" => "kind",
        "order" => "position",
        "group" => "team",
        "user" => "member",
        "default" => "is_default",
        "end" => "ends_at",
        "from" => "sender",
        "to" => "recipient",
        "limit" => "max_count",
        "offset" => "offset_value",
        "check" => "is_checked",
        "class" => "course",
        "new" => "is_new",
        "public" => "is_public",
        "private" => "is_private",
        "static" => "is_static",
        "primary" => "is_primary",
        "desc" => "description",
        "move" => "next_move",
        "match" => "game_match",
        "package" => "parcel",
        "union" => "trade_union",
        "table" => "seating",
        "window" => "time_window",
        "column" => "column_name",
        _ => return None,
    })
}

/// Reserved in the language that uses a word as an identifier on its own:
/// Rust (modules, variables). SQL only ever sees it with a suffix
/// (`order_id`) or in plural (`orders`); the web app's TypeScript uses it
/// as a key or a property, and names its variables apart where TypeScript
/// reserves the word (`caseEntity`).
pub fn reserved_in_code(word: &str) -> Option<String> {
    RUST.contains(&word).then(|| "Rust".to_owned())
}

pub fn is_reserved_anywhere(word: &str) -> bool {
    SQL.contains(&word) || RUST.contains(&word) || TYPESCRIPT.contains(&word)
}

/// Which languages reserve a word, for messages: `SQL and TypeScript`.
pub fn reserved_in(word: &str) -> Option<String> {
    let langs: Vec<&str> = [("SQL", SQL), ("Rust", RUST), ("TypeScript", TYPESCRIPT)]
        .into_iter()
        .filter(|(_, list)| list.contains(&word))
        .map(|(lang, _)| lang)
        .collect();
    match langs.as_slice() {
        [] => None,
        [one] => Some((*one).to_owned()),
        [init @ .., last] => Some(format!("{} and {last}", init.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_and_unique() {
        for list in [SQL, RUST, TYPESCRIPT, TYPE_NAMES, SERVICE_NAMES] {
            let mut sorted = list.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted, list.to_vec());
        }
    }

    #[test]
    fn finds_whose_generated_name_a_name_takes() {
        let others = ["Incident", "Order"];
        assert_eq!(
            generated_name_owner("IncidentUpdate", others),
            Some(("Incident", UPDATE_BODY))
        );
        assert_eq!(
            generated_name_owner("OrderList", others),
            Some(("Order", LIST_PAGE))
        );
        assert_eq!(UPDATE_BODY.of("Incident"), "IncidentUpdate");
        assert_eq!(generated_name_owner("StatusUpdate", others), None);
        assert_eq!(generated_name_owner("Update", ["", "Update"]), None);
    }

    #[test]
    fn names_the_languages() {
        assert_eq!(reserved_in("order").as_deref(), Some("SQL"));
        assert_eq!(reserved_in("type").as_deref(), Some("Rust"));
        assert_eq!(
            reserved_in("for").as_deref(),
            Some("SQL, Rust and TypeScript")
        );
        assert_eq!(reserved_in("title"), None);
    }
}
