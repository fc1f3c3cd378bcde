//! SEEA Ecosystem Accounting tables (UN et al. 2021, *System of
//! Environmental-Economic Accounting — Ecosystem Accounting*, adopted by
//! the UN Statistical Commission in March 2021).
//!
//! Pure table logic, no raster I/O:
//! - [`extent`]: extent account (opening, additions and reductions by
//!   cause, net change, closing) and the ecosystem type change matrix;
//! - [`condition`]: condition variables, 0–1 indicators against reference
//!   levels, sub-indices and indices, area-weighted zone index, with the
//!   SEEA Ecosystem Condition Typology;
//! - [`supply_use`]: physical and monetary supply and use tables with
//!   total supply = total use, intermediate services in a memo table;
//!   [`servicemap`] maps GEP indicators and ESV services to SEEA services
//!   (shipped as data, overridable);
//! - [`asset`] and [`discount`]: monetary asset account from the NPV of
//!   service flows, with constant or declining discount schedules;
//! - [`table`], [`tables`], [`summary`]: CSV in SEEA layout, one XLSX
//!   workbook with Chinese and English headers, Markdown and HTML.
//!
//! Every account entry is an exact fixed-point [`Amount`], so the SEEA
//! identities hold exactly, not just within a tolerance.
//!
//! ```
//! use ecocap_seea::extent::{Cause, ExtentAccount, Transition};
//! use ecocap_seea::Amount;
//! let t = |from: &str, to: &str, ha: f64| Transition {
//!     zone: "county".into(), from: from.into(), to: to.into(),
//!     cause: Cause::Managed, area: Amount::from_f64(ha),
//! };
//! let acc = ExtentAccount::from_transitions(2000, 2020, &[],
//!     &[t("dry_land", "dry_land", 90.0), t("dry_land", "broadleaf", 10.0), t("broadleaf", "broadleaf", 50.0)]);
//! let forest = acc.entries(0, acc.type_index("broadleaf").unwrap_or(0));
//! assert_eq!(forest.closing, forest.opening + forest.total_additions() - forest.total_reductions());
//! assert_eq!(forest.closing.to_string(), "60");
//! ```

pub mod amount;
pub mod asset;
pub mod condition;
pub mod discount;
mod error;
pub mod extent;
pub mod servicemap;
pub mod summary;
pub mod supply_use;
pub mod table;
pub mod tables;

pub use amount::Amount;
pub use error::SeeaError;
pub use summary::SeeaAccounts;
