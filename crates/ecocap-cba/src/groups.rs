//! Who gains and who pays: flows split over groups, distributional
//! weights and a gender-disaggregated table.
//!
//! Weight of group g (HM Treasury 2022, Green Book Annex A3
//! "Distributional appraisal", A3.12–A3.14; elasticity of marginal
//! utility of income 1.3 from Layard, Mayraz & Nickell 2008):
//!
//! `w_g = (y_ref / y_g)^e`, e = 1.3 by default,
//!
//! with y_g the group's (equivalised household) income and y_ref the
//! reference income the user states (the Green Book uses the median
//! equivalised household income). Weighted results are shown next to the
//! unweighted ones, never instead of them (Green Book A3.14).

use crate::error::CbaError;
use crate::flow::Flow;
use crate::measures::pv;
use crate::project::Stream;
use serde::Serialize;

/// Gender of a group, for the gender-disaggregated table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    /// women and girls
    Female,
    /// men and boys
    Male,
    /// mixed or not recorded
    Unspecified,
}

impl Gender {
    /// Id in outputs.
    pub fn id(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
            Gender::Unspecified => "unspecified",
        }
    }
}

/// An affected group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// id used in flow shares
    pub id: String,
    /// income per head or per equivalised household (same unit as y_ref)
    pub income: f64,
    /// gender
    pub gender: Gender,
}

/// Weighting parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Weights {
    /// reference income y_ref
    pub reference_income: f64,
    /// elasticity of marginal utility of income e (Green Book: 1.3)
    pub elasticity: f64,
}

impl Weights {
    /// `(y_ref / y)^e`.
    pub fn weight(&self, income: f64) -> f64 {
        (self.reference_income / income).powf(self.elasticity)
    }
}

/// Id of the group receiving flows without shares.
pub const UNALLOCATED: &str = "unallocated";

/// Shares of a flow must name known groups, be ≥ 0 and sum to 1 (±1e−6).
pub fn check_shares(alternative: &str, f: &Flow, groups: &[String]) -> Result<(), CbaError> {
    if f.shares.is_empty() {
        return Ok(());
    }
    for (g, s) in &f.shares {
        if !groups.iter().any(|k| k == g) {
            return Err(CbaError::input(
                format!("alternative '{alternative}', flow '{}', shares", f.name),
                format!(
                    "unknown group '{g}'{}",
                    crate::error::nearest(g, groups.iter().map(String::as_str))
                        .map(|n| format!(" (did you mean '{n}'?)"))
                        .unwrap_or_default()
                ),
                "declare the group under [[group]] with its id and income",
            ));
        }
        if !(0.0..=1.0).contains(s) {
            return Err(CbaError::input(
                format!("alternative '{alternative}', flow '{}', shares.{g}", f.name),
                format!("share {s} is outside 0–1"),
                "give shares as fractions between 0 and 1",
            ));
        }
    }
    let sum: f64 = f.shares.iter().map(|(_, s)| s).sum();
    if (sum - 1.0).abs() > 1e-6 {
        return Err(CbaError::Shares {
            alternative: alternative.into(),
            flow: f.name.clone(),
            sum,
        });
    }
    Ok(())
}

/// One row of the distribution table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupRow {
    /// group id
    pub group: String,
    /// gender
    pub gender: Gender,
    /// income (None for the unallocated remainder)
    pub income: Option<f64>,
    /// distributional weight (1 for the unallocated remainder)
    pub weight: f64,
    /// PV of benefits received
    pub pv_benefits: f64,
    /// PV of costs borne
    pub pv_costs: f64,
    /// unweighted NPV
    pub npv: f64,
    /// weighted NPV (w_g · NPV_g)
    pub weighted_npv: f64,
}

/// Split the present values of `streams` over groups.
pub fn distribute(streams: &[Stream], df: &[f64], groups: &[Group], w: &Weights) -> Vec<GroupRow> {
    let mut rows: Vec<GroupRow> = groups
        .iter()
        .map(|g| GroupRow {
            group: g.id.clone(),
            gender: g.gender,
            income: Some(g.income),
            weight: w.weight(g.income),
            pv_benefits: 0.0,
            pv_costs: 0.0,
            npv: 0.0,
            weighted_npv: 0.0,
        })
        .collect();
    let mut rest = GroupRow {
        group: UNALLOCATED.into(),
        gender: Gender::Unspecified,
        income: None,
        weight: 1.0,
        pv_benefits: 0.0,
        pv_costs: 0.0,
        npv: 0.0,
        weighted_npv: 0.0,
    };
    for s in streams {
        let p = pv(&s.values, df);
        let add = |row: &mut GroupRow, share: f64| {
            if s.sign() > 0.0 {
                row.pv_benefits += share * p;
            } else {
                row.pv_costs += share * p;
            }
        };
        if s.shares.is_empty() {
            add(&mut rest, 1.0);
        }
        for (g, share) in &s.shares {
            if let Some(row) = rows.iter_mut().find(|r| &r.group == g) {
                add(row, *share);
            }
        }
    }
    if rest.pv_benefits != 0.0 || rest.pv_costs != 0.0 {
        rows.push(rest);
    }
    for r in &mut rows {
        r.npv = r.pv_benefits - r.pv_costs;
        r.weighted_npv = r.weight * r.npv;
    }
    rows
}

/// Sum of rows by gender: (gender, PVB, PVC, NPV, weighted NPV).
pub fn by_gender(rows: &[GroupRow]) -> Vec<(Gender, f64, f64, f64, f64)> {
    let mut out: Vec<(Gender, f64, f64, f64, f64)> = Vec::new();
    for r in rows {
        match out.iter_mut().find(|o| o.0 == r.gender) {
            Some(o) => {
                o.1 += r.pv_benefits;
                o.2 += r.pv_costs;
                o.3 += r.npv;
                o.4 += r.weighted_npv;
            }
            None => out.push((r.gender, r.pv_benefits, r.pv_costs, r.npv, r.weighted_npv)),
        }
    }
    out.sort_by_key(|o| o.0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::{Category, Kind};

    #[test]
    fn weights_and_split() {
        let w = Weights {
            reference_income: 30_000.0,
            elasticity: 1.3,
        };
        // half the reference income → 2^1.3 = 2.4623
        assert!((w.weight(15_000.0) - 2f64.powf(1.3)).abs() < 1e-12);
        let groups = vec![
            Group {
                id: "poor_f".into(),
                income: 15_000.0,
                gender: Gender::Female,
            },
            Group {
                id: "rich_m".into(),
                income: 60_000.0,
                gender: Gender::Male,
            },
        ];
        let s = |kind, shares: Vec<(&str, f64)>, v: f64| Stream {
            name: "x".into(),
            kind,
            category: Category::Capital,
            values: vec![v],
            shares: shares
                .into_iter()
                .map(|(a, b)| (a.to_string(), b))
                .collect(),
        };
        let streams = [
            s(
                Kind::Benefit,
                vec![("poor_f", 0.75), ("rich_m", 0.25)],
                100.0,
            ),
            s(Kind::Cost, vec![("rich_m", 1.0)], 60.0),
            s(Kind::Cost, vec![], 10.0),
        ];
        let rows = distribute(&streams, &[1.0], &groups, &w);
        assert_eq!(rows.len(), 3);
        assert!((rows[0].npv - 75.0).abs() < 1e-12);
        assert!((rows[1].npv + 35.0).abs() < 1e-12);
        assert!((rows[0].weighted_npv - 75.0 * 2f64.powf(1.3)).abs() < 1e-9);
        let total: f64 = rows.iter().map(|r| r.npv).sum();
        assert!((total - 30.0).abs() < 1e-12);
        let g = by_gender(&rows);
        assert_eq!(g[0].0, Gender::Female);
    }

    proptest::proptest! {
        /// Splitting over groups conserves the unweighted NPV, whatever the
        /// shares and incomes.
        #[test]
        fn split_conserves_npv(a in 0.0f64..1.0, v in proptest::collection::vec(-1e6f64..1e6, 1..6), y in 1e3f64..1e5) {
            let groups = vec![
                Group { id: "g1".into(), income: y, gender: Gender::Female },
                Group { id: "g2".into(), income: 2.0 * y, gender: Gender::Male },
            ];
            let streams: Vec<Stream> = v.iter().enumerate().map(|(i, x)| Stream {
                name: format!("s{i}"),
                kind: if *x >= 0.0 { Kind::Benefit } else { Kind::Cost },
                category: Category::Operation,
                values: vec![x.abs(), 0.5 * x.abs()],
                shares: if i % 2 == 0 { vec![("g1".into(), a), ("g2".into(), 1.0 - a)] } else { vec![] },
            }).collect();
            let df = [1.0, 0.9];
            let total: f64 = streams.iter().map(|s| s.sign() * pv(&s.values, &df)).sum();
            let w = Weights { reference_income: y, elasticity: 1.3 };
            let rows = distribute(&streams, &df, &groups, &w);
            let split: f64 = rows.iter().map(|r| r.npv).sum();
            proptest::prop_assert!((split - total).abs() <= 1e-9 * (1.0 + total.abs()));
        }
    }

    #[test]
    fn shares_must_sum_to_one() {
        let mut f = Flow::new(
            "esv",
            Kind::Benefit,
            Category::EcosystemService,
            crate::flow::Amounts {
                values: vec![],
                range: None,
            },
        );
        f.shares = vec![("a".into(), 0.5), ("b".into(), 0.4)];
        let e = check_shares("restore", &f, &["a".into(), "b".into()]).unwrap_err();
        assert!(e.to_string().contains("sum to 0.9"), "{e}");
    }
}
