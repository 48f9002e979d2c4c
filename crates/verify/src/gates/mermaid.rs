//! `mermaid`: every Mermaid diagram in the generated Markdown renders with
//! mermaid-cli (Mermaid's reference renderer) in a real Chromium, all in one
//! browser. Diagrams that fail are listed with their file and line.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::report::{GateResult, Status};
use crate::{Context, Gate, tools};

const NAME: &str = "mermaid";
const PROVES: &str = "every Mermaid diagram in the docs renders (mermaid-cli in Chromium)";
/// The batch renderer, run with node.
const RENDER_SCRIPT: &str = include_str!("mermaid/render.mjs");
/// Where the rendered SVGs are kept, relative to the app.
const OUT_DIR: &str = ".keel/verify/mermaid";
/// Longest a whole batch may take before the browser is stopped.
const TIMEOUT: Duration = Duration::from_secs(600);
const INSTALL: &str = "install Chromium (`apt-get install chromium`) and mermaid-cli \
     (`PUPPETEER_SKIP_DOWNLOAD=1 npm install @mermaid-js/mermaid-cli@11.17.0 puppeteer@24`, \
     or `need_npm` from keel's scripts/lib/tools.sh), then re-run";

pub struct Mermaid;

/// A fenced ```mermaid block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// `docs/ARCHITECTURE.md:42` (the line of the opening fence).
    pub source: String,
    pub text: String,
}

impl Gate for Mermaid {
    fn name(&self) -> &'static str {
        NAME
    }

    fn proves(&self) -> &'static str {
        PROVES
    }

    fn run(&self, ctx: &Context) -> GateResult {
        let (blocks, problems) = match collect(&ctx.dir) {
            Ok(found) => found,
            Err(e) => return result(Status::Fail, format!("cannot read the docs: {e}"), ""),
        };
        if blocks.is_empty() && problems.is_empty() {
            return result(Status::Pass, "no Mermaid diagrams to render", "");
        }
        let renderer = match Renderer::find() {
            Ok(r) => r,
            Err(missing) => {
                return result(
                    Status::Skipped,
                    format!("{missing} not found: {INSTALL}"),
                    "",
                );
            }
        };
        let out = ctx.dir.join(OUT_DIR);
        let rendered = renderer.render(&blocks, &out);
        let outcomes = match rendered {
            Ok(o) => o,
            Err(e) => return result(Status::Fail, "the renderer did not run", e),
        };
        let mut failures: Vec<String> = problems;
        for (block, outcome) in blocks.iter().zip(&outcomes) {
            if let Err(e) = outcome {
                failures.push(format!("{}: {e}", block.source));
            }
        }
        let files = {
            let mut f: Vec<&str> = blocks
                .iter()
                .map(|b| {
                    b.source
                        .rsplit_once(':')
                        .map(|(f, _)| f)
                        .unwrap_or(&b.source)
                })
                .collect();
            f.dedup();
            f.len()
        };
        let mut r = if failures.is_empty() {
            result(
                Status::Pass,
                format!("{} diagrams from {files} files rendered", blocks.len()),
                blocks
                    .iter()
                    .map(|b| b.source.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        } else {
            result(
                Status::Fail,
                format!(
                    "{} of {} diagrams did not render",
                    failures.len(),
                    blocks.len()
                ),
                failures.join("\n"),
            )
        };
        r.artifacts.push(format!("{OUT_DIR}/"));
        r
    }
}

fn result(status: Status, summary: impl Into<String>, evidence: impl Into<String>) -> GateResult {
    GateResult::new(NAME, PROVES, status, summary, evidence)
}

/// Every Mermaid block of every Markdown file under `dir` (generated
/// content only: hidden folders, build output and dependencies are
/// skipped), in path order, and the problems found while reading them.
pub fn collect(dir: &Path) -> std::io::Result<(Vec<Block>, Vec<String>)> {
    let mut files = Vec::new();
    markdown_files(dir, dir, &mut files)?;
    files.sort();
    let mut blocks = Vec::new();
    let mut problems = Vec::new();
    for rel in files {
        let text = std::fs::read_to_string(dir.join(&rel))?;
        let (found, unterminated) = extract(&rel, &text);
        blocks.extend(found);
        problems.extend(unterminated);
    }
    Ok((blocks, problems))
}

fn markdown_files(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            if !name.starts_with('.')
                && !matches!(name.as_str(), "target" | "node_modules" | "dist")
            {
                markdown_files(root, &path, out)?;
            }
        } else if kind.is_file() && name.ends_with(".md") && name != "verify-report.md" {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(())
}

/// The ```mermaid blocks of one Markdown text, and a problem for a block
/// that is never closed.
pub fn extract(file: &str, text: &str) -> (Vec<Block>, Vec<String>) {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        match &mut open {
            None => {
                if trimmed.strip_prefix("```").map(str::trim) == Some("mermaid") {
                    open = Some((i + 1, String::new()));
                }
            }
            Some((start, body)) => {
                if trimmed == "```" {
                    blocks.push(Block {
                        source: format!("{file}:{start}"),
                        text: std::mem::take(body),
                    });
                    open = None;
                } else {
                    body.push_str(line);
                    body.push('\n');
                }
            }
        }
    }
    let problems = match open {
        Some((start, _)) => vec![format!(
            "{file}:{start}: the ```mermaid block is never closed"
        )],
        None => Vec::new(),
    };
    (blocks, problems)
}

/// node, mermaid-cli and a Chromium to drive.
struct Renderer {
    node: PathBuf,
    cli_dir: PathBuf,
    chromium: PathBuf,
}

impl Renderer {
    /// The renderer, or the name of what is missing.
    fn find() -> Result<Renderer, &'static str> {
        let node = tools::find("node").ok_or("node")?;
        // `mmdc` links to <package>/src/cli.js: the package is two levels up.
        let cli_dir = tools::find("mmdc")
            .and_then(|p| std::fs::canonicalize(p).ok())
            .and_then(|p| p.parent()?.parent().map(Path::to_path_buf))
            .filter(|d| d.join("src/index.js").is_file())
            .ok_or("mermaid-cli (mmdc)")?;
        let chromium = std::env::var_os("PUPPETEER_EXECUTABLE_PATH")
            .map(PathBuf::from)
            .filter(|p| p.is_file())
            .or_else(|| {
                ["chromium", "chromium-browser", "google-chrome"]
                    .iter()
                    .find_map(|c| tools::find(c))
            })
            .ok_or("Chromium")?;
        Ok(Renderer {
            node,
            cli_dir,
            chromium,
        })
    }

    /// Renders every block into `out` (emptied first); one outcome per block.
    fn render(&self, blocks: &[Block], out: &Path) -> Result<Vec<Result<(), String>>, String> {
        if out.exists() {
            std::fs::remove_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
        }
        std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
        let work = out.join("input");
        std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
        let script = work.join("render.mjs");
        std::fs::write(&script, RENDER_SCRIPT).map_err(|e| e.to_string())?;
        let input: Vec<serde_json::Value> = blocks
            .iter()
            .enumerate()
            .map(|(i, b)| {
                serde_json::json!({ "name": format!("{:04}", i + 1), "source": b.source, "text": b.text })
            })
            .collect();
        let diagrams = work.join("diagrams.json");
        std::fs::write(
            &diagrams,
            serde_json::to_string(&input).expect("plain JSON"),
        )
        .map_err(|e| e.to_string())?;
        let stdout =
            std::fs::File::create(work.join("results.jsonl")).map_err(|e| e.to_string())?;
        let mut child = Command::new(&self.node)
            .arg(&script)
            .arg(&self.cli_dir)
            .arg(&self.chromium)
            .arg(&diagrams)
            .arg(out)
            .stdout(stdout)
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", self.node.display()))?;
        let mut stderr = child.stderr.take().expect("piped");
        let reader = std::thread::spawn(move || {
            let mut s = String::new();
            let _ = stderr.read_to_string(&mut s);
            s
        });
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if started.elapsed() > TIMEOUT => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(format!("rendering took more than {} s", TIMEOUT.as_secs()));
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(100)),
                Err(e) => return Err(e.to_string()),
            }
        };
        let errors = reader.join().unwrap_or_default();
        if !status.success() {
            return Err(format!("the renderer exited with {status}\n{errors}"));
        }
        let results =
            std::fs::read_to_string(work.join("results.jsonl")).map_err(|e| e.to_string())?;
        let mut outcomes: Vec<Result<(), String>> = blocks
            .iter()
            .map(|_| Err("not rendered".to_owned()))
            .collect();
        for line in results.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value =
                serde_json::from_str(line).map_err(|e| format!("renderer output `{line}`: {e}"))?;
            let index = v["name"]
                .as_str()
                .and_then(|n| n.parse::<usize>().ok())
                .and_then(|n| n.checked_sub(1))
                .filter(|i| *i < blocks.len())
                .ok_or_else(|| format!("renderer output names no diagram: `{line}`"))?;
            outcomes[index] = if v["ok"].as_bool() == Some(true) {
                Ok(())
            } else {
                Err(v["error"].as_str().unwrap_or("failed").to_owned())
            };
        }
        Ok(outcomes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_blocks_with_their_line() {
        let md = "# t\n\n```mermaid\nflowchart LR\n  a --> b\n```\n\n```rust\nfn x() {}\n```\n```mermaid\nerDiagram\n```\n";
        let (blocks, problems) = extract("docs/A.md", md);
        assert!(problems.is_empty());
        assert_eq!(
            blocks,
            vec![
                Block {
                    source: "docs/A.md:3".into(),
                    text: "flowchart LR\n  a --> b\n".into()
                },
                Block {
                    source: "docs/A.md:11".into(),
                    text: "erDiagram\n".into()
                },
            ]
        );
    }

    #[test]
    fn an_unclosed_block_is_a_problem() {
        let (blocks, problems) = extract("x.md", "```mermaid\nflowchart LR\n");
        assert!(blocks.is_empty());
        assert_eq!(
            problems,
            vec!["x.md:1: the ```mermaid block is never closed"]
        );
    }

    #[test]
    fn collects_markdown_outside_hidden_and_build_folders() {
        let dir = tempfile::tempdir().unwrap();
        let write = |p: &str| {
            let path = dir.path().join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "```mermaid\nflowchart LR\n```\n").unwrap();
        };
        write("docs/B.md");
        write("docs/adr/A.md");
        write("README.md");
        write(".keel/x.md");
        write("target/x.md");
        write("web/node_modules/p/README.md");
        write("verify-report.md");
        let (blocks, _) = collect(dir.path()).unwrap();
        let sources: Vec<&str> = blocks.iter().map(|b| b.source.as_str()).collect();
        assert_eq!(
            sources,
            vec!["README.md:1", "docs/B.md:1", "docs/adr/A.md:1"]
        );
    }
}
