//! `ecocap account --config FILE.toml --out DIR`: the annual GEP account.

use crate::cli_progress::Bars;
use clap::Args;
use ecocap_app::Progress;
use std::path::PathBuf;

#[derive(Args)]
pub struct AccountArgs {
    /// Account configuration (TOML): zones, years and their rasters, tables, parameters, valuation.
    #[arg(long)]
    config: PathBuf,
    /// Output directory (quantities.csv, gep/ tables and workbook, density/ rasters, maps/, report.html, manifest.json).
    #[arg(long)]
    out: PathBuf,
    /// Monte Carlo runs over the [uncertainty] distributions (overrides its `runs`).
    #[arg(long)]
    monte_carlo: Option<usize>,
    /// Seed of the Monte Carlo draws (overrides `[uncertainty] seed`).
    #[arg(long)]
    seed: Option<u64>,
    /// Print the wall time of each step as a table (by default one compact line).
    #[arg(long)]
    timings: bool,
    /// Write into a folder that holds another command's outputs (manifest.json of e.g. `ecocap esv`); its files are kept, its manifest.json is replaced.
    #[arg(long)]
    force: bool,
    /// No progress bars or notes.
    #[arg(long, short)]
    quiet: bool,
}

pub fn run(a: &AccountArgs) -> anyhow::Result<()> {
    let bars = Bars::new(a.quiet);
    let outcome = ecocap_app::account::run_account(
        &a.config,
        &a.out,
        ecocap_app::account::AccountRun {
            monte_carlo: a.monte_carlo,
            seed: a.seed,
            force: a.force,
        },
        &bars,
    )?;
    for n in &outcome.notes {
        bars.note(n);
    }
    print!("{}", ecocap_app::account::summary_table(&outcome));
    println!(
        "{} outputs written to {}",
        outcome.files.len(),
        a.out.display()
    );
    if a.timings {
        println!("{:<24} {:>10}", "step", "seconds");
        for (step, s) in &outcome.timings {
            println!("{step:<24} {s:>10.2}");
        }
        let total: f64 = outcome.timings.iter().map(|(_, s)| s).sum();
        println!("{:<24} {total:>10.2}", "total");
    } else if !a.quiet {
        println!(
            "timings: {}",
            ecocap_app::account::timings_line(&outcome.timings)
        );
    }
    let report = a.out.join("report.html");
    if report.exists() {
        println!("report: {}", report.display());
    }
    Ok(())
}

impl AccountArgs {
    /// The output folder and its flag, for messages.
    pub fn output(&self) -> (&std::path::Path, &'static str) {
        (&self.out, "--out")
    }
}
