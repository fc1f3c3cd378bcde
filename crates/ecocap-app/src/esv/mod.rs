//! The ESV use case: options, loading of tables, the table and raster
//! routes, reports and manifest.

mod inputs;
mod pixels;
mod run;

pub use inputs::{load_basis, load_mapping, unknown_mapping, BasisSpec, MappingSpec};
pub use pixels::{raster_areas, FactorRaster, RasterInput};
pub use run::{run_esv, EsvInput, EsvOptions, EsvOutcome};
