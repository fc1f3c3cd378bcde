//! The export stage of one nutrient, strip by strip: load (scaled by the
//! runoff proxy index), surface load and NDR, surface export, and for
//! nitrogen the subsurface load, NDR and export and the total export
//! (InVEST 3.20 `ndr.py`; formulas in [`super::kernel`]). No whole-grid
//! array is made: each strip is computed on both cores, added to the
//! per-watershed totals in pixel order (the sums are those of a whole-grid
//! pass) and written.

use std::path::Path;

use rayon::prelude::*;

use ecocap_raster::Grid;

use crate::error::Result;
use crate::io::layer::strips;
use crate::io::output::{write_all, OutRaster};
use crate::sdr::lookup;

use super::kernel::{ndr_px, product_px, sub_ndr_px, NODATA};
use super::Nutrient;

/// Whole-grid inputs every nutrient shares.
pub(super) struct Shared<'a> {
    pub grid: &'a Grid,
    /// land-cover codes
    pub codes: &'a [i32],
    /// land cover valid and inside a watershed
    pub lulc_ok: &'a [bool],
    /// runoff proxy index (nodata float32 max)
    pub rpi: &'a [f32],
    /// connectivity index (nodata float32 min)
    pub ic: &'a [f32],
    pub ic0: f64,
    pub k: f64,
    /// watershed zone per pixel (0 outside), and the number of watersheds
    pub zone: &'a [u32],
    pub n_zones: usize,
    /// hectares per pixel
    pub ha: f64,
}

/// Subsurface parameters (nitrogen).
pub(super) struct Subsurface<'a> {
    /// distance to stream in pixel steps (nodata −1)
    pub dist: &'a [f64],
    pub eff: f64,
    pub crit_len: f64,
}

/// Per-watershed results: (field name, total per watershed).
pub(super) type Fields = Vec<(String, Vec<f64>)>;

/// Values of one pixel.
struct Px {
    surface_load: f32,
    export: f32,
    sub_load: f32,
    sub_export: f64,
    total: f64,
}

/// Per-watershed sums of valid values (index 0: outside).
struct Sums(Vec<f64>);

impl Sums {
    fn add(&mut self, z: u32, v: f64, nd: f64) {
        if z > 0 && !ecocap_hydro::is_nodata(v, Some(nd)) {
            self.0[z as usize] += v;
        }
    }

    fn totals(self, ha: f64) -> Vec<f64> {
        self.0.into_iter().skip(1).map(|s| s * ha).collect()
    }
}

fn narrow(v: f64) -> f32 {
    if ecocap_hydro::is_nodata(v, Some(-1.0)) {
        NODATA
    } else {
        v as f32
    }
}

/// Run the export stage of `nu` with its effective retention `ret`;
/// writes `<id>_surface_export.tif` (and for nitrogen
/// `n_subsurface_export.tif`, `n_total_export.tif`) through `rel` (the
/// results suffix) and returns the per-watershed fields in InVEST's order
/// and the outputs written.
pub(super) fn export(
    sh: &Shared<'_>,
    nu: &Nutrient,
    ret: &[f32],
    sub: Option<&Subsurface<'_>>,
    workspace: &Path,
    rel: &dyn Fn(&str) -> String,
) -> Result<(Fields, Vec<String>)> {
    let id = nu.id;
    let load = lookup(&nu.load);
    let share = nu.subsurface.as_ref().map(lookup);
    let (ic0, k) = (sh.ic0 as f32, sh.k as f32);
    let px = |i: usize| -> Px {
        let ok = sh.lulc_ok[i];
        let code = sh.codes[i];
        let l = if ok {
            load(code).map_or(NODATA, |v| v as f32)
        } else {
            NODATA
        };
        let modified = if l != NODATA && sh.rpi[i] != f32::MAX {
            l * sh.rpi[i]
        } else {
            NODATA
        };
        let p = share.as_ref().and_then(|s| s(code)).unwrap_or(0.0);
        let part = |f: f64| {
            if modified == NODATA || !ok {
                NODATA
            } else {
                (f64::from(modified) * f) as f32
            }
        };
        let surface_load = part(1.0 - p);
        let export = product_px(surface_load, ndr_px(ret[i], sh.ic[i], ic0, k));
        let (sub_load, sub_export, total) = match sub {
            Some(s) => {
                let sub_load = part(p);
                let sn = sub_ndr_px(s.dist[i], s.eff, s.crit_len);
                let sub_export = if sub_load != NODATA && sn != -1.0 {
                    f64::from(sub_load) * sn
                } else {
                    -1.0
                };
                let total = if export != NODATA && sub_export != -1.0 {
                    f64::from(export) + sub_export
                } else {
                    -1.0
                };
                (sub_load, sub_export, total)
            }
            None => (NODATA, -1.0, -1.0),
        };
        Px {
            surface_load,
            export,
            sub_load,
            sub_export,
            total,
        }
    };
    let mut names = vec![rel(&format!("{id}_surface_export.tif"))];
    if sub.is_some() {
        names.push(rel("n_subsurface_export.tif"));
        names.push(rel("n_total_export.tif"));
    }
    let mut outs: Vec<OutRaster> = names
        .iter()
        .map(|r| OutRaster::create(workspace, r, sh.grid, f64::from(NODATA)))
        .collect::<Result<_>>()?;
    let zeros = || Sums(vec![0.0; sh.n_zones + 1]);
    let (mut s_load, mut s_export, mut s_sub, mut s_total, mut s_sub_load) =
        (zeros(), zeros(), zeros(), zeros(), zeros());
    let nd = f64::from(NODATA);
    for win in strips(sh.grid) {
        let start = win.row * sh.grid.width;
        let values: Vec<Px> = (start..start + win.cells())
            .into_par_iter()
            .map(px)
            .collect();
        let mut bufs: Vec<Vec<f32>> = (0..outs.len())
            .map(|_| Vec::with_capacity(values.len()))
            .collect();
        for (j, v) in values.iter().enumerate() {
            let z = sh.zone[start + j];
            s_load.add(z, f64::from(v.surface_load), nd);
            s_export.add(z, f64::from(v.export), nd);
            bufs[0].push(v.export);
            if sub.is_some() {
                s_sub.add(z, v.sub_export, -1.0);
                s_total.add(z, v.total, -1.0);
                s_sub_load.add(z, f64::from(v.sub_load), nd);
                bufs[1].push(narrow(v.sub_export));
                bufs[2].push(narrow(v.total));
            }
        }
        write_all(&mut outs, &win, &bufs)?;
    }
    let written = outs
        .into_iter()
        .map(OutRaster::finish)
        .collect::<Result<Vec<_>>>()?;
    let ha = sh.ha;
    let mut fields = vec![
        (format!("{id}_surface_load"), s_load.totals(ha)),
        (format!("{id}_surface_export"), s_export.totals(ha)),
    ];
    if sub.is_some() {
        fields.push(("n_subsurface_export".into(), s_sub.totals(ha)));
        fields.push(("n_total_export".into(), s_total.totals(ha)));
        fields.push(("n_subsurface_load".into(), s_sub_load.totals(ha)));
    }
    Ok((fields, written))
}
