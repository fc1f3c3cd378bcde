//! Method-defined conversions: the few places where an indicator's method,
//! not dimensional analysis, turns one kind of quantity into the kind its
//! price is quoted for. Pure kernels over base units, no I/O.
//!
//! # Units
//! Inputs and outputs are in base units (m², m³, t, kWh); parameters are in
//! base units too (t/m³, m, kWh/t, kWh/m³, ratio), already converted from
//! the catalog's declared units by [`crate::params`].

use ecocap_units::Dims;
use serde::{Deserialize, Serialize};

/// A conversion an indicator's method defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Conversion {
    /// Sand mass → area of land it would bury: `A = Q/(ρ·h)`
    /// (Ganzi 2017 eq. 6; ρ = 1.28 t/m³, h = 0.1 m).
    MassToArea,
    /// Soil retained (mass) → sediment volume: `V = λ·A_s/ρ`
    /// (Ganzi 2017 eq. 4; λ = 0.24, ρ = 0.93 t/m³).
    SoilMassToSedimentVolume,
    /// Soil retained (`t soil`) → nutrient mass: `N = A_s·C`
    /// (Ganzi 2017 eq. 5; C_N = 0.37 %, C_P = 0.108 %).
    SoilMassToNutrient,
    /// t C ↔ t CO₂ by the molar-mass ratio 44/12.
    CarbonToCo2,
    /// Heat absorbed by transpiration (`kJ heat`) → air-conditioner
    /// electricity: `E = heat/R` (Ganzi 2017 eq. 12, R = EER).
    HeatToElectricity,
    /// Evaporated water (m³) → electricity: `E·ρ·q + E·γ`
    /// (Ganzi 2017 eq. 13 as printed, q latent heat, γ humidifier use).
    EvaporationToElectricity,
}

impl Conversion {
    /// The catalog parameters this conversion reads.
    pub fn params(self) -> &'static [&'static str] {
        match self {
            Conversion::MassToArea => &["bulk_density", "depth"],
            Conversion::SoilMassToSedimentVolume => &["sediment_ratio", "bulk_density"],
            Conversion::SoilMassToNutrient => &["content"],
            Conversion::CarbonToCo2 => &["co2_per_c"],
            Conversion::HeatToElectricity => &["eer"],
            Conversion::EvaporationToElectricity => &["latent_heat", "humidifier", "water_density"],
        }
    }

    /// A one-line description for reports and the manifest.
    pub fn describe(self) -> &'static str {
        match self {
            Conversion::MassToArea => "area = mass / (bulk_density × depth)",
            Conversion::SoilMassToSedimentVolume => {
                "sediment volume = sediment_ratio × soil mass / bulk_density"
            }
            Conversion::SoilMassToNutrient => "nutrient mass = soil mass × content",
            Conversion::CarbonToCo2 => "t CO2 = t C × co2_per_c (44/12)",
            Conversion::HeatToElectricity => "electricity = heat / eer",
            Conversion::EvaporationToElectricity => {
                "electricity = E × water_density × latent_heat + E × humidifier"
            }
        }
    }

    /// Convert `q` (base units of `from`) into base units of `to`, or
    /// `None` when this conversion does not lead from `from` to `to`.
    /// `param` returns a parameter in base units.
    pub fn apply(
        self,
        q: f64,
        from: (Dims, Option<&str>),
        to: (Dims, Option<&str>),
        param: &dyn Fn(&str) -> Option<f64>,
    ) -> Option<f64> {
        let (fd, fq) = from;
        let (td, tq) = to;
        match self {
            Conversion::MassToArea if fd == Dims::MASS && td == Dims::AREA => {
                Some(q / (param("bulk_density")? * param("depth")?))
            }
            Conversion::SoilMassToSedimentVolume if fd == Dims::MASS && td == Dims::VOLUME => {
                Some(param("sediment_ratio")? * q / param("bulk_density")?)
            }
            Conversion::SoilMassToNutrient
                if fd == Dims::MASS
                    && td == Dims::MASS
                    && fq == Some("soil")
                    && tq != Some("soil") =>
            {
                Some(q * param("content")?)
            }
            Conversion::CarbonToCo2 if fd == Dims::MASS && td == Dims::MASS => match (fq, tq) {
                (Some("C"), Some("CO2") | None) => Some(q * param("co2_per_c")?),
                (Some("CO2") | None, Some("C")) => Some(q / param("co2_per_c")?),
                _ => None,
            },
            Conversion::HeatToElectricity
                if fd == Dims::ENERGY
                    && td == Dims::ENERGY
                    && fq == Some("heat")
                    && tq.is_none() =>
            {
                Some(q / param("eer")?)
            }
            Conversion::EvaporationToElectricity if fd == Dims::VOLUME && td == Dims::ENERGY => {
                let per_m3 = param("water_density")? * param("latent_heat")? + param("humidifier")?;
                Some(q * per_m3)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(name: &str) -> Option<f64> {
        Some(match name {
            "bulk_density" => 1.28,
            "depth" => 0.1,
            "sediment_ratio" => 0.24,
            "content" => 0.0037,
            "co2_per_c" => 44.0 / 12.0,
            "eer" => 3.0,
            // 2450 J/g = 2450 / 3.6e6 kWh per 1e-6 t
            "latent_heat" => 2450.0 / 3.6e6 / 1e-6,
            "humidifier" => 120.0,
            "water_density" => 1.0,
            _ => return None,
        })
    }

    #[test]
    fn sand_fixation_ganzi() {
        // Ganzi 2017 §3.2.3: 779.42e4 t → 60.89 km² of sand-covered land.
        let a = Conversion::MassToArea.apply(779.42e4, (Dims::MASS, None), (Dims::AREA, None), &p);
        let km2 = a.unwrap_or(0.0) / 1e6;
        assert!((km2 - 60.89).abs() < 0.005, "{km2}");
    }

    #[test]
    fn sediment_ganzi() {
        // Ganzi 2017 §3.2.2: 38.86e8 t soil retained, λ 0.24, ρ 0.93
        // → 10.03e8 m³ of sediment (Table 3).
        let soil = |n: &str| {
            if n == "bulk_density" {
                Some(0.93)
            } else {
                p(n)
            }
        };
        let v = Conversion::SoilMassToSedimentVolume
            .apply(
                38.86e8,
                (Dims::MASS, Some("soil")),
                (Dims::VOLUME, None),
                &soil,
            )
            .unwrap_or(0.0);
        assert!((v / 1e8 - 10.03).abs() < 0.005, "{v}");
    }

    #[test]
    fn nutrient_from_soil_ganzi() {
        // 38.86e8 t × 0.37 % = 1437.8e4 t N (Table 3 prints 1437.94e4 t,
        // computed from the unrounded soil total).
        let n = Conversion::SoilMassToNutrient
            .apply(
                38.86e8,
                (Dims::MASS, Some("soil")),
                (Dims::MASS, Some("N")),
                &p,
            )
            .unwrap_or(0.0);
        assert!((n / 1e4 - 1437.82).abs() < 0.01, "{n}");
        // a mass already of N is not converted again
        assert!(Conversion::SoilMassToNutrient
            .apply(1.0, (Dims::MASS, Some("N")), (Dims::MASS, Some("N")), &p)
            .is_none());
    }

    #[test]
    fn carbon_both_ways() {
        let c = Conversion::CarbonToCo2;
        let co2 = c.apply(12.0, (Dims::MASS, Some("C")), (Dims::MASS, Some("CO2")), &p);
        assert!((co2.unwrap_or(0.0) - 44.0).abs() < 1e-9);
        let back = c.apply(44.0, (Dims::MASS, Some("CO2")), (Dims::MASS, Some("C")), &p);
        assert!((back.unwrap_or(0.0) - 12.0).abs() < 1e-9);
        assert!(c
            .apply(1.0, (Dims::MASS, Some("N")), (Dims::MASS, Some("CO2")), &p)
            .is_none());
    }

    #[test]
    fn climate_conversions() {
        // 3 kWh of heat with EER 3 → 1 kWh of electricity
        let e = Conversion::HeatToElectricity.apply(
            3.0,
            (Dims::ENERGY, Some("heat")),
            (Dims::ENERGY, None),
            &p,
        );
        assert_eq!(e, Some(1.0));
        // 1 m³ evaporated: 1 t × 2450 J/g = 680.56 kWh, + 120 kWh humidifier
        let e = Conversion::EvaporationToElectricity
            .apply(1.0, (Dims::VOLUME, None), (Dims::ENERGY, None), &p)
            .unwrap_or(0.0);
        assert!((e - (2450.0e6 / 3.6e6 + 120.0)).abs() < 1e-9, "{e}");
    }

    #[test]
    fn wrong_direction_is_none() {
        assert!(Conversion::MassToArea
            .apply(1.0, (Dims::VOLUME, None), (Dims::AREA, None), &p)
            .is_none());
    }
}
