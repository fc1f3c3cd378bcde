//! Raster grids: size, geotransform and coordinate reference system, and
//! the comparison that tells whether two rasters can be read cell by cell.

use crate::cellarea::Ellipsoid;
use gdal::spatial_ref::SpatialRef;

/// The grid of a raster: what must agree for two rasters to line up.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// columns
    pub width: usize,
    /// rows
    pub height: usize,
    /// GDAL geotransform: [x0, pixel width, row rotation, y0, column rotation, pixel height]
    pub geo_transform: [f64; 6],
    /// coordinate reference system as WKT (empty when undefined)
    pub crs_wkt: String,
}

/// One way in which a grid differs from a reference grid.
#[derive(Debug, Clone, PartialEq)]
pub enum GridDifference {
    /// Different coordinate reference systems.
    Crs { this: String, reference: String },
    /// One grid has a CRS, the other has none.
    CrsMissing { which: &'static str },
    /// Different cell sizes.
    CellSize {
        this: (f64, f64),
        reference: (f64, f64),
    },
    /// Same cell size but the origin or the size differs.
    Extent { this: [f64; 4], reference: [f64; 4] },
}

impl std::fmt::Display for GridDifference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GridDifference::Crs { this, reference } => {
                write!(f, "CRS is '{this}', reference CRS is '{reference}'")
            }
            GridDifference::CrsMissing { which } => write!(f, "{which} has no CRS defined"),
            GridDifference::CellSize { this, reference } => write!(
                f,
                "cell size is {} × {}, reference cell size is {} × {}",
                this.0, this.1, reference.0, reference.1
            ),
            GridDifference::Extent { this, reference } => write!(
                f,
                "extent is [{:.6}, {:.6}, {:.6}, {:.6}], reference extent is [{:.6}, {:.6}, {:.6}, {:.6}] (xmin, ymin, xmax, ymax)",
                this[0], this[1], this[2], this[3], reference[0], reference[1], reference[2], reference[3]
            ),
        }
    }
}

impl Grid {
    /// A north-up grid (no rotation) with the given origin and cell size.
    pub fn north_up(
        width: usize,
        height: usize,
        x0: f64,
        y0: f64,
        cell: f64,
        crs_wkt: impl Into<String>,
    ) -> Grid {
        Grid {
            width,
            height,
            geo_transform: [x0, cell, 0.0, y0, 0.0, -cell],
            crs_wkt: crs_wkt.into(),
        }
    }

    /// Number of cells.
    pub fn cells(&self) -> usize {
        self.width * self.height
    }

    /// Extent as [xmin, ymin, xmax, ymax] (north-up grids).
    pub fn extent(&self) -> [f64; 4] {
        let gt = self.geo_transform;
        let x1 = gt[0] + gt[1] * self.width as f64;
        let y1 = gt[3] + gt[5] * self.height as f64;
        [gt[0].min(x1), gt[3].min(y1), gt[0].max(x1), gt[3].max(y1)]
    }

    fn spatial_ref(&self) -> Option<SpatialRef> {
        if self.crs_wkt.trim().is_empty() {
            return None;
        }
        SpatialRef::from_wkt(&self.crs_wkt).ok()
    }

    /// Short name of the CRS, e.g. "WGS 84 / UTM zone 50N", or "undefined".
    pub fn crs_name(&self) -> String {
        match self.spatial_ref() {
            Some(srs) => {
                let name = srs.name().unwrap_or_else(|| "unnamed CRS".to_string());
                match (srs.auth_name(), srs.auth_code()) {
                    (Some(auth), Ok(code)) => format!("{name} ({auth}:{code})"),
                    _ => name,
                }
            }
            None => "undefined".to_string(),
        }
    }

    /// The ellipsoid when the CRS is geographic (lat/lon), else `None`.
    pub fn geographic_ellipsoid(&self) -> Option<Ellipsoid> {
        let srs = self.spatial_ref()?;
        if !srs.is_geographic() {
            return None;
        }
        let a = srs.semi_major().ok()?;
        let b = srs.semi_minor().ok()?;
        let inv_f = if (a - b).abs() < 1e-9 {
            0.0
        } else {
            a / (a - b)
        };
        Some(Ellipsoid { a, inv_f })
    }

    /// True when the CRS is geographic (degrees).
    pub fn is_geographic(&self) -> bool {
        self.geographic_ellipsoid().is_some()
    }

    /// Metres per linear unit of a projected CRS (1 when undefined).
    pub fn linear_unit_m(&self) -> f64 {
        self.spatial_ref()
            .map(|s| s.linear_units())
            .filter(|u| *u > 0.0)
            .unwrap_or(1.0)
    }

    /// Every difference between this grid and `reference`; empty when the
    /// two line up cell for cell.
    pub fn differences(&self, reference: &Grid) -> Vec<GridDifference> {
        let mut out = Vec::new();
        match (self.spatial_ref(), reference.spatial_ref()) {
            (Some(a), Some(b)) => {
                if a != b {
                    out.push(GridDifference::Crs {
                        this: self.crs_name(),
                        reference: reference.crs_name(),
                    });
                }
            }
            (None, Some(_)) => out.push(GridDifference::CrsMissing {
                which: "this raster",
            }),
            (Some(_), None) => out.push(GridDifference::CrsMissing {
                which: "the reference raster",
            }),
            (None, None) => {}
        }
        let (a, b) = (self.geo_transform, reference.geo_transform);
        let tol = 1e-6 * b[1].abs().max(b[5].abs());
        if (a[1] - b[1]).abs() > tol
            || (a[5] - b[5]).abs() > tol
            || (a[2] - b[2]).abs() > tol
            || (a[4] - b[4]).abs() > tol
        {
            out.push(GridDifference::CellSize {
                this: (a[1], a[5].abs()),
                reference: (b[1], b[5].abs()),
            });
        } else if (a[0] - b[0]).abs() > tol
            || (a[3] - b[3]).abs() > tol
            || self.width != reference.width
            || self.height != reference.height
        {
            out.push(GridDifference::Extent {
                this: self.extent(),
                reference: reference.extent(),
            });
        }
        out
    }

    /// Row and column of the cell containing map coordinate (x, y), if any.
    pub fn cell_of(&self, x: f64, y: f64) -> Option<(usize, usize)> {
        let gt = self.geo_transform;
        let col = ((x - gt[0]) / gt[1]).floor();
        let row = ((y - gt[3]) / gt[5]).floor();
        if col < 0.0 || row < 0.0 || col >= self.width as f64 || row >= self.height as f64 {
            return None;
        }
        Some((row as usize, col as usize))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utm50() -> String {
        SpatialRef::from_epsg(32650)
            .and_then(|s| s.to_wkt())
            .unwrap_or_default()
    }

    #[test]
    fn identical_grids_have_no_differences() {
        let g = Grid::north_up(10, 10, 500_000.0, 4_000_000.0, 30.0, utm50());
        assert!(g.differences(&g.clone()).is_empty());
    }

    #[test]
    fn detects_cell_size_extent_and_crs() {
        let g = Grid::north_up(10, 10, 500_000.0, 4_000_000.0, 30.0, utm50());
        let coarse = Grid::north_up(5, 5, 500_000.0, 4_000_000.0, 60.0, utm50());
        assert!(matches!(
            coarse.differences(&g)[0],
            GridDifference::CellSize { .. }
        ));
        let shifted = Grid::north_up(10, 10, 500_030.0, 4_000_000.0, 30.0, utm50());
        assert!(matches!(
            shifted.differences(&g)[0],
            GridDifference::Extent { .. }
        ));
        let wgs = SpatialRef::from_epsg(4326)
            .and_then(|s| s.to_wkt())
            .unwrap_or_default();
        let other = Grid::north_up(10, 10, 500_000.0, 4_000_000.0, 30.0, wgs);
        let d = other.differences(&g);
        assert!(matches!(d[0], GridDifference::Crs { .. }), "{d:?}");
        assert!(d[0].to_string().contains("WGS 84"));
        let none = Grid::north_up(10, 10, 500_000.0, 4_000_000.0, 30.0, "");
        assert!(matches!(
            none.differences(&g)[0],
            GridDifference::CrsMissing { .. }
        ));
    }

    #[test]
    fn geographic_detection() {
        let wgs = SpatialRef::from_epsg(4326)
            .and_then(|s| s.to_wkt())
            .unwrap_or_default();
        let g = Grid::north_up(10, 10, 110.0, 40.0, 0.01, wgs);
        let e = g.geographic_ellipsoid().expect("geographic");
        assert!((e.inv_f - 298.257_223_563).abs() < 1e-6);
        assert!(!Grid::north_up(1, 1, 0.0, 0.0, 1.0, utm50()).is_geographic());
    }

    #[test]
    fn cell_lookup() {
        let g = Grid::north_up(10, 5, 0.0, 50.0, 10.0, "");
        assert_eq!(g.cell_of(15.0, 45.0), Some((0, 1)));
        assert_eq!(g.cell_of(99.0, 1.0), Some((4, 9)));
        assert_eq!(g.cell_of(100.0, 1.0), None);
    }
}
