//! The table of unit spellings: every name a user may write for a base
//! unit, declared once. Parsing ([`crate::Unit`]) and listings read it.
//!
//! # Units
//! `scale` converts one of the unit into the base unit of its dimension
//! (m, m², m³, t, kWh, yuan, person-trip). Sources for the non-SI ones:
//! 1 亩 = 1/15 ha (legal definition since 1930); 1 kWh = 3.6 MJ (SI);
//! 1 度 (electricity) = 1 kWh.

use crate::dims::Dims;

/// One named base unit with all its spellings (canonical first).
#[derive(Debug, Clone, Copy)]
pub struct BaseUnit {
    /// Accepted spellings; the first is the canonical display form.
    pub spellings: &'static [&'static str],
    /// Dimension.
    pub dims: Dims,
    /// Base units per one of this unit.
    pub scale: f64,
}

const fn b(spellings: &'static [&'static str], dims: Dims, scale: f64) -> BaseUnit {
    BaseUnit {
        spellings,
        dims,
        scale,
    }
}

/// Every base unit the parser knows.
pub const BASE_UNITS: &[BaseUnit] = &[
    // dimensionless
    b(&["1", "ratio", "unitless", "无量纲"], Dims::NONE, 1.0),
    b(&["%", "percent", "pct"], Dims::NONE, 0.01),
    // length
    b(&["m", "metre", "meter", "米"], Dims::LENGTH, 1.0),
    b(&["km", "千米", "公里"], Dims::LENGTH, 1.0e3),
    b(&["cm", "厘米"], Dims::LENGTH, 1.0e-2),
    b(&["mm", "毫米"], Dims::LENGTH, 1.0e-3),
    // area
    b(&["m2", "m²", "m^2", "sq m", "平方米"], Dims::AREA, 1.0),
    b(
        &["hm2", "hm²", "hm^2", "ha", "hectare", "hectares", "公顷"],
        Dims::AREA,
        1.0e4,
    ),
    b(
        &["km2", "km²", "km^2", "sq km", "平方公里", "平方千米"],
        Dims::AREA,
        1.0e6,
    ),
    b(&["mu", "亩"], Dims::AREA, 1.0e4 / 15.0),
    // volume
    b(
        &["m3", "m³", "m^3", "cubic metre", "立方米", "方"],
        Dims::VOLUME,
        1.0,
    ),
    b(&["L", "litre", "liter", "升"], Dims::VOLUME, 1.0e-3),
    b(&["km3", "km³", "立方千米"], Dims::VOLUME, 1.0e9),
    // mass
    b(
        &["t", "tonne", "tonnes", "ton", "tons", "吨"],
        Dims::MASS,
        1.0,
    ),
    b(&["kg", "千克", "公斤"], Dims::MASS, 1.0e-3),
    b(&["g", "克"], Dims::MASS, 1.0e-6),
    b(&["Mt", "megatonne"], Dims::MASS, 1.0e6),
    b(&["Gg"], Dims::MASS, 1.0e3),
    b(&["Tg"], Dims::MASS, 1.0e6),
    b(&["Pg"], Dims::MASS, 1.0e9),
    // energy
    b(
        &[
            "kWh",
            "kW·h",
            "kW.h",
            "kW-h",
            "kW h",
            "kw·h",
            "千瓦时",
            "度",
        ],
        Dims::ENERGY,
        1.0,
    ),
    b(&["Wh", "W·h"], Dims::ENERGY, 1.0e-3),
    b(&["MWh", "MW·h", "兆瓦时"], Dims::ENERGY, 1.0e3),
    b(&["GWh", "GW·h"], Dims::ENERGY, 1.0e6),
    b(&["TWh", "TW·h"], Dims::ENERGY, 1.0e9),
    b(&["J", "joule", "焦耳"], Dims::ENERGY, 1.0 / 3.6e6),
    b(&["kJ", "千焦"], Dims::ENERGY, 1.0e3 / 3.6e6),
    b(&["MJ", "兆焦"], Dims::ENERGY, 1.0e6 / 3.6e6),
    b(&["GJ"], Dims::ENERGY, 1.0e9 / 3.6e6),
    b(&["TJ"], Dims::ENERGY, 1.0e12 / 3.6e6),
    // money
    b(&["yuan", "元", "CNY", "RMB", "¥"], Dims::MONEY, 1.0),
    // visits
    b(
        &[
            "person-trips",
            "person-trip",
            "person-times",
            "person-time",
            "trips",
            "trip",
            "visits",
            "visit",
            "visitors",
            "人次",
        ],
        Dims::TRIPS,
        1.0,
    ),
];

/// Chinese numeral multipliers written in front of a unit (万吨, 亿立方米).
/// Longest first so that 十万 wins over 十.
pub const CHINESE_MULTIPLIERS: &[(&str, f64)] = &[
    ("十万", 1.0e5),
    ("百万", 1.0e6),
    ("千万", 1.0e7),
    ("万亿", 1.0e12),
    ("亿", 1.0e8),
    ("万", 1.0e4),
    ("千", 1.0e3),
    ("百", 1.0e2),
    ("十", 1.0e1),
];

/// Substance qualifiers written after a mass unit: `t C`, `tCO2`, `t N`.
/// The first spelling of each entry is the canonical name.
pub const QUALIFIERS: &[&[&str]] = &[
    &["CO2", "CO₂", "二氧化碳"],
    &["C", "碳"],
    &["O2", "O₂", "氧", "氧气"],
    &["N", "氮"],
    &["P", "磷"],
    &["SO2", "SO₂"],
    &["NOx", "NOₓ"],
    &["COD"],
    &["NH3-N", "NH3N", "氨氮"],
    &["heat", "热量"],
    // mass of soil (e.g. soil retained), as opposed to the N or P in it
    &["soil", "土壤"],
];

/// Find a base unit by spelling: exact first, then ASCII case-insensitive.
pub fn lookup(s: &str) -> Option<&'static BaseUnit> {
    BASE_UNITS
        .iter()
        .find(|u| u.spellings.contains(&s))
        .or_else(|| {
            let l = s.to_lowercase();
            BASE_UNITS
                .iter()
                .find(|u| u.spellings.iter().any(|sp| sp.to_lowercase() == l))
        })
}

/// Find a qualifier by spelling; returns its canonical name.
pub fn lookup_qualifier(s: &str) -> Option<&'static str> {
    QUALIFIERS
        .iter()
        .find(|q| q.contains(&s))
        .or_else(|| {
            let l = s.to_lowercase();
            QUALIFIERS
                .iter()
                .find(|q| q.iter().any(|sp| sp.to_lowercase() == l))
        })
        .map(|q| q[0])
}

/// All spellings, for "did you mean" suggestions.
pub fn all_spellings() -> impl Iterator<Item = &'static str> {
    BASE_UNITS.iter().flat_map(|u| u.spellings.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for s in all_spellings() {
            assert!(seen.insert(s), "duplicate spelling {s}");
        }
    }

    #[test]
    fn case_fallback_is_unambiguous() {
        // Two different units whose spellings differ only by case would make
        // the case-insensitive fallback pick one silently.
        let mut seen = std::collections::HashMap::new();
        for (i, u) in BASE_UNITS.iter().enumerate() {
            for sp in u.spellings {
                if let Some(j) = seen.insert(sp.to_lowercase(), i) {
                    assert_eq!(i, j, "{sp} collides case-insensitively");
                }
            }
        }
        assert_eq!(lookup("KWH").map(|u| u.scale), Some(1.0));
    }
}
