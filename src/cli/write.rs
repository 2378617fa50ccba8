//! The one way write commands land their changes: validated against the whole book as it
//! would be after them (an edit that would add an error writes nothing), files with
//! uncommitted changes refused when committing, every file written or none, and with
//! `--commit` exactly those files committed with `Kam-Account:` trailers.

use super::{CmdResult, Out, Outcome, session::Session};
use crate::context::Context;
use crate::error::KamError;
use crate::source::worktree::Worktree;
use crate::write::{commit, transaction, validate};
use std::collections::{BTreeMap, BTreeSet};

/// One file a command changes: its path (relative to the book's root), its account,
/// its bytes before (`None`: the file is new) and after (`None`: removed), and what
/// changes in words.
#[derive(Clone, Debug)]
pub struct FileChange {
    pub path: String,
    pub account: String,
    pub old: Option<Vec<u8>>,
    pub new: Option<Vec<u8>>,
    pub changes: Vec<String>,
}

/// Validates and writes `files`; with `commit`, commits them with that subject line.
pub fn land(
    ctx: &Context,
    session: &Session,
    files: &[FileChange],
    commit: Option<&str>,
    stderr: Out<'_>,
) -> CmdResult {
    if files.is_empty() {
        if !ctx.quiet {
            writeln!(stderr, "kam: nothing to change")?;
        }
        return Ok(Outcome::Ok);
    }
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let repo = if commit.is_some() {
        let (repo, prefix) = commit::repository(&session.root)
            .ok_or_else(|| KamError::env("--commit needs the book to be in a git repository"))?;
        let existing: Vec<&str> = files.iter().filter(|f| f.old.is_some()).map(|f| f.path.as_str()).collect();
        let dirty = commit::dirty(&repo, &prefix, &existing)?;
        if !dirty.is_empty() {
            return Err(KamError::usage(format!(
                "uncommitted changes in {}; kam commits only its own change",
                dirty.join(", ")
            ))
            .with_hint("commit or stash them first, or run without --commit")
            .into());
        }
        Some((repo, prefix))
    } else {
        None
    };
    let pending: BTreeMap<String, Option<Vec<u8>>> = files.iter().map(|f| (f.path.clone(), f.new.clone())).collect();
    let after = validate::load_after(&Worktree::new(&session.root), &pending)?;
    let introduced = validate::introduced(&session.loaded, &after, session.today);
    if !introduced.is_empty() {
        crate::render::diagnostics::write_lines(stderr, &introduced, ctx.color)?;
        return Err(KamError::data("the change would make the book invalid; nothing was written").into());
    }
    let changes: Vec<transaction::Change> = files
        .iter()
        .map(|f| transaction::Change { path: session.root.join(&f.path), old: f.old.clone(), new: f.new.clone() })
        .collect();
    transaction::apply(&changes)?;
    let mut committed = String::new();
    if let (Some((repo, prefix)), Some(subject)) = (&repo, commit) {
        let accounts: BTreeSet<&str> = files.iter().map(|f| f.account.as_str()).collect();
        let trailers: String = accounts.iter().map(|a| format!("Kam-Account: {a}\n")).collect();
        let oid = commit::commit_files(repo, prefix, &session.root, &paths, &format!("{subject}\n\n{trailers}"))?;
        committed = format!("committed {}: {subject}", &oid.to_string()[..7]);
    }
    if !ctx.quiet {
        for f in files {
            for change in &f.changes {
                writeln!(stderr, "{}: {change}", f.path)?;
            }
        }
        if !committed.is_empty() {
            writeln!(stderr, "kam: {committed}")?;
        }
    }
    Ok(Outcome::Ok)
}
