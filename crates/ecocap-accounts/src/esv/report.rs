//! Writing the ESV account: CSV tables, one XLSX workbook (a sheet per table,
//! Chinese and English headers), JSON and a Markdown summary.

use super::account::EsvAccount;
use super::error::EsvError;
use super::sensitivity::SensitivityRow;
use rust_xlsxwriter::Workbook;
use std::path::{Path, PathBuf};

/// One output table: file stem, sheet name, bilingual headers and rows.
struct Table {
    stem: &'static str,
    sheet: &'static str,
    headers: Vec<(&'static str, &'static str)>,
    rows: Vec<Vec<Cell>>,
}

enum Cell {
    Text(String),
    Num(f64),
}

impl Cell {
    fn csv(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Num(v) => format_num(*v),
        }
    }
}

fn format_num(v: f64) -> String {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        // shortest representation that round-trips
        format!("{v}")
    }
}

fn year(y: Option<i32>) -> Cell {
    Cell::Text(y.map(|y| y.to_string()).unwrap_or_default())
}

fn t(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

/// Paths of the files written.
#[derive(Debug, Clone, Default)]
pub struct ReportFiles {
    /// every file written, in order
    pub files: Vec<PathBuf>,
}

fn tables(acc: &EsvAccount, cs: &[SensitivityRow]) -> Vec<Table> {
    let cur = acc.currency.as_str();
    let value_hdr: &'static str = if cur == "yuan" {
        "esv_yuan"
    } else {
        "esv_value"
    };
    let total_rows = acc
        .totals()
        .into_iter()
        .map(|(z, y, v, a)| {
            vec![
                t(&z),
                year(y),
                Cell::Num(v),
                Cell::Num(a),
                Cell::Num(if a > 0.0 { v / a } else { 0.0 }),
            ]
        })
        .collect();
    let service_rows = acc
        .by_service()
        .into_iter()
        .map(|(z, y, s, v)| vec![t(&z), year(y), t(&s), Cell::Num(v)])
        .collect();
    let type_rows = acc
        .by_type()
        .into_iter()
        .map(|(z, y, ty, a, v)| vec![t(&z), year(y), t(&ty), Cell::Num(v), Cell::Num(a)])
        .collect();
    let change_rows = acc
        .changes()
        .into_iter()
        .map(|(z, a, b, va, vb)| {
            let pct = if va != 0.0 {
                (vb - va) / va * 100.0
            } else {
                f64::NAN
            };
            let years = (b - a) as f64;
            let rate = if va > 0.0 && vb > 0.0 && years > 0.0 {
                ((vb / va).powf(1.0 / years) - 1.0) * 100.0
            } else {
                f64::NAN
            };
            vec![
                t(&z),
                Cell::Num(a as f64),
                Cell::Num(b as f64),
                Cell::Num(va),
                Cell::Num(vb),
                Cell::Num(vb - va),
                Cell::Num(pct),
                Cell::Num(rate),
            ]
        })
        .collect();
    let detail_rows = acc
        .rows
        .iter()
        .map(|r| {
            vec![
                t(&r.zone),
                year(r.year),
                t(&r.ecosystem_type),
                t(&r.service),
                Cell::Num(r.value),
            ]
        })
        .collect();
    let cs_rows = cs
        .iter()
        .map(|r| {
            vec![
                year(r.year),
                t(&r.ecosystem_type),
                Cell::Num(r.esv),
                Cell::Num(r.esv_plus_50),
                Cell::Num(r.esv_minus_50),
                Cell::Num(r.cs_plus),
                Cell::Num(r.cs_minus),
            ]
        })
        .collect();
    vec![
        Table {
            stem: "esv_total",
            sheet: "total",
            headers: vec![
                ("zone", "区域"),
                ("year", "年份"),
                (value_hdr, "生态系统服务价值"),
                ("area_ha", "面积(公顷)"),
                ("esv_per_ha", "单位面积价值"),
            ],
            rows: total_rows,
        },
        Table {
            stem: "esv_by_service",
            sheet: "by_service",
            headers: vec![
                ("zone", "区域"),
                ("year", "年份"),
                ("service", "服务"),
                (value_hdr, "价值"),
            ],
            rows: service_rows,
        },
        Table {
            stem: "esv_by_type",
            sheet: "by_type",
            headers: vec![
                ("zone", "区域"),
                ("year", "年份"),
                ("ecosystem_type", "生态系统类型"),
                (value_hdr, "价值"),
                ("area_ha", "面积(公顷)"),
            ],
            rows: type_rows,
        },
        Table {
            stem: "esv_change",
            sheet: "change",
            headers: vec![
                ("zone", "区域"),
                ("from_year", "起始年"),
                ("to_year", "终止年"),
                ("esv_from", "起始价值"),
                ("esv_to", "终止价值"),
                ("change", "变化量"),
                ("change_pct", "变化率(%)"),
                ("annual_rate_pct", "年均变化率(%)"),
            ],
            rows: change_rows,
        },
        Table {
            stem: "esv_detail",
            sheet: "detail",
            headers: vec![
                ("zone", "区域"),
                ("year", "年份"),
                ("ecosystem_type", "生态系统类型"),
                ("service", "服务"),
                (value_hdr, "价值"),
            ],
            rows: detail_rows,
        },
        Table {
            stem: "esv_sensitivity",
            sheet: "sensitivity",
            headers: vec![
                ("year", "年份"),
                ("ecosystem_type", "生态系统类型"),
                ("esv", "价值"),
                ("esv_plus_50", "系数+50%价值"),
                ("esv_minus_50", "系数-50%价值"),
                ("cs_plus", "敏感性指数(+50%)"),
                ("cs_minus", "敏感性指数(-50%)"),
            ],
            rows: cs_rows,
        },
    ]
}

fn werr(path: &Path, e: impl std::fmt::Display) -> EsvError {
    EsvError::Write {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

fn write_csv(dir: &Path, table: &Table) -> Result<PathBuf, EsvError> {
    let path = dir.join(format!("{}.csv", table.stem));
    let mut w = csv::Writer::from_path(&path).map_err(|e| werr(&path, e))?;
    w.write_record(table.headers.iter().map(|h| h.0))
        .map_err(|e| werr(&path, e))?;
    for row in &table.rows {
        w.write_record(row.iter().map(Cell::csv))
            .map_err(|e| werr(&path, e))?;
    }
    w.flush().map_err(|e| werr(&path, e))?;
    Ok(path)
}

fn write_xlsx(dir: &Path, tables: &[Table], acc: &EsvAccount) -> Result<PathBuf, EsvError> {
    let path = dir.join("esv.xlsx");
    let mut wb = Workbook::new();
    for table in tables {
        let ws = wb.add_worksheet();
        ws.set_name(table.sheet).map_err(|e| werr(&path, e))?;
        for (c, (en, cn)) in table.headers.iter().enumerate() {
            ws.write_string(0, c as u16, *cn)
                .map_err(|e| werr(&path, e))?;
            ws.write_string(1, c as u16, *en)
                .map_err(|e| werr(&path, e))?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32 + 2, c as u16);
                match cell {
                    Cell::Text(s) => ws.write_string(r, c, s),
                    Cell::Num(v) if v.is_finite() => ws.write_number(r, c, *v),
                    Cell::Num(_) => ws.write_string(r, c, ""),
                }
                .map_err(|e| werr(&path, e))?;
            }
        }
    }
    let ws = wb.add_worksheet();
    ws.set_name("about").map_err(|e| werr(&path, e))?;
    let about = [
        ("basis 计算依据", acc.basis_label.clone()),
        ("currency 货币", acc.currency.clone()),
        (
            "price year 价格年",
            acc.price_year
                .map(|y| y.to_string())
                .unwrap_or_else(|| "not stated".into()),
        ),
        (
            "unit 单位",
            format!("{} per year; areas in hectares", acc.currency),
        ),
    ];
    for (r, (k, v)) in about.iter().enumerate() {
        ws.write_string(r as u32, 0, *k)
            .map_err(|e| werr(&path, e))?;
        ws.write_string(r as u32, 1, v)
            .map_err(|e| werr(&path, e))?;
    }
    for (i, w) in acc.warnings.iter().enumerate() {
        ws.write_string((about.len() + i) as u32, 0, "note 说明")
            .map_err(|e| werr(&path, e))?;
        ws.write_string((about.len() + i) as u32, 1, w)
            .map_err(|e| werr(&path, e))?;
    }
    wb.save(&path).map_err(|e| werr(&path, e))?;
    Ok(path)
}

fn money(v: f64, cur: &str) -> String {
    if cur == "yuan" {
        format!("{:.4} 亿元 ({:.0} yuan)", v / 1e8, v)
    } else {
        format!("{:.0} {cur}", v)
    }
}

fn markdown(acc: &EsvAccount, cs: &[SensitivityRow]) -> String {
    let mut md = String::new();
    md.push_str("# Ecosystem service value account (生态系统服务价值核算)\n\n");
    md.push_str(&format!("- Basis (计算依据): {}\n", acc.basis_label));
    md.push_str(&format!(
        "- Values in {} per year, {}\n",
        acc.currency,
        acc.price_year
            .map(|y| format!("{y} prices"))
            .unwrap_or_else(|| "price year not stated".into())
    ));
    for w in &acc.warnings {
        md.push_str(&format!("- Note: {w}\n"));
    }
    md.push_str("\n## Totals by zone and year (按区域和年份汇总)\n\n| zone | year | ESV | area (ha) | per ha |\n|---|---|---:|---:|---:|\n");
    for (z, y, v, a) in acc.totals() {
        md.push_str(&format!(
            "| {z} | {} | {} | {a:.2} | {:.2} |\n",
            y.map(|y| y.to_string()).unwrap_or_default(),
            money(v, &acc.currency),
            if a > 0.0 { v / a } else { 0.0 }
        ));
    }
    let changes = acc.changes();
    if !changes.is_empty() {
        md.push_str(
            "\n## Change (变化)\n\n| zone | from | to | change | % |\n|---|---|---|---:|---:|\n",
        );
        for (z, a, b, va, vb) in changes {
            let pct = if va != 0.0 {
                (vb - va) / va * 100.0
            } else {
                f64::NAN
            };
            md.push_str(&format!(
                "| {z} | {a} | {b} | {} | {pct:.2} |\n",
                money(vb - va, &acc.currency)
            ));
        }
    }
    if !cs.is_empty() {
        md.push_str("\n## Coefficient of sensitivity (敏感性指数, ±50 %)\n\n| year | type | CS |\n|---|---|---:|\n");
        for r in cs {
            md.push_str(&format!(
                "| {} | {} | {:.4} |\n",
                r.year.map(|y| y.to_string()).unwrap_or_default(),
                r.ecosystem_type,
                r.cs_plus
            ));
        }
        md.push_str("\nCS < 1 everywhere means the account is robust to the uncertainty of each type's coefficients (Kreuter et al. 2001).\n");
    }
    md
}

/// Write every table as CSV, the workbook, JSON and Markdown into `dir`.
pub fn write_reports(
    dir: &Path,
    acc: &EsvAccount,
    cs: &[SensitivityRow],
) -> Result<ReportFiles, EsvError> {
    let tables = tables(acc, cs);
    let mut files = ReportFiles::default();
    for table in &tables {
        files.files.push(write_csv(dir, table)?);
    }
    files.files.push(write_xlsx(dir, &tables, acc)?);
    let json_path = dir.join("esv.json");
    let json = serde_json::json!({
        "basis": acc.basis_label,
        "currency": acc.currency,
        "price_year": acc.price_year,
        "totals": acc.totals().iter().map(|(z, y, v, a)| serde_json::json!({"zone": z, "year": y, "esv": v, "area_ha": a})).collect::<Vec<_>>(),
        "by_service": acc.by_service().iter().map(|(z, y, s, v)| serde_json::json!({"zone": z, "year": y, "service": s, "esv": v})).collect::<Vec<_>>(),
        "by_type": acc.by_type().iter().map(|(z, y, t, a, v)| serde_json::json!({"zone": z, "year": y, "ecosystem_type": t, "area_ha": a, "esv": v})).collect::<Vec<_>>(),
        "sensitivity": cs,
        "class_types": acc.class_types,
        "warnings": acc.warnings,
    });
    let text = serde_json::to_string_pretty(&json).map_err(|e| werr(&json_path, e))?;
    std::fs::write(&json_path, text).map_err(|e| werr(&json_path, e))?;
    files.files.push(json_path);
    let md_path = dir.join("summary.md");
    std::fs::write(&md_path, markdown(acc, cs)).map_err(|e| werr(&md_path, e))?;
    files.files.push(md_path);
    Ok(files)
}
