//! The one-command annual GEP account (`ecocap account --config FILE`):
//! rasters and statistics in, physical quantities by zone and year from the
//! GEP models, valued by the GEP engine, with provenance.

mod cache;
mod cell;
mod checks;
mod config;
mod density;
mod extra;
mod flood;
mod maps;
mod montecarlo;
mod outputs;
mod pass;
mod photo;
mod pixel;
mod quantities;
mod report;
mod retention;
mod routing;
mod run;
mod soil;
mod sources;
mod timing;
mod uncertainty;
mod wind;

pub use config::{AccountConfig, YearInputs};
pub use run::{run_account, summary_table, AccountOutcome, AccountRun};
pub use timing::compact_line as timings_line;
pub use uncertainty::{ParameterDraw, UncertaintyConfig};
pub use wind::{sand_fixed_kg_m2, weather_factor, SoilTexture, WindParams};
