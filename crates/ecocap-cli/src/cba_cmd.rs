//! `ecocap cba`: cost–benefit analysis of alternatives under several
//! discount presets, financial and economic, with Monte Carlo, EVPI and
//! distributional weights. Thin glue over `ecocap_app::cba::run_cba`;
//! input errors come back as `AppError` (exit status 2).

use crate::cli_progress::Bars;
use clap::Args;
use ecocap_app::cba::{run_cba, CbaOptions};
use ecocap_app::Progress;
use ecocap_cba::economic::Analysis;
use std::path::PathBuf;

/// Cost–benefit analysis: NPV, BCR, IRR, MIRR under China/UK/US discount presets.
#[derive(Args, Debug)]
pub struct CbaArgs {
    /// Config (TOML): start_year, end_year, [discount] presets, [[alternative]] with
    /// [[alternative.flow]], optional [economic], [[group]], [uncertainty]. See examples/cba/cba.toml.
    #[arg(long, value_name = "FILE.toml")]
    pub config: PathBuf,
    /// Output directory (cba_summary.csv, cashflows.csv, montecarlo.csv, evpi.csv,
    /// distribution.csv, cba.xlsx, report.html, manifest.json).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Write into a folder that holds another command's outputs (manifest.json of e.g. `ecocap esv`); its files are kept, its manifest.json is replaced.
    #[arg(long)]
    pub force: bool,
    /// Hide progress and notes.
    #[arg(long)]
    pub quiet: bool,
}

/// Print the economic summary (one line per alternative × schedule).
pub fn print_summary(r: &ecocap_app::cba::CbaResults) {
    let pct = |v: Option<f64>| v.map_or("-".to_string(), |x| format!("{:.2}%", x * 100.0));
    println!(
        "{:<18} {:<16} {:>16} {:>8} {:>8} {:>8}   (economic analysis, {} of {})",
        "alternative",
        "discount",
        "ENPV",
        "EBCR",
        "EIRR",
        "MIRR",
        r.built.project.currency,
        r.built.project.price_year
    );
    for e in r
        .evaluations
        .iter()
        .filter(|e| e.analysis == Analysis::Economic)
    {
        println!(
            "{:<18} {:<16} {:>16.0} {:>8} {:>8} {:>8}",
            e.alternative,
            e.discount,
            e.npv,
            e.bcr.map_or("-".into(), |b| format!("{b:.3}")),
            pct(e.irr.unique()),
            pct(e.mirr)
        );
    }
    if let Some(mc) = &r.mc {
        for (a, v) in mc.draws.alternatives.iter().zip(&mc.draws.npv) {
            println!(
                "Monte Carlo {a}: P(NPV > 0) = {:.1} % over {} runs ({}, seed {})",
                ecocap_cba::montecarlo::p_positive(v) * 100.0,
                mc.runs,
                mc.discount,
                mc.seed
            );
        }
        println!(
            "EVPI of the choice (all variables): {:.0} {}",
            mc.evpi, r.built.project.currency
        );
    }
}

/// Run `ecocap cba`.
pub fn run(args: &CbaArgs) -> anyhow::Result<()> {
    let bars = Bars::new(args.quiet);
    let outcome = run_cba(
        &CbaOptions {
            config: args.config.clone(),
            out: args.out.clone(),
            force: args.force,
        },
        &bars,
    )?;
    print_summary(&outcome.results);
    for n in outcome.results.notes.iter().chain(&outcome.notes) {
        bars.note(n);
    }
    eprintln!(
        "{} files written to {}",
        outcome.files.len(),
        args.out.display()
    );
    Ok(())
}

impl CbaArgs {
    /// The output folder and its flag, for messages.
    pub fn output(&self) -> (&std::path::Path, &'static str) {
        (&self.out, "--out")
    }
}
