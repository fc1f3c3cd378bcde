//! A table declared once (bilingual headers, typed cells) and its writers:
//! CSV (English header), XLSX (a sheet per table, Chinese and English
//! header rows), Markdown and HTML.

use crate::amount::Amount;
use crate::error::SeeaError;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use std::path::{Path, PathBuf};

/// A column: English id (CSV header) and Chinese label.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// English header (snake_case id or type id)
    pub en: String,
    /// Chinese header
    pub zh: String,
}

impl Column {
    /// A column.
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Column {
        Column {
            en: en.into(),
            zh: zh.into(),
        }
    }
}

/// A typed cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// text
    Text(String),
    /// an exact amount
    Amount(Amount),
    /// a ratio or index (blank when None)
    Num(Option<f64>),
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }
    fn render(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Amount(a) => a.to_string(),
            Cell::Num(Some(x)) => format!("{}", (x * 1e6).round() / 1e6),
            Cell::Num(None) => String::new(),
        }
    }
}

/// One output table.
#[derive(Debug, Clone)]
pub struct Table {
    /// file stem (`extent_account`) and sheet name
    pub id: String,
    /// English title
    pub title_en: String,
    /// Chinese title
    pub title_zh: String,
    /// unit note, e.g. "ha"
    pub unit: String,
    /// columns
    pub columns: Vec<Column>,
    /// rows (one cell per column)
    pub rows: Vec<Vec<Cell>>,
}

fn write_err(path: &Path, e: impl std::fmt::Display) -> SeeaError {
    SeeaError::Write {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

impl Table {
    /// Write `<dir>/<id>.csv` (English header; numbers exact).
    pub fn write_csv(&self, dir: &Path) -> Result<PathBuf, SeeaError> {
        let path = dir.join(format!("{}.csv", self.id));
        let mut w = csv::Writer::from_path(&path).map_err(|e| write_err(&path, e))?;
        w.write_record(self.columns.iter().map(|c| c.en.as_str()))
            .map_err(|e| write_err(&path, e))?;
        for r in &self.rows {
            w.write_record(r.iter().map(Cell::render))
                .map_err(|e| write_err(&path, e))?;
        }
        w.flush().map_err(|e| write_err(&path, e))?;
        Ok(path)
    }

    /// Markdown table of the rows kept by `keep` (at most `max` rows).
    pub fn to_markdown(&self, keep: &dyn Fn(&[Cell]) -> bool, max: usize) -> String {
        let mut s = format!("### {} {}\n\n", self.title_zh, self.title_en);
        if !self.unit.is_empty() {
            s.push_str(&format!("Unit 单位: {}\n\n", self.unit));
        }
        let head: Vec<String> = self
            .columns
            .iter()
            .map(|c| {
                if c.zh == c.en {
                    c.en.clone()
                } else {
                    format!("{} {}", c.zh, c.en)
                }
            })
            .collect();
        s.push_str(&format!("| {} |\n", head.join(" | ")));
        s.push_str(&format!("|{}\n", "---|".repeat(head.len())));
        let rows: Vec<&Vec<Cell>> = self.rows.iter().filter(|r| keep(r)).collect();
        for r in rows.iter().take(max) {
            let cells: Vec<String> = r.iter().map(|c| c.render().replace('|', "\\|")).collect();
            s.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        if rows.len() > max {
            s.push_str(&format!(
                "\n… {} more rows in `{}.csv`\n",
                rows.len() - max,
                self.id
            ));
        }
        s.push('\n');
        s
    }

    /// HTML table of the rows kept by `keep` (at most `max` rows).
    pub fn to_html(&self, keep: &dyn Fn(&[Cell]) -> bool, max: usize) -> String {
        let mut s = format!(
            "<h3>{} {}</h3>\n",
            html_escape(&self.title_zh),
            html_escape(&self.title_en)
        );
        if !self.unit.is_empty() {
            s.push_str(&format!("<p>Unit 单位: {}</p>\n", html_escape(&self.unit)));
        }
        s.push_str("<table>\n<thead><tr>");
        for c in &self.columns {
            s.push_str(&format!(
                "<th>{}<br><small>{}</small></th>",
                html_escape(&c.zh),
                html_escape(&c.en)
            ));
        }
        s.push_str("</tr></thead>\n<tbody>\n");
        for r in self.rows.iter().filter(|r| keep(r)).take(max) {
            s.push_str("<tr>");
            for c in r {
                let cls = if matches!(c, Cell::Text(_)) {
                    ""
                } else {
                    " class=\"n\""
                };
                s.push_str(&format!("<td{cls}>{}</td>", html_escape(&c.render())));
            }
            s.push_str("</tr>\n");
        }
        s.push_str("</tbody></table>\n");
        s
    }
}

/// Escape text for HTML.
pub fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Write every table to one workbook: a sheet per table with the title,
/// the unit, a Chinese and an English header row.
pub fn write_xlsx(path: &Path, tables: &[Table]) -> Result<(), SeeaError> {
    let inner = || -> Result<(), XlsxError> {
        let mut wb = Workbook::new();
        let bold = Format::new().set_bold();
        let num = Format::new().set_num_format("#,##0.00");
        let idx = Format::new().set_num_format("0.0000");
        for t in tables {
            let ws = wb.add_worksheet();
            let name: String = t.id.chars().take(31).collect();
            ws.set_name(&name)?;
            ws.write_string_with_format(0, 0, format!("{} {}", t.title_zh, t.title_en), &bold)?;
            if !t.unit.is_empty() {
                ws.write_string(1, 0, format!("单位 Unit: {}", t.unit))?;
            }
            for (c, col) in t.columns.iter().enumerate() {
                let c = c as u16;
                ws.write_string_with_format(2, c, &col.zh, &bold)?;
                ws.write_string_with_format(3, c, &col.en, &bold)?;
            }
            ws.set_freeze_panes(4, 0)?;
            for (r, row) in t.rows.iter().enumerate() {
                let r = r as u32 + 4;
                for (c, cell) in row.iter().enumerate() {
                    let c = c as u16;
                    match cell {
                        Cell::Text(s) => {
                            ws.write_string(r, c, s)?;
                        }
                        Cell::Amount(a) => {
                            ws.write_number_with_format(r, c, a.to_f64(), &num)?;
                        }
                        Cell::Num(Some(x)) => {
                            ws.write_number_with_format(r, c, *x, &idx)?;
                        }
                        Cell::Num(None) => {}
                    }
                }
            }
        }
        wb.save(path)?;
        Ok(())
    };
    inner().map_err(|e| write_err(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t() -> Table {
        Table {
            id: "x".into(),
            title_en: "X".into(),
            title_zh: "表".into(),
            unit: "ha".into(),
            columns: vec![Column::new("zone", "区域"), Column::new("area", "面积")],
            rows: vec![
                vec![Cell::text("a|b"), Cell::Amount(Amount::from_f64(1.25))],
                vec![Cell::text("c"), Cell::Num(None)],
            ],
        }
    }

    #[test]
    fn csv_and_markdown() {
        let dir = tempfile::tempdir().unwrap();
        let p = t().write_csv(dir.path()).unwrap();
        assert_eq!(
            std::fs::read_to_string(p).unwrap(),
            "zone,area\na|b,1.25\nc,\n"
        );
        let md = t().to_markdown(&|_| true, 1);
        assert!(
            md.contains("区域 zone") && md.contains("a\\|b") && md.contains("1 more rows"),
            "{md}"
        );
        let html = t().to_html(&|_| true, 10);
        assert!(html.contains("<td class=\"n\">1.25</td>"), "{html}");
        write_xlsx(&dir.path().join("x.xlsx"), &[t()]).unwrap();
    }
}
