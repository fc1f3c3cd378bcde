//! The XLSX workbook, laid out like the tables of a published GEP report
//! (cf. Ganzi 2017 Tables 3-4): a title row, bilingual headers
//! (中文 English), money in 亿元 (1e8 yuan) as published.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::{basis_text, ordered_lines, ManifestInfo};
use crate::account::Account;
use crate::catalog::Catalog;
use crate::classes::{Category, ServiceClass};
use crate::error::GepError;

const YI: f64 = 1e8;

struct Fmt {
    title: Format,
    head: Format,
    num: Format,
    ratio: Format,
    pct: Format,
}

fn sheet<'a>(
    wb: &'a mut Workbook,
    name: &str,
    title: &str,
    headers: &[&str],
    f: &Fmt,
) -> Result<&'a mut Worksheet, XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    ws.write_string_with_format(0, 0, title, &f.title)?;
    for (i, h) in headers.iter().enumerate() {
        let c = i as u16;
        ws.write_string_with_format(1, c, *h, &f.head)?;
        ws.set_column_width(c, (h.chars().count() as f64 * 1.2).clamp(10.0, 40.0))?;
    }
    ws.set_freeze_panes(2, 0)?;
    Ok(ws)
}

fn build(acc: &Account, cat: &Catalog, info: &ManifestInfo) -> Result<Workbook, XlsxError> {
    let f = Fmt {
        title: Format::new().set_bold().set_font_size(12),
        head: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_background_color(0xDDEBF7),
        num: Format::new().set_num_format("#,##0.0000"),
        ratio: Format::new().set_num_format("0.00"),
        pct: Format::new().set_num_format("0.00%"),
    };
    let mut wb = Workbook::new();
    let basis = basis_text(acc.basis);

    let ws = sheet(
        &mut wb,
        "GEP总值 Total",
        &format!("表1 生态系统生产总值核算结果 Table 1 GEP by zone and year ({basis})"),
        &[
            "区域 Zone",
            "年份 Year",
            "物质产品/亿元 Material (1e8 yuan)",
            "调节服务/亿元 Regulating (1e8 yuan)",
            "文化服务/亿元 Cultural (1e8 yuan)",
            "GEP/亿元 GEP (1e8 yuan)",
            "GEP现价/亿元 GEP current prices (1e8 yuan)",
            "GDP/亿元 GDP (1e8 yuan)",
            "GEP/GDP",
            "物质产品占比 Material share",
            "调节服务占比 Regulating share",
            "文化服务占比 Cultural share",
        ],
        &f,
    )?;
    for (i, z) in acc.zone_years.iter().enumerate() {
        let r = i as u32 + 2;
        ws.write_string(r, 0, &z.zone)?;
        ws.write_number(r, 1, z.year)?;
        for (k, c) in Category::ALL.iter().enumerate() {
            ws.write_number_with_format(
                r,
                2 + k as u16,
                z.by_category.get(c).copied().unwrap_or(0.0) / YI,
                &f.num,
            )?;
        }
        ws.write_number_with_format(r, 5, z.gep / YI, &f.num)?;
        ws.write_number_with_format(r, 6, z.gep_current / YI, &f.num)?;
        if let Some(g) = z.gdp {
            ws.write_number_with_format(r, 7, g / YI, &f.num)?;
        }
        if let Some(x) = z.gep_gdp_ratio() {
            ws.write_number_with_format(r, 8, x, &f.ratio)?;
        }
        if z.gep > 0.0 {
            for (k, c) in Category::ALL.iter().enumerate() {
                let share = z.by_category.get(c).copied().unwrap_or(0.0) / z.gep;
                ws.write_number_with_format(r, 9 + k as u16, share, &f.pct)?;
            }
        }
    }

    let ws = sheet(
        &mut wb,
        "功能量与价值量 Indicators",
        "表2 生态系统服务功能量与价值量 Table 2 Physical quantities and values",
        &[
            "区域 Zone",
            "年份 Year",
            "核算项目 Types",
            "服务功能 Services",
            "核算指标 Indexes",
            "指标代码 Indicator id",
            "功能量 Physical quantity",
            "单位 Unit",
            "单价 Price",
            "单价单位 Price unit",
            "价格年份 Price year",
            "价值量/亿元 Value (1e8 yuan)",
            "计入总值 Counted",
            "汇总自 Rolled up from (rows)",
            "服务功能小计/亿元 Service subtotal (1e8 yuan)",
            "核算项目合计/亿元 Category total (1e8 yuan)",
        ],
        &f,
    )?;
    // Subtotals as in Ganzi 2017 Table 3: written on the first row of each
    // service and each category block (counted values only).
    let mut service_sum: HashMap<(&str, i32, &str), f64> = HashMap::new();
    for l in acc.lines.iter().filter(|l| l.counted) {
        *service_sum
            .entry((l.zone.as_str(), l.year, l.indicator.service.as_str()))
            .or_default() += l.value;
    }
    let mut seen_service = HashSet::new();
    let mut seen_category = HashSet::new();
    for (i, l) in ordered_lines(acc, cat).into_iter().enumerate() {
        let r = i as u32 + 2;
        let skey = (l.zone.as_str(), l.year, l.indicator.service.as_str());
        if seen_service.insert(skey) {
            let v = service_sum.get(&skey).copied().unwrap_or(0.0);
            ws.write_number_with_format(r, 14, v / YI, &f.num)?;
        }
        if seen_category.insert((l.zone.as_str(), l.year, l.indicator.category)) {
            let total = acc.category(&l.zone, l.year, l.indicator.category);
            ws.write_number_with_format(r, 15, total / YI, &f.num)?;
        }
        let (szh, sen) = cat.service_names(l.indicator);
        ws.write_string(r, 0, &l.zone)?;
        ws.write_number(r, 1, l.year)?;
        ws.write_string(
            r,
            2,
            format!(
                "{} {}",
                l.indicator.category.zh(),
                l.indicator.category.en()
            ),
        )?;
        ws.write_string(r, 3, format!("{szh} {sen}"))?;
        ws.write_string(r, 4, format!("{} {}", l.indicator.zh, l.indicator.en))?;
        ws.write_string(r, 5, &l.indicator.id)?;
        if let Some(q) = l.quantity {
            ws.write_number(r, 6, q)?;
            ws.write_string(r, 7, &l.quantity_unit)?;
        }
        if let Some(p) = &l.price {
            ws.write_number(r, 8, p.value)?;
            ws.write_string(r, 9, p.unit.text())?;
            if let Some(y) = p.year {
                ws.write_number(r, 10, y)?;
            }
        }
        ws.write_number_with_format(r, 11, l.value / YI, &f.num)?;
        ws.write_string(
            r,
            12,
            if l.counted {
                "是 yes"
            } else {
                "否 no (double counting)"
            },
        )?;
        ws.write_number(r, 13, l.rolled_from as f64)?;
    }

    let ws = sheet(
        &mut wb,
        "分类 SEEA-MEA",
        "表3 按SEEA三分法与MEA四分法分类 Table 3 Totals by SEEA (3-way) and MEA (4-way) class",
        &[
            "区域 Zone",
            "年份 Year",
            "分类体系 Scheme",
            "类别 Class",
            "价值量/亿元 Value (1e8 yuan)",
        ],
        &f,
    )?;
    let mut r = 2u32;
    for z in &acc.zone_years {
        for (scheme, map, classes) in [
            ("SEEA", &z.seea, &ServiceClass::ALL[..3]),
            ("MEA", &z.mea, &ServiceClass::ALL[..]),
        ] {
            for c in classes {
                ws.write_string(r, 0, &z.zone)?;
                ws.write_number(r, 1, z.year)?;
                ws.write_string(r, 2, scheme)?;
                ws.write_string(r, 3, format!("{} {}", c.zh(), c.id()))?;
                ws.write_number_with_format(r, 4, map.get(c).copied().unwrap_or(0.0) / YI, &f.num)?;
                r += 1;
            }
        }
    }

    let ws = sheet(
        &mut wb,
        "同比 YoY",
        "表4 生态系统生产总值同比变化 Table 4 Year-on-year change",
        &[
            "区域 Zone",
            "年份 Year",
            "上年 Previous year",
            "GEP现价/亿元 GEP current (1e8 yuan)",
            "现价增长率 Growth, current prices",
            "GEP/亿元 GEP reported basis (1e8 yuan)",
            "可比价增长率 Growth, reported basis",
        ],
        &f,
    )?;
    for (i, y) in acc.yoy.iter().enumerate() {
        let r = i as u32 + 2;
        ws.write_string(r, 0, &y.zone)?;
        ws.write_number(r, 1, y.year)?;
        ws.write_number(r, 2, y.prev_year)?;
        ws.write_number_with_format(r, 3, y.gep_current / YI, &f.num)?;
        if let Some(g) = y.growth_current {
            ws.write_number(r, 4, g)?;
        }
        ws.write_number_with_format(r, 5, y.gep / YI, &f.num)?;
        if let Some(g) = y.growth {
            ws.write_number(r, 6, g)?;
        }
    }

    let ws = sheet(
        &mut wb,
        "说明 Notes",
        "说明 Notes",
        &["项目 Item", "内容 Content"],
        &f,
    )?;
    ws.set_column_width(1, 120)?;
    let mut notes = vec![
        ("价值基准 Value basis".to_string(), basis),
        ("目录版本 Catalog version".to_string(), cat.version.clone()),
    ];
    for i in &info.inputs {
        notes.push((
            format!("输入 Input: {}", i.role),
            format!("{} (sha256 {})", i.path, i.sha256),
        ));
    }
    for w in &acc.warnings {
        notes.push(("警告 Warning".to_string(), w.clone()));
    }
    for (i, (k, v)) in notes.iter().enumerate() {
        ws.write_string(i as u32 + 2, 0, k)?;
        ws.write_string(i as u32 + 2, 1, v)?;
    }
    Ok(wb)
}

/// Write the workbook to `path`.
pub fn write(
    path: &Path,
    acc: &Account,
    cat: &Catalog,
    info: &ManifestInfo,
) -> Result<(), GepError> {
    let io = |e: XlsxError| GepError::Io {
        path: path.to_path_buf(),
        error: std::io::Error::other(e.to_string()),
    };
    let mut wb = build(acc, cat, info).map_err(io)?;
    wb.save(path).map_err(io)
}
