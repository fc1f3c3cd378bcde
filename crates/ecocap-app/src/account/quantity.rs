//! From a (zone, type)'s sums to its physical quantities: every quantity
//! is linear in the sums, so a cell, a zone or a Monte Carlo draw all go
//! through the same function.

use super::pass::{TypeParams, TypeSums, N_IND};
use ecocap_gepmodels::carbon_oxygen::{co2_o2_per_m2, Photosynthesis};
use ecocap_gepmodels::{climate, water_balance};
use std::collections::BTreeMap;

/// One year's sums: (year, (zone, type index) → sums).
pub type YearSums = (i32, BTreeMap<(String, usize), TypeSums>);

/// Model parameters that the quantities depend on linearly.
#[derive(Debug, Clone)]
pub struct QuantityParams {
    /// photosynthesis coefficients
    pub photo: Photosynthesis,
    /// air-conditioning days
    pub ac_days: f64,
    /// runoff coefficient by type
    pub runoff: Vec<Option<f64>>,
    /// transpiration heat by type, kJ m⁻² d⁻¹
    pub heat: Vec<Option<f64>>,
    /// USLE C × P by type
    pub cp: Vec<Option<f64>>,
    /// purification capacity by type, t ha⁻¹ yr⁻¹, in [`super::pass::POLLUTANTS`] order
    pub purification: Vec<[f64; 7]>,
    /// emissions (zone, year, pollutant index) → t: purification cannot
    /// exceed what is emitted
    pub emissions: BTreeMap<(String, i32, usize), f64>,
}

/// Quantities in [`super::pass::INDICATORS`] order of sums `s` of type
/// `ty` (before purification is bounded by emissions).
pub fn type_quantities(
    ty: usize,
    s: &TypeSums,
    types: &TypeParams,
    p: &QuantityParams,
) -> [f64; N_IND] {
    let mut q = [0.0; N_IND];
    // Σ (NPP − Rh)·A in g C → g CO2 and g O2 → t
    let (co2, o2) = co2_o2_per_m2(s.carbon_g, None, &p.photo);
    q[0] += co2 / 1e6;
    q[1] += o2 / 1e6;
    if let Some(a) = p.runoff[ty] {
        // Σ (P − αP − ET)·A = Σ (P − ET)·A − α Σ P·A, in mm·m² → m³
        q[2] += water_balance::mm_to_m3(s.p_minus_et_area - a * s.p_area, 1.0);
    }
    if let Some(h) = p.heat[ty] {
        q[3] += climate::transpiration_heat_kj(h, p.ac_days, s.area_m2);
    }
    q[4] += climate::evaporation_m3(s.evap_area, 1.0);
    if let Some(k) = types.pest[ty] {
        q[k] += s.area_m2 / 1e4;
    }
    // purification capacity × area (ha); bounded by emissions later
    for (k, cap) in p.purification[ty].iter().enumerate() {
        q[10 + k] += cap * s.area_m2 / 1e4;
    }
    if let Some(cp) = p.cp[ty] {
        let retained = ecocap_gepmodels::soil::retained_t(s.rkls_t, cp, 1.0, 1.0);
        for v in &mut q[7..10] {
            *v += retained;
        }
    }
    q
}

/// Quantities in [`super::pass::INDICATORS`] order for every zone, from
/// the sums.
pub fn quantities(
    sums: &BTreeMap<(String, usize), TypeSums>,
    types: &TypeParams,
    p: &QuantityParams,
) -> BTreeMap<String, [f64; N_IND]> {
    let mut out: BTreeMap<String, [f64; N_IND]> = BTreeMap::new();
    for ((zone, ty), s) in sums {
        let q = out.entry(zone.clone()).or_insert([0.0; N_IND]);
        for (a, b) in q.iter_mut().zip(type_quantities(*ty, s, types, p)) {
            *a += b;
        }
    }
    out
}
