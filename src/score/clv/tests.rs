use super::special::{hyp2f1, ln_gamma};
use super::*;

const CDNOW_FILE: &str = "cdnow_customers_summary_with_transactions.csv";

/// The CDNOW summary: beside the clone on CI (`shared/`), else the copy in `tests/data/`.
fn cdnow_csv() -> String {
    let candidates = [
        concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/cdnow/"),
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/cdnow/"),
    ];
    candidates
        .iter()
        .find_map(|dir| std::fs::read_to_string(format!("{dir}{CDNOW_FILE}")).ok())
        .expect("CDNOW data in ../shared/data/cdnow or tests/data/cdnow")
}

/// (weekly history, mean spend of the repeat purchases) per customer.
fn cdnow() -> Vec<(Rfm, f64)> {
    let csv = cdnow_csv();
    let mut lines = csv.lines();
    assert_eq!(lines.next().map(str::trim), Some("ID,x,t_x,T,zbar"));
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let fields: Vec<f64> = line.split(',').map(|f| f.trim().parse().expect("number")).collect();
            (Rfm { x: fields[1], t_x: fields[2], t: fields[3] }, fields[4])
        })
        .collect()
}

fn assert_close(actual: f64, expected: f64, relative: f64, what: &str) {
    let error = (actual - expected).abs() / expected.abs().max(1e-300);
    assert!(
        error <= relative,
        "{what}: got {actual}, expected {expected} (relative error {error:.2e} > {relative:.0e})"
    );
}

const PUBLISHED_BGNBD: BgNbd = BgNbd { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

#[test]
fn ln_gamma_matches_known_values() {
    let cases = [
        (1.0, 0.0),
        (2.0, 0.0),
        (0.5, 0.5 * std::f64::consts::PI.ln()),
        (10.0, 362_880.0_f64.ln()),
        (2.5, 0.284_682_870_472_919_2),
        (1e-3, 6.907_178_885_383_853),
        (171.5, 709.143_163_030_928_2),
        (1e-300, 690.775_527_898_213_7),
        (1e10, 220_258_509_288.810_58),
    ];
    for (x, expected) in cases {
        let got = ln_gamma(x);
        assert!((got - expected).abs() <= 1e-12 * expected.abs().max(1.0), "ln Γ({x}) = {got}, expected {expected}");
    }
    assert_eq!(ln_gamma(0.0), f64::INFINITY);
    assert_eq!(ln_gamma(-3.0), f64::INFINITY);
    assert!(ln_gamma(f64::NAN).is_nan());
}

#[test]
fn hyp2f1_matches_closed_forms() {
    for z in [-0.5, 0.1, 0.5, 0.9, 0.99] {
        let log_form = -(1.0_f64 - z).ln() / z;
        assert_close(hyp2f1(1.0, 1.0, 2.0, z).expect("converges"), log_form, 1e-13, "2F1(1,1;2;z)");
        // 2F1(a, b; b; z) = (1 − z)^(−a)
        assert_close(hyp2f1(2.5, 0.7, 0.7, z).expect("converges"), (1.0 - z).powf(-2.5), 1e-13, "2F1(a,b;b;z)");
    }
    let s: f64 = 0.5;
    assert_close(hyp2f1(0.5, 0.5, 1.5, s * s).expect("converges"), s.asin() / s, 1e-14, "2F1(½,½;3/2;z²)");
    // a = −2 ends the series: 1 − 2bz/c + b(b+1)z²/(c(c+1)).
    let (b, c, z) = (1.5, 2.5, 0.3);
    let polynomial = 1.0 - 2.0 * b * z / c + b * (b + 1.0) * z * z / (c * (c + 1.0));
    assert_close(hyp2f1(-2.0, b, c, z).expect("terminates"), polynomial, 1e-15, "terminating 2F1");
    assert_eq!(hyp2f1(1.0, 1.0, 2.0, 1.0), None);
    assert_eq!(hyp2f1(1.0, 1.0, -1.0, 0.5), None, "pole at c = −1");
}

#[test]
fn nelder_mead_finds_rosenbrock_minimum() {
    let rosenbrock = |v: &[f64]| (1.0 - v[0]).powi(2) + 100.0 * (v[1] - v[0] * v[0]).powi(2);
    let best = nelder_mead::minimize(&rosenbrock, &[vec![-1.2, 1.0]]).expect("minimum");
    assert!((best.point[0] - 1.0).abs() < 1e-6 && (best.point[1] - 1.0).abs() < 1e-6, "{best:?}");
    let nowhere = |_: &[f64]| f64::NAN;
    assert_eq!(nelder_mead::minimize(&nowhere, &[vec![0.0]]), None);
}

#[test]
fn bgnbd_fit_reproduces_published_cdnow_parameters_in_weeks_and_days() {
    let weeks: Vec<Rfm> = cdnow().into_iter().map(|(c, _)| c).collect();
    assert_eq!(weeks.len(), 2357);
    let fit = BgNbd::fit(&weeks).expect("fit");
    assert_close(fit.r, 0.243, 0.01, "r");
    assert_close(fit.alpha, 4.414, 0.01, "α");
    assert_close(fit.a, 0.793, 0.01, "a");
    assert_close(fit.b, 2.426, 0.01, "b");
    let log_likelihood = fit.log_likelihood(&weeks);
    assert!((log_likelihood - -9582.4).abs() < 0.5, "log-likelihood {log_likelihood}");
    // The optimum is an optimum: the published (rounded) values are no better.
    assert!(log_likelihood >= PUBLISHED_BGNBD.log_likelihood(&weeks));

    let days: Vec<Rfm> = weeks.iter().map(|c| Rfm { x: c.x, t_x: c.t_x * 7.0, t: c.t * 7.0 }).collect();
    let fit_days = BgNbd::fit(&days).expect("fit in days");
    assert_close(fit_days.r, fit.r, 0.01, "r in days");
    assert_close(fit_days.alpha / 7.0, fit.alpha, 0.01, "α/7 in days");
    assert_close(fit_days.a, fit.a, 0.01, "a in days");
    assert_close(fit_days.b, fit.b, 0.01, "b in days");
    // Changing units only shifts the log-likelihood by −Σx·ln 7.
    let repeats: f64 = weeks.iter().map(|c| c.x).sum();
    let shifted = fit_days.log_likelihood(&days) + repeats * 7.0_f64.ln();
    assert!((shifted - log_likelihood).abs() < 1e-3, "days {shifted} vs weeks {log_likelihood}");
}

#[test]
fn gamma_gamma_fit_reproduces_published_cdnow_parameters() {
    let spend: Vec<(f64, f64)> = cdnow().into_iter().filter(|(c, _)| c.x >= 1.0).map(|(c, zbar)| (c.x, zbar)).collect();
    assert_eq!(spend.len(), 946);
    let fit = GammaGamma::fit(&spend).expect("fit");
    assert_close(fit.p, 6.25, 0.01, "p");
    assert_close(fit.q, 3.74, 0.01, "q");
    assert_close(fit.gamma, 15.44, 0.01, "γ");
    let published = GammaGamma { p: 6.25, q: 3.74, gamma: 15.44 };
    assert!(fit.log_likelihood(&spend) >= published.log_likelihood(&spend));
}

#[test]
fn fhl_example_customer_expects_1_226_purchases_in_39_weeks() {
    // Customer 1 of CDNOW, the paper's worked example; reference values from eq. 10 evaluated
    // independently at 50 digits (mpmath).
    let customer = Rfm { x: 2.0, t_x: 30.43, t: 38.86 };
    assert_close(PUBLISHED_BGNBD.expected_purchases(&customer, 39.0), 1.226_028_174_767_144, 1e-10, "E[Y(39)]");
    assert_close(PUBLISHED_BGNBD.p_alive(&customer), 0.726_578_570_080_673, 1e-12, "P(alive)");
    let newcomer = Rfm { x: 0.0, t_x: 0.0, t: 38.86 };
    assert_close(PUBLISHED_BGNBD.expected_purchases(&newcomer, 39.0), 0.195_098_052_011_262_64, 1e-10, "x = 0");

    let weeks: Vec<Rfm> = cdnow().into_iter().map(|(c, _)| c).collect();
    let fit = BgNbd::fit(&weeks).expect("fit");
    assert_close(fit.expected_purchases(&customer, 39.0), 1.226, 0.005, "E[Y(39)] at the fitted parameters");
    // Same customer in days with α × 7: same expectation.
    let in_days = BgNbd { alpha: PUBLISHED_BGNBD.alpha * 7.0, ..PUBLISHED_BGNBD };
    let customer_days = Rfm { x: 2.0, t_x: 30.43 * 7.0, t: 38.86 * 7.0 };
    assert_close(in_days.expected_purchases(&customer_days, 273.0), 1.226_028_174_767_144, 1e-10, "in days");
}

#[test]
fn expected_purchases_is_continuous_through_a_equal_one_and_handles_small_c() {
    let customer = Rfm { x: 3.0, t_x: 20.0, t: 30.0 };
    let at_one = BgNbd { r: 0.5, alpha: 10.0, a: 1.0, b: 3.0 };
    assert_close(at_one.expected_purchases(&customer, 52.0), 2.149_804_273_228_755, 1e-8, "a = 1");
    let near_one = BgNbd { a: 1.00005, ..at_one };
    assert_close(near_one.expected_purchases(&customer, 52.0), 2.149_738_373_801_430_4, 1e-8, "a = 1.00005");
    // x = 0 with a + b < 1: the ₂F₁ parameter c = a + b − 1 is negative.
    let small = BgNbd { r: 0.3, alpha: 5.0, a: 0.4, b: 0.35 };
    let newcomer = Rfm { x: 0.0, t_x: 0.0, t: 12.0 };
    assert_close(small.expected_purchases(&newcomer, 40.0), 0.451_570_546_812_090_8, 1e-10, "c < 0");
    assert_eq!(at_one.expected_purchases(&customer, 0.0), 0.0);
    assert_eq!(at_one.expected_purchases(&customer, -5.0), 0.0);
}

#[test]
fn p_alive_is_one_without_repeats_and_rises_with_recency() {
    assert_eq!(PUBLISHED_BGNBD.p_alive(&Rfm { x: 0.0, t_x: 0.0, t: 38.86 }), 1.0);
    let mut previous = 0.0;
    for t_x in [1.0, 5.0, 10.0, 20.0, 30.0, 38.86] {
        let p = PUBLISHED_BGNBD.p_alive(&Rfm { x: 4.0, t_x, t: 38.86 });
        assert!(p > previous && p <= 1.0, "P(alive) at t_x = {t_x}: {p} after {previous}");
        previous = p;
    }
}

#[test]
fn gamma_gamma_expected_spend_shrinks_towards_the_population_mean() {
    let model = GammaGamma { p: 6.25, q: 3.74, gamma: 15.44 };
    let population_mean = model.gamma * model.p / (model.q - 1.0);
    assert_close(model.expected_spend(0.0, 0.0), population_mean, 1e-15, "x = 0");
    assert_close(model.expected_spend(0.0, 123.0), population_mean, 1e-15, "x = 0 ignores the mean");
    let (x, zbar) = (2.0, 22.35);
    let weight = model.p * x / (model.p * x + model.q - 1.0);
    let readme_form = (1.0 - weight) * population_mean + weight * zbar;
    assert_close(model.expected_spend(x, zbar), readme_form, 1e-14, "README formula");
    let heavy_tail = GammaGamma { q: 0.8, ..model };
    assert_eq!(heavy_tail.expected_spend(0.0, 0.0), f64::INFINITY);
}

#[test]
fn discounted_value_averages_yearly_discount_over_the_horizon() {
    assert_eq!(discounted_value(3.0, 100.0, 365.0, 0.0), 300.0);
    let one_year = discounted_value(1.0, 1.0, 365.0, 0.10);
    assert_close(one_year, (1.0 - 1.0 / 1.1) / 1.1_f64.ln(), 1e-14, "one year at 10 %");
    assert!((one_year - 1.1_f64.powf(-0.5)).abs() < 5e-4, "close to mid-horizon discounting");
    assert_eq!(discounted_value(2.0, 50.0, 0.0, 0.10), 100.0);
    assert_eq!(discounted_value(2.0, 50.0, 365.0, f64::NAN), 100.0);
    assert!(discounted_value(1.0, 1.0, 3650.0, 0.10) < one_year);
}

#[test]
fn fits_fail_cleanly_on_degenerate_data() {
    assert_eq!(BgNbd::fit(&[]), None);
    assert_eq!(GammaGamma::fit(&[]), None);
    assert_eq!(BgNbd::fit(&[Rfm { x: 0.0, t_x: 0.0, t: 10.0 }, Rfm { x: 0.0, t_x: 0.0, t: 20.0 }]), None);
    assert_eq!(GammaGamma::fit(&[(0.0, 10.0), (2.0, -5.0), (f64::NAN, 3.0)]), None);
    assert_eq!(BgNbd { r: -1.0, ..PUBLISHED_BGNBD }.log_likelihood(&[]), f64::NEG_INFINITY);

    let few =
        [Rfm { x: 2.0, t_x: 10.0, t: 30.0 }, Rfm { x: 0.0, t_x: 0.0, t: 25.0 }, Rfm { x: 5.0, t_x: 28.0, t: 29.0 }];
    if let Some(model) = BgNbd::fit(&few) {
        for v in [model.r, model.alpha, model.a, model.b] {
            assert!(v.is_finite() && v > 0.0, "{model:?}");
        }
        assert!(model.p_alive(&few[0]).is_finite());
        assert!(model.expected_purchases(&few[0], 30.0).is_finite());
    }
    if let Some(model) = GammaGamma::fit(&[(1.0, 10.0), (3.0, 12.0), (2.0, 30.0)]) {
        assert!([model.p, model.q, model.gamma].iter().all(|v| v.is_finite() && *v > 0.0), "{model:?}");
    }
}

#[test]
fn garbage_and_huge_inputs_do_not_panic_or_produce_nan() {
    let weird = [
        Rfm { x: f64::NAN, t_x: f64::NAN, t: f64::NAN },
        Rfm { x: -3.0, t_x: -1.0, t: -2.0 },
        Rfm { x: 0.5, t_x: 4.0, t: 2.0 },
        Rfm { x: 1e12, t_x: 1e15, t: 1e15 },
        Rfm { x: 3.0, t_x: 50.0, t: 40.0 },
        Rfm { x: f64::INFINITY, t_x: f64::INFINITY, t: f64::INFINITY },
    ];
    for c in &weird {
        let p = PUBLISHED_BGNBD.p_alive(c);
        assert!((0.0..=1.0).contains(&p), "P(alive) {p} for {c:?}");
        let e = PUBLISHED_BGNBD.expected_purchases(c, 39.0);
        assert!(e.is_finite() && e >= 0.0, "E {e} for {c:?}");
    }
    assert!(PUBLISHED_BGNBD.log_likelihood(&weird).is_finite());
    if let Some(model) = BgNbd::fit(&weird) {
        assert!([model.r, model.alpha, model.a, model.b].iter().all(|v| v.is_finite() && *v > 0.0), "{model:?}");
    }
    let spend = [(1e9, 1e12), (2.0, 1e-9), (1.0, 5.0)];
    if let Some(model) = GammaGamma::fit(&spend) {
        assert!([model.p, model.q, model.gamma].iter().all(|v| v.is_finite() && *v > 0.0), "{model:?}");
    }
}
