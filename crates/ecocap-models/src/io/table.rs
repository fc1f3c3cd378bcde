//! Lookup tables keyed by an integer code (`lucode`, `ws_id`), read with
//! encoding detection (UTF-8, BOM, GBK), columns matched ignoring case,
//! and every cell checked: numbers, whole-number codes, ratios in [0, 1].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ecocap_params::{CsvRow, CsvTable};

use crate::error::{ModelError, Result};

/// A table with one row per integer key.
pub struct LookupTable {
    /// input id (for messages)
    pub input: String,
    /// file
    pub path: PathBuf,
    /// parsed CSV
    pub table: CsvTable,
    /// key -> row index
    pub rows: BTreeMap<i64, usize>,
}

impl LookupTable {
    /// Read `path` keyed by column `key`.
    pub fn read(input: &str, path: &Path, key: &str) -> Result<LookupTable> {
        let (table, _) = CsvTable::from_path(path).map_err(ModelError::table(input))?;
        let k = table.column(key).map_err(ModelError::table(input))?;
        let mut rows = BTreeMap::new();
        for (i, row) in table.rows.iter().enumerate() {
            if row.fields.iter().all(|f| f.is_empty()) {
                continue;
            }
            let v = table
                .number(row, k, &format!("{key} must be a whole-number code"))
                .map_err(ModelError::table(input))?;
            if v.fract() != 0.0 {
                return Err(ModelError::input(
                    input,
                    format!(
                        "{}: line {}: {key} \"{}\" is not a whole number",
                        path.display(),
                        row.line,
                        row.get(k)
                    ),
                    format!("{key} values are integer codes, as in the raster"),
                ));
            }
            if rows.insert(v as i64, i).is_some() {
                return Err(ModelError::input(
                    input,
                    format!(
                        "{}: line {}: {key} {} appears twice",
                        path.display(),
                        row.line,
                        v
                    ),
                    "keep one row per code",
                ));
            }
        }
        Ok(LookupTable {
            input: input.to_string(),
            path: path.to_path_buf(),
            table,
            rows,
        })
    }

    fn row(&self, i: usize) -> &CsvRow {
        &self.table.rows[i]
    }

    /// True when the column exists (ignoring case).
    pub fn has(&self, column: &str) -> bool {
        self.table.optional_column(column).is_some()
    }

    /// Every key's value in `column`, as numbers; `hint` says what they mean.
    pub fn numbers(&self, column: &str, hint: &str) -> Result<BTreeMap<i64, f64>> {
        let c = self
            .table
            .column(column)
            .map_err(ModelError::table(&self.input))?;
        let mut out = BTreeMap::new();
        for (k, i) in &self.rows {
            let x = self
                .table
                .number(self.row(*i), c, hint)
                .map_err(ModelError::table(&self.input))?;
            out.insert(*k, x);
        }
        Ok(out)
    }

    /// Like [`LookupTable::numbers`], requiring every value in [lo, hi]
    /// (a ratio column given in percent is the usual cause of a breach).
    pub fn numbers_in(
        &self,
        column: &str,
        lo: f64,
        hi: f64,
        hint: &str,
    ) -> Result<BTreeMap<i64, f64>> {
        let v = self.numbers(column, hint)?;
        for (k, x) in &v {
            if *x < lo || *x > hi {
                let i = self.rows[k];
                let pct = if hi == 1.0 && *x > 1.0 && *x <= 100.0 {
                    format!("; if {x} is a percentage, write {}", x / 100.0)
                } else if hi == 1.0 && *x > 100.0 {
                    "; the value looks like a percentage or a scaled integer".to_string()
                } else {
                    String::new()
                };
                return Err(ModelError::input(
                    self.input.clone(),
                    format!(
                        "{}: line {}: error in column \"{}\", value \"{}\" (code {k}) is outside [{lo}, {hi}]",
                        self.path.display(),
                        self.row(i).line,
                        self.table.header_name(self.table.optional_column(column).unwrap_or(0)),
                        self.row(i).get(self.table.optional_column(column).unwrap_or(0)),
                    ),
                    format!("{hint}{pct}"),
                ));
            }
        }
        Ok(v)
    }

    /// Every key's text in `column` (blank allowed).
    pub fn texts(&self, column: &str) -> Result<BTreeMap<i64, String>> {
        let c = self
            .table
            .column(column)
            .map_err(ModelError::table(&self.input))?;
        Ok(self
            .rows
            .iter()
            .map(|(k, i)| (*k, self.row(*i).get(c).to_string()))
            .collect())
    }
}
