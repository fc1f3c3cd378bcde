//! Accounts of ecosystem-service value.
//!
//! [`esv`]: the equivalent-factor method (当量因子法) and benefit transfer:
//! a [`esv::ValueBasis`] (value per hectare per year for each ecosystem type
//! and service), land areas by zone, year and class, optional adjustment
//! factors, and the resulting account with totals, change between years,
//! value per hectare and the coefficient-of-sensitivity check.
//!
//! This crate does no raster I/O: areas arrive already summed (by the
//! application layer, from a table or from rasters).

pub mod esv;
