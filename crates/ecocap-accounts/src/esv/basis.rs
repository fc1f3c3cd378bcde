//! The valuation basis: value per hectare per year of each ecosystem type
//! for each service, before adjustments.

use super::error::EsvError;
use super::standard::StandardValue;
use ecocap_params::{EquivalentTable, ResolvedType, TableProvenance};
use serde::Serialize;
use std::collections::BTreeMap;

/// A service column of the basis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BasisService {
    /// id, e.g. `food_production`
    pub id: String,
    /// Chinese name
    pub name_cn: String,
    /// English name
    pub name_en: String,
    /// MEA group id (provisioning, regulating, supporting, cultural)
    pub group: String,
}

/// An ecosystem-type row of the basis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BasisType {
    /// id, e.g. `paddy`
    pub id: String,
    /// Chinese name
    pub name_cn: String,
    /// English name
    pub name_en: String,
    /// false when the row's values could be read in one source only
    pub verified: bool,
}

/// Value per hectare per year by type and service.
#[derive(Debug, Clone, Serialize)]
pub struct ValueBasis {
    /// e.g. "xie2015 equivalents × 3406.50 yuan/hm² (2010 prices)"
    pub label: String,
    /// currency of the values (e.g. "yuan", "USD")
    pub currency: String,
    /// price year of the values, if known
    pub price_year: Option<i32>,
    /// service columns
    pub services: Vec<BasisService>,
    /// type rows
    pub types: Vec<BasisType>,
    /// values, currency per ha per year, `per_ha[type][service]`
    pub per_ha: Vec<Vec<f64>>,
    /// tables behind the basis
    pub tables: Vec<TableProvenance>,
    /// warnings to show the user (e.g. single-source rows)
    #[serde(skip)]
    equivalent: Option<EquivalentTable>,
}

impl ValueBasis {
    /// Equivalent-factor basis: each equivalent × the standard value.
    pub fn from_equivalents(table: &EquivalentTable, standard: &StandardValue) -> ValueBasis {
        let v = standard.yuan_per_ha;
        ValueBasis {
            label: format!("{} equivalents × {}", table.name, standard.describe()),
            currency: "yuan".into(),
            price_year: standard.price_year,
            services: table
                .services
                .iter()
                .map(|s| BasisService {
                    id: s.id.clone(),
                    name_cn: s.name_cn.clone(),
                    name_en: s.name_en.clone(),
                    group: s.group.as_str().to_string(),
                })
                .collect(),
            types: table
                .types
                .iter()
                .map(|t| BasisType {
                    id: t.id.clone(),
                    name_cn: t.name_cn.clone(),
                    name_en: t.name_en.clone(),
                    verified: t.verification.verified,
                })
                .collect(),
            per_ha: (0..table.types.len())
                .map(|i| table.row(i).iter().map(|e| e * v).collect())
                .collect(),
            tables: vec![table.provenance.clone()],
            equivalent: Some(table.clone()),
        }
    }

    /// Benefit-transfer basis from values already in currency/ha/yr.
    /// `values[type_id][service_id]`; a table with one value per type uses
    /// the single service id `total`.
    pub fn from_unit_values(
        label: String,
        currency: String,
        price_year: Option<i32>,
        values: &BTreeMap<String, BTreeMap<String, f64>>,
        tables: Vec<TableProvenance>,
    ) -> ValueBasis {
        let mut service_ids: Vec<String> = Vec::new();
        for per in values.values() {
            for s in per.keys() {
                if !service_ids.contains(s) {
                    service_ids.push(s.clone());
                }
            }
        }
        let types: Vec<BasisType> = values
            .keys()
            .map(|t| BasisType {
                id: t.clone(),
                name_cn: String::new(),
                name_en: t.clone(),
                verified: true,
            })
            .collect();
        let per_ha = values
            .values()
            .map(|per| {
                service_ids
                    .iter()
                    .map(|s| per.get(s).copied().unwrap_or(0.0))
                    .collect()
            })
            .collect();
        ValueBasis {
            label,
            currency,
            price_year,
            services: service_ids
                .iter()
                .map(|s| BasisService {
                    id: s.clone(),
                    name_cn: String::new(),
                    name_en: s.replace('_', " "),
                    group: String::new(),
                })
                .collect(),
            types,
            per_ha,
            tables,
            equivalent: None,
        }
    }

    /// Resolve an ecosystem-type id from a class mapping: `Some(row)`, or
    /// `None` for the zero-valued pseudo-type `none`.
    pub fn resolve(&self, id: &str) -> Result<Option<usize>, EsvError> {
        if let Some(table) = &self.equivalent {
            return Ok(match table.resolve_type(id)? {
                ResolvedType::Row { index, .. } => Some(index),
                ResolvedType::Zero => None,
            });
        }
        if id.trim().eq_ignore_ascii_case(ecocap_params::NONE_TYPE) {
            return Ok(None);
        }
        match self.types.iter().position(|t| t.id == id.trim()) {
            Some(i) => Ok(Some(i)),
            None => {
                let ids: Vec<&str> = self.types.iter().map(|t| t.id.as_str()).collect();
                let near = ecocap_params::suggest::nearest(id, &ids);
                Err(EsvError::BadParameter {
                    input: "mapping".into(),
                    detail: format!(
                        "unknown ecosystem type '{id}'{}",
                        near.map(|n| format!(" (did you mean '{n}'?)"))
                            .unwrap_or_default()
                    ),
                    hint: format!("types of {}: {}, none", self.label, ids.join(", ")),
                })
            }
        }
    }

    /// A note about single-source rows among `used` type rows, if any.
    pub fn verification_warning(&self, used: &[usize]) -> Option<String> {
        let ids: Vec<&str> = used
            .iter()
            .filter_map(|i| self.types.get(*i))
            .map(|t| t.id.as_str())
            .collect();
        self.equivalent.as_ref()?.verification_warning(&ids)
    }

    /// Index of a service id.
    pub fn service_index(&self, id: &str) -> Option<usize> {
        self.services.iter().position(|s| s.id == id)
    }
}
