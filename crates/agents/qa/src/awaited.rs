//! rustfmt's layout (edition 2024, `max_width` 100) of the test lines whose
//! length depends on an entity's name: an awaited call bound by `let`
//! (`let row = create_x(&h, &maker, true).await;`), a row's id assigned
//! (`body["x_id"] = create_x(h, who, online).await["id"].clone();`) or ending
//! a block, and `assert!(error_fields(..).contains(..))`. Each shape was
//! compared with rustfmt's own output over every name length up to and past
//! the point where rustfmt gives up (and leaves the line as it was).

use keel_agent_backend::layout::WIDTH;

/// `["id"].clone()` after `.await`, or nothing.
#[derive(Clone, Copy, PartialEq)]
enum Tail {
    Await,
    Id,
}

impl Tail {
    fn text(self) -> &'static str {
        match self {
            Tail::Await => ".await",
            Tail::Id => ".await[\"id\"].clone()",
        }
    }
}

fn width(s: &str) -> usize {
    s.chars().count()
}

/// `callee(args).await{tail}` as a chain whose first line starts at column
/// `start`, in a block indented by `indent`, every line within `max`
/// (rustfmt keeps one column for the `;` of a statement). `None` where
/// rustfmt finds no layout.
fn chain(
    start: usize,
    indent: usize,
    callee: &str,
    args: &str,
    tail: Tail,
    max: usize,
) -> Option<String> {
    let call = format!("{callee}({args})");
    let p = start + width(&call);
    let pad = " ".repeat(indent);
    let pad4 = " ".repeat(indent + 4);
    // `callee(` on the first line, the arguments on their own.
    let vertical = start + width(callee) < max;
    let one = format!("{call}{}", tail.text());
    if start + width(&one) <= max {
        return Some(one);
    }
    match tail {
        Tail::Await if p <= max => Some(format!("{call}\n{pad4}.await")),
        Tail::Await if vertical => Some(format!("{callee}(\n{pad4}{args},\n{pad})\n{pad}.await")),
        Tail::Await => None,
        // `x.await["id"]` is an index of a chain, then `.clone()` a chain
        // of it: the index stays on the line until `.await` ends within
        // five columns of the limit, where rustfmt fails, then within one,
        // where `["id"]` goes on the next line.
        Tail::Id if p + 12 <= max => Some(format!("{call}.await[\"id\"]\n{pad4}.clone()")),
        Tail::Id if p + 7 < max => None,
        Tail::Id if p + 6 <= max => Some(format!("{call}.await\n{pad4}[\"id\"]\n{pad4}.clone()")),
        Tail::Id if p <= max => Some(format!("{call}\n{pad4}.await[\"id\"]\n{pad4}.clone()")),
        Tail::Id if vertical => Some(format!(
            "{callee}(\n{pad4}{args},\n{pad})\n{pad}.await[\"id\"]\n{pad4}.clone()"
        )),
        Tail::Id => None,
    }
}

/// `{lhs} = {chain};` at `indent`: rustfmt's choice between the value on
/// the same line and on the next (`choose_rhs`).
fn assigned(indent: usize, lhs: &str, callee: &str, args: &str, tail: Tail) -> String {
    let pad = " ".repeat(indent);
    let head = format!("{pad}{lhs} =");
    let one = format!("{head} {callee}({args}){};\n", tail.text());
    if width(one.trim_end()) <= WIDTH {
        return one;
    }
    let same = chain(width(&head) + 1, indent, callee, args, tail, WIDTH - 1);
    let next = chain(indent + 4, indent + 4, callee, args, tail, WIDTH - 1);
    let next_line = |rhs: &str| format!("{head}\n{pad}    {rhs};\n");
    match (same, next) {
        (_, Some(next)) if !next.contains('\n') => next_line(&next),
        (None, None) => one,
        (None, Some(next)) => next_line(&next),
        (Some(same), None) => format!("{head} {same};\n"),
        (Some(same), Some(next)) => {
            let lines = |s: &str| s.matches('\n').count();
            let opens = |s: &str| s.lines().next().is_some_and(|l| l.ends_with('('));
            if lines(&same) > lines(&next) + 1 || (opens(&same) && !opens(&next)) {
                next_line(&next)
            } else {
                format!("{head} {same};\n")
            }
        }
    }
}

/// `{pad}{lhs} = {callee}({args}).await;` and its newline.
pub fn let_awaited(indent: usize, lhs: &str, callee: &str, args: &str) -> String {
    assigned(indent, lhs, callee, args, Tail::Await)
}

/// `{pad}{lhs} = {callee}({args}).await["id"].clone();` and its newline.
pub fn id_assigned(indent: usize, lhs: &str, callee: &str, args: &str) -> String {
    assigned(indent, lhs, callee, args, Tail::Id)
}

/// `{callee}({args}).await["id"].clone()` ending a block indented by
/// `indent` (no padding before the first line, no newline after the last).
pub fn id_tail(indent: usize, callee: &str, args: &str) -> String {
    chain(indent, indent, callee, args, Tail::Id, WIDTH)
        .unwrap_or_else(|| format!("{callee}({args}){}", Tail::Id.text()))
}

/// `assert!(error_fields(&answer.body).contains(&"{column}".to_owned()));`
/// at `indent`, and its newline.
pub fn assert_error_field(indent: usize, column: &str) -> String {
    let pad = " ".repeat(indent);
    let fields = "error_fields(&answer.body)";
    let contains = format!(".contains(&\"{column}\".to_owned())");
    let one = format!("{pad}assert!({fields}{contains});\n");
    if width(one.trim_end()) <= WIDTH {
        one
    } else if indent + 4 + width(fields) + width(&contains) < WIDTH {
        format!("{pad}assert!(\n{pad}    {fields}{contains}\n{pad});\n")
    } else if indent + 8 + width(&contains) < WIDTH {
        format!("{pad}assert!(\n{pad}    {fields}\n{pad}        {contains}\n{pad});\n")
    } else {
        // Past keel check's limits (a column of 63 characters or more).
        one
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row: a name length and rustfmt's output with the name as `{a}`
    /// (from rustfmt --edition 2024 on the one-line form).
    fn check(rows: &[(usize, &str)], make: impl Fn(&str) -> String) {
        for (n, expected) in rows {
            let a = "a".repeat(*n);
            assert_eq!(make(&a), expected.replace("{a}", &a), "length {n}");
        }
    }

    #[test]
    fn let_awaited_is_rustfmts() {
        check(
            &[
                (54, "    let row = create_{a}(&h, &maker, true).await;\n"),
                (
                    55,
                    "    let row =\n        create_{a}(&h, &maker, true).await;\n",
                ),
                (
                    60,
                    "    let row =\n        create_{a}(&h, &maker, true).await;\n",
                ),
                (
                    61,
                    "    let row =\n        create_{a}(&h, &maker, true)\n            .await;\n",
                ),
                (
                    66,
                    "    let row =\n        create_{a}(&h, &maker, true)\n            .await;\n",
                ),
                (
                    67,
                    "    let row = create_{a}(\n        &h, &maker, true,\n    )\n    .await;\n",
                ),
                (
                    77,
                    "    let row = create_{a}(\n        &h, &maker, true,\n    )\n    .await;\n",
                ),
                (
                    78,
                    "    let row =\n        create_{a}(\n            &h, &maker, true,\n        )\n        .await;\n",
                ),
                (
                    83,
                    "    let row =\n        create_{a}(\n            &h, &maker, true,\n        )\n        .await;\n",
                ),
                (84, "    let row = create_{a}(&h, &maker, true).await;\n"),
            ],
            |a| let_awaited(4, "let row", &format!("create_{a}"), "&h, &maker, true"),
        );
        check(
            &[
                (
                    50,
                    "        let row = create_{a}(&h, &maker, true).await;\n",
                ),
                (
                    51,
                    "        let row =\n            create_{a}(&h, &maker, true).await;\n",
                ),
                (
                    56,
                    "        let row =\n            create_{a}(&h, &maker, true).await;\n",
                ),
                (
                    57,
                    "        let row =\n            create_{a}(&h, &maker, true)\n                .await;\n",
                ),
                (
                    62,
                    "        let row =\n            create_{a}(&h, &maker, true)\n                .await;\n",
                ),
                (
                    63,
                    "        let row = create_{a}(\n            &h, &maker, true,\n        )\n        .await;\n",
                ),
            ],
            |a| let_awaited(8, "let row", &format!("create_{a}"), "&h, &maker, true"),
        );
        check(
            &[
                (
                    52,
                    "        let body =\n            {a}_body(&h, &maker, true).await;\n",
                ),
                (
                    53,
                    "        let body =\n            {a}_body(&h, &maker, true).await;\n",
                ),
                (
                    58,
                    "        let body =\n            {a}_body(&h, &maker, true).await;\n",
                ),
                (
                    59,
                    "        let body =\n            {a}_body(&h, &maker, true)\n                .await;\n",
                ),
            ],
            |a| let_awaited(8, "let body", &format!("{a}_body"), "&h, &maker, true"),
        );
    }

    #[test]
    fn id_assigned_is_rustfmts() {
        // A long left-hand side (the column of a long name).
        let c = "c".repeat(20);
        check(
            &[
                (
                    21,
                    "    body[\"{c}\"] = create_{a}(h, who, online).await[\"id\"].clone();\n",
                ),
                (
                    22,
                    "    body[\"{c}\"] =\n        create_{a}(h, who, online).await[\"id\"].clone();\n",
                ),
                (
                    48,
                    "    body[\"{c}\"] =\n        create_{a}(h, who, online).await[\"id\"].clone();\n",
                ),
                (
                    49,
                    "    body[\"{c}\"] =\n        create_{a}(h, who, online).await[\"id\"]\n            .clone();\n",
                ),
                (
                    56,
                    "    body[\"{c}\"] =\n        create_{a}(h, who, online).await[\"id\"]\n            .clone();\n",
                ),
                (
                    57,
                    "    body[\"{c}\"] = create_{a}(h, who, online).await[\"id\"].clone();\n",
                ),
                (
                    60,
                    "    body[\"{c}\"] = create_{a}(h, who, online).await[\"id\"].clone();\n",
                ),
                (
                    61,
                    "    body[\"{c}\"] =\n        create_{a}(h, who, online).await\n            [\"id\"]\n            .clone();\n",
                ),
                (
                    63,
                    "    body[\"{c}\"] =\n        create_{a}(h, who, online)\n            .await[\"id\"]\n            .clone();\n",
                ),
                (
                    69,
                    "    body[\"{c}\"] =\n        create_{a}(\n            h, who, online,\n        )\n        .await[\"id\"]\n            .clone();\n",
                ),
            ],
            |a| {
                let lhs = format!("body[\"{c}\"]");
                id_assigned(4, &lhs, &format!("create_{a}"), "h, who, online").replace(&c, "{c}")
            },
        );
        // A short one: rustfmt keeps what it can on the first line.
        check(
            &[
                (
                    48,
                    "    body[\"x_id\"] =\n        create_{a}(h, who, online).await[\"id\"].clone();\n",
                ),
                (
                    49,
                    "    body[\"x_id\"] =\n        create_{a}(h, who, online).await[\"id\"]\n            .clone();\n",
                ),
                (
                    50,
                    "    body[\"x_id\"] = create_{a}(h, who, online).await\n        [\"id\"]\n        .clone();\n",
                ),
                (
                    51,
                    "    body[\"x_id\"] = create_{a}(h, who, online).await\n        [\"id\"]\n        .clone();\n",
                ),
                (
                    52,
                    "    body[\"x_id\"] = create_{a}(h, who, online)\n        .await[\"id\"]\n        .clone();\n",
                ),
                (
                    53,
                    "    body[\"x_id\"] = create_{a}(h, who, online)\n        .await[\"id\"]\n        .clone();\n",
                ),
                (
                    57,
                    "    body[\"x_id\"] = create_{a}(h, who, online)\n        .await[\"id\"]\n        .clone();\n",
                ),
                (
                    58,
                    "    body[\"x_id\"] = create_{a}(\n        h, who, online,\n    )\n    .await[\"id\"]\n        .clone();\n",
                ),
                (
                    61,
                    "    body[\"x_id\"] =\n        create_{a}(h, who, online).await\n            [\"id\"]\n            .clone();\n",
                ),
            ],
            |a| {
                id_assigned(
                    4,
                    "body[\"x_id\"]",
                    &format!("create_{a}"),
                    "h, who, online",
                )
            },
        );
    }

    #[test]
    fn id_tail_is_rustfmts() {
        check(
            &[
                (51, "create_{a}(h, who, true).await[\"id\"].clone()"),
                (
                    52,
                    "create_{a}(h, who, true).await[\"id\"]\n            .clone()",
                ),
                (
                    59,
                    "create_{a}(h, who, true).await[\"id\"]\n            .clone()",
                ),
                (60, "create_{a}(h, who, true).await[\"id\"].clone()"),
                (63, "create_{a}(h, who, true).await[\"id\"].clone()"),
                (
                    64,
                    "create_{a}(h, who, true).await\n            [\"id\"]\n            .clone()",
                ),
                (
                    65,
                    "create_{a}(h, who, true).await\n            [\"id\"]\n            .clone()",
                ),
                (
                    66,
                    "create_{a}(h, who, true)\n            .await[\"id\"]\n            .clone()",
                ),
                (
                    71,
                    "create_{a}(h, who, true)\n            .await[\"id\"]\n            .clone()",
                ),
                (
                    72,
                    "create_{a}(\n            h, who, true,\n        )\n        .await[\"id\"]\n            .clone()",
                ),
            ],
            |a| id_tail(8, &format!("create_{a}"), "h, who, true"),
        );
    }

    #[test]
    fn assert_error_field_is_rustfmts() {
        check(
            &[
                (
                    35,
                    "    assert!(error_fields(&answer.body).contains(&\"{a}\".to_owned()));\n",
                ),
                (
                    36,
                    "    assert!(\n        error_fields(&answer.body).contains(&\"{a}\".to_owned())\n    );\n",
                ),
                (
                    40,
                    "    assert!(\n        error_fields(&answer.body).contains(&\"{a}\".to_owned())\n    );\n",
                ),
                (
                    41,
                    "    assert!(\n        error_fields(&answer.body)\n            .contains(&\"{a}\".to_owned())\n    );\n",
                ),
                (
                    62,
                    "    assert!(\n        error_fields(&answer.body)\n            .contains(&\"{a}\".to_owned())\n    );\n",
                ),
            ],
            |a| assert_error_field(4, a),
        );
    }
}
