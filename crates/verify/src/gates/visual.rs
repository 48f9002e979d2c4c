//! `visual`: the web app works for a person, in a real browser. Starts the
//! system (`keel up`, or `KEEL_BASE_URL`), runs the app's end-to-end journey
//! (`web/tests/e2e/journey.mjs`: playwright-core driving Debian's Chromium)
//! which screenshots every page at desktop and phone widths and records
//! console errors and failed requests, then compares each screenshot with
//! its baseline in `web/tests/visual/baselines/` within a tolerance. A
//! missing baseline is recorded from this run, and the summary says so.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use serde::Deserialize;

use crate::pixels::{Comparison, compare};
use crate::report::{GateResult, Status};
use crate::system::{StartError, System};
use crate::{Context, Gate, tools};

use super::{web, web_build};

pub struct Visual;

const NAME: &str = "visual";
const PROVES: &str = "every page works in Chromium (no console error, no failed request) and matches its screenshots";
/// Where screenshots of this run go, relative to the app.
pub const OUTPUT: &str = "web/tests/visual/output";
pub const BASELINES: &str = "web/tests/visual/baselines";
/// Share of pixels a screenshot may differ from its baseline.
const DEFAULT_TOLERANCE: f64 = 0.02;

#[derive(Debug, Deserialize)]
struct Results {
    #[serde(default)]
    steps: Vec<Step>,
    #[serde(default)]
    pages: Vec<Page>,
    #[serde(rename = "consoleErrors", default)]
    console_errors: Vec<serde_json::Value>,
    #[serde(rename = "failedRequests", default)]
    failed_requests: Vec<serde_json::Value>,
    #[serde(default)]
    entity: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Step {
    name: String,
    ok: bool,
    #[serde(default)]
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Page {
    name: String,
    path: String,
    #[serde(default)]
    desktop: Option<String>,
    #[serde(default)]
    phone: Option<String>,
}

fn chromium() -> Option<std::path::PathBuf> {
    std::env::var_os("CHROMIUM")
        .map(Into::into)
        .or_else(|| tools::find("chromium"))
        .or_else(|| tools::find("chromium-browser"))
}

fn tolerance() -> f64 {
    std::env::var("KEEL_VISUAL_TOLERANCE")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(DEFAULT_TOLERANCE)
}

impl Gate for Visual {
    fn name(&self) -> &'static str {
        NAME
    }

    fn proves(&self) -> &'static str {
        PROVES
    }

    fn run(&self, ctx: &Context) -> GateResult {
        let skip = |summary: String| GateResult::new(NAME, PROVES, Status::Skipped, summary, "");
        let fail = |summary: String, evidence: String| {
            GateResult::new(NAME, PROVES, Status::Fail, summary, evidence)
        };
        let (web, npm) = match web::locate(&ctx.dir) {
            Ok(found) => found,
            Err(why) => return GateResult::new(NAME, PROVES, Status::Skipped, why, ""),
        };
        let Some(node) = tools::find("node") else {
            return skip("node is not installed".into());
        };
        let Some(chromium) = chromium() else {
            return skip("Chromium is not installed (apt-get install chromium)".into());
        };
        if !web.join("dist/index.html").is_file() {
            let built = web_build::build(&web, &npm);
            if built.status != Status::Pass {
                return fail(
                    format!("the web app does not build: {}", built.summary),
                    built.evidence,
                );
            }
        } else if let Err(e) = web::install(&web, &npm) {
            return fail("npm ci failed".into(), e);
        }
        let system = match System::start(&ctx.dir) {
            Ok(s) => s,
            Err(StartError::Unavailable(why)) => {
                return skip(format!("cannot run the system: {why}"));
            }
            Err(StartError::Failed(why)) => return fail("the system did not start".into(), why),
        };
        let out =
            std::path::absolute(ctx.dir.join(OUTPUT)).unwrap_or_else(|_| ctx.dir.join(OUTPUT));
        let _ = std::fs::remove_dir_all(&out);
        let ran = tools::run(
            Command::new(&node)
                .arg("tests/e2e/journey.mjs")
                .arg("--base-url")
                .arg(&system.url)
                .arg("--out")
                .arg(&out)
                .arg("--chromium")
                .arg(&chromium)
                .current_dir(&web),
        );
        let system_log = system.output();
        drop(system);
        let ran = match ran {
            Ok(r) => r,
            Err(e) => return fail("cannot run the journey".into(), e.to_string()),
        };
        let results: Results = match std::fs::read_to_string(out.join("results.json"))
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
        {
            Ok(r) => r,
            Err(e) => {
                return fail(
                    format!("the journey wrote no results ({e})"),
                    format!("{}\n{system_log}", ran.output),
                );
            }
        };
        judge(&ctx.dir, &results, &ran.output)
    }
}

fn judge(dir: &Path, results: &Results, journey_output: &str) -> GateResult {
    let tolerance = tolerance();
    let baselines = dir.join(BASELINES);
    let mut evidence = String::new();
    let mut artifacts = Vec::new();
    let (mut matched, mut recorded, mut mismatched) = (0, Vec::new(), Vec::new());
    let mut worst: f64 = 0.0;
    let _ = writeln!(evidence, "{}", journey_output.trim_end());
    let _ = writeln!(evidence, "\npage | width | path | baseline");
    for page in &results.pages {
        for file in [&page.desktop, &page.phone].into_iter().flatten() {
            let shot = dir.join(OUTPUT).join(file);
            artifacts.push(format!("{OUTPUT}/{file}"));
            let baseline = baselines.join(file);
            let verdict = if baseline.is_file() {
                match compare(&baseline, &shot) {
                    Ok(Comparison::Diff(d)) if d <= tolerance => {
                        matched += 1;
                        worst = worst.max(d);
                        format!("matches ({:.2}% differs)", d * 100.0)
                    }
                    Ok(Comparison::Diff(d)) => {
                        mismatched.push(file.clone());
                        format!(
                            "DIFFERS: {:.2}% of pixels (tolerance {:.2}%)",
                            d * 100.0,
                            tolerance * 100.0
                        )
                    }
                    Ok(Comparison::Size { baseline, actual }) => {
                        mismatched.push(file.clone());
                        format!(
                            "DIFFERS: size {}x{} vs baseline {}x{}",
                            actual.0, actual.1, baseline.0, baseline.1
                        )
                    }
                    Err(e) => {
                        mismatched.push(file.clone());
                        format!("cannot compare: {e}")
                    }
                }
            } else {
                let copied = std::fs::create_dir_all(&baselines)
                    .and_then(|_| std::fs::copy(&shot, &baseline));
                match copied {
                    Ok(_) => {
                        recorded.push(file.clone());
                        "recorded as the new baseline".to_owned()
                    }
                    Err(e) => {
                        mismatched.push(file.clone());
                        format!("cannot record the baseline: {e}")
                    }
                }
            };
            let width = if Some(file) == page.desktop.as_ref() {
                "1280x800"
            } else {
                "390x844"
            };
            let _ = writeln!(
                evidence,
                "{} | {width} | {} | {verdict}",
                page.name, page.path
            );
        }
    }
    for e in &results.console_errors {
        let _ = writeln!(evidence, "console error: {e}");
    }
    for r in &results.failed_requests {
        let _ = writeln!(evidence, "failed request: {r}");
    }
    let failed_steps: Vec<String> = results
        .steps
        .iter()
        .filter(|s| !s.ok)
        .map(|s| format!("{} ({})", s.name, s.error.as_deref().unwrap_or("failed")))
        .collect();
    let shots = artifacts.len();
    let mut summary = format!(
        "{}/{} journey steps, {} pages ({shots} screenshots at 1280x800 and 390x844), {} console errors, {} failed requests",
        results.steps.iter().filter(|s| s.ok).count(),
        results.steps.len(),
        results.pages.len(),
        results.console_errors.len(),
        results.failed_requests.len(),
    );
    match &results.entity {
        Some(e) => {
            let _ = write!(summary, "; created, edited and deleted a {e}");
        }
        None => summary.push_str("; no entity a new user may create"),
    }
    if matched > 0 {
        let _ = write!(
            summary,
            "; {matched} match their baselines (worst {:.2}%)",
            worst * 100.0
        );
    }
    if !recorded.is_empty() {
        let _ = write!(
            summary,
            "; {} baselines recorded (first run: nothing to compare)",
            recorded.len()
        );
    }
    if !mismatched.is_empty() {
        let _ = write!(
            summary,
            "; {} differ from their baselines",
            mismatched.len()
        );
    }
    let ok = failed_steps.is_empty()
        && results.console_errors.is_empty()
        && results.failed_requests.is_empty()
        && mismatched.is_empty()
        && !results.steps.is_empty();
    if !failed_steps.is_empty() {
        summary = format!("journey failed at {}; {summary}", failed_steps.join(", "));
    }
    let mut result = GateResult::new(
        NAME,
        PROVES,
        if ok { Status::Pass } else { Status::Fail },
        summary,
        evidence,
    );
    result.artifacts = artifacts;
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(path: &Path, shade: u8) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let file = std::fs::File::create(path).unwrap();
        let mut enc = png::Encoder::new(std::io::BufWriter::new(file), 4, 4);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.write_header()
            .unwrap()
            .write_image_data(&[shade; 48])
            .unwrap();
    }

    fn results(console: usize) -> Results {
        Results {
            steps: vec![Step {
                name: "home".into(),
                ok: true,
                error: None,
            }],
            pages: vec![Page {
                name: "home".into(),
                path: "/".into(),
                desktop: Some("home-desktop.png".into()),
                phone: None,
            }],
            console_errors: (0..console)
                .map(|_| serde_json::json!({"text": "boom"}))
                .collect(),
            failed_requests: vec![],
            entity: None,
        }
    }

    #[test]
    fn records_then_compares_baselines() {
        let dir = tempfile::tempdir().unwrap();
        png(&dir.path().join(OUTPUT).join("home-desktop.png"), 255);
        let first = judge(dir.path(), &results(0), "");
        assert_eq!(first.status, Status::Pass, "{}", first.summary);
        assert!(
            first.summary.contains("1 baselines recorded"),
            "{}",
            first.summary
        );
        assert!(
            dir.path()
                .join(BASELINES)
                .join("home-desktop.png")
                .is_file()
        );

        let second = judge(dir.path(), &results(0), "");
        assert!(
            second.summary.contains("1 match their baselines"),
            "{}",
            second.summary
        );

        png(&dir.path().join(OUTPUT).join("home-desktop.png"), 0);
        let changed = judge(dir.path(), &results(0), "");
        assert_eq!(changed.status, Status::Fail);
        assert!(changed.summary.contains("1 differ"), "{}", changed.summary);
        assert_eq!(
            changed.artifacts,
            vec![format!("{OUTPUT}/home-desktop.png")]
        );
    }

    #[test]
    fn a_console_error_fails_the_gate() {
        let dir = tempfile::tempdir().unwrap();
        png(&dir.path().join(OUTPUT).join("home-desktop.png"), 255);
        let r = judge(dir.path(), &results(1), "");
        assert_eq!(r.status, Status::Fail);
        assert!(r.evidence.contains("console error"), "{}", r.evidence);
    }
}
