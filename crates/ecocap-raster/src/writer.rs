//! Tiled, DEFLATE-compressed GeoTIFF output, written under a temporary name
//! and renamed into place only when complete, so that an interrupted run
//! never leaves a file that looks finished.
//!
//! Cells are gathered into whole tiles here ([`crate::tiles`]) and each
//! complete tile is handed to GDAL with `GDALWriteBlock`, compressed on
//! GDAL's worker threads (`NUM_THREADS`). An output never has a block in
//! GDAL's shared block cache, so no other thread can be made to write it
//! (the deadlock of issue 19); writes to one writer are serialised by its
//! `&mut self` (callers writing from several threads hold it in a `Mutex`).

use crate::error::RasterError;
use crate::grid::Grid;
use crate::tiles::Tiles;
use crate::window::Window;
use crate::Result;
use gdal::raster::RasterCreationOptions;
use gdal::{Dataset, DriverManager};
use std::path::{Path, PathBuf};

/// Cell type of an output raster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteType {
    /// unsigned 8-bit (classes)
    U8,
    /// unsigned 16-bit (zone indices)
    U16,
    /// signed 32-bit (ids)
    I32,
    /// 32-bit float (values)
    F32,
}

/// The partial tiles of a writer, in its cell type.
enum TileStore {
    U8(Tiles<u8>),
    U16(Tiles<u16>),
    I32(Tiles<i32>),
    F32(Tiles<f32>),
}

/// A GeoTIFF being written. Call [`TiffWriter::finish`] to publish it;
/// dropping it unfinished deletes the partial file.
pub struct TiffWriter {
    dataset: Option<Dataset>,
    tiles: TileStore,
    tmp: PathBuf,
    path: PathBuf,
}

/// How a source cell becomes a cell of each output type.
struct Conv<S> {
    u8: fn(S) -> u8,
    u16: fn(S) -> u16,
    i32: fn(S) -> i32,
    f32: fn(S) -> f32,
}

/// The error of a failed write to `path`: [`RasterError::DiskFull`] when
/// its disk has (almost) no space left — GDAL reports a full disk only as
/// a libtiff "Write error" — else GDAL's reason.
fn write_err(path: &Path, e: impl std::fmt::Display) -> RasterError {
    if crate::disk::is_full(path) {
        return RasterError::DiskFull {
            path: path.to_path_buf(),
        };
    }
    RasterError::Write {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

impl TiffWriter {
    /// Create `path` (as `path.partial` until finished) on `grid`.
    pub fn create(path: &Path, grid: &Grid, kind: WriteType, nodata: Option<f64>) -> Result<Self> {
        crate::source::quiet_gdal();
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".partial");
        let tmp = PathBuf::from(tmp);
        let driver = DriverManager::get_driver_by_name("GTiff").map_err(|e| write_err(path, e))?;
        let predictor = match kind {
            // no predictor for floats: PREDICTOR=3 doubled encode time for ~20 % smaller files
            WriteType::F32 => "1",
            _ => "2",
        };
        let options = RasterCreationOptions::from_iter([
            "TILED=YES",
            "BLOCKXSIZE=256",
            "BLOCKYSIZE=256",
            "COMPRESS=DEFLATE",
            "ZLEVEL=1",
            &format!("PREDICTOR={predictor}"),
            "NUM_THREADS=ALL_CPUS",
            "BIGTIFF=IF_SAFER",
        ]);
        let (w, h) = (grid.width, grid.height);
        let mut ds = match kind {
            WriteType::U8 => {
                driver.create_with_band_type_with_options::<u8, _>(&tmp, w, h, 1, &options)
            }
            WriteType::U16 => {
                driver.create_with_band_type_with_options::<u16, _>(&tmp, w, h, 1, &options)
            }
            WriteType::I32 => {
                driver.create_with_band_type_with_options::<i32, _>(&tmp, w, h, 1, &options)
            }
            WriteType::F32 => {
                driver.create_with_band_type_with_options::<f32, _>(&tmp, w, h, 1, &options)
            }
        }
        .map_err(|e| write_err(path, e))?;
        ds.set_geo_transform(&grid.geo_transform)
            .map_err(|e| write_err(path, e))?;
        if !grid.crs_wkt.is_empty() {
            ds.set_projection(&grid.crs_wkt)
                .map_err(|e| write_err(path, e))?;
        }
        let mut band = ds.rasterband(1).map_err(|e| write_err(path, e))?;
        if let Some(nd) = nodata {
            band.set_no_data_value(Some(nd))
                .map_err(|e| write_err(path, e))?;
        }
        let block = band.block_size();
        // cells never written read as nodata (or 0 without one), as GDAL
        // fills tiles never written
        let fill = nodata.unwrap_or(0.0);
        let tiles = match kind {
            WriteType::U8 => TileStore::U8(Tiles::new(w, h, block, fill as u8)),
            WriteType::U16 => TileStore::U16(Tiles::new(w, h, block, fill as u16)),
            WriteType::I32 => TileStore::I32(Tiles::new(w, h, block, fill as i32)),
            WriteType::F32 => TileStore::F32(Tiles::new(w, h, block, fill as f32)),
        };
        Ok(TiffWriter {
            dataset: Some(ds),
            tiles,
            tmp,
            path: path.to_path_buf(),
        })
    }

    /// Final path of this output.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Copy `data` into the tiles of `w`, converting each cell.
    fn put<S: Copy>(&mut self, w: &Window, data: &[S], conv: Conv<S>) -> Result<()> {
        if data.len() != w.cells() {
            return Err(write_err(
                &self.path,
                format!("{} values for a window of {} cells", data.len(), w.cells()),
            ));
        }
        let path = &self.path;
        let ds = self
            .dataset
            .as_mut()
            .ok_or_else(|| write_err(path, "writer already finished"))?;
        let mut band = ds.rasterband(1).map_err(|e| write_err(path, e))?;
        let r = match &mut self.tiles {
            TileStore::U8(t) => t.put(&mut band, w, data, conv.u8),
            TileStore::U16(t) => t.put(&mut band, w, data, conv.u16),
            TileStore::I32(t) => t.put(&mut band, w, data, conv.i32),
            TileStore::F32(t) => t.put(&mut band, w, data, conv.f32),
        };
        r.map_err(|e| write_err(path, e))
    }

    /// Write float values for `window` (row-major). Converted to the
    /// writer's cell type.
    pub fn write_f32(&mut self, window: &Window, data: &[f32]) -> Result<()> {
        let conv = Conv {
            u8: |v: f32| v as u8,
            u16: |v: f32| v as u16,
            i32: |v: f32| v as i32,
            f32: |v: f32| v,
        };
        self.put(window, data, conv)
    }

    /// Write integer values for `window` (row-major).
    pub fn write_i32(&mut self, window: &Window, data: &[i32]) -> Result<()> {
        let conv = Conv {
            u8: |v: i32| v as u8,
            u16: |v: i32| v as u16,
            i32: |v: i32| v,
            f32: |v: i32| v as f32,
        };
        self.put(window, data, conv)
    }

    /// Flush, close and rename the file into place.
    pub fn finish(mut self) -> Result<PathBuf> {
        if let Some(ds) = self.dataset.as_mut() {
            let mut band = ds.rasterband(1).map_err(|e| write_err(&self.path, e))?;
            let r = match &mut self.tiles {
                TileStore::U8(t) => t.flush(&mut band),
                TileStore::U16(t) => t.flush(&mut band),
                TileStore::I32(t) => t.flush(&mut band),
                TileStore::F32(t) => t.flush(&mut band),
            };
            r.map_err(|e| write_err(&self.path, e))?;
        }
        if let Some(ds) = self.dataset.take() {
            // GDAL 3.6 closes without a status: a failure while writing the
            // last tiles or the directory (a full disk) is only reported to
            // the error handler
            let _ = crate::source::take_gdal_failure();
            let closed = ds.close().map_err(|e| e.to_string());
            let failed = closed.err().or_else(crate::source::take_gdal_failure);
            if let Some(detail) = failed {
                let _ = std::fs::remove_file(&self.tmp);
                return Err(write_err(&self.path, detail));
            }
        }
        std::fs::rename(&self.tmp, &self.path).map_err(|e| write_err(&self.path, e))?;
        Ok(self.path.clone())
    }
}

impl Drop for TiffWriter {
    fn drop(&mut self) {
        if self.dataset.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

impl TiffWriter {
    /// The open dataset (for whole-raster GDAL operations such as warping).
    pub(crate) fn dataset(&self) -> Option<&Dataset> {
        self.dataset.as_ref()
    }
}

impl TiffWriter {
    /// The open dataset, mutably (for rasterization).
    pub(crate) fn dataset_mut(&mut self) -> Option<&mut Dataset> {
        self.dataset.as_mut()
    }
}
