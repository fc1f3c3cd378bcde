//! Land-cover classes of a scenario and the column pass of its threats.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use ecocap_raster::{Grid, RasterSource};

use super::edt::{Columns, Dist};
use super::threats::{Sensitivity, Threat};
use super::SCENARIOS;
use crate::error::{ModelError, Result};
use crate::io::layer::{open_source, strips, Layer};
use crate::io::lut::CodeLut;

/// Class of a nodata cell.
pub const NONE: u16 = u16::MAX;
/// Class of a valid code that the sensitivity table lacks.
pub const OTHER: u16 = u16::MAX - 1;

/// Land cover held as a 2-byte index into the sensitivity table's codes.
pub struct Classes {
    /// the table's codes, ascending (class i is `keys[i]`)
    pub keys: Vec<i64>,
    index: CodeLut<u16>,
}

impl Classes {
    /// Classes of the sensitivity table.
    pub fn new(sens: &Sensitivity) -> Result<Classes> {
        let keys: Vec<i64> = sens.habitat.keys().copied().collect();
        if keys.len() >= OTHER as usize {
            return Err(ModelError::input(
                "sensitivity_table_path",
                format!("{} land-cover codes in the table", keys.len()),
                "habitat quality takes at most 65533 classes",
            ));
        }
        let map = keys
            .iter()
            .enumerate()
            .map(|(i, c)| (*c, i as u16))
            .collect();
        Ok(Classes {
            index: CodeLut::new(&map),
            keys,
        })
    }

    /// Classes of every cell of `lulc` and its distinct valid codes.
    pub fn read(&self, lulc: &Layer, grid: &Grid) -> Result<(Vec<u16>, BTreeSet<i64>)> {
        let mut cls: Vec<u16> = Vec::with_capacity(grid.width * grid.height);
        let mut unique = BTreeSet::new();
        let mut last = None;
        for w in strips(grid) {
            for c in lulc.read_codes(&w)? {
                match c {
                    Some(c) => {
                        // land cover comes in runs: skip the set lookup within a run
                        if last != Some(c) {
                            unique.insert(c);
                            last = Some(c);
                        }
                        cls.push(self.index.get(c).unwrap_or(OTHER));
                    }
                    None => cls.push(NONE),
                }
            }
        }
        Ok((cls, unique))
    }

    /// Per-class values of a table column (0 where the column lacks the code).
    pub fn by_class(&self, m: &BTreeMap<i64, f64>) -> Vec<f64> {
        self.keys
            .iter()
            .map(|c| m.get(c).copied().unwrap_or(0.0))
            .collect()
    }
}

/// Column distances of one threat, in the narrowest storage its reach
/// allows.
pub enum ColumnGrid {
    /// reach below 254 pixels
    U8(Vec<u8>),
    /// reach below 65534 pixels
    U16(Vec<u16>),
    /// longer reach
    U32(Vec<u32>),
}

/// A threat raster read for scenario `s`: its column distances (None when
/// it has no non-zero pixel: it degrades nothing), the input line for the
/// report, and a note when it has no pixel.
pub struct ThreatRead {
    pub columns: Option<ColumnGrid>,
    pub input: (String, PathBuf),
    pub note: Option<String>,
}

/// The raster of threat `t` for scenario `s`, opened (its input label
/// names the threat and the column); an error when the table gives none.
pub fn threat_source(t: &Threat, s: usize) -> Result<(String, RasterSource)> {
    let Some(path) = &t.paths[s] else {
        return Err(ModelError::input(
            "threats_table_path",
            format!("threat '{}' has no {} raster", t.name, SCENARIOS[s].2),
            format!(
                "give a raster path in the {} column for every threat",
                SCENARIOS[s].2
            ),
        ));
    };
    let input = format!(
        "threats_table_path (threat '{}', {})",
        t.name, SCENARIOS[s].2
    );
    let src = open_source(&input, path)?;
    Ok((input, src))
}

/// Column pass of the distance to threat `t` of scenario `s`, keeping
/// column distances up to `limit` pixels.
pub fn threat_columns(t: &Threat, s: usize, grid: &Grid, limit: u64) -> Result<ThreatRead> {
    let (input, src) = threat_source(t, s)?;
    let path = src.path.clone();
    let layer = Layer::from_source(&input, src, grid)?;
    let (columns, any) = if limit < u8::MAX as u64 {
        let (g, any) = sweep::<u8>(&layer, grid, limit as u32)?;
        (ColumnGrid::U8(g), any)
    } else if limit < u16::MAX as u64 {
        let (g, any) = sweep::<u16>(&layer, grid, limit as u32)?;
        (ColumnGrid::U16(g), any)
    } else {
        let (g, any) = sweep::<u32>(&layer, grid, limit.min(u32::MAX as u64) as u32)?;
        (ColumnGrid::U32(g), any)
    };
    let note = (!any).then(|| {
        format!(
            "threat '{}' ({}) has no non-zero pixel: it degrades nothing",
            t.name,
            path.display()
        )
    });
    Ok(ThreatRead {
        columns: any.then_some(columns),
        input: (input, path.clone()),
        note,
    })
}

/// Read `layer` in strips (its values are only needed as a mask) into the
/// column pass; true when it has a threat pixel.
fn sweep<T: Dist>(layer: &Layer, grid: &Grid, limit: u32) -> Result<(Vec<T>, bool)> {
    let mut cols = Columns::<T>::new(grid.width, grid.height, limit);
    for w in strips(grid) {
        let v = layer.read(&w)?;
        for row in v.chunks(grid.width.max(1)) {
            // 0 and nodata are not threat pixels; the first value outside
            // [0, 1] stops the read
            let mut bad = None;
            cols.push_row(row.iter().map(|x| {
                if *x == 0.0 || layer.is_nodata(*x) {
                    false
                } else if (0.0..=1.0).contains(x) {
                    true
                } else {
                    bad = bad.or(Some(*x));
                    false
                }
            }));
            if let Some(bad) = bad {
                return Err(ModelError::input(
                    layer.input.clone(),
                    format!(
                        "{}: threat value {bad} is outside [0, 1]",
                        layer.source.path.display()
                    ),
                    "threat rasters hold 1 (or a value in (0, 1]) where the threat is and 0 elsewhere; declare the nodata value if it is a nodata marker",
                ));
            }
        }
    }
    let any = cols.any();
    Ok((cols.finish(), any))
}
