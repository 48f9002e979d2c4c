//! `coverage`: line coverage of each crate by its tests is at least 80%,
//! measured with LLVM's source-based coverage: the tests run built with
//! `-C instrument-coverage`, then `llvm-profdata` merges the profiles and
//! `llvm-cov export` counts the lines. The LLVM tools come from rustup's
//! `llvm-tools` component, or from the distribution's LLVM of the same major
//! version as rustc's — nothing to compile, which keeps CI fast.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::cargo::{ADMIN_URL_VAR, cargo, crate_dirs, database, no_workspace};
use crate::report::{GateResult, Status};
use crate::{Context, Gate, tools};

pub struct Coverage;

const NAME: &str = "coverage";
const PROVES: &str = "line coverage of every service (and the platform crate) is at least 80%";
/// The least line coverage each crate must reach, in percent.
pub const THRESHOLD: f64 = 80.0;

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
        let Some(llvm) = LlvmTools::find() else {
            return GateResult::new(NAME, PROVES, Status::Skipped, LlvmTools::install_hint(), "");
        };
        let (cluster, url) = match database() {
            Ok(db) => db,
            Err(e) => return GateResult::new(NAME, PROVES, Status::Skipped, e, ""),
        };
        let result = measure(ctx, &llvm, &url);
        let _ = cluster.stop();
        result
    }
}

fn fail(summary: impl Into<String>, evidence: impl Into<String>) -> GateResult {
    GateResult::new(NAME, PROVES, Status::Fail, summary, evidence)
}

fn measure(ctx: &Context, llvm: &LlvmTools, url: &str) -> GateResult {
    let app = ctx.dir.canonicalize().unwrap_or_else(|_| ctx.dir.clone());
    let out_dir = app.join("target/coverage");
    let profiles = out_dir.join("profiles");
    let _ = std::fs::remove_dir_all(&profiles);
    if let Err(e) = std::fs::create_dir_all(&profiles) {
        return fail(format!("cannot create {}: {e}", profiles.display()), "");
    }
    // Instrumented artifacts live apart from the normal build, so the two
    // never rebuild each other.
    let target = ctx
        .target_dir
        .clone()
        .unwrap_or_else(|| app.join("target"))
        .join("coverage");
    let rustflags = format!(
        "{} -C instrument-coverage",
        std::env::var("RUSTFLAGS").unwrap_or_default()
    );
    let instrumented = |args: &[&str]| -> Command {
        let mut command = cargo(ctx, args);
        command
            .env("CARGO_TARGET_DIR", &target)
            .env("RUSTFLAGS", rustflags.trim())
            .env("LLVM_PROFILE_FILE", profiles.join("%p-%m.profraw"))
            .env(ADMIN_URL_VAR, url);
        command
    };

    let mut build = instrumented(&[
        "test",
        "--workspace",
        "--locked",
        "--no-run",
        "--message-format=json-render-diagnostics",
    ]);
    let objects = match build.output() {
        Ok(out) if out.status.success() => executables(&String::from_utf8_lossy(&out.stdout)),
        Ok(out) => {
            return fail(
                "the instrumented build failed",
                String::from_utf8_lossy(&out.stderr).into_owned(),
            );
        }
        Err(e) => return fail(format!("cannot run cargo ({e})"), ""),
    };
    if objects.is_empty() {
        return fail("the instrumented build produced no test executable", "");
    }
    // Build scripts are instrumented too; only the tests' profiles count.
    let _ = std::fs::remove_dir_all(&profiles);
    let _ = std::fs::create_dir_all(&profiles);
    let tests = match tools::run(&mut instrumented(&[
        "test",
        "--workspace",
        "--locked",
        "--no-fail-fast",
    ])) {
        Ok(ran) => ran,
        Err(e) => return fail(format!("cannot run cargo test ({e})"), ""),
    };
    if !tests.success {
        return fail("the tests failed under coverage", tests.output);
    }

    let raw: Vec<PathBuf> = std::fs::read_dir(&profiles)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "profraw"))
        .collect();
    if raw.is_empty() {
        return fail("the tests wrote no coverage profile", tests.output);
    }
    let merged = out_dir.join("coverage.profdata");
    let mut merge = Command::new(&llvm.profdata);
    merge
        .args(["merge", "-sparse", "-o"])
        .arg(&merged)
        .args(&raw);
    match tools::run(&mut merge) {
        Ok(ran) if ran.success => {}
        Ok(ran) => return fail("llvm-profdata merge failed", ran.output),
        Err(e) => return fail(format!("cannot run llvm-profdata ({e})"), ""),
    }
    let mut export = Command::new(&llvm.cov);
    export
        .args(["export", "-format=text", "-summary-only"])
        .arg(format!("-instr-profile={}", merged.display()))
        .arg("-ignore-filename-regex=(/\\.cargo/|/rustc/|/tests/)")
        .arg(&objects[0]);
    for object in &objects[1..] {
        export.arg("-object").arg(object);
    }
    let exported = match export.output() {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).into_owned(),
        Ok(out) => {
            return fail(
                "llvm-cov export failed",
                String::from_utf8_lossy(&out.stderr).into_owned(),
            );
        }
        Err(e) => return fail(format!("cannot run llvm-cov ({e})"), ""),
    };
    let report = out_dir.join("coverage.json");
    let _ = std::fs::write(&report, &exported);

    let per_crate = match per_crate(&app, &exported) {
        // A report that measured nothing proves nothing.
        Ok(per) if !per.is_empty() => per,
        Ok(_) => {
            return fail(
                "the coverage report holds no line of the app's crates",
                exported,
            );
        }
        Err(e) => return fail(format!("cannot read llvm-cov's report: {e}"), ""),
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
    let evidence = format!("{}\n\n{}", table.join("\n"), tests.output);
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
        .push("target/coverage/coverage.json".to_owned());
    result
}

/// Executables cargo reported building (test harnesses and binaries).
fn executables(messages: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = messages
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|m| m["reason"] == "compiler-artifact")
        .filter_map(|m| m["executable"].as_str().map(PathBuf::from))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The LLVM tools that read rustc's coverage profiles.
struct LlvmTools {
    profdata: PathBuf,
    cov: PathBuf,
}

/// rustc's host triple and the major version of its LLVM (`rustc -vV`).
fn rustc_host_and_llvm() -> Option<(String, String)> {
    let out = Command::new("rustc").arg("-vV").output().ok()?;
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_owned())
    };
    let host = field("host:")?;
    let major = field("LLVM version:")?.split('.').next()?.to_owned();
    Some((host, major))
}

impl LlvmTools {
    fn find() -> Option<Self> {
        let (host, major) = rustc_host_and_llvm()?;
        // rustup's llvm-tools component: always the same LLVM as rustc.
        if let Ok(out) = Command::new("rustc").args(["--print", "sysroot"]).output() {
            let bin = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
                .join("lib/rustlib")
                .join(&host)
                .join("bin");
            let (profdata, cov) = (bin.join("llvm-profdata"), bin.join("llvm-cov"));
            if profdata.is_file() && cov.is_file() {
                return Some(LlvmTools { profdata, cov });
            }
        }
        // The distribution's LLVM, when its major version matches.
        let versioned = |tool: &str| -> Option<PathBuf> {
            tools::find(&format!("{tool}-{major}")).or_else(|| {
                let p = Path::new("/usr/lib")
                    .join(format!("llvm-{major}"))
                    .join("bin")
                    .join(tool);
                p.is_file().then_some(p)
            })
        };
        Some(LlvmTools {
            profdata: versioned("llvm-profdata")?,
            cov: versioned("llvm-cov")?,
        })
    }

    fn install_hint() -> String {
        let major = rustc_host_and_llvm()
            .map(|(_, major)| major)
            .unwrap_or_else(|| "<rustc's LLVM major>".to_owned());
        format!(
            "LLVM's coverage tools are not installed: `rustup component add llvm-tools` (or `apt-get install llvm-{major}`)"
        )
    }
}

/// Line coverage in percent per crate folder, from `llvm-cov export`'s JSON.
pub fn per_crate(app: &Path, exported: &str) -> Result<BTreeMap<String, f64>, String> {
    let json: serde_json::Value = serde_json::from_str(exported).map_err(|e| e.to_string())?;
    let dirs = crate_dirs(app);
    let prefix = format!("{}/", app.display());
    let mut totals: BTreeMap<String, (u64, u64)> =
        dirs.iter().map(|d| (d.clone(), (0, 0))).collect();
    for file in json["data"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|d| d["files"].as_array().into_iter().flatten())
    {
        let path = file["filename"].as_str().unwrap_or_default();
        let relative = path.strip_prefix(&prefix).unwrap_or(path);
        let Some(dir) = dirs
            .iter()
            .find(|d| relative.starts_with(&format!("{d}/src/")))
        else {
            continue;
        };
        let lines = &file["summary"]["lines"];
        let entry = totals.entry(dir.clone()).or_default();
        entry.0 += lines["covered"].as_u64().unwrap_or(0);
        entry.1 += lines["count"].as_u64().unwrap_or(0);
    }
    if totals.values().all(|(_, count)| *count == 0) {
        return Ok(BTreeMap::new());
    }
    Ok(totals
        .into_iter()
        .map(|(dir, (covered, count))| {
            (
                dir,
                if count == 0 {
                    0.0
                } else {
                    100.0 * covered as f64 / count as f64
                },
            )
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
        let file = |rel: &str, covered: u64, count: u64| {
            serde_json::json!({
                "filename": app.join(rel).display().to_string(),
                "summary": {"lines": {"covered": covered, "count": count}}
            })
        };
        let report = serde_json::json!({"data": [{"files": [
            file("platform/src/lib.rs", 9, 10),
            file("services/a/src/lib.rs", 1, 4),
            file("services/a/src/main.rs", 3, 4),
            file("services/a/tests/api.rs", 0, 100),
        ]}]});
        let per = per_crate(&app, &report.to_string()).unwrap();
        assert_eq!(per["platform"], 90.0);
        assert_eq!(per["services/a"], 50.0);
        assert!(
            per_crate(&app, r#"{"data": [{"files": []}]}"#)
                .unwrap()
                .is_empty()
        );
        assert!(per_crate(&app, "not json").is_err());
    }

    #[test]
    fn reads_the_executables_cargo_built() {
        let messages = concat!(
            r#"{"reason":"compiler-artifact","executable":"/t/debug/deps/api-1"}"#,
            "\n",
            r#"{"reason":"compiler-artifact","executable":null}"#,
            "\n",
            r#"{"reason":"build-finished","success":true}"#,
        );
        assert_eq!(
            executables(messages),
            vec![PathBuf::from("/t/debug/deps/api-1")]
        );
    }
}
