//! Running the Monte Carlo draws through the GEP engine.

use super::config::ValuationConfig;
use super::quantities::{QuantityParams, TypeParams, YearSums, N_IND};
use super::run::{rows_for, write_quantities};
use super::uncertainty::{draw_all, spearman, summary, Dist, Samples, UncertaintyConfig};
use crate::error::AppError;
use ecocap_gepmodels::carbon_oxygen::NppUnit;
use ecocap_params::CsvTable;
use std::collections::BTreeMap;
use std::path::Path;

/// Everything the draws need.
pub struct McInput<'a> {
    /// per year, the per-zone per-type sums of the single raster pass
    pub years: &'a [YearSums],
    /// per-type parameters
    pub types: &'a TypeParams,
    /// base parameters
    pub base: &'a QuantityParams,
    /// indicators computed
    pub needed: [bool; N_IND],
    /// statistics rows
    pub statistics: Option<&'a Path>,
    /// rows that do not depend on drawn parameters (flood regulation)
    pub extra_rows: &'a [(String, i32, String, f64, String)],
    /// valuation options
    pub valuation: &'a ValuationConfig,
    /// distributions
    pub config: &'a UncertaintyConfig,
    /// number of draws
    pub runs: usize,
    /// seed
    pub seed: u64,
    /// scratch directory
    pub work: &'a Path,
    /// where the result tables go
    pub out_dir: &'a Path,
}

fn werr(p: &Path, e: impl std::fmt::Display) -> AppError {
    AppError::OutDir {
        path: p.to_path_buf(),
        detail: e.to_string(),
    }
}

/// Check every distribution's name and shape (before any raster work);
/// `dry_matter`: the NPP raster is in dry matter (the only route on which
/// the dry-matter coefficients may be drawn).
pub fn check_distributions(
    config: &UncertaintyConfig,
    dry_matter: bool,
) -> Result<Vec<Dist>, AppError> {
    let catalog = ecocap_gep::Catalog::builtin()?;
    let mut dists = Vec::new();
    for p in &config.parameters {
        let known = [
            "co2_per_dm",
            "o2_per_dm",
            "ac_days",
            "runoff_scale",
            "heat_scale",
        ];
        if p.name == "carbon_fraction" {
            return Err(AppError::input(
                format!("uncertainty.parameter '{}'", p.name),
                "carbon_fraction is no longer a parameter: carbon converts to CO2 and O2 by molar masses (44/12, 32/12)",
                "remove it; draw price:carbon_sequestration, or co2_per_dm with npp_unit = \"g DM/m2/yr\"",
            ));
        }
        if p.name.ends_with("_per_dm") && !dry_matter {
            return Err(AppError::input(
                format!("uncertainty.parameter '{}'", p.name),
                "the dry-matter coefficients apply only to a dry-matter NPP; on a carbon NPP the molar ratios 44/12 and 32/12 are exact",
                "remove it, or set npp_unit = \"g DM/m2/yr\" in [parameters] if the NPP raster is in dry matter",
            ));
        }
        if let Some(ind) = p.name.strip_prefix("price:") {
            if catalog.get(ind).and_then(|i| i.price.as_ref()).is_none() {
                return Err(AppError::input(
                    format!("uncertainty.parameter '{}'", p.name),
                    format!("indicator '{ind}' has no catalog price to draw around"),
                    "use price:<indicator> with an indicator of `ecocap gep catalog` that has a default price",
                ));
            }
        } else if !known.contains(&p.name.as_str()) {
            return Err(AppError::input(
                format!("uncertainty.parameter '{}'", p.name),
                "unknown parameter",
                format!("parameters: {}, or price:<indicator>", known.join(", ")),
            ));
        }
        dists.push(p.dist()?);
    }
    Ok(dists)
}

/// Draw, recompute, value, summarise. Returns notes.
pub fn monte_carlo(inp: &McInput<'_>) -> Result<Vec<String>, AppError> {
    if inp.runs < 2 {
        return Err(AppError::input(
            "--monte-carlo",
            format!("{} runs", inp.runs),
            "give at least 2 runs (e.g. 200)",
        ));
    }
    if inp.config.parameters.is_empty() {
        return Err(AppError::input(
            "uncertainty",
            "no [[uncertainty.parameter]] distributions are given",
            "add e.g. [[uncertainty.parameter]] name = \"ac_days\" distribution = \"uniform\" min = 45 max = 75",
        ));
    }
    let dists = check_distributions(inp.config, inp.base.photo.npp_unit == NppUnit::DryMatter)?;
    let catalog = ecocap_gep::Catalog::builtin()?;
    let draws = draw_all(&dists, inp.runs, inp.seed);
    let user_prices = match &inp.valuation.prices {
        Some(p) => Some(CsvTable::from_path(p)?.0),
        None => None,
    };
    let mut samples: Samples = BTreeMap::new();
    for (run, values) in draws.iter().enumerate() {
        let mut qp = inp.base.clone();
        let mut prices: Vec<(String, f64)> = Vec::new();
        for (p, v) in inp.config.parameters.iter().zip(values) {
            match p.name.as_str() {
                "co2_per_dm" => qp.photo.co2_per_dm = *v,
                "o2_per_dm" => qp.photo.o2_per_dm = *v,
                "ac_days" => qp.ac_days = *v,
                "runoff_scale" => {
                    for a in qp.runoff.iter_mut().flatten() {
                        *a = (*a * v).clamp(0.0, 1.0);
                    }
                }
                "heat_scale" => {
                    for h in qp.heat.iter_mut().flatten() {
                        *h *= v;
                    }
                }
                name => {
                    if let Some(ind) = name.strip_prefix("price:") {
                        prices.push((ind.to_string(), *v));
                    }
                }
            }
        }
        let dir = inp.work.join(format!("run{run}"));
        std::fs::create_dir_all(&dir).map_err(|e| werr(&dir, e))?;
        let mut rows = rows_for(inp.years, inp.types, &qp, inp.needed);
        rows.extend(inp.extra_rows.iter().cloned());
        let qpath = dir.join("quantities.csv");
        write_quantities(&qpath, &rows, inp.statistics)?;
        let prices_path = if prices.is_empty() {
            inp.valuation.prices.clone()
        } else {
            let p = dir.join("prices.csv");
            let mut text = String::new();
            let header: Vec<String> = match &user_prices {
                Some(t) => t.headers.clone(),
                None => vec![
                    "indicator".into(),
                    "price".into(),
                    "unit".into(),
                    "price_year".into(),
                ],
            };
            text.push_str(&header.join(","));
            text.push('\n');
            if let Some(t) = &user_prices {
                for row in &t.rows {
                    if !prices.iter().any(|(i, _)| i == row.get(0)) {
                        text.push_str(&row.fields.join(","));
                        text.push('\n');
                    }
                }
            }
            for (ind, v) in &prices {
                let spec = catalog.get(ind).and_then(|i| i.price.as_ref());
                let cells: Vec<String> = header
                    .iter()
                    .map(|h| match h.to_ascii_lowercase().as_str() {
                        "indicator" => ind.clone(),
                        "price" => v.to_string(),
                        "unit" => spec.map(|s| s.unit.clone()).unwrap_or_default(),
                        "price_year" => spec
                            .and_then(|s| s.year)
                            .map(|y| y.to_string())
                            .unwrap_or_default(),
                        _ => String::new(),
                    })
                    .collect();
                text.push_str(&cells.join(","));
                text.push('\n');
            }
            std::fs::write(&p, text).map_err(|e| werr(&p, e))?;
            Some(p)
        };
        let v = inp.valuation;
        let summary_run = ecocap_gep::run(&ecocap_gep::RunOptions {
            quantities: qpath,
            prices: prices_path,
            params: v.params.clone(),
            price_index: v.price_index.clone(),
            price_year: v.price_year,
            gdp: v.gdp.clone(),
            zones_hierarchy: v.zones_hierarchy.clone(),
            out: dir.join("gep"),
            quantities_label: None,
        })?;
        for zy in &summary_run.account.zone_years {
            samples
                .entry((zy.zone.clone(), zy.year, "total".into()))
                .or_default()
                .push(zy.gep);
        }
        for line in &summary_run.account.lines {
            samples
                .entry((line.zone.clone(), line.year, line.indicator.id.clone()))
                .or_default()
                .push(line.value);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    // percentiles
    let p = inp.out_dir.join("uncertainty.csv");
    let mut text = String::from("zone,year,indicator,p5,p50,p95,mean,runs\n");
    for ((z, y, i), vals) in &samples {
        let s = summary(vals);
        text.push_str(&format!(
            "{z},{y},{i},{},{},{},{},{}\n",
            s[0],
            s[1],
            s[2],
            s[3],
            vals.len()
        ));
    }
    std::fs::write(&p, text).map_err(|e| werr(&p, e))?;
    // drivers: rank correlation of each parameter with each year's total over all zones
    let mut totals: BTreeMap<i32, Vec<f64>> = BTreeMap::new();
    for ((_, y, i), vals) in &samples {
        if i == "total" {
            let t = totals.entry(*y).or_insert_with(|| vec![0.0; vals.len()]);
            for (a, b) in t.iter_mut().zip(vals) {
                *a += b;
            }
        }
    }
    let p = inp.out_dir.join("uncertainty_drivers.csv");
    let mut text = String::from("year,parameter,spearman_rho\n");
    for (y, tot) in &totals {
        let mut rows: Vec<(String, f64)> = inp
            .config
            .parameters
            .iter()
            .enumerate()
            .map(|(k, p)| {
                let x: Vec<f64> = draws.iter().map(|d| d[k]).collect();
                (p.name.clone(), spearman(&x, tot))
            })
            .collect();
        rows.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        for (name, rho) in rows {
            text.push_str(&format!("{y},{name},{rho}\n"));
        }
    }
    std::fs::write(&p, text).map_err(|e| werr(&p, e))?;
    Ok(vec![format!(
        "Monte Carlo: {} runs (seed {}) of {} parameters from one raster pass; P5/P50/P95 in uncertainty.csv, drivers in uncertainty_drivers.csv",
        inp.runs,
        inp.seed,
        inp.config.parameters.len()
    )])
}
