//! Opening a raster and describing it.

use crate::error::RasterError;
use crate::grid::Grid;
use crate::Result;
use gdal::errors::CplErrType;
use gdal::raster::GdalDataType;
use gdal::{Dataset, DatasetOptions, GdalOpenFlags};
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Once;

static QUIET: Once = Once::new();

thread_local! {
    /// GDAL's last failure message on this thread (GDAL 3.6 reports
    /// failures while closing a dataset only through the error handler).
    static LAST_FAILURE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Take (and clear) GDAL's last failure on this thread.
pub(crate) fn take_gdal_failure() -> Option<String> {
    LAST_FAILURE.with(|f| f.borrow_mut().take())
}

/// Route GDAL's own error printing away from the terminal: every GDAL
/// failure reaches the user through a [`RasterError`] that names the file,
/// so GDAL's raw "ERROR 4: ..." lines would only repeat it less clearly.
pub(crate) fn quiet_gdal() {
    QUIET.call_once(|| {
        gdal::config::set_error_handler(|class, _, msg| {
            if matches!(class, CplErrType::Failure | CplErrType::Fatal) {
                LAST_FAILURE.with(|f| *f.borrow_mut() = Some(msg.to_string()));
            }
        });
        // A bounded block cache keeps peak memory flat whatever the raster
        // size (GDAL's default is 5 % of RAM); respect a user's setting.
        // Reads are windows of whole blocks and writes whole tile rows, so
        // the cache mostly holds written tiles waiting to be compressed:
        // 16 MB rather than 64 cut SDR's peak at 4000² by 75 MB at equal
        // CPU time (docs/ROUTING.md, "Whole runs").
        if std::env::var_os("GDAL_CACHEMAX").is_none() {
            let _ = gdal::config::set_config_option("GDAL_CACHEMAX", "16");
        }
        // Decode the blocks of a compressed GeoTIFF on every core when a
        // read spans several of them (GDAL >= 3.6); respect a user's setting.
        if std::env::var_os("GDAL_NUM_THREADS").is_none() {
            let _ = gdal::config::set_config_option("GDAL_NUM_THREADS", "ALL_CPUS");
        }
    });
}

pub(crate) fn open_raster(path: &Path) -> Result<Dataset> {
    quiet_gdal();
    if !path.exists() {
        return Err(RasterError::NotFound {
            path: path.to_path_buf(),
        });
    }
    if path.is_dir() {
        return Err(RasterError::Directory {
            path: path.to_path_buf(),
        });
    }
    let options = DatasetOptions {
        open_flags: GdalOpenFlags::GDAL_OF_RASTER | GdalOpenFlags::GDAL_OF_READONLY,
        ..Default::default()
    };
    Dataset::open_ex(path, options).map_err(|e| RasterError::NotARaster {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })
}

/// A single-band raster input: where it is and what it looks like.
#[derive(Debug, Clone)]
pub struct RasterSource {
    /// file path
    pub path: PathBuf,
    /// its grid
    pub grid: Grid,
    /// GDAL data type name of band 1 (e.g. "Byte", "Float32")
    pub data_type: String,
    /// true for integer band types
    pub is_integer: bool,
    /// declared nodata of band 1, if any
    pub nodata: Option<f64>,
    /// natural block size (columns, rows) of band 1
    pub block_size: (usize, usize),
    /// number of bands in the file (band 1 is read)
    pub band_count: usize,
}

impl RasterSource {
    /// Open `path` with GDAL and describe band 1.
    pub fn open(path: impl AsRef<Path>) -> Result<RasterSource> {
        let path = path.as_ref();
        let ds = open_raster(path)?;
        if ds.raster_count() == 0 {
            return Err(RasterError::NotARaster {
                path: path.to_path_buf(),
                detail: "the file has no raster bands".into(),
            });
        }
        let not_raster = |e: gdal::errors::GdalError| RasterError::NotARaster {
            path: path.to_path_buf(),
            detail: e.to_string(),
        };
        let band = ds.rasterband(1).map_err(not_raster)?;
        let (width, height) = ds.raster_size();
        let geo_transform = ds.geo_transform().map_err(|_| RasterError::Crs {
            path: path.to_path_buf(),
            detail: "the raster has no geotransform (it is not georeferenced)".into(),
            hint: "georeference it (e.g. gdal_translate -a_srs / -a_ullr) before use".into(),
        })?;
        let data_type = band.band_type();
        let is_integer = !matches!(
            data_type,
            GdalDataType::Float32 | GdalDataType::Float64 | GdalDataType::Unknown
        );
        Ok(RasterSource {
            path: path.to_path_buf(),
            grid: Grid {
                width,
                height,
                geo_transform,
                crs_wkt: ds.projection(),
            },
            data_type: data_type.name(),
            is_integer,
            nodata: band.no_data_value(),
            block_size: band.block_size(),
            band_count: ds.raster_count(),
        })
    }

    /// Override (or set) the nodata value used when reading this source.
    pub fn with_nodata(mut self, nodata: Option<f64>) -> RasterSource {
        if nodata.is_some() {
            self.nodata = nodata;
        }
        self
    }

    /// Error when this raster's grid differs from `reference`'s.
    pub fn require_same_grid(&self, reference: &RasterSource, hint: &str) -> Result<()> {
        let diffs = self.grid.differences(&reference.grid);
        if diffs.is_empty() {
            return Ok(());
        }
        Err(RasterError::GridMismatch {
            path: self.path.clone(),
            reference: reference.path.clone(),
            differences: diffs.iter().map(|d| d.to_string()).collect(),
            hint: hint.to_string(),
        })
    }
}
