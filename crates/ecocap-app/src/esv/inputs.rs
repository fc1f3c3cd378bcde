//! Loading the valuation basis and the class mapping.

use crate::error::AppError;
use ecocap_accounts::esv::{StandardValue, ValueBasis};
use ecocap_params::{EquivalentTable, TableProvenance, UnitValueTable};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What the values per hectare come from.
#[derive(Debug, Clone)]
pub enum BasisSpec {
    /// an equivalent table × a standard value: a shipped one (`xie2015`,
    /// `xie2008`, `xie2003`) or a user CSV (`ecosystem_type` + one column
    /// per service id, see docs/PARAMS.md)
    Equivalent {
        /// table name or path of a CSV
        table: String,
        /// value of one standard equivalent
        standard: StandardValue,
    },
    /// a shipped unit-value table (`costanza2014`, `costanza1997_2007usd`)
    UnitValues {
        /// table name
        table: String,
    },
    /// a user unit-value CSV (`ecosystem_type,value` or `ecosystem_type,service,value`)
    UnitValueFile {
        /// file
        path: PathBuf,
        /// currency of the values, e.g. "yuan" or "USD"
        currency: String,
        /// price year of the values
        price_year: u16,
    },
}

fn from_unit_table(t: &UnitValueTable) -> Result<ValueBasis, AppError> {
    let mut values: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
    for ty in t.type_ids() {
        let per = values.entry(ty.to_string()).or_default();
        for e in t.entries_for(ty)? {
            let service = e.service.clone().unwrap_or_else(|| "total".to_string());
            *per.entry(service).or_insert(0.0) += e.value;
        }
    }
    Ok(ValueBasis::from_unit_values(
        format!("{} unit values ({})", t.name, t.unit()),
        t.currency.clone(),
        Some(i32::from(t.price_year)),
        &values,
        vec![t.provenance.clone()],
    ))
}

/// Build the valuation basis.
pub fn load_basis(spec: &BasisSpec) -> Result<ValueBasis, AppError> {
    match spec {
        BasisSpec::Equivalent { table, standard } => {
            let path = std::path::Path::new(table);
            let t = if table.to_ascii_lowercase().ends_with(".csv") || path.exists() {
                let name = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().to_string())
                    .unwrap_or_else(|| "user".into());
                EquivalentTable::from_csv_file(path, &name)?
            } else {
                EquivalentTable::builtin(table)?
            };
            Ok(ValueBasis::from_equivalents(&t, standard))
        }
        BasisSpec::UnitValues { table } => from_unit_table(&UnitValueTable::builtin(table)?),
        BasisSpec::UnitValueFile {
            path,
            currency,
            price_year,
        } => from_unit_table(&UnitValueTable::from_csv_file(
            path,
            "unit_values",
            currency,
            *price_year,
        )?),
    }
}

/// Where the class → ecosystem-type mapping comes from.
#[derive(Debug, Clone)]
pub enum MappingSpec {
    /// a shipped mapping: clcd, cnlucc, globeland30, worldcover, igbp
    Builtin(String),
    /// a CSV with columns `class,ecosystem_type`
    File(PathBuf),
}

impl MappingSpec {
    /// Parse a `--mapping` value: a builtin name or a file path.
    pub fn parse(s: &str) -> MappingSpec {
        let lower = s.trim().to_ascii_lowercase();
        if ecocap_params::builtin_mapping_names().contains(&lower.as_str()) {
            MappingSpec::Builtin(lower)
        } else {
            MappingSpec::File(PathBuf::from(s))
        }
    }

    /// Label for messages.
    pub fn label(&self) -> String {
        match self {
            MappingSpec::Builtin(n) => format!("builtin mapping '{n}'"),
            MappingSpec::File(p) => p.display().to_string(),
        }
    }
}

/// The refusal of a mapping `value` (given as `input`) that is neither a
/// shipped name nor an existing file (`resolved`) but looks like a name —
/// no folder, no extension — as `clcdx` for `clcd`: it lists the shipped
/// names, with the nearest. None when it exists or looks like a path (the
/// reader then says the file is missing).
pub fn unknown_mapping(input: &str, value: &str, resolved: &std::path::Path) -> Option<AppError> {
    let v = value.trim();
    let looks_like_name =
        !v.is_empty() && !v.contains(['/', '\\']) && std::path::Path::new(v).extension().is_none();
    if resolved.exists() || !looks_like_name {
        return None;
    }
    let names = ecocap_params::builtin_mapping_names();
    let lower = v.to_ascii_lowercase();
    let nearest = names
        .iter()
        .map(|n| (strsim::levenshtein(&lower, n), *n))
        .min()
        .filter(|(d, _)| *d <= 3)
        .map(|(_, n)| format!(" (did you mean '{n}'?)"))
        .unwrap_or_default();
    Some(AppError::input(
        input,
        format!(
            "unknown mapping '{v}'; shipped: {}{nearest}",
            names.join(", ")
        ),
        "give one of the shipped names, or the path of a CSV file with columns class,ecosystem_type",
    ))
}

/// Load the mapping as class → type id, checking every type against the
/// basis (all unknown ids reported at once, each with the nearest id).
pub fn load_mapping(
    spec: &MappingSpec,
    basis: &ValueBasis,
) -> Result<(BTreeMap<String, String>, TableProvenance), AppError> {
    let (pairs, prov): (Vec<(u64, String, String)>, TableProvenance) = match spec {
        MappingSpec::Builtin(name) => {
            let m = ecocap_params::ClassMapping::builtin(name)?;
            let pairs = m
                .entries
                .iter()
                .map(|e| (0, e.class.clone(), e.ecosystem_type.clone()))
                .collect();
            (pairs, m.provenance.clone())
        }
        MappingSpec::File(path) => {
            if let Some(e) = unknown_mapping("--mapping", &path.display().to_string(), path) {
                return Err(e);
            }
            // the shared reader refuses a class given twice (line of both),
            // even when both lines agree: as for `account` and `seea`
            let m = ecocap_params::ClassMapping::read_csv_file(path)?;
            let pairs = m
                .entries
                .iter()
                .map(|e| (e.line, e.class.clone(), e.ecosystem_type.clone()))
                .collect();
            let mut prov = m.provenance.clone();
            prov.name = "mapping".into();
            (pairs, prov)
        }
    };
    let mut map = BTreeMap::new();
    let mut problems = Vec::new();
    for (line, class, ty) in pairs {
        if let Err(e) = basis.resolve(&ty) {
            let where_ = if line > 0 {
                format!("line {line}: ")
            } else {
                String::new()
            };
            problems.push(format!(
                "{where_}class '{class}' → {}",
                first_line(&e.to_string())
            ));
            continue;
        }
        map.insert(class, ty);
    }
    if !problems.is_empty() {
        let ids: Vec<&str> = basis.types.iter().map(|t| t.id.as_str()).collect();
        return Err(AppError::input(
            spec.label(),
            format!("unknown ecosystem types:\n  {}", problems.join("\n  ")),
            format!("valid ids for {}: {}, none", basis.label, ids.join(", ")),
        ));
    }
    Ok((map, prov))
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}
