//! Units for ecocap: land-area units, and a small dimensional system for
//! the quantities and prices of GEP/ESV accounts.
//!
//! This crate is the base layer: it depends on nothing else in the
//! workspace.
//!
//! ```
//! use ecocap_units::Unit;
//! let q: Unit = "亿立方米".parse().unwrap();
//! let m3: Unit = "m3".parse().unwrap();
//! assert_eq!(q.convert(321.49, &m3).unwrap(), 321.49e8);
//! // a mass cannot become a volume by units alone
//! assert!("万吨".parse::<Unit>().unwrap().convert(1.0, &m3).is_err());
//! ```

pub mod area;
pub mod dims;
pub mod spellings;
pub mod unit;

pub use area::AreaUnit;
pub use dims::Dims;
pub use unit::{qualifiers_compatible, Unit, UnitError};

#[cfg(test)]
mod tests;
