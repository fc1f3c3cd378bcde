//! One streamed pass over a year's rasters: GEP physical quantities by zone.

use super::config::YearInputs;
use super::pixel::ExtraSetup;
use super::sources::open_year;
use crate::error::AppError;
use crate::progress::Progress;
use ecocap_gepmodels::carbon_oxygen::Photosynthesis;
use ecocap_raster::{cell_area_ha_by_row, plan_windows, process_windows, Pixels, RasterSource};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

pub use super::quantities::{TypeParams, TypeSums, INDICATORS, N_IND, POLLUTANTS};

/// What a year's pass needs and uses.
pub struct PassSetup<'a> {
    /// which of [`INDICATORS`] to compute
    pub needed: [bool; N_IND],
    /// class code → type index (None: valued at zero)
    pub code_type: &'a HashMap<i32, Option<usize>>,
    /// per-type parameters
    pub types: &'a TypeParams,
    /// photosynthesis coefficients
    pub photo: Photosynthesis,
    /// air-conditioning days
    pub ac_days: f64,
    /// zones (file, field)
    pub zones: Option<(&'a Path, &'a str)>,
    /// align other grids to the land cover
    pub align: bool,
    /// work directory for aligned copies
    pub work: &'a Path,
    /// LS factor on the land-cover grid (soil retention)
    pub ls: Option<&'a RasterSource>,
    /// soil erodibility K
    pub erodibility: Option<&'a Path>,
    /// sand fixation and water-retention inputs
    pub extra: &'a ExtraSetup<'a>,
}

/// Quantities of one year.
pub struct YearQuantities {
    /// (zone, type index) → sums
    pub sums: BTreeMap<(String, usize), TypeSums>,
    /// notes for the user
    pub notes: Vec<String>,
    /// input files (role, path)
    pub inputs: Vec<(String, PathBuf)>,
}

#[derive(Default)]
struct Acc {
    sums: HashMap<(i32, usize), TypeSums>,
    unmapped: BTreeSet<i32>,
    missing_runoff: BTreeSet<usize>,
    missing_heat: BTreeSet<usize>,
    missing_cp: BTreeSet<usize>,
    gaps: u64,
    negative_water: u64,
    zbuf: Vec<i32>,
    checks: super::pixel::Checks,
}

/// Stream one year.
pub fn year_pass(
    y: &YearInputs,
    setup: &PassSetup<'_>,
    progress: &dyn Progress,
) -> Result<YearQuantities, AppError> {
    let ys = open_year(y, setup)?;
    let (lc, sources, slots) = (&ys.landcover, &ys.sources, ys.slots);
    let rules = ys.rules(setup);
    let mut notes = ys.notes.clone();
    let (zones, zone_ids) = ys.zones(setup)?;
    let row_ha = cell_area_ha_by_row(&lc.grid);
    let nodata = lc.nodata.filter(|v| v.fract() == 0.0).map(|v| v as i32);
    let windows = plan_windows(&lc.grid, lc.block_size);
    let t = setup.types;
    progress.start(&format!("GEP models {}", y.year), lc.grid.cells() as u64);
    let acc = process_windows(
        sources,
        &windows,
        Acc::default,
        |acc, b| {
            let w = b.window;
            let codes: Vec<i32> = match &b.pixels[0] {
                Pixels::U8(v) => v.iter().map(|&c| i32::from(c)).collect(),
                p => p.as_i32().to_vec(),
            };
            let mut zbuf = std::mem::take(&mut acc.zbuf);
            if let Some(z) = &zones {
                z.burn(&lc.grid, &w, &mut zbuf)?;
            }
            for r in 0..w.height {
                let area_ha = row_ha[w.row + r];
                for c in 0..w.width {
                    let i = r * w.width + c;
                    let code = codes[i];
                    if Some(code) == nodata {
                        continue;
                    }
                    let zone = if zones.is_some() { zbuf[i] } else { 1 };
                    if zone <= 0 {
                        continue;
                    }
                    let Some(ty) = setup.code_type.get(&code) else {
                        acc.unmapped.insert(code);
                        continue;
                    };
                    let Some(ty) = *ty else { continue };
                    let values = slots.values(b.pixels, i);
                    let (cell, f) =
                        rules.cell_sums(ty, area_ha, &values, b.pixels, i, &mut acc.checks);
                    acc.sums.entry((zone, ty)).or_default().add(&cell);
                    acc.gaps += f.gaps;
                    acc.negative_water += u64::from(f.negative_water);
                    if f.missing_runoff {
                        acc.missing_runoff.insert(ty);
                    }
                    if f.missing_heat {
                        acc.missing_heat.insert(ty);
                    }
                    if f.missing_cp {
                        acc.missing_cp.insert(ty);
                    }
                }
            }
            acc.zbuf = zbuf;
            Ok(())
        },
        |mut a, b| {
            for (k, v) in b.sums {
                a.sums.entry(k).or_default().add(&v);
            }
            a.unmapped.extend(b.unmapped);
            a.missing_runoff.extend(b.missing_runoff);
            a.missing_heat.extend(b.missing_heat);
            a.missing_cp.extend(b.missing_cp);
            a.gaps += b.gaps;
            a.negative_water += b.negative_water;
            a.checks.merge(b.checks);
            a
        },
        |win| progress.advance(win.cells() as u64),
    )?;
    progress.finish();
    if !acc.unmapped.is_empty() {
        let codes: Vec<String> = acc.unmapped.iter().map(|c| c.to_string()).collect();
        return Err(AppError::input(
            y.landcover.display().to_string(),
            format!(
                "class codes not in the mapping: {}{}",
                codes.join(", "),
                match lc.nodata {
                    Some(v) => format!(" (nodata {v} was excluded)"),
                    None => " (the raster declares no nodata)".into(),
                }
            ),
            "add them to the mapping (type `none` for land valued at zero)",
        ));
    }
    let missing = |set: &BTreeSet<usize>, table: &str, indicator: &str| -> Result<(), AppError> {
        if set.is_empty() {
            return Ok(());
        }
        let ids: Vec<&str> = set.iter().map(|i| t.ids[*i].as_str()).collect();
        Err(AppError::input(
            format!("tables.{table}"),
            format!(
                "no row for ecosystem types {} found in {} (needed by {indicator})",
                ids.join(", "),
                y.year
            ),
            format!("add a row per type to the {table} table"),
        ))
    };
    missing(
        &acc.missing_runoff,
        "runoff_coefficients",
        "water_conservation",
    )?;
    missing(
        &acc.missing_heat,
        "transpiration_heat",
        "climate_regulation_transpiration",
    )?;
    missing(&acc.missing_cp, "usle", "soil_retention_sediment")?;
    missing(
        &acc.checks.missing_velocity,
        "velocity_coefficients",
        "water_conservation",
    )?;
    acc.checks
        .verdict(y.year, setup.extra.wind.as_ref().map(|w| &w.params))?;
    if acc.checks.negative_yield > 0 {
        notes.push(format!(
            "{}: {} cells yield no water (negative yield taken as 0 by the water-retention method)",
            y.year, acc.checks.negative_yield
        ));
    }
    if acc.gaps + acc.checks.gaps > 0 {
        notes.push(format!(
            "{}: {} cell-indicator values skipped where an input raster had no data",
            y.year,
            acc.gaps + acc.checks.gaps
        ));
    }
    if acc.negative_water > 0 {
        notes.push(format!(
            "{}: {} cells lose water (ET + runoff > precipitation); their negative balance is kept",
            y.year, acc.negative_water
        ));
    }
    let mut sums = BTreeMap::new();
    for ((z, ty), v) in acc.sums {
        sums.insert((zone_ids[(z - 1) as usize].clone(), ty), v);
    }
    Ok(YearQuantities {
        sums,
        notes,
        inputs: ys.inputs,
    })
}
