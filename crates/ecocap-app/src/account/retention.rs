//! Water conservation by the water-retention method (method b) in the
//! account: the `[water_conservation]` section and the topographic term
//! min(1, 0.9·TI/3) computed once from the DEM (pit filling, MFD
//! accumulation in cells, percent slope; ecocap-hydro) and the soil depth.

use super::config::AccountConfig;
use super::soil::{dem_on_grid, hydro, read_f32, write_work};
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
    /// saturated hydraulic conductivity, mm/d (method b)
    pub ksat: Option<PathBuf>,
}

impl WaterConservationConfig {
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

/// The topographic term min(1, 0.9·TI/3) on `reference`'s grid, TI =
/// log10(drainage cells / (soil depth mm × slope %)), written to
/// `work/ti_term.tif`.
pub fn ti_term_raster(
    dem: &Path,
    soil_depth: &Path,
    reference: &RasterSource,
    align: bool,
    work: &Path,
) -> Result<RasterSource, AppError> {
    let (src, z) = dem_on_grid(dem, reference, align, work)?;
    let g = src.grid.clone();
    let shape = ecocap_hydro::Shape::new(g.width, g.height);
    let filled = ecocap_hydro::fill_pits(&z, shape, src.nodata).map_err(|e| hydro(dem, e))?;
    drop(z);
    let flow = ecocap_hydro::flow_dir_mfd(&filled, shape, src.nodata, ecocap_hydro::INVEST_TILE)
        .map_err(|e| hydro(dem, e))?;
    let fa = ecocap_hydro::flow_accumulation_mfd(&flow, shape, None).map_err(|e| hydro(dem, e))?;
    drop(flow);
    let unit = g.linear_unit_m();
    let (cx, cy) = (
        g.geo_transform[1].abs() * unit,
        g.geo_transform[5].abs() * unit,
    );
    let slope = ecocap_hydro::slope_percent(&filled, shape, src.nodata, cx, cy)
        .map_err(|e| hydro(dem, e))?;
    drop(filled);
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
    let mut out = vec![f32::NAN; depth.len()];
    for (i, o) in out.iter_mut().enumerate() {
        let (d, a, s) = (depth[i], fa[i], slope[i]);
        let ok = d.is_finite() && nd.is_none_or(|n| f64::from(d) != n) && a >= 1.0;
        if ok && d <= 0.0 {
            *o = 0.0; // no soil: nothing retained
        } else if ok && s.is_finite() && s >= 0.0 {
            *o = wr::topographic_term(wr::topographic_index(a, f64::from(d), f64::from(s))) as f32;
        }
    }
    write_work(&work.join("ti_term.tif"), &g, &out)
}
