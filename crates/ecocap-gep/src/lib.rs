//! # ecocap-gep — Gross Ecosystem Product (GEP, 生态产品总值) valuation
//!
//! The service-value route: physical quantity per indicator × unit price,
//! by the national indicator set, with units and price years handled
//! exactly, rolled up by zones, and reported (CSV, XLSX, Markdown, JSON).
//!
//! Layers, bottom up: [`catalog`] (the indicators, declared once as data),
//! [`conversion`] (method-defined conversions), [`valuation`] (one row),
//! [`account`] (roll-up, deflation, totals), [`report`] (files), and
//! [`run()`] (the `ecocap gep` command as a library function).
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! let q = dir.path().join("q.csv");
//! std::fs::write(&q, "zone,year,indicator,quantity,unit\n甘孜州,2010,water_conservation,321.49,亿m3\n")?;
//! let opts = ecocap_gep::RunOptions { quantities: q, out: dir.path().join("out"), ..Default::default() };
//! let s = ecocap_gep::run(&opts)?;
//! // 321.49e8 m3 × 7.06 yuan/m3 (reservoir cost, Ganzi 2017 Table 3) = 2269.7194e8 yuan
//! assert!((s.account.zone_years[0].gep / 1e8 - 2269.7194).abs() < 1e-6);
//! assert!(dir.path().join("out/manifest.json").exists());
//! # Ok(()) }
//! ```

// GepError carries the user's file, line, value and both units so that
// messages need no lookup; it is large, and only built on the cold path of
// refusing input. Boxing every variant would cost clarity for nothing.
#![allow(clippy::result_large_err)]

pub mod account;
pub mod catalog;
pub mod classes;
pub mod conversion;
pub mod deflate;
pub mod error;
pub mod hierarchy;
pub mod inputs;
pub mod params;
pub mod report;
pub mod rollup;
pub mod run;
pub mod textio;
pub mod valuation;

pub use catalog::{Catalog, Indicator};
pub use error::{is_user_error, GepError};
pub use run::{catalog_text, run, RunOptions, RunSummary};
