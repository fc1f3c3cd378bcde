//! Physical dimensions as exponent vectors over the base quantities that
//! GEP and ESV accounts use.
//!
//! # Units
//! The base units are: metre (length), tonne (mass), kilowatt-hour
//! (energy), yuan (money) and person-trip (visits). Energy is its own base
//! because accounts value electricity, never joules of work; a price in
//! yuan/kWh must meet a quantity in kWh (or J, converted).

use std::fmt;

/// Exponents of the five base quantities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Dims {
    /// metre
    pub length: i8,
    /// tonne
    pub mass: i8,
    /// kilowatt-hour
    pub energy: i8,
    /// yuan
    pub money: i8,
    /// person-trip
    pub trips: i8,
}

impl Dims {
    /// No dimension (a ratio, a percentage, a count of nothing in particular).
    pub const NONE: Dims = Dims::new(0, 0, 0, 0, 0);
    /// Length (m).
    pub const LENGTH: Dims = Dims::new(1, 0, 0, 0, 0);
    /// Area (m²).
    pub const AREA: Dims = Dims::new(2, 0, 0, 0, 0);
    /// Volume (m³).
    pub const VOLUME: Dims = Dims::new(3, 0, 0, 0, 0);
    /// Mass (t).
    pub const MASS: Dims = Dims::new(0, 1, 0, 0, 0);
    /// Energy (kWh).
    pub const ENERGY: Dims = Dims::new(0, 0, 1, 0, 0);
    /// Money (yuan).
    pub const MONEY: Dims = Dims::new(0, 0, 0, 1, 0);
    /// Visits (person-trips).
    pub const TRIPS: Dims = Dims::new(0, 0, 0, 0, 1);

    /// Build from exponents (length, mass, energy, money, trips).
    pub const fn new(length: i8, mass: i8, energy: i8, money: i8, trips: i8) -> Dims {
        Dims {
            length,
            mass,
            energy,
            money,
            trips,
        }
    }

    /// Dimension of a product.
    pub const fn mul(self, o: Dims) -> Dims {
        Dims::new(
            self.length + o.length,
            self.mass + o.mass,
            self.energy + o.energy,
            self.money + o.money,
            self.trips + o.trips,
        )
    }

    /// Dimension of a quotient.
    pub const fn div(self, o: Dims) -> Dims {
        Dims::new(
            self.length - o.length,
            self.mass - o.mass,
            self.energy - o.energy,
            self.money - o.money,
            self.trips - o.trips,
        )
    }

    /// A plain-language name: "volume", "money per area", "mass per volume" …
    pub fn describe(self) -> String {
        if let Some(n) = simple_name(self) {
            return n.to_string();
        }
        // Split into the positive and negative parts and name each.
        let pos = Dims::new(
            self.length.max(0),
            self.mass.max(0),
            self.energy.max(0),
            self.money.max(0),
            self.trips.max(0),
        );
        let neg = pos.div(self);
        match (simple_name(pos), simple_name(neg)) {
            (Some(p), Some(n)) => format!("{p} per {n}"),
            _ => self.to_string(),
        }
    }
}

fn simple_name(d: Dims) -> Option<&'static str> {
    Some(match d {
        Dims::NONE => "dimensionless",
        Dims::LENGTH => "length",
        Dims::AREA => "area",
        Dims::VOLUME => "volume",
        Dims::MASS => "mass",
        Dims::ENERGY => "energy",
        Dims::MONEY => "money",
        Dims::TRIPS => "visits",
        _ => return None,
    })
}

impl fmt::Display for Dims {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts = [
            ("m", self.length),
            ("t", self.mass),
            ("kWh", self.energy),
            ("yuan", self.money),
            ("trip", self.trips),
        ];
        let mut first = true;
        for (sym, e) in parts {
            if e == 0 {
                continue;
            }
            if !first {
                f.write_str("·")?;
            }
            first = false;
            if e == 1 {
                write!(f, "{sym}")?;
            } else {
                write!(f, "{sym}^{e}")?;
            }
        }
        if first {
            f.write_str("1")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_prices() {
        assert_eq!(Dims::MONEY.div(Dims::AREA).describe(), "money per area");
        assert_eq!(Dims::MASS.div(Dims::VOLUME).describe(), "mass per volume");
        assert_eq!(Dims::VOLUME.describe(), "volume");
        assert_eq!(Dims::MONEY.div(Dims::VOLUME).to_string(), "m^-3·yuan");
    }

    #[test]
    fn product_cancels() {
        let price = Dims::MONEY.div(Dims::VOLUME);
        assert_eq!(Dims::VOLUME.mul(price), Dims::MONEY);
    }
}
