//! Building an [`EquivalentTable`] from a shipped CSV and its spec.

use crate::csvtable::{CsvRow, CsvTable};
use crate::error::ParamsError;
use crate::provenance::TableProvenance;
use crate::service::Service;

use super::builtin::{Layout, TableSpec, EQUIVALENT_UNIT};
use super::table::{EcosystemType, EquivalentTable, Verification};

fn layout_err(spec: &TableSpec, message: String) -> ParamsError {
    ParamsError::BuiltinLayout {
        file: spec.file.to_string(),
        message,
    }
}

/// Parse a shipped table. Any mismatch between the CSV and the spec is a
/// [`ParamsError::BuiltinLayout`] (an ecocap bug caught by the tests).
pub(crate) fn parse_builtin(spec: &TableSpec) -> Result<EquivalentTable, ParamsError> {
    let csv = CsvTable::from_text(spec.csv, spec.file)?;
    let (meta_cols, tail_cols): (&[&str], &[&str]) = match spec.layout {
        Layout::Xie2015 => (
            &["level1_cn", "level2_cn", "level1_en", "level2_en"],
            &["row_sum", "verification", "sources"],
        ),
        Layout::Level1 => (
            &["ecosystem_cn", "ecosystem_en"],
            &["row_sum", "verification"],
        ),
    };
    let expected: Vec<&str> = meta_cols
        .iter()
        .copied()
        .chain(spec.services.iter().map(|s| s.column))
        .chain(tail_cols.iter().copied())
        .collect();
    if csv.headers != expected {
        return Err(layout_err(
            spec,
            format!("header is {:?}, expected {:?}", csv.headers, expected),
        ));
    }
    let first_service = meta_cols.len();
    let n_services = spec.services.len();
    let row_sum_col = first_service + n_services;
    let mut types = Vec::with_capacity(csv.rows.len());
    let mut coefficients = Vec::with_capacity(csv.rows.len() * n_services);
    for row in &csv.rows {
        for col in first_service..row_sum_col {
            coefficients.push(csv.number(row, col, "equivalents are decimal numbers")?);
        }
        let published_row_sum = csv.optional_number(row, row_sum_col, "row_sum is a number")?;
        types.push(match spec.layout {
            Layout::Xie2015 => xie2015_type(spec, &csv, row)?,
            Layout::Level1 => level1_type(spec, &csv, row)?,
        });
        if let Some(t) = types.last_mut() {
            t.published_row_sum = published_row_sum;
        }
    }
    let services = spec
        .services
        .iter()
        .map(|s| Service {
            id: s.id.to_string(),
            name_cn: s.name_cn.to_string(),
            name_en: s.name_en.to_string(),
            group: s.group,
        })
        .collect();
    Ok(EquivalentTable {
        name: spec.name.to_string(),
        year: Some(spec.year),
        title: spec.title.to_string(),
        citation: spec.citation.to_string(),
        unit: EQUIVALENT_UNIT.to_string(),
        notes: csv.comments.clone(),
        services,
        types,
        coefficients,
        level2: matches!(spec.layout, Layout::Xie2015),
        provenance: TableProvenance::builtin(spec.name, spec.csv),
    })
}

fn english_name(spec: &TableSpec, id: &str) -> String {
    spec.type_names
        .iter()
        .find(|(k, _)| *k == id)
        .map(|(_, v)| v.to_string())
        .unwrap_or_else(|| id.replace('_', " "))
}

/// Xie 2015 rows: status `2+` = read identically in ≥ 2 sources, `1` =
/// single source (S1 only), see `docs/GEP.md` §1.1.
fn xie2015_type(
    spec: &TableSpec,
    csv: &CsvTable,
    row: &CsvRow,
) -> Result<EcosystemType, ParamsError> {
    let n = 4 + spec.services.len();
    let id = csv.text(row, 3)?.to_string();
    let status = csv.text(row, n + 1)?.to_string();
    let sources = csv.text(row, n + 2)?.to_string();
    let verified = match status.as_str() {
        "2+" => true,
        "1" => false,
        other => {
            return Err(layout_err(
                spec,
                format!(
                    "line {}: verification `{other}` is neither `2+` nor `1`",
                    row.line
                ),
            ))
        }
    };
    let reason = (!verified).then(|| {
        format!(
            "read in a single source only ({sources}: a GitHub app labelled 谢高地(2015)); no second copy was found, so the row is unverified against Xie et al. 2015 itself (docs/GEP.md §1.1)"
        )
    });
    Ok(EcosystemType {
        name_en: english_name(spec, &id),
        name_cn: csv.text(row, 1)?.to_string(),
        level1_id: csv.text(row, 2)?.to_string(),
        level1_cn: csv.text(row, 0)?.to_string(),
        id,
        published_row_sum: None,
        verification: Verification {
            verified,
            status,
            sources,
            reason,
        },
    })
}

/// Xie 2008/2003 rows: the verification cell is either `N (keys)` or a
/// `;`-separated source list; two or more sources = verified.
fn level1_type(
    spec: &TableSpec,
    csv: &CsvTable,
    row: &CsvRow,
) -> Result<EcosystemType, ParamsError> {
    let n = 2 + spec.services.len();
    let id = csv.text(row, 1)?.to_string();
    let status = csv.text(row, n + 1)?.to_string();
    let count = match status
        .split_whitespace()
        .next()
        .and_then(|t| t.parse::<usize>().ok())
    {
        Some(k) => k,
        None => status.split(';').filter(|s| !s.trim().is_empty()).count(),
    };
    let verified = count >= 2;
    let reason = (!verified).then(|| format!("only {count} source ({status})"));
    let name_cn = csv.text(row, 0)?.to_string();
    Ok(EcosystemType {
        name_en: english_name(spec, &id),
        level1_id: id.clone(),
        level1_cn: name_cn.clone(),
        name_cn,
        id,
        published_row_sum: None,
        verification: Verification {
            verified,
            sources: status.clone(),
            status,
            reason,
        },
    })
}
