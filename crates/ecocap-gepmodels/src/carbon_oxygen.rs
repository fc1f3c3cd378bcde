//! Carbon sequestration and oxygen release (固碳释氧) from NPP or NEP by the
//! photosynthesis equation.
//!
//! 6 CO₂ + 6 H₂O → C₆H₁₂O₆ + 6 O₂: each mole of carbon fixed takes one
//! mole of CO₂ and releases one mole of O₂. From a carbon flux (g C) the
//! quantities are therefore exact molar-mass ratios:
//! CO₂ = C × 44/12 and O₂ = C × 32/12 (= CO₂ × 32/44). This is the form of
//! the national GEP specification (《生态产品总值核算规范（试行）》, NDRC and
//! NBS 2022, 固碳: Q = M_CO₂/M_C × NEP; 释氧: Q_O₂ = M_O₂/M_CO₂ × Q_CO₂ — as
//! quoted in the accounts that apply it; the specification's text was not
//! read here).
//!
//! From a dry-matter flux (g DM) the classical coefficients apply: building
//! 162 g of dry matter (C₆H₁₀O₅) fixes 264 g CO₂ and releases 192 g O₂, i.e.
//! 1.63 g CO₂ and 1.19 g O₂ per g dry matter (欧阳志云, 王如松, 赵景柱 1999,
//! 生态学报 19(5); LY/T 1721-2008: 264/162 = 1.630, 192/162 = 1.185). The
//! two routes agree only when dry matter is 72/162 = 44.4 % carbon; the
//! earlier ecocap route (carbon ÷ 0.45 × 1.63) mixed them and understated
//! CO₂ and O₂ by 1.2 % and 0.8 % (issue 11: 450 g C/m² over 1 ha is
//! 16.50 t CO₂ and 12.00 t O₂, it gave 16.30 and 11.90).
//!
//! **Basis.** Net ecosystem production NEP = NPP − Rh (soil heterotrophic
//! respiration) is the net uptake; NPP overstates it by Rh. The national
//! specification values carbon sequestration on NEP; many earlier studies
//! (欧阳志云 et al. 1999) put both CO₂ and O₂ on NPP. The basis of each
//! quantity is chosen separately ([`Basis`]); the account says which one it
//! used.

use ecocap_spec::{InputKind as K, InputSpec as I, ModelSpec, OutputSpec as O};
use serde::Serialize;

/// g CO₂ per g C (molar masses 44.01/12.011, taken as 44/12 as the
/// specification prints it).
pub const CO2_PER_C: f64 = 44.0 / 12.0;

/// g O₂ per g C (32/12): one O₂ released per CO₂ fixed.
pub const O2_PER_C: f64 = 32.0 / 12.0;

/// What the NPP (and Rh) rasters measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum NppUnit {
    /// g C m⁻² yr⁻¹ (MODIS MOD17, CASA products): molar-mass ratios
    Carbon,
    /// g dry matter m⁻² yr⁻¹: the 1.63/1.19 coefficients
    DryMatter,
}

/// Which production a quantity is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Basis {
    /// NEP = NPP − Rh (net uptake; the national specification's basis)
    Nep,
    /// NPP (gross of soil respiration)
    Npp,
}

/// Photosynthesis settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Photosynthesis {
    /// unit of the NPP raster
    pub npp_unit: NppUnit,
    /// g CO₂ fixed per g dry matter (dry-matter route; default 1.63)
    pub co2_per_dm: f64,
    /// g O₂ released per g dry matter (dry-matter route; default 1.19)
    pub o2_per_dm: f64,
    /// basis of carbon sequestration
    pub carbon_basis: Basis,
    /// basis of oxygen release
    pub oxygen_basis: Basis,
}

impl Default for Photosynthesis {
    fn default() -> Self {
        Photosynthesis {
            npp_unit: NppUnit::Carbon,
            co2_per_dm: 1.63,
            o2_per_dm: 1.19,
            carbon_basis: Basis::Nep,
            oxygen_basis: Basis::Nep,
        }
    }
}

/// CO₂ fixed and O₂ released from sums of NEP and of Rh (both in the NPP
/// raster's unit, × area). With Rh = 0 the two bases coincide. A negative
/// NEP (a net source) gives negative quantities: the account shows the loss
/// rather than hiding it.
///
/// # Units
/// `nep` and `rh` g C (or g DM with [`NppUnit::DryMatter`]), per m² or
/// summed over m²; outputs g CO₂ and g O₂ on the same area.
pub fn co2_o2(nep: f64, rh: f64, p: &Photosynthesis) -> (f64, f64) {
    let base = |b: Basis| match b {
        Basis::Nep => nep,
        Basis::Npp => nep + rh,
    };
    let (c, o) = (base(p.carbon_basis), base(p.oxygen_basis));
    match p.npp_unit {
        NppUnit::Carbon => (c * CO2_PER_C, o * O2_PER_C),
        NppUnit::DryMatter => (c * p.co2_per_dm, o * p.o2_per_dm),
    }
}

/// CO₂ fixed and O₂ released per m² from NPP and optional Rh.
///
/// # Units
/// inputs g C (or g DM) m⁻² yr⁻¹; outputs g CO₂ and g O₂ m⁻² yr⁻¹.
pub fn co2_o2_per_m2(npp: f64, rh: Option<f64>, p: &Photosynthesis) -> (f64, f64) {
    let rh = rh.unwrap_or(0.0);
    co2_o2(npp - rh, rh, p)
}

/// The declaration.
pub fn spec() -> ModelSpec {
    ModelSpec::new(
        "carbon_oxygen",
        "Carbon sequestration and oxygen release",
        "固碳释氧",
        "CO2 fixed and O2 released by vegetation from NEP = NPP − Rh (or NPP) by the photosynthesis equation: 44/12 g CO2 and 32/12 g O2 per g C (national GEP specification 2022), or 1.63 g CO2 and 1.19 g O2 per g dry matter (欧阳志云 et al. 1999).",
    )
    .input(I::new("npp", K::RasterContinuous, "Net primary productivity", "净初级生产力").unit("g C/m2/yr"))
    .input(I::new("rh", K::RasterContinuous, "Soil heterotrophic respiration", "土壤异养呼吸").unit("g C/m2/yr").optional())
    .input(I::new("co2_per_dm", K::Number, "CO2 fixed per dry matter (dry-matter NPP)", "单位干物质固定CO2").unit("g/g").optional().default(1.63.into()).above(0.0))
    .input(I::new("o2_per_dm", K::Number, "O2 released per dry matter (dry-matter NPP)", "单位干物质释放O2").unit("g/g").optional().default(1.19.into()).above(0.0))
    .output(O::new("quantities.csv#carbon_sequestration", "t CO2", "CO2 fixed per zone and year"))
    .output(O::new("quantities.csv#oxygen_release", "t O2", "O2 released per zone and year"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * b.abs().max(1.0)
    }

    /// Issue 11: NPP 450 g C/m² over 1 ha → 16.50 t CO₂ and 12.00 t O₂.
    #[test]
    fn carbon_route_is_molar() {
        let p = Photosynthesis::default();
        let (c, o) = co2_o2_per_m2(450.0, None, &p);
        assert!(
            close(c * 1e4 / 1e6, 16.5) && close(o * 1e4 / 1e6, 12.0),
            "{c} {o}"
        );
        // O₂ = CO₂ × 32/44
        assert!(close(o, c * 32.0 / 44.0));
    }

    #[test]
    fn dry_matter_route() {
        let p = Photosynthesis {
            npp_unit: NppUnit::DryMatter,
            ..Photosynthesis::default()
        };
        let (c, o) = co2_o2_per_m2(1000.0, None, &p);
        assert!(close(c, 1630.0) && close(o, 1190.0));
        // 1000 g DM at 72/162 carbon by the carbon route gives 264/162 g CO₂ per g DM
        let carbon = co2_o2_per_m2(1000.0 * 72.0 / 162.0, None, &Photosynthesis::default());
        assert!(close(carbon.0, 1000.0 * 264.0 / 162.0));
        assert!(close(carbon.1, 1000.0 * 192.0 / 162.0));
    }

    #[test]
    fn bases_apart() {
        // NPP 500, Rh 50: CO₂ on NEP (450), O₂ on NPP (500)
        let p = Photosynthesis {
            oxygen_basis: Basis::Npp,
            ..Photosynthesis::default()
        };
        let (c, o) = co2_o2_per_m2(500.0, Some(50.0), &p);
        assert!(close(c, 450.0 * 44.0 / 12.0) && close(o, 500.0 * 32.0 / 12.0));
        // a net source stays negative on NEP
        let (c, o) = co2_o2_per_m2(100.0, Some(150.0), &Photosynthesis::default());
        assert!(c < 0.0 && o < 0.0);
    }
}
