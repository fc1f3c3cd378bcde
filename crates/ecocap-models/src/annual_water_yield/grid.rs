//! The working grid of AWY: the land-cover lattice clipped to the
//! intersection of the rasters' extents and the watersheds' bounding box,
//! widened outwards to whole pixels (pygeoprocessing
//! `align_and_resize_raster_stack`, bounding box mode "intersection").

use ecocap_raster::{Grid, RasterSource};

use crate::error::Result;
use crate::io::clip::intersection_grid;

/// Clip `lulc`'s grid to the intersection described above.
pub fn clipped_grid(
    lulc: &RasterSource,
    others: &[RasterSource],
    vector_extent: [f64; 4],
) -> Result<Grid> {
    let others: Vec<&RasterSource> = others.iter().collect();
    intersection_grid(lulc, &others, vector_extent, "the rasters")
}
