//! A source seen through pending changes: another source's files with some replaced,
//! added or removed. Writes are validated by loading and checking the book as it would
//! be after them, before a byte reaches the disk.

use super::{At, Diagnostic, Entry, Listing, Source};
use crate::error::Result;
use std::collections::BTreeMap;

pub struct Overlay<'a> {
    base: &'a dyn Source,
    /// Path (relative, `/`-separated) → new bytes, or `None` for a removed file.
    changes: &'a BTreeMap<String, Option<Vec<u8>>>,
}

impl<'a> Overlay<'a> {
    pub fn new(base: &'a dyn Source, changes: &'a BTreeMap<String, Option<Vec<u8>>>) -> Self {
        Overlay { base, changes }
    }
}

impl Source for Overlay<'_> {
    fn list(&self) -> Result<Listing> {
        let base = self.base.list()?;
        let mut entries: Vec<Entry> =
            base.runs.into_iter().flatten().filter(|e| !self.changes.contains_key(&e.path)).collect();
        for (path, bytes) in self.changes {
            if let Some(bytes) = bytes {
                entries.push(Entry { path: path.clone(), at: At::Bytes(bytes.clone()) });
            }
        }
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(Listing { runs: vec![entries], diags: base.diags, skipped: base.skipped })
    }

    fn read(&self, path: &str, at: At) -> std::result::Result<Vec<u8>, Diagnostic> {
        self.base.read(path, at)
    }

    fn describe(&self) -> String {
        format!("{} with pending changes", self.base.describe())
    }
}
