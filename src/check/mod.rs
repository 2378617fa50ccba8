//! `kam check`: the rules of SPEC section 3 that look across files — references, dates,
//! duplicates and tier policy — run over a loaded `Book`. Per-file rules (syntax, types,
//! unknown fields, ranges, layout) run while loading and arrive here as diagnostics
//! already; `codes` documents every code of both.

pub mod codes;
mod dates;
mod dupes;
mod policy;
mod refs;

pub use policy::COMPLAINT_STALE_DAYS;

use crate::diag::{self, Diagnostic};
use crate::model::Book;
use chrono::NaiveDate;

/// Runs every book-level rule. `today` decides what is in the future, who has left and
/// which cadence is breached.
pub fn check_book(book: &Book, today: NaiveDate) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    refs::check(book, &mut out);
    dates::check(book, today, &mut out);
    dupes::check(book, &mut out);
    policy::check(book, today, &mut out);
    out
}

/// Which diagnostics to keep: `--select` / `--ignore` codes (or code prefixes such as
/// `W3`) and `--changed-since` paths.
#[derive(Default)]
pub struct Filter {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub paths: Option<Vec<String>>,
}

/// Whether a diagnostic on `diag_path` concerns the changed path `changed`: the same file,
/// a file inside a changed directory, or a directory (E305) holding the changed file.
fn related(diag_path: &str, changed: &str) -> bool {
    let inside = |path: &str, dir: &str| path.strip_prefix(dir).is_some_and(|rest| rest.starts_with('/'));
    diag_path == changed || inside(diag_path, changed) || inside(changed, diag_path)
}

impl Filter {
    pub fn keeps(&self, d: &Diagnostic) -> bool {
        let matches = |codes: &[String]| codes.iter().any(|c| d.code.starts_with(c.as_str()));
        (self.select.is_empty() || matches(&self.select))
            && !matches(&self.ignore)
            && self.paths.as_ref().is_none_or(|paths| paths.iter().any(|p| related(&d.path, p)))
    }

    pub fn apply(&self, mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diags.retain(|d| self.keeps(d));
        diag::sort(&mut diags);
        diags.dedup();
        diags
    }
}
