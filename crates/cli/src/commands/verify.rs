use std::path::PathBuf;
use std::process::ExitCode;

use keel_verify::{Context, Status};

use crate::exit;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The generated application (the directory holding keel.yaml).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Run only these gates (comma-separated names; see --list).
    #[arg(long, value_delimiter = ',')]
    pub only: Vec<String>,
    /// List the gates and exit.
    #[arg(long)]
    pub list: bool,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> ExitCode {
    let gates = keel_verify::gates::all();
    if args.list {
        for g in &gates {
            println!("{:<22} {}", g.name(), g.proves());
        }
        return exit::code(exit::OK);
    }
    if let Some(unknown) = args
        .only
        .iter()
        .find(|o| !gates.iter().any(|g| g.name() == o.as_str()))
    {
        eprintln!("error: unknown gate `{unknown}` (see `keel verify --list`)");
        return exit::code(exit::BAD_INPUT);
    }
    let (_, checked) = match super::load(&args.dir, args.json) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let dir = if args.dir.is_dir() {
        args.dir.clone()
    } else {
        args.dir.parent().map(PathBuf::from).unwrap_or_default()
    };
    let ctx = Context {
        dir: dir.clone(),
        blueprint: checked.blueprint,
        target_dir: std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from),
    };
    let json = args.json;
    let report = keel_verify::run(&ctx, &gates, &args.only, &mut |r| {
        if !json {
            let mark = match r.status {
                Status::Pass => "pass",
                Status::Fail => "FAIL",
                Status::Skipped => "skip",
            };
            eprintln!("  {mark}  {:<22} {} ({} ms)", r.gate, r.summary, r.millis);
        }
    });
    if let Err(e) = report.write(&dir) {
        eprintln!(
            "warning: cannot write the report into {}: {e}",
            dir.display()
        );
    }
    if json {
        print!("{}", report.to_json());
    } else {
        eprintln!(
            "{}: {} passed, {} failed, {} skipped — see {}",
            if report.passed() {
                "ready"
            } else {
                "NOT ready"
            },
            report.count(Status::Pass),
            report.count(Status::Fail),
            report.count(Status::Skipped),
            dir.join("verify-report.md").display()
        );
    }
    exit::code(if report.passed() {
        exit::OK
    } else {
        exit::FAILED
    })
}
