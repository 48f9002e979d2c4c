//! `web-unit`: the web app's own unit tests (Vitest: the API client, the
//! form checks, the access rules, a form against a faked server).

use crate::report::{GateResult, Status};
use crate::{Context, Gate, tools};

use super::web;

pub struct WebUnit;

const NAME: &str = "web-unit";
const PROVES: &str = "the web app's unit tests pass (vitest run)";

impl Gate for WebUnit {
    fn name(&self) -> &'static str {
        NAME
    }

    fn proves(&self) -> &'static str {
        PROVES
    }

    fn run(&self, ctx: &Context) -> GateResult {
        let (web, npm) = match web::locate(&ctx.dir) {
            Ok(found) => found,
            Err(why) => return GateResult::new(NAME, PROVES, Status::Skipped, why, ""),
        };
        let fail = |summary: &str, evidence: String| {
            GateResult::new(NAME, PROVES, Status::Fail, summary, evidence)
        };
        if let Err(e) = web::install(&web, &npm) {
            return fail("npm ci failed", e);
        }
        let ran = match tools::run(web::bin(&web, "vitest").arg("run")) {
            Ok(r) => r,
            Err(e) => return fail("cannot run vitest", e.to_string()),
        };
        let tally = ran
            .output
            .lines()
            .find(|l| l.trim_start().starts_with("Tests"))
            .map(|l| l.trim().trim_start_matches("Tests").trim().to_owned())
            .unwrap_or_else(|| "no test summary".into());
        let status = if ran.success {
            Status::Pass
        } else {
            Status::Fail
        };
        GateResult::new(NAME, PROVES, status, format!("vitest: {tally}"), ran.output)
    }
}
