//! True cell areas.
//!
//! On projected grids a cell's area is |a·e − b·d| from the geotransform,
//! times the square of the linear unit (metres per unit). On geographic
//! (lat/lon) grids the area of a cell depends on latitude; it is computed
//! exactly on the ellipsoid as the area of a band between two parallels
//! times the cell's share of 360° of longitude.
//!
//! # Formula
//! The area between the equator and latitude φ on an ellipsoid of
//! revolution with semi-major axis a and eccentricity e is
//! `A(φ) = π·b²·q(φ)` per full turn of longitude (b = semi-minor axis), with
//! `q(φ) = sinφ/(1 − e²sin²φ) − (1/(2e))·ln((1 − e·sinφ)/(1 + e·sinφ))`
//! (Snyder 1987, *Map Projections — A Working Manual*, USGS PP 1395,
//! eq. 3-12, the authalic-latitude function). A cell of Δλ radians
//! between φ₁ and φ₂ then has area `b²·Δλ/2 · |q(φ₂) − q(φ₁)|`.

use crate::grid::Grid;

/// An ellipsoid of revolution.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ellipsoid {
    /// semi-major axis, metres
    pub a: f64,
    /// inverse flattening (0 for a sphere)
    pub inv_f: f64,
}

impl Ellipsoid {
    /// WGS 84 (EPSG:7030).
    pub const WGS84: Ellipsoid = Ellipsoid {
        a: 6_378_137.0,
        inv_f: 298.257_223_563,
    };
    /// CGCS2000, China's geodetic datum (same a, 1/f = 298.257222101).
    pub const CGCS2000: Ellipsoid = Ellipsoid {
        a: 6_378_137.0,
        inv_f: 298.257_222_101,
    };

    fn b(&self) -> f64 {
        if self.inv_f == 0.0 {
            self.a
        } else {
            self.a * (1.0 - 1.0 / self.inv_f)
        }
    }

    fn e(&self) -> f64 {
        if self.inv_f == 0.0 {
            0.0
        } else {
            let f = 1.0 / self.inv_f;
            (2.0 * f - f * f).sqrt()
        }
    }

    /// Snyder's q(φ) (eq. 3-12); φ in radians.
    fn q(&self, phi: f64) -> f64 {
        let e = self.e();
        let s = phi.sin();
        if e == 0.0 {
            return 2.0 * s;
        }
        let es = e * s;
        s / (1.0 - es * es) - (1.0 / (2.0 * e)) * ((1.0 - es) / (1.0 + es)).ln()
    }
}

/// Area in m² of the band between latitudes `lat1` and `lat2` (degrees),
/// spanning `dlon` degrees of longitude, on `ellipsoid`.
pub fn ellipsoid_band_area_m2(ellipsoid: Ellipsoid, lat1: f64, lat2: f64, dlon: f64) -> f64 {
    let b = ellipsoid.b();
    let dq = ellipsoid.q(lat2.to_radians()) - ellipsoid.q(lat1.to_radians());
    (b * b * dlon.to_radians().abs() / 2.0 * dq).abs()
}

/// Cell area in hectares for every row of `grid`.
///
/// Projected grids give the same value on every row. Geographic grids give
/// the ellipsoidal area of each row's cells (rotated geotransforms are not
/// supported on geographic grids and use the unrotated cell size).
pub fn cell_area_ha_by_row(grid: &Grid) -> Vec<f64> {
    let gt = grid.geo_transform;
    match grid.geographic_ellipsoid() {
        Some(ell) => (0..grid.height)
            .map(|row| {
                let lat_top = gt[3] + gt[5] * row as f64;
                let lat_bottom = lat_top + gt[5];
                ellipsoid_band_area_m2(ell, lat_top, lat_bottom, gt[1]) / 10_000.0
            })
            .collect(),
        None => {
            let unit = grid.linear_unit_m();
            let a = (gt[1] * gt[5] - gt[2] * gt[4]).abs() * unit * unit / 10_000.0;
            vec![a; grid.height]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    #[test]
    fn whole_wgs84_ellipsoid_area() {
        // Total surface of the WGS 84 ellipsoid: 5.10065621724e14 m²
        // (NIMA TR8350.2, 3rd ed., Table 3.5 lists the authalic radius
        // 6371007.1809 m → 4πR² = 5.100656e14 m²).
        let total = ellipsoid_band_area_m2(Ellipsoid::WGS84, -90.0, 90.0, 360.0);
        let r = 6_371_007.180_9_f64;
        let expect = 4.0 * std::f64::consts::PI * r * r;
        assert!(rel(total, expect) < 1e-9, "{total} vs {expect}");
    }

    #[test]
    fn sum_of_rows_equals_band() {
        let ell = Ellipsoid::CGCS2000;
        let sum: f64 = (0..100)
            .map(|i| {
                let top = 40.0 - i as f64 * 0.01;
                ellipsoid_band_area_m2(ell, top, top - 0.01, 0.5)
            })
            .sum();
        let whole = ellipsoid_band_area_m2(ell, 40.0, 39.0, 0.5);
        assert!(rel(sum, whole) < 1e-12);
    }

    #[test]
    fn one_degree_cell_at_equator() {
        // 1°×1° at the equator on WGS 84 ≈ 12 308.8 km² (111.32 km × 110.57 km).
        let a = ellipsoid_band_area_m2(Ellipsoid::WGS84, 0.0, 1.0, 1.0) / 1e6;
        assert!((a - 12_308.8).abs() < 2.0, "{a}");
        // shrinks with latitude roughly as cos φ (within 2 %: the
        // ellipsoid's meridian degree is ~1 % longer at 60° than at 0°)
        let a60 = ellipsoid_band_area_m2(Ellipsoid::WGS84, 59.5, 60.5, 1.0) / 1e6;
        assert!(rel(a60 / a, 60f64.to_radians().cos()) < 0.02);
    }

    #[test]
    fn sphere_matches_spherical_formula() {
        let s = Ellipsoid {
            a: 6_371_000.0,
            inv_f: 0.0,
        };
        let a = ellipsoid_band_area_m2(s, 10.0, 20.0, 30.0);
        let r = 6_371_000.0_f64;
        let expect =
            r * r * 30f64.to_radians() * (20f64.to_radians().sin() - 10f64.to_radians().sin());
        assert!(rel(a, expect) < 1e-12);
    }
}
