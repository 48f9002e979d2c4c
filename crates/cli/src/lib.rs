//! The `keel` command line: each subcommand is one step of the pipeline
//! (plan → check → generate → verify → up).

pub mod commands;
pub mod exit;
pub mod fixtures;
pub mod pipeline;
pub mod ui;

use std::process::ExitCode;

use clap::Parser;

use crate::commands::Command;

/// keel turns a description of an application into a production-ready system,
/// architecture first: a reviewed blueprint (keel.yaml), then code, then proof.
#[derive(Debug, Parser)]
#[command(name = "keel", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    commands::run(cli.command)
}
