//! Routing on the DEM, computed once per run for both the LS factor (soil
//! retention) and the TI term (water retention): pit filling, percent
//! slope, MFD flow directions and accumulation (ecocap-hydro), on the first
//! year's land-cover grid.
//!
//! Memory: routing needs whole-grid arrays. The order below keeps at most
//! one float32 copy of the DEM at a time (the DEM is dropped once filled,
//! the filled DEM once slope and flow directions are taken from it); what
//! stays for LS and TI is the percent slope (f32) and the accumulation
//! (f64, as ecocap-hydro returns it), 12 bytes a cell.

use super::soil::{dem_on_grid, hydro};
use crate::error::AppError;
use ecocap_raster::{Grid, RasterSource, TiffWriter, Window, WriteType};
use std::ops::Range;
use std::path::Path;

/// Slope and flow accumulation of the filled DEM.
pub struct Routed {
    /// the grid (the first year's land-cover grid)
    pub grid: Grid,
    /// percent slope of the filled DEM (SLOPE_NODATA where undefined)
    pub slope: Vec<f32>,
    /// MFD flow accumulation in cells (FA_NODATA where undefined)
    pub fa: Vec<f64>,
    /// cell width and height, m
    pub cell: (f64, f64),
}

/// Route `dem` on `reference`'s grid (aligned into `work` when allowed).
pub fn route(
    dem: &Path,
    reference: &RasterSource,
    align: bool,
    work: &Path,
) -> Result<Routed, AppError> {
    let (src, z) = dem_on_grid(dem, reference, align, work)?;
    let g = src.grid.clone();
    let shape = ecocap_hydro::Shape::new(g.width, g.height);
    let filled = ecocap_hydro::fill_pits(&z, shape, src.nodata).map_err(|e| hydro(dem, e))?;
    drop(z);
    let unit = g.linear_unit_m();
    let (cx, cy) = (
        g.geo_transform[1].abs() * unit,
        g.geo_transform[5].abs() * unit,
    );
    let slope = ecocap_hydro::slope_percent(&filled, shape, src.nodata, cx, cy)
        .map_err(|e| hydro(dem, e))?;
    let flow = ecocap_hydro::flow_dir_mfd(&filled, shape, src.nodata, ecocap_hydro::INVEST_TILE)
        .map_err(|e| hydro(dem, e))?;
    drop(filled);
    let fa = ecocap_hydro::flow_accumulation_mfd(&flow, shape, None).map_err(|e| hydro(dem, e))?;
    drop(flow);
    Ok(Routed {
        grid: g,
        slope,
        fa,
        cell: (cx, cy),
    })
}

/// Rows per strip when a work raster is computed and written strip by strip.
const STRIP_ROWS: usize = 256;

/// Write a float32 work raster on `g` (NaN = nodata) strip by strip:
/// `fill(cells, out)` computes the cells `cells` (row-major indices) into
/// `out`, so no whole-grid output array is held.
pub fn write_strips(
    path: &Path,
    g: &Grid,
    mut fill: impl FnMut(Range<usize>, &mut [f32]) -> Result<(), AppError>,
) -> Result<RasterSource, AppError> {
    let mut w = TiffWriter::create(path, g, WriteType::F32, Some(f64::NAN))?;
    let mut buf = vec![f32::NAN; STRIP_ROWS * g.width];
    let mut row = 0;
    while row < g.height {
        let h = STRIP_ROWS.min(g.height - row);
        let out = &mut buf[..h * g.width];
        out.fill(f32::NAN);
        fill(row * g.width..(row + h) * g.width, out)?;
        w.write_f32(
            &Window {
                col: 0,
                row,
                width: g.width,
                height: h,
            },
            out,
        )?;
        row += h;
    }
    Ok(RasterSource::open(w.finish()?)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::soil::read_f32;

    fn grid(w: usize, h: usize) -> Grid {
        let wkt = gdal::spatial_ref::SpatialRef::from_epsg(32650)
            .unwrap()
            .to_wkt()
            .unwrap();
        Grid::north_up(w, h, 500_000.0, 3_000_000.0, 30.0, wkt)
    }

    #[test]
    fn strips_land_where_they_belong() {
        // 300 rows: two strips (256 + 44), each cell holds its own index
        let dir = tempfile::tempdir().unwrap();
        let g = grid(3, 300);
        let p = dir.path().join("s.tif");
        let s = write_strips(&p, &g, |cells, out| {
            assert_eq!(cells.len(), out.len());
            for (o, i) in out.iter_mut().zip(cells) {
                if i % 7 != 0 {
                    *o = i as f32;
                }
            }
            Ok(())
        })
        .unwrap();
        assert_eq!((s.grid.width, s.grid.height), (3, 300));
        let v = read_f32(&p, &p).unwrap();
        assert_eq!(v.len(), 900);
        for (i, x) in v.iter().enumerate() {
            if i % 7 == 0 {
                assert!(x.is_nan(), "cell {i} left unset must be nodata, got {x}");
            } else {
                assert_eq!(*x, i as f32, "cell {i}");
            }
        }
    }

    #[test]
    fn route_matches_routing_in_the_earlier_order() {
        // a tilted surface with a pit: route() takes slope before the flow
        // directions to drop the filled DEM early; the arrays must equal
        // those of fill → flow → accumulation → slope
        let dir = tempfile::tempdir().unwrap();
        let (w, h) = (40, 30);
        let g = grid(w, h);
        let z: Vec<f32> = (0..w * h)
            .map(|i| {
                let (r, c) = ((i / w) as f32, (i % w) as f32);
                let pit = if (r - 12.0).abs() < 2.0 && (c - 20.0).abs() < 2.0 {
                    -8.0
                } else {
                    0.0
                };
                300.0 - 1.5 * r - 0.7 * c + 3.0 * (c * 0.4).sin() + pit
            })
            .collect();
        let dem = dir.path().join("dem.tif");
        let mut wr = TiffWriter::create(&dem, &g, WriteType::F32, Some(-9999.0)).unwrap();
        let win = Window {
            col: 0,
            row: 0,
            width: w,
            height: h,
        };
        wr.write_f32(&win, &z).unwrap();
        let reference = RasterSource::open(wr.finish().unwrap()).unwrap();
        let r = route(&dem, &reference, false, dir.path()).unwrap();
        let shape = ecocap_hydro::Shape::new(w, h);
        let nd = Some(-9999.0);
        let filled = ecocap_hydro::fill_pits(&z, shape, nd).unwrap();
        let flow =
            ecocap_hydro::flow_dir_mfd(&filled, shape, nd, ecocap_hydro::INVEST_TILE).unwrap();
        let fa = ecocap_hydro::flow_accumulation_mfd(&flow, shape, None).unwrap();
        let slope = ecocap_hydro::slope_percent(&filled, shape, nd, 30.0, 30.0).unwrap();
        assert_eq!(r.fa, fa);
        assert_eq!(r.slope, slope);
        assert_eq!(r.cell, (30.0, 30.0));
        assert!(
            fa.iter().cloned().fold(0.0, f64::max) > 10.0,
            "water gathers"
        );
    }
}
