//! Computing the ESV account from areas, a class mapping and a basis.

use super::adjust::{Adjustments, Factor};
use super::areas::AreaTable;
use super::basis::ValueBasis;
use super::error::EsvError;
use serde::Serialize;
use std::collections::BTreeMap;

/// One cell of the account: zone × year × type × service.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EsvRow {
    /// zone id
    pub zone: String,
    /// year
    pub year: Option<i32>,
    /// ecosystem type id (`none` for zero-valued land)
    pub ecosystem_type: String,
    /// service id
    pub service: String,
    /// value, currency per year
    pub value: f64,
}

/// The equivalent-factor / benefit-transfer account.
#[derive(Debug, Clone, Serialize)]
pub struct EsvAccount {
    /// what the values are based on
    pub basis_label: String,
    /// currency
    pub currency: String,
    /// price year
    pub price_year: Option<i32>,
    /// service ids in table order
    pub services: Vec<String>,
    /// type ids in table order, then `none` if used
    pub types: Vec<String>,
    /// zone ids
    pub zones: Vec<String>,
    /// years
    pub years: Vec<Option<i32>>,
    /// values by zone × year × type × service
    pub rows: Vec<EsvRow>,
    /// area (ha) by (zone, year, type)
    pub type_area: BTreeMap<(String, Option<i32>, String), f64>,
    /// class → type id used
    pub class_types: BTreeMap<String, String>,
    /// notes for the user (e.g. single-source rows used)
    pub warnings: Vec<String>,
}

/// Classes of `areas` missing from `mapping`.
pub fn unmapped_classes(areas: &AreaTable, mapping: &BTreeMap<String, String>) -> Vec<String> {
    areas
        .classes()
        .into_iter()
        .filter(|c| !mapping.contains_key(c))
        .collect()
}

impl EsvAccount {
    /// Compute the account.
    ///
    /// `mapping` maps each class (as written in the areas) to a type id of
    /// `basis` or `none`. Every class in `areas` must be mapped.
    pub fn compute(
        areas: &AreaTable,
        mapping: &BTreeMap<String, String>,
        basis: &ValueBasis,
        adj: &Adjustments,
    ) -> Result<EsvAccount, EsvError> {
        let missing = unmapped_classes(areas, mapping);
        if !missing.is_empty() {
            return Err(EsvError::UnmappedClasses {
                data: "areas".into(),
                mapping: "the class mapping".into(),
                classes: missing,
                detail: String::new(),
                nodata_hint: String::new(),
            });
        }
        let mut resolved: BTreeMap<String, Option<usize>> = BTreeMap::new();
        for class in areas.classes() {
            let tid = &mapping[&class];
            resolved.insert(class, basis.resolve(tid)?);
        }
        let factor_of: Vec<Option<Factor>> = basis
            .services
            .iter()
            .map(|s| adj.factor_map.factor_of(&s.id))
            .collect();
        let type_id = |r: Option<usize>| match r {
            Some(i) => basis.types[i].id.clone(),
            None => "none".to_string(),
        };
        // (zone, year, type) → service values
        let mut cells: BTreeMap<(String, Option<i32>, Option<usize>), Vec<f64>> = BTreeMap::new();
        let mut type_area = BTreeMap::new();
        for (key, sums) in &areas.areas {
            let r = resolved[&key.class];
            *type_area
                .entry((key.zone.clone(), key.year, type_id(r)))
                .or_insert(0.0) += sums.area_ha;
            let values = cells
                .entry((key.zone.clone(), key.year, r))
                .or_insert_with(|| vec![0.0; basis.services.len()]);
            let Some(t) = r else { continue };
            for (s, v) in values.iter_mut().enumerate() {
                let effective_area = match factor_of[s] {
                    None => sums.area_ha,
                    Some(f) if adj.raster_factors.contains(&f) => sums.weighted_for(f),
                    Some(f) => sums.area_ha * adj.scalar(&key.zone, f),
                };
                *v += adj.regional * basis.per_ha[t][s] * effective_area;
            }
        }
        let mut rows = Vec::new();
        let mut used_types: Vec<usize> = Vec::new();
        for ((zone, year, r), values) in &cells {
            if let Some(t) = r {
                if !used_types.contains(t) {
                    used_types.push(*t);
                }
            }
            for (s, v) in values.iter().enumerate() {
                rows.push(EsvRow {
                    zone: zone.clone(),
                    year: *year,
                    ecosystem_type: type_id(*r),
                    service: basis.services[s].id.clone(),
                    value: *v,
                });
            }
        }
        used_types.sort();
        let mut types: Vec<String> = used_types
            .iter()
            .map(|t| basis.types[*t].id.clone())
            .collect();
        if resolved.values().any(|r| r.is_none()) {
            types.push("none".into());
        }
        let warnings = basis
            .verification_warning(&used_types)
            .into_iter()
            .collect();
        Ok(EsvAccount {
            basis_label: basis.label.clone(),
            currency: basis.currency.clone(),
            price_year: basis.price_year,
            services: basis.services.iter().map(|s| s.id.clone()).collect(),
            types,
            zones: areas.zones(),
            years: areas.years(),
            rows,
            type_area,
            class_types: resolved
                .iter()
                .map(|(c, r)| (c.clone(), type_id(*r)))
                .collect(),
            warnings,
        })
    }

    /// Total value and area by zone and year: (zone, year, value, area_ha).
    pub fn totals(&self) -> Vec<(String, Option<i32>, f64, f64)> {
        let mut m: BTreeMap<(String, Option<i32>), (f64, f64)> = BTreeMap::new();
        for r in &self.rows {
            m.entry((r.zone.clone(), r.year)).or_default().0 += r.value;
        }
        for ((z, y, _), a) in &self.type_area {
            m.entry((z.clone(), *y)).or_default().1 += a;
        }
        m.into_iter().map(|((z, y), (v, a))| (z, y, v, a)).collect()
    }

    /// Value by zone, year and service, in service order.
    pub fn by_service(&self) -> Vec<(String, Option<i32>, String, f64)> {
        let mut m: BTreeMap<(String, Option<i32>, usize), f64> = BTreeMap::new();
        for r in &self.rows {
            let s = self
                .services
                .iter()
                .position(|x| *x == r.service)
                .unwrap_or(0);
            *m.entry((r.zone.clone(), r.year, s)).or_default() += r.value;
        }
        m.into_iter()
            .map(|((z, y, s), v)| (z, y, self.services[s].clone(), v))
            .collect()
    }

    /// Value and area by zone, year and type: (zone, year, type, area_ha, value).
    pub fn by_type(&self) -> Vec<(String, Option<i32>, String, f64, f64)> {
        let mut m: BTreeMap<(String, Option<i32>, usize), f64> = BTreeMap::new();
        for r in &self.rows {
            let t = self
                .types
                .iter()
                .position(|x| *x == r.ecosystem_type)
                .unwrap_or(0);
            *m.entry((r.zone.clone(), r.year, t)).or_default() += r.value;
        }
        m.into_iter()
            .map(|((z, y, t), v)| {
                let ty = self.types[t].clone();
                let a = self
                    .type_area
                    .get(&(z.clone(), y, ty.clone()))
                    .copied()
                    .unwrap_or(0.0);
                (z, y, ty, a, v)
            })
            .collect()
    }

    /// Change of the total between consecutive years, per zone:
    /// (zone, from, to, value_from, value_to).
    pub fn changes(&self) -> Vec<(String, i32, i32, f64, f64)> {
        let totals = self.totals();
        let mut out = Vec::new();
        for zone in &self.zones {
            let series: Vec<(i32, f64)> = totals
                .iter()
                .filter(|t| &t.0 == zone)
                .filter_map(|t| t.1.map(|y| (y, t.2)))
                .collect();
            for w in series.windows(2) {
                out.push((zone.clone(), w[0].0, w[1].0, w[0].1, w[1].1));
            }
            if series.len() > 2 {
                let (a, b) = (series[0], series[series.len() - 1]);
                out.push((zone.clone(), a.0, b.0, a.1, b.1));
            }
        }
        out
    }

    /// Grand total over every zone for `year`.
    pub fn grand_total(&self, year: Option<i32>) -> f64 {
        self.rows
            .iter()
            .filter(|r| r.year == year)
            .map(|r| r.value)
            .sum()
    }
}
