//! DEM routing for ecocap, with InVEST 3.20 / pygeoprocessing 2.4 semantics.
//!
//! Every algorithm is a pure function over row-major slices and a [`Shape`];
//! file I/O belongs to the callers. Arrays are compact: `u8` D8 directions,
//! `u32` packed MFD weights (InVEST's encoding), `f32` elevations, slopes
//! and weights, `f64` accumulations and distances. See `docs/ROUTING.md`
//! for the algorithms, the encodings, the bytes per pixel and citations.
//!
//! | step | function | output |
//! |---|---|---|
//! | pit filling (priority flood) | [`fill_pits`] | `f32` elevations |
//! | slope in percent (Horn) | [`slope_percent`] | `f32`, nodata [`SLOPE_NODATA`] |
//! | D8 directions | [`flow_dir_d8`] | `u8`, `0=E … 7=SE`, nodata 128 |
//! | MFD directions | [`flow_dir_mfd`] | `u32`, 8 × 4-bit weights, nodata 0 |
//! | flow accumulation | [`flow_accumulation_d8`], [`flow_accumulation_mfd`] | `f64` (counts itself) |
//! | streams | [`extract_streams_d8`] (`FA > t`), [`extract_streams_mfd`] (`FA ≥ t`, traced) | `u8` 1/0, nodata 255 |
//! | distance to channel | [`distance_to_channel_d8`], [`distance_to_channel_mfd`] | `f64` pixel steps, nodata −1 |
//!
//! Where InVEST breaks ties by the order in which it visits pixels (flat
//! resolution, MFD stream tracing), the functions take a tile size and
//! visit in the same order; [`INVEST_TILE`] reproduces InVEST.
//!
//! ```
//! use ecocap_hydro::*;
//! // a 3 × 3 bowl with a pit in the middle, draining east through a notch
//! let dem = [9., 9., 9., 9., 1., 5., 9., 9., 9.];
//! let shape = Shape::new(3, 3);
//! let filled = fill_pits(&dem, shape, None).unwrap();
//! assert_eq!(filled[4], 5.0);
//! let dirs = flow_dir_d8(&filled, shape, None, INVEST_TILE).unwrap();
//! assert_eq!(dirs[4], 0); // the filled pit drains east, to the notch
//! let fa = flow_accumulation_d8(&dirs, shape, None).unwrap();
//! assert!(fa[5] >= 2.0);
//! ```

// Direction loops `for d in 0..8` index several tables and shift bit
// fields by `d`; an iterator over one table would hide that symmetry.
#![allow(clippy::needless_range_loop)]

mod accum;
mod d8;
mod distance;
mod error;
mod fill;
mod graph;
mod grid;
mod mfd;
mod slope;
mod streams;

pub use accum::{flow_accumulation_d8, flow_accumulation_mfd, Weights, FA_NODATA};
pub use d8::{flow_dir_d8, D8_NODATA};
pub use distance::{distance_to_channel_d8, distance_to_channel_mfd, DIST_NODATA};
pub use error::{HydroError, Result};
pub use fill::fill_pits;
pub use graph::{Flow, FlowGraph};
pub use grid::{
    for_each_in_tile_order, for_each_tile, is_nodata, Shape, COL_OFFSETS, INFLOW_OFFSETS,
    INVEST_TILE, ROW_OFFSETS, SQRT2, SQRT2_INV,
};
pub use mfd::{flow_dir_mfd, mfd_weight, mfd_weight_sum, MFD_NODATA};
pub use slope::{slope_percent, SLOPE_NODATA};
pub use streams::{extract_streams_d8, extract_streams_mfd, STREAM_NODATA};
