//! Benefit-transfer unit values (Costanza-style): money per hectare per
//! year per ecosystem type, optionally per service.
//!
//! Shipped: `costanza2014` and `costanza1997_2007usd` (see
//! [`crate::costanza`]). Users can supply their own CSV with columns
//! `ecosystem_type,value` or `ecosystem_type,service,value`, declaring the
//! currency and price year (the file itself carries no unit).

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::csvtable::CsvTable;
use crate::equivalent::NONE_TYPE;
use crate::error::{valid_list, ParamsError};
use crate::provenance::{Origin, TableProvenance};
use crate::suggest::nearest;

/// Earliest and latest accepted price years for user tables.
const PRICE_YEARS: std::ops::RangeInclusive<u16> = 1900..=2100;

/// One unit value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitValueEntry {
    /// Ecosystem type id (e.g. `tropical_forest`).
    pub ecosystem_type: String,
    /// Display name (e.g. "Tropical forest"); the id for user tables.
    pub name: String,
    /// Service id, or `None` when the value covers all services.
    pub service: Option<String>,
    /// Value in the table's currency per hectare per year (price year of the table).
    pub value: f64,
    /// Reference area in 10⁶ ha (Costanza's global biome area), if any.
    pub reference_area_mha: Option<f64>,
    /// Verification / source note.
    pub note: String,
}

/// A table of unit values in currency per hectare per year.
///
/// # Units
/// `value` is `currency`/ha/yr at `price_year` prices (1 ha = 1 hm²).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitValueTable {
    /// Table name.
    pub name: String,
    /// Short title.
    pub title: String,
    /// Citation of the source.
    pub citation: String,
    /// Currency code, e.g. `USD`, `CNY`.
    pub currency: String,
    /// Price year of the values.
    pub price_year: u16,
    /// Source notes (CSV `#` comments plus table-specific notes).
    pub notes: Vec<String>,
    /// The unit values.
    pub entries: Vec<UnitValueEntry>,
    /// Where the table came from.
    pub provenance: TableProvenance,
}

impl UnitValueTable {
    /// Unit label, e.g. `2007 USD/ha/yr`.
    pub fn unit(&self) -> String {
        format!("{} {}/ha/yr", self.price_year, self.currency)
    }

    /// Distinct ecosystem-type ids, in table order.
    pub fn type_ids(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for e in &self.entries {
            if !out.contains(&e.ecosystem_type.as_str()) {
                out.push(&e.ecosystem_type);
            }
        }
        out
    }

    /// Distinct service ids (empty when values are per type only).
    pub fn services(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for s in self.entries.iter().filter_map(|e| e.service.as_deref()) {
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out
    }

    /// Entries of one type. `none` gives an empty list (valued at zero).
    ///
    /// # Errors
    /// [`ParamsError::UnknownEcosystemType`] with the nearest id.
    pub fn entries_for(&self, type_id: &str) -> Result<Vec<&UnitValueEntry>, ParamsError> {
        let key = type_id.trim();
        if key.eq_ignore_ascii_case(NONE_TYPE) {
            return Ok(Vec::new());
        }
        let found: Vec<&UnitValueEntry> = self
            .entries
            .iter()
            .filter(|e| e.ecosystem_type.eq_ignore_ascii_case(key))
            .collect();
        if found.is_empty() {
            let ids = self.type_ids();
            return Err(ParamsError::UnknownEcosystemType {
                table: self.name.clone(),
                id: type_id.to_string(),
                suggestion: nearest(type_id, &ids),
                valid: valid_list(&ids),
            });
        }
        Ok(found)
    }

    /// Total value of one type over all its services (currency/ha/yr).
    ///
    /// # Errors
    /// As [`UnitValueTable::entries_for`].
    pub fn total_for(&self, type_id: &str) -> Result<f64, ParamsError> {
        Ok(self.entries_for(type_id)?.iter().map(|e| e.value).sum())
    }

    /// Every id accepted by [`UnitValueTable::entries_for`], `none` included.
    pub fn accepted_type_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.type_ids().into_iter().map(String::from).collect();
        ids.push(NONE_TYPE.to_string());
        ids
    }

    /// Read a user unit-value CSV (`ecosystem_type,value` or
    /// `ecosystem_type,service,value`; other columns are ignored), in
    /// UTF-8, UTF-8 with BOM or GBK.
    ///
    /// # Errors
    /// Reading/decoding errors, missing columns, bad numbers, duplicate
    /// (type, service) pairs, a blank currency or an implausible price year.
    pub fn from_csv_file(
        path: &Path,
        name: &str,
        currency: &str,
        price_year: u16,
    ) -> Result<UnitValueTable, ParamsError> {
        let (csv, decoded) = CsvTable::from_path(path)?;
        let mut table = Self::from_csv_table(&csv, name, currency, price_year)?;
        table.provenance = TableProvenance {
            name: name.to_string(),
            origin: Origin::File(path.to_path_buf()),
            encoding: decoded.encoding,
            sha256: decoded.sha256,
        };
        Ok(table)
    }

    /// Parse user CSV text (see [`UnitValueTable::from_csv_file`]); the
    /// provenance records it as a builtin-like text of that name.
    ///
    /// # Errors
    /// As [`UnitValueTable::from_csv_file`].
    pub fn from_csv_text(
        text: &str,
        name: &str,
        currency: &str,
        price_year: u16,
    ) -> Result<UnitValueTable, ParamsError> {
        let csv = CsvTable::from_text(text, name)?;
        let mut table = Self::from_csv_table(&csv, name, currency, price_year)?;
        table.provenance = TableProvenance::builtin(name, text);
        Ok(table)
    }

    fn from_csv_table(
        csv: &CsvTable,
        name: &str,
        currency: &str,
        price_year: u16,
    ) -> Result<UnitValueTable, ParamsError> {
        let currency = currency.trim();
        if currency.is_empty() || currency.contains(char::is_whitespace) {
            return Err(ParamsError::BadDeclaration {
                file: csv.file.clone(),
                what: "currency",
                value: currency.to_string(),
                hint: "declare the currency of the values as a code such as CNY or USD".into(),
            });
        }
        if !PRICE_YEARS.contains(&price_year) {
            return Err(ParamsError::BadDeclaration {
                file: csv.file.clone(),
                what: "price year",
                value: price_year.to_string(),
                hint: format!(
                    "declare the year whose prices the values are in ({}..={})",
                    PRICE_YEARS.start(),
                    PRICE_YEARS.end()
                ),
            });
        }
        let type_col = csv.column("ecosystem_type")?;
        let value_col = csv.column("value")?;
        let service_col = csv.optional_column("service");
        let mut seen: HashMap<(String, Option<String>), u64> = HashMap::new();
        let mut entries = Vec::with_capacity(csv.rows.len());
        for row in &csv.rows {
            let ty = csv.text(row, type_col)?.to_string();
            let service = match service_col {
                Some(c) => Some(csv.text(row, c)?.to_string()),
                None => None,
            };
            let value = csv.number(
                row,
                value_col,
                &format!(
                    "values are numbers in {currency}/ha/yr, without units or thousands separators"
                ),
            )?;
            let key = (
                ty.to_lowercase(),
                service.as_ref().map(|s| s.to_lowercase()),
            );
            if let Some(first_line) = seen.get(&key) {
                return Err(ParamsError::DuplicateKey {
                    file: csv.file.clone(),
                    line: row.line,
                    column: if service.is_some() {
                        "ecosystem_type,service"
                    } else {
                        "ecosystem_type"
                    }
                    .to_string(),
                    value: match &service {
                        Some(s) => format!("{ty},{s}"),
                        None => ty.clone(),
                    },
                    first_line: *first_line,
                });
            }
            seen.insert(key, row.line);
            entries.push(UnitValueEntry {
                name: ty.clone(),
                ecosystem_type: ty,
                service,
                value,
                reference_area_mha: None,
                note: format!("user value ({}, line {})", csv.file, row.line),
            });
        }
        Ok(UnitValueTable {
            name: name.to_string(),
            title: format!("user unit-value table `{name}`"),
            citation: format!("user file {}", csv.file),
            currency: currency.to_string(),
            price_year,
            notes: csv.comments.clone(),
            entries,
            provenance: TableProvenance::builtin(name, ""),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_type_user_table() {
        let t = UnitValueTable::from_csv_text(
            "ecosystem_type,value\nforest,1200.5\ncropland,300\n",
            "mine",
            "CNY",
            2020,
        )
        .unwrap();
        assert_eq!(t.unit(), "2020 CNY/ha/yr");
        assert_eq!(t.total_for("forest").unwrap(), 1200.5);
        assert_eq!(t.total_for("none").unwrap(), 0.0);
        assert!(t.services().is_empty());
        let e = t.total_for("forst").unwrap_err();
        assert!(e.to_string().contains("did you mean `forest`?"), "{e}");
    }

    #[test]
    fn per_service_user_table_gbk() {
        let text = "# 本地单价\necosystem_type,service,value,备注\nforest,food,10,林下\nforest,water,20,\n";
        let (bytes, _, _) = encoding_rs::GBK.encode(text);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("uv.csv");
        std::fs::write(&path, &bytes).unwrap();
        let t = UnitValueTable::from_csv_file(&path, "local", "CNY", 2015).unwrap();
        assert_eq!(t.provenance.encoding.as_str(), "GB18030");
        assert!(t.provenance.is_user_override());
        assert_eq!(t.services(), vec!["food", "water"]);
        assert_eq!(t.total_for("forest").unwrap(), 30.0);
        assert_eq!(t.notes, vec!["本地单价"]);
    }

    #[test]
    fn user_table_errors() {
        let dup =
            UnitValueTable::from_csv_text("ecosystem_type,value\na,1\nA,2\n", "d", "CNY", 2020)
                .unwrap_err();
        assert!(
            matches!(
                dup,
                ParamsError::DuplicateKey {
                    line: 3,
                    first_line: 2,
                    ..
                }
            ),
            "{dup}"
        );
        let bad =
            UnitValueTable::from_csv_text("ecosystem_type,value\na,1,000\n", "b", "CNY", 2020);
        assert!(bad.is_err());
        let bad =
            UnitValueTable::from_csv_text("ecosystem_type,value\na,\"1,000\"\n", "b", "CNY", 2020)
                .unwrap_err();
        assert!(
            bad.to_string().contains("`1,000` is not a valid number"),
            "{bad}"
        );
        let e = UnitValueTable::from_csv_text("ecosystem_type,valeu\na,1\n", "m", "CNY", 2020)
            .unwrap_err();
        assert!(e.to_string().contains("did you mean `valeu`?"), "{e}");
        let e = UnitValueTable::from_csv_text("ecosystem_type,value\na,1\n", "y", "CNY", 20)
            .unwrap_err();
        assert!(e.to_string().contains("price year"), "{e}");
        let e = UnitValueTable::from_csv_text("ecosystem_type,value\na,1\n", "c", " ", 2020)
            .unwrap_err();
        assert!(e.to_string().contains("currency"), "{e}");
    }
}
