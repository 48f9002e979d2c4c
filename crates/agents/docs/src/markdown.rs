//! Markdown building blocks: table cells that free text cannot break, and
//! tables.

/// Free text in a table cell: one line, with `|` escaped.
pub fn cell(s: &str) -> String {
    let flat: Vec<&str> = s.split_whitespace().collect();
    no_html(&flat.join(" ")).replace('|', "\\|")
}

/// Raw HTML in free text is shown, not interpreted.
fn no_html(s: &str) -> String {
    s.replace('<', "&lt;")
}

/// Inline code for a value that may contain backticks.
pub fn code(s: &str) -> String {
    if s.contains('`') {
        format!("`` {s} ``")
    } else {
        format!("`{s}`")
    }
}

/// A table, without a trailing newline. Cells are written as given: escape
/// free text with [`cell`].
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut lines = vec![
        format!("| {} |", header.join(" | ")),
        format!("|{}", header.iter().map(|_| " --- |").collect::<String>()),
    ];
    lines.extend(rows.iter().map(|row| format!("| {} |", row.join(" | "))));
    lines.join("\n")
}

/// Free text on its own line (a paragraph): whitespace collapsed, so that a
/// description cannot start a heading, a list or a code block.
pub fn paragraph(s: &str) -> String {
    let flat: Vec<&str> = s.split_whitespace().collect();
    let joined = no_html(&flat.join(" "));
    match joined.chars().next() {
        Some('#' | '-' | '*' | '+' | '>' | '|' | '`' | '=' | '~') => format!("\\{joined}"),
        Some(c) if c.is_ascii_digit() => joined.replacen('.', "\\.", 1),
        _ => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_stay_in_their_column() {
        assert_eq!(cell("a | b\nc <b>"), "a \\| b c &lt;b>");
    }

    #[test]
    fn tables_have_a_separator_row() {
        let t = table(&["a", "b"], &[vec!["1".into(), "2".into()]]);
        assert_eq!(t, "| a | b |\n| --- | --- |\n| 1 | 2 |");
    }

    #[test]
    fn paragraphs_cannot_become_other_blocks() {
        assert_eq!(paragraph("# not a heading"), "\\# not a heading");
        assert_eq!(paragraph("1. not a list"), "1\\. not a list");
        assert_eq!(paragraph("plain\ntext"), "plain text");
    }
}
