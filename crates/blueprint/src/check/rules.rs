//! Access rules: `owner or admin`, `signed_in`, `nobody`, `inherit: Recipe`.
//!
//! Deny by default: an operation without a rule (and without `inherit`) is
//! allowed to nobody.

use super::{Ctx, at};
use crate::diagnostic::{Span, suggestion};
use crate::document::Document;
use crate::model::{Access, Entity, Link, Op, Rule, Term, USER};
use crate::reserved;

/// What a rule may refer to on one entity.
pub(super) struct RuleEnv<'a> {
    pub roles: &'a [String],
    pub owned: bool,
    pub tenant_scoped: bool,
    pub entity: &'a str,
    /// The entity's `User` references, as (name, column): `the <name>`.
    pub user_links: Vec<(String, String)>,
}

/// Parses `term or term ...`; reports every bad term.
pub(super) fn parse(ctx: &mut Ctx<'_>, text: &str, span: Span, env: &RuleEnv<'_>) -> Rule {
    // Terms are words, but `the <reference>` is one term of two words.
    let mut words: Vec<String> = Vec::new();
    let mut raw = text.split_whitespace().peekable();
    while let Some(word) = raw.next() {
        match raw.peek() {
            Some(next) if word == "the" && *next != "or" => {
                words.push(format!("the {next}"));
                raw.next();
            }
            _ => words.push(word.to_owned()),
        }
    }
    if words.is_empty() {
        ctx.error(
            "invalid-rule",
            span,
            "an access rule cannot be empty",
            Some(rule_help(env)),
        );
        return Rule::nobody();
    }
    if words == ["nobody"] {
        return Rule::nobody();
    }
    // Where each word is, to point at the offending term rather than the
    // whole rule; only possible when the scalar's span is its text (plain)
    // or its text in quotes without escapes.
    let inner_start = match span.len().checked_sub(text.len()) {
        Some(0) => Some(span.start),
        Some(2) => Some(span.start + 1),
        _ => None,
    };
    let mut offsets = Vec::new();
    let mut lengths = Vec::new();
    let mut rest = 0;
    for word in &words {
        // (`the x` was two words, perhaps with more space between them)
        let first = word.split(' ').next().unwrap_or(word);
        let last = word.rsplit(' ').next().unwrap_or(word);
        let at = text[rest..].find(first).map_or(rest, |i| rest + i);
        let end = if first == word.as_str() {
            at + word.len()
        } else {
            text[at + first.len()..]
                .find(last)
                .map_or(at + word.len(), |i| at + first.len() + i + last.len())
        };
        offsets.push(at);
        lengths.push(end - at);
        rest = end;
    }
    let word_span = |i: usize| match inner_start {
        Some(start) => Span::new(start + offsets[i], start + offsets[i] + lengths[i]),
        None => span,
    };
    let mut terms = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let span = word_span(i);
        if i % 2 == 1 {
            if *word != "or" {
                let help = if *word == "and" {
                    "rules combine terms with `or` only; a term that needs two conditions is a role"
                        .to_owned()
                } else {
                    "join terms with `or`, e.g. `owner or admin`".to_owned()
                };
                ctx.error(
                    "invalid-rule",
                    span,
                    format!("expected `or` between terms, found `{word}`"),
                    Some(help),
                );
                return Rule::nobody();
            }
            continue;
        }
        let term = match word.as_str() {
            "public" => Term::Public,
            "signed_in" => Term::SignedIn,
            "owner" => Term::Owner,
            "tenant_member" => Term::TenantMember,
            "nobody" => {
                ctx.error(
                    "invalid-rule",
                    span,
                    "`nobody` cannot be combined with other terms",
                    Some("write `nobody` alone, or drop it".into()),
                );
                continue;
            }
            role if env.roles.iter().any(|r| r == role) => Term::Role(role.to_owned()),
            referenced if referenced.starts_with("the ") => {
                let name = &referenced["the ".len()..];
                match env.user_links.iter().find(|(link, _)| link == name) {
                    Some((link, column)) => Term::ReferencedUser {
                        link: link.clone(),
                        column: column.clone(),
                    },
                    None => {
                        let known: Vec<String> = env
                            .user_links
                            .iter()
                            .map(|(l, _)| format!("the {l}"))
                            .collect();
                        let help = suggestion(referenced, known.iter().map(String::as_str))
                            .unwrap_or_else(|| {
                                format!("add `references: {{ {name}: User? }}` to `{}`, whose user then gets this right on the row", env.entity)
                            });
                        ctx.error(
                            "unknown-rule-term",
                            span,
                            format!("`{name}` is not a reference of `{}` to a user", env.entity),
                            Some(help),
                        );
                        continue;
                    }
                }
            }
            other => {
                let candidates: Vec<&str> = reserved::RULE_TERMS
                    .iter()
                    .copied()
                    .chain(env.roles.iter().map(String::as_str))
                    .collect();
                let help = suggestion(other, candidates.iter().copied()).or_else(|| {
                    Some(format!("if `{other}` is a role, add it to `auth.roles`; otherwise use one of: public, signed_in, owner, nobody"))
                });
                ctx.error(
                    "unknown-rule-term",
                    span,
                    format!("`{other}` is not a role or an access term"),
                    help,
                );
                continue;
            }
        };
        if term == Term::Owner && !env.owned {
            ctx.error(
                "owner-without-owner",
                span,
                format!("the rule says `owner`, but `{}` has no owner", env.entity),
                Some(format!(
                    "add `owner: User` to `{}`, or use another term",
                    env.entity
                )),
            );
            continue;
        }
        if term == Term::TenantMember && !env.tenant_scoped {
            ctx.error(
                "tenant-member-without-tenancy",
                span,
                "`tenant_member` needs `tenancy: organization`",
                Some("use `signed_in`, or set `tenancy: organization`".into()),
            );
            continue;
        }
        if term == Term::Public && env.tenant_scoped {
            ctx.error(
                "public-in-tenant",
                span,
                "`public` cannot apply to organization data: anonymous visitors belong to no organization",
                Some("use `tenant_member` or `signed_in`".into()),
            );
            continue;
        }
        if terms.contains(&term) {
            ctx.warning(
                "duplicate-rule-term",
                span,
                format!("`{word}` appears twice in the rule"),
                None,
            );
            continue;
        }
        terms.push(term);
    }
    if words.len() % 2 == 0 {
        ctx.error(
            "invalid-rule",
            span,
            "the rule ends with `or`",
            Some("remove the trailing `or`".into()),
        );
    }
    // A rule granting everyone makes narrower terms redundant; keep it simple.
    if terms.contains(&Term::Public) {
        terms.retain(|t| *t == Term::Public);
    }
    Rule { any_of: terms }
}

/// The `User` references a rule may name: (name, column).
pub(super) fn user_links(links: &[Link]) -> Vec<(String, String)> {
    links
        .iter()
        .filter(|l| l.target == USER)
        .map(|l| (l.name.clone(), l.column.clone()))
        .collect()
}

fn rule_help(env: &RuleEnv<'_>) -> String {
    let mut example = if env.owned {
        "owner".to_owned()
    } else {
        "signed_in".to_owned()
    };
    if let Some(role) = env.roles.first() {
        example.push_str(" or ");
        example.push_str(role);
    }
    format!("write e.g. `{example}`, or `nobody`")
}

/// Resolves every entity's `access:` once all entities (and so all parents)
/// are known.
pub(super) fn resolve_access(ctx: &mut Ctx<'_>, doc: &Document, entities: &mut [Entity]) {
    let roles: Vec<String> = doc.auth.roles.clone();
    for entity in entities.iter_mut() {
        let name = entity.name.clone();
        let Some(decl) = doc.entities.get(&name).and_then(|e| e.access.as_ref()) else {
            let example = if entity.owned {
                "access: { read: signed_in, create: signed_in, update: owner, delete: owner }"
            } else if entity.parents().next().is_some() {
                "access: { inherit: <parent> }"
            } else {
                "access: { read: signed_in, create: signed_in, update: nobody, delete: nobody }"
            };
            ctx.error(
                "missing-access",
                ctx.key(&at!["entities", &name]),
                format!("`{name}` has no access rules"),
                Some(format!(
                    "say who may read, create, update and delete it, e.g. `{example}`"
                )),
            );
            continue;
        };
        let env = RuleEnv {
            roles: &roles,
            owned: entity.owned,
            tenant_scoped: entity.tenant_scoped,
            entity: &name,
            user_links: user_links(&entity.links),
        };

        let inherit = match &decl.inherit {
            None => None,
            Some(parent) if entity.parents().any(|l| &l.target == parent) => Some(parent.clone()),
            Some(parent) => {
                let parents: Vec<&str> = entity.parents().map(|l| l.target.as_str()).collect();
                let help = if parents.is_empty() {
                    format!("add `belongs_to: {parent}` (same service), or write the rules out")
                } else {
                    suggestion(parent, parents.iter().copied())
                        .unwrap_or_else(|| format!("inherit from one of: {}", parents.join(", ")))
                };
                ctx.error(
                    "invalid-inherit",
                    ctx.at(&at!["entities", &name, "access", "inherit"]),
                    format!("`{name}` can only inherit access from a `belongs_to` parent, and `{parent}` is not one"),
                    Some(help),
                );
                None
            }
        };

        let mut rule_for = |op: Op, text: &Option<String>| -> Rule {
            match (text, &inherit) {
                (Some(text), _) => {
                    let span = ctx.at(&at!["entities", &name, "access", op.as_str()]);
                    let rule = parse(ctx, text, span, &env);
                    check_op(ctx, &env, op, &rule, span);
                    rule
                }
                (None, Some(parent)) => Rule {
                    any_of: vec![Term::Parent {
                        entity: parent.clone(),
                        // Reading a child needs read access to the parent;
                        // changing a child is changing the parent.
                        op: if op == Op::Read { Op::Read } else { Op::Update },
                    }],
                },
                (None, None) => Rule::nobody(),
            }
        };
        let access = Access {
            read: rule_for(Op::Read, &decl.read),
            create: rule_for(Op::Create, &decl.create),
            update: rule_for(Op::Update, &decl.update),
            delete: rule_for(Op::Delete, &decl.delete),
        };
        if access.read.is_nobody() && decl.read.is_none() && decl.inherit.is_none() {
            ctx.warning(
                "nobody-reads",
                ctx.key(&at!["entities", &name, "access"]),
                format!("nobody can read `{name}`: there is no `read` rule"),
                Some("add e.g. `read: signed_in`; write `read: nobody` if that is meant".into()),
            );
        }
        entity.access = access;
    }
}

fn check_op(ctx: &mut Ctx<'_>, env: &RuleEnv<'_>, op: Op, rule: &Rule, span: Span) {
    if op == Op::Create
        && let Some(link) = rule.any_of.iter().find_map(|t| match t {
            Term::ReferencedUser { link, .. } => Some(link),
            _ => None,
        })
    {
        ctx.error(
            "referenced-user-in-create",
            span,
            format!(
                "`create: the {link}` cannot be decided: a new `{}` names its {link} only once it exists",
                env.entity
            ),
            Some("say who may create it (`signed_in`, a role); `the <reference>` fits read, update, delete and transitions".into()),
        );
    }
    if !rule.allows_public() {
        return;
    }
    match op {
        Op::Update | Op::Delete => ctx.error(
            "public-write",
            span,
            format!(
                "`{op}: public` would let anyone on the internet {op} every `{}`",
                env.entity
            ),
            Some("use `owner`, a role, or `signed_in`".into()),
        ),
        Op::Create if env.owned => ctx.error(
            "public-write",
            span,
            format!(
                "`create: public` cannot work for `{}`: its rows need a signed-in owner",
                env.entity
            ),
            Some("use `signed_in`".into()),
        ),
        Op::Create => ctx.warning(
            "public-create",
            span,
            format!(
                "anyone, without signing in, may create `{}` rows",
                env.entity
            ),
            Some(
                "keel rate-limits anonymous requests; use `signed_in` unless this is a public form"
                    .into(),
            ),
        ),
        Op::Read => {}
    }
}
