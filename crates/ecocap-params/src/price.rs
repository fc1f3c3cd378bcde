//! GEP unit prices (`data/params/gep_prices.csv`).
//!
//! Prices are kept as printed (`price_text`, e.g. `1838 / 587 / 2175`)
//! and as a number where the cell is one number. Base years are kept as
//! printed and as a year where the cell starts with one.

use std::path::Path;

use serde::Serialize;

use crate::csvtable::CsvTable;
use crate::error::ParamsError;
use crate::provenance::{Origin, TableProvenance};

const FILE: &str = "data/params/gep_prices.csv";
const CSV: &str = include_str!("../../../data/params/gep_prices.csv");

/// Name of the shipped price table.
pub const GEP_PRICES: &str = "gep_prices";

/// One unit price.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceRow {
    /// 1-based line in the file.
    pub line: u64,
    /// Indicator, e.g. "water conservation (水源涵养)".
    pub indicator: String,
    /// Valuation method, e.g. "shadow project: reservoir construction cost per m3 storage".
    pub method: String,
    /// Price as printed.
    pub price_text: String,
    /// Price as a number, when the cell holds exactly one number.
    pub price: Option<f64>,
    /// Unit, e.g. `yuan/m3`.
    pub unit: String,
    /// Base (price) year as printed, e.g. `2014 (study year)`.
    pub base_year_text: String,
    /// Base year as a number, when the cell starts with a 4-digit year.
    pub base_year: Option<u16>,
    /// Source.
    pub source: String,
    /// Verification note.
    pub verification: String,
}

impl PriceRow {
    /// True when the price was reproduced or read in two sources.
    pub fn is_verified(&self) -> bool {
        let v = self.verification.to_ascii_lowercase();
        v.starts_with("reproduced") || v.starts_with("2 sources")
    }
}

/// A table of unit prices with base year and source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceTable {
    /// Table name (`gep_prices` for the shipped one).
    pub name: String,
    /// Short title.
    pub title: String,
    /// Source notes (`#` comments).
    pub notes: Vec<String>,
    /// Rows in file order.
    pub rows: Vec<PriceRow>,
    /// Where the table came from.
    pub provenance: TableProvenance,
}

impl PriceTable {
    /// The shipped GEP price table.
    ///
    /// # Errors
    /// Only parse errors of the shipped file (a bug caught by the tests).
    pub fn builtin() -> Result<PriceTable, ParamsError> {
        let csv = CsvTable::from_text(CSV, FILE)?;
        let mut t = Self::from_csv_table(&csv, GEP_PRICES)?;
        t.title = "Unit prices used in Chinese GEP / ecosystem-service valuation, with base year and source".into();
        t.provenance = TableProvenance::builtin(GEP_PRICES, CSV);
        Ok(t)
    }

    /// Read a user price table with the same columns as the shipped one
    /// (`indicator,method,price,unit,base_year,source,verification`;
    /// `method`, `source` and `verification` may be absent).
    ///
    /// # Errors
    /// Reading/decoding errors and missing columns.
    pub fn from_csv_file(path: &Path, name: &str) -> Result<PriceTable, ParamsError> {
        let (csv, decoded) = CsvTable::from_path(path)?;
        let mut t = Self::from_csv_table(&csv, name)?;
        t.provenance = TableProvenance {
            name: name.to_string(),
            origin: Origin::File(path.to_path_buf()),
            encoding: decoded.encoding,
            sha256: decoded.sha256,
        };
        Ok(t)
    }

    fn from_csv_table(csv: &CsvTable, name: &str) -> Result<PriceTable, ParamsError> {
        let c_ind = csv.column("indicator")?;
        let c_price = csv.column("price")?;
        let c_unit = csv.column("unit")?;
        let c_year = csv.column("base_year")?;
        let c_method = csv.optional_column("method");
        let c_source = csv.optional_column("source");
        let c_ver = csv.optional_column("verification");
        let opt = |row: &crate::csvtable::CsvRow, c: Option<usize>| {
            c.map(|c| row.get(c).to_string()).unwrap_or_default()
        };
        let mut rows = Vec::with_capacity(csv.rows.len());
        for row in &csv.rows {
            let price_text = csv.text(row, c_price)?.to_string();
            let base_year_text = row.get(c_year).to_string();
            rows.push(PriceRow {
                line: row.line,
                indicator: csv.text(row, c_ind)?.to_string(),
                method: opt(row, c_method),
                price: price_text.parse::<f64>().ok().filter(|p| p.is_finite()),
                price_text,
                unit: row.get(c_unit).to_string(),
                base_year: leading_year(&base_year_text),
                base_year_text,
                source: opt(row, c_source),
                verification: opt(row, c_ver),
            });
        }
        Ok(PriceTable {
            name: name.to_string(),
            title: format!("price table `{name}`"),
            notes: csv.comments.clone(),
            rows,
            provenance: TableProvenance::builtin(name, ""),
        })
    }

    /// Rows whose indicator contains `text` (case-insensitive).
    pub fn find(&self, text: &str) -> Vec<&PriceRow> {
        let needle = text.to_lowercase();
        self.rows
            .iter()
            .filter(|r| r.indicator.to_lowercase().contains(&needle))
            .collect()
    }
}

/// `2014 (study year)` → 2014; `not stated` → None.
fn leading_year(s: &str) -> Option<u16> {
    let digits: String = s.trim().chars().take_while(char::is_ascii_digit).collect();
    if digits.len() == 4 {
        digits.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_prices_parse() {
        let t = PriceTable::builtin().unwrap();
        assert_eq!(t.rows.len(), 36);
        assert!(t.notes.len() >= 3);
        let wc = t.find("water conservation");
        assert_eq!(wc.len(), 1);
        assert_eq!(wc[0].price, Some(7.06));
        assert_eq!(wc[0].unit, "yuan/m3");
        assert_eq!(wc[0].base_year, Some(2010));
        assert!(wc[0].is_verified());
        // Multi-value cells are kept as text only.
        let fert = t.find("fertilizer");
        assert_eq!(fert[0].price, None);
        assert_eq!(fert[0].price_text, "1838 / 587 / 2175");
        // Base years with notes, and missing ones.
        let c = t.find("carbon (LY/T 1721 corrected to 2014)");
        assert_eq!(c[0].base_year, Some(2014));
        assert_eq!(c[0].base_year_text, "2014 (study year)");
        let unknown = t.find("Youyang platform default");
        assert!(unknown.iter().all(|r| r.base_year.is_none()));
        assert!(unknown.iter().all(|r| !r.is_verified()));
        // Every row has an indicator, a unit and a source.
        for r in &t.rows {
            assert!(
                !r.unit.is_empty() && !r.source.is_empty(),
                "line {}",
                r.line
            );
        }
    }

    #[test]
    fn leading_years() {
        assert_eq!(leading_year("2010"), Some(2010));
        assert_eq!(leading_year("unknown"), None);
        assert_eq!(leading_year("20100"), None);
    }

    #[test]
    fn user_price_table_needs_columns() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("p.csv");
        std::fs::write(&p, "indicator,price,unit,year\nx,1,yuan/t,2020\n").unwrap();
        let e = PriceTable::from_csv_file(&p, "mine").unwrap_err();
        assert!(e.to_string().contains("`base_year`"), "{e}");
        std::fs::write(&p, "indicator,price,unit,base_year\nx,1,yuan/t,2020\n").unwrap();
        let t = PriceTable::from_csv_file(&p, "mine").unwrap();
        assert_eq!(t.rows[0].price, Some(1.0));
        assert!(t.provenance.is_user_override());
    }
}
