//! Stream extraction from flow accumulation.
//!
//! Stream arrays are `u8`: 1 stream, 0 not a stream, [`STREAM_NODATA`]
//! (255) where flow accumulation is nodata.

use crate::accum::FA_NODATA;
use crate::error::{HydroError, Result};
use crate::grid::{for_each_in_tile_order, is_nodata, Shape, INFLOW_OFFSETS};
use crate::mfd::{mfd_weight, MFD_NODATA};
use std::collections::VecDeque;

/// Nodata of stream arrays.
pub const STREAM_NODATA: u8 = 255;

/// D8 streams: `FA > threshold` (strictly), as pygeoprocessing's
/// `extract_streams_d8` does.
pub fn extract_streams_d8(fa: &[f64], threshold: f64) -> Vec<u8> {
    fa.iter()
        .map(|&v| {
            if is_nodata(v, Some(FA_NODATA)) {
                STREAM_NODATA
            } else {
                u8::from(v > threshold)
            }
        })
        .collect()
}

/// MFD streams, as pygeoprocessing's `extract_streams_mfd` does: starting
/// from outlets (pixels with `FA ≥ threshold` that send flow off the raster
/// or to a pixel whose FA is nodata), trace upstream along every pixel that
/// sends flow down; pixels with `FA ≥ threshold` are streams, pixels with
/// `FA ≥ trace_proportion · threshold` are kept only if a stream pixel is
/// later found upstream of them. Pixels are visited in `tile` order because
/// that order decides which of two divergent branches is kept.
///
/// # Errors
/// [`HydroError::Parameter`] when `trace_proportion` is outside [0, 1];
/// [`HydroError::ShapeMismatch`] when an input does not match `shape`.
pub fn extract_streams_mfd(
    fa: &[f64],
    flow: &[u32],
    shape: Shape,
    threshold: f64,
    trace_proportion: f64,
    tile: usize,
) -> Result<Vec<u8>> {
    if !(0.0..=1.0).contains(&trace_proportion) {
        return Err(HydroError::Parameter {
            what: "trace_threshold_proportion",
            value: trace_proportion,
            reason: "it must lie in [0, 1]",
            hint: "give a proportion of the stream threshold, e.g. 0.7",
        });
    }
    shape.check("flow accumulation", fa.len())?;
    shape.check("MFD flow direction", flow.len())?;
    let trace = trace_proportion * threshold;
    let mut stream = vec![STREAM_NODATA; shape.len()];
    let mut open: VecDeque<usize> = VecDeque::new();
    let mut back: VecDeque<usize> = VecDeque::new();
    for_each_in_tile_order(shape, tile, |x, y| {
        let i = y * shape.cols + x;
        if is_nodata(fa[i], Some(FA_NODATA)) || stream[i] != STREAM_NODATA {
            return;
        }
        stream[i] = 0;
        if fa[i] < threshold {
            return;
        }
        let is_outlet = (0..8).any(|d| {
            mfd_weight(flow[i], d) != 0
                && match shape.neighbor(x, y, d) {
                    None => true,
                    // pygeoprocessing compares exactly here, not with is_close
                    Some(j) => fa[j] == FA_NODATA,
                }
        });
        if !is_outlet {
            return;
        }
        open.push_back(i);
        stream[i] = 1;
        while let Some(q) = open.pop_front() {
            let (qx, qy) = (q % shape.cols, q / shape.cols);
            for d in 0..8 {
                let Some(j) = shape.neighbor(qx, qy, d) else {
                    continue;
                };
                if flow[j] == MFD_NODATA || mfd_weight(flow[j], INFLOW_OFFSETS[d]) == 0 {
                    continue;
                }
                let s = stream[j];
                if s == 1 || s == 2 {
                    continue;
                }
                if fa[j] >= threshold {
                    stream[j] = 1;
                    open.push_back(j);
                    // promote the provisional (2) pixels downstream of j
                    back.push_back(j);
                    while let Some(b) = back.pop_front() {
                        let (bx, by) = (b % shape.cols, b / shape.cols);
                        for e in 0..8 {
                            if mfd_weight(flow[b], e) == 0 {
                                continue;
                            }
                            if let Some(k) = shape.neighbor(bx, by, e) {
                                if stream[k] == 2 {
                                    stream[k] = 1;
                                    back.push_back(k);
                                }
                            }
                        }
                    }
                } else if fa[j] >= trace {
                    stream[j] = 2;
                    open.push_back(j);
                }
            }
        }
    });
    for s in &mut stream {
        if *s == 2 {
            *s = 0;
        }
    }
    Ok(stream)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn d8_threshold_is_strict() {
        let s = extract_streams_d8(&[1.0, 5.0, 6.0, FA_NODATA], 5.0);
        assert_eq!(s, vec![0, 0, 1, STREAM_NODATA]);
    }

    #[test]
    fn mfd_threshold_is_inclusive_and_traced_from_outlets() {
        // a 4×1 strip flowing east off the raster
        let flow = [15u32; 4];
        let fa = [1.0, 2.0, 3.0, 4.0];
        let s = extract_streams_mfd(&fa, &flow, Shape::new(4, 1), 3.0, 1.0, 256).expect("s");
        assert_eq!(s, vec![0, 0, 1, 1]);
        // with tracing at 0.5·4 = 2, pixel 1 (FA 2) is provisional and dropped
        // because nothing upstream reaches 4
        let s = extract_streams_mfd(&fa, &flow, Shape::new(4, 1), 4.0, 0.5, 256).expect("s");
        assert_eq!(s, vec![0, 0, 0, 1]);
        assert!(extract_streams_mfd(&fa, &flow, Shape::new(4, 1), 4.0, 1.5, 256).is_err());
    }

    #[test]
    fn high_fa_not_connected_to_an_outlet_is_not_a_stream() {
        // pixel 2 has high FA but drains into pixel 3, whose FA is below threshold
        let flow = [15u32; 4];
        let fa = [1.0, 2.0, 9.0, 1.0];
        let s = extract_streams_mfd(&fa, &flow, Shape::new(4, 1), 5.0, 1.0, 256).expect("s");
        assert_eq!(s, vec![0, 0, 0, 0]);
    }
}
