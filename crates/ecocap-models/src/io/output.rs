//! Output rasters and tables under InVEST's relative paths, written into a
//! workspace (the caller's staging directory).

use std::path::{Path, PathBuf};

use ecocap_raster::{Grid, TiffWriter, Window, WriteType};

use crate::error::{ModelError, Result};

/// float32 max, InVEST's `raster_map` default nodata for float32 outputs.
pub const F32_MAX_NODATA: f64 = f32::MAX as f64;

/// One Float32 output raster being written.
pub struct OutRaster {
    /// relative path (InVEST's)
    pub rel: String,
    writer: TiffWriter,
}

impl OutRaster {
    /// Create `workspace/rel` (parent folders too) as Float32 with `nodata`.
    pub fn create(workspace: &Path, rel: &str, grid: &Grid, nodata: f64) -> Result<OutRaster> {
        let path = workspace.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| ModelError::Write {
                path: parent.to_path_buf(),
                detail: e.to_string(),
            })?;
        }
        let writer = TiffWriter::create(&path, grid, WriteType::F32, Some(nodata))
            .map_err(ModelError::raster(rel))?;
        Ok(OutRaster {
            rel: rel.to_string(),
            writer,
        })
    }

    /// Write window `w`.
    pub fn write(&mut self, w: &Window, data: &[f32]) -> Result<()> {
        self.writer
            .write_f32(w, data)
            .map_err(ModelError::raster(&self.rel))
    }

    /// Close and publish; returns the relative path.
    pub fn finish(self) -> Result<String> {
        self.writer
            .finish()
            .map_err(ModelError::raster(&self.rel))?;
        Ok(self.rel)
    }
}

/// Write window `w` of several outputs in parallel (one rayon task per
/// output: the predictor and DEFLATE work of each file runs on its own core).
pub fn write_all(outs: &mut [OutRaster], w: &Window, bufs: &[Vec<f32>]) -> Result<()> {
    use rayon::prelude::*;
    outs.par_iter_mut()
        .zip(bufs.par_iter())
        .try_for_each(|(o, b)| o.write(w, b))
}

/// Write text to `workspace/rel`, creating folders.
pub fn write_text(workspace: &Path, rel: &str, text: &str) -> Result<String> {
    let path: PathBuf = workspace.join(rel);
    let fail = |e: std::io::Error, p: &Path| ModelError::Write {
        path: p.to_path_buf(),
        detail: e.to_string(),
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| fail(e, parent))?;
    }
    std::fs::write(&path, text).map_err(|e| fail(e, &path))?;
    Ok(rel.to_string())
}

/// Cast to the f32 stored in an output (nodata passes through).
pub fn to_f32(v: &[f64]) -> Vec<f32> {
    v.iter().map(|x| *x as f32).collect()
}

/// InVEST's results suffix: `dir/name.ext` → `dir/name_suffix.ext`.
pub fn suffixed(rel: &str, suffix: &str) -> String {
    let s = suffix.trim().trim_start_matches('_');
    if s.is_empty() {
        return rel.to_string();
    }
    match rel.rfind('.') {
        Some(i) => format!("{}_{s}{}", &rel[..i], &rel[i..]),
        None => format!("{rel}_{s}"),
    }
}

/// Pixel area in the grid's units squared (m² on a projected grid), as
/// InVEST takes it: `|pixel_w · pixel_h|`.
pub fn pixel_area(grid: &Grid) -> f64 {
    (grid.geo_transform[1] * grid.geo_transform[5]).abs()
}
