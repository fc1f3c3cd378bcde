//! Aligning a raster to a reference grid with GDAL's warper.
//!
//! Classes are resampled by nearest neighbour or mode (majority of the
//! source cells covering a target cell); continuous values bilinearly.
//! Target cells no source cell covers, and source nodata, become nodata
//! in the output; a nodata value is always declared on the output so no
//! fill value can masquerade as a class or a value.

// The `gdal` crate exposes reprojection only with bilinear resampling;
// nearest and mode need GDALReprojectImage itself, called through
// gdal-sys. This is the one place of ecocap that calls GDAL's C API
// directly; it is a single call on two live dataset handles.
#![allow(unsafe_code)]

use crate::error::RasterError;
use crate::grid::Grid;
use crate::source::{open_raster, RasterSource};
use crate::writer::{TiffWriter, WriteType};
use crate::Result;
use std::path::Path;

/// Resampling used when aligning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resampling {
    /// nearest neighbour (classes; same cell size)
    Nearest,
    /// majority of covered source cells (classes; coarsening)
    Mode,
    /// bilinear (continuous values)
    Bilinear,
}

impl Resampling {
    fn to_gdal(self) -> gdal_sys::GDALResampleAlg::Type {
        match self {
            Resampling::Nearest => gdal_sys::GDALResampleAlg::GRA_NearestNeighbour,
            Resampling::Mode => gdal_sys::GDALResampleAlg::GRA_Mode,
            Resampling::Bilinear => gdal_sys::GDALResampleAlg::GRA_Bilinear,
        }
    }

    /// Lower-case name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Resampling::Nearest => "nearest",
            Resampling::Mode => "mode",
            Resampling::Bilinear => "bilinear",
        }
    }
}

/// Warp `src` onto `reference`, writing `out` (tiled DEFLATE GeoTIFF), and
/// return the aligned source. Classes are written as Int32 (nodata: the
/// source's, or i32::MIN), values as Float32 (nodata: the source's, or NaN).
pub fn align_to_grid(
    src: &RasterSource,
    reference: &Grid,
    resampling: Resampling,
    out: &Path,
) -> Result<RasterSource> {
    if src.grid.crs_wkt.trim().is_empty() || reference.crs_wkt.trim().is_empty() {
        return Err(RasterError::Crs {
            path: src.path.clone(),
            detail: "cannot align: this raster or the reference has no coordinate reference system"
                .into(),
            hint: "declare the CRS (e.g. gdal_edit.py -a_srs EPSG:4326 FILE) and run again".into(),
        });
    }
    let (kind, nodata) = if resampling == Resampling::Bilinear {
        (WriteType::F32, src.nodata.unwrap_or(f64::NAN))
    } else {
        (WriteType::I32, src.nodata.unwrap_or(i32::MIN as f64))
    };
    let writer = TiffWriter::create(out, reference, kind, Some(nodata))?;
    {
        let src_ds = open_raster(&src.path)?;
        let dst = writer_dataset(&writer)?;
        let fail = |detail: String| RasterError::Crs {
            path: src.path.clone(),
            detail: format!("GDAL could not warp this raster onto the reference grid: {detail}"),
            hint: "check that both coordinate systems are valid and that the rasters overlap"
                .into(),
        };
        {
            let mut band = dst.rasterband(1).map_err(|e| fail(e.to_string()))?;
            band.fill(nodata, None).map_err(|e| fail(e.to_string()))?;
        }
        // SAFETY: both handles are live datasets owned by this function for
        // the duration of the call; null WKTs tell GDAL to use each
        // dataset's own CRS; null progress and options are allowed.
        let rv = unsafe {
            gdal_sys::GDALReprojectImage(
                src_ds.c_dataset(),
                std::ptr::null(),
                dst.c_dataset(),
                std::ptr::null(),
                resampling.to_gdal(),
                256.0 * 1024.0 * 1024.0,
                0.125,
                None,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        };
        if rv != gdal_sys::CPLErr::CE_None {
            return Err(fail(format!("CPLErr {rv}")));
        }
    }
    let path = writer.finish()?;
    RasterSource::open(path)
}

fn writer_dataset(writer: &TiffWriter) -> Result<&gdal::Dataset> {
    writer.dataset().ok_or_else(|| RasterError::Write {
        path: writer.path().to_path_buf(),
        detail: "writer already finished".into(),
    })
}
