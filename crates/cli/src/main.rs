use std::process::ExitCode;

fn main() -> ExitCode {
    keel_cli::main()
}
