//! The LS factor raster for soil retention, computed once from the routed
//! DEM on the land-cover grid (routing.rs: pit filling, percent slope, MFD
//! accumulation), then Desmet & Govers LS as InVEST's SDR codes it
//! (ecocap-models), computed and written strip by strip to a work raster
//! that the yearly passes stream.

use super::routing::{write_strips, Routed};
use crate::error::AppError;
use ecocap_raster::{align_to_grid, RasterSource, Resampling};
use std::path::Path;

/// InVEST SDR's default upper bound on the L factor.
pub const L_MAX: f64 = 122.0;

pub(super) fn hydro(path: &Path, e: impl std::fmt::Display) -> AppError {
    AppError::input(
        path.display().to_string(),
        format!("routing on the DEM failed: {e}"),
        "check the DEM (projected CRS in metres, a declared nodata)",
    )
}

/// The DEM on `reference`'s grid (aligned into `work` when needed and
/// allowed), checked to be in metres, read whole as float32.
pub fn dem_on_grid(
    dem: &Path,
    reference: &RasterSource,
    align: bool,
    work: &Path,
) -> Result<(RasterSource, Vec<f32>), AppError> {
    let mut src = RasterSource::open(dem)?;
    if !src.grid.differences(&reference.grid).is_empty() {
        if !align {
            src.require_same_grid(
                reference,
                "set `align = true`, or prepare the DEM on the land-cover grid",
            )?;
        }
        src = align_to_grid(
            &src,
            &reference.grid,
            Resampling::Bilinear,
            &work.join("dem_aligned.tif"),
        )?;
    }
    if src.grid.is_geographic() {
        return Err(AppError::input(
            dem.display().to_string(),
            "the DEM is in degrees (geographic CRS); slope and terrain factors need metres",
            "reproject the inputs to a projected CRS in metres (e.g. gdalwarp -t_srs EPSG:32650)",
        ));
    }
    let values = read_f32(&src.path, dem)?;
    Ok((src, values))
}

/// A whole single-band raster as float32 (one copy: GDAL's buffer is
/// taken over, not copied).
pub fn read_f32(path: &Path, label: &Path) -> Result<Vec<f32>, AppError> {
    let ds = gdal::Dataset::open(path).map_err(|e| hydro(label, e))?;
    let band = ds.rasterband(1).map_err(|e| hydro(label, e))?;
    Ok(band
        .read_band_as::<f32>()
        .map_err(|e| hydro(label, e))?
        .into_shape_and_vec()
        .1)
}

/// The LS factor from the routed DEM, written to `work/ls.tif` strip by
/// strip (Desmet & Govers as InVEST SDR codes it, ecocap-models, in f64
/// per cell, stored as float32 as before).
pub fn ls_from(r: &Routed, work: &Path) -> Result<RasterSource, AppError> {
    write_strips(&work.join("ls.tif"), &r.grid, |cells, out| {
        let ls = ecocap_models::sdr::kernel::ls_factor(
            &r.slope[cells.clone()],
            &r.fa[cells],
            r.cell.0,
            L_MAX,
        );
        for (o, v) in out.iter_mut().zip(ls) {
            *o = if v >= f64::MAX { f32::NAN } else { v as f32 };
        }
        Ok(())
    })
}
