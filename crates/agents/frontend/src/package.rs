//! The web app's npm dependencies: exact versions, one table, and the
//! lockfile that pins everything they pull in (the same for every app, so
//! `npm ci` installs the tested set and a shared cache serves every app).

use serde_json::{Map, Value, json};

/// Every npm package a generated web app depends on, at the exact version
/// keel's CI builds and tests. Change a version here and regenerate
/// `templates/package-lock.json` (see ARCHITECTURE.md, "frontend").
pub const DEPENDENCIES: &[(&str, &str, Kind)] = &[
    ("react", "19.3.1", Kind::Runtime),
    ("react-dom", "19.3.1", Kind::Runtime),
    ("react-router", "7.18.6", Kind::Runtime),
    ("@testing-library/dom", "10.4.2", Kind::Dev),
    ("@testing-library/react", "16.3.3", Kind::Dev),
    ("@types/react", "19.3.0", Kind::Dev),
    ("@types/react-dom", "19.3.0", Kind::Dev),
    ("@vitejs/plugin-react", "6.3.0", Kind::Dev),
    ("happy-dom", "21.0.4", Kind::Dev),
    ("playwright-core", "1.65.1", Kind::Dev),
    ("typescript", "7.0.2", Kind::Dev),
    ("vite", "8.3.8", Kind::Dev),
    ("vitest", "4.1.12", Kind::Dev),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// In the bundle.
    Runtime,
    /// Build and test tools.
    Dev,
}

const LOCKFILE: &str = include_str!("../templates/package-lock.json");

/// The npm package name of an app's web part.
pub fn package_name(app: &str) -> String {
    format!("{app}-web")
}

pub fn package_json(app: &str) -> String {
    let deps = |kind: Kind| -> Map<String, Value> {
        DEPENDENCIES
            .iter()
            .filter(|(_, _, k)| *k == kind)
            .map(|(n, v, _)| ((*n).to_owned(), json!(v)))
            .collect()
    };
    let package = json!({
        "name": package_name(app),
        "private": true,
        "version": "0.0.0",
        "type": "module",
        "engines": { "node": ">=20.19" },
        "scripts": {
            "dev": "vite",
            "build": "tsc --noEmit && vite build",
            "typecheck": "tsc --noEmit",
            "test": "vitest run",
            "e2e": "node tests/e2e/journey.mjs"
        },
        "dependencies": deps(Kind::Runtime),
        "devDependencies": deps(Kind::Dev),
    });
    let mut s = serde_json::to_string_pretty(&package).expect("JSON serialises");
    s.push('\n');
    s
}

pub fn package_lock(app: &str) -> String {
    LOCKFILE.replace("@@NAME@@", &package_name(app))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lockfile must pin exactly the versions of the table.
    #[test]
    fn lockfile_matches_the_table() {
        let lock: Value = serde_json::from_str(&package_lock("x")).unwrap();
        let root = &lock["packages"][""];
        for (name, version, kind) in DEPENDENCIES {
            let section = match kind {
                Kind::Runtime => "dependencies",
                Kind::Dev => "devDependencies",
            };
            assert_eq!(
                root[section][name],
                json!(version),
                "{name} in package-lock.json"
            );
            assert_eq!(
                lock["packages"][format!("node_modules/{name}")]["version"],
                json!(version),
                "{name} resolved in package-lock.json"
            );
        }
        let declared = root["dependencies"].as_object().unwrap().len()
            + root["devDependencies"].as_object().unwrap().len();
        assert_eq!(declared, DEPENDENCIES.len());
    }
}
