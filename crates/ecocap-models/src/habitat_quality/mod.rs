//! Habitat quality (InVEST 3.20 `habitat_quality`).
//!
//! Rules reproduced (natcap.invest 3.20; docs/MODELS.md): each threat's
//! distance is the exact Euclidean distance transform in pixels to the
//! nearest threat pixel that is non-zero and not nodata (the threat value
//! is not used beyond that); the reach in pixels is `max_dist / |pixel
//! width|`; degradation `D = Σ_r i_r · S_{lulc,r} · w_r/Σw · access`;
//! quality `Q = H·(1 − D^2.5/(D^2.5 + k^2.5))`; outputs use float32 max as
//! nodata (InVEST's raster_map default) where the land cover is nodata.

mod kernel;
mod spec;
mod threats;

pub use kernel::{decay, distance_transform, distance_transform_into, quality, rarity, Decay};
pub use spec::spec;

use std::collections::BTreeMap;

use ecocap_raster::{Grid, Window, Zones};
use ecocap_spec::Args;
use serde_json::json;

use crate::common::{need_number, need_path, require_valid};
use crate::error::{ModelError, Result};
use crate::io::layer::{check_codes, open_source, require_projected, strips, Layer};
use crate::io::lut::CodeLut;
use crate::io::output::{pixel_area, suffixed, write_text, OutRaster, F32_MAX_NODATA};
use crate::registry::{RunContext, RunReport};
use rayon::prelude::*;
use threats::{read_sensitivity, read_threats, Sensitivity, Threat};

const SCENARIOS: [(&str, &str, &str); 3] = [
    ("c", "lulc_cur_path", "cur_path"),
    ("f", "lulc_fut_path", "fut_path"),
    ("b", "lulc_bas_path", "base_path"),
];

fn whole(grid: &Grid) -> Window {
    Window {
        col: 0,
        row: 0,
        width: grid.width,
        height: grid.height,
    }
}

/// Access per cell (1 where no polygon covers the cell centre).
fn access(args: &Args, grid: &Grid, ctx: &RunContext<'_>) -> Result<Option<Vec<f64>>> {
    let Some(p) = args.path("access_vector_path") else {
        return Ok(None);
    };
    let zones = Zones::rasterize(&p, "access", grid, ctx.workspace)
        .map_err(ModelError::raster("access_vector_path"))?;
    let values: Vec<f64> = zones
        .ids
        .iter()
        .map(|id| match id.parse::<f64>() {
            Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
            _ => Err(ModelError::input(
                format!("access_vector_path ({})", p.display()),
                format!("access value \"{id}\" is not a number in [0, 1]"),
                "give every polygon an access value between 0 (no access) and 1 (full access)",
            )),
        })
        .collect::<Result<_>>()?;
    let layer = Layer::from_source("access_vector_path", zones.raster.clone(), grid)?;
    let idx = layer.read_codes(&whole(grid))?;
    Ok(Some(
        idx.iter()
            .map(|z| match z {
                Some(k) if *k > 0 => values[*k as usize - 1],
                _ => 1.0,
            })
            .collect(),
    ))
}

/// Distance (pixels) to the nearest threat pixel of `threat` for scenario `s`.
fn threat_distance(
    t: &Threat,
    s: usize,
    grid: &Grid,
    report: &mut RunReport,
    scratch: &mut Vec<f64>,
    out: &mut Vec<f32>,
) -> Result<()> {
    let Some(path) = &t.paths[s] else {
        return Err(ModelError::input(
            "threats_table_path",
            format!("threat '{}' has no {} raster", t.name, SCENARIOS[s].2),
            format!(
                "give a raster path in the {} column for every threat",
                SCENARIOS[s].2
            ),
        ));
    };
    let input = format!(
        "threats_table_path (threat '{}', {})",
        t.name, SCENARIOS[s].2
    );
    let src = open_source(&input, path)?;
    let layer = Layer::from_source(&input, src, grid)?;
    // Read in strips: the threat's values are only needed as a mask.
    let mut feature = Vec::with_capacity(grid.width * grid.height);
    for w in strips(grid) {
        let v = layer.read(&w)?;
        if let Some(bad) = v
            .iter()
            .find(|x| !layer.is_nodata(**x) && !(0.0..=1.0).contains(*x))
        {
            return Err(ModelError::input(
                input,
                format!("{}: threat value {bad} is outside [0, 1]", path.display()),
                "threat rasters hold 1 (or a value in (0, 1]) where the threat is and 0 elsewhere; declare the nodata value if it is a nodata marker",
            ));
        }
        feature.extend(v.iter().map(|x| !layer.is_nodata(*x) && *x != 0.0));
    }
    if !feature.iter().any(|f| *f) {
        report.notes.push(format!(
            "threat '{}' ({}) has no non-zero pixel: it degrades nothing",
            t.name,
            path.display()
        ));
    }
    report.inputs.push((input, path.clone()));
    distance_transform_into(&feature, grid.width, grid.height, scratch, out);
    Ok(())
}

/// Degradation and quality of one scenario; returns the valid codes.
#[allow(clippy::too_many_arguments)]
fn scenario(
    s: usize,
    lulc: &Layer,
    grid: &Grid,
    threats: &[Threat],
    sens: &Sensitivity,
    access: Option<&[f64]>,
    k: f64,
    sfx: &str,
    ctx: &RunContext<'_>,
    report: &mut RunReport,
    keep_codes: bool,
) -> Result<Option<Vec<Option<i64>>>> {
    const NONE: u16 = u16::MAX;
    let (tag, id, _) = SCENARIOS[s];
    // Land cover held as a 2-byte index into the sensitivity table's codes
    // (NONE: nodata or a code the check below reports).
    let keys: Vec<i64> = sens.habitat.keys().copied().collect();
    if keys.len() >= NONE as usize {
        return Err(ModelError::input(
            "sensitivity_table_path",
            format!("{} land-cover codes in the table", keys.len()),
            "habitat quality takes at most 65534 classes",
        ));
    }
    let index = CodeLut::new(
        &keys
            .iter()
            .enumerate()
            .map(|(i, c)| (*c, i as u16))
            .collect(),
    );
    let mut cls: Vec<u16> = Vec::with_capacity(grid.width * grid.height);
    let mut unique = std::collections::BTreeSet::new();
    let mut last = None;
    for w in strips(grid) {
        for c in lulc.read_codes(&w)? {
            match c {
                Some(c) => {
                    // land cover comes in runs: skip the set lookup within a run
                    if last != Some(c) {
                        unique.insert(c);
                        last = Some(c);
                    }
                    cls.push(index.get(c).unwrap_or(NONE));
                }
                None => cls.push(NONE),
            }
        }
    }
    check_codes(
        "sensitivity_table_path",
        &need_path_of(lulc),
        lulc,
        &unique,
        sens.habitat.keys(),
    )?;
    let by_class = |m: &BTreeMap<i64, f64>| -> Vec<f64> {
        keys.iter()
            .map(|c| m.get(c).copied().unwrap_or(0.0))
            .collect()
    };
    let w_sum: f64 = threats.iter().map(|t| t.weight).sum();
    let px = grid.geo_transform[1].abs();
    let mut deg = vec![0.0f64; cls.len()];
    let (mut scratch, mut dist) = (Vec::new(), Vec::new());
    ctx.observer
        .step(&format!("habitat quality ({id})"), threats.len() as u64);
    for (r, t) in threats.iter().enumerate() {
        threat_distance(t, s, grid, report, &mut scratch, &mut dist)?;
        let max_px = t.max_dist / px;
        let w = if w_sum > 0.0 { t.weight / w_sum } else { 0.0 };
        let sens_r = by_class(&sens.by_threat[r]);
        deg.par_iter_mut()
            .zip(cls.par_iter())
            .enumerate()
            .for_each(|(i, (d, c))| {
                if *c != NONE {
                    let a = access.map(|a| a[i]).unwrap_or(1.0);
                    let sr = sens_r[*c as usize];
                    if sr != 0.0 && a != 0.0 {
                        *d += decay(t.decay, dist[i] as f64, max_px) * sr * w * a;
                    }
                }
            });
        ctx.observer.advance(1);
    }
    let habitat = by_class(&sens.habitat);
    let (d_out, q_out): (Vec<f32>, Vec<f32>) = cls
        .par_iter()
        .zip(deg.par_iter())
        .map(|(c, d)| {
            if *c == NONE {
                (f32::MAX, f32::MAX)
            } else {
                (*d as f32, quality(habitat[*c as usize], *d, k) as f32)
            }
        })
        .unzip();
    drop(deg);
    for (name, data) in [
        (format!("deg_sum_{tag}.tif"), d_out),
        (format!("quality_{tag}.tif"), q_out),
    ] {
        let mut o = OutRaster::create(ctx.workspace, &suffixed(&name, sfx), grid, F32_MAX_NODATA)?;
        o.write(&whole(grid), &data)?;
        report.outputs.push(o.finish()?);
    }
    Ok(keep_codes.then(|| {
        cls.iter()
            .map(|c| (*c != NONE).then(|| keys[*c as usize]))
            .collect()
    }))
}

fn need_path_of(l: &Layer) -> std::path::PathBuf {
    l.source.path.clone()
}

/// Rarity of `codes` against the baseline codes (same grid).
fn write_rarity(
    tag: &str,
    codes: &[Option<i64>],
    base: &[Option<i64>],
    grid: &Grid,
    sfx: &str,
    ctx: &RunContext<'_>,
    report: &mut RunReport,
) -> Result<()> {
    let a = pixel_area(grid);
    let (mut nx, mut nb) = (BTreeMap::<i64, f64>::new(), BTreeMap::<i64, f64>::new());
    for (c, b) in codes.iter().zip(base) {
        if let Some(b) = b {
            *nb.entry(*b).or_default() += 1.0;
            if let Some(c) = c {
                *nx.entry(*c).or_default() += 1.0;
            }
        }
    }
    let r: BTreeMap<i64, f64> = nx
        .iter()
        .map(|(c, n)| (*c, rarity(*n, a, nb.get(c).copied().unwrap_or(0.0), a)))
        .collect();
    let data: Vec<f32> = codes
        .iter()
        .zip(base)
        .map(|(c, b)| match (c, b) {
            (Some(c), Some(_)) => r[c] as f32,
            _ => f32::MIN,
        })
        .collect();
    let mut o = OutRaster::create(
        ctx.workspace,
        &suffixed(&format!("rarity_{tag}.tif"), sfx),
        grid,
        f32::MIN as f64,
    )?;
    o.write(&whole(grid), &data)?;
    report.outputs.push(o.finish()?);
    let mut csv = String::from("lucode,rarity_value\n");
    for (c, v) in &r {
        csv.push_str(&format!("{c},{v}\n"));
    }
    report.outputs.push(write_text(
        ctx.workspace,
        &suffixed(&format!("rarity_{tag}.csv"), sfx),
        &csv,
    )?);
    Ok(())
}

/// Run habitat quality into `ctx.workspace`.
pub fn run(args: &Args, ctx: &RunContext<'_>) -> Result<RunReport> {
    let spec = spec();
    require_valid(&spec, args)?;
    ctx.ensure_workspace()?;
    let sfx = args.text("results_suffix").unwrap_or_default();
    let mut report = RunReport::default();
    let k = need_number(args, "half_saturation_constant")?;
    let cur_path = need_path(args, "lulc_cur_path")?;
    let cur_src = open_source("lulc_cur_path", &cur_path)?;
    require_projected("lulc_cur_path", &cur_src)?;
    let grid = cur_src.grid.clone();
    let tpath = need_path(args, "threats_table_path")?;
    let threats = read_threats(&tpath)?;
    let spath = need_path(args, "sensitivity_table_path")?;
    let sens = read_sensitivity(&spath, &threats)?;
    for (role, p) in [
        ("lulc_cur_path", &cur_path),
        ("threats_table_path", &tpath),
        ("sensitivity_table_path", &spath),
    ] {
        report.inputs.push((role.into(), p.clone()));
    }
    let acc = access(args, &grid, ctx)?;
    let mut all_codes: Vec<Option<Vec<Option<i64>>>> = vec![None, None, None];
    for s in 0..3 {
        let (tag, id, col) = SCENARIOS[s];
        let Some(p) = args.path(id) else { continue };
        if s == 2 && threats.iter().any(|t| t.paths[2].is_none()) {
            report.notes.push(format!("baseline degradation and quality skipped: not every threat has a {col} raster (as InVEST)"));
            let lulc = Layer::open(id, &p, &grid)?;
            all_codes[s] = Some(lulc.read_codes(&whole(&grid))?);
            continue;
        }
        let lulc = Layer::open(id, &p, &grid)?;
        if s > 0 {
            report.inputs.push((id.into(), p.clone()));
        }
        let codes = scenario(
            s,
            &lulc,
            &grid,
            &threats,
            &sens,
            acc.as_deref(),
            k,
            &sfx,
            ctx,
            &mut report,
            args.is_given("lulc_bas_path"),
        )?;
        let _ = tag;
        all_codes[s] = codes;
    }
    if let Some(base) = &all_codes[2] {
        for (s, tag) in [(0, "c"), (1, "f")] {
            if let Some(codes) = &all_codes[s] {
                write_rarity(tag, codes, base, &grid, &sfx, ctx, &mut report)?;
            }
        }
    }
    report.summary = json!({
        "threats": threats.iter().map(|t| &t.name).collect::<Vec<_>>(),
        "half_saturation_constant": k,
    });
    Ok(report)
}
