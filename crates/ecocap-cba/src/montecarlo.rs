//! Monte Carlo: uncertain variables scale or set flows, the NPV of every
//! alternative is recomputed per draw (seeded ChaCha8, reproducible), and
//! the draws give P(NPV > 0), EVPI and rank-correlation sensitivity
//! ([`crate::voi`]).
//!
//! Distributions (`lower`/`upper` read as in decisionSupport, Luedeling &
//! Göhring, `estimate` tables, where they bound a 90 % interval):
//! - `const`: the value;
//! - `uniform`: min/max, or lower/upper taken as the bounds;
//! - `triangular`: min, mode, max;
//! - `normal`: mean/sd, or lower/upper as the 5 % and 95 % quantiles:
//!   mean = (l+u)/2, sd = (u−l) / (2·z₀.₉₅), z₀.₉₅ = 1.6448536;
//! - `lognormal`: meanlog/sdlog, or lower/upper (> 0) as the 5 % and 95 %
//!   quantiles: meanlog = (ln l + ln u)/2, sdlog = (ln u − ln l)/(2·z₀.₉₅).

use crate::error::CbaError;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, LogNormal, Normal, Triangular, Uniform};
use serde::Serialize;

/// Standard normal 95 % quantile.
pub const Z95: f64 = 1.644_853_626_951_472_2;

/// A distribution of one variable.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "distribution", rename_all = "snake_case")]
pub enum Dist {
    /// a fixed value
    Const {
        /// value
        value: f64,
    },
    /// uniform on [min, max]
    Uniform {
        /// lower bound
        min: f64,
        /// upper bound
        max: f64,
    },
    /// triangular
    Triangular {
        /// lower bound
        min: f64,
        /// mode
        mode: f64,
        /// upper bound
        max: f64,
    },
    /// normal
    Normal {
        /// mean
        mean: f64,
        /// standard deviation
        sd: f64,
    },
    /// lognormal (parameters of ln X)
    LogNormal {
        /// mean of ln X
        meanlog: f64,
        /// sd of ln X
        sdlog: f64,
    },
}

impl Dist {
    /// Normal from a 90 % interval (decisionSupport `norm`).
    pub fn normal_90(lower: f64, upper: f64) -> Dist {
        Dist::Normal {
            mean: 0.5 * (lower + upper),
            sd: (upper - lower) / (2.0 * Z95),
        }
    }

    /// Lognormal from a 90 % interval (decisionSupport `lnorm`).
    pub fn lognormal_90(lower: f64, upper: f64) -> Dist {
        Dist::LogNormal {
            meanlog: 0.5 * (lower.ln() + upper.ln()),
            sdlog: (upper.ln() - lower.ln()) / (2.0 * Z95),
        }
    }

    /// Check the parameters; `what` names the variable.
    pub fn validate(&self, what: &str) -> Result<(), CbaError> {
        let bad = |d: String, h: &str| Err(CbaError::input(what, d, h));
        match *self {
            Dist::Const { value } if !value.is_finite() => {
                bad(format!("value {value}"), "give a finite value")
            }
            Dist::Uniform { min, max }
                if min.partial_cmp(&max) != Some(std::cmp::Ordering::Less) =>
            {
                bad(
                    format!("min {min} is not below max {max}"),
                    "give min < max (lower < upper)",
                )
            }
            Dist::Triangular { min, mode, max } if !(min <= mode && mode <= max && min < max) => {
                bad(
                    format!("min {min}, mode {mode}, max {max} are not ordered"),
                    "give min ≤ mode ≤ max with min < max",
                )
            }
            Dist::Normal { sd, .. }
                if sd.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) =>
            {
                bad(
                    format!("sd {sd} is not positive"),
                    "give sd > 0, or lower < upper",
                )
            }
            Dist::LogNormal { sdlog, meanlog }
                if sdlog.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater)
                    || !meanlog.is_finite() =>
            {
                bad(
                    format!("sdlog {sdlog} / meanlog {meanlog}"),
                    "give sdlog > 0, or 0 < lower < upper",
                )
            }
            _ => Ok(()),
        }
    }

    /// One draw.
    pub fn sample(&self, rng: &mut ChaCha8Rng) -> f64 {
        match *self {
            Dist::Const { value } => value,
            Dist::Uniform { min, max } => Uniform::new(min, max).sample(rng),
            Dist::Triangular { min, mode, max } => {
                Triangular::new(min, max, mode).map_or(mode, |d| d.sample(rng))
            }
            Dist::Normal { mean, sd } => Normal::new(mean, sd).map_or(mean, |d| d.sample(rng)),
            Dist::LogNormal { meanlog, sdlog } => {
                LogNormal::new(meanlog, sdlog).map_or(meanlog.exp(), |d| d.sample(rng))
            }
        }
    }
}

/// What a variable does to the flows it targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// multiplies every amount (and residual) of the flow
    Scale,
    /// sets the per-year `amount` of the flow's from/to range
    Amount,
}

/// An uncertain variable.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Variable {
    /// name
    pub name: String,
    /// distribution
    pub dist: Dist,
    /// targets: (alternative or None for every alternative, flow name)
    pub targets: Vec<(Option<String>, String)>,
    /// effect on the targets
    pub effect: Effect,
}

/// Draws and resulting NPVs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Draws {
    /// variable names
    pub variables: Vec<String>,
    /// values\[v\]\[run\]
    pub values: Vec<Vec<f64>>,
    /// alternative names
    pub alternatives: Vec<String>,
    /// npv\[a\]\[run\]
    pub npv: Vec<Vec<f64>>,
}

/// Draw `runs` samples of every variable (seeded), in a fixed order: run
/// by run, variable by variable.
pub fn draw(vars: &[Variable], runs: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut out = vec![Vec::with_capacity(runs); vars.len()];
    for _ in 0..runs {
        for (v, o) in vars.iter().zip(out.iter_mut()) {
            o.push(v.dist.sample(&mut rng));
        }
    }
    out
}

/// Fraction of runs with NPV > 0.
pub fn p_positive(npv: &[f64]) -> f64 {
    if npv.is_empty() {
        return f64::NAN;
    }
    npv.iter().filter(|v| **v > 0.0).count() as f64 / npv.len() as f64
}

/// Empirical quantile (linear interpolation between order statistics).
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = p * (sorted.len() - 1) as f64;
    let (i, f) = (h.floor() as usize, h - h.floor());
    let j = (i + 1).min(sorted.len() - 1);
    sorted[i] + f * (sorted[j] - sorted[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ci90_normal_and_lognormal_hit_their_quantiles() {
        let vars = |d| {
            vec![Variable {
                name: "x".into(),
                dist: d,
                targets: vec![],
                effect: Effect::Scale,
            }]
        };
        for (d, l, u) in [
            (Dist::normal_90(10.0, 20.0), 10.0, 20.0),
            (Dist::lognormal_90(2.0, 8.0), 2.0, 8.0),
        ] {
            let mut x = draw(&vars(d), 40_000, 7).remove(0);
            x.sort_by(f64::total_cmp);
            assert!((quantile(&x, 0.05) - l).abs() < 0.02 * u, "{d:?}");
            assert!((quantile(&x, 0.95) - u).abs() < 0.02 * u, "{d:?}");
        }
        // same seed, same draws
        let a = draw(&vars(Dist::Uniform { min: 0.0, max: 1.0 }), 5, 1);
        let b = draw(&vars(Dist::Uniform { min: 0.0, max: 1.0 }), 5, 1);
        assert_eq!(a, b);
        assert!(Dist::Triangular {
            min: 3.0,
            mode: 1.0,
            max: 4.0
        }
        .validate("v")
        .is_err());
    }
}
