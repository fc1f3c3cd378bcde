//! Land-area units used in Chinese and international land statistics.
//!
//! # Units
//! The canonical area unit is the hectare (ha = hm² = 10 000 m²).
//! 1 mu (亩) = 10 000 / 15 m² ≈ 666.67 m² (the legal definition since 1930:
//! 15 mu = 1 ha). 1 km² = 100 ha.

use std::fmt;
use std::str::FromStr;

/// A land-area unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AreaUnit {
    /// square metre
    SquareMetre,
    /// hectare = hm² (公顷)
    Hectare,
    /// square kilometre (平方公里)
    SquareKilometre,
    /// mu (亩), 1/15 ha
    Mu,
    /// 10⁴ hectares (万公顷), common in yearbooks
    TenThousandHectares,
}

impl AreaUnit {
    /// Every unit, for listings and suggestions.
    pub const ALL: [AreaUnit; 5] = [
        AreaUnit::SquareMetre,
        AreaUnit::Hectare,
        AreaUnit::SquareKilometre,
        AreaUnit::Mu,
        AreaUnit::TenThousandHectares,
    ];

    /// Hectares in one of this unit.
    pub fn hectares_per_unit(self) -> f64 {
        match self {
            AreaUnit::SquareMetre => 1.0e-4,
            AreaUnit::Hectare => 1.0,
            AreaUnit::SquareKilometre => 100.0,
            AreaUnit::Mu => 1.0 / 15.0,
            AreaUnit::TenThousandHectares => 1.0e4,
        }
    }

    /// Convert `value` in this unit to hectares.
    pub fn to_hectares(self, value: f64) -> f64 {
        value * self.hectares_per_unit()
    }

    /// The same unit in the dimensional system ([`crate::Unit`], base m²).
    pub fn unit(self) -> crate::Unit {
        crate::Unit::from_parts(
            self.spellings()[0],
            self.hectares_per_unit() * 1.0e4,
            crate::Dims::AREA,
            None,
        )
    }

    /// The spellings accepted by [`FromStr`], canonical first.
    pub fn spellings(self) -> &'static [&'static str] {
        match self {
            AreaUnit::SquareMetre => &["m2", "m²", "平方米"],
            AreaUnit::Hectare => &["ha", "hm2", "hm²", "hectare", "公顷"],
            AreaUnit::SquareKilometre => &["km2", "km²", "平方公里", "平方千米"],
            AreaUnit::Mu => &["mu", "亩"],
            AreaUnit::TenThousandHectares => &["1e4 ha", "1e4 hm2", "10^4 hm2", "万公顷"],
        }
    }
}

impl fmt::Display for AreaUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.spellings()[0])
    }
}

/// An area unit string that is not recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownAreaUnit(pub String);

impl fmt::Display for UnknownAreaUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown area unit '{}'; accepted: ha, hm2, km2, mu, m2, 1e4 ha",
            self.0
        )
    }
}

impl std::error::Error for UnknownAreaUnit {}

impl FromStr for AreaUnit {
    type Err = UnknownAreaUnit;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        for u in AreaUnit::ALL {
            if u.spellings().iter().any(|sp| sp.to_lowercase() == t) {
                return Ok(u);
            }
        }
        Err(UnknownAreaUnit(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_spellings() {
        assert_eq!("hm2".parse::<AreaUnit>(), Ok(AreaUnit::Hectare));
        assert_eq!("HA".parse::<AreaUnit>(), Ok(AreaUnit::Hectare));
        assert_eq!("亩".parse::<AreaUnit>(), Ok(AreaUnit::Mu));
        assert_eq!("km²".parse::<AreaUnit>(), Ok(AreaUnit::SquareKilometre));
        assert!("acre".parse::<AreaUnit>().is_err());
    }

    #[test]
    fn agrees_with_the_dimensional_parser() {
        // two lists of area spellings exist (this enum predates Unit): they
        // must agree on every spelling
        for u in AreaUnit::ALL {
            for sp in u.spellings() {
                let parsed = crate::Unit::parse(sp).unwrap_or_else(|e| panic!("{sp}: {e}"));
                assert!(
                    (parsed.scale() - u.unit().scale()).abs() < 1e-9 * u.unit().scale(),
                    "{sp}"
                );
                assert_eq!(parsed.dims(), crate::Dims::AREA);
            }
        }
    }

    #[test]
    fn converts_to_hectares() {
        assert!((AreaUnit::Mu.to_hectares(15.0) - 1.0).abs() < 1e-12);
        assert!((AreaUnit::SquareKilometre.to_hectares(1.0) - 100.0).abs() < 1e-12);
        assert!((AreaUnit::SquareMetre.to_hectares(10_000.0) - 1.0).abs() < 1e-12);
    }
}
