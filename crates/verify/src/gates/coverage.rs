//! `coverage`: line coverage of each crate by its tests is at least 80%,
//! measured by cargo-tarpaulin (ptrace engine: no llvm-tools needed).

use std::collections::BTreeMap;
use std::path::Path;

use super::cargo::{ADMIN_URL_VAR, cargo, crate_dirs, database, no_workspace};
use crate::report::{GateResult, Status};
use crate::{Context, Gate, tools};

pub struct Coverage;

const NAME: &str = "coverage";
const PROVES: &str = "line coverage of every service (and the platform crate) is at least 80%";
/// The least line coverage each crate must reach, in percent.
pub const THRESHOLD: f64 = 80.0;
const INSTALL: &str = "cargo install --locked cargo-tarpaulin --root \"$KEEL_TOOLS\"";

impl Gate for Coverage {
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
        let Some(tarpaulin) = tools::find("cargo-tarpaulin") else {
            return GateResult::new(
                NAME,
                PROVES,
                Status::Skipped,
                format!("cargo-tarpaulin is not installed: {INSTALL}"),
                "",
            );
        };
        let (cluster, url) = match database() {
            Ok(db) => db,
            Err(e) => return GateResult::new(NAME, PROVES, Status::Skipped, e, ""),
        };
        let out_dir = ctx.dir.join("target/coverage");
        let target = ctx
            .target_dir
            .clone()
            .unwrap_or_else(|| ctx.dir.join("target"))
            .join("tarpaulin");
        let mut command = cargo(ctx, &[]);
        command
            .arg("tarpaulin")
            .args([
                "--workspace",
                "--locked",
                "--skip-clean",
                "--engine",
                "ptrace",
            ])
            .args([
                "--exclude-files",
                "services/*/tests/*",
                "--out",
                "Json",
                "--output-dir",
            ])
            .arg(&out_dir)
            .arg("--target-dir")
            .arg(&target)
            .env(ADMIN_URL_VAR, &url);
        if let Some(bin) = tarpaulin.parent() {
            let path = std::env::var_os("PATH").unwrap_or_default();
            let mut dirs = vec![bin.to_path_buf()];
            dirs.extend(std::env::split_paths(&path));
            if let Ok(joined) = std::env::join_paths(dirs) {
                command.env("PATH", joined);
            }
        }
        let ran = tools::run(&mut command);
        let _ = cluster.stop();
        let ran = match ran {
            Ok(ran) => ran,
            Err(e) => {
                return GateResult::new(
                    NAME,
                    PROVES,
                    Status::Fail,
                    format!("cannot run cargo tarpaulin ({e})"),
                    "",
                );
            }
        };
        let report = out_dir.join("tarpaulin-report.json");
        let app = ctx.dir.canonicalize().unwrap_or_else(|_| ctx.dir.clone());
        let per_crate = match per_crate(&app, &report) {
            // A report that measured nothing proves nothing.
            Ok(per_crate) if ran.success && !per_crate.is_empty() => per_crate,
            Ok(_) | Err(_) => {
                return GateResult::new(
                    NAME,
                    PROVES,
                    Status::Fail,
                    "cargo tarpaulin failed",
                    ran.output,
                );
            }
        };
        let low: Vec<String> = per_crate
            .iter()
            .filter(|(_, pct)| **pct < THRESHOLD)
            .map(|(dir, pct)| format!("{dir} {pct:.1}%"))
            .collect();
        let table: Vec<String> = per_crate
            .iter()
            .map(|(dir, pct)| format!("{dir}: {pct:.1}%"))
            .collect();
        let evidence = format!("{}\n\n{}", table.join("\n"), ran.output);
        let mut result = if low.is_empty() {
            GateResult::new(
                NAME,
                PROVES,
                Status::Pass,
                format!("every crate ≥ {THRESHOLD}%: {}", table.join(", ")),
                evidence,
            )
        } else {
            GateResult::new(
                NAME,
                PROVES,
                Status::Fail,
                format!("below {THRESHOLD}%: {}", low.join(", ")),
                evidence,
            )
        };
        result
            .artifacts
            .push("target/coverage/tarpaulin-report.json".to_owned());
        result
    }
}

/// Line coverage in percent per crate folder, from tarpaulin's JSON report.
pub fn per_crate(app: &Path, report: &Path) -> Result<BTreeMap<String, f64>, String> {
    let text = std::fs::read_to_string(report).map_err(|e| e.to_string())?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let dirs = crate_dirs(app);
    let mut totals: BTreeMap<String, (u64, u64)> =
        dirs.iter().map(|d| (d.clone(), (0, 0))).collect();
    for file in json["files"].as_array().into_iter().flatten() {
        let path: Vec<&str> = file["path"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p.as_str())
            .collect();
        let path = path.join("/").replace("//", "/");
        let relative = path
            .strip_prefix(&format!("{}/", app.display()).replace("//", "/"))
            .map(str::to_owned)
            .unwrap_or(path.clone());
        let Some(dir) = dirs
            .iter()
            .find(|d| relative.starts_with(&format!("{d}/src/")))
        else {
            continue;
        };
        let entry = totals.entry(dir.clone()).or_default();
        entry.0 += file["covered"].as_u64().unwrap_or(0);
        entry.1 += file["coverable"].as_u64().unwrap_or(0);
    }
    if totals.values().all(|(_, coverable)| *coverable == 0) {
        return Ok(BTreeMap::new());
    }
    Ok(totals
        .into_iter()
        .map(|(dir, (covered, coverable))| {
            let pct = if coverable == 0 {
                0.0
            } else {
                100.0 * covered as f64 / coverable as f64
            };
            (dir, pct)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_is_summed_per_crate_folder() {
        let dir = tempfile::tempdir().unwrap();
        let app = dir.path().canonicalize().unwrap();
        for krate in ["platform", "services/a"] {
            std::fs::create_dir_all(app.join(krate)).unwrap();
            std::fs::write(app.join(krate).join("Cargo.toml"), "").unwrap();
        }
        let path = |rel: &str| -> Vec<String> {
            let mut parts = vec!["/".to_owned()];
            parts.extend(
                app.join(rel)
                    .iter()
                    .skip(1)
                    .map(|p| p.to_string_lossy().into_owned()),
            );
            parts
        };
        let report = serde_json::json!({"files": [
            {"path": path("platform/src/lib.rs"), "covered": 9, "coverable": 10},
            {"path": path("services/a/src/lib.rs"), "covered": 1, "coverable": 4},
            {"path": path("services/a/src/main.rs"), "covered": 3, "coverable": 4},
        ]});
        let file = app.join("report.json");
        std::fs::write(&file, report.to_string()).unwrap();
        let per = per_crate(&app, &file).unwrap();
        assert_eq!(per["platform"], 90.0);
        assert_eq!(per["services/a"], 50.0);
        std::fs::write(&file, r#"{"files": []}"#).unwrap();
        assert!(per_crate(&app, &file).unwrap().is_empty());
    }
}
