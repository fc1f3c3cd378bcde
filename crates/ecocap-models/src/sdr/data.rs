//! The checks of an SDR run before it computes (see [`crate::data`]), and
//! the biophysical table they share with the run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ecocap_raster::Grid;
use ecocap_spec::{Args, Problem};

use crate::common::need_path;
use crate::data::{open_classes, Depth, Found};
use crate::error::{ModelError, Result};
use crate::io::layer::{check_codes, open_source, require_projected};
use crate::io::table::LookupTable;
use crate::sdr::prep;

/// C and P factors by land-cover code.
pub(crate) struct Bio {
    /// the table's file
    pub path: PathBuf,
    /// cover-management factor
    pub usle_c: BTreeMap<i64, f64>,
    /// support practice factor
    pub usle_p: BTreeMap<i64, f64>,
}

/// Read the biophysical table: `usle_c` and `usle_p` are ratios in [0, 1].
pub(crate) fn read_bio(args: &Args) -> Result<Bio> {
    let path = need_path(args, "biophysical_table_path")?;
    let bio = LookupTable::read("biophysical_table_path", &path, "lucode")?;
    let usle_c = bio.numbers_in(
        "usle_c",
        0.0,
        1.0,
        "usle_c is the cover-management factor, a ratio in [0, 1]",
    )?;
    let usle_p = bio.numbers_in(
        "usle_p",
        0.0,
        1.0,
        "usle_p is the support practice factor, a ratio in [0, 1]",
    )?;
    Ok(Bio {
        path,
        usle_c,
        usle_p,
    })
}

/// The run's own code check of SDR and NDR, for `validate`: the land
/// cover read on the working grid as the run reads it, codes of pixels
/// inside a watershed polygon (pixel-centre rule), each a key of the table.
/// (The run also leaves out pixels where another input is nodata.)
pub(crate) fn codes_in_watersheds<'a>(
    args: &Args,
    grid: &Grid,
    table_path: &Path,
    keys: impl Iterator<Item = &'a i64>,
) -> Result<()> {
    let lulc_path = need_path(args, "lulc_path")?;
    let ws_path = need_path(args, "watersheds_path")?;
    let work = tempfile::tempdir().map_err(|e| ModelError::Write {
        path: std::env::temp_dir(),
        detail: e.to_string(),
    })?;
    let ws = prep::watersheds(&ws_path, grid, work.path())?;
    let lulc = prep::Classes::open("lulc_path", &lulc_path, grid)?;
    let mask: Vec<bool> = ws.zone.iter().map(|z| *z > 0).collect();
    let codes = prep::codes(&lulc, &mask);
    check_codes(
        "biophysical_table_path",
        table_path,
        &lulc.layer,
        &codes,
        keys,
    )
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
    let mut others = vec![lulc.clone()];
    for id in ["erosivity_path", "erodibility_path", "drainage_path"] {
        if let Some(p) = args.path(id) {
            others.push(f.take(id, open_source(id, &p)));
        }
    }
    let bio = args
        .path("biophysical_table_path")
        .and_then(|_| f.take("biophysical_table_path", read_bio(args)));
    let (Some(dem), Some(ws_path)) = (dem, args.path("watersheds_path")) else {
        return f.0;
    };
    let extent = prep::watershed_extent(&ws_path, &dem.grid.crs_wkt);
    let Some(extent) = f.take("watersheds_path", extent) else {
        return f.0;
    };
    let Some(others) = others.into_iter().collect::<Option<Vec<_>>>() else {
        return f.0;
    };
    let refs: Vec<_> = others.iter().collect();
    let grid = f.take("watersheds_path", prep::working_grid(&dem, &refs, extent));
    if let (Depth::Full, Some(grid), Some(bio)) = (depth, grid, bio) {
        let r = codes_in_watersheds(args, &grid, &bio.path, bio.usle_c.keys());
        f.take("biophysical_table_path", r);
    }
    f.0
}
