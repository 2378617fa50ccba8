//! Files held in memory as a source: a book being built (the scripted history of
//! `kam init --example`) is loaded and checked like any other.

use super::{At, Entry, Listing, Source, is_book_path};
use crate::error::Result;
use std::collections::BTreeMap;

pub struct Memory<'a> {
    /// Path (relative, `/`-separated) → content.
    pub files: &'a BTreeMap<String, String>,
}

impl Source for Memory<'_> {
    fn list(&self) -> Result<Listing> {
        let entries = self
            .files
            .iter()
            .filter(|(path, _)| is_book_path(path))
            .map(|(path, text)| Entry { path: path.clone(), at: At::Bytes(text.as_bytes().to_vec()) })
            .collect();
        Ok(Listing::of(entries))
    }

    fn describe(&self) -> String {
        "book in memory".into()
    }
}
