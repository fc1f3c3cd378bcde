//! Carbon sequestration and oxygen release (固碳释氧) from NPP or NEP by the
//! photosynthesis equation.
//!
//! 6 CO₂ + 6 H₂O → C₆H₁₂O₆ + 6 O₂: fixing 264 g CO₂ builds 162 g of dry
//! matter and releases 192 g O₂, i.e. 1.63 g CO₂ fixed and 1.19 g O₂
//! released per g of dry matter (the coefficients of 欧阳志云, 王如松,
//! 赵景柱 1999, 生态学报 19(5), and LY/T 1721-2008; both follow from the
//! stoichiometry: 264/162 = 1.630, 192/162 = 1.185).
//! Dry matter = carbon / carbon fraction; the default carbon fraction is
//! 0.45 g C per g dry matter (the conventional value of CASA-type NPP
//! products; IPCC 2006 Vol. 4 Table 4.3 gives 0.47 for wood — override it).
//! With soil heterotrophic respiration Rh given, the net ecosystem
//! production NEP = NPP − Rh is used instead of NPP (net uptake).

use ecocap_spec::{InputKind as K, InputSpec as I, ModelSpec, OutputSpec as O};
use serde::Serialize;

/// Photosynthesis coefficients.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Photosynthesis {
    /// g CO₂ fixed per g dry matter (default 1.63)
    pub co2_per_dm: f64,
    /// g O₂ released per g dry matter (default 1.19)
    pub o2_per_dm: f64,
    /// g C per g dry matter (default 0.45)
    pub carbon_fraction: f64,
}

impl Default for Photosynthesis {
    fn default() -> Self {
        Photosynthesis {
            co2_per_dm: 1.63,
            o2_per_dm: 1.19,
            carbon_fraction: 0.45,
        }
    }
}

/// CO₂ fixed and O₂ released, g m⁻² yr⁻¹, from NPP (g C m⁻² yr⁻¹) and
/// optional Rh (g C m⁻² yr⁻¹). A negative NEP (a net source) gives negative
/// quantities: the account shows the loss rather than hiding it.
///
/// # Units
/// inputs g C m⁻² yr⁻¹; outputs g CO₂ and g O₂ m⁻² yr⁻¹.
pub fn co2_o2_per_m2(npp_gc: f64, rh_gc: Option<f64>, p: &Photosynthesis) -> (f64, f64) {
    let carbon = npp_gc - rh_gc.unwrap_or(0.0);
    let dry_matter = carbon / p.carbon_fraction;
    (p.co2_per_dm * dry_matter, p.o2_per_dm * dry_matter)
}

/// The declaration.
pub fn spec() -> ModelSpec {
    ModelSpec::new(
        "carbon_oxygen",
        "Carbon sequestration and oxygen release",
        "固碳释氧",
        "CO2 fixed and O2 released by vegetation from NPP (or NEP = NPP − Rh) by the photosynthesis equation (1.63 g CO2 and 1.19 g O2 per g dry matter).",
    )
    .input(I::new("npp", K::RasterContinuous, "Net primary productivity", "净初级生产力").unit("g C/m2/yr"))
    .input(I::new("rh", K::RasterContinuous, "Soil heterotrophic respiration", "土壤异养呼吸").unit("g C/m2/yr").optional())
    .input(I::new("co2_per_dm", K::Number, "CO2 fixed per dry matter", "单位干物质固定CO2").unit("g/g").optional().default(1.63.into()).above(0.0))
    .input(I::new("o2_per_dm", K::Number, "O2 released per dry matter", "单位干物质释放O2").unit("g/g").optional().default(1.19.into()).above(0.0))
    .input(I::new("carbon_fraction", K::Ratio, "Carbon fraction of dry matter", "干物质含碳率").unit("g C/g").optional().default(0.45.into()).above(0.0))
    .output(O::new("quantities.csv#carbon_sequestration", "t CO2", "CO2 fixed per zone and year"))
    .output(O::new("quantities.csv#oxygen_release", "t O2", "O2 released per zone and year"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stoichiometry() {
        let p = Photosynthesis::default();
        // 450 g C = 1000 g dry matter
        let (c, o) = co2_o2_per_m2(450.0, None, &p);
        assert!((c - 1630.0).abs() < 1e-9 && (o - 1190.0).abs() < 1e-9);
        // NEP with Rh; the per-carbon ratio stays close to 44/12
        let (c, _) = co2_o2_per_m2(500.0, Some(50.0), &p);
        assert!((c / 450.0 - 44.0 / 12.0).abs() < 0.05);
        let (c, o) = co2_o2_per_m2(100.0, Some(150.0), &p);
        assert!(c < 0.0 && o < 0.0);
    }
}
