//! `kam blame`: for each field of one file at a revision, the commit that last set it to
//! the value it has there.
//!
//! One walk over history, as git blame does it for lines: every field starts pending at
//! the start commit; a commit passes a pending field on to the first parent that has the
//! same value for it (all of them at once to a parent with the very same file), and keeps
//! — is blamed for — the fields no parent has. The walk ends when no field is pending.
//! Parsed versions are cached by blob, so a file is parsed once per version, not per commit.

use super::fielddiff::{self, same};
use super::log::read;
use super::target::Target;
use super::walk;
use super::{CommitInfo, People};
use crate::error::{KamError, Result};
use git2::{Oid, Repository};
use std::collections::{BTreeSet, HashMap};
use std::ops::ControlFlow;
use toml::Value;

/// One field of the file and the commit that set it.
#[derive(Clone, Debug)]
pub struct Line {
    /// The dotted field path, as `history` names it.
    pub field: String,
    pub value: Value,
    pub commit: CommitInfo,
}

impl Line {
    /// `field, value, commit, date, author, email, person, subject`.
    pub fn json(&self) -> serde_json::Value {
        let mut obj = serde_json::Map::new();
        obj.insert("field".into(), self.field.clone().into());
        obj.insert("value".into(), fielddiff::to_json(&self.value));
        obj.extend(self.commit.json());
        serde_json::Value::Object(obj)
    }
}

/// The fields of one version, by name (the first of two fields with the same name wins).
type Fields = HashMap<String, Value>;

/// Blames every field of `target` (one file) as it is in `start` (called `at` in messages:
/// `HEAD`, or the revision given). Fails when the file is not there or is not TOML.
pub fn blame(
    repo: &Repository,
    root: &str,
    (start, at): (Oid, &str),
    target: &Target,
    people: &People,
) -> Result<Vec<Line>> {
    let path = target.path();
    let Some(blob) = walk::object_at(repo, root, start, target)? else {
        return Err(KamError::usage(format!("{path} does not exist at {at}")));
    };
    let bytes = read(repo, Some(blob))?.unwrap_or_default();
    let table = fielddiff::parse(&bytes)
        .map_err(|_| KamError::usage(format!("{path} is not valid TOML at {at}; run `kam check --as-of {at}`")))?;
    let mut order: Vec<(String, Value)> = Vec::new();
    for (field, value) in fielddiff::fields(&table) {
        if !order.iter().any(|(f, _)| *f == field) {
            order.push((field, value));
        }
    }
    let wanted: Fields = order.iter().cloned().collect();

    let mut cache: HashMap<Oid, Option<Fields>> = HashMap::new();
    let mut pending: HashMap<Oid, BTreeSet<String>> = HashMap::new();
    pending.insert(start, wanted.keys().cloned().collect());
    let mut open = wanted.len();
    let mut blamed: HashMap<String, CommitInfo> = HashMap::new();
    walk::walk(repo, root, start, target, |node| {
        let Some(mut fields) = pending.remove(&node.commit.id()) else {
            return Ok(ControlFlow::Continue(()));
        };
        for parent in &node.parents {
            if fields.is_empty() {
                break;
            }
            if parent.object.is_some() && parent.object == node.object {
                pending.entry(parent.id).or_default().append(&mut fields);
                break;
            }
            let Some(object) = parent.object else { continue };
            if let std::collections::hash_map::Entry::Vacant(slot) = cache.entry(object) {
                // Reversed, so that the first of two fields with one name wins the map.
                let parsed = read(repo, Some(object))?
                    .and_then(|b| fielddiff::parse(&b).ok())
                    .map(|t| fielddiff::fields(&t).into_iter().rev().collect::<Fields>());
                slot.insert(parsed);
            }
            let Some(Some(theirs)) = cache.get(&object) else { continue };
            let (passed, kept): (BTreeSet<String>, BTreeSet<String>) = std::mem::take(&mut fields)
                .into_iter()
                .partition(|f| theirs.get(f).zip(wanted.get(f)).is_some_and(|(a, b)| same(a, b)));
            fields = kept;
            if !passed.is_empty() {
                pending.entry(parent.id).or_default().extend(passed);
            }
        }
        if !fields.is_empty() {
            let info = CommitInfo::new(&node.commit, people);
            open = open.saturating_sub(fields.len());
            for field in fields {
                blamed.insert(field, info.clone());
            }
        }
        Ok(if open == 0 { ControlFlow::Break(()) } else { ControlFlow::Continue(()) })
    })?;
    Ok(order
        .into_iter()
        .filter_map(|(field, value)| {
            let commit = blamed.remove(&field)?;
            Some(Line { field, value, commit })
        })
        .collect())
}
