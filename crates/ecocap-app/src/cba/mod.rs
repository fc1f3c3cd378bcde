//! The cost–benefit use case (`ecocap cba`): read a TOML config, build
//! the project with `ecocap-cba` (flows, ESV changes from `ecocap esv`
//! runs, schedules, groups, variables), evaluate every alternative under
//! every discount schedule in the financial and the economic analysis,
//! run the Monte Carlo, and write the tables, the workbook, the report
//! and `manifest.json` through a staging directory (nothing that looks
//! finished on failure).
//!
//! Order of work (parse → validate → plan → execute): the config is
//! parsed strictly, every flow, schedule, share and variable is checked
//! before anything is computed or written.

mod build;
pub mod config;
mod esv;
mod flows;
mod outputs;
mod report;
mod table;

use crate::error::AppError;
use crate::manifest::Manifest;
use crate::progress::Progress;
use crate::staging::Staging;
use ecocap_cba::economic::Analysis;
use ecocap_cba::groups::{distribute, GroupRow, Weights};
use ecocap_cba::montecarlo::Draws;
use ecocap_cba::project::Evaluation;
use ecocap_cba::CbaError;
use std::path::PathBuf;
use std::time::Instant;

pub use build::Built;

/// Options of a run.
#[derive(Debug, Clone)]
pub struct CbaOptions {
    /// the TOML config
    pub config: PathBuf,
    /// output directory
    pub out: PathBuf,
    /// write into a folder that holds another command's outputs
    pub force: bool,
}

/// Monte Carlo results.
pub struct McResults {
    /// schedule used
    pub discount: String,
    /// analysis used
    pub analysis: Analysis,
    /// runs and seed
    pub runs: usize,
    /// seed
    pub seed: u64,
    /// the draws and NPVs
    pub draws: Draws,
    /// total EVPI
    pub evpi: f64,
    /// per-variable EVPI
    pub evppi: Vec<f64>,
    /// rank correlation\[variable\]\[alternative\]
    pub rank: Vec<Vec<Option<f64>>>,
}

/// Everything computed.
pub struct CbaResults {
    /// title
    pub title: String,
    /// the built project
    pub built: Built,
    /// alternative × schedule × analysis (economic first)
    pub evaluations: Vec<Evaluation>,
    /// distribution tables by (alternative, schedule), economic analysis
    pub distribution: Vec<(String, String, Vec<GroupRow>)>,
    /// Monte Carlo
    pub mc: Option<McResults>,
    /// false when `[measures] irr = "off"`
    pub irr_reported: bool,
    /// notes
    pub notes: Vec<String>,
}

/// What a run produced.
pub struct CbaOutcome {
    /// the results
    pub results: CbaResults,
    /// files written (final paths)
    pub files: Vec<PathBuf>,
    /// notes of the commit (leftovers of an earlier run removed)
    pub notes: Vec<String>,
}

/// Evaluate a parsed config (no output written).
pub fn compute(cfg: &config::CbaConfig, label: &str) -> Result<CbaResults, AppError> {
    let built = build::build(cfg, label)?;
    let mut notes = built.notes.clone();
    let irr_mode = cfg.measures.irr.as_deref().unwrap_or("auto");
    if !["auto", "required", "off"].contains(&irr_mode) {
        return Err(AppError::input(
            format!("{label}: [measures] irr"),
            format!("unknown value '{irr_mode}'"),
            "irr is \"auto\" (empty when undefined), \"required\" (refuse flows without an IRR) or \"off\"",
        ));
    }
    let p = &built.project;
    let mut evaluations = Vec::new();
    let mut distribution = Vec::new();
    let w = built.weights.unwrap_or(Weights {
        reference_income: 1.0,
        elasticity: 0.0,
    });
    for alt in &p.alternatives {
        for s in &built.schedules {
            for a in [Analysis::Economic, Analysis::Financial] {
                let mut e = p
                    .evaluate(alt, s, a)
                    .map_err(|e| build::cba_err(label, e))?;
                if irr_mode == "required" && e.irr.sign_changes == 0 {
                    let sign = if e.net.iter().any(|x| *x > 0.0) {
                        "positive"
                    } else {
                        "negative or zero"
                    };
                    return Err(build::cba_err(
                        label,
                        CbaError::NoSignChange {
                            alternative: alt.name.clone(),
                            analysis: a.id().into(),
                            sign: sign.into(),
                        },
                    ));
                }
                if irr_mode == "off" {
                    e.irr.roots.clear();
                } else if let Some(n) = e.irr.note() {
                    if e.irr.sign_changes > 1 {
                        notes.push(format!("{} / {} / {}: {n}", alt.name, s.id, a.id()));
                    }
                }
                if a == Analysis::Economic {
                    distribution.push((
                        alt.name.clone(),
                        s.id.clone(),
                        distribute(&e.streams, &e.df, &built.groups, &w),
                    ));
                }
                evaluations.push(e);
            }
        }
    }
    let mc = match &cfg.uncertainty {
        Some(u) => Some(monte_carlo(u, &built, label)?),
        None => None,
    };
    Ok(CbaResults {
        title: cfg
            .title
            .clone()
            .unwrap_or_else(|| "Cost–benefit analysis".into()),
        built,
        evaluations,
        distribution,
        mc,
        irr_reported: irr_mode != "off",
        notes,
    })
}

fn monte_carlo(
    u: &config::UncertaintyConfig,
    built: &Built,
    label: &str,
) -> Result<McResults, AppError> {
    let schedule = match &u.discount {
        Some(id) => built
            .schedules
            .iter()
            .find(|s| &s.id == id)
            .ok_or_else(|| {
                let ids: Vec<&str> = built.schedules.iter().map(|s| s.id.as_str()).collect();
                AppError::input(
                    format!("{label}: [uncertainty] discount"),
                    format!(
                        "'{id}' is not among the schedules evaluated{}",
                        ecocap_cba::error::nearest(id, ids.iter().copied())
                            .map(|n| format!(" (did you mean '{n}'?)"))
                            .unwrap_or_default()
                    ),
                    format!("use one of {}", ids.join(", ")),
                )
            })?,
        None => built
            .schedules
            .first()
            .ok_or_else(|| AppError::Internal("no schedule".into()))?,
    };
    let analysis = match u.analysis.as_deref().unwrap_or("economic") {
        "economic" => Analysis::Economic,
        "financial" => Analysis::Financial,
        other => {
            return Err(AppError::input(
                format!("{label}: [uncertainty] analysis"),
                format!("unknown value '{other}'"),
                "economic or financial",
            ))
        }
    };
    let runs = u.runs.unwrap_or(1000);
    if !(10..=1_000_000).contains(&runs) {
        return Err(AppError::input(
            format!("{label}: [uncertainty] runs"),
            format!("{runs}"),
            "give 10 to 1 000 000 runs (1000–10 000 is usual)",
        ));
    }
    let seed = u.seed.unwrap_or(42);
    let draws = ecocap_cba::simulate::simulate(
        &built.project,
        &built.variables,
        schedule,
        analysis,
        runs,
        seed,
    )
    .map_err(|e| build::cba_err(label, e))?;
    let evpi = ecocap_cba::voi::evpi(&draws.npv);
    let evppi = draws
        .values
        .iter()
        .map(|x| ecocap_cba::voi::evppi(x, &draws.npv))
        .collect();
    let rank = draws
        .values
        .iter()
        .map(|x| {
            draws
                .npv
                .iter()
                .map(|y| ecocap_cba::voi::spearman(x, y))
                .collect()
        })
        .collect();
    Ok(McResults {
        discount: schedule.id.clone(),
        analysis,
        runs,
        seed,
        draws,
        evpi,
        evppi,
        rank,
    })
}

/// Run `ecocap cba`.
pub fn run_cba(opts: &CbaOptions, progress: &dyn Progress) -> Result<CbaOutcome, AppError> {
    let t0 = Instant::now();
    let label = opts.config.display().to_string();
    let cfg = config::load(&opts.config)?;
    progress.start("evaluating alternatives", 0);
    let results = compute(&cfg, &label)?;
    progress.finish();
    let staging = Staging::new(&opts.out, "cba", opts.force)?;
    outputs::write_all(staging.dir(), &results)?;
    report::write(staging.dir(), &results)?;
    let mut manifest = Manifest::new("cba");
    manifest.add_input("config", &opts.config)?;
    let inputs: Vec<(String, PathBuf)> = results.built.inputs.clone();
    manifest.add_inputs(&inputs)?;
    manifest.parameters = serde_json::json!({
        "config": cfg,
        "schedules": results.built.schedules,
        "price_year": results.built.project.price_year,
        "currency": results.built.project.currency,
    });
    manifest.notes = results.notes.clone();
    manifest.outputs = crate::owner::list_outputs(staging.dir());
    manifest.outputs.push("manifest.json".into());
    manifest.outputs.sort();
    manifest.timings = vec![("total".into(), t0.elapsed().as_secs_f64())];
    manifest.write(staging.dir())?;
    let committed = staging.commit()?;
    Ok(CbaOutcome {
        results,
        files: committed.files,
        notes: committed.notes,
    })
}
