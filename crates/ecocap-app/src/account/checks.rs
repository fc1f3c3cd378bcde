//! Checks of an account's inputs made before any raster work (issue 19,
//! items 4 and 5): statistics, valuation tables and parameters are read
//! from the user's own files (errors cite that file, line and key, never an
//! internal copy), and every grid the indicators use is checked against its
//! declared plausible range ([`crate::plausible`]).

use super::config::AccountConfig;
use super::quantities::{INDICATORS, N_IND, SAND};
use crate::error::AppError;
use crate::plausible;
use crate::progress::Progress;
use ecocap_gep::account::{compute, AccountInputs};
use ecocap_gep::deflate::PriceIndex;
use ecocap_gep::hierarchy::Hierarchy;
use ecocap_gep::inputs::{read_prices, read_quantities, QuantityRow};
use ecocap_gep::params::ParamSet;
use ecocap_gep::{Catalog, GepError};
use ecocap_raster::{RasterSource, ZoneShapes};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Line of the first `key = ...` in the configuration text (1-based).
pub(super) fn line_of(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

/// `FILE line N, key` (or `FILE, key` when the key is not found).
fn at(config: &Path, text: &str, key: &str) -> String {
    match line_of(text, key) {
        Some(l) => format!("{} line {l}, `{key}`", config.display()),
        None => format!("{}, `{key}`", config.display()),
    }
}

/// Scalar parameters: impossible values refused with file, line and key.
pub(super) fn check_parameters(c: &AccountConfig, config: &Path) -> Result<(), AppError> {
    let text = std::fs::read_to_string(config).unwrap_or_default();
    let p = &c.parameters;
    // stoichiometric bounds: dry matter that were pure carbon would give
    // 44/12 g CO2 and release 32/12 g O2 per g
    // (carbon_fraction is refused in photo.rs: it is no longer used)
    let checks: [(&str, Option<f64>, f64, f64, &str); 3] = [
        (
            "co2_per_dm",
            p.co2_per_dm,
            0.0,
            44.0 / 12.0,
            "g CO2 per g dry matter: 1.63 by the photosynthesis equation",
        ),
        (
            "o2_per_dm",
            p.o2_per_dm,
            0.0,
            32.0 / 12.0,
            "g O2 per g dry matter: 1.19 by the photosynthesis equation",
        ),
        (
            "ac_days",
            p.ac_days,
            0.0,
            366.0,
            "days of the year above the air-conditioning threshold",
        ),
    ];
    for (key, v, lo, hi, hint) in checks {
        let Some(v) = v else { continue };
        // ac_days may be 0 (no air-conditioning days); the others must be positive
        let ok = v.is_finite() && v <= hi && (v > lo || (key == "ac_days" && v == lo));
        if !ok {
            return Err(AppError::input(
                at(config, &text, key),
                format!("{key} = {v} is outside the possible range ({lo}–{hi:.3})"),
                hint,
            ));
        }
    }
    if let Some(u) = &c.uncertainty {
        let dry_matter = p.npp_unit.as_deref() == Some("g DM/m2/yr");
        super::montecarlo::check_distributions(u, dry_matter).map_err(|e| match e {
            AppError::Input {
                input,
                detail,
                hint,
            } => AppError::input(
                format!("{} [uncertainty], {input}", config.display()),
                detail,
                hint,
            ),
            other => other,
        })?;
    }
    Ok(())
}

fn keep<T>(r: Result<T, GepError>, problems: &mut Vec<GepError>) -> Option<T> {
    match r {
        Ok(x) => Some(x),
        Err(e) => {
            problems.push(e);
            None
        }
    }
}

/// Statistics and valuation files, read as the GEP engine will read them
/// but from the user's own paths, and valued once so that a missing price
/// or a unit mismatch is reported before the raster pass.
pub(super) fn check_valuation(
    c: &AccountConfig,
    config: &Path,
    n: [bool; N_IND],
) -> Result<(), AppError> {
    let cat = Catalog::builtin()?;
    let v = &c.valuation;
    if v.price_index.is_some() != v.price_year.is_some() {
        let text = std::fs::read_to_string(config).unwrap_or_default();
        let key = if v.price_index.is_some() {
            "price_index"
        } else {
            "price_year"
        };
        return Err(AppError::input(
            at(config, &text, key),
            "price_index and price_year go together",
            "give both in [valuation] to express all values in one price year, or neither",
        ));
    }
    let mut problems: Vec<GepError> = Vec::new();
    let stats = match &c.statistics {
        Some(p) => keep(read_quantities(p, cat).map(|(_, r)| r), &mut problems),
        None => Some(Vec::new()),
    };
    let prices = match &v.prices {
        Some(p) => keep(read_prices(p, cat).map(|(_, r)| r), &mut problems),
        None => Some(Vec::new()),
    };
    let params = match &v.params {
        Some(p) => keep(ParamSet::read(p, cat), &mut problems),
        None => Some(ParamSet::defaults(cat)),
    };
    let index = match &v.price_index {
        Some(p) => keep(PriceIndex::read(p).map(|(_, i)| Some(i)), &mut problems),
        None => Some(None),
    };
    let gdp = match &v.gdp {
        Some(p) => keep(ecocap_gep::run::read_gdp(p).map(|(_, g)| g), &mut problems),
        None => Some(BTreeMap::new()),
    };
    let hierarchy = match &v.zones_hierarchy {
        Some(p) => keep(Hierarchy::read(p).map(|(_, h)| Some(h)), &mut problems),
        None => Some(None),
    };
    let (Some(stats), Some(prices), Some(params), Some(index), Some(gdp), Some(hierarchy)) =
        (stats, prices, params, index, gdp, hierarchy)
    else {
        GepError::collect(problems)?;
        return Err(AppError::Internal("valuation inputs not read".into()));
    };
    // a statistics row for an indicator the rasters give would be valued twice
    if let Some(sp) = &c.statistics {
        for q in &stats {
            if let Some(k) = INDICATORS.iter().position(|(id, _)| *id == q.indicator.id) {
                if n[k] {
                    return Err(AppError::input(
                        format!("{} line {}", sp.display(), q.line),
                        format!(
                            "indicator '{}' (zone '{}', year {}) is also computed from the rasters; it would be counted twice",
                            q.indicator.id, q.zone, q.year
                        ),
                        format!(
                            "remove the row, or leave '{}' out of `indicators` in {}",
                            q.indicator.id,
                            config.display()
                        ),
                    ));
                }
            }
        }
    }
    // the problem found when valuing `rows` (quantities cited from `path`)
    let value = |rows: &[QuantityRow], path: &Path| -> Option<GepError> {
        compute(&AccountInputs {
            catalog: cat,
            quantities: rows,
            quantities_path: path,
            prices: &prices,
            prices_path: v.prices.as_deref(),
            params: &params,
            index: index.as_ref(),
            target_year: v.price_year,
            gdp: &gdp,
            hierarchy: hierarchy.as_ref(),
        })
        .err()
    };
    if let Some(sp) = &c.statistics {
        problems.extend(value(&stats, sp));
    }
    // one unit quantity of each raster indicator and year: its price, unit
    // and price-index years must be usable before the rasters are read
    let mut rows = Vec::new();
    for y in &c.years {
        for (k, (id, unit)) in INDICATORS.iter().enumerate() {
            if !n[k] {
                continue;
            }
            let (Some(ind), Ok(unit)) = (cat.get(id), ecocap_units::Unit::parse(unit)) else {
                continue;
            };
            rows.push(QuantityRow {
                line: 0,
                zone: "(rasters)".into(),
                year: y.year,
                indicator: ind,
                quantity: 1.0,
                unit,
            });
        }
    }
    let label = PathBuf::from(format!(
        "{} (indicators computed from the rasters)",
        config.display()
    ));
    problems.extend(value(&rows, &label));
    GepError::collect(problems)?;
    Ok(())
}

/// Every grid the needed indicators read, checked once per file against its
/// declared range; each year's land cover must have valid cells; invalid
/// zone polygons are repaired and reported. Returns loud warnings.
pub(super) fn check_grids(
    c: &AccountConfig,
    n: [bool; N_IND],
    progress: &dyn Progress,
) -> Result<Vec<String>, AppError> {
    let mut warnings = Vec::new();
    let mut done: BTreeSet<PathBuf> = BTreeSet::new();
    let carbon = n[0] || n[1];
    let soil = n[7] || n[8] || n[9];
    let sand = n[SAND];
    for y in &c.years {
        let lc = RasterSource::open(&y.landcover)?;
        if done.insert(y.landcover.clone()) {
            plausible::check_landcover(&lc, y.year, progress)?;
        }
        let inputs: [(&str, &Option<PathBuf>, bool); 9] = [
            ("npp", &y.npp, carbon),
            ("rh", &y.rh, carbon),
            ("precipitation", &y.precipitation, n[2]),
            ("et", &y.et, n[2]),
            ("water_yield", &y.water_yield, n[2]),
            ("evaporation", &y.evaporation, n[4]),
            ("erosivity", &y.erosivity, soil),
            ("snow_days", &y.snow_days, sand),
            ("soil_wetness", &y.soil_wetness, sand),
        ];
        for (key, path, on) in inputs {
            let (Some(p), true) = (path, on) else {
                continue;
            };
            let Some(range) = plausible::range_of(key) else {
                continue;
            };
            if !done.insert(p.clone()) {
                continue;
            }
            let src = RasterSource::open(p)?;
            let label = format!("`{key}` in [[year]] {}", y.year);
            let (_, w) = plausible::check_raster(&src, &label, range, progress)?;
            warnings.extend(w);
        }
    }
    for (key, path, on) in [("dem", &c.dem, soil), ("erodibility", &c.erodibility, soil)] {
        let (Some(p), true, Some(range)) = (path, on, plausible::range_of(key)) else {
            continue;
        };
        if done.insert(p.clone()) {
            let src = RasterSource::open(p)?;
            let (_, w) = plausible::check_raster(&src, &format!("`{key}`"), range, progress)?;
            warnings.extend(w);
        }
    }
    if let (true, Some(w)) = (sand, &c.wind_erosion) {
        let fvc = match w.fvc_unit.as_deref() {
            Some("fraction") => "fvc_fraction",
            _ => "fvc_percent",
        };
        let mut grids: Vec<(&str, String, &PathBuf)> = Vec::new();
        for y in &c.years {
            if let Some(p) = &y.fvc {
                grids.push((fvc, format!("`fvc` in [[year]] {}", y.year), p));
            }
        }
        for (key, p) in [
            ("sand", &w.sand),
            ("silt", &w.silt),
            ("clay", &w.clay),
            ("organic_matter", &w.organic_matter),
            ("caco3", &w.caco3),
        ] {
            if let Some(p) = p {
                grids.push((key, format!("`{key}` in [wind_erosion]"), p));
            }
        }
        for (key, label, p) in grids {
            let Some(range) = plausible::range_of(key) else {
                continue;
            };
            if done.insert(p.clone()) {
                let src = RasterSource::open(p)?;
                let (_, w) = plausible::check_raster(&src, &label, range, progress)?;
                warnings.extend(w);
            }
        }
    }
    if let Some(z) = &c.zones {
        let lc = RasterSource::open(&c.years[0].landcover)?;
        let shapes = ZoneShapes::read(&z.path, &z.field, &lc.grid)?;
        warnings.extend(shapes.repaired.iter().map(|r| format!("WARNING: {r}")));
    }
    Ok(warnings)
}

/// Indicators left out because only part of their inputs is given (when
/// the configuration does not list `indicators`): a loud warning each, so
/// that a forgotten table does not silently lower GEP.
pub(super) fn dropped(c: &AccountConfig, n: [bool; N_IND]) -> Result<Vec<String>, AppError> {
    if c.indicators.is_some() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let any_year = |f: fn(&super::YearInputs) -> bool| c.years.iter().any(f);
    let mut warn = |indicator: &str, given: &str, missing: &str| {
        out.push(format!(
            "WARNING: {indicator} is NOT in this account: {given} given, but {missing} missing; add it, or list the indicators you want in `indicators` to make this explicit"
        ));
    };
    if !n[2] && !c.water_conservation.is_retention()? {
        let pe = any_year(|y| y.precipitation.is_some() || y.et.is_some());
        let table = c.tables.runoff_coefficients.is_some();
        if pe && !table {
            warn(
                "water_conservation",
                "precipitation/et",
                "[tables] runoff_coefficients is",
            );
        } else if table {
            warn(
                "water_conservation",
                "[tables] runoff_coefficients",
                "precipitation or et of some [[year]] is",
            );
        }
    }
    if !n[3] && (c.tables.transpiration_heat.is_some() != c.parameters.ac_days.is_some()) {
        if c.tables.transpiration_heat.is_some() {
            warn(
                "climate_regulation_transpiration",
                "[tables] transpiration_heat",
                "[parameters] ac_days is",
            );
        } else {
            warn(
                "climate_regulation_transpiration",
                "[parameters] ac_days",
                "[tables] transpiration_heat is",
            );
        }
    }
    let soil_parts = [
        any_year(|y| y.erosivity.is_some()),
        c.dem.is_some(),
        c.erodibility.is_some(),
        c.tables.usle.is_some(),
    ];
    if !n[7] && soil_parts.iter().any(|x| *x) {
        let names = [
            "erosivity (every [[year]])",
            "dem",
            "erodibility",
            "[tables] usle",
        ];
        let missing: Vec<&str> = names
            .iter()
            .zip(soil_parts)
            .filter(|(_, g)| !g)
            .map(|(n, _)| *n)
            .collect();
        let given: Vec<&str> = names
            .iter()
            .zip(soil_parts)
            .filter(|(_, g)| *g)
            .map(|(n, _)| *n)
            .collect();
        warn(
            "soil_retention",
            &given.join(", "),
            &format!(
                "{} {}",
                if missing.is_empty() {
                    "erosivity of some [[year]]".to_string()
                } else {
                    missing.join(", ")
                },
                if missing.len() > 1 { "are" } else { "is" }
            ),
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::line_of;

    #[test]
    fn finds_the_line_of_a_key() {
        let t = "mapping = \"clcd\"\n[parameters]\n  co2_per_dm = 9\nco2_per_dm_x = 1\n";
        assert_eq!(line_of(t, "co2_per_dm"), Some(3));
        assert_eq!(line_of(t, "mapping"), Some(1));
        assert_eq!(line_of(t, "ac_days"), None);
    }
}
