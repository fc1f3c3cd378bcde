//! Ecosystem condition account: variables, indicators and indices.
//!
//! Three stages (SEEA EA 2021 ch. 5, "Accounting for ecosystem condition"):
//! 1. condition **variables** in their own units, opening and closing;
//! 2. **indicators**: each variable rescaled to 0–1 against two reference
//!    levels, the value of the reference condition (indicator 1) and the
//!    value of a degraded or collapsed state (indicator 0):
//!    `i = (x − x₀) / (x_ref − x₀)`, truncated to [0, 1]. The same formula
//!    serves both directions: for lower-is-better variables `x_ref < x₀`;
//! 3. **indices**: indicators → sub-index per typology group by weighted
//!    arithmetic mean, sub-indices → condition index by arithmetic mean,
//!    ecosystem types → zone (accounting area) by area-weighted mean, as
//!    in the aggregation rules of Keith et al. / Czúcz et al. (One
//!    Ecosystem, SEEA EA condition typology papers).
//!
//! Variables carry the SEEA Ecosystem Condition Typology (ECT) class:
//! six classes in three groups (Czúcz et al. 2021, One Ecosystem 6:
//! e58218; adopted in SEEA EA 2021 ch. 5).

use crate::error::SeeaError;
use crate::extent::ALL_ZONES;
use serde::Serialize;
use std::collections::BTreeMap;

/// ECT class of a condition variable (Czúcz et al. 2021).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConditionClass {
    /// A1 physical state (soil structure, water quantity)
    PhysicalState,
    /// A2 chemical state (nutrient levels, pollutants)
    ChemicalState,
    /// B1 compositional state (species composition, diversity)
    CompositionalState,
    /// B2 structural state (vegetation cover, biomass, canopy)
    StructuralState,
    /// B3 functional state (NPP, phenology)
    FunctionalState,
    /// C1 landscape and seascape characteristics (fragmentation, connectivity)
    Landscape,
}

/// ECT group: abiotic, biotic, landscape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConditionGroup {
    /// A: abiotic characteristics
    Abiotic,
    /// B: biotic characteristics
    Biotic,
    /// C: landscape level characteristics
    Landscape,
}

impl ConditionGroup {
    /// All groups in table order.
    pub const ALL: [ConditionGroup; 3] = [
        ConditionGroup::Abiotic,
        ConditionGroup::Biotic,
        ConditionGroup::Landscape,
    ];
    /// id for tables
    pub fn id(self) -> &'static str {
        match self {
            ConditionGroup::Abiotic => "abiotic",
            ConditionGroup::Biotic => "biotic",
            ConditionGroup::Landscape => "landscape",
        }
    }
    /// Chinese name
    pub fn zh(self) -> &'static str {
        match self {
            ConditionGroup::Abiotic => "非生物",
            ConditionGroup::Biotic => "生物",
            ConditionGroup::Landscape => "景观",
        }
    }
}

impl ConditionClass {
    /// Every class with its id.
    pub const ALL: [(ConditionClass, &'static str); 6] = [
        (ConditionClass::PhysicalState, "physical_state"),
        (ConditionClass::ChemicalState, "chemical_state"),
        (ConditionClass::CompositionalState, "compositional_state"),
        (ConditionClass::StructuralState, "structural_state"),
        (ConditionClass::FunctionalState, "functional_state"),
        (ConditionClass::Landscape, "landscape"),
    ];
    /// id for tables and config
    pub fn id(self) -> &'static str {
        ConditionClass::ALL
            .iter()
            .find(|(c, _)| *c == self)
            .map_or("", |(_, id)| id)
    }
    /// Parse an id.
    pub fn parse(s: &str) -> Option<ConditionClass> {
        let s = s.trim().to_ascii_lowercase();
        ConditionClass::ALL
            .iter()
            .find(|(_, id)| *id == s)
            .map(|(c, _)| *c)
    }
    /// The ECT group.
    pub fn group(self) -> ConditionGroup {
        match self {
            ConditionClass::PhysicalState | ConditionClass::ChemicalState => {
                ConditionGroup::Abiotic
            }
            ConditionClass::Landscape => ConditionGroup::Landscape,
            _ => ConditionGroup::Biotic,
        }
    }
}

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// higher values are better condition (e.g. NPP, canopy cover)
    HigherIsBetter,
    /// lower values are better condition (e.g. nitrate, fragmentation)
    LowerIsBetter,
}

/// A condition variable with its reference levels.
#[derive(Debug, Clone, Serialize)]
pub struct ConditionVariable {
    /// id
    pub id: String,
    /// English name
    pub name_en: String,
    /// Chinese name
    pub name_zh: String,
    /// unit of the values
    pub unit: String,
    /// ECT class
    pub class: ConditionClass,
    /// which way is better
    pub direction: Direction,
    /// value of the reference condition (indicator = 1)
    pub reference: f64,
    /// value of the degraded / collapsed state (indicator = 0)
    pub lower: f64,
    /// weight within its sub-index (> 0)
    pub weight: f64,
    /// ecosystem types it applies to (empty: all)
    pub types: Vec<String>,
}

impl ConditionVariable {
    /// Check the reference levels against the direction and the weight.
    pub fn validate(&self, input: &str) -> Result<(), SeeaError> {
        let ok_levels = self.reference.is_finite()
            && self.lower.is_finite()
            && match self.direction {
                Direction::HigherIsBetter => self.reference > self.lower,
                Direction::LowerIsBetter => self.reference < self.lower,
            };
        if !ok_levels {
            return Err(SeeaError::input(
                format!("{input}: condition variable '{}'", self.id),
                format!(
                    "reference level {} and lower level {} do not fit direction {:?}",
                    self.reference, self.lower, self.direction
                ),
                "for higher_is_better the reference (indicator 1) must exceed the lower level (indicator 0); for lower_is_better it must be below it",
            ));
        }
        if !(self.weight.is_finite() && self.weight > 0.0) {
            return Err(SeeaError::input(
                format!("{input}: condition variable '{}'", self.id),
                format!("weight {} is not positive", self.weight),
                "weights are positive numbers, e.g. 1",
            ));
        }
        Ok(())
    }

    /// Rescale a value to a 0–1 indicator (truncated at both ends).
    pub fn indicator(&self, x: f64) -> f64 {
        ((x - self.lower) / (self.reference - self.lower)).clamp(0.0, 1.0)
    }

    /// True when the variable applies to `ty`.
    pub fn applies_to(&self, ty: &str) -> bool {
        self.types.is_empty() || self.types.iter().any(|t| t == ty)
    }
}

/// Measured values of one variable in one zone and ecosystem type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConditionValue {
    /// zone
    pub zone: String,
    /// ecosystem type
    pub ecosystem_type: String,
    /// variable id
    pub variable: String,
    /// opening value
    pub opening: Option<f64>,
    /// closing value
    pub closing: Option<f64>,
}

/// Opening and closing of one quantity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct OpenClose {
    /// opening
    pub opening: Option<f64>,
    /// closing
    pub closing: Option<f64>,
}

impl OpenClose {
    /// closing − opening when both exist
    pub fn change(&self) -> Option<f64> {
        Some(self.closing? - self.opening?)
    }
}

/// Condition of one ecosystem type in one zone.
#[derive(Debug, Clone, Serialize)]
pub struct TypeCondition {
    /// zone
    pub zone: String,
    /// ecosystem type
    pub ecosystem_type: String,
    /// sub-index per group (abiotic, biotic, landscape)
    pub sub_indices: [OpenClose; 3],
    /// condition index
    pub index: OpenClose,
}

/// The condition account.
#[derive(Debug, Clone, Serialize)]
pub struct ConditionAccount {
    /// variables
    pub variables: Vec<ConditionVariable>,
    /// values with indicators: (value, variable index, indicator)
    pub values: Vec<(ConditionValue, usize, OpenClose)>,
    /// per zone × type
    pub types: Vec<TypeCondition>,
    /// per zone, area-weighted over types
    pub zones: Vec<(String, OpenClose)>,
}

/// Per group (abiotic, biotic, landscape), opening and closing (indicator, weight) pairs.
type GroupItems = [[Vec<(f64, f64)>; 2]; 3];

fn weighted_mean(items: &[(f64, f64)]) -> Option<f64> {
    let w: f64 = items.iter().map(|(_, w)| w).sum();
    if items.is_empty() || w <= 0.0 {
        return None;
    }
    Some(items.iter().map(|(v, w)| v * w).sum::<f64>() / w)
}

impl ConditionAccount {
    /// Compute indicators and indices. `area(zone, type, closing)` gives
    /// the extent used to weight types within a zone (ha).
    pub fn compute(
        variables: Vec<ConditionVariable>,
        values: Vec<ConditionValue>,
        area: &dyn Fn(&str, &str, bool) -> f64,
    ) -> Result<ConditionAccount, SeeaError> {
        let mut out = Vec::new();
        // (zone, type) -> per group: list of (indicator, weight), opening/closing
        let mut groups: BTreeMap<(String, String), GroupItems> = BTreeMap::new();
        for v in values {
            let Some(k) = variables.iter().position(|x| x.id == v.variable) else {
                return Err(SeeaError::input(
                    format!("condition value of '{}'", v.variable),
                    format!("no condition variable '{}' is declared", v.variable),
                    format!(
                        "declare it under [[condition.variable]] with reference levels; declared: {}",
                        variables.iter().map(|x| x.id.as_str()).collect::<Vec<_>>().join(", ")
                    ),
                ));
            };
            let var = &variables[k];
            if !var.applies_to(&v.ecosystem_type) {
                continue;
            }
            let ind = OpenClose {
                opening: v.opening.map(|x| var.indicator(x)),
                closing: v.closing.map(|x| var.indicator(x)),
            };
            let g = groups
                .entry((v.zone.clone(), v.ecosystem_type.clone()))
                .or_default();
            let gi = var.class.group() as usize;
            if let Some(i) = ind.opening {
                g[gi][0].push((i, var.weight));
            }
            if let Some(i) = ind.closing {
                g[gi][1].push((i, var.weight));
            }
            out.push((v, k, ind));
        }
        let mut types = Vec::new();
        let mut zone_items: BTreeMap<String, [Vec<(f64, f64)>; 2]> = BTreeMap::new();
        for ((zone, ty), g) in groups {
            let mut sub = [OpenClose::default(); 3];
            for (gi, s) in sub.iter_mut().enumerate() {
                s.opening = weighted_mean(&g[gi][0]);
                s.closing = weighted_mean(&g[gi][1]);
            }
            let mean = |f: &dyn Fn(&OpenClose) -> Option<f64>| {
                let v: Vec<(f64, f64)> = sub.iter().filter_map(f).map(|x| (x, 1.0)).collect();
                weighted_mean(&v)
            };
            let index = OpenClose {
                opening: mean(&|s| s.opening),
                closing: mean(&|s| s.closing),
            };
            let zi = zone_items.entry(zone.clone()).or_default();
            if let Some(i) = index.opening {
                zi[0].push((i, area(&zone, &ty, false)));
            }
            if let Some(i) = index.closing {
                zi[1].push((i, area(&zone, &ty, true)));
            }
            types.push(TypeCondition {
                zone,
                ecosystem_type: ty,
                sub_indices: sub,
                index,
            });
        }
        if zone_items.len() > 1 {
            let mut all: [Vec<(f64, f64)>; 2] = Default::default();
            for items in zone_items.values() {
                all[0].extend(items[0].iter().copied());
                all[1].extend(items[1].iter().copied());
            }
            zone_items.insert(ALL_ZONES.to_string(), all);
        }
        let mut zones: Vec<(String, OpenClose)> = zone_items
            .into_iter()
            .map(|(z, items)| {
                (
                    z,
                    OpenClose {
                        opening: weighted_mean(&items[0]),
                        closing: weighted_mean(&items[1]),
                    },
                )
            })
            .collect();
        // the all-zones index last, as in the other tables
        zones.sort_by_key(|(z, _)| z == ALL_ZONES);
        Ok(ConditionAccount {
            variables,
            values: out,
            types,
            zones,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn var(id: &str, class: ConditionClass, reference: f64, lower: f64) -> ConditionVariable {
        ConditionVariable {
            id: id.into(),
            name_en: id.into(),
            name_zh: id.into(),
            unit: "u".into(),
            class,
            direction: if reference > lower {
                Direction::HigherIsBetter
            } else {
                Direction::LowerIsBetter
            },
            reference,
            lower,
            weight: 1.0,
            types: vec![],
        }
    }

    fn val(zone: &str, ty: &str, v: &str, o: f64, c: f64) -> ConditionValue {
        ConditionValue {
            zone: zone.into(),
            ecosystem_type: ty.into(),
            variable: v.into(),
            opening: Some(o),
            closing: Some(c),
        }
    }

    #[test]
    fn rescaling_both_directions_and_truncation() {
        let npp = var("npp", ConditionClass::FunctionalState, 800.0, 0.0);
        assert_eq!(npp.indicator(400.0), 0.5);
        assert_eq!(npp.indicator(900.0), 1.0);
        let no3 = var("no3", ConditionClass::ChemicalState, 1.0, 11.0);
        assert_eq!(no3.indicator(6.0), 0.5);
        assert_eq!(no3.indicator(20.0), 0.0);
        assert!(no3.validate("cfg").is_ok());
        let mut bad = no3.clone();
        bad.direction = Direction::HigherIsBetter;
        assert!(bad.validate("cfg").is_err());
    }

    #[test]
    fn aggregation_worked_example() {
        let vars = vec![
            var("npp", ConditionClass::FunctionalState, 800.0, 0.0),
            var("cover", ConditionClass::StructuralState, 1.0, 0.0),
            var("no3", ConditionClass::ChemicalState, 1.0, 11.0),
        ];
        let values = vec![
            val("z", "forest", "npp", 400.0, 600.0), // 0.5 -> 0.75
            val("z", "forest", "cover", 0.7, 0.9),   // biotic mean 0.6 -> 0.825
            val("z", "forest", "no3", 6.0, 6.0),     // abiotic 0.5
            val("z", "grass", "npp", 800.0, 800.0),  // 1
        ];
        let area = |_: &str, t: &str, closing: bool| match (t, closing) {
            ("forest", false) => 30.0,
            ("forest", true) => 10.0,
            _ => 10.0,
        };
        let acc = ConditionAccount::compute(vars, values, &area).unwrap();
        let f = &acc.types[0];
        assert_eq!(f.ecosystem_type, "forest");
        assert!((f.sub_indices[1].opening.unwrap() - 0.6).abs() < 1e-12);
        assert!((f.index.opening.unwrap() - 0.55).abs() < 1e-12);
        assert!((f.index.closing.unwrap() - 0.6625).abs() < 1e-12);
        let z = &acc.zones[0].1;
        // (0.55*30 + 1*10) / 40
        assert!((z.opening.unwrap() - 0.6625).abs() < 1e-12);
        assert!((z.closing.unwrap() - (0.6625 * 10.0 + 10.0) / 20.0).abs() < 1e-12);
    }

    #[test]
    fn all_zones_index_is_area_weighted_over_zones_and_types() {
        let vars = vec![var("npp", ConditionClass::FunctionalState, 800.0, 0.0)];
        let values = vec![
            val("a", "forest", "npp", 400.0, 400.0), // 0.5, area 30
            val("b", "forest", "npp", 800.0, 800.0), // 1.0, area 10
        ];
        let area = |z: &str, _: &str, _: bool| if z == "a" { 30.0 } else { 10.0 };
        let acc = ConditionAccount::compute(vars, values, &area).unwrap();
        assert_eq!(acc.zones.len(), 3);
        let (z, i) = &acc.zones[2];
        assert_eq!(z, ALL_ZONES);
        assert!((i.opening.unwrap() - 0.625).abs() < 1e-12);
    }

    #[test]
    fn undeclared_variable_is_refused() {
        let e =
            ConditionAccount::compute(vec![], vec![val("z", "f", "x", 1.0, 1.0)], &|_, _, _| 1.0)
                .unwrap_err();
        assert!(e.to_string().contains("hint:"));
    }
}
