//! The one table of external crates a generated system uses, with exact,
//! known-good versions. Every generated `Cargo.toml` takes its versions from
//! here (as `=x.y.z`), and `templates/Cargo.lock.deps` is the resolved lock
//! of exactly this set, so generated apps build reproducibly without
//! resolving. Changing a version here means regenerating that lock (see
//! `scripts/ci/backend.sh --refresh-lock`).

/// One external crate.
pub struct Dependency {
    pub name: &'static str,
    pub version: &'static str,
    pub default_features: bool,
    pub features: &'static [&'static str],
}

const fn dep(
    name: &'static str,
    version: &'static str,
    default_features: bool,
    features: &'static [&'static str],
) -> Dependency {
    Dependency {
        name,
        version,
        default_features,
        features,
    }
}

/// Sorted by name.
pub const DEPENDENCIES: &[Dependency] = &[
    dep("argon2", "0.5.3", true, &[]),
    dep(
        "axum",
        "0.8.9",
        false,
        &[
            "http1",
            "json",
            "matched-path",
            "original-uri",
            "query",
            "tokio",
        ],
    ),
    dep("base64", "0.22.1", true, &[]),
    dep(
        "ed25519-dalek",
        "2.2.0",
        true,
        &["pem", "pkcs8", "rand_core"],
    ),
    // The contract tests validate answers against `api/*.yaml` with it.
    dep("jsonschema", "0.61.2", false, &[]),
    dep("rand", "0.8.8", true, &[]),
    dep("regex", "1.13.2", false, &["perf", "std", "unicode-perl"]),
    dep("reqwest", "0.12.28", false, &["json"]),
    dep("serde", "1.0.229", true, &["derive"]),
    dep("serde_json", "1.0.154", true, &[]),
    dep("serde_yaml_ng", "0.10.0", true, &[]),
    dep("sha2", "0.10.9", true, &[]),
    dep(
        "sqlx",
        "0.8.6",
        false,
        &["json", "postgres", "runtime-tokio", "uuid"],
    ),
    dep(
        "tokio",
        "1.54.1",
        true,
        &["macros", "net", "rt-multi-thread", "signal", "sync", "time"],
    ),
    dep("tower", "0.5.3", false, &["util"]),
    dep("tower-http", "0.6.11", false, &["fs", "set-header"]),
    dep("tracing", "0.1.44", true, &[]),
    dep(
        "tracing-subscriber",
        "0.3.23",
        false,
        &["ansi", "fmt", "json", "std"],
    ),
    dep("uuid", "1.29.3", true, &["serde", "v4"]),
];

/// The `[workspace.dependencies]` line of a crate.
pub fn workspace_line(d: &Dependency) -> String {
    let mut parts = vec![format!("version = \"={}\"", d.version)];
    if !d.default_features {
        parts.push("default-features = false".to_owned());
    }
    if !d.features.is_empty() {
        let features: Vec<String> = d.features.iter().map(|f| format!("\"{f}\"")).collect();
        parts.push(format!("features = [{}]", features.join(", ")));
    }
    format!("{} = {{ {} }}", d.name, parts.join(", "))
}
