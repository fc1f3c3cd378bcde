//! Multiple flow direction (MFD) with InVEST's encoding and flat resolution.
//!
//! Flow from a pixel is divided among all lower neighbours in proportion to
//! the drop, a diagonal drop divided by √2 (Quinn et al. 1991; Freeman
//! 1991 with exponent 1; no division by cell size, as pygeoprocessing's
//! `flow_dir_mfd` does). Each proportion is stored as a 4-bit weight
//! `int(0.5 + drop/Σdrop·15)`, direction `d` in bits `4d..4d+4` of a `u32`;
//! 0 means nodata ([`MFD_NODATA`]). Read a weight with [`mfd_weight`].
//!
//! A pixel with no lower neighbour starts a plateau search as in
//! [`crate::flow_dir_d8`]. Plateau pixels with lower neighbours keep their
//! slope weights and are drains; if the plateau has none, the pixels that
//! touch the raster edge or nodata drain off it with pseudo-drops 1
//! (lateral) and 1/√2 (diagonal) to every such neighbour. The distance to
//! the nearest drain (1 or √2 per step) is found by FIFO relaxation, and
//! every other plateau pixel sends flow to each plateau neighbour nearer
//! to a drain, weighted 1 (lateral) or 1/√2 (diagonal).
//!
//! Quinn, P., Beven, K., Chevallier, P., Planchon, O., 1991. The prediction
//! of hillslope flow paths for distributed hydrological modelling using
//! digital terrain models. Hydrological Processes 5, 59–79.
//! Freeman, T.G., 1991. Calculating catchment area with divergent flow
//! based on a regular grid. Computers & Geosciences 17, 413–422.
//!
//! # Memory
//! 4 bytes output + 2 bytes of masks + 8 bytes plateau distance per pixel.
//! The distance array starts as zeroed memory (0 = not reached unless the
//! pixel is a drain), so only the pages of plateau pixels are ever touched.

use crate::error::Result;
use crate::grid::{for_each_in_tile_order, is_nodata, Shape, SQRT2, SQRT2_INV};
use std::collections::VecDeque;

/// Nodata of an MFD flow-direction array (no flow at all).
pub const MFD_NODATA: u32 = 0;

/// The 4-bit weight of flow from a pixel with packed directions `packed`
/// toward direction `dir`.
#[inline]
pub fn mfd_weight(packed: u32, dir: usize) -> u32 {
    (packed >> (4 * dir)) & 0xF
}

/// Sum of the eight 4-bit weights of `packed`.
#[inline]
pub fn mfd_weight_sum(packed: u32) -> u32 {
    // add the nibbles pairwise into bytes, then the bytes by multiplication
    let bytes = (packed & 0x0F0F_0F0F) + ((packed >> 4) & 0x0F0F_0F0F);
    bytes.wrapping_mul(0x0101_0101) >> 24
}

fn pack(slopes: &[f64; 8], sum: f64) -> u32 {
    let mut packed = 0u32;
    for (d, s) in slopes.iter().enumerate() {
        // C's (int) cast truncates toward zero; the argument is ≥ 0.5
        let w = (0.5 + s / sum * 15.0) as u32;
        packed |= (w & 0xF) << (4 * d);
    }
    packed
}

/// MFD flow directions of a pit-filled `dem`, visiting pixels in tiles of
/// `tile` × `tile` (use [`crate::INVEST_TILE`] for InVEST parity).
///
/// # Errors
/// [`crate::HydroError::ShapeMismatch`] when `dem` does not match `shape`.
pub fn flow_dir_mfd(
    dem: &[f32],
    shape: Shape,
    nodata: Option<f64>,
    tile: usize,
) -> Result<Vec<u32>> {
    shape.check("DEM", dem.len())?;
    let n = shape.len();
    let mut flow = vec![MFD_NODATA; n];
    let mut flat = vec![false; n];
    let mut drain_mask = vec![false; n];
    // Distance to the nearest drain of a plateau pixel; 0.0 for drains and
    // for pixels not reached, told apart by `drain_mask` (set only on drains
    // and on reached pixels). Zeroed memory is mapped lazily by the OS, so
    // the whole-grid array costs nothing where there are no plateaus.
    let mut dist = vec![0.0f64; n];
    let unreached = |dist: &[f64], drain_mask: &[bool], j: usize| dist[j] == 0.0 && !drain_mask[j];
    let height = |i: usize| -> Option<f64> {
        let z = f64::from(dem[i]);
        (!is_nodata(z, nodata)).then_some(z)
    };
    let mut search = VecDeque::new();
    let mut drains: VecDeque<usize> = VecDeque::new();
    let mut directions: VecDeque<usize> = VecDeque::new();
    let mut nodata_drains: Vec<(usize, u32)> = Vec::new();
    for_each_in_tile_order(shape, tile, |x, y| {
        let root = y * shape.cols + x;
        let Some(root_z) = height(root) else {
            return;
        };
        if flow[root] != MFD_NODATA {
            return;
        }
        let mut slopes = [0.0f64; 8];
        let mut sum = 0.0;
        for (d, slot) in slopes.iter_mut().enumerate() {
            let Some(z) = shape.neighbor(x, y, d).and_then(height) else {
                continue;
            };
            let mut s = root_z - z;
            if s > 0.0 {
                if d & 1 == 1 {
                    s *= SQRT2_INV;
                }
                *slot = s;
                sum += s;
            }
        }
        if sum > 0.0 {
            flow[root] = pack(&slopes, sum);
            return;
        }
        search.push_back(root);
        flat[root] = true;
        while let Some(q) = search.pop_front() {
            let (qx, qy) = (q % shape.cols, q / shape.cols);
            let mut down = [0.0f64; 8];
            let mut edge = [0.0f64; 8];
            let (mut sum_down, mut sum_edge) = (0.0, 0.0);
            for d in 0..8 {
                let nz = shape
                    .neighbor(qx, qy, d)
                    .and_then(|j| height(j).map(|z| (j, z)));
                let Some((j, z)) = nz else {
                    let s = if d & 1 == 1 { SQRT2_INV } else { 1.0 };
                    sum_edge += s;
                    edge[d] = s;
                    continue;
                };
                let mut s = root_z - z;
                if s < 0.0 {
                    continue;
                }
                if s == 0.0 {
                    if !flat[j] {
                        flat[j] = true;
                        search.push_back(j);
                    }
                    continue;
                }
                if d & 1 == 1 {
                    s *= SQRT2_INV;
                }
                down[d] = s;
                sum_down += s;
            }
            if sum_down > 0.0 {
                flow[q] = pack(&down, sum_down);
                dist[q] = 0.0;
                drain_mask[q] = true;
                drains.push_back(q);
            } else if sum_edge > 0.0 {
                nodata_drains.push((q, pack(&edge, sum_edge)));
            }
        }
        if drains.is_empty() {
            for &(q, packed) in &nodata_drains {
                flow[q] = packed;
                dist[q] = 0.0;
                drain_mask[q] = true;
                drains.push_back(q);
            }
        }
        nodata_drains.clear();
        directions.extend(drains.iter().copied());
        while let Some(q) = drains.pop_front() {
            let dq = dist[q];
            let (qx, qy) = (q % shape.cols, q / shape.cols);
            for d in 0..8 {
                let Some(j) = shape.neighbor(qx, qy, d) else {
                    continue;
                };
                let nd = dq + if d & 1 == 1 { SQRT2 } else { 1.0 };
                if f64::from(dem[j]) == root_z && (unreached(&dist, &drain_mask, j) || dist[j] > nd)
                {
                    dist[j] = nd;
                    drains.push_back(j);
                }
            }
        }
        while let Some(q) = directions.pop_front() {
            let dq = dist[q];
            let (qx, qy) = (q % shape.cols, q / shape.cols);
            let mut w = [0.0f64; 8];
            let mut sum = 0.0;
            for (d, slot) in w.iter_mut().enumerate() {
                let Some(j) = shape.neighbor(qx, qy, d) else {
                    continue;
                };
                if f64::from(dem[j]) != root_z || unreached(&dist, &drain_mask, j) {
                    continue;
                }
                if dist[j] < dq {
                    let s = if d & 1 == 1 { SQRT2_INV } else { 1.0 };
                    *slot = s;
                    sum += s;
                } else if !drain_mask[j] {
                    drain_mask[j] = true;
                    directions.push_back(j);
                }
            }
            if sum != 0.0 {
                flow[q] = pack(&w, sum);
            }
        }
    });
    Ok(flow)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::INVEST_TILE;

    #[test]
    fn weights_follow_drops() {
        // centre 10 with E at 9 (drop 1) and S at 8 (drop 2): 5 and 10 of 15
        #[rustfmt::skip]
        let dem = [
            20., 20., 20.,
            20., 10.,  9.,
            20.,  8., 20.,
        ];
        let f = flow_dir_mfd(&dem, Shape::new(3, 3), None, INVEST_TILE).expect("mfd");
        assert_eq!(mfd_weight(f[4], 0), 5);
        assert_eq!(mfd_weight(f[4], 6), 10);
        assert_eq!(mfd_weight_sum(f[4]), 15);
        assert_eq!(mfd_weight_sum(0xFFFF_FFFF), 120);
        assert_eq!(mfd_weight_sum(0x1020_3040), 10);
    }

    #[test]
    fn plateau_points_to_nearer_pixels() {
        // flat 3×1 strip with a lower pixel at the east end
        let dem = [5., 5., 5., 1.];
        let f = flow_dir_mfd(&dem, Shape::new(4, 1), None, INVEST_TILE).expect("mfd");
        assert_eq!(f[2], 15); // all to E (drop)
        assert_eq!(f[1], 15); // all to E (nearer the drain)
        assert_eq!(f[0], 15);
        // the low end drains off the raster to every outside neighbour:
        // pseudo-drops 1 (E, N, S) and 1/√2 (diagonals); W is higher
        let w: Vec<u32> = (0..8).map(|d| mfd_weight(f[3], d)).collect();
        let sum = 3.0 + 4.0 * SQRT2_INV;
        let e = (0.5 + 1.0 / sum * 15.0) as u32;
        let ne = (0.5 + SQRT2_INV / sum * 15.0) as u32;
        assert_eq!((e, ne), (3, 2));
        assert_eq!(w, vec![e, ne, e, ne, 0, ne, e, ne]);
    }

    #[test]
    fn degenerate_inputs() {
        let f = flow_dir_mfd(&[2.0], Shape::new(1, 1), None, 256).expect("one");
        assert_ne!(f[0], MFD_NODATA);
        let nd = vec![f32::NAN; 4];
        assert_eq!(
            flow_dir_mfd(&nd, Shape::new(2, 2), Some(f64::NAN), 256).expect("nan"),
            vec![0; 4]
        );
    }
}
