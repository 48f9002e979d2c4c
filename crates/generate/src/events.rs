//! What happened during a run, as an append-only JSON-lines log
//! (`.keel/events.jsonl` in the output directory) and as a feed for the
//! progress display.

use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    RunStarted {
        app: String,
        keel_version: String,
        waves: Vec<Vec<String>>,
    },
    AgentStarted {
        agent: String,
        wave: usize,
        reads: Vec<String>,
        writes: Vec<String>,
    },
    AgentFinished {
        agent: String,
        files: Vec<String>,
        bytes: usize,
        millis: u64,
    },
    AgentFailed {
        agent: String,
        error: String,
    },
    RunFinished {
        files: usize,
        bytes: usize,
        millis: u64,
    },
    Written {
        written: Vec<String>,
        unchanged: usize,
        removed: Vec<String>,
    },
}

/// Receives events as they happen. Called from agent threads.
pub trait Observer: Sync {
    fn event(&self, event: &Event);
}

/// Ignores everything.
pub struct Quiet;

impl Observer for Quiet {
    fn event(&self, _: &Event) {}
}

/// Keeps events, stamped with the wall-clock time, until they are appended
/// to the log.
#[derive(Default)]
pub struct Recorder {
    lines: Mutex<Vec<String>>,
}

#[derive(Serialize)]
struct Stamped<'a> {
    at: String,
    #[serde(flatten)]
    event: &'a Event,
}

impl Recorder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn lines(&self) -> Vec<String> {
        self.lines.lock().expect("recorder lock").clone()
    }

    /// Appends the recorded events to `path`, creating it and its directory.
    pub fn append_to(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        let mut text = String::new();
        for line in self.lines.lock().expect("recorder lock").iter() {
            text.push_str(line);
            text.push('\n');
        }
        file.write_all(text.as_bytes())
    }
}

impl Observer for Recorder {
    fn event(&self, event: &Event) {
        let stamped = Stamped {
            at: jiff::Timestamp::now().to_string(),
            event,
        };
        let line = serde_json::to_string(&stamped).expect("events are plain data");
        self.lines.lock().expect("recorder lock").push(line);
    }
}

/// Sends every event to several observers.
pub struct Fanout<'a>(pub Vec<&'a dyn Observer>);

impl Observer for Fanout<'_> {
    fn event(&self, event: &Event) {
        for o in &self.0 {
            o.event(event);
        }
    }
}
