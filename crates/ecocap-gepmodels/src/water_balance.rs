//! Water conservation (水源涵养) by the water-balance method:
//! Q = Σ (P − R − ET) · A, with surface runoff R = P × α, α the runoff
//! coefficient of the cell's ecosystem type (白玛卓嘎 et al. 2017 eq. 1,
//! after the GEP accounting practice of 欧阳志云 et al.; GEP.md §4.2).
//!
//! A cell where evapotranspiration and runoff exceed precipitation
//! contributes a negative amount; it is kept (the account shows water
//! lost), and the pipeline counts such cells in its notes.

use ecocap_spec::{Column, InputKind as K, InputSpec as I, ModelSpec, OutputSpec as O};

/// Water retained, mm (= L m⁻²) per year.
///
/// # Units
/// precipitation and ET in mm/yr; `runoff_coefficient` a ratio in [0, 1].
pub fn retained_mm(precip_mm: f64, et_mm: f64, runoff_coefficient: f64) -> f64 {
    precip_mm - precip_mm * runoff_coefficient - et_mm
}

/// Cubic metres from mm over `area_m2`.
pub fn mm_to_m3(mm: f64, area_m2: f64) -> f64 {
    mm * 1e-3 * area_m2
}

/// The declaration.
pub fn spec() -> ModelSpec {
    ModelSpec::new(
        "water_conservation",
        "Water conservation (water balance)",
        "水源涵养（水量平衡法）",
        "Q = Σ (P − R − ET)·A with R = P × runoff coefficient by ecosystem type (白玛卓嘎 et al. 2017, eq. 1).",
    )
    .input(I::new("precipitation", K::RasterContinuous, "Annual precipitation", "年降水量").unit("mm/yr"))
    .input(I::new("et", K::RasterContinuous, "Annual actual evapotranspiration", "年实际蒸散发").unit("mm/yr"))
    .input(I::new(
        "runoff_coefficients",
        K::Table { columns: vec![Column::new("ecosystem_type", "", "Xie 2015 type id or class code"), Column::new("coefficient", "1", "surface runoff / precipitation")] },
        "Runoff coefficients",
        "地表径流系数",
    ))
    .output(O::new("quantities.csv#water_conservation", "m3", "water retained per zone and year"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balance() {
        assert!((retained_mm(1000.0, 500.0, 0.2) - 300.0).abs() < 1e-12);
        assert!(retained_mm(300.0, 500.0, 0.1) < 0.0);
        // 300 mm over one hectare = 3000 m³
        assert!((mm_to_m3(300.0, 10_000.0) - 3000.0).abs() < 1e-9);
    }
}
