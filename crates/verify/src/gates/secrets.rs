//! `secrets`: no file of the system holds a secret — the generated files,
//! the user's, and the built web bundle (`detect-secrets`). A value a
//! scanner mistakes for a secret is allowed only with an inline
//! `pragma: allowlist secret`, visible in the file.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use super::deploy;
use crate::report::GateResult;
use crate::{Context, Gate};

pub struct Secrets;

/// Directories that hold no source: build output, dependencies, VCS data,
/// keel's event log, tools.
const SKIP_DIRS: &[&str] = &[".git", ".keel", ".tools", ".venv", "node_modules", "target"];

/// Every file to scan, relative to `root`, sorted.
pub fn files(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                if !SKIP_DIRS.contains(&name.as_str()) {
                    stack.push(path);
                }
            } else if kind.is_file() && !name.starts_with("verify-report.") {
                if let Ok(rel) = path.strip_prefix(root) {
                    found.push(rel.to_string_lossy().into_owned());
                }
            }
        }
    }
    found.sort();
    found
}

/// `file:line type` for every potential secret in detect-secrets' JSON.
pub fn findings(json: &str) -> Result<Vec<String>, String> {
    let value: Value = serde_json::from_str(json)
        .map_err(|e| format!("detect-secrets' output is unreadable: {e}"))?;
    let results = value["results"]
        .as_object()
        .ok_or("detect-secrets' output has no results")?;
    let mut found = Vec::new();
    for (file, secrets) in results {
        for s in secrets.as_array().into_iter().flatten() {
            found.push(format!(
                "{file}:{} {}",
                s["line_number"],
                s["type"].as_str().unwrap_or("secret")
            ));
        }
    }
    found.sort();
    Ok(found)
}

impl Gate for Secrets {
    fn name(&self) -> &'static str {
        "secrets"
    }

    fn proves(&self) -> &'static str {
        "no secret is written in any file"
    }

    fn run(&self, ctx: &Context) -> GateResult {
        let scanner = match deploy::need(self, "detect-secrets", "pip install detect-secrets") {
            Ok(p) => p,
            Err(skipped) => return *skipped,
        };
        let files = files(&ctx.dir);
        let out = Command::new(scanner)
            .args(["scan", "--all-files"])
            .args(&files)
            .current_dir(&ctx.dir)
            .output();
        let out = match out {
            Ok(o) if o.status.success() => o,
            Ok(o) => {
                return deploy::fail(
                    self,
                    "detect-secrets failed",
                    String::from_utf8_lossy(&o.stderr).into_owned(),
                );
            }
            Err(e) => return deploy::fail(self, format!("cannot run detect-secrets: {e}"), ""),
        };
        match findings(&String::from_utf8_lossy(&out.stdout)) {
            Ok(found) if found.is_empty() => deploy::pass(
                self,
                format!("{} files scanned, no secret", files.len()),
                "",
            ),
            Ok(found) => deploy::fail(
                self,
                format!(
                    "{} potential secrets in {} files scanned",
                    found.len(),
                    files.len()
                ),
                found.join("\n"),
            ),
            Err(e) => deploy::fail(self, e, String::from_utf8_lossy(&out.stdout).into_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_each_finding_with_its_place() {
        let json = r#"{"version": "1.5.0", "results": {
            "deploy/helm/x/values.yaml": [{"type": "Secret Keyword", "line_number": 26, "hashed_secret": "ab"}],
            ".env": [{"type": "Base64 High Entropy String", "line_number": 3, "hashed_secret": "cd"}]
        }}"#;
        assert_eq!(
            findings(json).unwrap(),
            [
                ".env:3 Base64 High Entropy String",
                "deploy/helm/x/values.yaml:26 Secret Keyword"
            ]
        );
        assert!(findings(r#"{"results": {}}"#).unwrap().is_empty());
        assert!(findings("not json").is_err());
    }

    #[test]
    fn skips_build_output_and_dependencies() {
        let dir = tempfile::tempdir().unwrap();
        for path in [
            "a.yaml",
            "web/src/x.ts",
            "web/node_modules/p/i.js",
            "target/x",
            "verify-report.md",
        ] {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        assert_eq!(files(dir.path()), ["a.yaml", "web/src/x.ts"]);
    }
}
