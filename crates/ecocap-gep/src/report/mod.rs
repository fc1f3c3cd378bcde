//! Reports: CSV tables (the command contract), an XLSX workbook with
//! Chinese and English headers, a Markdown summary and `manifest.json`.
//!
//! Files are written into a staging folder inside the output directory and
//! moved into place only when all of them are written, manifest last: a
//! failed run leaves no output that looks finished.

mod csv_out;
mod manifest;
mod markdown;
mod xlsx;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::account::{Account, IndicatorLine, ValueBasis};
use crate::catalog::Catalog;
use crate::error::GepError;

pub use manifest::{InputRecord, ManifestInfo};

/// File names, declared once.
pub mod names {
    /// per indicator
    pub const BY_INDICATOR: &str = "gep_by_indicator.csv";
    /// per category
    pub const BY_CATEGORY: &str = "gep_by_category.csv";
    /// per SEEA / MEA class
    pub const BY_CLASS: &str = "gep_by_class.csv";
    /// totals
    pub const TOTAL: &str = "gep_total.csv";
    /// year-on-year
    pub const YOY: &str = "gep_yoy.csv";
    /// workbook
    pub const XLSX: &str = "gep_report.xlsx";
    /// summary
    pub const SUMMARY: &str = "gep_summary.md";
    /// manifest
    pub const MANIFEST: &str = "manifest.json";
}

/// Format a number with up to `sig` significant digits, no float noise
/// and no trailing zeros.
pub fn fmt_sig(v: f64, sig: i32) -> String {
    if v == 0.0 || !v.is_finite() {
        return if v.is_finite() {
            "0".into()
        } else {
            String::new()
        };
    }
    let mag = v.abs().log10().floor() as i32;
    let decimals = (sig - 1 - mag).clamp(0, 12) as usize;
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Money in yuan, to the fen.
pub fn fmt_yuan(v: f64) -> String {
    format!("{v:.2}")
}

/// Text describing the value basis.
pub fn basis_text(b: ValueBasis) -> String {
    match b {
        ValueBasis::AsPriced => {
            "as priced (each price's own price year; no price index given)".into()
        }
        ValueBasis::Comparable(y) => format!("comparable prices of {y}"),
    }
}

/// Indicator lines in report order: zones as in the totals (roots first),
/// then year, then catalog order.
pub fn ordered_lines<'a>(acc: &'a Account, cat: &Catalog) -> Vec<&'a IndicatorLine> {
    let zone_rank: HashMap<&str, usize> = acc
        .zone_years
        .iter()
        .enumerate()
        .rev()
        .map(|(i, z)| (z.zone.as_str(), i))
        .collect();
    let ind_rank: HashMap<&str, usize> = cat
        .indicators
        .iter()
        .enumerate()
        .map(|(i, x)| (x.id.as_str(), i))
        .collect();
    let mut v: Vec<&IndicatorLine> = acc.lines.iter().collect();
    v.sort_by_key(|l| {
        (
            zone_rank
                .get(l.zone.as_str())
                .copied()
                .unwrap_or(usize::MAX),
            l.year,
            ind_rank
                .get(l.indicator.id.as_str())
                .copied()
                .unwrap_or(usize::MAX),
        )
    });
    v
}

pub(crate) fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> GepError + '_ {
    move |error| GepError::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// Write every report into `out`; returns the files written.
pub fn write_all(
    out: &Path,
    acc: &Account,
    cat: &'static Catalog,
    info: &ManifestInfo,
) -> Result<Vec<PathBuf>, GepError> {
    std::fs::create_dir_all(out).map_err(io_err(out))?;
    let staging = out.join(format!(".gep-staging-{}", std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(io_err(&staging))?;
    }
    std::fs::create_dir_all(&staging).map_err(io_err(&staging))?;
    let result = write_staged(&staging, acc, cat, info);
    let moved = result.and_then(|files| {
        let mut done = Vec::new();
        for f in files {
            let dest = out.join(&f);
            std::fs::rename(staging.join(&f), &dest).map_err(io_err(&dest))?;
            done.push(dest);
        }
        Ok(done)
    });
    // best effort: the staging folder is empty on success
    let _ = std::fs::remove_dir_all(&staging);
    moved
}

fn write_staged(
    dir: &Path,
    acc: &Account,
    cat: &'static Catalog,
    info: &ManifestInfo,
) -> Result<Vec<String>, GepError> {
    let mut files = Vec::new();
    csv_out::write_csvs(dir, acc, cat, info.gdp_given, &mut files)?;
    xlsx::write(&dir.join(names::XLSX), acc, cat, info)?;
    files.push(names::XLSX.to_string());
    markdown::write(&dir.join(names::SUMMARY), acc, cat, info)?;
    files.push(names::SUMMARY.to_string());
    manifest::write(dir, acc, cat, info, &files)?;
    files.push(names::MANIFEST.to_string());
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formatting() {
        assert_eq!(fmt_sig(32_148_830_000.000_004, 10), "32148830000");
        assert_eq!(fmt_sig(0.123_456_789_01, 6), "0.123457");
        assert_eq!(fmt_sig(0.0, 6), "0");
        assert_eq!(fmt_sig(2.5, 10), "2.5");
        assert_eq!(fmt_yuan(1.005e3), "1005.00");
    }
}
