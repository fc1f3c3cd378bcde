//! Degradation and quality of one scenario, row by row: the row pass of
//! every threat's distance transform feeds the degradation sum directly,
//! and the outputs are written strip by strip while the next strip is
//! computed.

use ecocap_raster::{Grid, Window};
use rayon::prelude::*;

use super::access::Access;
use super::edt::{Dist, Envelope};
use super::kernel::{decay, quality_kz, Decay, Z};
use super::scenario::{ColumnGrid, OTHER};
use crate::error::Result;
use crate::io::layer::strips;
use crate::io::output::{suffixed, write_all, OutRaster, F32_MAX_NODATA};
use crate::registry::{RunContext, RunReport};

/// Column distances kept per threat: past `ceil(max_px) + 1` pixels a
/// threat has no effect (see [`DecayTable`]).
pub fn column_limit(max_px: f64) -> u64 {
    if max_px.is_finite() && max_px < u32::MAX as f64 {
        max_px.max(0.0).ceil() as u64 + 1
    } else {
        u32::MAX as u64
    }
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

/// One threat ready for the row pass.
pub struct Term {
    columns: ColumnGrid,
    table: DecayTable,
    /// sensitivity per class
    sens: Vec<f64>,
    /// w_r / Σw
    w: f64,
}

impl Term {
    /// Threat with column distances `columns`, decay `kind` over `max_px`
    /// pixels, sensitivity per class `sens` and normalised weight `w`.
    pub fn new(columns: ColumnGrid, kind: Decay, max_px: f64, sens: Vec<f64>, w: f64) -> Term {
        Term {
            columns,
            table: DecayTable::new(kind, max_px),
            sens,
            w,
        }
    }

    /// Squared distances of row `r` into `out`; None when the whole row is
    /// beyond the threat's reach.
    fn row_sq(&self, r: usize, width: usize, env: &mut Envelope, out: &mut [u64]) -> Option<()> {
        fn at<T: Dist>(g: &[T], r: usize, w: usize) -> &[T] {
            &g[r * w..(r + 1) * w]
        }
        match &self.columns {
            ColumnGrid::U8(g) => env.row(at(g, r, width), out),
            ColumnGrid::U16(g) => env.row(at(g, r, width), out),
            ColumnGrid::U32(g) => env.row(at(g, r, width), out),
        }
    }
}

/// Per-thread buffers of one row.
struct RowBufs {
    env: Envelope,
    sq: Vec<u64>,
    access: Vec<f64>,
    deg: Vec<f64>,
}

/// The rasters of one scenario.
pub struct Scenario<'a> {
    pub grid: &'a Grid,
    pub cls: &'a [u16],
    pub terms: &'a [Term],
    pub access: Option<&'a Access>,
    /// habitat suitability per class
    pub habitat: &'a [f64],
    pub k: f64,
}

impl Scenario<'_> {
    /// `D = Σ_r i_r · S_r · w_r/Σw · access` (InVEST User's Guide, Habitat
    /// Quality, eq. 1; summed in threat order) and quality of row `r`.
    fn row(&self, r: usize, b: &mut RowBufs, d_out: &mut [f32], q_out: &mut [f32]) {
        let width = self.grid.width;
        let c = &self.cls[r * width..(r + 1) * width];
        b.deg.fill(0.0);
        if let Some(a) = self.access {
            a.row(r, &mut b.access);
        }
        for t in self.terms {
            if !c.iter().any(|c| *c < OTHER && t.sens[*c as usize] != 0.0) {
                continue;
            }
            if t.row_sq(r, width, &mut b.env, &mut b.sq).is_none() {
                continue;
            }
            let cells = c.iter().zip(&b.access).zip(&b.sq).zip(b.deg.iter_mut());
            for (((ci, a), sq), d) in cells {
                if *ci >= OTHER {
                    continue;
                }
                let sr = t.sens[*ci as usize];
                if sr != 0.0 && *a != 0.0 {
                    *d += t.table.get(*sq) * sr * t.w * a;
                }
            }
        }
        let kz = self.k.powf(Z);
        let cells = c
            .iter()
            .zip(&b.deg)
            .zip(d_out.iter_mut().zip(q_out.iter_mut()));
        for ((ci, d), (d_out, q_out)) in cells {
            if *ci >= OTHER {
                (*d_out, *q_out) = (f32::MAX, f32::MAX);
            } else {
                *d_out = *d as f32;
                *q_out = quality_kz(self.habitat[*ci as usize], *d, kz) as f32;
            }
        }
    }

    /// Degradation and quality of strip `w`.
    fn strip(&self, w: &Window) -> (Vec<f32>, Vec<f32>) {
        let width = self.grid.width.max(1);
        let n = w.height * self.grid.width;
        let (mut d, mut q) = (vec![0f32; n], vec![0f32; n]);
        d.par_chunks_mut(width)
            .zip(q.par_chunks_mut(width))
            .enumerate()
            .for_each_init(
                || RowBufs {
                    env: Envelope::default(),
                    sq: vec![0; width],
                    access: vec![1.0; width],
                    deg: vec![0.0; width],
                },
                |b, (i, (d, q))| self.row(w.row + i, b, d, q),
            );
        (d, q)
    }

    /// Write `deg_sum_{tag}.tif` and `quality_{tag}.tif`, computing a strip
    /// while the previous one is compressed.
    pub fn write(
        &self,
        tag: &str,
        sfx: &str,
        ctx: &RunContext<'_>,
        report: &mut RunReport,
    ) -> Result<()> {
        let mut outs = Vec::new();
        for name in [format!("deg_sum_{tag}.tif"), format!("quality_{tag}.tif")] {
            outs.push(OutRaster::create(
                ctx.workspace,
                &suffixed(&name, sfx),
                self.grid,
                F32_MAX_NODATA,
            )?);
        }
        let mut pending: Option<(Window, [Vec<f32>; 2])> = None;
        for w in strips(self.grid) {
            let (done, next) = rayon::join(
                || match pending.take() {
                    Some((pw, bufs)) => write_all(&mut outs, &pw, &bufs),
                    None => Ok(()),
                },
                || self.strip(&w),
            );
            done?;
            pending = Some((w, [next.0, next.1]));
        }
        if let Some((pw, bufs)) = pending {
            write_all(&mut outs, &pw, &bufs)?;
        }
        for o in outs {
            report.outputs.push(o.finish()?);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decay_table_equals_decay_on_the_f32_distance() {
        for kind in [Decay::Linear, Decay::Exponential] {
            for max_px in [0.5, 1.0, 20.0, 66.666_666_666_666_67, 166.7, 2000.0] {
                let t = DecayTable::new(kind, max_px);
                let n = ((max_px + 3.0) * (max_px + 3.0)) as u64;
                for sq in (0..n).chain([n * 7, u32::MAX as u64]) {
                    let want = decay(kind, dist_f32(sq), max_px);
                    assert_eq!(
                        t.get(sq).to_bits(),
                        want.to_bits(),
                        "{kind:?} {max_px} {sq}"
                    );
                }
                // the column distances kept reach every cell with an effect
                let limit = column_limit(max_px) as f64;
                assert!(decay(kind, limit, max_px) == 0.0 && limit <= max_px + 2.0);
            }
        }
    }
}
