//! Windbreak and sand fixation (防风固沙) by the Revised Wind Erosion
//! Equation, RWEQ (Fryrear, Saleh, Bilbro, Schomberg, Stout & Zobeck 1998,
//! *Revised Wind Erosion Equation*, USDA-ARS Technical Bulletin 1;
//! Fryrear et al. 2000, J. Soil Water Conserv. 55(2): 183-189), in the form
//! Chinese GEP accounts use: sand fixed = potential erosion (bare surface,
//! vegetation factor C = 1) − actual erosion (白玛卓嘎 et al. 2017 §2.4.3;
//! 彭建 et al. 2017 生态学报 37(11) eqs. for S_SL and S_PL; 刘菁华 et al.
//! 2018 生态学报 38(5) eqs. 2-4).
//!
//! Per cell, with P = WF·EF·SCF·K'·C:
//! - Q_max = 109.8·P (kg/m, maximum transport capacity),
//! - S = 150.71·P^−0.3711 (m, critical field length),
//! - SL = 2z/S²·Q_max·exp(−(z/S)²) (kg/m², soil loss at z metres downwind;
//!   z = 50 m in the Chinese GEP practice),
//!
//! all from Fryrear et al. 1998 as printed by 彭建 et al. 2017 and 刘菁华
//! et al. 2018. The factors:
//! - weather WF = Wf·(ρ/g)·SW·SD (kg/m), Wf = Σ U₂(U₂ − U₁)²·N_d/N over the
//!   N wind observations of the period (U₂ wind speed at 2 m, U₁ = 5 m/s
//!   threshold, N_d days in the period), ρ air density, g = 9.8 m/s², SW soil
//!   wetness, SD snow-cover factor (Fryrear et al. 1998; 巩国丽 et al. 2014
//!   地理科学进展 33(6));
//! - erodible fraction EF = (29.09 + 0.31 Sa + 0.17 Si + 0.33 Sa/Cl
//!   − 2.59 OM − 0.95 CaCO₃)/100, contents in % (Fryrear et al. 1994, as
//!   used by RWEQ);
//! - crust SCF = 1/(1 + 0.0066 Cl² + 0.021 OM²), % (Fryrear et al. 1998;
//!   王佳庭 et al. 2021 eq. 2);
//! - roughness K' = exp(1.86 Kr − 2.41 Kr^0.934 − 0.127 Crr), with the
//!   terrain roughness Kr = 0.2·ΔH²/L of Smith & Carson (1977) as regional
//!   studies apply it (巩国丽 et al. 2014);
//! - vegetation C = exp(−0.0438·FVC), FVC in % (Fryrear et al. 1998 flat
//!   cover; 王佳庭 et al. 2021 eq. 3); per-type coefficients may replace
//!   0.0438.
//!
//! Kernels work per cell (per m²); callers multiply by the cell area.

use ecocap_spec::{Column, InputKind as K, InputSpec as I, ModelSpec, OutputSpec as O};

/// Threshold wind speed at 2 m, m/s (Fryrear et al. 1998).
pub const THRESHOLD_WIND: f64 = 5.0;
/// Gravitational acceleration, m/s².
pub const GRAVITY: f64 = 9.8;
/// Air density of the ICAO standard atmosphere at sea level, kg/m³ (use
/// the local value: about 1.0 at 2 000 m).
pub const AIR_DENSITY: f64 = 1.225;
/// Downwind distance z at which soil loss is evaluated, m (彭建 et al.
/// 2017; 刘菁华 et al. 2018).
pub const DOWNWIND_M: f64 = 50.0;
/// Vegetation coefficient of C = exp(−a·FVC%), per % (Fryrear et al. 1998).
pub const FVC_COEFFICIENT: f64 = 0.0438;
/// Kr (as used) at which K' reaches its minimum: d/dKr (1.86 Kr − 2.41
/// Kr^0.934) = 0 at Kr = (1.86 / (2.41·0.934))^(−1/0.066) ≈ 18.0. Beyond it
/// the fitted curve rises again, which the fit was never meant to say; the
/// kernel holds K' at its minimum there.
pub const KR_AT_MINIMUM: f64 = 18.0;

/// The wind term Wf = Σ U(U − U₁)² · N_d / N over the wind speeds above the
/// threshold (observations at or below it add nothing), m³/s³ × days.
///
/// # Units
/// `speeds` m/s at 2 m (N observations spread over the period);
/// `threshold` m/s; `period_days` d.
pub fn wind_energy(speeds: &[f64], threshold: f64, period_days: f64) -> f64 {
    if speeds.is_empty() {
        return 0.0;
    }
    let sum: f64 = speeds
        .iter()
        .filter(|u| **u > threshold)
        .map(|u| u * (u - threshold).powi(2))
        .sum();
    sum * period_days / speeds.len() as f64
}

/// Soil wetness SW = [ETp − (R + I)·R_d/N_d] / ETp, clamped to [0, 1]
/// (Fryrear et al. 1998). ETp ≤ 0 gives 0 (no evaporative demand, wet).
///
/// # Units
/// `etp_mm`, `rain_irrigation_mm` mm over the period; `rain_days`,
/// `period_days` d.
pub fn soil_wetness(etp_mm: f64, rain_irrigation_mm: f64, rain_days: f64, period_days: f64) -> f64 {
    if etp_mm <= 0.0 || period_days <= 0.0 {
        return 0.0;
    }
    ((etp_mm - rain_irrigation_mm * rain_days / period_days) / etp_mm).clamp(0.0, 1.0)
}

/// Snow-cover factor SD = 1 − (days with snow cover)/(days in the period),
/// clamped to [0, 1] (Fryrear et al. 1998: 1 − probability of snow cover).
pub fn snow_factor(snow_days: f64, period_days: f64) -> f64 {
    if period_days <= 0.0 {
        return 0.0;
    }
    (1.0 - snow_days / period_days).clamp(0.0, 1.0)
}

/// Weather factor WF = Wf·(ρ/g)·SW·SD, kg/m (RWEQ units).
pub fn weather_factor(wind_energy: f64, air_density: f64, gravity: f64, sw: f64, sd: f64) -> f64 {
    wind_energy * air_density / gravity * sw * sd
}

/// Erodible fraction EF (fraction of soil < 0.84 mm) from contents in %,
/// clamped to [0, 1]. Clay = 0 with sand > 0 makes Sa/Cl infinite (EF = 1).
pub fn erodible_fraction(sand: f64, silt: f64, clay: f64, om: f64, caco3: f64) -> f64 {
    let ratio = if clay > 0.0 {
        sand / clay
    } else if sand > 0.0 {
        f64::INFINITY
    } else {
        0.0
    };
    let ef = (29.09 + 0.31 * sand + 0.17 * silt + 0.33 * ratio - 2.59 * om - 0.95 * caco3) / 100.0;
    ef.clamp(0.0, 1.0)
}

/// Soil crust factor SCF = 1/(1 + 0.0066 Cl² + 0.021 OM²), contents in %.
pub fn crust_factor(clay: f64, om: f64) -> f64 {
    1.0 / (1.0 + 0.0066 * clay * clay + 0.021 * om * om)
}

/// Terrain roughness Kr = 0.2·ΔH²/L (Smith & Carson 1977, as applied by
/// 巩国丽 et al. 2014): ΔH the elevation range within distance L, both m.
pub fn smith_carson_kr(delta_h_m: f64, distance_m: f64) -> f64 {
    if distance_m <= 0.0 {
        return 0.0;
    }
    0.2 * delta_h_m * delta_h_m / distance_m
}

/// Surface roughness factor K' = exp(1.86 Kr − 2.41 Kr^0.934 − 0.127 Crr)
/// (Fryrear et al. 1998), Kr held at [`KR_AT_MINIMUM`] beyond it; Crr the
/// random roughness (0 in regional studies).
pub fn roughness_factor(kr: f64, crr: f64) -> f64 {
    let kr = kr.clamp(0.0, KR_AT_MINIMUM);
    (1.86 * kr - 2.41 * kr.powf(0.934) - 0.127 * crr).exp()
}

/// Vegetation factor C = exp(−a·FVC), FVC in % (0–100), `a` per %.
pub fn vegetation_factor(fvc_percent: f64, coefficient: f64) -> f64 {
    (-coefficient * fvc_percent.clamp(0.0, 100.0)).exp()
}

/// Soil loss SL, kg/m², at `z` m downwind for the factor product
/// P = WF·EF·SCF·K'·C: Q_max = 109.8 P, S = 150.71 P^−0.3711,
/// SL = 2z/S²·Q_max·exp(−(z/S)²). P ≤ 0 (no erosive wind) gives 0.
pub fn soil_loss_kg_m2(product: f64, z: f64) -> f64 {
    if product <= 0.0 || !product.is_finite() {
        return 0.0;
    }
    let q_max = 109.8 * product;
    let s = 150.71 * product.powf(-0.3711);
    2.0 * z / (s * s) * q_max * (-(z / s).powi(2)).exp()
}

/// The factors of one cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Factors {
    /// weather factor WF, kg/m
    pub wf: f64,
    /// erodible fraction EF
    pub ef: f64,
    /// crust factor SCF
    pub scf: f64,
    /// roughness factor K'
    pub k: f64,
    /// vegetation factor C
    pub c: f64,
}

/// Potential (C = 1) and actual soil loss and their difference, the sand
/// fixed, all kg/m². The difference is not clamped: SL rises with P only
/// while (z/S)² < 1.7422/0.7422 (S > z/1.532, about 33 m for z = 50 m); on
/// the bare surface of a very windy cell beyond that peak, vegetation can
/// give a negative difference, and the caller sees it in the total.
pub fn sand_fixation_kg_m2(f: &Factors, z: f64) -> (f64, f64, f64) {
    let base = f.wf * f.ef * f.scf * f.k;
    let potential = soil_loss_kg_m2(base, z);
    let actual = soil_loss_kg_m2(base * f.c, z);
    (potential, actual, potential - actual)
}

/// The declaration.
pub fn spec() -> ModelSpec {
    ModelSpec::new(
        "sand_fixation",
        "Windbreak and sand fixation (RWEQ)",
        "防风固沙（修正风蚀方程 RWEQ）",
        "Potential (C = 1) minus actual wind erosion by RWEQ, SL = 2z/S²·Q_max·e^−(z/S)², Q_max = 109.8·(WF·EF·SCF·K'·C), S = 150.71·(…)^−0.3711, z = 50 m (Fryrear et al. 1998; 彭建 et al. 2017).",
    )
    .input(I::new("wind_factor", K::RasterContinuous, "Weather factor WF of the year (or wind_energy + soil_wetness + snow_days)", "气象因子").unit("kg/m"))
    .input(I::new("wind_energy", K::RasterContinuous, "Wind term Σ U2(U2 − 5)²·Nd/N", "风力因子").unit("m3/s3·d").optional())
    .input(I::new("soil_wetness", K::RasterContinuous, "Soil wetness factor SW", "土壤湿度因子").unit("1").optional())
    .input(I::new("snow_days", K::RasterContinuous, "Days with snow cover", "积雪覆盖天数").unit("d").optional())
    .input(I::new("fvc", K::RasterContinuous, "Fractional vegetation cover", "植被覆盖度").unit("%"))
    .input(I::new("sand", K::RasterContinuous, "Sand content", "砂粒含量").unit("%"))
    .input(I::new("silt", K::RasterContinuous, "Silt content", "粉粒含量").unit("%"))
    .input(I::new("clay", K::RasterContinuous, "Clay content", "黏粒含量").unit("%"))
    .input(I::new("organic_matter", K::RasterContinuous, "Soil organic matter", "有机质含量").unit("%"))
    .input(I::new("caco3", K::RasterContinuous, "Calcium carbonate", "碳酸钙含量").unit("%").optional())
    .input(I::new("roughness", K::RasterContinuous, "Surface roughness factor K' (else from the DEM)", "地表粗糙度因子").unit("1").optional())
    .input(I::new("air_density", K::Number, "Air density", "空气密度").unit("kg/m3").optional().default(AIR_DENSITY.into()).above(0.0))
    .input(I::new("downwind_distance", K::Number, "Downwind distance z", "下风向距离").unit("m").optional().default(DOWNWIND_M.into()).above(0.0))
    .input(I::new(
        "wind_vegetation",
        K::Table { columns: vec![Column::new("ecosystem_type", "", "Xie 2015 type id"), Column::new("coefficient", "1/%", "a in C = exp(−a·FVC)")] },
        "Vegetation coefficients by type (optional)",
        "植被因子系数",
    ))
    .output(O::new("quantities.csv#sand_fixation", "t", "sand fixed per zone and year"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * b.abs().max(1e-12)
    }

    #[test]
    fn soil_loss_by_hand() {
        // P = 10.8: Q_max = 109.8 × 10.8 = 1185.84 kg/m;
        // S = 150.71 × 10.8^−0.3711 = 150.71 × e^(−0.3711 × 2.379546) = 62.3216 m;
        // (z/S)² = (50/62.3216)² = 0.643660; e^−0.643660 = 0.525348;
        // SL = 100/62.3216² × 1185.84 × 0.525348 = 16.0401 kg/m²
        assert!(close(soil_loss_kg_m2(10.8, 50.0), 16.0401, 1e-5));
        assert_eq!(soil_loss_kg_m2(0.0, 50.0), 0.0);
    }

    #[test]
    fn sand_fixed_by_hand() {
        // WF 30 kg/m, EF 0.5, SCF 0.9, K' 0.8 → P = 10.8 (potential 16.0401 kg/m²);
        // FVC 40 %: C = e^(−0.0438 × 40) = e^−1.752 = 0.173427 → P = 1.873009:
        // Q_max = 205.656, S = 119.3995 m, SL = 100/119.3995² × 205.656 × e^−0.175362 = 1.21054
        let c = vegetation_factor(40.0, FVC_COEFFICIENT);
        assert!(close(c, 0.173427, 1e-5));
        let f = Factors {
            wf: 30.0,
            ef: 0.5,
            scf: 0.9,
            k: 0.8,
            c,
        };
        let (p, a, fixed) = sand_fixation_kg_m2(&f, DOWNWIND_M);
        assert!(close(p, 16.0401, 1e-5) && close(a, 1.21054, 1e-5));
        // 14.8296 kg/m² = 148.296 t/ha
        assert!(close(fixed, 14.8296, 1e-5));
        // bare ground fixes nothing
        let bare = Factors { c: 1.0, ..f };
        assert_eq!(sand_fixation_kg_m2(&bare, DOWNWIND_M).2, 0.0);
    }

    #[test]
    fn soil_factors_by_hand() {
        // Sa 60, Si 25, Cl 15, OM 2, CaCO3 1 (%):
        // EF = (29.09 + 18.6 + 4.25 + 1.32 − 5.18 − 0.95)/100 = 0.4713
        assert!(close(
            erodible_fraction(60.0, 25.0, 15.0, 2.0, 1.0),
            0.4713,
            1e-12
        ));
        // SCF = 1/(1 + 0.0066 × 225 + 0.021 × 4) = 1/2.569 = 0.389257
        assert!(close(crust_factor(15.0, 2.0), 1.0 / 2.569, 1e-12));
        assert_eq!(erodible_fraction(90.0, 10.0, 0.0, 0.0, 0.0), 1.0);
        assert_eq!(erodible_fraction(0.0, 0.0, 0.0, 50.0, 0.0), 0.0);
    }

    #[test]
    fn weather_and_roughness_by_hand() {
        // speeds 4, 6, 8 m/s over 30 days: (6·1 + 8·9)/3 × 30 = 780
        assert!(close(
            wind_energy(&[4.0, 6.0, 8.0], THRESHOLD_WIND, 30.0),
            780.0,
            1e-12
        ));
        assert_eq!(wind_energy(&[], THRESHOLD_WIND, 30.0), 0.0);
        // WF = 780 × 1.2/9.8 × 0.5 × (1 − 73/365 = 0.8) = 38.2041
        let wf = weather_factor(780.0, 1.2, GRAVITY, 0.5, snow_factor(73.0, 365.0));
        assert!(close(wf, 780.0 * 1.2 / 9.8 * 0.4, 1e-12));
        // SW = (1000 − 300 × 40/365)/1000 = 0.967123
        assert!(close(
            soil_wetness(1000.0, 300.0, 40.0, 365.0),
            0.967123,
            1e-5
        ));
        assert_eq!(soil_wetness(100.0, 2000.0, 365.0, 365.0), 0.0);
        // Kr = 0.2 × 30²/90 = 2; K' = e^(3.72 − 2.41 × 2^0.934) = 0.412936
        let kr = smith_carson_kr(30.0, 90.0);
        assert!(close(kr, 2.0, 1e-12));
        assert!(close(roughness_factor(kr, 0.0), 0.412936, 1e-5));
        assert_eq!(roughness_factor(0.0, 0.0), 1.0);
        // the fit is held at its minimum beyond Kr ≈ 18
        assert_eq!(
            roughness_factor(500.0, 0.0),
            roughness_factor(KR_AT_MINIMUM, 0.0)
        );
        assert!(roughness_factor(KR_AT_MINIMUM, 0.0) <= roughness_factor(17.0, 0.0));
    }
}
