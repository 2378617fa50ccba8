//! Exports of the whole book for other tools: JSON and NDJSON of every entity (accounts
//! with their scores), CSV files and an SQLite database of flat tables, vCard 4.0 of the
//! contacts and an iCalendar of dated work and yearly dates. `kam sql` queries the same
//! tables in memory.
//!
//! Every export is a pure function of the book, its scores and `today`: the same book
//! gives the same bytes. Nothing here prints or writes files; the command does.
//!
//! `--redact` works in two layers: the book is first stripped of personal fields
//! (`redacted`), then the formats leave out the emptied keys and columns altogether, so
//! that a redacted export does not even say which fields were there.

pub mod content_line;
pub mod csv;
pub mod ics;
pub mod json;
pub mod sql;
pub mod sqlite;
pub mod tables;
pub mod vcard;

use crate::model::Book;
use crate::score::Scores;
use chrono::NaiveDate;

/// The personal fields `--redact` removes: of contacts (`email`, `phone`, `birthday`,
/// `preferences`) and of our people (`email`, `emails`).
pub const PERSONAL_FIELDS: &[&str] = &["email", "emails", "phone", "birthday", "preferences"];

/// What every export is made from.
pub struct Export<'a> {
    pub book: &'a Book,
    /// The scores of `book` (in the book's account order).
    pub scores: &'a Scores,
    pub today: NaiveDate,
    /// Leave out personal fields (`book` should then be `redacted`).
    pub redact: bool,
}

/// A copy of `book` without personal data: contacts lose email, phone, birthday and
/// preferences; our people lose their emails.
pub fn redacted(book: &Book) -> Book {
    let mut book = book.clone();
    for a in &mut book.accounts {
        for c in &mut a.contacts {
            c.email = None;
            c.phone = None;
            c.birthday = None;
            c.preferences = Box::default();
        }
    }
    for p in &mut book.config.people {
        p.email = None;
        p.emails.clear();
    }
    book
}
