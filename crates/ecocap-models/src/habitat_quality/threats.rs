//! The threats and sensitivity tables of habitat quality.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ecocap_params::CsvTable;

use super::kernel::Decay;
use crate::error::{ModelError, Result};
use crate::io::table::LookupTable;

/// One threat row.
#[derive(Debug, Clone)]
pub struct Threat {
    /// name (a column of the sensitivity table)
    pub name: String,
    /// reach in metres (> 0)
    pub max_dist: f64,
    /// weight in [0, 1]
    pub weight: f64,
    /// decay form
    pub decay: Decay,
    /// rasters for the current, future and baseline maps (resolved)
    pub paths: [Option<PathBuf>; 3],
}

const INPUT: &str = "threats_table_path";

fn bad(path: &Path, line: u64, column: &str, value: &str, detail: &str, hint: &str) -> ModelError {
    ModelError::input(
        INPUT,
        format!(
            "{}: line {line}: error in column \"{column}\", value \"{value}\": {detail}",
            path.display()
        ),
        hint,
    )
}

/// Read the threats table; raster paths are relative to the table.
pub fn read_threats(path: &Path) -> Result<Vec<Threat>> {
    let (t, _) = CsvTable::from_path(path).map_err(ModelError::table(INPUT))?;
    let col = |n: &str| t.column(n).map_err(ModelError::table(INPUT));
    let (c_name, c_dist, c_w, c_decay, c_cur) = (
        col("threat")?,
        col("max_dist")?,
        col("weight")?,
        col("decay")?,
        col("cur_path")?,
    );
    let (c_fut, c_base) = (
        t.optional_column("fut_path"),
        t.optional_column("base_path"),
    );
    let base = path.parent().unwrap_or_else(|| Path::new("."));
    let resolve = |v: &str| -> Option<PathBuf> {
        let v = v.trim();
        (!v.is_empty()).then(|| {
            let p = PathBuf::from(v);
            if p.is_relative() {
                base.join(p)
            } else {
                p
            }
        })
    };
    let mut out = Vec::new();
    for row in &t.rows {
        let name = t
            .text(row, c_name)
            .map_err(ModelError::table(INPUT))?
            .to_string();
        let max_dist = t
            .number(row, c_dist, "max_dist is a distance in metres")
            .map_err(ModelError::table(INPUT))?;
        if max_dist <= 0.0 {
            return Err(bad(
                path,
                row.line,
                "max_dist",
                row.get(c_dist),
                "max_dist must be greater than 0",
                "give the threat's reach in metres, e.g. 1000",
            ));
        }
        let weight = t
            .number(row, c_w, "weight is a ratio in [0, 1]")
            .map_err(ModelError::table(INPUT))?;
        if !(0.0..=1.0).contains(&weight) {
            return Err(bad(
                path,
                row.line,
                "weight",
                row.get(c_w),
                "weight must be in [0, 1]",
                if max_dist <= 1.0 && weight > 1.0 {
                    "max_dist is tiny and weight large: are the max_dist and weight columns swapped?"
                } else {
                    "weights are relative; divide by the largest (or by 100 if given in percent)"
                },
            ));
        }
        let decay = match row.get(c_decay).trim().to_ascii_lowercase().as_str() {
            "linear" => Decay::Linear,
            "exponential" => Decay::Exponential,
            other => {
                return Err(bad(
                    path,
                    row.line,
                    "decay",
                    other,
                    "decay must be linear or exponential",
                    "write linear or exponential",
                ))
            }
        };
        out.push(Threat {
            name,
            max_dist,
            weight,
            decay,
            paths: [
                resolve(row.get(c_cur)),
                c_fut.and_then(|c| resolve(row.get(c))),
                c_base.and_then(|c| resolve(row.get(c))),
            ],
        });
    }
    if out.is_empty() {
        return Err(ModelError::input(
            INPUT,
            format!("{}: no threat rows", path.display()),
            "add at least one threat",
        ));
    }
    Ok(out)
}

/// Habitat suitability and per-threat sensitivity by land-cover code.
pub struct Sensitivity {
    /// habitat in [0, 1]
    pub habitat: BTreeMap<i64, f64>,
    /// one map per threat, in the threats' order
    pub by_threat: Vec<BTreeMap<i64, f64>>,
}

/// Read the sensitivity table; every threat must have a column.
pub fn read_sensitivity(path: &Path, threats: &[Threat]) -> Result<Sensitivity> {
    let t = LookupTable::read("sensitivity_table_path", path, "lucode")?;
    let missing: Vec<&str> = threats
        .iter()
        .map(|x| x.name.as_str())
        .filter(|n| !t.has(n))
        .collect();
    if !missing.is_empty() {
        return Err(ModelError::input(
            "sensitivity_table_path",
            format!(
                "{}: no column for threat(s) {}; columns found: {}",
                path.display(),
                missing.join(", "),
                t.table.headers.join(", ")
            ),
            "add one column per threat of the threats table, named as the threat",
        ));
    }
    let habitat = t.numbers_in("habitat", 0.0, 1.0, "habitat is a suitability in [0, 1]")?;
    let by_threat = threats
        .iter()
        .map(|x| t.numbers_in(&x.name, 0.0, 1.0, "sensitivities are in [0, 1]"))
        .collect::<Result<_>>()?;
    Ok(Sensitivity { habitat, by_threat })
}
