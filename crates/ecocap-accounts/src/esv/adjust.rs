//! Spatio-temporal adjustment factors and which services they govern.
//!
//! Later Xie-method papers scale the equivalents by regional/national
//! ratios: NPP (冯强 et al., Shanxi: NPP 0.562; 张凯莉 et al.: Fᵢ = Nᵢ/N̄),
//! precipitation (冯强 et al.: 0.782) and soil conservation. The default
//! service → factor map below is the commonly quoted three-factor scheme
//! (NPP for most services, precipitation for water supply and hydrological
//! regulation, soil conservation for soil conservation). GEP.md §1.3 marks
//! that scheme NOT VERIFIED against Xie et al. 2015 itself: it is a default
//! the user can override service by service.

use super::error::EsvError;
use serde::Serialize;
use std::collections::BTreeMap;

/// An adjustment factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Factor {
    /// net primary productivity ratio
    Npp,
    /// precipitation ratio
    Precipitation,
    /// soil-conservation ratio
    SoilConservation,
}

impl Factor {
    /// Every factor, in index order.
    pub const ALL: [Factor; 3] = [Factor::Npp, Factor::Precipitation, Factor::SoilConservation];

    /// Index 0..3.
    pub fn index(self) -> usize {
        match self {
            Factor::Npp => 0,
            Factor::Precipitation => 1,
            Factor::SoilConservation => 2,
        }
    }

    /// Id used in files and flags.
    pub fn id(self) -> &'static str {
        match self {
            Factor::Npp => "npp",
            Factor::Precipitation => "precipitation",
            Factor::SoilConservation => "soil",
        }
    }

    /// Parse an id (`npp`, `precipitation`/`precip`, `soil`).
    pub fn parse(s: &str) -> Option<Factor> {
        match s.trim().to_ascii_lowercase().as_str() {
            "npp" => Some(Factor::Npp),
            "precipitation" | "precip" | "rain" => Some(Factor::Precipitation),
            "soil" | "soil_conservation" => Some(Factor::SoilConservation),
            _ => None,
        }
    }
}

/// Service id → the factor that governs it (or none).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceFactorMap(pub BTreeMap<String, Option<Factor>>);

impl ServiceFactorMap {
    /// The default three-factor scheme over the given service ids.
    pub fn default_for<S: AsRef<str>>(services: &[S]) -> ServiceFactorMap {
        let map = services
            .iter()
            .map(|s| {
                let id = s.as_ref();
                let f = match id {
                    "water_supply" | "hydrological_regulation" | "water_conservation" => {
                        Factor::Precipitation
                    }
                    "soil_conservation" | "soil_formation_protection" => Factor::SoilConservation,
                    _ => Factor::Npp,
                };
                (id.to_string(), Some(f))
            })
            .collect();
        ServiceFactorMap(map)
    }

    /// Apply overrides written `service=factor` (factor `none` to exempt).
    pub fn with_overrides(mut self, overrides: &[String]) -> Result<Self, EsvError> {
        for o in overrides {
            let Some((s, f)) = o.split_once('=') else {
                return Err(EsvError::BadParameter {
                    input: "--factor-map".into(),
                    detail: format!("'{o}' is not of the form service=factor"),
                    hint: "write e.g. water_supply=precipitation or food_production=none".into(),
                });
            };
            let s = s.trim();
            if !self.0.contains_key(s) {
                let known: Vec<&str> = self.0.keys().map(|k| k.as_str()).collect();
                return Err(EsvError::BadParameter {
                    input: "--factor-map".into(),
                    detail: format!("unknown service '{s}'"),
                    hint: format!("services of this table: {}", known.join(", ")),
                });
            }
            let factor = if f.trim().eq_ignore_ascii_case("none") {
                None
            } else {
                Some(Factor::parse(f).ok_or_else(|| EsvError::BadParameter {
                    input: "--factor-map".into(),
                    detail: format!("unknown factor '{}'", f.trim()),
                    hint: "factors: npp, precipitation, soil, none".into(),
                })?)
            };
            self.0.insert(s.to_string(), factor);
        }
        Ok(self)
    }

    /// The factor governing `service`, if any.
    pub fn factor_of(&self, service: &str) -> Option<Factor> {
        self.0.get(service).copied().flatten()
    }
}

/// Adjustments applied to the unit values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Adjustments {
    /// regional coefficient R multiplying every value (1 = none)
    pub regional: f64,
    /// which factor governs which service
    pub factor_map: ServiceFactorMap,
    /// scalar factors per zone (zone id "*" applies to every zone)
    pub zone_scalars: BTreeMap<(String, Factor), f64>,
    /// factors supplied as per-cell rasters (their area-weighted sums
    /// arrive in [`super::AreaSums::weighted`])
    pub raster_factors: Vec<Factor>,
}

impl Adjustments {
    /// No adjustment.
    pub fn none<S: AsRef<str>>(services: &[S]) -> Adjustments {
        Adjustments {
            regional: 1.0,
            factor_map: ServiceFactorMap::default_for(services),
            zone_scalars: BTreeMap::new(),
            raster_factors: Vec::new(),
        }
    }

    /// The scalar factor for `zone` (1 when none given).
    pub fn scalar(&self, zone: &str, f: Factor) -> f64 {
        self.zone_scalars
            .get(&(zone.to_string(), f))
            .or_else(|| self.zone_scalars.get(&("*".to_string(), f)))
            .copied()
            .unwrap_or(1.0)
    }

    /// True when any adjustment differs from identity.
    pub fn is_identity(&self) -> bool {
        self.regional == 1.0 && self.zone_scalars.is_empty() && self.raster_factors.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_map_and_overrides() {
        let m = ServiceFactorMap::default_for(&[
            "food_production",
            "water_supply",
            "soil_conservation",
        ]);
        assert_eq!(m.factor_of("food_production"), Some(Factor::Npp));
        assert_eq!(m.factor_of("water_supply"), Some(Factor::Precipitation));
        assert_eq!(
            m.factor_of("soil_conservation"),
            Some(Factor::SoilConservation)
        );
        let m = m
            .with_overrides(&["food_production=none".into(), "water_supply=npp".into()])
            .unwrap();
        assert_eq!(m.factor_of("food_production"), None);
        assert_eq!(m.factor_of("water_supply"), Some(Factor::Npp));
        assert!(m.clone().with_overrides(&["foo=npp".into()]).is_err());
        assert!(m.with_overrides(&["water_supply=wind".into()]).is_err());
    }

    #[test]
    fn zone_scalars_fall_back_to_star() {
        let mut a = Adjustments::none(&["x"]);
        a.zone_scalars.insert(("*".into(), Factor::Npp), 0.5);
        a.zone_scalars.insert(("z1".into(), Factor::Npp), 0.8);
        assert_eq!(a.scalar("z1", Factor::Npp), 0.8);
        assert_eq!(a.scalar("z2", Factor::Npp), 0.5);
        assert_eq!(a.scalar("z2", Factor::Precipitation), 1.0);
    }
}
