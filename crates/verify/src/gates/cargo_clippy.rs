//! `cargo-clippy`: the generated code is formatted and lint-clean.

use super::cargo::{cargo, no_workspace, verdict};
use crate::report::{GateResult, Status};
use crate::{Context, Gate, tools};

pub struct CargoClippy;

const NAME: &str = "cargo-clippy";
const PROVES: &str = "the code is rustfmt-formatted and clippy -D warnings clean";

impl Gate for CargoClippy {
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
        let fmt = cargo(ctx, &["fmt", "--all", "--", "--check"]);
        let formatted = verdict(
            NAME,
            PROVES,
            fmt,
            "formatted",
            "cargo fmt --check found differences",
        );
        if formatted.status != Status::Pass {
            return formatted;
        }
        let mut clippy = cargo(
            ctx,
            &[
                "clippy",
                "--locked",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        );
        match tools::run(&mut clippy) {
            Ok(ran) if ran.success => GateResult::new(
                NAME,
                PROVES,
                Status::Pass,
                "cargo fmt --check and cargo clippy -D warnings: clean",
                ran.output,
            ),
            Ok(ran) => GateResult::new(
                NAME,
                PROVES,
                Status::Fail,
                "clippy found problems",
                ran.output,
            ),
            Err(e) => GateResult::new(
                NAME,
                PROVES,
                Status::Skipped,
                format!("cannot run cargo clippy ({e}); `rustup component add clippy rustfmt`"),
                "",
            ),
        }
    }
}
