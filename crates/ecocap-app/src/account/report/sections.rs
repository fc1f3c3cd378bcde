//! The sections of the HTML report.

use super::svg::{intervals, stacked_bars, Bar, Interval};
use super::{tr, yi, ReportInput};
use crate::account::config::Language;
use crate::error::AppError;
use base64::Engine;
use ecocap_gep::account::ValueBasis;
use ecocap_gep::classes::Category;
use ecocap_gep::valuation::PriceOrigin;
use ecocap_seea::table::html_escape as esc;
use std::collections::{BTreeMap, BTreeSet};

fn cat_name(l: Language, c: Category) -> &'static str {
    match l {
        Language::Zh => c.zh(),
        Language::En => c.id(),
    }
}

fn pct(v: Option<f64>) -> String {
    v.map_or("—".into(), |g| format!("{:+.2}%", g * 100.0))
}

/// Intro and key figures.
pub fn header(ri: &ReportInput<'_>) -> String {
    let (l, a) = (ri.lang, ri.account);
    let basis = match a.basis {
        ValueBasis::AsPriced => tr(
            l,
            "各价格按其自身价格年计（未给价格指数）",
            "each price in its own price year (no price index given)",
        )
        .to_string(),
        ValueBasis::Comparable(y) => match l {
            Language::Zh => format!("{y} 年可比价"),
            Language::En => format!("comparable prices of {y}"),
        },
    };
    let years: BTreeSet<i32> = a.zone_years.iter().map(|z| z.year).collect();
    let total = |y: i32| -> f64 {
        a.zone_years
            .iter()
            .filter(|z| z.year == y && z.depth == 0)
            .map(|z| z.gep)
            .sum()
    };
    let mut s = format!(
        "<p>{}: <code>{}</code> · ecocap {} · {}: {}</p>\n",
        tr(l, "配置", "Configuration"),
        esc(&ri
            .config
            .file_name()
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or_default()),
        env!("CARGO_PKG_VERSION"),
        tr(l, "价值基准", "Value basis"),
        esc(&basis)
    );
    for y in &years {
        s.push_str(&format!(
            "<div class=\"kpi\">{} {y} ({})<b>{}</b></div>",
            tr(l, "GEP", "GEP"),
            tr(l, "亿元", "10⁸ yuan"),
            yi(total(*y))
        ));
    }
    if let (Some(first), Some(last)) = (years.first(), years.last()) {
        if first != last && total(*first) > 0.0 {
            s.push_str(&format!(
                "<div class=\"kpi\">{} {first}–{last}<b>{}</b></div>",
                tr(l, "变化", "Change"),
                pct(Some(total(*last) / total(*first) - 1.0))
            ));
        }
    }
    s.push('\n');
    s
}

/// GEP by zone and category, chart and year-on-year change.
pub fn by_zone(ri: &ReportInput<'_>) -> String {
    let (l, a) = (ri.lang, ri.account);
    let mut s = format!(
        "<h2>{}</h2>\n<table><tr><th>{}</th><th>{}</th>",
        tr(l, "分区 GEP（亿元）", "GEP by zone (10⁸ yuan)"),
        tr(l, "分区", "Zone"),
        tr(l, "年份", "Year")
    );
    for c in Category::ALL {
        s.push_str(&format!("<th>{}</th>", cat_name(l, c)));
    }
    s.push_str("<th>GEP</th><th>GEP/GDP</th></tr>\n");
    let mut bars = Vec::new();
    for z in &a.zone_years {
        s.push_str(&format!(
            "<tr><td>{}{}</td><td>{}</td>",
            "&nbsp;&nbsp;".repeat(z.depth),
            esc(&z.zone),
            z.year
        ));
        let mut parts = Vec::new();
        for c in Category::ALL {
            let v = z.by_category.get(&c).copied().unwrap_or(0.0);
            parts.push(v / 1e8);
            s.push_str(&format!("<td class=\"n\">{}</td>", yi(v)));
        }
        s.push_str(&format!(
            "<td class=\"n\"><b>{}</b></td><td class=\"n\">{}</td></tr>\n",
            yi(z.gep),
            z.gep_gdp_ratio().map_or("—".into(), |r| format!("{r:.2}"))
        ));
        bars.push(Bar {
            label: format!("{} {}", z.zone, z.year),
            parts,
        });
    }
    s.push_str("</table>\n");
    let series: Vec<String> = Category::ALL
        .iter()
        .map(|c| cat_name(l, *c).to_string())
        .collect();
    s.push_str(&stacked_bars(&bars, &series, tr(l, "亿元", "10⁸ yuan")));
    if !a.yoy.is_empty() {
        s.push_str(&format!(
            "<h3>{}</h3>\n<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
            tr(l, "年际变化", "Change between years"),
            tr(l, "分区", "Zone"),
            tr(l, "年份", "Year"),
            tr(l, "对比年", "From"),
            tr(l, "增长（报告价格基准）", "Growth (reported basis)"),
            tr(l, "增长（当年价）", "Growth (current prices)")
        ));
        for y in &a.yoy {
            s.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
                esc(&y.zone),
                y.year,
                y.prev_year,
                pct(y.growth),
                pct(y.growth_current)
            ));
        }
        s.push_str("</table>\n");
    }
    s
}

/// Indicators summed over zones (own rows), with a chart of the last year.
pub fn by_indicator(ri: &ReportInput<'_>) -> String {
    let (l, a) = (ri.lang, ri.account);
    // (category, indicator id) → year → (value, quantity, unit, counted)
    type Row = BTreeMap<i32, (f64, Option<f64>, String, bool)>;
    let mut rows: BTreeMap<(Category, String), (String, Row)> = BTreeMap::new();
    for line in a.lines.iter().filter(|x| x.rolled_from == 0) {
        let name = match l {
            Language::Zh => line.indicator.zh.clone(),
            Language::En => line.indicator.en.clone(),
        };
        let e = rows
            .entry((line.indicator.category, line.indicator.id.clone()))
            .or_insert((name, BTreeMap::new()));
        let c = e.1.entry(line.year).or_insert((
            0.0,
            Some(0.0),
            line.quantity_unit.clone(),
            line.counted,
        ));
        c.0 += line.value;
        c.1 = match (c.1, line.quantity) {
            (Some(x), Some(q)) if c.2 == line.quantity_unit => Some(x + q),
            _ => None,
        };
    }
    let years: BTreeSet<i32> = a.lines.iter().map(|x| x.year).collect();
    let mut s = format!(
        "<h2>{}</h2>\n<table><tr><th>{}</th><th>{}</th>",
        tr(l, "分指标核算结果", "Indicators"),
        tr(l, "类别", "Category"),
        tr(l, "指标", "Indicator")
    );
    for y in &years {
        s.push_str(&format!(
            "<th>{y} {}</th><th>{y} {}</th>",
            tr(l, "实物量", "quantity"),
            tr(l, "价值（亿元）", "value (10⁸ yuan)")
        ));
    }
    s.push_str("</tr>\n");
    let last = years.last().copied();
    let mut bars = Vec::new();
    for ((cat, _), (name, by_year)) in &rows {
        s.push_str(&format!(
            "<tr><td>{}</td><td>{}</td>",
            cat_name(l, *cat),
            esc(name)
        ));
        for y in &years {
            match by_year.get(y) {
                Some((v, q, u, counted)) => s.push_str(&format!(
                    "<td class=\"n\">{} {}</td><td class=\"n\">{}{}</td>",
                    q.map_or("—".into(), |q| format!("{q:.4e}")),
                    esc(u),
                    yi(*v),
                    if *counted { "" } else { " *" }
                )),
                None => s.push_str("<td></td><td></td>"),
            }
        }
        s.push_str("</tr>\n");
        if let Some((v, ..)) = last.and_then(|y| by_year.get(&y)) {
            let k = Category::ALL.iter().position(|c| c == cat).unwrap_or(0);
            let mut parts = vec![0.0; 3];
            parts[k] = v / 1e8;
            bars.push(Bar {
                label: name.clone(),
                parts,
            });
        }
    }
    s.push_str("</table>\n");
    s.push_str(&format!(
        "<p class=\"note\">{}</p>\n",
        tr(
            l,
            "* 为避免重复计算，不计入 GEP 总值。",
            "* not counted in GEP, to avoid double counting."
        )
    ));
    if let Some(y) = last {
        bars.sort_by(|a, b| b.parts.iter().sum::<f64>().total_cmp(&a.parts.iter().sum()));
        let series: Vec<String> = Category::ALL
            .iter()
            .map(|c| cat_name(l, *c).to_string())
            .collect();
        s.push_str(&format!("<h3>{y}</h3>\n"));
        s.push_str(&stacked_bars(&bars, &series, tr(l, "亿元", "10⁸ yuan")));
    }
    s
}

/// Maps, embedded as PNG.
pub fn maps(ri: &ReportInput<'_>) -> Result<String, AppError> {
    if ri.maps.is_empty() {
        return Ok(String::new());
    }
    let mut s = format!("<h2>{}</h2>\n", tr(ri.lang, "地图", "Maps"));
    for (caption, path) in ri.maps {
        let bytes = std::fs::read(path).map_err(|e| AppError::OutDir {
            path: path.clone(),
            detail: e.to_string(),
        })?;
        s.push_str(&format!(
            "<figure><img alt=\"{c}\" src=\"data:image/png;base64,{}\"><figcaption>{c}</figcaption></figure>\n",
            base64::engine::general_purpose::STANDARD.encode(bytes),
            c = esc(caption)
        ));
    }
    Ok(s)
}

/// P5/P50/P95 of GEP by zone and year, and the drivers.
pub fn uncertainty(ri: &ReportInput<'_>) -> String {
    let l = ri.lang;
    let Ok(text) = std::fs::read_to_string(ri.dir.join("uncertainty.csv")) else {
        return String::new();
    };
    let mut items = Vec::new();
    let mut s = format!(
        "<h2>{}</h2>\n<table><tr><th>{}</th><th>{}</th><th>P5</th><th>P50</th><th>P95</th><th>{}</th></tr>\n",
        tr(l, "不确定性（蒙特卡洛，亿元）", "Uncertainty (Monte Carlo, 10⁸ yuan)"),
        tr(l, "分区", "Zone"),
        tr(l, "年份", "Year"),
        tr(l, "次数", "Runs")
    );
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f.len() < 8 || f[2] != "total" {
            continue;
        }
        let n = |i: usize| f[i].parse::<f64>().unwrap_or(f64::NAN);
        s.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
            esc(f[0]), f[1], yi(n(3)), yi(n(4)), yi(n(5)), f[7]
        ));
        items.push(Interval {
            label: format!("{} {}", f[0], f[1]),
            p5: n(3) / 1e8,
            p50: n(4) / 1e8,
            p95: n(5) / 1e8,
        });
    }
    s.push_str("</table>\n");
    s.push_str(&intervals(
        &items,
        tr(
            l,
            "亿元（P5–P95，点为中位数）",
            "10⁸ yuan (P5–P95, dot: median)",
        ),
    ));
    if let Ok(d) = std::fs::read_to_string(ri.dir.join("uncertainty_drivers.csv")) {
        s.push_str(&format!(
            "<h3>{}</h3>\n<table><tr><th>{}</th><th>{}</th><th>Spearman ρ</th></tr>\n",
            tr(l, "主要不确定性来源", "What drives the spread"),
            tr(l, "年份", "Year"),
            tr(l, "参数", "Parameter")
        ));
        for line in d.lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            if f.len() == 3 {
                let rho = f[2].parse::<f64>().unwrap_or(f64::NAN);
                s.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td><td class=\"n\">{rho:.3}</td></tr>\n",
                    f[0],
                    esc(f[1])
                ));
            }
        }
        s.push_str("</table>\n");
    }
    s
}

/// Prices with sources, inputs with checksums, rasters, notes.
pub fn provenance(ri: &ReportInput<'_>) -> String {
    let (l, a) = (ri.lang, ri.account);
    let mut prices: BTreeMap<(String, String), String> = BTreeMap::new();
    for line in &a.lines {
        if let Some(p) = &line.price {
            let origin = match &p.origin {
                PriceOrigin::Catalog {
                    source,
                    locator,
                    verification,
                } => format!("{source} {locator} [{verification}]"),
                PriceOrigin::File { path, line, source } => format!(
                    "{} line {line}{}",
                    std::path::Path::new(path)
                        .file_name()
                        .map(|f| f.to_string_lossy().to_string())
                        .unwrap_or_default(),
                    source
                        .as_ref()
                        .map(|s| format!(" ({s})"))
                        .unwrap_or_default()
                ),
            };
            prices.insert(
                (line.indicator.id.clone(), format!("{} {}", p.value, p.unit)),
                format!(
                    "<td>{}</td><td>{}</td>",
                    p.year.map_or("—".into(), |y| y.to_string()),
                    esc(&origin)
                ),
            );
        }
    }
    let mut s = format!(
        "<h2>{}</h2>\n<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
        tr(l, "价格与来源", "Prices and sources"),
        tr(l, "指标", "Indicator"),
        tr(l, "价格", "Price"),
        tr(l, "价格年", "Price year"),
        tr(l, "来源 [核验状态]", "Source [verification]")
    );
    for ((id, price), rest) in &prices {
        s.push_str(&format!(
            "<tr><td>{}</td><td>{}</td>{rest}</tr>\n",
            esc(id),
            esc(price)
        ));
    }
    s.push_str(&format!(
        "</table>\n<h2>{}</h2>\n<table><tr><th>{}</th><th>{}</th><th>{}</th><th>SHA-256</th></tr>\n",
        tr(l, "输入数据", "Inputs"),
        tr(l, "用途", "Role"),
        tr(l, "文件", "File"),
        tr(l, "字节", "Bytes")
    ));
    for i in ri.inputs {
        s.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td><code>{}</code></td></tr>\n",
            esc(&i.role),
            esc(&i
                .path
                .file_name()
                .map(|f| f.to_string_lossy().to_string())
                .unwrap_or_default()),
            i.bytes,
            &i.sha256[..i.sha256.len().min(16)]
        ));
    }
    s.push_str("</table>\n");
    if !ri.density_files.is_empty() {
        s.push_str(&format!(
            "<h3>{}</h3>\n<ul>\n",
            tr(
                l,
                "价值密度栅格（元/公顷）",
                "Value-density rasters (yuan/ha)"
            )
        ));
        for f in ri.density_files {
            s.push_str(&format!("<li><code>{}</code></li>\n", esc(f)));
        }
        s.push_str("</ul>\n");
    }
    let notes: Vec<&String> = ri.notes.iter().chain(&a.warnings).collect();
    if !notes.is_empty() {
        s.push_str(&format!("<h2>{}</h2>\n<ul>\n", tr(l, "说明", "Notes")));
        for n in notes {
            s.push_str(&format!("<li>{}</li>\n", esc(n)));
        }
        s.push_str("</ul>\n");
    }
    s
}
