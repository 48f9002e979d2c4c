//! A throw-away PostgreSQL cluster started from the machine's own binaries
//! (no Docker): `initdb` into a temporary directory, `pg_ctl start` on a free
//! loopback port, trust authentication, stopped and deleted on drop.
//!
//! PostgreSQL refuses to run as root, so when keel runs as root the cluster
//! is initialised and started as the `postgres` user (through `su`), in a
//! directory that user owns.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

#[derive(Debug, thiserror::Error)]
pub enum PgError {
    #[error(
        "PostgreSQL binaries not found (looked for initdb in $PG_BIN, `pg_config --bindir` and /usr/lib/postgresql/*/bin); install PostgreSQL 15 (`apt-get install postgresql`) or set PG_BIN"
    )]
    NotInstalled,
    #[error("{command} failed: {detail}")]
    Command { command: String, detail: String },
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("PostgreSQL did not accept connections within {0:?}")]
    Timeout(Duration),
}

/// Where the PostgreSQL server binaries are.
pub fn bin_dir() -> Result<PathBuf, PgError> {
    if let Some(dir) = std::env::var_os("PG_BIN") {
        let dir = PathBuf::from(dir);
        if dir.join("initdb").exists() {
            return Ok(dir);
        }
    }
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output() {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if dir.join("initdb").exists() {
            return Ok(dir);
        }
    }
    let mut candidates: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|p| p.join("initdb").exists())
        .collect();
    // The newest version wins.
    candidates.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str()?.parse::<u32>().ok())
    });
    candidates.pop().ok_or(PgError::NotInstalled)
}

fn running_as_root() -> bool {
    // `id -u` avoids a libc dependency for one call.
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// A free TCP port on the loopback interface (the OS picks it).
pub fn free_port() -> Result<u16, PgError> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// A running cluster. Dropping it stops the server and deletes its data
/// unless the data directory was given by the caller.
pub struct Cluster {
    bin: PathBuf,
    data: PathBuf,
    port: u16,
    as_postgres: bool,
    _temp: Option<tempfile::TempDir>,
    stopped: bool,
}

impl Cluster {
    /// Starts a fresh cluster in a temporary directory.
    pub fn start_temporary() -> Result<Self, PgError> {
        let temp = tempfile::Builder::new().prefix("keel-pg-").tempdir()?;
        let data = temp.path().join("data");
        let mut cluster = Self::start_in(&data, free_port()?)?;
        cluster._temp = Some(temp);
        Ok(cluster)
    }

    /// Starts a cluster whose data lives in `data` (initialised if empty), so
    /// that it survives restarts (`keel up --data DIR`).
    pub fn start_in(data: &Path, port: u16) -> Result<Self, PgError> {
        let bin = bin_dir()?;
        let as_postgres = running_as_root();
        let parent = data.parent().unwrap_or(Path::new("/"));
        std::fs::create_dir_all(parent)?;
        let data = std::path::absolute(data)?;
        let fresh = !data.join("PG_VERSION").exists();
        if fresh {
            std::fs::create_dir_all(&data)?;
            if as_postgres {
                run(Command::new("chown")
                    .arg("-R")
                    .arg("postgres:postgres")
                    .arg(parent))?;
                // initdb needs to reach the directory through every parent.
                let _ = Command::new("chmod").arg("o+x").arg(parent).status();
            }
        }
        let cluster = Cluster {
            bin,
            data,
            port,
            as_postgres,
            _temp: None,
            stopped: false,
        };
        if fresh {
            cluster.pg(
                "initdb",
                &[
                    "-D",
                    &cluster.data_str(),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C",
                    "-N",
                ],
            )?;
        }
        let options = format!(
            "-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
            cluster.data_str()
        );
        let log = format!("{}/server.log", cluster.data_str());
        cluster.pg(
            "pg_ctl",
            &[
                "-D",
                &cluster.data_str(),
                "-l",
                &log,
                "-o",
                &options,
                "-w",
                "-t",
                "60",
                "start",
            ],
        )?;
        cluster.wait_ready(Duration::from_secs(30))?;
        Ok(cluster)
    }

    fn data_str(&self) -> String {
        self.data.display().to_string()
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn data_dir(&self) -> &Path {
        &self.data
    }

    /// The directory deleted on drop, for a temporary cluster.
    pub fn temporary_dir(&self) -> Option<&Path> {
        self._temp.as_ref().map(|t| t.path())
    }

    /// A connection URL for `user` on `database` (trust authentication).
    pub fn url(&self, user: &str, database: &str) -> String {
        format!("postgres://{user}@127.0.0.1:{}/{database}", self.port)
    }

    /// Runs a server binary, as `postgres` when keel runs as root.
    fn pg(&self, program: &str, args: &[&str]) -> Result<Output, PgError> {
        let path = self.bin.join(program);
        if self.as_postgres {
            let line = self.shell_line(program, args);
            run(Command::new("su").args(["postgres", "-s", "/bin/sh", "-c", &line]))
        } else {
            run(Command::new(path).args(args))
        }
    }

    fn shell_line(&self, program: &str, args: &[&str]) -> String {
        std::iter::once(self.bin.join(program).display().to_string())
            .chain(args.iter().map(|a| (*a).to_owned()))
            .map(|a| shell_quote(&a))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// A shell command that stops this server (as `postgres` when keel runs
    /// as root), for a watchdog that outlives the process holding `self`.
    pub fn stop_command(&self) -> String {
        let line = self.shell_line(
            "pg_ctl",
            &["-D", &self.data_str(), "-m", "fast", "-w", "stop"],
        );
        if self.as_postgres {
            format!("su postgres -s /bin/sh -c {}", shell_quote(&line))
        } else {
            line
        }
    }

    fn wait_ready(&self, limit: Duration) -> Result<(), PgError> {
        let start = Instant::now();
        loop {
            let ok = Command::new(self.bin.join("pg_isready"))
                .args([
                    "-h",
                    "127.0.0.1",
                    "-p",
                    &self.port.to_string(),
                    "-U",
                    "postgres",
                ])
                .output()
                .map(|o| o.status.success())
                .unwrap_or(false);
            if ok {
                return Ok(());
            }
            if start.elapsed() > limit {
                return Err(PgError::Timeout(limit));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Runs SQL with psql (stop at the first error) as `user` on `database`;
    /// returns what psql printed, unaligned and without headers.
    pub fn psql(&self, user: &str, database: &str, sql: &str) -> Result<String, PgError> {
        self.psql_commands(user, database, &[sql])
    }

    /// Runs several commands in one session, each as its own `-c` (so each
    /// prints its own result); stops at the first error.
    pub fn psql_commands(
        &self,
        user: &str,
        database: &str,
        commands: &[&str],
    ) -> Result<String, PgError> {
        let args: Vec<&str> = commands.iter().flat_map(|c| ["-c", c]).collect();
        self.psql_with(user, database, &args)
    }

    /// Runs a SQL file with psql as `user` on `database`.
    pub fn psql_file(&self, user: &str, database: &str, file: &Path) -> Result<String, PgError> {
        self.psql_with(user, database, &["-f", &file.display().to_string()])
    }

    /// Runs psql as `user` on `database` with more arguments (`-1`, `-f
    /// FILE`, `-c SQL`, in order); stops at the first error and returns what
    /// psql printed, unaligned and without headers.
    pub fn psql_with(&self, user: &str, database: &str, args: &[&str]) -> Result<String, PgError> {
        let mut cmd = Command::new(self.bin.join("psql"));
        cmd.args([
            "-X",
            "-q",
            "-A",
            "-t",
            "-v",
            "ON_ERROR_STOP=1",
            "-d",
            &self.url(user, database),
        ]);
        cmd.args(args);
        let out = run(&mut cmd)?;
        Ok(String::from_utf8_lossy(&out.stdout).trim_end().to_owned())
    }

    /// Creates a database owned by the superuser.
    pub fn create_database(&self, name: &str) -> Result<(), PgError> {
        self.psql("postgres", "postgres", &format!("CREATE DATABASE {name}"))
            .map(|_| ())
    }

    /// Stops the server now (also done on drop).
    pub fn stop(mut self) -> Result<(), PgError> {
        self.stopped = true;
        self.pg(
            "pg_ctl",
            &["-D", &self.data_str(), "-m", "fast", "-w", "stop"],
        )
        .map(|_| ())
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if !self.stopped {
            let _ = self.pg(
                "pg_ctl",
                &["-D", &self.data_str(), "-m", "immediate", "-w", "stop"],
            );
        }
    }
}

fn run(command: &mut Command) -> Result<Output, PgError> {
    let out = command.output()?;
    if out.status.success() {
        Ok(out)
    } else {
        // The error is on stderr; stdout only says what was being done.
        let stderr = String::from_utf8_lossy(&out.stderr).trim().to_owned();
        Err(PgError::Command {
            command: format!("{:?}", command.get_program()),
            detail: if stderr.is_empty() {
                String::from_utf8_lossy(&out.stdout).trim().to_owned()
            } else {
                stderr
            },
        })
    }
}
