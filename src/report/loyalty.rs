//! Loyalty is repeat buying: how long each relationship has lasted, whether the account
//! ordered again this window after ordering in the previous one, and how much of its
//! budget in our category we get (share of wallet).

use super::percent;
use crate::model::Book;
use crate::model::words::AccountStatus;
use crate::render::Rows;
use crate::score::Scores;
use crate::score::facts::Facts;
use crate::value::Value;

/// Days in a year, for retention in years.
const YEAR_DAYS: f64 = 365.25;

/// One row per account that has a relationship (a `since` date or an order), longest
/// first. `retained` is whether an account that ordered in the previous window ordered
/// again in this one (null when it did not order in the previous window). Notes give the
/// book's repeat-order rate, its share of wallet and the median retention.
pub fn loyalty(book: &Book, scores: &Scores, today: chrono::NaiveDate) -> Rows {
    let window = book.config.kam.window_days;
    let mut found = Vec::new();
    let (mut prior_buyers, mut repeat_buyers) = (0, 0);
    let (mut wallet_revenue, mut wallet_total) = (0.0, 0.0);
    for (a, s) in book.accounts.iter().zip(&scores.accounts) {
        if a.status == Some(AccountStatus::Prospect) {
            continue;
        }
        let facts = Facts::of(a, today, window);
        let Some(since) = a.since.or(facts.order_days.first().map(|o| o.date)).filter(|d| *d <= today) else {
            continue;
        };
        let years = (today - since).num_days() as f64 / YEAR_DAYS;
        let prior = facts.order_days_in(today, window, window) as i64;
        let retained = (prior > 0).then_some(facts.orders_12m > 0);
        if let Some(r) = retained {
            prior_buyers += 1;
            repeat_buyers += i64::from(r);
        }
        let wallet = a.potential.as_ref().and_then(|p| p.wallet).filter(|w| *w > 0.0);
        if let Some(w) = wallet {
            wallet_revenue += s.revenue_12m;
            wallet_total += w;
        }
        found.push((
            years,
            vec![
                s.account.as_str().into(),
                s.name.as_str().into(),
                s.tier.clone().into(),
                Value::Date(since),
                Value::Num((years * 10.0).round() / 10.0),
                Value::Int(facts.orders_12m),
                Value::Int(prior),
                retained.into(),
                Value::Num(s.revenue_12m),
                wallet.into(),
                wallet.map_or(Value::Null, |w| percent(s.revenue_12m, w)),
            ],
        ));
    }
    found.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1[0].sort_cmp(&b.1[0])));
    let mut rows = Rows::new(&[
        "account",
        "name",
        "tier",
        "since",
        "retention_years",
        "orders_12m",
        "orders_prior_12m",
        "retained",
        "revenue_12m",
        "wallet",
        "share_of_wallet",
    ]);
    let years: Vec<f64> = found.iter().map(|(y, _)| *y).collect();
    rows.rows = found.into_iter().map(|(_, row)| row).collect();
    if prior_buyers > 0 {
        rows.note(format!(
            "repeat-order rate: {repeat_buyers} of {prior_buyers} accounts that ordered in the previous {window} days \
             ordered again in the last {window} ({} %)",
            percent(repeat_buyers as f64, prior_buyers as f64)
        ));
    }
    if wallet_total > 0.0 {
        rows.note(format!(
            "share of wallet: {} % of the known wallets ({} of {})",
            percent(wallet_revenue, wallet_total),
            Value::Num(wallet_revenue),
            Value::Num(wallet_total)
        ));
    }
    let n = years.len();
    if let Some(median) = super::median(years) {
        rows.note(format!("median retention: {} years over {n} accounts", Value::Num((median * 10.0).round() / 10.0)));
    }
    rows
}
