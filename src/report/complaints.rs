//! `kam report complaints`: open complaints by age and severity, and how long confirmed
//! complaints took to resolve.

use crate::model::Book;
use crate::model::words::{ComplaintStatus, Word};
use crate::render::Rows;
use crate::value::Value;
use chrono::NaiveDate;
use std::cmp::Reverse;

/// One row per open complaint (status not `confirmed`, dated on or before today), oldest
/// first, then high before medium before low before unrated: its age in `days_open`.
/// A note under the table gives the median days from complaint date to `resolved_on`
/// over the confirmed complaints that have one.
pub fn complaints(book: &Book, today: NaiveDate) -> Rows {
    let mut open = Vec::new();
    let mut resolution_days = Vec::new();
    for (a, i) in book.interactions().filter(|(_, i)| i.date.value <= today) {
        if i.is_open_complaint() {
            open.push((a, i));
        } else if i.status == Some(ComplaintStatus::Confirmed)
            && let Some(resolved) = i.resolved_on.filter(|&r| r >= i.date.value)
        {
            resolution_days.push((resolved - i.date.value).num_days());
        }
    }
    open.sort_by_key(|(a, i)| (i.date.value, Reverse(i.severity), &a.id, &i.id));
    let mut rows =
        Rows::new(&["account", "complaint", "date", "days_open", "severity", "status", "owner", "by", "summary"]);
    for (a, i) in open {
        rows.push(vec![
            a.id.as_str().into(),
            i.id.as_str().into(),
            i.date.value.into(),
            Value::Int((today - i.date.value).num_days()),
            i.severity.map(Word::as_str).into(),
            i.status.map_or("open", Word::as_str).into(),
            a.owner_id().into(),
            Value::List(i.by.iter().map(|b| b.as_str().into()).collect()),
            i.summary.as_deref().into(),
        ]);
    }
    if let Some(median) = super::median(resolution_days.iter().map(|d| *d as f64).collect()) {
        let n = resolution_days.len();
        rows.note(format!(
            "median days from complaint to confirmed resolution: {} over {n} confirmed complaint{}",
            Value::Num(median),
            if n == 1 { "" } else { "s" }
        ));
    }
    rows
}
