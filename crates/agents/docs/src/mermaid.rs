//! Writing Mermaid safely. Entity, field and service names are checked
//! identifiers, but descriptions and labels are free text: every piece of
//! text goes through [`text`] (inside a quoted label) or [`er_comment`], and
//! every node id through [`id`], so that no blueprint can break a diagram.

/// Free text for a double-quoted label (flowchart nodes and edges, subgraph
/// titles) or a sequence message. Characters Mermaid gives a meaning to are
/// written as entity codes (`#quot;`), which every diagram type decodes;
/// line breaks become spaces.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last_space = false;
    for c in s.chars() {
        if c.is_whitespace() || c.is_control() {
            if !last_space && !out.is_empty() {
                out.push(' ');
            }
            last_space = true;
            continue;
        }
        last_space = false;
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            ';' => out.push_str("#59;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            '%' => out.push_str("#37;"),
            '{' => out.push_str("#123;"),
            '}' => out.push_str("#125;"),
            '|' => out.push_str("#124;"),
            _ => out.push(c),
        }
    }
    out.trim_end().to_owned()
}

/// A double-quoted label: `"…"`.
pub fn label(s: &str) -> String {
    format!("\"{}\"", text(s))
}

/// Several lines of a node label, each escaped, joined with `<br/>`.
pub fn lines(parts: &[&str]) -> String {
    let escaped: Vec<String> = parts.iter().map(|p| text(p)).collect();
    format!("\"{}\"", escaped.join("<br/>"))
}

/// A node id made of ASCII letters, digits and `_`, never a keyword: the
/// prefix says what the node is (`svc_cookbook`, `db_cookbook`).
pub fn id(prefix: &str, name: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + name.len() + 1);
    out.push_str(prefix);
    out.push('_');
    for c in name.chars() {
        out.push(if c.is_ascii_alphanumeric() { c } else { '_' });
    }
    out
}

/// The comment of an ER attribute or the label of a relation: a
/// double-quoted string, escaped like any label (Mermaid decodes entity
/// codes in every diagram, and would read `<br/>` as a line break).
pub fn er_comment(s: &str) -> String {
    label(s)
}

/// An ER attribute type: Mermaid allows letters, digits, `_`, `-`, `(`, `)`,
/// `[`, `]` and `,` but no spaces (`numeric(6, 2)` → `numeric(6,2)`).
pub fn er_type(sql: &str) -> String {
    sql.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| {
            if c.is_ascii_alphanumeric() || "_-()[],".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// A fenced Mermaid block for Markdown.
pub fn block(diagram: &str) -> String {
    format!("```mermaid\n{}\n```", diagram.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_what_mermaid_reads() {
        assert_eq!(
            text("a \"b\" <c> #d; {e} | `f` 50%"),
            "a #quot;b#quot; #lt;c#gt; #35;d#59; #123;e#125; #124; #96;f#96; 50#37;"
        );
        assert_eq!(text("line one\n  line two\t"), "line one line two");
    }

    #[test]
    fn ids_are_plain_identifiers() {
        assert_eq!(id("svc", "cookbook"), "svc_cookbook");
        assert_eq!(id("st", "in-review x"), "st_in_review_x");
    }

    #[test]
    fn er_comments_hold_no_double_quote() {
        assert_eq!(
            er_comment("say \"hi\"\n<br/>"),
            "\"say #quot;hi#quot; #lt;br/#gt;\""
        );
        assert_eq!(er_type("numeric(6, 2)"), "numeric(6,2)");
        assert_eq!(er_type("varchar(30)[]"), "varchar(30)[]");
    }
}
