//! The `keel` binary as a user meets it: exit codes, messages, and what is
//! (not) written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn keel(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_keel"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn example(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
        .join("keel.yaml")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every file under `dir` (but `.keel/`, the run log) with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(root).unwrap().display().to_string();
            if rel == ".keel" {
                continue;
            }
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn app_dir(example_name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example(example_name), dir.path().join("keel.yaml")).unwrap();
    dir
}

#[test]
fn check_accepts_every_example() {
    for name in ["recipes", "projects", "marketplace", "blog"] {
        let out = keel(&["check", example(name).to_str().unwrap()]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        assert!(stderr(&out).contains(": ok"), "{name}: {}", stderr(&out));
    }
}

#[test]
fn check_rejects_a_broken_blueprint_with_located_messages_and_exit_2() {
    let dir = app_dir("recipes");
    let path = dir.path().join("keel.yaml");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "references: { recipe: Recipe }",
        "references: { recipe: Recipy }",
    );
    std::fs::write(&path, text).unwrap();
    let out = keel(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("keel.yaml:55:27: error[unknown-entity]"),
        "{err}"
    );
    assert!(err.contains("did you mean `Recipe`?"), "{err}");

    let out = keel(&["check", "--json", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["ok"], false);
    assert_eq!(json["diagnostics"][0]["line"], 55);
    assert_eq!(json["diagnostics"][0]["code"], "unknown-entity");
}

#[test]
fn a_missing_file_is_bad_input() {
    let out = keel(&["check", "/nonexistent/keel.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read"));
}

#[test]
fn generate_writes_nothing_for_an_invalid_blueprint() {
    let dir = app_dir("recipes");
    let path = dir.path().join("keel.yaml");
    std::fs::write(&path, "keel: 1\napp: broken\nservices: {}\n").unwrap();
    let before = tree(dir.path());
    let out = keel(&["generate", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nothing was written"));
    assert_eq!(tree(dir.path()), before);
    assert!(!dir.path().join(".keel").exists());
}

#[test]
fn generate_is_deterministic() {
    for name in ["recipes", "projects"] {
        let (a, b) = (app_dir(name), app_dir(name));
        for d in [&a, &b] {
            let out = keel(&["generate", d.path().to_str().unwrap()]);
            assert!(out.status.success(), "{}", stderr(&out));
        }
        let (ta, tb) = (tree(a.path()), tree(b.path()));
        assert!(ta.len() > 2);
        assert_eq!(ta, tb, "{name}: two generations differ");
    }
}

/// A transition no caller may take (`by: nobody`: a job or a webhook moves
/// the row) has no endpoint; every agent must agree on that, or the web
/// app looks for a route the contract does not have.
#[test]
fn a_transition_by_nobody_has_no_endpoint_anywhere() {
    let dir = app_dir("marketplace");
    let path = dir.path().join("keel.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replace(
        "fail: { from: pending, to: failed, by: admin }",
        "fail: { from: pending, to: failed, by: nobody }",
    );
    assert_ne!(edited, text);
    std::fs::write(&path, edited).unwrap();
    let out = keel(&["generate", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let files = tree(dir.path());
    let text_of = |name: &str| String::from_utf8(files[name].clone()).unwrap();
    for (name, text) in &files {
        let text = String::from_utf8_lossy(text);
        assert!(
            !text.contains("payments/{id}/fail"),
            "{name} names the endpoint"
        );
    }
    assert!(text_of("docs/ARCHITECTURE.md").contains("none: only the system takes it"));
    assert!(
        text_of("docs/BACKLOG.md")
            .contains("no endpoint moves a payment from `pending` to `failed`")
    );
    // (no button for it in the web app's task, and no access-matrix row)
    assert!(text_of("docs/BACKLOG.md").contains("`succeed` and `refund` are buttons"));
    assert!(!text_of("docs/BACKLOG.md").contains("; fail: "));
    // (the other transitions keep theirs)
    assert!(text_of("docs/ARCHITECTURE.md").contains("payments/{id}/succeed"));
}

#[test]
fn generate_keeps_user_edits_and_logs_every_run() {
    let dir = app_dir("recipes");
    let d = dir.path().to_str().unwrap();
    assert!(keel(&["generate", d]).status.success());
    let lock = std::fs::read_to_string(dir.path().join("keel.lock")).unwrap();
    assert!(lock.contains("db/cookbook/0001_init.sql"));

    // A second run changes nothing.
    let out = keel(&["generate", "--json", d]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["written"].as_array().unwrap().len(), 0);

    // An edited file is not overwritten without --force, and nothing else is written either.
    let sql = dir.path().join("db/cookbook/0001_init.sql");
    std::fs::write(&sql, "-- mine\n").unwrap();
    let keel_yaml = dir.path().join("keel.yaml");
    let changed = std::fs::read_to_string(&keel_yaml)
        .unwrap()
        .replace("max: 200, required: true", "max: 250, required: true");
    std::fs::write(&keel_yaml, changed).unwrap();
    let out = keel(&["generate", d]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("db/cookbook/0001_init.sql"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&sql).unwrap(), "-- mine\n");
    assert!(keel(&["generate", "--force", d]).status.success());
    assert!(
        std::fs::read_to_string(&sql)
            .unwrap()
            .contains("varchar(250)")
    );

    let log = std::fs::read_to_string(dir.path().join(".keel/events.jsonl")).unwrap();
    let events: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        events
            .iter()
            .any(|e| e["event"] == "agent_finished" && e["agent"] == "database")
    );
    assert_eq!(
        events
            .iter()
            .filter(|e| e["event"] == "run_finished")
            .count(),
        3,
        "one per successful run"
    );
    assert!(
        events
            .iter()
            .all(|e| e["at"].as_str().is_some_and(|t| t.ends_with('Z')))
    );
}

#[test]
fn schema_is_valid_json_schema_that_accepts_the_examples() {
    let out = keel(&["schema"]);
    assert!(out.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(schema["title"], "keel blueprint");
    assert!(schema["properties"]["entities"].is_object());
}

#[test]
fn every_command_has_help() {
    for cmd in [
        vec!["--help"],
        vec!["check", "--help"],
        vec!["generate", "--help"],
        vec!["schema", "--help"],
        vec!["agents", "--help"],
        vec!["verify", "--help"],
    ] {
        let out = keel(&cmd);
        assert!(out.status.success(), "{cmd:?}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Usage"),
            "{cmd:?}"
        );
    }
    assert_eq!(keel(&["no-such-command"]).status.code(), Some(2));
}
