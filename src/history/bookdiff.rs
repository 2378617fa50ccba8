//! `kam diff`: the semantic difference between two states of the whole book — files added,
//! removed and changed field by field, then the figures a reviewer of an account plan
//! cares about (tier, ABC class, health and its status, priority score, owner) computed
//! on both states and compared.
//!
//! The states are any two `Source`s (a git revision, the working tree); this module reads
//! them once each and knows nothing of how they were chosen or how the result is shown.

use super::fielddiff::{self, Change};
use super::target::describe;
use crate::error::Result;
use crate::load::{self, FileKind};
use crate::model::Book;
use crate::score::{self, AccountScore, Scores};
use crate::source::{At, Differing, Entry, RawFile, Source};
use crate::value::Value;
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// What happened to a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileOp {
    Added,
    Removed,
    Modified,
}

impl FileOp {
    /// `add`, `remove` or `modify`, for JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            FileOp::Added => "add",
            FileOp::Removed => "remove",
            FileOp::Modified => "modify",
        }
    }

    /// `+`, `-` or `~`.
    pub fn sign(self) -> char {
        match self {
            FileOp::Added => '+',
            FileOp::Removed => '-',
            FileOp::Modified => '~',
        }
    }
}

/// One file that differs between the two states.
#[derive(Clone, Debug)]
pub struct FileDiff {
    /// Relative to the book's root.
    pub path: String,
    /// `config`, `account`, `plan`, `contact`, `interaction`, `opportunity` or `file`.
    pub entity: &'static str,
    /// The account the file belongs to (`None` for kam.toml and files outside accounts).
    pub account: Option<String>,
    pub id: String,
    pub op: FileOp,
    /// Field by field, for a modified file (empty: only formatting changed).
    pub changes: Vec<Change>,
}

impl FileDiff {
    /// `~ account anji`, `+ contact li-na`, `- plan` — the file as one line.
    pub fn title(&self) -> String {
        match self.entity {
            "plan" | "config" => format!("{} {}", self.op.sign(), self.entity),
            _ => format!("{} {} {}", self.op.sign(), self.entity, self.id),
        }
    }
}

/// One derived figure of one account that differs.
#[derive(Clone, Debug, PartialEq)]
pub struct Derived {
    pub account: String,
    /// `tier`, `abc`, `health`, `health_status`, `score` or `owner`.
    pub figure: &'static str,
    pub before: Value,
    pub after: Value,
}

/// The whole difference.
#[derive(Clone, Debug, Default)]
pub struct BookDiff {
    pub files: Vec<FileDiff>,
    pub derived: Vec<Derived>,
    /// The display name of every account of either state (the later state's when both).
    pub names: BTreeMap<String, String>,
}

/// Compares two states of the book. Both are scored on one day, `today` of the later
/// state's book, so that only the data, not the passing of time, makes a figure change.
pub fn diff(
    before: &dyn Source,
    after: &dyn Source,
    today: impl FnOnce(&Book) -> NaiveDate + Send,
) -> Result<BookDiff> {
    // All on a worker thread, as loading lists: the memory of one step (the two listings,
    // the later book) is then reused by the next instead of growing another thread's heap.
    rayon::scope(|_| diff_on_worker(before, after, today))
}

fn diff_on_worker(before: &dyn Source, after: &dyn Source, today: impl FnOnce(&Book) -> NaiveDate) -> Result<BookDiff> {
    let Differ { before: changed_before, after: changed_after, accounts } = differing(before, after)?;
    let files = file_diffs(&changed_before, &changed_after);
    drop((changed_before, changed_after));
    // A diff holds one book, not two. The later state goes first: its `today` scores both.
    // The earlier state is then the later one with the accounts that differ read from the
    // earlier revision, when the trees say which do; else it is loaded whole once the later
    // book is dropped.
    let new = match load::load(after) {
        Ok(loaded) => loaded.book,
        Err(e) => {
            // The earlier state's problem is the one reported when both have one.
            load::load(before)?;
            return Err(e);
        }
    };
    let today = today(&new);
    let mut names: BTreeMap<String, String> =
        new.accounts.iter().map(|a| (a.id.to_string(), a.name.value.clone())).collect();
    // Only the compared figures of each state are kept, not its whole scores.
    let new_figures = figures_of(&score::score_book(&new, today, score::Options::default()));
    let old = match (accounts, before.as_revision()) {
        (Some(accounts), Some(revision)) => {
            // Dropped before the earlier versions are read, so that they take their place.
            let same = new.without_accounts(&accounts);
            let part = load::load(&revision.only_accounts(accounts.clone()))?.book;
            same.with_accounts_of(part, &accounts)
        }
        _ => {
            drop(new);
            load::load(before)?.book
        }
    };
    for a in &old.accounts {
        names.entry(a.id.to_string()).or_insert_with(|| a.name.value.clone());
    }
    let old_figures = figures_of(&score::score_book(&old, today, score::Options::default()));
    drop(old);
    Ok(BookDiff { files, derived: derived(&old_figures, &new_figures), names })
}

/// The files that differ between two states.
struct Differ {
    before: Vec<RawFile>,
    after: Vec<RawFile>,
    /// The account directories where anything differs, when the trees of two revisions
    /// told (`None`: the listings were compared).
    accounts: Option<BTreeSet<String>>,
}

/// The files that differ between two sources, in one pass that keeps only them: a path
/// that is the same blob on both sides is not even read, so a large book is never held
/// in memory as bytes. A file that cannot be read counts as absent (loading reports it).
fn differing(before: &dyn Source, after: &dyn Source) -> Result<Differ> {
    let trees = match (before.as_revision(), after.as_revision()) {
        (Some(b), Some(a)) => b.changed_to(a)?,
        _ => None,
    };
    let accounts = trees.as_ref().map(|changed| {
        changed
            .iter()
            .filter_map(|(path, _, _)| path.strip_prefix("accounts/")?.split_once('/'))
            .map(|(dir, _)| dir.to_string())
            .collect()
    });
    let pairs: Vec<Differing> = match trees {
        Some(changed) => changed,
        None => {
            let (listed_before, listed_after) = (before.list()?, after.list()?);
            let mut pairs: BTreeMap<String, (Option<At>, Option<At>)> = BTreeMap::new();
            for Entry { path, at } in listed_before.runs.into_iter().flatten() {
                pairs.entry(path).or_default().0 = Some(at);
            }
            for Entry { path, at } in listed_after.runs.into_iter().flatten() {
                pairs.entry(path).or_default().1 = Some(at);
            }
            pairs.into_iter().map(|(path, (b, a))| (path, b, a)).collect()
        }
    };
    let differ: Vec<(Option<RawFile>, Option<RawFile>)> = pairs
        .into_par_iter()
        .filter_map(|(path, b, a)| {
            if let (Some(At::Blob(x)), Some(At::Blob(y))) = (&b, &a)
                && x == y
            {
                return None;
            }
            let b = b.and_then(|at| before.read(&path, at).ok());
            let a = a.and_then(|at| after.read(&path, at).ok());
            if b == a {
                return None;
            }
            let b = b.map(|bytes| RawFile { path: path.clone(), bytes });
            Some((b, a.map(|bytes| RawFile { path, bytes })))
        })
        .collect();
    let (b, a): (Vec<_>, Vec<_>) = differ.into_iter().unzip();
    Ok(Differ { before: b.into_iter().flatten().collect(), after: a.into_iter().flatten().collect(), accounts })
}

/// The files that differ, kam.toml first, then by account: account.toml, plan.toml, then
/// the others in path order.
pub fn file_diffs(before: &[RawFile], after: &[RawFile]) -> Vec<FileDiff> {
    let old: BTreeMap<&str, &[u8]> = before.iter().map(|f| (f.path.as_str(), f.bytes.as_slice())).collect();
    let new: BTreeMap<&str, &[u8]> = after.iter().map(|f| (f.path.as_str(), f.bytes.as_slice())).collect();
    let paths: BTreeSet<&str> = old.keys().chain(new.keys()).copied().collect();
    let mut out = Vec::new();
    for path in paths {
        let (b, a) = (old.get(path).copied(), new.get(path).copied());
        let op = match (b, a) {
            (None, Some(_)) => FileOp::Added,
            (Some(_), None) => FileOp::Removed,
            (Some(b), Some(a)) if b != a => FileOp::Modified,
            _ => continue,
        };
        let kind = load::classify(path);
        let account = kind.account().map(str::to_string);
        let (entity, id) = match (&kind, &account) {
            (FileKind::Config, _) => ("config", "kam.toml".to_string()),
            (FileKind::Misplaced | FileKind::Stray, _) | (_, None) => ("file", path.to_string()),
            (_, Some(account)) => {
                let inside = path.strip_prefix(&format!("accounts/{account}/")).unwrap_or(path);
                describe(account, inside)
            }
        };
        // An added or removed file is one line; only a modified one lists its fields.
        let changes =
            if op == FileOp::Modified && crate::source::is_toml(path) { fielddiff::diff(b, a) } else { Vec::new() };
        out.push(FileDiff { path: path.to_string(), entity, account, id, op, changes });
    }
    let rank = |f: &FileDiff| match f.entity {
        "config" => 0,
        "account" => 1,
        "plan" => 2,
        _ => 3,
    };
    out.sort_by(|x, y| x.account.cmp(&y.account).then_with(|| rank(x).cmp(&rank(y))).then_with(|| x.path.cmp(&y.path)));
    out
}

/// The figures of SPEC section 4 a reviewer weighs, per account, where the scores of two
/// states differ.
fn derived(old: &Figures, new: &Figures) -> Vec<Derived> {
    let ids: BTreeSet<&str> = old.keys().chain(new.keys()).map(String::as_str).collect();
    let mut out = Vec::new();
    for id in ids {
        let (b, a) = (
            old.get(id).cloned().unwrap_or_else(|| figures(None)),
            new.get(id).cloned().unwrap_or_else(|| figures(None)),
        );
        for ((figure, b), (_, a)) in b.into_iter().zip(a) {
            if b != a {
                out.push(Derived { account: id.to_string(), figure, before: b, after: a });
            }
        }
    }
    out
}

/// The compared figures of each account of one state.
type Figures = BTreeMap<String, [(&'static str, Value); 6]>;

fn figures_of(scores: &Scores) -> Figures {
    scores.accounts.iter().map(|s| (s.account.to_string(), figures(Some(s)))).collect()
}

/// The compared figures of one account (all null when it does not exist in that state).
fn figures(score: Option<&AccountScore>) -> [(&'static str, Value); 6] {
    let get = |f: fn(&AccountScore) -> Value| score.map_or(Value::Null, f);
    [
        ("tier", get(|s| s.tier.clone().into())),
        ("abc", get(|s| s.abc.into())),
        ("health", get(|s| Value::Int(s.health.score))),
        ("health_status", get(|s| s.health.status.into())),
        ("score", get(|s| Value::Int(s.score))),
        ("owner", get(|s| s.owner.clone().into())),
    ]
}
