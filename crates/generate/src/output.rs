//! Writes a file set into a directory atomically and without losing edits.
//!
//! 1. Compare with the previous `keel.lock`: a file keel wrote before and the
//!    user changed since, or a file keel never wrote, is not overwritten
//!    (unless forced) — the whole write is refused and nothing changes.
//! 2. Write every changed file to a temporary sibling; on any failure remove
//!    the temporaries and stop, leaving the directory as it was.
//! 3. Rename the temporaries into place, remove files keel wrote before that
//!    are no longer generated, and write the new `keel.lock` last.

use std::fs;
use std::path::{Path, PathBuf};

use crate::fileset::{FileSet, sha256_hex};
use crate::manifest::{self, Manifest};

#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    /// Overwrite files the user changed.
    pub force: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    pub written: Vec<String>,
    pub unchanged: usize,
    pub removed: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConflictKind {
    /// keel wrote it, the user changed it since.
    Edited,
    /// keel did not write it, and its contents differ from keel's.
    NotGenerated,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub path: String,
    pub kind: ConflictKind,
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{} file(s) changed since keel wrote them or were not written by keel: {}", .0.len(), list(.0))]
    Conflicts(Vec<Conflict>),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Manifest(#[from] manifest::ParseError),
}

fn list(conflicts: &[Conflict]) -> String {
    let shown: Vec<&str> = conflicts.iter().take(8).map(|c| c.path.as_str()).collect();
    let more = conflicts.len().saturating_sub(shown.len());
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Reads the previous manifest of a directory, if any.
pub fn previous_manifest(dir: &Path) -> Result<Option<Manifest>, WriteError> {
    let path = dir.join(manifest::FILE_NAME);
    match fs::read_to_string(&path) {
        Ok(text) => Ok(Some(Manifest::parse(&text)?)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io(&path)(e)),
    }
}

/// Files that would be overwritten or removed against the user's will.
pub fn conflicts(
    dir: &Path,
    files: &FileSet,
    previous: Option<&Manifest>,
) -> Result<Vec<Conflict>, WriteError> {
    let mut out = Vec::new();
    let empty = Default::default();
    let old = previous.map_or(&empty, |m| &m.files);
    for (path, file) in files.iter() {
        let Some(on_disk) = read_if_exists(&dir.join(path))? else {
            continue;
        };
        if on_disk == file.contents {
            continue;
        }
        let kind = match old.get(path) {
            Some(hash) if *hash == sha256_hex(&on_disk) => continue,
            Some(_) => ConflictKind::Edited,
            None => ConflictKind::NotGenerated,
        };
        out.push(Conflict {
            path: path.to_owned(),
            kind,
        });
    }
    for (path, hash) in old {
        if files.get(path).is_some() {
            continue;
        }
        if let Some(on_disk) = read_if_exists(&dir.join(path))? {
            if sha256_hex(&on_disk) != *hash {
                out.push(Conflict {
                    path: path.clone(),
                    kind: ConflictKind::Edited,
                });
            }
        }
    }
    Ok(out)
}

fn read_if_exists(path: &Path) -> Result<Option<Vec<u8>>, WriteError> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::IsADirectory => Err(io(path)(e)),
        Err(e) => Err(io(path)(e)),
    }
}

/// Writes `files` into `dir` (created if needed), then `keel.lock`.
pub fn write(
    dir: &Path,
    files: &FileSet,
    blueprint_sha256: &str,
    options: WriteOptions,
) -> Result<WriteReport, WriteError> {
    let previous = previous_manifest(dir)?;
    if !options.force {
        let conflicts = conflicts(dir, files, previous.as_ref())?;
        if !conflicts.is_empty() {
            return Err(WriteError::Conflicts(conflicts));
        }
    }
    let mut report = WriteReport::default();
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let stage = |staged: &mut Vec<(PathBuf, PathBuf)>,
                 rel: &str,
                 contents: &[u8],
                 executable: bool|
     -> Result<(), WriteError> {
        let target = dir.join(rel);
        let parent = target.parent().expect("joined paths have a parent");
        fs::create_dir_all(parent).map_err(io(parent))?;
        let name = target
            .file_name()
            .expect("file paths have a name")
            .to_string_lossy();
        let tmp = parent.join(format!(".{name}.keel-tmp"));
        fs::write(&tmp, contents).map_err(io(&tmp))?;
        set_executable(&tmp, executable).map_err(io(&tmp))?;
        staged.push((tmp, target));
        Ok(())
    };

    let result = (|| {
        for (path, file) in files.iter() {
            if read_if_exists(&dir.join(path))?.as_deref() == Some(file.contents.as_slice()) {
                report.unchanged += 1;
                continue;
            }
            stage(&mut staged, path, &file.contents, file.executable)?;
            report.written.push(path.to_owned());
        }
        let lock = Manifest::of(files, blueprint_sha256).render();
        stage(&mut staged, manifest::FILE_NAME, lock.as_bytes(), false)
    })();
    if let Err(e) = result {
        for (tmp, _) in &staged {
            let _ = fs::remove_file(tmp);
        }
        return Err(e);
    }

    // Renames within one directory are atomic; the manifest was staged last
    // and so lands last.
    for (tmp, target) in &staged {
        fs::rename(tmp, target).map_err(io(target))?;
    }
    if let Some(previous) = previous {
        for path in previous.files.keys() {
            if files.get(path).is_none() {
                let full = dir.join(path);
                match fs::remove_file(&full) {
                    Ok(()) => report.removed.push(path.clone()),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(io(&full)(e)),
                }
                remove_empty_parents(dir, &full);
            }
        }
    }
    Ok(report)
}

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(unix)]
fn set_executable(path: &Path, executable: bool) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = if executable { 0o755 } else { 0o644 };
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_executable(_: &Path, _: bool) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(files: &[(&str, &str)]) -> FileSet {
        let mut s = FileSet::new();
        for (p, c) in files {
            s.add(*p, *c).unwrap();
        }
        s
    }

    const HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

    #[test]
    fn writes_then_keeps_unchanged_files() {
        let dir = tempfile::tempdir().unwrap();
        let files = set(&[("a/b.txt", "one"), ("c.txt", "two")]);
        let r = write(dir.path(), &files, HASH, WriteOptions::default()).unwrap();
        assert_eq!(r.written, ["a/b.txt", "c.txt"]);
        let r = write(dir.path(), &files, HASH, WriteOptions::default()).unwrap();
        assert_eq!((r.written.len(), r.unchanged), (0, 2));
        assert!(dir.path().join("keel.lock").exists());
    }

    #[test]
    fn refuses_to_overwrite_edits_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            &set(&[("a.txt", "one"), ("b.txt", "two")]),
            HASH,
            WriteOptions::default(),
        )
        .unwrap();
        fs::write(dir.path().join("a.txt"), "mine").unwrap();
        let err = write(
            dir.path(),
            &set(&[("a.txt", "new"), ("b.txt", "new")]),
            HASH,
            WriteOptions::default(),
        )
        .unwrap_err();
        assert!(
            matches!(&err, WriteError::Conflicts(c) if c.len() == 1 && c[0].kind == ConflictKind::Edited)
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("a.txt")).unwrap(),
            "mine"
        );
        assert_eq!(fs::read_to_string(dir.path().join("b.txt")).unwrap(), "two");
        // Forced, keel's version wins.
        write(
            dir.path(),
            &set(&[("a.txt", "new")]),
            HASH,
            WriteOptions { force: true },
        )
        .unwrap();
        assert_eq!(fs::read_to_string(dir.path().join("a.txt")).unwrap(), "new");
        assert!(
            !dir.path().join("b.txt").exists(),
            "files no longer generated are removed"
        );
    }

    #[test]
    fn refuses_to_overwrite_a_file_keel_did_not_write() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("README.md"), "my notes").unwrap();
        let err = write(
            dir.path(),
            &set(&[("README.md", "keel's")]),
            HASH,
            WriteOptions::default(),
        )
        .unwrap_err();
        assert!(matches!(err, WriteError::Conflicts(c) if c[0].kind == ConflictKind::NotGenerated));
    }

    #[test]
    fn leaves_no_temporaries_when_a_write_fails() {
        let dir = tempfile::tempdir().unwrap();
        // A directory where a file should go makes staging fail midway.
        fs::create_dir_all(dir.path().join("b.txt/inner")).unwrap();
        let err = write(
            dir.path(),
            &set(&[("a.txt", "x"), ("b.txt", "y")]),
            HASH,
            WriteOptions::default(),
        );
        assert!(err.is_err());
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("b.txt")]);
    }
}
