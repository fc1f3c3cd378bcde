//! Physical-quantity models of the national GEP indicator set that go
//! beyond InVEST: pure per-cell kernels, each declared once with an
//! [`ecocap_spec::ModelSpec`], and the parameters they need with their
//! sources. The account pipeline (ecocap-app) streams rasters through these
//! kernels and sums the quantities by zone for the GEP valuation engine.
//!
//! # Units
//! Kernels work per square metre of land; callers multiply by the true
//! cell area (m²) and convert to the GEP engine's canonical units
//! (t CO2, t O2, m³, kJ heat, hm²).

pub mod carbon_oxygen;
pub mod climate;
pub mod flood;
pub mod pest;
pub mod soil;
pub mod water_balance;
pub mod water_retention;
pub mod wind_erosion;

use ecocap_spec::ModelSpec;

/// Every GEP physical-quantity model, in one list.
pub fn specs() -> Vec<ModelSpec> {
    vec![
        carbon_oxygen::spec(),
        water_balance::spec(),
        climate::spec(),
        pest::spec(),
        soil::spec(),
        wind_erosion::spec(),
        water_retention::spec(),
        flood::spec(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_consistent() {
        let specs = specs();
        let mut ids: Vec<&str> = specs.iter().map(|s| s.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), specs.len(), "unique model ids");
        for s in &specs {
            for i in &s.inputs {
                if i.kind.is_numeric() {
                    assert!(!i.unit.is_empty(), "{}: input {} has no unit", s.id, i.id);
                }
            }
            for o in &s.outputs {
                assert!(
                    !o.unit.is_empty(),
                    "{}: output {} has no unit",
                    s.id,
                    o.path
                );
            }
        }
    }
}
