//! Habitat quality (InVEST 3.20 `habitat_quality`).
//!
//! Rules reproduced (natcap.invest 3.20; docs/MODELS.md): each threat's
//! distance is the exact Euclidean distance transform in pixels to the
//! nearest threat pixel that is non-zero and not nodata (the threat value
//! is not used beyond that); the reach in pixels is `max_dist / |pixel
//! width|`; degradation `D = Σ_r i_r · S_{lulc,r} · w_r/Σw · access`;
//! quality `Q = H·(1 − D^2.5/(D^2.5 + k^2.5))`; outputs use float32 max as
//! nodata (InVEST's raster_map default) where the land cover is nodata.

mod access;
mod data;
mod degrade;
mod edt;
mod kernel;
mod rarity;
mod scenario;
mod spec;
mod threats;

pub use data::check_data;
pub use edt::distance_transform;
pub use kernel::{decay, quality, rarity, Decay};
pub use spec::spec;

use std::path::Path;

use ecocap_raster::Grid;
use ecocap_spec::Args;
use rayon::prelude::*;
use serde_json::json;

use crate::common::{need_number, need_path, require_valid};
use crate::error::Result;
use crate::io::layer::{check_codes, open_source, require_projected, Layer};
use crate::registry::{RunContext, RunReport};
use access::Access;
use degrade::{column_limit, Scenario, Term};
use scenario::{threat_columns, Classes, ThreatRead};
use threats::{read_sensitivity, read_threats, Sensitivity, Threat};

const SCENARIOS: [(&str, &str, &str); 3] = [
    ("c", "lulc_cur_path", "cur_path"),
    ("f", "lulc_fut_path", "fut_path"),
    ("b", "lulc_bas_path", "base_path"),
];

/// The inputs every scenario shares.
struct Shared<'a> {
    grid: &'a Grid,
    threats: &'a [Threat],
    sens: &'a Sensitivity,
    /// the sensitivity table's file (named when a code lacks a row)
    spath: &'a Path,
    classes: &'a Classes,
    access: Option<&'a Access>,
    k: f64,
    sfx: &'a str,
}

/// The rasters of scenario `s` as read: its classes and each threat's
/// column pass.
type Read = (Result<Vec<u16>>, Vec<Result<ThreatRead>>);

/// Read the land cover `path` of scenario `s` and its threat rasters, all
/// at the same time.
fn read_scenario(s: usize, path: &Path, sh: &Shared<'_>) -> Read {
    let (id, grid) = (SCENARIOS[s].1, sh.grid);
    let px = grid.geo_transform[1].abs();
    rayon::join(
        || {
            let lulc = Layer::open(id, path, grid)?;
            let (cls, unique) = sh.classes.read(&lulc, grid)?;
            let keys = sh.sens.habitat.keys();
            check_codes("sensitivity_table_path", sh.spath, &lulc, &unique, keys)?;
            Ok(cls)
        },
        || {
            sh.threats
                .par_iter()
                .map(|t| threat_columns(t, s, grid, column_limit(t.max_dist / px)))
                .collect()
        },
    )
}

/// Degradation and quality of scenario `s` from its rasters; returns its
/// classes.
fn scenario(
    s: usize,
    (cls, reads): Read,
    sh: &Shared<'_>,
    ctx: &RunContext<'_>,
    report: &mut RunReport,
) -> Result<Vec<u16>> {
    let (tag, id, _) = SCENARIOS[s];
    let grid = sh.grid;
    let px = grid.geo_transform[1].abs();
    ctx.observer
        .step(&format!("habitat quality ({id})"), sh.threats.len() as u64);
    let cls = cls?;
    let w_sum: f64 = sh.threats.iter().map(|t| t.weight).sum();
    let mut terms = Vec::new();
    for (r, (t, read)) in sh.threats.iter().zip(reads).enumerate() {
        let read = read?;
        report.inputs.push(read.input);
        report.notes.extend(read.note);
        // a threat without any pixel adds nothing (decay at ∞ is 0)
        if let Some(columns) = read.columns {
            let w = if w_sum > 0.0 { t.weight / w_sum } else { 0.0 };
            let sens = sh.classes.by_class(&sh.sens.by_threat[r]);
            terms.push(Term::new(columns, t.decay, t.max_dist / px, sens, w));
        }
        ctx.observer.advance(1);
    }
    let habitat = sh.classes.by_class(&sh.sens.habitat);
    let sc = Scenario {
        grid,
        cls: &cls,
        terms: &terms,
        access: sh.access,
        habitat: &habitat,
        k: sh.k,
    };
    sc.write(tag, sh.sfx, ctx, report)?;
    Ok(cls)
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
    let classes = Classes::new(&sens)?;
    let sh = Shared {
        grid: &grid,
        threats: &threats,
        sens: &sens,
        spath: &spath,
        classes: &classes,
        access: None,
        k,
        sfx: &sfx,
    };
    // the access polygons are rasterized while the current map is read
    let (acc, cur) = rayon::join(
        || Access::read(args, &grid, ctx),
        || read_scenario(0, &cur_path, &sh),
    );
    let acc = acc?;
    let sh = Shared {
        access: acc.as_ref(),
        ..sh
    };
    let keep = args.is_given("lulc_bas_path");
    let mut all: [Option<Vec<u16>>; 3] = [None, None, None];
    let mut cur = Some(cur);
    for (s, (_, id, col)) in SCENARIOS.iter().enumerate() {
        let Some(p) = args.path(id) else { continue };
        if s == 2 && threats.iter().any(|t| t.paths[2].is_none()) {
            report.notes.push(format!("baseline degradation and quality skipped: not every threat has a {col} raster (as InVEST)"));
            let lulc = Layer::open(id, &p, &grid)?;
            all[s] = Some(classes.read(&lulc, &grid)?.0);
            continue;
        }
        if s > 0 {
            report.inputs.push((id.to_string(), p.clone()));
        }
        let read = match cur.take() {
            Some(r) if s == 0 => r,
            _ => read_scenario(s, &p, &sh),
        };
        let cls = scenario(s, read, &sh, ctx, &mut report)?;
        all[s] = keep.then_some(cls);
    }
    if let Some(base) = &all[2] {
        for (s, tag) in [(0, "c"), (1, "f")] {
            if let Some(cls) = &all[s] {
                rarity::write_rarity(tag, cls, base, &classes.keys, &grid, &sfx, ctx, &mut report)?;
            }
        }
    }
    report.summary = json!({
        "threats": threats.iter().map(|t| &t.name).collect::<Vec<_>>(),
        "half_saturation_constant": k,
    });
    Ok(report)
}
