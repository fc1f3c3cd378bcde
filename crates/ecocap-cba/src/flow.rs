//! Flows of an alternative: costs and benefits by year, in real or
//! nominal prices, with their category, residual value and the groups
//! that bear or receive them.

use crate::error::CbaError;
use crate::prices::Prices;
use serde::Serialize;

/// Cost or benefit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// a cost (counted in PV of costs)
    Cost,
    /// a benefit (counted in PV of benefits)
    Benefit,
}

/// What a flow is; decides its default conversion factor and whether it
/// belongs to the financial analysis, the economic analysis or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// investment (construction, land, equipment)
    Capital,
    /// operation and maintenance
    Operation,
    /// change of an ecosystem service value (ESV/GEP)
    EcosystemService,
    /// carbon sequestered or emitted, valued
    Carbon,
    /// damage avoided (floods, erosion, ...)
    AvoidedDamage,
    /// sales revenue of the project entity
    Revenue,
    /// tax, subsidy or other transfer: a cash flow for the entity, not a
    /// resource cost for society (removed in the economic analysis)
    Transfer,
}

impl Category {
    /// Every category with its config id.
    pub const ALL: [(Category, &'static str); 7] = [
        (Category::Capital, "capital"),
        (Category::Operation, "operation"),
        (Category::EcosystemService, "ecosystem_service"),
        (Category::Carbon, "carbon"),
        (Category::AvoidedDamage, "avoided_damage"),
        (Category::Revenue, "revenue"),
        (Category::Transfer, "transfer"),
    ];

    /// Parse a config id.
    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL
            .iter()
            .find(|(_, id)| *id == s)
            .map(|(c, _)| *c)
    }

    /// Config id.
    pub fn id(self) -> &'static str {
        Category::ALL
            .iter()
            .find(|(c, _)| *c == self)
            .map_or("", |(_, id)| id)
    }
}

/// Amounts of a flow: single years and/or a range with growth.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Amounts {
    /// (year, amount) pairs as given
    pub values: Vec<(i32, f64)>,
    /// a range `from..=to` of `amount` per year
    pub range: Option<Range>,
}

/// `amount` every year from `from` to `to`, growing at `growth` per year
/// and reaching it linearly over `ramp_years` (e.g. a forest maturing).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Range {
    /// first year
    pub from: i32,
    /// last year (inclusive)
    pub to: i32,
    /// amount per year in the first year (before ramp)
    pub amount: f64,
    /// growth rate per year (ratio): year Y gets amount·(1+g)^(Y−from)
    pub growth: f64,
    /// years to reach the full amount: year Y gets min(1, (Y−from+1)/ramp)
    pub ramp_years: u32,
}

/// One flow.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flow {
    /// name, unique within its alternative
    pub name: String,
    /// cost or benefit
    pub kind: Kind,
    /// category
    pub category: Category,
    /// amounts (positive: a cost is given as a positive cost)
    pub amounts: Amounts,
    /// real (with a price year) or nominal
    pub prices: Prices,
    /// residual value credited as a benefit in the last year of the horizon
    pub residual: Option<f64>,
    /// shares over distributional groups (empty: not allocated)
    pub shares: Vec<(String, f64)>,
    /// economic analysis: conversion
    pub conversion: crate::economic::Conversion,
    /// share of the amount that is a transfer (tax, subsidy), removed in the
    /// economic analysis
    pub transfer_share: f64,
    /// analyses the flow belongs to
    pub perspective: crate::economic::Perspective,
}

impl Flow {
    /// A flow with defaults: real prices in the analysis price year, no
    /// residual, no shares, the category's conversion and perspective.
    pub fn new(name: &str, kind: Kind, category: Category, amounts: Amounts) -> Flow {
        Flow {
            name: name.into(),
            kind,
            category,
            amounts,
            prices: Prices::Real { price_year: None },
            residual: None,
            shares: Vec::new(),
            conversion: crate::economic::Conversion::Default,
            transfer_share: 0.0,
            perspective: crate::economic::Perspective::default_for(category),
        }
    }

    /// Amounts by year index `t = year − start` for `0..=end−start`, as
    /// given (before price conversion). Checks years against the horizon,
    /// duplicates and growth.
    pub fn expand(&self, alternative: &str, start: i32, end: i32) -> Result<Vec<f64>, CbaError> {
        let n = (end - start) as usize;
        let mut out = vec![0.0; n + 1];
        let mut set: Vec<Option<f64>> = vec![None; n + 1];
        let mut put = |year: i32, v: f64| -> Result<(), CbaError> {
            if year < start || year > end {
                return Err(CbaError::OutsideHorizon {
                    alternative: alternative.into(),
                    flow: self.name.clone(),
                    year,
                    start,
                    end,
                });
            }
            if !v.is_finite() {
                return Err(CbaError::input(
                    format!(
                        "alternative '{alternative}', flow '{}', year {year}",
                        self.name
                    ),
                    format!("amount {v} is not a number"),
                    "give a finite amount",
                ));
            }
            let t = (year - start) as usize;
            if let Some(first) = set[t] {
                return Err(CbaError::DuplicateYear {
                    alternative: alternative.into(),
                    flow: self.name.clone(),
                    year,
                    first,
                    second: v,
                });
            }
            set[t] = Some(v);
            out[t] = v;
            Ok(())
        };
        for &(y, v) in &self.amounts.values {
            put(y, v)?;
        }
        if let Some(r) = self.amounts.range {
            if r.growth <= -1.0 || !r.growth.is_finite() {
                return Err(CbaError::Rate {
                    key: format!("alternative '{alternative}', flow '{}', growth", self.name),
                    value: r.growth,
                    detail: "a growth rate must be above −1 (−100 %)".into(),
                    hint: "give growth as a ratio (0.02 for 2 % a year)".into(),
                });
            }
            if r.to < r.from {
                return Err(CbaError::input(
                    format!("alternative '{alternative}', flow '{}'", self.name),
                    format!("from = {} is after to = {}", r.from, r.to),
                    "give from ≤ to",
                ));
            }
            for y in r.from..=r.to {
                let k = (y - r.from) as f64;
                let ramp = if r.ramp_years > 1 {
                    ((k + 1.0) / f64::from(r.ramp_years)).min(1.0)
                } else {
                    1.0
                };
                put(y, r.amount * (1.0 + r.growth).powf(k) * ramp)?;
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flow(values: Vec<(i32, f64)>, range: Option<Range>) -> Flow {
        Flow::new(
            "f",
            Kind::Cost,
            Category::Capital,
            Amounts { values, range },
        )
    }

    #[test]
    fn expand_range_growth_ramp() {
        let r = Range {
            from: 2021,
            to: 2024,
            amount: 100.0,
            growth: 0.1,
            ramp_years: 2,
        };
        let v = flow(vec![(2020, 5.0)], Some(r))
            .expand("a", 2020, 2025)
            .unwrap();
        assert_eq!(v[0], 5.0);
        assert!((v[1] - 50.0).abs() < 1e-12);
        assert!((v[2] - 110.0).abs() < 1e-12);
        assert!((v[4] - 133.1).abs() < 1e-9);
        assert_eq!(v[5], 0.0);
    }

    #[test]
    fn outside_and_twice_refused() {
        let e = flow(vec![(2031, 1.0)], None)
            .expand("alt", 2020, 2030)
            .unwrap_err();
        assert!(matches!(e, CbaError::OutsideHorizon { year: 2031, .. }));
        assert!(e.to_string().contains("alternative 'alt', flow 'f'"));
        let r = Range {
            from: 2020,
            to: 2022,
            amount: 1.0,
            growth: 0.0,
            ramp_years: 0,
        };
        let e = flow(vec![(2021, 7.0)], Some(r))
            .expand("alt", 2020, 2030)
            .unwrap_err();
        assert!(
            matches!(e, CbaError::DuplicateYear { year: 2021, .. }),
            "{e}"
        );
    }
}
