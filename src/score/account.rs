//! Scores of one account that need only its own facts: coverage (SPEC 4.5), credit
//! (4.8) and the health terms (4.6).

use super::facts::Facts;
use crate::model::words::{ContactRole, Stance};
use crate::model::{Account, Config};
use chrono::{Duration, NaiveDate};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Coverage {
    pub team_size: i64,
    pub active_people_180d: i64,
    pub decision_maker: bool,
    pub single_threaded: bool,
    pub owner_left: bool,
}

pub fn coverage(a: &Account, config: &Config, facts: &Facts, today: NaiveDate) -> Coverage {
    let has_left = |id: &str| config.person(id).is_some_and(|p| p.has_left(today));
    let team_size = a.members().into_iter().filter(|m| !has_left(m)).count() as i64;
    let active_people_180d = facts.active_people_180d.len() as i64;
    let decision_maker = a
        .contacts
        .iter()
        .any(|c| c.has_role(ContactRole::DecisionMaker) && !c.has_left(today) && c.stance != Some(Stance::Opponent));
    let min_team = a.tier_name().and_then(|t| config.tier(t)).map_or(0, |p| p.min_team);
    Coverage {
        team_size,
        active_people_180d,
        decision_maker,
        single_threaded: active_people_180d < 2 || team_size < min_team,
        owner_left: a.owner_id().is_some_and(has_left),
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Credit {
    #[serde(serialize_with = "super::json::number")]
    pub outstanding: f64,
    #[serde(serialize_with = "super::json::optional_number")]
    pub limit: Option<f64>,
    pub over_limit: bool,
    #[serde(serialize_with = "super::json::number")]
    pub overdue: f64,
}

/// Payment terms when an account states none.
pub const DEFAULT_TERMS_DAYS: i64 = 30;

/// Outstanding is all orders minus all payments up to today (never below 0). Payments
/// settle the oldest orders first; what remains unpaid of orders whose due date (order
/// date + terms) is before today is overdue.
pub fn credit(a: &Account, facts: &Facts, today: NaiveDate) -> Credit {
    let ordered: f64 = facts.orders.iter().map(|o| o.1).sum();
    let paid: f64 = facts.payments.iter().map(|p| p.1).sum();
    let outstanding = (ordered - paid).max(0.0);
    let limit = a.credit.as_ref().and_then(|c| c.limit);
    let terms = a.credit.as_ref().and_then(|c| c.terms_days).unwrap_or(DEFAULT_TERMS_DAYS);
    let mut unallocated = paid;
    let mut overdue = 0.0;
    for &(date, amount) in &facts.orders {
        let covered = unallocated.min(amount);
        unallocated -= covered;
        if date + Duration::days(terms) < today {
            overdue += amount - covered;
        }
    }
    Credit { outstanding, limit, over_limit: limit.is_some_and(|l| outstanding > l), overdue }
}

/// One term of the health score: points subtracted, and the facts behind them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Term {
    pub name: &'static str,
    #[serde(serialize_with = "super::json::number")]
    pub points: f64,
    pub detail: String,
}

/// Rounds to one decimal, as term points are reported.
pub fn one_decimal(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Whether the account is within its tier's cadence (or snoozed): `None` without a tier policy.
pub fn cadence_gap(a: &Account, config: &Config, facts: &Facts, today: NaiveDate) -> Option<(i64, Option<i64>)> {
    let cadence = a.tier_name().and_then(|t| config.tier(t)).map(|p| p.cadence_days)?;
    Some((cadence, facts.last_touch.map(|d| (today - d).num_days())))
}

/// When an account is next due for contact under its tier cadence: `check` warns once the
/// day is passed (W304), the agenda lists it from that day on, `report cadence` counts the
/// days beyond it. `None` for accounts with no tier cadence, snoozed or churned ones.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CadenceDue {
    pub tier: String,
    pub cadence_days: i64,
    /// The latest interaction on or before today.
    pub last: Option<NaiveDate>,
    /// `last` + cadence, or today when there was never an interaction.
    pub due: NaiveDate,
}

impl CadenceDue {
    /// Days since the last interaction, when there was one.
    pub fn gap(&self, today: NaiveDate) -> Option<i64> {
        self.last.map(|l| (today - l).num_days())
    }

    /// Whether the cadence is breached: more days than the cadence since the last
    /// interaction, or none at all.
    pub fn breached(&self, today: NaiveDate) -> bool {
        self.gap(today).is_none_or(|g| g > self.cadence_days)
    }
}

pub fn cadence_due(a: &Account, config: &Config, today: NaiveDate) -> Option<CadenceDue> {
    if a.status == Some(crate::model::words::AccountStatus::Churned) || is_snoozed(a, today) {
        return None;
    }
    let tier = a.tier_name()?;
    let cadence_days = config.tier(tier)?.cadence_days;
    let last = a.interactions.iter().map(|i| i.date.value).filter(|&d| d <= today).max();
    let due = last.map_or(today, |l| l.checked_add_signed(Duration::days(cadence_days)).unwrap_or(NaiveDate::MAX));
    Some(CadenceDue { tier: tier.to_string(), cadence_days, last, due })
}

pub fn is_snoozed(a: &Account, today: NaiveDate) -> bool {
    a.snooze.as_ref().is_some_and(|s| s.until >= today)
}

/// Every health term of SPEC 4.6, in order, with weights from `[health]`.
pub fn health_terms(
    a: &Account,
    config: &Config,
    facts: &Facts,
    coverage: &Coverage,
    p_alive: Option<f64>,
    today: NaiveDate,
) -> Vec<Term> {
    let w = &config.health;
    let mut terms = Vec::with_capacity(9);
    let mut term = |name, points: f64, detail: String| terms.push(Term { name, points: one_decimal(points), detail });

    match cadence_gap(a, config, facts, today) {
        _ if is_snoozed(a, today) => {
            let until = a.snooze.as_ref().map(|s| s.until).unwrap_or(today);
            term("cadence", 0.0, format!("snoozed until {until}"))
        }
        None => term("cadence", 0.0, "no tier cadence".into()),
        Some((cadence, None)) => term("cadence", w.cadence, format!("no interaction recorded, cadence {cadence} days")),
        Some((cadence, Some(gap))) => {
            let over = (gap as f64 / cadence as f64 - 1.0).clamp(0.0, 1.0);
            let last = facts.last_touch.map(|d| d.to_string()).unwrap_or_default();
            let tier = a.tier_name().unwrap_or("");
            term(
                "cadence",
                w.cadence * over,
                format!("last interaction {last}, {gap} days ago, tier {tier} cadence {cadence} days"),
            )
        }
    }

    let prior = facts.order_days_in(today, 90, 365);
    let recent = facts.order_days_in(today, 0, 90);
    let falling = prior > 0 && (recent as f64) < 0.5 * prior as f64 * 90.0 / 365.0;
    let detail = format!("{recent} order days in the last 90 days, {prior} in the 365 days before");
    term("order-trend", if falling { w.order_trend } else { 0.0 }, detail);

    let stale = facts
        .open_complaints
        .iter()
        .filter(|(d, _)| (today - *d).num_days() > crate::check::COMPLAINT_STALE_DAYS)
        .count();
    let open = facts.open_complaints.len();
    let points = (w.complaint * open as f64 + w.complaint_stale * stale as f64).min(w.complaints_max);
    term("complaints", points, format!("{open} open complaints, {stale} older than 14 days"));

    let negative = facts.last_sentiments.iter().filter(|(_, s)| *s == crate::model::words::Sentiment::Negative).count();
    let detail =
        format!("{negative} negative of the last {} interactions with a sentiment", facts.last_sentiments.len());
    term("sentiment", w.sentiment * negative as f64, detail);

    match facts.latest_survey {
        Some((date, score)) => {
            term("survey", if score <= 6 { w.survey } else { 0.0 }, format!("latest survey {date}: score {score}"))
        }
        None => term("survey", 0.0, "no survey".into()),
    }

    let detail = if coverage.decision_maker { "decision-maker contact known" } else { "no decision-maker contact" };
    term("decision-maker", if coverage.decision_maker { 0.0 } else { w.decision_maker }, detail.into());

    let detail = format!("{} people active in 180 days, team of {}", coverage.active_people_180d, coverage.team_size);
    term("single-threaded", if coverage.single_threaded { w.single_threaded } else { 0.0 }, detail);

    let detail = match (coverage.owner_left, a.owner_id()) {
        (true, Some(owner)) => format!("owner {owner} has left"),
        _ => "owner is on the team".into(),
    };
    term("owner-left", if coverage.owner_left { w.owner_left } else { 0.0 }, detail);

    match p_alive {
        Some(p) => term("p-alive", w.p_alive * (1.0 - p), format!("p_alive {p:.2}")),
        None => term("p-alive", 0.0, "p_alive unknown".into()),
    }
    terms
}

/// 100 minus the terms, clamped to 0..100, rounded.
pub fn health_score(terms: &[Term]) -> i64 {
    let total: f64 = terms.iter().map(|t| t.points).sum();
    (100.0 - total).clamp(0.0, 100.0).round() as i64
}

pub fn health_status(score: i64) -> &'static str {
    if score >= 70 {
        "green"
    } else if score >= 40 {
        "yellow"
    } else {
        "red"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::account::Credit as CreditTerms;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// Orders 100 (Sep 1, due Oct 1), 50 (Oct 1, due Oct 31), 80 (Nov 10, due Dec 10);
    /// one payment of 120 on Oct 5 settles the first order and 20 of the second. Today is
    /// Nov 23: the second order's 30 unpaid are overdue, the third is not yet due.
    /// Outstanding 230 − 120 = 110 > limit 100.
    #[test]
    fn credit_with_partial_payments() {
        let account = Account {
            credit: Some(CreditTerms { limit: Some(100.0), terms_days: Some(30), rating: None }),
            ..Account::default()
        };
        let facts = Facts {
            orders: vec![(date("2026-09-01"), 100.0), (date("2026-10-01"), 50.0), (date("2026-11-10"), 80.0)],
            payments: vec![(date("2026-10-05"), 120.0)],
            ..Facts::default()
        };
        let c = credit(&account, &facts, date("2026-11-23"));
        assert_eq!(c, Credit { outstanding: 110.0, limit: Some(100.0), over_limit: true, overdue: 30.0 });
    }

    /// An order due exactly today is not overdue (due date + terms must be before today);
    /// overpayment never makes outstanding negative; no limit means never over it.
    #[test]
    fn credit_edges() {
        let account = Account::default();
        let facts = Facts { orders: vec![(date("2026-10-24"), 70.0)], ..Facts::default() };
        let c = credit(&account, &facts, date("2026-11-23"));
        assert_eq!((c.outstanding, c.overdue, c.over_limit), (70.0, 0.0, false));
        let c = credit(&account, &facts, date("2026-11-24"));
        assert_eq!(c.overdue, 70.0);
        let paid = Facts { payments: vec![(date("2026-11-01"), 100.0)], ..facts };
        assert_eq!(credit(&account, &paid, date("2026-11-24")).outstanding, 0.0);
    }

    /// p-alive: 20 × (1 − p_alive), one decimal: 0.75 → 5, 0.123 → 17.54 → 17.5, 1 → 0;
    /// unknown → 0. The other terms see an account with no tier, no interaction, no contact.
    #[test]
    fn p_alive_term_is_twenty_times_the_chance_of_having_stopped() {
        let account = Account::default();
        let config = Config::default();
        let facts = Facts::default();
        let coverage = coverage(&account, &config, &facts, date("2026-11-23"));
        let p_alive_term = |p| {
            let terms = health_terms(&account, &config, &facts, &coverage, p, date("2026-11-23"));
            terms.into_iter().find(|t| t.name == "p-alive").map(|t| (t.points, t.detail))
        };
        assert_eq!(p_alive_term(Some(0.75)), Some((5.0, "p_alive 0.75".into())));
        assert_eq!(p_alive_term(Some(0.123)), Some((17.5, "p_alive 0.12".into())));
        assert_eq!(p_alive_term(Some(1.0)), Some((0.0, "p_alive 1.00".into())));
        assert_eq!(p_alive_term(None), Some((0.0, "p_alive unknown".into())));
    }

    #[test]
    fn health_status_boundaries() {
        assert_eq!(health_status(70), "green");
        assert_eq!(health_status(69), "yellow");
        assert_eq!(health_status(40), "yellow");
        assert_eq!(health_status(39), "red");
        let term = |points| Term { name: "x", points, detail: String::new() };
        assert_eq!(health_score(&[term(60.0), term(50.0)]), 0);
        assert_eq!(health_score(&[term(17.5)]), 83); // 82.5 rounds half away from zero
        assert_eq!(health_score(&[]), 100);
    }
}
