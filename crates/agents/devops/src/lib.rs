//! The DevOps agent: everything that builds, runs and ships a generated
//! system besides its code.
//!
//! - `deploy/docker/<part>.Dockerfile` and `.dockerignore` ([`docker`]);
//! - `deploy/compose.yaml` and `.env.example` for local use ([`compose`]);
//! - `deploy/helm/<app>/`, one chart with values per environment ([`helm`]);
//! - `deploy/dashboard/`, read-only Kubernetes Dashboard access ([`dashboard`]);
//! - `.github/`, the CI, release and deploy workflows ([`workflows`]).
//!
//! Invariants of every file it writes:
//! - no secret: credentials are referenced (an existing Secret, a GitHub
//!   environment secret, an empty `.env.example` entry), never written;
//! - every container runs as a non-root user with a read-only root file
//!   system, no capabilities and the RuntimeDefault seccomp profile;
//! - every image, action and tool is pinned, from the one table in [`versions`];
//! - the network is closed by default: a pod reaches only DNS, its database
//!   and the services the blueprint says it calls.

mod compose;
mod dashboard;
mod docker;
mod helm;
pub mod parts;
pub mod versions;
mod workflows;

use keel_generate::template::Templates;
use keel_generate::{Agent, AgentError, FileSet, Input};

pub use docker::dockerfile_path;
pub use helm::{chart_dir, namespace};

pub struct DevopsAgent;

impl Agent for DevopsAgent {
    fn name(&self) -> &'static str {
        "devops"
    }

    fn summary(&self) -> &'static str {
        "Dockerfiles, compose, a Helm chart per environment, dashboard access, CI/CD workflows"
    }

    /// The chart carries a copy of the database migrations.
    fn reads(&self) -> &'static [&'static str] {
        &["db/"]
    }

    fn writes(&self) -> &'static [&'static str] {
        &["deploy/", ".github/", ".dockerignore", ".env.example"]
    }

    fn run(&self, input: &Input<'_>) -> Result<FileSet, AgentError> {
        let templates = templates()?;
        let blueprint = input.blueprint;
        let parts = parts::parts(blueprint);
        let mut out = FileSet::new();
        docker::write(blueprint, &parts, &templates, &mut out)?;
        compose::write(blueprint, &parts, &templates, &mut out)?;
        helm::write(blueprint, &parts, input.files, &templates, &mut out)?;
        dashboard::write(blueprint, &templates, &mut out)?;
        workflows::write(blueprint, &parts, &templates, &mut out)?;
        Ok(out)
    }
}

/// Every template of the agent. Bracketed syntax (`[[ x ]]`, `[% if %]`):
/// workflows and Helm use `{{ }}` themselves.
fn templates() -> Result<Templates, AgentError> {
    Templates::bracketed(&[
        (
            "service.Dockerfile",
            include_str!("../templates/docker/service.Dockerfile"),
        ),
        (
            "compose.yaml",
            include_str!("../templates/compose/compose.yaml"),
        ),
        (
            "env.example",
            include_str!("../templates/compose/env.example"),
        ),
        ("migrate.sh", include_str!("../templates/helm/migrate.sh")),
        ("Chart.yaml", include_str!("../templates/helm/Chart.yaml")),
        ("values.yaml", include_str!("../templates/helm/values.yaml")),
        (
            "values-env.yaml",
            include_str!("../templates/helm/values-env.yaml"),
        ),
        (
            "access.yaml",
            include_str!("../templates/dashboard/access.yaml"),
        ),
        (
            "README.md",
            include_str!("../templates/dashboard/README.md"),
        ),
        ("ci.yml", include_str!("../templates/workflows/ci.yml")),
        (
            "release.yml",
            include_str!("../templates/workflows/release.yml"),
        ),
        (
            "deploy.yml",
            include_str!("../templates/workflows/deploy.yml"),
        ),
        (
            "dependabot.yml",
            include_str!("../templates/workflows/dependabot.yml"),
        ),
    ])
}
