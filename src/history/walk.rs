//! The one traversal of history: every commit reachable from a start, children before
//! parents (topological, then newest first), with the entity's object in the commit and
//! in each parent — following renames of the account directory.
//!
//! Each commit is given the account directory's name it had there: the start gets the
//! target's, and a parent gets its child's, except when the child renamed the directory
//! (the directory is new in the child and an old one disappeared with the same files, by
//! git's own similarity detection): then the parent gets the old name. Looking an entity up
//! is one tree-path lookup per commit, so a walk costs about what `git log -- PATH` does.
//! What to do with each commit is the caller's business (`log`, `blame`).

use super::target::Target;
use crate::error::{KamError, Result};
use crate::progress::Progress;
use git2::{Commit, Delta, DiffFindOptions, DiffOptions, ObjectType, Oid, Repository, Sort, Tree};
use std::collections::HashMap;
use std::ops::ControlFlow;
use std::path::Path;

/// The entity in one parent of a commit.
#[derive(Clone, Debug)]
pub struct Parent {
    pub id: Oid,
    /// The account directory's name in the parent (differs when the commit renamed it).
    pub dir: String,
    /// The entity's object in the parent: the account directory's tree, or the file's blob.
    pub object: Option<Oid>,
}

/// One commit of the walk.
pub struct Node<'r> {
    pub commit: Commit<'r>,
    /// The account directory's name in this commit.
    pub dir: String,
    /// The entity's object here: the account directory's tree, or the file's blob.
    pub object: Option<Oid>,
    pub parents: Vec<Parent>,
}

impl Node<'_> {
    /// Whether the commit changed the entity: it differs from every parent (in content or
    /// in its directory's name), as `git log` shows a merge only when it is not the same
    /// as one of its parents. A root commit changed it when it has it.
    pub fn changed(&self) -> bool {
        if self.parents.is_empty() {
            return self.object.is_some();
        }
        self.parents.iter().all(|p| p.object != self.object || (self.object.is_some() && p.dir != self.dir))
    }

    /// The first parent: what a changed commit's changes are shown against.
    pub fn first_parent(&self) -> Option<&Parent> {
        self.parents.first()
    }
}

/// Walks from `start` (the book's root is `root` inside the repository, `""` at the top),
/// calling `visit` for every commit until it breaks.
pub fn walk<'r>(
    repo: &'r Repository,
    root: &str,
    start: Oid,
    target: &Target,
    mut visit: impl FnMut(&Node<'r>) -> Result<ControlFlow<()>>,
) -> Result<()> {
    // libgit2 hashes every object it reads again to verify it; on a walk over thousands of
    // trees that is a third of the time. git itself does not when reading, and kam only
    // reads: turn it off for the process.
    git2::opts::strict_hash_verification(false);
    let locate = Locator { root: if root.is_empty() { String::new() } else { format!("{root}/") }, target };
    let mut revwalk = repo.revwalk()?;
    revwalk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)?;
    revwalk.push(start)?;
    // The directory name each commit not yet visited was given by its first-visited child.
    let mut dirs: HashMap<Oid, String> = HashMap::new();
    // Objects looked up as a parent, kept until the commit itself is visited.
    let mut seen: HashMap<(Oid, String), Option<Oid>> = HashMap::new();
    let progress = Progress::start("walking history", None, "commits");
    for id in revwalk {
        let id = id?;
        progress.inc(1);
        let commit = repo.find_commit(id)?;
        let dir = dirs.remove(&id).unwrap_or_else(|| target.account.clone());
        // The commit's own tree is needed only when its child did not look the entity up,
        // or to look for a rename: most commits never load it.
        let mut tree = None;
        let object = match seen.remove(&(id, dir.clone())) {
            Some(object) => object,
            None => locate.object(tree.insert(commit.tree()?), &dir),
        };
        let mut parents = Vec::new();
        for parent in commit.parents() {
            let parent_tree = parent.tree()?;
            let mut parent_dir = dir.clone();
            let mut there = locate.object(&parent_tree, &dir);
            if object.is_some()
                && there.is_none()
                && locate.dir(&parent_tree, &dir).is_none()
                && let Some(old) = renamed_from(repo, &locate, &parent_tree, own_tree(&mut tree, &commit)?, &dir)?
            {
                there = locate.object(&parent_tree, &old);
                parent_dir = old;
            }
            // A parent reached from two children keeps the first one's name (a merge of a
            // branch that renamed the directory with one that did not: first parent wins).
            let assigned = dirs.entry(parent.id()).or_insert_with(|| parent_dir.clone());
            if *assigned == parent_dir {
                seen.entry((parent.id(), parent_dir.clone())).or_insert(there);
            }
            parents.push(Parent { id: parent.id(), dir: parent_dir, object: there });
        }
        let node = Node { commit, dir, object, parents };
        if visit(&node)?.is_break() {
            break;
        }
    }
    Ok(())
}

fn own_tree<'r, 't>(tree: &'t mut Option<Tree<'r>>, commit: &Commit<'r>) -> Result<&'t Tree<'r>> {
    if tree.is_none() {
        *tree = Some(commit.tree()?);
    }
    // Filled just above when it was empty; the error cannot happen.
    tree.as_ref().ok_or_else(|| KamError::env("git: a commit has no tree"))
}

/// Finds the entity inside a commit's tree.
struct Locator<'t> {
    /// The book's root inside the repository, with a trailing `/` unless at the top.
    root: String,
    target: &'t Target,
}

impl Locator<'_> {
    fn dir_path(&self, dir: &str) -> String {
        format!("{}accounts/{dir}", self.root)
    }

    /// The account directory's tree.
    fn dir(&self, tree: &Tree<'_>, dir: &str) -> Option<Oid> {
        entry(tree, &self.dir_path(dir), ObjectType::Tree)
    }

    /// The entity's object: the directory's tree, or the file's blob.
    fn object(&self, tree: &Tree<'_>, dir: &str) -> Option<Oid> {
        match &self.target.file {
            None => self.dir(tree, dir),
            Some(file) => entry(tree, &format!("{}/{file}", self.dir_path(dir)), ObjectType::Blob),
        }
    }
}

fn entry(tree: &Tree<'_>, path: &str, kind: ObjectType) -> Option<Oid> {
    tree.get_path(Path::new(path)).ok().filter(|e| e.kind() == Some(kind)).map(|e| e.id())
}

/// When the account directory `dir` is new in `tree`: the directory of `parent_tree` it was
/// renamed from — one that is gone in `tree` and whose files git's rename detection pairs
/// with files of `dir` (the most such files wins; a tie goes to the first name).
fn renamed_from(
    repo: &Repository,
    locate: &Locator<'_>,
    parent_tree: &Tree<'_>,
    tree: &Tree<'_>,
    dir: &str,
) -> Result<Option<String>> {
    let accounts = format!("{}accounts", locate.root);
    let (Some(old_accounts), Some(new_accounts)) =
        (entry(parent_tree, &accounts, ObjectType::Tree), entry(tree, &accounts, ObjectType::Tree))
    else {
        return Ok(None);
    };
    let (old_accounts, new_accounts) = (repo.find_tree(old_accounts)?, repo.find_tree(new_accounts)?);
    let new_dir = new_accounts.get_name(dir).map(|e| e.id());
    let mut gone = Vec::new();
    for e in old_accounts.iter() {
        if e.kind() == Some(ObjectType::Tree)
            && let Ok(name) = e.name()
            && new_accounts.get_name(name).is_none()
        {
            // A pure rename keeps the very same tree: no need to ask for similarity.
            if Some(e.id()) == new_dir {
                return Ok(Some(name.to_string()));
            }
            gone.push(name.to_string());
        }
    }
    if gone.is_empty() {
        return Ok(None);
    }
    let mut options = DiffOptions::new();
    options.pathspec(format!("{dir}/"));
    for name in &gone {
        options.pathspec(format!("{name}/"));
    }
    let mut diff = repo.diff_tree_to_tree(Some(&old_accounts), Some(&new_accounts), Some(&mut options))?;
    diff.find_similar(Some(DiffFindOptions::new().renames(true)))?;
    let mut paired: Vec<(usize, &String)> = gone.iter().map(|name| (0, name)).collect();
    let new_prefix = format!("{dir}/");
    for delta in diff.deltas().filter(|d| d.status() == Delta::Renamed) {
        let (Some(from), Some(to)) = (delta.old_file().path(), delta.new_file().path()) else { continue };
        if !to.to_string_lossy().starts_with(&new_prefix) {
            continue;
        }
        let from = from.to_string_lossy();
        if let Some(slot) = paired.iter_mut().find(|(_, name)| from.starts_with(&format!("{name}/"))) {
            slot.0 += 1;
        }
    }
    let best = paired.iter().filter(|(n, _)| *n > 0).max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(a.1)));
    Ok(best.map(|(_, name)| name.to_string()))
}

/// The first of `targets` that exists in some commit reachable from `start` (newest first),
/// without following renames: to find what `anji/<id>` meant once it is deleted.
pub fn first_existing(repo: &Repository, root: &str, start: Oid, targets: &[Target]) -> Result<Option<usize>> {
    let mut revwalk = repo.revwalk()?;
    revwalk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)?;
    revwalk.push(start)?;
    let root = if root.is_empty() { String::new() } else { format!("{root}/") };
    for id in revwalk {
        let tree = repo.find_commit(id?)?.tree()?;
        for (i, target) in targets.iter().enumerate() {
            let locate = Locator { root: root.clone(), target };
            if locate.object(&tree, &target.account).is_some() {
                return Ok(Some(i));
            }
        }
    }
    Ok(None)
}

/// The entity's object in `commit` (the directory's tree or the file's blob).
pub fn object_at(repo: &Repository, root: &str, commit: Oid, target: &Target) -> Result<Option<Oid>> {
    let tree = repo.find_commit(commit)?.tree()?;
    let locate = Locator { root: if root.is_empty() { String::new() } else { format!("{root}/") }, target };
    Ok(locate.object(&tree, &target.account))
}
