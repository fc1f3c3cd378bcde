//! `ecocap seea`: SEEA Ecosystem Accounting tables (extent and change
//! matrix, condition, service supply and use, monetary asset account)
//! from a TOML config. Thin glue over `ecocap_app::seea::run_seea`; input
//! errors come back as `AppError` (exit status 2).

use crate::cli_progress::Bars;
use clap::Args;
use ecocap_app::seea::{run_seea, SeeaOptions};
use std::path::PathBuf;

/// SEEA EA (UN 2021) accounts: extent, condition, services supply and use, monetary assets.
#[derive(Args, Debug)]
pub struct SeeaArgs {
    /// Config (TOML): [extent] maps and mapping, [zones], [condition], [services], [asset].
    /// See examples/seea/seea.toml.
    #[arg(long, value_name = "FILE.toml")]
    pub config: PathBuf,
    /// Output directory (CSV tables in SEEA layout, seea.xlsx, summary.md/.html, manifest.json).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Write into a folder that holds another command's outputs (manifest.json of e.g. `ecocap esv`); its files are kept, its manifest.json is replaced.
    #[arg(long)]
    pub force: bool,
    /// Hide progress bars.
    #[arg(long)]
    pub quiet: bool,
}

/// Run `ecocap seea`.
pub fn run(args: &SeeaArgs) -> anyhow::Result<()> {
    let bars = Bars::new(args.quiet);
    let outcome = run_seea(
        &SeeaOptions {
            config: args.config.clone(),
            out: args.out.clone(),
            force: args.force,
        },
        &bars,
    )?;
    let acc = &outcome.accounts;
    let ext = &acc.extent;
    let z = ext.zones.len() - 1;
    println!(
        "SEEA accounts {}–{}: {} zone(s), {} ecosystem types",
        ext.opening_year,
        ext.closing_year,
        ext.real_zones().len(),
        ext.types.len()
    );
    println!(
        "{:<24} {:>16} {:>16} {:>14}",
        "type", "opening_ha", "closing_ha", "net_change_ha"
    );
    for (t, ty) in ext.types.iter().enumerate() {
        let e = ext.entries(z, t);
        println!(
            "{:<24} {:>16.2} {:>16.2} {:>14.2}",
            ty,
            e.opening.to_f64(),
            e.closing.to_f64(),
            e.net_change().to_f64()
        );
    }
    if let Some(c) = &acc.condition {
        for (zone, i) in &c.zones {
            if let (Some(a), Some(b)) = (i.opening, i.closing) {
                println!("condition index {zone}: {a:.3} → {b:.3}");
            }
        }
    }
    if let Some(a) = &acc.asset {
        let zone = &ext.zones[z];
        let (mut o, mut c) = (0.0, 0.0);
        for ((zn, _), e) in &a.entries {
            if zn == zone {
                o += e.opening.to_f64();
                c += e.closing.to_f64();
            }
        }
        println!(
            "asset value ({}, {} y, {}): {o:.0} → {c:.0} {}",
            zone, a.params.life, a.params.schedule.id, acc.currency
        );
    }
    for n in &outcome.notes {
        eprintln!("note: {n}");
    }
    eprintln!(
        "{} files written to {}",
        outcome.files.len(),
        args.out.display()
    );
    Ok(())
}

impl SeeaArgs {
    /// The output folder and its flag, for messages.
    pub fn output(&self) -> (&std::path::Path, &'static str) {
        (&self.out, "--out")
    }
}
