//! Ecosystem-service flows from two `ecocap esv` output folders: the
//! change of total ESV (`esv_total.csv`) or of one service
//! (`esv_by_service.csv`, with `service`), alternative − baseline, per
//! year, in the price year recorded in their `manifest.json`.

use super::config::FromEsvConfig;
use crate::error::AppError;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// ESV totals of one folder by year, with its price year and currency.
struct EsvTotals {
    by_year: BTreeMap<i32, f64>,
    price_year: Option<i32>,
    currency: Option<String>,
}

fn read(
    dir: &Path,
    zone: Option<&str>,
    service: Option<&str>,
    input: &str,
) -> Result<EsvTotals, AppError> {
    let path = dir.join(if service.is_some() {
        "esv_by_service.csv"
    } else {
        "esv_total.csv"
    });
    let bad = |d: String| {
        AppError::input(
            format!("{input}: {}", path.display()),
            d,
            "point from_esv at the output folder of an `ecocap esv` run (it holds esv_total.csv and manifest.json)",
        )
    };
    let mut r = csv::Reader::from_path(&path).map_err(|e| bad(format!("cannot read ({e})")))?;
    let headers = r.headers().map_err(|e| bad(e.to_string()))?.clone();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(cz), Some(cy)) = (col("zone"), col("year")) else {
        return Err(bad("no zone and year columns".into()));
    };
    let cv = col("esv_yuan")
        .or_else(|| col("esv_value"))
        .ok_or_else(|| bad("no esv_yuan or esv_value column".into()))?;
    let cs = col("service");
    let mut by_year = BTreeMap::new();
    let mut zones = Vec::new();
    let mut services: Vec<String> = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| bad(e.to_string()))?;
        if let (Some(want), Some(cs)) = (service, cs) {
            let s = rec.get(cs).unwrap_or_default();
            if !services.iter().any(|k| k == s) {
                services.push(s.to_string());
            }
            if s != want {
                continue;
            }
        }
        let z = rec.get(cz).unwrap_or_default();
        if !zones.iter().any(|k: &String| k == z) {
            zones.push(z.to_string());
        }
        if zone.is_some_and(|want| want != z) {
            continue;
        }
        let y: i32 = rec
            .get(cy)
            .unwrap_or_default()
            .parse()
            .map_err(|_| bad(format!("a row without a year (zone '{z}')")))?;
        let v: f64 = rec
            .get(cv)
            .unwrap_or_default()
            .parse()
            .map_err(|_| bad(format!("value of zone '{z}', year {y} is not a number")))?;
        *by_year.entry(y).or_insert(0.0) += v;
    }
    if let Some(want) = zone {
        if !zones.iter().any(|z| z == want) {
            return Err(bad(format!(
                "no zone '{want}' (zones: {})",
                zones.join(", ")
            )));
        }
    }
    if let Some(want) = service {
        if !services.iter().any(|s| s == want) {
            let near = ecocap_cba::error::nearest(want, services.iter().map(String::as_str))
                .map(|n| format!(" (did you mean '{n}'?)"))
                .unwrap_or_default();
            return Err(bad(format!(
                "no service '{want}'{near} (services: {})",
                services.join(", ")
            )));
        }
    }
    let manifest: Option<serde_json::Value> = std::fs::read_to_string(dir.join("manifest.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok());
    let param = |k: &str| {
        manifest
            .as_ref()
            .and_then(|m| m["parameters"].get(k).cloned())
    };
    Ok(EsvTotals {
        by_year,
        price_year: param("price_year")
            .and_then(|v| v.as_i64())
            .and_then(|v| i32::try_from(v).ok()),
        currency: param("currency").and_then(|v| v.as_str().map(str::to_string)),
    })
}

/// The ESV change of a flow.
pub struct EsvChange {
    /// (year, alternative − baseline) for every year both folders hold
    pub by_year: Vec<(i32, f64)>,
    /// price year from the manifests
    pub price_year: Option<i32>,
    /// currency from the manifests
    pub currency: Option<String>,
    /// files read (for the manifest)
    pub files: Vec<(String, PathBuf)>,
}

/// Read both folders; `input` names the flow in messages.
pub fn change(cfg: &FromEsvConfig, input: &str) -> Result<EsvChange, AppError> {
    let (zone, service) = (cfg.zone.as_deref(), cfg.service.as_deref());
    let base = read(&cfg.baseline, zone, service, input)?;
    let alt = read(&cfg.alternative, zone, service, input)?;
    if base.price_year != alt.price_year || base.currency != alt.currency {
        return Err(AppError::input(
            input,
            format!(
                "the two ESV runs are in different prices (baseline {:?} {:?}, alternative {:?} {:?})",
                base.price_year, base.currency, alt.price_year, alt.currency
            ),
            "run both ESV accounts with the same value basis and price year",
        ));
    }
    let mut by_year: Vec<(i32, f64)> = base
        .by_year
        .iter()
        .filter_map(|(y, b)| alt.by_year.get(y).map(|a| (*y, a - b)))
        .collect();
    if let Some(y) = cfg.year {
        by_year.retain(|(k, _)| *k == y);
        if by_year.is_empty() {
            return Err(AppError::input(
                format!("{input}, from_esv.year"),
                format!("year {y} is not in both ESV runs"),
                "give a year present in esv_total.csv of both folders",
            ));
        }
    }
    if by_year.is_empty() {
        return Err(AppError::input(
            input,
            "the two ESV runs share no year",
            "run both ESV accounts for the same year(s)",
        ));
    }
    Ok(EsvChange {
        by_year,
        price_year: base.price_year,
        currency: base.currency,
        files: vec![
            ("ESV baseline".into(), cfg.baseline.join("esv_total.csv")),
            (
                "ESV alternative".into(),
                cfg.alternative.join("esv_total.csv"),
            ),
        ],
    })
}
