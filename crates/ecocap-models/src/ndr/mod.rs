//! Nutrient delivery ratio (InVEST 3.20 `ndr`), nitrogen and phosphorus,
//! D8 or MFD.
//!
//! Steps as InVEST: the working grid and watershed mask of SDR
//! ([`crate::sdr`]'s preprocessing; here each raster is masked on its own,
//! as InVEST's `_mask_raster` does), routing with MFD streams traced at
//! 1.0·threshold, loads scaled by the runoff proxy index, effective
//! retention ([`retention`]), connectivity with `IC0 = (min + max)/2`, and
//! surface and subsurface (N) export ([`kernel`]).

mod data;
mod export;
pub mod kernel;
pub mod retention;
mod spec;

pub use data::check_data;
pub use spec::spec;

use std::collections::BTreeMap;

use ecocap_hydro::{Shape, Weights, STREAM_NODATA};
use ecocap_spec::Args;
use serde_json::json;

use crate::common::{need_number, need_path, require_valid};
use crate::error::{ModelError, Result};
use crate::io::layer::{check_codes, open_source, require_projected};
use crate::io::output::{pixel_area, suffixed, write_text};
use crate::io::spill::spill;
use crate::io::table::LookupTable;
use crate::quantities::{ndr_rows, write_for_account_year};
use crate::registry::{RunContext, RunReport};
use crate::sdr::prep::{self, Classes, Read};
use crate::sdr::routing::{self, Algorithm};
use kernel::NODATA;

/// Table parameters of one nutrient, by land-cover code.
struct Nutrient {
    id: &'static str,
    load: BTreeMap<i64, f64>,
    eff: BTreeMap<i64, f64>,
    crit_len: BTreeMap<i64, f64>,
    subsurface: Option<BTreeMap<i64, f64>>,
}

fn read_nutrient(t: &LookupTable, id: &'static str) -> Result<Nutrient> {
    let raw = t.numbers(
        &format!("load_{id}"),
        &format!("load_{id} is a load in kg/ha/yr"),
    )?;
    let eff = t.numbers_in(
        &format!("eff_{id}"),
        0.0,
        1.0,
        &format!("eff_{id} is a retention efficiency, a ratio in [0, 1]"),
    )?;
    let crit_len = t.numbers(
        &format!("crit_len_{id}"),
        &format!("crit_len_{id} is a length in metres"),
    )?;
    let types = t.texts(&format!("load_type_{id}"))?;
    let mut load = BTreeMap::new();
    for (code, v) in &raw {
        let ty = types
            .get(code)
            .map(|s| s.trim().to_ascii_lowercase())
            .unwrap_or_default();
        // application rates are reduced by the retention efficiency
        let l = match ty.as_str() {
            "measured-runoff" => *v,
            "application-rate" => v * (1.0 - eff[code]),
            other => {
                return Err(ModelError::input(
                    "biophysical_table_path",
                    format!(
                        "{}: load_type_{id} of lucode {code} is \"{other}\"",
                        t.path.display()
                    ),
                    "write application-rate or measured-runoff",
                ))
            }
        };
        load.insert(*code, l);
    }
    let subsurface = if id == "n" {
        Some(t.numbers_in(
            "proportion_subsurface_n",
            0.0,
            1.0,
            "proportion_subsurface_n is a ratio in [0, 1]",
        )?)
    } else {
        None
    };
    Ok(Nutrient {
        id,
        load,
        eff,
        crit_len,
        subsurface,
    })
}

/// Run NDR into `ctx.workspace`.
pub fn run(args: &Args, ctx: &RunContext<'_>) -> Result<RunReport> {
    let spec = spec();
    require_valid(&spec, args)?;
    ctx.ensure_workspace()?;
    let sfx = args.text("results_suffix").unwrap_or_default();
    let mut report = RunReport::default();
    let algorithm = Algorithm::parse(args.text("flow_dir_algorithm").as_deref())?;
    let threshold = need_number(args, "threshold_flow_accumulation")?;
    let k_param = need_number(args, "k_param")?;

    let dem_path = need_path(args, "dem_path")?;
    let dem_src = open_source("dem_path", &dem_path)?;
    require_projected("dem_path", &dem_src)?;
    let lulc_path = need_path(args, "lulc_path")?;
    let rp_path = need_path(args, "runoff_proxy_path")?;
    let ws_path = need_path(args, "watersheds_path")?;
    let bio_path = need_path(args, "biophysical_table_path")?;
    for (id, p) in [
        ("dem_path", &dem_path),
        ("lulc_path", &lulc_path),
        ("runoff_proxy_path", &rp_path),
        ("watersheds_path", &ws_path),
        ("biophysical_table_path", &bio_path),
    ] {
        report.inputs.push((id.into(), p.clone()));
    }
    let lulc_src = open_source("lulc_path", &lulc_path)?;
    let rp_src = open_source("runoff_proxy_path", &rp_path)?;
    let extent = prep::watershed_extent(&ws_path, &dem_src.grid.crs_wkt)?;
    let grid = prep::working_grid(&dem_src, &[&lulc_src, &rp_src], extent)?;
    let shape = Shape::new(grid.width, grid.height);
    let cell = grid.geo_transform[1].abs();

    let (_, nutrients) = data::read_nutrients(args)?;

    crate::common::trace_memory("start");
    ctx.observer.step("reading inputs", 0);
    let dem = Read::open(&spec, "dem_path", &dem_path, &grid)?;
    let lulc = Classes::open("lulc_path", &lulc_path, &grid)?;
    let rp = Read::open(&spec, "runoff_proxy_path", &rp_path, &grid)?;
    let mut ws = prep::watersheds(&ws_path, &grid, ctx.workspace)?;
    let inside: Vec<bool> = ws.zone.iter().map(|z| *z > 0).collect();
    let lulc_ok: Vec<bool> = (0..shape.len())
        .map(|i| inside[i] && lulc.valid(i))
        .collect();
    let rp_ok: Vec<bool> = (0..shape.len()).map(|i| inside[i] && rp.valid(i)).collect();
    // the zones wait on disk until the export stage
    let zones = spill(
        ctx.workspace,
        "watershed_zones",
        std::mem::take(&mut ws.zone),
    )?;
    let codes = prep::codes(&lulc, &lulc_ok);
    for nu in &nutrients {
        check_codes(
            "biophysical_table_path",
            &bio_path,
            &lulc.layer,
            &codes,
            nu.load.keys(),
        )?;
    }

    crate::common::trace_memory("inputs");
    ctx.observer
        .step("routing (fill, directions, accumulation, streams)", 0);
    let dem_f: Vec<f32> = (0..shape.len())
        .map(|i| {
            if inside[i] && dem.valid(i) {
                dem.values[i]
            } else {
                f32::MIN
            }
        })
        .collect();
    drop(dem);
    let routed = routing::route(
        &dem_f,
        shape,
        (grid.geo_transform[1], grid.geo_transform[5]),
        algorithm,
        threshold,
        1.0,
    )?;
    drop((dem_f, inside));
    let routing::Routed {
        slope: slope_v,
        dirs: dirs_v,
        fa: fa_v,
        graph,
        stream: stream_v,
        ..
    } = routed;
    let (fa, stream, dirs) = (&fa_v, &stream_v, &dirs_v);
    let w = ctx.workspace;
    let s = |rel: &str| suffixed(rel, &sfx);
    let im = |rel: &str| s(&format!("intermediate_outputs/{rel}"));
    let o_early = &mut report.outputs;
    let mut bg = prep::Background::default();
    // InVEST always writes intermediate_outputs/; here they are opt-in (as
    // for carbon and water yield): encoding them is a third of the run
    let inter = args.flag("intermediate_outputs");

    crate::common::trace_memory("routing");
    ctx.observer.step("connectivity", 0);
    let s_th = crate::sdr::kernel::slope_threshold(&slope_v);
    drop(slope_v);
    let f32max = Some(f64::from(f32::MAX));
    let s_acc = dirs.accumulate(
        &graph,
        Some(&Weights {
            values: &s_th,
            nodata: f32max,
        }),
    )?;
    let s_bar = kernel::s_bar(&s_acc, fa);
    drop(s_acc);
    let d_up = kernel::d_up(&s_bar, fa, pixel_area(&grid));
    drop((s_bar, graph));
    if inter {
        bg.f64(
            w,
            im("flow_accumulation.tif"),
            &grid,
            fa_v,
            ecocap_hydro::FA_NODATA,
            ecocap_hydro::FA_NODATA as f32,
        );
    } else {
        drop(fa_v);
    }
    crate::common::trace_memory("d_up");
    let s_inv = kernel::inverse(&s_th);
    drop(s_th);
    // the weighted and plain distances are independent: one per core
    let (d_dn, dist) = rayon::join(
        || {
            dirs.distance(
                stream,
                shape,
                Some(&Weights {
                    values: &s_inv,
                    nodata: Some(-1.0),
                }),
            )
        },
        || dirs.distance(stream, shape, None),
    );
    let (d_dn, dist) = (d_dn?, dist?);
    drop(s_inv);
    crate::common::trace_memory("d_dn");
    let ic = kernel::ic(&d_up, &d_dn);
    if inter {
        bg.f32(w, im("d_up.tif"), &grid, d_up, NODATA);
        bg.f64(
            w,
            im("d_dn.tif"),
            &grid,
            d_dn,
            ecocap_hydro::DIST_NODATA,
            NODATA,
        );
        o_early.push(prep::write_f32(
            w,
            &im("ic_factor.tif"),
            &grid,
            &ic,
            kernel::IC_NODATA,
        )?);
    } else {
        drop((d_up, d_dn));
    }
    let ic0 = kernel::ic0(&ic).ok_or_else(|| {
        ModelError::input(
            "dem_path",
            "no pixel has a defined connectivity index (no stream reached?)",
            "lower threshold_flow_accumulation or check that the watersheds cover the DEM",
        )
    })?;
    let rp_f: Vec<f32> = (0..shape.len())
        .map(|i| if rp_ok[i] { rp.values[i] } else { NODATA })
        .collect();
    let mean = match args.number("runoff_proxy_av") {
        Ok(Some(v)) => v,
        _ => {
            let (s, c) = rp_f
                .iter()
                .zip(&rp_ok)
                .filter(|(_, ok)| **ok)
                .fold((0.0f64, 0u64), |(s, c), (v, _)| (s + f64::from(*v), c + 1));
            if c > 0 {
                s / c as f64
            } else {
                0.0
            }
        }
    };
    let rpi = kernel::runoff_proxy_index(&rp_f, &rp_ok, mean);
    drop((rp_f, rp));
    // what the export stage needs waits on disk through the retention peak
    let ic = spill(ctx.workspace, "ic", ic)?;
    let rpi = spill(ctx.workspace, "rpi", rpi)?;
    let dist = spill(ctx.workspace, "dist", dist)?;

    crate::common::trace_memory("rpi");
    let ha = pixel_area(&grid) / 10_000.0;
    let mut fields: Vec<(String, Vec<f64>)> = Vec::new();
    // effective retention of N and P: independent, one per core
    ctx.observer.step("effective retention", 0);
    let rets: Vec<Vec<f32>> = {
        use rayon::prelude::*;
        nutrients
            .par_iter()
            .map(|nu| {
                let stream_ok = |i: usize| lulc_ok[i] && stream[i] != STREAM_NODATA;
                let not_stream = |i: usize| f64::from(1 - stream[i].min(1));
                let eff: Vec<f32> = (0..shape.len())
                    .map(|i| {
                        if stream_ok(i) {
                            nu.eff
                                .get(&(i64::from(lulc.codes[i])))
                                .map_or(NODATA, |v| (v * not_stream(i)) as f32)
                        } else {
                            NODATA
                        }
                    })
                    .collect();
                let crit: Vec<f32> = (0..shape.len())
                    .map(|i| {
                        if stream_ok(i) {
                            nu.crit_len
                                .get(&(i64::from(lulc.codes[i])))
                                .map_or(NODATA, |v| (v * not_stream(i)) as f32)
                        } else {
                            NODATA
                        }
                    })
                    .collect();
                let ret = retention::effective_retention(dirs, shape, stream, &eff, &crit, cell);
                drop((eff, crit));
                ret
            })
            .collect()
    };
    crate::common::trace_memory("retention");
    drop(dirs_v);
    // back from disk for the export stage
    ws.zone = zones.load()?;
    let (ic, rpi) = (ic.load()?, rpi.load()?);
    let dist = dist.load()?;
    let shared = export::Shared {
        grid: &grid,
        codes: &lulc.codes,
        lulc_ok: &lulc_ok,
        rpi: &rpi,
        ic: &ic,
        ic0,
        k: k_param,
        zone: &ws.zone,
        n_zones: ws.ids.len(),
        ha,
    };
    for (nu, ret) in nutrients.iter().zip(rets) {
        ctx.observer
            .step(&format!("{} export", nu.id.to_uppercase()), 0);
        let sub = if nu.id == "n" {
            Some(export::Subsurface {
                dist: &dist,
                eff: need_number(args, "subsurface_eff_n")?,
                crit_len: need_number(args, "subsurface_critical_length_n")?,
            })
        } else {
            None
        };
        let (f, written) = export::export(&shared, nu, &ret, sub.as_ref(), w, &s)?;
        let mut written = written.into_iter();
        report.outputs.extend(written.next());
        if inter {
            report.outputs.push(prep::write_f32(
                w,
                &im(&format!("effective_retention_{}.tif", nu.id)),
                &grid,
                &ret,
                NODATA,
            )?);
        }
        report.outputs.extend(written);
        fields.extend(f);
        crate::common::trace_memory("export");
    }
    crate::common::trace_memory("nutrients");
    report.outputs.extend(bg.finish()?);
    let o = &mut report.outputs;
    if inter {
        o.push(prep::write_u8(
            w,
            &im("stream.tif"),
            &grid,
            stream,
            STREAM_NODATA,
        )?);
        o.push(prep::write_f32(
            w,
            &im("runoff_proxy_index.tif"),
            &grid,
            &rpi,
            f32::MAX,
        )?);
    }
    let named: Vec<(&str, Vec<f64>)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    let csv = prep::results_csv(prep::WS_FIELD, &ws.ids, &named);
    o.push(write_text(w, &s("watershed_results_ndr.csv"), &csv)?);
    write_for_account_year(
        args,
        w,
        &mut report,
        "nutrient retention per watershed",
        |year| ndr_rows(year, &ws.ids, &fields),
    )?;
    report.summary = json!({
        "grid": [grid.width, grid.height],
        "flow_dir_algorithm": if algorithm == Algorithm::D8 { "D8" } else { "MFD" },
        "ic0": ic0,
        "runoff_proxy_mean": mean,
        "watersheds": ws.ids.iter().enumerate().map(|(i, id)| {
            let mut m = serde_json::Map::new();
            m.insert("ws_id".into(), json!(id));
            for (name, v) in &fields {
                m.insert(format!("{name}_kg_per_yr"), json!(v[i]));
            }
            serde_json::Value::Object(m)
        }).collect::<Vec<_>>(),
    });
    Ok(report)
}
