//! Acceptance criteria in the blueprint's own terms: real paths, fields,
//! limits and rules, each one a test someone can write.

use keel_agent_docs::access::{Actor, Grant, grant};
use keel_agent_docs::words;
use keel_blueprint::{Blueprint, Entity, FieldType, Link, LinkKind, Op, Rule, Term, USER};

fn code(s: &str) -> String {
    keel_agent_docs::markdown::code(s)
}

/// A signed-in caller the rule refuses, if there is one: "a signed-in user
/// not the recipe's owner and without the admin role".
fn outsider(bp: &Blueprint, entity: &Entity, rule: &Rule) -> Option<String> {
    // Nobody is refused when every signed-in user is let in, through the
    // rule itself or through the parent's rule it inherits.
    if rule.is_nobody() || grant(bp, rule, &Actor::SignedIn) == Grant::Yes {
        return None;
    }
    if rule
        .any_of
        .iter()
        .any(|t| matches!(t, Term::SignedIn | Term::TenantMember))
    {
        return None;
    }
    let mut nots: Vec<String> = Vec::new();
    for t in &rule.any_of {
        match t {
            Term::Owner => nots.push(format!("who is not the {}'s owner", entity.names.words)),
            Term::ReferencedUser { link, .. } => nots.push(format!(
                "who is not the {}'s {}",
                entity.names.words,
                link.replace('_', " ")
            )),
            Term::Role(r) => nots.push(format!("without the {r} role")),
            Term::Parent { entity: p, op } => {
                let words = bp
                    .entity(p)
                    .map(|e| e.names.words.clone())
                    .unwrap_or_default();
                nots.push(format!("who may not {op} the {words}"));
            }
            _ => {}
        }
    }
    Some(format!("a signed-in user {}", words::and_list(&nots)))
}

/// Criteria of an entity's CRUD API.
pub fn api(bp: &Blueprint, e: &Entity) -> Vec<String> {
    let list = words::collection_path(e);
    let item = words::item_path(e);
    let mut out = Vec::new();
    let mut created = format!(
        "{} with a valid body returns 201 with `Location: {}`",
        code(&format!("POST {list}")),
        item
    );
    if e.owned {
        created.push_str(", and the new row's `owner_id` is the caller");
    }
    out.push(created);
    // Anonymous callers.
    let anon_read = grant(bp, &e.access.read, &Actor::Anonymous);
    if anon_read == Grant::Yes {
        out.push(format!(
            "anonymous {} returns 200 with `items`, `total`, `limit` and `offset`",
            code(&format!("GET {list}"))
        ));
    } else {
        out.push(format!(
            "anonymous {} returns 401",
            code(&format!("GET {list}"))
        ));
    }
    if !e.access.create.allows_public() {
        out.push(format!(
            "anonymous {} returns 401",
            code(&format!("POST {list}"))
        ));
    }
    // Callers the rules refuse.
    if let Some(who) = outsider(bp, e, &e.access.create) {
        out.push(format!(
            "{who} gets 403 on {}",
            code(&format!("POST {list}"))
        ));
    }
    if let Some(who) = outsider(bp, e, &e.access.read) {
        out.push(format!(
            "{who} does not see it in {} and gets 404 on {}",
            code(&format!("GET {list}")),
            code(&format!("GET {item}"))
        ));
    }
    for (op, method) in [(Op::Update, "PATCH"), (Op::Delete, "DELETE")] {
        let rule = e.access.rule(op);
        if rule.is_nobody() {
            out.push(format!(
                "nobody can {op} {}: {} fails for every caller and changes nothing",
                words::a(&e.names.words),
                code(&format!("{method} {item}"))
            ));
        } else if let Some(who) = outsider(bp, e, rule) {
            out.push(format!(
                "{who} gets 403 or 404 on {} and the row is unchanged",
                code(&format!("{method} {item}"))
            ));
        }
    }
    out.extend(validation(e));
    for parent in e.parents() {
        let words = bp
            .entity(&parent.target)
            .map(|p| p.names.words.clone())
            .unwrap_or_default();
        out.push(format!(
            "deleting the {words} deletes its {} (`ON DELETE CASCADE`)",
            e.names.plural_words
        ));
    }
    for link in e.links.iter().filter(|l| l.kind == LinkKind::Local) {
        if link.required {
            out.push(format!(
                "deleting {} that {} refers to through `{}` returns 409",
                words::a(&link.target),
                words::a(&e.name),
                link.column
            ));
        }
    }
    let filters: Vec<String> = e
        .links
        .iter()
        .map(|l| format!("`{}`", l.column))
        .chain(e.owned.then(|| "`owner_id`".to_owned()))
        .collect();
    let mut listing = format!(
        "{} honours `limit` (1–100), `offset` and `sort` (default `-created_at`)",
        code(&format!("GET {list}"))
    );
    if !filters.is_empty() {
        listing.push_str(&format!(" and filters by {}", words::and_list(&filters)));
    }
    out.push(listing);
    out.push("unknown properties in a body are rejected with 400 or 422".to_owned());
    out
}

/// A few validation criteria from the fields' constraints.
fn validation(e: &Entity) -> Vec<String> {
    let mut out = Vec::new();
    let state = e.states.as_ref().map(|s| s.field.as_str());
    let writable: Vec<_> = e
        .fields
        .iter()
        .filter(|f| Some(f.name.as_str()) != state)
        .collect();
    if let Some(f) = writable.iter().find(|f| f.required && f.default.is_none()) {
        out.push(format!(
            "a create body without `{}` returns 422 naming `{}`",
            f.name, f.name
        ));
    }
    if let Some(f) = writable.iter().find(|f| {
        matches!(f.ty, FieldType::String | FieldType::Text)
            && !f.is_list()
            && f.max_length.is_some()
    }) {
        let max = f.max_length.unwrap_or_default();
        let min = f.min_length.unwrap_or(0);
        if min > 0 {
            out.push(format!(
                "`{}` shorter than {min} or longer than {max} characters returns 422",
                f.name
            ));
        } else {
            out.push(format!(
                "`{}` longer than {max} characters returns 422",
                f.name
            ));
        }
    }
    if let Some(f) = writable.iter().find(|f| f.min.is_some() || f.max.is_some()) {
        let range = match (&f.min, &f.max) {
            (Some(a), Some(b)) => format!("outside {a}–{b}"),
            (Some(a), None) => format!("below {a}"),
            (None, Some(b)) => format!("above {b}"),
            (None, None) => unreachable!("filtered"),
        };
        out.push(format!("`{}` {range} returns 422", f.name));
    }
    if let Some(f) = writable
        .iter()
        .find(|f| f.ty == FieldType::Enum && !f.is_list())
    {
        out.push(format!(
            "`{}` other than {} returns 422",
            f.name,
            words::or_list(&f.values)
        ));
    }
    if let Some(f) = writable.iter().find(|f| f.unique) {
        out.push(format!(
            "a second {} with the same `{}` returns 409",
            e.names.words, f.name
        ));
    }
    if let Some(cols) = e.unique.first() {
        out.push(format!(
            "a second {} with the same {} returns 409",
            e.names.words,
            words::and_list(&cols.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>())
        ));
    }
    out
}

/// Criteria of an entity's state machine.
pub fn states(bp: &Blueprint, e: &Entity) -> Vec<String> {
    let Some(m) = &e.states else {
        return Vec::new();
    };
    let item = words::item_path(e);
    let mut out = vec![format!(
        "a new {} starts as `{}`; a create body that sets `{}` is rejected",
        e.names.words, m.initial, m.field
    )];
    for t in &m.transitions {
        let from = words::or_list(&t.from.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>());
        let Some(endpoint) = t.endpoint() else {
            out.push(format!(
                "no endpoint moves {} from {from} to `{}` (`{}` is `by: nobody`): only the system does",
                words::a(&e.names.words),
                t.to,
                t.name
            ));
            continue;
        };
        let endpoint = code(&format!("POST {item}/{endpoint}"));
        out.push(format!(
            "{endpoint} moves {} from {from} to `{}` when called by {}",
            words::a(&e.names.words),
            t.to,
            words::rule(bp, e, &t.by)
        ));
        if let Some(who) = outsider(bp, e, &t.by) {
            out.push(format!("{who} gets 403 or 404 on {endpoint}"));
        }
    }
    // One transition tried from a state it does not start from.
    if let Some((endpoint, s)) = m.transitions.iter().find_map(|t| {
        let endpoint = t.endpoint()?;
        m.states
            .iter()
            .find(|s| !t.from.contains(s) && **s != t.to)
            .map(|s| (endpoint, s))
    }) {
        out.push(format!(
            "{} on {} in `{s}` returns 409 and leaves it in `{s}`",
            code(&format!("POST {item}/{endpoint}")),
            words::a(&e.names.words)
        ));
    }
    out.push(format!(
        "`{}` cannot be changed by {}: only the transitions change it (the database trigger refuses it too)",
        m.field,
        code(&format!("PATCH {item}"))
    ));
    out
}

/// Criteria of one reference across services.
pub fn reference(bp: &Blueprint, e: &Entity, link: &Link) -> Vec<String> {
    let list = words::collection_path(e);
    let post = code(&format!("POST {list}"));
    let mut out = vec![
        format!(
            "{post} with a `{}` that does not exist returns 422 with an error on `{}`, and nothing is written",
            link.column, link.column
        ),
        format!(
            "{post} with an existing {} calls {} once and returns 201",
            if link.target == USER {
                "user".to_owned()
            } else {
                link.target.clone()
            },
            code(&words::lookup_path(bp, link))
        ),
        format!(
            "with {} stopped, {post} returns 503 with `Retry-After` within the call's timeout",
            link.target_service
        ),
        format!(
            "after repeated failures the circuit breaker opens: {post} answers 503 at once, without calling {}",
            link.target_service
        ),
        format!(
            "`PATCH {}` that changes `{}` checks the new value the same way",
            words::item_path(e),
            link.column
        ),
    ];
    if !link.required {
        out.push(format!(
            "{post} without `{}` makes no call to {}",
            link.column, link.target_service
        ));
    }
    out
}

/// The expected outcome of every operation for every kind of caller, from
/// the access rules: the access matrix a QA test walks through.
pub fn access_matrix(bp: &Blueprint, e: &Entity) -> Vec<String> {
    let mut out = Vec::new();
    for actor in Actor::all(bp) {
        let mut parts: Vec<String> = Vec::new();
        for op in Op::ALL {
            let g = grant(bp, e.access.rule(op), &actor);
            parts.push(format!("{op}: {}", outcome(bp, &g, &actor)));
        }
        if let Some(m) = &e.states {
            for t in m.transitions.iter().filter(|t| t.endpoint().is_some()) {
                let g = grant(bp, &t.by, &actor);
                parts.push(format!("{}: {}", t.name, outcome(bp, &g, &actor)));
            }
        }
        out.push(format!("as {}: {}", actor.title(bp), parts.join("; ")));
    }
    if bp.multi_tenant() {
        out.push("as a member of another organization: its rows are invisible (404, absent from lists) and cannot be changed".to_owned());
    }
    out.push("the same matrix holds when connected to the database as the app role (row-level security), not only through the API".to_owned());
    out
}

fn outcome(bp: &Blueprint, g: &Grant, actor: &Actor) -> String {
    match (g, actor) {
        (Grant::Yes, _) => "allowed".to_owned(),
        (Grant::Own, _) => "own rows only".to_owned(),
        (Grant::OwnAncestor(_) | Grant::Named(_), _) => g.cell(bp),
        (Grant::No, Actor::Anonymous) => "401".to_owned(),
        (Grant::No, _) => "403/404".to_owned(),
    }
}
