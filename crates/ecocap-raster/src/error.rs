//! Errors of the raster machinery. Every variant names the file involved.

use std::path::PathBuf;

/// What can go wrong while reading, aligning or writing rasters and zones.
#[derive(Debug, thiserror::Error)]
pub enum RasterError {
    /// The file does not exist.
    #[error("{path}: file not found\nhint: check the path; relative paths are resolved from the current directory")]
    NotFound { path: PathBuf },

    /// A directory was given where a raster file is expected.
    #[error("{path}: is a directory, not a raster file\nhint: give the path of the raster file itself (e.g. {path}/landcover.tif)")]
    Directory { path: PathBuf },

    /// GDAL could not open the file as a raster.
    #[error("{path}: not a raster GDAL can read ({detail})\nhint: give a GeoTIFF or another GDAL raster format (see `gdalinfo --formats`)")]
    NotARaster { path: PathBuf, detail: String },

    /// GDAL could not open the file as a vector dataset.
    #[error("{path}: not a vector dataset GDAL can read ({detail})\nhint: give a GeoPackage (.gpkg), Shapefile (.shp) or GeoJSON file")]
    NotAVector { path: PathBuf, detail: String },

    /// Grids differ and alignment was not requested or is impossible.
    #[error("{path}: grid differs from the reference grid of {reference}: {}\nhint: {hint}", .differences.join("; "))]
    GridMismatch {
        path: PathBuf,
        reference: PathBuf,
        differences: Vec<String>,
        hint: String,
    },

    /// The raster or vector has no usable coordinate reference system.
    #[error("{path}: {detail}\nhint: {hint}")]
    Crs {
        path: PathBuf,
        detail: String,
        hint: String,
    },

    /// The raster compared with zones has no CRS, the zones have one.
    #[error("{zones}: the zones have a coordinate reference system, but {} has no coordinate reference system, so they cannot be placed on it\nhint: assign the raster's CRS, e.g. `gdal_edit.py -a_srs EPSG:32650 {}` (the EPSG code of the system it was made in), and run again", raster_name(.raster, "the raster they are compared with (DEM or land cover)"), raster_name(.raster, "RASTER.tif"))]
    GridNoCrs {
        zones: PathBuf,
        raster: Option<PathBuf>,
    },

    /// The zone field is missing from the vector layer.
    #[error("{path}: no field '{field}' in layer '{layer}'; fields found: {}{}\nhint: add or rename the field in the layer, or choose one of the fields found as the zone field (`--zone-field` of esv, `field` of the zones in a config)", .found.join(", "), .suggestion.as_ref().map(|s| format!(" (did you mean '{s}'?)")).unwrap_or_default())]
    ZoneField {
        path: PathBuf,
        layer: String,
        field: String,
        found: Vec<String>,
        suggestion: Option<String>,
    },

    /// Zone polygons do not overlap the raster.
    #[error("{path}: zones do not overlap the raster {raster} (zone extent {zone_extent}, raster extent {raster_extent})\nhint: check that both are for the same area and that their coordinate systems are declared correctly")]
    ZonesNoOverlap {
        path: PathBuf,
        raster: PathBuf,
        zone_extent: String,
        raster_extent: String,
    },

    /// Something else in the zones file is unusable.
    #[error("{path}: {detail}\nhint: {hint}")]
    Zones {
        path: PathBuf,
        detail: String,
        hint: String,
    },

    /// An output could not be created or written.
    #[error("{path}: cannot write output ({detail})\nhint: check that the output directory exists and is writable, and that the disk is not full")]
    Write { path: PathBuf, detail: String },

    /// An output could not be written because its disk is full.
    #[error("disk full at {path}\nhint: free space on that disk, or write the outputs to a folder on another disk")]
    DiskFull { path: PathBuf },

    /// The cells of an opened raster could not be read: the file is
    /// truncated or damaged.
    #[error("{path}: cannot read the raster's cells{}\nhint: the file is probably truncated or damaged; check it with `gdalinfo -checksum {path}`, then export or download it again", detail_suffix(.detail))]
    Read { path: PathBuf, detail: String },
}

fn raster_name(raster: &Option<PathBuf>, unknown: &str) -> String {
    raster
        .as_ref()
        .map_or_else(|| unknown.to_string(), |p| p.display().to_string())
}

/// " (GDAL's reason)" without GDAL's empty or boilerplate parts.
fn detail_suffix(detail: &str) -> String {
    let msg = match detail.split_once("error msg: ") {
        Some((_, m)) => m.trim_matches(|c| c == '\'' || c == ' '),
        None => detail.trim(),
    };
    if msg.is_empty() {
        String::new()
    } else {
        format!(" ({msg})")
    }
}

impl RasterError {
    /// Name the raster in a [`RasterError::GridNoCrs`] (the zone reader
    /// knows only its grid); other errors are returned unchanged.
    pub fn with_raster(self, path: &std::path::Path) -> RasterError {
        match self {
            RasterError::GridNoCrs { zones, .. } => RasterError::GridNoCrs {
                zones,
                raster: Some(path.to_path_buf()),
            },
            e => e,
        }
    }

    /// True when the error comes from the user's input or the user's
    /// system (a damaged file, a full disk): exit status 2. Every variant
    /// names the file and says what to do.
    pub fn is_input_error(&self) -> bool {
        true
    }
}
