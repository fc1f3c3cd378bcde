//! Reading the user's tables: UTF-8 (with or without BOM) or GBK/GB18030,
//! as Chinese statistics offices export them; header names matched without
//! regard to case or spacing; every cell keeps its line number so that
//! messages can name file, line and value.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::GepError;

/// A CSV table read whole.
#[derive(Debug, Clone)]
pub struct Table {
    /// the file
    pub path: PathBuf,
    /// header names, trimmed and lower-cased
    pub headers: Vec<String>,
    /// data rows
    pub rows: Vec<Row>,
    /// SHA-256 of the file bytes (for the manifest)
    pub sha256: String,
    /// the encoding the text was decoded from
    pub encoding: &'static str,
}

/// One data row.
#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based line number in the file (header = 1)
    pub line: u64,
    cells: Vec<String>,
}

impl Row {
    /// The cell at `idx`, trimmed ("" when absent).
    pub fn get(&self, idx: usize) -> &str {
        self.cells.get(idx).map_or("", |s| s.trim())
    }
}

/// Read a file's bytes, naming the file on error.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, GepError> {
    std::fs::read(path).map_err(|error| GepError::Io {
        path: path.to_path_buf(),
        error,
    })
}

/// Decode bytes as UTF-8 (BOM stripped) or, failing that, GB18030 (a
/// superset of GBK).
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(s) => (s.to_string(), "UTF-8"),
        Err(_) => {
            let (s, _, _) = encoding_rs::GB18030.decode(body);
            (s.into_owned(), "GB18030/GBK")
        }
    }
}

/// SHA-256 hex of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let d = Sha256::digest(bytes);
    d.iter().map(|b| format!("{b:02x}")).collect()
}

impl Table {
    /// Read a CSV file; `required` columns must be present.
    /// Lines starting with `#` are comments; blank lines are skipped.
    pub fn read(path: &Path, required: &[&str]) -> Result<Table, GepError> {
        let bytes = read_bytes(path)?;
        let (text, encoding) = decode(&bytes);
        // Blank out comment lines but keep their newlines, so that byte
        // offsets give true line numbers (the csv crate's own line count
        // skips comments and blank lines).
        let text: String = text
            .split_inclusive('\n')
            .map(|l| {
                if l.trim_start().starts_with('#') {
                    if l.ends_with('\n') {
                        "\n"
                    } else {
                        ""
                    }
                } else {
                    l
                }
            })
            .collect();
        let line_of = |byte: u64| -> u64 {
            // a record's position is where the reader started, before the
            // blank lines it skipped: move to the record's first character
            let mut end = (byte as usize).min(text.len());
            while end < text.len() && matches!(text.as_bytes()[end], b'\n' | b'\r') {
                end += 1;
            }
            text.as_bytes()[..end]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64
                + 1
        };
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let err = |line: u64, message: String| GepError::Table {
            path: path.to_path_buf(),
            line,
            message,
        };
        let headers: Vec<String> = rdr
            .headers()
            .map_err(|e| err(1, format!("cannot read the header: {e}")))?
            .iter()
            .map(|h| h.trim().to_lowercase())
            .collect();
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|r| !headers.iter().any(|h| h == r))
            .collect();
        if !missing.is_empty() {
            return Err(err(
                1,
                format!(
                    "missing column(s) {}; found [{}]; hint: the header must be '{}'",
                    missing.join(", "),
                    headers.join(","),
                    required.join(",")
                ),
            ));
        }
        let mut rows = Vec::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| {
                let line = e.position().map_or(0, |p| line_of(p.byte()));
                err(line, format!("malformed CSV: {e}"))
            })?;
            let line = rec.position().map_or(0, |p| line_of(p.byte()));
            if rec.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            if rec.len() > headers.len() {
                return Err(err(
                    line,
                    format!(
                        "{} cells but the header has {} columns; hint: quote cells that contain commas",
                        rec.len(),
                        headers.len()
                    ),
                ));
            }
            rows.push(Row {
                line,
                cells: rec.iter().map(str::to_string).collect(),
            });
        }
        Ok(Table {
            path: path.to_path_buf(),
            headers,
            rows,
            sha256: sha256_hex(&bytes),
            encoding,
        })
    }

    /// Index of a column (lower-case name), if present.
    pub fn col(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }

    /// Index of a required column (checked in [`Table::read`]).
    pub fn req(&self, name: &str) -> usize {
        self.col(name).unwrap_or(usize::MAX)
    }

    /// A number from a cell, or an error naming file, line, column, value.
    pub fn number(&self, row: &Row, col: usize, name: &str) -> Result<f64, GepError> {
        let s = row.get(col);
        let cleaned: String = s.chars().filter(|c| *c != ',' && *c != '_').collect();
        match cleaned.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            _ => Err(self.bad(
                row,
                name,
                s,
                "not a number; hint: write digits like 321.49 or 3.2149e10",
            )),
        }
    }

    /// A year (integer 1000..=9999) from a cell.
    pub fn year(&self, row: &Row, col: usize, name: &str) -> Result<i32, GepError> {
        let s = row.get(col);
        match s.parse::<i32>() {
            Ok(y) if (1000..=9999).contains(&y) => Ok(y),
            _ => Err(self.bad(row, name, s, "not a four-digit year")),
        }
    }

    /// A non-empty text cell.
    pub fn text(&self, row: &Row, col: usize, name: &str) -> Result<String, GepError> {
        let s = row.get(col);
        if s.is_empty() {
            Err(self.bad(
                row,
                name,
                s,
                "empty; hint: every row needs this column filled",
            ))
        } else {
            Ok(s.to_string())
        }
    }

    /// The error for a bad cell.
    pub fn bad(&self, row: &Row, column: &str, value: &str, message: &str) -> GepError {
        GepError::BadValue {
            path: self.path.clone(),
            line: row.line,
            column: column.to_string(),
            value: value.to_string(),
            message: message.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_gbk_and_bom() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let p = dir.path().join("gbk.csv");
        let (gbk, _, _) = encoding_rs::GBK.encode("zone,year\n甘孜,2010\n");
        std::fs::write(&p, &gbk).unwrap_or_else(|e| panic!("{e}"));
        let t = Table::read(&p, &["zone", "year"]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.rows[0].get(0), "甘孜");
        assert_eq!(t.encoding, "GB18030/GBK");
        assert_eq!(t.rows[0].line, 2);

        std::fs::write(&p, "\u{feff}Zone , YEAR\n# comment\n\na,2010\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let t = Table::read(&p, &["zone", "year"]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].line, 4);
    }

    #[test]
    fn missing_column_names_file_and_columns() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let p = dir.path().join("q.csv");
        std::fs::write(&p, "zone,yr\n").unwrap_or_else(|e| panic!("{e}"));
        let e = Table::read(&p, &["zone", "year"])
            .map(|_| ())
            .expect_err("must fail")
            .to_string();
        assert!(
            e.contains("q.csv") && e.contains("missing column(s) year"),
            "{e}"
        );
    }
}
