//! Committing what kam wrote: exactly those files, on top of HEAD, whatever else is
//! staged or modified in the working tree; and the guard that refuses to touch files
//! with uncommitted changes of someone else.

use crate::error::{KamError, Result};
use crate::source::git;
use git2::{IndexEntry, IndexTime, Oid, Repository, Status};
use std::path::Path;

/// The path of a book file inside the repository.
fn in_repo(prefix: &str, path: &str) -> String {
    if prefix.is_empty() { path.to_string() } else { format!("{prefix}/{path}") }
}

/// The book's repository, when the book is in one.
pub fn repository(root: &Path) -> Option<(Repository, String)> {
    git::open(root).ok()
}

/// The files among `paths` (relative to the book's root) that have uncommitted changes:
/// modified, staged, or not tracked at all.
pub fn dirty(repo: &Repository, prefix: &str, paths: &[&str]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for path in paths {
        let status = repo.status_file(Path::new(&in_repo(prefix, path)))?;
        if !(status.is_empty() || status == Status::CURRENT || status.contains(Status::IGNORED)) {
            out.push(path.to_string());
        }
    }
    Ok(out)
}

/// Commits the working-tree content of `paths` (relative to the book's root) on top of
/// HEAD with `message`, leaving every other path as HEAD has it, and updates the index
/// for those paths. The author is git's configured `user.name` and `user.email`.
pub fn commit_files(repo: &Repository, prefix: &str, root: &Path, paths: &[&str], message: &str) -> Result<Oid> {
    let signature = repo.signature().map_err(|_| {
        KamError::env("git has no user.name and user.email to commit with")
            .with_hint("set them: git config user.name \"…\"; git config user.email \"…\"")
    })?;
    let head = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let mut index = git2::Index::new()?;
    if let Some(head) = &head {
        index.read_tree(&head.tree()?)?;
    }
    for path in paths {
        let full = in_repo(prefix, path);
        match std::fs::read(root.join(path)) {
            Ok(bytes) => {
                let id = repo.blob(&bytes)?;
                index.add(&entry(&full, id, bytes.len()))?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => index.remove_path(Path::new(&full))?,
            Err(e) => return Err(KamError::env(format!("cannot read {path}: {e}"))),
        }
    }
    let tree = repo.find_tree(index.write_tree_to(repo)?)?;
    let parents: Vec<&git2::Commit<'_>> = head.iter().collect();
    let oid = repo.commit(Some("HEAD"), &signature, &signature, message, &tree, &parents)?;
    let mut real = repo.index()?;
    for path in paths {
        let full = in_repo(prefix, path);
        if root.join(path).exists() {
            real.add_path(Path::new(&full))?;
        } else {
            real.remove_path(Path::new(&full))?;
        }
    }
    real.write()?;
    Ok(oid)
}

/// An index entry for a regular file at `path` (in the repository) with blob `id`.
pub(crate) fn entry(path: &str, id: Oid, size: usize) -> IndexEntry {
    IndexEntry {
        ctime: IndexTime::new(0, 0),
        mtime: IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: 0o100_644,
        uid: 0,
        gid: 0,
        file_size: u32::try_from(size).unwrap_or(u32::MAX),
        id,
        flags: u16::try_from(path.len()).unwrap_or(0xfff).min(0xfff),
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}
