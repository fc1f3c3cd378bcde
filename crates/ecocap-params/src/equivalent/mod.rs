//! Equivalent-factor tables (当量因子表) of Xie Gaodi et al. 2003, 2008, 2015.
//!
//! A coefficient is dimensionless: the value of service *s* on one hm² of
//! ecosystem type *t* per year, in units of "one standard equivalent"
//! (the value of one standard equivalent, e.g. 3406.5 yuan/hm²/yr for
//! China in 2010, is supplied by the caller with its price year).

mod builtin;
mod parse;
mod resolve;
mod table;
mod user;

#[cfg(test)]
mod tests;

pub use builtin::{builtin_equivalent_names, EQUIVALENT_UNIT};
pub use resolve::{Level2Correspondence, ResolvedType, LEVEL2_TO_LEVEL1, NONE_TYPE};
pub use table::{EcosystemType, EquivalentTable, Verification};
