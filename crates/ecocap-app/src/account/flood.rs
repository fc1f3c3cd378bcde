//! Flood regulation (洪水调蓄) from tables, after 白玛卓嘎 et al. 2017
//! §2.4.4 (GEP.md §4.2):
//! - lakes: C = e^a · A^b · T by regional empirical model (a, b by region
//!   from a table, with the unit C is expressed in; A in km²; T = 1 for
//!   annual accounts). The Tibetan-Plateau model of that paper is
//!   a = 6.636, b = 0.678;
//! - reservoirs: C = 0.35 × total storage capacity (share of capacity
//!   used for flood control);
//! - marshes: C = h · S, storage depth h (default 0.3 m) over marsh area S.
//!
//! Rows go to the GEP engine as quantities in m³ (or the lake model's unit,
//! which the engine converts).

use crate::error::AppError;
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
    /// `region,a,b,unit`: C = e^a · A^b in `unit`
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

/// Flood-regulation rows (zone, indicator, quantity, unit).
pub fn flood_rows(f: &FloodConfig) -> Result<Vec<(String, String, f64, String)>, AppError> {
    let mut rows: BTreeMap<(String, String, String), f64> = BTreeMap::new();
    if let Some(lakes) = &f.lakes {
        let models_path = f.lake_models.as_ref().ok_or_else(|| {
            AppError::input(
                "flood.lakes",
                "lakes are given but no lake_models table",
                "add flood.lake_models with region,a,b,unit (e.g. the Tibetan-Plateau model a = 6.636, b = 0.678 of 白玛卓嘎 et al. 2017)",
            )
        })?;
        let (m, _) = CsvTable::from_path(models_path)?;
        let (mr, ma, mb, mu) = (
            m.column("region")?,
            m.column("a")?,
            m.column("b")?,
            m.column("unit")?,
        );
        let mut models = BTreeMap::new();
        for row in &m.rows {
            models.insert(
                m.text(row, mr)?.to_string(),
                (
                    m.number(row, ma, "coefficient a")?,
                    m.number(row, mb, "exponent b")?,
                    m.text(row, mu)?.to_string(),
                ),
            );
        }
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
                    &format!("regions in {}: {}", models_path.display(), known.join(", ")),
                ));
            };
            let c = a.exp() * area.powf(*b);
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
        let share = f.reservoir_share.unwrap_or(0.35);
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
                .or_default() += share * cap;
        }
    }
    if let Some(m) = &f.marshes {
        let h = f.marsh_depth_m.unwrap_or(0.3);
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
                .or_default() += h * s * 1e6;
        }
    }
    Ok(rows
        .into_iter()
        .map(|((z, i, u), q)| (z, i, q, u))
        .collect())
}
