//! Monetary ecosystem asset account.
//!
//! SEEA EA 2021 ch. 10 (monetary asset account): opening value,
//! ecosystem enhancement, ecosystem degradation, ecosystem conversions
//! (additions and reductions), revaluation, closing value. The asset
//! value is the NPV of each final service's flow over the asset life
//! (see [`crate::discount`]); the service flows come from the monetary
//! supply table at the opening and the closing year.
//!
//! Decomposition per zone × ecosystem type × service, with `A` the extent
//! and `V` the NPV, `V₁ᶜ = V₁ / p` the closing value at opening prices
//! (`p` = closing / opening price level):
//! - conversions  = (A₁ − A₀) · V₀ / A₀ (the change of extent valued at
//!   the opening value per hectare; all of V₁ᶜ when A₀ = 0);
//! - enhancement − degradation = V₁ᶜ − V₀ − conversions (the change of
//!   value per hectare: condition and use, at constant prices);
//! - revaluation = V₁ − V₁ᶜ.
//!
//! Hence closing = opening + enhancement − degradation + conversions +
//! revaluation, exactly (the residual is computed on [`Amount`]s).

use crate::amount::Amount;
use crate::discount::{npv, DiscountSchedule};
use crate::error::SeeaError;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// How future flows are projected.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Projection {
    /// the flow of the accounting year, held constant
    Constant,
    /// the annual growth rate between the opening and closing flows,
    /// applied for `years` years, then held constant
    Trend {
        /// years the trend is extrapolated
        years: u32,
    },
}

/// Asset valuation parameters.
#[derive(Debug, Clone, Serialize)]
pub struct AssetParams {
    /// discount schedule
    pub schedule: DiscountSchedule,
    /// asset life, years
    pub life: u32,
    /// flow projection
    pub projection: Projection,
    /// closing price level / opening price level (1 = constant prices)
    pub price_ratio: f64,
}

/// NPV detail of one zone × type × service.
#[derive(Debug, Clone, Serialize)]
pub struct NpvLine {
    /// zone
    pub zone: String,
    /// ecosystem type
    pub ecosystem_type: String,
    /// SEEA service
    pub service: String,
    /// annual flow at the opening year
    pub flow_opening: f64,
    /// annual flow at the closing year
    pub flow_closing: f64,
    /// projected growth per year (ratio)
    pub growth: f64,
    /// NPV at the opening date
    pub value_opening: Amount,
    /// NPV at the closing date
    pub value_closing: Amount,
}

/// Asset account entries of one zone × type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct AssetEntries {
    /// opening value
    pub opening: Amount,
    /// ecosystem enhancement
    pub enhancement: Amount,
    /// ecosystem degradation (positive number, subtracted)
    pub degradation: Amount,
    /// conversions: additions
    pub conversions_in: Amount,
    /// conversions: reductions (positive number, subtracted)
    pub conversions_out: Amount,
    /// revaluation
    pub revaluation: Amount,
    /// closing value
    pub closing: Amount,
}

impl AssetEntries {
    fn add(&mut self, o: &AssetEntries) {
        self.opening += o.opening;
        self.enhancement += o.enhancement;
        self.degradation += o.degradation;
        self.conversions_in += o.conversions_in;
        self.conversions_out += o.conversions_out;
        self.revaluation += o.revaluation;
        self.closing += o.closing;
    }
}

/// The monetary asset account.
#[derive(Debug, Clone, Serialize)]
pub struct AssetAccount {
    /// parameters
    pub params: AssetParams,
    /// NPV detail
    pub lines: Vec<NpvLine>,
    /// (zone, type) → entries; zone [`crate::extent::ALL_ZONES`] holds totals
    pub entries: BTreeMap<(String, String), AssetEntries>,
}

/// Inputs per zone × type: extent (ha) at both dates.
pub type ExtentLookup<'a> = &'a dyn Fn(&str, &str) -> (Amount, Amount);

impl AssetAccount {
    /// Compute the account from final monetary flows
    /// `(zone, year, type, service) → value` at the opening and closing years.
    pub fn compute(
        flows: &BTreeMap<(String, i32, String, String), Amount>,
        years: (i32, i32),
        extent: ExtentLookup<'_>,
        params: AssetParams,
        zones_total: Option<&str>,
    ) -> Result<AssetAccount, SeeaError> {
        if !(params.price_ratio.is_finite() && params.price_ratio > 0.0) {
            return Err(SeeaError::input(
                "[asset] price_ratio",
                format!("price ratio {} is not positive", params.price_ratio),
                "closing price level divided by opening price level, e.g. 1.35; 1 for constant prices",
            ));
        }
        if params.life == 0 {
            return Err(SeeaError::input(
                "[asset] asset_life",
                "asset life 0 years",
                "give the asset life in years, e.g. 100",
            ));
        }
        params
            .schedule
            .validate(params.life, "[asset] discount schedule")?;
        let factors = params.schedule.factors(params.life);
        let span = (years.1 - years.0).max(1) as f64;
        let keys: BTreeSet<(String, String, String)> = flows
            .keys()
            .map(|(z, _, t, s)| (z.clone(), t.clone(), s.clone()))
            .collect();
        let mut lines = Vec::new();
        let mut entries: BTreeMap<(String, String), AssetEntries> = BTreeMap::new();
        for (zone, ty, svc) in keys {
            let get = |y| {
                flows
                    .get(&(zone.clone(), y, ty.clone(), svc.clone()))
                    .map_or(0.0, |a| a.to_f64())
            };
            let (f0, f1) = (get(years.0), get(years.1));
            let (growth, trend_years) = match params.projection {
                Projection::Constant => (0.0, 0),
                Projection::Trend { years: n } if f0 > 0.0 && f1 > 0.0 => {
                    ((f1 / f0).powf(1.0 / span) - 1.0, n)
                }
                Projection::Trend { .. } => (0.0, 0),
            };
            let v0 = Amount::from_f64(npv(f0, growth, trend_years, &factors));
            let v1 = Amount::from_f64(npv(f1, growth, trend_years, &factors));
            let v1c = Amount::from_f64(v1.to_f64() / params.price_ratio);
            let (a0, a1) = extent(&zone, &ty);
            let conv = if a0.is_zero() {
                v1c
            } else {
                Amount::from_f64((a1 - a0).to_f64() * v0.to_f64() / a0.to_f64())
            };
            let mut volume = v1c - v0 - conv;
            let mut conv = conv;
            // rounding residue of the three NPVs (a few millionths): keep it
            // out of enhancement/degradation, which would otherwise show
            // 0.000001 where nothing changed per hectare
            if volume.0.abs() <= 8 {
                conv += volume;
                volume = Amount::ZERO;
            }
            let e = entries.entry((zone.clone(), ty.clone())).or_default();
            e.opening += v0;
            e.closing += v1;
            e.revaluation += v1 - v1c;
            // conversions and volume changes netted per type below
            e.conversions_in += conv;
            e.enhancement += volume;
            lines.push(NpvLine {
                zone,
                ecosystem_type: ty,
                service: svc,
                flow_opening: f0,
                flow_closing: f1,
                growth,
                value_opening: v0,
                value_closing: v1,
            });
        }
        for e in entries.values_mut() {
            let (conv, vol) = (e.conversions_in, e.enhancement);
            e.conversions_in = Amount(conv.0.max(0));
            e.conversions_out = Amount((-conv.0).max(0));
            e.enhancement = Amount(vol.0.max(0));
            e.degradation = Amount((-vol.0).max(0));
        }
        if let Some(all) = zones_total {
            let mut totals: BTreeMap<(String, String), AssetEntries> = BTreeMap::new();
            for ((_, t), e) in &entries {
                totals
                    .entry((all.to_string(), t.clone()))
                    .or_default()
                    .add(e);
            }
            entries.extend(totals);
        }
        Ok(AssetAccount {
            params,
            lines,
            entries,
        })
    }
}

/// Asset value of each zone under several discount schedules (sensitivity
/// of the NPV to the rate, which SEEA EA leaves to the compiler): rows
/// `(schedule id, zone, opening value, closing value)`.
pub fn sensitivity(
    flows: &BTreeMap<(String, i32, String, String), Amount>,
    years: (i32, i32),
    extent: ExtentLookup<'_>,
    params: &AssetParams,
    schedules: &[DiscountSchedule],
    zones_total: Option<&str>,
) -> Result<Vec<(String, String, Amount, Amount)>, SeeaError> {
    let mut out = Vec::new();
    for s in schedules {
        let p = AssetParams {
            schedule: s.clone(),
            ..params.clone()
        };
        let acc = AssetAccount::compute(flows, years, extent, p, zones_total)?;
        let mut by_zone: BTreeMap<&str, (Amount, Amount)> = BTreeMap::new();
        for ((z, _), e) in &acc.entries {
            let v = by_zone.entry(z.as_str()).or_default();
            v.0 += e.opening;
            v.1 += e.closing;
        }
        for (z, (o, c)) in by_zone {
            out.push((s.id.clone(), z.to_string(), o, c));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn params(ratio: f64) -> AssetParams {
        AssetParams {
            schedule: DiscountSchedule::constant("c", 0.05, ""),
            life: 50,
            projection: Projection::Trend { years: 20 },
            price_ratio: ratio,
        }
    }

    fn key(z: &str, y: i32, t: &str, s: &str) -> (String, i32, String, String) {
        (z.into(), y, t.into(), s.into())
    }

    #[test]
    fn conversion_of_area_at_constant_value_per_ha() {
        // forest grows from 100 to 120 ha, value per ha unchanged
        let mut flows = BTreeMap::new();
        flows.insert(key("z", 2000, "forest", "w"), Amount::from_f64(1000.0));
        flows.insert(key("z", 2020, "forest", "w"), Amount::from_f64(1200.0));
        let ext = |_: &str, _: &str| (Amount::from_f64(100.0), Amount::from_f64(120.0));
        let mut p = params(1.0);
        p.projection = Projection::Constant;
        let acc = AssetAccount::compute(&flows, (2000, 2020), &ext, p, None).unwrap();
        let e = acc.entries[&("z".to_string(), "forest".to_string())];
        assert_eq!(e.conversions_in, Amount::from_f64(e.opening.to_f64() * 0.2));
        assert!(e.enhancement.0.abs() <= 1 && e.degradation.0 <= 1, "{e:?}");
        assert_eq!(e.revaluation, Amount::ZERO);
    }

    #[test]
    fn lower_rates_give_higher_values() {
        let mut flows = BTreeMap::new();
        flows.insert(key("z", 2000, "forest", "w"), Amount::from_f64(1000.0));
        flows.insert(key("z", 2020, "forest", "w"), Amount::from_f64(1000.0));
        let ext = |_: &str, _: &str| (Amount::from_f64(100.0), Amount::from_f64(100.0));
        let presets: Vec<DiscountSchedule> = crate::discount::PRESETS
            .iter()
            .filter_map(|p| DiscountSchedule::preset(p))
            .collect();
        let rows = sensitivity(&flows, (2000, 2020), &ext, &params(1.0), &presets, None).unwrap();
        let v: Vec<f64> = rows.iter().map(|r| r.2.to_f64()).collect();
        // china8 < china6 < green_book (3.5 % declining)
        assert!(v[0] < v[1] && v[1] < v[2], "{rows:?}");
    }

    #[test]
    fn gappy_schedule_is_refused() {
        let mut p = params(1.0);
        p.schedule.segments[0].from = 1;
        let ext = |_: &str, _: &str| (Amount::ZERO, Amount::ZERO);
        assert!(AssetAccount::compute(&BTreeMap::new(), (2000, 2020), &ext, p, None).is_err());
    }

    proptest! {
        /// closing = opening + enhancement − degradation + conversions in −
        /// conversions out + revaluation, exactly, for every zone × type.
        #[test]
        fn asset_account_reconciles(
            vals in prop::collection::vec((0usize..2, 0usize..3, 0usize..3, 0.0f64..1e8, 0.0f64..1e8), 1..20),
            areas in prop::collection::vec((0.0f64..1e5, 0.0f64..1e5), 3),
            ratio in 0.5f64..2.0,
        ) {
            let mut flows = BTreeMap::new();
            let tys = ["crop", "forest", "water"];
            for (z, t, s, a, b) in &vals {
                flows.insert(key(&format!("z{z}"), 2000, tys[*t], &format!("s{s}")), Amount::from_f64(*a));
                flows.insert(key(&format!("z{z}"), 2020, tys[*t], &format!("s{s}")), Amount::from_f64(*b));
            }
            let ext = |_: &str, t: &str| {
                let i = tys.iter().position(|x| *x == t).unwrap_or(0);
                (Amount::from_f64(areas[i].0), Amount::from_f64(areas[i].1))
            };
            let acc = AssetAccount::compute(&flows, (2000, 2020), &ext, params(ratio), Some("all")).unwrap();
            for e in acc.entries.values() {
                prop_assert_eq!(
                    e.closing,
                    e.opening + e.enhancement - e.degradation + e.conversions_in - e.conversions_out + e.revaluation
                );
            }
        }
    }
}
