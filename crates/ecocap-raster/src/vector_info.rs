//! Polygon features of a vector file: ids, areas and extent, for
//! per-watershed tables (InVEST reports volumes from the polygon's own
//! area, `geom.Area()`, in the layer's CRS units).

use crate::error::RasterError;
use crate::source::quiet_gdal;
use crate::Result;
use gdal::spatial_ref::{AxisMappingStrategy, SpatialRef};
use gdal::vector::LayerAccess;
use gdal::{Dataset, DatasetOptions, GdalOpenFlags};
use std::path::Path;

/// One polygon feature.
#[derive(Debug, Clone, PartialEq)]
pub struct PolygonFeature {
    /// the id field's value, as text
    pub id: String,
    /// polygon area in the layer's CRS units squared (m² when projected in metres)
    pub area: f64,
}

/// The features of a polygon layer and its extent.
#[derive(Debug, Clone, PartialEq)]
pub struct PolygonLayer {
    /// the id field as found (case may differ from the request)
    pub field: String,
    /// features with geometry, in file order
    pub features: Vec<PolygonFeature>,
    /// [xmin, ymin, xmax, ymax] in the requested CRS (the layer's when none)
    pub extent: [f64; 4],
}

fn traditional(mut srs: SpatialRef) -> SpatialRef {
    srs.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    srs
}

/// Read the first layer of `path`: ids from `field` (matched ignoring case),
/// areas, and the extent transformed to `crs_wkt` when given and different.
pub fn read_polygons(path: &Path, field: &str, crs_wkt: &str) -> Result<PolygonLayer> {
    quiet_gdal();
    if !path.exists() {
        return Err(RasterError::NotFound {
            path: path.to_path_buf(),
        });
    }
    let zerr = |detail: String, hint: &str| RasterError::Zones {
        path: path.to_path_buf(),
        detail,
        hint: hint.to_string(),
    };
    let options = DatasetOptions {
        open_flags: GdalOpenFlags::GDAL_OF_VECTOR | GdalOpenFlags::GDAL_OF_READONLY,
        ..Default::default()
    };
    let ds = Dataset::open_ex(path, options).map_err(|e| RasterError::NotAVector {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })?;
    let mut layer = ds
        .layer(0)
        .map_err(|e| zerr(e.to_string(), "give a polygon layer"))?;
    let names: Vec<String> = layer.defn().fields().map(|f| f.name()).collect();
    let Some(field_name) = names
        .iter()
        .find(|n| n.eq_ignore_ascii_case(field))
        .cloned()
    else {
        return Err(RasterError::ZoneField {
            path: path.to_path_buf(),
            layer: layer.name(),
            field: field.to_string(),
            found: names,
            suggestion: None,
        });
    };
    let idx = layer
        .defn()
        .field_index(&field_name)
        .map_err(|e| zerr(e.to_string(), "check the field name"))?;
    let target = if crs_wkt.trim().is_empty() {
        None
    } else {
        SpatialRef::from_wkt(crs_wkt).ok().map(traditional)
    };
    let own = layer.spatial_ref().map(traditional);
    let transform = match (&own, &target) {
        (Some(a), Some(b)) if a != b => Some(b.clone()),
        _ => None,
    };
    let mut features = Vec::new();
    let mut env = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for feature in layer.features() {
        let Some(geom) = feature.geometry() else {
            continue;
        };
        let id = feature
            .field_as_string(idx)
            .ok()
            .flatten()
            .unwrap_or_default()
            .trim()
            .to_string();
        let area = geom.area();
        let g = match &transform {
            Some(srs) => geom.transform_to(srs).map_err(|e| RasterError::Crs {
                path: path.to_path_buf(),
                detail: format!("cannot reproject feature '{id}': {e}"),
                hint: "check the layer's declared CRS".into(),
            })?,
            None => geom.clone(),
        };
        let e = g.envelope();
        env = [
            env[0].min(e.MinX),
            env[1].min(e.MinY),
            env[2].max(e.MaxX),
            env[3].max(e.MaxY),
        ];
        features.push(PolygonFeature { id, area });
    }
    if features.is_empty() {
        return Err(zerr(
            "the layer has no features with geometry".into(),
            "give a file with polygons",
        ));
    }
    Ok(PolygonLayer {
        field: field_name,
        features,
        extent: env,
    })
}
