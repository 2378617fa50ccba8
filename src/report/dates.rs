//! `kam report dates`: birthdays and key dates in the coming days, from the same yearly
//! recurrence as the agenda (`agenda::dates`).

use crate::agenda::Assignees;
use crate::agenda::dates::upcoming;
use crate::model::Book;
use crate::render::Rows;
use crate::value::Value;
use chrono::NaiveDate;

/// Days ahead `report dates` looks when not told otherwise.
pub const DEFAULT_DAYS: u64 = 30;

/// Birthdays of contacts who have not left and account `[[dates]]` falling on a day d with
/// today ≤ d ≤ today + `days`, soonest first: the occurrence, days until it, the contact,
/// the stored date, the years it marks (age or anniversary), and who looks after it.
pub fn dates(book: &Book, today: NaiveDate, days: u64) -> Rows {
    let assignees = Assignees { config: &book.config, today, asked: None };
    let mut rows = Rows::new(&["date", "days", "kind", "account", "contact", "what", "on", "years", "who"]);
    for d in upcoming(book, today, days) {
        rows.push(vec![
            d.date.into(),
            Value::Int((d.date - today).num_days()),
            d.kind.as_str().into(),
            d.account.id.as_str().into(),
            d.contact.map(|c| c.id.as_str()).into(),
            d.what.into(),
            d.on.into(),
            Value::Int(d.years.into()),
            Value::List(assignees.who(&d.named, d.account).into_iter().map(Value::from).collect()),
        ]);
    }
    rows
}
