//! Output tables declared once (file, sheet, English and Chinese headers,
//! rows) and written as CSV and as one XLSX workbook.

use crate::error::AppError;
use rust_xlsxwriter::Workbook;
use std::path::{Path, PathBuf};

/// One table.
pub struct Table {
    /// CSV file name
    pub file: &'static str,
    /// sheet name
    pub sheet: &'static str,
    /// (English, Chinese) headers
    pub headers: Vec<(String, String)>,
    /// rows
    pub rows: Vec<Vec<Cell>>,
}

/// Headers from (English, Chinese) literals.
pub fn hdr(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// A cell: text, a number, or empty (undefined).
#[derive(Debug, Clone)]
pub enum Cell {
    /// text
    Text(String),
    /// number
    Num(f64),
    /// undefined (empty in CSV and XLSX)
    Empty,
}

impl Cell {
    /// A number, or empty when None or not finite.
    pub fn opt(v: Option<f64>) -> Cell {
        match v {
            Some(x) if x.is_finite() => Cell::Num(x),
            _ => Cell::Empty,
        }
    }

    /// Text.
    pub fn t(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    fn csv(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Num(v) if v.is_finite() => format!("{v}"),
            _ => String::new(),
        }
    }
}

fn werr(path: &Path, e: impl std::fmt::Display) -> AppError {
    AppError::OutDir {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

/// Write `table` as CSV into `dir`.
pub fn write_csv(dir: &Path, table: &Table) -> Result<PathBuf, AppError> {
    let path = dir.join(table.file);
    let mut w = csv::Writer::from_path(&path).map_err(|e| werr(&path, e))?;
    w.write_record(table.headers.iter().map(|h| h.0.as_str()))
        .map_err(|e| werr(&path, e))?;
    for row in &table.rows {
        w.write_record(row.iter().map(Cell::csv))
            .map_err(|e| werr(&path, e))?;
    }
    w.flush().map_err(|e| werr(&path, e))?;
    Ok(path)
}

/// Write every table as a sheet of `cba.xlsx` (row 1 Chinese headers,
/// row 2 English headers), plus an `about` sheet of (key, value) rows.
pub fn write_xlsx(
    dir: &Path,
    tables: &[&Table],
    about: &[(String, String)],
) -> Result<PathBuf, AppError> {
    let path = dir.join("cba.xlsx");
    let mut wb = Workbook::new();
    for table in tables {
        let ws = wb.add_worksheet();
        ws.set_name(table.sheet).map_err(|e| werr(&path, e))?;
        for (c, (en, zh)) in table.headers.iter().enumerate() {
            ws.write_string(0, c as u16, zh)
                .map_err(|e| werr(&path, e))?;
            ws.write_string(1, c as u16, en)
                .map_err(|e| werr(&path, e))?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32 + 2, c as u16);
                match cell {
                    Cell::Text(s) => ws.write_string(r, c, s).map(|_| ()),
                    Cell::Num(v) if v.is_finite() => ws.write_number(r, c, *v).map(|_| ()),
                    _ => Ok(()),
                }
                .map_err(|e| werr(&path, e))?;
            }
        }
    }
    let ws = wb.add_worksheet();
    ws.set_name("about").map_err(|e| werr(&path, e))?;
    for (r, (k, v)) in about.iter().enumerate() {
        ws.write_string(r as u32, 0, k)
            .map_err(|e| werr(&path, e))?;
        ws.write_string(r as u32, 1, v)
            .map_err(|e| werr(&path, e))?;
    }
    wb.save(&path).map_err(|e| werr(&path, e))?;
    Ok(path)
}
