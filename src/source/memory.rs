//! Files held in memory as a source: a book being built (the scripted history of
//! `kam init --example`) is loaded and checked like any other.

use super::{RawFile, Snapshot, Source, is_book_path};
use crate::error::Result;
use std::collections::BTreeMap;

pub struct Memory<'a> {
    /// Path (relative, `/`-separated) → content.
    pub files: &'a BTreeMap<String, String>,
}

impl Source for Memory<'_> {
    fn snapshot(&self) -> Result<Snapshot> {
        let files = self
            .files
            .iter()
            .filter(|(path, _)| is_book_path(path))
            .map(|(path, text)| RawFile { path: path.clone(), bytes: text.as_bytes().to_vec() })
            .collect();
        Ok(Snapshot { files, ..Snapshot::default() })
    }

    fn describe(&self) -> String {
        "book in memory".into()
    }
}
