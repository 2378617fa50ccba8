//! What the scores need to know about one account, gathered in one pass over its
//! interactions: order days, money in the window, payments, complaints, sentiment,
//! surveys, who worked the account recently.

use crate::model::Account;
use crate::model::words::{InteractionKind, Sentiment};
use chrono::{Duration, NaiveDate};

/// One calendar date with at least one order: its amounts and margins summed.
#[derive(Clone, Debug, PartialEq)]
pub struct OrderDay {
    pub date: NaiveDate,
    pub amount: f64,
}

#[derive(Clone, Debug, Default)]
pub struct Facts {
    /// Every order day up to today, oldest first.
    pub order_days: Vec<OrderDay>,
    pub revenue_12m: f64,
    pub margin_12m: f64,
    /// Whether any order in the window states a margin.
    pub has_margins: bool,
    pub collected_12m: f64,
    pub orders_12m: i64,
    /// Latest interaction of any kind on or before today.
    pub last_touch: Option<NaiveDate>,
    /// Our people in `by` of interactions in the last 180 days, sorted, distinct.
    pub active_people_180d: Vec<String>,
    /// Open complaints (status not confirmed): date, and whether stale (> 14 days old).
    pub open_complaints: Vec<(NaiveDate, String)>,
    /// Sentiments of the last 3 interactions that have one, newest first.
    pub last_sentiments: Vec<(NaiveDate, Sentiment)>,
    /// The latest survey: date and score.
    pub latest_survey: Option<(NaiveDate, i64)>,
    /// Orders and payments up to today, for credit: (date, amount), oldest first.
    pub orders: Vec<(NaiveDate, f64)>,
    pub payments: Vec<(NaiveDate, f64)>,
}

/// Whether `d` is in the last `days` days: today − days < d ≤ today (SPEC 4's window).
pub fn in_last(d: NaiveDate, today: NaiveDate, days: i64) -> bool {
    d <= today && d > today - Duration::days(days)
}

/// Days of recent activity that count for `active_people_180d`.
pub const ACTIVE_DAYS: i64 = 180;

impl Facts {
    pub fn of(account: &Account, today: NaiveDate, window_days: i64) -> Self {
        let mut f = Facts::default();
        let mut active: Vec<&str> = Vec::new();
        // Interactions are sorted by date then file name: one forward pass suffices, and
        // "latest" is simply the last seen.
        for i in account.interactions.iter().filter(|i| i.date.value <= today) {
            let d = i.date.value;
            f.last_touch = Some(d);
            let in_window = in_last(d, today, window_days);
            if in_last(d, today, ACTIVE_DAYS) {
                active.extend(i.by.iter().map(|b| b.as_str()));
            }
            if let Some(s) = i.sentiment {
                f.last_sentiments.push((d, s));
            }
            match i.kind {
                InteractionKind::Order => {
                    let amount = i.amount.map_or(0.0, f64::from);
                    f.orders.push((d, amount));
                    match f.order_days.last_mut() {
                        Some(day) if day.date == d => day.amount += amount,
                        _ => {
                            f.order_days.push(OrderDay { date: d, amount });
                            if in_window {
                                f.orders_12m += 1;
                            }
                        }
                    }
                    if in_window {
                        f.revenue_12m += amount;
                        f.margin_12m += i.margin.map_or(0.0, f64::from);
                        f.has_margins |= i.margin.is_some();
                    }
                }
                InteractionKind::Payment => {
                    let amount = i.amount.map_or(0.0, f64::from);
                    f.payments.push((d, amount));
                    if in_window {
                        f.collected_12m += amount;
                    }
                }
                InteractionKind::Complaint if i.is_open_complaint() => {
                    f.open_complaints
                        .push((d, i.status.map_or("open", |s| crate::model::words::Word::as_str(s)).to_string()));
                }
                InteractionKind::Survey => {
                    if let Some(score) = i.score {
                        f.latest_survey = Some((d, i64::from(score)));
                    }
                }
                _ => {}
            }
        }
        let keep_from = f.last_sentiments.len().saturating_sub(3);
        f.last_sentiments.drain(..keep_from);
        f.last_sentiments.reverse();
        active.sort_unstable();
        active.dedup();
        f.active_people_180d = active.into_iter().map(String::from).collect();
        f
    }

    /// Order days in `from < d ≤ to`.
    pub fn order_days_between(&self, from: NaiveDate, to: NaiveDate) -> usize {
        self.order_days.iter().filter(|o| o.date > from && o.date <= to).count()
    }

    /// Order days in the last `days` days before `today` minus `offset` days.
    pub fn order_days_in(&self, today: NaiveDate, offset_days: i64, days: i64) -> usize {
        let to = today - Duration::days(offset_days);
        self.order_days_between(to - Duration::days(days), to)
    }
}
