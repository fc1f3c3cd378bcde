//! The checks of an NDR run before it computes (see [`crate::data`]).

use std::path::PathBuf;

use ecocap_spec::{Args, Problem};

use super::{read_nutrient, Nutrient};
use crate::common::need_path;
use crate::data::{open_classes, Depth, Found};
use crate::error::Result;
use crate::io::layer::{open_source, require_projected};
use crate::io::table::LookupTable;
use crate::sdr::data::codes_in_watersheds;
use crate::sdr::prep;

/// The biophysical table's nutrients asked for (`calc_n`, `calc_p`).
pub(super) fn read_nutrients(args: &Args) -> Result<(PathBuf, Vec<Nutrient>)> {
    let path = need_path(args, "biophysical_table_path")?;
    let table = LookupTable::read("biophysical_table_path", &path, "lucode")?;
    let mut nutrients = Vec::new();
    if args.flag("calc_n") {
        nutrients.push(read_nutrient(&table, "n")?);
    }
    if args.flag("calc_p") {
        nutrients.push(read_nutrient(&table, "p")?);
    }
    Ok((path, nutrients))
}

/// Every raster opens (DEM projected, land cover integer), the watersheds
/// overlap the rasters (the working grid exists), the table reads with its
/// ranges; at [`Depth::Full`] every land-cover code inside the watersheds
/// has a row.
pub fn check_data(args: &Args, depth: Depth) -> Vec<Problem> {
    let mut f = Found::default();
    let dem = args.path("dem_path").and_then(|p| {
        let r =
            open_source("dem_path", &p).and_then(|s| require_projected("dem_path", &s).map(|_| s));
        f.take("dem_path", r)
    });
    let lulc = args
        .path("lulc_path")
        .and_then(|p| f.take("lulc_path", open_classes("lulc_path", &p)));
    let rp = args
        .path("runoff_proxy_path")
        .and_then(|p| f.take("runoff_proxy_path", open_source("runoff_proxy_path", &p)));
    let table = args
        .path("biophysical_table_path")
        .and_then(|_| f.take("biophysical_table_path", read_nutrients(args)));
    let (Some(dem), Some(lulc), Some(rp), Some(ws_path)) =
        (dem, lulc, rp, args.path("watersheds_path"))
    else {
        return f.0;
    };
    let extent = prep::watershed_extent(&ws_path, &dem.grid.crs_wkt);
    let Some(extent) = f.take("watersheds_path", extent) else {
        return f.0;
    };
    let grid = f.take(
        "watersheds_path",
        prep::working_grid(&dem, &[&lulc, &rp], extent),
    );
    if let (Depth::Full, Some(grid), Some((path, nutrients))) = (depth, grid, table) {
        for nu in &nutrients {
            let r = codes_in_watersheds(args, &grid, &path, nu.load.keys());
            f.take("biophysical_table_path", r);
        }
    }
    f.0
}
