//! The services as child processes: started with their environment, watched
//! until every `/readyz` answers, and stopped with SIGTERM (then SIGKILL
//! after a grace period). Each child runs in its own process group, so a
//! Ctrl-C on the terminal reaches keel alone, which then stops the children
//! in order; and each gets SIGTERM from the kernel if keel itself dies, so
//! none is left behind.

use std::collections::BTreeMap;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal};

use crate::logs::ServiceLog;

pub struct Child {
    pub name: String,
    pub port: u16,
    process: std::process::Child,
    pub log: Arc<ServiceLog>,
}

/// The command that starts a service: `binary` with `env` added to keel's
/// own environment.
pub fn command(binary: &Path, env: &BTreeMap<String, String>, cwd: &Path) -> Command {
    let mut command = Command::new(binary);
    command.envs(env).current_dir(cwd);
    command
}

/// Starts `command` in its own process group, its output going to `log`.
pub fn spawn(
    name: &str,
    port: u16,
    mut command: Command,
    log: Arc<ServiceLog>,
) -> Result<Child, String> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    // SAFETY: prctl(PR_SET_PDEATHSIG) is async-signal-safe and touches no
    // memory of the parent; it is all the child does before exec.
    unsafe {
        command.pre_exec(|| {
            rustix::process::set_parent_process_death_signal(Some(Signal::TERM))
                .map_err(std::io::Error::from)
        });
    }
    let mut process = command.spawn().map_err(|e| {
        format!(
            "cannot start {name} ({}): {e}",
            command.get_program().to_string_lossy()
        )
    })?;
    if let Some(out) = process.stdout.take() {
        log.follow(out);
    }
    if let Some(err) = process.stderr.take() {
        log.follow(err);
    }
    Ok(Child {
        name: name.to_owned(),
        port,
        process,
        log,
    })
}

impl Child {
    pub fn pid(&self) -> u32 {
        self.process.id()
    }

    /// `Some(status)` once the process has exited.
    pub fn exited(&mut self) -> Option<ExitStatus> {
        self.process.try_wait().ok().flatten()
    }

    /// Signals the process unless it has exited (its pid may be reused).
    fn signal(&mut self, signal: Signal) {
        if self.exited().is_some() {
            return;
        }
        if let Some(pid) = Pid::from_raw(self.process.id() as i32) {
            let _ = rustix::process::kill_process(pid, signal);
        }
    }
}

/// Why the system did not come up.
#[derive(Debug)]
pub struct NotReady {
    pub service: String,
    pub reason: String,
    pub tail: Vec<String>,
}

/// Waits until every child answers 200 on `/readyz`, in order, calling
/// `on_ready` for each. Fails when a child exits, `limit` passes, or `stop`
/// is raised (Ctrl-C).
pub fn wait_ready(
    children: &mut [Child],
    limit: Duration,
    stop: &AtomicBool,
    on_ready: &mut dyn FnMut(&Child, Duration),
) -> Result<(), NotReady> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(2)))
        .http_status_as_error(false)
        .build()
        .into();
    let started = Instant::now();
    for i in 0..children.len() {
        loop {
            if stop.load(Ordering::Relaxed) {
                return Err(NotReady {
                    service: children[i].name.clone(),
                    reason: "interrupted".into(),
                    tail: Vec::new(),
                });
            }
            // Any child may die while we wait for another.
            for child in children.iter_mut() {
                if let Some(status) = child.exited() {
                    // Let the log threads catch the last lines.
                    std::thread::sleep(Duration::from_millis(200));
                    return Err(NotReady {
                        service: child.name.clone(),
                        reason: format!("exited ({status}) before the system was ready"),
                        tail: child.log.tail(),
                    });
                }
            }
            let child = &children[i];
            let url = format!("http://127.0.0.1:{}/readyz", child.port);
            let last = match agent.get(&url).call() {
                Ok(response) if response.status() == 200 => {
                    on_ready(child, started.elapsed());
                    break;
                }
                Ok(response) => format!("/readyz answered {}", response.status()),
                Err(e) => format!("/readyz: {e}"),
            };
            if started.elapsed() > limit {
                return Err(NotReady {
                    service: child.name.clone(),
                    reason: format!("not ready after {} s ({last})", limit.as_secs()),
                    tail: child.log.tail(),
                });
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    Ok(())
}

/// Waits for `stop` (Ctrl-C, SIGTERM: `Ok`) or a child that exits by
/// itself (`Err`): then the system is broken and keel up stops the rest.
pub fn watch(children: &mut [Child], stop: &AtomicBool) -> Result<(), NotReady> {
    loop {
        if stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        for child in children.iter_mut() {
            if let Some(status) = child.exited() {
                // Let the log threads catch the last lines.
                std::thread::sleep(Duration::from_millis(200));
                return Err(NotReady {
                    service: child.name.clone(),
                    reason: format!("stopped by itself ({status})"),
                    tail: child.log.tail(),
                });
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Stops every child: SIGTERM to the gateway first (no new requests come
/// in), then to the services; SIGKILL to whatever still runs after `grace`.
/// Returns the names of the children that had to be killed.
pub fn stop_all(children: &mut [Child], grace: Duration) -> Vec<String> {
    let deadline = Instant::now() + grace;
    let mut killed = Vec::new();
    // The gateway is last in start order: stop in reverse.
    let order: Vec<usize> = (0..children.len()).rev().collect();
    if let Some((&first, rest)) = order.split_first() {
        children[first].signal(Signal::TERM);
        wait_until(
            &mut children[first..=first],
            deadline.min(Instant::now() + grace / 2),
        );
        for &i in rest {
            children[i].signal(Signal::TERM);
        }
    }
    wait_until(children, deadline);
    for child in children.iter_mut() {
        if child.exited().is_none() {
            child.signal(Signal::KILL);
            let _ = child.process.wait();
            killed.push(child.name.clone());
        }
    }
    killed
}

fn wait_until(children: &mut [Child], deadline: Instant) {
    while Instant::now() < deadline {
        if children.iter_mut().all(|c| c.exited().is_some()) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logs::{Shared, Style};

    fn shell(dir: &Path, name: &str, script: &str) -> Child {
        let log = ServiceLog::create(
            dir,
            name,
            Shared::new(Style {
                color: false,
                width: 8,
                json: false,
            }),
        )
        .unwrap();
        let mut command = Command::new("/bin/sh");
        command.args(["-c", script]);
        // Port 1 on loopback refuses connections: never ready.
        spawn(name, 1, command, log).unwrap()
    }

    #[test]
    fn a_child_that_ignores_sigterm_is_killed_after_the_grace_period() {
        let dir = tempfile::tempdir().unwrap();
        let mut children = vec![
            shell(
                dir.path(),
                "polite",
                "trap 'exit 0' TERM; while true; do sleep 0.05; done",
            ),
            shell(
                dir.path(),
                "stubborn",
                "trap '' TERM; while true; do sleep 0.05; done",
            ),
        ];
        std::thread::sleep(Duration::from_millis(200));
        let started = Instant::now();
        let killed = stop_all(&mut children, Duration::from_secs(1));
        assert_eq!(killed, vec!["stubborn".to_owned()]);
        assert!(started.elapsed() >= Duration::from_secs(1));
        assert!(children.iter_mut().all(|c| c.exited().is_some()));
    }

    #[test]
    fn a_child_that_exits_early_is_reported_with_its_last_lines() {
        let dir = tempfile::tempdir().unwrap();
        let mut children = vec![shell(
            dir.path(),
            "broken",
            "echo 'configuration error: DATABASE_URL is not set' >&2; exit 2",
        )];
        let stop = AtomicBool::new(false);
        let err = wait_ready(
            &mut children,
            Duration::from_secs(10),
            &stop,
            &mut |_, _| {},
        )
        .unwrap_err();
        assert_eq!(err.service, "broken");
        assert!(err.reason.contains("exited"), "{}", err.reason);
        assert_eq!(
            err.tail,
            vec!["  broken │ configuration error: DATABASE_URL is not set".to_owned()]
        );
    }

    #[test]
    fn watching_ends_with_a_signal_or_a_child_that_dies() {
        let dir = tempfile::tempdir().unwrap();
        let stop = AtomicBool::new(true);
        let mut children = vec![shell(dir.path(), "steady", "sleep 30")];
        assert!(watch(&mut children, &stop).is_ok());
        stop.store(false, Ordering::Relaxed);
        children.push(shell(
            dir.path(),
            "fragile",
            "sleep 0.3; echo 'thread main panicked'; exit 101",
        ));
        let gone = watch(&mut children, &stop).unwrap_err();
        assert_eq!(gone.service, "fragile");
        assert!(gone.reason.contains("101"), "{}", gone.reason);
        assert_eq!(
            gone.tail,
            vec![" fragile │ thread main panicked".to_owned()]
        );
        stop_all(&mut children, Duration::from_secs(2));
    }

    #[test]
    fn a_child_that_never_gets_ready_times_out() {
        let dir = tempfile::tempdir().unwrap();
        let mut children = vec![shell(dir.path(), "slow", "sleep 30")];
        let stop = AtomicBool::new(false);
        let err = wait_ready(
            &mut children,
            Duration::from_millis(500),
            &stop,
            &mut |_, _| {},
        )
        .unwrap_err();
        assert!(err.reason.starts_with("not ready after"), "{}", err.reason);
        stop_all(&mut children, Duration::from_secs(1));
    }
}
