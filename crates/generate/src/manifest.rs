//! `keel.lock`: every file keel wrote, with its SHA-256, so a later run can
//! tell keel's untouched files from files the user edited.

use std::collections::BTreeMap;

use crate::fileset::FileSet;

pub const FILE_NAME: &str = "keel.lock";

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Manifest {
    pub keel_version: String,
    /// SHA-256 of the keel.yaml the files were generated from.
    pub blueprint: String,
    /// Path → SHA-256 of the contents keel wrote.
    pub files: BTreeMap<String, String>,
}

#[derive(Debug, thiserror::Error)]
#[error("keel.lock line {line}: {message}")]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

impl Manifest {
    pub fn of(files: &FileSet, blueprint_sha256: &str) -> Self {
        Manifest {
            keel_version: env!("CARGO_PKG_VERSION").to_owned(),
            blueprint: blueprint_sha256.to_owned(),
            files: files
                .iter()
                .map(|(p, f)| (p.to_owned(), f.sha256()))
                .collect(),
        }
    }

    pub fn render(&self) -> String {
        let mut out = String::from(
            "# keel.lock: the files keel generated and their SHA-256.\n\
             # keel reads it to tell its own files from files you changed; do not edit it.\n",
        );
        out.push_str(&format!("keel {}\n", self.keel_version));
        out.push_str(&format!("blueprint {}\n", self.blueprint));
        for (path, hash) in &self.files {
            out.push_str(&format!("{hash}  {path}\n"));
        }
        out
    }

    pub fn parse(text: &str) -> Result<Self, ParseError> {
        let mut m = Manifest::default();
        for (i, line) in text.lines().enumerate() {
            let err = |message: &str| ParseError {
                line: i + 1,
                message: message.to_owned(),
            };
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if let Some(v) = line.strip_prefix("keel ") {
                m.keel_version = v.to_owned();
            } else if let Some(v) = line.strip_prefix("blueprint ") {
                m.blueprint = v.to_owned();
            } else if let Some((hash, path)) = line.split_once("  ") {
                if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Err(err("expected a SHA-256 in hex"));
                }
                if !crate::fileset::is_safe_path(path) {
                    return Err(err("unsafe path"));
                }
                m.files.insert(path.to_owned(), hash.to_owned());
            } else {
                return Err(err("expected `<sha256>  <path>`"));
            }
        }
        Ok(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let mut files = FileSet::new();
        files.add("a/b.txt", "hello").unwrap();
        files.add("c.txt", "").unwrap();
        let m = Manifest::of(&files, &"0".repeat(64));
        assert_eq!(Manifest::parse(&m.render()).unwrap(), m);
    }

    #[test]
    fn rejects_garbage() {
        assert!(Manifest::parse("nonsense").is_err());
        assert!(Manifest::parse(&format!("{}  ../x", "a".repeat(64))).is_err());
    }
}
