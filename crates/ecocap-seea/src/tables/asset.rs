//! Monetary asset account, NPV detail, discount schedule and sensitivity.

use super::{total_col, Labels};
use crate::amount::Amount;
use crate::asset::AssetAccount;
use crate::extent::ALL_ZONES;
use crate::table::{Cell, Column, Table};

/// Monetary asset account, NPV detail and the discount schedule.
pub fn asset_tables(
    acc: &AssetAccount,
    labels: &Labels,
    currency: &str,
    type_order: &[String],
) -> Vec<Table> {
    let mut types: Vec<String> = Vec::new();
    let mut zones: Vec<String> = Vec::new();
    for (z, t) in acc.entries.keys() {
        if !types.contains(t) {
            types.push(t.clone());
        }
        if !zones.contains(z) {
            zones.push(z.clone());
        }
    }
    types.sort_by_key(|t| type_order.iter().position(|x| x == t).unwrap_or(usize::MAX));
    if let Some(p) = zones.iter().position(|z| z == ALL_ZONES) {
        let all = zones.remove(p);
        zones.push(all);
    }
    let mut cols = vec![
        Column::new("zone", "区域"),
        Column::new("entry", "项目"),
        Column::new("entry_zh", "项目（中文）"),
    ];
    cols.extend(types.iter().map(|t| labels.type_column(t)));
    cols.push(total_col());
    type Get = fn(&crate::asset::AssetEntries) -> Amount;
    let entries: [(&str, &str, Get); 7] = [
        ("opening_value", "期初价值", |e| e.opening),
        ("enhancement", "生态系统改善", |e| e.enhancement),
        ("degradation", "生态系统退化（减）", |e| {
            e.degradation
        }),
        (
            "conversions_additions",
            "生态系统转换：增加",
            |e| e.conversions_in,
        ),
        (
            "conversions_reductions",
            "生态系统转换：减少（减）",
            |e| e.conversions_out,
        ),
        ("revaluation", "重估价", |e| e.revaluation),
        ("closing_value", "期末价值", |e| e.closing),
    ];
    let mut rows = Vec::new();
    for z in &zones {
        for (id, zh, get) in &entries {
            let mut r = vec![Cell::text(z), Cell::text(*id), Cell::text(*zh)];
            let vals: Vec<Amount> = types
                .iter()
                .map(|t| {
                    acc.entries
                        .get(&(z.clone(), t.clone()))
                        .map_or(Amount::ZERO, get)
                })
                .collect();
            r.extend(vals.iter().map(|a| Cell::Amount(*a)));
            r.push(Cell::Amount(vals.iter().sum()));
            rows.push(r);
        }
    }
    let account = Table {
        id: "asset_account_monetary".into(),
        title_en: format!(
            "Monetary ecosystem asset account (NPV over {} years, {} schedule)",
            acc.params.life, acc.params.schedule.id
        ),
        title_zh: format!(
            "生态系统资产价值量账户（{} 年净现值，{} 贴现）",
            acc.params.life, acc.params.schedule.id
        ),
        unit: currency.to_string(),
        columns: cols,
        rows,
    };
    let c = Column::new;
    let rows = acc
        .lines
        .iter()
        .map(|l| {
            vec![
                Cell::text(&l.zone),
                Cell::text(&l.ecosystem_type),
                Cell::text(&l.service),
                Cell::Amount(Amount::from_f64(l.flow_opening)),
                Cell::Amount(Amount::from_f64(l.flow_closing)),
                Cell::Num(Some(l.growth)),
                Cell::Amount(l.value_opening),
                Cell::Amount(l.value_closing),
            ]
        })
        .collect();
    let npv = Table {
        id: "asset_npv_detail".into(),
        title_en: "NPV of each final service flow".into(),
        title_zh: "各最终服务流量净现值".into(),
        unit: currency.to_string(),
        columns: vec![
            c("zone", "区域"),
            c("ecosystem_type", "生态系统类型"),
            c("service", "服务"),
            c("flow_opening", "期初年流量"),
            c("flow_closing", "期末年流量"),
            c("growth_per_year", "年增长率"),
            c("npv_opening", "期初净现值"),
            c("npv_closing", "期末净现值"),
        ],
        rows,
    };
    let rows = acc
        .params
        .schedule
        .segments
        .iter()
        .map(|s| {
            vec![
                Cell::text(s.from.to_string()),
                Cell::text(s.to.map_or("+".to_string(), |t| t.to_string())),
                Cell::Num(Some(s.rate)),
                Cell::text(&acc.params.schedule.source),
            ]
        })
        .collect();
    let schedule = Table {
        id: "discount_schedule".into(),
        title_en: "Discount schedule".into(),
        title_zh: "贴现率表".into(),
        unit: "ratio per year".into(),
        columns: vec![
            c("from_year", "起始年"),
            c("to_year", "终止年"),
            c("rate", "贴现率"),
            c("source", "来源"),
        ],
        rows,
    };
    vec![account, npv, schedule]
}

/// Asset value of each zone under each discount schedule.
pub fn sensitivity_table(rows: &[(String, String, Amount, Amount)], currency: &str) -> Table {
    let c = Column::new;
    Table {
        id: "asset_discount_sensitivity".into(),
        title_en: "Sensitivity of the asset value to the discount schedule".into(),
        title_zh: "资产价值对贴现率的敏感性".into(),
        unit: currency.to_string(),
        columns: vec![
            c("schedule", "贴现方案"),
            c("zone", "区域"),
            c("opening_value", "期初价值"),
            c("closing_value", "期末价值"),
        ],
        rows: rows
            .iter()
            .map(|(s, z, o, cl)| {
                vec![
                    Cell::text(s),
                    Cell::text(z),
                    Cell::Amount(*o),
                    Cell::Amount(*cl),
                ]
            })
            .collect(),
    }
}
