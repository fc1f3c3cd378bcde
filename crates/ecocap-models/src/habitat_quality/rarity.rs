//! Rarity of a scenario's land cover against the baseline map.

use std::collections::BTreeMap;

use ecocap_raster::Grid;
use rayon::prelude::*;

use super::kernel::rarity;
use super::scenario::{NONE, OTHER};
use crate::error::Result;
use crate::io::layer::strips;
use crate::io::output::{pixel_area, suffixed, write_text, OutRaster};
use crate::registry::{RunContext, RunReport};

/// Write `rarity_{tag}.tif` and `.csv` for the classes `cls` against the
/// baseline classes `base` (same grid; `keys[i]` is the code of class i).
#[allow(clippy::too_many_arguments)]
pub fn write_rarity(
    tag: &str,
    cls: &[u16],
    base: &[u16],
    keys: &[i64],
    grid: &Grid,
    sfx: &str,
    ctx: &RunContext<'_>,
    report: &mut RunReport,
) -> Result<()> {
    let a = pixel_area(grid);
    // cell counts per class where the baseline is valid (a baseline code
    // the table lacks counts for no class of `cls`)
    let (mut nx, mut nb) = (vec![0u64; keys.len()], vec![0u64; keys.len()]);
    for (c, b) in cls.iter().zip(base) {
        if *b != NONE {
            if *b != OTHER {
                nb[*b as usize] += 1;
            }
            if *c < OTHER {
                nx[*c as usize] += 1;
            }
        }
    }
    let r: BTreeMap<i64, f64> = (0..keys.len())
        .filter(|i| nx[*i] > 0)
        .map(|i| (keys[i], rarity(nx[i] as f64, a, nb[i] as f64, a)))
        .collect();
    let by_class: Vec<f32> = keys
        .iter()
        .map(|c| r.get(c).map(|v| *v as f32).unwrap_or(f32::MIN))
        .collect();
    let mut o = OutRaster::create(
        ctx.workspace,
        &suffixed(&format!("rarity_{tag}.tif"), sfx),
        grid,
        f32::MIN as f64,
    )?;
    for w in strips(grid) {
        let cells = w.row * grid.width..(w.row + w.height) * grid.width;
        let data: Vec<f32> = cls[cells.clone()]
            .par_iter()
            .zip(base[cells].par_iter())
            .map(|(c, b)| {
                if *c < OTHER && *b != NONE {
                    by_class[*c as usize]
                } else {
                    f32::MIN
                }
            })
            .collect();
        o.write(&w, &data)?;
    }
    report.outputs.push(o.finish()?);
    let mut csv = String::from("lucode,rarity_value\n");
    for (c, v) in &r {
        csv.push_str(&format!("{c},{v}\n"));
    }
    report.outputs.push(write_text(
        ctx.workspace,
        &suffixed(&format!("rarity_{tag}.csv"), sfx),
        &csv,
    )?);
    Ok(())
}
