//! Climate regulation (气候调节): heat absorbed by plant transpiration and
//! water evaporated from water surfaces, the physical quantities the GEP
//! engine turns into electricity (÷ air-conditioner EER; evaporation ×
//! latent heat + humidifier) — 白玛卓嘎 et al. 2017 eqs. 12-13.
//!
//! Transpiration heat = heat absorbed per m² per day (by ecosystem type,
//! kJ m⁻² d⁻¹, from a user table with its source) × days above the
//! air-conditioning threshold temperature × area. Water-surface
//! evaporation = evaporation depth (mm/yr, a raster) × water area.

use ecocap_spec::{Column, InputKind as K, InputSpec as I, ModelSpec, OutputSpec as O};

/// Heat absorbed by transpiration, kJ, over `area_m2` for `days` days.
///
/// # Units
/// `kj_per_m2_day` kJ m⁻² d⁻¹; `days` d; `area_m2` m².
pub fn transpiration_heat_kj(kj_per_m2_day: f64, days: f64, area_m2: f64) -> f64 {
    kj_per_m2_day * days * area_m2
}

/// Water evaporated, m³, from `evaporation_mm` over `area_m2`.
pub fn evaporation_m3(evaporation_mm: f64, area_m2: f64) -> f64 {
    evaporation_mm * 1e-3 * area_m2
}

/// The declaration.
pub fn spec() -> ModelSpec {
    ModelSpec::new(
        "climate_regulation",
        "Climate regulation",
        "气候调节",
        "Heat absorbed by vegetation transpiration (kJ) and water evaporated from water surfaces (m3), converted to electricity by the GEP engine (白玛卓嘎 et al. 2017 eqs. 12-13).",
    )
    .input(I::new(
        "transpiration_heat",
        K::Table { columns: vec![Column::new("ecosystem_type", "", "Xie 2015 type id or class code"), Column::new("kj_per_m2_day", "kJ/m2/d", "heat absorbed by transpiration")] },
        "Transpiration heat by ecosystem type",
        "单位面积植被蒸腾消耗热量",
    ))
    .input(I::new("ac_days", K::Number, "Days above the air-conditioning threshold", "日最高气温超过26°C的天数").unit("d").above(0.0))
    .input(I::new("evaporation", K::RasterContinuous, "Water-surface evaporation", "水面蒸发量").unit("mm/yr"))
    .output(O::new("quantities.csv#climate_regulation_transpiration", "kJ heat", "heat absorbed per zone and year"))
    .output(O::new("quantities.csv#climate_regulation_evaporation", "m3", "water evaporated per zone and year"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities() {
        assert!((transpiration_heat_kj(100.0, 90.0, 2.0) - 18_000.0).abs() < 1e-9);
        assert!((evaporation_m3(1000.0, 10_000.0) - 10_000.0).abs() < 1e-9);
    }
}
