//! Writing per-polygon results as a vector file: the polygons of an input
//! layer with their id and a set of real-valued fields (InVEST writes its
//! watershed results this way, e.g. `watershed_results_wyield.shp`).
//! The driver follows the extension: `.shp` (ESRI Shapefile, field names of
//! at most 10 characters), `.gpkg` (GeoPackage) or `.geojson`.

use crate::error::RasterError;
use crate::source::quiet_gdal;
use crate::Result;
use gdal::vector::{
    Feature, FieldValue, Geometry, LayerAccess, LayerOptions, OGRFieldType, OGRwkbGeometryType,
};
use gdal::{Dataset, DatasetOptions, DriverManager, GdalOpenFlags};
use std::path::Path;

/// Values of the real fields for one polygon id (None leaves a field null).
pub type FieldLookup<'a> = dyn Fn(&str) -> Option<Vec<Option<f64>>> + 'a;

fn werr(path: &Path, e: impl std::fmt::Display) -> RasterError {
    RasterError::Write {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

/// Copy the polygons of `src` (first layer) into a new file `dst`, keeping
/// the id field `id_field` (matched ignoring case) and adding the real
/// fields `fields`, valued by `values(id)`.
pub fn write_polygon_table(
    src: &Path,
    id_field: &str,
    dst: &Path,
    fields: &[&str],
    values: &FieldLookup<'_>,
) -> Result<()> {
    quiet_gdal();
    let options = DatasetOptions {
        open_flags: GdalOpenFlags::GDAL_OF_VECTOR | GdalOpenFlags::GDAL_OF_READONLY,
        ..Default::default()
    };
    let ds = Dataset::open_ex(src, options).map_err(|e| RasterError::NotAVector {
        path: src.to_path_buf(),
        detail: e.to_string(),
    })?;
    let mut layer = ds.layer(0).map_err(|e| werr(dst, e))?;
    let defn_fields: Vec<(String, OGRFieldType::Type)> = layer
        .defn()
        .fields()
        .map(|f| (f.name(), f.field_type()))
        .collect();
    let Some(idx) = defn_fields
        .iter()
        .position(|(n, _)| n.eq_ignore_ascii_case(id_field))
    else {
        return Err(RasterError::ZoneField {
            path: src.to_path_buf(),
            layer: layer.name(),
            field: id_field.to_string(),
            found: defn_fields.into_iter().map(|f| f.0).collect(),
            suggestion: None,
        });
    };
    let (id_name, id_type) = defn_fields[idx].clone();
    let id_type = match id_type {
        OGRFieldType::OFTInteger | OGRFieldType::OFTInteger64 => OGRFieldType::OFTInteger,
        _ => OGRFieldType::OFTString,
    };
    let srs = layer.spatial_ref();
    let feats: Vec<(String, Geometry)> = layer
        .features()
        .filter_map(|f| {
            let id = f.field_as_string(idx).ok().flatten().unwrap_or_default();
            f.geometry().map(|g| (id.trim().to_string(), g.clone()))
        })
        .collect();
    let ext = dst
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let driver_name = match ext.as_str() {
        "shp" => "ESRI Shapefile",
        "gpkg" => "GPKG",
        "geojson" | "json" => "GeoJSON",
        other => return Err(werr(dst, format!("unknown vector extension '.{other}'"))),
    };
    let driver = DriverManager::get_driver_by_name(driver_name).map_err(|e| werr(dst, e))?;
    let mut out = driver.create_vector_only(dst).map_err(|e| werr(dst, e))?;
    let name = dst
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("results");
    let multi = feats.iter().any(|(_, g)| {
        gdal::vector::geometry_type_flatten(g.geometry_type()) != OGRwkbGeometryType::wkbPolygon
    });
    let out_layer = out
        .create_layer(LayerOptions {
            name,
            srs: srs.as_ref(),
            ty: if multi {
                OGRwkbGeometryType::wkbMultiPolygon
            } else {
                OGRwkbGeometryType::wkbPolygon
            },
            options: None,
        })
        .map_err(|e| werr(dst, e))?;
    let mut defs: Vec<(&str, OGRFieldType::Type)> = vec![(id_name.as_str(), id_type)];
    defs.extend(fields.iter().map(|f| (*f, OGRFieldType::OFTReal)));
    out_layer
        .create_defn_fields(&defs)
        .map_err(|e| werr(dst, e))?;
    let defn = out_layer.defn();
    for (id, geom) in feats {
        let mut f = Feature::new(defn).map_err(|e| werr(dst, e))?;
        f.set_geometry(geom).map_err(|e| werr(dst, e))?;
        let idv = match (id_type, id.parse::<i32>()) {
            (OGRFieldType::OFTInteger, Ok(v)) => FieldValue::IntegerValue(v),
            _ => FieldValue::StringValue(id.clone()),
        };
        f.set_field(0, &idv).map_err(|e| werr(dst, e))?;
        if let Some(vals) = values(&id) {
            for (i, v) in vals.iter().enumerate() {
                if let Some(v) = v {
                    f.set_field_double(i + 1, *v).map_err(|e| werr(dst, e))?;
                }
            }
        }
        f.create(&out_layer).map_err(|e| werr(dst, e))?;
    }
    Ok(())
}
