//! Annual water yield (InVEST 3.20 `annual_water_yield`).
//!
//! Preprocessing as InVEST: every raster is read on the land-cover lattice,
//! clipped to the intersection of the rasters and the watersheds' bounding
//! box widened outwards to whole pixels (no polygon mask); other grids are
//! reprojected/resampled by nearest neighbour. Kernels in `kernel.rs`,
//! per-watershed tables in `zonal.rs`.

mod data;
mod grid;
mod kernel;
mod pass;
mod spec;
mod zonal;

pub use data::check_data;
pub use kernel::{fractp, hydropower, yield_and_aet, Pixel, Valuation};
pub use spec::spec;

use std::collections::BTreeMap;

use ecocap_raster::{read_polygons, Zones};
use ecocap_spec::Args;
use serde_json::json;

use crate::common::{need_number, need_path, require_valid};
use crate::error::{ModelError, Result};
use crate::io::layer::{check_codes, open_source, require_projected, strips, Layer};
use crate::io::lut::CodeLut;
use crate::io::output::{suffixed, write_text, OutRaster};
use crate::io::table::LookupTable;
use crate::quantities::{write_quantities, Quantity};
use crate::registry::{RunContext, RunReport};
use kernel::NODATA;

const RASTERS: [&str; 4] = [
    "precipitation_path",
    "eto_path",
    "depth_to_root_rest_layer_path",
    "pawc_path",
];

struct Bio {
    veg: BTreeMap<i64, f64>,
    root: BTreeMap<i64, f64>,
    kc: BTreeMap<i64, f64>,
}

fn read_bio(args: &Args) -> Result<(std::path::PathBuf, Bio)> {
    let path = need_path(args, "biophysical_table_path")?;
    let t = LookupTable::read("biophysical_table_path", &path, "lucode")?;
    let veg = t.numbers("lulc_veg", "lulc_veg is 1 (vegetated) or 0")?;
    if let Some((k, v)) = veg.iter().find(|(_, v)| **v != 0.0 && **v != 1.0) {
        return Err(ModelError::input(
            "biophysical_table_path",
            format!("{}: error in column \"lulc_veg\", value \"{v}\" (lucode {k}): value does not meet condition value in {{0, 1}}", path.display()),
            "write 1 for vegetated classes and 0 for the others",
        ));
    }
    let root = t.numbers("root_depth", "root_depth is a depth in mm")?;
    let kc = t.numbers("kc", "kc is the crop coefficient (unitless)")?;
    // Crop coefficients lie around 0.1–1.5 (Allen et al. 1998, FAO-56
    // Table 12); a value in the hundreds is a depth in mm in the wrong
    // column, the usual result of swapped columns.
    if let Some((k, v)) = kc.iter().find(|(_, v)| **v < 0.0 || **v > 10.0) {
        let swapped = root.get(k).is_some_and(|r| *r <= 10.0) && *v > 10.0;
        return Err(ModelError::input(
            "biophysical_table_path",
            format!(
                "{}: error in column \"kc\", value \"{v}\" (lucode {k}): a crop coefficient must be between 0 and 10",
                path.display()
            ),
            if swapped {
                "kc holds depths and root_depth small numbers: are the kc and root_depth columns swapped?".to_string()
            } else {
                "kc is the unitless crop coefficient (PET = Kc·ET0), usually 0.1–1.5".to_string()
            },
        ));
    }
    if let Some((k, v)) = root.iter().find(|(_, v)| **v < 0.0) {
        return Err(ModelError::input(
            "biophysical_table_path",
            format!(
                "{}: error in column \"root_depth\", value \"{v}\" (lucode {k}) is negative",
                path.display()
            ),
            "root_depth is a depth in mm (≥ 0)",
        ));
    }
    Ok((path, Bio { veg, root, kc }))
}

fn read_valuation(args: &Args) -> Result<Option<BTreeMap<i64, Valuation>>> {
    let Some(path) = args.path("valuation_table_path") else {
        return Ok(None);
    };
    let t = LookupTable::read("valuation_table_path", &path, "ws_id")?;
    let h = "see the InVEST hydropower valuation table";
    let eff = t.numbers_in("efficiency", 0.0, 1.0, "efficiency is a ratio in [0, 1]")?;
    let frac = t.numbers_in("fraction", 0.0, 1.0, "fraction is a ratio in [0, 1]")?;
    let cols: Vec<BTreeMap<i64, f64>> = ["height", "kw_price", "cost", "time_span", "discount"]
        .iter()
        .map(|c| t.numbers(c, h))
        .collect::<Result<_>>()?;
    Ok(Some(
        t.rows
            .keys()
            .map(|k| {
                (
                    *k,
                    Valuation {
                        efficiency: eff[k],
                        fraction: frac[k],
                        height: cols[0][k],
                        kw_price: cols[1][k],
                        cost: cols[2][k],
                        time_span: cols[3][k],
                        discount: cols[4][k],
                    },
                )
            })
            .collect(),
    ))
}

/// Run annual water yield into `ctx.workspace`.
pub fn run(args: &Args, ctx: &RunContext<'_>) -> Result<RunReport> {
    let spec = spec();
    require_valid(&spec, args)?;
    ctx.ensure_workspace()?;
    let sfx = args.text("results_suffix").unwrap_or_default();
    let mut report = RunReport::default();
    let z = need_number(args, "seasonality_constant")? as f32;
    crate::common::trace_memory("start");
    let lulc_path = need_path(args, "lulc_path")?;
    let lulc_src = open_source("lulc_path", &lulc_path)?;
    require_projected("lulc_path", &lulc_src)?;
    report.inputs.push(("lulc_path".into(), lulc_path.clone()));
    let ws_path = need_path(args, "watersheds_path")?;
    let ws = read_polygons(&ws_path, "ws_id", &lulc_src.grid.crs_wkt)
        .map_err(ModelError::raster("watersheds_path"))?;
    report
        .inputs
        .push(("watersheds_path".into(), ws_path.clone()));
    let mut sources = Vec::new();
    for id in RASTERS {
        let p = need_path(args, id)?;
        sources.push(open_source(id, &p)?);
        report.inputs.push((id.into(), p));
    }
    let grid = grid::clipped_grid(&lulc_src, &sources, ws.extent)?;
    let lulc = Layer::from_source("lulc_path", lulc_src, &grid)?;
    let layers: Vec<Layer> = RASTERS
        .iter()
        .zip(sources)
        .map(|(id, s)| Layer::from_source(id, s, &grid).map(|l| l.with_rules(&spec)))
        .collect::<Result<_>>()?;
    for l in &layers {
        if l.is_resampled() {
            let note = format!("{} was reprojected/resampled onto the land-cover grid (nearest neighbour, as InVEST)", l.source.path.display());
            ctx.observer.note(&note);
            report.notes.push(note);
        }
    }
    crate::common::trace_memory("grid");
    let (bio_path, bio) = read_bio(args)?;
    report
        .inputs
        .push(("biophysical_table_path".into(), bio_path.clone()));
    let demand = match args.path("demand_table_path") {
        Some(p) => {
            let t = LookupTable::read("demand_table_path", &p, "lucode")?;
            let d = t.numbers("demand", "demand is consumptive use in m³/yr per pixel")?;
            report.inputs.push(("demand_table_path".into(), p.clone()));
            Some((p, d))
        }
        None => None,
    };
    let valuation = read_valuation(args)?;
    crate::common::trace_memory("tables");
    let ws_zones = Zones::rasterize(&ws_path, "ws_id", &grid, ctx.workspace)
        .map_err(ModelError::raster("watersheds_path"))?;
    let ws_layer = Layer::from_source("watersheds_path", ws_zones.raster.clone(), &grid)?;
    let sub = match args.path("sub_watersheds_path") {
        Some(p) => {
            let polys = read_polygons(&p, "subws_id", &grid.crs_wkt)
                .map_err(ModelError::raster("sub_watersheds_path"))?;
            let zones = Zones::rasterize(&p, "subws_id", &grid, ctx.workspace)
                .map_err(ModelError::raster("sub_watersheds_path"))?;
            let layer = Layer::from_source("sub_watersheds_path", zones.raster.clone(), &grid)?;
            report.inputs.push(("sub_watersheds_path".into(), p));
            Some((polys, zones, layer))
        }
        None => None,
    };
    crate::common::trace_memory("zones");
    let w = ctx.workspace;
    let mk = |rel: &str| OutRaster::create(w, &suffixed(rel, &sfx), &grid, NODATA as f64);
    // Output order matches the per-pixel buffers below: fractp, aet,
    // wyield, then (with intermediate_outputs) kc, pet, root, veg, demand.
    let inter = args.flag("intermediate_outputs");
    let mut names = vec![
        "output/per_pixel/fractp.tif",
        "output/per_pixel/aet.tif",
        "output/per_pixel/wyield.tif",
    ];
    if inter {
        names.extend([
            "intermediate/kc_raster.tif",
            "intermediate/pet.tif",
            "intermediate/root_depth.tif",
            "intermediate/veg.tif",
        ]);
        if demand.is_some() {
            names.push("intermediate/demand.tif");
        }
    }
    let mut outs: Vec<OutRaster> = names.iter().map(|r| mk(r)).collect::<Result<_>>()?;
    let classes = pass::Classes {
        kc: CodeLut::new(&bio.kc),
        veg: CodeLut::new(&bio.veg),
        root: CodeLut::new(&bio.root),
        demand: demand.as_ref().map(|(_, d)| CodeLut::new(d)),
    };
    let zones = (
        ws_zones.ids.len() + 1,
        sub.as_ref().map(|s| s.1.ids.len()).unwrap_or(0) + 1,
    );
    let windows = strips(&grid);
    ctx.observer
        .step("annual water yield", windows.len() as u64);
    let (sub_polys, sub_zones, sub_layer) = match sub {
        Some((p, z, l)) => (Some(p), Some(z), Some(l)),
        None => (None, None, None),
    };
    let mut inputs = pass::Inputs {
        lulc,
        layers,
        ws: ws_layer,
        sub: sub_layer,
    };
    let advance = || ctx.observer.advance(1);
    let Some((ws_sums, sub_sums)) = pass::run(
        &mut inputs,
        &classes,
        z,
        &mut outs,
        &windows,
        zones,
        &advance,
    )?
    else {
        // a code is missing from a table: list every missing code
        let codes = inputs.lulc.unique_codes(&grid)?;
        check_codes(
            "biophysical_table_path",
            &bio_path,
            &inputs.lulc,
            &codes,
            bio.kc.keys(),
        )?;
        if let Some((p, d)) = &demand {
            check_codes("demand_table_path", p, &inputs.lulc, &codes, d.keys())?;
        }
        return Err(ModelError::input(
            "lulc_path",
            "a land-cover code has no row in the tables".to_string(),
            "add a row for every land-cover code",
        ));
    };
    crate::common::trace_memory("pass");
    for o in outs {
        report.outputs.push(o.finish()?);
    }
    let with_demand = demand.is_some();
    let area_of = |feats: &[ecocap_raster::PolygonFeature], id: &str| -> f64 {
        feats.iter().filter(|f| f.id == id).map(|f| f.area).sum()
    };
    let mut ws_rows = BTreeMap::new();
    for (i, id) in ws_zones.ids.iter().enumerate() {
        let val = match &valuation {
            Some(v) => {
                let key = id.parse::<f64>().ok().map(|x| x as i64);
                Some(key.and_then(|k| v.get(&k)).ok_or_else(|| {
                    ModelError::input(
                        "valuation_table_path",
                        format!("watershed ws_id {id} is in the watersheds but are not found in the valuation table"),
                        "add a row for every ws_id of the watersheds",
                    )
                })?)
            }
            None => None,
        };
        ws_rows.insert(
            i,
            (
                id.clone(),
                zonal::row(&ws_sums[i + 1], area_of(&ws.features, id), with_demand, val),
            ),
        );
    }
    crate::common::trace_memory("finish");
    let ws_csv = zonal::csv("ws_id", &ws_rows);
    report.outputs.push(write_text(
        w,
        &suffixed("output/watershed_results_wyield.csv", &sfx),
        &ws_csv,
    )?);
    report.outputs.push(zonal::write_vector(
        &ws_path,
        "ws_id",
        w,
        &suffixed("output/watershed_results_wyield.shp", &sfx),
        &ws_rows,
    )?);
    if let (Some(polys), Some(zones)) = (&sub_polys, &sub_zones) {
        let mut rows = BTreeMap::new();
        for (i, id) in zones.ids.iter().enumerate() {
            rows.insert(
                i,
                (
                    id.clone(),
                    zonal::row(
                        &sub_sums[i + 1],
                        area_of(&polys.features, id),
                        with_demand,
                        None,
                    ),
                ),
            );
        }
        report.outputs.push(write_text(
            w,
            &suffixed("output/subwatershed_results_wyield.csv", &sfx),
            &zonal::csv("subws_id", &rows),
        )?);
        let sub_path = need_path(args, "sub_watersheds_path")?;
        report.outputs.push(zonal::write_vector(
            &sub_path,
            "subws_id",
            w,
            &suffixed("output/subwatershed_results_wyield.shp", &sfx),
            &rows,
        )?);
    }
    crate::common::trace_memory("tables written");
    let get = |r: &zonal::Row, n: &str| r.iter().find(|(k, _)| *k == n).and_then(|(_, v)| *v);
    report.summary = json!({
        "grid": [grid.width, grid.height],
        "watersheds": ws_rows.values().map(|(id, r)| json!({"ws_id": id, "wyield_vol_m3": get(r, "wyield_vol"), "hp_energy_kwh": get(r, "hp_energy")})).collect::<Vec<_>>(),
    });
    match args.number("account_year") {
        Ok(Some(year)) => {
            let mut q = Vec::new();
            for (id, r) in ws_rows.values() {
                if let Some(v) = get(r, "wyield_vol") {
                    q.push(Quantity { zone: id.clone(), year: year as i64, indicator: "water_conservation", quantity: v.max(0.0), unit: "m3" });
                }
                if let Some(v) = get(r, "hp_energy").filter(|v| *v >= 0.0) {
                    q.push(Quantity { zone: id.clone(), year: year as i64, indicator: "hydropower", quantity: v, unit: "kWh" });
                }
            }
            report.outputs.push(write_quantities(w, &q)?);
        }
        _ => report.notes.push("gep_quantities.csv not written: give account_year to export water_conservation per watershed".into()),
    }
    drop(ws_zones);
    Ok(report)
}
