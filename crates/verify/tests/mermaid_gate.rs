//! The mermaid gate over real generated docs: it renders them when
//! mermaid-cli and Chromium are installed (scripts/ci/docs.sh installs
//! them), fails on a broken diagram with its file and line, and otherwise
//! skips with how to install the renderer.

use std::path::{Path, PathBuf};

use keel_blueprint::SourceFile;
use keel_generate::Agent;
use keel_generate::events::Quiet;
use keel_verify::gates::mermaid::Mermaid;
use keel_verify::{Context, Gate, Status};

/// The recipes example with its generated docs, in a temporary directory.
fn recipes_app(dir: &Path) -> Context {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/recipes/keel.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let blueprint = keel_blueprint::check(&SourceFile::new("keel.yaml", text.clone()))
        .unwrap()
        .blueprint;
    let agents: [&dyn Agent; 2] = [
        &keel_agent_docs::DocsAgent,
        &keel_agent_project_manager::ProjectManagerAgent,
    ];
    let files = keel_generate::run(&blueprint, &agents, &Quiet).unwrap();
    std::fs::write(dir.join("keel.yaml"), text).unwrap();
    for p in files.paths() {
        let target = dir.join(p);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, files.text(p).unwrap()).unwrap();
    }
    Context {
        dir: dir.to_path_buf(),
        blueprint,
        target_dir: None,
    }
}

#[test]
fn renders_the_generated_docs_or_says_how_to_install_the_renderer() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = recipes_app(dir.path());
    let result = Mermaid.run(&ctx);
    match result.status {
        Status::Pass => {
            assert!(
                result
                    .summary
                    .starts_with("8 diagrams from 2 files rendered"),
                "{}",
                result.summary
            );
            let svgs = std::fs::read_dir(dir.path().join(".keel/verify/mermaid"))
                .unwrap()
                .filter(|e| {
                    e.as_ref()
                        .unwrap()
                        .file_name()
                        .to_string_lossy()
                        .ends_with(".svg")
                })
                .count();
            assert_eq!(svgs, 8);
        }
        Status::Skipped => {
            assert!(
                result
                    .summary
                    .contains("npm install @mermaid-js/mermaid-cli"),
                "{}",
                result.summary
            );
        }
        Status::Fail => panic!("{}\n{}", result.summary, result.evidence),
    }
}

#[test]
fn a_broken_diagram_fails_with_its_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = recipes_app(dir.path());
    std::fs::write(
        dir.path().join("docs/NOTES.md"),
        "# notes\n\n```mermaid\nflowchart LR\n    a --> \n```\n",
    )
    .unwrap();
    let result = Mermaid.run(&ctx);
    match result.status {
        Status::Fail => {
            assert_eq!(result.summary, "1 of 9 diagrams did not render");
            assert!(
                result.evidence.starts_with("docs/NOTES.md:3: "),
                "{}",
                result.evidence
            );
        }
        Status::Skipped => assert!(result.summary.contains("apt-get install chromium")),
        Status::Pass => panic!("a broken diagram passed"),
    }
}
