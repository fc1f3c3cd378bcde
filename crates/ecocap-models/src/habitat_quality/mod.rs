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
mod edt;
mod kernel;
mod rarity;
mod scenario;
mod spec;
mod threats;

pub use edt::distance_transform;
pub use kernel::{decay, quality, rarity, Decay};
pub use spec::spec;

use ecocap_raster::Grid;
use ecocap_spec::Args;
use serde_json::json;

use crate::common::{need_number, need_path, require_valid};
use crate::error::Result;
use crate::io::layer::{check_codes, open_source, require_projected, Layer};
use crate::registry::{RunContext, RunReport};
use access::Access;
use scenario::{add_threat, threat_columns, write_outputs, Classes};
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
    classes: &'a Classes,
    access: Option<&'a Access>,
    k: f64,
    sfx: &'a str,
}

/// Degradation and quality of scenario `s`; returns its classes.
fn scenario(
    s: usize,
    lulc: &Layer,
    sh: &Shared<'_>,
    ctx: &RunContext<'_>,
    report: &mut RunReport,
) -> Result<Vec<u16>> {
    let (tag, id, _) = SCENARIOS[s];
    let grid = sh.grid;
    let (cls, unique) = sh.classes.read(lulc, grid)?;
    check_codes(
        "sensitivity_table_path",
        &lulc.source.path,
        lulc,
        &unique,
        sh.sens.habitat.keys(),
    )?;
    let w_sum: f64 = sh.threats.iter().map(|t| t.weight).sum();
    let px = grid.geo_transform[1].abs();
    let mut deg = vec![0.0f64; cls.len()];
    ctx.observer
        .step(&format!("habitat quality ({id})"), sh.threats.len() as u64);
    for (r, t) in sh.threats.iter().enumerate() {
        // a threat without any pixel adds 0 everywhere (decay at ∞)
        if let Some(g) = threat_columns(t, s, grid, report)? {
            let w = if w_sum > 0.0 { t.weight / w_sum } else { 0.0 };
            let sens_r = sh.classes.by_class(&sh.sens.by_threat[r]);
            let max_px = t.max_dist / px;
            add_threat(
                &mut deg, &g, &cls, sh.access, &sens_r, w, t, max_px, grid.width,
            );
        }
        ctx.observer.advance(1);
    }
    let habitat = sh.classes.by_class(&sh.sens.habitat);
    write_outputs(tag, &deg, &cls, &habitat, sh.k, grid, sh.sfx, ctx, report)?;
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
    let acc = Access::read(args, &grid, ctx)?;
    let classes = Classes::new(&sens)?;
    let sh = Shared {
        grid: &grid,
        threats: &threats,
        sens: &sens,
        classes: &classes,
        access: acc.as_ref(),
        k,
        sfx: &sfx,
    };
    let keep = args.is_given("lulc_bas_path");
    let mut all: [Option<Vec<u16>>; 3] = [None, None, None];
    for (s, (_, id, col)) in SCENARIOS.iter().enumerate() {
        let Some(p) = args.path(id) else { continue };
        let lulc = Layer::open(id, &p, &grid)?;
        if s == 2 && threats.iter().any(|t| t.paths[2].is_none()) {
            report.notes.push(format!("baseline degradation and quality skipped: not every threat has a {col} raster (as InVEST)"));
            all[s] = Some(classes.read(&lulc, &grid)?.0);
            continue;
        }
        if s > 0 {
            report.inputs.push((id.to_string(), p.clone()));
        }
        let cls = scenario(s, &lulc, &sh, ctx, &mut report)?;
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
