//! Carbon storage and sequestration (InVEST 3.20 `carbon`).
//!
//! Rules reproduced (natcap.invest 3.20 carbon.py; docs/MODELS.md):
//! each pool is the land-cover code reclassified to t C/ha (Float32,
//! nodata −1); storage is the sum of the four pools; the change is
//! alternate − baseline; NPV = change · K (nodata float32 max); summary
//! totals are Σ valid pixels · pixel area / 10 000 (t C or currency).

mod kernel;
mod spec;

pub use kernel::{change, npv, storage, valuation_constant, PoolTable};
pub use spec::spec;

use ecocap_spec::Args;
use serde_json::json;

use crate::common::{need_number, need_path, require_valid};
use crate::error::{ModelError, Result};
use crate::io::layer::{check_codes, open_source, require_projected, strips, Layer};
use crate::io::output::{pixel_area, suffixed, write_text, OutRaster};
use crate::io::table::LookupTable;
use crate::quantities::{write_quantities, Quantity};
use crate::registry::{RunContext, RunReport};

const POOLS: [&str; 4] = ["c_above", "c_below", "c_soil", "c_dead"];

/// Read the pools table: code → [above, below, soil, dead] in t C/ha.
fn read_pools(args: &Args) -> Result<(std::path::PathBuf, PoolTable)> {
    let path = need_path(args, "carbon_pools_path")?;
    let t = LookupTable::read("carbon_pools_path", &path, "lucode")?;
    let cols: Vec<_> = POOLS
        .iter()
        .map(|c| t.numbers(c, "carbon densities are numbers in t C/ha"))
        .collect::<Result<_>>()?;
    let pools = t
        .rows
        .keys()
        .map(|k| (*k, [cols[0][k], cols[1][k], cols[2][k], cols[3][k]]))
        .collect();
    Ok((path, pools))
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
        let (a, b) = (src.grid.geo_transform, grid.geo_transform);
        if src.grid.width != grid.width
            || src.grid.height != grid.height
            || a[1] != b[1]
            || a[5] != b[5]
        {
            return Err(ModelError::input(
                format!("lulc_alt_path ({})", p.display()),
                format!(
                    "the alternate map is {}×{} pixels of {}×{}, the baseline {}×{} pixels of {}×{}",
                    src.grid.width, src.grid.height, a[1], a[5].abs(), grid.width, grid.height, b[1], b[5].abs()
                ),
                "both maps must have the same pixel size and raster size (as in InVEST); resample one onto the other's grid",
            ));
        }
        report.inputs.push(("lulc_alt_path".into(), p.clone()));
        Some(Layer::from_source("lulc_alt_path", src.clone(), &src.grid)?)
    } else {
        None
    };
    let (pools_path, pools) = read_pools(args)?;
    report
        .inputs
        .push(("carbon_pools_path".into(), pools_path.clone()));
    ctx.observer.step("checking land-cover codes", 0);
    for l in std::iter::once(&bas).chain(alt.as_ref()) {
        let codes = l.unique_codes(&grid)?;
        check_codes("carbon_pools_path", &pools_path, l, &codes, pools.keys())?;
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
    let mk = |rel: &str, nd: f64| OutRaster::create(ws, &suffixed(rel, &sfx), &grid, nd);
    let mut bas_out = mk("c_storage_bas.tif", -1.0)?;
    let mut bas_pools: Vec<OutRaster> = POOLS
        .iter()
        .map(|p| mk(&format!("intermediate_outputs/{p}_bas.tif"), -1.0))
        .collect::<Result<_>>()?;
    let mut alt_outs = match alt {
        Some(_) => Some((
            mk("c_storage_alt.tif", -1.0)?,
            mk("c_change_bas_alt.tif", -1.0)?,
            POOLS
                .iter()
                .map(|p| mk(&format!("intermediate_outputs/{p}_alt.tif"), -1.0))
                .collect::<Result<Vec<_>>>()?,
        )),
        None => None,
    };
    let mut npv_out = match k {
        Some(_) => Some(mk("npv_alt.tif", f32::MAX as f64)?),
        None => None,
    };
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
    for w in &windows {
        storage(&bas.read_codes(w)?, &pools, &mut pb, &mut tb);
        bas_out.write(w, &tb)?;
        for (o, p) in bas_pools.iter_mut().zip(&pb) {
            o.write(w, p)?;
        }
        add(&mut sums[0], &tb, kernel::NODATA);
        if let (Some(alt), Some((alt_out, ch_out, alt_pools))) = (&alt, &mut alt_outs) {
            storage(&alt.read_codes(w)?, &pools, &mut pa, &mut ta);
            alt_out.write(w, &ta)?;
            for (o, p) in alt_pools.iter_mut().zip(&pa) {
                o.write(w, p)?;
            }
            let ch = change(&tb, &ta);
            ch_out.write(w, &ch)?;
            add(&mut sums[1], &ta, kernel::NODATA);
            add(&mut sums[2], &ch, kernel::NODATA);
            if let (Some(k), Some(o)) = (k, &mut npv_out) {
                let v = npv(&ch, k);
                o.write(w, &v)?;
                add(&mut sums[3], &v, f32::MAX);
            }
        }
        ctx.observer.advance(1);
    }
    let ha = pixel_area(&grid) / 10_000.0;
    let totals: Vec<f64> = sums.iter().map(|s| s * ha).collect();
    report.outputs.push(bas_out.finish()?);
    for o in bas_pools {
        report.outputs.push(o.finish()?);
    }
    let mut csv = String::from("Raster,Total,Units,Filename\n");
    csv.push_str(&format!(
        "Baseline Carbon Storage,{},metric_ton,{}\n",
        totals[0],
        suffixed("c_storage_bas.tif", &sfx)
    ));
    if let Some((a, c, ps)) = alt_outs {
        report.outputs.push(a.finish()?);
        report.outputs.push(c.finish()?);
        for o in ps {
            report.outputs.push(o.finish()?);
        }
        csv.push_str(&format!(
            "Alternate Carbon Storage,{},metric_ton,{}\n",
            totals[1],
            suffixed("c_storage_alt.tif", &sfx)
        ));
        csv.push_str(&format!(
            "Change in Carbon Storage,{},metric_ton,{}\n",
            totals[2],
            suffixed("c_change_bas_alt.tif", &sfx)
        ));
    }
    if let Some(o) = npv_out {
        report.outputs.push(o.finish()?);
        csv.push_str(&format!(
            "Net Present Value of Carbon Change,{},currency,{}\n",
            totals[3],
            suffixed("npv_alt.tif", &sfx)
        ));
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
            "net carbon loss of {:.3} t C/yr between the maps: not a GEP flow, so gep_quantities.csv has no carbon_sequestration row",
            -per_year
        ));
    }
    let rows: Vec<Quantity> = (per_year >= 0.0)
        .then(|| Quantity {
            zone: "study_area".into(),
            year: year as i64,
            indicator: "carbon_sequestration",
            quantity: per_year,
            unit: "t C",
        })
        .into_iter()
        .collect();
    report.outputs.push(write_quantities(ws, &rows)?);
    Ok(())
}
