//! Derivative-free minimisation (Nelder–Mead simplex with restarts) for the CLV fits.
//!
//! Small problems only (3–4 parameters, smooth objectives). The objective may return +∞ or
//! NaN to mark a point as infeasible; both count as worse than every finite value.
//! No bounds, no gradients, no line searches.

/// A point and the objective's value there.
#[derive(Clone, Debug, PartialEq)]
pub struct Minimum {
    pub point: Vec<f64>,
    pub value: f64,
}

/// Stop when the simplex spans less than this in every coordinate (in log-parameter space
/// that is a relative change of the parameter).
const POINT_TOLERANCE: f64 = 1e-10;
/// … and the values at its vertices differ by less than this, relative to the best.
const VALUE_TOLERANCE: f64 = 1e-13;
const MAX_EVALUATIONS_PER_RUN: usize = 4_000;
const MAX_RESTARTS: usize = 12;
const INITIAL_STEP: f64 = 0.5;
/// A restart rebuilds the simplex at this size around the best point, which undoes the
/// simplex collapsing onto a subspace, the classic way Nelder–Mead stalls short of a minimum.
const RESTART_STEP: f64 = 0.05;

/// Minimises `objective` from each start, restarting each run from its best point until a
/// restart no longer improves it; returns the best point over all starts (the first of equal
/// ones). None when no start was given or no finite value was ever found. The starts are run in
/// parallel, each on its own, and compared in their order: the answer is the same on any
/// number of threads.
pub fn minimize(objective: &(dyn Fn(&[f64]) -> f64 + Sync), starts: &[Vec<f64>]) -> Option<Minimum> {
    use rayon::prelude::*;
    let runs: Vec<Minimum> = starts.par_iter().map(|start| minimize_from(objective, start)).collect();
    let mut best: Option<Minimum> = None;
    for current in runs {
        if current.value.is_finite() && best.as_ref().is_none_or(|b| current.value < b.value) {
            best = Some(current);
        }
    }
    best
}

/// One start's run, restarted from its best point until a restart no longer improves it.
fn minimize_from(objective: &(dyn Fn(&[f64]) -> f64 + Sync), start: &[f64]) -> Minimum {
    let objective = &mut |point: &[f64]| objective(point);
    let mut current = run(objective, start, INITIAL_STEP);
    for _ in 0..MAX_RESTARTS {
        let restarted = run(objective, &current.point, RESTART_STEP);
        let improvement = current.value - restarted.value;
        let improved = restarted.value < current.value;
        if improved {
            current = restarted;
        }
        if !improved || improvement <= VALUE_TOLERANCE * current.value.abs().max(1.0) {
            break;
        }
    }
    current
}

/// NaN compares as false both ways, which would stall the ordering of the simplex.
fn finite_or_worst(value: f64) -> f64 {
    if value.is_nan() { f64::INFINITY } else { value }
}

/// One Nelder–Mead run with the standard coefficients (reflection 1, expansion 2,
/// contraction ½, shrink ½).
fn run(objective: &mut dyn FnMut(&[f64]) -> f64, start: &[f64], step: f64) -> Minimum {
    let dimension = start.len();
    let mut evaluate = |point: &[f64]| finite_or_worst(objective(point));
    if dimension == 0 {
        return Minimum { point: Vec::new(), value: evaluate(start) };
    }
    let mut simplex: Vec<Minimum> = Vec::with_capacity(dimension + 1);
    simplex.push(Minimum { point: start.to_vec(), value: evaluate(start) });
    for i in 0..dimension {
        let mut point = start.to_vec();
        point[i] += step;
        let value = evaluate(&point);
        simplex.push(Minimum { point, value });
    }
    let mut evaluations = dimension + 1;

    while evaluations < MAX_EVALUATIONS_PER_RUN {
        simplex.sort_by(|p, q| p.value.total_cmp(&q.value));
        if converged(&simplex) {
            break;
        }
        let worst = dimension;
        let centroid: Vec<f64> = (0..dimension)
            .map(|j| simplex[..worst].iter().map(|v| v.point[j]).sum::<f64>() / dimension as f64)
            .collect();
        // Points on the line through the worst vertex and the centroid: c + t·(c − worst).
        let along = |t: f64, worst_point: &[f64]| -> Vec<f64> {
            centroid.iter().zip(worst_point).map(|(c, w)| c + t * (c - w)).collect()
        };
        let worst_point = simplex[worst].point.clone();
        let reflected = along(1.0, &worst_point);
        let reflected_value = evaluate(&reflected);
        evaluations += 1;

        if reflected_value < simplex[0].value {
            let expanded = along(2.0, &worst_point);
            let expanded_value = evaluate(&expanded);
            evaluations += 1;
            simplex[worst] = if expanded_value < reflected_value {
                Minimum { point: expanded, value: expanded_value }
            } else {
                Minimum { point: reflected, value: reflected_value }
            };
            continue;
        }
        if reflected_value < simplex[worst - 1].value {
            simplex[worst] = Minimum { point: reflected, value: reflected_value };
            continue;
        }
        let (contracted, bar) = if reflected_value < simplex[worst].value {
            (along(0.5, &worst_point), reflected_value)
        } else {
            (along(-0.5, &worst_point), simplex[worst].value)
        };
        let contracted_value = evaluate(&contracted);
        evaluations += 1;
        if contracted_value < bar {
            simplex[worst] = Minimum { point: contracted, value: contracted_value };
            continue;
        }
        let best_point = simplex[0].point.clone();
        for vertex in simplex.iter_mut().skip(1) {
            for (x, b) in vertex.point.iter_mut().zip(&best_point) {
                *x = b + 0.5 * (*x - b);
            }
            vertex.value = evaluate(&vertex.point);
        }
        evaluations += dimension;
    }
    simplex.sort_by(|p, q| p.value.total_cmp(&q.value));
    // The simplex always holds dimension + 1 ≥ 1 vertices, so the first exists.
    simplex.swap_remove(0)
}

/// Converged when the vertices nearly coincide both in position and in value.
fn converged(sorted: &[Minimum]) -> bool {
    let best = &sorted[0];
    let spread = sorted.iter().skip(1).flat_map(|v| v.point.iter().zip(&best.point).map(|(x, b)| (x - b).abs()));
    let small_simplex = spread.fold(0.0_f64, f64::max) <= POINT_TOLERANCE;
    let worst_value = sorted[sorted.len() - 1].value;
    let flat = worst_value - best.value <= VALUE_TOLERANCE * best.value.abs().max(1.0);
    small_simplex && flat
}
