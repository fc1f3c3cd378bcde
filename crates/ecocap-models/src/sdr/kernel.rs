//! SDR per-pixel kernels (InVEST 3.20 `natcap.invest.sdr`), pure over
//! slices. Each keeps InVEST's storage type (f32 or f64) and nodata value,
//! because later steps test nodata by value; float32 arithmetic is kept
//! where numpy does it in float32, so results match to float32 rounding.

use rayon::prelude::*;

use super::routing::ok;

/// InVEST's `_TARGET_NODATA` for most SDR rasters.
pub const NODATA: f32 = -1.0;
/// `raster_map`'s default nodata for float32 results.
pub const F32_MAX: f32 = f32::MAX;
/// `raster_map`'s default nodata for float64 results.
pub const F64_MAX: f64 = f64::MAX;
/// Nodata of the IC raster (float32 min).
pub const IC_NODATA: f32 = f32::MIN;

/// Slope in m/m clamped to [0.005, 1] (Cavalli et al. 2013), float32;
/// nodata float32 max.
pub fn slope_threshold(slope: &[f32]) -> Vec<f32> {
    slope
        .par_iter()
        .map(|&s| {
            if !ok(f64::from(s), f64::from(ecocap_hydro::SLOPE_NODATA)) {
                return F32_MAX;
            }
            (s / 100.0).clamp(0.005, 1.0)
        })
        .collect()
}

/// LS factor of one pixel: Desmet & Govers (1996) as InVEST codes it
/// (ADR-0001, SAGA's "square root of catchment area" option):
/// `A = √((FA − 1)·D²)`, `L = ((A + D²)^(m+1) − A^(m+1)) / (D^(m+2)·x^m·22.13^m)`
/// with `x = |sin θ| + |cos θ|`, clamped to `l_max`; `S = 10.8 sin θ + 0.03`
/// below 9 % and `16.8 sin θ − 0.5` above (McCool et al. 1987); `m` from
/// Oliveira et al. (2013) Table 1, or `β/(1+β)` with
/// `β = (sin θ/0.0896)/(3 sin θ^0.8 + 0.56)` above 9 %.
///
/// # Units
/// `slope_pct` in percent, `fa` in pixels, `cell` in metres; LS unitless.
pub fn ls_pixel(slope_pct: f32, fa: f64, cell: f64, l_max: f64) -> f64 {
    let cell_area = cell * cell;
    // numpy evaluates the slope terms in float32 (the slope raster's type)
    let theta = (slope_pct / 100.0).atan();
    let (sin, cos) = (theta.sin(), theta.cos());
    let aspect = sin.abs() + cos.abs();
    let s_factor = if slope_pct < 9.0 {
        10.8 * sin + 0.03
    } else {
        16.8 * sin - 0.5
    };
    let beta = (sin / 0.0896) / (3.0 * sin.powf(0.8) + 0.56);
    let m: f32 = if slope_pct > 9.0 {
        beta / (1.0 + beta)
    } else if slope_pct <= 1.0 {
        0.2
    } else if slope_pct <= 3.5 {
        0.3
    } else if slope_pct <= 5.0 {
        0.4
    } else {
        0.5
    };
    let area = ((fa - 1.0) * cell_area).sqrt();
    let mp1 = f64::from(m + 1.0);
    let numerator = (area + cell_area).powf(mp1) - area.powf(mp1);
    let denominator = (cell as f32).powf(m + 2.0) * aspect.powf(m) * 22.13f32.powf(m);
    let l = (numerator / f64::from(denominator)).min(l_max);
    l * f64::from(s_factor)
}

/// LS over the grid (float64, nodata float64 max).
pub fn ls_factor(slope: &[f32], fa: &[f64], cell: f64, l_max: f64) -> Vec<f64> {
    slope
        .par_iter()
        .zip(fa)
        .map(|(&s, &a)| {
            if ok(f64::from(s), f64::from(ecocap_hydro::SLOPE_NODATA))
                && ok(a, ecocap_hydro::FA_NODATA)
            {
                ls_pixel(s, a, cell, l_max)
            } else {
                F64_MAX
            }
        })
        .collect()
}

/// RKLS = LS·R·K on non-stream pixels (t/ha/yr); nodata −1 on streams and
/// where an input is nodata.
pub fn rkls(
    ls: &[f64],
    r: &[f32],
    r_nd: Option<f64>,
    k: &[f32],
    k_nd: Option<f64>,
    stream: &[u8],
) -> Vec<f32> {
    (0..ls.len())
        .into_par_iter()
        .map(|i| {
            let valid = ok(ls[i], f64::from(NODATA))
                && stream[i] != ecocap_hydro::STREAM_NODATA
                && !ecocap_hydro::is_nodata(f64::from(r[i]), r_nd)
                && !ecocap_hydro::is_nodata(f64::from(k[i]), k_nd)
                && stream[i] == 0;
            if valid {
                (ls[i] * f64::from(r[i]) * f64::from(k[i])) as f32
            } else {
                NODATA
            }
        })
        .collect()
}

/// `raster_map(a · b)` on two float32 rasters: nodata (float32 max) where
/// either input is nodata.
pub fn product(a: &[f32], a_nd: f32, b: &[f32], b_nd: f32) -> Vec<f32> {
    a.par_iter()
        .zip(b)
        .map(|(&x, &y)| {
            if ok(f64::from(x), f64::from(a_nd)) && ok(f64::from(y), f64::from(b_nd)) {
                x * y
            } else {
                F32_MAX
            }
        })
        .collect()
}

/// `accumulation / FA` (W̄ or S̄) in place (the accumulation's memory is
/// reused), float64 with nodata float64 max.
pub fn bar(accum: &mut [f64], fa: &[f64]) {
    accum.par_iter_mut().zip(fa).for_each(|(a, &f)| {
        *a = if ok(*a, ecocap_hydro::FA_NODATA) && ok(f, ecocap_hydro::FA_NODATA) {
            *a / f
        } else {
            F64_MAX
        };
    });
}

/// `D_up = W̄·S̄·√(FA·D²)` (Borselli et al. 2008, eq. 2), float64, computed
/// in the memory of `w_bar`.
pub fn d_up(mut w_bar: Vec<f64>, s_bar: &[f64], fa: &[f64], cell_area: f64) -> Vec<f64> {
    w_bar
        .par_iter_mut()
        .zip(s_bar)
        .zip(fa)
        .for_each(|((w, &s), &f)| {
            *w = if ok(*w, F64_MAX) && ok(s, F64_MAX) && ok(f, ecocap_hydro::FA_NODATA) {
                *w * s * (f * cell_area).sqrt()
            } else {
                F64_MAX
            };
        });
    w_bar
}

/// `1/(W·S)`, the per-step weight of `D_dn`, in float32 (nodata f32 max).
pub fn ws_inverse(w_th: &[f32], s_th: &[f32]) -> Vec<f32> {
    w_th.par_iter()
        .zip(s_th)
        .map(|(&w, &s)| {
            if ok(f64::from(w), f64::from(F32_MAX)) && ok(f64::from(s), f64::from(F32_MAX)) {
                1.0 / (w * s)
            } else {
                F32_MAX
            }
        })
        .collect()
}

/// `IC = log10(D_up/D_dn)` (Borselli et al. 2008, eq. 1), float32 with
/// nodata float32 min; as coded, `D_up` is tested against −1 (not its own
/// nodata) and zeros are excluded.
pub fn ic(d_up: &[f64], d_dn: &[f64]) -> Vec<f32> {
    d_up.par_iter()
        .zip(d_dn)
        .map(|(&u, &d)| {
            if ok(u, f64::from(NODATA)) && ok(d, ecocap_hydro::DIST_NODATA) && d != 0.0 && u != 0.0
            {
                (u / d).log10() as f32
            } else {
                IC_NODATA
            }
        })
        .collect()
}

/// `SDR = SDR_max / (1 + exp((IC0 − IC)/k))` (Vigiak et al. 2012, eq. 4),
/// in float32; 1 on streams (InVEST issue 2379), nodata −1 elsewhere.
pub fn sdr(ic: &[f32], stream: &[u8], k: f64, ic0: f64, sdr_max: f64) -> Vec<f32> {
    let (k, ic0, sdr_max) = (k as f32, ic0 as f32, sdr_max as f32);
    ic.par_iter()
        .zip(stream)
        .map(|(&v, &s)| {
            if s == 1 {
                1.0
            } else if ok(f64::from(v), f64::from(IC_NODATA)) {
                sdr_max / (1.0 + super::npexp::expf((ic0 - v) / k))
            } else {
                NODATA
            }
        })
        .collect()
}

/// `E' = USLE·(1 − SDR)`, 0 on streams; nodata −1. As coded, USLE is
/// tested against −1 (its own nodata is float32 max).
pub fn e_prime(usle: &[f32], sdr: &[f32], stream: &[u8]) -> Vec<f32> {
    (0..usle.len())
        .into_par_iter()
        .map(|i| {
            if stream[i] == 1 {
                0.0
            } else if ok(f64::from(usle[i]), f64::from(NODATA))
                && ok(f64::from(sdr[i]), f64::from(NODATA))
            {
                usle[i] * (1.0 - sdr[i])
            } else {
                NODATA
            }
        })
        .collect()
}

/// `avoided_erosion = RKLS − USLE` (float32, nodata float32 max).
pub fn avoided_erosion(rkls: &[f32], usle: &[f32]) -> Vec<f32> {
    rkls.par_iter()
        .zip(usle)
        .map(|(&r, &u)| {
            if ok(f64::from(r), f64::from(NODATA)) && ok(f64::from(u), f64::from(F32_MAX)) {
                r - u
            } else {
                F32_MAX
            }
        })
        .collect()
}

/// `avoided_export = avoided_erosion·SDR + deposition` (float32, nodata
/// float32 max).
pub fn avoided_export(ae: &[f32], sdr: &[f32], dep: &[f32]) -> Vec<f32> {
    (0..ae.len())
        .into_par_iter()
        .map(|i| {
            if ok(f64::from(ae[i]), f64::from(F32_MAX))
                && ok(f64::from(sdr[i]), f64::from(NODATA))
                && ok(f64::from(dep[i]), f64::from(NODATA))
            {
                ae[i] * sdr[i] + dep[i]
            } else {
                F32_MAX
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// InVEST's own test (`test_sdr.py::test_ls_factor`): 30 m cells,
    /// l_max 25, expected values asserted with rtol 1e-6.
    #[test]
    fn ls_factor_matches_invest_test() {
        let slope = [1.5f32, 4.0, 8.0, 10.0, 15.0];
        let fa = [100.0, 100.0, 100.0, 100.0, 10_000_000.0];
        let expected = [0.253996, 0.657229, 1.345856, 1.776729, 49.802994];
        for i in 0..5 {
            let v = ls_pixel(slope[i], fa[i], 30.0, 25.0);
            assert!(
                (v - expected[i]).abs() <= 1e-6 * expected[i] + 1e-6,
                "{i}: {v} vs {}",
                expected[i]
            );
        }
    }

    #[test]
    fn sdr_is_one_on_streams_and_logistic_elsewhere() {
        let s = sdr(&[0.5, IC_NODATA, IC_NODATA], &[0, 1, 0], 2.0, 0.5, 0.8);
        assert!((s[0] - 0.4).abs() < 1e-7);
        assert_eq!(&s[1..], &[1.0, NODATA]);
    }

    #[test]
    fn e_prime_is_zero_on_streams() {
        let e = e_prime(&[10.0, F32_MAX, 4.0], &[0.25, 1.0, NODATA], &[0, 1, 0]);
        assert_eq!(e, vec![7.5, 0.0, NODATA]);
    }
}
