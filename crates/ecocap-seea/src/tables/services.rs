//! Supply and use tables and the memo of intermediate services.

use super::{user_zh, Labels};
use crate::amount::Amount;
use crate::servicemap::ServiceMap;
use crate::supply_use::{Measure, SuRow, SupplyUse};
use crate::table::{Cell, Column, Table};

/// Service id of the total rows.
const TOTAL: &str = "total";

/// Final rows of one measure; in money, each zone × year block ends with
/// a total row (physical rows have different units and are not summed).
fn with_totals(su: &SupplyUse, measure: Measure) -> Vec<SuRow> {
    let mut out: Vec<SuRow> = Vec::new();
    let mut total: Option<SuRow> = None;
    for r in su
        .rows
        .iter()
        .filter(|r| r.measure == measure && r.is_final)
    {
        if measure == Measure::Monetary {
            if let Some(t) = total.take_if(|t| t.zone != r.zone || t.year != r.year) {
                out.push(t);
            }
            let t = total.get_or_insert_with(|| SuRow {
                service: TOTAL.into(),
                indicator: String::new(),
                supply: vec![Amount::ZERO; r.supply.len()],
                uses: vec![Amount::ZERO; r.uses.len()],
                ..r.clone()
            });
            for (a, b) in t.supply.iter_mut().zip(&r.supply) {
                *a += *b;
            }
            for (a, b) in t.uses.iter_mut().zip(&r.uses) {
                *a += *b;
            }
        }
        out.push(r.clone());
    }
    out.extend(total);
    out
}

/// Supply, use (physical and monetary) and the memo table of intermediate services.
pub fn supply_use_tables(su: &SupplyUse, map: &ServiceMap, labels: &Labels) -> Vec<Table> {
    let svc_zh = |id: &str| {
        if id == TOTAL {
            return "合计".to_string();
        }
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
        let mine = with_totals(su, measure);
        let mine: Vec<&SuRow> = mine.iter().collect();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::supply_use::{Allocation, Flow};

    #[test]
    fn monetary_tables_end_each_block_with_a_total() {
        let map = ServiceMap::builtin().unwrap();
        let alloc =
            Allocation::from_rows(&[(2, "*".into(), "households".into(), 1.0)], "a.csv").unwrap();
        let f = |year: i32, ind: &str, v: f64| Flow {
            zone: "z".into(),
            year,
            ecosystem_type: "broadleaf".into(),
            source: "esv".into(),
            indicator: ind.into(),
            quantity: None,
            unit: String::new(),
            value: Some(v),
        };
        let flows = [
            f(2000, "water_supply", 1.5),
            f(2000, "soil_conservation", 2.25),
            f(2020, "water_supply", 4.0),
        ];
        let su = SupplyUse::compute(&flows, &map, &alloc, &[], "yuan").unwrap();
        let t = supply_use_tables(&su, &map, &Labels::default());
        let supply = t.iter().find(|t| t.id == "supply_monetary").unwrap();
        let services: Vec<String> = supply
            .rows
            .iter()
            .map(|r| match &r[2] {
                Cell::Text(s) => s.clone(),
                _ => String::new(),
            })
            .collect();
        assert_eq!(
            services,
            [
                "water_supply",
                "soil_erosion_control",
                "total",
                "water_supply",
                "total"
            ]
        );
        assert_eq!(
            supply.rows[2].last(),
            Some(&Cell::Amount(Amount::from_f64(3.75)))
        );
    }
}
