//! User-supplied equivalent tables (overrides of the shipped ones).
//!
//! Layout: one row per ecosystem type, column `ecosystem_type` (the id),
//! optional text columns `name_cn`, `name_en`, `level1`, `verification`,
//! `sources`, an optional `row_sum` (checked), and one numeric column per
//! service. Service columns must use the service ids of the shipped
//! tables (e.g. `food_production`, `water_supply`, `waste_treatment`) so
//! each keeps its Chinese name and MEA group; the error for an unknown
//! one suggests the nearest id.

use std::path::Path;

use crate::csvtable::CsvTable;
use crate::error::{valid_list, ParamsError};
use crate::provenance::{Origin, TableProvenance};
use crate::service::Service;
use crate::suggest::nearest;

use super::builtin::{ServiceSpec, EQUIVALENT_UNIT, SPECS};
use super::resolve::LEVEL2_TO_LEVEL1;
use super::table::{EcosystemType, EquivalentTable, Verification};

/// Non-service columns of a user table.
const META: &[&str] = &[
    "ecosystem_type",
    "name_cn",
    "name_en",
    "level1",
    "verification",
    "sources",
    "row_sum",
];

/// Published row sums are rounded; a user `row_sum` must agree within this.
const ROW_SUM_TOLERANCE: f64 = 0.011;

fn known_service(id: &str) -> Option<&'static ServiceSpec> {
    SPECS
        .iter()
        .flat_map(|s| s.services.iter())
        .find(|s| s.id.eq_ignore_ascii_case(id))
}

fn known_service_ids() -> Vec<&'static str> {
    let mut ids: Vec<&str> = SPECS
        .iter()
        .flat_map(|s| s.services.iter().map(|x| x.id))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

impl EquivalentTable {
    /// Read a user equivalent table (UTF-8, UTF-8 with BOM or GBK).
    ///
    /// Rows are treated as verified by the user (`verification` defaults
    /// to `user`). If every id is a level-1 id of the older tables
    /// (`forest`, `farmland`, ...), Xie 2015 level-2 ids are accepted too.
    ///
    /// # Errors
    /// Reading/decoding errors; a missing `ecosystem_type` column; unknown
    /// service columns (with the nearest id); bad numbers; duplicate ids;
    /// a `row_sum` that disagrees with the coefficients.
    pub fn from_csv_file(path: &Path, name: &str) -> Result<EquivalentTable, ParamsError> {
        let (csv, decoded) = CsvTable::from_path(path)?;
        let mut t = Self::from_user_csv(&csv, name)?;
        t.provenance = TableProvenance {
            name: name.to_string(),
            origin: Origin::File(path.to_path_buf()),
            encoding: decoded.encoding,
            sha256: decoded.sha256,
        };
        Ok(t)
    }

    fn from_user_csv(csv: &CsvTable, name: &str) -> Result<EquivalentTable, ParamsError> {
        let c_id = csv.column("ecosystem_type")?;
        let opt = |n: &str| csv.optional_column(n);
        let (c_cn, c_en, c_l1, c_ver, c_src, c_sum) = (
            opt("name_cn"),
            opt("name_en"),
            opt("level1"),
            opt("verification"),
            opt("sources"),
            opt("row_sum"),
        );
        let mut service_cols = Vec::new();
        let mut services = Vec::new();
        for (col, header) in csv.headers.iter().enumerate() {
            if META.iter().any(|m| m.eq_ignore_ascii_case(header)) {
                continue;
            }
            let Some(spec) = known_service(header) else {
                let ids = known_service_ids();
                return Err(ParamsError::UnknownService {
                    table: format!("{name} ({})", csv.file),
                    id: header.clone(),
                    suggestion: nearest(header, &ids),
                    valid: valid_list(&ids),
                });
            };
            service_cols.push(col);
            services.push(Service {
                id: spec.id.to_string(),
                name_cn: spec.name_cn.to_string(),
                name_en: spec.name_en.to_string(),
                group: spec.group,
            });
        }
        if services.is_empty() {
            return Err(ParamsError::MissingColumn {
                file: csv.file.clone(),
                column: "food_production (or any other service id)".into(),
                found: crate::suggest::quoted_list(&csv.headers),
                suggestion: None,
            });
        }
        let mut types: Vec<EcosystemType> = Vec::new();
        let mut coefficients = Vec::new();
        let mut first_line: Vec<(String, u64)> = Vec::new();
        for row in &csv.rows {
            let id = csv.text(row, c_id)?.to_ascii_lowercase();
            if let Some((_, first)) = first_line.iter().find(|(k, _)| *k == id) {
                return Err(ParamsError::DuplicateKey {
                    file: csv.file.clone(),
                    line: row.line,
                    column: "ecosystem_type".into(),
                    value: id,
                    first_line: *first,
                });
            }
            first_line.push((id.clone(), row.line));
            let mut sum = 0.0;
            for &col in &service_cols {
                let v = csv.number(row, col, "equivalents are decimal numbers (dimensionless)")?;
                sum += v;
                coefficients.push(v);
            }
            let published_row_sum = match c_sum {
                Some(c) => csv.optional_number(row, c, "row_sum is a number")?,
                None => None,
            };
            if let (Some(p), Some(c)) = (published_row_sum, c_sum) {
                if (p - sum).abs() > ROW_SUM_TOLERANCE {
                    return Err(ParamsError::BadNumber {
                        file: csv.file.clone(),
                        line: row.line,
                        column: csv.header_name(c),
                        value: row.get(c).to_string(),
                        hint: format!("the service columns add up to {sum:.4}; fix the coefficients or the row_sum"),
                    });
                }
            }
            let text =
                |c: Option<usize>| c.map(|c| row.get(c).to_string()).filter(|s| !s.is_empty());
            types.push(EcosystemType {
                name_cn: text(c_cn).unwrap_or_else(|| id.clone()),
                name_en: text(c_en).unwrap_or_else(|| id.replace('_', " ")),
                level1_cn: String::new(),
                level1_id: text(c_l1).unwrap_or_else(|| id.clone()),
                published_row_sum,
                verification: Verification {
                    verified: true,
                    status: text(c_ver).unwrap_or_else(|| "user".into()),
                    sources: text(c_src).unwrap_or_else(|| csv.file.clone()),
                    reason: None,
                },
                id,
            });
        }
        let level1_ids: Vec<&str> = LEVEL2_TO_LEVEL1.iter().map(|c| c.level1).collect();
        let uses_level1 = types.iter().all(|t| level1_ids.contains(&t.id.as_str()));
        Ok(EquivalentTable {
            name: name.to_string(),
            year: None,
            title: format!("user equivalent table `{name}`"),
            citation: format!("user file {}", csv.file),
            unit: EQUIVALENT_UNIT.to_string(),
            notes: csv.comments.clone(),
            services,
            types,
            coefficients,
            level2: !uses_level1,
            provenance: TableProvenance::builtin(name, ""),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::equivalent::ResolvedType;

    fn write(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("eq.csv");
        std::fs::write(&p, text).unwrap();
        (dir, p)
    }

    #[test]
    fn level2_user_table() {
        let (_d, p) = write("ecosystem_type,name_cn,food_production,water_supply,row_sum\ndry_land,旱地,0.9,0.1,1.0\npaddy,水田,1.4,-2.6,-1.2\n");
        let t = EquivalentTable::from_csv_file(&p, "local").unwrap();
        assert!(t.level2);
        assert_eq!(t.services.len(), 2);
        assert_eq!(t.services[0].name_cn, "食物生产");
        assert_eq!(t.row(1), &[1.4, -2.6]);
        assert!(t.provenance.is_user_override());
        assert!(t.resolve_type("farmland").is_err());
    }

    #[test]
    fn level1_user_table_accepts_level2_ids() {
        let (_d, p) = write("ecosystem_type,food_production\nfarmland,1\nforest,0.3\n");
        let t = EquivalentTable::from_csv_file(&p, "old").unwrap();
        assert!(!t.level2);
        assert!(matches!(
            t.resolve_type("paddy").unwrap(),
            ResolvedType::Row { index: 0, .. }
        ));
    }

    #[test]
    fn user_table_errors() {
        let (_d, p) = write("ecosystem_type,food_prodution\na,1\n");
        let e = EquivalentTable::from_csv_file(&p, "x").unwrap_err();
        assert!(
            e.to_string().contains("did you mean `food_production`?"),
            "{e}"
        );
        let (_d, p) = write("ecosystem_type,food_production,row_sum\na,1,2\n");
        let e = EquivalentTable::from_csv_file(&p, "x").unwrap_err();
        assert!(e.to_string().contains("add up to 1.0000"), "{e}");
        let (_d, p) = write("ecosystem_type,food_production\na,1\nA,2\n");
        assert!(matches!(
            EquivalentTable::from_csv_file(&p, "x").unwrap_err(),
            ParamsError::DuplicateKey { line: 3, .. }
        ));
        let (_d, p) = write("ecosystem_type,name_cn\na,x\n");
        assert!(EquivalentTable::from_csv_file(&p, "x").is_err());
    }
}
