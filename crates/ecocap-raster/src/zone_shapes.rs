//! Zone polygons read once, held as WKB (so every worker thread can use
//! them), and burnt onto a window of a grid on demand.
//!
//! Burning per window avoids writing and re-reading a full-size zone
//! raster: on a 16000² grid that raster alone cost more than the whole
//! account. The rule is GDAL's default rasterization rule (a cell belongs
//! to a polygon when its centre is inside), identical to [`crate::Zones`].

use crate::error::RasterError;
use crate::grid::Grid;
use crate::source::quiet_gdal;
use crate::window::Window;
use crate::Result;
use gdal::raster::{rasterize, RasterizeOptions};
use gdal::spatial_ref::{AxisMappingStrategy, SpatialRef};
use gdal::vector::{Geometry, LayerAccess};
use gdal::{Dataset, DatasetOptions, DriverManager, GdalOpenFlags};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One polygon feature: its WKB in the grid's CRS, envelope and zone number.
#[derive(Debug, Clone)]
struct Part {
    wkb: Vec<u8>,
    /// [xmin, ymin, xmax, ymax]
    env: [f64; 4],
    /// 1-based zone index
    zone: f64,
}

/// Zone polygons in a grid's CRS.
#[derive(Debug, Clone)]
pub struct ZoneShapes {
    /// the vector file
    pub path: PathBuf,
    /// the id field as found in the layer
    pub field: String,
    /// zone ids in order of first appearance (zone k is `ids[k-1]`)
    pub ids: Vec<String>,
    /// one note per invalid polygon (e.g. self-intersecting) that was made
    /// valid with GEOS MakeValid, naming the zone and its area before/after
    pub repaired: Vec<String>,
    parts: Vec<Part>,
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

fn geometry_of(part: &Part, path: &Path) -> Result<Geometry> {
    Geometry::from_wkb(&part.wkb).map_err(|e| RasterError::Zones {
        path: path.to_path_buf(),
        detail: format!("cannot rebuild a zone geometry: {e}"),
        hint: "check the file with ogrinfo".into(),
    })
}

/// A valid copy of `geom`: itself when valid, else GEOS MakeValid's repair
/// (noted in `notes` with the zone and its area before and after). When
/// GDAL cannot repair it (e.g. built without GEOS) the geometry is kept as
/// it is and that is noted too.
fn repair(geom: Geometry, id: &str, path: &Path, notes: &mut Vec<String>) -> Geometry {
    if geom.is_valid() {
        return geom;
    }
    match geom.make_valid(&gdal::cpl::CslStringList::new()) {
        Ok(fixed) => {
            notes.push(format!(
                "{}: zone '{id}' had an invalid (e.g. self-intersecting) polygon, made valid with GEOS MakeValid (area {:.1} → {:.1} in map units²); check it with ogr2ogr -makevalid",
                path.display(),
                geom.area(),
                fixed.area()
            ));
            fixed
        }
        Err(e) => {
            notes.push(format!(
                "{}: zone '{id}' has an invalid polygon that could not be repaired ({e}); it is used as it is and its area may be wrong; repair it in a GIS (QGIS Fix geometries, or ogr2ogr -makevalid)",
                path.display()
            ));
            geom
        }
    }
}

impl ZoneShapes {
    /// Read polygons from `path` (first layer), take zone ids from `field`
    /// and reproject them to `grid`'s CRS when needed. Refuses a missing
    /// field (suggesting the nearest), a layer without CRS when the grid has
    /// one, empty ids, and zones that do not overlap the grid.
    pub fn read(path: &Path, field: &str, grid: &Grid) -> Result<ZoneShapes> {
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
            (Some(_), None) => {
                // assuming the zones' CRS would silently misplace them
                return Err(RasterError::GridNoCrs {
                    zones: path.to_path_buf(),
                    raster: None,
                });
            }
            (None, None) => false,
        };
        let field_idx = layer
            .defn()
            .field_index(&field_name)
            .map_err(|e| zerr(e.to_string(), "check the field name"))?;
        let mut ids: Vec<String> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut parts: Vec<Part> = Vec::new();
        let mut repaired: Vec<String> = Vec::new();
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
                        "give every zone an id, or choose another zone field (`--zone-field` of esv, `field` of the zones in a config)",
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
            // A self-intersecting ring is filled by even-odd rules when
            // burnt, which silently drops part of the zone: repair it
            // (GEOS MakeValid, GDAL >= 3.4) and say so.
            let geom = repair(geom, &id, path, &mut repaired);
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
            let wkb = geom
                .wkb()
                .map_err(|e| zerr(e.to_string(), "check the geometry"))?;
            parts.push(Part {
                wkb,
                env: [e.MinX, e.MinY, e.MaxX, e.MaxY],
                zone: k as f64,
            });
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
        Ok(ZoneShapes {
            path: path.to_path_buf(),
            field: field_name,
            ids,
            repaired,
            parts,
        })
    }

    /// GDAL geometries and burn values of every part.
    pub(crate) fn geometries(&self) -> Result<(Vec<Geometry>, Vec<f64>)> {
        let mut g = Vec::with_capacity(self.parts.len());
        let mut b = Vec::with_capacity(self.parts.len());
        for p in &self.parts {
            g.push(geometry_of(p, &self.path)?);
            b.push(p.zone);
        }
        Ok((g, b))
    }

    /// Zone numbers (1-based; 0 = no zone) of the cells of `window` of
    /// `grid`, row-major, into `out`.
    pub fn burn(&self, grid: &Grid, window: &Window, out: &mut Vec<i32>) -> Result<()> {
        out.clear();
        out.resize(window.cells(), 0);
        let gt = grid.geo_transform;
        let x0 = gt[0] + gt[1] * window.col as f64;
        let y0 = gt[3] + gt[5] * window.row as f64;
        let x1 = x0 + gt[1] * window.width as f64;
        let y1 = y0 + gt[5] * window.height as f64;
        let (wx0, wx1) = (x0.min(x1), x0.max(x1));
        let (wy0, wy1) = (y0.min(y1), y0.max(y1));
        let hits: Vec<&Part> = self
            .parts
            .iter()
            .filter(|p| p.env[0] < wx1 && p.env[2] > wx0 && p.env[1] < wy1 && p.env[3] > wy0)
            .collect();
        if hits.is_empty() {
            return Ok(());
        }
        let werr = |e: gdal::errors::GdalError| RasterError::Zones {
            path: self.path.clone(),
            detail: format!("rasterizing zones failed: {e}"),
            hint: "check the zone geometries with ogrinfo".into(),
        };
        let driver = DriverManager::get_driver_by_name("MEM").map_err(werr)?;
        let mut ds = driver
            .create_with_band_type::<i32, _>("", window.width, window.height, 1)
            .map_err(werr)?;
        ds.set_geo_transform(&[x0, gt[1], gt[2], y0, gt[4], gt[5]])
            .map_err(werr)?;
        let mut geoms = Vec::with_capacity(hits.len());
        let mut burns = Vec::with_capacity(hits.len());
        for p in hits {
            geoms.push(geometry_of(p, &self.path)?);
            burns.push(p.zone);
        }
        let opts = RasterizeOptions {
            all_touched: false,
            ..Default::default()
        };
        rasterize(&mut ds, &[1], &geoms, &burns, Some(opts)).map_err(werr)?;
        let band = ds.rasterband(1).map_err(werr)?;
        let size = (window.width, window.height);
        band.read_into_slice::<i32>((0, 0), size, size, out, None)
            .map_err(werr)
    }
}
