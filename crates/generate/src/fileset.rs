//! An in-memory tree of generated files, keyed by relative path.

use std::collections::BTreeMap;
use std::fmt;

use sha2::{Digest, Sha256};

/// A generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub contents: Vec<u8>,
    /// Written with the executable bit (scripts).
    pub executable: bool,
}

impl File {
    pub fn sha256(&self) -> String {
        sha256_hex(&self.contents)
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Generated files by path. Paths are relative, `/`-separated and sorted, so
/// iteration order (and so every output) is deterministic.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileSet {
    files: BTreeMap<String, File>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileSetError {
    #[error("`{0}` is written twice")]
    Duplicate(String),
    #[error("`{0}` is not a safe relative path")]
    UnsafePath(String),
}

impl FileSet {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text file. Paths must be relative and stay inside the output.
    pub fn add(
        &mut self,
        path: impl Into<String>,
        contents: impl Into<String>,
    ) -> Result<(), FileSetError> {
        self.add_file(
            path,
            File {
                contents: contents.into().into_bytes(),
                executable: false,
            },
        )
    }

    pub fn add_executable(
        &mut self,
        path: impl Into<String>,
        contents: impl Into<String>,
    ) -> Result<(), FileSetError> {
        self.add_file(
            path,
            File {
                contents: contents.into().into_bytes(),
                executable: true,
            },
        )
    }

    pub fn add_file(&mut self, path: impl Into<String>, file: File) -> Result<(), FileSetError> {
        let path = path.into();
        if !is_safe_path(&path) {
            return Err(FileSetError::UnsafePath(path));
        }
        if self.files.contains_key(&path) {
            return Err(FileSetError::Duplicate(path));
        }
        self.files.insert(path, file);
        Ok(())
    }

    /// Moves every file of `other` into this set.
    pub fn merge(&mut self, other: FileSet) -> Result<(), FileSetError> {
        for (path, file) in other.files {
            self.add_file(path, file)?;
        }
        Ok(())
    }

    pub fn get(&self, path: &str) -> Option<&File> {
        self.files.get(path)
    }

    /// The text of a file, if it exists and is UTF-8.
    pub fn text(&self, path: &str) -> Option<&str> {
        self.files
            .get(path)
            .and_then(|f| std::str::from_utf8(&f.contents).ok())
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &File)> {
        self.files.iter().map(|(p, f)| (p.as_str(), f))
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// Files under a directory prefix such as `api/`.
    pub fn under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a File)> + 'a {
        self.files
            .range(prefix.to_owned()..)
            .take_while(move |(p, _)| p.starts_with(prefix))
            .map(|(p, f)| (p.as_str(), f))
    }

    /// A copy holding only the files under any of the prefixes.
    pub fn subset(&self, prefixes: &[&str]) -> FileSet {
        FileSet {
            files: self
                .files
                .iter()
                .filter(|(p, _)| {
                    prefixes
                        .iter()
                        .any(|pre| crate::agent::under_prefix(p, pre))
                })
                .map(|(p, f)| (p.clone(), f.clone()))
                .collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn total_bytes(&self) -> usize {
        self.files.values().map(|f| f.contents.len()).sum()
    }
}

impl fmt::Display for FileSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for path in self.files.keys() {
            writeln!(f, "{path}")?;
        }
        Ok(())
    }
}

/// Relative, no `..`, no empty or `.` components, no backslashes.
pub fn is_safe_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains('\0')
        && path
            .split('/')
            .all(|c| !c.is_empty() && c != "." && c != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_duplicates_and_escapes() {
        let mut set = FileSet::new();
        set.add("a/b.txt", "x").unwrap();
        assert_eq!(
            set.add("a/b.txt", "y"),
            Err(FileSetError::Duplicate("a/b.txt".into()))
        );
        for bad in ["/etc/passwd", "../x", "a/../b", "a//b", "", "a\\b", "./a"] {
            assert!(set.add(bad, "x").is_err(), "{bad}");
        }
    }

    #[test]
    fn lists_files_under_a_prefix_in_order() {
        let mut set = FileSet::new();
        for p in ["api/b.yaml", "api/a.yaml", "apis.txt", "db/x.sql"] {
            set.add(p, "").unwrap();
        }
        let under: Vec<_> = set.under("api/").map(|(p, _)| p).collect();
        assert_eq!(under, ["api/a.yaml", "api/b.yaml"]);
    }
}
