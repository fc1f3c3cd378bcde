//! Slope in percent, as pygeoprocessing's `calculate_slope` computes it.
//!
//! With neighbours `a b c / d e f / g h i` (Horn 1981):
//! `dz/dx = ((a − c) + 2(d − f) + (g − i)) / (8·Δx)`,
//! `dz/dy = ((a − g) + 2(b − h) + (c − i)) / (8·Δy)`,
//! `slope = 100·√(dz/dx² + dz/dy²)`.
//! Nodata neighbours (and the outside of the raster) are handled one
//! triple at a time, as InVEST does: with both ends valid the full
//! difference is used; with one end and the middle valid, that half
//! difference with half the weight; with only one end valid, its difference
//! to `e` times √2 with half the weight; otherwise the triple is left out.
//! A pixel with no usable triple in a direction has a zero gradient there.
//!
//! Horn, B.K.P., 1981. Hill shading and the reflectance map. Proceedings of
//! the IEEE 69, 14–47.
//!
//! # Units
//! Elevation and cell size in the same unit (m); output in percent.

use crate::error::Result;
use crate::grid::{is_nodata, Shape};

/// Nodata of the slope output (float32 min, InVEST's choice).
pub const SLOPE_NODATA: f32 = f32::MIN;

/// One triple `p q r` along a row or column, centre `e`: contributes to
/// the gradient and to its denominator factor.
#[inline]
#[allow(clippy::too_many_arguments)]
fn triple(
    p: Option<f64>,
    q: Option<f64>,
    r: Option<f64>,
    e: f64,
    inner: bool,
    acc: &mut f64,
    denom: &mut i32,
) {
    if inner {
        // middle row/column: weight 2, the "q" is the centre itself
        match (p, r) {
            (Some(p), Some(r)) => {
                *acc += 2.0 * (p - r);
                *denom += 4;
            }
            (Some(p), None) => {
                *acc += 2.0 * (p - e);
                *denom += 2;
            }
            (None, Some(r)) => {
                *acc += 2.0 * (e - r);
                *denom += 2;
            }
            (None, None) => {}
        }
        return;
    }
    match (p, q, r) {
        (Some(p), _, Some(r)) => {
            *acc += p - r;
            *denom += 2;
        }
        (Some(p), Some(q), None) => {
            *acc += p - q;
            *denom += 1;
        }
        (None, Some(q), Some(r)) => {
            *acc += q - r;
            *denom += 1;
        }
        (Some(p), None, None) => {
            *acc += (p - e) * std::f64::consts::SQRT_2;
            *denom += 1;
        }
        (None, _, Some(r)) => {
            *acc += (e - r) * std::f64::consts::SQRT_2;
            *denom += 1;
        }
        _ => {}
    }
}

/// Percent slope of `dem` with cell sizes `cell_x` and `cell_y` (signed,
/// as in the geotransform; the sign does not matter).
///
/// # Errors
/// [`crate::HydroError::ShapeMismatch`] when `dem` does not match `shape`.
pub fn slope_percent(
    dem: &[f32],
    shape: Shape,
    nodata: Option<f64>,
    cell_x: f64,
    cell_y: f64,
) -> Result<Vec<f32>> {
    shape.check("DEM", dem.len())?;
    // InVEST treats a missing nodata as float32 min
    let nodata = nodata.or(Some(f64::from(f32::MIN)));
    let at = |x: isize, y: isize| -> Option<f64> {
        if x < 0 || y < 0 || x >= shape.cols as isize || y >= shape.rows as isize {
            return None;
        }
        let v = f64::from(dem[y as usize * shape.cols + x as usize]);
        (!is_nodata(v, nodata)).then_some(v)
    };
    let mut out = vec![SLOPE_NODATA; shape.len()];
    for y in 0..shape.rows as isize {
        for x in 0..shape.cols as isize {
            let Some(e) = at(x, y) else {
                continue;
            };
            let (a, b, c) = (at(x - 1, y - 1), at(x, y - 1), at(x + 1, y - 1));
            let (d, f) = (at(x - 1, y), at(x + 1, y));
            let (g, h, i) = (at(x - 1, y + 1), at(x, y + 1), at(x + 1, y + 1));
            let (mut dzdx, mut xden) = (0.0, 0);
            triple(a, b, c, e, false, &mut dzdx, &mut xden);
            triple(d, None, f, e, true, &mut dzdx, &mut xden);
            triple(g, h, i, e, false, &mut dzdx, &mut xden);
            let (mut dzdy, mut yden) = (0.0, 0);
            triple(a, d, g, e, false, &mut dzdy, &mut yden);
            triple(b, None, h, e, true, &mut dzdy, &mut yden);
            triple(c, f, i, e, false, &mut dzdy, &mut yden);
            let gx = if xden != 0 {
                dzdx / (f64::from(xden) * cell_x)
            } else {
                0.0
            };
            let gy = if yden != 0 {
                dzdy / (f64::from(yden) * cell_y)
            } else {
                0.0
            };
            out[y as usize * shape.cols + x as usize] = (100.0 * (gx * gx + gy * gy).sqrt()) as f32;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plane_has_its_gradient() {
        // z = 0.1·x·cell: 10 % slope eastwards everywhere (edges included,
        // through the one-sided rules)
        let cell = 30.0;
        let s = Shape::new(4, 3);
        let dem: Vec<f32> = (0..12)
            .map(|i| (0.1 * cell * (i % 4) as f64) as f32)
            .collect();
        let out = slope_percent(&dem, s, None, cell, -cell).expect("slope");
        for v in &out {
            assert!((f64::from(*v) - 10.0).abs() < 1e-4, "{v}");
        }
    }

    #[test]
    fn isolated_pixel_is_flat_and_nodata_stays_nodata() {
        let dem = [-1.0f32, 5.0, -1.0];
        let out = slope_percent(&dem, Shape::new(3, 1), Some(-1.0), 30.0, -30.0).expect("s");
        assert_eq!(out, vec![SLOPE_NODATA, 0.0, SLOPE_NODATA]);
    }
}
