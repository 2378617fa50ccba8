//! A source seen through pending changes: another source's files with some replaced,
//! added or removed. Writes are validated by loading and checking the book as it would
//! be after them, before a byte reaches the disk.

use super::{RawFile, Snapshot, Source};
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
    fn snapshot(&self) -> Result<Snapshot> {
        let mut snap = self.base.snapshot()?;
        snap.files.retain(|f| !self.changes.contains_key(&f.path));
        for (path, bytes) in self.changes {
            if let Some(bytes) = bytes {
                snap.files.push(RawFile { path: path.clone(), bytes: bytes.clone() });
            }
        }
        snap.files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(snap)
    }

    fn describe(&self) -> String {
        format!("{} with pending changes", self.base.describe())
    }
}
