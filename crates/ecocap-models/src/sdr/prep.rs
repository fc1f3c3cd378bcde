//! Preprocessing shared by SDR and NDR, as InVEST 3.20 does it: the working
//! grid is the DEM's lattice clipped to the intersection of the rasters'
//! extents and the watersheds' bounding box (widened outwards to whole
//! pixels); every input is read on it (exactly when on the same lattice,
//! nearest neighbour otherwise); pixels whose centre is outside every
//! watershed polygon, or that are nodata in any input, are masked.

use std::collections::BTreeSet;
use std::path::Path;

use ecocap_raster::{read_polygons, Grid, RasterSource, TiffWriter, Window, WriteType, Zones};
use ecocap_spec::ModelSpec;

use crate::error::{ModelError, Result};
use crate::io::clip::intersection_grid;
use crate::io::layer::{strips, Layer};

/// The watershed field ecocap keys results on (InVEST's sample data use it).
pub const WS_FIELD: &str = "ws_id";

/// The working grid on `dem`'s lattice.
pub fn working_grid(
    dem: &RasterSource,
    others: &[&RasterSource],
    vector_extent: [f64; 4],
) -> Result<Grid> {
    intersection_grid(dem, others, vector_extent, "the DEM and the other rasters")
}

/// The whole grid as one window.
pub fn whole(grid: &Grid) -> Window {
    Window {
        col: 0,
        row: 0,
        width: grid.width,
        height: grid.height,
    }
}

/// A continuous raster input read whole on the working grid, as f32 with
/// NaN where it is nodata (by InVEST's rule) or has no cell.
pub struct Read {
    /// values (NaN = nodata)
    pub values: Vec<f32>,
    /// the layer (source, nodata)
    pub layer: Layer,
}

/// Code of a nodata class pixel.
pub const NO_CODE: i32 = i32::MIN;

impl Read {
    /// Open and read `path` on `grid`, refusing values outside the range
    /// `spec` declares for `input`.
    pub fn open(spec: &ModelSpec, input: &str, path: &Path, grid: &Grid) -> Result<Read> {
        let layer = Layer::open(input, path, grid)?.with_rules(spec);
        let values = layer.read_valid_f32(&whole(grid))?;
        Ok(Read { values, layer })
    }

    /// True when pixel `i` holds data.
    #[inline]
    pub fn valid(&self, i: usize) -> bool {
        !self.values[i].is_nan()
    }
}

/// A class raster (land cover) read whole on the grid as i32 codes,
/// [`NO_CODE`] where nodata.
pub struct Classes {
    /// codes
    pub codes: Vec<i32>,
    /// the layer
    pub layer: Layer,
}

impl Classes {
    /// Open and read `path` on `grid`.
    pub fn open(input: &str, path: &Path, grid: &Grid) -> Result<Classes> {
        let layer = Layer::open(input, path, grid)?;
        let codes = layer.read_codes_i32_checked(&whole(grid), NO_CODE)?;
        Ok(Classes { codes, layer })
    }

    /// True when pixel `i` has a class.
    #[inline]
    pub fn valid(&self, i: usize) -> bool {
        self.codes[i] != NO_CODE
    }
}

/// Watershed polygons on the grid: zone index per pixel (0 outside), ids.
pub struct Watersheds {
    /// ids in zone order (zone k is `ids[k-1]`)
    pub ids: Vec<String>,
    /// zone per pixel
    pub zone: Vec<u32>,
}

/// The watersheds' extent in the DEM's CRS.
pub fn watershed_extent(path: &Path, crs_wkt: &str) -> Result<[f64; 4]> {
    let layer =
        read_polygons(path, WS_FIELD, crs_wkt).map_err(ModelError::raster("watersheds_path"))?;
    Ok(layer.extent)
}

/// Rasterize the watersheds on `grid` by the pixel-centre rule.
pub fn watersheds(path: &Path, grid: &Grid, work_dir: &Path) -> Result<Watersheds> {
    let zones = Zones::rasterize(path, WS_FIELD, grid, work_dir)
        .map_err(ModelError::raster("watersheds_path"))?;
    let layer = Layer::from_source("watersheds_path", zones.raster.clone(), grid)?;
    // i32 → u32 of the same size: collected in place
    let zone: Vec<u32> = layer
        .read_codes_i32(&whole(grid), 0)?
        .into_iter()
        .map(|x| x.max(0) as u32)
        .collect();
    Ok(Watersheds {
        ids: zones.ids.clone(),
        zone,
    })
}

/// Distinct land-cover codes on valid pixels.
pub fn codes(lulc: &Classes, mask: &[bool]) -> BTreeSet<i64> {
    let mut seen = BTreeSet::new();
    let mut last = NO_CODE;
    for (c, m) in lulc.codes.iter().zip(mask) {
        if *m && *c != NO_CODE && *c != last {
            seen.insert(i64::from(*c));
            last = *c;
        }
    }
    seen
}

fn create_dirs(path: &Path) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| ModelError::Write {
            path: parent.to_path_buf(),
            detail: e.to_string(),
        })?;
    }
    Ok(())
}

/// Write a whole-grid array under `workspace/rel` strip by strip
/// ([`strips`], whole output tiles), converting each strip with `strip`:
/// only one strip's buffer is held besides the caller's array.
fn write_strips(
    workspace: &Path,
    rel: &str,
    grid: &Grid,
    kind: WriteType,
    nodata: f64,
    strip: impl Fn(std::ops::Range<usize>) -> Vec<f32>,
) -> Result<String> {
    let path = workspace.join(rel);
    create_dirs(&path)?;
    let mut w =
        TiffWriter::create(&path, grid, kind, Some(nodata)).map_err(ModelError::raster(rel))?;
    for win in strips(grid) {
        let start = win.row * grid.width;
        let data = strip(start..start + win.cells());
        w.write_f32(&win, &data).map_err(ModelError::raster(rel))?;
    }
    w.finish().map_err(ModelError::raster(rel))?;
    Ok(rel.to_string())
}

/// Write a whole float raster (stored as Float32) under `workspace/rel`.
pub fn write_f32(
    workspace: &Path,
    rel: &str,
    grid: &Grid,
    data: &[f32],
    nodata: f32,
) -> Result<String> {
    write_strips(
        workspace,
        rel,
        grid,
        WriteType::F32,
        f64::from(nodata),
        |r| data[r].to_vec(),
    )
}

/// Write a float64 array as Float32, mapping its nodata `nd` to `nd_out`.
pub fn write_f64(
    workspace: &Path,
    rel: &str,
    grid: &Grid,
    data: &[f64],
    nd: f64,
    nd_out: f32,
) -> Result<String> {
    write_strips(
        workspace,
        rel,
        grid,
        WriteType::F32,
        f64::from(nd_out),
        |r| {
            data[r]
                .iter()
                .map(|x| {
                    if ecocap_hydro::is_nodata(*x, Some(nd)) {
                        nd_out
                    } else {
                        *x as f32
                    }
                })
                .collect()
        },
    )
}

/// Write a byte raster (streams, masks) with `nodata`.
pub fn write_u8(
    workspace: &Path,
    rel: &str,
    grid: &Grid,
    data: &[u8],
    nodata: u8,
) -> Result<String> {
    write_strips(
        workspace,
        rel,
        grid,
        WriteType::U8,
        f64::from(nodata),
        |r| data[r].iter().map(|x| f32::from(*x)).collect(),
    )
}

/// Per-watershed sums of valid pixels of `values` (nodata `nd`), times
/// `ha_per_px` (InVEST: `Σ pixel · pixel_area / 10000`).
pub fn zone_totals(ws: &Watersheds, values: &[f32], nd: f32, ha_per_px: f64) -> Vec<f64> {
    let mut sums = vec![0.0f64; ws.ids.len() + 1];
    for (v, z) in values.iter().zip(&ws.zone) {
        if *z > 0 && !ecocap_hydro::is_nodata(f64::from(*v), Some(f64::from(nd))) {
            sums[*z as usize] += f64::from(*v);
        }
    }
    sums.into_iter().skip(1).map(|s| s * ha_per_px).collect()
}

/// Same for a float64 array.
pub fn zone_totals_f64(ws: &Watersheds, values: &[f64], nd: f64, ha_per_px: f64) -> Vec<f64> {
    let mut sums = vec![0.0f64; ws.ids.len() + 1];
    for (v, z) in values.iter().zip(&ws.zone) {
        if *z > 0 && !ecocap_hydro::is_nodata(*v, Some(nd)) {
            sums[*z as usize] += *v;
        }
    }
    sums.into_iter().skip(1).map(|s| s * ha_per_px).collect()
}

/// A results CSV: `key` column then one column per field, rows by zone.
pub fn results_csv(key: &str, ids: &[String], fields: &[(&str, Vec<f64>)]) -> String {
    let mut s = String::from(key);
    for (name, _) in fields {
        s.push(',');
        s.push_str(name);
    }
    s.push('\n');
    for (k, id) in ids.iter().enumerate() {
        s.push_str(id);
        for (_, v) in fields {
            s.push_str(&format!(",{}", v[k]));
        }
        s.push('\n');
    }
    s
}

/// Outputs written on background threads while the model computes on: each
/// writer owns its array (moved in, so nothing is copied) and opens its own
/// GDAL dataset. [`Background::finish`] waits for all and returns their
/// relative paths, or the first error. Dropped unfinished (the model failed
/// on), it still waits for them: a writer left running while the process
/// exits would use GDAL as it is torn down (the segfault after "No space
/// left" of issue 19).
#[derive(Default)]
pub struct Background {
    handles: Vec<std::thread::JoinHandle<Result<String>>>,
}

impl Background {
    fn spawn(&mut self, job: impl FnOnce() -> Result<String> + Send + 'static) {
        self.handles.push(std::thread::spawn(job));
    }

    /// Write a float32 array (see [`write_f32`]).
    pub fn f32(&mut self, workspace: &Path, rel: String, grid: &Grid, data: Vec<f32>, nodata: f32) {
        let (w, g) = (workspace.to_path_buf(), grid.clone());
        self.spawn(move || write_f32(&w, &rel, &g, &data, nodata));
    }

    /// Write a float64 array as float32 (see [`write_f64`]).
    pub fn f64(
        &mut self,
        workspace: &Path,
        rel: String,
        grid: &Grid,
        data: Vec<f64>,
        nd: f64,
        nd_out: f32,
    ) {
        // narrowed here, so that the float64 array is freed at once
        let narrow: Vec<f32> = {
            use rayon::prelude::*;
            data.par_iter()
                .map(|x| {
                    if ecocap_hydro::is_nodata(*x, Some(nd)) {
                        nd_out
                    } else {
                        *x as f32
                    }
                })
                .collect()
        };
        drop(data);
        self.f32(workspace, rel, grid, narrow, nd_out);
    }

    /// Write a byte array (see [`write_u8`]).
    pub fn u8(&mut self, workspace: &Path, rel: String, grid: &Grid, data: Vec<u8>, nodata: u8) {
        let (w, g) = (workspace.to_path_buf(), grid.clone());
        self.spawn(move || write_u8(&w, &rel, &g, &data, nodata));
    }

    /// Wait for every write.
    pub fn finish(mut self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        let mut first_err = None;
        for h in std::mem::take(&mut self.handles) {
            match h.join() {
                Ok(Ok(rel)) => out.push(rel),
                Ok(Err(e)) => {
                    first_err.get_or_insert(e);
                }
                Err(_) => {
                    first_err.get_or_insert(ModelError::Write {
                        path: std::path::PathBuf::from("(output writer)"),
                        detail: "a writer thread panicked".into(),
                    });
                }
            }
        }
        match first_err {
            Some(e) => Err(e),
            None => Ok(out),
        }
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        for h in self.handles.drain(..) {
            let _ = h.join();
        }
    }
}
