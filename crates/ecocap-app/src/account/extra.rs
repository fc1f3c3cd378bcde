//! Glue between the account run and the sand-fixation / water-retention
//! models: table checks, the parts of the cache key they add, and the
//! rasters computed once from the DEM before the yearly passes.

use super::cache::{Derived, PassCache};
use super::config::{AccountConfig, YearInputs};
use super::pixel::{ExtraSetup, WindSetup};
use super::quantities::{TypeParams, N_IND, SAND};
use super::routing::Routed;
use super::timing::Steps;
use crate::error::AppError;
use ecocap_raster::RasterSource;
use std::path::Path;

/// Velocity coefficients and vegetation coefficients must be positive.
pub fn check_tables(types: &TypeParams) -> Result<(), AppError> {
    for (table, values, hint) in [
        (
            "tables.velocity_coefficients",
            &types.velocity,
            "flow-velocity coefficients are positive (e.g. 200 forest, 2012 built-up)",
        ),
        (
            "tables.wind_vegetation",
            &types.wind_coef,
            "a of C = exp(−a·FVC%) is positive, per % cover (0.0438)",
        ),
    ] {
        if let Some(v) = values
            .iter()
            .flatten()
            .find(|v| **v <= 0.0 || !v.is_finite())
        {
            return Err(AppError::input(
                table,
                format!("value {v} is not positive"),
                hint,
            ));
        }
    }
    Ok(())
}

/// What sand fixation and water retention add to a year's cache key:
/// their rasters (by content) and every constant the pass applies.
pub fn cache_parts<'a>(
    c: &'a AccountConfig,
    types: &TypeParams,
    y: &'a YearInputs,
    n: [bool; N_IND],
) -> Result<Vec<(String, Option<&'a Path>)>, AppError> {
    let mut parts = Vec::new();
    let mut file = |role: &str, p: &'a Option<std::path::PathBuf>| {
        if let Some(p) = p {
            parts.push((role.to_string(), Some(p.as_path())));
        }
    };
    if n[SAND] {
        if let Some(w) = &c.wind_erosion {
            for (role, p) in [
                ("sand", &w.sand),
                ("silt", &w.silt),
                ("clay", &w.clay),
                ("organic_matter", &w.organic_matter),
                ("caco3", &w.caco3),
                ("roughness", &w.roughness),
            ] {
                file(role, p);
            }
        }
        for (role, p) in [
            ("fvc", &y.fvc),
            ("wind_factor", &y.wind_factor),
            ("wind_energy", &y.wind_energy),
            ("soil_wetness", &y.soil_wetness),
            ("snow_days", &y.snow_days),
        ] {
            file(role, p);
        }
    }
    let retention = n[2] && c.water_conservation.is_retention()?;
    if retention {
        file("soil_depth", &c.water_conservation.soil_depth);
        file("ksat", &c.water_conservation.ksat);
        file("water_yield", &y.water_yield);
        parts.push((
            format!(
                "ksat to cm/d {}",
                c.water_conservation.ksat_to_cm_per_day()?
            ),
            None,
        ));
    }
    let w = c.wind_erosion.as_ref();
    parts.push((
        format!(
            "wind {:?} coef {:?} retention {retention} velocity types {:?}",
            w.map(|w| (
                w.air_density,
                w.downwind_distance,
                w.period_days,
                w.vegetation_coefficient,
                &w.fvc_unit
            )),
            types.wind_coef,
            types
                .velocity
                .iter()
                .map(Option::is_some)
                .collect::<Vec<_>>()
        ),
        None,
    ));
    Ok(parts)
}

/// Work rasters computed once from the DEM.
#[derive(Default)]
pub struct ExtraRasters {
    sand: bool,
    k_prime: Option<RasterSource>,
    ti_term: Option<RasterSource>,
}

/// What the TI term depends on, when the water-retention method needs it.
#[allow(clippy::type_complexity)]
pub fn ti_parts(
    c: &AccountConfig,
    n: [bool; N_IND],
) -> Result<Option<Vec<(String, Option<&Path>)>>, AppError> {
    if !(n[2] && c.water_conservation.is_retention()?) {
        return Ok(None);
    }
    let lc = c.years[0].landcover.as_path();
    Ok(match (&c.dem, &c.water_conservation.soil_depth) {
        (Some(dem), Some(sd)) => Some(vec![
            (format!("ti_term v1 align {}", c.align), None),
            ("dem".into(), Some(dem.as_path())),
            ("soil_depth".into(), Some(sd.as_path())),
            ("landcover".into(), Some(lc)),
        ]),
        _ => None,
    })
}

/// The routed DEM, or an internal error if the run did not route it
/// although a raster derived from it is missing.
pub fn need_routing(r: Option<&Routed>) -> Result<&Routed, AppError> {
    r.ok_or_else(|| AppError::Internal("the DEM was not routed before LS or TI".into()))
}

/// The TI term (water-retention method; `ti` from [`ti_parts`] looked up
/// in the cache) from `routed`, which is then dropped, and K' (when no
/// roughness raster is given), on the first year's land-cover grid.
#[allow(clippy::too_many_arguments)]
pub fn prepare(
    c: &AccountConfig,
    n: [bool; N_IND],
    work: &Path,
    cache: &PassCache,
    steps: &mut Steps<'_>,
    ti: Option<Derived>,
    routed: Option<Routed>,
) -> Result<ExtraRasters, AppError> {
    let mut out = ExtraRasters::default();
    let lc = c.years[0].landcover.as_path();
    let reference = || RasterSource::open(lc);
    if let (Some(ti), Some(sd)) = (ti, &c.water_conservation.soil_depth) {
        out.ti_term = Some(steps.run("TI", || {
            ti.or_compute(cache, || {
                let r = need_routing(routed.as_ref())?;
                super::retention::ti_from(r, sd, &reference()?, c.align, work)
            })
        })?);
    }
    drop(routed);
    let progress = steps.progress();
    if n[SAND] {
        let w = c.wind_erosion.as_ref();
        out.k_prime = match (w.and_then(|w| w.roughness.as_ref()), &c.dem) {
            (Some(_), _) => None,
            (None, Some(dem)) => {
                let parts = [
                    (format!("k_prime v1 align {}", c.align), None),
                    ("dem".into(), Some(dem.as_path())),
                    ("landcover".into(), Some(lc)),
                ];
                Some(steps.run("K'", || {
                    cache.derived("k_prime", &parts, || {
                        progress
                            .note("computing the roughness factor K' from the DEM (Smith–Carson)");
                        super::wind::roughness_raster(dem, &reference()?, c.align, work)
                    })
                })?)
            }
            (None, None) => {
                return Err(AppError::input(
                    "sand_fixation",
                    "indicator sand_fixation needs `roughness` in [wind_erosion] or a `dem`",
                    "add one of them",
                ))
            }
        };
        out.sand = true;
    }
    Ok(out)
}

impl ExtraRasters {
    /// The per-cell setup, borrowing the rasters and the configuration.
    pub fn setup<'a>(
        &'a self,
        c: &'a AccountConfig,
        types: &'a TypeParams,
    ) -> Result<ExtraSetup<'a>, AppError> {
        let k_prime = match (
            c.wind_erosion.as_ref().and_then(|w| w.roughness.as_deref()),
            &self.k_prime,
        ) {
            (Some(p), _) => Some(Ok(p)),
            (None, Some(k)) => Some(Err(k)),
            _ => None,
        };
        let wind = match (&c.wind_erosion, k_prime) {
            (Some(w), Some(k)) if self.sand => Some(WindSetup {
                params: w.params()?,
                soil: [
                    w.sand.as_deref(),
                    w.silt.as_deref(),
                    w.clay.as_deref(),
                    w.organic_matter.as_deref(),
                    w.caco3.as_deref(),
                ],
                k_prime: k,
                coef: (&types.wind_coef, w.params()?.vegetation_coefficient),
            }),
            _ => None,
        };
        let retention = match (&c.water_conservation.ksat, &self.ti_term) {
            (Some(k), Some(t)) => {
                Some((k.as_path(), t, c.water_conservation.ksat_to_cm_per_day()?))
            }
            _ => None,
        };
        Ok(ExtraSetup { wind, retention })
    }
}
