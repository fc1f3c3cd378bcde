//! Tiled, DEFLATE-compressed GeoTIFF output, written under a temporary name
//! and renamed into place only when complete, so that an interrupted run
//! never leaves a file that looks finished.

use crate::error::RasterError;
use crate::grid::Grid;
use crate::window::Window;
use crate::Result;
use gdal::raster::{Buffer, RasterCreationOptions};
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

/// A GeoTIFF being written. Call [`TiffWriter::finish`] to publish it;
/// dropping it unfinished deletes the partial file.
pub struct TiffWriter {
    dataset: Option<Dataset>,
    tmp: PathBuf,
    path: PathBuf,
    kind: WriteType,
}

fn write_err(path: &Path, e: impl std::fmt::Display) -> RasterError {
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
        if let Some(nd) = nodata {
            let mut band = ds.rasterband(1).map_err(|e| write_err(path, e))?;
            band.set_no_data_value(Some(nd))
                .map_err(|e| write_err(path, e))?;
        }
        Ok(TiffWriter {
            dataset: Some(ds),
            tmp,
            path: path.to_path_buf(),
            kind,
        })
    }

    /// Final path of this output.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn band_write<T: gdal::raster::GdalType + Copy>(
        &mut self,
        w: &Window,
        data: Vec<T>,
    ) -> Result<()> {
        let path = self.path.clone();
        let ds = self
            .dataset
            .as_mut()
            .ok_or_else(|| write_err(&path, "writer already finished"))?;
        let mut band = ds.rasterband(1).map_err(|e| write_err(&path, e))?;
        let mut buf = Buffer::new((w.width, w.height), data);
        band.write(
            (w.col as isize, w.row as isize),
            (w.width, w.height),
            &mut buf,
        )
        .map_err(|e| write_err(&path, e))
    }

    /// Write float values for `window` (row-major). Converted to the
    /// writer's cell type.
    pub fn write_f32(&mut self, window: &Window, data: &[f32]) -> Result<()> {
        match self.kind {
            WriteType::F32 => self.band_write(window, data.to_vec()),
            WriteType::U8 => self.band_write(window, data.iter().map(|v| *v as u8).collect()),
            WriteType::U16 => self.band_write(window, data.iter().map(|v| *v as u16).collect()),
            WriteType::I32 => self.band_write(window, data.iter().map(|v| *v as i32).collect()),
        }
    }

    /// Write integer values for `window` (row-major).
    pub fn write_i32(&mut self, window: &Window, data: &[i32]) -> Result<()> {
        match self.kind {
            WriteType::I32 => self.band_write(window, data.to_vec()),
            WriteType::U8 => self.band_write(window, data.iter().map(|v| *v as u8).collect()),
            WriteType::U16 => self.band_write(window, data.iter().map(|v| *v as u16).collect()),
            WriteType::F32 => self.band_write(window, data.iter().map(|v| *v as f32).collect()),
        }
    }

    /// Flush, close and rename the file into place.
    pub fn finish(mut self) -> Result<PathBuf> {
        if let Some(ds) = self.dataset.take() {
            ds.close().map_err(|e| write_err(&self.path, e))?;
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
