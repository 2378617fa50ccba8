//! Dates that recur every year — contact birthdays and account `[[dates]]` — and which of
//! them fall in the coming days. The agenda and `kam report dates` both list them from
//! here, so the two always agree.

use super::Kind;
use crate::model::{Account, Book, Contact};
use chrono::{Datelike, Days, NaiveDate};

/// The first yearly recurrence of `on` (same month and day) on or after `from`, and never
/// before `on` itself (a date in the future first recurs on that date). February 29 falls
/// on February 28 in common years, so a leap-day birthday is never skipped.
pub fn next_yearly(on: NaiveDate, from: NaiveDate) -> NaiveDate {
    let start = from.max(on);
    let this_year = in_year(on, start.year());
    if this_year >= start { this_year } else { in_year(on, start.year() + 1) }
}

/// `on`'s month and day in `year`; February 29 becomes February 28 in a common year.
fn in_year(on: NaiveDate, year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, on.month(), on.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, on.month(), 28))
        // Only past chrono's last representable year; `on` keeps the caller from looping.
        .unwrap_or(on)
}

/// A birthday or key date in the window.
#[derive(Clone, Debug)]
pub struct Upcoming<'a> {
    /// This year's (or next year's) occurrence.
    pub date: NaiveDate,
    /// `Kind::Birthday` or `Kind::Date`.
    pub kind: Kind,
    pub account: &'a Account,
    /// The contact whose birthday it is.
    pub contact: Option<&'a Contact>,
    /// The contact's name, or the date's `what`.
    pub what: &'a str,
    /// The stored date (birthday, or `on`).
    pub on: NaiveDate,
    /// Years since `on` at this occurrence: the age turned, or the anniversary.
    pub years: i32,
    /// Who looks after it: the contact's `covered_by`, else the account owner.
    pub named: Vec<&'a str>,
}

/// Birthdays of contacts who have not left, and every account's `[[dates]]`, recurring on
/// a day d with today ≤ d ≤ today + `days`; by date, then birthdays before dates, then
/// account and name.
pub fn upcoming(book: &Book, today: NaiveDate, days: u64) -> Vec<Upcoming<'_>> {
    let last_day = today.checked_add_days(Days::new(days)).unwrap_or(NaiveDate::MAX);
    let mut out = Vec::new();
    for a in &book.accounts {
        let owner: Vec<&str> = a.owner_id().into_iter().collect();
        let mut push = |on: NaiveDate, kind, contact, what, named| {
            let date = next_yearly(on, today);
            if date <= last_day {
                let years = date.year() - on.year();
                out.push(Upcoming { date, kind, account: a, contact, what, on, years, named });
            }
        };
        for c in a.contacts.iter().filter(|c| !c.has_left(today)) {
            if let Some(birthday) = c.birthday {
                let named = c.covered_by.as_ref().map_or_else(|| owner.clone(), |p| vec![p.as_str()]);
                push(birthday, Kind::Birthday, Some(c), &c.name, named);
            }
        }
        for d in &a.dates {
            push(d.on, Kind::Date, None, d.what.as_str(), owner.clone());
        }
    }
    out.sort_by_key(|u| (u.date, u.kind, u.account.id.as_str(), u.what, u.contact.map(|c| c.id.as_str())));
    out
}
