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
use std::io::Read;
use std::path::Path;

/// The largest file kam reads. Entity files are a few hundred bytes; anything near this
/// size is a mistake (a dump, an attachment) and reading it would only cost memory.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// One file of the book, by its path relative to the book's root (`/`-separated).
#[derive(Debug)]
pub struct RawFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// What a file's metadata says of it on disk: when any of these change, its content may
/// have (git's own test for a changed file in the index).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Stat {
    pub size: u64,
    pub mtime_ns: i64,
    pub ctime_ns: i64,
    pub inode: u64,
}

impl Stat {
    pub fn of(meta: &std::fs::Metadata) -> Stat {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Stat {
                size: meta.len(),
                mtime_ns: meta.mtime().saturating_mul(1_000_000_000).saturating_add(meta.mtime_nsec()),
                ctime_ns: meta.ctime().saturating_mul(1_000_000_000).saturating_add(meta.ctime_nsec()),
                inode: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let ns = |t: std::io::Result<std::time::SystemTime>| {
                t.ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
            };
            Stat { size: meta.len(), mtime_ns: ns(meta.modified()), ctime_ns: ns(meta.created()), inode: 0 }
        }
    }
}

/// Where a listed file's bytes are, known before they are read.
#[derive(Debug)]
pub enum At {
    /// A file of the working tree: the followed link's target, or (`None`) the entry's
    /// own path under the source's root.
    Disk { target: Option<Box<Path>>, stat: Stat },
    /// A blob of the repository.
    Blob(git2::Oid),
    /// Bytes held in memory.
    Bytes(Vec<u8>),
    /// A file kam reports by its name alone (not `.toml`): never read.
    Name,
}

/// A file that differs between two states: its path, and where it is before and after
/// (`None`: absent on that side).
pub type Differing = (String, Option<At>, Option<At>);

/// One file a source lists.
#[derive(Debug)]
pub struct Entry {
    pub path: String,
    pub at: At,
}

/// What a source lists: its files, and the problems met while listing.
#[derive(Debug, Default)]
pub struct Listing {
    /// The files in runs, each in path order: a source that walks directory by directory
    /// gives the files of each directory under `accounts/` as one run (and `kam.toml` with
    /// the files directly under `accounts/` as another), so that loading takes an account's
    /// files as they were listed instead of copying every entry into groups.
    pub runs: Vec<Vec<Entry>>,
    pub diags: Vec<Diagnostic>,
    /// Files that were found but will not be read (escaping or broken links, pipes).
    pub skipped: usize,
}

impl Listing {
    /// A listing of `entries` (in path order) as one run.
    pub fn of(entries: Vec<Entry>) -> Self {
        Listing { runs: vec![entries], ..Listing::default() }
    }

    /// How many files are listed.
    pub fn len(&self) -> usize {
        self.runs.iter().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.runs.iter().all(Vec::is_empty)
    }

    /// The listed files, run after run.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.runs.iter().flatten()
    }
}

/// A source of a book's files. Listing comes first, reading one file at a time after, so
/// that loading reads and parses each file in one pass (in parallel, never holding every
/// file's bytes at once) and the parse cache can answer for files it knows without
/// reading them.
pub trait Source: Sync {
    /// Lists `kam.toml` and every file under `accounts/`.
    fn list(&self) -> Result<Listing>;
    /// Reads one listed file: its bytes, or the diagnostic saying why it cannot be read.
    fn read(&self, path: &str, at: At) -> std::result::Result<Vec<u8>, Diagnostic> {
        read_at(path, at)
    }
    /// Whether loading reads this source's files on one thread, ahead of the threads that
    /// parse them. A revision's reads all go through libgit2's locks and pack windows,
    /// which two threads reading at once spend more time contending for than reading.
    fn reads_ahead(&self) -> bool {
        false
    }
    /// What this source is, for messages: `working tree` or `revision 1a2b3c4`.
    fn describe(&self) -> String;
    /// The git revision this source is, when it is one (what lets two revisions be compared
    /// by their trees).
    fn as_revision(&self) -> Option<&git::GitRevision> {
        None
    }
}

/// Reads what needs no repository: a file on disk (at most `MAX_FILE_BYTES`; a path
/// relative to the source's root is taken from the current directory), bytes in memory,
/// or nothing for a file known by its name only.
pub fn read_at(path: &str, at: At) -> std::result::Result<Vec<u8>, Diagnostic> {
    match at {
        At::Disk { target, stat } => read_disk(path, target.as_deref().unwrap_or(Path::new(path)), stat.size),
        At::Bytes(bytes) => Ok(bytes),
        At::Name => Ok(Vec::new()),
        At::Blob(oid) => {
            Err(Diagnostic::new("E005", path, None, format!("cannot read blob {oid} outside a repository")))
        }
    }
}

/// Reads the file `file` of the book's `path` (at most `MAX_FILE_BYTES`; `size` is the
/// listing's, 0 when unknown).
pub fn read_disk(path: &str, file: &Path, size: u64) -> std::result::Result<Vec<u8>, Diagnostic> {
    match read_limited(file, size) {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(size)) => Err(too_large(path, size)),
        Err(err) => Err(Diagnostic::new("E005", path, None, format!("cannot read: {}", io_reason(&err.to_string())))),
    }
}

/// An I/O error's reason without the OS error number, in lower case.
pub fn io_reason(message: &str) -> String {
    message.split(" (os error").next().unwrap_or(message).to_lowercase()
}

/// Reads at most `MAX_FILE_BYTES + 1` bytes, so a huge file costs no memory: the bytes,
/// or the size when the file is too large. `size` (the listing's, 0 when unknown) only
/// sizes the buffer: the file may have changed since, and a book's files are read with no
/// more system calls than opening, reading and closing them.
fn read_limited(path: &Path, size: u64) -> std::io::Result<std::result::Result<Vec<u8>, u64>> {
    let file = std::fs::File::open(path)?;
    let expected = if size == 0 { 1024 } else { size.min(MAX_FILE_BYTES) as usize + 1 };
    let mut bytes = Vec::with_capacity(expected);
    (&file).take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let len = file.metadata().map_or(bytes.len() as u64, |m| m.len());
        return Ok(Err(len));
    }
    Ok(Ok(bytes))
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
