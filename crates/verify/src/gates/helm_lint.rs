//! `helm-lint`: the chart passes `helm lint --strict` with the values of
//! every environment.

use std::process::Command;

use super::deploy;
use crate::report::GateResult;
use crate::{Context, Gate};

pub struct HelmLint;

impl Gate for HelmLint {
    fn name(&self) -> &'static str {
        "helm-lint"
    }

    fn proves(&self) -> &'static str {
        "the Helm chart lints clean for every environment"
    }

    fn run(&self, ctx: &Context) -> GateResult {
        let helm = match deploy::need(self, "helm", deploy::INSTALL_HELM) {
            Ok(p) => p,
            Err(skipped) => return *skipped,
        };
        let chart = deploy::chart(ctx);
        if !chart.join("Chart.yaml").is_file() {
            return deploy::fail(self, format!("no chart at {}", chart.display()), "");
        }
        let mut evidence = String::new();
        let mut failed = Vec::new();
        for env in deploy::environments(ctx) {
            let ran = deploy::run_in(
                ctx,
                Command::new(&helm)
                    .args(["lint", "--strict"])
                    .arg(&chart)
                    .arg("--values")
                    .arg(deploy::values(ctx, &env)),
            );
            match ran {
                Ok(r) => {
                    evidence.push_str(&format!("$ helm lint --strict ({env})\n{}\n", r.output));
                    if !r.success {
                        failed.push(env);
                    }
                }
                Err(e) => return deploy::fail(self, e, evidence),
            }
        }
        if failed.is_empty() {
            deploy::pass(
                self,
                "helm lint --strict passes for every environment",
                evidence,
            )
        } else {
            deploy::fail(
                self,
                format!("helm lint fails for {}", failed.join(", ")),
                evidence,
            )
        }
    }
}
