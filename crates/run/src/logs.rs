//! The services' logs: every line goes, as written, to
//! `.keel/logs/<service>.log`; the last lines of each are kept for error
//! messages; and once the system is up they are shown on the terminal,
//! prefixed by the service and rendered for people (the services write JSON
//! lines, `LOG_FORMAT=json`).

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::Value;

/// How many lines of a service's log an error message shows.
pub const TAIL: usize = 20;

/// The log of one service.
pub struct ServiceLog {
    pub service: String,
    pub path: PathBuf,
    file: Mutex<File>,
    last: Mutex<VecDeque<String>>,
    shared: Arc<Shared>,
}

/// What every service's log shares: whether lines go to the terminal, and
/// how they look there.
pub struct Shared {
    pub stream: AtomicBool,
    pub style: Style,
    /// Serialises terminal output so lines of two services never interleave.
    out: Mutex<()>,
}

#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// Width of the service column (the longest name).
    pub width: usize,
    /// Pass lines through as JSON with the service added, for machines.
    pub json: bool,
}

impl Shared {
    pub fn new(style: Style) -> Arc<Self> {
        Arc::new(Shared {
            stream: AtomicBool::new(false),
            style,
            out: Mutex::new(()),
        })
    }
}

impl ServiceLog {
    /// Creates (or truncates) `dir/<service>.log`.
    pub fn create(dir: &Path, service: &str, shared: Arc<Shared>) -> Result<Arc<Self>, String> {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let path = dir.join(format!("{service}.log"));
        let file =
            File::create(&path).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok(Arc::new(ServiceLog {
            service: service.to_owned(),
            path,
            file: Mutex::new(file),
            last: Mutex::new(VecDeque::with_capacity(TAIL)),
            shared,
        }))
    }

    /// Reads `stream` line by line on a thread until it closes.
    pub fn follow(self: &Arc<Self>, stream: impl Read + Send + 'static) {
        let log = Arc::clone(self);
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stream);
            let mut buf = Vec::new();
            loop {
                buf.clear();
                match reader.read_until(b'\n', &mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => log.line(String::from_utf8_lossy(&buf).trim_end()),
                }
            }
        });
    }

    fn line(&self, line: &str) {
        if let Ok(mut f) = self.file.lock() {
            let _ = writeln!(f, "{line}");
        }
        if let Ok(mut last) = self.last.lock() {
            if last.len() == TAIL {
                last.pop_front();
            }
            last.push_back(line.to_owned());
        }
        if self.shared.stream.load(Ordering::Relaxed) {
            let rendered = render(&self.service, line, self.shared.style);
            let _guard = self.shared.out.lock();
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{rendered}");
            let _ = out.flush();
        }
    }

    /// The last lines, rendered for people, for an error message.
    pub fn tail(&self) -> Vec<String> {
        let style = Style {
            json: false,
            ..self.shared.style
        };
        self.last
            .lock()
            .map(|l| {
                l.iter()
                    .map(|line| render(&self.service, line, style))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// One line for the terminal: `  cookbook │ 12:00:01 INFO  request GET /api/cookbook/recipes 200 3 ms`.
/// A line that is not a JSON log event (a panic, a configuration error) is
/// shown as it is.
pub fn render(service: &str, line: &str, style: Style) -> String {
    let event = serde_json::from_str::<Value>(line)
        .ok()
        .filter(Value::is_object);
    if style.json {
        let mut event = event.unwrap_or_else(|| serde_json::json!({ "message": line }));
        event["service"] = Value::String(service.to_owned());
        return event.to_string();
    }
    let body = match event {
        Some(event) => human(&event, style.color),
        None => line.to_owned(),
    };
    let prefix = format!("{service:>width$} │", width = style.width);
    if style.color {
        format!("\x1b[{}m{prefix}\x1b[0m {body}", colour_of(service))
    } else {
        format!("{prefix} {body}")
    }
}

fn human(event: &Value, color: bool) -> String {
    let text = |key: &str| event.get(key).and_then(Value::as_str).unwrap_or_default();
    // `2026-01-02T12:00:01.123456Z` → `12:00:01`
    let time = text("timestamp").get(11..19).unwrap_or_default();
    let level = text("level");
    let message = text("message");
    let mut out = String::new();
    if !time.is_empty() {
        out.push_str(time);
        out.push(' ');
    }
    let shown_level = format!("{level:<5}");
    match (color, level) {
        (true, "ERROR") => out.push_str(&format!("\x1b[31m{shown_level}\x1b[0m")),
        (true, "WARN") => out.push_str(&format!("\x1b[33m{shown_level}\x1b[0m")),
        _ => out.push_str(&shown_level),
    }
    out.push(' ');
    // The access log, the line people read most, in the order they read it.
    if message == "request" {
        let field = |key: &str| event.get(key).map(plain).unwrap_or_default();
        out.push_str(&format!(
            "{} {} {} {} ms",
            field("method"),
            field("path"),
            field("status"),
            field("millis")
        ));
        return out;
    }
    out.push_str(message);
    if let Some(fields) = event.as_object() {
        for (key, value) in fields {
            if matches!(key.as_str(), "timestamp" | "level" | "message" | "target") {
                continue;
            }
            out.push_str(&format!(" {key}={}", plain(value)));
        }
    }
    out
}

fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A stable colour per service name, so each service is recognisable.
fn colour_of(service: &str) -> u8 {
    const COLOURS: [u8; 6] = [36, 32, 35, 34, 33, 96];
    let sum: usize = service.bytes().map(usize::from).sum();
    COLOURS[sum % COLOURS.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: Style = Style {
        color: false,
        width: 8,
        json: false,
    };

    #[test]
    fn access_logs_read_like_a_request_line() {
        let line = r#"{"timestamp":"2026-01-02T12:00:01.123456Z","level":"INFO","message":"request","request_id":"r1","method":"GET","path":"/api/cookbook/recipes","status":200,"millis":3}"#;
        assert_eq!(
            render("cookbook", line, PLAIN),
            "cookbook │ 12:00:01 INFO  GET /api/cookbook/recipes 200 3 ms"
        );
    }

    #[test]
    fn other_events_keep_their_fields_and_other_lines_stay_as_they_are() {
        let line = r#"{"timestamp":"2026-01-02T12:00:01Z","level":"WARN","message":"database unavailable","error":"pool timed out"}"#;
        assert_eq!(
            render("identity", line, PLAIN),
            "identity │ 12:00:01 WARN  database unavailable error=pool timed out"
        );
        assert_eq!(
            render("gateway", "configuration error: PORT is malformed", PLAIN),
            " gateway │ configuration error: PORT is malformed"
        );
    }

    #[test]
    fn json_mode_names_the_service() {
        let style = Style {
            json: true,
            ..PLAIN
        };
        let out: Value = serde_json::from_str(&render(
            "gateway",
            r#"{"level":"INFO","message":"listening"}"#,
            style,
        ))
        .unwrap();
        assert_eq!(out["service"], "gateway");
        assert_eq!(out["message"], "listening");
        let out: Value = serde_json::from_str(&render("gateway", "panicked", style)).unwrap();
        assert_eq!(out["message"], "panicked");
    }

    #[test]
    fn colours_only_when_asked() {
        let line = r#"{"level":"ERROR","message":"boom"}"#;
        assert!(!render("x", line, PLAIN).contains('\x1b'));
        let coloured = render(
            "x",
            line,
            Style {
                color: true,
                ..PLAIN
            },
        );
        assert!(coloured.contains("\x1b[31mERROR"));
    }

    #[test]
    fn files_keep_every_line_and_the_tail_the_last_ones() {
        let dir = tempfile::tempdir().unwrap();
        let log = ServiceLog::create(dir.path(), "cookbook", Shared::new(PLAIN)).unwrap();
        let text: String = (0..30).map(|i| format!("line {i}\n")).collect();
        log.follow(std::io::Cursor::new(text.clone().into_bytes()));
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while log.tail().len() < TAIL || !log.tail().last().unwrap().ends_with("line 29") {
            assert!(std::time::Instant::now() < deadline, "lines were not read");
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let tail = log.tail();
        assert_eq!(tail.len(), TAIL);
        assert_eq!(tail[0], "cookbook │ line 10");
        assert_eq!(std::fs::read_to_string(&log.path).unwrap(), text);
    }
}
