//! Per-pixel value density (yuan/ha) of each raster indicator and of their
//! total, after valuation.
//!
//! Every raster quantity is a sum of per-cell contributions (`cell.rs`,
//! `quantity.rs`), and the GEP engine values a zone's quantity linearly.
//! So a cell's value is its share of the zone's quantity times the zone's
//! value: `v_cell = V_zone · q_cell / Q_zone`, and the density rasters sum
//! (× cell area) exactly to the account. Where purification is bounded by
//! emissions, `Q_zone` is the unbounded capacity, so the bounded value is
//! spread over the cells in proportion to their capacity.

use super::cell::CellRules;
use super::config::{DensityRasters, YearInputs};
use super::pass::PassSetup;
use super::pixel::Checks;
use super::quantities::{type_quantities, QuantityParams};
use super::quantities::{INDICATORS, N_IND};
use super::sources::open_year;
use crate::error::AppError;
use crate::progress::Progress;
use ecocap_raster::{
    cell_area_ha_by_row, plan_windows, process_windows, Grid, Pixels, RasterError, TiffWriter,
    WriteType, ZoneShapes,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Nodata of the density rasters.
pub const DENSITY_NODATA: f32 = -3.402_823_5e38;

/// Yuan per unit of quantity, by zone id and indicator index, and whether
/// the indicator counts towards the total.
#[derive(Debug, Clone, Default)]
pub struct UnitValues {
    /// (zone, indicator index) → (yuan per unit, counted in GEP)
    pub by_zone: HashMap<(String, usize), (f64, bool)>,
}

/// A coarse copy of the total density, for the per-pixel map.
pub struct Preview {
    /// columns
    pub width: usize,
    /// rows
    pub height: usize,
    /// mean density of the valid cells under each preview cell (NaN: none)
    pub values: Vec<f32>,
    /// the preview's grid (same extent as the land cover)
    pub grid: Grid,
}

/// What the density pass wrote.
pub struct DensityOutput {
    /// rasters written (final names, inside the staging directory)
    pub files: Vec<PathBuf>,
    /// the total density, coarsened for maps
    pub preview: Preview,
}

/// The preview size: at most `max_px` along the longer side.
pub fn preview_grid(g: &Grid, max_px: usize) -> (Grid, usize) {
    let f = g.width.max(g.height).div_ceil(max_px).max(1);
    let (w, h) = (g.width.div_ceil(f), g.height.div_ceil(f));
    let mut gt = g.geo_transform;
    gt[1] *= f as f64;
    gt[5] *= f as f64;
    let pg = Grid {
        width: w,
        height: h,
        geo_transform: gt,
        ..g.clone()
    };
    (pg, f)
}

struct Acc {
    zbuf: Vec<i32>,
    // range checks were made by the zone pass; here they are only collected
    checks: Checks,
}

/// The preview's sums and counts, added to by each window.
struct PreviewSums {
    sum: Vec<f64>,
    count: Vec<u32>,
}

/// Write `dir/gep_density_<year>.tif` and `dir/<indicator>_<year>.tif`
/// for every computed indicator with a value.
#[allow(clippy::too_many_arguments)]
pub fn density_pass(
    y: &YearInputs,
    setup: &PassSetup<'_>,
    qp: &QuantityParams,
    unit_values: &UnitValues,
    mode: DensityRasters,
    dir: &Path,
    preview_px: usize,
    progress: &dyn Progress,
) -> Result<DensityOutput, AppError> {
    let ys = open_year(y, setup)?;
    let (lc, slots) = (&ys.landcover, ys.slots);
    let rules = CellRules {
        needed: setup.needed,
        balance: ys.balance,
        types: setup.types,
        extra: setup.extra,
        extra_slots: ys.extra_slots,
    };
    let zones = match setup.zones {
        Some((p, f)) => Some(ZoneShapes::read(p, f, &lc.grid)?),
        None => None,
    };
    let zone_ids: Vec<String> = zones
        .as_ref()
        .map(|z| z.ids.clone())
        .unwrap_or_else(|| vec!["all".into()]);
    // factors[zone index − 1][k]: yuan per unit, 0 when not valued
    let mut factors = vec![[0.0f64; N_IND]; zone_ids.len()];
    let mut counted = vec![[false; N_IND]; zone_ids.len()];
    let mut written = [false; N_IND];
    for (zi, z) in zone_ids.iter().enumerate() {
        for k in 0..N_IND {
            if let Some((f, c)) = unit_values.by_zone.get(&(z.clone(), k)) {
                factors[zi][k] = *f;
                counted[zi][k] = *c;
                written[k] = setup.needed[k];
            }
        }
    }
    if mode != DensityRasters::None {
        std::fs::create_dir_all(dir).map_err(|e| AppError::OutDir {
            path: dir.to_path_buf(),
            detail: e.to_string(),
        })?;
    }
    let g = &lc.grid;
    let create = |name: String| -> Result<Mutex<TiffWriter>, AppError> {
        let p = dir.join(name);
        Ok(Mutex::new(TiffWriter::create(
            &p,
            g,
            WriteType::F32,
            Some(f64::from(DENSITY_NODATA)),
        )?))
    };
    let total_w = match mode {
        DensityRasters::None => None,
        _ => Some(create(format!("gep_density_{}.tif", y.year))?),
    };
    let mut ind_w: Vec<(usize, Mutex<TiffWriter>)> = Vec::new();
    if mode == DensityRasters::All {
        for (k, (id, _)) in INDICATORS.iter().enumerate() {
            if written[k] {
                ind_w.push((k, create(format!("{id}_{}.tif", y.year))?));
            }
        }
    }
    let (pgrid, f) = preview_grid(g, preview_px);
    let row_ha = cell_area_ha_by_row(g);
    let nodata = lc.nodata.filter(|v| v.fract() == 0.0).map(|v| v as i32);
    let windows = plan_windows(g, lc.block_size);
    let n = setup.needed;
    let shared = Mutex::new(PreviewSums {
        sum: vec![0.0; pgrid.width * pgrid.height],
        count: vec![0; pgrid.width * pgrid.height],
    });
    progress.start(&format!("value density {}", y.year), g.cells() as u64);
    process_windows(
        &ys.sources,
        &windows,
        || Acc {
            zbuf: Vec::new(),
            checks: Checks::default(),
        },
        |acc, b| {
            let w = b.window;
            let codes: Vec<i32> = match &b.pixels[0] {
                Pixels::U8(v) => v.iter().map(|&c| i32::from(c)).collect(),
                p => p.as_i32().to_vec(),
            };
            if let Some(z) = &zones {
                z.burn(g, &w, &mut acc.zbuf)?;
            }
            let mut total = vec![DENSITY_NODATA; w.cells()];
            // this window's part of the preview
            let (pc0, pr0) = (w.col / f, w.row / f);
            let pw = (w.col + w.width - 1) / f - pc0 + 1;
            let ph = (w.row + w.height - 1) / f - pr0 + 1;
            let mut psum = vec![0.0f64; pw * ph];
            let mut pcount = vec![0u32; pw * ph];
            let mut per: Vec<Vec<f32>> = ind_w
                .iter()
                .map(|_| vec![DENSITY_NODATA; w.cells()])
                .collect();
            for r in 0..w.height {
                let area_ha = row_ha[w.row + r];
                for c in 0..w.width {
                    let i = r * w.width + c;
                    let code = codes[i];
                    let zone = if zones.is_some() { acc.zbuf[i] } else { 1 };
                    if Some(code) == nodata || zone <= 0 {
                        continue;
                    }
                    let zi = (zone - 1) as usize;
                    let mut sum = 0.0f64;
                    // unmapped codes were refused by the pass; None types are worth 0
                    if let Some(Some(ty)) = setup.code_type.get(&code) {
                        let values = slots.values(b.pixels, i);
                        let (cell, _) =
                            rules.cell_sums(*ty, area_ha, &values, b.pixels, i, &mut acc.checks);
                        let q = type_quantities(*ty, &cell, setup.types, qp);
                        for k in 0..N_IND {
                            if n[k] && counted[zi][k] {
                                sum += factors[zi][k] * q[k];
                            }
                        }
                        for (slot, (k, _)) in per.iter_mut().zip(&ind_w) {
                            slot[i] = (factors[zi][*k] * q[*k] / area_ha) as f32;
                        }
                    } else {
                        for slot in per.iter_mut() {
                            slot[i] = 0.0;
                        }
                    }
                    let d = sum / area_ha;
                    total[i] = d as f32;
                    let pi = ((w.row + r) / f - pr0) * pw + (w.col + c) / f - pc0;
                    psum[pi] += d;
                    pcount[pi] += 1;
                }
            }
            {
                let mut p = shared.lock().map_err(|_| poisoned(dir))?;
                for pr in 0..ph {
                    for pc in 0..pw {
                        let (li, gi) = (pr * pw + pc, (pr0 + pr) * pgrid.width + pc0 + pc);
                        p.sum[gi] += psum[li];
                        p.count[gi] += pcount[li];
                    }
                }
            }
            if let Some(tw) = &total_w {
                lock(tw, dir)?.write_f32(&w, &total)?;
            }
            for ((_, wr), data) in ind_w.iter().zip(&per) {
                lock(wr, dir)?.write_f32(&w, data)?;
            }
            Ok(())
        },
        |a, _| a,
        |win| progress.advance(win.cells() as u64),
    )?;
    progress.finish();
    let mut files = Vec::new();
    if let Some(tw) = total_w {
        files.push(finish(tw)?);
    }
    for (_, wr) in ind_w {
        files.push(finish(wr)?);
    }
    let p = shared
        .into_inner()
        .map_err(|_| AppError::Internal("preview lock poisoned".into()))?;
    let values = p
        .sum
        .iter()
        .zip(&p.count)
        .map(|(s, c)| {
            if *c == 0 {
                f32::NAN
            } else {
                (s / f64::from(*c)) as f32
            }
        })
        .collect();
    Ok(DensityOutput {
        files,
        preview: Preview {
            width: pgrid.width,
            height: pgrid.height,
            values,
            grid: pgrid,
        },
    })
}

fn poisoned(dir: &Path) -> RasterError {
    RasterError::Write {
        path: dir.to_path_buf(),
        detail: "a writer thread panicked".into(),
    }
}

fn lock<'a>(
    m: &'a Mutex<TiffWriter>,
    dir: &Path,
) -> Result<std::sync::MutexGuard<'a, TiffWriter>, RasterError> {
    m.lock().map_err(|_| poisoned(dir))
}

fn finish(m: Mutex<TiffWriter>) -> Result<PathBuf, AppError> {
    let w = m
        .into_inner()
        .map_err(|_| AppError::Internal("density writer lock poisoned".into()))?;
    Ok(w.finish()?)
}
