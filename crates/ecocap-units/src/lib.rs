//! Units for ecocap: quantities with units, money with a price year.
//!
//! This crate is the base layer: it depends on nothing else in the
//! workspace. It starts with land-area units (what the equivalent-factor
//! ESV account needs); the GEP engine extends it with a dimensional system.

pub mod area;

pub use area::AreaUnit;
