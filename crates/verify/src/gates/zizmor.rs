//! `zizmor`: the workflows have no security finding (offline audits:
//! pinning, permissions, injection, credential persistence, cache poisoning…).

use std::process::Command;

use super::deploy;
use crate::report::GateResult;
use crate::{Context, Gate};

pub struct Zizmor;

impl Gate for Zizmor {
    fn name(&self) -> &'static str {
        "zizmor"
    }

    fn proves(&self) -> &'static str {
        "the workflows have no security findings"
    }

    fn run(&self, ctx: &Context) -> GateResult {
        let zizmor = match deploy::need(self, "zizmor", "pip install zizmor") {
            Ok(p) => p,
            Err(skipped) => return *skipped,
        };
        if !ctx.dir.join(".github/workflows").is_dir() {
            return deploy::fail(self, "no .github/workflows/", "");
        }
        let ran = deploy::run_in(
            ctx,
            Command::new(zizmor)
                .args(["--offline", "--no-progress", "--color", "never", ".github"])
                .env("NO_COLOR", "1"),
        );
        match ran {
            // zizmor exits non-zero when it has a finding (10 + severity).
            Ok(r) if r.success => deploy::pass(self, "no findings (offline audits)", r.output),
            Ok(r) => deploy::fail(
                self,
                r.output
                    .lines()
                    .find(|l| l.contains(" findings"))
                    .unwrap_or("zizmor reported findings")
                    .trim()
                    .to_owned(),
                r.output,
            ),
            Err(e) => deploy::fail(self, e, ""),
        }
    }
}
