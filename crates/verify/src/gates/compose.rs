//! `compose`: deploy/compose.yaml is a valid Compose file with the
//! configuration of .env.example (`docker-compose config -q`; no engine is
//! needed to check it).

use std::process::Command;

use super::deploy;
use crate::report::GateResult;
use crate::tools;
use crate::{Context, Gate};

pub struct Compose;

const INSTALL: &str = "apt-get install docker-compose, or Docker with the compose plugin";

impl Gate for Compose {
    fn name(&self) -> &'static str {
        "compose"
    }

    fn proves(&self) -> &'static str {
        "the compose file is valid"
    }

    fn run(&self, ctx: &Context) -> GateResult {
        // The standalone docker-compose, else the plugin of the docker CLI.
        let mut command = if let Some(p) = tools::find("docker-compose") {
            Command::new(p)
        } else if let Some(docker) = tools::find("docker").filter(|d| {
            Command::new(d)
                .args(["compose", "version"])
                .output()
                .is_ok_and(|o| o.status.success())
        }) {
            let mut c = Command::new(docker);
            c.arg("compose");
            c
        } else {
            return deploy::skipped(self, "docker-compose", INSTALL);
        };
        for file in ["deploy/compose.yaml", ".env.example"] {
            if !ctx.dir.join(file).is_file() {
                return deploy::fail(self, format!("{file} is missing"), "");
            }
        }
        command.args([
            "--env-file",
            ".env.example",
            "-f",
            "deploy/compose.yaml",
            "config",
            "-q",
        ]);
        match deploy::run_in(ctx, &mut command) {
            Ok(r) if r.success => deploy::pass(
                self,
                "deploy/compose.yaml is valid with .env.example",
                r.output,
            ),
            Ok(r) => deploy::fail(self, "deploy/compose.yaml is not valid", r.output),
            Err(e) => deploy::fail(self, e, ""),
        }
    }
}
