//! Where a book's files come from: the working tree or a git revision.
//!
//! A `Source` lists the files kam reads (`kam.toml` and everything under `accounts/`)
//! and returns their bytes, guarding against what must not be read: files too large,
//! symbolic links that leave the repository. It knows nothing of TOML or of the model;
//! `load` turns its files into a `Book`. This trait is the one seam between the working
//! tree and git: everything above it is the same for both.

pub mod git;
pub mod memory;
pub mod overlay;
pub mod worktree;

use crate::diag::Diagnostic;
use crate::error::Result;

/// The largest file kam reads. Entity files are a few hundred bytes; anything near this
/// size is a mistake (a dump, an attachment) and reading it would only cost memory.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// One file of the book, by its path relative to the book's root (`/`-separated).
#[derive(Debug)]
pub struct RawFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Everything a source yields: the files it could read and the problems it met.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub files: Vec<RawFile>,
    pub diags: Vec<Diagnostic>,
    /// Files that were found but not read (too large, unreadable, escaping links).
    pub skipped: usize,
}

pub trait Source {
    /// Reads `kam.toml` and every file under `accounts/`.
    fn snapshot(&self) -> Result<Snapshot>;
    /// What this source is, for messages: `working tree` or `revision 1a2b3c4`.
    fn describe(&self) -> String;
}

/// Whether a path (relative to the root) is one kam reads at all.
pub fn is_book_path(path: &str) -> bool {
    path == "kam.toml" || path.starts_with("accounts/")
}

/// Whether a file is one kam parses; every other file under `accounts/` is a stray that
/// is reported by its name alone, so sources do not read its bytes.
pub fn is_toml(path: &str) -> bool {
    path.ends_with(".toml")
}

/// The too-large diagnostic, shared by both sources.
pub fn too_large(path: &str, size: u64) -> Diagnostic {
    Diagnostic::new(
        "E003",
        path,
        None,
        format!("file is {size} bytes, more than the {MAX_FILE_BYTES} kam reads; skipped"),
    )
}

/// Resolves `target` (a link's text) against the directory of `link` lexically, within
/// the root: `None` when the result would leave the root.
pub fn resolve_link(link: &str, target: &str) -> Option<String> {
    if target.starts_with('/') || target.contains('\\') {
        return None;
    }
    let mut parts: Vec<&str> = link.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::resolve_link;

    #[test]
    fn links_resolve_inside_the_root_only() {
        assert_eq!(resolve_link("accounts/a/contacts/x.toml", "y.toml").as_deref(), Some("accounts/a/contacts/y.toml"));
        assert_eq!(
            resolve_link("accounts/a/contacts/x.toml", "../../b/contacts/y.toml").as_deref(),
            Some("accounts/b/contacts/y.toml")
        );
        assert_eq!(resolve_link("accounts/a/contacts/x.toml", "../../../../etc/passwd"), None);
        assert_eq!(resolve_link("accounts/a/x.toml", "/etc/passwd"), None);
    }
}
