//! Reading the SEEA input tables (CSV; UTF-8, BOM or GBK as Excel saves
//! them, via [`CsvTable`]).

use crate::error::AppError;
use ecocap_params::CsvTable;
use ecocap_seea::condition::ConditionValue;
use ecocap_seea::extent::Cause;
use ecocap_seea::supply_use::{Allocation, Flow, UNATTRIBUTED};
use std::collections::BTreeMap;
use std::path::Path;

/// `service,user,share` → allocation (shares of each service sum to one).
pub fn read_allocation(path: &Path) -> Result<Allocation, AppError> {
    let (t, _) = CsvTable::from_path(path)?;
    let (cs, cu, cv) = (t.column("service")?, t.column("user")?, t.column("share")?);
    let mut rows = Vec::new();
    for r in &t.rows {
        rows.push((
            r.line,
            t.text(r, cs)?.to_string(),
            t.text(r, cu)?.to_string(),
            t.number(r, cv, "a share between 0 and 1, e.g. 0.25")?,
        ));
    }
    Ok(Allocation::from_rows(&rows, &path.display().to_string())?)
}

/// `zone,ecosystem_type,variable,opening,closing` (blank = not measured).
pub fn read_condition_values(path: &Path) -> Result<Vec<ConditionValue>, AppError> {
    let (t, _) = CsvTable::from_path(path)?;
    let cz = t.column("zone")?;
    let ct = t.column("ecosystem_type")?;
    let cv = t.column("variable")?;
    let (co, cc) = (t.column("opening")?, t.column("closing")?);
    let mut out = Vec::new();
    for r in &t.rows {
        out.push(ConditionValue {
            zone: t.text(r, cz)?.to_string(),
            ecosystem_type: t.text(r, ct)?.to_string(),
            variable: t.text(r, cv)?.to_string(),
            opening: t.optional_number(r, co, "the variable's value at the opening date")?,
            closing: t.optional_number(r, cc, "the variable's value at the closing date")?,
        });
    }
    Ok(out)
}

/// `from_type,to_type,cause` → cause of each conversion.
pub fn read_causes(path: &Path) -> Result<BTreeMap<(String, String), Cause>, AppError> {
    let (t, _) = CsvTable::from_path(path)?;
    let (cf, ct, cc) = (
        t.column("from_type")?,
        t.column("to_type")?,
        t.column("cause")?,
    );
    let mut out = BTreeMap::new();
    for r in &t.rows {
        let c = t.text(r, cc)?;
        let cause = Cause::parse(c).ok_or_else(|| {
            AppError::input(
                format!("{} line {}", path.display(), r.line),
                format!("cause '{c}' is neither managed nor unmanaged"),
                "write managed (human activity) or unmanaged (natural processes)",
            )
        })?;
        out.insert(
            (t.text(r, cf)?.to_string(), t.text(r, ct)?.to_string()),
            cause,
        );
    }
    Ok(out)
}

/// Service flows from a GEP or ESV output table: columns `zone`, `year`,
/// `indicator` (or `service`), optional `ecosystem_type`, optional
/// `quantity` with `unit` / `quantity_unit`, optional value (`value`,
/// `value_yuan`, `esv_yuan`, `esv`). Rows of `gep_by_indicator.csv` that
/// the GEP engine did not count (`counted = false`, double counting) or
/// that roll up other zones (`rolled_up_from > 0`) are skipped, so no
/// flow enters twice.
pub fn read_flows(path: &Path, source: &str) -> Result<Vec<Flow>, AppError> {
    let (t, _) = CsvTable::from_path(path)?;
    let cz = t.column("zone")?;
    let cy = t.column("year")?;
    let ci = match t.optional_column_any(&["indicator", "service"]) {
        Some(c) => c,
        None => t.column("indicator")?,
    };
    let ct = t.optional_column("ecosystem_type");
    let cq = t.optional_column("quantity");
    let cu = t.optional_column_any(&["quantity_unit", "unit"]);
    let cv = t.optional_column_any(&["value_yuan", "value", "esv_yuan", "esv_value", "esv"]);
    if cq.is_none() && cv.is_none() {
        return Err(AppError::input(
            path.display().to_string(),
            format!("no quantity and no value column (found: {})", t.headers.join(", ")),
            "give `quantity` (with `unit`) and/or `value_yuan`, e.g. the gep_by_indicator.csv of `ecocap gep`",
        ));
    }
    let c_counted = t.optional_column("counted");
    let c_rolled = t.optional_column("rolled_up_from");
    let mut out = Vec::new();
    for r in &t.rows {
        if c_counted.is_some_and(|c| r.get(c).eq_ignore_ascii_case("false"))
            || c_rolled.is_some_and(|c| r.get(c).parse::<u32>().is_ok_and(|n| n > 0))
        {
            continue;
        }
        let y = t.number(r, cy, "a year, e.g. 2020")?;
        out.push(Flow {
            zone: t.text(r, cz)?.to_string(),
            year: y as i32,
            ecosystem_type: ct
                .map(|c| r.get(c).to_string())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| UNATTRIBUTED.to_string()),
            source: source.to_string(),
            indicator: t.text(r, ci)?.to_string(),
            quantity: match cq {
                Some(c) => t.optional_number(r, c, "a physical quantity")?,
                None => None,
            },
            unit: cu.map(|c| r.get(c).to_string()).unwrap_or_default(),
            value: match cv {
                Some(c) => t.optional_number(r, c, "a value in money")?,
                None => None,
            },
        });
    }
    Ok(out)
}
