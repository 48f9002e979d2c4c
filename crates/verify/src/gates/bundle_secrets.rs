//! `bundle-secrets`: nothing secret or server-side reaches the browser.
//! Scans every file of the built web app (`web/dist`) for private keys,
//! tokens, connection strings, known API-key formats, the names of the
//! server's environment variables and high-entropy strings. Any hit fails.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use keel_blueprint::Blueprint;
use regex::Regex;

use crate::report::{GateResult, Status};
use crate::{Context, Gate};

pub struct BundleSecrets;

const NAME: &str = "bundle-secrets";
const PROVES: &str = "the built web bundle holds no secret, token, key or server-side setting";

/// One finding: where, what kind, and a redacted excerpt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub file: String,
    pub line: usize,
    pub kind: String,
    pub excerpt: String,
}

static PATTERNS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    [
        ("private key", r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----"),
        ("JSON web token", r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),
        (
            "connection string",
            r#"(?i)\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|redis|rediss|amqps?)://[^\s"'`<>]+"#,
        ),
        ("Stripe key", r"\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}"),
        ("Stripe webhook secret", r"\bwhsec_[0-9A-Za-z]{16,}"),
        ("AWS access key", r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
        ("GitHub token", r"\bgh[pousr]_[A-Za-z0-9]{36,}"),
        ("Slack token", r"\bxox[abprs]-[0-9A-Za-z-]{10,}"),
        ("Google API key", r"\bAIza[0-9A-Za-z_-]{35}"),
        ("password assignment", r#"(?i)\b(?:password|passwd|secret)\s*[:=]\s*["'][^"'\s]{8,}["']"#),
    ]
    .into_iter()
    .map(|(k, p)| (k, Regex::new(p).expect("patterns are valid")))
    .collect()
});

/// Quoted strings long enough to be a key.
static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"["'`]([A-Za-z0-9+/=_-]{32,})["'`]"#).expect("valid"));

/// The names of the server's settings (docs/generated-system.md): none of
/// them means anything in a browser.
pub fn server_variables(blueprint: &Blueprint) -> Vec<String> {
    let mut names: Vec<String> = [
        "DATABASE_URL",
        "JWT_PRIVATE_KEY",
        "JWT_PUBLIC_KEY",
        "JWT_ISSUER",
        "WEB_DIR",
        "RATE_LIMIT_PER_MINUTE",
        "STRIPE_SECRET_KEY",
        "STRIPE_WEBHOOK_SECRET",
        "SMTP_PASSWORD",
        "SMTP_URL",
        "PGPASSWORD",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    for s in &blueprint.services {
        names.push(format!("{}_URL", s.name.to_uppercase()));
    }
    names
}

/// Bits per character; random keys score high, words and code low.
fn entropy(s: &str) -> f64 {
    let mut counts = [0u32; 256];
    for b in s.bytes() {
        counts[b as usize] += 1;
    }
    let n = s.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

/// A random-looking token: mixed character classes, high entropy, and not
/// an alphabet table (`ABCDEFGH…`) that encoders ship.
fn looks_random(s: &str) -> bool {
    let classes = [
        s.bytes().any(|b| b.is_ascii_lowercase()),
        s.bytes().any(|b| b.is_ascii_uppercase()),
        s.bytes().any(|b| b.is_ascii_digit()),
    ]
    .iter()
    .filter(|&&c| c)
    .count();
    let sequential = s
        .as_bytes()
        .windows(2)
        .filter(|w| w[1] == w[0].wrapping_add(1))
        .count();
    let hex = s.bytes().all(|b| b.is_ascii_hexdigit());
    let threshold = if hex { 3.7 } else { 4.6 };
    classes >= 2 && sequential * 3 < s.len() && entropy(s) >= threshold && (!hex || s.len() >= 40)
}

fn redact(s: &str) -> String {
    let keep: String = s.chars().take(6).collect();
    format!("{keep}… ({} chars)", s.chars().count())
}

/// Every hit in one text file.
pub fn scan_text(file: &str, text: &str, variables: &[String]) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut hit = |kind: String, found: &str| {
            hits.push(Hit {
                file: file.to_owned(),
                line: i + 1,
                kind,
                excerpt: redact(found),
            })
        };
        for (kind, re) in PATTERNS.iter() {
            for m in re.find_iter(line) {
                hit((*kind).to_owned(), m.as_str());
            }
        }
        for name in variables {
            let mut start = 0;
            while let Some(pos) = line[start..].find(name.as_str()) {
                let at = start + pos;
                let end = at + name.len();
                let bounded =
                    |c: Option<char>| c.is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_'));
                if bounded(line[..at].chars().next_back()) && bounded(line[end..].chars().next()) {
                    hit(format!("server setting `{name}`"), name);
                }
                start = end;
            }
        }
        for cap in QUOTED.captures_iter(line) {
            let s = &cap[1];
            if looks_random(s) {
                hit("high-entropy string".into(), s);
            }
        }
    }
    hits
}

/// Every hit in a directory, files in sorted order.
pub fn scan_dir(dir: &Path, variables: &[String]) -> std::io::Result<(usize, Vec<Hit>)> {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut hits = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path)?;
        let name = path.strip_prefix(dir).unwrap_or(path).display().to_string();
        // Binary assets are scanned as text too: a key hides anywhere.
        hits.extend(scan_text(
            &name,
            &String::from_utf8_lossy(&bytes),
            variables,
        ));
    }
    Ok((files.len(), hits))
}

impl Gate for BundleSecrets {
    fn name(&self) -> &'static str {
        NAME
    }

    fn proves(&self) -> &'static str {
        PROVES
    }

    fn run(&self, ctx: &Context) -> GateResult {
        let dist = ctx.dir.join("web/dist");
        if !dist.is_dir() {
            let status = if ctx.dir.join("web").is_dir() {
                Status::Fail
            } else {
                Status::Skipped
            };
            return GateResult::new(
                NAME,
                PROVES,
                status,
                "web/dist does not exist: build the web app first (the web-build gate)",
                "",
            );
        }
        let variables = server_variables(&ctx.blueprint);
        match scan_dir(&dist, &variables) {
            Err(e) => GateResult::new(
                NAME,
                PROVES,
                Status::Fail,
                "cannot read web/dist",
                e.to_string(),
            ),
            Ok((files, hits)) if hits.is_empty() => GateResult::new(
                NAME,
                PROVES,
                Status::Pass,
                format!("{files} files of web/dist scanned: no secret, token or server setting"),
                format!(
                    "checked: {}\nserver settings: {}",
                    kinds(),
                    variables.join(", ")
                ),
            ),
            Ok((files, hits)) => {
                let evidence = hits
                    .iter()
                    .map(|h| format!("web/dist/{}:{}: {}: {}", h.file, h.line, h.kind, h.excerpt))
                    .collect::<Vec<_>>()
                    .join("\n");
                GateResult::new(
                    NAME,
                    PROVES,
                    Status::Fail,
                    format!("{} finding(s) in {files} files of web/dist", hits.len()),
                    evidence,
                )
            }
        }
    }
}

fn kinds() -> String {
    let mut k: Vec<&str> = PATTERNS.iter().map(|(k, _)| *k).collect();
    k.push("high-entropy strings");
    k.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars() -> Vec<String> {
        vec!["DATABASE_URL".into(), "COOKBOOK_URL".into()]
    }

    #[test]
    fn finds_each_kind_of_secret() {
        let cases = [
            ("-----BEGIN PRIVATE KEY-----", "private key"),
            (
                "const t=\"eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ\"",
                "JSON web token",
            ),
            (
                "fetch(\"postgres://app:pw@db:5432/recipes\")",
                "connection string",
            ),
            ("k=\"sk_live_51HxYzAbCdEfGhIjKlMnOp\"", "Stripe key"),
            ("process.env.DATABASE_URL", "server setting `DATABASE_URL`"),
            ("{COOKBOOK_URL:1}", "server setting `COOKBOOK_URL`"),
            (
                "x=\"Zq8Xk2LmP9vR4tW7yB1nC6dF3gH5jK0s\"",
                "high-entropy string",
            ),
        ];
        for (text, kind) in cases {
            let hits = scan_text("a.js", text, &vars());
            assert!(
                hits.iter().any(|h| h.kind == kind),
                "{kind} in {text}: {hits:?}"
            );
            assert!(
                hits.iter().all(|h| !h.excerpt.contains("pw@db")),
                "redacted"
            );
        }
    }

    #[test]
    fn leaves_ordinary_code_alone() {
        let clean = [
            "const a=\"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\";",
            "fetch(\"/api/cookbook/recipes\",{credentials:\"same-origin\"})",
            "const DATABASE_URL_HINT=1; MY_DATABASE_URL=2",
            "className:\"button primary small ghost danger block\"",
            "\"__CLIENT_INTERNALS_DO_NOT_USE_OR_WARN_USERS_THEY_CANNOT_UPGRADE\"",
        ];
        for text in clean {
            assert_eq!(scan_text("a.js", text, &vars()), vec![], "{text}");
        }
    }
}
