//! The readiness report: every gate, its verdict and the evidence.

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Fail,
    /// The tool is not installed; `summary` says how to install it.
    Skipped,
}

#[derive(Debug, Clone, Serialize)]
pub struct GateResult {
    pub gate: String,
    pub proves: String,
    pub status: Status,
    /// One line: what was checked and the outcome.
    pub summary: String,
    /// The tool's output (trimmed to its last lines when long).
    pub evidence: String,
    /// Files the gate produced (screenshots, coverage reports), relative to the app.
    pub artifacts: Vec<String>,
    pub millis: u64,
}

/// Longest evidence kept per gate, so that reports stay readable.
const MAX_EVIDENCE: usize = 8000;

impl GateResult {
    pub fn new(
        gate: &str,
        proves: &str,
        status: Status,
        summary: impl Into<String>,
        evidence: impl Into<String>,
    ) -> Self {
        GateResult {
            gate: gate.to_owned(),
            proves: proves.to_owned(),
            status,
            summary: summary.into(),
            evidence: trim_evidence(&evidence.into()),
            artifacts: Vec::new(),
            millis: 0,
        }
    }
}

/// Keeps the end of long output: that is where tools print their verdict.
pub fn trim_evidence(text: &str) -> String {
    if text.len() <= MAX_EVIDENCE {
        return text.to_owned();
    }
    let mut start = text.len() - MAX_EVIDENCE;
    while !text.is_char_boundary(start) {
        start += 1;
    }
    format!("… ({} bytes omitted)\n{}", start, &text[start..])
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub app: String,
    pub gates: Vec<GateResult>,
    pub millis: u64,
}

impl Report {
    pub fn passed(&self) -> bool {
        self.gates.iter().all(|g| g.status != Status::Fail)
    }

    pub fn count(&self, status: Status) -> usize {
        self.gates.iter().filter(|g| g.status == status).count()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("reports are plain data") + "\n"
    }

    pub fn to_markdown(&self) -> String {
        let mut md = String::new();
        let verdict = if self.passed() { "ready" } else { "NOT ready" };
        let _ = writeln!(md, "# Readiness report: {}\n", self.app);
        let _ = writeln!(
            md,
            "**{verdict}** — {} passed, {} failed, {} skipped.\n",
            self.count(Status::Pass),
            self.count(Status::Fail),
            self.count(Status::Skipped)
        );
        let _ = writeln!(
            md,
            "| gate | proves | result | summary |\n| --- | --- | --- | --- |"
        );
        for g in &self.gates {
            let status = match g.status {
                Status::Pass => "pass",
                Status::Fail => "**FAIL**",
                Status::Skipped => "skipped",
            };
            let _ = writeln!(
                md,
                "| {} | {} | {status} | {} |",
                g.gate,
                g.proves,
                g.summary.replace('|', "\\|")
            );
        }
        for g in &self.gates {
            let _ = writeln!(md, "\n## {}\n\n{}\n", g.gate, g.summary);
            for a in &g.artifacts {
                if a.ends_with(".png") {
                    let _ = writeln!(md, "![{a}]({a})\n");
                } else {
                    let _ = writeln!(md, "- artifact: `{a}`");
                }
            }
            if !g.evidence.trim().is_empty() {
                let _ = writeln!(md, "```text\n{}\n```", g.evidence.trim_end());
            }
        }
        md
    }

    /// Writes `verify-report.json` and `verify-report.md` into `dir`.
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::write(dir.join("verify-report.json"), self.to_json())?;
        std::fs::write(dir.join("verify-report.md"), self.to_markdown())
    }
}
