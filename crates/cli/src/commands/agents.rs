use std::process::ExitCode;

use crate::exit;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the roster as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> ExitCode {
    let agents = crate::pipeline::agents();
    if args.json {
        let list: Vec<_> = agents
            .iter()
            .map(|a| serde_json::json!({ "name": a.name(), "summary": a.summary(), "reads": a.reads(), "writes": a.writes() }))
            .collect();
        println!("{}", serde_json::Value::Array(list));
    } else {
        for a in &agents {
            println!("{:<16} {}", a.name(), a.summary());
            println!(
                "{:<16} reads: blueprint{}",
                "",
                a.reads()
                    .iter()
                    .map(|r| format!(", {r}"))
                    .collect::<String>()
            );
            println!("{:<16} writes: {}", "", a.writes().join(", "));
        }
    }
    exit::code(exit::OK)
}
