//! `checkov`: the security posture of the Dockerfiles, the rendered chart
//! (every environment), the dashboard RBAC, the workflows and the secrets
//! scan, with zero failed checks. A deliberate skip must be written in the
//! generated file with its reason; the gate lists every skip and its reason
//! as evidence. A file checkov cannot parse fails the gate: it was not checked.

use std::process::Command;

use serde_json::Value;

use super::deploy;
use crate::report::GateResult;
use crate::{Context, Gate};

pub struct Checkov;

const INSTALL: &str = "pip install checkov, in a virtualenv of its own";

/// Checkov's verdict for one framework.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Framework {
    pub name: String,
    pub passed: u64,
    pub failed: Vec<String>,
    /// `CKV_…: reason`, one per skipped check of a resource.
    pub skipped: Vec<String>,
    pub parsing_errors: Vec<String>,
}

/// Reads `checkov -o json`: one report object, a list of them, or several
/// objects one after the other (one per directory).
pub fn parse(output: &str) -> Result<Vec<Framework>, String> {
    let mut frameworks = Vec::new();
    for value in serde_json::Deserializer::from_str(output).into_iter::<Value>() {
        let value = value.map_err(|e| format!("checkov's JSON output is unreadable: {e}"))?;
        let reports = match value {
            Value::Array(items) => items,
            other => vec![other],
        };
        for report in reports {
            // With nothing to scan checkov prints an empty summary object.
            let Some(name) = report["check_type"].as_str() else {
                continue;
            };
            let results = &report["results"];
            let list = |key: &str| results[key].as_array().cloned().unwrap_or_default();
            let describe = |c: &Value| {
                let lines = &c["file_line_range"];
                format!(
                    "{} {} — {}:{}-{} ({})",
                    c["check_id"].as_str().unwrap_or("?"),
                    c["check_name"].as_str().unwrap_or(""),
                    c["file_path"].as_str().unwrap_or("?"),
                    lines[0],
                    lines[1],
                    c["resource"].as_str().unwrap_or("")
                )
            };
            frameworks.push(Framework {
                name: name.to_owned(),
                passed: report["summary"]["passed"].as_u64().unwrap_or(0),
                failed: list("failed_checks").iter().map(describe).collect(),
                skipped: list("skipped_checks")
                    .iter()
                    .map(|c| {
                        format!(
                            "{}: {}",
                            c["check_id"].as_str().unwrap_or("?"),
                            c["check_result"]["suppress_comment"]
                                .as_str()
                                .unwrap_or("(no reason given)")
                        )
                    })
                    .collect(),
                parsing_errors: list("parsing_errors")
                    .iter()
                    .map(|p| {
                        p.as_str()
                            .map(str::to_owned)
                            .unwrap_or_else(|| p.to_string())
                    })
                    .collect(),
            });
        }
    }
    Ok(frameworks)
}

impl Gate for Checkov {
    fn name(&self) -> &'static str {
        "checkov"
    }

    fn proves(&self) -> &'static str {
        "images, chart, RBAC and workflows pass checkov's security checks"
    }

    fn run(&self, ctx: &Context) -> GateResult {
        let checkov = match deploy::need(self, "checkov", INSTALL) {
            Ok(p) => p,
            Err(skipped) => return *skipped,
        };
        let helm = match deploy::need(self, "helm", deploy::INSTALL_HELM) {
            Ok(p) => p,
            Err(skipped) => return *skipped,
        };
        // The chart as it is deployed: rendered with each environment's
        // values, next to the dashboard's RBAC manifests.
        // Not a dot-directory (tempfile's default): checkov skips those.
        let manifests = match tempfile::Builder::new().prefix("keel-checkov-").tempdir() {
            Ok(d) => d,
            Err(e) => return deploy::fail(self, format!("no temporary directory: {e}"), ""),
        };
        for env in deploy::environments(ctx) {
            let text = match deploy::render(ctx, &helm, &env) {
                Ok(t) => t,
                Err(e) => {
                    return deploy::fail(self, format!("the chart does not render for {env}"), e);
                }
            };
            if let Err(e) = std::fs::write(manifests.path().join(format!("chart-{env}.yaml")), text)
            {
                return deploy::fail(self, format!("cannot write the rendered chart: {e}"), "");
            }
        }
        for file in deploy::files(ctx, "deploy/dashboard", ".yaml") {
            let name = file.replace('/', "-");
            if let Err(e) = std::fs::copy(ctx.dir.join(&file), manifests.path().join(name)) {
                return deploy::fail(self, format!("cannot copy {file}: {e}"), "");
            }
        }
        let runs: [(&[&str], &std::path::Path); 2] = [
            (
                &["dockerfile", "github_actions", "secrets"],
                ctx.dir.as_path(),
            ),
            (&["kubernetes"], manifests.path()),
        ];
        let mut frameworks = Vec::new();
        for (names, dir) in runs {
            let out = Command::new(&checkov)
                .args(["--skip-download", "--output", "json", "--framework"])
                .args(names)
                .arg("--directory")
                .arg(dir)
                .current_dir(&ctx.dir)
                .output();
            let out = match out {
                Ok(o) => o,
                Err(e) => return deploy::fail(self, format!("cannot run checkov: {e}"), ""),
            };
            // Exit code 1 means failed checks, which the report says too;
            // the JSON on stdout is the verdict.
            match parse(&String::from_utf8_lossy(&out.stdout)) {
                Ok(found) => frameworks.extend(found),
                Err(e) => {
                    return deploy::fail(
                        self,
                        e,
                        String::from_utf8_lossy(&out.stderr).into_owned(),
                    );
                }
            }
        }
        verdict(self, &frameworks)
    }
}

/// Pass only with no failed check and no file checkov could not parse.
fn verdict(gate: &dyn Gate, frameworks: &[Framework]) -> GateResult {
    let mut evidence = String::new();
    let mut failed = 0;
    let mut unparsed = 0;
    let mut passed = 0;
    let mut skipped = 0;
    for f in frameworks {
        evidence.push_str(&format!(
            "{}: {} passed, {} failed, {} skipped, {} parsing errors\n",
            f.name,
            f.passed,
            f.failed.len(),
            f.skipped.len(),
            f.parsing_errors.len()
        ));
        for line in f.failed.iter().chain(&f.parsing_errors) {
            evidence.push_str(&format!("  FAILED {line}\n"));
        }
        // The same deliberate skip on many objects is one line.
        let mut reasons = std::collections::BTreeMap::<&str, usize>::new();
        for line in &f.skipped {
            *reasons.entry(line).or_default() += 1;
        }
        for (line, count) in reasons {
            evidence.push_str(&format!("  skipped ×{count} {line}\n"));
        }
        failed += f.failed.len();
        unparsed += f.parsing_errors.len();
        passed += f.passed;
        skipped += f.skipped.len();
    }
    let summary = format!(
        "{passed} checks passed, {failed} failed, {skipped} skipped with a reason, {unparsed} files unparsed"
    );
    if failed == 0 && unparsed == 0 && passed > 0 {
        deploy::pass(gate, summary, evidence)
    } else {
        deploy::fail(gate, summary, evidence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAILED: &str = r#"[{"check_type": "dockerfile", "results": {"passed_checks": [], "failed_checks": [{"check_id": "CKV_DOCKER_8", "check_name": "Ensure the last USER is not root", "file_path": "/deploy/docker/a.Dockerfile", "file_line_range": [2, 2], "resource": "/deploy/docker/a.Dockerfile.USER"}], "skipped_checks": [], "parsing_errors": []}, "summary": {"passed": 10, "failed": 1, "skipped": 0}},
        {"check_type": "github_actions", "results": {"failed_checks": []}, "summary": {"passed": 5, "failed": 0}}]"#;

    #[test]
    fn reads_lists_and_consecutive_reports() {
        let frameworks = parse(FAILED).unwrap();
        assert_eq!(frameworks.len(), 2);
        assert_eq!(frameworks[0].failed.len(), 1);
        assert!(frameworks[0].failed[0].starts_with("CKV_DOCKER_8"));
        let two = format!(
            "{}\n{}",
            r#"{"check_type": "kubernetes", "results": {"skipped_checks": [{"check_id": "CKV_K8S_43", "resource": "Deployment.ns.a", "check_result": {"suppress_comment": "pinned at deploy time"}}]}, "summary": {"passed": 3}}"#,
            r#"{"passed": 0, "failed": 0, "skipped": 0, "parsing_errors": 0, "resource_count": 0}"#
        );
        let frameworks = parse(&two).unwrap();
        assert_eq!(frameworks.len(), 1);
        assert_eq!(frameworks[0].skipped, ["CKV_K8S_43: pinned at deploy time"]);
    }

    #[test]
    fn a_failed_check_or_an_unparsed_file_fails_the_gate() {
        use crate::Status;
        let gate = Checkov;
        assert_eq!(verdict(&gate, &parse(FAILED).unwrap()).status, Status::Fail);
        let unparsed = Framework {
            name: "kubernetes".into(),
            passed: 3,
            parsing_errors: vec!["/chart-staging.yaml".into()],
            ..Framework::default()
        };
        assert_eq!(verdict(&gate, &[unparsed]).status, Status::Fail);
        let clean = Framework {
            name: "kubernetes".into(),
            passed: 3,
            ..Framework::default()
        };
        assert_eq!(verdict(&gate, &[clean]).status, Status::Pass);
        assert_eq!(verdict(&gate, &[]).status, Status::Fail, "nothing checked");
    }

    #[test]
    fn unreadable_output_is_an_error() {
        assert!(parse("Traceback (most recent call last):").is_err());
    }
}
