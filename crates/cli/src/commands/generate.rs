use std::path::PathBuf;
use std::process::ExitCode;

use keel_generate::events::{Fanout, Recorder};
use keel_generate::fileset::sha256_hex;
use keel_generate::output::{self, WriteError, WriteOptions};

use crate::exit;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The application directory: reads DIR/keel.yaml, writes into DIR.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Overwrite generated files you changed since keel wrote them.
    #[arg(long)]
    pub force: bool,
    /// Print a JSON summary on stdout instead of progress.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> ExitCode {
    let (source, checked) = match super::load(&args.dir, args.json) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    if !args.json {
        crate::ui::print_diagnostics(&source, &checked.warnings);
    }
    let dir = if args.dir.is_dir() {
        args.dir.clone()
    } else {
        args.dir
            .parent()
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("."))
    };
    match generate_into(
        &dir,
        &checked.blueprint,
        &source.text,
        args.force,
        args.json,
    ) {
        Ok(()) => exit::code(exit::OK),
        Err(code) => code,
    }
}

/// Generates the system into `dir` and appends the run's events to
/// `dir/.keel/events.jsonl`. Shared by `generate` and `new`.
pub fn generate_into(
    dir: &std::path::Path,
    blueprint: &keel_blueprint::Blueprint,
    blueprint_text: &str,
    force: bool,
    json: bool,
) -> Result<(), ExitCode> {
    let recorder = Recorder::new();
    let progress = crate::ui::Progress::new(json);
    let observer = Fanout(vec![&recorder, &progress]);
    let files = match crate::pipeline::generate(blueprint, &observer) {
        Ok(files) => files,
        Err(e) => {
            report_failure(
                json,
                &format!("generation failed, nothing was written: {e}"),
            );
            return Err(exit::code(exit::FAILED));
        }
    };
    let result = output::write(
        dir,
        &files,
        &sha256_hex(blueprint_text.as_bytes()),
        WriteOptions { force },
    );
    let report = match result {
        Ok(report) => report,
        Err(WriteError::Conflicts(conflicts)) => {
            let list: Vec<&str> = conflicts.iter().map(|c| c.path.as_str()).collect();
            report_failure(
                json,
                &format!(
                    "nothing was written: these files changed since keel wrote them (or keel did not write them):\n  {}\nhelp: keep your version by moving it aside, or re-run with --force to replace it",
                    list.join("\n  ")
                ),
            );
            return Err(exit::code(exit::FAILED));
        }
        Err(e) => {
            report_failure(json, &format!("writing {} failed: {e}", dir.display()));
            return Err(exit::code(exit::FAILED));
        }
    };
    recorder.event_written(&report);
    if let Err(e) = recorder.append_to(&dir.join(".keel/events.jsonl")) {
        eprintln!("warning: cannot append to the event log: {e}");
    }
    if json {
        println!(
            "{}",
            serde_json::json!({
                "ok": true,
                "dir": dir.display().to_string(),
                "files": files.len(),
                "written": report.written,
                "unchanged": report.unchanged,
                "removed": report.removed,
            })
        );
    } else {
        eprintln!(
            "generated {} files into {} ({} written, {} unchanged, {} removed)",
            files.len(),
            dir.display(),
            report.written.len(),
            report.unchanged,
            report.removed.len()
        );
    }
    Ok(())
}

fn report_failure(json: bool, message: &str) {
    if json {
        println!("{}", serde_json::json!({ "ok": false, "error": message }));
    } else {
        eprintln!("error: {message}");
    }
}

trait RecordWritten {
    fn event_written(&self, report: &output::WriteReport);
}

impl RecordWritten for Recorder {
    fn event_written(&self, report: &output::WriteReport) {
        use keel_generate::events::{Event, Observer};
        self.event(&Event::Written {
            written: report.written.clone(),
            unchanged: report.unchanged,
            removed: report.removed.clone(),
        });
    }
}
