//! A project: a horizon, alternatives with flows, prices and conversion
//! factors; and its evaluation under one schedule and one analysis.

use crate::discount::Schedule;
use crate::economic::{Analysis, Factors};
use crate::error::CbaError;
use crate::flow::{Category, Flow, Kind};
use crate::measures::{self, Irr};
use crate::prices::{to_real, Inflation};
use serde::Serialize;

/// An alternative (an option compared with doing nothing).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alternative {
    /// name, unique in the project
    pub name: String,
    /// flows
    pub flows: Vec<Flow>,
    /// effect for cost-effectiveness: unit and amounts (e.g. t CO2, ha)
    pub effect: Option<Effect>,
}

/// Physical effect of an alternative, for cost per unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Effect {
    /// unit of the effect (e.g. "t CO2", "ha restored")
    pub unit: String,
    /// amounts by year
    pub amounts: crate::flow::Amounts,
}

/// The whole project.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Project {
    /// year 0 (not discounted)
    pub start_year: i32,
    /// last year of the horizon
    pub end_year: i32,
    /// price year of the analysis (default: start_year)
    pub price_year: i32,
    /// currency label
    pub currency: String,
    /// inflation for nominal flows and other price years
    pub inflation: Inflation,
    /// conversion factors of the economic analysis
    pub factors: Factors,
    /// alternatives
    pub alternatives: Vec<Alternative>,
}

/// A flow turned into real amounts of one analysis (index t = year − start).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stream {
    /// flow name (residual values get " (residual value)")
    pub name: String,
    /// cost or benefit
    pub kind: Kind,
    /// category
    pub category: Category,
    /// amounts ≥ 0 by year index, real, in the analysis's prices
    pub values: Vec<f64>,
    /// shares over groups
    pub shares: Vec<(String, f64)>,
}

impl Stream {
    /// +1 for benefits, −1 for costs.
    pub fn sign(&self) -> f64 {
        match self.kind {
            Kind::Benefit => 1.0,
            Kind::Cost => -1.0,
        }
    }
}

/// Measures of one alternative under one schedule and one analysis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// alternative
    pub alternative: String,
    /// schedule id
    pub discount: String,
    /// financial or economic
    pub analysis: Analysis,
    /// NPV (ENPV in the economic analysis)
    pub npv: f64,
    /// PV of benefits
    pub pv_benefits: f64,
    /// PV of costs
    pub pv_costs: f64,
    /// PVB / PVC (None when PVC = 0)
    pub bcr: Option<f64>,
    /// IRR roots
    pub irr: Irr,
    /// modified IRR
    pub mirr: Option<f64>,
    /// payback, years after start
    pub payback: Option<usize>,
    /// discounted payback, years after start
    pub discounted_payback: Option<usize>,
    /// equivalent annual value
    pub eav: Option<f64>,
    /// PV of costs per discounted unit of effect, with the unit
    pub cost_effectiveness: Option<(f64, String)>,
    /// switching values: (flow, PV, relative change at which NPV = 0)
    pub switching: Vec<(String, f64, Option<f64>)>,
    /// net flow by year (undiscounted)
    pub net: Vec<f64>,
    /// discount factors by year
    pub df: Vec<f64>,
    /// the streams evaluated
    pub streams: Vec<Stream>,
}

impl Project {
    /// Years in the horizon minus one (n).
    pub fn n(&self) -> usize {
        (self.end_year - self.start_year).max(0) as usize
    }

    /// Check the horizon, names and every flow (years, duplicates, shares).
    pub fn validate(&self, groups: &[String]) -> Result<(), CbaError> {
        if self.end_year <= self.start_year {
            return Err(CbaError::input(
                "end_year",
                format!(
                    "end_year = {} is not after start_year = {}",
                    self.end_year, self.start_year
                ),
                "give a horizon of at least one year after start_year",
            ));
        }
        for alt in &self.alternatives {
            for a in [Analysis::Financial, Analysis::Economic] {
                self.streams(alt, a)?;
            }
            for f in &alt.flows {
                crate::groups::check_shares(&alt.name, f, groups)?;
            }
        }
        Ok(())
    }

    /// Real amounts of each flow of `alt` counted in analysis `a`, with
    /// residual values as extra benefit streams in the last year.
    pub fn streams(&self, alt: &Alternative, a: Analysis) -> Result<Vec<Stream>, CbaError> {
        let n = self.n();
        let mut out = Vec::new();
        for f in &alt.flows {
            let raw = f.expand(&alt.name, self.start_year, self.end_year)?;
            if !f.perspective.includes(a) {
                continue;
            }
            let what = format!("alternative '{}', flow '{}'", alt.name, f.name);
            let k = to_real(
                f.prices,
                &self.inflation,
                self.price_year,
                self.start_year,
                n,
                &what,
            )?;
            let m = self
                .factors
                .multiplier(a, f.category, f.conversion, f.transfer_share);
            let values = raw.iter().zip(&k).map(|(v, k)| v * k * m).collect();
            out.push(Stream {
                name: f.name.clone(),
                kind: f.kind,
                category: f.category,
                values,
                shares: f.shares.clone(),
            });
            if let Some(rv) = f.residual {
                let mut values = vec![0.0; n + 1];
                values[n] = rv * k[n] * m;
                out.push(Stream {
                    name: format!("{} (residual value)", f.name),
                    kind: Kind::Benefit,
                    category: f.category,
                    values,
                    shares: f.shares.clone(),
                });
            }
        }
        Ok(out)
    }

    /// NPV only (no IRR search): the Monte Carlo's inner loop.
    pub fn npv(
        &self,
        alt: &Alternative,
        schedule: &Schedule,
        a: Analysis,
    ) -> Result<f64, CbaError> {
        let df = schedule.factors(self.n());
        Ok(self
            .streams(alt, a)?
            .iter()
            .map(|s| s.sign() * measures::pv(&s.values, &df))
            .sum())
    }

    /// Evaluate `alt` under `schedule` in analysis `a`.
    pub fn evaluate(
        &self,
        alt: &Alternative,
        schedule: &Schedule,
        a: Analysis,
    ) -> Result<Evaluation, CbaError> {
        let streams = self.streams(alt, a)?;
        let n = self.n();
        let df = schedule.factors(n);
        let mut net = vec![0.0; n + 1];
        let (mut pvb, mut pvc) = (0.0, 0.0);
        for s in &streams {
            let p = measures::pv(&s.values, &df);
            match s.kind {
                Kind::Benefit => pvb += p,
                Kind::Cost => pvc += p,
            }
            for (x, v) in net.iter_mut().zip(&s.values) {
                *x += s.sign() * v;
            }
        }
        let npv = pvb - pvc;
        let switching = streams
            .iter()
            .map(|s| {
                let p = measures::pv(&s.values, &df);
                let change = (p != 0.0).then(|| -s.sign() * npv / p);
                (s.name.clone(), p, change)
            })
            .collect();
        let cost_effectiveness = match &alt.effect {
            Some(e) => {
                let probe = Flow::new(&e.unit, Kind::Benefit, Category::Capital, e.amounts.clone());
                let q = probe.expand(&alt.name, self.start_year, self.end_year)?;
                let pq = measures::pv(&q, &df);
                (pq > 0.0).then(|| (pvc / pq, e.unit.clone()))
            }
            None => None,
        };
        let ones = vec![1.0; n + 1];
        Ok(Evaluation {
            alternative: alt.name.clone(),
            discount: schedule.id.clone(),
            analysis: a,
            npv,
            pv_benefits: pvb,
            pv_costs: pvc,
            bcr: (pvc > 0.0).then(|| pvb / pvc),
            irr: measures::irr(&net),
            mirr: measures::mirr(&net, &df),
            payback: measures::payback(&net, &ones),
            discounted_payback: measures::payback(&net, &df),
            eav: measures::eav(npv, &df),
            cost_effectiveness,
            switching,
            net,
            df,
            streams,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discount::preset;
    use crate::flow::Amounts;

    fn two_flow() -> Project {
        let flow = |name: &str, kind, y, v| {
            Flow::new(
                name,
                kind,
                Category::Capital,
                Amounts {
                    values: vec![(y, v)],
                    range: None,
                },
            )
        };
        Project {
            start_year: 2025,
            end_year: 2065,
            price_year: 2025,
            currency: "yuan".into(),
            inflation: Inflation::None,
            factors: Factors::default(),
            alternatives: vec![Alternative {
                name: "a".into(),
                effect: None,
                flows: vec![
                    flow("build", Kind::Cost, 2025, 100.0),
                    flow("gain", Kind::Benefit, 2065, 500.0),
                ],
            }],
        }
    }

    /// Cost 100 in year 0, benefit 500 in year 40: NPV = 500·DF_40 − 100,
    /// BCR = 5·DF_40, DF_40 computed by hand for each preset (Green Book:
    /// 1.035^−30 · 1.03^−10; health: 1.015^−30 · 1.0129^−10).
    #[test]
    fn npv_bcr_under_each_preset_by_hand() {
        let p = two_flow();
        let cases = [
            ("china-8", -76.984_533_349_9, 0.230_154_666_5),
            ("china-6", -51.388_906_145_7, 0.486_110_938_5),
            ("uk-green-book", 32.552_298_669_1, 1.325_522_986_7),
            ("uk-health", 181.399_308_269_9, 2.813_993_082_7),
            ("us-a4-2003-3", 53.278_420_386_9, 1.532_784_203_9),
            ("us-a4-2003-7", -66.609_809_492_3, 0.333_901_905_1),
            ("us-a4-2023", 126.445_207_592_6, 2.264_452_075_9),
        ];
        let mut all = preset("us-a4-2003", None).unwrap();
        for id in [
            "china-8",
            "china-6",
            "uk-green-book",
            "uk-health",
            "us-a4-2023",
        ] {
            all.extend(preset(id, None).unwrap());
        }
        all.extend(preset("constant", Some(0.05)).unwrap());
        assert_eq!(all.len(), 8);
        for s in &all {
            let e = p
                .evaluate(&p.alternatives[0], s, Analysis::Economic)
                .unwrap();
            let (npv, bcr) = cases
                .iter()
                .find(|c| c.0 == s.id)
                .map(|c| (c.1, c.2))
                .unwrap_or((-28.977_158_849_9, 0.710_228_411_5));
            assert!((e.npv - npv).abs() < 1e-8, "{} {}", s.id, e.npv);
            assert!((e.bcr.unwrap() - bcr).abs() < 1e-10, "{}", s.id);
            // one sign change: one IRR, (5)^(1/40) − 1
            assert!((e.irr.unique().unwrap() - (5f64.powf(1.0 / 40.0) - 1.0)).abs() < 1e-9);
            // switching value of the benefit: NPV = 0 when it falls by NPV/PVB
            let sw = e.switching[1].2.unwrap();
            assert!((e.pv_benefits * (1.0 + sw) - e.pv_costs).abs() < 1e-9);
        }
    }

    #[test]
    fn residual_value_and_economic_transfers() {
        let mut p = two_flow();
        p.factors.standard = 0.9;
        p.alternatives[0].flows[0].residual = Some(50.0);
        p.alternatives[0].flows[0].transfer_share = 0.1;
        let s = &preset("constant", Some(0.0)).unwrap()[0];
        let f = p
            .evaluate(&p.alternatives[0], s, Analysis::Financial)
            .unwrap();
        assert!((f.npv - (500.0 + 50.0 - 100.0)).abs() < 1e-9);
        let e = p
            .evaluate(&p.alternatives[0], s, Analysis::Economic)
            .unwrap();
        // capital × 0.9 × 0.9 and its residual too; the benefit is capital-category too
        assert!(
            (e.npv - (500.0 * 0.9 + 50.0 * 0.81 - 100.0 * 0.81)).abs() < 1e-9,
            "{}",
            e.npv
        );
        assert_eq!(e.streams.len(), 3);
    }
}
