//! The `ecocap seea` configuration file (TOML), parsed strictly: unknown
//! keys are refused with the nearest valid key, and every path is
//! resolved relative to the file's directory.

use crate::error::AppError;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The whole file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeeaConfig {
    /// title shown in the summary (optional)
    #[serde(default)]
    pub title: Option<String>,
    /// land-cover maps
    pub extent: ExtentConfig,
    /// accounting zones (optional: one zone "all")
    #[serde(default)]
    pub zones: Option<ZonesConfig>,
    /// condition variables (optional)
    #[serde(default)]
    pub condition: Option<ConditionConfig>,
    /// ecosystem services (optional)
    #[serde(default)]
    pub services: Option<ServicesConfig>,
    /// monetary asset account (optional; needs services)
    #[serde(default)]
    pub asset: Option<AssetConfig>,
}

/// `[extent]`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExtentConfig {
    /// land cover at the opening date
    pub opening: PathBuf,
    /// land cover at the closing date
    pub closing: PathBuf,
    /// opening year
    pub opening_year: i32,
    /// closing year
    pub closing_year: i32,
    /// class → ecosystem type: a builtin (clcd, cnlucc, globeland30,
    /// worldcover, igbp) or a CSV `class,ecosystem_type`
    pub mapping: String,
    /// mapping of the closing map when it uses another class scheme
    #[serde(default)]
    pub closing_mapping: Option<String>,
    /// nodata code when the rasters declare none
    #[serde(default)]
    pub nodata: Option<f64>,
    /// cause raster: cells ≠ 0 changed by management (managed), 0 = unmanaged
    #[serde(default)]
    pub cause_raster: Option<PathBuf>,
    /// cause table: `from_type,to_type,cause` (managed | unmanaged)
    #[serde(default)]
    pub cause_table: Option<PathBuf>,
}

/// `[zones]`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ZonesConfig {
    /// vector file (GeoPackage, Shapefile, GeoJSON)
    pub path: PathBuf,
    /// field with the zone id
    pub field: String,
}

/// `[condition]`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionConfig {
    /// CSV `zone,ecosystem_type,variable,opening,closing`
    #[serde(default)]
    pub values: Option<PathBuf>,
    /// the variables
    #[serde(default)]
    pub variable: Vec<VariableConfig>,
}

/// `[[condition.variable]]`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VariableConfig {
    /// id (as in the values CSV)
    pub id: String,
    /// English name
    #[serde(default)]
    pub name_en: Option<String>,
    /// Chinese name
    #[serde(default)]
    pub name_zh: Option<String>,
    /// ECT class: physical_state, chemical_state, compositional_state,
    /// structural_state, functional_state, landscape
    pub class: String,
    /// unit of the values
    pub unit: String,
    /// higher_is_better or lower_is_better
    pub direction: String,
    /// value of the reference condition (indicator 1)
    #[serde(default)]
    pub reference: Option<f64>,
    /// value of the degraded state (indicator 0)
    #[serde(default)]
    pub lower: Option<f64>,
    /// weight within its sub-index
    #[serde(default = "one")]
    pub weight: f64,
    /// ecosystem types it applies to (default: all)
    #[serde(default)]
    pub types: Vec<String>,
    /// raster of the variable at the opening date (zonal means by zone × type)
    #[serde(default)]
    pub opening_raster: Option<PathBuf>,
    /// raster at the closing date
    #[serde(default)]
    pub closing_raster: Option<PathBuf>,
}

fn one() -> f64 {
    1.0
}

/// `[services]`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ServicesConfig {
    /// "esv": value the extent with the equivalent-factor method;
    /// "table": read flows from a CSV (a GEP or ESV output)
    pub from: String,
    /// (esv) equivalent table: xie2015, xie2008, xie2003
    #[serde(default)]
    pub table: Option<String>,
    /// (esv) value of one standard equivalent, yuan/ha
    #[serde(default)]
    pub unit_value: Option<f64>,
    /// price year of the values
    #[serde(default)]
    pub price_year: Option<i32>,
    /// (table) CSV `zone,year,indicator,[ecosystem_type],[quantity,unit],[value]`
    #[serde(default)]
    pub file: Option<PathBuf>,
    /// (table) "gep" (GEP catalog indicators) or "esv" (ESV services)
    #[serde(default)]
    pub indicators: Option<String>,
    /// CSV `source,indicator,seea_service,final[,note]` overriding the shipped mapping
    #[serde(default)]
    pub service_map: Option<PathBuf>,
    /// CSV `service,user,share` (service `*` = default)
    pub allocation: PathBuf,
    /// currency label of monetary flows
    #[serde(default)]
    pub currency: Option<String>,
}

/// One `[[asset.segment]]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentConfig {
    /// first year
    pub from: u32,
    /// last year (omit for open-ended)
    #[serde(default)]
    pub to: Option<u32>,
    /// rate, ratio per year
    pub rate: f64,
}

/// `[asset]`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AssetConfig {
    /// china8, china6, green_book, constant (with `rate`) or user (with segments)
    pub schedule: String,
    /// constant rate for `schedule = "constant"`
    #[serde(default)]
    pub rate: Option<f64>,
    /// user segments for `schedule = "user"`
    #[serde(default)]
    pub segment: Vec<SegmentConfig>,
    /// asset life, years
    pub asset_life: u32,
    /// constant or trend
    #[serde(default = "constant")]
    pub projection: String,
    /// years the trend is extrapolated (default: the accounting period)
    #[serde(default)]
    pub trend_years: Option<u32>,
    /// closing / opening price level
    #[serde(default = "one")]
    pub price_ratio: f64,
}

fn constant() -> String {
    "constant".into()
}

/// Read and parse a config file; paths become relative to its directory.
pub fn load(path: &Path) -> Result<SeeaConfig, AppError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        AppError::input(
            path.display().to_string(),
            format!("cannot read the config ({e})"),
            "give the path of a SEEA config TOML; see examples/seea/seea.toml",
        )
    })?;
    let mut cfg = parse(&text, &path.display().to_string())?;
    let base = path.parent().unwrap_or(Path::new("."));
    cfg.resolve(base);
    Ok(cfg)
}

/// Parse config text (`label` names it in messages).
pub fn parse(text: &str, label: &str) -> Result<SeeaConfig, AppError> {
    toml::from_str(text).map_err(|e| {
        let msg = e.message().to_string();
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].lines().count().max(1));
        let at = line.map(|l| format!(" (line {l})")).unwrap_or_default();
        let hint = unknown_key_hint(&msg).unwrap_or_else(|| {
            "see examples/seea/seea.toml for every key with its meaning".to_string()
        });
        AppError::input(format!("{label}{at}"), msg, hint)
    })
}

/// For serde's "unknown field `x`, expected one of `a`, `b`": the nearest key.
fn unknown_key_hint(msg: &str) -> Option<String> {
    let rest = msg.strip_prefix("unknown field `")?;
    let (bad, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    let near = expected
        .iter()
        .map(|k| (strsim::levenshtein(bad, k), *k))
        .min()
        .filter(|(d, _)| *d <= 3.max(bad.len() / 3))
        .map(|(_, k)| format!("did you mean `{k}`? "));
    Some(format!(
        "{}valid keys here: {}",
        near.unwrap_or_default(),
        expected.join(", ")
    ))
}

fn rebase(base: &Path, p: &mut PathBuf) {
    if p.is_relative() {
        *p = base.join(&*p);
    }
}

fn rebase_mapping(base: &Path, m: &mut String) {
    let lower = m.trim().to_ascii_lowercase();
    if !ecocap_params::builtin_mapping_names().contains(&lower.as_str()) {
        let p = Path::new(m.as_str());
        if p.is_relative() {
            *m = base.join(p).display().to_string();
        }
    }
}

impl SeeaConfig {
    fn resolve(&mut self, base: &Path) {
        let e = &mut self.extent;
        rebase(base, &mut e.opening);
        rebase(base, &mut e.closing);
        rebase_mapping(base, &mut e.mapping);
        if let Some(m) = &mut e.closing_mapping {
            rebase_mapping(base, m);
        }
        for p in [&mut e.cause_raster, &mut e.cause_table]
            .into_iter()
            .flatten()
        {
            rebase(base, p);
        }
        if let Some(z) = &mut self.zones {
            rebase(base, &mut z.path);
        }
        if let Some(c) = &mut self.condition {
            if let Some(p) = &mut c.values {
                rebase(base, p);
            }
            for v in &mut c.variable {
                for p in [&mut v.opening_raster, &mut v.closing_raster]
                    .into_iter()
                    .flatten()
                {
                    rebase(base, p);
                }
            }
        }
        if let Some(s) = &mut self.services {
            rebase(base, &mut s.allocation);
            for p in [&mut s.file, &mut s.service_map].into_iter().flatten() {
                rebase(base, p);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: &str = "[extent]\nopening = \"a.tif\"\nclosing = \"b.tif\"\nopening_year = 2000\nclosing_year = 2020\nmapping = \"clcd\"\n";

    #[test]
    fn minimal_config_parses() {
        let c = parse(MIN, "c.toml").unwrap();
        assert_eq!(c.extent.closing_year, 2020);
        assert!(c.services.is_none());
    }

    #[test]
    fn unknown_key_suggests_the_nearest() {
        let text = MIN.replace("mapping =", "mappin =");
        let e = parse(&text, "c.toml").unwrap_err().to_string();
        assert!(e.contains("c.toml (line") && e.contains("mappin"), "{e}");
        assert!(e.contains("hint: did you mean `mapping`?"), "{e}");
    }
}
