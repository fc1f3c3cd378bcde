//! Sequential colour ramps and the fixed map colours.

/// An RGB colour.
pub type Rgb = [u8; 3];

/// Fill of nodata cells and of zones without a value: a light neutral grey
/// no sequential ramp below uses.
pub const NODATA: Rgb = [0xdd, 0xdd, 0xdd];
/// Page background and outside-the-zones fill.
pub const PAPER: Rgb = [0xff, 0xff, 0xff];
/// Text, frame and north arrow.
pub const INK: Rgb = [0x22, 0x22, 0x22];
/// Zone boundaries.
pub const BOUNDARY: Rgb = [0x4a, 0x4a, 0x4a];

/// A sequential colour ramp, light (low values) to dark (high values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Ramp {
    /// ColorBrewer "YlGn" (Brewer, Hatchard & Harrower 2003; colorbrewer2.org,
    /// 9-class scheme), without its near-white first colour so the lowest
    /// class stays visible on white paper. Green reads as "ecosystem value".
    #[default]
    YlGn,
    /// Matplotlib "viridis" (van der Walt & Smith 2015), perceptually
    /// uniform and readable by colour-blind readers and in greyscale print;
    /// reversed here so that high values are dark like YlGn.
    Viridis,
}

// ColorBrewer YlGn 9-class, classes 2..9 (#f7fcb9 … #004529).
const YLGN: [Rgb; 8] = [
    [0xf7, 0xfc, 0xb9],
    [0xd9, 0xf0, 0xa3],
    [0xad, 0xdd, 0x8e],
    [0x78, 0xc6, 0x79],
    [0x41, 0xab, 0x5d],
    [0x23, 0x84, 0x43],
    [0x00, 0x68, 0x37],
    [0x00, 0x45, 0x29],
];

// Viridis at t = 1, 7/8, …, 0 (light to dark).
const VIRIDIS: [Rgb; 9] = [
    [0xfd, 0xe7, 0x25],
    [0xad, 0xdc, 0x30],
    [0x5e, 0xc9, 0x62],
    [0x28, 0xae, 0x80],
    [0x21, 0x91, 0x8c],
    [0x2c, 0x72, 0x8e],
    [0x3b, 0x52, 0x8b],
    [0x47, 0x2d, 0x7b],
    [0x44, 0x01, 0x54],
];

impl Ramp {
    /// `n` colours from light to dark, evenly spaced along the ramp
    /// (linear interpolation in sRGB between the published stops).
    pub fn colors(self, n: usize) -> Vec<Rgb> {
        let stops: &[Rgb] = match self {
            Ramp::YlGn => &YLGN,
            Ramp::Viridis => &VIRIDIS,
        };
        match n {
            0 => Vec::new(),
            // One class: a mid colour, not the palest.
            1 => vec![sample(stops, 0.5)],
            _ => (0..n)
                .map(|i| sample(stops, i as f64 / (n - 1) as f64))
                .collect(),
        }
    }
}

fn sample(stops: &[Rgb], t: f64) -> Rgb {
    let x = t.clamp(0.0, 1.0) * (stops.len() - 1) as f64;
    let i = (x.floor() as usize).min(stops.len() - 2);
    let f = x - i as f64;
    let mix = |a: u8, b: u8| (a as f64 + f * (b as f64 - a as f64)).round() as u8;
    let (a, b) = (stops[i], stops[i + 1]);
    [mix(a[0], b[0]), mix(a[1], b[1]), mix(a[2], b[2])]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ramps_run_light_to_dark_and_hit_their_ends() {
        for ramp in [Ramp::YlGn, Ramp::Viridis] {
            for n in 2..=9 {
                let c = ramp.colors(n);
                assert_eq!(c.len(), n);
                let lum =
                    |c: Rgb| 0.2126 * c[0] as f64 + 0.7152 * c[1] as f64 + 0.0722 * c[2] as f64;
                assert!(
                    c.windows(2).all(|w| lum(w[0]) > lum(w[1])),
                    "{ramp:?} {n}: {c:?}"
                );
                assert!(!c.contains(&NODATA) && !c.contains(&PAPER));
            }
        }
        assert_eq!(Ramp::YlGn.colors(8), YLGN.to_vec());
        assert_eq!(Ramp::YlGn.colors(2), vec![YLGN[0], YLGN[7]]);
    }
}
