//! The LLM architect: any OpenAI-compatible chat-completions endpoint, or
//! Anthropic's Messages API, asked for a blueprint under the blueprint's
//! JSON Schema; every answer is checked locally (schema and `keel check`)
//! and the problems are sent back for a bounded number of repair rounds.

pub mod client;
pub mod config;
pub mod prompt;
pub mod repair;

pub use config::{Config, Overrides, Provider};
pub use repair::plan_with_llm;

#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    /// Settings are missing or wrong (bad input: exit 2).
    #[error("{0}")]
    Config(String),
    /// The endpoint could not be reached, timed out or kept failing.
    #[error("the LLM endpoint failed: {0}")]
    Upstream(String),
    /// The endpoint answered, but not with a usable blueprint. What the
    /// attempt cost is reported, as it is for a plan that succeeds.
    #[error(
        "the LLM did not produce a valid blueprint after {rounds} repair round(s) ({prompt_tokens} prompt + {completion_tokens} completion tokens, {:.1}s):\n{problems}",
        *elapsed_ms as f64 / 1000.0
    )]
    NoValidBlueprint {
        rounds: u32,
        problems: String,
        prompt_tokens: u64,
        completion_tokens: u64,
        elapsed_ms: u64,
    },
}

impl LlmError {
    pub fn exit_code(&self) -> u8 {
        match self {
            LlmError::Config(_) => 2,
            LlmError::Upstream(_) | LlmError::NoValidBlueprint { .. } => 1,
        }
    }
}
