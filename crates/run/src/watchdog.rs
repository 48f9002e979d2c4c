//! The database outlives nothing: if keel up itself is killed (SIGKILL, a
//! crash), the services stop through their parent-death signal, and this
//! watchdog — a shell loop in its own process group, so it survives keel —
//! stops PostgreSQL and deletes a temporary cluster's files. On a normal
//! stop keel does that itself and ends the watchdog.

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};

pub struct Watchdog {
    process: Child,
}

/// Starts watching this process; `stop` is the shell command that stops
/// the database, `remove` a directory to delete afterwards.
pub fn start(stop: &str, remove: Option<&Path>) -> Result<Watchdog, String> {
    watch(std::process::id(), stop, remove)
}

fn watch(pid: u32, stop: &str, remove: Option<&Path>) -> Result<Watchdog, String> {
    let script = format!(
        "while kill -0 \"$1\" 2>/dev/null; do sleep 1; done; {stop} >/dev/null 2>&1; \
         if [ -n \"$2\" ]; then rm -rf \"$2\"; fi"
    );
    let process = Command::new("/bin/sh")
        .args(["-c", &script, "keel-up-watchdog"])
        .arg(pid.to_string())
        .arg(remove.map(|p| p.display().to_string()).unwrap_or_default())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("cannot start the database watchdog: {e}"))?;
    Ok(Watchdog { process })
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn acts_when_the_watched_process_is_gone_and_not_before() {
        let dir = tempfile::tempdir().unwrap();
        let marker = dir.path().join("stopped");
        let doomed = dir.path().join("temporary");
        std::fs::create_dir_all(&doomed).unwrap();
        // A stand-in for keel: a process that exits on its own.
        let mut keel = Command::new("sleep").arg("1").spawn().unwrap();
        let watchdog = watch(
            keel.id(),
            &format!("touch {}", marker.display()),
            Some(&doomed),
        )
        .unwrap();
        std::thread::sleep(Duration::from_millis(300));
        assert!(!marker.exists(), "keel still runs");
        keel.wait().unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        while !marker.exists() {
            assert!(Instant::now() < deadline, "the watchdog did not act");
            std::thread::sleep(Duration::from_millis(50));
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while doomed.exists() {
            assert!(Instant::now() < deadline, "the directory was not removed");
            std::thread::sleep(Duration::from_millis(50));
        }
        drop(watchdog);
    }

    #[test]
    fn ending_the_watchdog_leaves_the_database_alone() {
        let dir = tempfile::tempdir().unwrap();
        let marker = dir.path().join("stopped");
        let watchdog = start(&format!("touch {}", marker.display()), None).unwrap();
        let pid = watchdog.process.id();
        drop(watchdog);
        assert!(!Path::new(&format!("/proc/{pid}")).exists());
        std::thread::sleep(Duration::from_millis(1500));
        assert!(!marker.exists());
    }
}
