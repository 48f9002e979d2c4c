//! `keel up`: runs the generated system on this machine (see `keel_run`).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use keel_run::{Options, Profile, UpError};

use crate::exit;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The generated application (the directory holding keel.yaml).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Keep the database and the JWT keys in DATA between runs (default: a
    /// temporary database, deleted when keel up stops).
    #[arg(long, value_name = "DATA")]
    pub data: Option<PathBuf>,
    /// The gateway's port; every service keeps its distance from it
    /// (--port 9000: identity on 9001, the first domain service on 9002…).
    #[arg(long, default_value_t = keel_run::GATEWAY_PORT)]
    pub port: u16,
    /// Reuse the binaries and web/dist of the last build.
    #[arg(long)]
    pub no_build: bool,
    /// Build optimised binaries (slower to build; for benchmarks and demos).
    #[arg(long)]
    pub release: bool,
    /// Seconds the services may take to answer /readyz.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub ready_timeout: u64,
    /// Who gets every role at sign-up (the first admin; KEEL_ADMIN_EMAILS).
    #[arg(long, value_name = "EMAIL", value_delimiter = ',')]
    pub admin: Vec<String>,
    /// The ready event and the services' logs as JSON lines on stdout.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> ExitCode {
    let (_, checked) = match super::load(&args.dir, false) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    if args.port == 0 {
        eprintln!("error: --port must be a port number from 1 to 65535");
        return exit::code(exit::BAD_INPUT);
    }
    let dir = if args.dir.is_dir() {
        args.dir.clone()
    } else {
        args.dir
            .parent()
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("."))
    };
    let options = Options {
        dir,
        blueprint: checked.blueprint,
        data: args.data,
        port: args.port,
        build: !args.no_build,
        profile: if args.release {
            Profile::Release
        } else {
            Profile::Dev
        },
        ready_timeout: Duration::from_secs(args.ready_timeout),
        admins: args.admin,
        json: args.json,
        color: crate::ui::color(),
        progress: crate::ui::stderr_is_terminal(),
    };
    match keel_run::up(&options) {
        Ok(()) => exit::code(exit::OK),
        Err(UpError::BadInput(message)) => {
            eprintln!("error: {message}");
            exit::code(exit::BAD_INPUT)
        }
        Err(UpError::Failed(message)) => {
            eprintln!("error: {message}");
            exit::code(exit::FAILED)
        }
        Err(UpError::Interrupted) => {
            eprintln!("interrupted: everything keel up started is stopped");
            exit::code(exit::INTERRUPTED)
        }
    }
}
