//! Roll-up by zone hierarchy, totals by category and class, GEP/GDP, and
//! year-on-year growth in current and comparable prices.
//!
//! # Units
//! All sums are in yuan. GEP/GDP is computed in current prices (GDP is
//! published in current prices); growth in both current and the reported
//! (comparable, when a target price year is set) basis.

use std::collections::{BTreeMap, BTreeSet};

use crate::account::IndicatorLine;
use crate::classes::{Category, ServiceClass};
use crate::hierarchy::Hierarchy;

/// Totals of one zone and year.
#[derive(Debug, Clone)]
pub struct ZoneYear {
    /// zone
    pub zone: String,
    /// year
    pub year: i32,
    /// depth in the hierarchy (0 = root or no hierarchy)
    pub depth: usize,
    /// value by GEP category (reported basis)
    pub by_category: BTreeMap<Category, f64>,
    /// value by SEEA class
    pub seea: BTreeMap<ServiceClass, f64>,
    /// value by MEA class
    pub mea: BTreeMap<ServiceClass, f64>,
    /// GEP, reported basis
    pub gep: f64,
    /// GEP in current prices
    pub gep_current: f64,
    /// GDP, yuan (current prices), when given
    pub gdp: Option<f64>,
}

impl ZoneYear {
    /// GEP/GDP in current prices.
    pub fn gep_gdp_ratio(&self) -> Option<f64> {
        self.gdp.filter(|g| *g > 0.0).map(|g| self.gep_current / g)
    }
}

/// Growth of GEP from the previous year present for the zone.
#[derive(Debug, Clone)]
pub struct Yoy {
    /// zone
    pub zone: String,
    /// year
    pub year: i32,
    /// previous year with data
    pub prev_year: i32,
    /// GEP current prices, this year
    pub gep_current: f64,
    /// growth in current prices (ratio, 0.05 = 5 %)
    pub growth_current: Option<f64>,
    /// GEP reported basis, this year
    pub gep: f64,
    /// growth in the reported basis
    pub growth: Option<f64>,
}

/// Sum own rows into every ancestor zone.
pub fn roll_up(
    lines: &[IndicatorLine],
    h: Option<&Hierarchy>,
    warnings: &mut Vec<String>,
) -> Vec<IndicatorLine> {
    let Some(h) = h else { return Vec::new() };
    let own: BTreeSet<(&str, i32, &str)> = lines
        .iter()
        .map(|l| (l.zone.as_str(), l.year, l.indicator.id.as_str()))
        .collect();
    let mut agg: BTreeMap<(String, i32, &str), IndicatorLine> = BTreeMap::new();
    let mut overlaps = BTreeSet::new();
    for l in lines {
        for anc in h.ancestors(&l.zone) {
            if own.contains(&(anc.as_str(), l.year, l.indicator.id.as_str())) {
                overlaps.insert(format!("{anc} {} {}", l.year, l.indicator.id));
            }
            let key = (anc.clone(), l.year, l.indicator.id.as_str());
            let e = agg.entry(key).or_insert_with(|| IndicatorLine {
                zone: anc.clone(),
                year: l.year,
                indicator: l.indicator,
                quantity: Some(0.0),
                quantity_unit: l.quantity_unit.clone(),
                price: None,
                value_as_priced: 0.0,
                value_current: 0.0,
                value: 0.0,
                counted: l.counted,
                line: None,
                rolled_from: 0,
                conversion: None,
            });
            e.quantity = match (e.quantity, l.quantity) {
                (Some(a), Some(b)) if e.quantity_unit == l.quantity_unit => Some(a + b),
                _ => None,
            };
            e.value_as_priced += l.value_as_priced;
            e.value_current += l.value_current;
            e.value += l.value;
            e.rolled_from += 1;
        }
    }
    for o in overlaps {
        warnings.push(format!(
            "zone-year-indicator {o} has its own row and also receives its sub-zones' values; both are summed; hint: give quantities at the lowest level only"
        ));
    }
    agg.into_values().collect()
}

/// Totals by zone and year over counted lines (own and rolled-up).
///
/// A zone's own row and its children's rolled-up row for the same
/// indicator both count (warned in [`roll_up`]).
pub fn totals(
    lines: &[IndicatorLine],
    gdp: &BTreeMap<(String, i32), f64>,
    h: Option<&Hierarchy>,
    warnings: &mut Vec<String>,
) -> Vec<ZoneYear> {
    let mut map: BTreeMap<(String, i32), ZoneYear> = BTreeMap::new();
    for l in lines {
        let z = map
            .entry((l.zone.clone(), l.year))
            .or_insert_with(|| ZoneYear {
                zone: l.zone.clone(),
                year: l.year,
                depth: h.map_or(0, |h| h.depth(&l.zone)),
                by_category: Category::ALL.iter().map(|c| (*c, 0.0)).collect(),
                seea: BTreeMap::new(),
                mea: BTreeMap::new(),
                gep: 0.0,
                gep_current: 0.0,
                gdp: gdp.get(&(l.zone.clone(), l.year)).copied(),
            });
        if !l.counted {
            continue;
        }
        *z.by_category.entry(l.indicator.category).or_default() += l.value;
        *z.seea.entry(l.indicator.seea).or_default() += l.value;
        *z.mea.entry(l.indicator.mea).or_default() += l.value;
        z.gep += l.value;
        z.gep_current += l.value_current;
    }
    for (zone, year) in gdp.keys() {
        if !map.contains_key(&(zone.clone(), *year)) {
            warnings.push(format!(
                "GDP given for zone '{zone}' year {year} but no GEP was computed for it; ignored"
            ));
        }
    }
    // roots first, then by zone and year
    let mut v: Vec<ZoneYear> = map.into_values().collect();
    v.sort_by(|a, b| (a.depth, &a.zone, a.year).cmp(&(b.depth, &b.zone, b.year)));
    v
}

/// Growth from each zone's previous year with data.
pub fn year_on_year(zone_years: &[ZoneYear]) -> Vec<Yoy> {
    let mut by_zone: BTreeMap<&str, Vec<&ZoneYear>> = BTreeMap::new();
    for z in zone_years {
        by_zone.entry(z.zone.as_str()).or_default().push(z);
    }
    let growth = |now: f64, prev: f64| {
        if prev > 0.0 {
            Some(now / prev - 1.0)
        } else {
            None
        }
    };
    let mut out = Vec::new();
    for (_, mut ys) in by_zone {
        ys.sort_by_key(|z| z.year);
        for w in ys.windows(2) {
            let (p, n) = (w[0], w[1]);
            out.push(Yoy {
                zone: n.zone.clone(),
                year: n.year,
                prev_year: p.year,
                gep_current: n.gep_current,
                growth_current: growth(n.gep_current, p.gep_current),
                gep: n.gep,
                growth: growth(n.gep, p.gep),
            });
        }
    }
    out
}
