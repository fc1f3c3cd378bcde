//! One streamed pass over a year's rasters: GEP physical quantities by zone.

use super::config::YearInputs;
use super::pixel::{ExtraSetup, Source};
use crate::error::AppError;
use crate::progress::Progress;
use ecocap_gepmodels::carbon_oxygen::Photosynthesis;
use ecocap_gepmodels::water_balance;
use ecocap_raster::{
    align_to_grid, cell_area_ha_by_row, plan_windows, process_windows, Pixels, RasterSource,
    ReadAs, Resampling, ZoneShapes,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

pub use super::quantities::{
    quantities, QuantityParams, TypeParams, TypeSums, YearSums, INDICATORS, N_IND, POLLUTANTS,
};

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

fn open_aligned(
    p: &Path,
    reference: &RasterSource,
    setup: &PassSetup<'_>,
    notes: &mut Vec<String>,
) -> Result<RasterSource, AppError> {
    let s = RasterSource::open(p)?;
    if s.grid.differences(&reference.grid).is_empty() {
        return Ok(s);
    }
    if !setup.align {
        s.require_same_grid(
            reference,
            "set `align = true` in the configuration, or prepare the rasters on one grid",
        )?;
    }
    let out = setup.work.join(format!("aligned_{}.tif", notes.len()));
    let a = align_to_grid(&s, &reference.grid, Resampling::Bilinear, &out)?;
    notes.push(format!(
        "{} aligned to {} (bilinear)",
        p.display(),
        reference.path.display()
    ));
    Ok(a)
}

/// Stream one year.
pub fn year_pass(
    y: &YearInputs,
    setup: &PassSetup<'_>,
    progress: &dyn Progress,
) -> Result<YearQuantities, AppError> {
    let mut notes = Vec::new();
    let mut inputs = vec![(format!("landcover {}", y.year), y.landcover.clone())];
    let lc = RasterSource::open(&y.landcover)?;
    if !lc.is_integer {
        return Err(AppError::input(
            y.landcover.display().to_string(),
            format!(
                "land cover has {} cells; classes must be integers",
                lc.data_type
            ),
            "give the classified land-cover raster",
        ));
    }
    let read_lc = if lc.data_type == "Byte" {
        ReadAs::U8
    } else {
        ReadAs::I32
    };
    let mut sources = vec![(lc.clone(), read_lc)];
    let mut slot = |p: &Option<PathBuf>,
                    role: &str,
                    sources: &mut Vec<(RasterSource, ReadAs)>,
                    notes: &mut Vec<String>|
     -> Result<Option<(usize, Option<f64>)>, AppError> {
        match p {
            None => Ok(None),
            Some(p) => {
                inputs.push((format!("{role} {}", y.year), p.clone()));
                let s = open_aligned(p, &lc, setup, notes)?;
                let nd = s.nodata;
                sources.push((s, ReadAs::F64));
                Ok(Some((sources.len() - 1, nd)))
            }
        }
    };
    let n = setup.needed;
    let ret = setup.extra.retention.is_some();
    let balance = n[2] && !ret;
    let npp = if n[0] || n[1] {
        slot(&y.npp, "npp", &mut sources, &mut notes)?
    } else {
        None
    };
    let rh = if n[0] || n[1] {
        slot(&y.rh, "rh", &mut sources, &mut notes)?
    } else {
        None
    };
    let pe = balance || (ret && y.water_yield.is_none());
    let pr = if pe {
        slot(&y.precipitation, "precipitation", &mut sources, &mut notes)?
    } else {
        None
    };
    let et = if pe {
        slot(&y.et, "et", &mut sources, &mut notes)?
    } else {
        None
    };
    let slots = {
        let mut open = |src: Source<'_>| -> Result<super::pixel::Slot, AppError> {
            match src {
                Source::Input(p, role) => slot(&p, role, &mut sources, &mut notes),
                Source::Work(s) => {
                    sources.push((s.clone(), ReadAs::F64));
                    Ok(Some((sources.len() - 1, s.nodata)))
                }
            }
        };
        super::pixel::open_slots(y, setup.extra, (pr, et), &mut open)?
    };
    let soil = n[7] || n[8] || n[9];
    let rs = if soil {
        slot(&y.erosivity, "erosivity", &mut sources, &mut notes)?
    } else {
        None
    };
    let ks = if soil {
        slot(
            &setup.erodibility.map(Path::to_path_buf),
            "erodibility",
            &mut sources,
            &mut notes,
        )?
    } else {
        None
    };
    let lss = match (soil, setup.ls) {
        (true, Some(l)) => {
            sources.push((l.clone(), ReadAs::F64));
            Some((sources.len() - 1, l.nodata))
        }
        _ => None,
    };
    let ev = if n[4] {
        slot(&y.evaporation, "evaporation", &mut sources, &mut notes)?
    } else {
        None
    };
    let zones = match setup.zones {
        Some((p, f)) => Some(ZoneShapes::read(p, f, &lc.grid)?),
        None => None,
    };
    let zone_ids: Vec<String> = zones
        .as_ref()
        .map(|z| z.ids.clone())
        .unwrap_or_else(|| vec!["all".into()]);
    let row_ha = cell_area_ha_by_row(&lc.grid);
    let nodata = lc.nodata.filter(|v| v.fract() == 0.0).map(|v| v as i32);
    let windows = plan_windows(&lc.grid, lc.block_size);
    let t = setup.types;
    let valid = |v: f64, nd: Option<f64>| v.is_finite() && Some(v) != nd;
    progress.start(&format!("GEP models {}", y.year), lc.grid.cells() as u64);
    let acc = process_windows(
        &sources,
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
            let f = |s: Option<(usize, Option<f64>)>, i: usize| {
                s.map(|(k, nd)| (b.pixels[k].as_f64()[i], nd))
            };
            for r in 0..w.height {
                let area_ha = row_ha[w.row + r];
                let area_m2 = area_ha * 1e4;
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
                    let q = acc.sums.entry((zone, ty)).or_default();
                    q.area_m2 += area_m2;
                    if n[0] || n[1] {
                        match (f(npp, i), f(rh, i)) {
                            (Some((v, nd)), rhv) if valid(v, nd) => {
                                let rhv = rhv.filter(|(x, nd)| valid(*x, *nd)).map(|x| x.0);
                                q.carbon_g += (v - rhv.unwrap_or(0.0)) * area_m2;
                            }
                            _ => acc.gaps += 1,
                        }
                    }
                    if setup.extra.wind.is_some() || ret {
                        super::pixel::cell(
                            setup.extra,
                            &slots,
                            b.pixels,
                            i,
                            ty,
                            t.velocity[ty],
                            area_m2,
                            q,
                            &mut acc.checks,
                        );
                    }
                    if balance {
                        match (f(pr, i), f(et, i), t.runoff[ty]) {
                            (Some((p, pnd)), Some((e, end)), Some(a))
                                if valid(p, pnd) && valid(e, end) =>
                            {
                                if water_balance::retained_mm(p, e, a) < 0.0 {
                                    acc.negative_water += 1;
                                }
                                q.p_area += p * area_m2;
                                q.p_minus_et_area += (p - e) * area_m2;
                            }
                            (_, _, None) => {
                                acc.missing_runoff.insert(ty);
                            }
                            _ => acc.gaps += 1,
                        }
                    }
                    if n[3] && t.heat[ty].is_none() {
                        acc.missing_heat.insert(ty);
                    }
                    if soil {
                        match (f(rs, i), f(ks, i), f(lss, i), t.cp[ty]) {
                            (Some((r, rnd)), Some((k, knd)), Some((l, lnd)), Some(_))
                                if valid(r, rnd) && valid(k, knd) && valid(l, lnd) =>
                            {
                                q.rkls_t += r * k * l * area_ha;
                            }
                            (_, _, _, None) => {
                                acc.missing_cp.insert(ty);
                            }
                            _ => acc.gaps += 1,
                        }
                    }
                    if n[4] && t.water[ty] {
                        match f(ev, i) {
                            Some((v, nd)) if valid(v, nd) => q.evap_area += v * area_m2,
                            _ => acc.gaps += 1,
                        }
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
        inputs,
    })
}
