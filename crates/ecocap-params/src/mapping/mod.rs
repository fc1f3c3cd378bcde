//! Land-cover class mappings: class code (or name) → ecosystem type id.
//!
//! Shipped mappings target the Xie et al. 2015 level-2 type ids (or
//! `none`); they work with the level-1 tables too, through
//! [`crate::LEVEL2_TO_LEVEL1`]. Every choice is documented in
//! `docs/PARAMS.md` and in the `note` column of each file.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::csvtable::CsvTable;
use crate::equivalent::EquivalentTable;
use crate::error::{valid_list, ParamsError, UnknownTypeRow};
use crate::provenance::{Origin, TableProvenance};
use crate::suggest::{nearest, quoted_list};

/// A shipped mapping: name, scheme description, embedded CSV.
struct BuiltinMapping {
    name: &'static str,
    scheme: &'static str,
    file: &'static str,
    csv: &'static str,
}

const BUILTIN: &[BuiltinMapping] = &[
    BuiltinMapping {
        name: "clcd",
        scheme: "CLCD China Land Cover Dataset (Yang & Huang 2021), 9 classes, codes 1-9",
        file: "crates/ecocap-params/data/mappings/clcd.csv",
        csv: include_str!("../../data/mappings/clcd.csv"),
    },
    BuiltinMapping {
        name: "cnlucc",
        scheme: "CNLUCC / RESDC land-use classification (Liu Jiyuan et al.), level-1 codes 1-6 and level-2 codes 11-67",
        file: "crates/ecocap-params/data/mappings/cnlucc.csv",
        csv: include_str!("../../data/mappings/cnlucc.csv"),
    },
    BuiltinMapping {
        name: "globeland30",
        scheme: "GlobeLand30 (Chen et al. 2015), 10 classes, codes 10-100",
        file: "crates/ecocap-params/data/mappings/globeland30.csv",
        csv: include_str!("../../data/mappings/globeland30.csv"),
    },
    BuiltinMapping {
        name: "worldcover",
        scheme: "ESA WorldCover 10 m (2020 v100 / 2021 v200), 11 classes, codes 10-100",
        file: "crates/ecocap-params/data/mappings/worldcover.csv",
        csv: include_str!("../../data/mappings/worldcover.csv"),
    },
    BuiltinMapping {
        name: "igbp",
        scheme: "MODIS MCD12Q1 land cover type 1 (IGBP), 17 classes, codes 1-17",
        file: "crates/ecocap-params/data/mappings/igbp.csv",
        csv: include_str!("../../data/mappings/igbp.csv"),
    },
];

/// Names of the shipped class mappings.
pub fn builtin_mapping_names() -> Vec<&'static str> {
    BUILTIN.iter().map(|b| b.name).collect()
}

/// One class of a mapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MappingEntry {
    /// 1-based line in the file.
    pub line: u64,
    /// Class as written (a code such as `11`, or a name).
    pub class: String,
    /// The class as an integer code, when it is one.
    pub code: Option<i64>,
    /// English label (may be empty for user mappings).
    pub label_en: String,
    /// Chinese label (may be empty).
    pub label_cn: String,
    /// Ecosystem type id, or `none`.
    pub ecosystem_type: String,
    /// Why this type was chosen.
    pub note: String,
}

/// A land-cover class mapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassMapping {
    /// Mapping name (`clcd`, ... or the user's name).
    pub name: String,
    /// Description of the classification scheme.
    pub scheme: String,
    /// Source notes (`#` comments).
    pub notes: Vec<String>,
    /// Classes in file order.
    pub entries: Vec<MappingEntry>,
    /// Where the mapping came from.
    pub provenance: TableProvenance,
}

fn parse_code(class: &str) -> Option<i64> {
    if let Ok(c) = class.parse::<i64>() {
        return Some(c);
    }
    // Excel sometimes writes integer codes as `11.0`.
    class
        .parse::<f64>()
        .ok()
        .filter(|x| x.fract() == 0.0 && x.abs() < 1e15)
        .map(|x| x as i64)
}

impl ClassMapping {
    /// A shipped mapping: `clcd`, `cnlucc`, `globeland30`, `worldcover`, `igbp`.
    ///
    /// # Errors
    /// [`ParamsError::UnknownName`] with the nearest name.
    pub fn builtin(name: &str) -> Result<ClassMapping, ParamsError> {
        let key = name.trim().to_ascii_lowercase();
        let Some(b) = BUILTIN.iter().find(|b| b.name == key) else {
            let names = builtin_mapping_names();
            return Err(ParamsError::UnknownName {
                kind: "class mapping",
                name: name.to_string(),
                suggestion: nearest(name, &names),
                available: quoted_list(&names),
            });
        };
        let csv = CsvTable::from_text(b.csv, b.file)?;
        let mut m = Self::from_csv_table(&csv, b.name)?;
        m.scheme = b.scheme.to_string();
        m.provenance = TableProvenance::builtin(b.name, b.csv);
        Ok(m)
    }

    /// Read a user mapping CSV (columns `class,ecosystem_type`; `code` is
    /// accepted for `class`; extra columns such as `label`, `label_cn`,
    /// `note` are kept or ignored) and validate it against `table`.
    ///
    /// # Errors
    /// Reading/decoding errors, missing columns, blank cells, duplicate
    /// classes, and [`ParamsError::UnknownTypesInMapping`] listing every
    /// line whose type is unknown to `table`, with the nearest id.
    pub fn from_csv_file(
        path: &Path,
        table: &EquivalentTable,
    ) -> Result<ClassMapping, ParamsError> {
        let m = Self::read_csv_file(path)?;
        m.validate(table)?;
        Ok(m)
    }

    /// Read a user mapping CSV without validating the type ids (for
    /// unit-value tables, validate with [`ClassMapping::validate_ids`]).
    ///
    /// # Errors
    /// As [`ClassMapping::from_csv_file`], except type validation.
    pub fn read_csv_file(path: &Path) -> Result<ClassMapping, ParamsError> {
        let (csv, decoded) = CsvTable::from_path(path)?;
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "user mapping".to_string());
        let mut m = Self::from_csv_table(&csv, &name)?;
        m.provenance = TableProvenance {
            name,
            origin: Origin::File(path.to_path_buf()),
            encoding: decoded.encoding,
            sha256: decoded.sha256,
        };
        Ok(m)
    }

    /// Parse mapping CSV text (`label` names it in messages), unvalidated.
    ///
    /// # Errors
    /// As [`ClassMapping::read_csv_file`].
    pub fn from_csv_text(text: &str, label: &str) -> Result<ClassMapping, ParamsError> {
        let csv = CsvTable::from_text(text, label)?;
        let mut m = Self::from_csv_table(&csv, label)?;
        m.provenance = TableProvenance::builtin(label, text);
        Ok(m)
    }

    fn from_csv_table(csv: &CsvTable, name: &str) -> Result<ClassMapping, ParamsError> {
        let c_class = match csv.optional_column_any(&["class", "code"]) {
            Some(c) => c,
            None => csv.column("class")?,
        };
        let c_type = csv.column("ecosystem_type")?;
        let c_en = csv.optional_column_any(&["label_en", "label", "name"]);
        let c_cn = csv.optional_column_any(&["label_cn", "name_cn"]);
        let c_note = csv.optional_column("note");
        let get = |row: &crate::csvtable::CsvRow, c: Option<usize>| {
            c.map(|c| row.get(c).to_string()).unwrap_or_default()
        };
        let mut first_line: HashMap<String, u64> = HashMap::new();
        let mut entries = Vec::with_capacity(csv.rows.len());
        for row in &csv.rows {
            let class = csv.text(row, c_class)?.to_string();
            let code = parse_code(&class);
            let key = match code {
                Some(c) => c.to_string(),
                None => class.to_lowercase(),
            };
            if let Some(first) = first_line.get(&key) {
                return Err(ParamsError::DuplicateKey {
                    file: csv.file.clone(),
                    line: row.line,
                    column: csv.header_name(c_class),
                    value: class,
                    first_line: *first,
                });
            }
            first_line.insert(key, row.line);
            entries.push(MappingEntry {
                line: row.line,
                code,
                ecosystem_type: csv.text(row, c_type)?.to_ascii_lowercase(),
                label_en: get(row, c_en),
                label_cn: get(row, c_cn),
                note: get(row, c_note),
                class,
            });
        }
        Ok(ClassMapping {
            name: name.to_string(),
            scheme: format!("user mapping ({})", csv.file),
            notes: csv.comments.clone(),
            entries,
            provenance: TableProvenance::builtin(name, ""),
        })
    }

    /// The entry for an integer class code (raster pixel value).
    pub fn lookup(&self, code: i64) -> Option<&MappingEntry> {
        self.entries.iter().find(|e| e.code == Some(code))
    }

    /// The entry for a class as written in an area table: a code (`11`,
    /// `11.0`) or a name (case-insensitive, trimmed).
    pub fn lookup_class(&self, class: &str) -> Option<&MappingEntry> {
        let class = class.trim();
        match parse_code(class) {
            Some(code) => self.lookup(code),
            None => self
                .entries
                .iter()
                .find(|e| e.code.is_none() && e.class.eq_ignore_ascii_case(class)),
        }
    }

    /// Resolve every integer class code against an equivalent table, for
    /// building a per-pixel lookup (`ResolvedType::Zero` for `none`).
    ///
    /// # Errors
    /// [`ParamsError::UnknownTypesInMapping`] as [`ClassMapping::validate`].
    pub fn resolve_codes(
        &self,
        table: &EquivalentTable,
    ) -> Result<Vec<(i64, crate::equivalent::ResolvedType)>, ParamsError> {
        self.validate(table)?;
        let mut out = Vec::new();
        for e in &self.entries {
            if let Some(code) = e.code {
                out.push((code, table.resolve_type(&e.ecosystem_type)?));
            }
        }
        Ok(out)
    }

    /// Integer codes of the mapping, in file order.
    pub fn codes(&self) -> Vec<i64> {
        self.entries.iter().filter_map(|e| e.code).collect()
    }

    /// Distinct ecosystem types used, in file order.
    pub fn ecosystem_types(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for e in &self.entries {
            if !out.contains(&e.ecosystem_type.as_str()) {
                out.push(&e.ecosystem_type);
            }
        }
        out
    }

    /// Check every type id against an equivalent table
    /// ([`EquivalentTable::resolve_type`] rules).
    ///
    /// # Errors
    /// [`ParamsError::UnknownTypesInMapping`] listing every bad line.
    pub fn validate(&self, table: &EquivalentTable) -> Result<(), ParamsError> {
        self.validate_ids(
            &table.accepted_type_ids(),
            &table.name,
            &valid_list(&table.type_ids()),
        )
    }

    /// Check every type id against a list of accepted ids (e.g.
    /// [`crate::UnitValueTable::accepted_type_ids`]); `valid` is the list
    /// shown in the hint.
    ///
    /// # Errors
    /// [`ParamsError::UnknownTypesInMapping`] listing every bad line.
    pub fn validate_ids(
        &self,
        accepted: &[String],
        table: &str,
        valid: &str,
    ) -> Result<(), ParamsError> {
        let rows: Vec<UnknownTypeRow> = self
            .entries
            .iter()
            .filter(|e| {
                !accepted
                    .iter()
                    .any(|a| a.eq_ignore_ascii_case(&e.ecosystem_type))
            })
            .map(|e| UnknownTypeRow {
                line: e.line,
                class: e.class.clone(),
                ecosystem_type: e.ecosystem_type.clone(),
                suggestion: nearest(&e.ecosystem_type, accepted),
            })
            .collect();
        if rows.is_empty() {
            return Ok(());
        }
        Err(ParamsError::UnknownTypesInMapping {
            file: match &self.provenance.origin {
                Origin::File(p) => p.display().to_string(),
                Origin::Builtin => self.name.clone(),
            },
            table: table.to_string(),
            rows,
            valid: valid.to_string(),
        })
    }
}

#[cfg(test)]
mod tests;
