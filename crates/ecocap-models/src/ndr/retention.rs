//! Effective nutrient retention along flow paths (InVEST 3.20
//! `retention.h`).
//!
//! Working upslope from pixels that drain off the raster or into pixels
//! without flow direction, each pixel's retention is the flow-weighted mean
//! over its downslope neighbours `j` (step length `ℓ` = cell or cell·√2):
//!
//! ```text
//! s    = exp(−5ℓ / crit_len_i)            (0 when crit_len_i ≤ 0)
//! r_ij = eff_i·(1 − s)                    if r_j = 0 (a stream)
//!      = r_j·s + eff_i·(1 − s)            if eff_i > r_j
//!      = r_j                              otherwise
//! r_i  = Σ_j r_ij·p_ij / Σ_j p_ij
//! ```
//!
//! Stream pixels retain 0. As in InVEST, a downslope neighbour not yet
//! computed counts in `Σ p_ij` but not in the sum, and pixels are visited
//! tile by tile (256 × 256) with the work stack drained after each tile's
//! seeds; this order is kept so that results match InVEST's.

use ecocap_hydro::{
    for_each_tile, is_nodata, mfd_weight, Shape, INFLOW_OFFSETS, INVEST_TILE, SQRT2,
};

use crate::sdr::routing::Directions;

/// Nodata of retention arrays.
pub const NODATA: f32 = -1.0;

/// Effective retention (float32, nodata −1). `eff` and `crit_len` are the
/// per-pixel efficiency (0 on streams) and critical length (m), nodata −1;
/// `cell` is the pixel width (m).
pub fn effective_retention(
    dirs: &Directions,
    shape: Shape,
    stream: &[u8],
    eff: &[f32],
    crit_len: &[f32],
    cell: f64,
) -> Vec<f32> {
    let n = shape.len();
    let nd = Some(f64::from(NODATA));
    let mut todo: Vec<u8> = (0..n)
        .map(|i| match dirs {
            Directions::D8(d) => {
                if d[i] < 8 {
                    1u8 << d[i]
                } else {
                    0
                }
            }
            Directions::Mfd(d) => {
                (0..8).fold(0u8, |acc, k| acc | (u8::from(mfd_weight(d[i], k) > 0) << k))
            }
        })
        .collect();
    let mut ret = vec![NODATA; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut down = Vec::with_capacity(8);
    let mut up = Vec::with_capacity(8);
    // exp(−5ℓ/crit) for the lateral and diagonal step, kept while the
    // critical length repeats (it is a per-class value): the same numbers,
    // without an exp per neighbour
    let mut steps = (f64::NAN, [0.0f64; 2]);
    for_each_tile(shape, INVEST_TILE, |x0, y0, w, h| {
        for y in y0..y0 + h {
            for x in x0..x0 + w {
                let i = y * shape.cols + x;
                let mut out = todo[i];
                let mut seed = false;
                for d in 0..8 {
                    let m = 1u8 << d;
                    if out & m == 0 {
                        continue;
                    }
                    let drains_off = match shape.neighbor(x, y, d) {
                        None => true,
                        Some(j) => todo[j] == 0,
                    };
                    if drains_off {
                        seed = true;
                        out &= !m;
                    }
                }
                if seed {
                    todo[i] = out;
                    stack.push(i);
                }
            }
        }
        while let Some(i) = stack.pop() {
            let (x, y) = (i % shape.cols, i / shape.cols);
            let crit = f64::from(crit_len[i]);
            let eff_i = f64::from(eff[i]);
            if stream[i] == 1 {
                ret[i] = 0.0;
            } else if is_nodata(crit, nd) || is_nodata(eff_i, nd) || !dirs.valid(i) {
                ret[i] = NODATA;
            } else {
                if steps.0.to_bits() != crit.to_bits() {
                    let step = |len: f64| {
                        if crit > 0.0 {
                            (-5.0 * len / crit).exp()
                        } else {
                            0.0
                        }
                    };
                    steps = (crit, [step(cell), step(cell * SQRT2)]);
                }
                let mut r = 0.0f64;
                let mut weight_sum: i64 = 0;
                dirs.downslope(shape, x, y, &mut down);
                for &(dir, j, p) in &down {
                    weight_sum += p as i64;
                    let Some(j) = j else {
                        continue;
                    };
                    let rj = f64::from(ret[j]);
                    if is_nodata(rj, nd) {
                        continue;
                    }
                    let step = steps.1[dir % 2];
                    let rij = if rj == 0.0 {
                        eff_i * (1.0 - step)
                    } else if eff_i > rj {
                        rj * step + eff_i * (1.0 - step)
                    } else {
                        rj
                    };
                    r += rij * f64::from(p);
                }
                ret[i] = if down.is_empty() {
                    NODATA
                } else {
                    (r / weight_sum as f64) as f32
                };
            }
            dirs.upslope(shape, x, y, &mut up);
            for &(dir, k, _) in &up {
                let m = 1u8 << INFLOW_OFFSETS[dir];
                let t = todo[k];
                if t == 0 || t & m == 0 {
                    continue;
                }
                todo[k] = t & !m;
                if todo[k] == 0 {
                    stack.push(k);
                }
            }
        }
    });
    ret
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retention_builds_up_along_a_hillslope() {
        // 3×1 strip flowing east to a stream at the east end
        let dirs = Directions::D8(vec![0, 0, 0]);
        let shape = Shape::new(3, 1);
        let stream = [0u8, 0, 1];
        let eff = [0.8f32, 0.8, 0.0];
        let crit = [30.0f32, 30.0, 30.0];
        let r = effective_retention(&dirs, shape, &stream, &eff, &crit, 30.0);
        let s = (-5.0f64).exp();
        let r1 = 0.8 * (1.0 - s);
        let r0 = r1 * s + 0.8 * (1.0 - s);
        assert_eq!(r[2], 0.0);
        assert!((f64::from(r[1]) - r1).abs() < 1e-7);
        assert!((f64::from(r[0]) - r0).abs() < 1e-7);
    }
}
