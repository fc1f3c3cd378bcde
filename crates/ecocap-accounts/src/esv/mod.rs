//! Equivalent-factor ESV accounting (当量因子法) and benefit transfer.
//!
//! ESV(zone, year, type, service) = R × V(type, service) × Σ_cells a × f_g(s)
//!
//! - V: value per hectare per year: the Xie et al. (2015) equivalent ×
//!   the value of one standard equivalent (yuan/hm²), or a benefit-transfer
//!   unit value (Costanza et al. 1997/2014 style);
//! - R: regional coefficient (e.g. 0.94 for the Yellow River basin in
//!   奥勇 et al., giving 3406.5 × 0.94 = 3202.11 yuan/hm²);
//! - f_g: the adjustment factor (NPP, precipitation, soil conservation) that
//!   governs service s, as a zone scalar or a per-cell raster ratio
//!   (cell value / reference mean), 1 when not given;
//! - a: cell (or table row) area in hectares.

mod account;
mod adjust;
mod areas;
mod basis;
mod error;
mod report;
mod sensitivity;
mod standard;

pub use account::{unmapped_classes, EsvAccount, EsvRow};
pub use adjust::{Adjustments, Factor, ServiceFactorMap};
pub use areas::{AreaKey, AreaSums, AreaTable};
pub use basis::{BasisService, BasisType, ValueBasis};
pub use error::EsvError;
pub use report::{write_reports, ReportFiles};
pub use sensitivity::{sensitivity, SensitivityRow};
pub use standard::{StandardValue, StandardValueRule};
