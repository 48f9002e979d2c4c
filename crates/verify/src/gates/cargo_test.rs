//! `cargo-test`: the services' own tests pass against a real PostgreSQL.

use super::cargo::{ADMIN_URL_VAR, cargo, database, no_workspace, test_counts};
use crate::report::{GateResult, Status};
use crate::{Context, Gate, tools};

pub struct CargoTest;

const NAME: &str = "cargo-test";
const PROVES: &str = "unit and integration tests (CRUD, validation, access matrix, auth) pass against a real PostgreSQL";

impl Gate for CargoTest {
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
        let (cluster, url) = match database() {
            Ok(db) => db,
            Err(e) => {
                return GateResult::new(
                    NAME,
                    PROVES,
                    Status::Skipped,
                    format!("{e}; install PostgreSQL 15 (apt-get install postgresql-15)"),
                    "",
                );
            }
        };
        let mut command = cargo(ctx, &["test", "--locked", "--workspace", "--no-fail-fast"]);
        command.env(ADMIN_URL_VAR, &url);
        let result = tools::run(&mut command);
        let _ = cluster.stop();
        match result {
            Ok(ran) => {
                let (passed, failed) = test_counts(&ran.output);
                let status = if ran.success && passed > 0 && failed == 0 {
                    Status::Pass
                } else {
                    Status::Fail
                };
                GateResult::new(
                    NAME,
                    PROVES,
                    status,
                    format!("{passed} passed, {failed} failed"),
                    ran.output,
                )
            }
            Err(e) => GateResult::new(
                NAME,
                PROVES,
                Status::Skipped,
                format!("cannot run cargo ({e})"),
                "",
            ),
        }
    }
}
