//! Opening the book a read command works on: find the repository, choose the source
//! (working tree, or git with `--as-of`), load, and say on stderr when files were skipped.

use super::Out;
use crate::cache::Cache;
use crate::context::Context;
use crate::error::Result;
use crate::load::{self, Loaded};
use crate::source::git::{self, GitRevision};
use crate::source::memory::Memory;
use crate::source::worktree::Worktree;
use crate::source::{MAX_FILE_BYTES, Source};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::PathBuf;

pub struct Session {
    pub root: PathBuf,
    pub loaded: Loaded,
    pub today: NaiveDate,
}

/// Loads the book for `ctx` (at `--as-of` when given).
pub fn open(ctx: &Context) -> Result<Session> {
    let root = ctx.find_root()?;
    let (source, git_dir): (Box<dyn Source>, Option<PathBuf>) = match &ctx.as_of {
        Some(rev) => {
            let (repo, prefix) = git::open(&root)?;
            let oid = git::resolve(&repo, rev)?;
            (Box::new(GitRevision::new(&repo, oid, prefix)), Some(repo.path().to_path_buf()))
        }
        None => {
            let git_dir = ctx.cache.then(|| git2::Repository::discover(&root).ok()).flatten();
            let worktree = if git_dir.is_some() { Worktree::new(&root).with_stats() } else { Worktree::new(&root) };
            (Box::new(worktree), git_dir.map(|r| r.path().to_path_buf()))
        }
    };
    // The parse cache lives in the repository's git directory; without one, or with
    // `--no-cache`, every file is read and parsed.
    let cache = git_dir.filter(|_| ctx.cache).map(|dir| {
        crate::cache::fits::keep_in(&dir);
        Cache::open(&dir)
    });
    let loaded = load::load_cached(source.as_ref(), cache.as_ref())?;
    if ctx.verbose && !ctx.quiet && cache.is_some() {
        eprintln!("kam: parse cache: {} of {} files unchanged", loaded.from_cache, loaded.files);
    }
    let today = ctx.today(loaded.book.config.kam.today);
    Ok(Session { root, loaded, today })
}

/// Loads only `kam.toml` (at `--as-of` when given): for commands that read the history of
/// one entity and need the settings (people, their emails), not the whole book. Falls back
/// to loading everything when `kam.toml` cannot be read on its own (too large, not UTF-8),
/// so problems are reported as usual.
pub fn open_settings(ctx: &Context) -> Result<Session> {
    let root = ctx.find_root()?;
    let text = match &ctx.as_of {
        Some(rev) => {
            let (repo, prefix) = git::open(&root)?;
            let oid = git::resolve(&repo, rev)?;
            let path = if prefix.is_empty() { "kam.toml".to_string() } else { format!("{prefix}/kam.toml") };
            let tree = repo.find_commit(oid)?.tree()?;
            let blob = tree.get_path(std::path::Path::new(&path)).ok().and_then(|e| repo.find_blob(e.id()).ok());
            blob.filter(|b| b.size() as u64 <= MAX_FILE_BYTES)
                .and_then(|b| String::from_utf8(b.content().to_vec()).ok())
        }
        None => std::fs::metadata(root.join("kam.toml"))
            .ok()
            .filter(|m| m.len() <= MAX_FILE_BYTES)
            .and_then(|_| std::fs::read_to_string(root.join("kam.toml")).ok()),
    };
    let Some(text) = text else { return open(ctx) };
    let files = BTreeMap::from([("kam.toml".to_string(), text)]);
    let loaded = load::load(&Memory { files: &files })?;
    let today = ctx.today(loaded.book.config.kam.today);
    Ok(Session { root, loaded, today })
}

/// For commands other than `check`: one line on stderr when some files could not be
/// read, so answers computed from the rest are not mistaken for the whole book.
pub fn warn_skipped(ctx: &Context, session: &Session, stderr: Out<'_>) {
    if let Some(warning) = skipped_warning(ctx, session) {
        let _ = writeln!(stderr, "{warning}");
    }
}

/// The line `warn_skipped` prints, if any, for a command that prints it later.
pub fn skipped_warning(ctx: &Context, session: &Session) -> Option<String> {
    let is_error = |d: &crate::diag::Diagnostic| d.severity == crate::diag::Severity::Error;
    let file_errors = session.loaded.diags.iter().filter(|d| is_error(d)).count();
    if ctx.quiet || (session.loaded.skipped == 0 && file_errors == 0) {
        return None;
    }
    // Count as `kam check` does, so the two numbers agree.
    let errors = file_errors
        + crate::check::check_book(&session.loaded.book, session.today).iter().filter(|d| is_error(d)).count();
    Some(format!(
        "kam: warning: {} of {} files skipped, {errors} error{} in the book; run `kam check` for details",
        session.loaded.skipped,
        session.loaded.files,
        if errors == 1 { "" } else { "s" }
    ))
}
