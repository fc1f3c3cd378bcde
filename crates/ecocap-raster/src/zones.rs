//! Zones: polygons rasterized on a grid into a temporary raster.
//!
//! A cell belongs to a zone when its centre lies inside the zone's polygon
//! (GDAL's default rasterization rule, ALL_TOUCHED=FALSE, which InVEST also
//! uses for its watershed and zonal statistics). Features sharing an id
//! form one zone. Where polygons overlap, the later feature wins.
//! [`ZoneShapes`] burns the same polygons window by window instead.

use crate::error::RasterError;
use crate::grid::Grid;
use crate::source::RasterSource;
use crate::writer::{TiffWriter, WriteType};
use crate::zone_shapes::ZoneShapes;
use crate::Result;
use gdal::raster::{rasterize, RasterizeOptions};
use std::path::{Path, PathBuf};

/// Zones rasterized on a grid: cell value k (1-based) is zone `ids[k-1]`;
/// 0 means outside every zone.
pub struct Zones {
    /// the vector file
    pub path: PathBuf,
    /// the id field
    pub field: String,
    /// zone ids in order of first appearance
    pub ids: Vec<String>,
    /// the zone-index raster (Byte, UInt16 or Int32 by zone count; 0 = no zone)
    pub raster: RasterSource,
    /// invalid polygons made valid before burning (see [`ZoneShapes::read`])
    pub repaired: Vec<String>,
    _dir: tempfile::TempDir,
}

impl Zones {
    /// Read polygons from `path` (first layer), take zone ids from `field`,
    /// reproject them to `grid`'s CRS when needed and rasterize them into a
    /// temporary raster under `work_dir`.
    pub fn rasterize(path: &Path, field: &str, grid: &Grid, work_dir: &Path) -> Result<Zones> {
        let shapes = ZoneShapes::read(path, field, grid)?;
        let (geoms, burns) = shapes.geometries()?;
        let ids = shapes.ids.clone();
        let dir = tempfile::Builder::new()
            .prefix(".ecocap-zones-")
            .tempdir_in(work_dir)
            .map_err(|e| RasterError::Write {
                path: work_dir.to_path_buf(),
                detail: e.to_string(),
            })?;
        let out = dir.path().join("zones.tif");
        let kind = if ids.len() < 256 {
            WriteType::U8
        } else if ids.len() < 65_536 {
            WriteType::U16
        } else {
            WriteType::I32
        };
        let mut writer = TiffWriter::create(&out, grid, kind, None)?;
        if let Some(dst) = writer.dataset_mut() {
            let opts = RasterizeOptions {
                all_touched: false,
                // bounded strips keep memory flat on national-scale grids
                chunk_y_size: 512,
                ..Default::default()
            };
            rasterize(dst, &[1], &geoms, &burns, Some(opts)).map_err(|e| RasterError::Write {
                path: out.clone(),
                detail: format!("rasterizing zones failed: {e}"),
            })?;
        }
        let raster_path = writer.finish()?;
        Ok(Zones {
            path: path.to_path_buf(),
            field: shapes.field,
            ids,
            raster: RasterSource::open(raster_path)?,
            repaired: shapes.repaired,
            _dir: dir,
        })
    }
}
