//! The raster shape, the neighbour encoding shared by every routing step,
//! InVEST's nodata comparison and its block scan order.

use crate::error::{HydroError, Result};

/// Row offsets of the eight neighbours, by direction.
///
/// Directions are numbered counter-clockwise from east, as in
/// pygeoprocessing (`3 2 1 / 4 x 0 / 5 6 7`).
pub const ROW_OFFSETS: [isize; 8] = [0, -1, -1, -1, 0, 1, 1, 1];
/// Column offsets of the eight neighbours, by direction.
pub const COL_OFFSETS: [isize; 8] = [1, 1, 0, -1, -1, -1, 0, 1];
/// For a neighbour in direction `d`, the direction from that neighbour
/// back to the centre pixel: `(d + 4) mod 8`.
pub const INFLOW_OFFSETS: [usize; 8] = [4, 5, 6, 7, 0, 1, 2, 3];
/// √2, the length of a diagonal step in pixels.
pub const SQRT2: f64 = std::f64::consts::SQRT_2;
/// 1/√2, the weight of a diagonal drop in slope comparisons.
pub const SQRT2_INV: f64 = 1.0 / std::f64::consts::SQRT_2;

/// Size of a raster: columns and rows. Arrays are row-major.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// number of columns
    pub cols: usize,
    /// number of rows
    pub rows: usize,
}

impl Shape {
    /// A shape of `cols` × `rows`.
    pub fn new(cols: usize, rows: usize) -> Shape {
        Shape { cols, rows }
    }

    /// Number of pixels.
    pub fn len(&self) -> usize {
        self.cols * self.rows
    }

    /// True when the raster has no pixel.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Index of the neighbour of (`x`, `y`) in direction `dir`, or `None`
    /// outside the raster.
    #[inline]
    pub fn neighbor(&self, x: usize, y: usize, dir: usize) -> Option<usize> {
        let nx = x as isize + COL_OFFSETS[dir];
        let ny = y as isize + ROW_OFFSETS[dir];
        if nx < 0 || ny < 0 || nx >= self.cols as isize || ny >= self.rows as isize {
            None
        } else {
            Some(ny as usize * self.cols + nx as usize)
        }
    }

    /// Check that an input array has one value per pixel.
    pub fn check(&self, what: &'static str, len: usize) -> Result<()> {
        if len == self.len() {
            Ok(())
        } else {
            Err(HydroError::ShapeMismatch {
                what,
                expected: self.len(),
                found: len,
                cols: self.cols,
                rows: self.rows,
            })
        }
    }
}

/// InVEST's nodata test (`numpy.isclose` / `is_close` in
/// pygeoprocessing's ManagedRaster.h): `|x − nodata| ≤ 1e-8 + 1e-5·|nodata|`,
/// NaN matching NaN. A nodata of `None` marks nothing.
#[inline]
pub fn is_nodata(value: f64, nodata: Option<f64>) -> bool {
    match nodata {
        None => false,
        Some(nd) => {
            if nd.is_nan() {
                value.is_nan()
            } else {
                (value - nd).abs() <= 1e-8 + 1e-5 * nd.abs()
            }
        }
    }
}

/// Block (tile) size of the GeoTIFFs pygeoprocessing writes (`BLOCK_BITS`
/// = 8). InVEST visits pixels block by block in this order, and where an
/// algorithm breaks ties by visiting order (flat resolution, MFD stream
/// tracing, NDR retention) ecocap visits in the same order.
pub const INVEST_TILE: usize = 256;

/// Call `f(x, y)` for every pixel, tile by tile (tiles in row-major order,
/// pixels row-major inside a tile), the order in which pygeoprocessing's
/// `iterblocks` visits a tiled raster.
pub fn for_each_in_tile_order(shape: Shape, tile: usize, mut f: impl FnMut(usize, usize)) {
    for_each_tile(shape, tile, |x0, y0, w, h| {
        for y in y0..y0 + h {
            for x in x0..x0 + w {
                f(x, y);
            }
        }
    });
}

/// Call `f(x0, y0, width, height)` for every tile in row-major order.
pub fn for_each_tile(shape: Shape, tile: usize, mut f: impl FnMut(usize, usize, usize, usize)) {
    let tile = tile.max(1);
    let mut y0 = 0;
    while y0 < shape.rows {
        let h = tile.min(shape.rows - y0);
        let mut x0 = 0;
        while x0 < shape.cols {
            let w = tile.min(shape.cols - x0);
            f(x0, y0, w, h);
            x0 += tile;
        }
        y0 += tile;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbours_and_inflow_are_consistent() {
        let s = Shape::new(3, 3);
        for d in 0..8 {
            let n = s.neighbor(1, 1, d).expect("inside");
            let (nx, ny) = (n % 3, n / 3);
            assert_eq!(s.neighbor(nx, ny, INFLOW_OFFSETS[d]), Some(4));
        }
        assert_eq!(s.neighbor(0, 0, 3), None);
        assert_eq!(s.neighbor(2, 2, 7), None);
    }

    #[test]
    fn tile_order_visits_every_pixel_once() {
        let s = Shape::new(5, 3);
        let mut seen = Vec::new();
        for_each_in_tile_order(s, 2, |x, y| seen.push(y * 5 + x));
        assert_eq!(&seen[..4], &[0, 1, 5, 6]);
        seen.sort_unstable();
        assert_eq!(seen, (0..15).collect::<Vec<_>>());
    }

    #[test]
    fn nodata_rule_is_relative() {
        assert!(is_nodata(-9999.0, Some(-9999.0)));
        assert!(is_nodata(-9999.05, Some(-9999.0)));
        assert!(!is_nodata(-9998.0, Some(-9999.0)));
        assert!(is_nodata(f64::NAN, Some(f64::NAN)));
        assert!(!is_nodata(1.0, None));
    }
}
