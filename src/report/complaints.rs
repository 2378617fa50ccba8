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
    if let Some(median) = median(&mut resolution_days) {
        let n = resolution_days.len();
        rows.note(format!(
            "median days from complaint to confirmed resolution: {} over {n} confirmed complaint{}",
            Value::Num(median),
            if n == 1 { "" } else { "s" }
        ));
    }
    rows
}

/// The median (the mean of the middle two for an even count), or `None` for no values.
fn median(values: &mut [i64]) -> Option<f64> {
    values.sort_unstable();
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2] as f64),
        _ => Some((values[n / 2 - 1] + values[n / 2]) as f64 / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn median_of_odd_even_and_no_values() {
        assert_eq!(median(&mut [9, 1, 5]), Some(5.0));
        assert_eq!(median(&mut [4, 1, 10, 7]), Some(5.5)); // sorted 1 4 7 10: (4 + 7) / 2
        assert_eq!(median(&mut []), None);
    }
}
