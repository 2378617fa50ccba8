//! Reports: each is computed from the book and its scores into `Rows`, never printed
//! here; `render` prints them in any format.

mod classes;
mod complaints;
mod dates;
mod loyalty;
mod pipeline;
mod team;
pub mod velocity;

use crate::model::Book;
use crate::render::Rows;
use crate::score::{AccountScore, Scores, account};
use crate::value::Value;
use chrono::NaiveDate;

/// The reports this version of kam produces.
pub const NAMES: &[&str] = &[
    "abc",
    "rfm",
    "matrix",
    "pipeline",
    "forecast",
    "cadence",
    "health",
    "coverage",
    "credit",
    "portfolio",
    "dates",
    "complaints",
    "loyalty",
    "velocity",
    "handovers",
];

/// The reports that read the book's git history (`kam report` builds them itself).
pub const FROM_HISTORY: &[&str] = &["velocity", "handovers"];

/// Options some reports take: `days` ahead for `dates` (default 30).
#[derive(Clone, Debug, Default)]
pub struct ReportOptions {
    pub days: Option<u64>,
    /// `pipeline` per open opportunity instead of per stage.
    pub deals: bool,
    /// When each open opportunity entered its stage, from git history (for `pipeline`).
    pub stage_since: Option<std::collections::HashMap<(String, String), NaiveDate>>,
}

pub fn build(name: &str, book: &Book, scores: &Scores, today: NaiveDate, options: &ReportOptions) -> Option<Rows> {
    Some(match name {
        "abc" => abc(scores),
        "rfm" => classes::rfm(scores),
        "matrix" => classes::matrix(scores),
        "pipeline" if options.deals => pipeline::deals(book, today, options.stage_since.as_ref()),
        "pipeline" => pipeline::pipeline(book, today, options.stage_since.as_ref()),
        "forecast" => pipeline::forecast(book, today),
        "cadence" => cadence(book, scores, today),
        "complaints" => complaints::complaints(book, today),
        "dates" => dates::dates(book, today, options.days.unwrap_or(dates::DEFAULT_DAYS)),
        "health" => health(scores),
        "coverage" => team::coverage(book, scores, today),
        "credit" => credit(scores),
        "portfolio" => team::portfolio(book, scores, today),
        "loyalty" => loyalty::loyalty(book, scores, today),
        _ => return None,
    })
}

/// A money figure rounded to cents, so that sums of products print cleanly.
fn money(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// `part` as a percentage of `whole`, one decimal; null when `whole` is not positive.
fn percent(part: f64, whole: f64) -> Value {
    if whole > 0.0 { Value::Num((1000.0 * part / whole).round() / 10.0) } else { Value::Null }
}

/// The median (the mean of the middle two for an even count), or `None` for no values.
fn median(mut values: Vec<f64>) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2]),
        _ => Some((values[n / 2 - 1] + values[n / 2]) / 2.0),
    }
}

/// The ids of some accounts, as a list cell.
fn ids(scores: &[&AccountScore]) -> Value {
    Value::List(scores.iter().map(|s| s.account.as_str().into()).collect())
}

/// Tier ranks so that a declared tier can be compared with an ABC class: A 0, B 1, C 2;
/// other tier names are not compared.
fn rank(class: &str) -> Option<u8> {
    match class {
        "A" => Some(0),
        "B" => Some(1),
        "C" => Some(2),
        _ => None,
    }
}

/// Pareto table: revenue, share and cumulative share, the class, and `single out` where
/// the declared tier is below what the numbers say.
fn abc(scores: &Scores) -> Rows {
    let mut sorted: Vec<&AccountScore> = scores.accounts.iter().collect();
    sorted.sort_by(|a, b| b.revenue_12m.total_cmp(&a.revenue_12m).then_with(|| a.account.cmp(&b.account)));
    let total: f64 = sorted.iter().map(|s| s.revenue_12m.max(0.0)).sum();
    let mut rows = Rows::new(&["account", "name", "tier", "revenue_12m", "share", "cumulative", "abc", "flag"])
        .with_bar("revenue_12m");
    let mut cumulative = 0.0;
    let mut single_out = Vec::new();
    for s in sorted {
        let share = if total > 0.0 { s.revenue_12m.max(0.0) / total } else { 0.0 };
        cumulative += share;
        let below = match (s.tier.as_deref().and_then(rank), rank(s.abc)) {
            (Some(tier), Some(class)) => tier > class,
            _ => false,
        };
        rows.push(vec![
            s.account.as_str().into(),
            s.name.as_str().into(),
            s.tier.clone().into(),
            Value::Num(s.revenue_12m),
            Value::Num((share * 1000.0).round() / 10.0),
            Value::Num((cumulative * 1000.0).round() / 10.0),
            s.abc.into(),
            if below { "single out: tier below class".into() } else { Value::Null },
        ]);
        if below {
            single_out.push(s.account.as_str());
        }
    }
    let count = |class: &str| scores.accounts.iter().filter(|s| s.abc == class).count();
    rows.note(format!("A {} · B {} · C {} accounts", count("A"), count("B"), count("C")));
    if !single_out.is_empty() {
        rows.note(format!("single out (declared tier below ABC class): {}", single_out.join(", ")));
    }
    rows
}

/// Accounts past their tier cadence (snoozed ones excepted), most overdue first.
fn cadence(book: &Book, scores: &Scores, today: NaiveDate) -> Rows {
    let mut late: Vec<(i64, Vec<Value>)> = Vec::new();
    for (a, s) in book.accounts.iter().zip(&scores.accounts) {
        let Some(due) = account::cadence_due(a, &book.config, today).filter(|d| d.breached(today)) else { continue };
        let cadence = due.cadence_days;
        let gap = due.gap(today);
        let overdue = gap.map_or(i64::MAX, |g| g - cadence);
        late.push((
            overdue,
            vec![
                s.account.as_str().into(),
                s.name.as_str().into(),
                s.tier.clone().into(),
                s.owner.clone().into(),
                s.last_touch.into(),
                gap.map_or(Value::Null, Value::Int),
                Value::Int(cadence),
                if overdue == i64::MAX { Value::Null } else { Value::Int(overdue) },
            ],
        ));
    }
    late.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1[0].sort_cmp(&b.1[0])));
    let mut rows =
        Rows::new(&["account", "name", "tier", "owner", "last_touch", "days_since", "cadence_days", "days_overdue"]);
    rows.rows = late.into_iter().map(|(_, r)| r).collect();
    rows
}

/// Health, worst first, with the three terms that cost the most points.
fn health(scores: &Scores) -> Rows {
    let mut sorted: Vec<&AccountScore> = scores.accounts.iter().collect();
    sorted.sort_by(|a, b| a.health.score.cmp(&b.health.score).then_with(|| a.account.cmp(&b.account)));
    let mut rows = Rows::new(&["account", "name", "tier", "owner", "health", "status", "reasons"]);
    for s in sorted {
        let mut terms: Vec<_> = s.health.terms.iter().filter(|t| t.points > 0.0).collect();
        terms.sort_by(|a, b| b.points.total_cmp(&a.points));
        let reasons: Vec<Value> =
            terms.iter().take(3).map(|t| format!("{} −{}", t.name, Value::Num(t.points)).into()).collect();
        rows.push(vec![
            s.account.as_str().into(),
            s.name.as_str().into(),
            s.tier.clone().into(),
            s.owner.clone().into(),
            Value::Int(s.health.score),
            s.health.status.into(),
            Value::List(reasons),
        ]);
    }
    rows
}

/// Accounts with money outstanding: limit, overdue part, over-limit flag; most overdue first.
fn credit(scores: &Scores) -> Rows {
    let mut owing: Vec<&AccountScore> = scores.accounts.iter().filter(|s| s.credit.outstanding > 0.0).collect();
    owing.sort_by(|a, b| {
        b.credit
            .overdue
            .total_cmp(&a.credit.overdue)
            .then_with(|| b.credit.outstanding.total_cmp(&a.credit.outstanding))
    });
    let mut rows = Rows::new(&["account", "name", "owner", "outstanding", "limit", "overdue", "over_limit"]);
    for s in owing {
        rows.push(vec![
            s.account.as_str().into(),
            s.name.as_str().into(),
            s.owner.clone().into(),
            Value::Num(s.credit.outstanding),
            s.credit.limit.into(),
            Value::Num(s.credit.overdue),
            Value::Bool(s.credit.over_limit),
        ]);
    }
    rows
}

#[cfg(test)]
mod tests {
    #[test]
    fn median_of_odd_even_and_no_values() {
        assert_eq!(super::median(vec![9.0, 1.0, 5.0]), Some(5.0));
        assert_eq!(super::median(vec![4.0, 1.0, 10.0, 7.0]), Some(5.5)); // sorted 1 4 7 10: (4 + 7) / 2
        assert_eq!(super::median(Vec::new()), None);
    }
}
