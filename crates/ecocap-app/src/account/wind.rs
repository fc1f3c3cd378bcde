//! Windbreak and sand fixation (防风固沙) in the account: the
//! `[wind_erosion]` configuration, the roughness factor K' from the DEM
//! (Smith–Carson relief on a 3 × 3 window), and the per-cell RWEQ kernel
//! the yearly pass calls (ecocap-gepmodels `wind_erosion`).

use super::config::AccountConfig;
use super::routing::write_strips;
use super::soil::dem_on_grid;
use crate::error::AppError;
use ecocap_gepmodels::wind_erosion as rweq;
use ecocap_raster::RasterSource;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The `[wind_erosion]` section: static soil rasters and RWEQ constants.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WindConfig {
    /// sand content, %
    pub sand: Option<PathBuf>,
    /// silt content, %
    pub silt: Option<PathBuf>,
    /// clay content, %
    pub clay: Option<PathBuf>,
    /// soil organic matter, % (organic carbon × 1.724)
    pub organic_matter: Option<PathBuf>,
    /// CaCO₃, % (absent: 0, as most Chinese applications take it)
    pub caco3: Option<PathBuf>,
    /// surface roughness factor K' (absent: from `dem` by Smith–Carson)
    pub roughness: Option<PathBuf>,
    /// air density ρ, kg/m³
    #[serde(default = "d_rho")]
    pub air_density: f64,
    /// downwind distance z, m
    #[serde(default = "d_z")]
    pub downwind_distance: f64,
    /// days of the period the wind and snow inputs cover
    #[serde(default = "d_days")]
    pub period_days: f64,
    /// a of C = exp(−a·FVC%) where `[tables] wind_vegetation` has no row;
    /// required (no silent default): Chinese applications use per-type
    /// values, and Fryrear et al. 1998's 0.0438 is the flat-residue value
    pub vegetation_coefficient: Option<f64>,
    /// unit of the `fvc` rasters: "percent" (0–100) or "fraction" (0–1)
    pub fvc_unit: Option<String>,
}

fn d_rho() -> f64 {
    rweq::AIR_DENSITY
}
fn d_z() -> f64 {
    rweq::DOWNWIND_M
}
fn d_days() -> f64 {
    365.0
}

/// Resolved constants of the per-cell kernel.
#[derive(Debug, Clone, Copy)]
pub struct WindParams {
    /// air density, kg/m³
    pub air_density: f64,
    /// downwind distance, m
    pub z: f64,
    /// days in the period
    pub period_days: f64,
    /// FVC raster value × this = %
    pub fvc_to_percent: f64,
    /// a of C = exp(−a·FVC%) for types without a table row
    pub vegetation_coefficient: f64,
}

impl WindConfig {
    /// Check the constants and resolve them.
    pub fn params(&self) -> Result<WindParams, AppError> {
        let bad = |key: &str, v: f64, hint: &str| {
            AppError::input(
                format!("wind_erosion.{key}"),
                format!("{key} = {v} is not valid"),
                hint.to_string(),
            )
        };
        if !(0.3..=1.5).contains(&self.air_density) {
            return Err(bad(
                "air_density",
                self.air_density,
                "give air density in kg/m3 (1.225 at sea level, about 1.0 at 2000 m)",
            ));
        }
        if self.downwind_distance <= 0.0 {
            return Err(bad(
                "downwind_distance",
                self.downwind_distance,
                "z is a distance in m (50)",
            ));
        }
        if !(1.0..=366.0).contains(&self.period_days) {
            return Err(bad(
                "period_days",
                self.period_days,
                "days in the period, 1–366 (365 for a year)",
            ));
        }
        let Some(coefficient) = self.vegetation_coefficient else {
            return Err(AppError::input(
                "wind_erosion.vegetation_coefficient",
                "the RWEQ vegetation coefficient a of C = exp(−a·FVC%) is not given",
                format!(
                    "Chinese applications use a per cover type (forest, grassland, cropland): give [tables] wind_vegetation (ecosystem_type,coefficient) with your source, and state vegetation_coefficient for the types it leaves out — e.g. {} (Fryrear et al. 1998, flat residue) to apply one value",
                    rweq::FVC_COEFFICIENT
                ),
            ));
        };
        if coefficient <= 0.0 || !coefficient.is_finite() {
            return Err(bad(
                "vegetation_coefficient",
                coefficient,
                "a positive coefficient per % cover (0.0438)",
            ));
        }
        let fvc_to_percent = match self.fvc_unit.as_deref() {
            Some("percent") => 1.0,
            Some("fraction") => 100.0,
            other => {
                return Err(AppError::input(
                    "wind_erosion.fvc_unit",
                    format!("fvc_unit is {}", other.map_or("missing".into(), |o| format!("'{o}'"))),
                    "say which unit the fvc rasters are in: fvc_unit = \"percent\" (0–100) or \"fraction\" (0–1)",
                ))
            }
        };
        Ok(WindParams {
            air_density: self.air_density,
            z: self.downwind_distance,
            period_days: self.period_days,
            fvc_to_percent,
            vegetation_coefficient: coefficient,
        })
    }
}

/// Soil contents of one cell, %.
#[derive(Debug, Clone, Copy)]
pub struct SoilTexture {
    /// sand
    pub sand: f64,
    /// silt
    pub silt: f64,
    /// clay
    pub clay: f64,
    /// organic matter
    pub om: f64,
    /// CaCO₃
    pub caco3: f64,
}

/// The weather factor of a cell: the given WF, or Wf·(ρ/g)·SW·SD from the
/// wind term, soil wetness and snow-cover days.
pub fn weather_factor(
    wf: Option<f64>,
    wind_energy: f64,
    soil_wetness: f64,
    snow_days: f64,
    p: &WindParams,
) -> f64 {
    wf.unwrap_or_else(|| {
        rweq::weather_factor(
            wind_energy,
            p.air_density,
            rweq::GRAVITY,
            soil_wetness,
            rweq::snow_factor(snow_days, p.period_days),
        )
    })
}

/// Sand fixed on one cell, kg/m²: potential minus actual RWEQ soil loss
/// from the weather factor (kg/m), FVC (%), soil contents (%), K' and the
/// vegetation coefficient a (per %). Multiply by the cell area (m²) and
/// divide by 1000 for t.
pub fn sand_fixed_kg_m2(
    wf: f64,
    fvc_percent: f64,
    soil: &SoilTexture,
    k_prime: f64,
    coefficient: f64,
    z: f64,
) -> f64 {
    let f = rweq::Factors {
        wf,
        ef: rweq::erodible_fraction(soil.sand, soil.silt, soil.clay, soil.om, soil.caco3),
        scf: rweq::crust_factor(soil.clay, soil.om),
        k: k_prime,
        c: rweq::vegetation_factor(fvc_percent, coefficient),
    };
    rweq::sand_fixation_kg_m2(&f, z).2
}

/// K' on `reference`'s grid from the DEM: ΔH = elevation range of the
/// 3 × 3 window, L = its width (3 cells), Kr = 0.2·ΔH²/L (Smith & Carson
/// 1977), K' = exp(1.86 Kr − 2.41 Kr^0.934) (Crr = 0). Written to
/// `work/k_prime.tif`.
pub fn roughness_raster(
    dem: &Path,
    reference: &RasterSource,
    align: bool,
    work: &Path,
) -> Result<RasterSource, AppError> {
    let (src, z) = dem_on_grid(dem, reference, align, work)?;
    let g = &src.grid;
    let unit = g.linear_unit_m();
    let cell = g.geo_transform[1].abs().max(g.geo_transform[5].abs()) * unit;
    let nodata = src.nodata;
    let valid = |v: f32| v.is_finite() && nodata.is_none_or(|n| f64::from(v) != n);
    let (w, h) = (g.width, g.height);
    write_strips(&work.join("k_prime.tif"), g, |cells, out| {
        for (o, i) in out.iter_mut().zip(cells) {
            let (r, c) = (i / w, i % w);
            if !valid(z[i]) {
                continue;
            }
            let (mut lo, mut hi) = (f32::INFINITY, f32::NEG_INFINITY);
            for rr in r.saturating_sub(1)..(r + 2).min(h) {
                for cc in c.saturating_sub(1)..(c + 2).min(w) {
                    let v = z[rr * w + cc];
                    if valid(v) {
                        lo = lo.min(v);
                        hi = hi.max(v);
                    }
                }
            }
            let kr = rweq::smith_carson_kr(f64::from(hi - lo), 3.0 * cell);
            *o = rweq::roughness_factor(kr, 0.0) as f32;
        }
        Ok(())
    })
}

/// Whether every input sand fixation needs is in the configuration (for
/// the default indicator list).
pub fn available(c: &AccountConfig) -> bool {
    missing(c).is_none()
}

/// The first input sand fixation needs that is not given.
pub fn missing(c: &AccountConfig) -> Option<String> {
    let Some(w) = &c.wind_erosion else {
        return Some(
            "a [wind_erosion] section (sand, silt, clay, organic_matter, fvc_unit)".into(),
        );
    };
    for (k, v) in [
        ("sand", &w.sand),
        ("silt", &w.silt),
        ("clay", &w.clay),
        ("organic_matter", &w.organic_matter),
    ] {
        if v.is_none() {
            return Some(format!("`{k}` in [wind_erosion]"));
        }
    }
    if w.roughness.is_none() && c.dem.is_none() {
        return Some("`roughness` in [wind_erosion] or a `dem` for K'".into());
    }
    for y in &c.years {
        if y.fvc.is_none() {
            return Some(format!("`fvc` in [[year]] {}", y.year));
        }
        if y.wind_factor.is_none() {
            for (k, v) in [
                ("wind_energy", &y.wind_energy),
                ("soil_wetness", &y.soil_wetness),
                ("snow_days", &y.snow_days),
            ] {
                if v.is_none() {
                    return Some(format!(
                        "`wind_factor`, or `{k}` with wind_energy, soil_wetness and snow_days, in [[year]] {}",
                        y.year
                    ));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecocap_raster::{Grid, TiffWriter, Window, WriteType};

    #[test]
    fn roughness_from_a_plane_by_hand() {
        // z = 500 − 3r − 2c on 100 m cells: an interior 3 × 3 window spans
        // ΔH = 2 × 3 + 2 × 2 = 10 m over L = 300 m → Kr = 0.2 × 100/300 = 0.066667,
        // K' = e^(1.86 × 0.066667 − 2.41 × 0.066667^0.934) = 0.934159
        let dir = tempfile::tempdir().unwrap();
        let wkt = gdal::spatial_ref::SpatialRef::from_epsg(32650)
            .unwrap()
            .to_wkt()
            .unwrap();
        let g = Grid::north_up(5, 5, 500_000.0, 3_000_000.0, 100.0, wkt);
        let dem = dir.path().join("dem.tif");
        let mut w = TiffWriter::create(&dem, &g, WriteType::F32, Some(-9999.0)).unwrap();
        let z: Vec<f32> = (0..25)
            .map(|i| (500 - 3 * (i / 5) - 2 * (i % 5)) as f32)
            .collect();
        let win = Window {
            col: 0,
            row: 0,
            width: 5,
            height: 5,
        };
        w.write_f32(&win, &z).unwrap();
        let src = RasterSource::open(w.finish().unwrap()).unwrap();
        let k = roughness_raster(&dem, &src, false, dir.path()).unwrap();
        let v = super::super::soil::read_f32(&k.path, &dem).unwrap();
        assert!(
            (f64::from(v[2 * 5 + 2]) - 0.934_159).abs() < 1e-5,
            "{}",
            v[12]
        );
        // a corner sees a 2 × 2 window: ΔH = 5 m → a smoother surface, larger K'
        assert!(v[0] > v[12] && v[0] < 1.0);
    }

    #[test]
    fn per_cell_kernel_by_hand() {
        // Wf 200 m³/s³·d, ρ 1.225, g 9.8, SW 0.6, 73 of 365 days under snow:
        // WF = 200 × 0.125 × 0.6 × 0.8 = 12 kg/m
        let p = WindParams {
            air_density: 1.225,
            z: 50.0,
            period_days: 365.0,
            fvc_to_percent: 1.0,
            vegetation_coefficient: 0.0438,
        };
        let wf = weather_factor(None, 200.0, 0.6, 73.0, &p);
        assert!((wf - 12.0).abs() < 1e-9);
        assert_eq!(weather_factor(Some(3.0), 200.0, 0.6, 73.0, &p), 3.0);
        let soil = SoilTexture {
            sand: 60.0,
            silt: 25.0,
            clay: 15.0,
            om: 2.0,
            caco3: 1.0,
        };
        // the same as the gepmodels kernel with EF 0.4713, SCF 1/2.569
        let f = rweq::Factors {
            wf,
            ef: 0.4713,
            scf: 1.0 / 2.569,
            k: 0.8,
            c: (-0.0438f64 * 30.0).exp(),
        };
        let want = rweq::sand_fixation_kg_m2(&f, 50.0).2;
        let got = sand_fixed_kg_m2(wf, 30.0, &soil, 0.8, 0.0438, 50.0);
        assert!(want > 0.0 && (got - want).abs() < 1e-9 * want);
    }
}
