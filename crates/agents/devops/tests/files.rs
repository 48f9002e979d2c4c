//! What the DevOps agent writes for the examples: snapshots of the files a
//! reviewer reads most, determinism, and the invariants every file keeps
//! (no secret values, pinned actions, the network graph of the blueprint).

mod common;

use common::{EXAMPLES, example, generate};
use keel_agent_devops::{chart_dir, dockerfile_path};

#[test]
fn snapshots_of_the_recipes_example() {
    let blueprint = example("recipes");
    let files = generate(&blueprint);
    let chart = chart_dir(&blueprint);
    for (name, path) in [
        ("cookbook.Dockerfile", dockerfile_path("cookbook")),
        ("gateway.Dockerfile", dockerfile_path("gateway")),
        ("values.yaml", format!("{chart}/values.yaml")),
        (
            "values-staging.yaml",
            format!("{chart}/values-staging.yaml"),
        ),
        (
            "values-production.yaml",
            format!("{chart}/values-production.yaml"),
        ),
        ("ci.yml", ".github/workflows/ci.yml".to_owned()),
        ("compose.yaml", "deploy/compose.yaml".to_owned()),
    ] {
        let text = files
            .text(&path)
            .unwrap_or_else(|| panic!("{path} is written"));
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn the_same_blueprint_gives_byte_identical_files() {
    for name in EXAMPLES {
        let blueprint = example(name);
        assert_eq!(generate(&blueprint), generate(&blueprint), "{name}");
    }
}

#[test]
fn every_action_is_pinned_to_a_commit() {
    let files = generate(&example("marketplace"));
    let mut seen = 0;
    for (path, _) in files.under(".github/workflows/") {
        for line in files.text(path).unwrap().lines() {
            let Some(uses) = line.trim().trim_start_matches("- ").strip_prefix("uses: ") else {
                continue;
            };
            seen += 1;
            if uses.starts_with("$/") {
                continue; // this repository's own reusable workflow
            }
            let (_, reference) = uses.split_once('@').expect("owner/repo@ref");
            let sha = reference.split_whitespace().next().unwrap();
            assert!(
                sha.len() == 40 && sha.chars().all(|c| c.is_ascii_hexdigit()),
                "{path}: `{uses}` is not pinned to a commit SHA"
            );
        }
    }
    assert!(seen > 10, "found only {seen} uses:");
}

#[test]
fn every_service_and_the_gateway_get_an_image_and_a_chart_entry() {
    for name in EXAMPLES {
        let blueprint = example(name);
        let files = generate(&blueprint);
        let values = files
            .text(&format!("{}/values.yaml", chart_dir(&blueprint)))
            .unwrap();
        let values: serde_yaml_ng::Value = serde_yaml_ng::from_str(values).unwrap();
        let mut parts: Vec<&str> = blueprint.services.iter().map(|s| s.name.as_str()).collect();
        parts.push("gateway");
        for part in parts {
            assert!(
                files.get(&dockerfile_path(part)).is_some(),
                "{name}: {part}"
            );
            assert!(
                values["services"][part]["port"].is_number(),
                "{name}: {part} is missing from values.yaml"
            );
        }
        for env in &blueprint.environments {
            assert!(
                files
                    .get(&format!(
                        "{}/values-{}.yaml",
                        chart_dir(&blueprint),
                        env.name
                    ))
                    .is_some()
            );
            assert!(
                files
                    .get(&format!("deploy/dashboard/{}.yaml", env.name))
                    .is_some()
            );
        }
    }
}

/// The calls in values.yaml are exactly the blueprint's service graph, plus
/// the gateway calling every service: what the NetworkPolicies open.
#[test]
fn the_network_graph_is_the_blueprints() {
    for name in EXAMPLES {
        let blueprint = example(name);
        let files = generate(&blueprint);
        let values: serde_yaml_ng::Value = serde_yaml_ng::from_str(
            files
                .text(&format!("{}/values.yaml", chart_dir(&blueprint)))
                .unwrap(),
        )
        .unwrap();
        let calls = |part: &str| -> Vec<String> {
            values["services"][part]["calls"]
                .as_sequence()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_owned())
                .collect()
        };
        for service in &blueprint.services {
            assert_eq!(
                calls(&service.name),
                service.calls,
                "{name}: {}",
                service.name
            );
        }
        let mut all: Vec<String> = blueprint.services.iter().map(|s| s.name.clone()).collect();
        all.sort();
        assert_eq!(calls("gateway"), all, "{name}");
    }
}

#[test]
fn the_chart_carries_the_migrations_it_deploys() {
    let blueprint = example("projects");
    let files = generate(&blueprint);
    for service in &blueprint.services {
        let source = format!("db/{}/0001_init.sql", service.name);
        let copy = format!(
            "{}/migrations/{}/0001_init.sql",
            chart_dir(&blueprint),
            service.name
        );
        assert_eq!(files.get(&source), files.get(&copy), "{copy}");
    }
}

/// Secrets are referenced, never written: `.env.example` leaves every
/// credential empty and no file holds a PEM key or a password value.
#[test]
fn no_file_holds_a_credential() {
    for name in EXAMPLES {
        let files = generate(&example(name));
        let env = files.text(".env.example").unwrap();
        for line in env
            .lines()
            .filter(|l| !l.starts_with('#') && l.contains('='))
        {
            let (key, value) = line.split_once('=').unwrap();
            if key.contains("PASSWORD") || key.contains("KEY") {
                assert!(value.is_empty(), "{name}: .env.example sets {key}");
            }
        }
        for (path, file) in files.iter() {
            let text = String::from_utf8_lossy(&file.contents);
            assert!(!text.contains("BEGIN PRIVATE KEY"), "{path}");
            assert!(!text.contains("POSTGRES_PASSWORD: postgres"), "{path}");
        }
    }
}
