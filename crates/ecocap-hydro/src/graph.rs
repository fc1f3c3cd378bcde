//! A flow graph prepared once and reused by every accumulation over the
//! same directions (SDR accumulates pixels, W and S; NDR pixels and S).
//!
//! It holds, per pixel, the bit set of upslope neighbours (`u8`) and a
//! topological order (`u32`, upslope before downslope), 5 bytes per pixel.
//! Accumulating along the order pulls each pixel's upslope values in
//! direction order, exactly as [`crate::flow_accumulation_mfd`] and
//! [`crate::flow_accumulation_d8`] do, so the sums are bit-for-bit equal.

use crate::accum::{Weights, FA_NODATA};
use crate::error::{HydroError, Result};
use crate::grid::{Shape, COL_OFFSETS, INFLOW_OFFSETS, ROW_OFFSETS};
use crate::mfd::{mfd_weight, mfd_weight_sum, MFD_NODATA};

/// Flow directions of either kind, borrowed.
#[derive(Debug, Clone, Copy)]
pub enum Flow<'a> {
    /// D8 directions (`u8`, nodata 128)
    D8(&'a [u8]),
    /// packed MFD weights (`u32`, nodata 0)
    Mfd(&'a [u32]),
}

impl Flow<'_> {
    #[inline]
    fn valid(&self, i: usize) -> bool {
        match self {
            Flow::D8(d) => d[i] < 8,
            Flow::Mfd(d) => d[i] != MFD_NODATA,
        }
    }

    /// Weight of the flow from `j` toward direction `dir` (1 for D8).
    #[inline]
    fn out(&self, j: usize, dir: usize) -> u32 {
        match self {
            Flow::D8(d) => u32::from(d[j] as usize == dir),
            Flow::Mfd(d) => mfd_weight(d[j], dir),
        }
    }

    fn len(&self) -> usize {
        match self {
            Flow::D8(d) => d.len(),
            Flow::Mfd(d) => d.len(),
        }
    }
}

/// Upslope sets and topological order of a flow-direction array.
pub struct FlowGraph {
    shape: Shape,
    up: Vec<u8>,
    order: Vec<u32>,
}

#[inline]
fn offset(shape: Shape, d: usize) -> isize {
    ROW_OFFSETS[d] * shape.cols as isize + COL_OFFSETS[d]
}

impl FlowGraph {
    /// Build the graph of `flow` on `shape`.
    ///
    /// # Errors
    /// [`HydroError::ShapeMismatch`] when `flow` does not match `shape`, and
    /// [`HydroError::Parameter`] beyond 2³² pixels.
    pub fn new(flow: Flow<'_>, shape: Shape) -> Result<FlowGraph> {
        shape.check("flow direction", flow.len())?;
        if shape.len() > u32::MAX as usize {
            return Err(HydroError::Parameter {
                what: "raster size",
                value: shape.len() as f64,
                reason: "the flow graph indexes pixels with 32 bits",
                hint: "split the raster into basins of fewer than 4.29e9 pixels",
            });
        }
        let n = shape.len();
        let mut up = vec![0u8; n];
        let mut pending = vec![0u8; n];
        for y in 0..shape.rows {
            for x in 0..shape.cols {
                let i = y * shape.cols + x;
                for d in 0..8 {
                    let Some(j) = shape.neighbor(x, y, d) else {
                        continue;
                    };
                    if flow.valid(j) && flow.out(j, INFLOW_OFFSETS[d]) != 0 {
                        up[i] |= 1 << d;
                        pending[i] += 1;
                    }
                }
            }
        }
        let mut order = Vec::with_capacity(n);
        let mut ready: Vec<u32> = (0..n)
            .filter(|&i| flow.valid(i) && pending[i] == 0)
            .map(|i| i as u32)
            .collect();
        while let Some(i) = ready.pop() {
            order.push(i);
            let i = i as usize;
            let (x, y) = (i % shape.cols, i / shape.cols);
            for d in 0..8 {
                if flow.out(i, d) == 0 {
                    continue;
                }
                if let Some(j) = shape.neighbor(x, y, d) {
                    if flow.valid(j) {
                        pending[j] -= 1;
                        if pending[j] == 0 {
                            ready.push(j as u32);
                        }
                    }
                }
            }
        }
        Ok(FlowGraph { shape, up, order })
    }

    /// Accumulate (pixels, or weight units with `weights`) along `flow`,
    /// which must be the array the graph was built from.
    ///
    /// # Errors
    /// [`HydroError::ShapeMismatch`] when an input does not match.
    pub fn accumulate(&self, flow: Flow<'_>, weights: Option<&Weights<'_>>) -> Result<Vec<f64>> {
        self.shape.check("flow direction", flow.len())?;
        if let Some(w) = weights {
            self.shape.check("weights", w.values.len())?;
        }
        let mut fa = vec![FA_NODATA; self.shape.len()];
        let offs: [isize; 8] = std::array::from_fn(|d| offset(self.shape, d));
        for &i in &self.order {
            let i = i as usize;
            let mut v = weights.map_or(1.0, |w| w.at(i));
            let mut bits = self.up[i];
            while bits != 0 {
                let d = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let j = (i as isize + offs[d]) as usize;
                match flow {
                    Flow::D8(_) => v += fa[j],
                    Flow::Mfd(f) => {
                        let nib = mfd_weight(f[j], INFLOW_OFFSETS[d]);
                        v += fa[j] * f64::from(nib) / f64::from(mfd_weight_sum(f[j]));
                    }
                }
            }
            fa[i] = v;
        }
        Ok(fa)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        flow_accumulation_d8, flow_accumulation_mfd, flow_dir_d8, flow_dir_mfd, INVEST_TILE,
    };

    #[test]
    fn graph_accumulation_equals_direct_accumulation() {
        let (c, r) = (23, 17);
        let dem: Vec<f32> = (0..c * r)
            .map(|i| {
                let (x, y) = ((i % c) as f32, (i / c) as f32);
                (x * 0.37).sin() * 5.0
                    + (y * 0.23).cos() * 4.0
                    + 0.1 * x
                    + ((i * 7919) % 13) as f32 * 0.05
            })
            .collect();
        let s = Shape::new(c, r);
        let filled = crate::fill_pits(&dem, s, None).expect("fill");
        let w: Vec<f32> = (0..c * r).map(|i| (i % 5) as f32 * 0.3).collect();
        let wt = Weights {
            values: &w,
            nodata: Some(0.6),
        };
        let m = flow_dir_mfd(&filled, s, None, INVEST_TILE).expect("mfd");
        let g = FlowGraph::new(Flow::Mfd(&m), s).expect("graph");
        assert_eq!(
            g.accumulate(Flow::Mfd(&m), None).expect("a"),
            flow_accumulation_mfd(&m, s, None).expect("b")
        );
        assert_eq!(
            g.accumulate(Flow::Mfd(&m), Some(&wt)).expect("a"),
            flow_accumulation_mfd(&m, s, Some(&wt)).expect("b")
        );
        let d = flow_dir_d8(&filled, s, None, INVEST_TILE).expect("d8");
        let g = FlowGraph::new(Flow::D8(&d), s).expect("graph");
        assert_eq!(
            g.accumulate(Flow::D8(&d), Some(&wt)).expect("a"),
            flow_accumulation_d8(&d, s, Some(&wt)).expect("b")
        );
    }
}
