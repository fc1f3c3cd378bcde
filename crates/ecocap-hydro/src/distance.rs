//! Distance to channel along D8 or MFD flow paths.
//!
//! Distances are in **pixel steps**: 1 lateral, √2 diagonal. With a weight
//! array each step adds a weight instead, with no √2 and no cell size
//! (pygeoprocessing's `distance_to_channel_d8/mfd`; InVEST uses this for
//! SDR's and NDR's `D_dn`). The two variants differ in which weight a step
//! takes, as InVEST's do:
//!
//! * D8: `d(i) = d(down(i)) + w(i)`; the pixel's own weight, not the
//!   stream pixel's.
//! * MFD: `d(i) = Σ_n p(i,n)·(w(n) + d(n)) / Σ_n p(i,n)` over downslope
//!   neighbours `n` that reach a channel; the neighbour's weight. A pixel
//!   none of whose flow reaches a channel is nodata.
//!
//! Channel pixels (value 1) are 0; unreachable pixels are [`DIST_NODATA`].
//!
//! # Memory
//! 8 bytes output + 1 byte pending-count per pixel.

use crate::accum::Weights;
use crate::d8::D8_NODATA;
use crate::error::Result;
use crate::grid::{is_nodata, Shape, INFLOW_OFFSETS, SQRT2};
use crate::mfd::{mfd_weight, MFD_NODATA};

/// Nodata of distance arrays.
pub const DIST_NODATA: f64 = -1.0;

fn step_weight(weights: Option<&Weights<'_>>, i: usize, diagonal: bool) -> f64 {
    match weights {
        Some(w) => {
            let v = f64::from(w.values[i]);
            if is_nodata(v, w.nodata) {
                0.0
            } else {
                v
            }
        }
        None => {
            if diagonal {
                SQRT2
            } else {
                1.0
            }
        }
    }
}

/// D8 distance to channel.
///
/// # Errors
/// [`crate::HydroError::ShapeMismatch`] when an input does not match `shape`.
pub fn distance_to_channel_d8(
    flow: &[u8],
    channel: &[u8],
    shape: Shape,
    weights: Option<&Weights<'_>>,
) -> Result<Vec<f64>> {
    shape.check("D8 flow direction", flow.len())?;
    shape.check("channel", channel.len())?;
    if let Some(w) = weights {
        shape.check("weights", w.values.len())?;
    }
    let n = shape.len();
    let mut dist = vec![DIST_NODATA; n];
    // 0 = not yet known, 1 = known (value or nodata)
    let mut done = vec![false; n];
    let mut path = Vec::new();
    for start in 0..n {
        if done[start] {
            continue;
        }
        // walk down until a known pixel, a channel or a dead end
        let mut i = start;
        let mut base = DIST_NODATA;
        loop {
            if done[i] {
                base = dist[i];
                break;
            }
            if channel[i] == 1 {
                dist[i] = 0.0;
                done[i] = true;
                base = 0.0;
                break;
            }
            let d = flow[i];
            if d == D8_NODATA || d >= 8 {
                done[i] = true;
                break;
            }
            path.push(i);
            match shape.neighbor(i % shape.cols, i / shape.cols, d as usize) {
                Some(j) => i = j,
                None => break,
            }
        }
        // assign back up the path, nearest the channel first
        for &p in path.iter().rev() {
            if base != DIST_NODATA {
                let diagonal = flow[p] & 1 == 1;
                base += step_weight(weights, p, diagonal);
                dist[p] = base;
            }
            done[p] = true;
        }
        path.clear();
    }
    Ok(dist)
}

/// MFD distance to channel.
///
/// # Errors
/// [`crate::HydroError::ShapeMismatch`] when an input does not match `shape`.
pub fn distance_to_channel_mfd(
    flow: &[u32],
    channel: &[u8],
    shape: Shape,
    weights: Option<&Weights<'_>>,
) -> Result<Vec<f64>> {
    shape.check("MFD flow direction", flow.len())?;
    shape.check("channel", channel.len())?;
    if let Some(w) = weights {
        shape.check("weights", w.values.len())?;
    }
    let n = shape.len();
    let mut dist = vec![DIST_NODATA; n];
    // number of in-raster downslope neighbours not yet finished
    let mut pending = vec![0u8; n];
    let mut ready = Vec::new();
    for y in 0..shape.rows {
        for x in 0..shape.cols {
            let i = y * shape.cols + x;
            if channel[i] == 1 || flow[i] == MFD_NODATA {
                ready.push(i);
                continue;
            }
            let k = (0..8)
                .filter(|&d| mfd_weight(flow[i], d) != 0 && shape.neighbor(x, y, d).is_some())
                .count();
            pending[i] = k as u8;
            if k == 0 {
                ready.push(i);
            }
        }
    }
    while let Some(i) = ready.pop() {
        let (x, y) = (i % shape.cols, i / shape.cols);
        if channel[i] == 1 {
            dist[i] = 0.0;
        } else if flow[i] != MFD_NODATA {
            let (mut sw, mut swd) = (0.0f64, 0.0f64);
            for d in 0..8 {
                let nib = mfd_weight(flow[i], d);
                if nib == 0 {
                    continue;
                }
                let Some(j) = shape.neighbor(x, y, d) else {
                    continue;
                };
                if dist[j] == DIST_NODATA {
                    continue;
                }
                let w = step_weight(weights, j, d & 1 == 1);
                sw += f64::from(nib);
                swd += f64::from(nib) * (w + dist[j]);
            }
            if sw != 0.0 {
                dist[i] = swd / sw;
            }
        }
        // release upslope neighbours
        for d in 0..8 {
            let Some(j) = shape.neighbor(x, y, d) else {
                continue;
            };
            if channel[j] == 1 || flow[j] == MFD_NODATA {
                continue;
            }
            if mfd_weight(flow[j], INFLOW_OFFSETS[d]) == 0 {
                continue;
            }
            pending[j] -= 1;
            if pending[j] == 0 {
                ready.push(j);
            }
        }
    }
    Ok(dist)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn d8_counts_steps_and_own_weights() {
        // 4×1 strip flowing east; the last pixel is the channel
        let flow = [0u8, 0, 0, 0];
        let ch = [0u8, 0, 0, 1];
        let s = Shape::new(4, 1);
        let d = distance_to_channel_d8(&flow, &ch, s, None).expect("d");
        assert_eq!(d, vec![3.0, 2.0, 1.0, 0.0]);
        let w = [1.0f32, 2.0, 4.0, 100.0];
        let wt = Weights {
            values: &w,
            nodata: None,
        };
        let d = distance_to_channel_d8(&flow, &ch, s, Some(&wt)).expect("dw");
        assert_eq!(d, vec![7.0, 6.0, 4.0, 0.0]);
        // no channel: all nodata
        let d = distance_to_channel_d8(&flow, &[0; 4], s, None).expect("none");
        assert_eq!(d, vec![DIST_NODATA; 4]);
    }

    #[test]
    fn mfd_uses_downstream_weights_and_averages_reaching_flow() {
        let s = Shape::new(4, 1);
        let flow = [15u32; 4];
        let ch = [0u8, 0, 0, 1];
        let w = [1.0f32, 2.0, 4.0, 100.0];
        let wt = Weights {
            values: &w,
            nodata: None,
        };
        let d = distance_to_channel_mfd(&flow, &ch, s, Some(&wt)).expect("d");
        assert_eq!(d, vec![106.0, 104.0, 100.0, 0.0]);
        // pixel 0 of a 2×2 splits E (5) and S (10); only E reaches the channel
        let s = Shape::new(2, 2);
        let flow = [5u32 | (10 << 24), 15, 15, 15];
        let ch = [0u8, 1, 0, 0];
        let d = distance_to_channel_mfd(&flow, &ch, s, None).expect("split");
        assert_eq!(d[0], 1.0);
        assert_eq!(d[2], DIST_NODATA);
    }
}
