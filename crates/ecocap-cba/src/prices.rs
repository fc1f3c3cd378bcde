//! Real and nominal prices.
//!
//! The analysis is done in real terms, in the prices of one year (the
//! analysis price year), with real discount rates (every preset is a real
//! rate: Green Book Annex A6; OMB A-4 2003 section E; the Chinese social
//! discount rate). Nominal flows are deflated with a price index built
//! from the inflation rate π:
//!
//! `I(y) = Π_{s=P+1..y} (1 + π_s)` for y > P, `I(P) = 1`,
//! `I(y) = Π_{s=y+1..P} (1 + π_s)^−1` for y < P,
//!
//! and a nominal amount in year Y becomes `x / I(Y)` in prices of P; a
//! real amount in prices of year p becomes `x · I(P) / I(p)`. This is the
//! Fisher relation `(1 + n) = (1 + r)(1 + π)` applied to the flows instead
//! of the rate (Fisher 1930; Green Book 2022, Annex A6 on real and nominal
//! values), so a nominal flow growing at π has a constant real value.

use crate::error::CbaError;
use serde::Serialize;
use std::collections::BTreeMap;

/// How a flow's amounts are expressed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Prices {
    /// constant prices of `price_year` (None: the analysis price year)
    Real {
        /// price year of the amounts
        price_year: Option<i32>,
    },
    /// current prices of each year
    Nominal,
}

/// Inflation: a constant rate or a rate per year.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub enum Inflation {
    /// none given (nominal flows and other price years are refused)
    #[default]
    None,
    /// the same rate every year (ratio)
    Rate(f64),
    /// rate of each year (ratio), from the year before to this year
    Series(BTreeMap<i32, f64>),
}

impl Inflation {
    fn rate(&self, year: i32, why: &str) -> Result<f64, CbaError> {
        let r = match self {
            Inflation::None => None,
            Inflation::Rate(r) => Some(*r),
            Inflation::Series(m) => m.get(&year).copied(),
        };
        let r = r.ok_or_else(|| {
            CbaError::input(
                "[prices] inflation",
                format!("{why} needs the inflation rate of {year}, which is not given"),
                "give `inflation = 0.02` (a constant rate) or a series `inflation = { 2025 = 0.021, ... }` covering every year between the price years",
            )
        })?;
        if r <= -1.0 || !r.is_finite() {
            return Err(CbaError::Rate {
                key: format!("[prices] inflation of {year}"),
                value: r,
                detail: "inflation must be above −1 (−100 %)".into(),
                hint: "give inflation as a ratio (0.02 for 2 %)".into(),
            });
        }
        Ok(r)
    }

    /// Price index of `year` relative to `base` (`I(base) = 1`).
    pub fn index(&self, base: i32, year: i32, why: &str) -> Result<f64, CbaError> {
        let mut i = 1.0;
        if year > base {
            for s in base + 1..=year {
                i *= 1.0 + self.rate(s, why)?;
            }
        } else {
            for s in year + 1..=base {
                i /= 1.0 + self.rate(s, why)?;
            }
        }
        Ok(i)
    }
}

/// Multipliers turning a flow's amounts (index t = year − start) into
/// real amounts in prices of `analysis_year`.
pub fn to_real(
    prices: Prices,
    inflation: &Inflation,
    analysis_year: i32,
    start: i32,
    n: usize,
    what: &str,
) -> Result<Vec<f64>, CbaError> {
    match prices {
        Prices::Real { price_year } => {
            let p = price_year.unwrap_or(analysis_year);
            let k = if p == analysis_year {
                1.0
            } else {
                inflation.index(p, analysis_year, &format!("{what} (price year {p})"))?
            };
            Ok(vec![k; n + 1])
        }
        Prices::Nominal => (0..=n)
            .map(|t| {
                let y = start + t as i32;
                inflation
                    .index(analysis_year, y, &format!("{what} (nominal)"))
                    .map(|i| 1.0 / i)
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nominal_growing_with_inflation_is_constant_real() {
        let inf = Inflation::Rate(0.02);
        let k = to_real(Prices::Nominal, &inf, 2020, 2020, 3, "f").unwrap();
        for (t, k) in k.iter().enumerate() {
            let nominal = 100.0 * 1.02f64.powi(t as i32);
            assert!((nominal * k - 100.0).abs() < 1e-9);
        }
    }

    #[test]
    fn real_other_price_year_rebased() {
        let inf = Inflation::Series(BTreeMap::from([(2021, 0.01), (2022, 0.03)]));
        let k = to_real(
            Prices::Real {
                price_year: Some(2020),
            },
            &inf,
            2022,
            2022,
            0,
            "f",
        )
        .unwrap();
        assert!((k[0] - 1.01 * 1.03).abs() < 1e-12);
        let e = to_real(
            Prices::Real {
                price_year: Some(2019),
            },
            &inf,
            2022,
            2022,
            0,
            "f",
        )
        .unwrap_err();
        assert!(e.to_string().contains("2020"), "{e}");
    }
}
