//! `contracts`: every `api/*.yaml` is a valid OpenAPI 3.1 document
//! (openapi-spec-validator) and lint-clean under Spectral's OpenAPI rules
//! (`extends: ["spectral:oas"]`, warnings included).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::report::{GateResult, Status};
use crate::{Context, Gate, tools};

pub struct Contracts;

const NAME: &str = "contracts";
const PROVES: &str =
    "the API contracts are valid OpenAPI 3.1 and lint-clean (openapi-spec-validator, spectral)";
/// The pinned versions keel's own CI runs (scripts/ci/contracts.sh).
const INSTALL_VALIDATOR: &str = "pip install openapi-spec-validator==0.9.0";
const INSTALL_SPECTRAL: &str = "npm install @stoplight/spectral-cli@6.16.3";
/// Used when the app has no `api/.spectral.yaml` of its own.
const RULESET: &str = "extends: [\"spectral:oas\"]\n";

/// The contracts of an app, sorted: `api/*.yaml` without dotfiles.
pub fn contract_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("api"))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "yaml")
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| !n.starts_with('.'))
        })
        .collect();
    files.sort();
    files
}

impl Gate for Contracts {
    fn name(&self) -> &'static str {
        NAME
    }

    fn proves(&self) -> &'static str {
        PROVES
    }

    fn run(&self, ctx: &Context) -> GateResult {
        let files = contract_files(&ctx.dir);
        if files.is_empty() {
            return GateResult::new(
                NAME,
                PROVES,
                Status::Fail,
                "no contracts: api/*.yaml is missing (run `keel generate`)",
                "",
            );
        }
        let relative: Vec<String> = files
            .iter()
            .map(|f| f.strip_prefix(&ctx.dir).unwrap_or(f).display().to_string())
            .collect();

        let mut evidence = String::new();
        let mut failed: Vec<&str> = Vec::new();
        let mut missing: Vec<&str> = Vec::new();

        match tools::find("openapi-spec-validator") {
            None => missing.push(INSTALL_VALIDATOR),
            Some(validator) => {
                let mut cmd = Command::new(validator);
                cmd.current_dir(&ctx.dir).args(&relative);
                match tools::run(&mut cmd) {
                    Ok(ran) => {
                        evidence.push_str("$ openapi-spec-validator api/*.yaml\n");
                        evidence.push_str(&ran.output);
                        if !ran.success {
                            failed.push("openapi-spec-validator");
                        }
                    }
                    Err(e) => return error(&format!("cannot run openapi-spec-validator: {e}")),
                }
            }
        }

        match tools::find("spectral") {
            None => missing.push(INSTALL_SPECTRAL),
            Some(spectral) => {
                let own = ctx.dir.join("api/.spectral.yaml");
                let temporary =
                    std::env::temp_dir().join(format!("keel-spectral-{}.yaml", std::process::id()));
                let ruleset = if own.is_file() {
                    own
                } else {
                    if let Err(e) = std::fs::write(&temporary, RULESET) {
                        return error(&format!("cannot write a Spectral ruleset: {e}"));
                    }
                    temporary.clone()
                };
                let mut cmd = Command::new(spectral);
                cmd.current_dir(&ctx.dir)
                    .args(["lint", "--fail-severity", "warn", "--ruleset"])
                    .arg(&ruleset)
                    .args(&relative);
                let ran = tools::run(&mut cmd);
                let _ = std::fs::remove_file(&temporary);
                match ran {
                    Ok(ran) => {
                        evidence.push_str("\n$ spectral lint --fail-severity warn api/*.yaml\n");
                        evidence.push_str(&ran.output);
                        if !ran.success {
                            failed.push("spectral");
                        }
                    }
                    Err(e) => return error(&format!("cannot run spectral: {e}")),
                }
            }
        }

        let n = files.len();
        let (status, summary) = if !failed.is_empty() {
            (
                Status::Fail,
                format!("{} found problems in {n} contract(s)", failed.join(" and ")),
            )
        } else if !missing.is_empty() {
            (
                Status::Skipped,
                format!("not installed; to run it: {}", missing.join("; ")),
            )
        } else {
            (
                Status::Pass,
                format!("{n} contract(s) valid and lint-clean"),
            )
        };
        GateResult::new(NAME, PROVES, status, summary, evidence)
    }
}

fn error(message: &str) -> GateResult {
    GateResult::new(NAME, PROVES, Status::Fail, message, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: &str = r#"openapi: "3.1.0"
info:
  title: t
  version: "1"
  description: A tiny contract.
  contact:
    name: t
servers:
  - url: /
tags:
  - name: things
    description: Things.
paths:
  /api/t/things:
    get:
      operationId: listThings
      summary: List things
      description: Every thing.
      tags:
        - things
      responses:
        "200":
          description: The things.
          content:
            application/json:
              schema:
                type: array
                maxItems: 10
                items:
                  type: string
                  maxLength: 10
"#;

    fn context(dir: &Path) -> Context {
        let blueprint = keel_blueprint::check(&keel_blueprint::SourceFile::new(
            "keel.yaml".to_owned(),
            "keel: 1\napp: tt\nservices:\n  identity: { builtin: auth }\nentities: {}\n".to_owned(),
        ))
        .unwrap()
        .blueprint;
        Context {
            dir: dir.to_path_buf(),
            blueprint,
            target_dir: None,
        }
    }

    fn installed() -> bool {
        tools::find("openapi-spec-validator").is_some() && tools::find("spectral").is_some()
    }

    #[test]
    fn fails_without_contracts() {
        let dir = tempfile::tempdir().unwrap();
        let result = Contracts.run(&context(dir.path()));
        assert_eq!(result.status, Status::Fail);
    }

    #[test]
    fn passes_a_valid_contract_and_fails_a_broken_one() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("api")).unwrap();
        std::fs::write(dir.path().join("api/t.yaml"), VALID).unwrap();
        std::fs::write(dir.path().join("api/.spectral.yaml"), RULESET).unwrap();
        let result = Contracts.run(&context(dir.path()));
        if !installed() {
            assert_eq!(result.status, Status::Skipped, "{}", result.summary);
            assert!(result.summary.contains("install"), "{}", result.summary);
            return;
        }
        assert_eq!(result.status, Status::Pass, "{}", result.evidence);

        // Two operations with one id, and a response without a description.
        let broken = VALID.replace("description: The things.\n", "")
            + "  /api/t/others:\n    get:\n      operationId: listThings\n      summary: s\n      description: d\n      tags:\n        - things\n      responses:\n        \"204\":\n          description: Nothing.\n";
        std::fs::write(dir.path().join("api/t.yaml"), broken).unwrap();
        let result = Contracts.run(&context(dir.path()));
        assert_eq!(result.status, Status::Fail, "{}", result.evidence);
        assert!(result.summary.contains("spectral"), "{}", result.summary);
    }
}
