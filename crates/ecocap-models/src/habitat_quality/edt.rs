//! Exact Euclidean distance transform in integer arithmetic.
//!
//! Felzenszwalb & Huttenlocher (2012), "Distance transforms of sampled
//! functions", Theory of Computing 8: the squared EDT is separable. For a
//! binary feature map the column pass is the distance (in rows) to the
//! nearest feature cell of the same column, found by one sweep down and one
//! sweep up ([`Columns`]); the row pass is the lower envelope of the
//! parabolas `(x − p)² + g(p)²` over the cells `p` of a row ([`Envelope`]).
//! Every quantity is an integer and the envelope's breakpoints are compared
//! as exact fractions, so the squared distances are exact on any grid size.
//!
//! A threat only acts within its reach, so column distances above a
//! `limit` are dropped (stored as "none"): a cell whose nearest feature
//! cell is within `limit` still gets its exact distance, any other cell a
//! distance above `limit` (or none). This lets a column distance fit in one
//! or two bytes.

/// Storage of a column distance (`NONE`: no feature cell within the limit).
pub trait Dist: Copy + PartialEq + Send + Sync + 'static {
    /// no feature cell within the limit
    const NONE: Self;
    /// largest storable distance
    const MAX: u32;
    /// `v` (at most `MAX`)
    fn from_u32(v: u32) -> Self;
    /// the distance
    fn get(self) -> u32;
}

macro_rules! dist {
    ($t:ty) => {
        impl Dist for $t {
            const NONE: $t = <$t>::MAX;
            const MAX: u32 = (<$t>::MAX - 1) as u32;
            #[inline]
            fn from_u32(v: u32) -> $t {
                v as $t
            }
            #[inline]
            fn get(self) -> u32 {
                self as u32
            }
        }
    };
}
dist!(u8);
dist!(u16);
dist!(u32);

/// The column pass, fed row by row from the top.
pub struct Columns<T: Dist> {
    width: usize,
    limit: u32,
    rows: u32,
    /// row index + 1 of the last feature cell seen in each column (0: none)
    last: Vec<u32>,
    /// per cell (row-major): rows to the nearest feature cell in its column
    g: Vec<T>,
    any: bool,
}

impl<T: Dist> Columns<T> {
    /// An empty pass for a grid `width` cells wide, `height` rows high,
    /// keeping column distances up to `limit` (at most `T::MAX`).
    pub fn new(width: usize, height: usize, limit: u32) -> Columns<T> {
        Columns {
            width,
            limit: limit.min(T::MAX),
            rows: 0,
            last: vec![0; width],
            g: Vec::with_capacity(width * height),
            any: false,
        }
    }

    /// Add the next row (`width` flags, true on feature cells), sweeping down.
    pub fn push_row(&mut self, feature: impl IntoIterator<Item = bool>) {
        let r = self.rows + 1;
        let before = self.g.len();
        for (f, last) in feature.into_iter().zip(self.last.iter_mut()) {
            let g = if f {
                *last = r;
                self.any = true;
                T::from_u32(0)
            } else if *last == 0 || r - *last > self.limit {
                T::NONE
            } else {
                T::from_u32(r - *last)
            };
            self.g.push(g);
        }
        debug_assert_eq!(self.g.len() - before, self.width);
        self.rows += 1;
    }

    /// True when some cell is a feature cell.
    pub fn any(&self) -> bool {
        self.any
    }

    /// Finish with the upward sweep: per cell, the distance in rows to the
    /// nearest feature cell of its column (`NONE` beyond the limit).
    pub fn finish(mut self) -> Vec<T> {
        let w = self.width;
        if w == 0 || !self.any {
            return self.g;
        }
        let zero = T::from_u32(0);
        // row index + 1 of the nearest feature cell below, per column
        let mut next = vec![0u32; w];
        for (r, row) in self.g.chunks_mut(w).enumerate().rev() {
            let r = r as u32 + 1;
            for (x, n) in row.iter_mut().zip(next.iter_mut()) {
                if *x == zero {
                    *n = r;
                } else if *n != 0 {
                    let d = *n - r;
                    if d <= self.limit && (*x == T::NONE || d < x.get()) {
                        *x = T::from_u32(d);
                    }
                }
            }
        }
        self.g
    }
}

/// One parabola of the lower envelope: apex `v`, height `h` = g², lowest
/// from breakpoint `num/den` (den > 0) to the next parabola's breakpoint.
#[derive(Clone, Copy)]
struct Piece {
    v: i64,
    h: i64,
    num: i64,
    den: i64,
}

/// `a/b ≤ c/d` for b, d > 0, exact.
#[inline]
fn frac_le(a: i64, b: i64, c: i64, d: i64) -> bool {
    match (a.checked_mul(d), c.checked_mul(b)) {
        (Some(x), Some(y)) => x <= y,
        _ => (a as i128) * (d as i128) <= (c as i128) * (b as i128),
    }
}

/// Work space of the row pass (one per thread).
#[derive(Default)]
pub struct Envelope {
    pieces: Vec<Piece>,
}

impl Envelope {
    /// Squared distance of every cell of a row whose column distances are
    /// `g` into `out`; None when no column distance is kept.
    pub fn row<T: Dist>(&mut self, g: &[T], out: &mut [u64]) -> Option<()> {
        let env = &mut self.pieces;
        env.clear();
        for (q, gq) in g.iter().enumerate() {
            if *gq == T::NONE {
                continue;
            }
            let (q, fq) = (q as i64, (gq.get() as i64) * (gq.get() as i64));
            // intersection with the top parabola p: s = num/den
            let (mut num, mut den) = (0, 1);
            while let Some(top) = env.last() {
                num = (fq + q * q) - (top.h + top.v * top.v);
                den = 2 * (q - top.v);
                // the first piece starts at −∞ and is never popped
                if env.len() > 1 && frac_le(num, den, top.num, top.den) {
                    env.pop();
                } else {
                    break;
                }
            }
            env.push(Piece {
                v: q,
                h: fq,
                num,
                den,
            });
        }
        if env.is_empty() {
            return None;
        }
        let mut k = 0;
        for (q, o) in out.iter_mut().enumerate() {
            let q = q as i64;
            // breakpoint k + 1 < q  ⇔  num < q·den  (den > 0)
            while k + 1 < env.len() && env[k + 1].num < q * env[k + 1].den {
                k += 1;
            }
            let dq = q - env[k].v;
            *o = (dq * dq + env[k].h) as u64;
        }
        Some(())
    }
}

/// Exact Euclidean distance (in pixels) from every cell to the nearest
/// `true` cell of `feature` (`width` × `height`, row-major); `f32::INFINITY`
/// everywhere when there is no feature cell.
pub fn distance_transform(feature: &[bool], width: usize, height: usize) -> Vec<f32> {
    let mut cols = Columns::<u32>::new(width, height, u32::MAX);
    for row in feature.chunks(width.max(1)) {
        cols.push_row(row.iter().copied());
    }
    if !cols.any() {
        return vec![f32::INFINITY; feature.len()];
    }
    let g = cols.finish();
    let mut env = Envelope::default();
    let mut sq = vec![0u64; width];
    let mut out = Vec::with_capacity(feature.len());
    for row in g.chunks(width.max(1)) {
        env.row(row, &mut sq);
        out.extend(sq.iter().map(|d| (*d as f64).sqrt() as f32));
    }
    out
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
    fn limit_keeps_near_distances_exact() {
        let (w, h) = (40, 30);
        let feature: Vec<bool> = (0..w * h).map(|i| (i * 104_729) % 97 == 0).collect();
        let want = brute(&feature, w, h);
        for limit in [0u32, 1, 3, 7] {
            let mut cols = Columns::<u8>::new(w, h, limit);
            for row in feature.chunks(w) {
                cols.push_row(row.iter().copied());
            }
            let g = cols.finish();
            let (mut env, mut sq) = (Envelope::default(), vec![0u64; w]);
            for (r, row) in g.chunks(w).enumerate() {
                let kept = env.row(row, &mut sq).is_some();
                for c in 0..w {
                    let x = want[r * w + c];
                    let got = (sq[c] as f64).sqrt() as f32;
                    if x <= limit as f32 {
                        assert!(kept && got == x, "limit {limit} ({r}, {c}): {got} vs {x}");
                    } else {
                        assert!(
                            !kept || got > limit as f32,
                            "limit {limit} ({r}, {c}): {got} vs {x}"
                        );
                    }
                }
            }
        }
    }
}
