//! The account configuration (TOML). Paths are relative to the file.

use crate::error::AppError;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Zones: a polygon file and its id field.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZonesConfig {
    /// GeoPackage, Shapefile or GeoJSON
    pub path: PathBuf,
    /// id field
    pub field: String,
}

/// Inputs of one year.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearInputs {
    /// the year
    pub year: i32,
    /// land cover (integer classes)
    pub landcover: PathBuf,
    /// NPP, g C m⁻² yr⁻¹
    pub npp: Option<PathBuf>,
    /// soil heterotrophic respiration, g C m⁻² yr⁻¹
    pub rh: Option<PathBuf>,
    /// annual precipitation, mm
    pub precipitation: Option<PathBuf>,
    /// annual actual evapotranspiration, mm
    pub et: Option<PathBuf>,
    /// water-surface evaporation, mm
    pub evaporation: Option<PathBuf>,
    /// rainfall erosivity R, MJ·mm/(ha·h·yr)
    pub erosivity: Option<PathBuf>,
    /// fractional vegetation cover (unit per `[wind_erosion] fvc_unit`)
    pub fvc: Option<PathBuf>,
    /// RWEQ weather factor WF of the year, kg/m
    pub wind_factor: Option<PathBuf>,
    /// RWEQ wind term Σ U2(U2 − 5)²·Nd/N of the year, m³/s³·d
    pub wind_energy: Option<PathBuf>,
    /// RWEQ soil wetness factor SW, 0–1
    pub soil_wetness: Option<PathBuf>,
    /// days with snow cover in the year
    pub snow_days: Option<PathBuf>,
    /// annual water yield, mm (water-retention method; else P − ET)
    pub water_yield: Option<PathBuf>,
}

/// Parameter tables keyed by Xie 2015 ecosystem type.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TablesConfig {
    /// `ecosystem_type,coefficient`
    pub runoff_coefficients: Option<PathBuf>,
    /// `ecosystem_type,kj_per_m2_day`
    pub transpiration_heat: Option<PathBuf>,
    /// `ecosystem_type,usle_c,usle_p`
    pub usle: Option<PathBuf>,
    /// `ecosystem_type` + capacity columns so2, nox, dust, cod, nh3n, tn, tp (t/ha/yr)
    pub purification: Option<PathBuf>,
    /// `zone,year,pollutant,emission` (t): purification is bounded by emissions
    pub emissions: Option<PathBuf>,
    /// `ecosystem_type,velocity`: flow-velocity coefficient (water retention)
    pub velocity_coefficients: Option<PathBuf>,
    /// `ecosystem_type,coefficient`: a of RWEQ C = exp(−a·FVC%)
    pub wind_vegetation: Option<PathBuf>,
}

/// Scalar model parameters (defaults and sources in ecocap-gepmodels;
/// the photosynthesis settings are checked in `photo.rs`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParametersConfig {
    /// unit of the NPP and Rh rasters: "g C/m2/yr" (default) or "g DM/m2/yr"
    pub npp_unit: Option<String>,
    /// g CO₂ per g dry matter (dry-matter NPP only; default 1.63)
    pub co2_per_dm: Option<f64>,
    /// g O₂ per g dry matter (dry-matter NPP only; default 1.19)
    pub o2_per_dm: Option<f64>,
    /// no longer used (refused with an explanation): carbon is converted
    /// to CO₂ and O₂ by molar masses
    pub carbon_fraction: Option<f64>,
    /// "nep" or "npp": the production carbon sequestration is computed from
    pub carbon_basis: Option<String>,
    /// "nep" or "npp": the production oxygen release is computed from
    pub oxygen_basis: Option<String>,
    /// days above the air-conditioning threshold temperature
    pub ac_days: Option<f64>,
}

/// Valuation options passed to the GEP engine.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValuationConfig {
    /// price overrides CSV
    pub prices: Option<PathBuf>,
    /// method parameters TOML
    pub params: Option<PathBuf>,
    /// price index CSV (year,index)
    pub price_index: Option<PathBuf>,
    /// target price year
    pub price_year: Option<i32>,
    /// GDP CSV
    pub gdp: Option<PathBuf>,
    /// zone hierarchy CSV (zone,parent)
    pub zones_hierarchy: Option<PathBuf>,
}

/// Language of the report and map texts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// 中文
    #[default]
    Zh,
    /// English
    En,
}

/// Which value-density rasters to write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DensityRasters {
    /// one per indicator and the total
    #[default]
    All,
    /// the total only
    Total,
    /// none
    None,
}

/// What the account writes beyond its tables.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputsConfig {
    /// report and map language
    #[serde(default)]
    pub language: Language,
    /// per-pixel value-density rasters (yuan/ha)
    #[serde(default)]
    pub density: DensityRasters,
    /// PNG maps of GEP by zone and per pixel
    #[serde(default = "yes")]
    pub maps: bool,
    /// the self-contained HTML report
    #[serde(default = "yes")]
    pub report: bool,
}

fn yes() -> bool {
    true
}

impl Default for OutputsConfig {
    fn default() -> Self {
        OutputsConfig {
            language: Language::Zh,
            density: DensityRasters::All,
            maps: true,
            report: true,
        }
    }
}

/// The whole configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountConfig {
    /// zones (absent: one zone `all`)
    pub zones: Option<ZonesConfig>,
    /// class mapping to Xie 2015 types: a shipped name or a CSV
    pub mapping: String,
    /// indicators to account (absent: every one the inputs allow)
    pub indicators: Option<Vec<String>>,
    /// resample inputs on other grids onto each year's land-cover grid
    #[serde(default)]
    pub align: bool,
    /// DEM (m), for the LS factor of soil retention
    pub dem: Option<PathBuf>,
    /// soil erodibility K, t·ha·h/(ha·MJ·mm)
    pub erodibility: Option<PathBuf>,
    /// statistics CSV `zone,year,indicator,quantity,unit` (material
    /// products, water supply, recreation ...), passed to the GEP engine
    pub statistics: Option<PathBuf>,
    /// inputs per year
    #[serde(rename = "year")]
    pub years: Vec<YearInputs>,
    /// parameter tables
    #[serde(default)]
    pub tables: TablesConfig,
    /// scalar parameters
    #[serde(default)]
    pub parameters: ParametersConfig,
    /// valuation
    #[serde(default)]
    pub valuation: ValuationConfig,
    /// flood regulation tables (lakes, reservoirs, marshes)
    #[serde(default)]
    pub flood: super::flood::FloodConfig,
    /// Monte Carlo distributions of parameters and prices
    pub uncertainty: Option<super::uncertainty::UncertaintyConfig>,
    /// density rasters, maps, report
    #[serde(default)]
    pub outputs: OutputsConfig,
    /// RWEQ sand fixation: soil rasters and constants
    pub wind_erosion: Option<super::wind::WindConfig>,
    /// water conservation method and its method-b inputs
    #[serde(default)]
    pub water_conservation: super::retention::WaterConservationConfig,
}

const KEYS: &[&str] = &[
    "zones",
    "mapping",
    "indicators",
    "align",
    "statistics",
    "year",
    "tables",
    "parameters",
    "valuation",
    "path",
    "field",
    "landcover",
    "npp",
    "rh",
    "precipitation",
    "et",
    "evaporation",
    "runoff_coefficients",
    "transpiration_heat",
    "npp_unit",
    "co2_per_dm",
    "o2_per_dm",
    "carbon_fraction",
    "carbon_basis",
    "oxygen_basis",
    "ac_days",
    "prices",
    "params",
    "price_index",
    "price_year",
    "gdp",
    "zones_hierarchy",
    "outputs",
    "language",
    "density",
    "maps",
    "report",
    "dem",
    "erodibility",
    "erosivity",
    "usle",
    "purification",
    "emissions",
    "flood",
    "uncertainty",
    "fvc",
    "wind_factor",
    "wind_energy",
    "soil_wetness",
    "snow_days",
    "water_yield",
    "velocity_coefficients",
    "wind_vegetation",
    "wind_erosion",
    "sand",
    "silt",
    "clay",
    "organic_matter",
    "caco3",
    "roughness",
    "air_density",
    "downwind_distance",
    "period_days",
    "vegetation_coefficient",
    "fvc_unit",
    "water_conservation",
    "method",
    "soil_depth",
    "ksat",
    "ksat_unit",
];

fn rel(base: &Path, p: &mut PathBuf) {
    if p.is_relative() {
        *p = base.join(&*p);
    }
}

fn rel_opt(base: &Path, p: &mut Option<PathBuf>) {
    if let Some(p) = p {
        rel(base, p);
    }
}

impl AccountConfig {
    /// Read and check a configuration file; paths become relative to it.
    pub fn read(path: &Path) -> Result<AccountConfig, AppError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            AppError::input(
                path.display().to_string(),
                e.to_string(),
                "check the --config path",
            )
        })?;
        let mut c: AccountConfig = toml::from_str(&text).map_err(|e| {
            let msg = e.message().to_string();
            let hint = msg
                .split('`')
                .nth(1)
                .filter(|_| msg.starts_with("unknown field"))
                .and_then(|bad| {
                    // serde lists the keys of the section the field is in:
                    // "unknown field `x`, expected one of `a`, `b`"
                    let listed: Vec<&str> = msg.split('`').skip(3).step_by(2).collect();
                    let keys: &[&str] = if listed.is_empty() { KEYS } else { &listed };
                    keys.iter()
                        .map(|k| (strsim::jaro_winkler(k, bad), *k))
                        .filter(|(s, _)| *s > 0.8)
                        .max_by(|a, b| a.0.total_cmp(&b.0))
                        .map(|(_, k)| format!("did you mean `{k}`? "))
                })
                .unwrap_or_default();
            AppError::input(
                path.display().to_string(),
                format!("invalid configuration: {msg}"),
                format!("{hint}see README (GEP account) for the keys"),
            )
        })?;
        let base = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        if let Some(z) = &mut c.zones {
            rel(&base, &mut z.path);
        }
        if !ecocap_params::builtin_mapping_names()
            .contains(&c.mapping.to_ascii_lowercase().as_str())
        {
            let mut m = PathBuf::from(&c.mapping);
            rel(&base, &mut m);
            let input = format!("{}: mapping", path.display());
            if let Some(e) = crate::esv::unknown_mapping(&input, &c.mapping, &m) {
                return Err(e);
            }
            c.mapping = m.display().to_string();
        }
        rel_opt(&base, &mut c.statistics);
        for y in &mut c.years {
            rel(&base, &mut y.landcover);
            for p in [
                &mut y.npp,
                &mut y.rh,
                &mut y.precipitation,
                &mut y.et,
                &mut y.evaporation,
                &mut y.erosivity,
                &mut y.fvc,
                &mut y.wind_factor,
                &mut y.wind_energy,
                &mut y.soil_wetness,
                &mut y.snow_days,
                &mut y.water_yield,
            ] {
                rel_opt(&base, p);
            }
        }
        rel_opt(&base, &mut c.tables.runoff_coefficients);
        rel_opt(&base, &mut c.tables.transpiration_heat);
        rel_opt(&base, &mut c.tables.usle);
        rel_opt(&base, &mut c.tables.purification);
        for p in [
            &mut c.flood.lakes,
            &mut c.flood.lake_models,
            &mut c.flood.reservoirs,
            &mut c.flood.marshes,
        ] {
            rel_opt(&base, p);
        }
        rel_opt(&base, &mut c.tables.emissions);
        rel_opt(&base, &mut c.tables.velocity_coefficients);
        rel_opt(&base, &mut c.tables.wind_vegetation);
        if let Some(w) = &mut c.wind_erosion {
            for p in [
                &mut w.sand,
                &mut w.silt,
                &mut w.clay,
                &mut w.organic_matter,
                &mut w.caco3,
                &mut w.roughness,
            ] {
                rel_opt(&base, p);
            }
        }
        rel_opt(&base, &mut c.water_conservation.soil_depth);
        rel_opt(&base, &mut c.water_conservation.ksat);
        rel_opt(&base, &mut c.dem);
        rel_opt(&base, &mut c.erodibility);
        let v = &mut c.valuation;
        for p in [
            &mut v.prices,
            &mut v.params,
            &mut v.price_index,
            &mut v.gdp,
            &mut v.zones_hierarchy,
        ] {
            rel_opt(&base, p);
        }
        if c.years.is_empty() {
            return Err(AppError::input(
                path.display().to_string(),
                "no [[year]] section",
                "add at least one [[year]] with year and landcover",
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        for y in &c.years {
            if !seen.insert(y.year) {
                return Err(AppError::input(
                    path.display().to_string(),
                    format!("year {} appears twice", y.year),
                    "give each year once; inputs of different years must not be mixed",
                ));
            }
        }
        Ok(c)
    }
}
