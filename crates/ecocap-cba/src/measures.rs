//! Decision measures on a net flow `x_t = B_t − C_t`, t = 0..=n, and
//! discount factors `DF_t` ([`crate::discount::Schedule::factors`]).
//!
//! - NPV = Σ_t (B_t − C_t)·DF_t; PVB = Σ B_t·DF_t; PVC = Σ C_t·DF_t;
//!   BCR = PVB / PVC (HM Treasury 2022, Green Book ch. 5 and Annex A6;
//!   OMB A-4 2003 section E; 《建设项目经济评价方法与参数》第三版: ENPV, EBCR).
//! - IRR: every r > −1 with Σ x_t (1+r)^−t = 0, found by scanning
//!   NPV(r) on a grid for sign changes and refining each bracket by
//!   bisection. By Descartes' rule of signs the number of roots in
//!   x = 1/(1+r) > 0 is at most the number of sign changes of the flow
//!   and has the same parity, so a flow with one sign change (a
//!   conventional project) has exactly one IRR; with more, there may be
//!   several or none, and every root found is reported.
//! - MIRR (modified IRR, as Excel's MIRR with finance rate = reinvestment
//!   rate = the schedule): `(FV⁺ / PV⁻)^(1/n) − 1`, with
//!   `FV⁺ = Σ max(x_t,0)·DF_t / DF_n` (positive flows compounded to year n)
//!   and `PV⁻ = Σ max(−x_t,0)·DF_t`. Unique even when the IRR is not.
//! - Payback: the first year t after which the cumulative (discounted, for
//!   the discounted payback) net flow stays ≥ 0.
//! - EAV (equivalent annual value): `NPV / Σ_{t=1..n} DF_t`, the level
//!   annual amount over years 1..n with the same PV (for a constant rate,
//!   NPV·r / (1 − (1+r)^−n), the annuity formula).
//! - Switching value of a flow with present value PV_f: the relative
//!   change −NPV/PV_f (benefit) or +NPV/PV_f (cost) at which NPV = 0
//!   (Green Book 2022, 5.x "switching values").

use serde::Serialize;

/// Σ x_t·DF_t.
pub fn pv(x: &[f64], df: &[f64]) -> f64 {
    x.iter().zip(df).map(|(a, d)| a * d).sum()
}

/// NPV at a constant rate `r` (> −1).
pub fn npv_at(x: &[f64], r: f64) -> f64 {
    // Horner in v = 1/(1+r), from the last year back
    let v = 1.0 / (1.0 + r);
    x.iter().rev().fold(0.0, |acc, a| acc * v + a)
}

/// Number of sign changes of the flow (zeros skipped).
pub fn sign_changes(x: &[f64]) -> usize {
    let signs: Vec<bool> = x.iter().filter(|a| **a != 0.0).map(|a| *a > 0.0).collect();
    signs.windows(2).filter(|w| w[0] != w[1]).count()
}

/// The IRR search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Irr {
    /// every root found in (−0.95, 10], ascending
    pub roots: Vec<f64>,
    /// sign changes of the net flow
    pub sign_changes: usize,
}

impl Irr {
    /// The IRR when exactly one root was found.
    pub fn unique(&self) -> Option<f64> {
        (self.roots.len() == 1).then(|| self.roots[0])
    }

    /// A note for the user when the IRR is not a single number.
    pub fn note(&self) -> Option<String> {
        let list = || {
            self.roots
                .iter()
                .map(|r| format!("{:.4} %", r * 100.0))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match (self.sign_changes, self.roots.len()) {
            (0, _) => Some("net flows never change sign: no IRR".into()),
            (1, 1) => None,
            (k, 0) => Some(format!(
                "net flows change sign {k} times and no IRR was found in −95 %…1000 %: use the MIRR or NPV"
            )),
            (k, 1) => Some(format!(
                "net flows change sign {k} times; one IRR found ({}); the MIRR is the safer measure",
                list()
            )),
            (k, _) => Some(format!(
                "net flows change sign {k} times: several IRRs ({}); none is meaningful alone, use the MIRR or NPV",
                list()
            )),
        }
    }
}

fn bisect(x: &[f64], mut a: f64, mut b: f64) -> f64 {
    let mut fa = npv_at(x, a);
    for _ in 0..200 {
        let m = 0.5 * (a + b);
        let fm = npv_at(x, m);
        if fm == 0.0 || (b - a) < 1e-14 {
            return m;
        }
        if (fa < 0.0) == (fm < 0.0) {
            a = m;
            fa = fm;
        } else {
            b = m;
        }
    }
    0.5 * (a + b)
}

/// Every IRR in (−0.95, 10]: grid scan (step 0.001 up to 100 %, 0.01
/// beyond) and bisection inside each bracket.
pub fn irr(x: &[f64]) -> Irr {
    let k = sign_changes(x);
    let mut roots = Vec::new();
    if k > 0 {
        let mut grid: Vec<f64> = (0..=1950).map(|i| -0.95 + 0.001 * i as f64).collect();
        grid.extend((1..=900).map(|i| 1.0 + 0.01 * i as f64));
        let mut prev: Option<(f64, f64)> = None;
        for r in grid {
            let f = npv_at(x, r);
            if !f.is_finite() {
                prev = None;
                continue;
            }
            if f == 0.0 {
                roots.push(r);
                prev = None;
                continue;
            }
            if let Some((pr, pf)) = prev {
                if (pf < 0.0) != (f < 0.0) {
                    roots.push(bisect(x, pr, r));
                }
            }
            prev = Some((r, f));
        }
    }
    Irr {
        roots,
        sign_changes: k,
    }
}

/// Modified IRR with the schedule as finance and reinvestment rate.
pub fn mirr(x: &[f64], df: &[f64]) -> Option<f64> {
    let n = x.len().checked_sub(1)?;
    if n == 0 {
        return None;
    }
    let dn = *df.get(n)?;
    let fv: f64 = x.iter().zip(df).map(|(a, d)| a.max(0.0) * d / dn).sum();
    let pvn: f64 = x.iter().zip(df).map(|(a, d)| (-a).max(0.0) * d).sum();
    (fv > 0.0 && pvn > 0.0).then(|| (fv / pvn).powf(1.0 / n as f64) - 1.0)
}

/// First year after which the cumulative of `x·w` stays ≥ 0 (`w` = 1 for
/// the simple payback, DF for the discounted one); None if never.
pub fn payback(x: &[f64], w: &[f64]) -> Option<usize> {
    let cum: Vec<f64> = x
        .iter()
        .zip(w)
        .scan(0.0, |c, (a, d)| {
            *c += a * d;
            Some(*c)
        })
        .collect();
    if cum.last().is_none_or(|c| *c < 0.0) {
        return None;
    }
    let last_negative = cum.iter().rposition(|c| *c < 0.0);
    Some(last_negative.map_or(0, |i| i + 1))
}

/// Equivalent annual value of `npv` over years 1..n.
pub fn eav(npv: f64, df: &[f64]) -> Option<f64> {
    let annuity: f64 = df.iter().skip(1).sum();
    (annuity > 0.0).then(|| npv / annuity)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn constant(r: f64, n: usize) -> Vec<f64> {
        (0..=n).map(|t| (1.0 + r).powi(-(t as i32))).collect()
    }

    #[test]
    fn irr_conventional_by_hand() {
        // −100 + 60 v + 60 v² = 0 → v = (−60 + √27600)/120, r = 1/v − 1
        let i = irr(&[-100.0, 60.0, 60.0]);
        assert_eq!(i.sign_changes, 1);
        let r = i.unique().unwrap();
        assert!((r - 0.130_662_386_3).abs() < 1e-9, "{r}");
        assert!(i.note().is_none());
    }

    #[test]
    fn two_roots_detected() {
        // −100 + 230 v − 132 v² = 0 → v = 240/264 or 220/264 → r = 10 %, 20 %
        let i = irr(&[-100.0, 230.0, -132.0]);
        assert_eq!(i.sign_changes, 2);
        assert_eq!(i.roots.len(), 2, "{:?}", i.roots);
        assert!((i.roots[0] - 0.10).abs() < 1e-9);
        assert!((i.roots[1] - 0.20).abs() < 1e-9);
        assert!(i.unique().is_none());
        assert!(i.note().unwrap().contains("several IRRs"));
        // −100 + 100 v − 100 v²: two sign changes, no real root
        let i = irr(&[-100.0, 100.0, -100.0]);
        assert!(i.roots.is_empty());
        assert!(i.note().unwrap().contains("no IRR was found"));
    }

    #[test]
    fn mirr_by_hand() {
        // FV⁺ = 60·1.1 + 60 = 126, PV⁻ = 100 → √1.26 − 1
        let m = mirr(&[-100.0, 60.0, 60.0], &constant(0.1, 2)).unwrap();
        assert!((m - 0.122_497_216_0).abs() < 1e-9, "{m}");
    }

    #[test]
    fn payback_and_eav() {
        let x = [-100.0, 40.0, 40.0, 40.0, -10.0, 30.0];
        assert_eq!(payback(&x, &[1.0; 6]), Some(3));
        assert_eq!(payback(&[-1.0, 0.5], &[1.0; 2]), None);
        // EAV of a 3-year annuity of 10 at 5 % is 10
        let df = constant(0.05, 3);
        let npv = pv(&[0.0, 10.0, 10.0, 10.0], &df);
        assert!((eav(npv, &df).unwrap() - 10.0).abs() < 1e-12);
    }

    proptest! {
        #[test]
        fn npv_is_zero_at_every_root(c in 50.0f64..500.0, b in 1.0f64..100.0, n in 2usize..30) {
            let mut x = vec![-c];
            x.extend(std::iter::repeat_n(b, n));
            let i = irr(&x);
            for r in &i.roots {
                prop_assert!(npv_at(&x, *r).abs() < 1e-6 * c);
            }
            // at the IRR the MIRR equals it when reinvesting at the IRR
            if let Some(r) = i.unique() {
                let m = mirr(&x, &constant(r, n)).unwrap();
                prop_assert!((m - r).abs() < 1e-6);
            }
        }
    }
}
