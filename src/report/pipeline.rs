//! The pipeline reports: open opportunities per stage (a funnel), and the weighted
//! forecast by expected close month.

use super::money;
use crate::model::config::Stage;
use crate::model::{Book, Opportunity};
use crate::render::Rows;
use crate::score::facts::in_last;
use crate::value::Value;
use chrono::{Datelike, Months, NaiveDate};
use std::collections::HashMap;

/// Months the forecast covers: the current one and the five after it.
pub const FORECAST_MONTHS: u32 = 6;

/// Open opportunities with their stage (those whose stage is unknown to kam.toml are left
/// out: `kam check` reports them).
fn open(book: &Book) -> impl Iterator<Item = (&Opportunity, &Stage)> {
    book.opportunities()
        .filter_map(|(_, o)| book.config.stage(&o.stage.value).map(|s| (o, s)))
        .filter(|(_, s)| !s.is_closed())
}

/// Per open stage, in pipeline order: how many opportunities, their amount, the amount
/// weighted by the stage's probability, how many are past their close date and — when
/// git history says when each entered its stage — how many have sat there longer than
/// the stage's `stale_days` (45 by default); a bar per stage draws the funnel. Notes give
/// the totals, the win rate of the window and each stale opportunity.
pub fn pipeline(book: &Book, today: NaiveDate, since: Option<&HashMap<(String, String), NaiveDate>>) -> Rows {
    let mut rows = Rows::new(&["stage", "probability", "opportunities", "amount", "weighted", "past_close", "stale"])
        .with_bar("amount");
    let mut stale_notes = Vec::new();
    let (mut count, mut amount, mut weighted) = (0, 0.0, 0.0);
    for stage in book.config.stages.iter().filter(|s| !s.is_closed()) {
        let in_stage: Vec<&Opportunity> = open(book).filter(|(_, s)| s.id == stage.id).map(|(o, _)| o).collect();
        let sum: f64 = in_stage.iter().map(|o| o.amount.unwrap_or(0.0)).sum();
        let past = in_stage.iter().filter(|o| o.close.is_some_and(|c| c < today)).count();
        let limit = stage.stale_days.unwrap_or(super::velocity::DEFAULT_STALE_DAYS);
        let stale = since.map(|since| {
            let mut stale = 0;
            for o in &in_stage {
                let Some(entered) = since.get(&(o.account.to_string(), o.id.to_string())) else { continue };
                let days = (today - *entered).num_days();
                if days > limit {
                    stale += 1;
                    stale_notes.push(format!(
                        "stale: {}/{} in {} for {days} days (since {entered}; limit {limit})",
                        o.account, o.id, stage.id.value
                    ));
                }
            }
            stale
        });
        count += in_stage.len();
        amount += sum;
        weighted += sum * stage.probability;
        rows.push(vec![
            stage.id.value.as_str().into(),
            Value::Num(stage.probability),
            Value::Int(in_stage.len() as i64),
            Value::Num(sum),
            Value::Num(money(sum * stage.probability)),
            Value::Int(past as i64),
            stale.map_or(Value::Null, Value::Int),
        ]);
    }
    rows.note(format!("open: {count} opportunities, amount {}, weighted {}", money_text(amount), money_text(weighted)));
    for note in stale_notes {
        rows.note(note);
    }
    let window = book.config.kam.window_days;
    let closed = |won: bool| {
        book.opportunities()
            .filter(|(_, o)| o.close.is_some_and(|c| in_last(c, today, window)))
            .filter(|(_, o)| book.config.stage(&o.stage.value).is_some_and(|s| s.is_closed() && s.is_won() == won))
            .fold((0usize, 0.0), |(n, sum), (_, o)| (n + 1, sum + o.amount.unwrap_or(0.0)))
    };
    let (won, won_amount) = closed(true);
    let (lost, lost_amount) = closed(false);
    if won + lost > 0 {
        rows.note(format!(
            "closed in the last {window} days: {won} won ({}), {lost} lost ({}); win rate {} %",
            money_text(won_amount),
            money_text(lost_amount),
            Value::Num((1000.0 * won as f64 / (won + lost) as f64).round() / 10.0)
        ));
    }
    rows
}

/// One row per open opportunity, by stage then weighted amount (largest first): its
/// amount, weighted amount, close date, and — from git history — the day it entered its
/// stage, the days since, and whether that is past the stage's `stale_days`.
pub fn deals(book: &Book, today: NaiveDate, since: Option<&HashMap<(String, String), NaiveDate>>) -> Rows {
    let mut rows = Rows::new(&[
        "account",
        "opportunity",
        "name",
        "stage",
        "owner",
        "amount",
        "weighted",
        "close",
        "in_stage_since",
        "days_in_stage",
        "stale",
    ]);
    let order = |id: &str| book.config.stages.iter().position(|s| s.id.value == id);
    let mut found: Vec<(&Opportunity, &Stage)> = open(book).collect();
    let weighted = |o: &Opportunity, s: &Stage| o.amount.unwrap_or(0.0) * s.probability;
    found.sort_by(|(a, sa), (b, sb)| {
        order(&sa.id).cmp(&order(&sb.id)).then_with(|| weighted(b, sb).total_cmp(&weighted(a, sa)))
    });
    for (o, stage) in found {
        let entered = since.and_then(|s| s.get(&(o.account.to_string(), o.id.to_string()))).copied();
        let days = entered.map(|d| (today - d).num_days());
        let limit = stage.stale_days.unwrap_or(super::velocity::DEFAULT_STALE_DAYS);
        rows.push(vec![
            o.account.as_str().into(),
            o.id.as_str().into(),
            (&*o.name).into(),
            stage.id.as_str().into(),
            o.owner.as_ref().map(|w| w.as_str()).into(),
            o.amount.into(),
            Value::Num(money(weighted(o, stage))),
            o.close.into(),
            entered.into(),
            days.into(),
            days.map(|d| Value::Bool(d > limit)).unwrap_or(Value::Null),
        ]);
    }
    rows
}

/// The first day of `date`'s month.
fn month_start(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

/// Weighted amount of open opportunities by expected close month, for the current month
/// and the next five, with the amount already won in each month beside it. Open
/// opportunities whose close date has passed, or that have none, are counted in a note:
/// they belong to no month until someone updates them.
pub fn forecast(book: &Book, today: NaiveDate) -> Rows {
    let mut rows = Rows::new(&["month", "opportunities", "amount", "weighted", "won"]).with_bar("weighted");
    let first = month_start(today);
    for k in 0..FORECAST_MONTHS {
        let Some(start) = first.checked_add_months(Months::new(k)) else { break };
        let end = start.checked_add_months(Months::new(1));
        let in_month = |d: Option<NaiveDate>| d.is_some_and(|d| d >= start && end.is_none_or(|e| d < e));
        let open_in_month: Vec<(&Opportunity, &Stage)> =
            open(book).filter(|(o, _)| in_month(o.close) && o.close >= Some(today)).collect();
        let amount: f64 = open_in_month.iter().map(|(o, _)| o.amount.unwrap_or(0.0)).sum();
        let weighted: f64 = open_in_month.iter().map(|(o, s)| o.amount.unwrap_or(0.0) * s.probability).sum();
        let won: f64 = book
            .opportunities()
            .filter(|(_, o)| in_month(o.close) && book.config.stage(&o.stage.value).is_some_and(Stage::is_won))
            .map(|(_, o)| o.amount.unwrap_or(0.0))
            .sum();
        rows.push(vec![
            start.format("%Y-%m").to_string().into(),
            Value::Int(open_in_month.len() as i64),
            Value::Num(amount),
            Value::Num(money(weighted)),
            Value::Num(won),
        ]);
    }
    let stale: Vec<&Opportunity> = open(book).map(|(o, _)| o).filter(|o| o.close.is_none_or(|c| c < today)).collect();
    if !stale.is_empty() {
        let amount: f64 = stale.iter().map(|o| o.amount.unwrap_or(0.0)).sum();
        rows.note(format!(
            "not forecast: {} open opportunities with a past or missing close date (amount {}); update their `close`",
            stale.len(),
            money_text(amount)
        ));
    }
    rows
}

fn money_text(x: f64) -> String {
    Value::Num(money(x)).to_string()
}
