//! `cargo-build`: the services compile, from the locked dependency set.

use super::cargo::{cargo, no_workspace, verdict};
use crate::report::GateResult;
use crate::{Context, Gate};

pub struct CargoBuild;

const NAME: &str = "cargo-build";
const PROVES: &str = "every service and its tests compile from the locked dependency set";

impl Gate for CargoBuild {
    fn name(&self) -> &'static str {
        NAME
    }

    fn proves(&self) -> &'static str {
        PROVES
    }

    fn run(&self, ctx: &Context) -> GateResult {
        if let Some(skipped) = no_workspace(ctx, NAME, PROVES) {
            return skipped;
        }
        let command = cargo(ctx, &["build", "--locked", "--workspace", "--all-targets"]);
        verdict(
            NAME,
            PROVES,
            command,
            "cargo build --locked: ok",
            "cargo build failed",
        )
    }
}
