//! Access of each cell (1 where no polygon of the access vector covers the
//! cell centre), held as a small index into the distinct access values.

use std::path::Path;

use ecocap_raster::{read_polygons, Grid, Zones};
use ecocap_spec::Args;

use crate::error::{ModelError, Result};
use crate::io::layer::{strips, Layer};
use crate::registry::RunContext;

/// Per-cell index into the distinct access values: 2 bytes a cell, or 4
/// when there are more than 65536 distinct values.
enum Index {
    Small(Vec<u16>),
    Large(Vec<u32>),
}

/// Access on the model grid.
pub struct Access {
    width: usize,
    /// distinct values; `values[0]` is 1 (no polygon)
    values: Vec<f64>,
    index: Index,
}

/// An access value as written in the vector: a number in [0, 1].
pub fn access_value(id: &str, path: &Path) -> Result<f64> {
    match id.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(ModelError::input(
            format!("access_vector_path ({})", path.display()),
            format!("access value \"{id}\" is not a number in [0, 1]"),
            "give every polygon an access value between 0 (no access) and 1 (full access)",
        )),
    }
}

/// Every access value of the vector at `path` (read in `crs_wkt`), for the
/// data check: the rule of [`Access::read`] without rasterizing.
pub fn check_values(path: &Path, crs_wkt: &str) -> Result<()> {
    let layer =
        read_polygons(path, "access", crs_wkt).map_err(ModelError::raster("access_vector_path"))?;
    for f in &layer.features {
        access_value(&f.id, path)?;
    }
    Ok(())
}

impl Access {
    /// Rasterize `access_vector_path` onto `grid`; None when not given.
    pub fn read(args: &Args, grid: &Grid, ctx: &RunContext<'_>) -> Result<Option<Access>> {
        let Some(p) = args.path("access_vector_path") else {
            return Ok(None);
        };
        let zones = Zones::rasterize(&p, "access", grid, ctx.workspace)
            .map_err(ModelError::raster("access_vector_path"))?;
        // zone k (1-based) → index of its value among the distinct values
        let mut values = vec![1.0f64];
        let mut seen = std::collections::HashMap::from([(1.0f64.to_bits(), 0usize)]);
        let mut slot = Vec::with_capacity(zones.ids.len() + 1);
        slot.push(0usize);
        for id in &zones.ids {
            let v = access_value(id, &p)?;
            let i = *seen.entry(v.to_bits()).or_insert_with(|| {
                values.push(v);
                values.len() - 1
            });
            slot.push(i);
        }
        let layer = Layer::from_source("access_vector_path", zones.raster.clone(), grid)?;
        // one read of the zones per strip, each zone mapped to its value's index
        let read = |put: &mut dyn FnMut(usize)| -> Result<()> {
            for w in strips(grid) {
                for z in layer.read_codes(&w)? {
                    put(zone(&slot, z));
                }
            }
            Ok(())
        };
        let n = grid.width * grid.height;
        let index = if values.len() <= 1 << 16 {
            let mut ix = Vec::with_capacity(n);
            read(&mut |i| ix.push(i as u16))?;
            Index::Small(ix)
        } else {
            let mut ix = Vec::with_capacity(n);
            read(&mut |i| ix.push(i as u32))?;
            Index::Large(ix)
        };
        Ok(Some(Access {
            width: grid.width,
            values,
            index,
        }))
    }

    /// Access of the cells of row `r` into `out` (`width` cells).
    pub fn row(&self, r: usize, out: &mut [f64]) {
        let range = r * self.width..(r + 1) * self.width;
        match &self.index {
            Index::Small(ix) => {
                for (o, i) in out.iter_mut().zip(&ix[range]) {
                    *o = self.values[*i as usize];
                }
            }
            Index::Large(ix) => {
                for (o, i) in out.iter_mut().zip(&ix[range]) {
                    *o = self.values[*i as usize];
                }
            }
        }
    }
}

fn zone(slot: &[usize], z: Option<i64>) -> usize {
    match z {
        Some(k) if k > 0 => slot[k as usize],
        _ => 0,
    }
}
