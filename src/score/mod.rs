//! The scoring engine: every figure of SPEC section 4 for every account, from one loaded
//! book and a given `today`, deterministically. Each account's interactions are walked
//! once (`facts`); book-wide classes (ABC, RFM, value matrix, the CLV fit, the value
//! percentile) are computed from those facts, never by rescanning interactions.
//! Pure: nothing here reads the clock or prints.

pub mod account;
pub mod classes;
pub mod clv;
pub mod facts;
pub mod json;

use crate::cache::codec::{Codec, Input};
use crate::model::{Account, Book};
use account::{Coverage, Credit, Term};
use chrono::NaiveDate;
use classes::{Rfm, RfmInput};
use facts::Facts;
use rayon::prelude::*;
use serde::Serialize;

/// Scoring options: the CLV horizon in days (default 365).
#[derive(Clone, Copy, Debug)]
pub struct Options {
    pub horizon_days: i64,
}

impl Default for Options {
    fn default() -> Self {
        Options { horizon_days: 365 }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Clv {
    /// `bgnbd-gg` or `simple`.
    pub method: &'static str,
    #[serde(serialize_with = "json::optional_number")]
    pub p_alive: Option<f64>,
    #[serde(serialize_with = "json::number")]
    pub expected_orders: f64,
    #[serde(serialize_with = "json::optional_number")]
    pub expected_value: Option<f64>,
    #[serde(serialize_with = "json::number")]
    pub value: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Health {
    pub score: i64,
    pub status: &'static str,
    pub terms: Vec<Term>,
}

/// One term of the priority score: its 0..1 input, its weight, and what it stands on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PriorityTerm {
    pub name: &'static str,
    #[serde(serialize_with = "json::number")]
    pub input: f64,
    #[serde(serialize_with = "json::number")]
    pub weight: f64,
    #[serde(serialize_with = "json::number")]
    pub points: f64,
    pub detail: String,
}

/// Every score of one account, with the JSON keys of SPEC section 4.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AccountScore {
    pub account: String,
    pub name: String,
    pub tier: Option<String>,
    pub status: Option<&'static str>,
    pub owner: Option<String>,
    #[serde(serialize_with = "json::number")]
    pub revenue_12m: f64,
    #[serde(serialize_with = "json::number")]
    pub margin_12m: f64,
    #[serde(serialize_with = "json::number")]
    pub collected_12m: f64,
    pub orders_12m: i64,
    pub last_touch: Option<NaiveDate>,
    pub abc: &'static str,
    pub rfm: Rfm,
    pub value_matrix: &'static str,
    pub clv: Clv,
    pub health: Health,
    pub coverage: Coverage,
    pub credit: Credit,
    pub score: i64,
    pub priority: Vec<PriorityTerm>,
}

/// The CLV model of the book (SPEC 4.4): the fitted BG/NBD (time in days) and Gamma-Gamma
/// parameters when there were enough repeat buyers and both fits found an optimum.
#[derive(Clone, Debug, Default)]
pub struct Model {
    pub bgnbd: Option<clv::BgNbd>,
    pub gamma_gamma: Option<clv::GammaGamma>,
    /// Accounts with at least one order day: the BG/NBD sample.
    pub customers: usize,
    /// Accounts with two or more order days: the Gamma-Gamma sample.
    pub repeat_buyers: usize,
    /// `clv.min_repeat_buyers` of the book, below which nothing is fitted.
    pub min_repeat_buyers: i64,
}

impl Model {
    /// What was fitted, on what, and why not: the lines `kam score -v` prints on stderr.
    pub fn describe(&self) -> Vec<String> {
        let sample = format!(
            "{} repeat buyers (accounts with two or more order days) of {} that ordered",
            self.repeat_buyers, self.customers
        );
        if (self.repeat_buyers as i64) < self.min_repeat_buyers {
            return vec![format!(
                "CLV method simple: {sample}; fitting needs clv.min_repeat_buyers = {}",
                self.min_repeat_buyers
            )];
        }
        let (Some(bg), Some(gg)) = (&self.bgnbd, &self.gamma_gamma) else {
            let failed = if self.bgnbd.is_none() { "BG/NBD" } else { "Gamma-Gamma" };
            return vec![format!("CLV method simple: {sample}; the {failed} fit found no optimum")];
        };
        vec![
            format!("CLV method bgnbd-gg, fitted on {sample}"),
            format!(
                "BG/NBD (days): r {}, alpha {}, a {}, b {}; mean drop-out chance per order a/(a+b) {}",
                significant(bg.r),
                significant(bg.alpha),
                significant(bg.a),
                significant(bg.b),
                significant(bg.a / (bg.a + bg.b))
            ),
            format!(
                "Gamma-Gamma: p {}, q {}, gamma {}; population mean per order day gamma*p/(q-1) {}",
                significant(gg.p),
                significant(gg.q),
                significant(gg.gamma),
                if gg.q > 1.0 { significant(gg.gamma * gg.p / (gg.q - 1.0)) } else { "undefined (q <= 1)".into() }
            ),
        ]
    }
}

/// Six significant digits without trailing zeros, in scientific notation when very small
/// or large.
fn significant(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return x.to_string();
    }
    let exponent = x.abs().log10().floor();
    if !(-4.0..15.0).contains(&exponent) {
        return format!("{x:.5e}");
    }
    let decimals = (5.0 - exponent).max(0.0) as usize;
    let fixed = format!("{x:.decimals$}");
    if fixed.contains('.') { fixed.trim_end_matches('0').trim_end_matches('.').to_string() } else { fixed }
}

/// Every account's scores, sorted by id, and the book's CLV model.
pub struct Scores {
    pub accounts: Vec<AccountScore>,
    pub model: Model,
}

impl Scores {
    pub fn get(&self, id: &str) -> Option<&AccountScore> {
        self.accounts.binary_search_by(|s| s.account.as_str().cmp(id)).ok().map(|i| &self.accounts[i])
    }
}

/// The BG/NBD inputs of an account that ordered, in days: x = order days − 1,
/// t_x = first to last order day, T = first order day to today.
fn bgnbd_input(f: &Facts, today: NaiveDate) -> Option<clv::Rfm> {
    let first = f.order_days.first()?.date;
    let last = f.order_days.last()?.date;
    Some(clv::Rfm {
        x: (f.order_days.len() - 1) as f64,
        t_x: (last - first).num_days() as f64,
        t: (today - first).num_days() as f64,
    })
}

/// Mean value of the repeat order days (the first excluded), for Gamma-Gamma.
fn repeat_mean(f: &Facts) -> Option<f64> {
    let repeats = f.order_days.get(1..).filter(|r| !r.is_empty())?;
    Some(repeats.iter().map(|o| o.amount).sum::<f64>() / repeats.len() as f64)
}

/// Computes every score of every account (in the book's order, which is by id).
pub fn score_book(book: &Book, today: NaiveDate, options: Options) -> Scores {
    let config = &book.config;
    let window = config.kam.window_days;
    let facts: Vec<Facts> = book.accounts.par_iter().map(|a| Facts::of(a, today, window)).collect();

    let revenue: Vec<(&str, f64)> =
        book.accounts.iter().zip(&facts).map(|(a, f)| (a.id.as_str(), f.revenue_12m)).collect();
    let abc = classes::abc(&revenue, config.abc.a, config.abc.b);
    let rfm_inputs: Vec<Option<RfmInput>> = facts
        .iter()
        .map(|f| {
            let last = f.order_days.last()?.date;
            Some(RfmInput { recency_days: (today - last).num_days(), frequency: f.orders_12m, monetary: f.revenue_12m })
        })
        .collect();
    let rfm = classes::rfm(&rfm_inputs);
    let money: Vec<(f64, f64)> = facts.iter().map(|f| (f.revenue_12m, f.collected_12m)).collect();
    let matrix = classes::value_matrix(&money);

    let model = fit_model(book, &facts, today);
    let clvs: Vec<Clv> = facts.iter().map(|f| account_clv(book, f, &model, today, options)).collect();

    let mut scores: Vec<AccountScore> = book
        .accounts
        .par_iter()
        .zip(&facts)
        .zip(clvs)
        .enumerate()
        .map(|(i, ((a, f), clv))| {
            let coverage = account::coverage(a, config, f, today);
            let credit = account::credit(a, f, today);
            let terms = account::health_terms(a, config, f, &coverage, clv.p_alive, today);
            let score = account::health_score(&terms);
            AccountScore {
                account: a.id.to_string(),
                name: a.name.value.clone(),
                tier: a.tier_name().map(String::from),
                status: a.status.map(crate::model::words::Word::as_str),
                owner: a.owner_id().map(String::from),
                revenue_12m: f.revenue_12m,
                margin_12m: f.margin_12m,
                collected_12m: f.collected_12m,
                orders_12m: f.orders_12m,
                last_touch: f.last_touch,
                abc: abc[i],
                rfm: rfm[i].clone(),
                value_matrix: matrix[i],
                clv,
                health: Health { score, status: account::health_status(score), terms },
                coverage,
                credit,
                score: 0,
                priority: Vec::new(),
            }
        })
        .collect();
    priority(book, &facts, &mut scores, today);
    Scores { accounts: scores, model }
}

fn fit_model(book: &Book, facts: &[Facts], today: NaiveDate) -> Model {
    let inputs: Vec<clv::Rfm> = facts.iter().filter_map(|f| bgnbd_input(f, today)).collect();
    let repeat_buyers = inputs.iter().filter(|r| r.x >= 1.0).count();
    let min_repeat_buyers = book.config.clv.min_repeat_buyers;
    let unfitted = Model { bgnbd: None, gamma_gamma: None, customers: inputs.len(), repeat_buyers, min_repeat_buyers };
    if (repeat_buyers as i64) < min_repeat_buyers {
        return unfitted;
    }
    let spend: Vec<(f64, f64)> =
        facts.iter().filter_map(|f| repeat_mean(f).map(|mean| ((f.order_days.len() - 1) as f64, mean))).collect();
    let (bgnbd, gamma_gamma) = fit(&inputs, &spend);
    Model { bgnbd, gamma_gamma, ..unfitted }
}

/// The BG/NBD and Gamma-Gamma fits of the purchase histories `inputs` and the repeat
/// spends `spend`; a fit kept from an earlier run on the very same inputs when there is
/// one (`cache::fits`).
fn fit(inputs: &[clv::Rfm], spend: &[(f64, f64)]) -> (Option<clv::BgNbd>, Option<clv::GammaGamma>) {
    let fit_now = || {
        let bgnbd = clv::BgNbd::fit(inputs);
        (bgnbd, bgnbd.as_ref().and_then(|_| clv::GammaGamma::fit(spend)))
    };
    let mut key = Vec::with_capacity(16 + 8 * (3 * inputs.len() + 2 * spend.len()));
    key.extend_from_slice(b"bgnbd-gg");
    key.extend_from_slice(&(inputs.len() as u64).to_le_bytes());
    for r in inputs {
        for v in [r.x, r.t_x, r.t] {
            key.extend_from_slice(&v.to_bits().to_le_bytes());
        }
    }
    for (x, mean) in spend {
        key.extend_from_slice(&x.to_bits().to_le_bytes());
        key.extend_from_slice(&mean.to_bits().to_le_bytes());
    }
    let stored = crate::cache::fits::remember(&key, || {
        let (bgnbd, gamma_gamma) = fit_now();
        let mut out = Vec::new();
        bgnbd.map(|m| vec![m.r, m.alpha, m.a, m.b]).put(&mut out);
        gamma_gamma.map(|m| vec![m.p, m.q, m.gamma]).put(&mut out);
        out
    });
    decode_fit(&stored).unwrap_or_else(fit_now)
}

/// A fit as `fit` stores it; `None` when the bytes are not one.
fn decode_fit(bytes: &[u8]) -> Option<(Option<clv::BgNbd>, Option<clv::GammaGamma>)> {
    let input = &mut Input::new(bytes);
    let bgnbd = match Option::<Vec<f64>>::get(input)?.as_deref() {
        None => None,
        Some(&[r, alpha, a, b]) => Some(clv::BgNbd { r, alpha, a, b }),
        Some(_) => return None,
    };
    let gamma_gamma = match Option::<Vec<f64>>::get(input)?.as_deref() {
        None => None,
        Some(&[p, q, gamma]) => Some(clv::GammaGamma { p, q, gamma }),
        Some(_) => return None,
    };
    input.is_empty().then_some((bgnbd, gamma_gamma))
}

fn account_clv(book: &Book, f: &Facts, model: &Model, today: NaiveDate, options: Options) -> Clv {
    let settings = &book.config.clv;
    let horizon = options.horizon_days as f64;
    if let (Some(bg), Some(gg)) = (&model.bgnbd, &model.gamma_gamma) {
        let Some(input) = bgnbd_input(f, today) else {
            return Clv { method: "bgnbd-gg", p_alive: None, expected_orders: 0.0, expected_value: None, value: 0.0 };
        };
        let p_alive = if input.x == 0.0 { 1.0 } else { bg.p_alive(&input) };
        // The models return non-finite figures where they have no answer (a horizon too
        // long for the series, a mean spend that does not exist): report 0, never NaN.
        let finite = |x: f64| if x.is_finite() { x } else { 0.0 };
        let expected_orders = finite(bg.expected_purchases(&input, horizon));
        let expected_value = finite(gg.expected_spend(input.x, repeat_mean(f).unwrap_or(0.0)));
        let value = finite(clv::discounted_value(expected_orders, expected_value, horizon, settings.discount_rate));
        return Clv {
            method: "bgnbd-gg",
            p_alive: Some(p_alive),
            expected_orders,
            expected_value: Some(expected_value),
            value,
        };
    }
    let base = if f.has_margins { f.margin_12m } else { f.revenue_12m };
    let r = settings.retention;
    let d = settings.discount_rate;
    // Rounded to cents: 1 200 000 × 0.8 / 0.3 is 3 199 999.9999999995 in floating point.
    let value = if 1.0 + d - r > 0.0 { (100.0 * base * r / (1.0 + d - r)).round() / 100.0 } else { 0.0 };
    let expected_value = (f.orders_12m > 0).then(|| base / f.orders_12m as f64);
    Clv {
        method: "simple",
        p_alive: None,
        expected_orders: f.orders_12m as f64 * horizon / 365.0,
        expected_value,
        value,
    }
}

/// The priority score of SPEC 4.7. The value term is the percentile rank of the CLV
/// value: the share of the other accounts with a strictly smaller value, L / (N − 1)
/// (1 for a book of one account).
fn priority(book: &Book, facts: &[Facts], scores: &mut [AccountScore], today: NaiveDate) {
    let w = &book.config.score;
    let mut values: Vec<f64> = scores.iter().map(|s| s.clv.value).collect();
    values.sort_by(f64::total_cmp);
    let n = scores.len();
    for ((s, a), f) in scores.iter_mut().zip(&book.accounts).zip(facts) {
        let lower = values.partition_point(|v| *v < s.clv.value);
        let value = if n > 1 { lower as f64 / (n - 1) as f64 } else { 1.0 };
        let (potential, potential_detail) = potential(a, s.revenue_12m);
        let health = s.health.score as f64 / 100.0;
        let champion =
            a.contacts.iter().any(|c| c.stance == Some(crate::model::words::Stance::Champion) && !c.has_left(today));
        let cadence_met = account::is_snoozed(a, today)
            || matches!(account::cadence_gap(a, &book.config, f, today), Some((c, Some(gap))) if gap <= c);
        let parts = [s.coverage.decision_maker, !s.coverage.single_threaded, champion, cadence_met];
        let relationship = parts.iter().filter(|p| **p).count() as f64 / 4.0;
        let relationship_detail = format!(
            "decision-maker {}, multi-threaded {}, champion {}, cadence met {}",
            yes(parts[0]),
            yes(parts[1]),
            yes(parts[2]),
            yes(parts[3])
        );
        let terms = [
            (
                "value",
                value,
                w.value,
                format!("CLV {:.0} ranks above {lower} of {} other accounts", s.clv.value, n.saturating_sub(1)),
            ),
            ("potential", potential, w.potential, potential_detail),
            ("health", health, w.health, format!("health {}", s.health.score)),
            ("relationship", relationship, w.relationship, relationship_detail),
        ];
        let total: f64 = terms.iter().map(|(_, input, weight, _)| input * weight).sum();
        s.score = (100.0 * total).clamp(0.0, 100.0).round() as i64;
        s.priority = terms
            .into_iter()
            .map(|(name, input, weight, detail)| PriorityTerm {
                name,
                input,
                weight,
                points: account::one_decimal(100.0 * input * weight),
                detail,
            })
            .collect();
    }
}

fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// 1 − revenue_12m / potential.wallet, clamped to 0..1; 0 when the wallet is unknown.
fn potential(a: &Account, revenue_12m: f64) -> (f64, String) {
    match a.potential.as_ref().and_then(|p| p.wallet).filter(|w| *w > 0.0) {
        Some(wallet) => {
            let share = revenue_12m / wallet;
            ((1.0 - share).clamp(0.0, 1.0), format!("share of wallet {:.1} % of {wallet:.0}", 100.0 * share))
        }
        None => (0.0, "wallet unknown".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_parameters_print_with_six_significant_digits() {
        let cases = [
            (0.242_567_89, "0.242568"),
            (30.898, "30.898"),
            (1000.0000001, "1000"),
            (177_260.087, "177260"),
            (3.417_588e-7, "3.41759e-7"),
            (0.0, "0"),
            (f64::INFINITY, "inf"),
        ];
        for (x, expected) in cases {
            assert_eq!(significant(x), expected, "{x}");
        }
    }

    #[test]
    fn model_description_says_why_nothing_was_fitted() {
        let model = Model { customers: 6, repeat_buyers: 5, min_repeat_buyers: 20, ..Model::default() };
        assert_eq!(
            model.describe(),
            ["CLV method simple: 5 repeat buyers (accounts with two or more order days) of 6 that ordered; \
              fitting needs clv.min_repeat_buyers = 20"]
        );
        let model = Model { min_repeat_buyers: 5, ..model };
        assert_eq!(
            model.describe(),
            ["CLV method simple: 5 repeat buyers (accounts with two or more order days) of 6 that ordered; \
              the BG/NBD fit found no optimum"]
        );
        let model = Model {
            bgnbd: Some(clv::BgNbd { r: 0.243, alpha: 30.898, a: 0.793, b: 2.426 }),
            gamma_gamma: Some(clv::GammaGamma { p: 6.25, q: 3.74, gamma: 15.44 }),
            ..model
        };
        // a/(a+b) = 0.793/3.219 = 0.246350; γp/(q−1) = 96.5/2.74 = 35.2190.
        assert_eq!(
            model.describe(),
            [
                "CLV method bgnbd-gg, fitted on 5 repeat buyers (accounts with two or more order days) of 6 that ordered",
                "BG/NBD (days): r 0.243, alpha 30.898, a 0.793, b 2.426; mean drop-out chance per order a/(a+b) 0.24635",
                "Gamma-Gamma: p 6.25, q 3.74, gamma 15.44; population mean per order day gamma*p/(q-1) 35.219",
            ]
        );
    }
}
