//! The `ecocap` command line.
//!
//! Exit status: 0 success, 2 bad input (the message names the file, the
//! input, the value and what to do), 1 internal error.

mod account_cmd;
mod alloc;
mod cba_cmd;
mod cli_progress;
mod esv_cmd;
mod gep_cmd;
mod interrupt;
mod models_cmd;
mod params_cmd;
mod report;
mod seea_cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// ecocap — natural ecological capital accounting and policy simulation
/// (自然生态资本核算与政策规划模拟实验室).
#[derive(Parser)]
#[command(name = "ecocap", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Equivalent-factor ESV account (当量因子法) from an area table or land-cover rasters.
    Esv(Box<esv_cmd::EsvArgs>),
    /// Shipped parameter tables: list them, or show one with units and sources.
    Params {
        #[command(subcommand)]
        action: params_cmd::ParamsAction,
    },
    /// GEP account (生态产品总值, service-value route): quantities × unit prices by the national indicator set.
    Gep(Box<gep_cmd::GepArgs>),
    /// Annual GEP account from rasters and statistics (one command): models, zonal sums, valuation.
    Account(Box<account_cmd::AccountArgs>),
    /// SEEA Ecosystem Accounting tables (UN 2021): extent, condition, services supply/use, monetary assets.
    Seea(Box<seea_cmd::SeeaArgs>),
    /// Cost–benefit analysis: NPV, BCR, IRR, MIRR under China/UK/US presets, economic analysis, Monte Carlo with EVPI, distributional weights.
    Cba(Box<cba_cmd::CbaArgs>),
    /// Build a synthetic basin and run its ESV, GEP (with Monte Carlo) and SEEA accounts and a restoration CBA.
    Demo(esv_cmd::DemoArgs),
    /// Biophysical models (InVEST-compatible): list them, or show one's inputs and outputs.
    Models(models_cmd::ModelsArgs),
    /// Run a model on an InVEST datastack (--datastack) or TOML args (--args) into --workspace.
    Run(Box<models_cmd::RunArgs>),
    /// Validate a model's inputs: every problem at once, keyed by input.
    Validate(Box<models_cmd::ValidateArgs>),
}

fn main() -> ExitCode {
    alloc::purge_soon();
    let cli = Cli::parse();
    interrupt::install();
    let result = match &cli.command {
        Command::Esv(a) => esv_cmd::run(a),
        Command::Params { action } => params_cmd::run(action),
        Command::Gep(a) => gep_cmd::run(a),
        Command::Account(a) => account_cmd::run(a),
        Command::Seea(a) => seea_cmd::run(a),
        Command::Cba(a) => cba_cmd::run(a),
        Command::Demo(a) => esv_cmd::demo(a),
        Command::Models(a) => models_cmd::list(a),
        Command::Run(a) => models_cmd::run(a),
        Command::Validate(a) => models_cmd::validate(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let output = match &cli.command {
                Command::Esv(a) => Some(a.output()),
                Command::Gep(a) => a.output(),
                Command::Account(a) => Some(a.output()),
                Command::Seea(a) => Some(a.output()),
                Command::Cba(a) => Some(a.output()),
                Command::Demo(a) => Some(a.output()),
                Command::Run(a) => Some(a.output()),
                Command::Params { .. } | Command::Models(_) | Command::Validate(_) => None,
            };
            let (msg, code) = report::render(&format!("{e:#}"), exit_code(&e), output);
            eprintln!("error: {msg}");
            ExitCode::from(code)
        }
    }
}

/// 2 for bad input, 1 for internal errors.
fn exit_code(e: &anyhow::Error) -> u8 {
    if let Some(m) = e.downcast_ref::<ecocap_app::models::ModelsError>() {
        return if m.is_input_error() { 2 } else { 1 };
    }
    if let Some(a) = e.downcast_ref::<ecocap_app::AppError>() {
        return if a.is_input_error() { 2 } else { 1 };
    }
    if let Some(p) = e.downcast_ref::<ecocap_params::ParamsError>() {
        return if p.is_user_error() { 2 } else { 1 };
    }
    if let Some(g) = e.downcast_ref::<ecocap_gep::GepError>() {
        return if g.is_user_error() { 2 } else { 1 };
    }
    if e.downcast_ref::<ecocap_accounts::esv::EsvError>().is_some() {
        return 2;
    }
    if e.downcast_ref::<ecocap_units::area::UnknownAreaUnit>()
        .is_some()
    {
        return 2;
    }
    1
}
