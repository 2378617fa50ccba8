//! Validation before writing: the book is loaded and checked as it would be after the
//! change, and the change is refused when that finds an error the book did not have.
//! Errors that were already there do not block an unrelated edit.

use crate::diag::{Diagnostic, Severity};
use crate::error::Result;
use crate::load::Loaded;
use crate::source::Source;
use crate::source::overlay::Overlay;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashSet};

/// The book as it would be after `changes` (path → new bytes, `None` to remove).
pub fn load_after(base: &dyn Source, changes: &BTreeMap<String, Option<Vec<u8>>>) -> Result<Loaded> {
    crate::load::load(&Overlay::new(base, changes))
}

/// Every error (file-level and book-level) of a loaded book.
pub fn errors(loaded: &Loaded, today: NaiveDate) -> Vec<Diagnostic> {
    let mut all = loaded.diags.clone();
    all.extend(crate::check::check_book(&loaded.book, today));
    all.retain(|d| d.severity == Severity::Error);
    all
}

/// The errors of `after` that `before` did not have.
pub fn introduced(before: &Loaded, after: &Loaded, today: NaiveDate) -> Vec<Diagnostic> {
    let before = errors(before, today);
    let known: HashSet<(&str, &str, &str)> =
        before.iter().map(|d| (d.code, d.path.as_str(), d.message.as_str())).collect();
    errors(after, today)
        .into_iter()
        .filter(|d| !known.contains(&(d.code, d.path.as_str(), d.message.as_str())))
        .collect()
}
