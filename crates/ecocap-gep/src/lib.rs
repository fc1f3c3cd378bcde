//! # ecocap-gep — Gross Ecosystem Product (GEP, 生态产品总值) valuation
//!
//! The service-value route: physical quantity per indicator × unit price,
//! by the national indicator set, with units and price years handled
//! exactly, rolled up by zones, and reported (CSV, XLSX, Markdown, JSON).
//!
//! Layers, bottom up: [`catalog`] (the indicators, declared once as data),
//! [`conversion`] (method-defined conversions), [`valuation`] (one row),
//! [`account`] (roll-up, deflation, totals), [`report`] (files), and
//! [`run`] (the `ecocap gep` command as a library function).

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
