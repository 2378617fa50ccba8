//! The working tree as a source: walks `accounts/` without following links, reads files
//! in parallel, and refuses files that are too large or links that leave the repository.

use super::{MAX_FILE_BYTES, RawFile, Snapshot, Source, too_large};
use crate::diag::Diagnostic;
use crate::error::Result;
use crate::progress::Progress;
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
    /// entries that cannot be read. Each account directory is walked in parallel (the walk
    /// is a good part of loading a large book); the result is in the order of one sorted walk.
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
        let canonical_root = fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone());
        let visible = |e: &walkdir::DirEntry| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.');
        // `accounts/` and what is directly in it, then the directories in it, each on its own.
        let top = WalkDir::new(&accounts).max_depth(1).follow_links(false).sort_by_file_name();
        let parts: Vec<Listing> = top
            .into_iter()
            .filter_entry(visible)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|entry| {
                let mut part = Listing::default();
                match entry {
                    Ok(e) if e.depth() == 1 && e.file_type().is_dir() => {
                        let walker = WalkDir::new(e.path()).min_depth(1).follow_links(false).sort_by_file_name();
                        for entry in walker.into_iter().filter_entry(visible) {
                            self.visit(entry, &canonical_root, &mut part);
                        }
                    }
                    entry => self.visit(entry, &canonical_root, &mut part),
                }
                part
            })
            .collect();
        for part in parts {
            out.extend(part.files);
            diags.extend(part.diags);
            *skipped += part.skipped;
        }
        out
    }

    /// One entry of the walk: a file to read, a link followed or refused, or a problem.
    fn visit(&self, entry: walkdir::Result<walkdir::DirEntry>, canonical_root: &Path, part: &mut Listing) {
        let (out, diags) = (&mut part.files, &mut part.diags);
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
                part.skipped += 1;
                return;
            }
        };
        let rel = self.relative(entry.path());
        if entry.file_type().is_dir() {
            return;
        }
        if entry.path_is_symlink() {
            match fs::canonicalize(entry.path()) {
                Ok(target) if target.starts_with(canonical_root) => {
                    if target.is_file() {
                        out.push((rel, target));
                    }
                }
                Ok(target) => {
                    let msg =
                        format!("symbolic link to `{}` points outside the repository; not followed", target.display());
                    diags.push(Diagnostic::new("E006", &rel, None, msg));
                    part.skipped += 1;
                }
                Err(_) => {
                    let target = fs::read_link(entry.path()).map(|t| t.display().to_string()).unwrap_or_default();
                    diags.push(Diagnostic::new("E005", &rel, None, format!("symbolic link to `{target}` is broken")));
                    part.skipped += 1;
                }
            }
            return;
        }
        if !entry.file_type().is_file() {
            // A pipe, socket or device: opening a FIFO would block kam forever.
            let msg = "cannot read: not a regular file (a pipe, socket or device)";
            diags.push(Diagnostic::new("E005", &rel, None, msg));
            part.skipped += 1;
            return;
        }
        out.push((rel, entry.into_path()));
    }

    fn relative(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        parts.join("/")
    }
}

/// What the walk of one part of `accounts/` found.
#[derive(Default)]
struct Listing {
    files: Vec<(String, PathBuf)>,
    diags: Vec<Diagnostic>,
    skipped: usize,
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
        let progress = Progress::start("reading files", Some(listed.len() as u64), "files");
        let results: Vec<(String, std::io::Result<Limited>)> = listed
            .into_par_iter()
            .map(|(rel, abs)| {
                // Only `.toml` files are parsed; any other file is a stray, reported by its
                // name alone, so its bytes (a photo, a dump) are neither read nor size-checked.
                let r = if super::is_toml(&rel) { read_limited(&abs) } else { Ok(Ok(Vec::new())) };
                progress.inc(1);
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
