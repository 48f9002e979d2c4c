//! `helm-template`: the chart renders for every environment, and every
//! rendered object is valid for Kubernetes (`kubernetes-validate --strict`:
//! unknown fields are errors). Custom resources without a published schema
//! (ServiceMonitor, PrometheusRule) are reported as warnings, not checked.

use std::process::{Command, Stdio};

use super::deploy;
use crate::report::GateResult;
use crate::{Context, Gate};

pub struct HelmTemplate;

/// What kubernetes-validate said about one rendering.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Validation {
    /// Objects that passed.
    pub passed: usize,
    /// `ERROR …` lines.
    pub errors: Vec<String>,
    /// `WARN …` lines (e.g. a kind without a schema).
    pub warnings: Vec<String>,
}

/// Reads kubernetes-validate's line-per-object output.
pub fn parse(output: &str) -> Validation {
    let mut v = Validation::default();
    for line in output.lines() {
        if line.starts_with("INFO ") && line.contains(" passed for resource ") {
            v.passed += 1;
        } else if line.starts_with("WARN ") {
            v.warnings.push(line.to_owned());
        } else if line.starts_with("ERROR ") {
            v.errors.push(line.to_owned());
        }
    }
    v
}

impl Gate for HelmTemplate {
    fn name(&self) -> &'static str {
        "helm-template"
    }

    fn proves(&self) -> &'static str {
        "the chart renders valid Kubernetes objects for every environment"
    }

    fn run(&self, ctx: &Context) -> GateResult {
        let helm = match deploy::need(self, "helm", deploy::INSTALL_HELM) {
            Ok(p) => p,
            Err(skipped) => return *skipped,
        };
        let validate = match deploy::need(
            self,
            "kubernetes-validate",
            "pip install kubernetes-validate",
        ) {
            Ok(p) => p,
            Err(skipped) => return *skipped,
        };
        let mut evidence = String::new();
        let mut summary = Vec::new();
        let mut failed = false;
        for env in deploy::environments(ctx) {
            let manifests = match deploy::render(ctx, &helm, &env) {
                Ok(m) => m,
                Err(e) => {
                    return deploy::fail(self, format!("the chart does not render for {env}"), e);
                }
            };
            let output = match validate_stdin(&validate, &manifests) {
                Ok(o) => o,
                Err(e) => return deploy::fail(self, e, evidence),
            };
            let v = parse(&output.1);
            let ok = output.0 && v.errors.is_empty() && v.passed > 0;
            failed |= !ok;
            summary.push(format!(
                "{env}: {} objects valid, {} invalid",
                v.passed,
                v.errors.len()
            ));
            evidence.push_str(&format!(
                "$ helm template … -f values-{env}.yaml | kubernetes-validate --strict -\n{} objects passed\n",
                v.passed
            ));
            for line in v.errors.iter().chain(&v.warnings) {
                evidence.push_str(line);
                evidence.push('\n');
            }
            if !output.0 && v.errors.is_empty() {
                evidence.push_str(&output.1);
            }
        }
        if failed {
            deploy::fail(self, summary.join("; "), evidence)
        } else {
            deploy::pass(self, summary.join("; "), evidence)
        }
    }
}

/// Runs `kubernetes-validate --strict -` on the manifests; (success, output).
fn validate_stdin(program: &std::path::Path, manifests: &str) -> Result<(bool, String), String> {
    use std::io::Write;
    let mut child = Command::new(program)
        .args(["--strict", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run kubernetes-validate: {e}"))?;
    let mut stdin = child.stdin.take().expect("piped");
    let text = manifests.to_owned();
    // Written from a thread so that a full stdout pipe cannot deadlock us.
    let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
    let out = child
        .wait_with_output()
        .map_err(|e| format!("kubernetes-validate: {e}"))?;
    let _ = writer.join();
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    Ok((out.status.success(), text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_passes_and_keeps_errors_and_warnings() {
        let v = parse(
            "INFO - passed for resource deployment/a against version 1.37\n\
             INFO - passed for resource service/a against version 1.37\n\
             WARN - Couldn't find schema for kind ServiceMonitor with api version monitoring.coreos.com/v1\n\
             ERROR - did not validate for resource service/b against version 1.37: spec.ports.0: Additional properties are not allowed ('bogus' was unexpected)\n",
        );
        assert_eq!(v.passed, 2);
        assert_eq!(v.warnings.len(), 1);
        assert_eq!(v.errors.len(), 1);
        assert!(v.errors[0].contains("bogus"));
    }

    #[test]
    fn nothing_rendered_is_nothing_passed() {
        assert_eq!(parse(""), Validation::default());
    }
}
