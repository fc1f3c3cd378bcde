//! The LS factor raster for soil retention, computed once from the DEM on
//! the land-cover grid: pit filling, MFD flow directions and accumulation,
//! percent slope (ecocap-hydro), then Desmet & Govers LS as InVEST's SDR
//! codes it (ecocap-models). Held in memory as float32 one array at a time
//! and written to a work raster that the yearly passes stream.

use crate::error::AppError;
use ecocap_raster::{align_to_grid, RasterSource, Resampling, TiffWriter, Window, WriteType};
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

/// A whole single-band raster as float32.
pub fn read_f32(path: &Path, label: &Path) -> Result<Vec<f32>, AppError> {
    let ds = gdal::Dataset::open(path).map_err(|e| hydro(label, e))?;
    let band = ds.rasterband(1).map_err(|e| hydro(label, e))?;
    Ok(band
        .read_band_as::<f32>()
        .map_err(|e| hydro(label, e))?
        .data()
        .to_vec())
}

/// Write a float32 work raster on `g` (NaN = nodata) and open it.
pub fn write_work(
    path: &Path,
    g: &ecocap_raster::Grid,
    values: &[f32],
) -> Result<RasterSource, AppError> {
    let mut w = TiffWriter::create(path, g, WriteType::F32, Some(f64::NAN))?;
    w.write_f32(
        &Window {
            col: 0,
            row: 0,
            width: g.width,
            height: g.height,
        },
        values,
    )?;
    Ok(RasterSource::open(w.finish()?)?)
}

/// Compute LS on `reference`'s grid from `dem` and write it to `work/ls.tif`.
pub fn ls_raster(
    dem: &Path,
    reference: &RasterSource,
    align: bool,
    work: &Path,
) -> Result<RasterSource, AppError> {
    let (src, dem_values) = dem_on_grid(dem, reference, align, work)?;
    let g = &src.grid;
    let shape = ecocap_hydro::Shape::new(g.width, g.height);
    let filled =
        ecocap_hydro::fill_pits(&dem_values, shape, src.nodata).map_err(|e| hydro(dem, e))?;
    drop(dem_values);
    let flow = ecocap_hydro::flow_dir_mfd(&filled, shape, src.nodata, ecocap_hydro::INVEST_TILE)
        .map_err(|e| hydro(dem, e))?;
    let fa = ecocap_hydro::flow_accumulation_mfd(&flow, shape, None).map_err(|e| hydro(dem, e))?;
    drop(flow);
    let unit = g.linear_unit_m();
    let (cx, cy) = (
        g.geo_transform[1].abs() * unit,
        g.geo_transform[5].abs() * unit,
    );
    let slope = ecocap_hydro::slope_percent(&filled, shape, src.nodata, cx, cy)
        .map_err(|e| hydro(dem, e))?;
    drop(filled);
    let ls = ecocap_models::sdr::kernel::ls_factor(&slope, &fa, cx, L_MAX);
    let ls32: Vec<f32> = ls
        .iter()
        .map(|v| if *v >= f64::MAX { f32::NAN } else { *v as f32 })
        .collect();
    drop(ls);
    write_work(&work.join("ls.tif"), g, &ls32)
}
