//! The indicator catalog, declared once as data in `catalog.toml` (with the
//! double-counting rules in `double_counting.csv`) and embedded in the
//! binary. This module gives it types, checks it, and looks ids up.

mod render;
mod validate;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::classes::{Category, Method, ServiceClass};
use crate::conversion::Conversion;
use crate::error::GepError;

pub use render::{render_catalog, CatalogFormat};

const CATALOG_TOML: &str = include_str!("catalog.toml");
const DOUBLE_COUNTING_CSV: &str = include_str!("double_counting.csv");

/// A bibliographic source, referenced by key from prices and parameters.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Source {
    /// full citation
    pub citation: String,
}

/// Chinese and English names.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Names {
    /// 中文
    pub zh: String,
    /// English
    pub en: String,
}

/// A unit price with its unit, price year and source.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PriceSpec {
    /// price value
    pub value: f64,
    /// unit, e.g. `yuan/m3`
    pub unit: String,
    /// price year (`None` when the source does not state it)
    #[serde(default)]
    pub year: Option<i32>,
    /// key into `[sources]`
    pub source: String,
    /// table, equation or page in the source
    #[serde(default)]
    pub locator: String,
    /// how well the figure was verified (from gep_prices.csv)
    #[serde(default)]
    pub verification: String,
}

/// A named method parameter with default, unit and source.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ParamSpec {
    /// id used in --params TOML
    pub id: String,
    /// 中文
    pub zh: String,
    /// English
    pub en: String,
    /// default value in `unit`
    pub value: f64,
    /// unit of `value`
    pub unit: String,
    /// key into `[sources]`
    pub source: String,
    /// where in the source
    #[serde(default)]
    pub locator: String,
}

/// One GEP indicator.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Indicator {
    /// stable id used in input files
    pub id: String,
    /// 中文名
    pub zh: String,
    /// English name
    pub en: String,
    /// key into `[services]` (the 服务功能 grouping of report tables)
    pub service: String,
    /// GEP category
    pub category: Category,
    /// SEEA EA class
    pub seea: ServiceClass,
    /// MEA class
    pub mea: ServiceClass,
    /// canonical physical unit
    pub unit: String,
    /// valuation method
    pub method: Method,
    /// value formula as printed in the source
    pub formula: String,
    /// method-defined conversion, if any
    #[serde(default)]
    pub conversion: Option<Conversion>,
    /// default price
    #[serde(default)]
    pub price: Option<PriceSpec>,
    /// other published prices, for information
    #[serde(default)]
    pub alt_prices: Vec<PriceSpec>,
    /// method parameters with defaults
    #[serde(default)]
    pub params: Vec<ParamSpec>,
    /// notes
    #[serde(default)]
    pub notes: Option<String>,
}

/// A pair of indicators that can count the same flow.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DoubleCountRule {
    /// first indicator id
    pub indicator_a: String,
    /// second indicator id
    pub indicator_b: String,
    /// why they overlap
    pub reason: String,
    /// where the rule comes from
    pub source: String,
}

#[derive(Debug, Deserialize)]
struct RawCatalog {
    version: String,
    sources: BTreeMap<String, Source>,
    services: BTreeMap<String, Names>,
    indicator: Vec<Indicator>,
}

/// The whole catalog.
#[derive(Debug, Clone, Serialize)]
pub struct Catalog {
    /// catalog version (recorded in every manifest)
    pub version: String,
    /// sources by key
    pub sources: BTreeMap<String, Source>,
    /// service groups by key
    pub services: BTreeMap<String, Names>,
    /// indicators, in report order
    pub indicators: Vec<Indicator>,
    /// default double-counting rules
    pub double_counting: Vec<DoubleCountRule>,
}

impl Catalog {
    /// The built-in catalog (parsed and checked once).
    pub fn builtin() -> Result<&'static Catalog, GepError> {
        static CELL: OnceLock<Result<Catalog, String>> = OnceLock::new();
        CELL.get_or_init(|| {
            Catalog::parse(CATALOG_TOML, DOUBLE_COUNTING_CSV).map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| GepError::Catalog(e.clone()))
    }

    /// Parse and check a catalog from its TOML and rules CSV texts.
    pub fn parse(toml_text: &str, rules_csv: &str) -> Result<Catalog, GepError> {
        let raw: RawCatalog =
            toml::from_str(toml_text).map_err(|e| GepError::Catalog(e.to_string()))?;
        let double_counting = parse_rules(rules_csv.as_bytes())
            .map_err(|e| GepError::Catalog(format!("double_counting.csv: {e}")))?;
        let cat = Catalog {
            version: raw.version,
            sources: raw.sources,
            services: raw.services,
            indicators: raw.indicator,
            double_counting,
        };
        let problems = validate::check(&cat);
        if problems.is_empty() {
            Ok(cat)
        } else {
            Err(GepError::Catalog(problems.join("; ")))
        }
    }

    /// Look an indicator up by id (exact, then case-insensitive).
    pub fn get(&self, id: &str) -> Option<&Indicator> {
        let id = id.trim();
        self.indicators.iter().find(|i| i.id == id).or_else(|| {
            self.indicators
                .iter()
                .find(|i| i.id.eq_ignore_ascii_case(id))
        })
    }

    /// The id nearest to `text` (by id, Chinese or English name), if any is
    /// reasonably close.
    pub fn suggest(&self, text: &str) -> Option<String> {
        let t = text.trim().to_lowercase();
        let mut best: Option<(f64, &str)> = None;
        for ind in &self.indicators {
            for cand in [ind.id.as_str(), ind.zh.as_str(), ind.en.as_str()] {
                let s = strsim::jaro_winkler(&t, &cand.to_lowercase());
                if best.is_none_or(|(b, _)| s > b) {
                    best = Some((s, ind.id.as_str()));
                }
            }
        }
        best.filter(|(s, _)| *s >= 0.7)
            .map(|(_, id)| id.to_string())
    }

    /// The citation text of a source key (the key itself if unknown).
    pub fn citation<'a>(&'a self, key: &'a str) -> &'a str {
        self.sources.get(key).map_or(key, |s| s.citation.as_str())
    }

    /// Service group names of an indicator.
    pub fn service_names<'a>(&'a self, ind: &'a Indicator) -> (&'a str, &'a str) {
        self.services
            .get(&ind.service)
            .map_or((ind.service.as_str(), ind.service.as_str()), |n| {
                (n.zh.as_str(), n.en.as_str())
            })
    }
}

/// Parse a double-counting rules CSV (`indicator_a,indicator_b,reason,source`).
pub fn parse_rules(bytes: &[u8]) -> Result<Vec<DoubleCountRule>, String> {
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let mut out = Vec::new();
    for r in rdr.deserialize() {
        out.push(r.map_err(|e| e.to_string())?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
