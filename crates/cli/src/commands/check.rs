use std::path::PathBuf;
use std::process::ExitCode;

use crate::exit;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The blueprint, or a directory holding keel.yaml.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Print the result as one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> ExitCode {
    let (source, checked) = match super::load(&args.path, args.json) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    if args.json {
        super::print_json_diagnostics(&source, &checked.warnings, true);
    } else {
        crate::ui::print_diagnostics(&source, &checked.warnings);
        let b = &checked.blueprint;
        eprintln!(
            "{}: ok — {} services, {} entities, {} roles{}",
            source.name,
            b.services.len(),
            b.entities.len(),
            b.roles.len(),
            if checked.warnings.is_empty() {
                String::new()
            } else {
                format!(", {} warning(s)", checked.warnings.len())
            }
        );
    }
    exit::code(exit::OK)
}
