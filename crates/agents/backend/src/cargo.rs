//! Cargo manifests of the generated workspace and its `Cargo.lock`.
//!
//! The lock is the embedded lock of the external crates (the same for every
//! app) plus one entry per crate of the workspace, so `cargo build --locked`
//! never needs to resolve.

use std::collections::{BTreeMap, BTreeSet};

use crate::versions::{DEPENDENCIES, workspace_line};

/// The external part of the lock: every package of `versions.rs`'s set.
const LOCK_DEPS: &str = include_str!("../templates/Cargo.lock.deps");

/// A crate of the generated workspace.
pub struct Crate {
    /// Package name, prefixed with the app's (`recipes-cookbook-service`),
    /// so that apps sharing a target directory never share artifacts.
    pub package: String,
    /// Library name in code (`cookbook_service`), also the key in
    /// `[workspace.dependencies]`.
    pub lib: String,
    /// Folder, relative to the app (`services/cookbook`).
    pub dir: String,
    /// Binary name, if the crate has one (`cookbook`).
    pub binary: Option<String>,
    pub description: String,
    /// External crates and workspace crates (by library name).
    pub dependencies: Vec<String>,
    pub dev_dependencies: Vec<String>,
}

/// The workspace's root `Cargo.toml`.
pub fn workspace_manifest(crates: &[Crate]) -> String {
    let mut out = String::from(
        "# The services of this app and the platform crate they share.\n\
         # Dependency versions are exact and locked (Cargo.lock): builds are reproducible.\n\
         [workspace]\nresolver = \"3\"\nmembers = [\n",
    );
    for c in crates {
        out.push_str(&format!("  \"{}\",\n", c.dir));
    }
    out.push_str(
        "]\n\n[workspace.package]\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[workspace.dependencies]\n",
    );
    for c in crates {
        out.push_str(&format!(
            "{} = {{ package = \"{}\", path = \"{}\" }}\n",
            c.lib, c.package, c.dir
        ));
    }
    for d in DEPENDENCIES {
        out.push_str(&workspace_line(d));
        out.push('\n');
    }
    out.push_str(
        "\n# Password hashing is deliberately slow; unoptimised it is painfully so in tests.\n\
         [profile.dev.package.argon2]\nopt-level = 3\n\n[profile.dev.package.blake2]\nopt-level = 3\n",
    );
    out
}

/// A crate's `Cargo.toml`.
pub fn crate_manifest(c: &Crate) -> String {
    let mut out = format!(
        "[package]\nname = \"{}\"\ndescription = \"{}\"\nversion.workspace = true\nedition.workspace = true\npublish.workspace = true\n",
        c.package,
        c.description.replace('\\', "\\\\").replace('"', "\\\"")
    );
    out.push_str(&format!(
        "\n[lib]\nname = \"{}\"\npath = \"src/lib.rs\"\n",
        c.lib
    ));
    if let Some(bin) = &c.binary {
        out.push_str(&format!(
            "\n[[bin]]\nname = \"{bin}\"\npath = \"src/main.rs\"\n"
        ));
    }
    out.push_str("\n[dependencies]\n");
    for d in &c.dependencies {
        out.push_str(&format!("{d}.workspace = true\n"));
    }
    if !c.dev_dependencies.is_empty() {
        out.push_str("\n[dev-dependencies]\n");
        for d in &c.dev_dependencies {
            out.push_str(&format!("{d}.workspace = true\n"));
        }
    }
    out
}

/// `Cargo.lock`: the external packages plus the workspace's crates, sorted
/// by name as Cargo writes them.
pub fn lock(crates: &[Crate]) -> String {
    // Blocks of the embedded lock by (name, version).
    let mut packages: BTreeMap<(String, Vec<u64>), String> = BTreeMap::new();
    let mut versions: BTreeMap<String, usize> = BTreeMap::new();
    for block in LOCK_DEPS.split("[[package]]\n").skip(1) {
        let name = field(block, "name");
        let version = field(block, "version");
        *versions.entry(name.clone()).or_default() += 1;
        packages.insert((name, version_key(&version)), block.trim_end().to_owned());
    }
    let version_of = |name: &str| -> String {
        DEPENDENCIES
            .iter()
            .find(|d| d.name == name)
            .map(|d| d.version.to_owned())
            .unwrap_or_default()
    };
    let package_of = |dep: &String| -> String {
        crates
            .iter()
            .find(|c| &c.lib == dep)
            .map(|c| c.package.clone())
            .unwrap_or_else(|| dep.clone())
    };
    for c in crates {
        let deps: BTreeSet<String> = c
            .dependencies
            .iter()
            .chain(&c.dev_dependencies)
            .map(package_of)
            .collect();
        let mut block = format!("name = \"{}\"\nversion = \"0.1.0\"\n", c.package);
        if !deps.is_empty() {
            block.push_str("dependencies = [\n");
            for d in &deps {
                if versions.get(d.as_str()).copied().unwrap_or(0) > 1 {
                    block.push_str(&format!(" \"{d} {}\",\n", version_of(d)));
                } else {
                    block.push_str(&format!(" \"{d}\",\n"));
                }
            }
            block.push_str("]\n");
        }
        packages.insert(
            (c.package.clone(), version_key("0.1.0")),
            block.trim_end().to_owned(),
        );
    }
    let mut out = String::from(
        "# This file is automatically @generated by Cargo.\n# It is not intended for manual editing.\nversion = 4\n",
    );
    for block in packages.values() {
        out.push_str("\n[[package]]\n");
        out.push_str(block);
        out.push('\n');
    }
    out
}

fn field(block: &str, key: &str) -> String {
    block
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{key} = \"")))
        .map(|v| v.trim_end_matches('"').to_owned())
        .unwrap_or_default()
}

/// Orders versions as Cargo does for the releases in the lock (numerically).
fn version_key(version: &str) -> Vec<u64> {
    version
        .split(['.', '-', '+'])
        .map(|p| p.parse().unwrap_or(0))
        .collect()
}
