//! The per-cell part of a year's pass for sand fixation (RWEQ) and the
//! water-retention method: which rasters it reads, the kernel per cell,
//! and the range checks that catch a raster in the wrong unit (a fraction
//! where percent is expected, and the reverse).

use super::config::YearInputs;
use super::quantities::TypeSums;
use super::wind::{sand_fixed_kg_m2, weather_factor, SoilTexture, WindParams};
use crate::error::AppError;
use ecocap_gepmodels::water_retention as wr;
use ecocap_raster::{Pixels, RasterSource};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A raster in the pass: (index in the sources, nodata).
pub type Slot = Option<(usize, Option<f64>)>;

/// Static inputs of the two models (configuration, work rasters).
pub struct ExtraSetup<'a> {
    /// sand fixation: constants, soil rasters (sand, silt, clay, OM,
    /// CaCO₃), K' (a configured raster or one computed from the DEM)
    pub wind: Option<WindSetup<'a>>,
    /// water retention: Ksat raster, the TI-term work raster and the
    /// factor from the raster's Ksat unit to cm/d
    pub retention: Option<(&'a Path, &'a RasterSource, f64)>,
}

/// Sand fixation's static inputs.
pub struct WindSetup<'a> {
    /// constants
    pub params: WindParams,
    /// sand, silt, clay, organic matter, CaCO₃ (optional) rasters, %
    pub soil: [Option<&'a Path>; 5],
    /// K': the configured raster (aligned like any input), else the one
    /// computed from the DEM on the land-cover grid
    pub k_prime: Result<&'a Path, &'a RasterSource>,
    /// vegetation coefficient a by type, and the default
    pub coef: (&'a [Option<f64>], f64),
}

/// The rasters one year's cells read for the two models.
#[derive(Default, Clone, Copy)]
pub struct Slots {
    /// WF, Wf, SW, snow days, FVC
    pub weather: [Slot; 5],
    /// sand, silt, clay, OM, CaCO₃, K'
    pub soil: [Slot; 6],
    /// water yield, P, ET, Ksat, TI term
    pub water: [Slot; 5],
}

/// Range checks and notes collected over the cells.
#[derive(Default)]
pub struct Checks {
    /// input → (cells out of range, an example value)
    pub out_of_range: BTreeMap<&'static str, (u64, f64)>,
    /// largest FVC value read (raster units)
    pub fvc_max: f64,
    /// largest sand/silt/clay value read
    pub texture_max: f64,
    /// cells whose water yield was negative (taken as 0)
    pub negative_yield: u64,
    /// types without a velocity coefficient
    pub missing_velocity: BTreeSet<usize>,
    /// cell values skipped for a nodata input
    pub gaps: u64,
}

impl Checks {
    /// Merge another window's checks.
    pub fn merge(&mut self, o: Checks) {
        for (k, (n, v)) in o.out_of_range {
            let e = self.out_of_range.entry(k).or_insert((0, v));
            e.0 += n;
        }
        self.fvc_max = self.fvc_max.max(o.fvc_max);
        self.texture_max = self.texture_max.max(o.texture_max);
        self.negative_yield += o.negative_yield;
        self.missing_velocity.extend(o.missing_velocity);
        self.gaps += o.gaps;
    }

    fn range(&mut self, name: &'static str, v: f64, lo: f64, hi: f64) -> bool {
        if (lo..=hi).contains(&v) {
            return true;
        }
        self.out_of_range.entry(name).or_insert((0, v)).0 += 1;
        false
    }

    /// Refuse what the cells showed to be in the wrong unit or range.
    pub fn verdict(&self, year: i32, wind: Option<&WindParams>) -> Result<(), AppError> {
        if let Some((name, (n, v))) = self.out_of_range.iter().next() {
            let hint = match *name {
                "fvc" => "give FVC in the unit `[wind_erosion] fvc_unit` declares (percent 0–100 or fraction 0–1)",
                "soil_wetness" => "SW is a ratio 0–1",
                "snow_days" => "days with snow cover, 0 to `period_days`",
                _ => "soil contents are percentages 0–100",
            };
            return Err(AppError::input(
                format!("{name} ({year})"),
                format!("{n} cells outside the valid range, e.g. {v}"),
                hint,
            ));
        }
        if let Some(p) = wind {
            if p.fvc_to_percent == 1.0 && self.fvc_max > 0.0 && self.fvc_max <= 1.0 {
                return Err(AppError::input(
                    format!("fvc ({year})"),
                    format!("fvc_unit = \"percent\" but no cell exceeds 1 (largest {})", self.fvc_max),
                    "the raster looks like a fraction: set fvc_unit = \"fraction\", or multiply it by 100",
                ));
            }
            if self.texture_max > 0.0 && self.texture_max <= 1.0 {
                return Err(AppError::input(
                    format!("sand/silt/clay ({year})"),
                    format!("no cell exceeds 1 % (largest {})", self.texture_max),
                    "the soil rasters look like fractions: give percentages (× 100)",
                ));
            }
        }
        Ok(())
    }
}

/// A raster a year's pass opens: a configured input (aligned to the land
/// cover, recorded in the manifest) or a work raster already on its grid.
pub enum Source<'a> {
    /// an input path (absent: no slot) and its role
    Input(Option<std::path::PathBuf>, &'static str),
    /// a work raster
    Work(&'a RasterSource),
}

/// The slots of one year: `open` adds a raster to the pass; `pe` are the
/// precipitation and ET slots (P − ET is the yield when none is given).
pub fn open_slots<'a>(
    y: &YearInputs,
    extra: &ExtraSetup<'a>,
    pe: (Slot, Slot),
    open: &mut dyn FnMut(Source<'a>) -> Result<Slot, AppError>,
) -> Result<Slots, AppError> {
    let mut slots = Slots::default();
    if let Some(w) = &extra.wind {
        for (k, (p, role)) in [
            (&y.wind_factor, "wind_factor"),
            (&y.wind_energy, "wind_energy"),
            (&y.soil_wetness, "soil_wetness"),
            (&y.snow_days, "snow_days"),
            (&y.fvc, "fvc"),
        ]
        .into_iter()
        .enumerate()
        {
            // a given WF makes the wind term, SW and snow days unused
            if k == 0 || k == 4 || y.wind_factor.is_none() {
                slots.weather[k] = open(Source::Input(p.clone(), role))?;
            }
        }
        let roles = ["sand", "silt", "clay", "organic_matter", "caco3"];
        for (k, p) in w.soil.iter().enumerate() {
            slots.soil[k] = open(Source::Input(p.map(Path::to_path_buf), roles[k]))?;
        }
        slots.soil[5] = match w.k_prime {
            Ok(p) => open(Source::Input(Some(p.to_path_buf()), "roughness"))?,
            Err(k) => open(Source::Work(k))?,
        };
    }
    if let Some((ksat, ti, _)) = extra.retention {
        slots.water[0] = open(Source::Input(y.water_yield.clone(), "water_yield"))?;
        (slots.water[1], slots.water[2]) = pe;
        slots.water[3] = open(Source::Input(Some(ksat.to_path_buf()), "ksat"))?;
        slots.water[4] = open(Source::Work(ti))?;
    }
    Ok(slots)
}

fn value(pixels: &[Pixels], s: Slot, i: usize) -> Option<f64> {
    let (k, nd) = s?;
    let v = pixels[k].as_f64()[i];
    (v.is_finite() && Some(v) != nd).then_some(v)
}

/// One cell: adds sand fixed (t) and water retained before the velocity
/// term (mm·m²) to `q`.
#[allow(clippy::too_many_arguments)]
pub fn cell(
    extra: &ExtraSetup<'_>,
    slots: &Slots,
    pixels: &[Pixels],
    i: usize,
    ty: usize,
    velocity: Option<f64>,
    area_m2: f64,
    q: &mut TypeSums,
    chk: &mut Checks,
) {
    let get = |s: Slot| value(pixels, s, i);
    if let Some(w) = &extra.wind {
        let p = &w.params;
        let [wf, we, sw, snow, fvc] = slots.weather.map(get);
        let [sa, si, cl, om, ca, k] = slots.soil.map(get);
        let weather = match (wf, we, sw, snow) {
            (Some(wf), _, _, _) => Some(wf),
            (None, Some(e), Some(sw), Some(sd)) => {
                let ok = chk.range("soil_wetness", sw, 0.0, 1.0)
                    & chk.range("snow_days", sd, 0.0, p.period_days);
                ok.then(|| weather_factor(None, e, sw, sd, p))
            }
            _ => None,
        };
        match (weather, fvc, sa, si, cl, om, k) {
            (Some(wf), Some(f), Some(sa), Some(si), Some(cl), Some(om), Some(k)) => {
                chk.fvc_max = chk.fvc_max.max(f);
                chk.texture_max = chk.texture_max.max(sa.max(si).max(cl));
                let caco3 = ca.unwrap_or(0.0);
                let ok = chk.range("fvc", f * p.fvc_to_percent, 0.0, 100.0)
                    & chk.range("sand", sa, 0.0, 100.0)
                    & chk.range("silt", si, 0.0, 100.0)
                    & chk.range("clay", cl, 0.0, 100.0)
                    & chk.range("organic_matter", om, 0.0, 100.0)
                    & chk.range("caco3", caco3, 0.0, 100.0);
                if ok {
                    let soil = SoilTexture {
                        sand: sa,
                        silt: si,
                        clay: cl,
                        om,
                        caco3,
                    };
                    let a = w.coef.0[ty].unwrap_or(w.coef.1);
                    let kg_m2 = sand_fixed_kg_m2(wf, f * p.fvc_to_percent, &soil, k, a, p.z);
                    q.sand_t += kg_m2 * area_m2 / 1000.0;
                }
            }
            _ => chk.gaps += 1,
        }
    }
    if let Some((_, _, to_cm_per_day)) = extra.retention {
        let [wy, pr, et, ksat, ti] = slots.water.map(get);
        let y = wy.or(match (pr, et) {
            (Some(p), Some(e)) => Some(p - e),
            _ => None,
        });
        if velocity.is_none() {
            chk.missing_velocity.insert(ty);
        }
        match (y, ksat, ti) {
            (Some(y), Some(ks), Some(t)) => {
                if y < 0.0 {
                    chk.negative_yield += 1;
                }
                q.retention_area += t * wr::soil_term(ks * to_cm_per_day) * y.max(0.0) * area_m2;
            }
            _ => chk.gaps += 1,
        }
    }
}
