//! A field's timeline across the whole book: every change of one top-level field (an
//! opportunity's `stage`, an account's `owner`) in every file of a kind, along HEAD's
//! first-parent line, oldest first. Renames (of a file or of its account directory) carry
//! the value across, so a moved opportunity does not look new. One tree diff per commit,
//! restricted to `accounts/`: linear in commits and changed files.

use super::{CommitInfo, People};
use crate::error::Result;
use crate::progress::Progress;
use chrono::NaiveDate;
use git2::{Delta, DiffFindOptions, DiffOptions, Oid, Repository};
use std::collections::HashMap;

/// Which files a timeline follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Files {
    Accounts,
    Opportunities,
}

impl Files {
    /// The account id and the file's id (the account again for account files) of a book
    /// path, when the path is of this kind.
    pub fn key(self, path: &str) -> Option<(String, String)> {
        let parts: Vec<&str> = path.split('/').collect();
        match (self, parts.as_slice()) {
            (Files::Accounts, ["accounts", account, "account.toml"]) => {
                Some((account.to_string(), account.to_string()))
            }
            (Files::Opportunities, ["accounts", account, "opportunities", file]) => {
                Some((account.to_string(), file.strip_suffix(".toml")?.to_string()))
            }
            _ => None,
        }
    }
}

/// One change of the field in one file.
#[derive(Clone, Debug)]
pub struct Transition {
    pub commit: CommitInfo,
    /// The commit's day in its author's time zone.
    pub date: NaiveDate,
    /// The file's account and id after the commit.
    pub account: String,
    pub id: String,
    /// `None` before: the file is new; `None` after: the file was removed or has no value.
    pub before: Option<String>,
    pub after: Option<String>,
    /// The commit carries a `Kam-Handover:` trailer.
    pub handover: bool,
}

fn field_of(repo: &Repository, blob: Oid, field: &str) -> Option<String> {
    let blob = repo.find_blob(blob).ok()?;
    let text = std::str::from_utf8(blob.content()).ok()?;
    let table: toml::Table = text.trim_start_matches('\u{feff}').parse().ok()?;
    table.get(field)?.as_str().map(String::from)
}

/// Every change of `field` in the files of `files`, from the first commit to `head`.
/// `root` is the book's directory inside the repository (`""` at the top).
pub fn timeline(
    repo: &Repository,
    root: &str,
    head: Oid,
    files: Files,
    field: &str,
    people: &People,
) -> Result<Vec<Transition>> {
    git2::opts::strict_hash_verification(false);
    let prefix = if root.is_empty() { String::new() } else { format!("{root}/") };
    let mut chain = Vec::new();
    let mut at = Some(repo.find_commit(head)?);
    while let Some(commit) = at {
        at = commit.parent(0).ok();
        chain.push(commit);
    }
    chain.reverse();
    // Current value per book path.
    let mut values: HashMap<String, Option<String>> = HashMap::new();
    let mut out = Vec::new();
    let mut previous_tree = None;
    let progress = Progress::start("walking history", Some(chain.len() as u64), "commits");
    for commit in &chain {
        progress.inc(1);
        let tree = commit.tree()?;
        let mut options = DiffOptions::new();
        options.pathspec(format!("{prefix}accounts/"));
        let mut diff = repo.diff_tree_to_tree(previous_tree.as_ref(), Some(&tree), Some(&mut options))?;
        diff.find_similar(Some(DiffFindOptions::new().renames(true)))?;
        let info = CommitInfo::new(commit, people);
        let handover = commit.message_bytes().split(|b| *b == b'\n').any(|l| l.starts_with(b"Kam-Handover:"));
        for delta in diff.deltas() {
            let path = |f: git2::DiffFile<'_>| {
                f.path().and_then(|p| p.to_str()).and_then(|p| p.strip_prefix(&prefix)).map(String::from)
            };
            let (old_path, new_path) = (path(delta.old_file()), path(delta.new_file()));
            let before = match delta.status() {
                Delta::Added => None,
                _ => old_path.as_ref().and_then(|p| values.remove(p)).flatten(),
            };
            let after = match delta.status() {
                Delta::Deleted => None,
                _ => field_of(repo, delta.new_file().id(), field),
            };
            let Some(current) = (if delta.status() == Delta::Deleted { old_path } else { new_path }) else { continue };
            let Some((account, id)) = files.key(&current) else { continue };
            if delta.status() != Delta::Deleted {
                values.insert(current.clone(), after.clone());
            }
            if before != after {
                out.push(Transition {
                    date: info.time.date_naive(),
                    commit: info.clone(),
                    account,
                    id,
                    before,
                    after,
                    handover,
                });
            }
        }
        previous_tree = Some(tree);
    }
    Ok(out)
}
