//! A running generated system for the gates that need one: either the one
//! at `KEEL_BASE_URL`, or one started with `keel up` for the duration of
//! the gate (stopped again when dropped).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct System {
    pub url: String,
    child: Option<Child>,
    /// What `keel up` printed, for the evidence.
    pub log: Arc<Mutex<String>>,
}

pub enum StartError {
    /// Nothing to run the system with; the text says how to get it.
    Unavailable(String),
    /// It was started but did not come up; the text holds its output.
    Failed(String),
}

/// The `keel` executable that can run `keel up`: `KEEL_BIN`, else this
/// process when it is keel itself.
fn keel() -> Option<std::path::PathBuf> {
    if let Some(bin) = std::env::var_os("KEEL_BIN") {
        return Some(bin.into());
    }
    let exe = std::env::current_exe().ok()?;
    let name = exe.file_stem()?.to_string_lossy().into_owned();
    (name == "keel").then_some(exe)
}

impl System {
    pub fn start(dir: &Path) -> Result<System, StartError> {
        if let Ok(url) = std::env::var("KEEL_BASE_URL") {
            let url = url.trim_end_matches('/').to_owned();
            wait_until_up(&url, Duration::from_secs(30))
                .map_err(|e| StartError::Failed(format!("KEEL_BASE_URL={url}: {e}")))?;
            return Ok(System {
                url,
                child: None,
                log: Arc::default(),
            });
        }
        let keel = keel().ok_or_else(|| {
            StartError::Unavailable(
                "no keel executable to run `keel up` (set KEEL_BIN or KEEL_BASE_URL)".into(),
            )
        })?;
        let has_up = Command::new(&keel)
            .args(["up", "--help"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !has_up {
            return Err(StartError::Unavailable(
                "this keel has no `keel up`; set KEEL_BASE_URL to a running system".into(),
            ));
        }
        let mut child = Command::new(&keel)
            .arg("up")
            .arg(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| StartError::Failed(format!("cannot start keel up: {e}")))?;
        let log = Arc::new(Mutex::new(String::new()));
        let url = Arc::new(Mutex::new(None::<String>));
        for stream in [
            child
                .stdout
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
            child
                .stderr
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let (log, url) = (log.clone(), url.clone());
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if let Some(found) = first_url(&line) {
                        url.lock().expect("not poisoned").get_or_insert(found);
                    }
                    let mut log = log.lock().expect("not poisoned");
                    log.push_str(&line);
                    log.push('\n');
                }
            });
        }
        let mut system = System {
            url: String::new(),
            child: Some(child),
            log,
        };
        let timeout = std::env::var("KEEL_UP_TIMEOUT")
            .ok()
            .and_then(|t| t.parse().ok())
            .map_or(Duration::from_secs(900), Duration::from_secs);
        let started = Instant::now();
        loop {
            if let Some(u) = url.lock().expect("not poisoned").clone() {
                system.url = u;
                break;
            }
            let exited = system
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten());
            if exited.is_some() || started.elapsed() > timeout {
                let why = match exited {
                    Some(status) => format!("keel up exited ({status}) before printing its URL"),
                    None => format!("keel up printed no URL within {}s", timeout.as_secs()),
                };
                return Err(StartError::Failed(format!("{why}\n{}", system.output())));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        let left = timeout
            .saturating_sub(started.elapsed())
            .max(Duration::from_secs(30));
        if let Err(e) = wait_until_up(&system.url, left) {
            return Err(StartError::Failed(format!(
                "{}: {e}\n{}",
                system.url,
                system.output()
            )));
        }
        Ok(system)
    }

    pub fn output(&self) -> String {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

impl Drop for System {
    fn drop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        // SIGTERM first, so that keel up stops its services and database.
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(child.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// `http://127.0.0.1:8080` out of a line such as `ready: http://127.0.0.1:8080/`.
pub fn first_url(line: &str) -> Option<String> {
    let start = line.find("http://").or_else(|| line.find("https://"))?;
    let url: String = line[start..]
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, '"' | '\'' | ')' | '>' | ','))
        .collect();
    Some(url.trim_end_matches(['/', '.']).to_owned())
}

/// Polls `GET /` until it answers 200.
fn wait_until_up(url: &str, timeout: Duration) -> Result<(), String> {
    let host = url
        .strip_prefix("http://")
        .ok_or("only http:// URLs can be checked")?
        .split('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    let started = Instant::now();
    let mut last = String::from("no answer");
    while started.elapsed() < timeout {
        match get_status(&host) {
            Ok(200) => return Ok(()),
            Ok(status) => last = format!("GET / answered {status}"),
            Err(e) => last = e,
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    Err(format!("not up after {}s: {last}", timeout.as_secs()))
}

fn get_status(host: &str) -> Result<u16, String> {
    let mut stream = TcpStream::connect(host).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .map_err(|e| e.to_string())?;
    write!(stream, "GET / HTTP/1.0\r\nHost: {host}\r\n\r\n").map_err(|e| e.to_string())?;
    let mut head = String::new();
    BufReader::new(stream)
        .read_line(&mut head)
        .map_err(|e| e.to_string())?;
    head.split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("not HTTP: {head:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_url_in_a_line() {
        assert_eq!(
            first_url("ready: http://127.0.0.1:8080/ (gateway)").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(
            first_url("open \"http://localhost:9000\".").as_deref(),
            Some("http://localhost:9000")
        );
        assert_eq!(first_url("starting postgres"), None);
    }
}
