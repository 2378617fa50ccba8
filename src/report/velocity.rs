//! Reports from the book's git history: how opportunities move through the stages
//! (`velocity`), how long open ones have sat in their stage (the `pipeline`'s stale
//! flags), and every change of an account's owner with the account's health around it
//! (`handovers`). The history arrives as timelines (`history::timeline`); nothing here
//! reads git.

use crate::history::timeline::Transition;
use crate::model::Book;
use crate::render::Rows;
use crate::value::Value;
use chrono::{Duration, NaiveDate};
use std::collections::HashMap;

/// Days an open opportunity may sit in a stage before it counts as stale, unless the
/// stage says otherwise (`[[stages]] stale_days`).
pub const DEFAULT_STALE_DAYS: i64 = 45;

/// The day each opportunity (account, id) entered the stage it is in at the end of the
/// timeline.
pub fn stage_since(transitions: &[Transition]) -> HashMap<(String, String), NaiveDate> {
    let mut since = HashMap::new();
    for t in transitions {
        let key = (t.account.clone(), t.id.clone());
        match &t.after {
            Some(_) => since.insert(key, t.date),
            None => since.remove(&key),
        };
    }
    since
}

/// Per stage, in pipeline order: how many opportunities entered it, how many moved on to
/// a later open stage or to a won stage, how many were lost from it, how many are in it
/// now, and the median days of the stays that ended (a stay still going is not counted).
pub fn velocity(book: &Book, transitions: &[Transition], today: NaiveDate) -> Rows {
    let stages = &book.config.stages;
    let order = |id: &str| stages.iter().position(|s| s.id.value == id);
    let mut entered: HashMap<&str, i64> = HashMap::new();
    let mut forward: HashMap<&str, i64> = HashMap::new();
    let mut lost: HashMap<&str, i64> = HashMap::new();
    let mut stays: HashMap<&str, Vec<i64>> = HashMap::new();
    let mut current: HashMap<(&str, &str), (&str, NaiveDate)> = HashMap::new();
    for t in transitions {
        let key = (t.account.as_str(), t.id.as_str());
        if let Some((stage, since)) = current.remove(&key) {
            stays.entry(stage).or_default().push((t.date - since).num_days());
            if let Some(next) = t.after.as_deref() {
                let next_stage = book.config.stage(next);
                let later = order(next) > order(stage);
                if next_stage.is_some_and(|s| s.is_won()) || (later && next_stage.is_some_and(|s| !s.is_closed())) {
                    *forward.entry(stage).or_default() += 1;
                } else if next_stage.is_some_and(|s| s.is_closed() && !s.is_won()) {
                    *lost.entry(stage).or_default() += 1;
                }
            }
        }
        if let Some(stage) = t.after.as_deref() {
            *entered.entry(stage).or_default() += 1;
            current.insert(key, (stage, t.date));
        }
    }
    let mut now: HashMap<&str, i64> = HashMap::new();
    for (stage, _) in current.values() {
        *now.entry(stage).or_default() += 1;
    }
    let mut rows =
        Rows::new(&["stage", "entered", "moved_forward", "lost", "in_stage_now", "median_days", "conversion"])
            .with_bar("entered");
    for stage in stages.iter().filter(|s| !s.is_closed()) {
        let id = stage.id.as_str();
        let n = entered.get(id).copied().unwrap_or(0);
        let f = forward.get(id).copied().unwrap_or(0);
        rows.push(vec![
            id.into(),
            Value::Int(n),
            Value::Int(f),
            Value::Int(lost.get(id).copied().unwrap_or(0)),
            Value::Int(now.get(id).copied().unwrap_or(0)),
            stays
                .get(id)
                .and_then(|v| super::median(v.iter().map(|d| *d as f64).collect()))
                .map(Value::Num)
                .unwrap_or(Value::Null),
            if n > 0 { Value::Num((1000.0 * f as f64 / n as f64).round() / 10.0) } else { Value::Null },
        ]);
    }
    let first = transitions.first().map(|t| t.date);
    if let Some(first) = first {
        rows.note(format!(
            "from {} stage changes of opportunity files since {first} ({} days of history)",
            transitions.len(),
            (today - first).num_days()
        ));
    }
    rows
}

/// An account's health and status at a day, as the book stood then.
pub type HealthAt<'a> = dyn FnMut(&str, NaiveDate) -> Option<(i64, &'static str)> + 'a;

/// Every change of an account's owner, oldest first, with the account's health the day
/// before and 90 days after (or today, when 90 days have not passed).
pub fn handovers(transitions: &[Transition], today: NaiveDate, health: &mut HealthAt<'_>) -> Rows {
    let mut rows = Rows::new(&[
        "date",
        "account",
        "from",
        "to",
        "commit",
        "kam_handover",
        "health_before",
        "status_before",
        "after_on",
        "health_after",
        "status_after",
    ]);
    for t in transitions.iter().filter(|t| t.before.is_some() && t.after.is_some()) {
        // The account is named as it is now; on a day before a rename, as it was then.
        let mut health_on = |day| health(&t.account, day).or_else(|| health(&t.account_then, day));
        let before = health_on(t.date - Duration::days(1));
        let after_on = (t.date + Duration::days(90)).min(today);
        let after = health_on(after_on);
        rows.push(vec![
            Value::Date(t.date),
            t.account.as_str().into(),
            t.before.clone().into(),
            t.after.clone().into(),
            t.commit.short().into(),
            Value::Bool(t.handover),
            before.map(|h| Value::Int(h.0)).unwrap_or(Value::Null),
            before.map(|h| h.1).into(),
            Value::Date(after_on),
            after.map(|h| Value::Int(h.0)).unwrap_or(Value::Null),
            after.map(|h| h.1).into(),
        ]);
    }
    rows
}
