use std::path::PathBuf;
use std::process::ExitCode;

use crate::exit;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write the schema to this file instead of stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args) -> ExitCode {
    let schema = serde_json::to_string_pretty(&keel_blueprint::json_schema())
        .expect("schemas serialise")
        + "\n";
    match args.output {
        None => {
            print!("{schema}");
            exit::code(exit::OK)
        }
        Some(path) => match std::fs::write(&path, schema) {
            Ok(()) => exit::code(exit::OK),
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", path.display());
                exit::code(exit::FAILED)
            }
        },
    }
}
