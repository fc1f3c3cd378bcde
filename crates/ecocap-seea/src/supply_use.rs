//! Ecosystem services supply and use tables, physical and monetary.
//!
//! SEEA EA 2021 ch. 6–7 (physical) and ch. 9 (monetary): the supply table
//! records each final service by the ecosystem type supplying it
//! (service rows × ecosystem types), the use table by the economic unit
//! using it (industries, households, government, rest of the world), and
//! total supply = total use for every service. Intermediate services
//! (flows between ecosystem assets) are kept out of the main tables to
//! avoid double counting and go to a memo table (SEEA EA 2021 ch. 6,
//! final and intermediate services).
//!
//! Use is derived from supply with a user allocation table (shares by
//! service). Each service's total is apportioned by the largest-remainder
//! method ([`Amount::apportion`]), so the identity holds exactly.

use crate::amount::Amount;
use crate::error::SeeaError;
use crate::extent::ALL_ZONES;
use crate::servicemap::ServiceMap;
use serde::Serialize;
use std::collections::BTreeMap;

/// Column for flows a source does not attribute to an ecosystem type.
pub const UNATTRIBUTED: &str = "unattributed";

/// One service flow as the accounting engines report it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flow {
    /// zone
    pub zone: String,
    /// year of the flow
    pub year: i32,
    /// supplying ecosystem type ([`UNATTRIBUTED`] when unknown)
    pub ecosystem_type: String,
    /// "gep" or "esv"
    pub source: String,
    /// indicator (GEP) or service (ESV) id
    pub indicator: String,
    /// physical quantity, if known
    pub quantity: Option<f64>,
    /// unit of the quantity
    pub unit: String,
    /// monetary value (currency of the account), if known
    pub value: Option<f64>,
}

/// Shares of each service's use by economic unit.
#[derive(Debug, Clone, Serialize)]
pub struct Allocation {
    /// service id (or `*` for every other service) → (user, share)
    pub shares: BTreeMap<String, Vec<(String, f64)>>,
    /// users in column order
    pub users: Vec<String>,
}

/// Tolerance on the sum of shares (shares are typed by hand to 4–6 decimals).
pub const SHARE_TOLERANCE: f64 = 1e-6;

impl Allocation {
    /// Build from rows `(line, service, user, share)`; every service's
    /// shares must lie in [0, 1] and sum to one.
    pub fn from_rows(
        rows: &[(u64, String, String, f64)],
        label: &str,
    ) -> Result<Allocation, SeeaError> {
        let mut shares: BTreeMap<String, Vec<(String, f64)>> = BTreeMap::new();
        let mut users: Vec<String> = Vec::new();
        for (line, svc, user, s) in rows {
            if !(s.is_finite() && (0.0..=1.0).contains(s)) {
                return Err(SeeaError::input(
                    format!("{label} line {line}"),
                    format!("share {s} of '{svc}' used by '{user}' is outside 0–1"),
                    "shares are fractions of the service used by each unit (0.25, not 25 %)",
                ));
            }
            if !users.contains(user) {
                users.push(user.clone());
            }
            shares
                .entry(svc.clone())
                .or_default()
                .push((user.clone(), *s));
        }
        let mut bad = Vec::new();
        for (svc, v) in &shares {
            let sum: f64 = v.iter().map(|(_, s)| s).sum();
            if (sum - 1.0).abs() > SHARE_TOLERANCE {
                bad.push(format!(
                    "{svc}: shares sum to {}",
                    (sum * 1e9).round() / 1e9
                ));
            }
        }
        if !bad.is_empty() {
            return Err(SeeaError::input(
                label,
                format!(
                    "allocation shares do not sum to one:\n  {}",
                    bad.join("\n  ")
                ),
                "each service's shares over its users must add up to 1 (supply = use)",
            ));
        }
        Ok(Allocation { shares, users })
    }

    fn for_service(&self, svc: &str) -> Option<&[(String, f64)]> {
        self.shares
            .get(svc)
            .or_else(|| self.shares.get("*"))
            .map(Vec::as_slice)
    }
}

/// Physical or monetary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// physical units
    Physical,
    /// money
    Monetary,
}

/// One service row of the supply and use tables.
#[derive(Debug, Clone, Serialize)]
pub struct SuRow {
    /// zone (or [`ALL_ZONES`])
    pub zone: String,
    /// year
    pub year: i32,
    /// physical or monetary
    pub measure: Measure,
    /// SEEA service id
    pub service: String,
    /// indicator (physical rows) or empty (monetary rows, all indicators)
    pub indicator: String,
    /// unit of the amounts
    pub unit: String,
    /// final (main tables) or intermediate (memo)
    pub is_final: bool,
    /// supply by ecosystem type (same order as [`SupplyUse::types`])
    pub supply: Vec<Amount>,
    /// use by economic unit (same order as [`SupplyUse::users`]); empty for intermediate
    pub uses: Vec<Amount>,
}

impl SuRow {
    /// Total supply.
    pub fn total_supply(&self) -> Amount {
        self.supply.iter().sum()
    }
    /// Total use.
    pub fn total_use(&self) -> Amount {
        self.uses.iter().sum()
    }
}

/// The supply and use tables.
#[derive(Debug, Clone, Serialize)]
pub struct SupplyUse {
    /// ecosystem types (columns of the supply table)
    pub types: Vec<String>,
    /// users (columns of the use table)
    pub users: Vec<String>,
    /// currency of monetary rows
    pub currency: String,
    /// rows, sorted by zone, year, measure, service order
    pub rows: Vec<SuRow>,
}

type Key = (String, i32, Measure, String, String, String);

impl SupplyUse {
    /// Build the tables. `type_order` fixes the supply columns.
    pub fn compute(
        flows: &[Flow],
        map: &ServiceMap,
        alloc: &Allocation,
        type_order: &[String],
        currency: &str,
    ) -> Result<SupplyUse, SeeaError> {
        let mut types: Vec<String> = type_order.to_vec();
        for f in flows {
            if !types.contains(&f.ecosystem_type) {
                types.push(f.ecosystem_type.clone());
            }
        }
        let mut acc: BTreeMap<Key, (bool, Vec<Amount>)> = BTreeMap::new();
        let mut zones: Vec<String> = Vec::new();
        for f in flows {
            let e = map.lookup(&f.source, &f.indicator)?;
            if !zones.contains(&f.zone) {
                zones.push(f.zone.clone());
            }
            let t = types
                .iter()
                .position(|t| *t == f.ecosystem_type)
                .unwrap_or(0);
            let mut add = |measure, indicator: &str, unit: &str, x: f64| {
                let row = acc
                    .entry((
                        f.zone.clone(),
                        f.year,
                        measure,
                        e.seea_service.clone(),
                        indicator.to_string(),
                        unit.to_string(),
                    ))
                    .or_insert_with(|| (e.is_final, vec![Amount::ZERO; types.len()]));
                row.1[t] += Amount::from_f64(x);
            };
            if let Some(q) = f.quantity {
                add(Measure::Physical, &f.indicator, &f.unit, q);
            }
            if let Some(v) = f.value {
                add(Measure::Monetary, "", currency, v);
            }
        }
        // check the allocation covers every final service before any work
        let mut missing: Vec<String> = acc
            .iter()
            .filter(|(k, v)| v.0 && alloc.for_service(&k.3).is_none())
            .map(|(k, _)| k.3.clone())
            .collect();
        missing.dedup();
        if !missing.is_empty() {
            return Err(SeeaError::input(
                "allocation table",
                format!("no use shares for final service(s): {}", missing.join(", ")),
                "add rows `service,user,share` for them, or a `*` service row as the default",
            ));
        }
        let users = alloc.users.clone();
        let mut rows = Vec::new();
        let mut totals: BTreeMap<Key, SuRow> = BTreeMap::new();
        for ((zone, year, measure, service, indicator, unit), (is_final, supply)) in acc {
            let uses = if is_final {
                let shares = alloc.for_service(&service).unwrap_or(&[]);
                let w: Vec<f64> = users
                    .iter()
                    .map(|u| shares.iter().filter(|(x, _)| x == u).map(|(_, s)| s).sum())
                    .collect();
                let total: Amount = supply.iter().sum();
                total.apportion(&w)
            } else {
                Vec::new()
            };
            let row = SuRow {
                zone,
                year,
                measure,
                service,
                indicator,
                unit,
                is_final,
                supply,
                uses,
            };
            if zones.len() > 1 {
                let k = (
                    ALL_ZONES.to_string(),
                    row.year,
                    row.measure,
                    row.service.clone(),
                    row.indicator.clone(),
                    row.unit.clone(),
                );
                let t = totals.entry(k).or_insert_with(|| SuRow {
                    zone: ALL_ZONES.to_string(),
                    supply: vec![Amount::ZERO; row.supply.len()],
                    uses: vec![Amount::ZERO; row.uses.len()],
                    ..row.clone()
                });
                for (a, b) in t.supply.iter_mut().zip(&row.supply) {
                    *a += *b;
                }
                for (a, b) in t.uses.iter_mut().zip(&row.uses) {
                    *a += *b;
                }
            }
            rows.push(row);
        }
        rows.extend(totals.into_values());
        let zone_pos = |z: &str| zones.iter().position(|x| x == z).unwrap_or(usize::MAX);
        rows.sort_by(|a, b| {
            (
                zone_pos(&a.zone),
                a.year,
                a.measure,
                map.order(&a.service),
                &a.indicator,
            )
                .cmp(&(
                    zone_pos(&b.zone),
                    b.year,
                    b.measure,
                    map.order(&b.service),
                    &b.indicator,
                ))
        });
        Ok(SupplyUse {
            types,
            users,
            currency: currency.to_string(),
            rows,
        })
    }

    /// Monetary supply of final services: (zone, year, type, service) → value.
    /// Real zones only (no all-zones total).
    pub fn monetary_final(&self) -> BTreeMap<(String, i32, String, String), Amount> {
        let mut out = BTreeMap::new();
        for r in &self.rows {
            if r.measure != Measure::Monetary || !r.is_final || r.zone == ALL_ZONES {
                continue;
            }
            for (t, a) in self.types.iter().zip(&r.supply) {
                if !a.is_zero() {
                    out.insert((r.zone.clone(), r.year, t.clone(), r.service.clone()), *a);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn alloc() -> Allocation {
        let rows = vec![
            (2, "*".to_string(), "households".to_string(), 0.5),
            (3, "*".to_string(), "agriculture".to_string(), 0.3),
            (4, "*".to_string(), "government".to_string(), 0.2),
        ];
        Allocation::from_rows(&rows, "alloc.csv").unwrap()
    }

    #[test]
    fn shares_must_sum_to_one() {
        let rows = vec![
            (2, "water_supply".to_string(), "households".to_string(), 0.5),
            (
                3,
                "water_supply".to_string(),
                "agriculture".to_string(),
                0.4,
            ),
        ];
        let e = Allocation::from_rows(&rows, "alloc.csv")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("alloc.csv") && e.contains("water_supply") && e.contains("0.9"),
            "{e}"
        );
        assert!(e.contains("hint:"));
    }

    #[test]
    fn intermediate_services_go_to_the_memo_rows() {
        let map = ServiceMap::builtin().unwrap();
        let f = |ind: &str, v: f64| Flow {
            zone: "z".into(),
            year: 2020,
            ecosystem_type: "broadleaf".into(),
            source: "esv".into(),
            indicator: ind.into(),
            quantity: None,
            unit: String::new(),
            value: Some(v),
        };
        let su = SupplyUse::compute(
            &[f("water_supply", 10.0), f("biodiversity", 5.0)],
            &map,
            &alloc(),
            &[],
            "yuan",
        )
        .unwrap();
        let memo: Vec<_> = su.rows.iter().filter(|r| !r.is_final).collect();
        assert_eq!(memo.len(), 1);
        assert!(memo[0].uses.is_empty());
        assert_eq!(su.monetary_final().len(), 1);
    }

    proptest! {
        /// total supply = total use for every final service row, exactly,
        /// and zone rows add up to the all-zones rows.
        #[test]
        fn supply_equals_use(vals in prop::collection::vec((0usize..3, 0usize..4, 0usize..3, 0.0f64..1e9), 1..40)) {
            let map = ServiceMap::builtin().unwrap();
            let inds = ["food_production", "water_supply", "soil_conservation", "gas_regulation"];
            let tys = ["dry_land", "broadleaf", "water_system"];
            let flows: Vec<Flow> = vals.iter().map(|(z, i, t, v)| Flow {
                zone: format!("z{z}"), year: 2020, ecosystem_type: tys[*t].into(),
                source: "esv".into(), indicator: inds[*i].into(),
                quantity: Some(*v / 7.0), unit: "t".into(), value: Some(*v),
            }).collect();
            let su = SupplyUse::compute(&flows, &map, &alloc(), &[], "yuan").unwrap();
            for r in &su.rows {
                prop_assert_eq!(r.total_supply(), r.total_use());
            }
        }
    }
}
