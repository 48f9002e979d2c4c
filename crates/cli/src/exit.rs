//! Exit codes shared by every command.

use std::process::ExitCode;

/// Everything went as asked.
pub const OK: u8 = 0;
/// The work could not be done (a gate failed, a file is in the way, I/O).
pub const FAILED: u8 = 1;
/// The input is wrong: an invalid blueprint, description or argument.
pub const BAD_INPUT: u8 = 2;
/// Stopped by Ctrl-C or SIGTERM before the work was done (128 + SIGINT).
pub const INTERRUPTED: u8 = 130;

pub fn code(c: u8) -> ExitCode {
    ExitCode::from(c)
}
