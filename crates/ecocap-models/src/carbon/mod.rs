//! Carbon storage and sequestration (InVEST 3.20 `carbon`).
//!
//! Rules reproduced (natcap.invest 3.20 carbon.py; docs/MODELS.md):
//! each pool is the land-cover code reclassified to t C/ha (Float32,
//! nodata −1); storage is the sum of the four pools; the change is
//! alternate − baseline; NPV = change · K (nodata float32 max); summary
//! totals are Σ valid pixels · pixel area / 10 000 (t C or currency).

mod data;
mod kernel;
mod spec;

pub use data::check_data;
pub use kernel::{change, npv, storage, valuation_constant, PoolTable};
pub use spec::spec;

use std::collections::BTreeSet;

use ecocap_spec::Args;
use serde_json::json;

use crate::common::{need_number, need_path, require_valid};
use crate::error::{ModelError, Result};
use crate::io::layer::{check_codes, open_source, require_projected, strips, Layer};
use crate::io::lut::CodeLut;
use crate::io::output::{pixel_area, suffixed, write_all, write_text, OutRaster};
use crate::io::table::LookupTable;
use crate::quantities::{write_quantities, Quantity};
use crate::registry::{RunContext, RunReport};

const POOLS: [&str; 4] = ["c_above", "c_below", "c_soil", "c_dead"];

/// Read the pools table: code → [above, below, soil, dead] in t C/ha.
pub(crate) fn read_pools(args: &Args) -> Result<(std::path::PathBuf, PoolTable)> {
    let path = need_path(args, "carbon_pools_path")?;
    let t = LookupTable::read("carbon_pools_path", &path, "lucode")?;
    let cols: Vec<_> = POOLS
        .iter()
        .map(|c| {
            t.numbers_in(
                c,
                0.0,
                f64::INFINITY,
                "carbon densities are stocks in t C/ha (≥ 0); check that no columns are swapped",
            )
        })
        .collect::<Result<_>>()?;
    let pools = t
        .rows
        .keys()
        .map(|k| (*k, [cols[0][k], cols[1][k], cols[2][k], cols[3][k]]))
        .collect();
    Ok((path, pools))
}

/// The alternate map must have the baseline's pixel size and raster size
/// (as in InVEST).
pub(crate) fn same_size(
    src: &ecocap_raster::RasterSource,
    grid: &ecocap_raster::Grid,
) -> Result<()> {
    let (a, b) = (src.grid.geo_transform, grid.geo_transform);
    if src.grid.width != grid.width
        || src.grid.height != grid.height
        || a[1] != b[1]
        || a[5] != b[5]
    {
        return Err(ModelError::input(
            format!("lulc_alt_path ({})", src.path.display()),
            format!(
                "the alternate map is {}×{} pixels of {}×{}, the baseline {}×{} pixels of {}×{}",
                src.grid.width, src.grid.height, a[1], a[5].abs(), grid.width, grid.height, b[1], b[5].abs()
            ),
            "both maps must have the same pixel size and raster size (as in InVEST); resample one onto the other's grid",
        ));
    }
    Ok(())
}

/// Run the carbon model into `ctx.workspace`.
pub fn run(args: &Args, ctx: &RunContext<'_>) -> Result<RunReport> {
    let spec = spec();
    require_valid(&spec, args)?;
    ctx.ensure_workspace()?;
    let sfx = args.text("results_suffix").unwrap_or_default();
    let mut report = RunReport::default();
    let bas_path = need_path(args, "lulc_bas_path")?;
    let bas_src = open_source("lulc_bas_path", &bas_path)?;
    require_projected("lulc_bas_path", &bas_src)?;
    let grid = bas_src.grid.clone();
    let bas = Layer::from_source("lulc_bas_path", bas_src, &grid)?;
    report
        .inputs
        .push(("lulc_bas_path".into(), bas_path.clone()));
    let do_alt = args.flag("calc_sequestration")
        || args.flag("do_valuation")
        || args.is_given("lulc_alt_path");
    let alt = if do_alt {
        let p = need_path(args, "lulc_alt_path")?;
        let src = open_source("lulc_alt_path", &p)?;
        same_size(&src, &grid)?;
        report.inputs.push(("lulc_alt_path".into(), p.clone()));
        Some(Layer::from_source("lulc_alt_path", src.clone(), &src.grid)?)
    } else {
        None
    };
    let (pools_path, pools) = read_pools(args)?;
    report
        .inputs
        .push(("carbon_pools_path".into(), pools_path.clone()));
    for l in std::iter::once(&bas).chain(alt.as_ref()) {
        if l.nodata().is_none() {
            report.notes.push(format!(
                "{} declares no nodata value; every pixel is treated as a land-cover code (as InVEST does)",
                l.source.path.display()
            ));
        }
    }
    let k = if args.flag("do_valuation") {
        Some(valuation_constant(
            need_number(args, "lulc_bas_year")?,
            need_number(args, "lulc_alt_year")?,
            need_number(args, "price_per_metric_ton_of_c")?,
            need_number(args, "discount_rate")?,
            need_number(args, "rate_change")?,
        ))
    } else {
        None
    };
    let ws = ctx.workspace;
    let lut = CodeLut::new(
        &pools
            .iter()
            .map(|(k, v)| (*k, v.map(|x| x as f32)))
            .collect(),
    );
    let inter = args.flag("intermediate_outputs");
    // Outputs in a fixed order; `bufs` below follows the same order.
    let mut names: Vec<(String, f64)> = vec![("c_storage_bas.tif".into(), -1.0)];
    if alt.is_some() {
        names.push(("c_storage_alt.tif".into(), -1.0));
        names.push(("c_change_bas_alt.tif".into(), -1.0));
    }
    if k.is_some() {
        names.push(("npv_alt.tif".into(), f32::MAX as f64));
    }
    if inter {
        for scen in std::iter::once("bas").chain(alt.as_ref().map(|_| "alt")) {
            for p in POOLS {
                names.push((format!("intermediate_outputs/{p}_{scen}.tif"), -1.0));
            }
        }
    }
    let mut outs: Vec<OutRaster> = names
        .iter()
        .map(|(n, nd)| OutRaster::create(ws, &suffixed(n, &sfx), &grid, *nd))
        .collect::<Result<_>>()?;
    let windows = strips(&grid);
    ctx.observer.step("carbon", windows.len() as u64);
    let mut sums = [0.0f64; 4];
    let (mut pb, mut pa): ([Vec<f32>; 4], [Vec<f32>; 4]) = Default::default();
    let (mut tb, mut ta) = (Vec::new(), Vec::new());
    let add = |s: &mut f64, v: &[f32], nd: f32| {
        *s += v
            .iter()
            .filter(|x| **x != nd)
            .map(|x| *x as f64)
            .sum::<f64>()
    };
    // land-cover codes are collected during the pass (one read of each map)
    // and checked against the table after it; on a missing code the run
    // fails and the unfinished outputs are deleted
    let mut seen = [BTreeSet::new(), BTreeSet::new()];
    for w in &windows {
        let codes = bas.read_codes(w)?;
        collect_codes(&codes, &mut seen[0]);
        storage(&codes, &lut, inter.then_some(&mut pb), &mut tb);
        add(&mut sums[0], &tb, kernel::NODATA);
        let mut bufs = vec![std::mem::take(&mut tb)];
        if let Some(alt) = &alt {
            let codes = alt.read_codes(w)?;
            collect_codes(&codes, &mut seen[1]);
            storage(&codes, &lut, inter.then_some(&mut pa), &mut ta);
            let ch = change(&bufs[0], &ta);
            add(&mut sums[1], &ta, kernel::NODATA);
            add(&mut sums[2], &ch, kernel::NODATA);
            let v = k.map(|k| npv(&ch, k));
            bufs.push(std::mem::take(&mut ta));
            bufs.push(ch);
            if let Some(v) = v {
                add(&mut sums[3], &v, f32::MAX);
                bufs.push(v);
            }
        }
        if inter {
            bufs.extend(pb.iter().cloned());
            if alt.is_some() {
                bufs.extend(pa.iter().cloned());
            }
        }
        write_all(&mut outs, w, &bufs)?;
        tb = std::mem::take(&mut bufs[0]);
        if alt.is_some() {
            ta = std::mem::take(&mut bufs[1]);
        }
        ctx.observer.advance(1);
    }
    for (l, codes) in std::iter::once(&bas).chain(alt.as_ref()).zip(&seen) {
        check_codes("carbon_pools_path", &pools_path, l, codes, pools.keys())?;
    }
    let ha = pixel_area(&grid) / 10_000.0;
    let totals: Vec<f64> = sums.iter().map(|s| s * ha).collect();
    for o in outs {
        report.outputs.push(o.finish()?);
    }
    let mut csv = String::from("Raster,Total,Units,Filename\n");
    let mut line = |label: &str, total: f64, unit: &str, file: &str| {
        csv.push_str(&format!(
            "{label},{total},{unit},{}\n",
            suffixed(file, &sfx)
        ));
    };
    line(
        "Baseline Carbon Storage",
        totals[0],
        "metric_ton",
        "c_storage_bas.tif",
    );
    if alt.is_some() {
        line(
            "Alternate Carbon Storage",
            totals[1],
            "metric_ton",
            "c_storage_alt.tif",
        );
        line(
            "Change in Carbon Storage",
            totals[2],
            "metric_ton",
            "c_change_bas_alt.tif",
        );
    }
    if k.is_some() {
        line(
            "Net Present Value of Carbon Change",
            totals[3],
            "currency",
            "npv_alt.tif",
        );
    }
    report.outputs.push(write_text(
        ws,
        &suffixed("raster_values_summary.csv", &sfx),
        &csv,
    )?);
    report.summary = json!({
        "baseline_storage_t": totals[0],
        "alternate_storage_t": alt.as_ref().map(|_| totals[1]),
        "change_t": alt.as_ref().map(|_| totals[2]),
        "npv_currency": k.map(|_| totals[3]),
        "valuation_constant": k,
    });
    if alt.is_some() {
        gep_rows(args, ws, totals[2], &mut report)?;
    }
    Ok(report)
}

/// Add the codes of a window to `set` (land cover comes in runs: the set
/// is touched once per run).
fn collect_codes(codes: &[Option<i64>], set: &mut BTreeSet<i64>) {
    let mut last = None;
    for c in codes.iter().flatten() {
        if last != Some(*c) {
            set.insert(*c);
            last = Some(*c);
        }
    }
}

/// Annual carbon sequestration for the GEP engine (see crate::quantities).
fn gep_rows(
    args: &Args,
    ws: &std::path::Path,
    change_t: f64,
    report: &mut RunReport,
) -> Result<()> {
    let year = args
        .number("account_year")
        .ok()
        .flatten()
        .or(args.number("lulc_alt_year").ok().flatten());
    let span = match (args.number("lulc_bas_year"), args.number("lulc_alt_year")) {
        (Ok(Some(a)), Ok(Some(b))) if b > a => Some(b - a),
        _ => None,
    };
    let (Some(year), Some(span)) = (year, span) else {
        report.notes.push("gep_quantities.csv not written: give lulc_bas_year and lulc_alt_year (and optionally account_year) to express the change per year".into());
        return Ok(());
    };
    let per_year = change_t / span;
    if per_year < 0.0 {
        report.notes.push(format!(
            "net carbon loss of {:.3} t C/yr between the maps: not a GEP flow, so gep_quantities.csv is not written",
            -per_year
        ));
    }
    if per_year >= 0.0 {
        let row = Quantity {
            zone: "study_area".into(),
            year: year as i64,
            indicator: "carbon_sequestration",
            quantity: per_year,
            unit: "t C",
        };
        report.outputs.push(write_quantities(ws, &[row])?);
    }
    Ok(())
}
