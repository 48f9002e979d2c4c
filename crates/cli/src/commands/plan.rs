//! `keel plan`: from a description to DIR/keel.yaml (checked) and the
//! architecture package, with a short review for a human.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use keel_architect::{ArchitectError, Plan, llm};
use keel_blueprint::SourceFile;

use crate::exit;

/// Where the description comes from and which architect designs it.
#[derive(Debug, Clone, clap::Args)]
pub struct Design {
    /// The application in plain English (or `-` to read standard input).
    // A bullet list starts with a dash, so the description may too.
    #[arg(value_name = "DESCRIPTION", allow_hyphen_values = true)]
    pub description: Option<String>,
    /// Read the description from a file.
    #[arg(long, value_name = "PATH", conflicts_with = "description")]
    pub file: Option<PathBuf>,
    /// Design with an LLM instead of the offline architect.
    #[arg(long)]
    pub llm: bool,
    /// LLM API: `openai` (any OpenAI-compatible endpoint) or `anthropic` [env: KEEL_LLM_PROVIDER].
    #[arg(long, value_name = "NAME")]
    pub provider: Option<String>,
    /// Base URL of the LLM API, e.g. http://localhost:11434/v1 [env: KEEL_LLM_BASE_URL].
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Model name [env: KEEL_LLM_MODEL].
    #[arg(long, value_name = "NAME")]
    pub model: Option<String>,
    /// How many times invalid answers are sent back to be fixed.
    #[arg(long, value_name = "N")]
    pub repair_rounds: Option<u32>,
    /// Seconds to wait for one LLM response.
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<u64>,
    /// Retries of a failed request (429, 5xx, network).
    #[arg(long, value_name = "N")]
    pub max_retries: Option<u32>,
    /// Most tokens one answer may have, 256 to 131072 (default 8192) [env: KEEL_LLM_MAX_TOKENS].
    #[arg(long, value_name = "N")]
    pub max_tokens: Option<u32>,
    /// Settings file with an [llm] section (default: ./keel.toml if present).
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub design: Design,
    /// Directory to write keel.yaml and the generated files into.
    #[arg(short, long, value_name = "DIR", default_value = ".")]
    pub output: PathBuf,
    /// Replace an existing keel.yaml (and generated files you changed).
    #[arg(long)]
    pub force: bool,
    /// Print one JSON object with the plan on stdout.
    #[arg(long)]
    pub json: bool,
    /// Print only the summary (entities, relations, roles, capabilities) as JSON; write nothing.
    #[arg(long)]
    pub summary_json: bool,
}

pub fn run(args: Args) -> ExitCode {
    if args.summary_json {
        return match design(&args.design) {
            Ok(plan) => {
                println!(
                    "{}",
                    serde_json::to_string(&plan.summary).unwrap_or_else(|_| "{}".into())
                );
                exit::code(exit::OK)
            }
            Err(e) => {
                eprintln!("error: {e}");
                exit::code(e.exit_code())
            }
        };
    }
    match plan_into(&args.design, &args.output, args.force, args.json, false) {
        Ok(()) => exit::code(exit::OK),
        Err(code) => code,
    }
}

/// Designs with the chosen architect.
pub fn design(d: &Design) -> Result<Plan, ArchitectError> {
    let description = read_description(d)?;
    if d.llm {
        let overrides = llm::Overrides {
            provider: d.provider.clone(),
            base_url: d.base_url.clone(),
            model: d.model.clone(),
            api_key: None,
            timeout_secs: d.timeout,
            repair_rounds: d.repair_rounds,
            max_retries: d.max_retries,
            max_tokens: d.max_tokens,
            config_file: d.config.clone(),
        };
        let config = llm::Config::resolve(&overrides, &|k| std::env::var(k).ok())?;
        llm::plan_with_llm(&description, &config)
    } else {
        keel_architect::plan_offline(&description)
    }
}

fn read_description(d: &Design) -> Result<String, ArchitectError> {
    let bytes = match (&d.file, d.description.as_deref()) {
        (Some(path), _) => std::fs::read(path)
            .map_err(|e| ArchitectError::NotText(format!("cannot read {}: {e}", path.display())))?,
        (None, Some("-")) => {
            let mut buf = Vec::new();
            std::io::stdin()
                .take(1024 * 1024)
                .read_to_end(&mut buf)
                .map_err(|e| ArchitectError::NotText(format!("cannot read standard input: {e}")))?;
            buf
        }
        (None, Some(text)) => text.as_bytes().to_vec(),
        (None, None) => return Err(ArchitectError::EmptyDescription),
    };
    keel_architect::input::from_bytes(&bytes)
}

/// Plans into `dir`: designs, checks, then writes keel.yaml and the
/// generated files, or nothing at all. Shared by `plan` and `new`.
pub fn plan_into(
    d: &Design,
    dir: &Path,
    force: bool,
    json: bool,
    _new: bool,
) -> Result<(), ExitCode> {
    let fail = |code: u8, message: &str| -> ExitCode {
        if json {
            println!("{}", serde_json::json!({ "ok": false, "error": message }));
        } else {
            eprintln!("error: {message}");
        }
        exit::code(code)
    };
    let target = dir.join("keel.yaml");
    if target.exists() && !force {
        return Err(fail(
            exit::FAILED,
            &format!(
                "{} already exists; nothing was written (re-run with --force to replace it)",
                target.display()
            ),
        ));
    }
    let plan = match design(d) {
        Ok(plan) => plan,
        Err(e) => {
            let message = match &e {
                ArchitectError::Invalid { .. } => format!("{e}\nnothing was written"),
                _ => format!("{e}; nothing was written"),
            };
            return Err(fail(e.exit_code(), &message));
        }
    };
    // Every blueprint written passes `keel check`.
    let source = SourceFile::new(target.display().to_string(), plan.yaml.clone());
    let checked = match keel_blueprint::check(&source) {
        Ok(c) => c,
        Err(diagnostics) => {
            crate::ui::print_diagnostics(&source, &diagnostics);
            return Err(fail(
                exit::FAILED,
                "the architect produced an invalid blueprint (a bug in keel); nothing was written",
            ));
        }
    };
    let created_dir = !dir.exists();
    if let Err(e) = std::fs::create_dir_all(dir) {
        return Err(fail(
            exit::FAILED,
            &format!("cannot create {}: {e}", dir.display()),
        ));
    }
    // Stage keel.yaml, generate, then move keel.yaml into place.
    let staged = dir.join(".keel.yaml.keel-tmp");
    if let Err(e) = std::fs::write(&staged, &plan.yaml) {
        cleanup(&staged, dir, created_dir);
        return Err(fail(
            exit::FAILED,
            &format!("cannot write {}: {e}", staged.display()),
        ));
    }
    if !json {
        eprintln!("{}", plan.review.to_text().trim_end());
    }
    // Progress and the generation report go to stderr; stdout carries only this command's JSON.
    let generated =
        super::generate::generate_into(dir, &checked.blueprint, &plan.yaml, force, false);
    if let Err(code) = generated {
        cleanup(&staged, dir, created_dir);
        return Err(code);
    }
    if let Err(e) = std::fs::rename(&staged, &target) {
        cleanup(&staged, dir, created_dir);
        return Err(fail(
            exit::FAILED,
            &format!("cannot write {}: {e}", target.display()),
        ));
    }
    if json {
        println!(
            "{}",
            serde_json::json!({
                "ok": true,
                "blueprint": target.display().to_string(),
                "engine": plan.engine,
                "review": plan.review,
                "summary": plan.summary,
            })
        );
    } else {
        if let keel_architect::Engine::Llm {
            model,
            prompt_tokens,
            completion_tokens,
            elapsed_ms,
            repair_rounds,
            ..
        } = &plan.engine
        {
            eprintln!(
                "llm: {model}, {prompt_tokens} prompt + {completion_tokens} completion tokens, {repair_rounds} repair round(s), {:.1}s",
                *elapsed_ms as f64 / 1000.0
            );
        }
        eprintln!(
            "wrote {} (review it, edit it, then `keel generate {}`)",
            target.display(),
            dir.display()
        );
    }
    Ok(())
}

fn cleanup(staged: &Path, dir: &Path, created_dir: bool) {
    let _ = std::fs::remove_file(staged);
    if created_dir {
        let _ = std::fs::remove_dir(dir);
    }
}
