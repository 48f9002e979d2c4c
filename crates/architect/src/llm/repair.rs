//! The repair loop: ask, check locally (JSON Schema, then `keel check` on
//! the rendered YAML), feed the problems back, at most `repair_rounds`
//! times.

use std::collections::BTreeSet;
use std::time::Instant;

use keel_blueprint::Document;
use serde_json::Value as Json;

use super::client::{self, Message, Transport, Usage};
use super::{Config, LlmError, prompt};
use crate::{ArchitectError, Engine, Plan};

/// Designs a system with an LLM over HTTP.
pub fn plan_with_llm(description: &str, cfg: &Config) -> Result<Plan, ArchitectError> {
    plan_with_transport(description, cfg, &client::Http)
}

/// Designs a system with an LLM reached through `transport`.
pub fn plan_with_transport(
    description: &str,
    cfg: &Config,
    transport: &dyn Transport,
) -> Result<Plan, ArchitectError> {
    let description = crate::input::validate(description)?;
    let schema = keel_blueprint::json_schema();
    let sent = client::schema_for_decoding(&schema);
    let started = Instant::now();
    let mut usage = Usage::default();
    let mut messages = vec![Message {
        role: "user",
        content: prompt::request(description),
    }];
    let mut problems: Vec<String> = Vec::new();
    let mut structured = client::Structured::default();
    for round in 0..=cfg.repair_rounds {
        // (A failure in a repair round still reports what the rounds
        // before it spent.)
        let reply = client::complete(
            cfg,
            transport,
            prompt::system(),
            &messages,
            &sent,
            &mut structured,
        )
        .map_err(|e| match e {
            LlmError::Upstream(m) if round > 0 => LlmError::Upstream(format!(
                "{m}; the {round} round(s) before it spent {} prompt + {} completion tokens",
                usage.prompt_tokens, usage.completion_tokens
            )),
            other => other,
        })?;
        usage.prompt_tokens += reply.usage.prompt_tokens;
        usage.completion_tokens += reply.usage.completion_tokens;
        match evaluate(&reply.content, &schema) {
            Ok((document, yaml)) => {
                let joins = join_entities(&document);
                let review = crate::review::review(
                    &document,
                    vec![match structured {
                        client::Structured::JsonSchema => {
                            format!("Designed by the LLM `{}` and checked by keel.", cfg.model)
                        }
                        // (a weaker form: the reviewer should know)
                        form => format!(
                            "Designed by the LLM `{}` and checked by keel; the endpoint took no `json_schema` response format, so the answer was asked for as `{}`.",
                            cfg.model,
                            form.as_str()
                        ),
                    }],
                    Vec::new(),
                );
                let summary = crate::review::summary(&document, &joins, false);
                return Ok(Plan {
                    document,
                    yaml,
                    review,
                    summary,
                    engine: Engine::Llm {
                        provider: cfg.provider.as_str().to_owned(),
                        model: cfg.model.clone(),
                        prompt_tokens: usage.prompt_tokens,
                        completion_tokens: usage.completion_tokens,
                        elapsed_ms: started.elapsed().as_millis() as u64,
                        repair_rounds: round,
                    },
                });
            }
            Err(found) => {
                problems = found;
                messages.push(Message {
                    role: "assistant",
                    content: reply.content.chars().take(200_000).collect(),
                });
                messages.push(Message {
                    role: "user",
                    content: prompt::repair(&problems),
                });
            }
        }
    }
    Err(LlmError::NoValidBlueprint {
        rounds: cfg.repair_rounds,
        prompt_tokens: usage.prompt_tokens,
        completion_tokens: usage.completion_tokens,
        elapsed_ms: started.elapsed().as_millis() as u64,
        problems: problems
            .iter()
            .take(20)
            .map(|p| format!("  {p}"))
            .collect::<Vec<_>>()
            .join("\n"),
    }
    .into())
}

/// Checks an answer: JSON, the schema, then `keel check`. Returns the
/// document and its canonical YAML, or every problem found.
pub fn evaluate(content: &str, schema: &Json) -> Result<(Document, String), Vec<String>> {
    let text = strip_fences(content);
    let value: Json = serde_json::from_str(text)
        .map_err(|e| vec![format!("the answer is not a JSON object: {e}")])?;
    let validator = jsonschema::validator_for(schema)
        .map_err(|e| vec![format!("internal: the schema does not compile: {e}")])?;
    let schema_problems: Vec<String> = validator
        .iter_errors(&value)
        .take(40)
        .map(|e| {
            let at = e.instance_path().to_string();
            format!("{}: {e}", if at.is_empty() { "/".to_owned() } else { at })
        })
        .collect();
    if !schema_problems.is_empty() {
        return Err(schema_problems);
    }
    let document: Document = serde_json::from_value(value)
        .map_err(|e| vec![format!("cannot read the blueprint: {e}")])?;
    let yaml = keel_blueprint::to_yaml(&document);
    match crate::check(&yaml) {
        Ok(doc) => Ok((doc, yaml)),
        Err(ArchitectError::Invalid { problems, .. }) => Err(problems),
        Err(other) => Err(vec![other.to_string()]),
    }
}

/// Models often wrap JSON in a Markdown fence.
fn strip_fences(s: &str) -> &str {
    let t = s.trim();
    let t = t
        .strip_prefix("```json")
        .or_else(|| t.strip_prefix("```"))
        .unwrap_or(t);
    t.strip_suffix("```").unwrap_or(t).trim()
}

/// Entities that only join two parents (no fields of their own).
fn join_entities(doc: &Document) -> BTreeSet<String> {
    doc.entities
        .iter()
        .filter(|(_, e)| e.belongs_to.to_vec().len() >= 2 && e.fields.is_empty())
        .map(|(n, _)| n.clone())
        .collect()
}
