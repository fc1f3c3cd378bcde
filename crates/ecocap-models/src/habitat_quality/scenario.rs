//! Degradation and quality of one land-cover scenario, computed threat by
//! threat on the whole grid and written strip by strip.

use std::collections::{BTreeMap, BTreeSet};

use ecocap_raster::Grid;
use rayon::prelude::*;

use super::access::Access;
use super::edt::{Columns, Envelope};
use super::kernel::{decay, quality, Decay};
use super::threats::{Sensitivity, Threat};
use super::SCENARIOS;
use crate::error::{ModelError, Result};
use crate::io::layer::{open_source, strips, Layer};
use crate::io::lut::CodeLut;
use crate::io::output::{suffixed, write_all, OutRaster, F32_MAX_NODATA};
use crate::registry::{RunContext, RunReport};

/// Class of a nodata cell.
pub const NONE: u16 = u16::MAX;
/// Class of a valid code that the sensitivity table lacks.
pub const OTHER: u16 = u16::MAX - 1;

/// Land cover held as a 2-byte index into the sensitivity table's codes.
pub struct Classes {
    /// the table's codes, ascending (class i is `keys[i]`)
    pub keys: Vec<i64>,
    index: CodeLut<u16>,
}

impl Classes {
    /// Classes of the sensitivity table.
    pub fn new(sens: &Sensitivity) -> Result<Classes> {
        let keys: Vec<i64> = sens.habitat.keys().copied().collect();
        if keys.len() >= OTHER as usize {
            return Err(ModelError::input(
                "sensitivity_table_path",
                format!("{} land-cover codes in the table", keys.len()),
                "habitat quality takes at most 65533 classes",
            ));
        }
        let map = keys
            .iter()
            .enumerate()
            .map(|(i, c)| (*c, i as u16))
            .collect();
        Ok(Classes {
            index: CodeLut::new(&map),
            keys,
        })
    }

    /// Classes of every cell of `lulc` and its distinct valid codes.
    pub fn read(&self, lulc: &Layer, grid: &Grid) -> Result<(Vec<u16>, BTreeSet<i64>)> {
        let mut cls: Vec<u16> = Vec::with_capacity(grid.width * grid.height);
        let mut unique = BTreeSet::new();
        let mut last = None;
        for w in strips(grid) {
            for c in lulc.read_codes(&w)? {
                match c {
                    Some(c) => {
                        // land cover comes in runs: skip the set lookup within a run
                        if last != Some(c) {
                            unique.insert(c);
                            last = Some(c);
                        }
                        cls.push(self.index.get(c).unwrap_or(OTHER));
                    }
                    None => cls.push(NONE),
                }
            }
        }
        Ok((cls, unique))
    }

    /// Per-class values of a table column (0 where the column lacks the code).
    pub fn by_class(&self, m: &BTreeMap<i64, f64>) -> Vec<f64> {
        self.keys
            .iter()
            .map(|c| m.get(c).copied().unwrap_or(0.0))
            .collect()
    }
}

/// Column pass of the distance to threat `t` of scenario `s`; None when the
/// threat has no non-zero pixel (it degrades nothing).
pub fn threat_columns(
    t: &Threat,
    s: usize,
    grid: &Grid,
    report: &mut RunReport,
) -> Result<Option<Vec<u32>>> {
    let Some(path) = &t.paths[s] else {
        return Err(ModelError::input(
            "threats_table_path",
            format!("threat '{}' has no {} raster", t.name, SCENARIOS[s].2),
            format!(
                "give a raster path in the {} column for every threat",
                SCENARIOS[s].2
            ),
        ));
    };
    let input = format!(
        "threats_table_path (threat '{}', {})",
        t.name, SCENARIOS[s].2
    );
    let src = open_source(&input, path)?;
    let layer = Layer::from_source(&input, src, grid)?;
    // Read in strips: the threat's values are only needed as a mask.
    let mut cols = Columns::new(grid.width, grid.height);
    for w in strips(grid) {
        let v = layer.read(&w)?;
        if let Some(bad) = v
            .iter()
            .find(|x| !layer.is_nodata(**x) && !(0.0..=1.0).contains(*x))
        {
            return Err(ModelError::input(
                input,
                format!("{}: threat value {bad} is outside [0, 1]", path.display()),
                "threat rasters hold 1 (or a value in (0, 1]) where the threat is and 0 elsewhere; declare the nodata value if it is a nodata marker",
            ));
        }
        for row in v.chunks(grid.width.max(1)) {
            cols.push_row(row.iter().map(|x| !layer.is_nodata(*x) && *x != 0.0));
        }
    }
    report.inputs.push((input, path.clone()));
    if !cols.any() {
        report.notes.push(format!(
            "threat '{}' ({}) has no non-zero pixel: it degrades nothing",
            t.name,
            path.display()
        ));
        return Ok(None);
    }
    Ok(Some(cols.finish()))
}

/// Largest squared distance table kept per threat (8 MB of f64).
const MAX_TABLE: usize = 1 << 20;

/// Decay of one threat by squared pixel distance: tabulated up to just past
/// the reach, the same values as [`decay`] on the f32 distance.
struct DecayTable {
    kind: Decay,
    max_px: f64,
    table: Vec<f64>,
    /// true when every squared distance past the table is beyond the reach
    whole: bool,
}

/// The distance as the float32 InVEST's distance raster stores.
fn dist_f32(sq: u64) -> f64 {
    (sq as f64).sqrt() as f32 as f64
}

impl DecayTable {
    fn new(kind: Decay, max_px: f64) -> DecayTable {
        // past (max_px + 1)² the f32 distance exceeds max_px (f32 spacing
        // is below 1 there while max_px < 2^23)
        let reach = (max_px + 1.0) * (max_px + 1.0);
        let whole = reach.is_finite() && reach < MAX_TABLE as f64;
        let n = if whole { reach.ceil() as usize + 1 } else { 0 };
        let table = (0..n as u64)
            .map(|sq| decay(kind, dist_f32(sq), max_px))
            .collect();
        DecayTable {
            kind,
            max_px,
            table,
            whole,
        }
    }

    #[inline]
    fn get(&self, sq: u64) -> f64 {
        match self.table.get(sq as usize) {
            Some(v) => *v,
            None if self.whole => 0.0,
            None => decay(self.kind, dist_f32(sq), self.max_px),
        }
    }
}

/// Add threat `t`'s term `i_r · S · w_r/Σw · access` to `deg` (InVEST
/// User's Guide, Habitat Quality, eq. 1), row by row in parallel.
#[allow(clippy::too_many_arguments)]
pub fn add_threat(
    deg: &mut [f64],
    g: &[u32],
    cls: &[u16],
    access: Option<&Access>,
    sens_r: &[f64],
    w: f64,
    t: &Threat,
    max_px: f64,
    width: usize,
) {
    let table = DecayTable::new(t.decay, max_px);
    let width = width.max(1);
    deg.par_chunks_mut(width)
        .zip(g.par_chunks(width))
        .zip(cls.par_chunks(width))
        .enumerate()
        .for_each_init(
            || (Envelope::default(), vec![0u64; width], vec![1.0f64; width]),
            |(env, sq, acc), (r, ((d, g), c))| {
                if !c.iter().any(|c| *c < OTHER && sens_r[*c as usize] != 0.0) {
                    return;
                }
                env.row(g, sq);
                if let Some(a) = access {
                    a.row(r, acc);
                }
                for i in 0..d.len() {
                    let c = c[i];
                    if c >= OTHER {
                        continue;
                    }
                    let (sr, a) = (sens_r[c as usize], acc[i]);
                    if sr != 0.0 && a != 0.0 {
                        d[i] += table.get(sq[i]) * sr * w * a;
                    }
                }
            },
        );
}

/// Write `deg_sum_{tag}.tif` and `quality_{tag}.tif` strip by strip.
#[allow(clippy::too_many_arguments)]
pub fn write_outputs(
    tag: &str,
    deg: &[f64],
    cls: &[u16],
    habitat: &[f64],
    k: f64,
    grid: &Grid,
    sfx: &str,
    ctx: &RunContext<'_>,
    report: &mut RunReport,
) -> Result<()> {
    let mut outs = Vec::new();
    for name in [format!("deg_sum_{tag}.tif"), format!("quality_{tag}.tif")] {
        outs.push(OutRaster::create(
            ctx.workspace,
            &suffixed(&name, sfx),
            grid,
            F32_MAX_NODATA,
        )?);
    }
    for w in strips(grid) {
        let cells = w.row * grid.width..(w.row + w.height) * grid.width;
        let (d_out, q_out): (Vec<f32>, Vec<f32>) = cls[cells.clone()]
            .par_iter()
            .zip(deg[cells].par_iter())
            .map(|(c, d)| {
                if *c >= OTHER {
                    (f32::MAX, f32::MAX)
                } else {
                    (*d as f32, quality(habitat[*c as usize], *d, k) as f32)
                }
            })
            .unzip();
        write_all(&mut outs, &w, &[d_out, q_out])?;
    }
    for o in outs {
        report.outputs.push(o.finish()?);
    }
    Ok(())
}
