//! ecocap-params: the parameter library of ecocap.
//!
//! Shipped, versioned tables with units, price years, sources and
//! verification notes, and the readers for user-supplied overrides:
//!
//! - [`EquivalentTable`]: Xie et al. 2015 / 2008 / 2003 equivalent factors;
//! - [`UnitValueTable`]: benefit-transfer unit values (Costanza et al.
//!   1997/2014, or a user CSV) in currency per hectare per year;
//! - [`PriceTable`]: GEP unit prices with base year and source;
//! - [`ClassMapping`]: land-cover classes (CLCD, CNLUCC, GlobeLand30,
//!   ESA WorldCover, MODIS IGBP, or a user CSV) → Xie 2015 types;
//! - [`Registry`]: every shipped table by name, with plain-text rendering
//!   for `ecocap params list` / `ecocap params show`;
//! - [`read_text`]: UTF-8 / UTF-8-with-BOM / GBK detection for user CSVs,
//!   and [`TableProvenance`] for the run manifest.
//!
//! Every choice behind the shipped mappings is documented in
//! `docs/PARAMS.md`.
//!
//! ```
//! use ecocap_params::{EquivalentTable, ResolvedType};
//!
//! let xie = EquivalentTable::xie2015()?;
//! let t = xie.resolve_type("paddy")?;
//! let food = xie.service_index("food_production")?;
//! assert_eq!(xie.coefficients_for(&t).map(|row| row[food]), Some(1.36));
//! assert_eq!(xie.resolve_type("none")?, ResolvedType::Zero);
//! // Level-1 tables accept the Xie 2015 level-2 ids.
//! let old = EquivalentTable::builtin("xie2008")?;
//! assert!(matches!(old.resolve_type("paddy")?, ResolvedType::Row { .. }));
//! # Ok::<(), ecocap_params::ParamsError>(())
//! ```
//!
//! Land-cover codes to coefficients, warning about single-source rows:
//!
//! ```
//! use ecocap_params::{ClassMapping, EquivalentTable, Registry};
//!
//! let xie = EquivalentTable::xie2015()?;
//! let clcd = ClassMapping::builtin("clcd")?;
//! for (code, resolved) in clcd.resolve_codes(&xie)? {
//!     let total: f64 = xie.coefficients_for(&resolved).map_or(0.0, |r| r.iter().sum());
//!     assert!(code != 8 || total == 0.0); // 8 = impervious -> `none`
//! }
//! // CLCD 6 (snow/ice) -> glacier_snow, a single-source row:
//! assert!(xie.verification_warning(&clcd.ecosystem_types()).is_some());
//! assert!(Registry::builtin()?.render_table("clcd")?.contains("dry_land"));
//! # Ok::<(), ecocap_params::ParamsError>(())
//! ```

#![warn(missing_docs)]

pub mod costanza;
pub mod csvtable;
pub mod equivalent;
pub mod error;
pub mod mapping;
pub mod price;
pub mod provenance;
pub mod registry;
mod render;
pub mod service;
pub mod suggest;
pub mod text;
pub mod textable;
pub mod unit_value;

pub use costanza::{builtin_unit_value_names, costanza_biomes, CostanzaBiome};
pub use csvtable::{CsvRow, CsvTable};
pub use equivalent::{
    builtin_equivalent_names, EcosystemType, EquivalentTable, Level2Correspondence, ResolvedType,
    Verification, EQUIVALENT_UNIT, LEVEL2_TO_LEVEL1, NONE_TYPE,
};
pub use error::{ParamsError, UnknownTypeRow};
pub use mapping::{builtin_mapping_names, ClassMapping, MappingEntry};
pub use price::{PriceRow, PriceTable, GEP_PRICES};
pub use provenance::{Origin, TableProvenance};
pub use registry::{BuiltinTable, Registry, RegistryEntry, TableKind};
pub use service::{Service, ServiceGroup};
pub use text::{decode_bytes, read_text, DecodedText, TextEncoding};
pub use unit_value::{UnitValueEntry, UnitValueTable};
