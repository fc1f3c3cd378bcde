//! Reading a raster through the window of another grid on the same lattice
//! (same CRS and cell size, origins an exact number of cells apart), such
//! as a land-cover grid clipped to a watershed's bounding box. Cells of the
//! target window that the source does not cover are filled with a value the
//! caller chooses (usually the nodata value). No resampling happens, so
//! values are read exactly as stored.

use crate::error::RasterError;
use crate::grid::Grid;
use crate::source::{open_raster, RasterSource};
use crate::window::Window;
use crate::Result;
use gdal::Dataset;

/// Offset (columns, rows) of `target`'s origin in `source`'s cells when the
/// two grids share CRS, cell size and lattice; None otherwise.
pub fn lattice_offset(source: &Grid, target: &Grid) -> Option<(i64, i64)> {
    let (a, b) = (source.geo_transform, target.geo_transform);
    let tol = 1e-6 * a[1].abs().max(a[5].abs());
    let same_cells = (a[1] - b[1]).abs() <= tol
        && (a[5] - b[5]).abs() <= tol
        && a[2] == 0.0
        && a[4] == 0.0
        && b[2] == 0.0
        && b[4] == 0.0;
    let crs_ok = source
        .differences(&Grid {
            width: source.width,
            height: source.height,
            geo_transform: a,
            crs_wkt: target.crs_wkt.clone(),
        })
        .is_empty();
    if !same_cells || !crs_ok {
        return None;
    }
    let dc = (b[0] - a[0]) / a[1];
    let dr = (b[3] - a[3]) / a[5];
    let (rc, rr) = (dc.round(), dr.round());
    if (dc - rc).abs() > 1e-6 || (dr - rr).abs() > 1e-6 {
        return None;
    }
    Some((rc as i64, rr as i64))
}

/// A source raster read through a target grid on the same lattice.
pub struct LatticeReader {
    source: RasterSource,
    dataset: Dataset,
    offset: (i64, i64),
}

impl LatticeReader {
    /// Open `source` for reading on `target`; None when the grids are not on
    /// the same lattice (then align the source first).
    pub fn open(source: &RasterSource, target: &Grid) -> Result<Option<LatticeReader>> {
        let Some(offset) = lattice_offset(&source.grid, target) else {
            return Ok(None);
        };
        Ok(Some(LatticeReader {
            source: source.clone(),
            dataset: open_raster(&source.path)?,
            offset,
        }))
    }

    /// The source being read.
    pub fn source(&self) -> &RasterSource {
        &self.source
    }

    /// The part of target window `w` inside the source, as
    /// (source col, source row, width, height, dest col, dest row).
    fn overlap(&self, w: &Window) -> Option<(usize, usize, usize, usize, usize, usize)> {
        let (sw, sh) = (
            self.source.grid.width as i64,
            self.source.grid.height as i64,
        );
        let c0 = w.col as i64 + self.offset.0;
        let r0 = w.row as i64 + self.offset.1;
        let c1 = (c0 + w.width as i64).min(sw);
        let r1 = (r0 + w.height as i64).min(sh);
        let (cs, rs) = (c0.max(0), r0.max(0));
        if cs >= c1 || rs >= r1 {
            return None;
        }
        Some((
            cs as usize,
            rs as usize,
            (c1 - cs) as usize,
            (r1 - rs) as usize,
            (cs - c0) as usize,
            (rs - r0) as usize,
        ))
    }

    fn read<T: gdal::raster::GdalType + Copy>(&self, w: &Window, fill: T) -> Result<Vec<T>> {
        let mut out = vec![fill; w.cells()];
        let Some((sc, sr, ow, oh, dc, dr)) = self.overlap(w) else {
            return Ok(out);
        };
        let err = |e: gdal::errors::GdalError| RasterError::Read {
            path: self.source.path.clone(),
            detail: e.to_string(),
        };
        let band = self.dataset.rasterband(1).map_err(err)?;
        if (ow, oh) == (w.width, w.height) {
            // the usual case: the window lies inside the source
            band.read_into_slice::<T>(
                (sc as isize, sr as isize),
                (ow, oh),
                (ow, oh),
                &mut out,
                None,
            )
            .map_err(err)?;
            return Ok(out);
        }
        let mut buf = vec![fill; ow * oh];
        band.read_into_slice::<T>(
            (sc as isize, sr as isize),
            (ow, oh),
            (ow, oh),
            &mut buf,
            None,
        )
        .map_err(err)?;
        for r in 0..oh {
            let dst = (dr + r) * w.width + dc;
            out[dst..dst + ow].copy_from_slice(&buf[r * ow..(r + 1) * ow]);
        }
        Ok(out)
    }

    /// Values of window `w` of the target grid as f64; `fill` outside the source.
    pub fn read_f64(&self, w: &Window, fill: f64) -> Result<Vec<f64>> {
        self.read(w, fill)
    }

    /// Values of window `w` of the target grid as f32; `fill` outside the source.
    pub fn read_f32(&self, w: &Window, fill: f32) -> Result<Vec<f32>> {
        self.read(w, fill)
    }

    /// Values of window `w` of the target grid as i32; `fill` outside the source.
    pub fn read_i32(&self, w: &Window, fill: i32) -> Result<Vec<i32>> {
        self.read(w, fill)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_on_the_same_lattice_only() {
        let a = Grid::north_up(10, 10, 0.0, 300.0, 30.0, "");
        let b = Grid::north_up(4, 4, 60.0, 210.0, 30.0, "");
        assert_eq!(lattice_offset(&a, &b), Some((2, 3)));
        let shifted = Grid::north_up(4, 4, 61.0, 210.0, 30.0, "");
        assert_eq!(lattice_offset(&a, &shifted), None);
        let coarse = Grid::north_up(4, 4, 60.0, 210.0, 60.0, "");
        assert_eq!(lattice_offset(&a, &coarse), None);
    }
}
