//! Reading any raster on a target grid by nearest neighbour: each target
//! cell takes the value of the source cell that contains its centre (after
//! reprojecting the centre to the source CRS when the CRS differ). This is
//! GDAL's `near` rule, done in safe code and reading values in their own
//! type, so continuous values are never truncated to integers.
//! [`GridReader`] picks the exact lattice path when the grids line up.

use crate::error::RasterError;
use crate::grid::Grid;
use crate::lattice::LatticeReader;
use crate::source::{open_raster, RasterSource};
use crate::window::Window;
use crate::Result;
use gdal::spatial_ref::{AxisMappingStrategy, CoordTransform, SpatialRef};
use gdal::Dataset;

/// Nearest-neighbour reader of a source raster on a target grid.
pub struct NearestReader {
    source: RasterSource,
    dataset: Dataset,
    target: Grid,
    /// true when cell centres must be reprojected to the source CRS; the
    /// transform itself is built per read, so that the reader can move
    /// between threads (GDAL's transforms may not)
    reproject: bool,
}

fn srs(wkt: &str) -> Option<SpatialRef> {
    if wkt.trim().is_empty() {
        return None;
    }
    let mut s = SpatialRef::from_wkt(wkt).ok()?;
    s.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    Some(s)
}

impl NearestReader {
    /// Prepare reading `source` on `target`.
    pub fn open(source: &RasterSource, target: &Grid) -> Result<NearestReader> {
        let crs_err = |detail: String| RasterError::Crs {
            path: source.path.clone(),
            detail,
            hint: "declare the CRS of both rasters (gdal_edit.py -a_srs EPSG:xxxx FILE)".into(),
        };
        let reproject = match (srs(&target.crs_wkt), srs(&source.grid.crs_wkt)) {
            (Some(t), Some(s)) if t != s => {
                CoordTransform::new(&t, &s)
                    .map_err(|e| crs_err(format!("cannot transform between the CRS: {e}")))?;
                true
            }
            (Some(_), None) | (None, Some(_)) => {
                return Err(crs_err(
                    "one of the rasters has no coordinate reference system".into(),
                ))
            }
            _ => false,
        };
        Ok(NearestReader {
            source: source.clone(),
            dataset: open_raster(&source.path)?,
            target: target.clone(),
            reproject,
        })
    }

    /// The transform from the target CRS to the source CRS (checked at open).
    fn transform(&self) -> Result<Option<CoordTransform>> {
        if !self.reproject {
            return Ok(None);
        }
        let fail = |detail: String| RasterError::Crs {
            path: self.source.path.clone(),
            detail,
            hint: "declare the CRS of both rasters (gdal_edit.py -a_srs EPSG:xxxx FILE)".into(),
        };
        match (srs(&self.target.crs_wkt), srs(&self.source.grid.crs_wkt)) {
            (Some(t), Some(s)) => CoordTransform::new(&t, &s)
                .map(Some)
                .map_err(|e| fail(format!("cannot transform between the CRS: {e}"))),
            _ => Err(fail(
                "one of the rasters has no coordinate reference system".into(),
            )),
        }
    }

    /// Source cell index (col, row) for each cell of `w`, None outside.
    fn lookup(&self, w: &Window) -> Result<Vec<Option<(usize, usize)>>> {
        let t = self.target.geo_transform;
        let mut xs = Vec::with_capacity(w.cells());
        let mut ys = Vec::with_capacity(w.cells());
        for r in 0..w.height {
            for c in 0..w.width {
                let (px, py) = ((w.col + c) as f64 + 0.5, (w.row + r) as f64 + 0.5);
                xs.push(t[0] + px * t[1] + py * t[2]);
                ys.push(t[3] + px * t[4] + py * t[5]);
            }
        }
        if let Some(ct) = self.transform()? {
            let mut zs = vec![0.0; xs.len()];
            ct.transform_coords(&mut xs, &mut ys, &mut zs)
                .map_err(|e| RasterError::Crs {
                    path: self.source.path.clone(),
                    detail: format!("cannot reproject cell centres: {e}"),
                    hint: "check that the rasters overlap and their CRS are right".into(),
                })?;
        }
        let s = self.source.grid.geo_transform;
        let (sw, sh) = (
            self.source.grid.width as f64,
            self.source.grid.height as f64,
        );
        let det = s[1] * s[5] - s[2] * s[4];
        Ok(xs
            .iter()
            .zip(&ys)
            .map(|(x, y)| {
                let (dx, dy) = (x - s[0], y - s[3]);
                let col = (dx * s[5] - dy * s[2]) / det;
                let row = (dy * s[1] - dx * s[4]) / det;
                if col.is_finite()
                    && row.is_finite()
                    && col >= 0.0
                    && row >= 0.0
                    && col < sw
                    && row < sh
                {
                    Some((col as usize, row as usize))
                } else {
                    None
                }
            })
            .collect())
    }

    fn read<T: gdal::raster::GdalType + Copy>(&self, w: &Window, fill: T) -> Result<Vec<T>> {
        let idx = self.lookup(w)?;
        let mut out = vec![fill; w.cells()];
        let present = idx.iter().flatten();
        let (mut c0, mut r0, mut c1, mut r1) = (usize::MAX, usize::MAX, 0, 0);
        for &(c, r) in present {
            c0 = c0.min(c);
            r0 = r0.min(r);
            c1 = c1.max(c + 1);
            r1 = r1.max(r + 1);
        }
        if c0 >= c1 {
            return Ok(out);
        }
        let (bw, bh) = (c1 - c0, r1 - r0);
        let err = |e: gdal::errors::GdalError| RasterError::Read {
            path: self.source.path.clone(),
            detail: e.to_string(),
        };
        let band = self.dataset.rasterband(1).map_err(err)?;
        let mut buf = vec![fill; bw * bh];
        band.read_into_slice::<T>(
            (c0 as isize, r0 as isize),
            (bw, bh),
            (bw, bh),
            &mut buf,
            None,
        )
        .map_err(err)?;
        for (o, i) in out.iter_mut().zip(&idx) {
            if let Some((c, r)) = i {
                *o = buf[(r - r0) * bw + (c - c0)];
            }
        }
        Ok(out)
    }
}

/// Reads a source on a target grid: exactly on a shared lattice, by
/// nearest neighbour otherwise.
pub enum GridReader {
    /// same CRS, cell size and lattice
    Lattice(LatticeReader),
    /// anything else
    Nearest(NearestReader),
}

impl GridReader {
    /// Open `source` for reading on `target`.
    pub fn open(source: &RasterSource, target: &Grid) -> Result<GridReader> {
        match LatticeReader::open(source, target)? {
            Some(l) => Ok(GridReader::Lattice(l)),
            None => Ok(GridReader::Nearest(NearestReader::open(source, target)?)),
        }
    }

    /// True when the source had to be resampled or reprojected.
    pub fn is_resampled(&self) -> bool {
        matches!(self, GridReader::Nearest(_))
    }

    /// Values of target window `w` as f64; `fill` where the source has no cell.
    pub fn read_f64(&self, w: &Window, fill: f64) -> Result<Vec<f64>> {
        match self {
            GridReader::Lattice(l) => l.read_f64(w, fill),
            GridReader::Nearest(n) => n.read(w, fill),
        }
    }

    /// Values of target window `w` as f32 (GDAL's conversion: exact for
    /// Float32 and integer bands up to 16 bits); `fill` where the source
    /// has no cell.
    pub fn read_f32(&self, w: &Window, fill: f32) -> Result<Vec<f32>> {
        match self {
            GridReader::Lattice(l) => l.read_f32(w, fill),
            GridReader::Nearest(n) => n.read(w, fill),
        }
    }

    /// Values of target window `w` as i32; `fill` where the source has no cell.
    pub fn read_i32(&self, w: &Window, fill: i32) -> Result<Vec<i32>> {
        match self {
            GridReader::Lattice(l) => l.read_i32(w, fill),
            GridReader::Nearest(n) => n.read(w, fill),
        }
    }
}
