//! The working tree as a source: walks `accounts/` without following links, reads files
//! in parallel, and refuses files that are too large or links that leave the repository.

use super::{MAX_FILE_BYTES, RawFile, Snapshot, Source, too_large};
use crate::diag::Diagnostic;
use crate::error::Result;
use rayon::prelude::*;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

pub struct Worktree {
    root: PathBuf,
}

impl Worktree {
    pub fn new(root: &Path) -> Self {
        Worktree { root: root.to_path_buf() }
    }

    /// Lists (relative path, absolute path) of every file to read, and the diagnostics of
    /// entries that cannot be read.
    fn list(&self, diags: &mut Vec<Diagnostic>, skipped: &mut usize) -> Vec<(String, PathBuf)> {
        let mut out = Vec::new();
        let config = self.root.join("kam.toml");
        let canonical_root = fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone());
        match fs::symlink_metadata(&config) {
            // A link is followed only to a file inside the repository, as under accounts/.
            Ok(meta) if meta.file_type().is_symlink() => match fs::canonicalize(&config) {
                Ok(target) if target.starts_with(&canonical_root) && target.is_file() => {
                    out.push(("kam.toml".to_string(), target));
                }
                Ok(target) => {
                    let msg =
                        format!("symbolic link to `{}` points outside the repository; not followed", target.display());
                    diags.push(Diagnostic::new("E006", "kam.toml", None, msg));
                    *skipped += 1;
                }
                Err(_) => {
                    diags.push(Diagnostic::new("E005", "kam.toml", None, "symbolic link is broken"));
                    *skipped += 1;
                }
            },
            Ok(meta) if meta.is_file() => out.push(("kam.toml".to_string(), config)),
            _ => {}
        }
        let accounts = self.root.join("accounts");
        if !accounts.is_dir() {
            return out;
        }
        let walker = WalkDir::new(&accounts).follow_links(false).sort_by_file_name().into_iter();
        let walker = walker.filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    let path = err.path().map_or("accounts".to_string(), |p| self.relative(p));
                    diags.push(Diagnostic::new(
                        "E005",
                        &path,
                        None,
                        format!("cannot read: {}", io_reason(&err.to_string())),
                    ));
                    *skipped += 1;
                    continue;
                }
            };
            let rel = self.relative(entry.path());
            if entry.file_type().is_dir() {
                continue;
            }
            if entry.path_is_symlink() {
                match fs::canonicalize(entry.path()) {
                    Ok(target) if target.starts_with(&canonical_root) => {
                        if target.is_file() {
                            out.push((rel, target));
                        }
                    }
                    Ok(target) => {
                        let msg = format!(
                            "symbolic link to `{}` points outside the repository; not followed",
                            target.display()
                        );
                        diags.push(Diagnostic::new("E006", &rel, None, msg));
                        *skipped += 1;
                    }
                    Err(_) => {
                        let target = fs::read_link(entry.path()).map(|t| t.display().to_string()).unwrap_or_default();
                        diags.push(Diagnostic::new(
                            "E005",
                            &rel,
                            None,
                            format!("symbolic link to `{target}` is broken"),
                        ));
                        *skipped += 1;
                    }
                }
                continue;
            }
            if !entry.file_type().is_file() {
                // A pipe, socket or device: opening a FIFO would block kam forever.
                let msg = "cannot read: not a regular file (a pipe, socket or device)";
                diags.push(Diagnostic::new("E005", &rel, None, msg));
                *skipped += 1;
                continue;
            }
            out.push((rel, entry.into_path()));
        }
        out
    }

    fn relative(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        parts.join("/")
    }
}

fn io_reason(message: &str) -> String {
    message.split(" (os error").next().unwrap_or(message).to_lowercase()
}

/// A file's bytes, or its size when it is too large to read.
type Limited = std::result::Result<Vec<u8>, u64>;

/// Reads at most `MAX_FILE_BYTES + 1` bytes, so a huge file costs no memory.
fn read_limited(path: &Path) -> std::io::Result<Limited> {
    let file = fs::File::open(path)?;
    let len = file.metadata()?.len();
    if len > MAX_FILE_BYTES {
        return Ok(Err(len));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Ok(Err(bytes.len() as u64));
    }
    Ok(Ok(bytes))
}

impl Source for Worktree {
    fn snapshot(&self) -> Result<Snapshot> {
        let mut snap = Snapshot::default();
        let listed = self.list(&mut snap.diags, &mut snap.skipped);
        let results: Vec<(String, std::io::Result<Limited>)> = listed
            .into_par_iter()
            .map(|(rel, abs)| {
                // Only `.toml` files are parsed; any other file is a stray, reported by its
                // name alone, so its bytes (a photo, a dump) are neither read nor size-checked.
                let r = if super::is_toml(&rel) { read_limited(&abs) } else { Ok(Ok(Vec::new())) };
                (rel, r)
            })
            .collect();
        for (path, result) in results {
            match result {
                Ok(Ok(bytes)) => snap.files.push(RawFile { path, bytes }),
                Ok(Err(size)) => {
                    snap.diags.push(too_large(&path, size));
                    snap.skipped += 1;
                }
                Err(err) => {
                    snap.diags.push(Diagnostic::new(
                        "E005",
                        &path,
                        None,
                        format!("cannot read: {}", io_reason(&err.to_string())),
                    ));
                    snap.skipped += 1;
                }
            }
        }
        Ok(snap)
    }

    fn describe(&self) -> String {
        "working tree".to_string()
    }
}
