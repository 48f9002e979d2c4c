//! The docs agent: the architecture of a generated system, written for the
//! people who review, run and secure it, and true of *this* blueprint:
//!
//! - `docs/ARCHITECTURE.md`: container, ER, sequence and state diagrams
//!   (Mermaid), and who may do what per entity;
//! - `docs/adr/`: the decisions the blueprint implies, numbered;
//! - `docs/SECURITY.md`: actors, the access matrix, data, secrets, threats;
//! - `docs/RUNBOOK.md`: running, endpoints, configuration, incidents.
//!
//! Everything is derived from the checked blueprint (and the database
//! agent's column types), in file order: the same blueprint gives the same
//! bytes. Free text from the blueprint goes through [`mermaid`] and
//! [`markdown`] escaping, so no description can break a diagram or a table.

pub mod access;
pub mod adr;
mod architecture;
pub mod diagrams;
pub mod markdown;
pub mod mermaid;
mod runbook;
mod security;
pub mod words;

use keel_generate::template::Templates;
use keel_generate::{Agent, AgentError, FileSet, Input};

pub const ARCHITECTURE: &str = "docs/ARCHITECTURE.md";
pub const SECURITY: &str = "docs/SECURITY.md";
pub const RUNBOOK: &str = "docs/RUNBOOK.md";
pub const ADR_DIR: &str = "docs/adr/";

pub struct DocsAgent;

impl Agent for DocsAgent {
    fn name(&self) -> &'static str {
        "docs"
    }

    fn summary(&self) -> &'static str {
        "architecture with Mermaid diagrams, decision records, security model and runbook"
    }

    fn writes(&self) -> &'static [&'static str] {
        &[ARCHITECTURE, ADR_DIR, SECURITY, RUNBOOK]
    }

    fn run(&self, input: &Input<'_>) -> Result<FileSet, AgentError> {
        let templates = templates()?;
        let blueprint = input.blueprint;
        let adrs = adr::list(blueprint);
        let mut out = FileSet::new();
        out.add(
            ARCHITECTURE,
            architecture::render(blueprint, &adrs, &templates)?,
        )?;
        for record in &adrs {
            out.add(record.path.clone(), adr::render(record, &templates)?)?;
        }
        out.add(
            format!("{ADR_DIR}README.md"),
            adr::index(blueprint, &adrs, &templates)?,
        )?;
        out.add(SECURITY, security::render(blueprint, &templates)?)?;
        out.add(RUNBOOK, runbook::render(blueprint, &templates)?)?;
        Ok(out)
    }
}

fn templates() -> Result<Templates, AgentError> {
    Templates::new(&[
        (
            "ARCHITECTURE.md",
            include_str!("../templates/ARCHITECTURE.md"),
        ),
        ("SECURITY.md", include_str!("../templates/SECURITY.md")),
        ("RUNBOOK.md", include_str!("../templates/RUNBOOK.md")),
        ("adr/README.md", include_str!("../templates/adr/README.md")),
        (
            "adr/service-boundaries.md",
            include_str!("../templates/adr/service-boundaries.md"),
        ),
        (
            "adr/database-per-service.md",
            include_str!("../templates/adr/database-per-service.md"),
        ),
        (
            "adr/row-level-security.md",
            include_str!("../templates/adr/row-level-security.md"),
        ),
        (
            "adr/token-design.md",
            include_str!("../templates/adr/token-design.md"),
        ),
        (
            "adr/multi-tenancy.md",
            include_str!("../templates/adr/multi-tenancy.md"),
        ),
        (
            "adr/file-storage.md",
            include_str!("../templates/adr/file-storage.md"),
        ),
        (
            "adr/payments.md",
            include_str!("../templates/adr/payments.md"),
        ),
        (
            "adr/state-machines.md",
            include_str!("../templates/adr/state-machines.md"),
        ),
    ])
}
