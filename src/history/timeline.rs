//! A field's timeline across the whole book: every change of one top-level field (an
//! opportunity's `stage`, an account's `owner`) in every file of a kind, along HEAD's
//! first-parent line, oldest first. Renames (of a file or of its account directory) carry
//! the value across, so a moved opportunity does not look new, and a file is named as it
//! is at the end. One tree diff per commit, of only the account directories that differ:
//! linear in commits and changed files.

use super::{CommitInfo, People};
use crate::error::Result;
use crate::progress::Progress;
use chrono::NaiveDate;
use git2::{Delta, DiffFindOptions, DiffOptions, Oid, Repository, Tree};
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
    /// The file's account and id as of `head`, or as it was removed: a file renamed (or
    /// whose account directory was) is one file throughout.
    pub account: String,
    pub id: String,
    /// The file's account right after the commit.
    pub account_then: String,
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

/// The names of the entries of `new` that are not in `old` as they are, and of those of
/// `old` gone from `new`.
fn changed_entries(old: Option<&Tree<'_>>, new: Option<&Tree<'_>>) -> Vec<Vec<u8>> {
    let mut gone: HashMap<Vec<u8>, (Oid, i32)> =
        old.into_iter().flat_map(|t| t.iter()).map(|e| (e.name_bytes().to_vec(), (e.id(), e.filemode()))).collect();
    let mut changed = Vec::new();
    for entry in new.into_iter().flat_map(|t| t.iter()) {
        if gone.remove(entry.name_bytes()) != Some((entry.id(), entry.filemode())) {
            changed.push(entry.name_bytes().to_vec());
        }
    }
    changed.extend(gone.into_keys());
    changed
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
    // Each tree is read once or twice, in order: libgit2's object cache would only grow
    // (to 256 MiB) with trees never read again.
    git2::opts::enable_caching(false);
    let accounts_dir = if root.is_empty() { "accounts".to_string() } else { format!("{root}/accounts") };
    let mut chain = Vec::new();
    let mut at = Some(repo.find_commit(head)?);
    while let Some(commit) = at {
        at = commit.parent(0).ok();
        chain.push(commit);
    }
    chain.reverse();
    // The current value and lineage of each book path. A lineage is one file followed
    // across its renames; each holds the file's latest account and id.
    let mut values: HashMap<String, (Option<String>, usize)> = HashMap::new();
    let mut lineages: Vec<(String, String)> = Vec::new();
    // The lineage of each transition.
    let mut of: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    let mut previous_tree = None;
    let progress = Progress::start("walking history", Some(chain.len() as u64), "commits");
    for commit in &chain {
        progress.inc(1);
        let tree = commit
            .tree()?
            .get_path(std::path::Path::new(&accounts_dir))
            .ok()
            .filter(|e| e.kind() == Some(git2::ObjectType::Tree))
            .map(|e| repo.find_tree(e.id()))
            .transpose()?;
        if tree.as_ref().map(git2::Tree::id) == previous_tree.as_ref().map(git2::Tree::id) {
            continue;
        }
        // Only the entries of `accounts` that differ are compared: libgit2's tree diff
        // would otherwise read every directory of both trees.
        let changed = changed_entries(previous_tree.as_ref(), tree.as_ref());
        if changed.is_empty() {
            previous_tree = tree;
            continue;
        }
        let mut options = DiffOptions::new();
        options.disable_pathspec_match(true);
        for name in changed {
            options.pathspec(name);
        }
        let mut diff = repo.diff_tree_to_tree(previous_tree.as_ref(), tree.as_ref(), Some(&mut options))?;
        diff.find_similar(Some(DiffFindOptions::new().renames(true)))?;
        let info = CommitInfo::new(commit, people);
        let handover = commit.message_bytes().split(|b| *b == b'\n').any(|l| l.starts_with(b"Kam-Handover:"));
        for delta in diff.deltas() {
            let path = |f: git2::DiffFile<'_>| f.path().and_then(|p| p.to_str()).map(|p| format!("accounts/{p}"));
            let (old_path, new_path) = (path(delta.old_file()), path(delta.new_file()));
            let deleted = delta.status() == Delta::Deleted;
            // A file of another kind is not read; one moved out of this kind ends its value.
            let old_value = match delta.status() {
                Delta::Added => None,
                _ => old_path.as_ref().and_then(|p| values.remove(p)),
            };
            let Some(current) = (if deleted { old_path } else { new_path }) else { continue };
            let Some((account, id)) = files.key(&current) else { continue };
            let (before, lineage) = match old_value {
                Some((value, lineage)) => (value, lineage),
                None => {
                    lineages.push((String::new(), String::new()));
                    (None, lineages.len() - 1)
                }
            };
            lineages[lineage] = (account.clone(), id.clone());
            let after = if deleted { None } else { field_of(repo, delta.new_file().id(), field) };
            if !deleted {
                values.insert(current, (after.clone(), lineage));
            }
            if before != after {
                of.push(lineage);
                out.push(Transition {
                    account_then: account.clone(),
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
        previous_tree = tree;
    }
    for (transition, lineage) in out.iter_mut().zip(of) {
        (transition.account, transition.id) = lineages[lineage].clone();
    }
    Ok(out)
}
