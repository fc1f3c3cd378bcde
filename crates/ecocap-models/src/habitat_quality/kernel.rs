//! Pure habitat-quality kernels (no I/O): distance decay, quality and
//! rarity.

/// Decay of a threat with distance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decay {
    /// `(dmax − d)/dmax`
    Linear,
    /// `exp(−2.99·d/dmax)` (2.99 makes the impact 5 % at dmax)
    Exponential,
}

/// Impact `i_r` of a threat at distance `d` pixels, with reach `max_px`
/// pixels; 0 beyond the reach (InVEST User's Guide, Habitat Quality, eq. 2–3).
pub fn decay(kind: Decay, d: f64, max_px: f64) -> f64 {
    if d > max_px {
        return 0.0;
    }
    match kind {
        Decay::Linear => (max_px - d) / max_px,
        Decay::Exponential => (-2.99 * d / max_px).exp(),
    }
}

/// Habitat quality `Q = H·(1 − D^z/(D^z + k^z))`, z = 2.5 (InVEST User's
/// Guide, Habitat Quality, eq. 4).
pub fn quality(habitat: f64, deg: f64, k: f64) -> f64 {
    quality_kz(habitat, deg, k.powf(Z))
}

/// Exponent z of the quality curve (InVEST User's Guide, Habitat Quality,
/// eq. 4).
pub const Z: f64 = 2.5;

/// [`quality`] with `kz` = k^z computed once.
#[inline]
pub fn quality_kz(habitat: f64, deg: f64, kz: f64) -> f64 {
    let dz = deg.powf(Z);
    habitat * (1.0 - dz / (dz + kz))
}

/// Rarity `R = 1 − N_x·A_x / (N_b·A_b + N_x·A_x)`, 0 when the class is
/// absent from the baseline (InVEST User's Guide, Habitat Quality, eq. 5 as
/// coded in 3.20).
pub fn rarity(n_x: f64, a_x: f64, n_b: f64, a_b: f64) -> f64 {
    if n_b == 0.0 {
        return 0.0;
    }
    1.0 - (n_x * a_x) / (n_b * a_b + n_x * a_x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decay_matches_invest_h12() {
        let got: Vec<f64> = [0.0, 21.0, 1.0, 2.0, 50.0, 600.0]
            .iter()
            .map(|d| decay(Decay::Linear, *d, 20.0))
            .collect();
        assert_eq!(got, vec![1.0, 0.0, 0.95, 0.9, 0.0, 0.0]);
        assert!((decay(Decay::Exponential, 20.0, 20.0) - (-2.99f64).exp()).abs() < 1e-12);
    }

    #[test]
    fn rarity_matches_invest_h10() {
        // base pixel 1 m², future pixel 4 m²: codes 1, 2, 3, 4
        let r = [
            rarity(2.0, 4.0, 3.0, 1.0),
            rarity(0.0, 4.0, 0.0, 1.0),
            rarity(3.0, 4.0, 4.0, 1.0),
            rarity(2.0, 4.0, 1.0, 1.0),
        ];
        let want = [0.272_727_27, 0.0, 0.25, 0.111_111_111_1];
        for (a, b) in r.iter().zip(want) {
            assert!((a - b).abs() < 1e-8, "{a} vs {b}");
        }
        assert_eq!(quality(0.7, 0.0, 0.5), 0.7);
    }
}
