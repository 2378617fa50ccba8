//! The ownership guard (`kam verify`): every commit that changes an account's files must
//! come from someone entitled to change it — the account's owner or a team member as the
//! account stood before the commit, a gm or sales-manager, or a handover (a commit with a
//! `Kam-Handover:` trailer). Made for CI on pull requests: `kam verify origin/main..HEAD`.
//!
//! Authors are people by the `email`/`emails` of `kam.toml` as it stood before the commit.
//! Merge commits are not checked themselves: the commits they bring in are. Files are read
//! straight from git objects (tolerantly: a file that does not parse entitles nobody).

use crate::error::{KamError, Result};
use git2::{Commit, Oid, Repository, Sort, Tree};
use std::collections::{BTreeMap, HashMap};

/// A commit that changed an account's files without the right to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub commit: Oid,
    pub date: String,
    pub author: String,
    pub email: String,
    /// The author as a kam.toml person, when the email is known.
    pub person: Option<String>,
    pub account: String,
    pub files: Vec<String>,
    pub reason: String,
}

/// What a verification looked at, and what it found.
#[derive(Debug, Default)]
pub struct Report {
    pub commits: usize,
    pub checked: usize,
    pub violations: Vec<Violation>,
}

/// The commits of `range`: `A..B`, or one revision meaning everything reachable from it;
/// by default HEAD's commits that its upstream does not have, or all of HEAD's.
pub fn commits(repo: &Repository, range: Option<&str>) -> Result<Vec<Oid>> {
    let mut walk = repo.revwalk()?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME | Sort::REVERSE)?;
    let resolve = |rev: &str| crate::source::git::resolve(repo, rev);
    match range {
        Some(r) if r.contains("..") => {
            let (from, to) = r.split_once("..").unwrap_or((r, ""));
            let to = if to.is_empty() { "HEAD" } else { to };
            walk.push(resolve(to)?)?;
            if !from.is_empty() {
                walk.hide(resolve(from)?)?;
            }
        }
        Some(rev) => walk.push(resolve(rev)?)?,
        None => {
            let head = repo.head().map_err(|_| KamError::env("the repository has no commits yet"))?;
            walk.push(head.peel_to_commit()?.id())?;
            if let Ok(upstream) = repo.revparse_single("@{upstream}") {
                walk.hide(upstream.peel_to_commit()?.id())?;
            }
        }
    }
    walk.collect::<std::result::Result<Vec<_>, _>>().map_err(KamError::from)
}

/// People of a `kam.toml`: email (lowercase) → (id, may change any account).
type People = HashMap<String, (String, bool)>;

/// Reads blobs of commits, parsing each blob once.
struct Reader<'r> {
    repo: &'r Repository,
    prefix: String,
    people: HashMap<Oid, People>,
    members: HashMap<Oid, Vec<String>>,
}

impl<'r> Reader<'r> {
    fn path(&self, rel: &str) -> String {
        if self.prefix.is_empty() { rel.to_string() } else { format!("{}/{rel}", self.prefix) }
    }

    fn table(&self, tree: &Tree<'_>, rel: &str) -> Option<(Oid, toml::Table)> {
        let entry = tree.get_path(std::path::Path::new(&self.path(rel))).ok()?;
        let blob = self.repo.find_blob(entry.id()).ok()?;
        let text = std::str::from_utf8(blob.content()).ok()?;
        Some((entry.id(), text.trim_start_matches('\u{feff}').parse().ok()?))
    }

    fn people(&mut self, tree: &Tree<'_>) -> People {
        let Some((id, table)) = self.table(tree, "kam.toml") else { return People::new() };
        self.people
            .entry(id)
            .or_insert_with(|| {
                let mut out = People::new();
                for p in table.get("people").and_then(|p| p.as_array()).into_iter().flatten() {
                    let Some(id) = p.get("id").and_then(|v| v.as_str()) else { continue };
                    let manager = matches!(p.get("role").and_then(|v| v.as_str()), Some("gm" | "sales-manager"));
                    let emails = p
                        .get("email")
                        .into_iter()
                        .chain(p.get("emails").and_then(|e| e.as_array()).into_iter().flatten());
                    for email in emails.filter_map(|e| e.as_str()) {
                        out.insert(email.to_lowercase(), (id.to_string(), manager));
                    }
                }
                out
            })
            .clone()
    }

    /// Owner and team ids of an account in `tree`; `None` when it has no account file.
    fn members(&mut self, tree: &Tree<'_>, account: &str) -> Option<Vec<String>> {
        let (id, table) = self.table(tree, &format!("accounts/{account}/account.toml"))?;
        Some(
            self.members
                .entry(id)
                .or_insert_with(|| {
                    let owner = table.get("owner").and_then(|v| v.as_str()).map(String::from);
                    let team = table.get("team").and_then(|t| t.as_array()).into_iter().flatten();
                    owner.into_iter().chain(team.filter_map(|m| m.get("who")?.as_str().map(String::from))).collect()
                })
                .clone(),
        )
    }
}

/// The account files a commit changed against `parent` (or all its files for a root
/// commit), by account id.
fn changed_accounts(
    repo: &Repository,
    prefix: &str,
    parent: Option<&Tree<'_>>,
    tree: &Tree<'_>,
) -> Result<BTreeMap<String, Vec<String>>> {
    let mut options = git2::DiffOptions::new();
    let base = if prefix.is_empty() { "accounts/".to_string() } else { format!("{prefix}/accounts/") };
    options.pathspec(&base);
    let diff = repo.diff_tree_to_tree(parent, Some(tree), Some(&mut options))?;
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for delta in diff.deltas() {
        for file in [delta.old_file(), delta.new_file()] {
            let Some(path) = file.path().and_then(|p| p.to_str()) else { continue };
            let Some(rest) = path.strip_prefix(&base) else { continue };
            let Some((account, _)) = rest.split_once('/') else { continue };
            let rel = format!("accounts/{rest}");
            let files = out.entry(account.to_string()).or_default();
            if !files.contains(&rel) {
                files.push(rel);
            }
        }
    }
    Ok(out)
}

fn is_handover(commit: &Commit<'_>) -> bool {
    commit.message().unwrap_or("").lines().any(|l| l.starts_with("Kam-Handover:"))
}

/// Checks every commit of `oids` (the book at `prefix` inside `repo`).
pub fn verify(repo: &Repository, prefix: &str, oids: &[Oid]) -> Result<Report> {
    let mut reader = Reader { repo, prefix: prefix.to_string(), people: HashMap::new(), members: HashMap::new() };
    let mut report = Report { commits: oids.len(), ..Report::default() };
    for &oid in oids {
        let commit = repo.find_commit(oid)?;
        if commit.parent_count() > 1 {
            continue;
        }
        let tree = commit.tree()?;
        let parent = commit.parent(0).ok();
        let parent_tree = parent.as_ref().map(|p| p.tree()).transpose()?;
        let accounts = changed_accounts(repo, prefix, parent_tree.as_ref(), &tree)?;
        if accounts.is_empty() {
            continue;
        }
        report.checked += 1;
        if is_handover(&commit) {
            continue;
        }
        let before = parent_tree.as_ref().unwrap_or(&tree);
        let people = reader.people(before);
        let author = commit.author();
        let email = author.email().unwrap_or("").to_string();
        let person = people.get(&email.to_lowercase()).cloned();
        if person.as_ref().is_some_and(|(_, manager)| *manager) {
            continue;
        }
        for (account, files) in accounts {
            // An account new in this commit is judged by the team it is created with.
            let members = reader.members(before, &account).or_else(|| reader.members(&tree, &account));
            let reason = match (&person, members) {
                (None, _) => format!("author email {email} is not a person in kam.toml"),
                (Some((id, _)), Some(m)) if m.contains(id) => continue,
                (Some((id, _)), _) => format!("{id} is not the owner or on the team of {account}"),
            };
            let when = author.when();
            let date = chrono::DateTime::from_timestamp(when.seconds() + i64::from(when.offset_minutes()) * 60, 0)
                .map(|t| t.format("%Y-%m-%d").to_string())
                .unwrap_or_default();
            report.violations.push(Violation {
                commit: oid,
                date,
                author: author.name().unwrap_or("").to_string(),
                email: email.clone(),
                person: person.as_ref().map(|(id, _)| id.clone()),
                account,
                files,
                reason,
            });
        }
    }
    Ok(report)
}
