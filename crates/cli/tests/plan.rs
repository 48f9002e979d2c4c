//! `keel plan` and `keel new` as a user runs them.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};

const RECIPES: &str = "A recipe sharing app. Users post recipes with a title, photo, ingredients and numbered steps. Other users can comment on recipes, rate them from 1 to 5 stars and follow the authors they like. Admins can remove offensive comments.";

fn keel(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_keel"))
        .args(args)
        .env_remove("KEEL_LLM_API_KEY")
        .env_remove("KEEL_LLM_MODEL")
        .env_remove("KEEL_LLM_BASE_URL")
        .env_remove("KEEL_LLM_PROVIDER")
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn check_ok(dir: &Path) {
    let o = keel(&["check", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn plan_writes_a_checked_blueprint_and_a_review() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("recipes");
    let o = keel(&["plan", RECIPES, "-o", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    check_ok(&dir);
    assert!(dir.join("keel.lock").exists());
    assert!(!dir.join(".keel.yaml.keel-tmp").exists());
    let out = text(&o);
    assert!(
        out.contains("Recipe") && out.contains("roles: admin"),
        "{out}"
    );
}

#[test]
fn plan_refuses_to_overwrite_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("keel.yaml"), "mine\n").unwrap();
    let o = keel(&["plan", RECIPES, "-o", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(dir.join("keel.yaml")).unwrap(),
        "mine\n"
    );
    let o = keel(&["plan", RECIPES, "-o", dir.to_str().unwrap(), "--force"]);
    assert!(o.status.success(), "{}", text(&o));
    check_ok(dir);
}

#[test]
fn summary_json_prints_one_object_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_keel"))
        .args(["plan", "--summary-json", RECIPES])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(o.status.success());
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert_eq!(stdout.trim().lines().count(), 1);
    let v: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    for key in ["entities", "relations", "roles", "capabilities"] {
        assert!(v[key].is_array(), "{key}");
    }
    assert!(
        v["relations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == &serde_json::json!(["Ingredient", "Recipe"]))
    );
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn a_description_may_start_with_a_dash() {
    // Bullet lists are a common way to write a description down.
    let o = keel(&[
        "plan",
        "--summary-json",
        "- recipes with ingredients\n- members rate recipes from 1 to 5 stars",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let entities = v["entities"].as_array().unwrap();
    assert!(entities.contains(&serde_json::json!("Recipe")), "{v}");
}

#[test]
fn json_prints_one_object() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("app");
    let o = keel(&["plan", RECIPES, "-o", dir.to_str().unwrap(), "--json"]);
    assert!(o.status.success());
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert_eq!(stdout.trim().lines().count(), 1, "{stdout}");
    let v: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(v["engine"]["engine"], "offline");
}

#[test]
fn bad_input_exits_2_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    let long = "recipes ".repeat(3000);
    for args in [
        vec!["plan", ""],
        vec!["plan", "   "],
        vec!["plan", long.as_str()],
        vec!["new", "\u{1}\u{2}\u{3}"],
    ] {
        let mut args = args.clone();
        args.extend(["-o", dir.to_str().unwrap()]);
        let o = keel(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        assert!(!dir.exists(), "{args:?} wrote something");
    }
    let garbage = tmp.path().join("garbage.bin");
    std::fs::write(&garbage, [0xff, 0xfe, 0x00, 0x9c, 0x12]).unwrap();
    let o = keel(&[
        "plan",
        "--file",
        garbage.to_str().unwrap(),
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(!dir.exists());
    let o = keel(&["plan", "--summary-json", ""]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
}

#[test]
fn new_plans_and_generates() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("shop");
    let o = keel(&[
        "new",
        "A marketplace for handmade goods. Sellers open shops and list products with prices, stock and images. Buyers add products to a cart, check out and pay by card through Stripe.",
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    check_ok(&dir);
}

#[test]
fn every_command_has_help() {
    for cmd in ["plan", "new"] {
        let o = keel(&[cmd, "--help"]);
        assert!(o.status.success());
        let out = text(&o);
        assert!(out.contains("--llm") && out.contains("--output"), "{out}");
    }
}

#[test]
fn llm_without_a_model_is_bad_input() {
    let tmp = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_keel"))
        .args(["plan", "--llm", RECIPES, "-o", "out"])
        .current_dir(tmp.path())
        .env_remove("KEEL_LLM_MODEL")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("model"));
    assert!(!tmp.path().join("out").exists());
}

/// Answers every request with `body` (status `status`), echoing nothing secret on purpose.
fn one_shot_server(
    status: u16,
    body: String,
    requests: usize,
) -> (String, std::thread::JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let mut seen = Vec::new();
        for stream in listener.incoming().take(requests) {
            let mut stream = stream.unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut head = String::new();
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap();
                }
                head.push_str(&line);
            }
            let mut b = vec![0; length];
            reader.read_exact(&mut b).unwrap();
            seen.push(head);
            let resp = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            stream.write_all(resp.as_bytes()).unwrap();
        }
        seen
    });
    (url, handle)
}

#[test]
fn llm_plan_through_the_cli_never_shows_the_key() {
    let blueprint = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../architect/tests/fixtures/llm/recipes.blueprint.json"
    ))
    .unwrap();
    let body = serde_json::json!({
        "choices": [{ "message": { "content": blueprint } }],
        "usage": { "prompt_tokens": 10, "completion_tokens": 20 }
    })
    .to_string();
    let (url, server) = one_shot_server(200, body, 1);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("app");
    let o = plan_llm(&url, &dir);
    assert!(o.status.success(), "{}", text(&o));
    let heads = server.join().unwrap();
    assert!(heads[0].contains(KEY), "the key is sent as a header");
    assert!(!text(&o).contains(KEY));
    for entry in walk(&dir) {
        let bytes = std::fs::read(&entry).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(KEY),
            "{}",
            entry.display()
        );
    }
    check_ok(&dir);

    // An upstream failure that echoes the key: exit 1, key redacted, nothing written.
    let (url, server) = one_shot_server(401, format!(r#"{{"error":"invalid key {KEY}"}}"#), 1);
    let dir2 = tmp.path().join("app2");
    let o = plan_llm(&url, &dir2);
    server.join().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(!text(&o).contains(KEY), "{}", text(&o));
    assert!(!dir2.exists());
}

/// The API key the LLM tests hand to keel; it must never show up.
const KEY: &str = "sk-cli-SECRET-77";

/// `keel plan --llm` against `url` with the key in the environment.
fn plan_llm(url: &str, dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_keel"))
        .args([
            "plan",
            "--llm",
            "--base-url",
            url,
            "--model",
            "m",
            RECIPES,
            "-o",
            dir.to_str().unwrap(),
        ])
        .env("KEEL_LLM_API_KEY", KEY)
        .output()
        .unwrap()
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
