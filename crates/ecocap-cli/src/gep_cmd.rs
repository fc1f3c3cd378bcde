//! `ecocap gep`: GEP (生态产品总值) accounting by the service-value route,
//! and `ecocap gep catalog`. Thin glue: all logic and its tests live in
//! `ecocap_gep::run`, called through `ecocap_app::gep::run_gep` (output
//! folder lock and commit); input errors come back as `ecocap_gep::GepError`
//! inside `AppError` (exit status 2, see `ecocap_gep::is_user_error`).

use std::path::PathBuf;

use clap::{Args, Subcommand};

/// GEP (生态产品总值) accounting: physical quantity × unit price per indicator, rolled up by zones, reported as CSV/XLSX/Markdown/JSON.
#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct GepArgs {
    #[command(subcommand)]
    command: Option<GepCommand>,
    /// Quantities (CSV: zone,year,indicator,quantity,unit). A quantity in money (yuan, 万元, 亿元) is taken as the value.
    #[arg(long)]
    quantities: Option<PathBuf>,
    /// Price overrides (CSV: indicator,price,unit[,price_year][,zone][,year][,source]); catalog defaults otherwise.
    #[arg(long)]
    prices: Option<PathBuf>,
    /// Method parameters (TOML, e.g. [sand_fixation] bulk_density = 1.28) and [double_counting] exclude = [...].
    #[arg(long)]
    params: Option<PathBuf>,
    /// Price index (CSV: year,index) to express all values in --price-year prices.
    #[arg(long, requires = "price_year")]
    price_index: Option<PathBuf>,
    /// Target price year for comparable prices (with --price-index).
    #[arg(long, requires = "price_index")]
    price_year: Option<i32>,
    /// GDP (CSV: zone,year,gdp_yuan[,unit]) for the GEP/GDP ratio.
    #[arg(long)]
    gdp: Option<PathBuf>,
    /// Zone hierarchy (CSV: zone,parent); every level is rolled up.
    #[arg(long)]
    zones_hierarchy: Option<PathBuf>,
    /// Output directory (CSV tables, XLSX workbook, Markdown summary, manifest.json).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Write into a folder that holds another command's outputs (manifest.json of e.g. `ecocap esv`); its files are kept, its manifest.json is replaced.
    #[arg(long)]
    force: bool,
}

#[derive(Subcommand, Debug)]
enum GepCommand {
    /// Print the indicator catalog (Chinese and English) with default prices and sources.
    Catalog {
        /// Output format: text, markdown, csv or json.
        #[arg(long, default_value = "text")]
        format: String,
    },
}

/// Run `ecocap gep ...`.
pub fn run(args: &GepArgs) -> anyhow::Result<()> {
    if let Some(GepCommand::Catalog { format }) = &args.command {
        print!("{}", ecocap_gep::catalog_text(format)?);
        return Ok(());
    }
    let opts = ecocap_gep::RunOptions::from_cli(
        args.quantities.clone(),
        args.out.clone(),
        ecocap_gep::RunOptions {
            prices: args.prices.clone(),
            params: args.params.clone(),
            price_index: args.price_index.clone(),
            price_year: args.price_year,
            gdp: args.gdp.clone(),
            zones_hierarchy: args.zones_hierarchy.clone(),
            ..Default::default()
        },
    )?;
    let outcome = ecocap_app::gep::run_gep(&opts, args.force)?;
    for w in &outcome.summary.account.warnings {
        eprintln!("warning: {w}");
    }
    for n in &outcome.notes {
        eprintln!("note: {n}");
    }
    print!("{}", outcome.summary.brief());
    Ok(())
}

impl GepArgs {
    /// The output folder and its flag, for messages.
    pub fn output(&self) -> Option<(&std::path::Path, &'static str)> {
        self.out.as_deref().map(|p| (p, "--out"))
    }
}
