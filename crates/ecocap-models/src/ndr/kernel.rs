//! NDR per-pixel kernels (InVEST 3.20 `natcap.invest.ndr`), pure over
//! slices, with InVEST's storage types and nodata values.

use crate::sdr::npexp::expf;
use crate::sdr::routing::ok;
use rayon::prelude::*;

/// InVEST's `_TARGET_NODATA` in NDR.
pub const NODATA: f32 = -1.0;
/// Nodata of the IC raster (float32 min).
pub const IC_NODATA: f32 = f32::MIN;

/// Runoff proxy index `RPI = proxy / mean` (float32; nodata float32 max);
/// the division is skipped when the mean is 0, as InVEST does.
pub fn runoff_proxy_index(proxy: &[f32], valid: &[bool], mean: f64) -> Vec<f32> {
    proxy
        .par_iter()
        .zip(valid)
        .map(|(&v, &ok)| {
            if !ok {
                f32::MAX
            } else if mean == 0.0 {
                v
            } else {
                v / mean as f32
            }
        })
        .collect()
}

/// `S̄ = S_accum / FA` (float32, nodata −1).
pub fn s_bar(s_acc: &[f64], fa: &[f64]) -> Vec<f32> {
    s_acc
        .par_iter()
        .zip(fa)
        .map(|(&a, &f)| {
            if ok(a, ecocap_hydro::FA_NODATA) && ok(f, ecocap_hydro::FA_NODATA) {
                (a / f) as f32
            } else {
                NODATA
            }
        })
        .collect()
}

/// `D_up = S̄·√(FA·cell_area)` (float32, nodata −1).
pub fn d_up(s_bar: &[f32], fa: &[f64], cell_area: f64) -> Vec<f32> {
    s_bar
        .par_iter()
        .zip(fa)
        .map(|(&s, &f)| {
            if ok(f64::from(s), f64::from(NODATA)) && ok(f, ecocap_hydro::FA_NODATA) {
                (f64::from(s) * (f * cell_area).sqrt()) as f32
            } else {
                NODATA
            }
        })
        .collect()
}

/// `1/S` (0 where S = 0), float32, nodata −1 (input nodata float32 max).
pub fn inverse(s_th: &[f32]) -> Vec<f32> {
    s_th.par_iter()
        .map(|&s| {
            if !ok(f64::from(s), f64::from(f32::MAX)) {
                NODATA
            } else if s == 0.0 {
                0.0
            } else {
                1.0 / s
            }
        })
        .collect()
}

/// `IC = log10(D_up/D_dn)`, float32 with nodata float32 min.
pub fn ic(d_up: &[f32], d_dn: &[f64]) -> Vec<f32> {
    d_up.par_iter()
        .zip(d_dn)
        .map(|(&u, &d)| {
            let u = f64::from(u);
            if ok(u, f64::from(NODATA)) && ok(d, ecocap_hydro::DIST_NODATA) && u != 0.0 && d != 0.0
            {
                (u / d).log10() as f32
            } else {
                IC_NODATA
            }
        })
        .collect()
}

/// `IC0 = (min IC + max IC)/2` over valid pixels (InVEST takes it from the
/// raster's statistics; it is not a user parameter).
pub fn ic0(ic: &[f32]) -> Option<f64> {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for &v in ic {
        if ok(f64::from(v), f64::from(IC_NODATA)) {
            lo = lo.min(f64::from(v));
            hi = hi.max(f64::from(v));
        }
    }
    (lo <= hi).then_some((lo + hi) / 2.0)
}

/// `NDR = (1 − eff)/(1 + exp((IC0 − IC)/k))` in float32 (nodata −1).
pub fn ndr(eff: &[f32], ic: &[f32], ic0: f64, k: f64) -> Vec<f32> {
    let (ic0, k) = (ic0 as f32, k as f32);
    eff.par_iter()
        .zip(ic)
        .map(|(&e, &c)| ndr_px(e, c, ic0, k))
        .collect()
}

/// [`ndr`] of one pixel (`ic0` and `k` already float32).
#[inline]
pub fn ndr_px(e: f32, c: f32, ic0: f32, k: f32) -> f32 {
    if ok(f64::from(e), f64::from(NODATA)) && ok(f64::from(c), f64::from(IC_NODATA)) {
        (1.0 - e) / (1.0 + expf((ic0 - c) / k))
    } else {
        NODATA
    }
}

/// `raster_map(a · b)` on float32 rasters with nodata −1.
pub fn product(a: &[f32], b: &[f32]) -> Vec<f32> {
    a.par_iter()
        .zip(b)
        .map(|(&x, &y)| product_px(x, y))
        .collect()
}

/// [`product`] of one pixel.
#[inline]
pub fn product_px(x: f32, y: f32) -> f32 {
    if ok(f64::from(x), f64::from(NODATA)) && ok(f64::from(y), f64::from(NODATA)) {
        x * y
    } else {
        NODATA
    }
}

/// Subsurface NDR `1 − eff_sub·(1 − exp(−5·dist/crit_len_sub))`, with the
/// distance in pixel steps as InVEST codes it (float64, nodata −1).
pub fn sub_ndr(dist: &[f64], eff_sub: f64, crit_len_sub: f64) -> Vec<f64> {
    dist.par_iter()
        .map(|&d| sub_ndr_px(d, eff_sub, crit_len_sub))
        .collect()
}

/// [`sub_ndr`] of one pixel.
#[inline]
pub fn sub_ndr_px(d: f64, eff_sub: f64, crit_len_sub: f64) -> f64 {
    if ok(d, ecocap_hydro::DIST_NODATA) {
        1.0 - eff_sub * (1.0 - (-5.0 * d / crit_len_sub).exp())
    } else {
        -1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// InVEST's `test_synthetic_runoff_proxy_av`: array / mean (681.375).
    #[test]
    fn runoff_proxy_index_divides_by_mean() {
        let v = [800.0f32, 799.0, 567.0, 234.0, 765.0, 867.0, 765.0, 654.0];
        let mean = v.iter().map(|x| f64::from(*x)).sum::<f64>() / 8.0;
        assert_eq!(mean, 681.375);
        let r = runoff_proxy_index(&v, &[true; 8], mean);
        assert!((r[0] - 800.0 / 681.375).abs() < 1e-6);
        let r2 = runoff_proxy_index(&v, &[true; 8], 2.0);
        assert_eq!(r2[3], 117.0);
    }

    #[test]
    fn ndr_is_logistic_in_ic() {
        let n = ndr(&[0.5, NODATA], &[1.0, 1.0], 1.0, 2.0);
        assert!((n[0] - 0.25).abs() < 1e-7);
        assert_eq!(n[1], NODATA);
    }
}
