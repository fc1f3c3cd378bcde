//! The CSV tables and the workbook of a CBA run.

use super::table::{hdr, write_csv, write_xlsx, Cell, Table};
use super::CbaResults;
use crate::error::AppError;
use ecocap_cba::groups::by_gender;
use ecocap_cba::montecarlo::{p_positive, quantile};
use std::path::Path;

fn summary(r: &CbaResults) -> Table {
    let rows = r
        .evaluations
        .iter()
        .map(|e| {
            let ce = e.cost_effectiveness.as_ref();
            vec![
                Cell::t(&e.alternative),
                Cell::t(&e.discount),
                Cell::t(e.analysis.id()),
                Cell::Num(e.npv),
                Cell::Num(e.pv_benefits),
                Cell::Num(e.pv_costs),
                Cell::opt(e.bcr),
                Cell::opt(e.irr.unique()),
                Cell::opt(e.mirr),
                Cell::t(
                    e.irr
                        .roots
                        .iter()
                        .map(|x| format!("{x:.6}"))
                        .collect::<Vec<_>>()
                        .join(";"),
                ),
                Cell::opt(e.payback.map(|x| x as f64)),
                Cell::opt(e.discounted_payback.map(|x| x as f64)),
                Cell::opt(e.eav),
                Cell::opt(ce.map(|c| c.0)),
                Cell::t(ce.map(|c| c.1.clone()).unwrap_or_default()),
                Cell::t(e.irr.note().filter(|_| r.irr_reported).unwrap_or_default()),
            ]
        })
        .collect();
    Table {
        file: "cba_summary.csv",
        sheet: "summary",
        headers: hdr(&[
            ("alternative", "方案"),
            ("discount", "折现率方案"),
            ("analysis", "分析类型(财务/经济)"),
            ("npv", "净现值(NPV/ENPV)"),
            ("pv_benefits", "效益现值"),
            ("pv_costs", "费用现值"),
            ("bcr", "效益费用比(BCR/EBCR)"),
            ("irr", "内部收益率(IRR/EIRR)"),
            ("mirr", "修正内部收益率(MIRR)"),
            ("irr_roots", "全部内部收益率根"),
            ("payback_years", "静态投资回收期(年)"),
            ("discounted_payback_years", "动态投资回收期(年)"),
            ("eav", "等额年值"),
            ("cost_per_unit", "单位效果费用"),
            ("effect_unit", "效果单位"),
            ("irr_note", "内部收益率说明"),
        ]),
        rows,
    }
}

fn cashflows(r: &CbaResults) -> Table {
    let start = r.built.project.start_year;
    let mut rows = Vec::new();
    for e in &r.evaluations {
        let mut push = |name: &str, kind: &str, cat: &str, t: usize, v: f64| {
            rows.push(vec![
                Cell::t(&e.alternative),
                Cell::t(&e.discount),
                Cell::t(e.analysis.id()),
                Cell::Num(f64::from(start + t as i32)),
                Cell::t(name),
                Cell::t(kind),
                Cell::t(cat),
                Cell::Num(v),
                Cell::Num(e.df[t]),
                Cell::Num(v * e.df[t]),
            ]);
        };
        for s in &e.streams {
            let kind = if s.sign() > 0.0 { "benefit" } else { "cost" };
            for (t, v) in s.values.iter().enumerate() {
                if *v != 0.0 {
                    push(&s.name, kind, s.category.id(), t, *v);
                }
            }
        }
        for (t, v) in e.net.iter().enumerate() {
            push("(net)", "net", "", t, *v);
        }
    }
    Table {
        file: "cashflows.csv",
        sheet: "cashflows",
        headers: hdr(&[
            ("alternative", "方案"),
            ("discount", "折现率方案"),
            ("analysis", "分析类型"),
            ("year", "年份"),
            ("flow", "流量"),
            ("kind", "费用/效益"),
            ("category", "类别"),
            ("undiscounted", "未折现值"),
            ("discount_factor", "折现系数"),
            ("discounted", "折现值"),
        ]),
        rows,
    }
}

fn switching(r: &CbaResults) -> Table {
    let mut rows = Vec::new();
    for e in &r.evaluations {
        for ((name, pv, change), s) in e.switching.iter().zip(&e.streams) {
            rows.push(vec![
                Cell::t(&e.alternative),
                Cell::t(&e.discount),
                Cell::t(e.analysis.id()),
                Cell::t(name),
                Cell::t(if s.sign() > 0.0 { "benefit" } else { "cost" }),
                Cell::Num(*pv),
                Cell::opt(change.map(|c| c * 100.0)),
                Cell::opt(change.map(|c| pv * (1.0 + c))),
            ]);
        }
    }
    Table {
        file: "switching_values.csv",
        sheet: "switching",
        headers: hdr(&[
            ("alternative", "方案"),
            ("discount", "折现率方案"),
            ("analysis", "分析类型"),
            ("flow", "流量"),
            ("kind", "费用/效益"),
            ("pv", "现值"),
            ("switching_change_pct", "临界变化率(%)"),
            ("switching_pv", "临界现值"),
        ]),
        rows,
    }
}

fn mc_tables(r: &CbaResults) -> Vec<Table> {
    let Some(mc) = &r.mc else { return Vec::new() };
    let d = &mc.draws;
    let mut headers = hdr(&[("run", "模拟次序")]);
    for v in &d.variables {
        headers.push((v.clone(), v.clone()));
    }
    for a in &d.alternatives {
        headers.push((format!("npv_{a}"), format!("净现值_{a}")));
    }
    let runs = d.npv.first().map_or(0, Vec::len);
    let rows = (0..runs)
        .map(|i| {
            let mut row = vec![Cell::Num((i + 1) as f64)];
            row.extend(d.values.iter().map(|v| Cell::Num(v[i])));
            row.extend(d.npv.iter().map(|v| Cell::Num(v[i])));
            row
        })
        .collect();
    let draws = Table {
        file: "montecarlo.csv",
        sheet: "montecarlo",
        headers,
        rows,
    };
    let stats = d
        .alternatives
        .iter()
        .zip(&d.npv)
        .map(|(a, v)| {
            let mut s = v.clone();
            s.sort_by(f64::total_cmp);
            vec![
                Cell::t(a),
                Cell::t(&mc.discount),
                Cell::t(mc.analysis.id()),
                Cell::Num(mc.runs as f64),
                Cell::Num(mc.seed as f64),
                Cell::Num(v.iter().sum::<f64>() / v.len().max(1) as f64),
                Cell::Num(quantile(&s, 0.05)),
                Cell::Num(quantile(&s, 0.5)),
                Cell::Num(quantile(&s, 0.95)),
                Cell::Num(p_positive(v)),
            ]
        })
        .collect();
    let stats = Table {
        file: "montecarlo_summary.csv",
        sheet: "mc_summary",
        headers: hdr(&[
            ("alternative", "方案"),
            ("discount", "折现率方案"),
            ("analysis", "分析类型"),
            ("runs", "模拟次数"),
            ("seed", "随机种子"),
            ("mean_npv", "净现值均值"),
            ("p05_npv", "净现值5%分位"),
            ("p50_npv", "净现值中位数"),
            ("p95_npv", "净现值95%分位"),
            ("p_npv_positive", "净现值为正的概率"),
        ]),
        rows: stats,
    };
    let mut evpi = vec![vec![
        Cell::t("(all variables)"),
        Cell::Num(mc.evpi),
        Cell::t("E[max NPV] − max E[NPV]"),
    ]];
    for (v, e) in d.variables.iter().zip(&mc.evppi) {
        evpi.push(vec![
            Cell::t(v),
            Cell::Num(*e),
            Cell::t("partial EVPI, ordering and binning (Strong & Oakley 2013)"),
        ]);
    }
    let evpi = Table {
        file: "evpi.csv",
        sheet: "evpi",
        headers: hdr(&[
            ("variable", "变量"),
            ("evpi", "完全信息期望价值(EVPI)"),
            ("method", "方法"),
        ]),
        rows: evpi,
    };
    let mut sens = Vec::new();
    for (v, row) in d.variables.iter().zip(&mc.rank) {
        for (a, rho) in d.alternatives.iter().zip(row) {
            sens.push(vec![Cell::t(v), Cell::t(a), Cell::opt(*rho)]);
        }
    }
    let sens = Table {
        file: "sensitivity.csv",
        sheet: "sensitivity",
        headers: hdr(&[
            ("variable", "变量"),
            ("alternative", "方案"),
            ("rank_correlation", "秩相关系数(Spearman)"),
        ]),
        rows: sens,
    };
    vec![draws, stats, evpi, sens]
}

fn distribution(r: &CbaResults) -> (Table, Table) {
    let mut rows = Vec::new();
    let mut gender = Vec::new();
    for (alt, disc, groups) in &r.distribution {
        for g in groups {
            rows.push(vec![
                Cell::t(alt),
                Cell::t(disc),
                Cell::t(&g.group),
                Cell::t(g.gender.id()),
                Cell::opt(g.income),
                Cell::Num(g.weight),
                Cell::Num(g.pv_benefits),
                Cell::Num(g.pv_costs),
                Cell::Num(g.npv),
                Cell::Num(g.weighted_npv),
            ]);
        }
        for (g, b, c, n, w) in by_gender(groups) {
            gender.push(vec![
                Cell::t(alt),
                Cell::t(disc),
                Cell::t(g.id()),
                Cell::Num(b),
                Cell::Num(c),
                Cell::Num(n),
                Cell::Num(w),
            ]);
        }
    }
    let common = hdr(&[("alternative", "方案"), ("discount", "折现率方案")]);
    let mut h = common.clone();
    h.extend(hdr(&[
        ("group", "群体"),
        ("gender", "性别"),
        ("income", "收入"),
        ("weight", "分配权重"),
        ("pv_benefits", "效益现值"),
        ("pv_costs", "费用现值"),
        ("npv", "净现值(未加权)"),
        ("weighted_npv", "净现值(加权)"),
    ]));
    let mut hg = common;
    hg.extend(hdr(&[
        ("gender", "性别"),
        ("pv_benefits", "效益现值"),
        ("pv_costs", "费用现值"),
        ("npv", "净现值(未加权)"),
        ("weighted_npv", "净现值(加权)"),
    ]));
    (
        Table {
            file: "distribution.csv",
            sheet: "distribution",
            headers: h,
            rows,
        },
        Table {
            file: "distribution_gender.csv",
            sheet: "gender",
            headers: hg,
            rows: gender,
        },
    )
}

/// Write every CSV and `cba.xlsx` into `dir`.
pub fn write_all(dir: &Path, r: &CbaResults) -> Result<(), AppError> {
    let (dist, gender) = distribution(r);
    let mut tables = vec![summary(r), switching(r), cashflows(r), dist, gender];
    tables.extend(mc_tables(r));
    for t in &tables {
        write_csv(dir, t)?;
    }
    let p = &r.built.project;
    let mut about = vec![
        ("title 标题".to_string(), r.title.clone()),
        (
            "horizon 计算期".into(),
            format!(
                "{}–{} (year 0 = {})",
                p.start_year, p.end_year, p.start_year
            ),
        ),
        ("price year 价格基准年".into(), p.price_year.to_string()),
        ("currency 货币".into(), p.currency.clone()),
    ];
    for s in &r.built.schedules {
        about.push((
            format!("discount 折现率 {}", s.id),
            format!(
                "{}{}",
                s.source,
                if s.status.is_empty() {
                    String::new()
                } else {
                    format!(" — status: {}", s.status)
                }
            ),
        ));
    }
    for n in &r.notes {
        about.push(("note 说明".into(), n.clone()));
    }
    let refs: Vec<&Table> = tables
        .iter()
        .filter(|t| t.file != "montecarlo.csv")
        .collect();
    write_xlsx(dir, &refs, &about)?;
    Ok(())
}
