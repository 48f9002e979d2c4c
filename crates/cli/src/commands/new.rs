//! `keel new`: a new system from a description, in one step: plan (the
//! blueprint and its architecture package), then generate everything the
//! agents make from it.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::exit;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub design: super::plan::Design,
    /// Directory of the new system.
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// Replace an existing keel.yaml (and generated files you changed).
    #[arg(long)]
    pub force: bool,
    /// Print one JSON object with the result on stdout.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> ExitCode {
    // Today every agent is an architecture agent, so planning generates
    // all there is; `new` stays its own command for when code agents join.
    match super::plan::plan_into(&args.design, &args.output, args.force, args.json, true) {
        Ok(()) => exit::code(exit::OK),
        Err(code) => code,
    }
}
