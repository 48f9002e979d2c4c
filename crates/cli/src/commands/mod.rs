//! One module per subcommand.

mod agents;
mod check;
mod generate;
mod new;
mod plan;
mod schema;
mod up;
mod verify;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use keel_blueprint::{Checked, SourceFile};

use crate::exit;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Design a system from a description: write DIR/keel.yaml and its architecture package.
    Plan(plan::Args),
    /// Create a new system from a description: plan, then generate.
    New(new::Args),
    /// Check a blueprint and explain every problem with file, line and a fix.
    Check(check::Args),
    /// Generate the system described by DIR/keel.yaml into DIR.
    Generate(generate::Args),
    /// Prove a generated system is ready: run every gate and write a report.
    Verify(verify::Args),
    /// Run the generated system here: PostgreSQL, the services, the gateway (Ctrl-C stops it).
    Up(up::Args),
    /// Print the JSON Schema of keel.yaml (for editors and LLMs).
    Schema(schema::Args),
    /// List the agents, what each reads and writes.
    Agents(agents::Args),
}

pub fn run(command: Command) -> ExitCode {
    match command {
        Command::Plan(args) => plan::run(args),
        Command::New(args) => new::run(args),
        Command::Check(args) => check::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Verify(args) => verify::run(args),
        Command::Up(args) => up::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Agents(args) => agents::run(args),
    }
}

/// `PATH` may name the blueprint file or the directory holding `keel.yaml`.
pub fn blueprint_path(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.join("keel.yaml")
    } else {
        path.to_owned()
    }
}

/// Reads and checks a blueprint, printing problems. `Err` carries the exit code.
pub fn load(path: &Path, json: bool) -> Result<(SourceFile, Checked), ExitCode> {
    let file = blueprint_path(path);
    let text = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) => {
            let message = format!("cannot read {}: {e}", file.display());
            if json {
                println!("{}", serde_json::json!({ "ok": false, "error": message }));
            } else {
                eprintln!("error: {message}");
            }
            return Err(exit::code(exit::BAD_INPUT));
        }
    };
    let source = SourceFile::new(file.display().to_string(), text);
    match keel_blueprint::check(&source) {
        Ok(checked) => Ok((source, checked)),
        Err(diagnostics) => {
            if json {
                print_json_diagnostics(&source, &diagnostics, false);
            } else {
                crate::ui::print_diagnostics(&source, &diagnostics);
                let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                eprintln!("{}: {errors} error(s); nothing was written", source.name);
            }
            Err(exit::code(exit::BAD_INPUT))
        }
    }
}

pub fn print_json_diagnostics(
    source: &SourceFile,
    diagnostics: &[keel_blueprint::Diagnostic],
    ok: bool,
) {
    let located: Vec<_> = diagnostics
        .iter()
        .map(|d| keel_blueprint::LocatedDiagnostic::new(source, d))
        .collect();
    println!(
        "{}",
        serde_json::json!({ "ok": ok, "file": source.name, "diagnostics": located })
    );
}
