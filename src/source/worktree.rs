//! The working tree as a source: walks `accounts/` without following links, reads files
//! in parallel, and refuses files that are too large or links that leave the repository.

use super::{At, Entry, Listing, Source, Stat, io_reason, is_toml, read_disk};
use crate::diag::Diagnostic;
use crate::error::Result;
use rayon::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};

pub struct Worktree {
    root: PathBuf,
    /// Whether the listing takes each file's metadata (what the parse cache needs).
    stats: bool,
}

impl Worktree {
    pub fn new(root: &Path) -> Self {
        Worktree { root: root.to_path_buf(), stats: false }
    }

    /// A working tree whose listing tells the parse cache which files are unchanged: one
    /// `stat` per file, which a load that reads every file anyway does without.
    pub fn with_stats(mut self) -> Self {
        self.stats = true;
        self
    }

    /// Lists every file to read, with its metadata, and the diagnostics of entries that
    /// cannot be read. Each account directory is walked in parallel (the walk is a good part
    /// of loading a large book) and gives one run of the listing: `kam.toml` and the files
    /// directly under `accounts/` first, then each directory in name order.
    fn walk(&self, listing: &mut Listing) {
        let mut top = Listing::default();
        let mut first = Vec::new();
        let config = self.root.join("kam.toml");
        let canonical_root = fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone());
        match fs::symlink_metadata(&config) {
            // A link is followed only to a file inside the repository, as under accounts/.
            Ok(meta) if meta.file_type().is_symlink() => match fs::canonicalize(&config) {
                Ok(target) if target.starts_with(&canonical_root) && target.is_file() => {
                    first.push(disk(self.stats, "kam.toml".to_string(), Some(target), |p| {
                        fs::metadata(p.unwrap_or(Path::new("")))
                    }));
                }
                Ok(target) => {
                    let msg =
                        format!("symbolic link to `{}` points outside the repository; not followed", target.display());
                    listing.diags.push(Diagnostic::new("E006", "kam.toml", None, msg));
                    listing.skipped += 1;
                }
                Err(_) => {
                    listing.diags.push(Diagnostic::new("E005", "kam.toml", None, "symbolic link is broken"));
                    listing.skipped += 1;
                }
            },
            Ok(meta) if meta.is_file() => first.push(disk(self.stats, "kam.toml".to_string(), None, |_| Ok(meta))),
            _ => {}
        }
        let accounts = self.root.join("accounts");
        let dirs = if accounts.is_dir() {
            // `accounts/` itself, then each directory in it on its own, in parallel.
            self.read_sorted(&accounts, "accounts", &canonical_root, &mut top)
        } else {
            Vec::new()
        };
        first.extend(top.runs.into_iter().flatten());
        listing.runs.push(first);
        listing.diags.append(&mut top.diags);
        listing.skipped += top.skipped;
        let parts: Vec<Listing> = dirs
            .into_par_iter()
            .map(|(dir, rel)| {
                let mut part = Listing::default();
                self.walk_dir(&dir, &rel, &canonical_root, &mut part);
                part
            })
            .collect();
        for part in parts {
            listing.runs.extend(part.runs);
            listing.diags.extend(part.diags);
            listing.skipped += part.skipped;
        }
    }

    /// Walks one directory and everything under it, depth first, in name order.
    fn walk_dir(&self, dir: &Path, rel: &str, canonical_root: &Path, part: &mut Listing) {
        for (sub, sub_rel) in self.read_sorted(dir, rel, canonical_root, part) {
            self.walk_dir(&sub, &sub_rel, canonical_root, part);
        }
    }

    /// Reads one directory, sorted by name: its files go into `part`, its subdirectories
    /// are returned (path, relative path) for the caller to walk after them. Hidden entries (`.git`, editor files) are left out. Links are not
    /// followed as directories; a link to a file inside the repository is read as that file.
    fn read_sorted(&self, dir: &Path, rel: &str, canonical_root: &Path, part: &mut Listing) -> Vec<(PathBuf, String)> {
        let cannot_read = |part: &mut Listing, rel: &str, err: &std::io::Error| {
            let msg = format!("cannot read: {}", io_reason(&err.to_string()));
            part.diags.push(Diagnostic::new("E005", rel, None, msg));
            part.skipped += 1;
        };
        let entries: Vec<fs::DirEntry> = match fs::read_dir(dir) {
            Ok(read) => {
                let mut entries = Vec::new();
                for entry in read {
                    match entry {
                        Ok(e) => entries.push(e),
                        Err(err) => cannot_read(part, rel, &err),
                    }
                }
                entries
            }
            Err(err) => {
                cannot_read(part, rel, &err);
                return Vec::new();
            }
        };
        let mut named: Vec<(std::ffi::OsString, fs::DirEntry)> =
            entries.into_iter().map(|e| (e.file_name(), e)).collect();
        named.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut subdirs = Vec::new();
        for (name, entry) in named {
            let name = name.to_string_lossy();
            if name.starts_with('.') {
                continue;
            }
            let child = format!("{rel}/{name}");
            let file_type = match entry.file_type() {
                Ok(t) => t,
                Err(err) => {
                    cannot_read(part, &child, &err);
                    continue;
                }
            };
            if file_type.is_dir() {
                subdirs.push((entry.path(), child));
                continue;
            }
            self.visit(&entry, file_type, child, canonical_root, part);
        }
        subdirs
    }

    /// One file of the walk: a file to read, a link followed or refused, or a problem.
    fn visit(
        &self,
        entry: &fs::DirEntry,
        file_type: fs::FileType,
        rel: String,
        canonical_root: &Path,
        part: &mut Listing,
    ) {
        if part.runs.is_empty() {
            part.runs.push(Vec::new());
        }
        let (out, diags) = (&mut part.runs[0], &mut part.diags);
        if file_type.is_symlink() {
            let path = entry.path();
            match fs::canonicalize(&path) {
                Ok(target) if target.starts_with(canonical_root) => {
                    if target.is_file() {
                        out.push(disk(self.stats, rel, Some(target), |p| fs::metadata(p.unwrap_or(Path::new("")))));
                    }
                }
                Ok(target) => {
                    let msg =
                        format!("symbolic link to `{}` points outside the repository; not followed", target.display());
                    diags.push(Diagnostic::new("E006", &rel, None, msg));
                    part.skipped += 1;
                }
                Err(_) => {
                    let target = fs::read_link(&path).map(|t| t.display().to_string()).unwrap_or_default();
                    diags.push(Diagnostic::new("E005", &rel, None, format!("symbolic link to `{target}` is broken")));
                    part.skipped += 1;
                }
            }
            return;
        }
        if !file_type.is_file() {
            // A pipe, socket or device: opening a FIFO would block kam forever.
            let msg = "cannot read: not a regular file (a pipe, socket or device)";
            diags.push(Diagnostic::new("E005", &rel, None, msg));
            part.skipped += 1;
            return;
        }
        // The directory entry's own metadata: a stat relative to the open directory.
        out.push(disk(self.stats, rel, None, |_| entry.metadata()));
    }
}

/// A file to read from disk. Only `.toml` files are parsed; any other file is a stray,
/// reported by its name alone, so its bytes (a photo, a dump) are neither read nor
/// size-checked. The metadata (`stat`) is what tells the parse cache a file is unchanged;
/// when it cannot be had the file is simply read.
fn disk(
    stats: bool,
    rel: String,
    target: Option<PathBuf>,
    meta: impl FnOnce(Option<&Path>) -> std::io::Result<fs::Metadata>,
) -> Entry {
    if !is_toml(&rel) {
        return Entry { path: rel, at: At::Name };
    }
    let stat = if stats { meta(target.as_deref()).map(|m| Stat::of(&m)).unwrap_or_default() } else { Stat::default() };
    Entry { path: rel, at: At::Disk { target: target.map(PathBuf::into_boxed_path), stat } }
}

impl Source for Worktree {
    fn list(&self) -> Result<Listing> {
        let mut listing = Listing::default();
        self.walk(&mut listing);
        Ok(listing)
    }

    fn read(&self, path: &str, at: At) -> std::result::Result<Vec<u8>, crate::diag::Diagnostic> {
        match at {
            At::Disk { target: None, stat } => read_disk(path, &self.root.join(path), stat.size),
            at => super::read_at(path, at),
        }
    }

    fn describe(&self) -> String {
        "working tree".to_string()
    }
}
