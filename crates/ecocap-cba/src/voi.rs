//! Value of information and sensitivity from Monte Carlo draws.
//!
//! The decision is the choice among the alternatives and doing nothing
//! (NPV 0: every alternative is measured against the baseline), taking
//! the one with the highest expected NPV.
//!
//! - EVPI (all variables): `E[max_a NPV_a] − max_a E[NPV_a]`, with the
//!   do-nothing option in both maxima (Raiffa & Schlaifer 1961; the
//!   quantity decisionSupport reports, Luedeling & Göhring).
//! - Per-variable EVPI (partial EVPI, EVPPI) of variable X: the draws are
//!   sorted by X and cut into B bins of equal count (B = ⌊√runs⌋); within
//!   each bin the conditional means of the NPVs estimate E[NPV_a | X]:
//!   `EVPPI_X ≈ (1/runs) Σ_b n_b · max_a mean_b(NPV_a) − max_a E[NPV_a]`
//!   (Strong & Oakley 2013, *Medical Decision Making* 33(6): 755–766,
//!   the single-parameter ordering-and-binning method). It is ≥ 0 up to
//!   sampling noise and ≤ the total EVPI.
//! - Sensitivity: Spearman rank correlation between each variable and
//!   each alternative's NPV (ties get average ranks); the tornado chart
//!   sorts variables by its absolute value.

/// Index of the best of expected values (do nothing = 0 included).
fn best(means: &[f64]) -> f64 {
    means.iter().copied().fold(0.0, f64::max)
}

fn means(npv: &[Vec<f64>], idx: &[usize]) -> Vec<f64> {
    npv.iter()
        .map(|v| idx.iter().map(|&i| v[i]).sum::<f64>() / idx.len().max(1) as f64)
        .collect()
}

/// Total EVPI over `npv[a][run]`.
pub fn evpi(npv: &[Vec<f64>]) -> f64 {
    let runs = npv.first().map_or(0, Vec::len);
    if runs == 0 {
        return 0.0;
    }
    let all: Vec<usize> = (0..runs).collect();
    let perfect: f64 = (0..runs)
        .map(|r| npv.iter().map(|v| v[r]).fold(0.0, f64::max))
        .sum::<f64>()
        / runs as f64;
    perfect - best(&means(npv, &all))
}

/// Partial EVPI of the variable drawn as `x[run]`.
pub fn evppi(x: &[f64], npv: &[Vec<f64>]) -> f64 {
    let runs = x.len();
    if runs == 0 {
        return 0.0;
    }
    let mut order: Vec<usize> = (0..runs).collect();
    order.sort_by(|a, b| x[*a].total_cmp(&x[*b]));
    let bins = ((runs as f64).sqrt().floor() as usize).max(1);
    let mut total = 0.0;
    for b in 0..bins {
        let (lo, hi) = (b * runs / bins, (b + 1) * runs / bins);
        let idx = &order[lo..hi];
        total += idx.len() as f64 * best(&means(npv, idx));
    }
    let all: Vec<usize> = (0..runs).collect();
    (total / runs as f64 - best(&means(npv, &all))).max(0.0)
}

fn ranks(x: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|a, b| x[*a].total_cmp(&x[*b]));
    let mut r = vec![0.0; x.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && x[order[j + 1]] == x[order[i]] {
            j += 1;
        }
        let avg = 0.5 * (i + j) as f64 + 1.0;
        for k in &order[i..=j] {
            r[*k] = avg;
        }
        i = j + 1;
    }
    r
}

/// Spearman rank correlation (None when either side is constant).
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    let (rx, ry) = (ranks(x), ranks(y));
    let n = rx.len() as f64;
    let (mx, my) = (rx.iter().sum::<f64>() / n, ry.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in rx.iter().zip(&ry) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx).powi(2);
        syy += (b - my).powi(2);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::montecarlo::{draw, Dist, Effect, Variable};

    fn var(name: &str, min: f64, max: f64) -> Variable {
        Variable {
            name: name.into(),
            dist: Dist::Uniform { min, max },
            targets: vec![],
            effect: Effect::Scale,
        }
    }

    #[test]
    fn evpi_two_alternatives_closed_form() {
        // A: NPV = X ~ U(0, 4); B: NPV = 1. Without information choose A
        // (E = 2). With it: E[max(X, 1)] = ∫₀¹ 1/4 dx + ∫₁⁴ x/4 dx
        // = 1/4 + 15/8 = 2.125 → EVPI = 0.125.
        let d = draw(&[var("x", 0.0, 4.0), var("noise", 0.0, 1.0)], 40_000, 11);
        let npv = vec![d[0].clone(), vec![1.0; d[0].len()]];
        let e = evpi(&npv);
        assert!((e - 0.125).abs() < 0.01, "{e}");
        // X carries all of it; the unrelated variable none
        let ex = evppi(&d[0], &npv);
        assert!((ex - 0.125).abs() < 0.01, "{ex}");
        assert!(evppi(&d[1], &npv) < 0.01);
        assert!(spearman(&d[0], &npv[0]).unwrap() > 0.999);
        assert!(spearman(&d[1], &npv[0]).unwrap().abs() < 0.05);
    }

    #[test]
    fn evpi_one_alternative_against_doing_nothing() {
        // NPV = X ~ U(−1, 3): E[max(X,0)] = ∫₀³ x/4 dx = 9/8, E[X] = 1 → 1/8
        let d = draw(&[var("x", -1.0, 3.0)], 40_000, 3);
        assert!((evpi(&d) - 0.125).abs() < 0.01);
    }
}
