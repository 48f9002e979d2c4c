//! One module per entity: `services/<service>/src/<plural>.rs` with the
//! handlers `list`, `create`, `get`, `update`, `delete` and one per state
//! transition, its validation and its access rules.

use keel_agent_contracts::{Kind, ParamValue, QueryParam};
use keel_blueprint::{Blueprint, Entity, FieldType, LinkKind, Op, Service, USER};

use crate::fields;
use crate::layout;
use crate::rules::{allows_anonymous, ops_asked_by_children, rule_fn};

pub fn module(blueprint: &Blueprint, service: &Service, entity: &Entity) -> String {
    let n = &entity.names;
    let base = format!("/api/{}/{}", service.name, n.plural_kebab);
    let description = if entity.description.is_empty() {
        String::new()
    } else {
        format!("//!\n//! {}\n", entity.description.replace('\n', " "))
    };
    let header = format!(
        "//! {pascal}: the handlers of `{base}`.\n{description}//!\n//! Access (keel.yaml): read {read}; create {create}; update {update};\n//! delete {delete}. PostgreSQL enforces the same rules again with\n//! row-level security.\n\n",
        pascal = n.pascal,
        read = entity.access.read,
        create = entity.access.create,
        update = entity.access.update,
        delete = entity.access.delete,
    );
    let routes = Routes::of(blueprint, service, entity);
    let mut out = String::new();
    constants(&mut out, entity, &base, &routes);
    if routes.create || routes.update {
        validation(&mut out, entity);
        references(&mut out, blueprint, entity);
        local_references(&mut out, blueprint, entity);
    }
    access(&mut out, blueprint, entity, &routes);
    handlers(&mut out, blueprint, entity, &base, &routes);

    let mut full = header;
    full.push_str(&imports(blueprint, entity, &out));
    full.push_str(&out);
    full
}

/// Which operations of the entity its contract has: only those get a
/// handler (a rule of `nobody` has no route; `PATCH` exists only when there
/// is something to update).
struct Routes {
    list: bool,
    create: bool,
    get: bool,
    update: bool,
    delete: bool,
    transitions: Vec<String>,
}

impl Routes {
    fn of(blueprint: &Blueprint, service: &Service, entity: &Entity) -> Routes {
        let mut routes = Routes {
            list: false,
            create: false,
            get: false,
            update: false,
            delete: false,
            transitions: Vec::new(),
        };
        let ops = keel_agent_contracts::operations(blueprint, service);
        for op in ops
            .into_iter()
            .filter(|o| o.resource.as_deref() == Some(entity.name.as_str()))
        {
            match op.kind {
                Kind::List => routes.list = true,
                Kind::Create => routes.create = true,
                Kind::Get => routes.get = true,
                Kind::Update => routes.update = true,
                Kind::Delete => routes.delete = true,
                Kind::Transition(name) => routes.transitions.push(name),
                _ => {}
            }
        }
        routes
    }

    /// Whether a handler looks a row up by id.
    fn by_id(&self) -> bool {
        self.get || self.update || self.delete || !self.transitions.is_empty()
    }
}

/// `Filter::Uuid`, … for a filter of the contract; enum values go to a
/// constant of their own (`STATUS_VALUES`).
fn filter_expr(param: &QueryParam, out: &mut String) -> String {
    match &param.value {
        ParamValue::Boolean => "Filter::Boolean".to_owned(),
        ParamValue::Enum { values } => {
            let name = format!("{}_VALUES", param.name.to_uppercase());
            out.push_str(&layout::str_array(
                0,
                &format!("const {name}: &[&str]"),
                values,
            ));
            format!("Filter::Enum({name})")
        }
        _ => "Filter::Uuid".to_owned(),
    }
}

fn constants(out: &mut String, entity: &Entity, base: &str, routes: &Routes) {
    let n = &entity.names;
    out.push_str(&format!(
        "/// Where {plural} are served.\n{base_const}/// The table of {plural}.\npub const TABLE: &str = \"{table}\";\n\n/// A {word} as JSON, built by PostgreSQL.\n",
        plural = n.plural_words,
        word = n.words,
        table = n.plural_snake,
        base_const = layout::assign(0, "pub const BASE: &str", &format!("\"{base}\"")),
    ));
    out.push_str(&layout::str_const(
        "pub const ROW: &str",
        &fields::row_parts(entity),
    ));
    if routes.list {
        // Sort keys and filters are the contract's (`keel_agent_contracts`).
        let mut values = String::new();
        let filters: Vec<String> = keel_agent_contracts::filters(entity)
            .iter()
            .map(|p| layout::tuple(&[format!("\"{}\"", p.name), filter_expr(p, &mut values)]))
            .collect();
        if !values.is_empty() {
            blank_line(out);
            out.push_str(&values);
        }
        blank_line(out);
        out.push_str("const LIST: ListSpec = ListSpec {\n");
        out.push_str(
            &layout::str_array(4, "sortable:", &keel_agent_contracts::sort_keys(entity))
                .replace("sortable: = &[", "sortable: &[")
                .replace("];\n", "],\n"),
        );
        out.push_str(&layout::list(4, "filters: &[", &filters, "],"));
        out.push_str(&format!(
            "    search: {},\n}};\n",
            !entity.search.is_empty()
        ));
    }
    let validates = routes.create || routes.update;
    if validates {
        blank_line(out);
        out.push_str("/// Fields a create body may carry.\n");
        out.push_str(&layout::str_array(
            0,
            "const CREATE_FIELDS: &[&str]",
            &fields::create_fields(entity),
        ));
        out.push_str("/// Fields an update body may carry.\n");
        out.push_str(&layout::str_array(
            0,
            "const UPDATE_FIELDS: &[&str]",
            &fields::update_fields(entity),
        ));
    }
    if let Some(states) = &entity.states {
        for t in states
            .transitions
            .iter()
            .filter(|t| routes.transitions.contains(&t.name))
        {
            blank_line(out);
            out.push_str(&format!(
                "/// `{}`: {} → {}.\nconst {}: Transition = Transition {{\n    field: \"{}\",\n",
                t.name,
                t.from.join(" or "),
                t.to,
                t.name.to_uppercase(),
                states.field,
            ));
            out.push_str(
                &layout::str_array(4, "from:", &t.from)
                    .replace("from: = &[", "from: &[")
                    .replace("];\n", "],\n"),
            );
            out.push_str(&format!("    to: \"{}\",\n}};\n", t.to));
        }
    }
    // (only `validate` reads the patterns, and only writes are validated)
    for field in entity
        .fields
        .iter()
        .filter(|f| validates && f.pattern.is_some())
    {
        blank_line(out);
        out.push_str(&layout::regex_static(
            &fields::pattern_static(field),
            &format!("{:?}", field.pattern.as_deref().unwrap_or_default()),
        ));
    }
    blank_line(out);
}

/// Ends `out` with exactly one blank line, the separator between blocks
/// whichever of them were written before.
fn blank_line(out: &mut String) {
    while out.ends_with("\n\n") {
        out.pop();
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push('\n');
}

fn validation(out: &mut String, entity: &Entity) {
    let has_fields = !entity.links.is_empty() || entity.writable_fields().next().is_some();
    let mutable = if has_fields { "mut " } else { "" };
    out.push_str(&format!(
        "/// Checks a create body (`partial = false`) or an update body against\n/// the blueprint's bounds; every invalid field is reported.\nfn validate(body: &Map<String, Value>, partial: bool) -> Result<Map<String, Value>, Problem> {{\n    let allowed = if partial {{\n        UPDATE_FIELDS\n    }} else {{\n        CREATE_FIELDS\n    }};\n    let {mutable}f = Fields::new(body, allowed, partial);\n"
    ));
    let parents: Vec<_> = entity.parents().collect();
    if !parents.is_empty() {
        out.push_str("    // Parents are set on create and never change.\n    if !partial {\n");
        for link in &parents {
            out.push_str(&uuid_field(8, &link.column, link.required));
        }
        out.push_str("    }\n");
    }
    for link in entity.references() {
        out.push_str(&uuid_field(4, &link.column, link.required));
    }
    for field in entity.writable_fields() {
        out.push_str(&fields::validation(4, field));
    }
    out.push_str("    f.finish()\n}\n\n");
}

/// `f.field("<column>", <required>, v::uuid);`, its arguments one per line
/// when wider than rustfmt's `fn_call_width`.
fn uuid_field(indent: usize, column: &str, required: bool) -> String {
    layout::list(
        indent,
        "f.field(",
        &[
            format!("\"{column}\""),
            required.to_string(),
            "v::uuid".to_owned(),
        ],
        ");",
    )
}

fn references(out: &mut String, blueprint: &Blueprint, entity: &Entity) {
    let remote: Vec<_> = entity
        .references()
        .filter(|l| fields::is_remote(l.kind))
        .collect();
    if remote.is_empty() {
        return;
    }
    out.push_str("/// Rows of other services this one refers to must exist: each is checked\n/// through its owner's API (503 when that service is down).\nasync fn check_references(\n    state: &AppState,\n    caller: &Caller,\n    input: &Map<String, Value>,\n) -> Result<(), Problem> {\n");
    for link in remote {
        if link.target == USER {
            out.push_str(&user_check(&link.column));
            continue;
        }
        let (client, path) = {
            let plural = blueprint
                .entity(&link.target)
                .map(|t| t.names.plural_kebab.clone())
                .unwrap_or_default();
            (
                link.target_service.clone(),
                format!("/api/{}/{plural}", link.target_service),
            )
        };
        let args = [
            "input".to_owned(),
            format!("\"{}\"", link.column),
            format!("\"{path}\""),
            "caller".to_owned(),
        ];
        out.push_str(&format!("    state\n        .{client}\n"));
        out.push_str(&layout::list(8, ".check(", &args, ")"));
        out.push_str("        .await?;\n");
    }
    out.push_str("    Ok(())\n}\n\n");
}

/// `state.identity.check_user(input, "<column>", caller).await?;` in
/// `check_references`, laid out as rustfmt does: one line while the chain,
/// `?;` included, is at most `chain_width` wide.
fn user_check(column: &str) -> String {
    let one = format!("state.identity.check_user(input, \"{column}\", caller).await?;");
    if one.chars().count() <= layout::SHORT {
        return format!("    {one}\n");
    }
    let args = [
        "input".to_owned(),
        format!("\"{column}\""),
        "caller".to_owned(),
    ];
    format!(
        "    state\n        .identity\n{}        .await?;\n",
        layout::list(8, ".check_user(", &args, ")")
    )
}

/// Rows of this service a new or changed row points at must be visible to
/// the caller: the foreign key alone ignores row-level security, so without
/// this a row could point at another organization's row (or upload), and a
/// missing one would answer 409 from the key rather than 422 on its field.
fn local_references(out: &mut String, blueprint: &Blueprint, entity: &Entity) {
    let local = local_reference_pairs(blueprint, entity);
    if local.is_empty() {
        return;
    }
    let pairs: Vec<String> = local
        .iter()
        .map(|(column, table)| layout::tuple(&[format!("\"{column}\""), format!("\"{table}\"")]))
        .collect();
    out.push_str("/// Rows of this service it points at, checked under row-level security:\n/// `(column, table)`.\n");
    out.push_str(&layout::array(
        0,
        "const LOCAL_REFERENCES: &[(&str, &str)]",
        &pairs,
    ));
    out.push('\n');
}

/// `(column, table)` of every row of this service an entity's row points
/// at: its local references, and the uploads of its file fields.
fn local_reference_pairs(blueprint: &Blueprint, entity: &Entity) -> Vec<(String, String)> {
    let references = entity
        .links
        .iter()
        .filter(|l| l.kind != LinkKind::Remote)
        .filter_map(|l| {
            let table = blueprint.entity(&l.target)?.names.plural_snake.clone();
            Some((l.column.clone(), table))
        });
    let files = entity
        .fields
        .iter()
        .filter(|f| f.ty == FieldType::File)
        .map(|f| (f.name.clone(), "uploads".to_owned()));
    references.chain(files).collect()
}

fn access(out: &mut String, blueprint: &Blueprint, entity: &Entity, routes: &Routes) {
    for op in Op::ALL {
        out.push_str(&rule_fn(
            blueprint,
            entity,
            &format!("may_{}", op.as_str()),
            op.as_str(),
            entity.access.rule(op),
        ));
        out.push('\n');
    }
    if let Some(states) = &entity.states {
        for t in &states.transitions {
            out.push_str(&rule_fn(
                blueprint,
                entity,
                &format!("may_{}", t.name),
                &t.name,
                &t.by,
            ));
            out.push('\n');
        }
    }
    let word = &entity.names.words;
    for op in ops_asked_by_children(blueprint, entity) {
        let op = op.as_str();
        out.push_str(&format!(
            "/// Whether the caller may {op} the {word} with `id` (its children's rules ask).\npub async fn may_{op}_id(tx: &mut Tx, caller: &Caller, id: Option<Uuid>) -> Decision {{\n    match fetch(tx, id).await? {{\n        Some(row) => may_{op}(tx, caller, &row).await,\n        None => Ok(false),\n    }}\n}}\n\n"
        ));
    }
    out.push_str(&format!(
        "/// The {word} with `id`, if the caller can see it.\npub async fn fetch(tx: &mut Tx, id: Option<Uuid>) -> Result<Option<Value>, Problem> {{\n    match id {{\n        Some(id) => rows::fetch(tx, TABLE, ROW, id).await,\n        None => Ok(None),\n    }}\n}}\n\n"
    ));
    if routes.by_id() {
        out.push_str(&format!(
            "/// The {word} if the caller may read it; hidden rows do not exist (404).\nasync fn readable(tx: &mut Tx, caller: &Caller, id: Uuid) -> Result<Value, Problem> {{\n    match fetch(tx, Some(id)).await? {{\n        Some(row) if may_read(tx, caller, &row).await? => Ok(row),\n{not_found}    }}\n}}\n\n",
            not_found = layout::call_in_call(
                8,
                "_ => ",
                "Err",
                "Problem::not_found",
                &[format!("\"{word}\"")],
                ","
            ),
        ));
    }
}

fn handlers(out: &mut String, blueprint: &Blueprint, entity: &Entity, base: &str, routes: &Routes) {
    let n = &entity.names;
    let signed_in = if allows_anonymous(blueprint, &entity.access.read) {
        ""
    } else {
        "    permit(&caller, caller.signed_in())?;\n"
    };
    if routes.list {
        out.push_str(&format!(
            "/// `GET {base}`: a page of {plural}.\npub async fn list(\n    State(state): State<AppState>,\n    caller: Caller,\n    QueryPairs(query): QueryPairs,\n) -> Result<Json<Value>, Problem> {{\n{signed_in}    let page = list::parse(&query, &LIST)?;\n    let mut tx = state.db.begin(&caller).await?;\n    let items = page.fetch(&mut tx, TABLE, ROW).await?;\n    tx.commit().await.map_err(db_error)?;\n    Ok(Json(items))\n}}\n\n",
            plural = n.plural_words
        ));
    }
    let mut check_refs = String::new();
    if !local_reference_pairs(blueprint, entity).is_empty() {
        check_refs.push_str("    rows::check_visible(&mut tx, &input, LOCAL_REFERENCES).await?;\n");
    }
    if entity.references().any(|l| fields::is_remote(l.kind)) {
        check_refs.push_str("    check_references(&state, &caller, &input).await?;\n");
    }
    if routes.create {
        let mut candidate = String::new();
        if entity.owned || entity.tenant_scoped {
            candidate.push_str("    // The row as it will be: the database fills in who owns it.\n    let mut candidate = input.clone();\n");
            if entity.owned {
                candidate.push_str(
                    "    candidate.insert(\"owner_id\".into(), json!(caller.user_id));\n",
                );
            }
            if entity.tenant_scoped {
                candidate.push_str(
                    "    candidate.insert(\"tenant_id\".into(), json!(caller.tenant_id));\n",
                );
            }
        } else {
            candidate.push_str("    let candidate = input.clone();\n");
        }
        // A write-only row (its creator may not read it) answers its id only,
        // whoever creates it, as the contract says.
        let (answer, row) = if keel_agent_contracts::creator_reads(entity) {
            ("", "ROW")
        } else {
            (
                " with its id only: its creator may not read it",
                "rows::ID_ONLY",
            )
        };
        out.push_str(&format!(
            "/// `POST {base}`: creates a {word} (201 with its `Location`){answer}.\npub async fn create(\n    State(state): State<AppState>,\n    caller: Caller,\n    JsonObject(body): JsonObject,\n) -> Result<Response, Problem> {{\n    let input = validate(&body, false)?;\n    let mut tx = state.db.begin(&caller).await?;\n{candidate}    let allowed = may_create(&mut tx, &caller, &Value::Object(candidate)).await?;\n    permit(&caller, allowed)?;\n{check_refs}    let row = rows::insert(&mut tx, TABLE, {row}, &input).await?;\n    tx.commit().await.map_err(db_error)?;\n    Ok(rows::created(BASE, row))\n}}\n\n",
            word = n.words
        ));
    }
    if routes.get {
        out.push_str(&format!(
            "/// `GET {base}/{{id}}`\npub async fn get(\n    State(state): State<AppState>,\n    caller: Caller,\n    Id(id): Id,\n) -> Result<Json<Value>, Problem> {{\n    let mut tx = state.db.begin(&caller).await?;\n    let row = readable(&mut tx, &caller, id).await?;\n    tx.commit().await.map_err(db_error)?;\n    Ok(Json(row))\n}}\n\n"
        ));
    }
    if routes.update {
        out.push_str(&format!(
            "/// `PATCH {base}/{{id}}`: changes the given fields.\npub async fn update(\n    State(state): State<AppState>,\n    caller: Caller,\n    Id(id): Id,\n    JsonObject(body): JsonObject,\n) -> Result<Json<Value>, Problem> {{\n    let input = validate(&body, true)?;\n    let mut tx = state.db.begin(&caller).await?;\n    let row = readable(&mut tx, &caller, id).await?;\n    permit(&caller, may_update(&mut tx, &caller, &row).await?)?;\n{check_refs}    let row = rows::update(&mut tx, TABLE, ROW, id, &input).await?;\n    tx.commit().await.map_err(db_error)?;\n    Ok(Json(row))\n}}\n\n"
        ));
    }
    if routes.delete {
        out.push_str(&format!(
            "/// `DELETE {base}/{{id}}` (204).\npub async fn delete(\n    State(state): State<AppState>,\n    caller: Caller,\n    Id(id): Id,\n) -> Result<StatusCode, Problem> {{\n    let mut tx = state.db.begin(&caller).await?;\n    let row = readable(&mut tx, &caller, id).await?;\n    permit(&caller, may_delete(&mut tx, &caller, &row).await?)?;\n    rows::delete(&mut tx, TABLE, id).await?;\n    tx.commit().await.map_err(db_error)?;\n    Ok(StatusCode::NO_CONTENT)\n}}\n\n"
        ));
    }
    if let Some(states) = &entity.states {
        for t in states
            .transitions
            .iter()
            .filter(|t| routes.transitions.contains(&t.name))
        {
            out.push_str(&format!(
                "/// `POST {base}/{{id}}/{kebab}`: {from} → {to}, by {by}.\npub async fn {name}(\n    State(state): State<AppState>,\n    caller: Caller,\n    Id(id): Id,\n) -> Result<Json<Value>, Problem> {{\n    let mut tx = state.db.begin(&caller).await?;\n    let row = readable(&mut tx, &caller, id).await?;\n{permit}{transition}    tx.commit().await.map_err(db_error)?;\n    Ok(Json(row))\n}}\n\n",
                kebab = t.endpoint().unwrap_or_default(),
                name = t.name,
                permit = layout::list(
                    4,
                    "permit(",
                    &[
                        "&caller".to_owned(),
                        format!("may_{}(&mut tx, &caller, &row).await?", t.name)
                    ],
                    ")?;"
                ),
                transition = transition_call(&t.name.to_uppercase()),
                from = t.from.join(" or "),
                to = t.to,
                by = t.by,
            ));
        }
    }
    // One blank line between items, none at the end of the file.
    while out.ends_with("\n\n") {
        out.pop();
    }
}

/// `let row = rows::transition(...).await?;`, its arguments one per line
/// and `.await?` below them once they are wider than a call line takes
/// (a transition name of 33 characters or more); at 32 the line is exactly
/// 100 characters, which rustfmt breaks after `=` (measured).
fn transition_call(upper: &str) -> String {
    let args = ["&mut tx", "TABLE", "ROW", "&row", &format!("&{upper}")].map(str::to_owned);
    let joined = args.join(", ");
    let call = format!("rows::transition({joined}).await?;");
    let one = format!("    let row = {call}");
    if joined.chars().count() <= layout::SHORT {
        if one.chars().count() < layout::WIDTH {
            return format!("{one}\n");
        }
        return format!("    let row =\n        {call}\n");
    }
    let call = layout::vertical(4, "let row = rows::transition(", &args, ")");
    format!("{call}    .await?;\n")
}

/// Whether the code calls into module `m` (`items::`, but not as the end
/// of `line_items::`).
fn calls_module(body: &str, m: &str) -> bool {
    let path = format!("{m}::");
    body.match_indices(&path).any(|(at, _)| {
        !body[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// The `use` lines the module's code needs (computed from the code, so no
/// import is unused).
fn imports(blueprint: &Blueprint, entity: &Entity, body: &str) -> String {
    let uses = |token: &str| body.contains(token);
    let mut out = String::new();
    if uses("LazyLock") {
        out.push_str("use std::sync::LazyLock;\n\n");
    }
    if uses("Json(") {
        out.push_str("use axum::Json;\n");
    }
    out.push_str("use axum::extract::State;\n");
    if uses("StatusCode") {
        out.push_str("use axum::http::StatusCode;\n");
    }
    if uses("Response") {
        out.push_str("use axum::response::Response;\n");
    }
    let body_types: Vec<&str> = ["Id", "JsonObject", "QueryPairs"]
        .into_iter()
        .filter(|t| uses(&format!("{t}(")))
        .collect();
    match body_types.as_slice() {
        [] => {}
        [one] => out.push_str(&format!("use platform::body::{one};\n")),
        many => out.push_str(&format!("use platform::body::{{{}}};\n", many.join(", "))),
    }
    let mut db = vec!["Decision", "Tx", "db_error", "permit"];
    if uses("same_tenant(") {
        db.push("same_tenant");
    }
    db.retain(|t| uses(t));
    out.push_str(&format!("use platform::db::{{{}}};\n", db.join(", ")));
    if uses("ListSpec") {
        if uses("Filter::") {
            out.push_str("use platform::list::{self, Filter, ListSpec};\n");
        } else {
            out.push_str("use platform::list::{self, ListSpec};\n");
        }
    }
    if uses("Transition") {
        out.push_str("use platform::rows::{self, Transition};\n");
    } else {
        out.push_str("use platform::rows;\n");
    }
    let mut validate = Vec::new();
    if uses("v::") {
        validate.push("self as v");
    }
    if uses("Fields::") {
        validate.push("Fields");
    }
    if uses("owner_of(") {
        validate.push("owner_of");
    }
    if uses("uuid_at(") {
        validate.push("uuid_at");
    }
    match validate.as_slice() {
        [] => {}
        [one] => out.push_str(&format!("use platform::validate::{one};\n")),
        many => out.push_str(&format!(
            "use platform::validate::{{{}}};\n",
            many.join(", ")
        )),
    }
    out.push_str("use platform::{Caller, Problem};\n");
    if uses("Regex") {
        out.push_str("use regex::Regex;\n");
    }
    let mut serde = Vec::new();
    if uses("Map<") {
        serde.push("Map");
    }
    serde.push("Value");
    if uses("json!(") {
        serde.push("json");
    }
    match serde.as_slice() {
        [one] => out.push_str(&format!("use serde_json::{one};\n")),
        many => out.push_str(&format!("use serde_json::{{{}}};\n", many.join(", "))),
    }
    out.push_str("use uuid::Uuid;\n\n");
    let mut local = vec!["AppState".to_owned()];
    for parent in entity.parents().filter_map(|l| blueprint.entity(&l.target)) {
        let m = crate::service::module_name(blueprint, parent);
        if calls_module(body, &m) && !local.contains(&m) {
            local.push(m);
        }
    }
    local.sort();
    if local.len() == 1 {
        out.push_str("use crate::AppState;\n\n");
    } else {
        out.push_str(&layout::use_list("crate", &local));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{transition_call, user_check};

    #[test]
    fn user_checks_as_rustfmt_writes_them() {
        // (What `rustfmt --edition 2024` made of the one-line form, for a
        // column of that many characters, `{C}`.)
        let broken = "    state\n        .identity\n        .check_user(input, \"{C}\", caller)\n        .await?;\n";
        let cases = [
            (
                8,
                "    state.identity.check_user(input, \"{C}\", caller).await?;\n",
            ),
            (9, broken),
            (11, broken),
            (
                70,
                "    state\n        .identity\n        .check_user(\n            input,\n            \"{C}\",\n            caller,\n        )\n        .await?;\n",
            ),
        ];
        for (n, expected) in cases {
            let column = "a".repeat(n);
            assert_eq!(
                user_check(&column),
                expected.replace("{C}", &column),
                "a column of {n} characters"
            );
        }
    }

    #[test]
    fn transition_calls_as_rustfmt_writes_them() {
        // (What `rustfmt --edition 2024` made of the one-line form, for a
        // transition constant of that many characters, `{A}`.)
        let cases = [
            (
                20,
                "    let row = rows::transition(&mut tx, TABLE, ROW, &row, &{A}).await?;\n",
            ),
            (
                31,
                "    let row = rows::transition(&mut tx, TABLE, ROW, &row, &{A}).await?;\n",
            ),
            (
                32,
                "    let row =\n        rows::transition(&mut tx, TABLE, ROW, &row, &{A}).await?;\n",
            ),
            (
                33,
                "    let row = rows::transition(\n        &mut tx,\n        TABLE,\n        ROW,\n        &row,\n        &{A},\n    )\n    .await?;\n",
            ),
            (
                60,
                "    let row = rows::transition(\n        &mut tx,\n        TABLE,\n        ROW,\n        &row,\n        &{A},\n    )\n    .await?;\n",
            ),
        ];
        for (n, expected) in cases {
            let upper = "A".repeat(n);
            assert_eq!(
                transition_call(&upper),
                expected.replace("{A}", &upper),
                "a transition of {n} characters"
            );
        }
    }
}
