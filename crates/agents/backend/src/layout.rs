//! Just enough of rustfmt's layout rules for the lines whose length depends
//! on the blueprint, so generated code is `cargo fmt --check` clean without
//! running rustfmt (which would make the output depend on the machine).

/// rustfmt's `max_width`.
pub const WIDTH: usize = 100;
/// rustfmt's `fn_call_width`, `array_width` and `chain_width`: wider
/// argument lists, arrays and chains are laid out vertically.
pub const SHORT: usize = 60;

fn fits(line: &str) -> bool {
    line.chars().count() <= WIDTH
}

/// `head item, item tail` on one line when it fits, else one item per line
/// with a trailing comma (arrays, calls, macro arguments). An item may take
/// lines of its own (a [`tuple`]): a lone one is overflowed (`head(` …
/// `)tail`), and several go one per line.
pub fn list(indent: usize, head: &str, items: &[String], tail: &str) -> String {
    let pad = " ".repeat(indent);
    let joined = items.join(", ");
    let one = format!("{pad}{head}{joined}{tail}");
    let multi = items.iter().any(|i| i.contains('\n'));
    if items.is_empty()
        || (!multi && fits(&one) && (items.len() == 1 || joined.chars().count() <= SHORT))
    {
        return format!("{one}\n");
    }
    if let [item] = items
        && multi
    {
        return format!("{pad}{head}{}{tail}\n", indented(item, &pad));
    }
    vertical(indent, head, items, tail)
}

/// `head`, then each item on a line of its own one level deeper with a
/// trailing comma (its later lines indented with it), then `tail`, at
/// `indent`: how rustfmt writes a list it has broken.
pub fn vertical(indent: usize, head: &str, items: &[String], tail: &str) -> String {
    let pad = " ".repeat(indent);
    let deeper = format!("{pad}    ");
    let mut out = format!("{pad}{head}\n");
    for item in items {
        out.push_str(&format!("{deeper}{},\n", indented(item, &deeper)));
    }
    out.push_str(&format!("{pad}{tail}\n"));
    out
}

/// `(a, b)` when the items joined are at most `SHORT` wide (rustfmt's
/// `fn_call_width` holds for tuples too), else one item per line. The
/// lines after the first are indented as if the tuple started a line at
/// column 0; [`list`] and [`array`] indent them to where they put it.
pub fn tuple(items: &[String]) -> String {
    let joined = items.join(", ");
    if joined.chars().count() <= SHORT {
        return format!("({joined})");
    }
    let mut out = "(\n".to_owned();
    for item in items {
        out.push_str(&format!("    {item},\n"));
    }
    out.push(')');
    out
}

/// `text` with the lines after its first indented by `pad`.
fn indented(text: &str, pad: &str) -> String {
    text.replace('\n', &format!("\n{pad}"))
}

/// `name!(a, b);` on one line when it fits, else one argument per line;
/// rustfmt adds no trailing comma to a macro's arguments.
pub fn macro_call(indent: usize, name: &str, args: &[String]) -> String {
    let pad = " ".repeat(indent);
    let joined = args.join(", ");
    let one = format!("{pad}{name}!({joined});");
    if fits(&one) && (args.len() == 1 || joined.chars().count() <= SHORT) {
        return format!("{one}\n");
    }
    let lines: Vec<String> = args.iter().map(|a| format!("{pad}    {a}")).collect();
    format!("{pad}{name}!(\n{}\n{pad});\n", lines.join(",\n"))
}

/// `if a || b {` on one line when it fits, else one term per line and
/// the brace on a line of its own.
pub fn if_any(indent: usize, terms: &[String]) -> String {
    let pad = " ".repeat(indent);
    let one = format!("{pad}if {} {{", terms.join(" || "));
    if fits(&one) {
        return format!("{one}\n");
    }
    // (A condition that fits without the brace keeps its line; the brace
    // goes below.)
    let bare = format!("{pad}if {}", terms.join(" || "));
    if fits(&bare) {
        return format!("{bare}\n{pad}{{\n");
    }
    format!(
        "{pad}if {}\n{pad}{{\n",
        terms.join(&format!("\n{pad}    || "))
    )
}

/// `use path::{a, b};` on one line when it fits, else rustfmt's mixed
/// layout: the items packed, indented once.
pub fn use_list(path: &str, items: &[String]) -> String {
    // (rustfmt keeps a use on one line up to 98 characters and packs the
    // lines of a long one up to 99: measured, not documented.)
    let mut items = items.to_vec();
    items.sort_by(|a, b| version_cmp(a, b));
    let items = &items;
    let one = format!("use {path}::{{{}}};", items.join(", "));
    if one.chars().count() <= WIDTH - 2 {
        return format!("{one}\n");
    }
    packed(0, &format!("use {path}::{{"), items, "};")
}

/// rustfmt's order of the names in a use list (style edition 2024): the
/// names split into runs of digits, underscores and other characters;
/// digits compare as numbers and before other characters, an underscore
/// before anything else, other runs as strings (`AppState` before
/// `form940s` before `form1099s`).
pub fn version_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (a, b) = (chunks(a), chunks(b));
    let mut zeros = Ordering::Equal;
    for (x, y) in a.iter().zip(&b) {
        let order = match (x, y) {
            (Chunk::Underscore, Chunk::Underscore) => Ordering::Equal,
            (Chunk::Underscore, _) => Ordering::Less,
            (_, Chunk::Underscore) => Ordering::Greater,
            (Chunk::Number(x), Chunk::Number(y)) => {
                let (tx, ty) = (x.trim_start_matches('0'), y.trim_start_matches('0'));
                let order = tx.len().cmp(&ty.len()).then_with(|| tx.cmp(ty));
                if order == Ordering::Equal && zeros == Ordering::Equal {
                    // (Equal numbers: the one with more leading zeros first.)
                    zeros = y.len().cmp(&x.len());
                }
                order
            }
            (Chunk::Number(_), Chunk::Text(_)) => Ordering::Less,
            (Chunk::Text(_), Chunk::Number(_)) => Ordering::Greater,
            (Chunk::Text(x), Chunk::Text(y)) => x.cmp(y),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    a.len().cmp(&b.len()).then(zeros)
}

enum Chunk<'a> {
    Underscore,
    Number(&'a str),
    Text(&'a str),
}

fn chunks(name: &str) -> Vec<Chunk<'_>> {
    let mut out = Vec::new();
    let mut rest = name;
    while let Some(c) = rest.chars().next() {
        let len = if c == '_' {
            out.push(Chunk::Underscore);
            1
        } else {
            let digits = c.is_ascii_digit();
            let len = rest
                .find(|d: char| d == '_' || d.is_ascii_digit() != digits)
                .unwrap_or(rest.len());
            out.push(if digits {
                Chunk::Number(&rest[..len])
            } else {
                Chunk::Text(&rest[..len])
            });
            len
        };
        rest = &rest[len..];
    }
    out
}

/// A `const NAME: &[&str] = &[...];` of string literals.
pub fn str_array(indent: usize, decl: &str, items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("\"{s}\"")).collect();
    array(indent, decl, &quoted)
}

/// `decl = &[a, b];` on one line when it fits; else, when the array is
/// short, on the next line (`decl =` then `&[a, b];`); else one item per
/// line. A lone item that takes lines of its own (a [`tuple`]) is
/// overflowed: `decl = &[(`, its items, `)];`.
pub fn array(indent: usize, decl: &str, items: &[String]) -> String {
    let pad = " ".repeat(indent);
    // A declaration of 99 characters or more with its ` =` (a long
    // constant's name): its type and value on the next line, or the whole
    // on one line when even `name:` is that long (measured).
    if format!("{pad}{decl} =").chars().count() >= WIDTH - 1
        && let Some((name, ty)) = decl.split_once(": ")
    {
        if format!("{pad}{name}:").chars().count() >= WIDTH - 2 {
            return format!("{pad}{decl} = &[{}];\n", items.join(", "));
        }
        // (One line when it fits one level deeper; else the array's items
        // and closing bracket stay where they would be without the break.)
        let deeper = array(indent + 4, ty, items);
        if deeper.lines().count() == 1 {
            return format!("{pad}{name}:\n{deeper}");
        }
        return format!("{pad}{name}:\n    {}", array(indent, ty, items));
    }
    if let [item] = items
        && item.contains('\n')
    {
        return format!("{pad}{decl} = &[{}];\n", indented(item, &pad));
    }
    let joined = items.join(", ");
    let short = items.len() == 1 || joined.chars().count() <= SHORT;
    let next = format!("{pad}    &[{joined}];");
    if short && !fits(&format!("{pad}{decl} = &[{joined}];")) && fits(&next) {
        return format!("{pad}{decl} =\n{next}\n");
    }
    if !fits(&format!("{pad}{decl} = &[")) {
        // (The array's opening bracket does not fit after the `=`: the
        // whole array goes one line down.)
        return format!(
            "{pad}{decl} =\n{}",
            array_items(indent + 4, "&[", items, "];")
        );
    }
    array_items(indent, &format!("{decl} = &["), items, "];")
}

/// `name: value,` in a struct literal, at `indent`; when too long, the
/// value on the next line, one level deeper, if it fits there without its
/// comma, else on one line anyway (measured with a path as the value;
/// rustfmt leaves a string literal on the field's line).
pub fn struct_field(indent: usize, name: &str, value: &str) -> String {
    let pad = " ".repeat(indent);
    let one = format!("{pad}{name}: {value},");
    if fits(&one) || !fits(&format!("{pad}    {value}")) {
        return format!("{one}\n");
    }
    format!("{pad}{name}:\n{pad}    {value},\n")
}

/// `head a, b tail` on one line when it fits and is short; else an array
/// of short items (rustfmt's `short_array_element_width_threshold`, 10)
/// packed, and any other one item per line.
fn array_items(indent: usize, head: &str, items: &[String], tail: &str) -> String {
    let pad = " ".repeat(indent);
    let joined = items.join(", ");
    let one = format!("{pad}{head}{joined}{tail}");
    let short = items.len() == 1 || joined.chars().count() <= SHORT;
    let all_short = items.len() > 1 && items.iter().all(|i| i.chars().count() <= 10);
    if all_short && !(fits(&one) && short) {
        return packed(indent, head, items, tail);
    }
    list(indent, head, items, tail)
}

/// `head`, the items packed into lines of at most 99 characters (all on
/// one inner line when that fits in 100), `tail`.
fn packed(indent: usize, head: &str, items: &[String], tail: &str) -> String {
    let pad = " ".repeat(indent);
    let mut out = format!("{pad}{head}\n");
    let inner = format!("{pad}    {},", items.join(", "));
    if fits(&inner) {
        return format!("{out}{inner}\n{pad}{tail}\n");
    }
    let mut line = String::new();
    for item in items {
        let longer = format!("{line} {item},");
        if line.is_empty() {
            line = format!("{pad}    {item},");
        } else if longer.chars().count() < WIDTH {
            line = longer;
        } else {
            out.push_str(&format!("{line}\n"));
            line = format!("{pad}    {item},");
        }
    }
    out.push_str(&format!("{line}\n{pad}{tail}\n"));
    out
}

/// A call whose last argument is a closure: `callee(args|x| body);`, or
/// with the closure's body in a block when the arguments are too wide.
pub fn closure_call(indent: usize, callee: &str, args: &str, body: &str) -> String {
    let pad = " ".repeat(indent);
    let one = format!("{pad}{callee}({args}|x| {body});");
    let width = format!("{args}|x| {body}").chars().count();
    if fits(&one) && width <= SHORT {
        return format!("{one}\n");
    }
    // A check of values with wide arguments ("v::one_of(x, &[...])") has
    // them one per line.
    let body = match body.split_once('(').filter(|_| body.ends_with(')')) {
        Some((call, rest)) if call == "v::one_of" => {
            let inner = &rest[..rest.len() - 1];
            let args: Vec<&str> = match inner.split_once(", ") {
                Some((first, second)) if !first.contains(['(', '[', '"']) => vec![first, second],
                _ => vec![inner],
            };
            if args.len() == 2 && inner.chars().count() > SHORT {
                let deeper = format!("{pad}        ");
                // (The values are an array of their own: one line when
                // short, else packed or one per line.)
                let values: Vec<String> = args[1]
                    .trim_start_matches("&[")
                    .trim_end_matches(']')
                    .split(", ")
                    .map(str::to_owned)
                    .collect();
                let array = array_items(indent + 8, "&[", &values, "],");
                format!("{call}(\n{deeper}{},\n{}{pad}    )", args[0], array)
            } else {
                body.to_owned()
            }
        }
        // Any other check whose arguments are wider than a call line takes
        // ("v::text(x, 0, 20, Some(&LONG_FIELD_NAME_PATTERN))"): one per line.
        _ => match call_parts(body) {
            Some((check, parts)) if parts.join(", ").chars().count() > SHORT => {
                let mut out = format!("{check}(\n");
                for part in &parts {
                    out.push_str(&format!("{pad}        {part},\n"));
                }
                out.push_str(&format!("{pad}    )"));
                out
            }
            _ => body.to_owned(),
        },
    };
    format!("{pad}{callee}({args}|x| {{\n{pad}    {body}\n{pad}}});\n")
}

/// `a.b().c()` on one line when short, else one call per line. A single
/// call after the first (`a.b()`) is no chain to rustfmt: it stays on one
/// line whenever that fits.
pub fn chain(indent: usize, first: &str, calls: &[String]) -> String {
    let one = format!("{first}{}", calls.concat());
    let single = calls.len() == 1 && fits(&format!("{}{one},", " ".repeat(indent)));
    if calls.is_empty() || single || one.chars().count() <= SHORT {
        return one;
    }
    let pad = " ".repeat(indent + 4);
    let mut out = first.to_owned();
    for call in calls {
        out.push_str(&format!("\n{pad}{call}"));
    }
    out
}

/// `pub const NAME: &str = "...";`, moved to the next line, or split with
/// `concat!` when even that is too long.
pub fn str_const(decl: &str, parts: &[String]) -> String {
    let whole: String = parts.concat();
    let one = format!("{decl} = \"{whole}\";");
    if fits(&one) {
        return format!("{one}\n");
    }
    let next = format!("    \"{whole}\";");
    if fits(&next) {
        return format!("{decl} =\n{next}\n");
    }
    let items: Vec<String> = parts.iter().map(|p| format!("\"{p}\"")).collect();
    list(0, &format!("{decl} = concat!("), &items, ");")
}

/// `decl = value;` at `indent` on one line when it fits, else `decl =` and
/// the value on the next line, one level deeper, when it fits there; else
/// on one line anyway, as rustfmt leaves a string literal too long for
/// either (for a call, only when it fits the next line: `include_str!("…")`).
/// A value of several lines stays where it starts.
pub fn assign(indent: usize, decl: &str, value: &str) -> String {
    let pad = " ".repeat(indent);
    let one = format!("{pad}{decl} = {value};");
    let next = format!("{pad}    {value};");
    if value.contains('\n') || fits(&one) || !fits(&next) {
        return format!("{one}\n");
    }
    format!("{pad}{decl} =\n{next}\n")
}

/// `head outer(inner(a, b))tail`, a call as the only argument of another
/// (`Err(Problem::not_found("…"))`, `Ok(rows::created("…", row))`): on one
/// line when it fits and the inner call, arguments and all, is at most
/// `SHORT` wide (the outer call's argument width); else the inner call's
/// arguments one per line with a trailing comma, the calls' parentheses
/// closed together on the last line.
pub fn call_in_call(
    indent: usize,
    head: &str,
    outer: &str,
    inner: &str,
    args: &[String],
    tail: &str,
) -> String {
    let call = format!("{inner}({})", args.join(", "));
    let one = format!("{}{head}{outer}({call}){tail}", " ".repeat(indent));
    if fits(&one) && call.chars().count() <= SHORT {
        return format!("{one}\n");
    }
    vertical(
        indent,
        &format!("{head}{outer}({inner}("),
        args,
        &format!(")){tail}"),
    )
}

/// `static NAME: LazyLock<Regex>` of the Rust string literal `literal`, as
/// rustfmt lays it out (compared with rustfmt for names of up to 48
/// characters and literals of up to 200): the call on the next line when it
/// fits there; else in a block, on one line, or with `.expect` on a line of
/// its own, or with the literal on one too; a literal too long for any of
/// these leaves the call on one line.
pub fn regex_static(name: &str, literal: &str) -> String {
    let head = format!("static {name}: LazyLock<Regex> =");
    let expect = ".expect(\"the blueprint's pattern is valid\")";
    let call = format!("Regex::new({literal}){expect}");
    let next = format!("    LazyLock::new(|| {call});");
    if fits(&next) {
        return format!("{head}\n{next}\n");
    }
    let body = if fits(&format!("    {call}")) || !fits(&format!("        {literal},")) {
        format!("    {call}")
    } else if fits(&format!("    Regex::new({literal})")) {
        format!("    Regex::new({literal})\n        {expect}")
    } else {
        format!("    Regex::new(\n        {literal},\n    )\n    {expect}")
    };
    format!("{head} LazyLock::new(|| {{\n{body}\n}});\n")
}

/// A function signature: parameters on one line when it fits, else one per line.
pub fn signature(head: &str, params: &[String], ret: &str) -> String {
    let one = format!("{head}({}) -> {ret} {{", params.join(", "));
    if fits(&one) {
        return format!("{one}\n");
    }
    vertical(0, &format!("{head}("), params, &format!(") -> {ret} {{"))
}

/// `call.await` as a statement's value: on one line when it fits; else
/// `.await` on a line of its own below the call, one level deeper; else,
/// when the call does not fit either or its arguments are wider than
/// `SHORT`, the arguments one per line and `.await` after the call's
/// closing parenthesis, at the statement's indent.
fn awaited(indent: usize, call: &str) -> String {
    let pad = " ".repeat(indent);
    let one = format!("{pad}{call}.await");
    let parts = call_parts(call);
    let wide = parts
        .as_ref()
        .is_some_and(|(_, args)| args.join(", ").chars().count() > SHORT);
    if fits(&one) && !wide {
        return format!("{one}\n");
    }
    match parts {
        Some((callee, args)) if wide || !fits(&format!("{pad}{call}")) => {
            let mut out = format!("{pad}{callee}(\n");
            for arg in &args {
                out.push_str(&argument(indent + 4, arg));
            }
            out.push_str(&format!("{pad})\n{pad}.await\n"));
            out
        }
        _ => format!("{pad}{call}\n{pad}    .await\n"),
    }
}

/// An argument of a call laid out one argument per line, at `indent`,
/// with its trailing comma: a call in it whose own arguments are wider
/// than `SHORT`, or that does not fit, takes one line per argument too
/// (`uuid_at(` / `row,` / `"column_id",` / `),`).
fn argument(indent: usize, arg: &str) -> String {
    let one = format!("{}{arg},", " ".repeat(indent));
    match call_parts(arg) {
        Some((callee, args)) if args.join(", ").chars().count() > SHORT || !fits(&one) => {
            vertical(indent, &format!("{callee}("), &args, "),")
        }
        _ => format!("{one}\n"),
    }
}

/// `callee(a, b(c, d))` as `callee` and its arguments `a`, `b(c, d)`
/// (commas inside brackets or strings do not split).
fn call_parts(call: &str) -> Option<(&str, Vec<String>)> {
    let (callee, rest) = call.split_once('(')?;
    let inner = rest.strip_suffix(')')?;
    let mut args = Vec::new();
    let mut depth = 0i32;
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in inner.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '(' | '[' | '{' if !quoted => depth += 1,
            ')' | ']' | '}' if !quoted => depth -= 1,
            ',' if !quoted && depth == 0 => {
                args.push(inner[start..i].trim().to_owned());
                start = i + 1;
            }
            _ => {}
        }
    }
    if depth != 0 || quoted {
        return None;
    }
    args.push(inner[start..].trim().to_owned());
    Some((callee, args))
}

/// `Ok(a || b || c)`, or an `if` per term when that is too long.
pub fn any_of(indent: usize, terms: &[String]) -> String {
    let pad = " ".repeat(indent);
    // `Ok(x?)` is just `x`.
    let last = |term: &str| match term.strip_suffix('?') {
        Some(inner) => match inner.strip_suffix(".await") {
            Some(call) => awaited(indent, call),
            None => format!("{pad}{inner}\n"),
        },
        None => format!("{pad}Ok({term})\n"),
    };
    if terms.len() == 1 {
        return last(&terms[0]);
    }
    let one = format!("{pad}Ok({})", terms.join(" || "));
    // (rustfmt breaks `Ok(a || b)` of exactly 100 characters: measured.)
    if one.chars().count() < WIDTH {
        return format!("{one}\n");
    }
    let mut out = String::new();
    for term in &terms[..terms.len() - 1] {
        out.push_str(&format!(
            "{pad}if {term} {{\n{pad}    return Ok(true);\n{pad}}}\n"
        ));
    }
    out.push_str(&last(&terms[terms.len() - 1]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `a` repeated `n` times, and the same in capitals.
    fn names(n: usize) -> (String, String) {
        ("a".repeat(n), "A".repeat(n))
    }

    /// Each case's expected text is what `rustfmt --edition 2024` made of
    /// the one-line form with a name of that many characters (`{a}` and
    /// `{A}` stand for it), cut to the lines the helper writes.
    fn check(cases: &[(usize, &str)], helper: impl Fn(&str, &str) -> String) {
        for (n, expected) in cases {
            let (a, upper) = names(*n);
            let expected = expected.replace("{a}", &a).replace("{A}", &upper);
            assert_eq!(helper(&a, &upper), expected, "a name of {n} characters");
        }
    }

    #[test]
    fn constants_move_after_the_equals_sign_as_rustfmt_does() {
        // A string literal too long for the next line stays on one.
        check(
            &[
                (60, "pub const BASE: &str = \"{a}\";\n"),
                (74, "pub const BASE: &str = \"{a}\";\n"),
                (75, "pub const BASE: &str =\n    \"{a}\";\n"),
                (93, "pub const BASE: &str =\n    \"{a}\";\n"),
                (94, "pub const BASE: &str = \"{a}\";\n"),
                (100, "pub const BASE: &str = \"{a}\";\n"),
            ],
            |a, _| assign(0, "pub const BASE: &str", &format!("\"{a}\"")),
        );
        check(
            &[
                (
                    10,
                    "pub const MIGRATION: &str = include_str!(\"../../../db/{a}/0001_init.sql\");\n",
                ),
                (
                    29,
                    "pub const MIGRATION: &str = include_str!(\"../../../db/{a}/0001_init.sql\");\n",
                ),
                (
                    30,
                    "pub const MIGRATION: &str =\n    include_str!(\"../../../db/{a}/0001_init.sql\");\n",
                ),
                (
                    50,
                    "pub const MIGRATION: &str =\n    include_str!(\"../../../db/{a}/0001_init.sql\");\n",
                ),
            ],
            |a, _| {
                assign(
                    0,
                    "pub const MIGRATION: &str",
                    &format!("include_str!(\"../../../db/{a}/0001_init.sql\")"),
                )
            },
        );
    }

    #[test]
    fn calls_in_calls_as_rustfmt_writes_them() {
        check(
            &[
                (20, "        _ => Err(Problem::not_found(\"{a}\")),\n"),
                (38, "        _ => Err(Problem::not_found(\"{a}\")),\n"),
                (
                    39,
                    "        _ => Err(Problem::not_found(\n            \"{a}\",\n        )),\n",
                ),
                (
                    60,
                    "        _ => Err(Problem::not_found(\n            \"{a}\",\n        )),\n",
                ),
                (
                    80,
                    "        _ => Err(Problem::not_found(\n            \"{a}\",\n        )),\n",
                ),
            ],
            |a, _| {
                call_in_call(
                    8,
                    "_ => ",
                    "Err",
                    "Problem::not_found",
                    &[format!("\"{a}\"")],
                    ",",
                )
            },
        );
        check(
            &[
                (20, "    Ok(rows::created(\"{a}\", row))\n"),
                (38, "    Ok(rows::created(\"{a}\", row))\n"),
                (
                    39,
                    "    Ok(rows::created(\n        \"{a}\",\n        row,\n    ))\n",
                ),
                (
                    60,
                    "    Ok(rows::created(\n        \"{a}\",\n        row,\n    ))\n",
                ),
            ],
            |a, _| {
                call_in_call(
                    4,
                    "",
                    "Ok",
                    "rows::created",
                    &[format!("\"{a}\""), "row".to_owned()],
                    "",
                )
            },
        );
        check(
            &[
                (
                    10,
                    "        {a}: Arc::new(Remote::new(\"{a}\", &config.{a}_url)),\n",
                ),
                (
                    15,
                    "        {a}: Arc::new(Remote::new(\"{a}\", &config.{a}_url)),\n",
                ),
                (
                    16,
                    "        {a}: Arc::new(Remote::new(\n            \"{a}\",\n            &config.{a}_url,\n        )),\n",
                ),
                (
                    30,
                    "        {a}: Arc::new(Remote::new(\n            \"{a}\",\n            &config.{a}_url,\n        )),\n",
                ),
            ],
            |a, _| {
                call_in_call(
                    8,
                    &format!("{a}: "),
                    "Arc::new",
                    "Remote::new",
                    &[format!("\"{a}\""), format!("&config.{a}_url")],
                    ",",
                )
            },
        );
        check(
            &[
                (
                    10,
                    "            {a}_url: config::or(\"{A}_URL\", \"http://127.0.0.1:8082\"),\n",
                ),
                (
                    19,
                    "            {a}_url: config::or(\"{A}_URL\", \"http://127.0.0.1:8082\"),\n",
                ),
                (
                    20,
                    "            {a}_url: config::or(\n                \"{A}_URL\",\n                \"http://127.0.0.1:8082\",\n            ),\n",
                ),
                (
                    30,
                    "            {a}_url: config::or(\n                \"{A}_URL\",\n                \"http://127.0.0.1:8082\",\n            ),\n",
                ),
            ],
            |a, upper| {
                list(
                    12,
                    &format!("{a}_url: config::or("),
                    &[
                        format!("\"{upper}_URL\""),
                        "\"http://127.0.0.1:8082\"".to_owned(),
                    ],
                    "),",
                )
            },
        );
    }

    #[test]
    fn a_wide_call_among_arguments_takes_a_line_per_argument_too() {
        // (Up to a column of 85 characters: rustfmt leaves a longer one on
        // one line.)
        check(
            &[
                (
                    20,
                    "    x::may_read_id(tx, caller, uuid_at(row, \"{a}\")).await\n",
                ),
                (
                    33,
                    "    x::may_read_id(\n        tx,\n        caller,\n        uuid_at(row, \"{a}\"),\n    )\n    .await\n",
                ),
                (
                    46,
                    "    x::may_read_id(\n        tx,\n        caller,\n        uuid_at(row, \"{a}\"),\n    )\n    .await\n",
                ),
                (
                    53,
                    "    x::may_read_id(\n        tx,\n        caller,\n        uuid_at(row, \"{a}\"),\n    )\n    .await\n",
                ),
                (
                    54,
                    "    x::may_read_id(\n        tx,\n        caller,\n        uuid_at(\n            row,\n            \"{a}\",\n        ),\n    )\n    .await\n",
                ),
                (
                    70,
                    "    x::may_read_id(\n        tx,\n        caller,\n        uuid_at(\n            row,\n            \"{a}\",\n        ),\n    )\n    .await\n",
                ),
                (
                    85,
                    "    x::may_read_id(\n        tx,\n        caller,\n        uuid_at(\n            row,\n            \"{a}\",\n        ),\n    )\n    .await\n",
                ),
            ],
            |a, _| {
                any_of(
                    4,
                    &[format!(
                        "x::may_read_id(tx, caller, uuid_at(row, \"{a}\")).await?"
                    )],
                )
            },
        );
    }

    #[test]
    fn long_constant_names_as_rustfmt_writes_them() {
        check(
            &[
                (
                    40,
                    "const {A}: &[&str] = &[\"application/pdf\", \"image/png\"];\n",
                ),
                (
                    48,
                    "const {A}: &[&str] = &[\"application/pdf\", \"image/png\"];\n",
                ),
                (
                    49,
                    "const {A}: &[&str] =\n    &[\"application/pdf\", \"image/png\"];\n",
                ),
                (
                    81,
                    "const {A}: &[&str] =\n    &[\"application/pdf\", \"image/png\"];\n",
                ),
                (
                    82,
                    "const {A}:\n    &[&str] = &[\"application/pdf\", \"image/png\"];\n",
                ),
                (
                    90,
                    "const {A}:\n    &[&str] = &[\"application/pdf\", \"image/png\"];\n",
                ),
                (
                    91,
                    "const {A}: &[&str] = &[\"application/pdf\", \"image/png\"];\n",
                ),
            ],
            |_, upper| {
                str_array(
                    0,
                    &format!("const {upper}: &[&str]"),
                    &["application/pdf".into(), "image/png".into()],
                )
            },
        );
        let many: Vec<String> = [
            "application/pdf",
            "image/png",
            "image/jpeg",
            "text/plain",
            "application/zip",
        ]
        .map(String::from)
        .to_vec();
        check(
            &[
                (
                    10,
                    "const {A}: &[&str] = &[\n    \"application/pdf\",\n    \"image/png\",\n    \"image/jpeg\",\n    \"text/plain\",\n    \"application/zip\",\n];\n",
                ),
                (
                    80,
                    "const {A}: &[&str] = &[\n    \"application/pdf\",\n    \"image/png\",\n    \"image/jpeg\",\n    \"text/plain\",\n    \"application/zip\",\n];\n",
                ),
                (
                    81,
                    "const {A}: &[&str] =\n    &[\n        \"application/pdf\",\n        \"image/png\",\n        \"image/jpeg\",\n        \"text/plain\",\n        \"application/zip\",\n    ];\n",
                ),
                (
                    82,
                    "const {A}:\n    &[&str] = &[\n    \"application/pdf\",\n    \"image/png\",\n    \"image/jpeg\",\n    \"text/plain\",\n    \"application/zip\",\n];\n",
                ),
                (
                    90,
                    "const {A}:\n    &[&str] = &[\n    \"application/pdf\",\n    \"image/png\",\n    \"image/jpeg\",\n    \"text/plain\",\n    \"application/zip\",\n];\n",
                ),
                (
                    91,
                    "const {A}: &[&str] = &[\"application/pdf\", \"image/png\", \"image/jpeg\", \"text/plain\", \"application/zip\"];\n",
                ),
            ],
            |_, upper| str_array(0, &format!("const {upper}: &[&str]"), &many),
        );
        check(
            &[
                (80, "    accept: {A},\n"),
                (87, "    accept: {A},\n"),
                (88, "    accept:\n        {A},\n"),
                (92, "    accept:\n        {A},\n"),
                (93, "    accept: {A},\n"),
            ],
            |_, upper| struct_field(4, "accept", upper),
        );
        check(
            &[
                (80, "        accept: {A},\n"),
                (83, "        accept: {A},\n"),
                (84, "        accept:\n            {A},\n"),
                (88, "        accept:\n            {A},\n"),
                (89, "        accept: {A},\n"),
            ],
            |_, upper| struct_field(8, "accept", upper),
        );
    }

    #[test]
    fn regex_statics_as_rustfmt_writes_them() {
        // (rustfmt's output for a literal of 20, 30, 60, 86 and 90 `a`s.)
        let lit = |n: usize| format!("\"{}\"", "a".repeat(n));
        let expect = "expect(\"the blueprint's pattern is valid\")";
        assert_eq!(
            regex_static("F_PATTERN", &lit(20)),
            format!(
                "static F_PATTERN: LazyLock<Regex> =\n    LazyLock::new(|| Regex::new({}).{expect});\n",
                lit(20)
            )
        );
        assert_eq!(
            regex_static("F_PATTERN", &lit(30)),
            format!(
                "static F_PATTERN: LazyLock<Regex> = LazyLock::new(|| {{\n    Regex::new({}).{expect}\n}});\n",
                lit(30)
            )
        );
        assert_eq!(
            regex_static("F_PATTERN", &lit(60)),
            format!(
                "static F_PATTERN: LazyLock<Regex> = LazyLock::new(|| {{\n    Regex::new({})\n        .{expect}\n}});\n",
                lit(60)
            )
        );
        assert_eq!(
            regex_static("F_PATTERN", &lit(86)),
            format!(
                "static F_PATTERN: LazyLock<Regex> = LazyLock::new(|| {{\n    Regex::new(\n        {},\n    )\n    .{expect}\n}});\n",
                lit(86)
            )
        );
        assert_eq!(
            regex_static("F_PATTERN", &lit(90)),
            format!(
                "static F_PATTERN: LazyLock<Regex> = LazyLock::new(|| {{\n    Regex::new({}).{expect}\n}});\n",
                lit(90)
            )
        );
    }

    #[test]
    fn short_lists_stay_on_one_line() {
        assert_eq!(
            str_array(0, "const A: &[&str]", &["a".into()]),
            "const A: &[&str] = &[\"a\"];\n"
        );
        let long: Vec<String> = (0..20).map(|i| format!("long_field_{i}")).collect();
        let text = str_array(0, "const A: &[&str]", &long);
        assert!(text.starts_with("const A: &[&str] = &[\n    \"long_field_0\",\n"));
        assert!(text.ends_with("    \"long_field_19\",\n];\n"));
        // Items of at most 10 characters are packed.
        let short: Vec<String> = [
            "reg", "haulier", "product", "gross", "tare", "net", "customer",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            str_array(0, "const KIND_VALUES: &[&str]", &short),
            "const KIND_VALUES: &[&str] = &[\n    \"reg\", \"haulier\", \"product\", \"gross\", \"tare\", \"net\", \"customer\",\n];\n"
        );
    }

    #[test]
    fn layouts_that_match_rustfmt() {
        // (Each expected text is what `cargo fmt` made of the one-line form.)
        let modules: Vec<String> = [
            "AppState",
            "clubs",
            "dev_notes",
            "entries",
            "events",
            "heats",
            "lane_assignments",
            "meet_officials",
            "meets",
            "outcomes",
            "swimmers",
            "touchpad_timings",
            "venues",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            use_list("crate", &modules),
            "use crate::{\n    AppState, clubs, dev_notes, entries, events, heats, lane_assignments, meet_officials, meets,\n    outcomes, swimmers, touchpad_timings, venues,\n};\n"
        );
        assert_eq!(
            use_list("crate", &modules[..2]),
            "use crate::{AppState, clubs};\n"
        );
        // One inner line of exactly 100 characters stays one line.
        let exact: Vec<String> = [
            "AppState",
            "announcements",
            "change_requests",
            "drawings",
            "dues",
            "households",
            "lots",
            "payments",
            "proposals",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            use_list("crate", &exact),
            "use crate::{\n    AppState, announcements, change_requests, drawings, dues, households, lots, payments, proposals,\n};\n"
        );
        let pairs: Vec<String> = vec![
            "(\"developer_id\", \"developers\")".into(),
            "(\"project_id\", \"projects\")".into(),
        ];
        assert_eq!(
            array(0, "const LOCAL_REFERENCES: &[(&str, &str)]", &pairs),
            "const LOCAL_REFERENCES: &[(&str, &str)] =\n    &[(\"developer_id\", \"developers\"), (\"project_id\", \"projects\")];\n"
        );
        let terms: Vec<String> = vec![
            "!matches!(fresh[\"registration_number\"], Value::String(_))".into(),
            "echoed.contains(&\"registration_number\")".into(),
        ];
        assert_eq!(
            if_any(4, &terms),
            "    if !matches!(fresh[\"registration_number\"], Value::String(_))\n        || echoed.contains(&\"registration_number\")\n    {\n"
        );
        let args: Vec<String> = vec![
            "updated.body[\"registration_number\"]".into(),
            "fresh[\"registration_number\"]".into(),
        ];
        assert_eq!(
            macro_call(8, "assert_eq", &args),
            "        assert_eq!(\n            updated.body[\"registration_number\"],\n            fresh[\"registration_number\"]\n        );\n"
        );
        let short: Vec<String> = vec!["a[\"x\"]".into(), "b[\"x\"]".into()];
        assert_eq!(
            macro_call(8, "assert_eq", &short),
            "        assert_eq!(a[\"x\"], b[\"x\"]);\n"
        );
    }

    #[test]
    fn conditions_and_value_checks_that_match_rustfmt() {
        let terms: Vec<String> = vec![
            "!matches!(fresh[\"quantity_change\"], Value::String(_))".into(),
            "echoed.contains(&\"quantity_change\")".into(),
        ];
        assert_eq!(
            if_any(4, &terms),
            "    if !matches!(fresh[\"quantity_change\"], Value::String(_)) || echoed.contains(&\"quantity_change\")\n    {\n"
        );
        assert_eq!(
            closure_call(
                4,
                "f.field",
                "\"status\", false, ",
                "v::one_of(x, &[\"received\", \"design\", \"milling\", \"finishing\", \"shipped\"])"
            ),
            "    f.field(\"status\", false, |x| {\n        v::one_of(\n            x,\n            &[\"received\", \"design\", \"milling\", \"finishing\", \"shipped\"],\n        )\n    });\n"
        );
        // Any other check with arguments wider than 60.
        let check = |field: &str| {
            closure_call(
                4,
                "f.field",
                &format!("\"{field}\", false, "),
                &format!("v::text(x, 0, 20, Some(&{}_PATTERN))", field.to_uppercase()),
            )
        };
        assert_eq!(
            check("secondary_emergency_contact_telephone"),
            "    f.field(\"secondary_emergency_contact_telephone\", false, |x| {\n        v::text(\n            x,\n            0,\n            20,\n            Some(&SECONDARY_EMERGENCY_CONTACT_TELEPHONE_PATTERN),\n        )\n    });\n"
        );
        assert_eq!(
            check("emergency_contact_telephone"),
            "    f.field(\"emergency_contact_telephone\", false, |x| {\n        v::text(x, 0, 20, Some(&EMERGENCY_CONTACT_TELEPHONE_PATTERN))\n    });\n"
        );
    }

    #[test]
    fn tuples_wider_than_short_take_an_item_per_line() {
        // (Each expected text is what `rustfmt --edition 2024` made of the
        // one-line form.)
        let pair = |a: &str, b: &str| tuple(&[format!("\"{a}\""), format!("\"{b}\"")]);
        let decl = "const LOCAL_REFERENCES: &[(&str, &str)]";
        // A lone pair is overflowed.
        assert_eq!(
            array(
                0,
                decl,
                &[pair(
                    "vehicle_inspection_checklist_id",
                    "vehicle_inspection_checklists"
                )]
            ),
            "const LOCAL_REFERENCES: &[(&str, &str)] = &[(\n    \"vehicle_inspection_checklist_id\",\n    \"vehicle_inspection_checklists\",\n)];\n"
        );
        // At 60 it still moves to the next line whole.
        assert_eq!(
            array(
                0,
                decl,
                &[pair(
                    "vehicle_inspection_checklist_id",
                    "vehicle_inspection_chec"
                )]
            ),
            "const LOCAL_REFERENCES: &[(&str, &str)] =\n    &[(\"vehicle_inspection_checklist_id\", \"vehicle_inspection_chec\")];\n"
        );
        assert_eq!(
            array(
                0,
                decl,
                &[
                    pair(
                        "quality_assurance_inspection_id",
                        "quality_assurance_inspections"
                    ),
                    pair("shift_note_id", "shift_notes"),
                ]
            ),
            "const LOCAL_REFERENCES: &[(&str, &str)] = &[\n    (\n        \"quality_assurance_inspection_id\",\n        \"quality_assurance_inspections\",\n    ),\n    (\"shift_note_id\", \"shift_notes\"),\n];\n"
        );
        let filter = |name: &str, expr: &str| tuple(&[format!("\"{name}\""), expr.to_owned()]);
        let wide = filter(
            "application_status",
            "Filter::Enum(APPLICATION_STATUS_VALUES)",
        );
        assert_eq!(
            list(
                4,
                "filters: &[",
                &[filter("owner_id", "Filter::Uuid"), wide.clone()],
                "],"
            ),
            "    filters: &[\n        (\"owner_id\", Filter::Uuid),\n        (\n            \"application_status\",\n            Filter::Enum(APPLICATION_STATUS_VALUES),\n        ),\n    ],\n"
        );
        assert_eq!(
            list(4, "filters: &[", &[wide], "],"),
            "    filters: &[(\n        \"application_status\",\n        Filter::Enum(APPLICATION_STATUS_VALUES),\n    )],\n"
        );
        let narrow = filter(
            "application_statu",
            "Filter::Enum(APPLICATION_STATU_VALUES)",
        );
        assert_eq!(
            list(4, "filters: &[", &[narrow], "],"),
            "    filters: &[(\"application_statu\", Filter::Enum(APPLICATION_STATU_VALUES))],\n"
        );
    }

    #[test]
    fn awaited_calls_that_match_rustfmt() {
        // (What `rustfmt --edition 2024` made of the one-line form.)
        let term = |module: &str, column: &str| {
            format!("{module}::may_update_id(tx, caller, uuid_at(row, \"{column}\")).await?")
        };
        assert_eq!(
            any_of(4, &[term("work_orders", "work_order_id")]),
            "    work_orders::may_update_id(tx, caller, uuid_at(row, \"work_order_id\")).await\n"
        );
        // The call fits: `.await` below it.
        assert_eq!(
            any_of(
                4,
                &[term("warehouse_stock_entries", "warehouse_stock_entry_id")]
            ),
            "    warehouse_stock_entries::may_update_id(tx, caller, uuid_at(row, \"warehouse_stock_entry_id\"))\n        .await\n"
        );
        // The call does not fit: its arguments one per line.
        assert_eq!(
            any_of(
                4,
                &[term(
                    "purchase_order_line_items",
                    "purchase_order_line_item_id"
                )]
            ),
            "    purchase_order_line_items::may_update_id(\n        tx,\n        caller,\n        uuid_at(row, \"purchase_order_line_item_id\"),\n    )\n    .await\n"
        );
        // The arguments are wider than 60, though the line fits.
        let column = format!("{}_id", "b".repeat(30));
        assert_eq!(
            any_of(
                4,
                &[format!(
                    "x::may_read_id(tx, caller, uuid_at(row, \"{column}\")).await?"
                )]
            ),
            format!(
                "    x::may_read_id(\n        tx,\n        caller,\n        uuid_at(row, \"{column}\"),\n    )\n    .await\n"
            )
        );
    }

    #[test]
    fn use_lists_in_rustfmts_version_order() {
        // (What `rustfmt --edition 2024` made of the one-line form.)
        let names: Vec<String> = ["form1099s", "AppState", "form940s", "form_a", "forms"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            use_list("crate", &names),
            "use crate::{AppState, form_a, form940s, form1099s, forms};\n"
        );
    }

    #[test]
    fn an_alternative_of_exactly_100_characters_takes_ifs() {
        // (rustfmt leaves the 99-character line and breaks the 100-character
        // one; keel writes an `if` per term instead.)
        let terms = |last: &str| {
            vec![
                "caller.is(owner_of(row))".to_owned(),
                format!("caller.has_any_role(&[\"auditor\", \"clerk\", \"fitter\", \"{last}\"])"),
            ]
        };
        assert_eq!(
            any_of(4, &terms("enginee")),
            "    Ok(caller.is(owner_of(row)) || caller.has_any_role(&[\"auditor\", \"clerk\", \"fitter\", \"enginee\"]))\n"
        );
        assert_eq!(
            any_of(4, &terms("engineer")),
            "    if caller.is(owner_of(row)) {\n        return Ok(true);\n    }\n    Ok(caller.has_any_role(&[\"auditor\", \"clerk\", \"fitter\", \"engineer\"]))\n"
        );
    }

    #[test]
    fn long_strings_move_or_split() {
        let short = str_const("const R: &str", &["ab".into()]);
        assert_eq!(short, "const R: &str = \"ab\";\n");
        let parts: Vec<String> = (0..20).map(|i| format!("'f{i}', t.f{i}, ")).collect();
        assert!(str_const("const R: &str", &parts).starts_with("const R: &str = concat!(\n"));
    }
}
