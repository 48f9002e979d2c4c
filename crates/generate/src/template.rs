//! Embedded minijinja templates in strict mode: an undefined variable is an
//! error, not an empty string, so a template can never silently emit a hole.

use heck::{ToKebabCase, ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use minijinja::syntax::SyntaxConfig;
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use crate::agent::AgentError;

pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    /// Templates by name, usually `include_str!`-ed from the agent's
    /// `templates/` directory. Block tags on their own line leave no blank
    /// line behind (`trim_blocks` + `lstrip_blocks`).
    pub fn new(sources: &[(&'static str, &'static str)]) -> Result<Self, AgentError> {
        Self::with_syntax(sources, SyntaxConfig::builder())
    }

    /// Like [`Templates::new`], for languages that use `{{ }}` themselves
    /// (GitHub Actions' `${{ }}`, Helm): values are `[[ x ]]`, blocks
    /// `[% if %]`, comments `[# … #]`, and `{{ }}` passes through untouched.
    pub fn bracketed(sources: &[(&'static str, &'static str)]) -> Result<Self, AgentError> {
        let mut syntax = SyntaxConfig::builder();
        syntax
            .block_delimiters("[%", "%]")
            .variable_delimiters("[[", "]]")
            .comment_delimiters("[#", "#]");
        Self::with_syntax(sources, syntax)
    }

    fn with_syntax(
        sources: &[(&'static str, &'static str)],
        mut syntax: minijinja::syntax::SyntaxConfigBuilder,
    ) -> Result<Self, AgentError> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_syntax(
            syntax
                .trim_blocks(true)
                .lstrip_blocks(true)
                .keep_trailing_newline(true)
                .build()
                .map_err(AgentError::from)?,
        );
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
        env.add_filter("snake", |s: String| s.to_snake_case());
        env.add_filter("pascal", |s: String| s.to_upper_camel_case());
        env.add_filter("camel", |s: String| s.to_lower_camel_case());
        env.add_filter("kebab", |s: String| s.to_kebab_case());
        env.add_filter("shouty", |s: String| s.to_shouty_snake_case());
        env.add_filter("sql_string", |s: String| sql_string(&s));
        env.add_filter("quoted", |s: String| quoted(&s));
        for (name, source) in sources {
            env.add_template(name, source)?;
        }
        Ok(Templates { env })
    }

    pub fn render(&self, name: &str, context: impl Serialize) -> Result<String, AgentError> {
        Ok(self
            .env
            .get_template(name)?
            .render(minijinja::Value::from(minijinja::value::Serde(context)))?)
    }
}

/// A SQL string literal: `'it''s'`.
pub fn sql_string(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A double-quoted string valid in JSON, YAML, TypeScript and Rust
/// (non-ASCII is kept as is; control characters are escaped).
pub fn quoted(s: &str) -> String {
    serde_json::to_string(s).expect("strings serialise")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_mode_rejects_undefined_values() {
        let t = Templates::new(&[("t", "{{ missing }}")]).unwrap();
        assert!(t.render("t", serde_json::json!({})).is_err());
    }

    #[test]
    fn bracketed_templates_leave_curly_braces_alone() {
        let t = Templates::bracketed(&[(
            "t",
            "${{ github.sha }} [[ a ]][% if b %]!{{ x }}[% endif %]",
        )])
        .unwrap();
        let out = t
            .render("t", serde_json::json!({"a": 1, "b": true}))
            .unwrap();
        assert_eq!(out, "${{ github.sha }} 1!{{ x }}");
    }

    #[test]
    fn filters_escape_for_their_language() {
        let t = Templates::new(&[("t", "{{ a | sql_string }} {{ a | quoted }} {{ b | snake }}")])
            .unwrap();
        let out = t
            .render("t", serde_json::json!({"a": "it's \"x\"", "b": "CartItem"}))
            .unwrap();
        assert_eq!(out, r#"'it''s "x"' "it's \"x\"" cart_item"#);
    }
}
