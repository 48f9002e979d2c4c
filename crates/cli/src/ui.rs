//! Terminal output: diagnostics with source snippets, progress for agents,
//! colour only on a terminal and never with `NO_COLOR`.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use keel_blueprint::{Diagnostic, LocatedDiagnostic, Report, SourceFile};
use keel_generate::events::{Event, Observer};

pub fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}

/// Colour on a terminal, unless `NO_COLOR` is set (https://no-color.org).
pub fn color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && stderr_is_terminal()
}

/// Prints diagnostics to stderr: with source snippets on a terminal, one
/// `file:line:col: ...` line each otherwise (easy to grep and to click).
pub fn print_diagnostics(source: &SourceFile, diagnostics: &[Diagnostic]) {
    if stderr_is_terminal() {
        let theme = if color() {
            miette::GraphicalTheme::unicode()
        } else {
            miette::GraphicalTheme::unicode_nocolor()
        };
        let handler = miette::GraphicalReportHandler::new_themed(theme);
        for d in diagnostics {
            let mut out = String::new();
            let report = Report::new(source, d);
            if handler.render_report(&mut out, &report).is_ok() {
                eprintln!("{out}");
                continue;
            }
            eprintln!("{}", LocatedDiagnostic::new(source, d));
        }
    } else {
        for d in diagnostics {
            eprintln!("{}", LocatedDiagnostic::new(source, d));
        }
    }
}

/// Shows agents as they run: spinners on a terminal, a line per agent
/// otherwise. Silent with `--json`.
pub struct Progress {
    mode: Mode,
}

enum Mode {
    Silent,
    Lines,
    Bars {
        multi: MultiProgress,
        bars: Mutex<BTreeMap<String, ProgressBar>>,
    },
}

impl Progress {
    pub fn new(silent: bool) -> Self {
        let mode = if silent {
            Mode::Silent
        } else if stderr_is_terminal() {
            Mode::Bars {
                multi: MultiProgress::with_draw_target(ProgressDrawTarget::stderr()),
                bars: Mutex::new(BTreeMap::new()),
            }
        } else {
            Mode::Lines
        };
        Progress { mode }
    }
}

impl Observer for Progress {
    fn event(&self, event: &Event) {
        match (&self.mode, event) {
            (Mode::Silent, _) => {}
            (
                Mode::Lines,
                Event::AgentFinished {
                    agent,
                    files,
                    millis,
                    ..
                },
            ) => {
                eprintln!("  {agent:<16} {:>4} files  {millis:>5} ms", files.len());
            }
            (Mode::Lines, Event::AgentFailed { agent, error }) => {
                eprintln!("  {agent:<16} failed: {error}")
            }
            (Mode::Bars { multi, bars }, Event::AgentStarted { agent, .. }) => {
                let bar = multi.add(ProgressBar::new_spinner());
                let style = ProgressStyle::with_template("  {spinner} {prefix:<16} {msg}")
                    .expect("static template")
                    .tick_chars("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏✓");
                bar.set_style(style);
                bar.set_prefix(agent.clone());
                bar.set_message("working");
                bar.enable_steady_tick(Duration::from_millis(80));
                bars.lock()
                    .expect("progress lock")
                    .insert(agent.clone(), bar);
            }
            (
                Mode::Bars { bars, .. },
                Event::AgentFinished {
                    agent,
                    files,
                    millis,
                    ..
                },
            ) => {
                if let Some(bar) = bars.lock().expect("progress lock").get(agent) {
                    bar.finish_with_message(format!("{} files in {millis} ms", files.len()));
                }
            }
            (Mode::Bars { bars, .. }, Event::AgentFailed { agent, error }) => {
                if let Some(bar) = bars.lock().expect("progress lock").get(agent) {
                    bar.abandon_with_message(format!("failed: {error}"));
                }
            }
            _ => {}
        }
    }
}
