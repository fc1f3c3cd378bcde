//! The SEEA tables in their published layout, built from the accounts.

mod asset;
mod services;

pub use asset::{asset_tables, sensitivity_table};
pub use services::supply_use_tables;

use crate::amount::Amount;
use crate::condition::{ConditionAccount, ConditionGroup, Direction};
use crate::extent::ExtentAccount;
use crate::table::{Cell, Column, Table};
use std::collections::BTreeMap;

/// Chinese and English labels of ecosystem types and users.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    /// type id → (Chinese, English)
    pub types: BTreeMap<String, (String, String)>,
}

impl Labels {
    pub(crate) fn type_zh(&self, id: &str) -> String {
        self.types.get(id).map_or(id.to_string(), |l| l.0.clone())
    }
    pub(crate) fn type_column(&self, id: &str) -> Column {
        Column::new(id, self.type_zh(id))
    }
}

/// Chinese label of a user (economic unit) id; unknown ids as given.
pub fn user_zh(id: &str) -> String {
    match id {
        "households" => "住户",
        "government" => "政府",
        "rest_of_world" => "世界其他地区",
        "agriculture" => "农林牧渔业 (ISIC A)",
        "mining" => "采矿业 (ISIC B)",
        "manufacturing" => "制造业 (ISIC C)",
        "electricity" => "电力燃气 (ISIC D)",
        "water_supply_industry" => "供水与污水处理 (ISIC E)",
        "construction" => "建筑业 (ISIC F)",
        "services" => "服务业 (ISIC G–U)",
        "tourism" => "旅游业",
        _ => id,
    }
    .to_string()
}

pub(crate) fn total_col() -> Column {
    Column::new("total", "合计")
}

/// Extent account (rows: entries; columns: types) and change matrix.
pub fn extent_tables(acc: &ExtentAccount, labels: &Labels) -> Vec<Table> {
    let mut cols = vec![
        Column::new("zone", "区域"),
        Column::new("entry", "项目"),
        Column::new("entry_zh", "项目（中文）"),
    ];
    cols.extend(acc.types.iter().map(|t| labels.type_column(t)));
    cols.push(total_col());
    type Get = fn(&crate::extent::ExtentEntries) -> Amount;
    let entries: [(&str, &str, Get); 12] = [
        ("opening_extent", "期初面积", |e| e.opening),
        ("additions_managed", "增加：人为扩张", |e| {
            e.additions[0]
        }),
        ("additions_unmanaged", "增加：自然扩张", |e| {
            e.additions[1]
        }),
        ("additions_unattributed", "增加：未归因", |e| {
            e.additions[2]
        }),
        ("total_additions", "增加合计", |e| e.total_additions()),
        ("reductions_managed", "减少：人为减少", |e| {
            e.reductions[0]
        }),
        ("reductions_unmanaged", "减少：自然减少", |e| {
            e.reductions[1]
        }),
        ("reductions_unattributed", "减少：未归因", |e| {
            e.reductions[2]
        }),
        ("total_reductions", "减少合计", |e| e.total_reductions()),
        ("net_change", "净变化", |e| e.net_change()),
        ("closing_extent", "期末面积", |e| e.closing),
        ("net_change_percent", "净变化率 (%)", |e| e.net_change()),
    ];
    let mut rows = Vec::new();
    for (z, zone) in acc.zones.iter().enumerate() {
        let all: Vec<_> = (0..acc.types.len()).map(|t| acc.entries(z, t)).collect();
        for (id, zh, get) in &entries {
            let mut r = vec![Cell::text(zone), Cell::text(*id), Cell::text(*zh)];
            if *id == "net_change_percent" {
                let pct = |e: &crate::extent::ExtentEntries| {
                    (!e.opening.is_zero())
                        .then(|| 100.0 * e.net_change().to_f64() / e.opening.to_f64())
                };
                r.extend(all.iter().map(|e| Cell::Num(pct(e))));
                r.push(Cell::Num(None));
            } else {
                r.extend(all.iter().map(|e| Cell::Amount(get(e))));
                r.push(Cell::Amount(all.iter().map(get).sum()));
            }
            rows.push(r);
        }
    }
    let extent = Table {
        id: "extent_account".into(),
        title_en: format!(
            "Ecosystem extent account {}–{}",
            acc.opening_year, acc.closing_year
        ),
        title_zh: format!("生态系统范围账户 {}–{}", acc.opening_year, acc.closing_year),
        unit: "ha".into(),
        columns: cols,
        rows,
    };
    let mut cols = vec![
        Column::new("zone", "区域"),
        Column::new("opening_type", "期初类型 \\ 期末类型"),
    ];
    cols.extend(acc.types.iter().map(|t| labels.type_column(t)));
    cols.push(Column::new("opening_extent", "期初面积"));
    let mut rows = Vec::new();
    for (z, zone) in acc.zones.iter().enumerate() {
        let m = &acc.matrices[z];
        for (i, t) in acc.types.iter().enumerate() {
            let mut r = vec![Cell::text(zone), Cell::text(t)];
            r.extend((0..acc.types.len()).map(|j| Cell::Amount(m.area(i, j))));
            r.push(Cell::Amount(m.row_sum(i)));
            rows.push(r);
        }
        let mut r = vec![Cell::text(zone), Cell::text("closing_extent")];
        r.extend((0..acc.types.len()).map(|j| Cell::Amount(m.col_sum(j))));
        r.push(Cell::Amount(
            (0..acc.types.len()).map(|i| m.row_sum(i)).sum(),
        ));
        rows.push(r);
    }
    let matrix = Table {
        id: "extent_change_matrix".into(),
        title_en: "Ecosystem type change matrix (rows: opening type; columns: closing type)".into(),
        title_zh: "生态系统类型变化矩阵（行：期初类型；列：期末类型）".into(),
        unit: "ha".into(),
        columns: cols,
        rows,
    };
    vec![extent, matrix]
}

/// Condition variables/indicators, type indices and zone indices.
pub fn condition_tables(acc: &ConditionAccount) -> Vec<Table> {
    let c = Column::new;
    let cols = vec![
        c("zone", "区域"),
        c("ecosystem_type", "生态系统类型"),
        c("variable", "变量"),
        c("variable_zh", "变量（中文）"),
        c("class", "ECT 类别"),
        c("group", "组"),
        c("unit", "单位"),
        c("direction", "方向"),
        c("reference_level", "参照水平（指标=1）"),
        c("lower_level", "下限水平（指标=0）"),
        c("weight", "权重"),
        c("opening", "期初值"),
        c("closing", "期末值"),
        c("change", "变化"),
        c("indicator_opening", "期初指标"),
        c("indicator_closing", "期末指标"),
        c("indicator_change", "指标变化"),
    ];
    let rows = acc
        .values
        .iter()
        .map(|(v, k, ind)| {
            let var = &acc.variables[*k];
            vec![
                Cell::text(&v.zone),
                Cell::text(&v.ecosystem_type),
                Cell::text(&var.id),
                Cell::text(&var.name_zh),
                Cell::text(var.class.id()),
                Cell::text(var.class.group().id()),
                Cell::text(&var.unit),
                Cell::text(match var.direction {
                    Direction::HigherIsBetter => "higher_is_better",
                    Direction::LowerIsBetter => "lower_is_better",
                }),
                Cell::Num(Some(var.reference)),
                Cell::Num(Some(var.lower)),
                Cell::Num(Some(var.weight)),
                Cell::Num(v.opening),
                Cell::Num(v.closing),
                Cell::Num(v.closing.zip(v.opening).map(|(a, b)| a - b)),
                Cell::Num(ind.opening),
                Cell::Num(ind.closing),
                Cell::Num(ind.change()),
            ]
        })
        .collect();
    let variables = Table {
        id: "condition_variables".into(),
        title_en:
            "Ecosystem condition: variables and indicators (rescaled 0–1 against reference levels)"
                .into(),
        title_zh: "生态系统状况：变量与指标（按参照水平标准化为 0–1）".into(),
        unit: "variable units; indicators dimensionless".into(),
        columns: cols,
        rows,
    };
    let mut cols = vec![c("zone", "区域"), c("ecosystem_type", "生态系统类型")];
    for g in ConditionGroup::ALL {
        for (s, zh) in [("opening", "期初"), ("closing", "期末")] {
            cols.push(Column::new(
                format!("{}_{s}", g.id()),
                format!("{}子指数{zh}", g.zh()),
            ));
        }
    }
    cols.extend([
        c("index_opening", "状况指数期初"),
        c("index_closing", "状况指数期末"),
        c("index_change", "状况指数变化"),
    ]);
    let rows = acc
        .types
        .iter()
        .map(|t| {
            let mut r = vec![Cell::text(&t.zone), Cell::text(&t.ecosystem_type)];
            for s in &t.sub_indices {
                r.push(Cell::Num(s.opening));
                r.push(Cell::Num(s.closing));
            }
            r.extend([
                Cell::Num(t.index.opening),
                Cell::Num(t.index.closing),
                Cell::Num(t.index.change()),
            ]);
            r
        })
        .collect();
    let indices = Table {
        id: "condition_indices".into(),
        title_en: "Ecosystem condition indices by type (sub-indices: weighted means; index: mean of sub-indices)".into(),
        title_zh: "各生态系统类型状况指数（子指数：加权平均；指数：子指数平均）".into(),
        unit: "dimensionless, 0–1".into(),
        columns: cols,
        rows,
    };
    let rows = acc
        .zones
        .iter()
        .map(|(z, i)| {
            vec![
                Cell::text(z),
                Cell::Num(i.opening),
                Cell::Num(i.closing),
                Cell::Num(i.change()),
            ]
        })
        .collect();
    let zones = Table {
        id: "condition_zone_index".into(),
        title_en: "Condition index of each zone (area-weighted over ecosystem types)".into(),
        title_zh: "各区域生态系统状况指数（按类型面积加权）".into(),
        unit: "dimensionless, 0–1".into(),
        columns: vec![
            c("zone", "区域"),
            c("index_opening", "期初"),
            c("index_closing", "期末"),
            c("index_change", "变化"),
        ],
        rows,
    };
    vec![variables, indices, zones]
}
