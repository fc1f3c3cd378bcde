//! Class breaks for a classed (choropleth) colour ramp.

use crate::numfmt::{format_breaks, round_sig};
use crate::{Lang, MapError};

/// How to choose class breaks.
#[derive(Clone, Debug, PartialEq)]
pub enum Breaks {
    /// `n` classes holding about equal numbers of values (quantiles), each
    /// inner break rounded to two significant digits so the legend reads
    /// "2,000 – 5,500" rather than "1,987.3 – 5,514.9". Suited to skewed
    /// value densities such as GEP per hectare.
    Quantile(usize),
    /// About `n` classes of equal width, the width a "nice" number
    /// (1, 2, 2.5 or 5 × 10ᵏ).
    Nice(usize),
    /// Inner breaks given by the caller, rising; `k` breaks make `k + 1`
    /// classes.
    Manual(Vec<f64>),
}

impl Default for Breaks {
    /// Six quantile classes.
    fn default() -> Self {
        Breaks::Quantile(6)
    }
}

/// Classes over a value range: class `i` holds `inner[i-1] <= v < inner[i]`;
/// the first class everything below `inner[0]`, the last everything from the
/// last inner break up.
#[derive(Clone, Debug, PartialEq)]
pub struct Classes {
    /// Smallest mapped value.
    pub min: f64,
    /// Largest mapped value.
    pub max: f64,
    /// Inner breaks, strictly rising (class count − 1 of them).
    pub inner: Vec<f64>,
}

impl Classes {
    /// Breaks chosen by `method` for the finite `values` (`what` names the
    /// input in errors).
    pub fn compute(values: &[f64], method: &Breaks, what: &'static str) -> Result<Self, MapError> {
        let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
        if v.is_empty() {
            return Err(MapError::NoValidValues(what));
        }
        v.sort_by(f64::total_cmp);
        let (min, max) = (v[0], v[v.len() - 1]);
        let raw = match method {
            Breaks::Quantile(n) => quantile_breaks(&v, check_n(*n)?),
            Breaks::Nice(n) => nice_breaks(min, max, check_n(*n)?),
            Breaks::Manual(b) => {
                if b.is_empty()
                    || b.iter().any(|x| !x.is_finite())
                    || b.windows(2).any(|w| w[0] >= w[1])
                {
                    return Err(MapError::BadInput(format!(
                        "manual class breaks {b:?} must be finite and strictly rising (at least one)"
                    )));
                }
                return Ok(Self {
                    min,
                    max,
                    inner: b.clone(),
                });
            }
        };
        let mut inner: Vec<f64> = Vec::new();
        for b in raw {
            if b > min && b <= max && inner.last().is_none_or(|&l| b > l) {
                inner.push(b);
            }
        }
        Ok(Self { min, max, inner })
    }

    /// Number of classes.
    pub fn len(&self) -> usize {
        self.inner.len() + 1
    }

    /// Always false: there is at least one class.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Class index of `v` (`0..len()`).
    pub fn class_of(&self, v: f64) -> usize {
        self.inner.partition_point(|&b| b <= v)
    }

    /// Legend text per class: "< b₁", "b₁ – b₂", …, "≥ bₙ"; a single class
    /// reads "min – max".
    pub fn labels(&self, lang: Lang) -> Vec<String> {
        if self.inner.is_empty() {
            let f = format_breaks(&[self.min, self.max], lang);
            return if self.min == self.max {
                vec![f[0].clone()]
            } else {
                vec![format!("{} – {}", f[0], f[1])]
            };
        }
        let f = format_breaks(&self.inner, lang);
        let n = f.len();
        let mut out = Vec::with_capacity(n + 1);
        out.push(format!("< {}", f[0]));
        for w in f.windows(2) {
            out.push(format!("{} – {}", w[0], w[1]));
        }
        out.push(format!("≥ {}", f[n - 1]));
        out
    }
}

fn check_n(n: usize) -> Result<usize, MapError> {
    if (2..=9).contains(&n) {
        Ok(n)
    } else {
        Err(MapError::BadInput(format!(
            "{n} classes asked; use 2 to 9 (5 to 7 read best)"
        )))
    }
}

/// Inner quantile breaks at k/n, k = 1..n−1 (linear interpolation between
/// order statistics, Hyndman & Fan 1996 type 7), rounded to 2 significant
/// digits. `sorted` is not empty.
fn quantile_breaks(sorted: &[f64], n: usize) -> Vec<f64> {
    let last = (sorted.len() - 1) as f64;
    (1..n)
        .map(|k| {
            let h = last * k as f64 / n as f64;
            let (lo, frac) = (h.floor() as usize, h - h.floor());
            let hi = (lo + 1).min(sorted.len() - 1);
            round_sig(sorted[lo] + frac * (sorted[hi] - sorted[lo]), 2)
        })
        .collect()
}

/// Equal-width breaks at multiples of a nice step, about `n` classes.
fn nice_breaks(min: f64, max: f64, n: usize) -> Vec<f64> {
    if max <= min {
        return Vec::new();
    }
    let step = nice_step((max - min) / n as f64);
    let mut b = (min / step).floor() * step + step;
    let mut out = Vec::new();
    while b < max && out.len() < 20 {
        out.push(round_sig(b, 12));
        b += step;
    }
    out
}

/// Smallest of 1, 2, 2.5, 5 × 10ᵏ that is ≥ `raw` (> 0).
pub(crate) fn nice_step(raw: f64) -> f64 {
    let p = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * p)
        .find(|&s| s >= raw * (1.0 - 1e-12))
        .unwrap_or(10.0 * p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_breaks_split_skewed_values_evenly() {
        // 1..=1000 squared: strongly skewed, like value densities.
        let v: Vec<f64> = (1..=1000).map(|i| (i * i) as f64).collect();
        let c = Classes::compute(&v, &Breaks::Quantile(4), "test").unwrap();
        // Quartiles of i² at i ≈ 250.75, 500.5, 750.25, rounded to 2 digits.
        assert_eq!(c.inner, vec![63_000.0, 250_000.0, 560_000.0]);
        assert_eq!((c.min, c.max), (1.0, 1_000_000.0));
        let counts = v.iter().fold([0usize; 4], |mut a, &x| {
            a[c.class_of(x)] += 1;
            a
        });
        for n in counts {
            assert!((230..=270).contains(&n), "{counts:?}");
        }
    }

    #[test]
    fn nice_breaks_use_round_steps() {
        let v = [3.0, 17.0, 48.0, 96.0];
        let c = Classes::compute(&v, &Breaks::Nice(5), "test").unwrap();
        // (96 − 3) / 5 = 18.6 → step 20.
        assert_eq!(c.inner, vec![20.0, 40.0, 60.0, 80.0]);
        assert_eq!(nice_step(0.23), 0.25);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(1000.0), 1000.0);
    }

    #[test]
    fn class_of_puts_break_values_in_the_upper_class() {
        let c = Classes {
            min: 0.0,
            max: 10.0,
            inner: vec![2.0, 5.0],
        };
        assert_eq!(c.class_of(0.0), 0);
        assert_eq!(c.class_of(1.99), 0);
        assert_eq!(c.class_of(2.0), 1);
        assert_eq!(c.class_of(5.0), 2);
        assert_eq!(c.class_of(10.0), 2);
    }

    #[test]
    fn labels_read_as_ranges() {
        let c = Classes {
            min: 0.0,
            max: 1e6,
            inner: vec![5000.0, 12_000.0, 250_000.0],
        };
        assert_eq!(
            c.labels(Lang::En),
            ["< 5,000", "5,000 – 12,000", "12,000 – 250,000", "≥ 250,000"]
        );
        assert_eq!(
            c.labels(Lang::Zh),
            ["< 5000", "5000 – 1.2万", "1.2万 – 25万", "≥ 25万"]
        );
    }

    #[test]
    fn constant_values_make_one_class() {
        let c = Classes::compute(&[7.0, 7.0, f64::NAN], &Breaks::Quantile(5), "test").unwrap();
        assert_eq!(c.len(), 1);
        assert_eq!(c.labels(Lang::En), ["7"]);
    }

    #[test]
    fn bad_inputs_are_refused() {
        assert!(matches!(
            Classes::compute(&[f64::NAN], &Breaks::Quantile(5), "gep"),
            Err(MapError::NoValidValues("gep"))
        ));
        assert!(Classes::compute(&[1.0], &Breaks::Quantile(1), "x").is_err());
        let e = Classes::compute(&[1.0], &Breaks::Manual(vec![3.0, 2.0]), "x").unwrap_err();
        assert!(e.to_string().contains("strictly rising"), "{e}");
    }
}
