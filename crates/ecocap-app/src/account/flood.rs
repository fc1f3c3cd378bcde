//! Flood regulation (洪水调蓄) from the `[flood]` tables: reading and
//! checking them; the formulas and the shipped lake model are in
//! `ecocap_gepmodels::flood`. Rows go to the GEP engine as quantities in m³
//! or in the lake model's unit (the shipped Tibetan-Plateau model: 10⁴ m³),
//! which the engine converts.

use crate::error::AppError;
use ecocap_gepmodels::flood as fm;
use ecocap_params::CsvTable;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The `[flood]` section.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FloodConfig {
    /// `zone,area_km2,region` (one row per lake)
    pub lakes: Option<PathBuf>,
    /// `region,a,b,unit`: C = e^a · A^b in `unit` (absent: the shipped
    /// models, region `tibetan_plateau`)
    pub lake_models: Option<PathBuf>,
    /// `zone,capacity_m3` (one row per reservoir)
    pub reservoirs: Option<PathBuf>,
    /// share of reservoir capacity counted as flood regulation (default 0.35)
    pub reservoir_share: Option<f64>,
    /// `zone,area_km2` (marshes)
    pub marshes: Option<PathBuf>,
    /// marsh storage depth, m (default 0.3)
    pub marsh_depth_m: Option<f64>,
}

fn bad(path: &Path, line: u64, detail: String, hint: &str) -> AppError {
    AppError::input(format!("{} line {line}", path.display()), detail, hint)
}

/// Lake models by region: the user's table, else the shipped ones. The
/// Tibetan-Plateau coefficients labelled in m³ are refused: with A in km²
/// they give 10⁴ m³ (Ganzi 2017's published storage fits only that unit).
fn lake_models(path: Option<&Path>) -> Result<BTreeMap<String, (f64, f64, String)>, AppError> {
    let Some(path) = path else {
        return Ok(fm::LAKE_MODELS
            .iter()
            .map(|m| (m.region.to_string(), (m.a, m.b, m.unit.to_string())))
            .collect());
    };
    let (m, _) = CsvTable::from_path(path)?;
    let (mr, ma, mb, mu) = (
        m.column("region")?,
        m.column("a")?,
        m.column("b")?,
        m.column("unit")?,
    );
    let mut models = BTreeMap::new();
    for row in &m.rows {
        let (a, b) = (
            m.number(row, ma, "coefficient a")?,
            m.number(row, mb, "exponent b")?,
        );
        let unit = m.text(row, mu)?.trim().to_string();
        let tibetan = fm::LAKE_MODELS
            .iter()
            .find(|t| (t.a - a).abs() < 1e-9 && (t.b - b).abs() < 1e-9);
        if let (Some(t), true) = (tibetan, matches!(unit.as_str(), "m3" | "m³" | "立方米")) {
            return Err(bad(
                path,
                row.line,
                format!(
                    "a = {a}, b = {b} is the {} lake model, which gives 10^4 m3 with A in km², not {unit}",
                    t.region
                ),
                &format!(
                    "set unit = 1e4 m3 ({}), or leave out lake_models to use the shipped model",
                    t.source
                ),
            ));
        }
        models.insert(m.text(row, mr)?.to_string(), (a, b, unit));
    }
    Ok(models)
}

/// Flood-regulation rows (zone, indicator, quantity, unit).
pub fn flood_rows(f: &FloodConfig) -> Result<Vec<(String, String, f64, String)>, AppError> {
    let mut rows: BTreeMap<(String, String, String), f64> = BTreeMap::new();
    if let Some(lakes) = &f.lakes {
        let models = lake_models(f.lake_models.as_deref())?;
        let source = f
            .lake_models
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "the shipped lake models".into());
        let (t, _) = CsvTable::from_path(lakes)?;
        let (cz, ca, cr) = (
            t.column("zone")?,
            t.column("area_km2")?,
            t.column("region")?,
        );
        for row in &t.rows {
            let area = t.number(row, ca, "lake area in km²")?;
            if area < 0.0 {
                return Err(bad(
                    lakes,
                    row.line,
                    format!("negative lake area {area}"),
                    "areas are in km², zero or positive",
                ));
            }
            let region = t.text(row, cr)?;
            let Some((a, b, unit)) = models.get(region) else {
                let known: Vec<&str> = models.keys().map(String::as_str).collect();
                return Err(bad(
                    lakes,
                    row.line,
                    format!("no lake model for region '{region}'"),
                    &format!("regions in {source}: {}", known.join(", ")),
                ));
            };
            let c = fm::lake_storage(*a, *b, area);
            *rows
                .entry((
                    t.text(row, cz)?.to_string(),
                    "flood_regulation_lake".into(),
                    unit.clone(),
                ))
                .or_default() += c;
        }
    }
    if let Some(res) = &f.reservoirs {
        let share = f.reservoir_share.unwrap_or(fm::RESERVOIR_SHARE);
        if !(0.0..=1.0).contains(&share) {
            return Err(AppError::input(
                "flood.reservoir_share",
                format!("{share} is outside 0–1"),
                "a ratio, e.g. 0.35",
            ));
        }
        let (t, _) = CsvTable::from_path(res)?;
        let (cz, cc) = (t.column("zone")?, t.column("capacity_m3")?);
        for row in &t.rows {
            let cap = t.number(row, cc, "storage capacity in m³")?;
            if cap < 0.0 {
                return Err(bad(
                    res,
                    row.line,
                    format!("negative capacity {cap}"),
                    "capacities are in m³",
                ));
            }
            *rows
                .entry((
                    t.text(row, cz)?.to_string(),
                    "flood_regulation_reservoir".into(),
                    "m3".into(),
                ))
                .or_default() += fm::reservoir_storage(share, cap);
        }
    }
    if let Some(m) = &f.marshes {
        let h = f.marsh_depth_m.unwrap_or(fm::MARSH_DEPTH_M);
        if h <= 0.0 {
            return Err(AppError::input(
                "flood.marsh_depth_m",
                format!("{h} m"),
                "a positive depth in metres, e.g. 0.3",
            ));
        }
        let (t, _) = CsvTable::from_path(m)?;
        let (cz, ca) = (t.column("zone")?, t.column("area_km2")?);
        for row in &t.rows {
            let s = t.number(row, ca, "marsh area in km²")?;
            if s < 0.0 {
                return Err(bad(
                    m,
                    row.line,
                    format!("negative marsh area {s}"),
                    "areas are in km²",
                ));
            }
            *rows
                .entry((
                    t.text(row, cz)?.to_string(),
                    "flood_regulation_marsh".into(),
                    "m3".into(),
                ))
                .or_default() += fm::marsh_storage(h, s);
        }
    }
    Ok(rows
        .into_iter()
        .map(|((z, i, u), q)| (z, i, q, u))
        .collect())
}
