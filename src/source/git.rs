//! A git revision as a source: reads blobs from the tree of a commit, never checks out,
//! never touches the working tree. Also resolves `--as-of REV|DATE` and lists the paths
//! changed since a revision (`check --changed-since`).

use super::{At, Differing, Entry, Listing, MAX_FILE_BYTES, Source, is_toml, resolve_link, too_large};
use crate::diag::Diagnostic;
use crate::error::{KamError, Result};
use chrono::NaiveDate;
use git2::{ObjectType, Oid, Repository, TreeWalkMode, TreeWalkResult};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

pub struct GitRevision {
    repo_dir: PathBuf,
    commit: Oid,
    /// The book's root inside the repository (`""` when it is the top level).
    prefix: String,
    /// When set, the only account directories listed (and no file directly under
    /// `accounts/`): part of a book, to stand in for those accounts of another state.
    only: Option<BTreeSet<String>>,
}

/// How much of its pack files libgit2 maps at once (by default 1 GiB windows, up to
/// 8 GiB). Reading a revision touches most of a pack, and every page mapped counts in
/// kam's memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PackWindows {
    /// Windows of 4 MiB, at most 16 MiB of them. On the 2 000-account benchmark book this
    /// keeps `--as-of` about 20 MiB smaller than the defaults, for some 0.2 s of remapping;
    /// smaller windows cost more (0.1 s more at 1 MiB and 8 MiB).
    Read,
    /// Windows of 1 MiB, at most 4 MiB, for `kam diff`: a revision read in order fills
    /// every window it maps, and a diff holds its file differences and one state's figures
    /// on top of a book. On the benchmark book `diff HEAD~50..HEAD` takes about 10 MiB
    /// less, in the same time. Also for `--as-of` with the parse cache, which answers for
    /// most of a revision's files once it has read them, so that what is left to read is
    /// the trees: a cached `--as-of HEAD~100 score` there takes about 10 MiB less (64 MiB,
    /// not 74) for some 0.09 s more spent remapping (0.45 s, not 0.36); 2 MiB or 4 MiB
    /// windows up to 8 MiB were slower still. A first run at a revision reads its files
    /// with these windows too.
    Compare,
}

/// Bounds what libgit2 maps of pack files at once.
///
/// # Safety
/// libgit2 reads these settings without a lock: call this before any thread uses it.
pub unsafe fn limit_pack_windows(windows: PackWindows) {
    let (size, limit) = match windows {
        PackWindows::Read => (4 << 20, 16 << 20),
        PackWindows::Compare => (1 << 20, 4 << 20),
    };
    // SAFETY: the caller guarantees no other libgit2 call runs meanwhile. Failures only
    // leave libgit2's defaults in place.
    unsafe {
        let _ = git2::opts::set_mwindow_size(size);
        let _ = git2::opts::set_mwindow_mapped_limit(limit);
    }
}

/// The repository that holds `root`, and the root's path inside it.
pub fn open(root: &Path) -> Result<(Repository, String)> {
    // kam only reads objects: libgit2's re-hashing of every object it reads (to detect a
    // corrupt object database, which `git fsck` is for) costs a third of reading a revision.
    git2::opts::strict_hash_verification(false);
    let repo = Repository::discover(root).map_err(|_| {
        KamError::env(format!(
            "{} is not inside a git repository; --as-of, --changed-since and history need one",
            root.display()
        ))
    })?;
    let workdir =
        repo.workdir().ok_or_else(|| KamError::env("the git repository is bare; kam needs a working tree"))?;
    let workdir = std::fs::canonicalize(workdir).unwrap_or_else(|_| workdir.to_path_buf());
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let rel = root.strip_prefix(&workdir).unwrap_or(Path::new(""));
    let prefix: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    Ok((repo, prefix.join("/")))
}

/// Resolves a revision (`HEAD~3`, a branch, a tag, a commit id) or a date (`2026-06-30`:
/// the last commit on HEAD's first-parent line made on or before that day).
/// The commits of `start`'s first-parent line, newest first, each with its calendar day
/// in its own time zone.
pub fn first_parent_days<'r>(start: &git2::Commit<'r>) -> impl Iterator<Item = (NaiveDate, Oid)> + 'r {
    std::iter::successors(Some(start.clone()), |c| c.parent(0).ok()).map(|c| {
        let when = c.time();
        let local = when.seconds() + i64::from(when.offset_minutes()) * 60;
        let day = chrono::DateTime::from_timestamp(local, 0).map(|t| t.date_naive()).unwrap_or_default();
        (day, c.id())
    })
}

pub fn resolve(repo: &Repository, rev: &str) -> Result<Oid> {
    if let Ok(obj) = repo.revparse_single(rev)
        && let Ok(commit) = obj.peel_to_commit()
    {
        return Ok(commit.id());
    }
    if let Ok(date) = NaiveDate::parse_from_str(rev, "%Y-%m-%d") {
        let head = repo
            .head()
            .and_then(|h| h.peel_to_commit())
            .map_err(|_| KamError::env("the repository has no commits yet"))?;
        if let Some((_, id)) = first_parent_days(&head).find(|(day, _)| *day <= date) {
            return Ok(id);
        }
        return Err(KamError::env(format!("no commit on HEAD's first-parent line is on or before {date}")));
    }
    if repo.head().is_err() {
        return Err(KamError::env(format!("cannot read `{rev}`: the repository has no commits yet")));
    }
    Err(KamError::env(format!("unknown revision `{rev}`"))
        .with_hint("give a commit, branch, tag, `HEAD~N`, or a date YYYY-MM-DD"))
}

impl GitRevision {
    pub fn new(repo: &Repository, commit: Oid, prefix: String) -> Self {
        GitRevision { repo_dir: repo.path().to_path_buf(), commit, prefix, only: None }
    }

    /// This revision with only `kam.toml` and the account directories `accounts` listed.
    pub fn only_accounts(&self, accounts: BTreeSet<String>) -> GitRevision {
        GitRevision {
            repo_dir: self.repo_dir.clone(),
            commit: self.commit,
            prefix: self.prefix.clone(),
            only: Some(accounts),
        }
    }

    /// The tree of the book's root at this revision.
    fn book_tree<'r>(&self, repo: &'r Repository) -> Result<git2::Tree<'r>> {
        let tree = repo.find_commit(self.commit)?.tree()?;
        if self.prefix.is_empty() {
            return Ok(tree);
        }
        let entry = tree.get_path(Path::new(&self.prefix)).map_err(|_| {
            KamError::env(format!("revision {} has no directory `{}`", short(self.commit), self.prefix))
        })?;
        repo.find_tree(entry.id())
            .map_err(|_| KamError::env(format!("`{}` is not a directory at {}", self.prefix, short(self.commit))))
    }

    /// The book's files that differ from `self` to `later` (a revision of the same
    /// repository and book), each with where it is on either side (`None`: absent there),
    /// by libgit2's tree diff, which never enters a directory that is the same on both
    /// sides: a diff of a few commits reads a few trees, not two whole listings. `None`
    /// when the two cannot be compared so (another repository or directory), or when
    /// either holds a symbolic link, whose target may change while the link does not:
    /// the caller then compares listings.
    pub fn changed_to(&self, later: &GitRevision) -> Result<Option<Vec<Differing>>> {
        if self.repo_dir != later.repo_dir || self.prefix != later.prefix {
            return Ok(None);
        }
        git2::opts::enable_caching(false);
        let repo = Repository::open(&self.repo_dir)?;
        let (old, new) = (self.book_tree(&repo)?, later.book_tree(&repo)?);
        if has_link(&old) || has_link(&new) {
            return Ok(None);
        }
        let diff = repo.diff_tree_to_tree(Some(&old), Some(&new), None)?;
        let side = |file: git2::DiffFile<'_>, path: &str| {
            let blob = matches!(file.mode(), git2::FileMode::Blob | git2::FileMode::BlobExecutable);
            (blob && !file.id().is_zero()).then(|| if is_toml(path) { At::Blob(file.id()) } else { At::Name })
        };
        let mut changed = Vec::new();
        for delta in diff.deltas() {
            let Some(path) = delta.new_file().path().or(delta.old_file().path()).and_then(|p| p.to_str()) else {
                continue;
            };
            if !is_listed(path) {
                continue;
            }
            let (before, after) = (side(delta.old_file(), path), side(delta.new_file(), path));
            if before.is_some() || after.is_some() {
                changed.push((path.to_string(), before, after));
            }
        }
        Ok(Some(changed))
    }
}

/// Whether a listing of the book holds `path`: `kam.toml`, or a file under `accounts/`
/// with no hidden part.
fn is_listed(path: &str) -> bool {
    path == "kam.toml"
        || path.strip_prefix("accounts/").is_some_and(|rest| rest.split('/').all(|part| !part.starts_with('.')))
}

/// Whether a tree holds a symbolic link where a listing looks.
fn has_link(tree: &git2::Tree<'_>) -> bool {
    let mut found = false;
    let _ = tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
        let name = entry.name().unwrap_or("");
        if dir.is_empty() && !(name == "kam.toml" || name == "accounts") || name.starts_with('.') {
            return if entry.kind() == Some(ObjectType::Tree) { TreeWalkResult::Skip } else { TreeWalkResult::Ok };
        }
        if entry.filemode() == MODE_LINK {
            found = true;
            return TreeWalkResult::Abort;
        }
        TreeWalkResult::Ok
    });
    found
}

const MODE_LINK: i32 = 0o120000;

impl Source for GitRevision {
    fn list(&self) -> Result<Listing> {
        // Each blob of a revision is read once: libgit2's object cache would only hold
        // memory (about 8 MiB on the 2 000-account benchmark book).
        git2::opts::enable_caching(false);
        let repo = Repository::open(&self.repo_dir)?;
        let tree = self.book_tree(&repo)?;
        // `kam.toml` and the files directly under `accounts/` make the first run; each
        // directory under `accounts/` is walked on its own, in parallel, into a run.
        let mut first = Part::default();
        let mut dirs: Vec<(String, Oid)> = Vec::new();
        for entry in tree.iter() {
            match (entry.name().ok(), entry.kind()) {
                (Some("kam.toml"), Some(ObjectType::Blob)) => first.push("kam.toml".to_string(), &entry),
                (Some("accounts"), Some(ObjectType::Tree)) => {
                    let accounts = repo.find_tree(entry.id())?;
                    for entry in accounts.iter() {
                        let Some(name) = entry.name().ok().filter(|n| !n.starts_with('.')) else { continue };
                        if self.only.as_ref().is_some_and(|only| !only.contains(name)) {
                            continue;
                        }
                        match entry.kind() {
                            Some(ObjectType::Blob) => first.push(format!("accounts/{name}"), &entry),
                            Some(ObjectType::Tree) => dirs.push((format!("accounts/{name}/"), entry.id())),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        let parts: Vec<std::result::Result<Part, git2::Error>> = dirs
            .into_par_iter()
            .map(|(dir, oid)| {
                with_thread_repo(&self.repo_dir, |repo| {
                    let mut part = Part::default();
                    repo.find_tree(oid)?.walk(TreeWalkMode::PreOrder, |sub, entry| {
                        let Ok(name) = entry.name() else { return TreeWalkResult::Skip };
                        if name.starts_with('.') {
                            return TreeWalkResult::Skip;
                        }
                        if entry.kind() == Some(ObjectType::Blob) {
                            part.push(format!("{dir}{sub}{name}"), entry);
                        }
                        TreeWalkResult::Ok
                    })?;
                    Ok(part)
                })
            })
            .collect();
        let mut listing = Listing::default();
        // Links, by run and place in it, with their own blob (the target's path).
        let mut links: Vec<(usize, usize, Oid)> = Vec::new();
        // The blobs of files kam does not read (few), which a link may still name.
        let mut unread: HashMap<String, Oid> = HashMap::new();
        for part in std::iter::once(Ok(first)).chain(parts) {
            let part = part?;
            let run = listing.runs.len();
            links.extend(part.links.into_iter().map(|(at, oid)| (run, at, oid)));
            unread.extend(part.unread);
            listing.runs.push(part.entries);
        }
        if !links.is_empty() {
            resolve_links(&repo, &mut listing, &links, &unread);
        }
        Ok(listing)
    }

    /// Reads a blob with this thread's own handle on the repository: files are read in
    /// parallel, and a libgit2 repository is not to be shared between threads.
    fn read(&self, path: &str, at: At) -> std::result::Result<Vec<u8>, Diagnostic> {
        let At::Blob(oid) = at else { return super::read_at(path, at) };
        let unreadable = |err: git2::Error| {
            Diagnostic::new("E005", path, None, format!("cannot read blob {}: {}", short(oid), err.message()))
        };
        let read = with_thread_repo(&self.repo_dir, |repo| {
            let odb = repo.odb()?;
            let (size, _) = odb.read_header(oid)?;
            if size as u64 > MAX_FILE_BYTES {
                return Ok(Err(too_large(path, size as u64)));
            }
            Ok(Ok(odb.read(oid)?.data().to_vec()))
        });
        read.map_err(unreadable)?
    }

    fn reads_ahead(&self) -> bool {
        true
    }

    fn describe(&self) -> String {
        format!("revision {}", short(self.commit))
    }

    fn as_revision(&self) -> Option<&GitRevision> {
        Some(self)
    }
}

/// The files of one run of a revision's listing, with its links (place, the link's own
/// blob) and the blobs of its files kam does not read.
#[derive(Default)]
struct Part {
    entries: Vec<Entry>,
    links: Vec<(usize, Oid)>,
    unread: Vec<(String, Oid)>,
}

impl Part {
    fn push(&mut self, path: String, entry: &git2::TreeEntry<'_>) {
        let link = entry.filemode() == MODE_LINK;
        if link {
            self.links.push((self.entries.len(), entry.id()));
        }
        let at = if is_toml(&path) {
            At::Blob(entry.id())
        } else {
            if !link {
                self.unread.push((path.clone(), entry.id()));
            }
            At::Name
        };
        self.entries.push(Entry { path, at });
    }
}

/// Runs `f` with this thread's own handle on the repository at `dir`, opened once per
/// thread: a libgit2 repository is not to be shared between threads.
fn with_thread_repo<T>(
    dir: &Path,
    f: impl FnOnce(&Repository) -> std::result::Result<T, git2::Error>,
) -> std::result::Result<T, git2::Error> {
    THREAD_REPO.with(|cell| {
        let repo = match cell.borrow_mut().take() {
            Some((d, repo)) if d == dir => repo,
            _ => Repository::open(dir)?,
        };
        let out = f(&repo);
        *cell.borrow_mut() = Some((dir.to_path_buf(), repo));
        out
    })
}

/// Points each listed link (`links`: run, place, the link's own blob) at the blob of the
/// file it names (a listed file, or one of `unread`), or drops it with a diagnostic when
/// it leaves the book or names no file (another link included).
fn resolve_links(
    repo: &Repository,
    listing: &mut Listing,
    links: &[(usize, usize, Oid)],
    unread: &HashMap<String, Oid>,
) {
    let is_link: HashSet<(usize, usize)> = links.iter().map(|&(run, at, _)| (run, at)).collect();
    let resolved: Vec<(usize, usize, std::result::Result<Oid, String>)> = {
        let mut by_path: HashMap<&str, Oid> = unread.iter().map(|(p, &oid)| (p.as_str(), oid)).collect();
        for (r, run) in listing.runs.iter().enumerate() {
            for (i, entry) in run.iter().enumerate() {
                if let At::Blob(oid) = entry.at
                    && !is_link.contains(&(r, i))
                {
                    by_path.insert(entry.path.as_str(), oid);
                }
            }
        }
        links
            .iter()
            .map(|&(run, at, blob)| {
                let path = &listing.runs[run][at].path;
                let target =
                    repo.find_blob(blob).map(|b| String::from_utf8_lossy(b.content()).into_owned()).unwrap_or_default();
                let oid = resolve_link(path, &target).and_then(|p| by_path.get(p.as_str()).copied());
                (run, at, oid.ok_or(target))
            })
            .collect()
    };
    let mut dropped: HashSet<(usize, usize)> = HashSet::new();
    for (run, at, oid) in resolved {
        let entry = &mut listing.runs[run][at];
        match oid {
            Ok(oid) => {
                if let At::Blob(blob) = &mut entry.at {
                    *blob = oid;
                }
            }
            Err(target) => {
                let msg = format!(
                    "symbolic link to `{target}` points outside the repository or to nothing kam reads; not followed"
                );
                listing.diags.push(Diagnostic::new("E006", &entry.path, None, msg));
                listing.skipped += 1;
                dropped.insert((run, at));
            }
        }
    }
    for (r, run) in listing.runs.iter_mut().enumerate() {
        let mut i = 0;
        run.retain(|_| {
            i += 1;
            !dropped.contains(&(r, i - 1))
        });
    }
}

/// Reading a revision leaves a handle on the repository with each thread that read, and
/// with it the pack windows libgit2 mapped. Dropping the source closes them on every thread
/// of the pool: what comes after (scoring, another revision) runs without them.
impl Drop for GitRevision {
    fn drop(&mut self) {
        let dir = &self.repo_dir;
        rayon::broadcast(|_| {
            THREAD_REPO.with(|cell| {
                let mut cell = cell.borrow_mut();
                if cell.as_ref().is_some_and(|(d, _)| d == dir) {
                    *cell = None;
                }
            })
        });
    }
}

thread_local! {
    /// Each thread's handle on the repository being read, by its git directory.
    static THREAD_REPO: std::cell::RefCell<Option<(PathBuf, Repository)>> = const { std::cell::RefCell::new(None) };
}

pub fn short(oid: Oid) -> String {
    oid.to_string()[..7].to_string()
}

/// Paths (relative to the book's root) that differ between `rev` and the working tree,
/// including untracked files.
pub fn changed_since(repo: &Repository, prefix: &str, rev: &str) -> Result<Vec<String>> {
    let oid = resolve(repo, rev)?;
    let tree = repo.find_commit(oid)?.tree()?;
    let mut opts = git2::DiffOptions::new();
    opts.include_untracked(true).recurse_untracked_dirs(true);
    if !prefix.is_empty() {
        opts.pathspec(prefix);
    }
    let diff = repo.diff_tree_to_workdir_with_index(Some(&tree), Some(&mut opts))?;
    let strip = if prefix.is_empty() { String::new() } else { format!("{prefix}/") };
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for delta in diff.deltas() {
        for file in [delta.old_file(), delta.new_file()] {
            if let Some(p) = file.path().and_then(|p| p.to_str())
                && let Some(rel) = p.strip_prefix(strip.as_str())
                && seen.insert(rel.to_string())
            {
                out.push(rel.to_string());
            }
        }
    }
    Ok(out)
}
