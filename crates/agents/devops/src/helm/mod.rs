//! `deploy/helm/<app>/`: one chart for every environment. The chart's
//! templates are generic over `.Values.services` (the parts and the calls
//! between them); everything that comes from the blueprint is in the values
//! files, so what differs between staging and production is visible in one
//! short file each.

mod values;

use keel_blueprint::Blueprint;
use keel_generate::template::Templates;
use keel_generate::{AgentError, FileSet};

use crate::parts::Part;

/// The chart's directory.
pub fn chart_dir(blueprint: &Blueprint) -> String {
    format!("deploy/helm/{}", blueprint.app)
}

/// The Kubernetes namespace of an environment: `<app>-<environment>`.
pub fn namespace(blueprint: &Blueprint, environment: &str) -> String {
    format!("{}-{environment}", blueprint.app)
}

/// Chart templates, copied as they are: Helm renders them, not keel.
const CHART_TEMPLATES: &[(&str, &str)] = &[
    (
        "_helpers.tpl",
        include_str!("../../templates/helm/chart/_helpers.tpl"),
    ),
    (
        "deployment.yaml",
        include_str!("../../templates/helm/chart/deployment.yaml"),
    ),
    (
        "hpa.yaml",
        include_str!("../../templates/helm/chart/hpa.yaml"),
    ),
    (
        "ingress.yaml",
        include_str!("../../templates/helm/chart/ingress.yaml"),
    ),
    (
        "migrations.yaml",
        include_str!("../../templates/helm/chart/migrations.yaml"),
    ),
    (
        "monitoring.yaml",
        include_str!("../../templates/helm/chart/monitoring.yaml"),
    ),
    (
        "networkpolicy.yaml",
        include_str!("../../templates/helm/chart/networkpolicy.yaml"),
    ),
    (
        "NOTES.txt",
        include_str!("../../templates/helm/chart/NOTES.txt"),
    ),
    (
        "pdb.yaml",
        include_str!("../../templates/helm/chart/pdb.yaml"),
    ),
    (
        "service.yaml",
        include_str!("../../templates/helm/chart/service.yaml"),
    ),
    (
        "serviceaccount.yaml",
        include_str!("../../templates/helm/chart/serviceaccount.yaml"),
    ),
];

pub fn write(
    blueprint: &Blueprint,
    parts: &[Part],
    migrations: &FileSet,
    templates: &Templates,
    out: &mut FileSet,
) -> Result<(), AgentError> {
    let dir = chart_dir(blueprint);
    for (name, text) in CHART_TEMPLATES {
        out.add(format!("{dir}/templates/{name}"), *text)?;
    }
    // Helm checks every install's values against it: a typo fails early.
    out.add(
        format!("{dir}/values.schema.json"),
        include_str!("../../templates/helm/chart/values.schema.json"),
    )?;
    out.add(
        format!("{dir}/.helmignore"),
        include_str!("../../templates/helm/chart/helmignore"),
    )?;
    out.add(
        format!("{dir}/files/migrate.sh"),
        templates.render("migrate.sh", serde_json::json!({ "parts": parts }))?,
    )?;
    // The chart carries its own copy of the migrations: a chart can only
    // read files inside itself, and a chart version then always installs
    // the schema it was made with.
    for part in parts.iter().filter(|p| p.database.is_some()) {
        let prefix = format!("db/{}/", part.name);
        for (path, file) in migrations.under(&prefix) {
            let name = &path[prefix.len()..];
            if name.ends_with(".sql") && !name.contains('/') {
                out.add_file(
                    format!("{dir}/migrations/{}/{name}", part.name),
                    file.clone(),
                )?;
            }
        }
    }
    values::write(blueprint, parts, templates, &dir, out)
}
