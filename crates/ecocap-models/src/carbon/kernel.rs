//! Pure carbon kernels over slices (no I/O).
//!
//! Arithmetic is done in f32 in InVEST's order, because InVEST reclassifies
//! each pool into a Float32 raster and sums those arrays (natcap.invest
//! carbon 3.20: `c_storage = Σ pools`, nodata −1).

use std::collections::BTreeMap;

use crate::io::lut::CodeLut;

/// Output nodata of storage and change rasters (InVEST: −1).
pub const NODATA: f32 = -1.0;

/// Per-code densities in t C/ha: [above, below, soil, dead].
pub type PoolTable = BTreeMap<i64, [f64; 4]>;

/// Fill the total storage for `codes`, and the four pool slices when
/// `out_pools` is given.
///
/// # Units
/// t C/ha. A nodata code (None) or a code absent from `pools` gives −1
/// (codes are checked against the table before this runs).
pub fn storage(
    codes: &[Option<i64>],
    pools: &CodeLut<[f32; 4]>,
    mut out_pools: Option<&mut [Vec<f32>; 4]>,
    total: &mut Vec<f32>,
) {
    total.clear();
    total.resize(codes.len(), NODATA);
    if let Some(p) = out_pools.as_deref_mut() {
        for v in p.iter_mut() {
            v.clear();
            v.resize(codes.len(), NODATA);
        }
    }
    for (i, c) in codes.iter().enumerate() {
        if let Some(v) = c.and_then(|c| pools.get(c)) {
            total[i] = v[0] + v[1] + v[2] + v[3];
            if let Some(p) = out_pools.as_deref_mut() {
                for (slot, x) in p.iter_mut().zip(v) {
                    slot[i] = x;
                }
            }
        }
    }
}

/// `alt − bas`, nodata (−1) where either is nodata.
///
/// # Units
/// t C/ha.
pub fn change(bas: &[f32], alt: &[f32]) -> Vec<f32> {
    bas.iter()
        .zip(alt)
        .map(|(b, a)| {
            if *b == NODATA || *a == NODATA {
                NODATA
            } else {
                a - b
            }
        })
        .collect()
}

/// The valuation constant K (currency per t C of change).
///
/// With `n = alt_year − bas_year` and `r = 1/((1 + d/100)(1 + c/100))`,
/// `K = price/n · Σ_{k=0}^{n−1} r^k = price/n · (1 − r^n)/(1 − r)`, and
/// `K = price` when `r = 1` (InVEST User's Guide, Carbon, "Valuation";
/// natcap.invest 3.20 `_calculate_valuation_constant`).
pub fn valuation_constant(
    bas_year: f64,
    alt_year: f64,
    price: f64,
    discount_pct: f64,
    rate_change_pct: f64,
) -> f64 {
    let n = alt_year - bas_year;
    let r = 1.0 / ((1.0 + discount_pct / 100.0) * (1.0 + rate_change_pct / 100.0));
    if r == 1.0 {
        return price;
    }
    price / n * (1.0 - r.powf(n)) / (1.0 - r)
}

/// `npv = change · K`; nodata (float32 max, InVEST's raster_map default)
/// where the change is nodata.
///
/// # Units
/// currency/ha.
pub fn npv(change: &[f32], k: f64) -> Vec<f32> {
    let k = k as f32;
    change
        .iter()
        .map(|c| if *c == NODATA { f32::MAX } else { c * k })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pools() -> PoolTable {
        // InVEST test fixture make_pools_csv (tests/test_carbon.py)
        BTreeMap::from([
            (1, [15.0, 10.0, 60.0, 1.0]),
            (2, [5.0, 3.0, 20.0, 0.0]),
            (3, [2.0, 1.0, 5.0, 0.0]),
        ])
    }

    #[test]
    fn storage_change_and_npv_match_invest_c1() {
        let mut p: [Vec<f32>; 4] = Default::default();
        let (mut bas, mut alt) = (Vec::new(), Vec::new());
        let lut = CodeLut::new(
            &pools()
                .into_iter()
                .map(|(k, v)| (k, v.map(|x| x as f32)))
                .collect(),
        );
        storage(&[Some(1), None], &lut, Some(&mut p), &mut bas);
        assert_eq!(p[2], vec![60.0, NODATA]);
        assert_eq!(bas, vec![86.0, NODATA]);
        storage(&[Some(2), Some(2)], &lut, None, &mut alt);
        let ch = change(&bas, &alt);
        assert_eq!(ch, vec![-58.0, NODATA]);
        let k = valuation_constant(2016.0, 2030.0, 43.0, -7.1, 2.8);
        assert!((k - 59.001_360_702_500_6).abs() < 1e-9, "{k}");
        let v = npv(&ch, k);
        assert!((v[0] + 3422.079).abs() < 1e-3);
        assert_eq!(v[1], f32::MAX);
    }

    #[test]
    fn valuation_constant_cases() {
        // InVEST test C7: round(K, 5) == 40.87302
        let k = valuation_constant(2010.0, 2012.0, 50.0, 50.0, 5.0);
        assert!((k - 40.87302).abs() < 5e-6);
        // C2: zero rates take the r = 1 branch, K = price
        assert_eq!(valuation_constant(2016.0, 2030.0, 43.0, 0.0, 0.0), 43.0);
    }
}
