//! Reports on the book-wide classes: RFM segments and the value matrix.

use super::{ids, percent};
use crate::render::Rows;
use crate::score::classes::{QUADRANTS, SEGMENTS};
use crate::score::{AccountScore, Scores};
use crate::value::Value;

/// What a group of accounts adds up to: how many, their revenue and collections in the
/// window, and their ids (by revenue, largest first).
struct Group<'a> {
    members: Vec<&'a AccountScore>,
}

impl<'a> Group<'a> {
    fn of(scores: &'a Scores, keep: impl Fn(&AccountScore) -> bool) -> Self {
        let mut members: Vec<&AccountScore> = scores.accounts.iter().filter(|s| keep(s)).collect();
        members.sort_by(|a, b| b.revenue_12m.total_cmp(&a.revenue_12m).then_with(|| a.account.cmp(&b.account)));
        Group { members }
    }

    fn revenue(&self) -> f64 {
        self.members.iter().map(|s| s.revenue_12m).sum()
    }

    fn collected(&self) -> f64 {
        self.members.iter().map(|s| s.collected_12m).sum()
    }
}

/// RFM segments, best first, each with its accounts, their revenue and share of the
/// book's revenue; accounts that never ordered close the list as `none`.
pub fn rfm(scores: &Scores) -> Rows {
    let total: f64 = scores.accounts.iter().map(|s| s.revenue_12m).sum();
    let mut rows = Rows::new(&["segment", "accounts", "revenue_12m", "share", "members"]).with_bar("accounts");
    let segments = SEGMENTS.iter().map(|seg| (*seg, Some(*seg))).chain([("none", None)]);
    for (label, segment) in segments {
        let group = Group::of(scores, |s| s.rfm.segment == segment);
        if segment.is_none() && group.members.is_empty() {
            continue;
        }
        rows.push(vec![
            label.into(),
            Value::Int(group.members.len() as i64),
            Value::Num(group.revenue()),
            percent(group.revenue(), total),
            ids(&group.members),
        ]);
    }
    let scored = scores.accounts.iter().filter(|s| s.rfm.segment.is_some()).count();
    rows.note(format!("{scored} of {} accounts have ordered and are scored", scores.accounts.len()));
    rows
}

/// The 2×2 value matrix (sales contribution × cash collection), one row per quadrant.
pub fn matrix(scores: &Scores) -> Rows {
    let sales: f64 = scores.accounts.iter().map(|s| s.revenue_12m).sum();
    let collected: f64 = scores.accounts.iter().map(|s| s.collected_12m).sum();
    let active = scores.accounts.iter().filter(|s| s.revenue_12m > 0.0 || s.collected_12m > 0.0).count();
    let mut rows = Rows::new(&[
        "value_matrix",
        "sales",
        "collection",
        "accounts",
        "revenue_12m",
        "sales_share",
        "collected_12m",
        "collection_share",
        "members",
    ]);
    for (quadrant, sales_high, collection_high) in QUADRANTS {
        let group = Group::of(scores, |s| s.value_matrix == quadrant);
        let level = |high: bool| if high { "high" } else { "low" };
        rows.push(vec![
            quadrant.into(),
            level(sales_high).into(),
            level(collection_high).into(),
            Value::Int(group.members.len() as i64),
            Value::Num(group.revenue()),
            percent(group.revenue(), sales),
            Value::Num(group.collected()),
            percent(group.collected(), collected),
            ids(&group.members),
        ]);
    }
    if active > 0 {
        rows.note(format!(
            "a share is high at 1/{active} = {} % or more ({active} accounts sold or collected in the window)",
            Value::Num((1000.0 / active as f64).round() / 10.0)
        ));
    }
    rows
}
