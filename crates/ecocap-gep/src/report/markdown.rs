//! The Markdown summary: totals, categories, growth, warnings and the
//! prices used, readable in any viewer and in version control.

use std::fmt::Write as _;
use std::path::Path;

use super::{basis_text, fmt_sig, io_err, ordered_lines, ManifestInfo};
use crate::account::Account;
use crate::catalog::Catalog;
use crate::classes::Category;
use crate::error::GepError;

const YI: f64 = 1e8;

fn yi(v: f64) -> String {
    format!("{:.2}", v / YI)
}

/// Render the summary text.
pub fn render(acc: &Account, cat: &Catalog, info: &ManifestInfo) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# GEP account 生态产品总值核算\n");
    let _ = writeln!(s, "- Value basis 价值基准: {}", basis_text(acc.basis));
    let _ = writeln!(s, "- Catalog version 目录版本: {}", cat.version);
    for i in &info.inputs {
        let _ = writeln!(
            s,
            "- Input {}: `{}` (sha256 `{}`)",
            i.role,
            i.path,
            &i.sha256[..12.min(i.sha256.len())]
        );
    }
    let _ = writeln!(s, "\n## GEP by zone and year (亿元, 1e8 yuan)\n");
    let _ = writeln!(s, "| zone 区域 | year 年份 | material 物质产品 | regulating 调节服务 | cultural 文化服务 | GEP | GEP/GDP |");
    let _ = writeln!(s, "|---|---|---:|---:|---:|---:|---:|");
    for z in &acc.zone_years {
        let c = |k: Category| yi(z.by_category.get(&k).copied().unwrap_or(0.0));
        let _ = writeln!(
            s,
            "| {}{} | {} | {} | {} | {} | **{}** | {} |",
            "↳ ".repeat(z.depth),
            z.zone,
            z.year,
            c(Category::Material),
            c(Category::Regulating),
            c(Category::Cultural),
            yi(z.gep),
            z.gep_gdp_ratio()
                .map(|r| format!("{r:.2}"))
                .unwrap_or_else(|| "—".into())
        );
    }
    if !acc.yoy.is_empty() {
        let _ = writeln!(s, "\n## Year-on-year 同比\n");
        let _ = writeln!(
            s,
            "| zone | year | vs | growth, current prices 现价 | growth, reported basis 可比价 |"
        );
        let _ = writeln!(s, "|---|---|---|---:|---:|");
        let pct = |g: Option<f64>| {
            g.map(|x| format!("{:.2} %", x * 100.0))
                .unwrap_or_else(|| "—".into())
        };
        for y in &acc.yoy {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} |",
                y.zone,
                y.year,
                y.prev_year,
                pct(y.growth_current),
                pct(y.growth)
            );
        }
    }
    let _ = writeln!(s, "\n## Indicators of top-level zones 顶层区域指标\n");
    let _ = writeln!(
        s,
        "| zone | year | indicator 指标 | quantity 功能量 | unit | value 亿元 |"
    );
    let _ = writeln!(s, "|---|---|---|---:|---|---:|");
    for l in ordered_lines(acc, cat) {
        if acc.zone_year(&l.zone, l.year).is_none_or(|z| z.depth > 0) {
            continue;
        }
        let mark = if l.counted { "" } else { " (excluded)" };
        let _ = writeln!(
            s,
            "| {} | {} | {} {}{mark} | {} | {} | {} |",
            l.zone,
            l.year,
            l.indicator.zh,
            l.indicator.id,
            l.quantity.map(|q| fmt_sig(q, 6)).unwrap_or_default(),
            l.quantity_unit,
            yi(l.value)
        );
    }
    let _ = writeln!(s, "\n## Warnings 警告\n");
    if acc.warnings.is_empty() {
        let _ = writeln!(s, "None.");
    }
    for w in &acc.warnings {
        let _ = writeln!(s, "- {w}");
    }
    let _ = writeln!(
        s,
        "\nPrices, parameters and sources used are listed in `manifest.json`."
    );
    s
}

/// Write the summary.
pub fn write(
    path: &Path,
    acc: &Account,
    cat: &Catalog,
    info: &ManifestInfo,
) -> Result<(), GepError> {
    std::fs::write(path, render(acc, cat, info)).map_err(io_err(path))
}
