//! `manifest.json`: what went in (files and checksums), which catalog,
//! every price used with its source and year, every parameter, the
//! deflators, the warnings, and what came out (with checksums). No clock
//! time is recorded so that identical inputs give an identical manifest.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use serde_json::json;

use super::{basis_text, io_err, names};
use crate::account::{Account, ValueBasis};
use crate::catalog::Catalog;
use crate::error::GepError;
use crate::params::ParamSet;
use crate::textio::sha256_hex;
use crate::valuation::PriceOrigin;

/// One input file.
#[derive(Debug, Clone, Serialize)]
pub struct InputRecord {
    /// which argument (quantities, prices, params …)
    pub role: String,
    /// path as given
    pub path: String,
    /// SHA-256 of the bytes
    pub sha256: String,
    /// text encoding detected
    pub encoding: String,
    /// data rows (None for TOML)
    pub rows: Option<usize>,
}

/// Run facts the manifest and reports need besides the account.
#[derive(Debug, Clone)]
pub struct ManifestInfo {
    /// inputs
    pub inputs: Vec<InputRecord>,
    /// was a GDP file given
    pub gdp_given: bool,
    /// parameters and options in force
    pub params: ParamSet,
}

#[derive(Serialize, PartialEq)]
struct PriceRecord {
    indicator: String,
    price: f64,
    unit: String,
    price_year: Option<i32>,
    origin: PriceOrigin,
    rows: usize,
}

/// Write the manifest; `files` are the outputs already written in `dir`.
pub fn write(
    dir: &Path,
    acc: &Account,
    cat: &Catalog,
    info: &ManifestInfo,
    files: &[String],
) -> Result<(), GepError> {
    let mut prices: Vec<PriceRecord> = Vec::new();
    for l in &acc.lines {
        let Some(p) = &l.price else { continue };
        let rec = PriceRecord {
            indicator: l.indicator.id.clone(),
            price: p.value,
            unit: p.unit.text().to_string(),
            price_year: p.year,
            origin: p.origin.clone(),
            rows: 1,
        };
        match prices.iter_mut().find(|r| {
            r.indicator == rec.indicator
                && r.price == rec.price
                && r.unit == rec.unit
                && r.origin == rec.origin
        }) {
            Some(r) => r.rows += 1,
            None => prices.push(rec),
        }
    }
    let used: BTreeMap<&str, &crate::catalog::Indicator> = acc
        .lines
        .iter()
        .map(|l| (l.indicator.id.as_str(), l.indicator))
        .collect();
    let mut parameters = Vec::new();
    for ind in used.values() {
        for p in &ind.params {
            let (v, overridden) = info.params.value(ind, &p.id).unwrap_or((p.value, false));
            parameters.push(json!({
                "indicator": ind.id, "parameter": p.id, "value": v, "unit": p.unit,
                "overridden": overridden,
                "default": p.value,
                "source": format!("{}; {}", cat.citation(&p.source), p.locator),
            }));
        }
    }
    let conversions: BTreeMap<&str, &str> = acc
        .lines
        .iter()
        .filter_map(|l| {
            l.conversion
                .map(|c| (l.indicator.id.as_str(), c.describe()))
        })
        .collect();
    let mut outputs = Vec::new();
    for f in files {
        let p = dir.join(f);
        let bytes = std::fs::read(&p).map_err(io_err(&p))?;
        outputs.push(json!({ "file": f, "sha256": sha256_hex(&bytes) }));
    }
    let m = json!({
        "tool": "ecocap gep",
        "command": "gep",
        "engine_version": env!("CARGO_PKG_VERSION"),
        "catalog_version": cat.version,
        "inputs": info.inputs,
        "value_basis": basis_text(acc.basis),
        "target_price_year": match acc.basis { ValueBasis::Comparable(y) => Some(y), ValueBasis::AsPriced => None },
        "deflators": acc.deflators,
        "prices_used": prices,
        "parameters": parameters,
        "method_conversions": conversions,
        "double_counting": {
            "rules": info.params.rules,
            "rules_file": info.params.rules_path.as_ref().map(|p| p.display().to_string()),
            "excluded": info.params.exclude,
        },
        "warnings": acc.warnings,
        "outputs": outputs,
    });
    let path = dir.join(names::MANIFEST);
    let text = serde_json::to_string_pretty(&m).map_err(|e| GepError::Io {
        path: path.clone(),
        error: std::io::Error::other(e),
    })?;
    std::fs::write(&path, text + "\n").map_err(io_err(&path))
}
