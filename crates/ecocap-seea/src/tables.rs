//! The SEEA tables in their published layout, built from the accounts.

use crate::amount::Amount;
use crate::asset::AssetAccount;
use crate::condition::{ConditionAccount, ConditionGroup, Direction};
use crate::extent::{ExtentAccount, ALL_ZONES};
use crate::servicemap::ServiceMap;
use crate::supply_use::{Measure, SupplyUse};
use crate::table::{Cell, Column, Table};
use std::collections::BTreeMap;

/// Chinese and English labels of ecosystem types and users.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    /// type id → (Chinese, English)
    pub types: BTreeMap<String, (String, String)>,
}

impl Labels {
    fn type_zh(&self, id: &str) -> String {
        self.types.get(id).map_or(id.to_string(), |l| l.0.clone())
    }
    fn type_column(&self, id: &str) -> Column {
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

fn total_col() -> Column {
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

/// Supply, use (physical and monetary) and the memo table of intermediate services.
pub fn supply_use_tables(su: &SupplyUse, map: &ServiceMap, labels: &Labels) -> Vec<Table> {
    let svc_zh = |id: &str| {
        map.service(id)
            .map_or(id.to_string(), |s| s.name_zh.clone())
    };
    let head = || {
        vec![
            Column::new("zone", "区域"),
            Column::new("year", "年份"),
            Column::new("service", "服务"),
            Column::new("service_zh", "服务（中文）"),
            Column::new("indicator", "指标"),
            Column::new("unit", "单位"),
        ]
    };
    let lead = |r: &crate::supply_use::SuRow| {
        vec![
            Cell::text(&r.zone),
            Cell::text(r.year.to_string()),
            Cell::text(&r.service),
            Cell::text(svc_zh(&r.service)),
            Cell::text(&r.indicator),
            Cell::text(&r.unit),
        ]
    };
    let mut out = Vec::new();
    for (measure, mid, mzh) in [
        (Measure::Physical, "physical", "实物量"),
        (Measure::Monetary, "monetary", "价值量"),
    ] {
        let mine: Vec<_> = su
            .rows
            .iter()
            .filter(|r| r.measure == measure && r.is_final)
            .collect();
        let mut cols = head();
        cols.extend(su.types.iter().map(|t| labels.type_column(t)));
        cols.push(Column::new("total_supply", "总供给"));
        let rows = mine
            .iter()
            .map(|r| {
                let mut v = lead(r);
                v.extend(r.supply.iter().map(|a| Cell::Amount(*a)));
                v.push(Cell::Amount(r.total_supply()));
                v
            })
            .collect();
        out.push(Table {
            id: format!("supply_{mid}"),
            title_en: format!(
                "Ecosystem services supply table ({mid}): final services by ecosystem type"
            ),
            title_zh: format!("生态系统服务供给表（{mzh}）：按生态系统类型的最终服务"),
            unit: if measure == Measure::Monetary {
                su.currency.clone()
            } else {
                "per row".into()
            },
            columns: cols,
            rows,
        });
        let mut cols = head();
        cols.extend(su.users.iter().map(|u| Column::new(u, user_zh(u))));
        cols.push(Column::new("total_use", "总使用"));
        cols.push(Column::new("total_supply", "总供给"));
        let rows = mine
            .iter()
            .map(|r| {
                let mut v = lead(r);
                v.extend(r.uses.iter().map(|a| Cell::Amount(*a)));
                v.push(Cell::Amount(r.total_use()));
                v.push(Cell::Amount(r.total_supply()));
                v
            })
            .collect();
        out.push(Table {
            id: format!("use_{mid}"),
            title_en: format!("Ecosystem services use table ({mid}): final services by economic unit; total use = total supply"),
            title_zh: format!("生态系统服务使用表（{mzh}）：按经济单位；总使用 = 总供给"),
            unit: if measure == Measure::Monetary { su.currency.clone() } else { "per row".into() },
            columns: cols,
            rows,
        });
    }
    let mut cols = head();
    cols.insert(2, Column::new("measure", "计量"));
    cols.extend(su.types.iter().map(|t| labels.type_column(t)));
    cols.push(Column::new("total_supply", "总供给"));
    let rows = su
        .rows
        .iter()
        .filter(|r| !r.is_final)
        .map(|r| {
            let mut v = lead(r);
            v.insert(
                2,
                Cell::text(if r.measure == Measure::Physical {
                    "physical"
                } else {
                    "monetary"
                }),
            );
            v.extend(r.supply.iter().map(|a| Cell::Amount(*a)));
            v.push(Cell::Amount(r.total_supply()));
            v
        })
        .collect();
    out.push(Table {
        id: "memo_intermediate_services".into(),
        title_en: "Memo: intermediate services (not in the main tables, to avoid double counting)"
            .into(),
        title_zh: "备忘表：中间服务（不计入主表，避免重复计算）".into(),
        unit: "per row".into(),
        columns: cols,
        rows,
    });
    out
}

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
