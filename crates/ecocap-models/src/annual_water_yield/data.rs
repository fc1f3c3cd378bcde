//! The checks of a water-yield run before it computes (see
//! [`crate::data`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use ecocap_raster::{read_polygons, PolygonLayer, RasterSource};
use ecocap_spec::{Args, Problem};

use super::{grid, read_bio, read_valuation, Valuation, RASTERS};
use crate::data::{codes_in_table, open_classes, Depth, Found};
use crate::error::ModelError;
use crate::io::layer::{open_source, require_projected};
use crate::io::table::LookupTable;

/// Every watershed needs a valuation row (the run would stop only after
/// its pass over the rasters).
fn valuation_rows(f: &mut Found, ws: &PolygonLayer, path: &Path, v: &BTreeMap<i64, Valuation>) {
    let missing: BTreeSet<&str> = ws
        .features
        .iter()
        .map(|x| x.id.as_str())
        .filter(|id| {
            let key = id.parse::<f64>().ok().map(|x| x as i64);
            !key.is_some_and(|k| v.contains_key(&k))
        })
        .collect();
    if missing.is_empty() {
        return;
    }
    let ids: Vec<&str> = missing.into_iter().collect();
    let e = ModelError::input(
        "valuation_table_path",
        format!(
            "watershed ws_id {} of {} not found in the valuation table",
            ids.join(", "),
            path.display()
        ),
        "add a row (ws_id, efficiency, fraction, height, kw_price, cost, time_span, discount) for every watershed",
    );
    f.push("valuation_table_path", &e);
}

/// The checks of a run before it computes (see [`crate::data`]): the
/// rasters open (land cover integer and projected), the watersheds read in
/// its CRS and overlap the rasters (the clipped grid exists), the tables
/// read with their ranges; at [`Depth::Full`] every land-cover code of the
/// clipped grid in the biophysical (and demand) table.
pub fn check_data(args: &Args, depth: Depth) -> Vec<Problem> {
    let mut f = Found::default();
    let lulc = args.path("lulc_path").and_then(|p| {
        let r = open_classes("lulc_path", &p)
            .and_then(|s| require_projected("lulc_path", &s).map(|_| s));
        f.take("lulc_path", r)
    });
    let sources: Vec<Option<RasterSource>> = RASTERS
        .iter()
        .map(|id| args.path(id).and_then(|p| f.take(id, open_source(id, &p))))
        .collect();
    let bio = args
        .path("biophysical_table_path")
        .and_then(|_| f.take("biophysical_table_path", read_bio(args)));
    let demand = args.path("demand_table_path").and_then(|p| {
        let r = LookupTable::read("demand_table_path", &p, "lucode")
            .and_then(|t| t.numbers("demand", "demand is consumptive use in m³/yr per pixel"));
        f.take("demand_table_path", r).map(|d| (p, d))
    });
    let valuation = f
        .take("valuation_table_path", read_valuation(args))
        .flatten();
    let Some(lulc) = lulc else { return f.0 };
    if let Some(p) = args.path("sub_watersheds_path") {
        let r = read_polygons(&p, "subws_id", &lulc.grid.crs_wkt)
            .map_err(ModelError::raster("sub_watersheds_path"));
        f.take("sub_watersheds_path", r);
    }
    let Some(ws_path) = args.path("watersheds_path") else {
        return f.0;
    };
    let ws = read_polygons(&ws_path, "ws_id", &lulc.grid.crs_wkt)
        .map_err(ModelError::raster("watersheds_path"));
    let Some(ws) = f.take("watersheds_path", ws) else {
        return f.0;
    };
    if let Some(v) = &valuation {
        valuation_rows(&mut f, &ws, &ws_path, v);
    }
    let Some(sources) = sources.into_iter().collect::<Option<Vec<_>>>() else {
        return f.0;
    };
    let grid = f.take(
        "watersheds_path",
        grid::clipped_grid(&lulc, &sources, ws.extent),
    );
    if let (Depth::Full, Some(grid), Some((bio_path, bio))) = (depth, grid, bio) {
        let r = codes_in_table(
            &lulc,
            "lulc_path",
            &grid,
            "biophysical_table_path",
            &bio_path,
            bio.kc.keys(),
        );
        f.take("biophysical_table_path", r);
        if let Some((p, d)) = demand {
            let r = codes_in_table(&lulc, "lulc_path", &grid, "demand_table_path", &p, d.keys());
            f.take("demand_table_path", r);
        }
    }
    f.0
}
