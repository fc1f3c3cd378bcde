//! Water conservation (水源涵养) by the water-retention method used in many
//! Chinese studies built on the InVEST annual water yield (傅斌, 徐佩,
//! 王玉宽 et al. 2013, 都江堰市水源涵养功能空间格局, 生态学报 33(3);
//! 包玉斌, 李婷, 柳辉 et al. 2016, 基于InVEST模型的陕北黄土高原水源涵养
//! 功能时空变化, 地理研究 35(4)):
//!
//! retention = min(1, 249/V) × min(1, 0.9·TI/3) × min(1, Ksat/300) × Y
//!
//! - Y the annual water yield of the cell, mm (InVEST/Budyko–Fu–Zhang
//!   water yield, or P − ET; negative yields are taken as 0);
//! - V the flow-velocity coefficient of the land cover (a table the user
//!   gives with its source; the cited studies take it from the USDA-NRCS
//!   velocity–slope relation by cover class);
//! - TI = lg(drainage area / (soil depth × percent slope)), the common
//!   (base-10) logarithm as the papers print it ("lg"), drainage area in
//!   cells, soil depth in mm, slope in %;
//! - Ksat the saturated hydraulic conductivity in **cm/d** (300 cm/d is
//!   the threshold above which the soil term is 1). The papers that print
//!   the formula with its units give Ksat in cm/d: 丁程锋 et al. 2017
//!   (生态学报 37(11)), 王蓓 et al. 2019, Sun et al. 2022 (Journal of Arid
//!   Land 14(4)). Until 2026-12 ecocap read it as mm/d, which made the soil
//!   term 1 for almost every soil; a Ksat raster in mm/d must be divided
//!   by 10 (the account's `ksat_unit` converts).
//!
//! Each term is clamped to [0, 1] (a negative TI term means 0). A flat
//! cell (slope 0) or a zero soil depth has no finite TI: the formula's
//! denominator is 0, TI is taken as +∞ and the topographic term as 1 (the
//! cell holds all it receives); the papers do not treat flats.

use ecocap_spec::{Column, InputKind as K, InputSpec as I, ModelSpec, OutputSpec as O};

/// Velocity term min(1, 249/V); V ≤ 0 is treated as no flow (1).
pub fn velocity_term(velocity: f64) -> f64 {
    if velocity <= 0.0 {
        return 1.0;
    }
    (249.0 / velocity).min(1.0)
}

/// Topographic index TI = log10(drainage area / (soil depth × slope)).
/// A flat cell (slope 0) or zero soil depth gives +∞ (the term becomes 1).
///
/// # Units
/// `drainage_cells` count (≥ 1, the cell itself included); `soil_depth_mm`
/// mm; `slope_percent` %.
pub fn topographic_index(drainage_cells: f64, soil_depth_mm: f64, slope_percent: f64) -> f64 {
    let d = soil_depth_mm * slope_percent;
    if d <= 0.0 {
        return f64::INFINITY;
    }
    (drainage_cells / d).log10()
}

/// Topographic term min(1, 0.9·TI/3), clamped to [0, 1].
pub fn topographic_term(ti: f64) -> f64 {
    (0.9 * ti / 3.0).clamp(0.0, 1.0)
}

/// Soil term min(1, Ksat/300), clamped to [0, 1].
///
/// # Units
/// `ksat_cm_per_day` cm/d (丁程锋 et al. 2017; Sun et al. 2022).
pub fn soil_term(ksat_cm_per_day: f64) -> f64 {
    (ksat_cm_per_day / 300.0).clamp(0.0, 1.0)
}

/// Water retained from the three terms and the yield.
///
/// # Units
/// `velocity` dimensionless coefficient; `ti` dimensionless (log10);
/// `ksat_cm_per_day` cm/d; `yield_mm` and the result mm/yr.
pub fn retained_mm(velocity: f64, ti: f64, ksat_cm_per_day: f64, yield_mm: f64) -> f64 {
    velocity_term(velocity) * topographic_term(ti) * soil_term(ksat_cm_per_day) * yield_mm.max(0.0)
}

/// The declaration.
pub fn spec() -> ModelSpec {
    ModelSpec::new(
        "water_retention",
        "Water conservation (water-retention method)",
        "水源涵养（水源涵养量法）",
        "min(1, 249/V)·min(1, 0.9·TI/3)·min(1, Ksat/300)·Y with TI = lg(drainage area/(soil depth·percent slope)), Ksat in cm/d (傅斌 et al. 2013; 包玉斌 et al. 2016; 丁程锋 et al. 2017).",
    )
    .input(I::new("dem", K::RasterContinuous, "Digital elevation model", "数字高程模型").unit("m"))
    .input(I::new("soil_depth", K::RasterContinuous, "Soil depth", "土壤深度").unit("mm"))
    .input(I::new("ksat", K::RasterContinuous, "Saturated hydraulic conductivity", "土壤饱和导水率").unit("cm/d"))
    .input(I::new("water_yield", K::RasterContinuous, "Annual water yield (else P − ET)", "产水量").unit("mm/yr").optional())
    .input(I::new(
        "velocity_coefficients",
        K::Table { columns: vec![Column::new("ecosystem_type", "", "Xie 2015 type id"), Column::new("velocity", "1", "flow-velocity coefficient V")] },
        "Flow-velocity coefficients by ecosystem type",
        "流速系数",
    ))
    .output(O::new("quantities.csv#water_conservation", "m3", "water retained per zone and year"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_by_hand() {
        // V = 498 → 249/498 = 0.5; V = 200 → capped at 1
        assert_eq!(velocity_term(498.0), 0.5);
        assert_eq!(velocity_term(200.0), 1.0);
        // 10 000 cells / (500 mm × 2 %) = 10 → TI = 1 → 0.9/3 = 0.3
        let ti = topographic_index(10_000.0, 500.0, 2.0);
        assert!((ti - 1.0).abs() < 1e-12);
        assert!((topographic_term(ti) - 0.3).abs() < 1e-12);
        // a hillslope cell: 1 / (500 × 20) → TI = −4 → term 0
        assert_eq!(topographic_term(topographic_index(1.0, 500.0, 20.0)), 0.0);
        assert_eq!(topographic_term(topographic_index(5.0, 500.0, 0.0)), 1.0);
        assert_eq!(soil_term(150.0), 0.5);
        assert_eq!(soil_term(900.0), 1.0);
        // 0.5 × 0.3 × 0.5 × 400 mm = 30 mm
        assert!((retained_mm(498.0, ti, 150.0, 400.0) - 30.0).abs() < 1e-9);
        assert_eq!(retained_mm(498.0, ti, 150.0, -50.0), 0.0);
    }

    /// Regression (issue 11): Ksat is in cm/d. V = 200, TI = 1, Ksat =
    /// 36 cm/d, Y = 400 mm → 1 × 0.3 × 0.12 × 400 = 14.4 mm (it was 0.3 ×
    /// 400 × min(1, 36/300 as mm/d) — the same number only by accident of
    /// the test values; a Ksat of 360 mm/d = 36 cm/d gave 120 mm).
    #[test]
    fn ksat_in_cm_per_day() {
        assert!((retained_mm(200.0, 1.0, 36.0, 400.0) - 14.4).abs() < 1e-9);
        // 360 mm/d converted to cm/d gives the same retention
        assert!((retained_mm(200.0, 1.0, 360.0 / 10.0, 400.0) - 14.4).abs() < 1e-9);
        assert_eq!(soil_term(300.0), 1.0);
    }
}
