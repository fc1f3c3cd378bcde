//! The `ecocap cba` configuration file (TOML), parsed strictly: unknown
//! keys are refused with the nearest valid key; paths are relative to the
//! file's directory. Every key is listed in docs/CBA.md.

use crate::error::AppError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The whole file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CbaConfig {
    /// title of the report
    #[serde(default)]
    pub title: Option<String>,
    /// year 0 of the analysis (not discounted)
    pub start_year: i32,
    /// last year of the horizon
    pub end_year: i32,
    /// price year of the analysis (default: start_year)
    #[serde(default)]
    pub price_year: Option<i32>,
    /// currency label (default "yuan")
    #[serde(default)]
    pub currency: Option<String>,
    /// discounting
    #[serde(default)]
    pub discount: DiscountConfig,
    /// inflation
    #[serde(default)]
    pub prices: PricesConfig,
    /// conversion factors of the economic analysis
    #[serde(default)]
    pub economic: EconomicConfig,
    /// measure options
    #[serde(default)]
    pub measures: MeasuresConfig,
    /// the alternatives
    pub alternative: Vec<AlternativeConfig>,
    /// distributional weights
    #[serde(default)]
    pub distribution: Option<DistributionConfig>,
    /// affected groups
    #[serde(default)]
    pub group: Vec<GroupConfig>,
    /// Monte Carlo
    #[serde(default)]
    pub uncertainty: Option<UncertaintyConfig>,
}

/// `[discount]`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DiscountConfig {
    /// presets and user schedule names, evaluated side by side
    #[serde(default = "default_presets")]
    pub presets: Vec<String>,
    /// rate of the `constant` preset (ratio)
    #[serde(default)]
    pub rate: Option<f64>,
    /// user schedules
    #[serde(default)]
    pub schedule: Vec<ScheduleConfig>,
}

fn default_presets() -> Vec<String> {
    vec!["china-8".into()]
}

impl Default for DiscountConfig {
    fn default() -> Self {
        DiscountConfig {
            presets: default_presets(),
            rate: None,
            schedule: Vec::new(),
        }
    }
}

/// `[[discount.schedule]]`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleConfig {
    /// name (listed in `presets`)
    pub name: String,
    /// bands `{ from, to, rate }`
    pub segments: Vec<SegmentConfig>,
}

/// One band.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentConfig {
    /// first year (≥ 1)
    pub from: u32,
    /// last year (leave out for the last band)
    #[serde(default)]
    pub to: Option<u32>,
    /// rate (ratio)
    pub rate: f64,
}

/// `[prices]`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PricesConfig {
    /// a constant rate or `{ year = rate }`
    #[serde(default)]
    pub inflation: Option<RateOrSeries>,
}

/// A rate or a series by year.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum RateOrSeries {
    /// constant
    Rate(f64),
    /// by year
    Series(BTreeMap<String, f64>),
}

/// `[economic]`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EconomicConfig {
    /// standard conversion factor (default 1)
    #[serde(default)]
    pub standard_conversion_factor: Option<f64>,
    /// shadow wage rate factor (default 1)
    #[serde(default)]
    pub shadow_wage_factor: Option<f64>,
    /// shadow exchange rate factor (default 1; 1.08 in the 2006 Chinese method)
    #[serde(default)]
    pub shadow_exchange_factor: Option<f64>,
}

/// `[measures]`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MeasuresConfig {
    /// "auto" (default: empty when undefined), "required" (error when the
    /// net flows never change sign) or "off"
    #[serde(default)]
    pub irr: Option<String>,
}

/// `[[alternative]]`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AlternativeConfig {
    /// name
    pub name: String,
    /// description
    #[serde(default)]
    pub description: Option<String>,
    /// physical effect for cost-effectiveness
    #[serde(default)]
    pub effect: Option<EffectConfig>,
    /// flows
    pub flow: Vec<FlowConfig>,
}

/// `effect = { unit, values | from/to/amount }`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EffectConfig {
    /// unit (e.g. "ha restored")
    pub unit: String,
    /// by year
    #[serde(default)]
    pub values: Option<Values>,
    /// first year of a range
    #[serde(default)]
    pub from: Option<i32>,
    /// last year of a range
    #[serde(default)]
    pub to: Option<i32>,
    /// amount per year of the range
    #[serde(default)]
    pub amount: Option<f64>,
}

/// Amounts by year: `{ 2025 = 100 }` or `[[2025, 100], ...]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Values {
    /// inline table
    Table(BTreeMap<String, f64>),
    /// pairs (a year may then appear twice: refused with a message)
    Pairs(Vec<(i32, f64)>),
}

/// `[[alternative.flow]]`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FlowConfig {
    /// name
    pub name: String,
    /// "cost" or "benefit"
    pub kind: String,
    /// capital, operation, ecosystem_service, carbon, avoided_damage, revenue, transfer
    pub category: String,
    /// amounts by year
    #[serde(default)]
    pub values: Option<Values>,
    /// first year of a range
    #[serde(default)]
    pub from: Option<i32>,
    /// last year of a range
    #[serde(default)]
    pub to: Option<i32>,
    /// amount per year of the range (or from `from_esv`)
    #[serde(default)]
    pub amount: Option<f64>,
    /// growth per year (ratio)
    #[serde(default)]
    pub growth: Option<f64>,
    /// years to reach the full amount (linear)
    #[serde(default)]
    pub ramp_years: Option<u32>,
    /// "real" (default) or "nominal"
    #[serde(default)]
    pub prices: Option<String>,
    /// price year of real amounts (default: the analysis price year)
    #[serde(default)]
    pub price_year: Option<i32>,
    /// residual value credited in the last year
    #[serde(default)]
    pub residual: Option<f64>,
    /// "default", "standard", "wage", "foreign_exchange", "none" or a number
    #[serde(default)]
    pub conversion: Option<toml::Value>,
    /// share of the amounts that is a transfer (tax, subsidy)
    #[serde(default)]
    pub transfer_share: Option<f64>,
    /// "both", "financial" or "economic" (default by category)
    #[serde(default)]
    pub perspective: Option<String>,
    /// shares over groups, summing to 1
    #[serde(default)]
    pub shares: Option<BTreeMap<String, f64>>,
    /// the ESV change between two `ecocap esv` output folders
    #[serde(default)]
    pub from_esv: Option<FromEsvConfig>,
}

/// `from_esv = { baseline = "DIR", alternative = "DIR", year = 2020 }`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FromEsvConfig {
    /// `ecocap esv` output folder of the baseline
    pub baseline: PathBuf,
    /// `ecocap esv` output folder of the alternative
    pub alternative: PathBuf,
    /// ESV year whose change is the annual amount (default: the only
    /// year both folders share)
    #[serde(default)]
    pub year: Option<i32>,
    /// zone (default: the sum over every zone)
    #[serde(default)]
    pub zone: Option<String>,
    /// one service of `esv_by_service.csv` (default: total ESV)
    #[serde(default)]
    pub service: Option<String>,
}

/// `[distribution]`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DistributionConfig {
    /// reference income y_ref (e.g. median equivalised household income)
    pub reference_income: f64,
    /// elasticity of marginal utility of income (default 1.3, Green Book)
    #[serde(default)]
    pub elasticity: Option<f64>,
}

/// `[[group]]`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GroupConfig {
    /// id used in flow shares
    pub id: String,
    /// income (same unit as the reference income)
    pub income: f64,
    /// "female", "male" or "unspecified" (default)
    #[serde(default)]
    pub gender: Option<String>,
    /// description
    #[serde(default)]
    pub description: Option<String>,
}

/// `[uncertainty]`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct UncertaintyConfig {
    /// runs (default 1000)
    #[serde(default)]
    pub runs: Option<usize>,
    /// seed (default 42)
    #[serde(default)]
    pub seed: Option<u64>,
    /// schedule used (default: the first of `presets`)
    #[serde(default)]
    pub discount: Option<String>,
    /// "economic" (default) or "financial"
    #[serde(default)]
    pub analysis: Option<String>,
    /// variables
    pub variable: Vec<VariableConfig>,
}

/// `[[uncertainty.variable]]`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VariableConfig {
    /// name
    pub name: String,
    /// const, uniform, triangular, normal, lognormal (decisionSupport
    /// spellings unif, tri, norm, lnorm accepted)
    pub distribution: String,
    /// targets: "alternative/flow" or "flow" (every alternative)
    pub flows: Vec<String>,
    /// "scale" (default) or "amount"
    #[serde(default)]
    pub effect: Option<String>,
    /// const value
    #[serde(default)]
    pub value: Option<f64>,
    /// bounds (uniform, triangular)
    #[serde(default)]
    pub min: Option<f64>,
    /// mode (triangular)
    #[serde(default)]
    pub mode: Option<f64>,
    /// bounds (uniform, triangular)
    #[serde(default)]
    pub max: Option<f64>,
    /// normal mean
    #[serde(default)]
    pub mean: Option<f64>,
    /// normal sd
    #[serde(default)]
    pub sd: Option<f64>,
    /// lognormal meanlog
    #[serde(default)]
    pub meanlog: Option<f64>,
    /// lognormal sdlog
    #[serde(default)]
    pub sdlog: Option<f64>,
    /// 90 % interval lower bound (decisionSupport style)
    #[serde(default)]
    pub lower: Option<f64>,
    /// 90 % interval upper bound
    #[serde(default)]
    pub upper: Option<f64>,
}

/// Read and parse a config; `from_esv` paths become relative to its folder.
pub fn load(path: &Path) -> Result<CbaConfig, AppError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        AppError::input(
            path.display().to_string(),
            format!("cannot read the config ({e})"),
            "give the path of a CBA config TOML; see examples/cba/cba.toml",
        )
    })?;
    let mut cfg = parse(&text, &path.display().to_string())?;
    let base = path.parent().unwrap_or(Path::new("."));
    for a in &mut cfg.alternative {
        for f in &mut a.flow {
            if let Some(e) = &mut f.from_esv {
                for p in [&mut e.baseline, &mut e.alternative] {
                    if p.is_relative() {
                        *p = base.join(&*p);
                    }
                }
            }
        }
    }
    Ok(cfg)
}

/// Parse config text (`label` names it in messages).
pub fn parse(text: &str, label: &str) -> Result<CbaConfig, AppError> {
    toml::from_str(text).map_err(|e| {
        let msg = e.message().to_string();
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].lines().count().max(1));
        let at = line.map(|l| format!(" (line {l})")).unwrap_or_default();
        let hint = unknown_key_hint(&msg)
            .unwrap_or_else(|| "see docs/CBA.md for every key with its meaning".to_string());
        AppError::input(format!("{label}{at}"), msg, hint)
    })
}

/// For serde's "unknown field `x`, expected one of `a`, `b`": the nearest key.
fn unknown_key_hint(msg: &str) -> Option<String> {
    let rest = msg.strip_prefix("unknown field `")?;
    let (bad, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    let near = ecocap_cba::error::nearest(bad, expected.iter().copied())
        .map(|k| format!("did you mean `{k}`? "));
    Some(format!(
        "{}valid keys here: {}",
        near.unwrap_or_default(),
        expected.join(", ")
    ))
}
