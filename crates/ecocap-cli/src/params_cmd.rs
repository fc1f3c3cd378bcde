//! `ecocap params list | show NAME`.

use clap::Subcommand;

#[derive(Subcommand)]
pub enum ParamsAction {
    /// List every shipped table with kind, units, price year and source.
    List,
    /// Show one table with units, sources and verification notes.
    Show {
        /// table name, e.g. xie2015, costanza2014, gep_prices, clcd
        name: String,
    },
}

pub fn run(action: &ParamsAction) -> anyhow::Result<()> {
    let registry = ecocap_params::Registry::builtin()?;
    match action {
        ParamsAction::List => print!("{}", registry.render_list()),
        ParamsAction::Show { name } => print!("{}", registry.render_table(name)?),
    }
    Ok(())
}
