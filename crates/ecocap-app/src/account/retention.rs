//! Water conservation by the water-retention method (method b) in the
//! account: the `[water_conservation]` section and the topographic term
//! min(1, 0.9·TI/3) computed once from the routed DEM (routing.rs: pit
//! filling, MFD accumulation in cells, percent slope) and the soil depth.

use super::config::AccountConfig;
use super::routing::{write_strips, Routed};
use super::soil::read_f32;
use crate::error::AppError;
use ecocap_gepmodels::water_retention as wr;
use ecocap_raster::{align_to_grid, RasterSource, Resampling};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The `[water_conservation]` section.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaterConservationConfig {
    /// "water_balance" (method a, default) or "water_retention" (method b)
    pub method: Option<String>,
    /// soil depth, mm (method b)
    pub soil_depth: Option<PathBuf>,
    /// saturated hydraulic conductivity raster (method b), in `ksat_unit`
    pub ksat: Option<PathBuf>,
    /// unit of the Ksat raster: "cm/d" (the formula's unit), "mm/d",
    /// "mm/h", "m/d" or "um/s"; required with method b, since a wrong
    /// guess changes the soil term tenfold
    pub ksat_unit: Option<String>,
}

/// Ksat units the account converts to cm/d, with the factor.
pub const KSAT_UNITS: [(&str, f64); 5] = [
    ("cm/d", 1.0),
    ("mm/d", 0.1),
    ("mm/h", 2.4),
    ("m/d", 100.0),
    ("um/s", 8.64),
];

impl WaterConservationConfig {
    /// Factor from the Ksat raster's unit to cm/d (the unit of the soil
    /// term min(1, Ksat/300), 丁程锋 et al. 2017). Method b only.
    pub fn ksat_to_cm_per_day(&self) -> Result<f64, AppError> {
        let names: Vec<&str> = KSAT_UNITS.iter().map(|u| u.0).collect();
        let Some(unit) = self.ksat_unit.as_deref() else {
            return Err(AppError::input(
                "water_conservation.ksat_unit",
                "the water-retention method needs the unit of the Ksat raster, and none is given",
                format!(
                    "add ksat_unit = \"cm/d\" (the formula's unit: 300 cm/d saturates the soil term) or one of {}",
                    names.join(", ")
                ),
            ));
        };
        KSAT_UNITS
            .iter()
            .find(|u| u.0 == unit)
            .map(|u| u.1)
            .ok_or_else(|| {
                AppError::input(
                    "water_conservation.ksat_unit",
                    format!("unknown unit '{unit}'"),
                    format!("use one of {}", names.join(", ")),
                )
            })
    }

    /// Whether method b is chosen; an unknown method is refused.
    pub fn is_retention(&self) -> Result<bool, AppError> {
        match self.method.as_deref() {
            None | Some("water_balance") => Ok(false),
            Some("water_retention") => Ok(true),
            Some(other) => Err(AppError::input(
                "water_conservation.method",
                format!("unknown method '{other}'"),
                "use \"water_balance\" (P − R − ET) or \"water_retention\" (yield × velocity, TI and Ksat terms)",
            )),
        }
    }
}

/// The first input method b needs that is not given.
pub fn missing(c: &AccountConfig) -> Option<String> {
    let w = &c.water_conservation;
    if w.soil_depth.is_none() {
        return Some("`soil_depth` in [water_conservation]".into());
    }
    if w.ksat.is_none() {
        return Some("`ksat` in [water_conservation]".into());
    }
    if w.ksat_unit.is_none() {
        return Some("`ksat_unit` in [water_conservation] (\"cm/d\", the formula's unit, or mm/d, mm/h, m/d, um/s)".into());
    }
    if c.dem.is_none() {
        return Some("a `dem` (drainage area and slope of TI)".into());
    }
    if c.tables.velocity_coefficients.is_none() {
        return Some("[tables] velocity_coefficients".into());
    }
    for y in &c.years {
        if y.water_yield.is_none() && (y.precipitation.is_none() || y.et.is_none()) {
            return Some(format!(
                "`water_yield` (or `precipitation` and `et`) in [[year]] {}",
                y.year
            ));
        }
    }
    None
}

/// The topographic term min(1, 0.9·TI/3) on the routed grid, TI =
/// log10(drainage cells / (soil depth mm × slope %)), written to
/// `work/ti_term.tif` strip by strip; the soil depth is read whole once.
pub fn ti_from(
    r: &Routed,
    soil_depth: &Path,
    reference: &RasterSource,
    align: bool,
    work: &Path,
) -> Result<RasterSource, AppError> {
    let mut sd = RasterSource::open(soil_depth)?;
    if !sd.grid.differences(&reference.grid).is_empty() {
        if !align {
            sd.require_same_grid(
                reference,
                "set `align = true`, or prepare the soil depth on the land-cover grid",
            )?;
        }
        sd = align_to_grid(
            &sd,
            &reference.grid,
            Resampling::Bilinear,
            &work.join("soil_depth_aligned.tif"),
        )?;
    }
    let depth = read_f32(&sd.path, soil_depth)?;
    let nd = sd.nodata;
    write_strips(&work.join("ti_term.tif"), &r.grid, |cells, out| {
        for (o, i) in out.iter_mut().zip(cells) {
            let (d, a, s) = (depth[i], r.fa[i], r.slope[i]);
            let ok = d.is_finite() && nd.is_none_or(|n| f64::from(d) != n) && a >= 1.0;
            if ok && d <= 0.0 {
                *o = 0.0; // no soil: nothing retained
            } else if ok && s.is_finite() && s >= 0.0 {
                *o = wr::topographic_term(wr::topographic_index(a, f64::from(d), f64::from(s)))
                    as f32;
            }
        }
        Ok(())
    })
}
