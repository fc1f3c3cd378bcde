//! Sediment deposition and flux (InVEST 3.20 `sediment_deposition.h`,
//! ADR-0005 "weighted mean of proportional flow").
//!
//! Working downslope from local high points, a pixel is computed once every
//! upslope neighbour is:
//!
//! ```text
//! dr_i = (Σ_k SDR_k·p_ik / Σ_k p_ik − SDR_i) / (1 − SDR_i)   (1 on streams)
//! t_i  = dr_i · Σ_j f_j·p_ji          deposition
//! f_i  = (1 − dr_i)·Σ_j f_j·p_ji + E'_i   flux
//! ```
//!
//! `k` runs over downslope neighbours with raw weights `p_ik` (MFD nibble,
//! 1 for D8); every in-raster downslope neighbour counts in `Σ_k p_ik`, but
//! one with nodata SDR is left out of the numerator; a downslope SDR of 0
//! counts as 1; the weighted mean is raised to `SDR_i` when below it.
//! `j` runs over upslope neighbours with `p_ji` their flow proportion.
//! `dr`, `t` and `f` are clamped at 0. Pixels are visited in 256-pixel tile
//! order, as InVEST does, so that partial results match in the rare cases
//! where order matters. Where InVEST scans a downslope neighbour's eight
//! neighbours to see whether it is ready, a count of its upslope
//! neighbours not yet computed answers the same question in one read.

use ecocap_hydro::{for_each_in_tile_order, Shape, INFLOW_OFFSETS, INVEST_TILE};

use super::kernel::NODATA;
use super::routing::{ok, Directions};

/// Deposition `t` and flux `f` (float32, nodata −1), from flow directions,
/// `E'` (nodata −1) and `SDR` (nodata −1).
pub fn sediment_deposition(
    dirs: &Directions,
    shape: Shape,
    e_prime: &[f32],
    sdr: &[f32],
) -> (Vec<f32>, Vec<f32>) {
    let n = shape.len();
    let nd = f64::from(NODATA);
    let mut dep = vec![NODATA; n];
    let mut flux = vec![NODATA; n];
    // upslope neighbours whose deposition is not yet known, per pixel: a
    // downslope neighbour j of the pixel being computed is ready when the
    // pixel is its only one left (what InVEST finds by scanning j's
    // neighbours each time)
    let mut pending = pending_upslope(dirs, shape);
    let mut stack: Vec<usize> = Vec::new();
    let mut up = Vec::with_capacity(8);
    let mut down = Vec::with_capacity(8);
    for_each_in_tile_order(shape, INVEST_TILE, |xs, ys| {
        let seed = ys * shape.cols + xs;
        if !dirs.valid(seed) {
            return;
        }
        dirs.upslope(shape, xs, ys, &mut up);
        if up.is_empty() && !ok(f64::from(dep[seed]), nd) {
            stack.push(seed);
        }
        while let Some(i) = stack.pop() {
            let (x, y) = (i % shape.cols, i / shape.cols);
            let mut f_in = 0.0f64;
            dirs.upslope(shape, x, y, &mut up);
            for &(_, j, p) in &up {
                let fj = f64::from(flux[j]);
                if !ok(fj, nd) {
                    continue;
                }
                f_in += f64::from(p) * fj;
            }
            let mut sdr_down = 0.0f64;
            let mut weight_sum: i64 = 0;
            dirs.downslope(shape, x, y, &mut down);
            for &(_, j, p) in &down {
                let Some(j) = j else {
                    continue;
                };
                weight_sum += p as i64;
                let mut sj = f64::from(sdr[j]);
                if !ok(sj, nd) {
                    continue;
                }
                if sj == 0.0 {
                    sj = 1.0;
                }
                sdr_down += sj * f64::from(p);
                // push j once all its other upslope neighbours are done
                if pending[j] == 1 {
                    stack.push(j);
                }
            }
            let sdr_i = f64::from(sdr[i]);
            if !ok(sdr_i, nd) {
                continue;
            }
            let e_i = f64::from(e_prime[i]);
            if !ok(e_i, nd) {
                continue;
            }
            if weight_sum != 0 {
                sdr_down /= weight_sum as f64;
            }
            if sdr_down < sdr_i {
                sdr_down = sdr_i;
            }
            let dr = if sdr_i == 1.0 {
                1.0
            } else {
                (sdr_down - sdr_i) / (1.0 - sdr_i)
            };
            let t = dr * f_in;
            let f = (1.0 - dr) * f_in + e_i;
            dep[i] = t.max(0.0) as f32;
            flux[i] = f.max(0.0) as f32;
            if ok(f64::from(dep[i]), nd) {
                for &(_, j, _) in &down {
                    if let Some(j) = j {
                        pending[j] -= 1;
                    }
                }
            }
        }
    });
    (dep, flux)
}

/// Per pixel, how many neighbours drain into it.
fn pending_upslope(dirs: &Directions, shape: Shape) -> Vec<u8> {
    use rayon::prelude::*;
    let mut pending = vec![0u8; shape.len()];
    pending
        .par_chunks_mut(shape.cols.max(1))
        .enumerate()
        .for_each(|(y, row)| {
            for (x, count) in row.iter_mut().enumerate() {
                for (d, inflow) in INFLOW_OFFSETS.iter().enumerate() {
                    if let Some(k) = shape.neighbor(x, y, d) {
                        *count += u8::from(dirs.drains_to(k, *inflow));
                    }
                }
            }
        });
    pending
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn d8_chain_deposits_by_sdr_ratio() {
        // 3×1 strip flowing east; the last pixel is a stream (SDR 1)
        let dirs = Directions::D8(vec![0, 0, 0]);
        let shape = Shape::new(3, 1);
        let sdr = [0.2f32, 0.5, 1.0];
        let e = [8.0f32, 2.0, 0.0];
        let (dep, flux) = sediment_deposition(&dirs, shape, &e, &sdr);
        // pixel 0: no inflow, f = E' = 8
        assert_eq!((dep[0], flux[0]), (0.0, 8.0));
        // pixel 1: dr = (1 − 0.5)/(1 − 0.5) = 1: all 8 deposited, f = E' = 2
        assert_eq!((dep[1], flux[1]), (8.0, 2.0));
        // stream: dr = 1, deposits the inflow
        assert_eq!((dep[2], flux[2]), (2.0, 0.0));
    }
}
