//! The raster indicators, the per-(zone, type) sums a year's pass
//! produces, and the quantities that follow from them (linear in every
//! model parameter that is not in the cache key).

use ecocap_gepmodels::carbon_oxygen::{co2_o2, Photosynthesis};
use ecocap_gepmodels::{climate, water_balance, water_retention};
use std::collections::BTreeMap;

/// The indicators the raster models produce, with their units.
pub const INDICATORS: [(&str, &str); N_IND] = [
    ("carbon_sequestration", "t CO2"),
    ("oxygen_release", "t O2"),
    ("water_conservation", "m3"),
    ("climate_regulation_transpiration", "kJ heat"),
    ("climate_regulation_evaporation", "m3"),
    ("pest_control_forest", "hm2"),
    ("pest_control_grassland", "hm2"),
    ("soil_retention_sediment", "t soil"),
    ("soil_retention_n", "t soil"),
    ("soil_retention_p", "t soil"),
    ("air_purification_so2", "t"),
    ("air_purification_nox", "t"),
    ("air_purification_dust", "t"),
    ("water_purification_cod", "t"),
    ("water_purification_nh3n", "t"),
    ("water_purification_tn", "t"),
    ("water_purification_tp", "t"),
    ("sand_fixation", "t"),
];

/// Number of raster indicators.
pub const N_IND: usize = 18;

/// Index of `sand_fixation` in [`INDICATORS`].
pub const SAND: usize = 17;

/// Purification capacity columns, in [`INDICATORS`] order from index 10.
pub const POLLUTANTS: [&str; 7] = ["so2", "nox", "dust", "cod", "nh3n", "tn", "tp"];

/// Per-type parameters, indexed by Xie 2015 type index.
pub struct TypeParams {
    /// type ids, for messages
    pub ids: Vec<String>,
    /// runoff coefficient
    pub runoff: Vec<Option<f64>>,
    /// transpiration heat, kJ m⁻² d⁻¹
    pub heat: Vec<Option<f64>>,
    /// pest-control slot (5 forest, 6 grassland)
    pub pest: Vec<Option<usize>>,
    /// water surface (evaporation)
    pub water: Vec<bool>,
    /// USLE C × P by type
    pub cp: Vec<Option<f64>>,
    /// flow-velocity coefficient V by type (water-retention method)
    pub velocity: Vec<Option<f64>>,
    /// RWEQ vegetation coefficient a of C = exp(−a·FVC%) by type (None:
    /// the configured default)
    pub wind_coef: Vec<Option<f64>>,
}

/// Sums over the cells of one ecosystem type in one zone, from which every
/// quantity follows linearly in the model parameters (so parameter draws
/// of the Monte Carlo reuse one raster pass).
#[derive(Debug, Clone, Copy, Default, serde::Serialize, serde::Deserialize)]
pub struct TypeSums {
    /// Σ A, m²
    pub area_m2: f64,
    /// Σ (NPP − Rh)·A over cells with NPP, g C (NEP; NPP without Rh)
    pub carbon_g: f64,
    /// Σ Rh·A over the same cells, g C (NPP = NEP + Rh)
    #[serde(default)]
    pub rh_g: f64,
    /// Σ P·A over cells with P and ET, mm·m²
    pub p_area: f64,
    /// Σ (P − ET)·A over cells with P and ET, mm·m²
    pub p_minus_et_area: f64,
    /// Σ E·A over water cells with evaporation, mm·m²
    pub evap_area: f64,
    /// Σ R·K·LS·A over cells with R, K and LS, t (potential soil loss)
    pub rkls_t: f64,
    /// Σ (potential − actual RWEQ wind erosion)·A, t (sand fixed)
    #[serde(default)]
    pub sand_t: f64,
    /// Σ TI term·Ksat term·max(Y, 0)·A, mm·m² (water retention before the
    /// velocity term, which is applied by type)
    #[serde(default)]
    pub retention_area: f64,
}

impl TypeSums {
    /// Add another cell group's sums.
    pub fn add(&mut self, o: &TypeSums) {
        self.area_m2 += o.area_m2;
        self.carbon_g += o.carbon_g;
        self.rh_g += o.rh_g;
        self.p_area += o.p_area;
        self.p_minus_et_area += o.p_minus_et_area;
        self.evap_area += o.evap_area;
        self.rkls_t += o.rkls_t;
        self.sand_t += o.sand_t;
        self.retention_area += o.retention_area;
    }
}

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
    /// purification capacity by type, t ha⁻¹ yr⁻¹, in [`POLLUTANTS`] order
    pub purification: Vec<[f64; 7]>,
    /// emissions (zone, year, pollutant index) → t: purification cannot
    /// exceed what is emitted
    pub emissions: BTreeMap<(String, i32, usize), f64>,
    /// water conservation by the water-retention method (else water balance)
    pub water_retention: bool,
    /// flow-velocity coefficient by type (water-retention method)
    pub velocity: Vec<Option<f64>>,
}

/// Quantities in [`INDICATORS`] order of sums `s` of type `ty` (before
/// purification is bounded by emissions): a zone's quantities are the sum
/// over its types, a cell's are those of its own sums.
pub fn type_quantities(
    ty: usize,
    s: &TypeSums,
    types: &TypeParams,
    p: &QuantityParams,
) -> [f64; N_IND] {
    let mut q = [0.0; N_IND];
    // Σ NEP·A and Σ Rh·A in g C (or g DM) → g CO2 and g O2 on each basis → t
    let (co2, o2) = co2_o2(s.carbon_g, s.rh_g, &p.photo);
    q[0] = co2 / 1e6;
    q[1] = o2 / 1e6;
    if p.water_retention {
        if let Some(v) = p.velocity[ty] {
            // min(1, 249/V) × Σ TI·Ksat terms·Y·A, mm·m² → m³
            q[2] =
                water_balance::mm_to_m3(water_retention::velocity_term(v) * s.retention_area, 1.0);
        }
    } else if let Some(a) = p.runoff[ty] {
        // Σ (P − αP − ET)·A = Σ (P − ET)·A − α Σ P·A, in mm·m² → m³
        q[2] = water_balance::mm_to_m3(s.p_minus_et_area - a * s.p_area, 1.0);
    }
    q[SAND] = s.sand_t;
    if let Some(h) = p.heat[ty] {
        q[3] = climate::transpiration_heat_kj(h, p.ac_days, s.area_m2);
    }
    q[4] = climate::evaporation_m3(s.evap_area, 1.0);
    if let Some(k) = types.pest[ty] {
        q[k] = s.area_m2 / 1e4;
    }
    // purification capacity × area (ha); bounded by emissions later
    for (k, cap) in p.purification[ty].iter().enumerate() {
        q[10 + k] = cap * s.area_m2 / 1e4;
    }
    if let Some(cp) = p.cp[ty] {
        let retained = ecocap_gepmodels::soil::retained_t(s.rkls_t, cp, 1.0, 1.0);
        for v in &mut q[7..10] {
            *v = retained;
        }
    }
    q
}

/// Quantities in [`INDICATORS`] order for every zone, from the sums.
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
