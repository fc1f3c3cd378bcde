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

/// Column distance of a cell whose column holds no feature cell.
pub const NO_FEATURE: u32 = u32::MAX;

/// The column pass, fed row by row from the top.
pub struct Columns {
    width: usize,
    rows: usize,
    /// row index of the last feature cell seen in each column
    last: Vec<u32>,
    /// per cell (row-major): rows to the nearest feature cell in its column
    pub g: Vec<u32>,
    any: bool,
}

impl Columns {
    /// An empty pass for a grid `width` cells wide, `height` rows high.
    pub fn new(width: usize, height: usize) -> Columns {
        Columns {
            width,
            rows: 0,
            last: vec![NO_FEATURE; width],
            g: Vec::with_capacity(width * height),
            any: false,
        }
    }

    /// Add the next row (`width` flags, true on feature cells), sweeping down.
    pub fn push_row(&mut self, feature: impl IntoIterator<Item = bool>) {
        let r = self.rows as u32;
        let before = self.g.len();
        for (f, last) in feature.into_iter().zip(self.last.iter_mut()) {
            let g = if f {
                *last = r;
                self.any = true;
                0
            } else if *last == NO_FEATURE {
                NO_FEATURE
            } else {
                r - *last
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

    /// Finish with the upward sweep: `g` then holds, per cell, the distance
    /// in rows to the nearest feature cell of its column.
    pub fn finish(mut self) -> Vec<u32> {
        let w = self.width;
        if w == 0 || !self.any {
            return self.g;
        }
        // row index of the nearest feature cell below, per column
        let mut next = vec![NO_FEATURE; w];
        for (r, row) in self.g.chunks_mut(w).enumerate().rev() {
            let r = r as u32;
            for (x, n) in row.iter_mut().zip(next.iter_mut()) {
                if *x == 0 {
                    *n = r;
                } else if *n != NO_FEATURE {
                    *x = (*x).min(*n - r);
                }
            }
        }
        self.g
    }
}

/// Work space of the row pass (one per thread).
#[derive(Default)]
pub struct Envelope {
    /// parabola apexes (cell index) of the lower envelope
    v: Vec<i64>,
    /// their heights g²
    h: Vec<i64>,
    /// breakpoints as fractions num/den (den > 0): parabola k is lowest
    /// from breakpoint k to breakpoint k + 1
    num: Vec<i64>,
    den: Vec<i64>,
}

impl Envelope {
    /// Squared distance of every cell of a row whose column distances are
    /// `g` into `out`; `None` when no column has a feature cell.
    pub fn row(&mut self, g: &[u32], out: &mut [u64]) -> Option<()> {
        self.v.clear();
        self.h.clear();
        self.num.clear();
        self.den.clear();
        for (q, gq) in g.iter().enumerate() {
            if *gq == NO_FEATURE {
                continue;
            }
            let (q, fq) = (q as i64, (*gq as i64) * (*gq as i64));
            loop {
                let Some(k) = self.v.len().checked_sub(1) else {
                    break;
                };
                let (p, fp) = (self.v[k], self.h[k]);
                // intersection of the parabolas at p and q: s = n / d
                let (n, d) = ((fq + q * q) - (fp + p * p), 2 * (q - p));
                if k > 0
                    && (n as i128) * (self.den[k] as i128) <= (self.num[k] as i128) * (d as i128)
                {
                    self.v.pop();
                    self.h.pop();
                    self.num.pop();
                    self.den.pop();
                    continue;
                }
                break;
            }
            if let Some(k) = self.v.len().checked_sub(1) {
                let (p, fp) = (self.v[k], self.h[k]);
                self.num.push((fq + q * q) - (fp + p * p));
                self.den.push(2 * (q - p));
            } else {
                // the first breakpoint is −∞ (never compared)
                self.num.push(0);
                self.den.push(1);
            }
            self.v.push(q);
            self.h.push(fq);
        }
        if self.v.is_empty() {
            return None;
        }
        let last = self.v.len() - 1;
        let mut k = 0;
        for (q, o) in out.iter_mut().enumerate() {
            let q = q as i64;
            // breakpoint k + 1 < q  ⇔  num < q·den  (den > 0)
            while k < last && self.num[k + 1] < q * self.den[k + 1] {
                k += 1;
            }
            let dq = q - self.v[k];
            *o = (dq * dq + self.h[k]) as u64;
        }
        Some(())
    }
}

/// Exact Euclidean distance (in pixels) from every cell to the nearest
/// `true` cell of `feature` (`width` × `height`, row-major); `f32::INFINITY`
/// everywhere when there is no feature cell.
pub fn distance_transform(feature: &[bool], width: usize, height: usize) -> Vec<f32> {
    let mut cols = Columns::new(width, height);
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
}
