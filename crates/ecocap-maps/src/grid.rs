//! The raster grid behind a map: its size on the ground (for the scale bar)
//! and resampling to the display size.

use crate::MapError;

/// Whether grid coordinates are degrees or metres.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CrsKind {
    /// Longitude/latitude in degrees (assumed on the WGS84 ellipsoid).
    Geographic,
    /// Projected, x/y in metres.
    Projected,
}

/// A north-up raster grid: size in cells, GDAL geotransform
/// `[x0, dx, rx, y0, ry, dy]` and CRS kind.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Grid {
    /// Columns.
    pub width: usize,
    /// Rows.
    pub height: usize,
    /// GDAL geotransform of the raster.
    pub geotransform: [f64; 6],
    /// Degrees or metres.
    pub crs: CrsKind,
}

// WGS84 semi-major axis (m) and first eccentricity squared
// (NIMA TR8350.2, 2000, table 3.1/3.3: a = 6378137 m, 1/f = 298.257223563).
const WGS84_A: f64 = 6_378_137.0;
const WGS84_E2: f64 = 6.694_379_990_141_3e-3;

/// Length of one degree of longitude at latitude `lat_deg` on WGS84, in
/// metres: π/180 · N·cos φ, with N = a / √(1 − e² sin² φ) the radius of
/// curvature in the prime vertical, so N·cos φ is the radius of the
/// parallel (Snyder 1987, "Map Projections — A Working Manual", USGS PP 1395,
/// ch. 3).
pub fn metres_per_degree_lon(lat_deg: f64) -> f64 {
    let phi = lat_deg.to_radians();
    let s = phi.sin();
    std::f64::consts::PI / 180.0 * WGS84_A * phi.cos() / (1.0 - WGS84_E2 * s * s).sqrt()
}

/// Length of one degree of latitude at latitude `lat_deg` on WGS84, in
/// metres: π/180 · M, with M = a(1 − e²) / (1 − e² sin² φ)^{3/2} the
/// meridional radius of curvature (Snyder 1987, ch. 3).
pub fn metres_per_degree_lat(lat_deg: f64) -> f64 {
    let s = lat_deg.to_radians().sin();
    std::f64::consts::PI / 180.0 * WGS84_A * (1.0 - WGS84_E2) / (1.0 - WGS84_E2 * s * s).powf(1.5)
}

impl Grid {
    fn centre_lat(&self) -> f64 {
        let gt = self.geotransform;
        (gt[3] + gt[5] * self.height as f64 / 2.0).clamp(-89.9, 89.9)
    }

    /// Ground height of one cell in metres, north–south (for geographic
    /// grids at the centre latitude).
    pub fn cell_height_m(&self) -> f64 {
        let dy = self.geotransform[5].abs();
        match self.crs {
            CrsKind::Projected => dy,
            CrsKind::Geographic => dy * metres_per_degree_lat(self.centre_lat()),
        }
    }

    /// Ground width over ground height of a cell. Maps stretch the x axis by
    /// this, so that a geographic raster is drawn with square ground pixels
    /// at its centre latitude (an equirectangular view with that standard
    /// parallel) rather than squashed north–south by 1/cos φ.
    pub fn cell_aspect(&self) -> f64 {
        self.cell_width_m() / self.cell_height_m()
    }

    /// Checks the grid against a slice of `len` cells named `what`.
    pub(crate) fn check(&self, len: usize, what: &'static str) -> Result<(), MapError> {
        let gt = self.geotransform;
        if self.width == 0 || self.height == 0 {
            return Err(MapError::BadGrid(format!(
                "{what} is {} × {} cells; it needs at least one",
                self.width, self.height
            )));
        }
        if gt.iter().any(|v| !v.is_finite()) || gt[1] == 0.0 || gt[5] == 0.0 {
            return Err(MapError::BadGrid(format!(
                "{what} geotransform {gt:?} has a zero or non-finite cell size; hint: pass GDAL's GetGeoTransform() of the raster"
            )));
        }
        let expected = self.width * self.height;
        if len != expected {
            return Err(MapError::SizeMismatch {
                what,
                width: self.width,
                height: self.height,
                expected,
                got: len,
            });
        }
        Ok(())
    }

    /// True when the geotransform has rotation terms (the north arrow then
    /// only approximates north).
    pub fn is_rotated(&self) -> bool {
        self.geotransform[2] != 0.0 || self.geotransform[4] != 0.0
    }

    /// Ground width of one cell in metres, east–west. For geographic grids
    /// it is taken at the latitude of the grid's centre, so the scale bar
    /// is true there (and only approximately elsewhere on the map).
    pub fn cell_width_m(&self) -> f64 {
        let gt = self.geotransform;
        match self.crs {
            CrsKind::Projected => gt[1].abs(),
            CrsKind::Geographic => gt[1].abs() * metres_per_degree_lon(self.centre_lat()),
        }
    }
}

/// A scale bar: its ground length and its length in display pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScaleBar {
    /// Ground length in metres: 1, 2 or 5 × 10ᵏ.
    pub metres: f64,
    /// Drawn length in pixels.
    pub px: f64,
}

/// The longest round scale bar (1, 2 or 5 × 10ᵏ metres) not longer than
/// `max_px` pixels when one pixel is `m_per_px` metres.
pub fn choose_scale_bar(m_per_px: f64, max_px: f64) -> ScaleBar {
    let max_m = m_per_px * max_px;
    let p = 10f64.powf(max_m.log10().floor());
    let metres = [5.0, 2.0, 1.0]
        .iter()
        .map(|k| k * p)
        .find(|&m| m <= max_m * (1.0 + 1e-12))
        .unwrap_or(p);
    ScaleBar {
        metres,
        px: metres / m_per_px,
    }
}

/// How a grid is resampled for display: shrink by `down` (averaging
/// `down × down` blocks) or grow by `up` (each cell `up × up` pixels).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resample {
    /// Block size when shrinking (1 = none).
    pub down: usize,
    /// Pixels per cell side when growing (1 = none).
    pub up: usize,
}

impl Resample {
    /// Integer factors so that the longer side ends up at most `max_px` and,
    /// for small grids, at least about `min_px` pixels.
    pub fn plan(width: usize, height: usize, min_px: usize, max_px: usize) -> Self {
        let long = width.max(height).max(1);
        let max_px = max_px.max(1);
        if long > max_px {
            Self {
                down: long.div_ceil(max_px),
                up: 1,
            }
        } else {
            let up = (min_px / long).clamp(1, (max_px / long).max(1));
            Self { down: 1, up }
        }
    }

    /// Display size of a `width × height` grid.
    pub fn size(&self, width: usize, height: usize) -> (usize, usize) {
        (
            width.div_ceil(self.down) * self.up,
            height.div_ceil(self.down) * self.up,
        )
    }
}

/// Display width of a `width`-pixel map whose cells are `aspect` times as
/// wide as high on the ground; unchanged within 1 %.
pub fn stretched_width(width: usize, aspect: f64) -> usize {
    if (aspect - 1.0).abs() < 0.01 || !aspect.is_finite() {
        width
    } else {
        ((width as f64 * aspect).round() as usize).max(1)
    }
}

/// Each row resampled from `width` to `new_width` pixels, nearest.
pub fn stretch_x<T: Copy>(values: &[T], width: usize, new_width: usize) -> Vec<T> {
    if new_width == width {
        return values.to_vec();
    }
    let src: Vec<usize> = (0..new_width)
        .map(|x| (((x as f64 + 0.5) * width as f64 / new_width as f64) as usize).min(width - 1))
        .collect();
    values
        .chunks_exact(width)
        .flat_map(|row| src.iter().map(move |&i| row[i]))
        .collect()
}

/// Mean of the valid cells of each `k × k` block (edge blocks may be
/// smaller); NaN where a block has no valid cell.
pub fn downsample_mean(
    values: &[f32],
    width: usize,
    height: usize,
    k: usize,
    valid: impl Fn(f32) -> bool,
) -> Vec<f32> {
    let (w2, h2) = (width.div_ceil(k), height.div_ceil(k));
    let mut sum = vec![0f64; w2 * h2];
    let mut n = vec![0u32; w2 * h2];
    for (y, row) in values.chunks_exact(width).enumerate() {
        let base = (y / k) * w2;
        for (x, &v) in row.iter().enumerate() {
            if valid(v) {
                sum[base + x / k] += v as f64;
                n[base + x / k] += 1;
            }
        }
    }
    sum.iter()
        .zip(&n)
        .map(|(&s, &c)| {
            if c == 0 {
                f32::NAN
            } else {
                (s / c as f64) as f32
            }
        })
        .collect()
}

/// The cell nearest each display pixel: for shrinking, the centre cell of
/// each `down` block; for growing, each cell repeated `up × up` times.
pub fn resample_nearest<T: Copy>(values: &[T], width: usize, height: usize, r: Resample) -> Vec<T> {
    let (w2, h2) = r.size(width, height);
    let mut out = Vec::with_capacity(w2 * h2);
    for y in 0..h2 {
        let sy = ((y / r.up) * r.down + r.down / 2).min(height - 1);
        for x in 0..w2 {
            let sx = ((x / r.up) * r.down + r.down / 2).min(width - 1);
            out.push(values[sy * width + sx]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degree_of_longitude_matches_reference_values() {
        // Reference lengths of 1° of longitude on WGS84 (Snyder 1987 formula;
        // commonly tabulated: 111,319.5 m at the equator, 96,486 m at 30°,
        // 55,800 m at 60°).
        assert!((metres_per_degree_lon(0.0) - 111_319.49).abs() < 0.1);
        assert!((metres_per_degree_lon(30.0) - 96_486.3).abs() < 1.0);
        assert!((metres_per_degree_lon(60.0) - 55_799.98).abs() < 1.0);
    }

    #[test]
    fn degree_of_latitude_and_cell_aspect() {
        // Meridian arc per degree on WGS84: 110,574 m at the equator,
        // 111,132 m at 45°, 111,412 m at 60°.
        assert!((metres_per_degree_lat(0.0) - 110_574.3).abs() < 1.0);
        assert!((metres_per_degree_lat(45.0) - 111_131.8).abs() < 1.0);
        let g = Grid {
            width: 10,
            height: 10,
            geotransform: [100.0, 0.01, 0.0, 60.05, 0.0, -0.01],
            crs: CrsKind::Geographic,
        };
        assert!((g.cell_aspect() - 0.50084).abs() < 1e-4);
        assert_eq!(stretched_width(800, g.cell_aspect()), 401);
        assert_eq!(stretched_width(800, 1.006), 800);
        assert_eq!(stretch_x(&[1, 2, 3, 4, 5, 6, 7, 8], 4, 2), vec![2, 4, 6, 8]);
        assert_eq!(stretch_x(&[1, 2], 2, 4), vec![1, 1, 2, 2]);
    }

    #[test]
    fn projected_scale_bar_is_round_and_fits() {
        // 1000 px of 30 m: 30 km wide; at most 250 px → 7.5 km → 5 km bar.
        let g = Grid {
            width: 1000,
            height: 800,
            geotransform: [500_000.0, 30.0, 0.0, 3_000_000.0, 0.0, -30.0],
            crs: CrsKind::Projected,
        };
        let bar = choose_scale_bar(g.cell_width_m(), 250.0);
        assert_eq!(bar.metres, 5000.0);
        assert!((bar.px - 5000.0 / 30.0).abs() < 1e-9);
        // 10 m pixels, 180 px → 1.8 km → 1 km.
        assert_eq!(choose_scale_bar(10.0, 180.0).metres, 1000.0);
        // 2 m pixels, 120 px → 240 m → 200 m.
        assert_eq!(choose_scale_bar(2.0, 120.0).metres, 200.0);
    }

    #[test]
    fn geographic_scale_bar_uses_the_centre_latitude() {
        // 0.001° cells, centre at 30° N: 96.486 m per cell. 250 px → 24.1 km → 20 km.
        let g = Grid {
            width: 1000,
            height: 1000,
            geotransform: [110.0, 0.001, 0.0, 30.5, 0.0, -0.001],
            crs: CrsKind::Geographic,
        };
        assert!((g.cell_width_m() - 96.486).abs() < 0.01);
        let bar = choose_scale_bar(g.cell_width_m(), 250.0);
        assert_eq!(bar.metres, 20_000.0);
        assert!((bar.px - 20_000.0 / 96.4863).abs() < 0.1);
        // The same grid at 60° N has 55.8 m cells: 250 px is 13.9 km → 10 km.
        let far_north = Grid {
            geotransform: [110.0, 0.001, 0.0, 60.5, 0.0, -0.001],
            ..g
        };
        assert_eq!(
            choose_scale_bar(far_north.cell_width_m(), 250.0).metres,
            10_000.0
        );
    }

    #[test]
    fn plan_shrinks_large_and_grows_small_grids() {
        assert_eq!(
            Resample::plan(4000, 3000, 800, 1600),
            Resample { down: 3, up: 1 }
        );
        assert_eq!(
            Resample::plan(4000, 3000, 800, 1600).size(4000, 3000),
            (1334, 1000)
        );
        assert_eq!(
            Resample::plan(1600, 900, 800, 1600),
            Resample { down: 1, up: 1 }
        );
        assert_eq!(
            Resample::plan(100, 60, 800, 1600),
            Resample { down: 1, up: 8 }
        );
        assert_eq!(Resample::plan(100, 60, 800, 1600).size(100, 60), (800, 480));
    }

    #[test]
    fn downsampling_averages_valid_cells_only() {
        let nan = f32::NAN;
        #[rustfmt::skip]
        let v = [
            1.0, 3.0, 10.0, nan, 7.0,
            5.0, 7.0, nan,  nan, 9.0,
            nan, nan, 2.0,  4.0, -9.0,
        ];
        let out = downsample_mean(&v, 5, 3, 2, |x| x.is_finite() && x != -9.0);
        assert_eq!(out.len(), 3 * 2);
        assert_eq!(&out[..3], &[4.0, 10.0, 8.0]);
        assert!(out[3].is_nan());
        assert_eq!(out[4], 3.0);
        assert!(out[5].is_nan());
    }

    #[test]
    fn nearest_resampling_picks_block_centres_and_repeats_cells() {
        let v: Vec<i32> = (0..16).collect();
        let down = resample_nearest(&v, 4, 4, Resample { down: 2, up: 1 });
        assert_eq!(down, vec![5, 7, 13, 15]);
        let up = resample_nearest(&[1, 2], 2, 1, Resample { down: 1, up: 2 });
        assert_eq!(up, vec![1, 1, 2, 2, 1, 1, 2, 2]);
    }
}
