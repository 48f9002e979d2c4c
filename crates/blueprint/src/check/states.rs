//! State machines: an enum field, its initial state and named transitions,
//! each with its own access rule.

use std::collections::{BTreeSet, VecDeque};

use super::{Ctx, at, rules};
use crate::diagnostic::suggestion;
use crate::document::{FieldType, OneOrMany, StatesDecl};
use crate::model::{Field, StateMachine, Transition};
use crate::names::{is_snake_case, to_snake};
use crate::reserved;

/// Names a transition cannot take because they are routes of every entity.
const TAKEN_ROUTES: &[&str] = &["edit", "new", "create", "update", "delete", "search"];

pub(super) fn lower(
    ctx: &mut Ctx<'_>,
    entity: &str,
    decl: &StatesDecl,
    fields: &mut [Field],
    env: &rules::RuleEnv<'_>,
) -> Option<StateMachine> {
    let at = |key: &'static str| at!["entities", entity, "states", key];
    let Some(field) = fields.iter_mut().find(|f| f.name == decl.field) else {
        ctx.error(
            "unknown-state-field",
            ctx.at(&at("field")),
            format!("`{entity}` has no field `{}` to hold its state", decl.field),
            Some(format!(
                "add `{}: {{ type: enum, values: [...] }}` to its fields",
                decl.field
            )),
        );
        return None;
    };
    if field.ty != FieldType::Enum || field.is_list() {
        ctx.error(
            "state-field-not-enum",
            ctx.at(&at("field")),
            format!("state field `{}` must be a single `enum`", decl.field),
            Some("give it `type: enum` and `values:` listing the states".into()),
        );
        return None;
    }
    let states = field.values.clone();
    let known = |s: &str| states.iter().any(|v| v == s);
    let mut ok = true;

    if !known(&decl.initial) {
        ctx.error(
            "unknown-state",
            ctx.at(&at("initial")),
            format!(
                "initial state `{}` is not a value of `{}`",
                decl.initial, decl.field
            ),
            suggestion(&decl.initial, states.iter().map(String::as_str)),
        );
        ok = false;
    }
    match &field.default {
        Some(d) if d.as_str() != Some(decl.initial.as_str()) => {
            ctx.error(
                "state-default",
                ctx.at(&at!["entities", entity, "fields", &decl.field, "default"]),
                format!(
                    "the default of `{}` differs from the initial state `{}`",
                    decl.field, decl.initial
                ),
                Some("remove the default; a new row always starts in the initial state".into()),
            );
            ok = false;
        }
        _ => {}
    }
    // The state column is never empty and starts in the initial state.
    field.required = true;
    field.default = Some(serde_json::Value::String(decl.initial.clone()));

    let mut transitions = Vec::new();
    for (name, t) in &decl.transitions {
        let tpath = |key: &'static str| at!["entities", entity, "states", "transitions", name, key];
        let key = ctx.key(&at!["entities", entity, "states", "transitions", name]);
        if !is_snake_case(name) || name.len() > 40 {
            ctx.error(
                "invalid-name",
                key,
                format!("transition name `{name}` must be a snake_case verb"),
                Some(format!("write `{}`", to_snake(name))),
            );
            ok = false;
        } else if reserved::is_reserved_anywhere(name) || TAKEN_ROUTES.contains(&name.as_str()) {
            ctx.error(
                "reserved-word",
                key,
                format!("transition name `{name}` is reserved"),
                Some("use a more specific verb, e.g. `mark_done`".into()),
            );
            ok = false;
        }
        let from = t.from.to_vec();
        if from.is_empty() {
            ctx.error(
                "invalid-transition",
                ctx.at(&tpath("from")),
                "`from` needs at least one state",
                None,
            );
            ok = false;
        }
        let single_from = matches!(t.from, OneOrMany::One(_));
        for (i, s) in from.iter().enumerate() {
            if !known(s) {
                let span = if single_from {
                    ctx.at(&tpath("from"))
                } else {
                    ctx.at(&at![
                        "entities",
                        entity,
                        "states",
                        "transitions",
                        name,
                        "from",
                        i
                    ])
                };
                ctx.error(
                    "unknown-state",
                    span,
                    format!("`{s}` is not a state of `{}`", decl.field),
                    suggestion(s, states.iter().map(String::as_str)),
                );
                ok = false;
            }
        }
        if !known(&t.to) {
            ctx.error(
                "unknown-state",
                ctx.at(&tpath("to")),
                format!("`{}` is not a state of `{}`", t.to, decl.field),
                suggestion(&t.to, states.iter().map(String::as_str)),
            );
            ok = false;
        }
        let by = rules::parse(ctx, &t.by, ctx.at(&tpath("by")), env);
        if by.allows_public() {
            ctx.error(
                "public-write",
                ctx.at(&tpath("by")),
                format!("`by: public` would let anyone on the internet {name} any `{entity}`"),
                Some("use `owner`, a role, or `signed_in`".into()),
            );
            ok = false;
        }
        transitions.push(Transition {
            name: name.clone(),
            from,
            to: t.to.clone(),
            by,
        });
    }

    if ok {
        for unreachable in unreachable_states(&decl.initial, &states, &transitions) {
            let index = states
                .iter()
                .position(|s| *s == unreachable)
                .unwrap_or_default();
            ctx.error(
                "unreachable-state",
                ctx.at(&at![
                    "entities",
                    entity,
                    "fields",
                    &decl.field,
                    "values",
                    index
                ]),
                format!(
                    "state `{unreachable}` cannot be reached from `{}`",
                    decl.initial
                ),
                Some(format!(
                    "add a transition `to: {unreachable}`, or remove the state"
                )),
            );
            ok = false;
        }
    }
    ok.then(|| StateMachine {
        field: decl.field.clone(),
        states,
        initial: decl.initial.clone(),
        transitions,
    })
}

fn unreachable_states(initial: &str, states: &[String], transitions: &[Transition]) -> Vec<String> {
    let mut seen = BTreeSet::from([initial.to_owned()]);
    let mut queue = VecDeque::from([initial.to_owned()]);
    while let Some(state) = queue.pop_front() {
        for t in transitions.iter().filter(|t| t.from.contains(&state)) {
            if seen.insert(t.to.clone()) {
                queue.push_back(t.to.clone());
            }
        }
    }
    states
        .iter()
        .filter(|s| !seen.contains(*s))
        .cloned()
        .collect()
}
