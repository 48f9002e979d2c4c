//! Finding and running external tools.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Where keel's test setup installs tools (see scripts/lib/tools.sh); also
/// searched, after `PATH`.
fn extra_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(tools) = std::env::var_os("KEEL_TOOLS") {
        let tools = PathBuf::from(tools);
        dirs.push(tools.join("venv/bin"));
        dirs.push(tools.join("node/node_modules/.bin"));
        dirs.push(tools.join("bin"));
    }
    dirs
}

/// The path of an executable, from `PATH` or keel's tool directories.
pub fn find(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(extra_dirs())
        .map(|d| d.join(program))
        .find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        p.metadata()
            .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
            .unwrap_or(false)
    }
    #[cfg(not(unix))]
    {
        p.is_file()
    }
}

/// The outcome of running a tool.
pub struct Ran {
    pub success: bool,
    /// stdout and stderr, interleaved as the tool wrote them is not possible
    /// without a pty; stdout first, then stderr.
    pub output: String,
}

/// Runs a command to completion, capturing its output.
pub fn run(command: &mut Command) -> std::io::Result<Ran> {
    let out = command.output()?;
    let mut output = String::from_utf8_lossy(&out.stdout).into_owned();
    let err = String::from_utf8_lossy(&out.stderr);
    if !err.trim().is_empty() {
        if !output.is_empty() && !output.ends_with('\n') {
            output.push('\n');
        }
        output.push_str(&err);
    }
    Ok(Ran {
        success: out.status.success(),
        output,
    })
}
