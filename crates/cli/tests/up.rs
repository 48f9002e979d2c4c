//! `keel up` as a user meets it: a generated app is built, run and driven
//! over real HTTP through the gateway, then stopped with SIGTERM — after
//! which no process it started and no database may be left.
//!
//! The end-to-end tests build a whole generated system (minutes), so they
//! are `#[ignore]`d here and run by `scripts/ci/up.sh`
//! (`cargo test -p keel-cli --test up -- --ignored`), which shares the
//! generated apps' target directory with the backend stage
//! (`KEEL_APPS_TARGET`). The bad-input checks below run with every
//! `cargo test`.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

fn keel() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_keel"));
    command.env("NO_COLOR", "1");
    if let Some(target) = std::env::var_os("KEEL_APPS_TARGET") {
        command.env("CARGO_TARGET_DIR", target);
    }
    command
}

fn run(command: &mut Command) -> Output {
    command.output().expect("keel runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn example(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
        .join("keel.yaml")
}

// ---------------------------------------------------------------- bad input

#[test]
fn a_blueprint_without_the_generated_system_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(example("recipes"), dir.path().join("keel.yaml")).unwrap();
    let out = run(keel().arg("up").arg(dir.path()));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("is not a generated app: Cargo.toml is missing"),
        "{err}"
    );
    assert!(err.contains("keel generate"), "says what to do: {err}");
}

#[test]
fn an_invalid_blueprint_is_bad_input_and_nothing_starts() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keel.yaml"), "keel: 1\napp: Not A Name\n").unwrap();
    let out = run(keel().arg("up").arg(dir.path()));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!dir.path().join(".keel/logs").exists());
}

#[test]
fn a_missing_directory_is_bad_input() {
    let out = run(keel().args(["up", "/nonexistent/keel-app"]));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

// ---------------------------------------------------------------- end to end

/// The description of the "new user" run: `keel new "<it>" && keel up`.
const DESCRIPTION: &str = "A book club app. Members list the books they are reading with a \
    title, an author and a rating from 1 to 5, and write reviews of books. Admins remove \
    reviews.";

#[test]
#[ignore = "builds a generated system; run by scripts/ci/up.sh"]
fn recipes_runs_end_to_end_and_stops_without_leftovers() {
    let work = tempfile::tempdir().unwrap();
    let app = work.path().join("recipes");
    std::fs::create_dir_all(&app).unwrap();
    std::fs::copy(example("recipes"), app.join("keel.yaml")).unwrap();
    let generated = run(keel().arg("generate").arg(&app));
    assert!(generated.status.success(), "{}", stderr(&generated));
    let data = work.path().join("data");
    let port = free_ports(4);

    let mut up = Up::start(
        &app,
        &[
            "--data",
            data.to_str().unwrap(),
            "--port",
            &port.to_string(),
        ],
    );
    assert_eq!(up.url, format!("http://127.0.0.1:{port}"));
    let plan = journey_plan(&app);
    let owner = drive(&up.url, &plan);

    // A second keel up on the same ports says which port and who holds it.
    let clash = run(keel()
        .arg("up")
        .arg(&app)
        .args(["--no-build", "--port", &port.to_string()]));
    assert_eq!(clash.status.code(), Some(1), "{}", stderr(&clash));
    assert!(
        stderr(&clash).contains(&format!("port {port} (gateway) is taken by gateway")),
        "{}",
        stderr(&clash)
    );

    let processes = up.processes(&data);
    up.stop_and_check(&processes, port);

    // --data keeps the database and the keys: the account still signs in,
    // and no migration runs twice.
    let mut again = Up::start(
        &app,
        &[
            "--data",
            data.to_str().unwrap(),
            "--port",
            &port.to_string(),
            "--no-build",
        ],
    );
    assert!(
        again.stderr().contains("1 migration(s) already applied"),
        "{}",
        again.stderr()
    );
    assert!(
        again.stderr().contains("JWT key pair reused"),
        "{}",
        again.stderr()
    );
    let mut session = Session::new(&again.url);
    let signed_in = session.post(
        "/api/identity/auth/sign-in",
        &json!({ "email": owner.email, "password": PASSWORD }),
    );
    assert_eq!(
        signed_in.status, 200,
        "sign-in after a restart: {}",
        signed_in.body
    );
    let processes = again.processes(&data);
    again.stop_and_check(&processes, port);

    // Even keel up killed outright leaves nothing behind: the services get
    // SIGTERM from the kernel (parent-death signal), and the watchdog stops
    // the temporary database and deletes its files.
    let mut killed = Up::start(&app, &["--port", &port.to_string(), "--no-build"]);
    let processes = killed.processes(&PathBuf::new());
    // The postmaster is found last; its `-D` names the temporary data.
    let postmaster = *processes.last().unwrap();
    let cmdline = std::fs::read_to_string(format!("/proc/{postmaster}/cmdline")).unwrap();
    let args: Vec<&str> = cmdline.split('\0').collect();
    let data_dir = PathBuf::from(args[args.iter().position(|a| *a == "-D").unwrap() + 1]);
    let temporary = data_dir.parent().unwrap().to_owned();
    assert!(temporary.exists());
    killed.child.kill().unwrap();
    killed.child.wait().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while processes.iter().any(|p| alive(*p)) {
        assert!(
            Instant::now() < deadline,
            "left behind after SIGKILL: {:?}",
            processes.iter().filter(|p| alive(**p)).collect::<Vec<_>>()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    while temporary.exists() {
        assert!(
            Instant::now() < deadline,
            "{} was not deleted",
            temporary.display()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
#[ignore = "builds a generated system; run by scripts/ci/up.sh"]
fn a_new_app_from_a_description_runs() {
    let description = std::env::var("KEEL_UP_DESCRIPTION").unwrap_or_else(|_| DESCRIPTION.into());
    let work = tempfile::tempdir().unwrap();
    let app = work.path().join("app");
    let created = run(keel().arg("new").arg(&description).arg("-o").arg(&app));
    assert!(created.status.success(), "keel new: {}", stderr(&created));
    let port = free_ports(2 + count_services(&app));
    // Whatever roles the app's rules ask for, its first admin holds them.
    let mut up = Up::start(&app, &["--port", &port.to_string(), "--admin", OWNER]);
    let plan = journey_plan(&app);
    drive(&up.url, &plan);
    let processes = up.processes(&PathBuf::new());
    up.stop_and_check(&processes, port);
}

const PASSWORD: &str = "a long enough passphrase 42";
const OWNER: &str = "owner@example.com";

/// A running `keel up`, its output collected.
struct Up {
    child: Child,
    url: String,
    lines: mpsc::Receiver<String>,
    collected: Vec<String>,
}

impl Up {
    fn start(app: &Path, args: &[&str]) -> Up {
        let mut child = keel()
            .arg("up")
            .arg(app)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (send, lines) = mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let send = send.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    // Shown in the CI log, as keel up prints it.
                    eprintln!("[keel up] {line}");
                    if send.send(line).is_err() {
                        break;
                    }
                }
            });
        }
        let mut up = Up {
            child,
            url: String::new(),
            lines,
            collected: Vec::new(),
        };
        // The first build of a generated system takes minutes on 2 cores.
        let deadline = Instant::now() + Duration::from_secs(1800);
        while up.url.is_empty() {
            assert!(Instant::now() < deadline, "no URL:\n{}", up.stderr());
            if let Some(status) = up.child.try_wait().unwrap() {
                up.drain();
                panic!(
                    "keel up exited ({status}) before printing its URL:\n{}",
                    up.stderr()
                );
            }
            if let Ok(line) = up.lines.recv_timeout(Duration::from_millis(200)) {
                if line.starts_with("http://") {
                    up.url = line.trim().to_owned();
                }
                up.collected.push(line);
            }
        }
        up.drain();
        up
    }

    fn drain(&mut self) {
        while let Ok(line) = self.lines.try_recv() {
            self.collected.push(line);
        }
    }

    fn stderr(&mut self) -> String {
        self.drain();
        self.collected.join("\n")
    }

    /// keel up, its children, and the PostgreSQL server (from its pid file
    /// when the data directory is known, else the children of keel up are
    /// all there is to find besides the temporary cluster, found by its
    /// listening port).
    fn processes(&mut self, data: &Path) -> Vec<u32> {
        let keel = self.child.id();
        let mut pids = vec![keel];
        pids.extend(children_of(keel));
        let pid_file = data.join("postgres/data/postmaster.pid");
        let postmaster = std::fs::read_to_string(&pid_file)
            .ok()
            .and_then(|t| t.lines().next().and_then(|l| l.trim().parse().ok()))
            .or_else(|| postmaster_from_log(&self.stderr()));
        let postmaster = postmaster.expect("the PostgreSQL server's pid");
        pids.push(postmaster);
        // Identity, the domain services and the gateway are children.
        assert!(
            pids.len() >= 5,
            "keel up, 3+ services, PostgreSQL: {pids:?}"
        );
        for pid in &pids {
            assert!(alive(*pid), "{pid} runs while the system is up");
        }
        pids
    }

    /// SIGTERM, then: keel up exits 0, and every process it started and the
    /// database are gone, the ports free.
    fn stop_and_check(&mut self, processes: &[u32], port: u16) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let deadline = Instant::now() + Duration::from_secs(60);
        let exit = loop {
            if let Some(exit) = self.child.try_wait().unwrap() {
                break exit;
            }
            assert!(
                Instant::now() < deadline,
                "keel up did not stop:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(100));
        };
        assert!(
            exit.success(),
            "keel up stopped with {exit}:\n{}",
            self.stderr()
        );
        for pid in processes {
            assert!(
                !alive(*pid),
                "process {pid} outlived keel up:\n{}",
                self.stderr()
            );
        }
        assert!(
            TcpListener::bind(("127.0.0.1", port)).is_ok(),
            "the gateway's port is free again"
        );
        assert!(
            self.stderr()
                .contains("stopped the services and PostgreSQL")
        );
    }
}

impl Drop for Up {
    /// A failed assertion must not leave the system running: SIGTERM, and
    /// keel up stops what it started.
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = Command::new("kill")
                .args(["-TERM", &self.child.id().to_string()])
                .status();
            let deadline = Instant::now() + Duration::from_secs(30);
            while Instant::now() < deadline && self.child.try_wait().ok().flatten().is_none() {
                std::thread::sleep(Duration::from_millis(100));
            }
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A user agent: keeps the cookies the API sets (they are `Secure`, which
/// cookie jars do not send over plain http, so they are kept by hand — as a
/// browser does for http://127.0.0.1, a secure context).
struct Session {
    base: String,
    agent: ureq::Agent,
    cookies: BTreeMap<String, String>,
}

struct Answer {
    status: u16,
    body: Value,
    location: Option<String>,
}

impl Session {
    fn new(base: &str) -> Session {
        Session {
            base: base.to_owned(),
            agent: ureq::Agent::config_builder()
                .http_status_as_error(false)
                .timeout_global(Some(Duration::from_secs(30)))
                .build()
                .into(),
            cookies: BTreeMap::new(),
        }
    }

    fn send(&mut self, method: &str, path: &str, body: Option<&Value>) -> Answer {
        let url = format!("{}{path}", self.base);
        let cookie = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let request = ureq::http::Request::builder()
            .method(method)
            .uri(&url)
            .header("cookie", cookie)
            .header("content-type", "application/json");
        let response = match body {
            Some(b) => self
                .agent
                .run(request.body(b.to_string()).unwrap())
                .unwrap_or_else(|e| panic!("{method} {path}: {e}")),
            None => self
                .agent
                .run(request.body(()).unwrap())
                .unwrap_or_else(|e| panic!("{method} {path}: {e}")),
        };
        for set in response.headers().get_all("set-cookie") {
            let set = set.to_str().unwrap_or_default();
            let pair = set.split(';').next().unwrap_or_default();
            if let Some((name, value)) = pair.split_once('=') {
                let expired = set.to_ascii_lowercase().contains("max-age=0") || value.is_empty();
                if expired {
                    self.cookies.remove(name.trim());
                } else {
                    self.cookies
                        .insert(name.trim().to_owned(), value.to_owned());
                }
            }
        }
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .map(str::to_owned);
        let text = response.into_body().read_to_string().unwrap_or_default();
        Answer {
            status,
            body: serde_json::from_str(&text).unwrap_or(Value::String(text)),
            location,
        }
    }

    fn get(&mut self, path: &str) -> Answer {
        self.send("GET", path, None)
    }

    fn post(&mut self, path: &str, body: &Value) -> Answer {
        self.send("POST", path, Some(body))
    }
}

struct Account {
    email: String,
}

/// The journey the generated web app's end-to-end test takes, over the
/// API: what to create and edit, and what a second user must be refused.
fn journey_plan(app: &Path) -> Value {
    let text = std::fs::read_to_string(app.join("web/tests/e2e/plan.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn sign_up_body(plan: &Value, email: &str, name: &str) -> Value {
    let mut body = plan["signUp"].clone();
    for value in body.as_object_mut().unwrap().values_mut() {
        if let Some(template) = value.as_str() {
            *value = Value::String(
                template
                    .replace("{email}", email)
                    .replace("{password}", PASSWORD)
                    .replace("{name}", name),
            );
        }
    }
    body
}

/// Sign up, sign in, create, list, read, update, another user refused,
/// delete, sign out — through the gateway. Returns the owner's account.
fn drive(base: &str, plan: &Value) -> Account {
    let entity = &plan["candidates"][0];
    let api = entity["api"]
        .as_str()
        .expect("the journey names an API path");
    let owner = Account {
        email: OWNER.into(),
    };

    // The web app is served at / by the gateway.
    let mut anonymous = Session::new(base);
    let page = anonymous.get("/");
    assert_eq!(page.status, 200, "GET /");
    assert!(
        page.body
            .as_str()
            .unwrap_or_default()
            .contains("<div id=\"root\"")
    );
    let refused = anonymous.post(api, &entity["create"]);
    assert_eq!(refused.status, 401, "anonymous create: {}", refused.body);

    let mut alice = Session::new(base);
    let signed_up = alice.post(
        "/api/identity/auth/sign-up",
        &sign_up_body(plan, &owner.email, "Alice"),
    );
    assert_eq!(signed_up.status, 201, "sign-up: {}", signed_up.body);
    // A fresh session signs in with the same credentials.
    let mut alice = Session::new(base);
    let signed_in = alice.post(
        "/api/identity/auth/sign-in",
        &json!({ "email": owner.email, "password": PASSWORD }),
    );
    assert_eq!(signed_in.status, 200, "sign-in: {}", signed_in.body);
    assert!(
        alice.cookies.contains_key("keel_access"),
        "access cookie set"
    );
    let me = alice.get("/api/identity/auth/me");
    assert_eq!(me.status, 200, "me: {}", me.body);
    assert_eq!(me.body["email"], owner.email.as_str());

    let created = alice.post(api, &entity["create"]);
    assert_eq!(created.status, 201, "create: {}", created.body);
    let id = created.body["id"]
        .as_str()
        .expect("the new row's id")
        .to_owned();
    assert_eq!(
        created.location.as_deref(),
        Some(format!("{api}/{id}").as_str())
    );
    for (field, value) in entity["create"].as_object().unwrap() {
        assert_eq!(&created.body[field], value, "created {field}");
    }

    let list = alice.get(api);
    assert_eq!(list.status, 200, "list: {}", list.body);
    assert!(list.body["total"].as_u64().unwrap() >= 1);
    assert!(
        list.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|item| item["id"] == id.as_str()),
        "the list holds the new row: {}",
        list.body
    );
    let read = alice.get(&format!("{api}/{id}"));
    assert_eq!(read.status, 200, "get: {}", read.body);

    let field = entity["edit"]["field"]
        .as_str()
        .expect("the journey plan edits a field");
    let edit = json!({ field: entity["edit"]["value"] });
    let updated = alice.send("PATCH", &format!("{api}/{id}"), Some(&edit));
    assert_eq!(updated.status, 200, "update: {}", updated.body);
    assert_eq!(updated.body[field], entity["edit"]["value"]);

    // Another user may not change or delete it.
    let mut mallory = Session::new(base);
    let other = mallory.post(
        "/api/identity/auth/sign-up",
        &sign_up_body(plan, "other@example.com", "Mallory"),
    );
    assert_eq!(other.status, 201, "second sign-up: {}", other.body);
    let row = format!("{api}/{id}");
    let refused = |answer: Answer, what: &str| {
        assert!(
            matches!(answer.status, 403 | 404),
            "another user's {what} answered {}: {}",
            answer.status,
            answer.body
        );
    };
    let hijack = json!({ field: "hijacked" });
    match entity["forbidden"].as_str() {
        Some("update") => refused(mallory.send("PATCH", &row, Some(&hijack)), "update"),
        Some("delete") => refused(mallory.send("DELETE", &row, None), "delete"),
        Some("not-visible") => {
            assert_eq!(mallory.get(&row).status, 404, "another user's read");
            refused(mallory.send("PATCH", &row, Some(&hijack)), "update");
            refused(mallory.send("DELETE", &row, None), "delete");
        }
        other => panic!("the journey plan names nothing a second user is refused: {other:?}"),
    }
    let unchanged = alice.get(&format!("{api}/{id}"));
    assert_eq!(
        unchanged.body[field], entity["edit"]["value"],
        "still the owner's edit"
    );

    let deleted = alice.send("DELETE", &format!("{api}/{id}"), None);
    assert_eq!(deleted.status, 204, "delete: {}", deleted.body);
    assert_eq!(alice.get(&format!("{api}/{id}")).status, 404, "deleted");

    let refresh_cookie = alice.cookies.get("keel_refresh").cloned();
    let signed_out = alice.send("POST", "/api/identity/auth/sign-out", None);
    assert_eq!(signed_out.status, 204, "sign-out: {}", signed_out.body);
    assert_eq!(alice.get("/api/identity/auth/me").status, 401, "signed out");
    // The refresh token of the ended session no longer works.
    if let Some(token) = refresh_cookie {
        alice.cookies.insert("keel_refresh".into(), token);
        let refreshed = alice.send("POST", "/api/identity/auth/refresh", None);
        assert_eq!(
            refreshed.status, 401,
            "refresh after sign-out: {}",
            refreshed.body
        );
    }
    owner
}

// ---------------------------------------------------------------- helpers

/// A gateway port with `count` free ports from it on, below the kernel's
/// ephemeral range (32768 and up on Linux): a port in that range can be
/// handed to any outgoing connection between two `keel up` runs of a test
/// (seen in CI as "port … (identity) is taken" with no holder).
fn free_ports(count: u16) -> u16 {
    for _ in 0..50 {
        // A port the kernel just chose varies from run to run; fold it
        // into 10000..30000.
        let ephemeral = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let base = 10_000 + ephemeral % 20_000;
        if (base..base + count).all(|p| {
            TcpListener::bind(("0.0.0.0", p)).is_ok() && TcpListener::bind(("127.0.0.1", p)).is_ok()
        }) {
            return base;
        }
    }
    panic!("no {count} free ports in a row");
}

fn count_services(app: &Path) -> u16 {
    std::fs::read_dir(app.join("services")).unwrap().count() as u16
}

fn alive(pid: u32) -> bool {
    // A zombie has exited: only its entry is left until it is reaped.
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|stat| {
            !stat
                .rsplit(')')
                .next()
                .unwrap_or_default()
                .trim_start()
                .starts_with('Z')
        })
        .unwrap_or(false)
}

fn children_of(parent: u32) -> Vec<u32> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // `pid (comm) state ppid …`; comm may hold spaces, so split after `)`.
        let ppid = stat
            .rsplit(')')
            .next()
            .and_then(|rest| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse::<u32>().ok());
        if ppid == Some(parent) {
            out.push(pid);
        }
    }
    out
}

/// The temporary cluster's postmaster: the process listening on the port
/// keel up reported (`PostgreSQL on 127.0.0.1:PORT`).
fn postmaster_from_log(log: &str) -> Option<u32> {
    let port: u16 = log
        .lines()
        .find_map(|l| l.split("PostgreSQL on 127.0.0.1:").nth(1))?
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()?;
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "for p in /proc/[0-9]*; do grep -qs 'postgres' $p/comm && tr '\\0' ' ' < $p/cmdline | grep -q -- '-p {port} ' && basename $p; done"
        ))
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.trim().parse::<u32>().ok())
        .min()
}
