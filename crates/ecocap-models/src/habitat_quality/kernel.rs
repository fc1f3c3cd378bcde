//! Pure habitat-quality kernels (no I/O): exact Euclidean distance
//! transform, distance decay, degradation and quality.

/// Exact Euclidean distance (in pixels) from every cell to the nearest
/// `true` cell of `feature` (`width` × `height`, row-major); `f32::INFINITY`
/// everywhere when there is no feature cell.
///
/// Felzenszwalb & Huttenlocher (2012), "Distance transforms of sampled
/// functions", Theory of Computing 8: the squared EDT is separable, a 1-D
/// lower envelope of parabolas per column and then per row.
pub fn distance_transform(feature: &[bool], width: usize, height: usize) -> Vec<f32> {
    let (mut scratch, mut out) = (Vec::new(), Vec::new());
    distance_transform_into(feature, width, height, &mut scratch, &mut out);
    out
}

/// [`distance_transform`] into `out`, with `scratch` reused between calls
/// (large grids: no fresh allocation per threat).
pub fn distance_transform_into(
    feature: &[bool],
    width: usize,
    height: usize,
    scratch: &mut Vec<f64>,
    out: &mut Vec<f32>,
) {
    use rayon::prelude::*;
    const INF: f64 = 1e20;
    out.clear();
    if !feature.iter().any(|f| *f) {
        out.resize(feature.len(), f32::INFINITY);
        return;
    }
    out.resize(width * height, 0.0);
    scratch.resize(width * height, 0.0);
    // Column pass, written transposed (column-major) so that both passes
    // work on contiguous memory and run in parallel.
    scratch
        .par_chunks_mut(height.max(1))
        .enumerate()
        .for_each_init(
            || {
                (
                    vec![0.0; height],
                    vec![0usize; height],
                    vec![0.0; height + 1],
                )
            },
            |(f, v, z), (c, col)| {
                for r in 0..height {
                    f[r] = if feature[r * width + c] { 0.0 } else { INF };
                }
                dt1(f, col, v, z);
            },
        );
    let cols = &*scratch;
    out.par_chunks_mut(width.max(1)).enumerate().for_each_init(
        || {
            (
                vec![0.0; width],
                vec![0.0; width],
                vec![0usize; width],
                vec![0.0; width + 1],
            )
        },
        |(f, d, v, z), (r, row)| {
            for c in 0..width {
                f[c] = cols[c * height + r];
            }
            dt1(f, d, v, z);
            for (o, x) in row.iter_mut().zip(d.iter()) {
                *o = x.sqrt() as f32;
            }
        },
    );
}

/// 1-D squared distance transform of `f` into `d` (lower envelope).
fn dt1(f: &[f64], d: &mut [f64], v: &mut [usize], z: &mut [f64]) {
    let n = f.len();
    if n == 0 {
        return;
    }
    let mut k = 0usize;
    v[0] = 0;
    z[0] = f64::NEG_INFINITY;
    z[1] = f64::INFINITY;
    let inter = |q: usize, p: usize| {
        ((f[q] + (q * q) as f64) - (f[p] + (p * p) as f64)) / (2.0 * q as f64 - 2.0 * p as f64)
    };
    for q in 1..n {
        let mut s = inter(q, v[k]);
        // z[0] is −∞, so the loop stops at k = 0 for any finite s
        while s <= z[k] && k > 0 {
            k -= 1;
            s = inter(q, v[k]);
        }
        k += 1;
        v[k] = q;
        z[k] = s;
        z[k + 1] = f64::INFINITY;
    }
    k = 0;
    for (q, out) in d.iter_mut().enumerate().take(n) {
        while z[k + 1] < q as f64 {
            k += 1;
        }
        let p = v[k];
        let dq = q as f64 - p as f64;
        *out = dq * dq + f[p];
    }
}

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
    const Z: f64 = 2.5;
    let dz = deg.powf(Z);
    habitat * (1.0 - dz / (dz + k.powf(Z)))
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

    fn brute(feature: &[bool], w: usize, h: usize) -> Vec<f32> {
        (0..w * h)
            .map(|i| {
                let (r, c) = ((i / w) as f64, (i % w) as f64);
                feature
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| **f)
                    .map(|(j, _)| {
                        (((j / w) as f64 - r).powi(2) + ((j % w) as f64 - c).powi(2)).sqrt()
                    })
                    .fold(f64::INFINITY, f64::min) as f32
            })
            .collect()
    }

    #[test]
    fn edt_is_exact() {
        let (w, h) = (13, 9);
        let feature: Vec<bool> = (0..w * h).map(|i| (i * 7919) % 23 == 0).collect();
        let got = distance_transform(&feature, w, h);
        let want = brute(&feature, w, h);
        for (g, x) in got.iter().zip(&want) {
            assert!((g - x).abs() < 1e-5, "{g} vs {x}");
        }
        assert!(distance_transform(&[false; 4], 2, 2)
            .iter()
            .all(|d| d.is_infinite()));
    }

    #[test]
    fn edt_matches_invest_h7_row_0() {
        // threat_1_c: rows 20..80, cols 5..8 of a 100×100 grid; row 0 starts
        // 20.616, 20.396, 20.224, 20.1, 20.025, 20.0 (INVEST_MODELS.md §3.4)
        let mut f = vec![false; 100 * 100];
        for r in 20..80 {
            for c in 5..8 {
                f[r * 100 + c] = true;
            }
        }
        let d = distance_transform(&f, 100, 100);
        for (g, x) in d[..6]
            .iter()
            .zip([20.616, 20.396, 20.224, 20.1, 20.025, 20.0])
        {
            assert!((g - x).abs() < 1e-3, "{g} vs {x}");
        }
    }

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
