//! Soil retention (土壤保持): potential minus actual soil loss by the
//! (R)USLE, A_s = R·K·LS − R·K·LS·C·P = R·K·LS·(1 − C·P) (白玛卓嘎 et al.
//! 2017 eq. 3; Wischmeier & Smith 1978; Renard et al. 1997). LS is
//! computed from the DEM by Desmet & Govers (1996) as InVEST codes it
//! (ecocap-models `sdr::kernel::ls_factor`, MFD routing). The retained
//! soil (t) then enters the GEP engine as sediment (× λ / ρ) and as N and
//! P (× soil contents).

use ecocap_spec::{Column, InputKind as K, InputSpec as I, ModelSpec, OutputSpec as O};

/// Soil retained, t/yr, on `area_ha` with potential loss `rkls`
/// (t ha⁻¹ yr⁻¹), cover factor `c` and support practice factor `p`.
///
/// # Units
/// `rkls` t ha⁻¹ yr⁻¹; `c`, `p` ratios in [0, 1]; `area_ha` ha.
pub fn retained_t(rkls: f64, c: f64, p: f64, area_ha: f64) -> f64 {
    rkls * (1.0 - c * p) * area_ha
}

/// The declaration.
pub fn spec() -> ModelSpec {
    ModelSpec::new(
        "soil_retention",
        "Soil retention (RUSLE)",
        "土壤保持（RUSLE）",
        "Potential minus actual soil loss, R·K·LS·(1 − C·P), with LS from the DEM (Desmet & Govers 1996 as InVEST codes it); 白玛卓嘎 et al. 2017 eq. 3.",
    )
    .input(I::new("dem", K::RasterContinuous, "Digital elevation model", "数字高程模型").unit("m"))
    .input(I::new("erosivity", K::RasterContinuous, "Rainfall erosivity R", "降雨侵蚀力 R").unit("MJ·mm/(ha·h·yr)"))
    .input(I::new("erodibility", K::RasterContinuous, "Soil erodibility K", "土壤可蚀性 K").unit("t·ha·h/(ha·MJ·mm)"))
    .input(I::new(
        "usle",
        K::Table {
            columns: vec![
                Column::new("ecosystem_type", "", "Xie 2015 type id"),
                Column::new("usle_c", "1", "cover-management factor"),
                Column::new("usle_p", "1", "support practice factor"),
            ],
        },
        "USLE C and P by ecosystem type",
        "植被覆盖与管理因子C、水土保持措施因子P",
    ))
    .output(O::new("quantities.csv#soil_retention_sediment", "t soil", "soil retained per zone and year"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retained() {
        assert!((retained_t(100.0, 0.1, 0.5, 2.0) - 190.0).abs() < 1e-9);
        assert_eq!(retained_t(100.0, 1.0, 1.0, 2.0), 0.0);
    }
}
