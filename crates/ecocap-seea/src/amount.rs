//! Exact amounts: areas, physical quantities and money in fixed point.
//!
//! The SEEA identities (closing = opening + additions − reductions, change
//! matrix margins = opening/closing, supply = use, the asset-account
//! reconciliation) must hold *exactly* in the published tables, as they do
//! in a statistical office's spreadsheet after rounding. Floating-point sums
//! depend on summation order, so every account entry is an integer number
//! of millionths ([`Amount`]): each input is rounded once, and every sum
//! and difference after that is exact integer arithmetic.

use serde::{Serialize, Serializer};
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

/// Units per whole unit (10⁻⁶ resolution: 0.01 m² for hectares).
pub const SCALE: i128 = 1_000_000;

/// A quantity in millionths of its unit (ha, m³, t, yuan, ...).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(pub i128);

impl Amount {
    /// Zero.
    pub const ZERO: Amount = Amount(0);

    /// Round a float to the nearest millionth (non-finite → 0).
    pub fn from_f64(x: f64) -> Amount {
        if x.is_finite() {
            Amount((x * SCALE as f64).round() as i128)
        } else {
            Amount(0)
        }
    }

    /// As a float (for display and for ratios).
    pub fn to_f64(self) -> f64 {
        self.0 as f64 / SCALE as f64
    }

    /// True when exactly zero.
    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// Split `self` into parts proportional to `shares` (which need not
    /// sum to one) so that the parts sum to `self` exactly: the largest
    /// remainder method (Hamilton), as used for apportionment.
    pub fn apportion(self, shares: &[f64]) -> Vec<Amount> {
        let total: f64 = shares.iter().sum();
        if shares.is_empty() || total <= 0.0 {
            return vec![Amount::ZERO; shares.len()];
        }
        let exact: Vec<f64> = shares.iter().map(|s| self.0 as f64 * s / total).collect();
        let mut parts: Vec<i128> = exact.iter().map(|e| e.floor() as i128).collect();
        let mut rest = self.0 - parts.iter().sum::<i128>();
        let mut order: Vec<usize> = (0..shares.len()).collect();
        order.sort_by(|&a, &b| {
            let fa = exact[a] - exact[a].floor();
            let fb = exact[b] - exact[b].floor();
            fb.total_cmp(&fa).then(a.cmp(&b))
        });
        let step: i128 = if rest >= 0 { 1 } else { -1 };
        let mut i = 0;
        while rest != 0 && !order.is_empty() {
            parts[order[i % order.len()]] += step;
            rest -= step;
            i += 1;
        }
        parts.into_iter().map(Amount).collect()
    }
}

impl std::fmt::Display for Amount {
    /// Six decimals, trailing zeros trimmed (exact, no float rounding).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let neg = self.0 < 0;
        let a = self.0.unsigned_abs();
        let whole = a / SCALE as u128;
        let frac = a % SCALE as u128;
        let sign = if neg { "-" } else { "" };
        if frac == 0 {
            write!(f, "{sign}{whole}")
        } else {
            let s = format!("{frac:06}");
            write!(f, "{sign}{whole}.{}", s.trim_end_matches('0'))
        }
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.to_f64())
    }
}

impl Add for Amount {
    type Output = Amount;
    fn add(self, o: Amount) -> Amount {
        Amount(self.0 + o.0)
    }
}
impl Sub for Amount {
    type Output = Amount;
    fn sub(self, o: Amount) -> Amount {
        Amount(self.0 - o.0)
    }
}
impl Neg for Amount {
    type Output = Amount;
    fn neg(self) -> Amount {
        Amount(-self.0)
    }
}
impl AddAssign for Amount {
    fn add_assign(&mut self, o: Amount) {
        self.0 += o.0;
    }
}
impl SubAssign for Amount {
    fn sub_assign(&mut self, o: Amount) {
        self.0 -= o.0;
    }
}
impl Sum for Amount {
    fn sum<I: Iterator<Item = Amount>>(iter: I) -> Amount {
        Amount(iter.map(|a| a.0).sum())
    }
}
impl<'a> Sum<&'a Amount> for Amount {
    fn sum<I: Iterator<Item = &'a Amount>>(iter: I) -> Amount {
        Amount(iter.map(|a| a.0).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn display_is_exact() {
        assert_eq!(Amount::from_f64(1.5).to_string(), "1.5");
        assert_eq!(Amount::from_f64(-0.000_001).to_string(), "-0.000001");
        assert_eq!(Amount::from_f64(12.0).to_string(), "12");
    }

    proptest! {
        #[test]
        fn apportion_sums_exactly(total in -1_000_000_000i128..1_000_000_000_000i128,
                                  shares in proptest::collection::vec(0.0f64..1.0, 1..8)) {
            prop_assume!(shares.iter().sum::<f64>() > 1e-9);
            let parts = Amount(total).apportion(&shares);
            prop_assert_eq!(parts.iter().sum::<Amount>(), Amount(total));
        }
    }
}
