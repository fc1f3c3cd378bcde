//! What the account writes after valuation: per-pixel value-density
//! rasters, maps and the HTML report.

use super::config::{AccountConfig, DensityRasters};
use super::density::{density_pass, DensityOutput, UnitValues};
use super::pass::{PassSetup, TypeParams, INDICATORS};
use super::quantities::{quantities, QuantityParams, YearSums};
use super::timing::Steps;
use crate::error::AppError;
use crate::progress::Progress;
use std::path::Path;

/// Preview size of the per-pixel maps (longer side, pixels).
pub const PREVIEW_PX: usize = 900;

/// Yuan per unit of quantity of each raster indicator in `year`, by zone:
/// the account's reported value of the zone's own row divided by the
/// zone's unbounded quantity.
pub fn unit_values(
    account: &ecocap_gep::account::Account,
    sums: &YearSums,
    types: &TypeParams,
    qp: &QuantityParams,
) -> UnitValues {
    let (year, s) = sums;
    let q = quantities(s, types, qp);
    let mut out = UnitValues::default();
    for l in &account.lines {
        if l.year != *year || l.rolled_from != 0 {
            continue;
        }
        let Some(k) = INDICATORS.iter().position(|(id, _)| *id == l.indicator.id) else {
            continue;
        };
        let Some(zq) = q.get(&l.zone) else { continue };
        let f = if zq[k] != 0.0 { l.value / zq[k] } else { 0.0 };
        out.by_zone.insert((l.zone.clone(), k), (f, l.counted));
    }
    out
}

/// Run the density pass of every year when the configuration asks for
/// rasters or maps; `None` otherwise.
#[allow(clippy::too_many_arguments)]
pub fn density_rasters(
    c: &AccountConfig,
    setup: &PassSetup<'_>,
    account: &ecocap_gep::account::Account,
    year_sums: &[YearSums],
    qp: &QuantityParams,
    dir: &Path,
    progress: &dyn Progress,
    steps: &mut Steps<'_>,
) -> Result<Vec<(i32, DensityOutput)>, AppError> {
    let o = &c.outputs;
    if o.density == DensityRasters::None && !o.maps {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for (y, sums) in c.years.iter().zip(year_sums) {
        let uv = unit_values(account, sums, setup.types, qp);
        let d = steps.run(format!("density {}", y.year), || {
            density_pass(y, setup, qp, &uv, o.density, dir, PREVIEW_PX, progress)
        })?;
        out.push((y.year, d));
    }
    Ok(out)
}
