//! Weighted flow accumulation over D8 and MFD directions.
//!
//! `FA_i = w_i + Σ_{j upslope of i} FA_j · p_ji`, where `w_i` is 1 or the
//! weight of pixel `i` (a nodata weight counts 0) and `p_ji` is 1 for D8
//! or `nib_ji / Σ_d nib_jd` for MFD. The pixel counts itself, so an
//! unweighted FA is at least 1 (pygeoprocessing's
//! `flow_accumulation_d8/mfd`). Pixels whose flow direction is nodata get
//! [`FA_NODATA`].
//!
//! Pixels are processed in topological order (Kahn 1962): a pixel is
//! summed once all its upslope neighbours are done, adding them in
//! direction order 0..8, which gives bit-for-bit the sums pygeoprocessing's
//! depth-first walk produces.
//!
//! # Memory
//! 8 bytes output + 1 byte pending-count per pixel, plus a stack of ready
//! pixels.

use crate::d8::D8_NODATA;
use crate::error::Result;
use crate::grid::{is_nodata, Shape, INFLOW_OFFSETS};
use crate::mfd::{mfd_weight, mfd_weight_sum, MFD_NODATA};

/// Nodata of flow accumulation arrays (pygeoprocessing's
/// `IMPROBABLE_FLOAT_NODATA`).
pub const FA_NODATA: f64 = -1.237_897_89e29;

/// Per-pixel weights of an accumulation, with their nodata value.
#[derive(Debug, Clone, Copy)]
pub struct Weights<'a> {
    /// one value per pixel
    pub values: &'a [f32],
    /// nodata of `values` (such pixels weigh 0)
    pub nodata: Option<f64>,
}

impl Weights<'_> {
    /// The weight of pixel `i` (0 where nodata).
    #[inline]
    pub fn at(&self, i: usize) -> f64 {
        let w = f64::from(self.values[i]);
        if is_nodata(w, self.nodata) {
            0.0
        } else {
            w
        }
    }
}

fn weight_of(weights: Option<&Weights<'_>>, i: usize) -> f64 {
    weights.map_or(1.0, |w| w.at(i))
}

/// D8 flow accumulation (pixels, or weight units with `weights`).
///
/// # Errors
/// [`crate::HydroError::ShapeMismatch`] when an input does not match `shape`.
pub fn flow_accumulation_d8(
    flow: &[u8],
    shape: Shape,
    weights: Option<&Weights<'_>>,
) -> Result<Vec<f64>> {
    shape.check("D8 flow direction", flow.len())?;
    if let Some(w) = weights {
        shape.check("weights", w.values.len())?;
    }
    let n = shape.len();
    let down = |i: usize| -> Option<usize> {
        let d = flow[i];
        if d >= 8 {
            return None;
        }
        let j = shape.neighbor(i % shape.cols, i / shape.cols, d as usize)?;
        (flow[j] < 8).then_some(j)
    };
    let mut pending = vec![0u8; n];
    for i in 0..n {
        if let Some(j) = down(i) {
            pending[j] += 1;
        }
    }
    let mut fa = vec![FA_NODATA; n];
    let mut ready: Vec<usize> = (0..n).filter(|&i| flow[i] < 8 && pending[i] == 0).collect();
    while let Some(i) = ready.pop() {
        let (x, y) = (i % shape.cols, i / shape.cols);
        let mut v = weight_of(weights, i);
        for d in 0..8 {
            if let Some(j) = shape.neighbor(x, y, d) {
                if flow[j] as usize == INFLOW_OFFSETS[d] {
                    v += fa[j];
                }
            }
        }
        fa[i] = v;
        if let Some(j) = down(i) {
            pending[j] -= 1;
            if pending[j] == 0 {
                ready.push(j);
            }
        }
    }
    debug_assert!(flow.iter().all(|&d| d == D8_NODATA || d < 8));
    Ok(fa)
}

/// MFD flow accumulation (pixels, or weight units with `weights`).
///
/// # Errors
/// [`crate::HydroError::ShapeMismatch`] when an input does not match `shape`.
pub fn flow_accumulation_mfd(
    flow: &[u32],
    shape: Shape,
    weights: Option<&Weights<'_>>,
) -> Result<Vec<f64>> {
    shape.check("MFD flow direction", flow.len())?;
    if let Some(w) = weights {
        shape.check("weights", w.values.len())?;
    }
    let n = shape.len();
    let mut pending = vec![0u8; n];
    for y in 0..shape.rows {
        for x in 0..shape.cols {
            let i = y * shape.cols + x;
            if flow[i] == MFD_NODATA {
                continue;
            }
            for d in 0..8 {
                if mfd_weight(flow[i], d) == 0 {
                    continue;
                }
                if let Some(j) = shape.neighbor(x, y, d) {
                    if flow[j] != MFD_NODATA {
                        pending[j] += 1;
                    }
                }
            }
        }
    }
    let mut fa = vec![FA_NODATA; n];
    let mut ready: Vec<usize> = (0..n)
        .filter(|&i| flow[i] != MFD_NODATA && pending[i] == 0)
        .collect();
    while let Some(i) = ready.pop() {
        let (x, y) = (i % shape.cols, i / shape.cols);
        let mut v = weight_of(weights, i);
        for d in 0..8 {
            let Some(j) = shape.neighbor(x, y, d) else {
                continue;
            };
            let nib = mfd_weight(flow[j], INFLOW_OFFSETS[d]);
            if nib == 0 {
                continue;
            }
            let total = mfd_weight_sum(flow[j]);
            v += fa[j] * f64::from(nib) / f64::from(total);
        }
        fa[i] = v;
        for d in 0..8 {
            if mfd_weight(flow[i], d) == 0 {
                continue;
            }
            if let Some(j) = shape.neighbor(x, y, d) {
                if flow[j] != MFD_NODATA {
                    pending[j] -= 1;
                    if pending[j] == 0 {
                        ready.push(j);
                    }
                }
            }
        }
    }
    Ok(fa)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::INVEST_TILE;
    use crate::{flow_dir_d8, flow_dir_mfd};

    #[test]
    fn d8_counts_upslope_pixels_including_itself() {
        // a ramp falling east: every row drains east, off the raster
        #[rustfmt::skip]
        let dem = [
            4., 3., 2., 1.,
            4., 3., 2., 1.,
        ];
        let s = Shape::new(4, 2);
        let f = flow_dir_d8(&dem, s, None, INVEST_TILE).expect("d8");
        assert_eq!(f, vec![0; 8]);
        let fa = flow_accumulation_d8(&f, s, None).expect("fa");
        assert_eq!(fa, vec![1., 2., 3., 4., 1., 2., 3., 4.]);
        let w = [0.5f32, -1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 2.0];
        let weights = Weights {
            values: &w,
            nodata: Some(-1.0),
        };
        let fw = flow_accumulation_d8(&f, s, Some(&weights)).expect("fw");
        assert_eq!(fw, vec![0.5, 0.5, 1.5, 2.5, 0.0, 0.0, 0.0, 2.0]);
    }

    #[test]
    fn mfd_splits_by_weights() {
        // the top pixel sends 5/15 east-south-east... built from explicit directions:
        // pixel 0 → E (w 5) and S (w 10); both receivers drain off the raster
        let s = Shape::new(2, 2);
        let flow = [5u32 | (10 << 24), 15, 15, 15];
        let fa = flow_accumulation_mfd(&flow, s, None).expect("fa");
        assert_eq!(fa[0], 1.0);
        assert!((fa[1] - (1.0 + 5.0 / 15.0)).abs() < 1e-15);
        // pixel 2 (S of 0) receives 10/15 and sends E into pixel 3
        assert!((fa[2] - (1.0 + 10.0 / 15.0)).abs() < 1e-15);
        assert!((fa[3] - (1.0 + fa[2])).abs() < 1e-12);
        let dem = vec![1.0f32; 9];
        let f = flow_dir_mfd(&dem, Shape::new(3, 3), None, INVEST_TILE).expect("flat");
        let fa = flow_accumulation_mfd(&f, Shape::new(3, 3), None).expect("flat fa");
        let total_out: f64 = fa.iter().sum();
        assert!(total_out >= 9.0);
        assert!(fa.iter().all(|v| *v >= 1.0));
    }

    #[test]
    fn nodata_directions_stay_nodata() {
        let fa = flow_accumulation_d8(&[D8_NODATA, 0], Shape::new(2, 1), None).expect("fa");
        assert_eq!(fa, vec![FA_NODATA, 1.0]);
        let fa = flow_accumulation_mfd(&[0, 0], Shape::new(2, 1), None).expect("fa");
        assert_eq!(fa, vec![FA_NODATA; 2]);
    }
}
