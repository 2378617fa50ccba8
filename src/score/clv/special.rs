//! Special functions the CLV models need: ln Γ and the Gauss hypergeometric series.
//!
//! Written here because std has no stable `ln_gamma` and kam takes no numerics crate.
//! Accuracy targets what the models need (about 1e-13 relative), not a general library.

use std::f64::consts::PI;

/// Lanczos coefficients for g = 7, n = 9 (the widely published set; |error| of Γ below 2e-15).
const LANCZOS_G: f64 = 7.0;
const LANCZOS_COEFFICIENTS: [f64; 9] = [
    0.999_999_999_999_809_9,
    676.520_368_121_885_1,
    -1_259.139_216_722_402_8,
    771.323_428_777_653_1,
    -176.615_029_162_140_6,
    12.507_343_278_686_905,
    -0.138_571_095_265_720_12,
    9.984_369_578_019_572e-6,
    1.505_632_735_149_311_6e-7,
];

/// ln |Γ(x)|: +∞ at the poles (0, −1, −2, …), NaN for NaN.
pub fn ln_gamma(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    if x <= 0.0 && x == x.floor() {
        return f64::INFINITY;
    }
    if x < 0.5 {
        // Reflection Γ(x)Γ(1−x) = π / sin(πx): the Lanczos sum loses accuracy below 1/2.
        return (PI / (PI * x).sin().abs()).ln() - ln_gamma(1.0 - x);
    }
    let shifted = x - 1.0;
    let mut series = LANCZOS_COEFFICIENTS[0];
    for (i, coefficient) in LANCZOS_COEFFICIENTS.iter().enumerate().skip(1) {
        series += coefficient / (shifted + i as f64);
    }
    let base = shifted + LANCZOS_G + 0.5;
    0.5 * (2.0 * PI).ln() + (shifted + 0.5) * base.ln() - base + series.ln()
}

/// Terms summed before a series is declared non-convergent: enough for |z| up to about
/// 1 − 1e-4; realistic CLV arguments need a few hundred.
const MAX_SERIES_TERMS: usize = 1_000_000;

/// Σₙ (a)ₙ (b)ₙ / ((c)ₙ (d)ₙ) zⁿ for |z| < 1, i.e. ₃F₂(a, b, 1; c, d; z); with d = 1 it is
/// ₂F₁(a, b; c; z). None when |z| ≥ 1, a denominator parameter hits a pole, or the sum
/// has not converged after `MAX_SERIES_TERMS` terms.
pub fn hypergeometric_series(a: f64, b: f64, c: f64, d: f64, z: f64) -> Option<f64> {
    if ![a, b, c, d, z].iter().all(|v| v.is_finite()) || z.abs() >= 1.0 {
        return None;
    }
    let mut term = 1.0_f64;
    let mut sum = 1.0_f64;
    for n in 0..MAX_SERIES_TERMS {
        let n = n as f64;
        let denominator = (c + n) * (d + n);
        if denominator == 0.0 {
            return None;
        }
        let ratio = (a + n) * (b + n) / denominator * z;
        term *= ratio;
        sum += term;
        if term == 0.0 {
            // a or b is a non-positive integer: the series is a polynomial and has ended.
            return sum.is_finite().then_some(sum);
        }
        // The ratio of consecutive terms tends to z, from above or below; the larger of the
        // two bounds every later ratio, so the tail is at most |term|·R/(1−R).
        let bound = ratio.abs().max(z.abs());
        if bound < 1.0 && term.abs() * bound <= f64::EPSILON * 0.25 * (1.0 - bound) * sum.abs() {
            return sum.is_finite().then_some(sum);
        }
        if !sum.is_finite() {
            return None;
        }
    }
    None
}

/// Gauss hypergeometric function ₂F₁(a, b; c; z) for |z| < 1 by its power series. The
/// models call the ₃F₂ form directly (see `BgNbd::expected_purchases`); this one exists so
/// the series can be checked against the closed forms of ₂F₁.
#[cfg(test)]
pub fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> Option<f64> {
    hypergeometric_series(a, b, c, 1.0, z)
}
