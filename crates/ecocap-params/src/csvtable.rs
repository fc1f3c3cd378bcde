//! A small CSV reader shared by every table in this crate, and usable by
//! other crates for user tables (area tables, mappings, unit values).
//!
//! It adds what the `csv` crate does not do by itself: encoding detection
//! ([`crate::text`]), `#` comment lines kept as source notes, header
//! matching that ignores case, surrounding spaces and a BOM, and errors
//! that name the file, line, column and value.

use std::path::Path;

use crate::error::ParamsError;
use crate::suggest::{nearest, normalise, quoted_list};
use crate::text::{read_text, DecodedText};

/// One data line of a CSV table.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvRow {
    /// 1-based line number in the file (comment lines counted).
    pub line: u64,
    /// Field values, trimmed.
    pub fields: Vec<String>,
}

impl CsvRow {
    /// The field at `col`, or "" when the line is short.
    pub fn get(&self, col: usize) -> &str {
        self.fields.get(col).map(String::as_str).unwrap_or("")
    }
}

/// A parsed CSV table: leading `#` comments, header and data lines.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvTable {
    /// File label used in messages (path or builtin table name).
    pub file: String,
    /// Text of the `#` comment lines, without the `#`.
    pub comments: Vec<String>,
    /// Header names as written (trimmed, BOM removed).
    pub headers: Vec<String>,
    /// Data lines.
    pub rows: Vec<CsvRow>,
}

impl CsvTable {
    /// Read and parse a file (UTF-8, UTF-8 with BOM, or GBK/GB18030).
    ///
    /// Returns the table and the decoded text (encoding and checksum).
    ///
    /// # Errors
    /// Reading and decoding errors, [`ParamsError::Csv`] for malformed CSV
    /// and [`ParamsError::NoRows`] when there is no data line.
    pub fn from_path(path: &Path) -> Result<(CsvTable, DecodedText), ParamsError> {
        let decoded = read_text(path)?;
        let table = CsvTable::from_text(&decoded.text, &path.display().to_string())?;
        Ok((table, decoded))
    }

    /// Parse CSV text; `file` labels the source in messages.
    ///
    /// # Errors
    /// [`ParamsError::EmptyFile`], [`ParamsError::Csv`], [`ParamsError::NoRows`].
    pub fn from_text(text: &str, file: &str) -> Result<CsvTable, ParamsError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let comments: Vec<String> = text
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix('#'))
            .map(|c| c.trim().to_string())
            .collect();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .comment(Some(b'#'))
            .trim(csv::Trim::All)
            .flexible(false)
            .from_reader(text.as_bytes());
        // The csv crate does not count skipped blank lines in its line
        // numbers, so lines are counted from the byte offset instead.
        let line_at = |pos: Option<&csv::Position>| -> u64 {
            pos.map(|p| {
                let bytes = text.as_bytes();
                let mut end = usize::try_from(p.byte())
                    .unwrap_or(usize::MAX)
                    .min(bytes.len());
                // A record's offset may point at the blank lines before it.
                while end < bytes.len() && (bytes[end] == b'\n' || bytes[end] == b'\r') {
                    end += 1;
                }
                bytes[..end].iter().filter(|b| **b == b'\n').count() as u64 + 1
            })
            .unwrap_or(0)
        };
        let csv_err = |e: csv::Error| ParamsError::Csv {
            file: file.to_string(),
            line: line_at(e.position()),
            message: e.to_string(),
        };
        let headers: Vec<String> = reader
            .headers()
            .map_err(csv_err)?
            .iter()
            .map(|h| {
                h.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
                    .to_string()
            })
            .collect();
        if headers.iter().all(String::is_empty) {
            return Err(ParamsError::EmptyFile {
                file: file.to_string(),
            });
        }
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(csv_err)?;
            let line = line_at(record.position());
            let fields: Vec<String> = record.iter().map(str::to_string).collect();
            if fields.iter().all(String::is_empty) {
                continue;
            }
            rows.push(CsvRow { line, fields });
        }
        if rows.is_empty() {
            return Err(ParamsError::NoRows {
                file: file.to_string(),
            });
        }
        Ok(CsvTable {
            file: file.to_string(),
            comments,
            headers,
            rows,
        })
    }

    /// Index of a column, matched ignoring case and surrounding spaces.
    pub fn optional_column(&self, name: &str) -> Option<usize> {
        let want = normalise(name);
        self.headers.iter().position(|h| normalise(h) == want)
    }

    /// Index of the first of `names` present (aliases), if any.
    pub fn optional_column_any(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|n| self.optional_column(n))
    }

    /// Index of a required column.
    ///
    /// # Errors
    /// [`ParamsError::MissingColumn`] naming the file, the column, the
    /// columns found and the nearest found column.
    pub fn column(&self, name: &str) -> Result<usize, ParamsError> {
        self.optional_column(name)
            .ok_or_else(|| ParamsError::MissingColumn {
                file: self.file.clone(),
                column: name.to_string(),
                found: quoted_list(&self.headers),
                suggestion: nearest(name, &self.headers),
            })
    }

    /// A required, non-blank text cell.
    ///
    /// # Errors
    /// [`ParamsError::EmptyCell`].
    pub fn text<'r>(&self, row: &'r CsvRow, col: usize) -> Result<&'r str, ParamsError> {
        let v = row.get(col);
        if v.is_empty() {
            return Err(ParamsError::EmptyCell {
                file: self.file.clone(),
                line: row.line,
                column: self.header_name(col),
            });
        }
        Ok(v)
    }

    /// A required finite number; `hint` says what the number should be.
    ///
    /// # Errors
    /// [`ParamsError::BadNumber`] for text, blanks, NaN or infinity.
    pub fn number(&self, row: &CsvRow, col: usize, hint: &str) -> Result<f64, ParamsError> {
        let v = row.get(col);
        match v.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(x),
            _ => Err(ParamsError::BadNumber {
                file: self.file.clone(),
                line: row.line,
                column: self.header_name(col),
                value: v.to_string(),
                hint: hint.to_string(),
            }),
        }
    }

    /// A required finite number that must be ≥ 0 (areas, prices).
    ///
    /// # Errors
    /// [`ParamsError::BadNumber`] for text, blanks, NaN, infinity or a
    /// negative value (the message says which).
    pub fn non_negative_number(
        &self,
        row: &CsvRow,
        col: usize,
        hint: &str,
    ) -> Result<f64, ParamsError> {
        let x = self.number(row, col, hint)?;
        if x < 0.0 {
            return Err(ParamsError::BadNumber {
                file: self.file.clone(),
                line: row.line,
                column: self.header_name(col),
                value: row.get(col).to_string(),
                hint: format!("the value must not be negative; {hint}"),
            });
        }
        Ok(x)
    }

    /// An optional number: blank -> `None`, otherwise as [`CsvTable::number`].
    ///
    /// # Errors
    /// [`ParamsError::BadNumber`].
    pub fn optional_number(
        &self,
        row: &CsvRow,
        col: usize,
        hint: &str,
    ) -> Result<Option<f64>, ParamsError> {
        if row.get(col).is_empty() {
            Ok(None)
        } else {
            self.number(row, col, hint).map(Some)
        }
    }

    /// Header name at `col` (for messages).
    pub fn header_name(&self, col: usize) -> String {
        self.headers
            .get(col)
            .cloned()
            .unwrap_or_else(|| format!("#{}", col + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str =
        "# note one\n# note two\nClass , Ecosystem_Type,area\n1,dry_land,10.5\n\n2 , paddy ,x\n";

    #[test]
    fn comments_headers_and_lines() {
        let t = CsvTable::from_text(T, "t.csv").unwrap();
        assert_eq!(t.comments, vec!["note one", "note two"]);
        assert_eq!(t.headers, vec!["Class", "Ecosystem_Type", "area"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].line, 4);
        assert_eq!(t.rows[1].line, 6);
        assert_eq!(t.rows[1].fields, vec!["2", "paddy", "x"]);
    }

    #[test]
    fn header_matching_is_case_and_space_insensitive() {
        let t = CsvTable::from_text("\u{feff} CLASS ,ecosystem_type\n1,none\n", "t.csv").unwrap();
        assert_eq!(t.column("class").unwrap(), 0);
        assert_eq!(t.column("Ecosystem_Type").unwrap(), 1);
    }

    #[test]
    fn missing_column_suggests_nearest() {
        let t = CsvTable::from_text("class,ecosytem_type\n1,none\n", "m.csv").unwrap();
        let e = t.column("ecosystem_type").unwrap_err();
        let m = e.to_string();
        assert!(
            m.contains("m.csv") && m.contains("`class`, `ecosytem_type`"),
            "{m}"
        );
        assert!(m.contains("did you mean `ecosytem_type`?"), "{m}");
    }

    #[test]
    fn bad_number_names_line_column_value() {
        let t = CsvTable::from_text(T, "t.csv").unwrap();
        let e = t.number(&t.rows[1], 2, "areas are numbers").unwrap_err();
        let m = e.to_string();
        assert!(
            m.contains("line 6") && m.contains("`area`") && m.contains("`x`"),
            "{m}"
        );
        assert!(t.number(&t.rows[0], 2, "").unwrap() == 10.5);
        let nan = CsvTable::from_text("a\nNaN\n", "n.csv").unwrap();
        assert!(nan.number(&nan.rows[0], 0, "").is_err());
    }

    #[test]
    fn negative_refused_where_required() {
        let t = CsvTable::from_text("area\n-1\n2\n", "a.csv").unwrap();
        let e = t
            .non_negative_number(&t.rows[0], 0, "areas are in ha")
            .unwrap_err();
        assert!(e.to_string().contains("must not be negative"), "{e}");
        assert_eq!(t.non_negative_number(&t.rows[1], 0, "").unwrap(), 2.0);
    }

    #[test]
    fn ragged_lines_and_header_only() {
        let e = CsvTable::from_text("a,b\n1,2,3\n", "r.csv").unwrap_err();
        assert!(matches!(e, ParamsError::Csv { line: 2, .. }), "{e}");
        let e = CsvTable::from_text("a,b\n", "h.csv").unwrap_err();
        assert!(matches!(e, ParamsError::NoRows { .. }), "{e}");
    }
}
