//! One streaming pass over the opening and closing land-cover maps, the
//! zones, an optional cause raster and the condition rasters: areas of
//! every (zone, opening class, closing class, managed) quadruple and
//! area-weighted sums of every condition raster by (zone, class), with
//! true cell areas ([`cell_area_ha_by_row`]).
//!
//! Areas are accumulated as exact integers (millionths of a hectare,
//! [`Amount`]): each row's cell area is rounded once, so the extent
//! identities hold exactly whatever the window order of the workers.

use crate::error::AppError;
use crate::progress::Progress;
use ecocap_raster::{
    cell_area_ha_by_row, plan_windows, process_windows, RasterSource, ReadAs, Zones,
};
use ecocap_seea::Amount;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A condition raster: which variable, which date.
#[derive(Debug, Clone)]
pub struct ConditionRaster {
    /// index of the variable in the config
    pub variable: usize,
    /// true for the closing date
    pub closing: bool,
    /// the file
    pub path: PathBuf,
}

/// What the pass found.
#[derive(Debug, Default)]
pub struct PassResult {
    /// (zone index from 1, opening code, closing code, managed) → area in millionths of ha
    pub transitions: HashMap<(i32, i32, i32, bool), i128>,
    /// (condition raster index, zone, class code) → (Σ area·value, Σ area)
    pub condition: HashMap<(usize, i32, i32), (f64, f64)>,
    /// zone ids (index 0 = zone 1)
    pub zone_ids: Vec<String>,
    /// cells counted
    pub valid: u64,
    /// cells with nodata in either map
    pub nodata: u64,
    /// cells outside every zone
    pub outside: u64,
    /// zone polygons made valid (one note each)
    pub repaired: Vec<String>,
}

const GRID_HINT: &str = "the opening and closing maps (and every other raster) must share one grid: resample them with gdalwarp -te -tr -t_srs onto the opening map's grid";

fn open_same_grid(path: &Path, reference: &RasterSource) -> Result<RasterSource, AppError> {
    let s = RasterSource::open(path)?;
    s.require_same_grid(reference, GRID_HINT)?;
    Ok(s)
}

fn integer_classes(s: &RasterSource, role: &str) -> Result<(), AppError> {
    if s.is_integer {
        return Ok(());
    }
    Err(AppError::input(
        format!("{role} {}", s.path.display()),
        format!(
            "land cover has floating-point cells ({}); classes must be integers",
            s.data_type
        ),
        "give the classified land-cover raster (integer codes)",
    ))
}

/// The rasters of one pass.
pub struct PassInput<'a> {
    /// land cover at the opening date
    pub opening: &'a Path,
    /// land cover at the closing date
    pub closing: &'a Path,
    /// nodata code when the maps declare none
    pub nodata: Option<f64>,
    /// zones: vector file and id field
    pub zones: Option<(&'a Path, &'a str)>,
    /// cause raster (≠ 0: managed)
    pub cause: Option<&'a Path>,
    /// condition rasters
    pub condition: &'a [ConditionRaster],
    /// opening and closing years (for messages)
    pub years: (i32, i32),
}

/// Stream the rasters; `work` holds the rasterized zones.
pub fn pass(
    input: &PassInput<'_>,
    work: &Path,
    progress: &dyn Progress,
) -> Result<PassResult, AppError> {
    let PassInput {
        opening,
        closing,
        nodata,
        zones,
        cause,
        condition,
        years,
    } = *input;
    let lc0 = RasterSource::open(opening)?.with_nodata(nodata);
    let lc1 = open_same_grid(closing, &lc0)?.with_nodata(nodata);
    integer_classes(&lc0, "[extent] opening")?;
    integer_classes(&lc1, "[extent] closing")?;
    let mut sources = vec![(lc0.clone(), ReadAs::I32), (lc1.clone(), ReadAs::I32)];
    let zones = match zones {
        Some((p, f)) => {
            Some(Zones::rasterize(p, f, &lc0.grid, work).map_err(|e| e.with_raster(&lc0.path))?)
        }
        None => None,
    };
    let zone_slot = zones.as_ref().map(|z| {
        sources.push((z.raster.clone(), ReadAs::I32));
        sources.len() - 1
    });
    let cause_slot = match cause {
        Some(p) => {
            let s = open_same_grid(p, &lc0)?;
            let nd = s.nodata;
            sources.push((s, ReadAs::F64));
            Some((sources.len() - 1, nd))
        }
        None => None,
    };
    let mut cond_slots = Vec::new();
    for (k, c) in condition.iter().enumerate() {
        let s = open_same_grid(&c.path, &lc0)?;
        let nd = s.nodata;
        sources.push((s, ReadAs::F64));
        cond_slots.push((k, sources.len() - 1, c.closing, nd));
    }
    let nd0 = lc0.nodata.filter(|v| v.fract() == 0.0).map(|v| v as i32);
    let nd1 = lc1.nodata.filter(|v| v.fract() == 0.0).map(|v| v as i32);
    let row_area = cell_area_ha_by_row(&lc0.grid);
    let row_q: Vec<i128> = row_area.iter().map(|a| Amount::from_f64(*a).0).collect();
    let windows = plan_windows(&lc0.grid, lc0.block_size);
    progress.start("SEEA extent and condition", lc0.grid.cells() as u64);
    let mut res = process_windows(
        &sources,
        &windows,
        PassResult::default,
        |acc, b| {
            let w = b.window;
            let (a0, a1) = (b.pixels[0].as_i32(), b.pixels[1].as_i32());
            let zv = zone_slot.map(|s| b.pixels[s].as_i32());
            for r in 0..w.height {
                let q = row_q[w.row + r];
                let area = row_area[w.row + r];
                for c in 0..w.width {
                    let i = r * w.width + c;
                    let (c0, c1) = (a0[i], a1[i]);
                    if Some(c0) == nd0 || Some(c1) == nd1 {
                        acc.nodata += 1;
                        continue;
                    }
                    let zone = zv.map_or(1, |z| z[i]);
                    if zone <= 0 {
                        acc.outside += 1;
                        continue;
                    }
                    acc.valid += 1;
                    let managed = cause_slot.is_some_and(|(s, nd)| {
                        let v = b.pixels[s].as_f64()[i];
                        v.is_finite() && Some(v) != nd && v != 0.0
                    });
                    *acc.transitions.entry((zone, c0, c1, managed)).or_default() += q;
                    for &(k, s, closing, nd) in &cond_slots {
                        let v = b.pixels[s].as_f64()[i];
                        if v.is_finite() && Some(v) != nd {
                            let code = if closing { c1 } else { c0 };
                            let e = acc.condition.entry((k, zone, code)).or_default();
                            e.0 += area * v;
                            e.1 += area;
                        }
                    }
                }
            }
            Ok(())
        },
        |mut a, b| {
            for (k, v) in b.transitions {
                *a.transitions.entry(k).or_default() += v;
            }
            for (k, v) in b.condition {
                let e = a.condition.entry(k).or_default();
                e.0 += v.0;
                e.1 += v.1;
            }
            a.valid += b.valid;
            a.nodata += b.nodata;
            a.outside += b.outside;
            a
        },
        |win| progress.advance(win.cells() as u64),
    )?;
    progress.finish();
    if res.valid == 0 {
        // name the map (and year) that has no class at all, if one has none
        crate::plausible::check_landcover(&lc0, years.0, progress)?;
        crate::plausible::check_landcover(&lc1, years.1, progress)?;
        return Err(AppError::input(
            format!("[extent] {}", opening.display()),
            "no cell has a class in both maps inside a zone",
            "check the nodata value of the maps and that the zones overlap them",
        ));
    }
    res.repaired = zones
        .as_ref()
        .map(|z| z.repaired.clone())
        .unwrap_or_default();
    res.zone_ids = match &zones {
        Some(z) => z.ids.clone(),
        None => vec!["all".to_string()],
    };
    Ok(res)
}
