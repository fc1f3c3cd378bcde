//! Sediment delivery ratio (InVEST 3.20 `sdr`), D8 or MFD.
//!
//! Steps as InVEST: working grid on the DEM lattice clipped to the
//! watersheds ([`prep`]), mask of pixels valid in every input and inside a
//! watershed, routing ([`routing`]: fill, slope, flow direction,
//! accumulation, streams traced at 0.7·threshold for MFD), then the
//! per-pixel kernels ([`kernel`]) and the deposition recursion
//! ([`deposition`]). Outputs keep InVEST's names and folders.

mod connect;
pub(crate) mod data;
pub mod deposition;
pub mod kernel;
pub mod npexp;
pub mod prep;
pub mod routing;
mod spec;

pub use data::check_data;
pub use spec::spec;

use std::collections::BTreeMap;

use ecocap_hydro::{Shape, STREAM_NODATA};
use ecocap_spec::Args;
use serde_json::json;

use crate::common::{need_number, need_path, require_valid};
use crate::error::Result;
use crate::io::layer::{check_codes, open_source, require_projected};
use crate::io::output::{pixel_area, suffixed, write_text};
use crate::io::spill::{spill, spill_f32};
use crate::quantities::{sdr_rows, write_for_account_year};
use crate::registry::{RunContext, RunReport};
use kernel::{F32_MAX, NODATA};
use prep::{Classes, Read};
use routing::Algorithm;

/// Masked input values as f32 (`f32::MIN` where masked), in the input's
/// own memory.
fn masked(r: Read, mask: &[bool]) -> Vec<f32> {
    let mut v = r.values;
    for (x, m) in v.iter_mut().zip(mask) {
        if !*m {
            *x = f32::MIN;
        }
    }
    v
}

/// A code → value lookup as a dense table when the codes are small
/// (the usual case), so reclassifying costs one index per pixel.
pub(crate) fn lookup(table: &BTreeMap<i64, f64>) -> impl Fn(i32) -> Option<f64> + '_ {
    let dense: Option<Vec<Option<f64>>> = match (table.keys().next(), table.keys().next_back()) {
        (Some(lo), Some(hi)) if *lo >= 0 && *hi < 65_536 => {
            let mut v = vec![None; *hi as usize + 1];
            for (k, x) in table {
                v[*k as usize] = Some(*x);
            }
            Some(v)
        }
        _ => None,
    };
    move |c: i32| match &dense {
        Some(v) => usize::try_from(c)
            .ok()
            .and_then(|i| v.get(i).copied().flatten()),
        None => table.get(&i64::from(c)).copied(),
    }
}

fn reclass(lulc: &Classes, mask: &[bool], table: &BTreeMap<i64, f64>) -> Vec<f32> {
    let get = lookup(table);
    lulc.codes
        .iter()
        .zip(mask)
        .map(|(c, m)| {
            if *m {
                get(*c).map_or(NODATA, |x| x as f32)
            } else {
                NODATA
            }
        })
        .collect()
}

/// Run SDR into `ctx.workspace`.
pub fn run(args: &Args, ctx: &RunContext<'_>) -> Result<RunReport> {
    let spec = spec();
    require_valid(&spec, args)?;
    ctx.ensure_workspace()?;
    let sfx = args.text("results_suffix").unwrap_or_default();
    let mut report = RunReport::default();
    let algorithm = Algorithm::parse(args.text("flow_dir_algorithm").as_deref())?;
    let threshold = need_number(args, "threshold_flow_accumulation")?;
    let k_param = need_number(args, "k_param")?;
    let sdr_max = need_number(args, "sdr_max")?;
    let ic0 = need_number(args, "ic_0_param")?;
    let l_max = need_number(args, "l_max")?;

    // inputs and the working grid
    let dem_path = need_path(args, "dem_path")?;
    let dem_src = open_source("dem_path", &dem_path)?;
    require_projected("dem_path", &dem_src)?;
    let mut ids = vec!["lulc_path", "erosivity_path", "erodibility_path"];
    if args.path("drainage_path").is_some() {
        ids.push("drainage_path");
    }
    let mut srcs = Vec::new();
    for id in &ids {
        let p = need_path(args, id)?;
        srcs.push(open_source(id, &p)?);
        report.inputs.push((id.to_string(), p));
    }
    report.inputs.push(("dem_path".into(), dem_path.clone()));
    let ws_path = need_path(args, "watersheds_path")?;
    report
        .inputs
        .push(("watersheds_path".into(), ws_path.clone()));
    let extent = prep::watershed_extent(&ws_path, &dem_src.grid.crs_wkt)?;
    let grid = prep::working_grid(&dem_src, &srcs.iter().collect::<Vec<_>>(), extent)?;
    let shape = Shape::new(grid.width, grid.height);
    let cell = grid.geo_transform[1].abs();

    let data::Bio {
        path: bio_path,
        usle_c,
        usle_p,
    } = data::read_bio(args)?;
    report
        .inputs
        .push(("biophysical_table_path".into(), bio_path.clone()));

    ctx.observer.step("reading inputs", 0);
    crate::common::trace_memory("start");
    let dem = Read::open(&spec, "dem_path", &dem_path, &grid)?;
    let lulc = Classes::open("lulc_path", &srcs[0].path, &grid)?;
    let r = Read::open(&spec, "erosivity_path", &srcs[1].path, &grid)?;
    let k = Read::open(&spec, "erodibility_path", &srcs[2].path, &grid)?;
    let drainage = match srcs.get(3) {
        Some(s) => Some(Read::open(&spec, "drainage_path", &s.path, &grid)?),
        None => None,
    };
    let mut ws = prep::watersheds(&ws_path, &grid, ctx.workspace)?;
    let mask: Vec<bool> = (0..shape.len())
        .map(|i| {
            ws.zone[i] > 0
                && dem.valid(i)
                && lulc.valid(i)
                && r.valid(i)
                && k.valid(i)
                && drainage.as_ref().is_none_or(|d| d.valid(i))
        })
        .collect();
    crate::common::trace_memory("inputs");
    // the zones wait on disk until the per-watershed totals
    let zones = spill(
        ctx.workspace,
        "watershed_zones",
        std::mem::take(&mut ws.zone),
    )?;
    let codes = prep::codes(&lulc, &mask);
    check_codes(
        "biophysical_table_path",
        &bio_path,
        &lulc.layer,
        &codes,
        usle_c.keys(),
    )?;

    // routing
    ctx.observer
        .step("routing (fill, directions, accumulation, streams)", 0);
    let dem_f = masked(dem, &mask);
    let trace = if algorithm == Algorithm::Mfd {
        0.7
    } else {
        1.0
    };
    let routed = routing::route(
        &dem_f,
        shape,
        (grid.geo_transform[1], grid.geo_transform[5]),
        algorithm,
        threshold,
        trace,
    )?;
    crate::common::trace_memory("routing");
    drop(dem_f);
    // RUSLE; outputs are written, and arrays dropped, as soon as done
    ctx.observer.step("erosion, connectivity and delivery", 0);
    let routing::Routed {
        slope,
        dirs,
        fa,
        graph,
        stream,
        ..
    } = routed;
    let channel: std::borrow::Cow<'_, [u8]> = match &drainage {
        Some(d) => std::borrow::Cow::Owned(
            stream
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    if *s == STREAM_NODATA || !mask[i] {
                        STREAM_NODATA
                    } else if d.values[i] == 1.0 {
                        1
                    } else {
                        *s
                    }
                })
                .collect(),
        ),
        None => std::borrow::Cow::Borrowed(&stream),
    };

    let ws_dir = ctx.workspace;
    let s = |rel: &str| suffixed(rel, &sfx);
    let im = |rel: &str| s(&format!("intermediate_outputs/{rel}"));
    let ha = pixel_area(&grid) / 10_000.0;
    let mut totals: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut outs = Vec::new();
    let mut bg = prep::Background::default();
    let ls = kernel::ls_factor(&slope, &fa, cell, l_max);
    let s_th = kernel::slope_threshold(&slope);
    drop(slope);
    let w_th: Vec<f32> = reclass(&lulc, &mask, &usle_c)
        .into_iter()
        .map(|v| if v == NODATA { F32_MAX } else { v.max(0.001) })
        .collect();
    let cp_table: BTreeMap<i64, f64> = usle_c
        .iter()
        .map(|(code, c)| (*code, c * usle_p.get(code).copied().unwrap_or(1.0)))
        .collect();
    let cp = reclass(&lulc, &mask, &cp_table);
    drop(lulc);
    let nd_min = Some(f64::from(f32::MIN));
    crate::common::trace_memory("ls, cp");
    let rkls = {
        let (r_f, k_f) = (masked(r, &mask), masked(k, &mask));
        kernel::rkls(&ls, &r_f, nd_min, &k_f, nd_min, &channel)
    };
    bg.f64(ws_dir, im("ls.tif"), &grid, ls, kernel::F64_MAX, F32_MAX);
    let usle = kernel::product(&rkls, NODATA, &cp, NODATA);
    drop(cp);
    let ae = kernel::avoided_erosion(&rkls, &usle);
    bg.f32(ws_dir, s("rkls.tif"), &grid, rkls, NODATA);
    // USLE and avoided erosion wait on disk through the connectivity peak
    let usle = spill_f32(ws_dir, "usle", usle)?;
    let ae = spill_f32(ws_dir, "avoided_erosion", ae)?;

    crate::common::trace_memory("rusle");
    // connectivity (Borselli et al. 2008)
    let terms = connect::Terms {
        dirs: &dirs,
        graph,
        w_th,
        s_th,
        fa,
        channel: &channel,
        shape,
        cell,
    };
    let write_fa = |fa: Vec<f64>| {
        bg.f64(
            ws_dir,
            im("flow_accumulation.tif"),
            &grid,
            fa,
            ecocap_hydro::FA_NODATA,
            ecocap_hydro::FA_NODATA as f32,
        )
    };
    // MFD's peak memory is far under InVEST's, D8's only just: MFD runs
    // the three connectivity walks at once, D8 one after the other
    let (d_up, d_dn) = match algorithm {
        Algorithm::Mfd => connect::together(terms, write_fa)?,
        Algorithm::D8 => connect::in_turn(terms, write_fa)?,
    };
    crate::common::trace_memory("d_dn");
    let ic = kernel::ic(&d_up, &d_dn);
    drop(d_up);
    let drains: Vec<u8> = (0..shape.len())
        .map(|i| {
            if !dirs.valid(i) {
                255
            } else {
                u8::from(d_dn[i] != ecocap_hydro::DIST_NODATA)
            }
        })
        .collect();
    drop(d_dn);
    bg.u8(ws_dir, im("what_drains_to_stream.tif"), &grid, drains, 255);
    let sdr = kernel::sdr(&ic, &channel, k_param, ic0, sdr_max);
    drop(ic);
    outs.push(prep::write_f32(
        ws_dir,
        &im("sdr_factor.tif"),
        &grid,
        &sdr,
        NODATA,
    )?);
    let usle = usle.load()?;
    ws.zone = zones.load()?;
    let sed_export = kernel::product(&usle, F32_MAX, &sdr, NODATA);
    totals.insert(
        "sed_export",
        prep::zone_totals(&ws, &sed_export, F32_MAX, ha),
    );
    bg.f32(ws_dir, s("sed_export.tif"), &grid, sed_export, F32_MAX);
    let e_prime = kernel::e_prime(&usle, &sdr, &channel);
    totals.insert("usle_tot", prep::zone_totals(&ws, &usle, F32_MAX, ha));
    bg.f32(ws_dir, s("usle.tif"), &grid, usle, F32_MAX);
    ctx.observer.step("sediment deposition", 0);
    crate::common::trace_memory("sdr");
    let (dep, _flux) = deposition::sediment_deposition(&dirs, shape, &e_prime, &sdr);
    drop(e_prime);
    crate::common::trace_memory("deposition");
    let ae = ae.load()?;
    let ax = kernel::avoided_export(&ae, &sdr, &dep);
    totals.insert("sed_dep", prep::zone_totals(&ws, &dep, NODATA, ha));
    totals.insert("avoid_exp", prep::zone_totals(&ws, &ax, F32_MAX, ha));
    totals.insert("avoid_eros", prep::zone_totals(&ws, &ae, F32_MAX, ha));
    ctx.observer.step("writing outputs", 0);
    bg.f32(ws_dir, s("sed_deposition.tif"), &grid, dep, NODATA);
    bg.f32(ws_dir, s("avoided_erosion.tif"), &grid, ae, F32_MAX);
    bg.f32(ws_dir, s("avoided_export.tif"), &grid, ax, F32_MAX);
    outs.push(prep::write_u8(
        ws_dir,
        &s("stream.tif"),
        &grid,
        &stream,
        STREAM_NODATA,
    )?);
    if drainage.is_some() {
        outs.push(prep::write_u8(
            ws_dir,
            &s("stream_and_drainage.tif"),
            &grid,
            &channel,
            STREAM_NODATA,
        )?);
    }
    crate::common::trace_memory("writes");
    outs.extend(bg.finish()?);
    report.outputs.extend(outs);
    let fields: Vec<(&str, Vec<f64>)> = [
        "usle_tot",
        "sed_export",
        "sed_dep",
        "avoid_exp",
        "avoid_eros",
    ]
    .iter()
    .map(|k| (*k, totals.remove(k).unwrap_or_default()))
    .collect();
    let csv = prep::results_csv(prep::WS_FIELD, &ws.ids, &fields);
    report
        .outputs
        .push(write_text(ws_dir, &s("watershed_results_sdr.csv"), &csv)?);
    let eros = fields
        .iter()
        .find(|(k, _)| *k == "avoid_eros")
        .map_or(&[][..], |(_, v)| v.as_slice());
    write_for_account_year(
        args,
        ws_dir,
        &mut report,
        "soil retention (avoided erosion) per watershed",
        |year| sdr_rows(year, &ws.ids, eros),
    )?;
    report.summary = json!({
        "grid": [grid.width, grid.height],
        "flow_dir_algorithm": if algorithm == Algorithm::D8 { "D8" } else { "MFD" },
        "stream_pixels": stream.iter().filter(|v| **v == 1).count(),
        "watersheds": ws.ids.iter().enumerate().map(|(i, id)| {
            let mut o = serde_json::Map::new();
            o.insert("ws_id".into(), json!(id));
            for (name, v) in &fields {
                o.insert(format!("{name}_t_per_yr"), json!(v[i]));
            }
            serde_json::Value::Object(o)
        }).collect::<Vec<_>>(),
    });
    Ok(report)
}
