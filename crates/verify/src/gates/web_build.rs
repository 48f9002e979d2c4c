//! `web-build`: the web app installs from its lockfile, type-checks clean
//! (`tsc --noEmit`, so the client and the contracts agree) and builds
//! (`vite build`).

use crate::report::{GateResult, Status};
use crate::{Context, Gate, tools};

use super::web;

pub struct WebBuild;

const NAME: &str = "web-build";
const PROVES: &str =
    "the web app installs from its lockfile, type-checks (tsc --noEmit) and builds (vite build)";

impl Gate for WebBuild {
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
        build(&web, &npm)
    }
}

/// Installs and builds; shared with the visual gate, which needs `dist/`.
pub fn build(web: &std::path::Path, npm: &std::path::Path) -> GateResult {
    let fail = |summary: &str, evidence: String| {
        GateResult::new(NAME, PROVES, Status::Fail, summary, evidence)
    };
    let mut evidence = match web::install(web, npm) {
        Ok(out) => out,
        Err(e) => return fail("npm ci failed", e),
    };
    let tsc = match tools::run(web::bin(web, "tsc").arg("--noEmit")) {
        Ok(r) => r,
        Err(e) => return fail("cannot run tsc", e.to_string()),
    };
    evidence.push_str(&format!("$ tsc --noEmit\n{}", tsc.output));
    if !tsc.success {
        let errors = tsc
            .output
            .lines()
            .filter(|l| l.contains("error TS"))
            .count();
        return fail(&format!("tsc --noEmit: {errors} type error(s)"), evidence);
    }
    let vite = match tools::run(web::bin(web, "vite").arg("build")) {
        Ok(r) => r,
        Err(e) => return fail("cannot run vite", e.to_string()),
    };
    evidence.push_str(&format!("$ vite build\n{}", vite.output));
    if !vite.success {
        return fail("vite build failed", evidence);
    }
    let (files, bytes) = dist_size(&web.join("dist"));
    GateResult::new(
        NAME,
        PROVES,
        Status::Pass,
        format!(
            "tsc clean; vite build wrote {files} files, {} kB",
            bytes / 1024
        ),
        evidence,
    )
}

fn dist_size(dir: &std::path::Path) -> (usize, u64) {
    let mut files = 0;
    let mut bytes = 0;
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files += 1;
                bytes += entry.metadata().map(|m| m.len()).unwrap_or(0);
            }
        }
    }
    (files, bytes)
}
