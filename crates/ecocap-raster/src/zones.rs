//! Zones: polygons rasterized on a grid.
//!
//! A cell belongs to a zone when its centre lies inside the zone's polygon
//! (GDAL's default rasterization rule, ALL_TOUCHED=FALSE, which InVEST also
//! uses for its watershed and zonal statistics). Features sharing an id
//! form one zone. Where polygons overlap, the later feature wins.

use crate::error::RasterError;
use crate::grid::Grid;
use crate::source::{quiet_gdal, RasterSource};
use crate::writer::{TiffWriter, WriteType};
use crate::Result;
use gdal::raster::{rasterize, RasterizeOptions};
use gdal::spatial_ref::{AxisMappingStrategy, SpatialRef};
use gdal::vector::{Geometry, LayerAccess};
use gdal::{Dataset, DatasetOptions, GdalOpenFlags};
use std::collections::HashMap;
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
    _dir: tempfile::TempDir,
}

fn open_vector(path: &Path) -> Result<Dataset> {
    quiet_gdal();
    if !path.exists() {
        return Err(RasterError::NotFound {
            path: path.to_path_buf(),
        });
    }
    let options = DatasetOptions {
        open_flags: GdalOpenFlags::GDAL_OF_VECTOR | GdalOpenFlags::GDAL_OF_READONLY,
        ..Default::default()
    };
    Dataset::open_ex(path, options).map_err(|e| RasterError::NotAVector {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })
}

fn traditional(mut srs: SpatialRef) -> SpatialRef {
    srs.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    srs
}

impl Zones {
    /// Read polygons from `path` (first layer), take zone ids from `field`,
    /// reproject them to `grid`'s CRS when needed and rasterize them into a
    /// temporary raster under `work_dir`.
    pub fn rasterize(path: &Path, field: &str, grid: &Grid, work_dir: &Path) -> Result<Zones> {
        let zerr = |detail: String, hint: &str| RasterError::Zones {
            path: path.to_path_buf(),
            detail,
            hint: hint.to_string(),
        };
        let ds = open_vector(path)?;
        if ds.layer_count() == 0 {
            return Err(zerr(
                "the file has no layers".into(),
                "give a polygon layer",
            ));
        }
        let mut layer = ds
            .layer(0)
            .map_err(|e| zerr(e.to_string(), "give a polygon layer"))?;
        let names: Vec<String> = layer.defn().fields().map(|f| f.name()).collect();
        let chosen = names
            .iter()
            .find(|n| n.as_str() == field)
            .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(field)))
            .cloned();
        let Some(field_name) = chosen else {
            let suggestion = names
                .iter()
                .map(|n| {
                    (
                        strsim::jaro_winkler(&n.to_lowercase(), &field.to_lowercase()),
                        n,
                    )
                })
                .filter(|(s, _)| *s > 0.7)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, n)| n.clone());
            return Err(RasterError::ZoneField {
                path: path.to_path_buf(),
                layer: layer.name(),
                field: field.to_string(),
                found: names,
                suggestion,
            });
        };
        let grid_srs = if grid.crs_wkt.trim().is_empty() {
            None
        } else {
            SpatialRef::from_wkt(&grid.crs_wkt).ok().map(traditional)
        };
        let layer_srs = layer.spatial_ref().map(traditional);
        let must_transform = match (&layer_srs, &grid_srs) {
            (Some(a), Some(b)) => a != b,
            (None, Some(_)) => {
                return Err(RasterError::Crs {
                    path: path.to_path_buf(),
                    detail:
                        "the zones layer has no coordinate reference system, the raster has one"
                            .into(),
                    hint: "declare the layer's CRS (e.g. add a .prj file or use ogr2ogr -a_srs)"
                        .into(),
                })
            }
            _ => false,
        };
        let field_idx = layer
            .defn()
            .field_index(&field_name)
            .map_err(|e| zerr(e.to_string(), "check the field name"))?;
        let mut ids: Vec<String> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut geoms: Vec<Geometry> = Vec::new();
        let mut burns: Vec<f64> = Vec::new();
        let mut env = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        for (n, feature) in layer.features().enumerate() {
            let id = feature
                .field_as_string(field_idx)
                .ok()
                .flatten()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .ok_or_else(|| {
                    zerr(
                        format!(
                            "feature {} has an empty '{field_name}'",
                            feature.fid().unwrap_or(n as u64)
                        ),
                        "give every zone an id, or choose another --zone-field",
                    )
                })?;
            let Some(geom) = feature.geometry() else {
                continue;
            };
            let geom = if must_transform {
                match &grid_srs {
                    Some(srs) => geom.transform_to(srs).map_err(|e| RasterError::Crs {
                        path: path.to_path_buf(),
                        detail: format!("cannot reproject zone '{id}' to the raster's CRS: {e}"),
                        hint: "check the layer's declared CRS".into(),
                    })?,
                    None => geom.clone(),
                }
            } else {
                geom.clone()
            };
            let e = geom.envelope();
            env = [
                env[0].min(e.MinX),
                env[1].min(e.MinY),
                env[2].max(e.MaxX),
                env[3].max(e.MaxY),
            ];
            let k = *index.entry(id.clone()).or_insert_with(|| {
                ids.push(id.clone());
                ids.len()
            });
            geoms.push(geom);
            burns.push(k as f64);
        }
        if ids.is_empty() {
            return Err(zerr(
                "the layer has no features with geometry".into(),
                "give a file with zone polygons",
            ));
        }
        let ext = grid.extent();
        if env[2] <= ext[0] || env[0] >= ext[2] || env[3] <= ext[1] || env[1] >= ext[3] {
            return Err(RasterError::ZonesNoOverlap {
                path: path.to_path_buf(),
                raster: PathBuf::from("(the land-cover grid)"),
                zone_extent: format!(
                    "[{:.4}, {:.4}, {:.4}, {:.4}]",
                    env[0], env[1], env[2], env[3]
                ),
                raster_extent: format!(
                    "[{:.4}, {:.4}, {:.4}, {:.4}]",
                    ext[0], ext[1], ext[2], ext[3]
                ),
            });
        }
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
            field: field_name,
            ids,
            raster: RasterSource::open(raster_path)?,
            _dir: dir,
        })
    }
}
