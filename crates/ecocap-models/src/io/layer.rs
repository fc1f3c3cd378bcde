//! Input rasters read on a model's reference grid, with InVEST's nodata
//! rule: integer rasters compare with `==`; float rasters treat a value as
//! nodata when `|v − nodata| ≤ 1e-8 + 1e-5·|nodata|` (numpy.isclose, as in
//! pygeoprocessing's `array_equals_nodata`), and NaN is always nodata. A
//! raster without a nodata value has every pixel valid.

use std::collections::BTreeSet;
use std::path::Path;

use ecocap_raster::{Grid, GridReader, RasterSource, Window};

use crate::error::{ModelError, Result};

/// True when `v` counts as nodata for a raster whose nodata is `nd`.
pub fn is_nodata(v: f64, nd: Option<f64>) -> bool {
    v.is_nan() || nd.is_some_and(|n| v == n || (v - n).abs() <= 1e-8 + 1e-5 * n.abs())
}

/// Values that mark missing data in common products; a raster that
/// declares no nodata but contains one of these is almost always wrong.
const SENTINELS: [f64; 6] = [
    -9999.0,
    -99999.0,
    -32768.0,
    -3.402_823_466_385_288_6e38,
    f64::MIN,
    -1.0e30,
];

/// Open a raster input, naming the input in errors.
pub fn open_source(input: &str, path: &Path) -> Result<RasterSource> {
    RasterSource::open(path).map_err(ModelError::raster(input))
}

/// Refuse rasters whose coordinates are degrees: InVEST's models take
/// distances and areas from the pixel size, which must be in metres.
pub fn require_projected(input: &str, src: &RasterSource) -> Result<()> {
    if src.grid.is_geographic() {
        return Err(ModelError::input(
            format!("{input} ({})", src.path.display()),
            format!(
                "the raster is in a geographic CRS ({}), so its pixel size is in degrees",
                src.grid.crs_name()
            ),
            "reproject it to a projected CRS in metres, e.g. gdalwarp -t_srs EPSG:32650 in.tif out.tif (the UTM zone of your area)",
        ));
    }
    Ok(())
}

/// A raster input on the reference grid.
pub struct Layer {
    /// input id
    pub input: String,
    /// the file as opened
    pub source: RasterSource,
    reader: GridReader,
    /// declared range checked by [`Layer::read_valid_f32`]
    rules: Option<crate::ranges::Rules>,
}

impl Layer {
    /// Open `path` for reading on `target` (exact when on the same lattice,
    /// nearest-neighbour reprojection otherwise).
    pub fn open(input: &str, path: &Path, target: &Grid) -> Result<Layer> {
        let source = open_source(input, path)?;
        Layer::from_source(input, source, target)
    }

    /// As [`Layer::open`] for an already opened source.
    pub fn from_source(input: &str, source: RasterSource, target: &Grid) -> Result<Layer> {
        let reader = GridReader::open(&source, target).map_err(ModelError::raster(input))?;
        Ok(Layer {
            input: input.to_string(),
            source,
            reader,
            rules: None,
        })
    }

    /// Check every value [`Layer::read_valid_f32`] returns against the
    /// declared range of this input in `spec` (none: no check), so that a
    /// run refuses implausible values as it reads them.
    pub fn with_rules(mut self, spec: &ecocap_spec::ModelSpec) -> Layer {
        self.rules = crate::ranges::rules(spec, &self.input);
        self
    }

    /// True when the raster was reprojected or resampled onto the grid.
    pub fn is_resampled(&self) -> bool {
        self.reader.is_resampled()
    }

    /// Declared nodata.
    pub fn nodata(&self) -> Option<f64> {
        self.source.nodata
    }

    /// True when `v` is nodata in this raster.
    pub fn is_nodata(&self, v: f64) -> bool {
        is_nodata(v, self.source.nodata)
    }

    /// Values of window `w` (NaN where the source has no cell).
    pub fn read(&self, w: &Window) -> Result<Vec<f64>> {
        self.reader
            .read_f64(w, f64::NAN)
            .map_err(ModelError::raster(&self.input))
    }

    /// Values of window `w`, refusing sentinel values in a raster that
    /// declares no nodata (they would be used as data).
    pub fn read_checked(&self, w: &Window) -> Result<Vec<f64>> {
        let v = self.read(w)?;
        self.refuse_sentinels(v.iter().copied())?;
        Ok(v)
    }

    /// Values of window `w` as f32, NaN where the stored value is nodata
    /// (the rule of [`is_nodata`], applied to the value as stored) or the
    /// source has no cell; sentinels refused as [`Layer::read_checked`].
    /// Float32 and small integer bands are read as f32 directly (exact);
    /// others as f64, tested, then narrowed.
    pub fn read_valid_f32(&self, w: &Window) -> Result<Vec<f32>> {
        let v = self.valid_f32(w)?;
        if let Some(r) = &self.rules {
            r.check(&self.input, &self.source, &v)?;
        }
        Ok(v)
    }

    fn valid_f32(&self, w: &Window) -> Result<Vec<f32>> {
        let nd = self.source.nodata;
        let exact = matches!(
            self.source.data_type.as_str(),
            "Float32" | "Byte" | "Int8" | "UInt16" | "Int16"
        );
        if !exact {
            let v = self.read_checked(w)?;
            return Ok(v
                .into_iter()
                .map(|x| if is_nodata(x, nd) { f32::NAN } else { x as f32 })
                .collect());
        }
        let mut v = self
            .reader
            .read_f32(w, f32::NAN)
            .map_err(ModelError::raster(&self.input))?;
        self.refuse_sentinels(v.iter().map(|x| *x as f64))?;
        if nd.is_some() {
            for x in v.iter_mut() {
                if is_nodata(*x as f64, nd) {
                    *x = f32::NAN;
                }
            }
        }
        Ok(v)
    }

    fn refuse_sentinels(&self, mut values: impl Iterator<Item = f64>) -> Result<()> {
        if self.source.nodata.is_some() {
            return Ok(());
        }
        if let Some(x) = values.find(|x| SENTINELS.contains(x)) {
            return Err(ModelError::input(
                format!("{} ({})", self.input, self.source.path.display()),
                format!("the raster declares no nodata value but contains {x}, a usual nodata marker; it would be used as data"),
                format!("declare the nodata value, e.g. gdal_edit.py -a_nodata {x} {}", self.source.path.display()),
            ));
        }
        Ok(())
    }

    /// Class codes are integers: a float raster given as a class map (a
    /// land cover saved as Float32) is refused, naming the file, as `esv`,
    /// `account` and `seea` refuse it, instead of being truncated.
    fn refuse_float_codes(&self) -> Result<()> {
        if self.source.is_integer {
            return Ok(());
        }
        let p = self.source.path.display();
        Err(ModelError::input(
            format!("{} ({p})", self.input),
            format!(
                "the raster has {} cells, but class codes must be integers (a float class map would be truncated)",
                self.source.data_type
            ),
            format!("check that its values are whole class codes and convert it, e.g. gdal_translate -ot Int32 {p} landcover_int.tif"),
        ))
    }

    /// Codes of window `w` as i64, None for nodata or cells outside.
    pub fn read_codes(&self, w: &Window) -> Result<Vec<Option<i64>>> {
        self.refuse_float_codes()?;
        if self.source.is_integer {
            // the fill marks cells outside the source (an Int32 raster
            // using i32::MIN as a class is not supported)
            let v = self.codes_i32(w, i32::MIN, false)?;
            return Ok(v
                .into_iter()
                .map(|x| (x != i32::MIN).then_some(i64::from(x)))
                .collect());
        }
        let v = self.read(w)?;
        Ok(v.into_iter()
            .map(|x| {
                if self.is_nodata(x) {
                    None
                } else {
                    Some(x as i64)
                }
            })
            .collect())
    }

    /// Codes of window `w` as i32, `none` for nodata or cells outside: the
    /// rule of [`Layer::read_codes`] in 4 bytes per cell.
    pub fn read_codes_i32(&self, w: &Window, none: i32) -> Result<Vec<i32>> {
        self.codes_i32(w, none, false)
    }

    /// [`Layer::read_codes_i32`], refusing sentinel values in a raster
    /// that declares no nodata, as [`Layer::read_checked`] does.
    pub fn read_codes_i32_checked(&self, w: &Window, none: i32) -> Result<Vec<i32>> {
        self.codes_i32(w, none, true)
    }

    /// Integer bands (up to 32 bits) are read as i32 directly: no float
    /// round trip, and nodata compares with `==` (InVEST's rule); float
    /// bands are read as f64, tested by [`is_nodata`] and truncated.
    fn codes_i32(&self, w: &Window, none: i32, checked: bool) -> Result<Vec<i32>> {
        self.refuse_float_codes()?;
        if !self.source.is_integer {
            let v = if checked {
                self.read_checked(w)?
            } else {
                self.read(w)?
            };
            return Ok(v
                .into_iter()
                .map(|x| if self.is_nodata(x) { none } else { x as i32 })
                .collect());
        }
        let fill = i32::MIN;
        let nd = self
            .source
            .nodata
            .filter(|n| n.fract() == 0.0 && *n >= i32::MIN as f64 && *n <= i32::MAX as f64)
            .map(|n| n as i32);
        let mut v = self
            .reader
            .read_i32(w, fill)
            .map_err(ModelError::raster(&self.input))?;
        if checked {
            self.refuse_sentinels(v.iter().map(|x| *x as f64))?;
        }
        for x in v.iter_mut() {
            if Some(*x) == nd || *x == fill {
                *x = none;
            }
        }
        Ok(v)
    }

    /// Every distinct valid code on `grid`.
    pub fn unique_codes(&self, grid: &Grid) -> Result<BTreeSet<i64>> {
        let mut set = BTreeSet::new();
        for w in strips(grid) {
            let mut last = None;
            for c in self.read_codes(&w)?.into_iter().flatten() {
                // land cover comes in runs: skip the set lookup within a run
                if last != Some(c) {
                    set.insert(c);
                    last = Some(c);
                }
            }
        }
        Ok(set)
    }
}

/// Windows of whole rows covering `grid` (about 1 M cells each), in order.
/// Strip heights are multiples of 256 rows, the tile height of
/// [`ecocap_raster::TiffWriter`], so that no output tile is written twice
/// (a tile split between two strips would be compressed, read back and
/// compressed again).
pub fn strips(grid: &Grid) -> Vec<Window> {
    let rows = ((1_048_576 / grid.width.max(1)) / 256 * 256)
        .max(256)
        .clamp(1, grid.height.max(1));
    (0..grid.height)
        .step_by(rows)
        .map(|row| Window {
            col: 0,
            row,
            width: grid.width,
            height: rows.min(grid.height - row),
        })
        .collect()
}

/// Error when a code of `codes` (found in `layer`) is not a key of the table.
pub fn check_codes<'a>(
    table_input: &str,
    table_path: &Path,
    layer: &Layer,
    codes: &BTreeSet<i64>,
    keys: impl Iterator<Item = &'a i64>,
) -> Result<()> {
    let keys: BTreeSet<i64> = keys.copied().collect();
    let missing: Vec<i64> = codes.difference(&keys).copied().collect();
    if missing.is_empty() {
        return Ok(());
    }
    let looks_nodata: Vec<String> = missing
        .iter()
        .filter(|c| {
            [
                -1,
                0,
                127,
                255,
                65535,
                -128,
                -9999,
                -32768,
                i32::MAX as i64,
                i32::MIN as i64,
            ]
            .contains(c)
        })
        .map(|c| c.to_string())
        .collect();
    let note = match (layer.source.nodata, looks_nodata.is_empty()) {
        (None, false) => format!(
            ". The raster declares no nodata value; {} looks like a nodata marker (declare it with gdal_edit.py -a_nodata VALUE {})",
            looks_nodata.join(", "),
            layer.source.path.display()
        ),
        (Some(nd), _) => format!(". (The raster's nodata value {nd} is skipped and not listed.)"),
        _ => String::new(),
    };
    Err(ModelError::MissingCodes {
        input: table_input.to_string(),
        raster: layer.source.path.clone(),
        table: table_path.to_path_buf(),
        codes: missing,
        note,
    })
}
