//! The value of one standard equivalent (标准当量因子的价值量), yuan/hm²/yr.

use super::error::EsvError;
use serde::Serialize;

/// How the standard value was obtained.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum StandardValueRule {
    /// Given directly, e.g. 3406.5 yuan/hm² for China in 2010
    /// (Xie et al. 2015, as quoted by 罗盛锋 & 闫文德 2018 and others; GEP.md §1.2).
    Direct,
    /// 1/7 of the market value of the average grain yield per hm²
    /// (Xie et al. 2003, 2008: "1个当量因子的经济价值等于当年全国平均粮食单产市场价格的1/7").
    GrainOneSeventh {
        /// grain price, yuan/kg
        price_yuan_per_kg: f64,
        /// average grain yield, kg/hm²
        yield_kg_per_ha: f64,
    },
    /// Sown-area-weighted net profit per hm² of the main grain crops,
    /// D = Σ Sᵢ·Fᵢ with Sᵢ the sown-area share and Fᵢ the net profit
    /// (Xie et al. 2015 rule, as applied by 赵鸿雁 et al. 2018, Table 1 notes).
    NetProfit {
        /// (crop, sown area in any consistent unit, net profit yuan/hm²)
        crops: Vec<(String, f64, f64)>,
    },
}

/// The value of one standard equivalent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StandardValue {
    /// yuan per hm² per year
    pub yuan_per_ha: f64,
    /// price year of the value, when known
    pub price_year: Option<i32>,
    /// how it was obtained
    pub rule: StandardValueRule,
}

fn positive(input: &str, v: f64, hint: &str) -> Result<f64, EsvError> {
    if v.is_finite() && v > 0.0 {
        Ok(v)
    } else {
        Err(EsvError::BadParameter {
            input: input.to_string(),
            detail: format!("value {v} must be a positive number"),
            hint: hint.to_string(),
        })
    }
}

impl StandardValue {
    /// A value given directly (yuan/hm²) with its price year.
    pub fn direct(yuan_per_ha: f64, price_year: Option<i32>) -> Result<Self, EsvError> {
        positive(
            "--unit-value",
            yuan_per_ha,
            "give the value of one standard equivalent in yuan/hm², e.g. 3406.5 (China 2010, Xie et al. 2015)",
        )?;
        Ok(StandardValue {
            yuan_per_ha,
            price_year,
            rule: StandardValueRule::Direct,
        })
    }

    /// The older 1/7 rule: price (yuan/kg) × yield (kg/hm²) / 7.
    pub fn grain_one_seventh(
        price_yuan_per_kg: f64,
        yield_kg_per_ha: f64,
        price_year: Option<i32>,
    ) -> Result<Self, EsvError> {
        positive("--grain-price", price_yuan_per_kg, "grain price in yuan/kg")?;
        positive(
            "--grain-yield",
            yield_kg_per_ha,
            "average grain yield in kg/hm²",
        )?;
        Ok(StandardValue {
            yuan_per_ha: price_yuan_per_kg * yield_kg_per_ha / 7.0,
            price_year,
            rule: StandardValueRule::GrainOneSeventh {
                price_yuan_per_kg,
                yield_kg_per_ha,
            },
        })
    }

    /// The Xie 2015 rule: sown-area-weighted net profit of the main grain crops.
    pub fn net_profit(
        crops: Vec<(String, f64, f64)>,
        price_year: Option<i32>,
    ) -> Result<Self, EsvError> {
        let total: f64 = crops.iter().map(|c| c.1).sum();
        if crops.is_empty() || total.is_nan() || total <= 0.0 {
            return Err(EsvError::BadParameter {
                input: "--crops".into(),
                detail: "no crop with a positive sown area".into(),
                hint: "give rows crop,sown_area,net_profit (yuan/hm²) for the main grain crops"
                    .into(),
            });
        }
        for (name, area, _) in &crops {
            if !(area.is_finite() && *area >= 0.0) {
                return Err(EsvError::BadParameter {
                    input: "--crops".into(),
                    detail: format!("crop '{name}' has sown area {area}"),
                    hint: "sown areas must be zero or positive".into(),
                });
            }
        }
        let value: f64 = crops.iter().map(|(_, s, f)| s / total * f).sum();
        positive(
            "--crops",
            value,
            "the weighted net profit must be positive; check the net_profit column",
        )?;
        Ok(StandardValue {
            yuan_per_ha: value,
            price_year,
            rule: StandardValueRule::NetProfit { crops },
        })
    }

    /// One-line description for reports.
    pub fn describe(&self) -> String {
        let year = self
            .price_year
            .map(|y| format!(" ({y} prices)"))
            .unwrap_or_default();
        let how = match &self.rule {
            StandardValueRule::Direct => "given".to_string(),
            StandardValueRule::GrainOneSeventh {
                price_yuan_per_kg,
                yield_kg_per_ha,
            } => format!(
                "1/7 × {price_yuan_per_kg} yuan/kg × {yield_kg_per_ha} kg/hm² (Xie 2003/2008 rule)"
            ),
            StandardValueRule::NetProfit { crops } => format!(
                "sown-area-weighted net profit of {} (Xie 2015 rule)",
                crops
                    .iter()
                    .map(|c| c.0.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        format!("{:.2} yuan/hm²{year}, {how}", self.yuan_per_ha)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_seventh_rule() {
        let v = StandardValue::grain_one_seventh(2.0, 5250.0, Some(2015)).unwrap();
        assert!((v.yuan_per_ha - 1500.0).abs() < 1e-9);
    }

    #[test]
    fn net_profit_is_area_weighted() {
        let v = StandardValue::net_profit(
            vec![("wheat".into(), 1.0, 1000.0), ("maize".into(), 3.0, 2000.0)],
            None,
        )
        .unwrap();
        assert!((v.yuan_per_ha - 1750.0).abs() < 1e-9);
    }

    #[test]
    fn rejects_bad_values() {
        assert!(StandardValue::direct(-1.0, None).is_err());
        assert!(StandardValue::direct(f64::NAN, None).is_err());
        assert!(StandardValue::net_profit(vec![], None).is_err());
        assert!(StandardValue::grain_one_seventh(0.0, 10.0, None).is_err());
    }
}
