//! Areas by zone, year and land-cover class: what the account is computed from.

use super::adjust::Factor;
use super::error::EsvError;
use ecocap_params::{CsvTable, TableProvenance};
use ecocap_units::AreaUnit;
use std::collections::BTreeMap;
use std::path::Path;

/// Zone, year and class of an area.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AreaKey {
    /// zone id ("all" when no zones)
    pub zone: String,
    /// year (None when the table has no year column)
    pub year: Option<i32>,
    /// land-cover class as written in the data (code or name)
    pub class: String,
}

/// Area of one key, and its area-weighted factor sums.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct AreaSums {
    /// hectares
    pub area_ha: f64,
    /// Σ area × factor for each [`Factor`] supplied as a raster (hectares);
    /// equals `area_ha` for a factor not given as a raster
    pub weighted: [f64; 3],
    /// number of cells (0 for table input)
    pub cells: u64,
}

impl AreaSums {
    /// Plain area with no raster factors.
    pub fn plain(area_ha: f64) -> AreaSums {
        AreaSums {
            area_ha,
            weighted: [area_ha; 3],
            cells: 0,
        }
    }

    /// Add another sum.
    pub fn add(&mut self, o: &AreaSums) {
        self.area_ha += o.area_ha;
        for i in 0..3 {
            self.weighted[i] += o.weighted[i];
        }
        self.cells += o.cells;
    }

    /// Area-weighted sum for factor `f`.
    pub fn weighted_for(&self, f: Factor) -> f64 {
        self.weighted[f.index()]
    }
}

/// Areas by key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AreaTable {
    /// the areas
    pub areas: BTreeMap<AreaKey, AreaSums>,
    /// where they came from (for the manifest)
    pub provenance: Option<TableProvenance>,
}

impl AreaTable {
    /// Add `sums` under `key`.
    pub fn add(&mut self, key: AreaKey, sums: AreaSums) {
        self.areas.entry(key).or_default().add(&sums);
    }

    /// Zones in order.
    pub fn zones(&self) -> Vec<String> {
        let mut z: Vec<String> = self.areas.keys().map(|k| k.zone.clone()).collect();
        z.dedup();
        z.sort();
        z.dedup();
        z
    }

    /// Years in order.
    pub fn years(&self) -> Vec<Option<i32>> {
        let mut y: Vec<Option<i32>> = self.areas.keys().map(|k| k.year).collect();
        y.sort();
        y.dedup();
        y
    }

    /// Distinct classes in order.
    pub fn classes(&self) -> Vec<String> {
        let mut c: Vec<String> = self.areas.keys().map(|k| k.class.clone()).collect();
        c.sort();
        c.dedup();
        c
    }

    /// Read a CSV with columns `zone,year,class,area` (zone and year optional).
    pub fn read_csv(path: &Path, unit: AreaUnit) -> Result<AreaTable, EsvError> {
        let (t, decoded) = CsvTable::from_path(path)?;
        let c_class = t.column("class")?;
        let c_area = t.column("area")?;
        let c_zone = t.optional_column("zone");
        let c_year = t.optional_column("year");
        let file = path.to_path_buf();
        let mut out = AreaTable::default();
        // first line of each key: a repeated zone, year and class is refused
        // (summing them silently doubled areas)
        let mut first: BTreeMap<AreaKey, u64> = BTreeMap::new();
        let mut repeated: Vec<String> = Vec::new();
        for row in &t.rows {
            let bad = |column: &str, detail: String, hint: &str| EsvError::BadValue {
                file: file.clone(),
                row: row.line as usize,
                column: column.to_string(),
                detail,
                hint: hint.to_string(),
            };
            let class = t.text(row, c_class)?.to_string();
            let raw = row.get(c_area);
            let area: f64 = raw.parse().map_err(|_| {
                bad(
                    "area",
                    format!("'{raw}' is not a number"),
                    "areas are plain numbers in the unit given by --area-unit (no thousands separators)",
                )
            })?;
            if area.is_nan() || area.is_infinite() {
                return Err(bad(
                    "area",
                    format!("'{raw}' is not a finite number"),
                    "give a finite area",
                ));
            }
            if area < 0.0 {
                return Err(bad(
                    "area",
                    format!("negative area {raw}"),
                    "areas must be zero or positive",
                ));
            }
            let zone = c_zone
                .map(|c| row.get(c).to_string())
                .filter(|z| !z.is_empty())
                .unwrap_or_else(|| "all".to_string());
            let year = match c_year.map(|c| row.get(c)).filter(|y| !y.is_empty()) {
                None => None,
                Some(y) => Some(y.parse::<i32>().map_err(|_| {
                    bad(
                        "year",
                        format!("'{y}' is not a year"),
                        "years are integers such as 2020",
                    )
                })?),
            };
            let key = AreaKey { zone, year, class };
            if let Some(l) = first.get(&key) {
                repeated.push(format!(
                    "line {} repeats line {l}: zone '{}', year {}, class '{}'",
                    row.line,
                    key.zone,
                    key.year.map_or_else(|| "-".to_string(), |y| y.to_string()),
                    key.class
                ));
                continue;
            }
            first.insert(key.clone(), row.line);
            out.add(key, AreaSums::plain(unit.to_hectares(area)));
        }
        if !repeated.is_empty() {
            return Err(EsvError::DuplicateAreas {
                file: file.clone(),
                lines: repeated,
            });
        }
        out.provenance = Some(TableProvenance {
            name: "areas".into(),
            origin: ecocap_params::Origin::File(path.to_path_buf()),
            encoding: decoded.encoding,
            sha256: decoded.sha256,
        });
        Ok(out)
    }
}
