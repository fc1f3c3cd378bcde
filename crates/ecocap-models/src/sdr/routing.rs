//! The routing stage SDR and NDR share (InVEST 3.20 order): fill pits →
//! slope → flow direction (D8 or MFD) → flow accumulation → streams, and
//! the neighbour walks their recursions need. All on whole arrays of the
//! working grid; the algorithms are [`ecocap_hydro`]'s.

use ecocap_hydro::{
    self as hydro, is_nodata, mfd_weight, mfd_weight_sum, FlowGraph, Shape, Weights, D8_NODATA,
    INFLOW_OFFSETS, INVEST_TILE, MFD_NODATA,
};

use crate::error::{ModelError, Result};

/// Flow direction algorithm (`flow_dir_algorithm`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// single steepest direction
    D8,
    /// multiple flow direction
    Mfd,
}

impl Algorithm {
    /// Parse InVEST's option value (ignoring case); MFD when absent.
    pub fn parse(v: Option<&str>) -> Result<Algorithm> {
        match v.map(|s| s.trim().to_ascii_uppercase()) {
            None => Ok(Algorithm::Mfd),
            Some(s) if s == "MFD" || s.is_empty() => Ok(Algorithm::Mfd),
            Some(s) if s == "D8" => Ok(Algorithm::D8),
            Some(s) => Err(ModelError::input(
                "flow_dir_algorithm",
                format!("\"{s}\" is not a flow direction algorithm"),
                "write MFD or D8",
            )),
        }
    }
}

/// Flow directions of either algorithm.
pub enum Directions {
    /// `u8` directions, nodata 128
    D8(Vec<u8>),
    /// packed 4-bit weights, nodata 0
    Mfd(Vec<u32>),
}

fn hydro_err(e: hydro::HydroError) -> ModelError {
    ModelError::input(
        "dem_path",
        e.to_string(),
        "this is an internal inconsistency; please report it",
    )
}

impl Directions {
    /// True when pixel `i` has a flow direction.
    #[inline]
    pub fn valid(&self, i: usize) -> bool {
        match self {
            Directions::D8(d) => d[i] != D8_NODATA,
            Directions::Mfd(d) => d[i] != MFD_NODATA,
        }
    }

    /// The directions as [`hydro::Flow`].
    pub fn flow(&self) -> hydro::Flow<'_> {
        match self {
            Directions::D8(d) => hydro::Flow::D8(d),
            Directions::Mfd(d) => hydro::Flow::Mfd(d),
        }
    }

    /// The flow graph (upslope sets and topological order) of these directions.
    pub fn graph(&self, shape: Shape) -> Result<FlowGraph> {
        FlowGraph::new(self.flow(), shape).map_err(hydro_err)
    }

    /// Weighted (or plain) flow accumulation along `graph` (built from self).
    pub fn accumulate(&self, graph: &FlowGraph, weights: Option<&Weights<'_>>) -> Result<Vec<f64>> {
        graph.accumulate(self.flow(), weights).map_err(hydro_err)
    }

    /// Distance to channel, D8 or MFD rule.
    pub fn distance(
        &self,
        channel: &[u8],
        shape: Shape,
        weights: Option<&Weights<'_>>,
    ) -> Result<Vec<f64>> {
        match self {
            Directions::D8(d) => hydro::distance_to_channel_d8(d, channel, shape, weights),
            Directions::Mfd(d) => hydro::distance_to_channel_mfd(d, channel, shape, weights),
        }
        .map_err(hydro_err)
    }

    /// True when pixel `k` sends flow toward direction `dir`.
    #[inline]
    pub fn drains_to(&self, k: usize, dir: usize) -> bool {
        match self {
            Directions::D8(d) => d[k] as usize == dir,
            Directions::Mfd(d) => mfd_weight(d[k], dir) != 0,
        }
    }

    /// Downslope neighbours of (x, y) as (direction, index or None when
    /// outside the raster, weight): the raw MFD nibble, or 1 for D8.
    pub fn downslope(
        &self,
        shape: Shape,
        x: usize,
        y: usize,
        out: &mut Vec<(usize, Option<usize>, f32)>,
    ) {
        out.clear();
        let i = y * shape.cols + x;
        match self {
            Directions::D8(d) => {
                if d[i] < 8 {
                    out.push((d[i] as usize, shape.neighbor(x, y, d[i] as usize), 1.0));
                }
            }
            Directions::Mfd(d) => {
                for dir in 0..8 {
                    let w = mfd_weight(d[i], dir);
                    if w != 0 {
                        out.push((dir, shape.neighbor(x, y, dir), w as f32));
                    }
                }
            }
        }
    }

    /// Upslope neighbours of (x, y) as (direction from (x, y), index,
    /// proportion of the neighbour's flow reaching (x, y), as f32).
    #[allow(clippy::needless_range_loop)] // `dir` indexes two tables
    pub fn upslope(&self, shape: Shape, x: usize, y: usize, out: &mut Vec<(usize, usize, f32)>) {
        out.clear();
        for dir in 0..8 {
            let Some(j) = shape.neighbor(x, y, dir) else {
                continue;
            };
            match self {
                Directions::D8(d) => {
                    if d[j] as usize == INFLOW_OFFSETS[dir] {
                        out.push((dir, j, 1.0));
                    }
                }
                Directions::Mfd(d) => {
                    let w = mfd_weight(d[j], INFLOW_OFFSETS[dir]);
                    if w != 0 {
                        out.push((dir, j, w as f32 / mfd_weight_sum(d[j]) as f32));
                    }
                }
            }
        }
    }
}

/// Everything the routing stage produces.
pub struct Routed {
    /// grid shape
    pub shape: Shape,
    /// slope, percent (f32, nodata [`hydro::SLOPE_NODATA`])
    pub slope: Vec<f32>,
    /// flow directions
    pub dirs: Directions,
    /// flow accumulation, pixels (nodata [`hydro::FA_NODATA`])
    pub fa: Vec<f64>,
    /// the flow graph, reused by weighted accumulations
    pub graph: FlowGraph,
    /// streams (1/0, nodata 255)
    pub stream: Vec<u8>,
}

/// Run the routing stage on a masked DEM (`f32::MIN` marks nodata).
///
/// # Units
/// `cell` is the signed pixel size (x, y) in metres; `threshold` in pixels.
pub fn route(
    dem: &[f32],
    shape: Shape,
    cell: (f64, f64),
    algorithm: Algorithm,
    threshold: f64,
    trace_proportion: f64,
) -> Result<Routed> {
    let nd = Some(f64::from(f32::MIN));
    let filled = hydro::fill_pits(dem, shape, nd).map_err(hydro_err)?;
    // slope and flow directions both read the filled DEM only: one per core
    let (slope, dirs) = rayon::join(
        || hydro::slope_percent(&filled, shape, nd, cell.0, cell.1).map_err(hydro_err),
        || -> Result<Directions> {
            Ok(match algorithm {
                Algorithm::D8 => Directions::D8(
                    hydro::flow_dir_d8(&filled, shape, nd, INVEST_TILE).map_err(hydro_err)?,
                ),
                Algorithm::Mfd => Directions::Mfd(
                    hydro::flow_dir_mfd(&filled, shape, nd, INVEST_TILE).map_err(hydro_err)?,
                ),
            })
        },
    );
    let (slope, dirs) = (slope?, dirs?);
    drop(filled);
    let graph = dirs.graph(shape)?;
    let fa = dirs.accumulate(&graph, None)?;
    let stream = match &dirs {
        Directions::D8(_) => hydro::extract_streams_d8(&fa, threshold),
        Directions::Mfd(d) => {
            hydro::extract_streams_mfd(&fa, d, shape, threshold, trace_proportion, INVEST_TILE)
                .map_err(hydro_err)?
        }
    };
    Ok(Routed {
        shape,
        slope,
        dirs,
        fa,
        graph,
        stream,
    })
}

/// True when `v` is valid for an array whose nodata is `nd` (InVEST's rule).
#[inline]
pub fn ok(v: f64, nd: f64) -> bool {
    !is_nodata(v, Some(nd))
}
