//! Per-account facts that listings and checks share: last touch and the trailing-window
//! money figures (SPEC 4: the window W is the `window_days` days ending today,
//! today − W < d ≤ today). One pass over the account's interactions.

use crate::model::Account;
use crate::model::words::InteractionKind;
use chrono::{Duration, NaiveDate};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct AccountFacts {
    /// Date of the latest interaction of any kind, on or before today.
    pub last_touch: Option<NaiveDate>,
    pub last_order: Option<NaiveDate>,
    pub revenue_12m: f64,
    pub margin_12m: f64,
    pub collected_12m: f64,
    /// Order days (calendar dates with at least one order) in the window.
    pub orders_12m: i64,
}

/// Whether `d` is in the last `days` days: today − days < d ≤ today.
pub fn in_last(d: NaiveDate, today: NaiveDate, days: i64) -> bool {
    d <= today && d > today - Duration::days(days)
}

impl AccountFacts {
    pub fn of(account: &Account, today: NaiveDate, window_days: i64) -> Self {
        let mut f = AccountFacts::default();
        let mut last_order_day_in_window: Option<NaiveDate> = None;
        // Interactions are sorted by date, so order days arrive in order.
        for i in &account.interactions {
            let d = i.date.value;
            if d > today {
                continue;
            }
            f.last_touch = Some(d);
            let in_window = in_last(d, today, window_days);
            match i.kind {
                InteractionKind::Order => {
                    f.last_order = Some(d);
                    if in_window {
                        f.revenue_12m += i.amount.unwrap_or(0.0);
                        f.margin_12m += i.margin.unwrap_or(0.0);
                        if last_order_day_in_window != Some(d) {
                            f.orders_12m += 1;
                            last_order_day_in_window = Some(d);
                        }
                    }
                }
                InteractionKind::Payment if in_window => f.collected_12m += i.amount.unwrap_or(0.0),
                _ => {}
            }
        }
        f
    }
}
