//! Classifications across the whole book: ABC (SPEC 4.1), RFM (4.2) and the value
//! matrix (4.3). Each needs every account's figures, so each takes them all at once.

use serde::Serialize;

/// ABC classes by cumulative share of `revenue_12m`. `revenue` is (id, revenue_12m) per
/// account; the result is in the same order.
pub fn abc(revenue: &[(&str, f64)], a: f64, b: f64) -> Vec<&'static str> {
    let total: f64 = revenue.iter().map(|(_, r)| r.max(0.0)).sum();
    let mut order: Vec<usize> = (0..revenue.len()).collect();
    order.sort_by(|&i, &j| revenue[j].1.total_cmp(&revenue[i].1).then_with(|| revenue[i].0.cmp(revenue[j].0)));
    let mut classes = vec!["C"; revenue.len()];
    let mut cumulative = 0.0;
    for i in order {
        let r = revenue[i].1;
        if r <= 0.0 || total <= 0.0 {
            continue;
        }
        // The share *before* this account decides its class: the account that crosses
        // the threshold still belongs to the class below it.
        let share = cumulative / total;
        classes[i] = if share < a {
            "A"
        } else if share < b {
            "B"
        } else {
            "C"
        };
        cumulative += r;
    }
    classes
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Rfm {
    pub recency_days: Option<i64>,
    pub frequency: Option<i64>,
    #[serde(serialize_with = "super::json::optional_number")]
    pub monetary: Option<f64>,
    pub r: Option<u8>,
    pub f: Option<u8>,
    pub m: Option<u8>,
    pub segment: Option<&'static str>,
}

/// Raw RFM inputs of one account: `None` when it never ordered.
#[derive(Clone, Copy, Debug)]
pub struct RfmInput {
    pub recency_days: i64,
    pub frequency: i64,
    pub monetary: f64,
}

/// RFM scores: each is `1 + floor(5 L / N)` capped at 5, L the number of scored accounts
/// with a strictly worse value, N the number of accounts that ever ordered.
pub fn rfm(inputs: &[Option<RfmInput>]) -> Vec<Rfm> {
    let scored: Vec<RfmInput> = inputs.iter().flatten().copied().collect();
    let n = scored.len();
    let score = |worse: usize| -> u8 { (1 + (5 * worse) / n).min(5) as u8 };
    inputs
        .iter()
        .map(|input| {
            let Some(x) = input else { return Rfm::default() };
            let r = score(scored.iter().filter(|o| o.recency_days > x.recency_days).count());
            let f = score(scored.iter().filter(|o| o.frequency < x.frequency).count());
            let m = score(scored.iter().filter(|o| o.monetary < x.monetary).count());
            Rfm {
                recency_days: Some(x.recency_days),
                frequency: Some(x.frequency),
                monetary: Some(x.monetary),
                r: Some(r),
                f: Some(f),
                m: Some(m),
                segment: Some(segment(r, f)),
            }
        })
        .collect()
}

/// Every RFM segment, best first: the order reports list them in.
pub const SEGMENTS: [&str; 10] = [
    "champions",
    "loyal",
    "potential-loyalist",
    "new",
    "promising",
    "need-attention",
    "about-to-sleep",
    "cant-lose",
    "at-risk",
    "hibernating",
];

/// The value-matrix quadrants, best first, with (sales high, collection high).
pub const QUADRANTS: [(&str, bool, bool); 4] =
    [("high", true, true), ("mid", false, true), ("sub-mid", true, false), ("low", false, false)];

/// The segment of SPEC 4.2 from the r and f scores.
pub fn segment(r: u8, f: u8) -> &'static str {
    match (r, f) {
        (5, 4..=5) => "champions",
        (3..=4, 4..=5) => "loyal",
        (4..=5, 2..=3) => "potential-loyalist",
        (5, 1) => "new",
        (4, 1) => "promising",
        (3, 3) => "need-attention",
        (3, 1..=2) => "about-to-sleep",
        (1..=2, 5) => "cant-lose",
        (1..=2, 3..=4) => "at-risk",
        _ => "hibernating",
    }
}

/// The value matrix of SPEC 4.3 from (revenue_12m, collected_12m) per account.
pub fn value_matrix(money: &[(f64, f64)]) -> Vec<&'static str> {
    let total_sales: f64 = money.iter().map(|m| m.0).sum();
    let total_collected: f64 = money.iter().map(|m| m.1).sum();
    let active = money.iter().filter(|m| m.0 > 0.0 || m.1 > 0.0).count();
    money
        .iter()
        .map(|&(sales, collected)| {
            if active == 0 {
                return "low";
            }
            let threshold = 1.0 / active as f64;
            let high = |part: f64, total: f64| total > 0.0 && part / total >= threshold;
            match (high(sales, total_sales), high(collected, total_collected)) {
                (true, true) => "high",
                (false, true) => "mid",
                (true, false) => "sub-mid",
                (false, false) => "low",
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Revenues 50, 30, 10, 6, 4 (total 100): shares before are 0, .5, .8, .9, .96.
    /// a: 0 < .8 A; b: .5 < .8 A (crosses 80 % and is still A); c: .8 → B; d: .9 → B;
    /// e: .96 → C. A zero-revenue account is C.
    #[test]
    fn abc_boundaries() {
        let rev = [("a", 50.0), ("b", 30.0), ("c", 10.0), ("d", 6.0), ("e", 4.0), ("z", 0.0)];
        assert_eq!(abc(&rev, 0.8, 0.95), vec!["A", "A", "B", "B", "C", "C"]);
    }

    /// Equal revenues order by id: x before y. 40/40/20: x share 0 → A, y .4 → A, w .8 → B.
    #[test]
    fn abc_ties_by_id() {
        let rev = [("y", 40.0), ("w", 20.0), ("x", 40.0)];
        assert_eq!(abc(&rev, 0.8, 0.95), vec!["A", "B", "A"]);
        let rev = [("y", 40.0), ("x", 40.0)];
        assert_eq!(abc(&rev, 0.4, 0.95), vec!["B", "A"]);
    }

    #[test]
    fn abc_no_revenue() {
        assert_eq!(abc(&[("a", 0.0), ("b", 0.0)], 0.8, 0.95), vec!["C", "C"]);
    }

    /// N = 4 accounts that ordered (one never did). Recency 10, 10, 40, 100: the two tied
    /// at 10 have L = 2 worse → 1 + floor(10/4) = 3; 40 has L = 1 → 2; 100 has L = 0 → 1.
    #[test]
    fn rfm_ties_and_scores() {
        let input = |recency_days, frequency, monetary| Some(RfmInput { recency_days, frequency, monetary });
        let out = rfm(&[input(10, 5, 500.0), input(10, 1, 100.0), input(40, 3, 300.0), input(100, 3, 0.0), None]);
        let r: Vec<_> = out.iter().map(|x| x.r).collect();
        let f: Vec<_> = out.iter().map(|x| x.f).collect();
        let m: Vec<_> = out.iter().map(|x| x.m).collect();
        assert_eq!(r, vec![Some(3), Some(3), Some(2), Some(1), None]);
        // frequency 5 has 3 worse → 1 + 15/4 = 4; 1 has 0 → 1; 3 and 3 have 1 → 2.
        assert_eq!(f, vec![Some(4), Some(1), Some(2), Some(2), None]);
        assert_eq!(m, vec![Some(4), Some(2), Some(3), Some(1), None]);
        assert_eq!(out[0].segment, Some("loyal"));
        assert_eq!(out[1].segment, Some("about-to-sleep"));
        assert_eq!(out[3].segment, Some("hibernating"));
        assert_eq!(out[4], Rfm::default());
    }

    #[test]
    fn every_rf_pair_has_one_segment() {
        let expected = [
            "hibernating",
            "hibernating",
            "at-risk",
            "at-risk",
            "cant-lose", // r = 1
            "hibernating",
            "hibernating",
            "at-risk",
            "at-risk",
            "cant-lose", // r = 2
            "about-to-sleep",
            "about-to-sleep",
            "need-attention",
            "loyal",
            "loyal", // r = 3
            "promising",
            "potential-loyalist",
            "potential-loyalist",
            "loyal",
            "loyal", // r = 4
            "new",
            "potential-loyalist",
            "potential-loyalist",
            "champions",
            "champions", // r = 5
        ];
        let got: Vec<&str> = (1..=5).flat_map(|r| (1..=5).map(move |f| segment(r, f))).collect();
        assert_eq!(got, expected);
    }

    /// M = 4 active accounts → threshold 25 %. Sales 60/30/10/0 of 100, collections
    /// 0/20/50/30 of 100: a sales 60 % high, coll 0 low → sub-mid; b 30 % high, 20 % low →
    /// sub-mid; c 10 % low, 50 % high → mid; d 0 low, 30 % high → mid; e inactive → low.
    #[test]
    fn value_matrix_threshold() {
        let money = [(60.0, 0.0), (30.0, 20.0), (10.0, 50.0), (0.0, 30.0), (0.0, 0.0)];
        assert_eq!(value_matrix(&money), vec!["sub-mid", "sub-mid", "mid", "mid", "low"]);
        // Exactly 1/M is high: two accounts at 50 % each of both.
        assert_eq!(value_matrix(&[(5.0, 5.0), (5.0, 5.0)]), vec!["high", "high"]);
    }
}
