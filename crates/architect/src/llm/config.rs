//! Which endpoint, model and key the LLM architect uses: from flags, then
//! the environment (`KEEL_LLM_*`), then a config file (`keel.toml`,
//! section `[llm]`), then defaults.

use std::path::Path;
use std::time::Duration;

use super::LlmError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    /// Any OpenAI-compatible chat-completions endpoint (OpenAI, Ollama,
    /// vLLM, llama.cpp, LM Studio, OpenRouter, ...).
    OpenAi,
    /// Anthropic's Messages API.
    Anthropic,
}

impl Provider {
    pub fn parse(s: &str) -> Result<Provider, LlmError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "openai" | "openai-compatible" | "ollama" | "vllm" | "llamacpp" | "llama.cpp"
            | "lmstudio" | "openrouter" => Ok(Provider::OpenAi),
            "anthropic" | "claude" => Ok(Provider::Anthropic),
            other => Err(LlmError::Config(format!(
                "unknown LLM provider `{other}`; use `openai` (any OpenAI-compatible endpoint) or `anthropic`"
            ))),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Provider::OpenAi => "openai",
            Provider::Anthropic => "anthropic",
        }
    }

    fn default_base_url(self) -> &'static str {
        match self {
            Provider::OpenAi => "https://api.openai.com/v1",
            Provider::Anthropic => "https://api.anthropic.com/v1",
        }
    }
}

/// Settings given on the command line (all optional).
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub provider: Option<String>,
    pub base_url: Option<String>,
    pub model: Option<String>,
    pub api_key: Option<String>,
    pub timeout_secs: Option<u64>,
    pub repair_rounds: Option<u32>,
    pub max_retries: Option<u32>,
    pub max_tokens: Option<u32>,
    pub config_file: Option<std::path::PathBuf>,
}

#[derive(Clone)]
pub struct Config {
    pub provider: Provider,
    pub base_url: String,
    pub model: String,
    /// Never printed: `Debug` shows whether one is set, not its value.
    pub api_key: Option<String>,
    pub timeout: Duration,
    pub repair_rounds: u32,
    pub max_retries: u32,
    /// First backoff; doubles each retry, with jitter.
    pub backoff: Duration,
    pub max_tokens: u32,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("provider", &self.provider)
            .field("base_url", &self.base_url)
            .field("model", &self.model)
            .field("api_key", &self.api_key.as_ref().map(|_| "<set>"))
            .field("timeout", &self.timeout)
            .field("repair_rounds", &self.repair_rounds)
            .field("max_retries", &self.max_retries)
            .finish()
    }
}

impl Config {
    /// Resolves the settings: flags, then `env`, then the config file.
    pub fn resolve(
        flags: &Overrides,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Config, LlmError> {
        let file = match &flags.config_file {
            Some(p) => read_config(p)?,
            None => {
                let default = Path::new("keel.toml");
                if default.is_file() {
                    read_config(default)?
                } else {
                    Vec::new()
                }
            }
        };
        let from_file = |key: &str| file.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        let pick = |flag: &Option<String>, var: &str, key: &str| -> Option<String> {
            flag.clone()
                .or_else(|| env(var).filter(|v| !v.is_empty()))
                .or_else(|| from_file(key))
        };
        let provider = match pick(&flags.provider, "KEEL_LLM_PROVIDER", "provider") {
            Some(p) => Provider::parse(&p)?,
            None => Provider::OpenAi,
        };
        let base_url = pick(&flags.base_url, "KEEL_LLM_BASE_URL", "base_url")
            .unwrap_or_else(|| provider.default_base_url().to_owned());
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(LlmError::Config(format!(
                "the LLM base URL must start with http:// or https://, got `{base_url}`"
            )));
        }
        let model = pick(&flags.model, "KEEL_LLM_MODEL", "model").ok_or_else(|| {
            LlmError::Config(
                "no LLM model given: pass --model, set KEEL_LLM_MODEL, or add `model = \"...\"` under [llm] in keel.toml".into(),
            )
        })?;
        let api_key = flags
            .api_key
            .clone()
            .or_else(|| env("KEEL_LLM_API_KEY").filter(|v| !v.is_empty()))
            .or_else(|| from_file("api_key"));
        let number =
            |flag: Option<u64>, var: &str, key: &str, default: u64| -> Result<u64, LlmError> {
                if let Some(v) = flag {
                    return Ok(v);
                }
                match env(var).or_else(|| from_file(key)) {
                    Some(v) => v.trim().parse().map_err(|_| {
                        LlmError::Config(format!("`{key}` must be a whole number, got `{v}`"))
                    }),
                    None => Ok(default),
                }
            };
        let timeout = number(flags.timeout_secs, "KEEL_LLM_TIMEOUT", "timeout_secs", 120)?;
        let repair_rounds = number(
            flags.repair_rounds.map(u64::from),
            "KEEL_LLM_REPAIR_ROUNDS",
            "repair_rounds",
            2,
        )?;
        let max_retries = number(
            flags.max_retries.map(u64::from),
            "KEEL_LLM_MAX_RETRIES",
            "max_retries",
            4,
        )?;
        // Small local models run with small contexts: the prompt (about
        // 2,000 tokens) plus this must fit the server's context.
        let max_tokens = number(
            flags.max_tokens.map(u64::from),
            "KEEL_LLM_MAX_TOKENS",
            "max_tokens",
            8192,
        )?;
        Ok(Config {
            provider,
            base_url: base_url.trim_end_matches('/').to_owned(),
            model,
            api_key,
            timeout: Duration::from_secs(timeout.clamp(1, 3600)),
            repair_rounds: repair_rounds.min(10) as u32,
            max_retries: max_retries.min(10) as u32,
            backoff: Duration::from_millis(500),
            max_tokens: max_tokens.clamp(256, 131_072) as u32,
        })
    }
}

/// `key = "value"` lines of the `[llm]` section of a TOML file (strings
/// and integers; enough for keel's settings without a TOML parser).
fn read_config(path: &Path) -> Result<Vec<(String, String)>, LlmError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| LlmError::Config(format!("cannot read {}: {e}", path.display())))?;
    let mut section = String::new();
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split_once(" #").map_or(line, |(a, _)| a).trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(s) = line.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            section = s.trim().to_owned();
            continue;
        }
        if section != "llm" {
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            return Err(LlmError::Config(format!(
                "{}:{}: expected `key = value`",
                path.display(),
                n + 1
            )));
        };
        let v = v.trim();
        let v = v
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(v);
        out.push((k.trim().to_owned(), v.to_owned()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_win_over_env_and_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("keel.toml");
        std::fs::write(&file, "[other]\nmodel = \"x\"\n[llm]\nmodel = \"from-file\"\nprovider = \"anthropic\" # comment\nrepair_rounds = 5\nmax_tokens = 1024\n").unwrap();
        let flags = Overrides {
            config_file: Some(file),
            base_url: Some("http://127.0.0.1:9/v1/".into()),
            ..Overrides::default()
        };
        let env = |k: &str| (k == "KEEL_LLM_MODEL").then(|| "from-env".to_owned());
        let c = Config::resolve(&flags, &env).unwrap();
        assert_eq!(c.model, "from-env");
        assert_eq!(c.provider, Provider::Anthropic);
        assert_eq!(c.base_url, "http://127.0.0.1:9/v1");
        assert_eq!(c.repair_rounds, 5);
        assert_eq!(c.max_tokens, 1024);
        let c = Config::resolve(
            &Overrides {
                model: Some("m".into()),
                ..Overrides::default()
            },
            &|_| None,
        )
        .unwrap();
        assert_eq!(c.max_tokens, 8192);
    }

    #[test]
    fn debug_hides_the_key() {
        let flags = Overrides {
            model: Some("m".into()),
            api_key: Some("sk-secret-123".into()),
            ..Overrides::default()
        };
        let c = Config::resolve(&flags, &|_| None).unwrap();
        assert!(!format!("{c:?}").contains("sk-secret-123"));
    }

    #[test]
    fn needs_a_model() {
        let err = Config::resolve(&Overrides::default(), &|_| None).unwrap_err();
        assert!(err.to_string().contains("no LLM model"));
    }
}
