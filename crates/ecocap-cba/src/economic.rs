//! Financial and economic analysis (财务分析 and 经济费用效益分析).
//!
//! The financial analysis counts the cash flows of the project entity at
//! market prices. The economic analysis counts the flows to society at
//! shadow prices: each financial amount is multiplied by a conversion
//! factor, and transfers (taxes, subsidies) are removed because they move
//! money between members of society without using resources
//! (《建设项目经济评价方法与参数》第三版 2006, 经济费用效益分析: 影子价格,
//! 影子工资换算系数, 影子汇率换算系数, 转移支付的剔除; the same rules in
//! Asian Development Bank (2017) *Guidelines for the Economic Analysis of
//! Projects*, ch. 4–5: standard conversion factor, shadow wage rate
//! factor, shadow exchange rate factor).
//!
//! `economic amount = financial amount × (1 − transfer_share) × CF`
//!
//! with CF the flow's conversion: the standard conversion factor (SCF,
//! domestic non-traded goods), the shadow wage rate factor (labour), the
//! shadow exchange rate factor (traded goods priced in foreign exchange;
//! the 2006 Chinese method gives 1.08), 1 (already an economic value,
//! e.g. an ecosystem-service value), or a number. Transfers (category
//! `transfer`) get CF = 0.

use crate::flow::Category;
use serde::Serialize;

/// Which analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Analysis {
    /// market prices, cash flows of the project entity
    Financial,
    /// shadow prices, flows to society (EIRR, ENPV, EBCR)
    Economic,
}

impl Analysis {
    /// Id used in outputs.
    pub fn id(self) -> &'static str {
        match self {
            Analysis::Financial => "financial",
            Analysis::Economic => "economic",
        }
    }
}

/// Which analyses a flow belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Perspective {
    /// both
    Both,
    /// financial only (e.g. a subsidy received)
    Financial,
    /// economic only (external effects: ecosystem services, carbon,
    /// avoided damage to others)
    Economic,
}

impl Perspective {
    /// Ecosystem services, carbon and avoided damage are external effects
    /// (economic only); transfers are financial only; the rest both.
    pub fn default_for(c: Category) -> Perspective {
        match c {
            Category::EcosystemService | Category::Carbon | Category::AvoidedDamage => {
                Perspective::Economic
            }
            Category::Transfer => Perspective::Financial,
            _ => Perspective::Both,
        }
    }

    /// True when the flow counts in `a`.
    pub fn includes(self, a: Analysis) -> bool {
        matches!(
            (self, a),
            (Perspective::Both, _)
                | (Perspective::Financial, Analysis::Financial)
                | (Perspective::Economic, Analysis::Economic)
        )
    }
}

/// Conversion of a flow to economic prices.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Conversion {
    /// by category: capital, operation and revenue → SCF; ecosystem
    /// service, carbon, avoided damage → 1; transfer → 0
    Default,
    /// the standard conversion factor
    Standard,
    /// the shadow wage rate factor
    Wage,
    /// the shadow exchange rate factor
    ForeignExchange,
    /// no conversion (1)
    None,
    /// a factor given for this flow
    Factor(f64),
}

/// Conversion factors of a project.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Factors {
    /// standard conversion factor (SCF)
    pub standard: f64,
    /// shadow wage rate factor
    pub wage: f64,
    /// shadow exchange rate factor
    pub foreign_exchange: f64,
}

impl Default for Factors {
    /// All 1: economic = financial minus transfers, until the user gives
    /// the factors of the country and year.
    fn default() -> Factors {
        Factors {
            standard: 1.0,
            wage: 1.0,
            foreign_exchange: 1.0,
        }
    }
}

impl Factors {
    /// Multiplier of a flow's amounts in analysis `a`.
    pub fn multiplier(
        &self,
        a: Analysis,
        category: Category,
        conversion: Conversion,
        transfer_share: f64,
    ) -> f64 {
        if a == Analysis::Financial {
            return 1.0;
        }
        if category == Category::Transfer {
            return 0.0;
        }
        let cf = match conversion {
            Conversion::Default => match category {
                Category::Capital | Category::Operation | Category::Revenue => self.standard,
                _ => 1.0,
            },
            Conversion::Standard => self.standard,
            Conversion::Wage => self.wage,
            Conversion::ForeignExchange => self.foreign_exchange,
            Conversion::None => 1.0,
            Conversion::Factor(f) => f,
        };
        (1.0 - transfer_share) * cf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn economic_multipliers() {
        let f = Factors {
            standard: 0.9,
            wage: 0.6,
            foreign_exchange: 1.08,
        };
        let e = Analysis::Economic;
        assert_eq!(
            f.multiplier(
                Analysis::Financial,
                Category::Capital,
                Conversion::Default,
                0.13
            ),
            1.0
        );
        assert!(
            (f.multiplier(e, Category::Capital, Conversion::Default, 0.1) - 0.81).abs() < 1e-12
        );
        assert_eq!(
            f.multiplier(e, Category::Operation, Conversion::Wage, 0.0),
            0.6
        );
        assert_eq!(
            f.multiplier(e, Category::Transfer, Conversion::None, 0.0),
            0.0
        );
        assert_eq!(
            f.multiplier(e, Category::EcosystemService, Conversion::Default, 0.0),
            1.0
        );
        assert!(!Perspective::default_for(Category::Carbon).includes(Analysis::Financial));
    }
}
