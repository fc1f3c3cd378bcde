//! The SEEA Ecosystem Accounting use case (`ecocap seea`): read a TOML
//! config, stream the land-cover maps, build the extent, condition,
//! supply and use, and monetary asset accounts with `ecocap-seea`, and
//! write every table, the workbook, the summary and `manifest.json`
//! through a staging directory (nothing that looks finished on failure).
//!
//! Order of work (parse → validate → plan → execute): the config is
//! parsed strictly and checked without I/O ([`validate`]), then the
//! tables it names are read and checked, and only then are rasters read.

mod build;
pub mod config;
mod inputs;
mod raster;

use crate::error::AppError;
use crate::manifest::Manifest;
use crate::progress::Progress;
use crate::staging::Staging;
use config::SeeaConfig;
use ecocap_seea::asset::Projection;
use ecocap_seea::condition::{ConditionClass, ConditionVariable, Direction};
use ecocap_seea::discount::{DiscountSchedule, RateSegment, PRESETS};
use ecocap_seea::{SeeaAccounts, SeeaError};
use std::path::PathBuf;
use std::time::Instant;

impl From<SeeaError> for AppError {
    fn from(e: SeeaError) -> AppError {
        match e {
            SeeaError::Input {
                input,
                detail,
                hint,
            } => AppError::Input {
                input,
                detail,
                hint,
            },
            SeeaError::Write { path, detail } => AppError::OutDir { path, detail },
        }
    }
}

/// Options of a run.
#[derive(Debug, Clone)]
pub struct SeeaOptions {
    /// the TOML config
    pub config: PathBuf,
    /// output directory
    pub out: PathBuf,
    /// write into a folder that holds another command's outputs
    pub force: bool,
}

/// What a run produced.
pub struct SeeaOutcome {
    /// the accounts
    pub accounts: SeeaAccounts,
    /// files written (final paths)
    pub files: Vec<PathBuf>,
    /// notes for the user
    pub notes: Vec<String>,
}

/// A problem found by static validation.
type Problem = (String, String, String);

fn combine(label: &str, mut problems: Vec<Problem>) -> Result<(), AppError> {
    match problems.len() {
        0 => Ok(()),
        1 => {
            let (i, d, h) = problems.remove(0);
            Err(AppError::input(i, d, h))
        }
        n => Err(AppError::input(
            label,
            format!(
                "{n} problems:\n{}",
                problems
                    .iter()
                    .map(|(i, d, h)| format!("  - {i}: {d} (hint: {h})"))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
            "fix each problem listed above",
        )),
    }
}

/// Condition variables of the config, checked (reference levels present
/// and consistent with the direction, known ECT class).
pub fn variables(cfg: &SeeaConfig, label: &str) -> Result<Vec<ConditionVariable>, Vec<Problem>> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for v in cfg.condition.iter().flat_map(|c| &c.variable) {
        let input = format!("{label} [[condition.variable]] id = \"{}\"", v.id);
        let class = ConditionClass::parse(&v.class);
        if class.is_none() {
            let ids: Vec<&str> = ConditionClass::ALL.iter().map(|(_, i)| *i).collect();
            problems.push((
                input.clone(),
                format!("unknown class '{}'", v.class),
                format!("ECT classes (SEEA EA 2021 ch. 5): {}", ids.join(", ")),
            ));
        }
        let direction = match v.direction.as_str() {
            "higher_is_better" => Some(Direction::HigherIsBetter),
            "lower_is_better" => Some(Direction::LowerIsBetter),
            other => {
                problems.push((
                    input.clone(),
                    format!("direction '{other}'"),
                    "higher_is_better or lower_is_better".into(),
                ));
                None
            }
        };
        let (Some(reference), Some(lower)) = (v.reference, v.lower) else {
            problems.push((
                input.clone(),
                "the variable has no reference levels".into(),
                "give `reference` (value of the reference condition, indicator 1) and `lower` (value of a degraded state, indicator 0), e.g. from natural reference sites or policy targets".into(),
            ));
            continue;
        };
        let (Some(class), Some(direction)) = (class, direction) else {
            continue;
        };
        let var = ConditionVariable {
            id: v.id.clone(),
            name_en: v.name_en.clone().unwrap_or_else(|| v.id.clone()),
            name_zh: v.name_zh.clone().unwrap_or_else(|| v.id.clone()),
            unit: v.unit.clone(),
            class,
            direction,
            reference,
            lower,
            weight: v.weight,
            types: v.types.clone(),
        };
        match var.validate(label) {
            Ok(()) => out.push(var),
            Err(e) => {
                let e: AppError = e.into();
                if let AppError::Input {
                    input,
                    detail,
                    hint,
                } = e
                {
                    problems.push((input, detail, hint));
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// Discount schedule and projection of `[asset]`.
pub fn asset_params(
    cfg: &SeeaConfig,
    label: &str,
) -> Result<Option<ecocap_seea::asset::AssetParams>, AppError> {
    let Some(a) = &cfg.asset else { return Ok(None) };
    let input = format!("{label} [asset]");
    let schedule = match a.schedule.as_str() {
        "constant" => {
            let r = a.rate.ok_or_else(|| {
                AppError::input(
                    &input,
                    "schedule = \"constant\" without `rate`",
                    "add e.g. rate = 0.05",
                )
            })?;
            DiscountSchedule::constant("constant", r, "user constant rate")
        }
        "user" => DiscountSchedule::user(
            a.segment
                .iter()
                .map(|s| RateSegment {
                    from: s.from,
                    to: s.to,
                    rate: s.rate,
                })
                .collect(),
            a.asset_life,
            &input,
        )?,
        name => DiscountSchedule::preset(name).ok_or_else(|| {
            AppError::input(
                &input,
                format!("unknown schedule '{name}'"),
                format!(
                    "use one of {}, constant (with rate) or user (with [[asset.segment]])",
                    PRESETS.join(", ")
                ),
            )
        })?,
    };
    schedule.validate(a.asset_life, &input)?;
    let projection = match a.projection.as_str() {
        "constant" => Projection::Constant,
        "trend" => Projection::Trend {
            years: a
                .trend_years
                .unwrap_or((cfg.extent.closing_year - cfg.extent.opening_year).max(0) as u32),
        },
        other => {
            return Err(AppError::input(
                &input,
                format!("projection '{other}'"),
                "constant or trend",
            ))
        }
    };
    Ok(Some(ecocap_seea::asset::AssetParams {
        schedule,
        life: a.asset_life,
        projection,
        price_ratio: a.price_ratio,
    }))
}

/// Static checks of the whole config (no file is opened).
pub fn validate(cfg: &SeeaConfig, label: &str) -> Result<(), AppError> {
    let mut problems: Vec<Problem> = Vec::new();
    let e = &cfg.extent;
    if e.closing_year <= e.opening_year {
        problems.push((
            format!("{label} [extent]"),
            format!(
                "closing_year {} is not after opening_year {}",
                e.closing_year, e.opening_year
            ),
            "the closing date must follow the opening date".into(),
        ));
    }
    if e.cause_raster.is_some() && e.cause_table.is_some() {
        problems.push((
            format!("{label} [extent]"),
            "both cause_raster and cause_table given".into(),
            "give one source of managed/unmanaged attribution".into(),
        ));
    }
    if let Err(p) = variables(cfg, label) {
        problems.extend(p);
    }
    if let Some(s) = &cfg.services {
        let input = format!("{label} [services]");
        match s.from.as_str() {
            "esv" if s.table.is_none() || s.unit_value.is_none() => problems.push((
                input,
                "from = \"esv\" needs `table` and `unit_value`".into(),
                "e.g. table = \"xie2015\", unit_value = 3406.5, price_year = 2010".into(),
            )),
            "table" if s.file.is_none() => problems.push((
                input,
                "from = \"table\" needs `file`".into(),
                "e.g. file = \"gep_by_indicator.csv\", indicators = \"gep\"".into(),
            )),
            "esv" | "table" => {}
            other => problems.push((
                input,
                format!("from = '{other}'"),
                "esv (value the extent with equivalent factors) or table (a GEP/ESV output CSV)"
                    .into(),
            )),
        }
    }
    if cfg.asset.is_some() && cfg.services.is_none() {
        problems.push((
            format!("{label} [asset]"),
            "the asset account needs service flows".into(),
            "add a [services] section".into(),
        ));
    }
    if let Err(AppError::Input {
        input,
        detail,
        hint,
    }) = asset_params(cfg, label)
    {
        problems.push((input, detail, hint));
    }
    combine(label, problems)
}

/// Run the SEEA accounts end to end.
pub fn run_seea(opts: &SeeaOptions, progress: &dyn Progress) -> Result<SeeaOutcome, AppError> {
    let t0 = Instant::now();
    let label = opts.config.display().to_string();
    let cfg = config::load(&opts.config)?;
    validate(&cfg, &label)?;
    let mut manifest = Manifest::new("seea");
    manifest.add_input("config", &opts.config)?;
    let plan = build::Plan::load(&cfg, &label)?;
    let staging = Staging::new(&opts.out, "seea", opts.force)?;
    let work = staging.dir().join("work");
    std::fs::create_dir_all(&work).map_err(|e| AppError::OutDir {
        path: opts.out.clone(),
        detail: e.to_string(),
    })?;
    let built = build::build(&cfg, &plan, &work, progress)?;
    let _ = std::fs::remove_dir_all(&work);
    let mut notes = built.notes;
    let t = Instant::now();
    built.accounts.write_all(staging.dir(), &notes)?;
    for (role, p) in &built.inputs {
        manifest.add_input(role.clone(), p)?;
    }
    manifest.tables = plan.tables.clone();
    manifest.parameters = serde_json::json!({
        "config": cfg,
        "service_map": built.accounts.services.origins,
        "currency": built.accounts.currency,
        "asset": built.accounts.asset.as_ref().map(|a| &a.params),
    });
    manifest.timings = vec![
        ("accounts".into(), built.seconds),
        ("tables".into(), t.elapsed().as_secs_f64()),
        ("total".into(), t0.elapsed().as_secs_f64()),
    ];
    notes.sort();
    notes.dedup();
    manifest.notes = notes.clone();
    manifest.outputs = crate::owner::list_outputs(staging.dir());
    manifest.outputs.push("manifest.json".into());
    manifest.outputs.sort();
    manifest.write(staging.dir())?;
    let committed = staging.commit()?;
    notes.extend(committed.notes);
    let files = committed.files;
    Ok(SeeaOutcome {
        accounts: built.accounts,
        files,
        notes,
    })
}
