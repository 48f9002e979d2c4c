//! The keel blueprint: `keel.yaml` read, checked and lowered into the model
//! every generator works from.
//!
//! - [`document`]: the file as written (serde types) and its JSON Schema;
//! - [`check()`]: every problem with file:line:column and a fix, or a [`Blueprint`];
//! - [`model`]: the checked blueprint and its invariants;
//! - [`pattern_examples`]: example strings for a field with a pattern.

pub mod check;
pub mod diagnostic;
pub mod document;
pub mod model;
pub mod names;
pub mod reserved;
pub mod samples;
pub mod yaml;

pub use check::{Checked, DEFAULT_JSON_MAX, SAFE_INTEGER, check};
pub use diagnostic::{Diagnostic, LocatedDiagnostic, Report, Severity, SourceFile, Span};
pub use document::{Document, json_schema};
pub use model::*;
pub use samples::pattern_examples;

/// Renders a document back to YAML in keel's canonical layout.
pub fn to_yaml(document: &Document) -> String {
    render::document(document)
}

/// Builds, on threads of their own, the tables [`check()`] and the name rules
/// otherwise build on first use: the JSON Schema validator and the plural
/// and singular rules (about a hundred regular expressions each). Together
/// they cost a process tens of milliseconds once; built side by side they
/// cost the slowest of them. Returns when all are ready (a later call finds
/// them built).
pub fn prepare() {
    std::thread::scope(|threads| {
        threads.spawn(check::prepare);
        threads.spawn(|| names::singularize("tables"));
        names::pluralize("table");
    });
}

mod render;
