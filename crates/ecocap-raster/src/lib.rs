//! GDAL-backed raster machinery for ecocap.
//!
//! - [`RasterSource`]: open any GDAL raster, describe its grid, band type
//!   and nodata, refuse files that are not rasters with a clear error.
//! - [`Grid`]: compare grids (CRS, extent, cell size) and report every
//!   difference; [`align_to_grid`] warps an input onto a reference grid.
//! - [`cell_area_ha_by_row`]: true cell areas, from the geotransform on
//!   projected grids and on the ellipsoid on geographic grids.
//! - [`process_windows`]: stream several aligned rasters window by window,
//!   in parallel (rayon), with per-worker datasets and accumulators.
//! - [`TiffWriter`]: tiled DEFLATE GeoTIFF output written under a temporary
//!   name and renamed only when complete; whole tiles are handed to GDAL,
//!   never through its shared block cache (docs/ARCHITECTURE.md: why), and a
//!   full disk is reported as such.
//! - [`Zones`]: polygons from GeoPackage / Shapefile / GeoJSON rasterized on a
//!   grid by the pixel-centre rule (as InVEST does).

mod align;
mod cellarea;
mod disk;
mod error;
mod grid;
mod lattice;
mod nearest;
mod process;
mod source;
mod tiles;
mod vector_info;
mod vector_write;
mod window;
mod writer;
mod zone_shapes;
mod zones;

pub use align::{align_to_grid, Resampling};
pub use cellarea::{cell_area_ha_by_row, ellipsoid_band_area_m2, Ellipsoid};
pub use error::RasterError;
pub use grid::{Grid, GridDifference};
pub use lattice::{lattice_offset, LatticeReader};
pub use nearest::{GridReader, NearestReader};
pub use process::{process_windows, Block, Pixels, ReadAs};
pub use source::RasterSource;
pub use vector_info::{read_polygons, PolygonFeature, PolygonLayer};
pub use vector_write::{write_polygon_table, FieldLookup};
pub use window::{plan_windows, Window};
pub use writer::{TiffWriter, WriteType};
pub use zone_shapes::ZoneShapes;
pub use zones::Zones;

/// Result type of this crate.
pub type Result<T> = std::result::Result<T, RasterError>;
