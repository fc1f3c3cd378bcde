//! The self-contained HTML report of an account (`report.html`): key
//! figures, GEP by zone, category and indicator, year-on-year change, maps
//! (embedded PNG), uncertainty, prices with their sources, inputs with
//! checksums, and notes. One file with no script and no external link, so
//! it can be mailed or archived with the account.

mod sections;
pub mod svg;

use super::config::Language;
use crate::error::AppError;
use crate::manifest::InputRecord;
use ecocap_gep::account::Account;
use std::path::{Path, PathBuf};

/// Everything the report shows.
pub struct ReportInput<'a> {
    /// language of the texts
    pub lang: Language,
    /// the configuration file
    pub config: &'a Path,
    /// the valued account
    pub account: &'a Account,
    /// the output (staging) directory: uncertainty tables are read from it
    pub dir: &'a Path,
    /// maps: caption and PNG file
    pub maps: &'a [(String, PathBuf)],
    /// density rasters written, relative to the output directory
    pub density_files: &'a [String],
    /// inputs with checksums
    pub inputs: &'a [InputRecord],
    /// notes and warnings
    pub notes: &'a [String],
}

/// A text in the report's language.
pub(crate) fn tr(lang: Language, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Language::Zh => zh,
        Language::En => en,
    }
}

/// Yuan as 亿元 (10⁸ yuan) with enough decimals to be read.
pub(crate) fn yi(v: f64) -> String {
    let x = v / 1e8;
    if x.abs() >= 100.0 {
        format!("{x:.1}")
    } else if x.abs() >= 0.01 || x == 0.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.4}")
    }
}

const STYLE: &str = "body{font-family:-apple-system,'Segoe UI','PingFang SC','Microsoft YaHei',\
'Noto Sans CJK SC',sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#1a202c}\
h1{border-bottom:3px solid #2f855a;padding-bottom:.3em}h2{color:#22543d;margin-top:2em}\
table{border-collapse:collapse;margin:.8em 0;font-size:14px}th,td{border:1px solid #cbd5e0;\
padding:4px 8px}th{background:#f0fff4}td.n{text-align:right;font-variant-numeric:tabular-nums}\
.kpi{display:inline-block;margin:0 2em 1em 0}.kpi b{display:block;font-size:28px;color:#2f855a}\
figure{margin:1em 0}figcaption{font-size:13px;color:#4a5568}img{max-width:100%;border:1px solid #e2e8f0}\
code{font-size:12px}.note{color:#744210}";

/// Write `report.html` into `ri.dir`.
pub fn write_report(ri: &ReportInput<'_>) -> Result<PathBuf, AppError> {
    let l = ri.lang;
    let title = tr(
        l,
        "生态系统生产总值（GEP）核算报告",
        "Gross Ecosystem Product (GEP) account",
    );
    let mut h = format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{title}</title><style>{STYLE}</style></head><body>\n<h1>{title}</h1>\n",
        tr(l, "zh-CN", "en"),
    );
    h.push_str(&sections::header(ri));
    h.push_str(&sections::by_zone(ri));
    h.push_str(&sections::by_indicator(ri));
    h.push_str(&sections::maps(ri)?);
    h.push_str(&sections::uncertainty(ri));
    h.push_str(&sections::provenance(ri));
    h.push_str("</body></html>\n");
    let path = ri.dir.join("report.html");
    std::fs::write(&path, h).map_err(|e| AppError::OutDir {
        path: path.clone(),
        detail: e.to_string(),
    })?;
    Ok(path)
}
