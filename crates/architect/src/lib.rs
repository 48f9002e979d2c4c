//! The System Architect: from a plain-English description of an
//! application to a checked keel blueprint (`keel.yaml`) and a review.
//!
//! Two engines produce the same [`Plan`]:
//! - [`plan_offline`]: deterministic rules over a lexicon (no network, no
//!   clock, no randomness: the same text always gives the same bytes);
//! - [`llm::plan_with_llm`]: any OpenAI-compatible endpoint or Anthropic,
//!   constrained by the blueprint's JSON Schema, checked and repaired.
//!
//! Pipeline of the offline engine: [`text`] (sentences, tagged words) →
//! [`parse`] (mentions and verb uses) → [`classify`] + [`extract`]
//! (findings) → [`design`] (fields, owners, states; [`services`],
//! [`access`]) → checked with `keel_blueprint::check` → [`review`].

pub mod access;
pub mod capabilities;
pub mod classify;
pub mod design;
pub mod extract;
pub mod input;
pub mod lexicon;
pub mod llm;
pub mod parse;
pub mod questions;
pub mod review;
pub mod services;
pub mod text;
pub mod wordclass;
pub mod workflow;

use keel_blueprint::{Document, SourceFile};

pub use review::{Review, Summary};

/// A designed system: the blueprint, its canonical YAML, a review for a
/// human and a summary for machines.
#[derive(Debug, Clone)]
pub struct Plan {
    pub document: Document,
    /// `keel_blueprint::to_yaml(&document)`, which passed `keel check`.
    pub yaml: String,
    pub review: Review,
    pub summary: Summary,
    /// Which engine made it and what it cost.
    pub engine: Engine,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "engine", rename_all = "snake_case")]
pub enum Engine {
    Offline,
    Llm {
        provider: String,
        model: String,
        prompt_tokens: u64,
        completion_tokens: u64,
        elapsed_ms: u64,
        repair_rounds: u32,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum ArchitectError {
    #[error("the description is empty")]
    EmptyDescription,
    #[error(
        "the description is {chars} characters long; the limit is {}",
        input::MAX_CHARS
    )]
    TooLong { chars: usize },
    #[error("the description is not text: {0}")]
    NotText(String),
    /// The architect produced a blueprint `keel check` rejects: a defect.
    #[error("the architect produced an invalid blueprint (a bug in keel):\n{}", .problems.join("\n"))]
    Invalid { problems: Vec<String>, yaml: String },
    #[error(transparent)]
    Llm(#[from] llm::LlmError),
}

impl ArchitectError {
    /// 2 for bad input, 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            ArchitectError::EmptyDescription
            | ArchitectError::TooLong { .. }
            | ArchitectError::NotText(_) => 2,
            ArchitectError::Llm(e) => e.exit_code(),
            ArchitectError::Invalid { .. } => 1,
        }
    }
}

/// Designs a system from a description with the offline rules.
pub fn plan_offline(description: &str) -> Result<Plan, ArchitectError> {
    let description = input::validate(description)?;
    prepare();
    let lex = lexicon::get();
    let analysed = text::analyse_with_columns(description, lex);
    let mut parsed = parse::parse(analysed.sentences);
    parsed.values = text::value_lists(description);
    let findings = extract::extract(&parsed, lex, &analysed.columns, description);
    let designed = design::design(&findings, description, &analysed.columns, lex);
    let yaml = keel_blueprint::to_yaml(&designed.document);
    let document = check(&yaml)?;
    let review = review::review(&document, designed.assumptions, designed.questions);
    let summary = review::summary(&document, &designed.joins, findings.invitations);
    Ok(Plan {
        document,
        yaml,
        review,
        summary,
        engine: Engine::Offline,
    })
}

/// Reads the lexicon while keel-blueprint builds its tables on other
/// threads, so the first plan of a process pays the slowest of these one-time
/// costs rather than their sum (about half, measured on two cores).
pub fn prepare() {
    static READY: std::sync::Once = std::sync::Once::new();
    READY.call_once(|| {
        std::thread::scope(|threads| {
            threads.spawn(keel_blueprint::prepare);
            lexicon::get();
        })
    });
}

/// Runs `keel check` on a rendered blueprint; problems become an error.
pub fn check(yaml: &str) -> Result<Document, ArchitectError> {
    let source = SourceFile::new("keel.yaml", yaml);
    match keel_blueprint::check(&source) {
        Ok(checked) => Ok(checked.document),
        Err(diagnostics) => Err(ArchitectError::Invalid {
            problems: diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| keel_blueprint::LocatedDiagnostic::new(&source, d).to_string())
                .collect(),
            yaml: yaml.to_owned(),
        }),
    }
}
