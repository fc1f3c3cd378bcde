//! The per-pixel pass of annual water yield, strip by strip.
//!
//! Each strip's inputs are read together (one task per raster), its pixels
//! computed in parallel chunks, and its outputs encoded while the next
//! strip is read and computed (a two-stage pipeline on rayon). Per-watershed
//! sums are taken per chunk and merged in chunk order, so they do not depend
//! on the number of threads.

use rayon::prelude::*;

use ecocap_raster::Window;

use crate::error::Result;
use crate::io::layer::Layer;
use crate::io::lut::CodeLut;
use crate::io::output::{write_all, OutRaster};

use super::kernel::{fractp, yield_and_aet, Pixel, NODATA};
use super::zonal::ZoneSums;

/// Land-cover code of a nodata pixel.
const NO_CODE: i32 = i32::MIN;

/// Per-class values from the biophysical (and demand) tables.
pub(super) struct Classes {
    pub kc: CodeLut<f64>,
    pub veg: CodeLut<f64>,
    pub root: CodeLut<f64>,
    pub demand: Option<CodeLut<f64>>,
}

impl Classes {
    /// True when every table has a row for `code`.
    fn knows(&self, code: i64) -> bool {
        self.kc.get(code).is_some() && self.demand.as_ref().is_none_or(|d| d.get(code).is_some())
    }
}

/// The rasters read per strip.
pub(super) struct Inputs {
    pub lulc: Layer,
    /// precipitation, ET0, depth to the root-restricting layer, PAWC
    pub layers: Vec<Layer>,
    pub ws: Layer,
    pub sub: Option<Layer>,
}

/// Zone sums of the whole pass: watersheds, sub-watersheds (index 0 unused).
pub(super) type Sums = (Vec<ZoneSums>, Vec<ZoneSums>);

struct Strip {
    /// land-cover codes ([`NO_CODE`] for nodata)
    lc: Vec<i32>,
    vals: Vec<Vec<f32>>,
    /// watershed and sub-watershed zones (0 outside)
    wz: Vec<i32>,
    sz: Option<Vec<i32>>,
}

struct Done {
    win: Window,
    bufs: Vec<Vec<f32>>,
    sums: Sums,
}

fn read(inp: &mut Inputs, w: &Window) -> Result<Strip> {
    let Inputs {
        lulc,
        layers,
        ws,
        sub,
    } = inp;
    let (lc, (vals, (wz, sz))) = rayon::join(
        move || lulc.read_codes_i32(w, NO_CODE),
        move || {
            rayon::join(
                move || {
                    layers
                        .par_iter_mut()
                        .map(|l| l.read_valid_f32(w))
                        .collect::<Result<Vec<_>>>()
                },
                move || {
                    rayon::join(
                        move || ws.read_codes_i32(w, 0),
                        move || sub.as_mut().map(|s| s.read_codes_i32(w, 0)).transpose(),
                    )
                },
            )
        },
    );
    Ok(Strip {
        lc: lc?,
        vals: vals?,
        wz: wz?,
        sz: sz?,
    })
}

/// Outputs per pixel: fractp, aet, wyield, kc, pet, root, veg, demand.
fn pixel(s: &Strip, k: usize, c: &Classes, z: f32) -> [f32; 8] {
    let code = s.lc[k];
    let class = |m: &CodeLut<f64>| {
        if code == NO_CODE {
            None
        } else {
            m.get(i64::from(code)).map(|v| v as f32)
        }
    };
    let kc = class(&c.kc).filter(|v| *v != NODATA);
    let veg = class(&c.veg).filter(|v| *v != NODATA);
    // InVEST sets root depth to 1 for non-vegetated classes.
    let root = match veg {
        Some(v) if v != 1.0 => Some(1.0),
        _ => class(&c.root).filter(|v| *v != NODATA),
    };
    let valid = |i: usize| Some(s.vals[i][k]).filter(|v| !v.is_nan());
    let (precip, eto) = (valid(0), valid(1));
    let p = Pixel {
        kc,
        eto,
        precip,
        root,
        soil: valid(2),
        pawc: valid(3),
        veg,
    };
    let f = fractp(&p, z);
    let (wy, aet) = yield_and_aet(f, precip);
    let pet = match (eto, kc) {
        (Some(e), Some(c)) => e * c,
        _ => NODATA,
    };
    let dem = c.demand.as_ref().and_then(class).unwrap_or(NODATA);
    let nd = NODATA;
    [
        f,
        aet,
        wy,
        kc.unwrap_or(nd),
        pet,
        root.unwrap_or(nd),
        veg.unwrap_or(nd),
        dem,
    ]
}

/// Add pixel `k`'s precipitation, PET, AET, yield and demand to `z`.
fn accumulate(z: &mut ZoneSums, s: &Strip, k: usize, r: &[f32; 8]) {
    let p = s.vals[0][k];
    if !p.is_nan() {
        z.add(0, p);
    }
    for (i, v) in [(1, r[4]), (2, r[1]), (3, r[2]), (4, r[7])] {
        if v != NODATA {
            z.add(i, v);
        }
    }
}

fn compute(
    s: &Strip,
    c: &Classes,
    z: f32,
    nout: usize,
    zones: (usize, usize),
) -> (Vec<Vec<f32>>, Sums) {
    const CHUNK: usize = 1 << 15;
    let n = s.lc.len();
    let parts: Vec<(Vec<Vec<f32>>, Sums)> = (0..n.div_ceil(CHUNK))
        .into_par_iter()
        .map(|i| {
            let (a, b) = (i * CHUNK, ((i + 1) * CHUNK).min(n));
            let mut bufs: Vec<Vec<f32>> = (0..nout).map(|_| Vec::with_capacity(b - a)).collect();
            let mut ws = vec![ZoneSums::default(); zones.0];
            let mut sub = vec![ZoneSums::default(); zones.1];
            for k in a..b {
                let r = pixel(s, k, c, z);
                for (buf, v) in bufs.iter_mut().zip(&r) {
                    buf.push(*v);
                }
                let id = s.wz[k];
                if id > 0 {
                    accumulate(&mut ws[id as usize], s, k, &r);
                }
                let id = s.sz.as_ref().map_or(0, |v| v[k]);
                if id > 0 {
                    accumulate(&mut sub[id as usize], s, k, &r);
                }
            }
            (bufs, (ws, sub))
        })
        .collect();
    let mut bufs: Vec<Vec<f32>> = (0..nout).map(|_| Vec::with_capacity(n)).collect();
    let mut sums = (
        vec![ZoneSums::default(); zones.0],
        vec![ZoneSums::default(); zones.1],
    );
    for (b, (ws, sub)) in parts {
        for (all, part) in bufs.iter_mut().zip(b) {
            all.extend_from_slice(&part);
        }
        merge(&mut sums, &(ws, sub));
    }
    (bufs, sums)
}

fn merge(into: &mut Sums, from: &Sums) {
    for (a, b) in into.0.iter_mut().zip(&from.0) {
        a.merge(b);
    }
    for (a, b) in into.1.iter_mut().zip(&from.1) {
        a.merge(b);
    }
}

/// True when every valid code of the strip has a row in the tables
/// (land cover comes in runs: a code is looked up once per run).
fn codes_known(lc: &[i32], c: &Classes) -> bool {
    let mut last = NO_CODE;
    lc.iter().all(|&code| {
        if code == last || code == NO_CODE {
            return true;
        }
        last = code;
        c.knows(i64::from(code))
    })
}

/// Run the pass over `windows`, writing `outs` (fractp, aet, wyield and
/// the intermediates, in [`pixel`]'s order). `zones` are the lengths of the
/// watershed and sub-watershed sums. Returns None, before anything is
/// finished, when a land-cover code is missing from a table (the caller
/// lists every missing code).
pub(super) fn run(
    inp: &mut Inputs,
    c: &Classes,
    z: f32,
    outs: &mut [OutRaster],
    windows: &[Window],
    zones: (usize, usize),
    advance: &(dyn Fn() + Sync),
) -> Result<Option<Sums>> {
    let nout = outs.len();
    let mut sums = (
        vec![ZoneSums::default(); zones.0],
        vec![ZoneSums::default(); zones.1],
    );
    let mut pending: Option<Done> = None;
    let mut next = windows.iter();
    loop {
        let win = next.next();
        let (written, computed) = rayon::join(
            || -> Result<Option<Done>> {
                match pending.take() {
                    Some(d) => write_all(outs, &d.win, &d.bufs).map(|_| Some(d)),
                    None => Ok(None),
                }
            },
            || -> Result<Option<Option<Done>>> {
                let Some(w) = win else { return Ok(None) };
                let s = read(inp, w)?;
                if !codes_known(&s.lc, c) {
                    return Ok(Some(None));
                }
                let (bufs, sums) = compute(&s, c, z, nout, zones);
                Ok(Some(Some(Done {
                    win: *w,
                    bufs,
                    sums,
                })))
            },
        );
        if let Some(d) = written? {
            merge(&mut sums, &d.sums);
            advance();
        }
        match computed? {
            Some(Some(d)) => pending = Some(d),
            Some(None) => return Ok(None),
            None => return Ok(Some(sums)),
        }
    }
}
