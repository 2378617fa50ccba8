//! `kam history`: the commits that changed an entity, newest first, each with its changes —
//! field by field for the files of fields (the entity's own file; for an account its
//! account.toml and plan.toml), one line per file for an account's contacts, interactions
//! and opportunities.
//!
//! A merge is listed only when it differs from every parent, and then shows its changes
//! against the first parent. A commit that renamed the account directory says so.

use super::fielddiff::{self, Change, Op};
use super::target::{Target, describe};
use super::walk::{self, Node};
use super::{CommitInfo, People};
use crate::error::Result;
use crate::source::MAX_FILE_BYTES;
use git2::{Delta, Oid, Repository};
use std::ops::ControlFlow;

/// One commit of an entity's history.
#[derive(Clone, Debug)]
pub struct Entry {
    pub commit: CommitInfo,
    pub changes: Vec<LogChange>,
}

/// One change of one commit.
#[derive(Clone, Debug)]
pub struct LogChange {
    /// The file's path relative to the book's root (in the parent, for a removal); for a
    /// rename, the new directory (`accounts/anji/`).
    pub path: String,
    /// `account`, `plan`, `contact`, `interaction`, `opportunity`, or `file` (anything else).
    pub entity: &'static str,
    /// The entity's id (the account's for `account` and `plan`).
    pub id: String,
    pub what: What,
}

#[derive(Clone, Debug)]
pub enum What {
    Added,
    Removed,
    /// A file changed (for a file of fields: see `Field` and `Reformatted`).
    Modified,
    /// A file of fields changed, but none of its fields did (formatting, comments, order).
    Reformatted,
    /// The account directory was renamed.
    Renamed {
        from: String,
        to: String,
    },
    Field(Change),
}

impl LogChange {
    /// The change as one line: `tier: B → A`, `+ contact wang-jun`, `renamed: anji-old → anji`.
    pub fn text(&self) -> String {
        let name = if self.entity == "plan" { "plan".to_string() } else { format!("{} {}", self.entity, self.id) };
        match &self.what {
            What::Added => format!("+ {name}"),
            What::Removed => format!("- {name}"),
            What::Modified => format!("~ {name}"),
            What::Reformatted => format!("~ {name} (no field changed)"),
            What::Renamed { from, to } => format!("renamed: {from} → {to}"),
            What::Field(change) => change.text(),
        }
    }

    /// `add`, `remove`, `modify`, `rename`, `set` or `unparseable`.
    pub fn op(&self) -> &'static str {
        match &self.what {
            What::Added => "add",
            What::Removed => "remove",
            What::Modified | What::Reformatted => "modify",
            What::Renamed { .. } => "rename",
            What::Field(c) => c.op_name(),
        }
    }

    /// The change with the keys of the JSON contract: `path, entity, id, op, field, before,
    /// after, text` (`field` null for a whole file; for `unparseable`, `before`/`after` are
    /// `absent`, `unparseable` or `valid`).
    pub fn json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        let (field, before, after) = match &self.what {
            What::Renamed { from, to } => (J::Null, J::from(from.as_str()), J::from(to.as_str())),
            What::Field(c) => c.json_parts(),
            _ => (J::Null, J::Null, J::Null),
        };
        serde_json::json!({
            "path": self.path,
            "entity": self.entity,
            "id": self.id,
            "op": self.op(),
            "field": field,
            "before": before,
            "after": after,
            "text": self.text(),
        })
    }

    /// Whether the change concerns `field` (for `--field`).
    fn concerns(&self, field: &str) -> bool {
        matches!(&self.what, What::Field(c) if c.concerns(field))
    }
}

impl Entry {
    /// `commit, date, author, email, person, subject, changes`.
    pub fn json(&self) -> serde_json::Value {
        let mut obj = self.commit.json();
        obj.insert("changes".into(), self.changes.iter().map(LogChange::json).collect());
        serde_json::Value::Object(obj)
    }
}

/// The history of `target` from `start`, newest first; with `field`, only the commits that
/// changed it, with only those changes.
pub fn log(
    repo: &Repository,
    root: &str,
    start: Oid,
    target: &Target,
    people: &People,
    field: Option<&str>,
) -> Result<Vec<Entry>> {
    let mut entries = Vec::new();
    walk::walk(repo, root, start, target, |node| {
        if !node.changed() {
            return Ok(ControlFlow::Continue(()));
        }
        let mut changes = Vec::new();
        for file in files(repo, target, node)? {
            match field {
                Some(field) => changes.extend(file.fields.into_iter().filter(|c| c.concerns(field))),
                // A modification shows its field changes; an addition or removal is one line.
                None if matches!(file.whole.what, What::Modified) && !file.fields.is_empty() => {
                    changes.extend(file.fields)
                }
                None => changes.push(file.whole),
            }
        }
        if !changes.is_empty() {
            entries.push(Entry { commit: CommitInfo::new(&node.commit, people), changes });
        }
        Ok(ControlFlow::Continue(()))
    })?;
    Ok(entries)
}

/// One file's change in a commit: the whole-file line, and for a file of fields its field
/// changes.
struct FileChanges {
    whole: LogChange,
    fields: Vec<LogChange>,
}

/// The changes of a changed commit against its first parent, file by file.
fn files(repo: &Repository, target: &Target, node: &Node<'_>) -> Result<Vec<FileChanges>> {
    let (parent_dir, before) = node.first_parent().map_or((node.dir.as_str(), None), |p| (p.dir.as_str(), p.object));
    let dirs = (parent_dir, node.dir.as_str());
    let mut out = Vec::new();
    if node.object.is_some() && before.is_some() && parent_dir != node.dir {
        let whole = LogChange {
            path: format!("accounts/{}/", node.dir),
            entity: "account",
            id: node.dir.clone(),
            what: What::Renamed { from: parent_dir.to_string(), to: node.dir.clone() },
        };
        out.push(FileChanges { whole, fields: Vec::new() });
    }
    let Some(file) = &target.file else {
        let old = before.map(|t| repo.find_tree(t)).transpose()?;
        let new = node.object.map(|t| repo.find_tree(t)).transpose()?;
        let diff = repo.diff_tree_to_tree(old.as_ref(), new.as_ref(), None)?;
        let mut files: Vec<(String, Option<Oid>, Option<Oid>)> = Vec::new();
        for delta in diff.deltas() {
            let side = |f: git2::DiffFile<'_>| Some(f.id()).filter(|id| !id.is_zero());
            let Some(path) = delta.new_file().path().or(delta.old_file().path()) else { continue };
            let path = path.to_string_lossy().replace('\\', "/");
            let (old_oid, new_oid) = match delta.status() {
                Delta::Added => (None, side(delta.new_file())),
                Delta::Deleted => (side(delta.old_file()), None),
                _ => (side(delta.old_file()), side(delta.new_file())),
            };
            files.push((path, old_oid, new_oid));
        }
        // The account's own files first, then the others in git's (path) order.
        files.sort_by_key(|(path, _, _)| match path.as_str() {
            "account.toml" => 0,
            "plan.toml" => 1,
            _ => 2,
        });
        for (path, old_oid, new_oid) in files {
            let fields = match path.as_str() {
                "account.toml" => Some(""),
                "plan.toml" => Some("plan"),
                _ => None,
            };
            out.extend(file_changes(repo, dirs, &path, (old_oid, new_oid), fields, true)?);
        }
        return Ok(out);
    };
    out.extend(file_changes(repo, dirs, file, (before, node.object), Some(""), false)?);
    Ok(out)
}

/// The change of one file of the account directory (`dirs`: the directory's name in the
/// parent and here; `objects`: the file's blob in each). `fields`: compare field by field,
/// naming the fields under this prefix (`plan` in an account's history: `plan.objective`);
/// `in_account`: the history is of the whole account directory.
fn file_changes(
    repo: &Repository,
    dirs: (&str, &str),
    file: &str,
    objects: (Option<Oid>, Option<Oid>),
    fields: Option<&str>,
    in_account: bool,
) -> Result<Option<FileChanges>> {
    let (old, new) = objects;
    let dir = if new.is_some() { dirs.1 } else { dirs.0 };
    let (entity, id) = describe(dir, file);
    let path = format!("accounts/{dir}/{file}");
    let what = match (old, new) {
        (None, Some(_)) => What::Added,
        (Some(_), None) => What::Removed,
        (Some(a), Some(b)) if a != b => What::Modified,
        _ => return Ok(None),
    };
    let line = |what| LogChange { path: path.clone(), entity, id: id.clone(), what };
    let mut changes = Vec::new();
    if let Some(prefix) = fields {
        let (before, after) = (read(repo, old)?, read(repo, new)?);
        for mut change in fielddiff::diff(before.as_deref(), after.as_deref()) {
            if matches!(change.op, Op::Unparseable { .. }) {
                // In an account's history two files have fields: say which one it is.
                if in_account {
                    change.field = file.to_string();
                }
            } else if !prefix.is_empty() {
                change.field = format!("{prefix}.{}", change.field);
            }
            changes.push(line(What::Field(change)));
        }
    }
    let what =
        if fields.is_some() && changes.is_empty() && matches!(what, What::Modified) { What::Reformatted } else { what };
    Ok(Some(FileChanges { whole: line(what), fields: changes }))
}

/// A blob's bytes; one larger than kam reads is not loaded and stands as bytes that are not
/// TOML (a NUL), so it shows as `(unparseable)`.
pub(super) fn read(repo: &Repository, blob: Option<Oid>) -> Result<Option<Vec<u8>>> {
    let Some(blob) = blob else { return Ok(None) };
    let (size, _) = repo.odb()?.read_header(blob)?;
    if size as u64 > MAX_FILE_BYTES {
        return Ok(Some(b"\0 too large".to_vec()));
    }
    Ok(Some(repo.find_blob(blob)?.content().to_vec()))
}
