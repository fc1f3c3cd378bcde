//! The working grid shared by the watershed models (AWY, SDR, NDR): a base
//! raster's lattice clipped to the intersection of the rasters' extents and
//! the watersheds' bounding box, widened outwards to whole pixels
//! (pygeoprocessing `align_and_resize_raster_stack`, bounding box mode
//! "intersection", as InVEST 3.20 calls it). Rasters in another CRS do not
//! narrow the box (they are reprojected onto the lattice afterwards).

use ecocap_raster::{Grid, RasterSource};

use crate::error::{ModelError, Result};

fn same_crs(a: &Grid, b: &Grid) -> bool {
    let probe = Grid {
        crs_wkt: b.crs_wkt.clone(),
        ..a.clone()
    };
    a.differences(&probe).is_empty()
}

/// Clip `base`'s grid to the intersection with `others` and the vector
/// extent; `rasters` names the rasters in the error message.
pub fn intersection_grid(
    base: &RasterSource,
    others: &[&RasterSource],
    vector_extent: [f64; 4],
    rasters: &str,
) -> Result<Grid> {
    let g = &base.grid;
    let mut bb = g.extent();
    let mut inter = |e: [f64; 4]| {
        bb = [
            bb[0].max(e[0]),
            bb[1].max(e[1]),
            bb[2].min(e[2]),
            bb[3].min(e[3]),
        ];
    };
    for o in others {
        if same_crs(&o.grid, g) {
            inter(o.grid.extent());
        }
    }
    inter(vector_extent);
    if bb[0] >= bb[2] || bb[1] >= bb[3] {
        return Err(ModelError::input(
            "watersheds_path",
            format!(
                "the watersheds (extent [{:.3}, {:.3}, {:.3}, {:.3}]) do not overlap {rasters}",
                vector_extent[0], vector_extent[1], vector_extent[2], vector_extent[3]
            ),
            "check that the watersheds and the rasters cover the same area and declare the right CRS",
        ));
    }
    let t = g.geo_transform;
    let (px, py) = (t[1], t[5]);
    // column/row index of each edge on the base lattice, widened outwards
    let c0 = ((bb[0] - t[0]) / px).floor().max(0.0);
    let c1 = ((bb[2] - t[0]) / px).ceil().min(g.width as f64);
    let (r0, r1) = if py < 0.0 {
        (((bb[3] - t[3]) / py).floor(), ((bb[1] - t[3]) / py).ceil())
    } else {
        (((bb[1] - t[3]) / py).floor(), ((bb[3] - t[3]) / py).ceil())
    };
    let (r0, r1) = (r0.max(0.0), r1.min(g.height as f64));
    Ok(Grid {
        width: (c1 - c0) as usize,
        height: (r1 - r0) as usize,
        geo_transform: [t[0] + c0 * px, px, 0.0, t[3] + r0 * py, 0.0, py],
        crs_wkt: g.crs_wkt.clone(),
    })
}
