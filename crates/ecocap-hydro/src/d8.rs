//! D8 flow direction with InVEST's flat resolution.
//!
//! Each pixel drains to the neighbour with the steepest drop, where a
//! diagonal drop is divided by √2 and ties keep the first direction in the
//! order E, NE, N, NW, W, SW, S, SE (`0..8`, layout `3 2 1 / 4 x 0 / 5 6 7`;
//! O'Callaghan & Mark 1984). The output is `u8`, nodata
//! [`D8_NODATA`] = 128, as pygeoprocessing's `flow_dir_d8` writes it.
//!
//! A pixel with no lower neighbour starts a search of its plateau (the
//! 8-connected pixels of exactly its height). Plateau pixels with a lower
//! neighbour are drains; if there are none, pixels that touch the raster
//! edge or nodata drain off the raster (preferring the first cardinal
//! such neighbour, else the last diagonal one). Every other plateau pixel
//! then points toward the drain at the smallest step distance (1 lateral,
//! √2 diagonal), found by a FIFO relaxation from the drains. Ties are broken
//! by visiting order, which follows pygeoprocessing's: pixels in 256 × 256
//! tile order, breadth-first plateau search, neighbours in direction order.
//!
//! # Memory
//! 1 byte output + 1 byte plateau mask + 8 bytes plateau distance per pixel.

use crate::error::Result;
use crate::grid::{for_each_in_tile_order, is_nodata, Shape, INFLOW_OFFSETS, SQRT2, SQRT2_INV};
use std::collections::VecDeque;

/// Nodata of a D8 flow-direction array (pygeoprocessing's value).
pub const D8_NODATA: u8 = 128;

/// D8 flow directions of a pit-filled `dem`, visiting pixels in tiles of
/// `tile` × `tile` (use [`crate::INVEST_TILE`] for InVEST parity).
///
/// # Errors
/// [`crate::HydroError::ShapeMismatch`] when `dem` does not match `shape`.
pub fn flow_dir_d8(dem: &[f32], shape: Shape, nodata: Option<f64>, tile: usize) -> Result<Vec<u8>> {
    shape.check("DEM", dem.len())?;
    let n = shape.len();
    let mut flow = vec![D8_NODATA; n];
    let mut flat = vec![false; n];
    let unreached = n as f64;
    let mut dist = vec![unreached; n];
    let height = |i: usize| -> Option<f64> {
        let z = f64::from(dem[i]);
        (!is_nodata(z, nodata)).then_some(z)
    };
    let mut search = VecDeque::new();
    let mut drains: VecDeque<usize> = VecDeque::new();
    let mut nodata_drains: Vec<(usize, u8)> = Vec::new();
    for_each_in_tile_order(shape, tile, |x, y| {
        let root = y * shape.cols + x;
        let Some(root_z) = height(root) else {
            return;
        };
        if flow[root] != D8_NODATA {
            return;
        }
        // steepest descent among valid in-raster neighbours
        let mut best_dir = None;
        let mut best = 0.0;
        for d in 0..8 {
            let Some(j) = shape.neighbor(x, y, d) else {
                continue;
            };
            let Some(z) = height(j) else {
                continue;
            };
            let mut s = root_z - z;
            if d & 1 == 1 {
                s *= SQRT2_INV;
            }
            if s > best {
                best = s;
                best_dir = Some(d);
            }
        }
        if let Some(d) = best_dir {
            flow[root] = d as u8;
            return;
        }
        // plateau: breadth-first search of equal-height pixels
        search.push_back(root);
        flat[root] = true;
        while let Some(q) = search.pop_front() {
            let (qx, qy) = (q % shape.cols, q / shape.cols);
            let mut best_dir: Option<usize> = None;
            let mut best = 0.0;
            let mut diagonal_nodata = true;
            for d in 0..8 {
                let nz = shape
                    .neighbor(qx, qy, d)
                    .and_then(|j| height(j).map(|z| (j, z)));
                let Some((j, z)) = nz else {
                    if diagonal_nodata && best == 0.0 {
                        best_dir = Some(d);
                        diagonal_nodata = d & 1 == 1;
                    }
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
                if s > best {
                    best = s;
                    best_dir = Some(d);
                }
            }
            if let Some(d) = best_dir {
                if best > 0.0 {
                    flow[q] = d as u8;
                    dist[q] = 0.0;
                    drains.push_back(q);
                } else {
                    nodata_drains.push((q, d as u8));
                }
            }
        }
        if drains.is_empty() {
            for &(q, d) in &nodata_drains {
                flow[q] = d;
                dist[q] = 0.0;
                drains.push_back(q);
            }
        }
        nodata_drains.clear();
        // FIFO relaxation of drain distances across the plateau
        while let Some(q) = drains.pop_front() {
            let dq = dist[q];
            let (qx, qy) = (q % shape.cols, q / shape.cols);
            for d in 0..8 {
                let Some(j) = shape.neighbor(qx, qy, d) else {
                    continue;
                };
                let nd = dq + if d & 1 == 1 { SQRT2 } else { 1.0 };
                if f64::from(dem[j]) == root_z && dist[j] > nd {
                    flow[j] = INFLOW_OFFSETS[d] as u8;
                    dist[j] = nd;
                    drains.push_back(j);
                }
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
    fn steepest_descent_prefers_cardinal_on_equal_drop_per_length() {
        // centre 10; east neighbour 9 (drop 1); south-east 8.5 (drop 1.5/√2 ≈ 1.06)
        #[rustfmt::skip]
        let dem = [
            20., 20., 20.,
            20., 10.,  9.,
            20., 20., 8.5,
        ];
        let f = flow_dir_d8(&dem, Shape::new(3, 3), None, INVEST_TILE).expect("d8");
        assert_eq!(f[4], 7);
        // the east pixel (edge, lower neighbour 8.5 to the south) flows S
        assert_eq!(f[5], 6);
    }

    #[test]
    fn plateau_drains_toward_nearest_outlet() {
        // 5×1 flat strip with an outlet at the east end (lower pixel)
        let dem = [5., 5., 5., 5., 4.];
        let f = flow_dir_d8(&dem, Shape::new(5, 1), None, INVEST_TILE).expect("d8");
        assert_eq!(&f[..4], &[0, 0, 0, 0]);
        // the outlet has no lower neighbour: it drains off the raster through
        // its first cardinal outside neighbour, E
        assert_eq!(f[4], 0);
    }

    #[test]
    fn flat_raster_drains_to_edges() {
        let dem = vec![1.0f32; 9];
        let f = flow_dir_d8(&dem, Shape::new(3, 3), None, INVEST_TILE).expect("d8");
        // edge pixels drain off the raster through their first cardinal
        // outside neighbour; the centre points at the first edge pixel that
        // reached distance 1 (BFS order: the centre is reached from pixel 1, N)
        assert_eq!(f[0], 2); // top-left: N is the first cardinal outside
        assert_eq!(f[1], 2);
        assert_eq!(f[3], 4); // W
        assert_eq!(f[5], 0); // E
        assert_eq!(f[7], 6); // S
        assert_eq!(f[4], 2);
    }

    #[test]
    fn degenerate_inputs() {
        assert_eq!(
            flow_dir_d8(&[7.0], Shape::new(1, 1), None, 256).expect("1"),
            vec![0]
        );
        let nd = vec![-1.0f32; 4];
        assert_eq!(
            flow_dir_d8(&nd, Shape::new(2, 2), Some(-1.0), 256).expect("nd"),
            vec![D8_NODATA; 4]
        );
        assert!(flow_dir_d8(&[], Shape::new(0, 0), None, 256)
            .expect("empty")
            .is_empty());
    }
}
