//! `keel check`: from the text of keel.yaml to a [`Blueprint`], or every
//! problem in the file.
//!
//! Stages, each reporting all it finds before the next runs:
//! 1. YAML syntax ([`crate::yaml`]);
//! 2. structure against the JSON Schema ([`structure`]);
//! 3. meaning: names, references, relations, access rules, state machines,
//!    environments — while lowering into the [`crate::model`] types.

mod entities;
mod environments;
mod fields;
mod graph;
mod rules;
mod services;
mod states;
mod structure;

/// What a json field without `max_size` may hold (the checked model always
/// states it; agents fall back to the same).
pub use fields::{DEFAULT_JSON_MAX, SAFE_INTEGER};

use crate::diagnostic::{Diagnostic, SourceFile, Span};
use crate::document::Document;
use crate::model::Blueprint;
use crate::yaml::{self, Node, Seg};

/// Larger files are refused before parsing; the biggest sensible blueprint is
/// a small fraction of this.
pub const MAX_SOURCE_BYTES: usize = 1024 * 1024;

/// A blueprint that passed every check, and the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Checked {
    pub blueprint: Blueprint,
    pub document: Document,
    pub warnings: Vec<Diagnostic>,
}

/// Builds the JSON Schema validator now rather than on the first check.
pub(crate) fn prepare() {
    structure::prepare();
}

/// Checks a blueprint. On failure, returns every problem (errors and
/// warnings) sorted by position.
pub fn check(source: &SourceFile) -> Result<Checked, Vec<Diagnostic>> {
    if source.text.len() > MAX_SOURCE_BYTES {
        return Err(vec![Diagnostic::error(
            "file-too-large",
            Span::new(0, 0),
            format!(
                "the blueprint is {} bytes; the limit is {MAX_SOURCE_BYTES}",
                source.text.len()
            ),
        )]);
    }
    let root = yaml::parse(&source.text).map_err(sorted)?;
    let structural = structure::validate(&root);
    if !structural.is_empty() {
        return Err(with_meaning_of_the_rest(&root, structural));
    }
    let document: Document = match serde_json::from_value(root.to_json()) {
        Ok(doc) => doc,
        // The schema is derived from the same types, so this only happens if
        // they disagree; report it rather than panic.
        Err(e) => {
            return Err(vec![Diagnostic::error(
                "invalid-document",
                root.span,
                format!("cannot read the blueprint: {e}"),
            )]);
        }
    };
    let mut ctx = Ctx {
        root: &root,
        diagnostics: Vec::new(),
    };
    let blueprint = lower(&mut ctx, &document);
    let diagnostics = sorted(ctx.diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(diagnostics);
    }
    Ok(Checked {
        blueprint,
        document,
        warnings: diagnostics,
    })
}

fn lower(ctx: &mut Ctx<'_>, doc: &Document) -> Blueprint {
    let roles = services::roles(ctx, doc);
    let capabilities = services::capabilities(ctx, doc);
    let owners = services::owners(ctx, doc);
    let mut entities = entities::lower_all(ctx, doc, &owners, &roles);
    graph::check_parent_cycles(ctx, &entities);
    graph::check_required_cycles(ctx, &entities);
    rules::resolve_access(ctx, doc, &mut entities);
    let services = services::lower(doc, &entities);
    let environments = environments::lower(ctx, doc);
    Blueprint {
        app: doc.app.clone(),
        description: doc.description.trim().to_owned(),
        roles,
        sign_up: doc.auth.sign_up,
        tenancy: doc.tenancy,
        capabilities,
        services,
        entities,
        environments,
    }
}

/// With structural problems, still checks the meaning of everything else:
/// the broken parts are pruned, and meaning-problems that name a pruned part
/// (which would only echo the structural problem) are left out.
fn with_meaning_of_the_rest(root: &Node, structural: Vec<structure::Problem>) -> Vec<Diagnostic> {
    let mut json = root.to_json();
    let removed = structure::prune(&mut json, &structural);
    let mut all: Vec<Diagnostic> = structural.into_iter().map(|p| p.diagnostic).collect();
    if let Ok(document) = serde_json::from_value::<Document>(json) {
        let mut ctx = Ctx {
            root,
            diagnostics: Vec::new(),
        };
        lower(&mut ctx, &document);
        let echoes = |d: &Diagnostic| {
            removed
                .iter()
                .any(|name| d.message.contains(&format!("`{name}`")))
        };
        all.extend(ctx.diagnostics.into_iter().filter(|d| !echoes(d)));
    }
    sorted(all)
}

fn sorted(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.sort_by(|a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then(a.severity.cmp(&b.severity))
    });
    diagnostics.dedup();
    diagnostics
}

/// What every check needs: the located tree and the list of problems.
pub(crate) struct Ctx<'a> {
    root: &'a Node,
    diagnostics: Vec<Diagnostic>,
}

impl Ctx<'_> {
    /// Span of the value at a path.
    fn at(&self, path: &[Seg<'_>]) -> Span {
        self.root.locate(path, false)
    }

    /// Span of the key at a path (the name of an entity, field, ...).
    fn key(&self, path: &[Seg<'_>]) -> Span {
        self.root.locate(path, true)
    }

    fn error(
        &mut self,
        code: &'static str,
        span: Span,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        let mut d = Diagnostic::error(code, span, message);
        d.help = help;
        self.diagnostics.push(d);
    }

    fn warning(
        &mut self,
        code: &'static str,
        span: Span,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        let mut d = Diagnostic::warning(code, span, message);
        d.help = help;
        self.diagnostics.push(d);
    }
}

/// Builds a path into the tree: `at!["entities", name, "fields"]`.
macro_rules! at {
    ($($seg:expr),* $(,)?) => { [$($crate::yaml::Seg::from($seg)),*] };
}
pub(crate) use at;

impl<'a> From<&'a str> for Seg<'a> {
    fn from(s: &'a str) -> Self {
        Seg::Key(s)
    }
}

impl<'a> From<&'a String> for Seg<'a> {
    fn from(s: &'a String) -> Self {
        Seg::Key(s.as_str())
    }
}

impl From<usize> for Seg<'_> {
    fn from(i: usize) -> Self {
        Seg::Index(i)
    }
}
