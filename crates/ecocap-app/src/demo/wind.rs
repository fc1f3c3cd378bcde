//! The demo basin's inputs for sand fixation (RWEQ) and the water-retention
//! method, and their part of the account configuration. All values are
//! ILLUSTRATIVE (a synthetic basin), shaped only to look like a hilly
//! temperate county: windier, snowier and shallower-soiled uplands.

use super::{elevation, landcover, smooth, write_grid};
use crate::error::AppError;
use ecocap_raster::{Grid, WriteType};
use std::path::{Path, PathBuf};

/// Paths of the extra demo inputs.
#[derive(Debug, Clone)]
pub struct WindInputs {
    /// fractional vegetation cover per year, %
    pub fvc: Vec<PathBuf>,
    /// RWEQ wind term Σ U2(U2 − 5)²·Nd/N, m³/s³·d
    pub wind_energy: PathBuf,
    /// soil wetness factor, 0–1
    pub soil_wetness: PathBuf,
    /// days with snow cover
    pub snow_days: PathBuf,
    /// sand, silt, clay, organic matter, %
    pub texture: [PathBuf; 4],
    /// soil depth, mm
    pub soil_depth: PathBuf,
    /// saturated hydraulic conductivity, mm/d
    pub ksat: PathBuf,
}

/// Write the extra rasters on `grid` into `dir`.
pub fn build(dir: &Path, grid: &Grid, years: &[i32]) -> Result<WindInputs, AppError> {
    let nd = Some(-9999.0);
    let f32w = |name: &str, f: &dyn Fn(f64, f64) -> f64| -> Result<PathBuf, AppError> {
        let p = dir.join(name);
        write_grid(&p, grid, WriteType::F32, nd, |r, c| f(r, c) as f32)?;
        Ok(p)
    };
    let mut fvc = Vec::new();
    for &y in years {
        fvc.push(f32w(&format!("fvc_{y}.tif"), &|r, c| {
            let base = match landcover(r, c, y) {
                2 => 80.0,
                3 => 60.0,
                4 => 45.0,
                1 => 35.0,
                9 => 50.0,
                8 => 10.0,
                7 => 5.0,
                _ => 0.0,
            };
            (base * (0.85 + 0.3 * smooth(c, r, 30.0, 21))).min(100.0)
        })?);
    }
    let up = |r: f64, c: f64| (elevation(r, c) - 200.0).max(0.0);
    Ok(WindInputs {
        fvc,
        wind_energy: f32w("wind_energy.tif", &|r, c| {
            100.0 + 0.3 * up(r, c) + 50.0 * smooth(c, r, 90.0, 23)
        })?,
        soil_wetness: f32w("soil_wetness.tif", &|r, c| {
            0.4 + 0.2 * smooth(c, r, 70.0, 25)
        })?,
        snow_days: f32w("snow_days.tif", &|r, c| 10.0 + 0.05 * up(r, c))?,
        texture: [
            f32w("sand.tif", &|r, c| 40.0 + 25.0 * smooth(c, r, 60.0, 27))?,
            f32w("silt.tif", &|r, c| {
                100.0
                    - (40.0 + 25.0 * smooth(c, r, 60.0, 27))
                    - (10.0 + 8.0 * smooth(c, r, 45.0, 29))
            })?,
            f32w("clay.tif", &|r, c| 10.0 + 8.0 * smooth(c, r, 45.0, 29))?,
            f32w("organic_matter.tif", &|r, c| {
                1.0 + 2.0 * smooth(c, r, 35.0, 31)
            })?,
        ],
        soil_depth: f32w("soil_depth.tif", &|r, c| {
            (1200.0 - 1.2 * up(r, c)).max(200.0)
        })?,
        ksat: f32w("ksat.tif", &|r, c| 100.0 + 300.0 * smooth(c, r, 50.0, 33))?,
    })
}

/// Per-year configuration lines for year index `k`.
pub fn year_lines(w: &WindInputs, k: usize, rel: &dyn Fn(&Path) -> String) -> String {
    format!(
        "fvc = \"{}\"\nwind_energy = \"{}\"\nsoil_wetness = \"{}\"\nsnow_days = \"{}\"\n",
        rel(&w.fvc[k]),
        rel(&w.wind_energy),
        rel(&w.soil_wetness),
        rel(&w.snow_days)
    )
}

/// The `[wind_erosion]` and `[water_conservation]` sections; writes the
/// illustrative velocity table into `dir`.
pub fn sections(
    w: &WindInputs,
    dir: &Path,
    rel: &dyn Fn(&Path) -> String,
) -> Result<String, AppError> {
    std::fs::write(
        dir.join("velocity_coefficients.csv"),
        "# ILLUSTRATIVE demo values (synthetic basin), not for real accounts\necosystem_type,velocity\npaddy,900\ndry_land,900\nbroadleaf,200\nshrub,300\nshrub_grass,500\nwetland,1000\nwater_system,2012\nbare_land,1500\ndesert,1500\n",
    )
    .map_err(|e| AppError::OutDir {
        path: dir.to_path_buf(),
        detail: e.to_string(),
    })?;
    Ok(format!(
        "# Windbreak and sand fixation (RWEQ); K' comes from the DEM (Smith–Carson) without `roughness`\n\
         [wind_erosion]\nsand = \"{}\"\nsilt = \"{}\"\nclay = \"{}\"\norganic_matter = \"{}\"\n\
         fvc_unit = \"percent\"\nair_density = 1.2\ndownwind_distance = 50\n\
         # a of the vegetation factor C = exp(-a FVC%): one value for every type here (Fryrear et al. 1998, flat residue);\n\
         # Chinese applications give a per type in [tables] wind_vegetation (ecosystem_type,coefficient) with their source\n\
         vegetation_coefficient = 0.0438\n\n\
         # method = \"water_balance\" (P − R − ET) or \"water_retention\" (yield × velocity, TI and Ksat terms)\n\
         [water_conservation]\nmethod = \"water_balance\"\nsoil_depth = \"{}\"\nksat = \"{}\"\n\
         # unit of the Ksat raster; the formula's soil term min(1, Ksat/300) takes cm/d (丁程锋 et al. 2017)\n\
         ksat_unit = \"cm/d\"\n\n",
        rel(&w.texture[0]),
        rel(&w.texture[1]),
        rel(&w.texture[2]),
        rel(&w.texture[3]),
        rel(&w.soil_depth),
        rel(&w.ksat)
    ))
}
