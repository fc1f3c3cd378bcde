//! The CBA demo: a restoration project on the synthetic basin of
//! [`crate::demo`]. Cropland on the upper valley sides (elevation above
//! 360 m in the 2020 map) is converted to forest (退耕还林); the ESV route
//! is run on the 2020 map (baseline) and on the restored map, and the
//! change of total ESV is the project's ecosystem-service benefit in a
//! CBA with planting and maintenance costs, written to `out/cba/` with
//! its config as a template in `out/inputs/cba.toml`.
//!
//! Costs, inflation, incomes and uncertainty ranges in the config are
//! ILLUSTRATIVE values for the synthetic basin, marked as such in the file.

use crate::cba::{run_cba, CbaOptions, CbaOutcome};
use crate::demo::{elevation, landcover, write_grid, DemoInputs, SIZE};
use crate::error::AppError;
use crate::esv::{run_esv, BasisSpec, EsvInput, EsvOptions, MappingSpec, RasterInput};
use crate::progress::Progress;
use ecocap_accounts::esv::StandardValue;
use ecocap_raster::{RasterSource, WriteType};
use std::path::{Path, PathBuf};

/// Elevation (m) above which cropland is restored to forest.
const RESTORE_ABOVE_M: f64 = 360.0;

/// Write the restored 2020 land cover; returns the hectares converted.
fn write_restored(inputs: &DemoInputs, path: &Path) -> Result<f64, AppError> {
    let lc2020 = inputs
        .landcover
        .last()
        .ok_or_else(|| AppError::Internal("demo has no land-cover map".into()))?;
    let grid = RasterSource::open(lc2020)?.grid;
    let converted = std::cell::Cell::new(0u64);
    let edge = SIZE as f64 - 3.0;
    write_grid(path, &grid, WriteType::U8, Some(0.0), |r, c| {
        if r < 3.0 || c < 3.0 || r >= edge || c >= edge {
            return 0.0;
        }
        let lc = landcover(r, c, 2020);
        if lc == 1 && elevation(r, c) > RESTORE_ABOVE_M {
            converted.set(converted.get() + 1);
            2.0
        } else {
            f32::from(lc)
        }
    })?;
    let gt = grid.geo_transform;
    let cell_ha = (gt[1] * gt[5] - gt[2] * gt[4]).abs() / 10_000.0;
    Ok(converted.get() as f64 * cell_ha)
}

fn esv(
    landcover: PathBuf,
    out: PathBuf,
    force: bool,
    progress: &dyn Progress,
) -> Result<(), AppError> {
    let opts = EsvOptions {
        input: EsvInput::Rasters(RasterInput {
            landcover: vec![landcover],
            years: vec![2020],
            nodata: None,
            zones: None,
            factors: Vec::new(),
            align: false,
        }),
        mapping: MappingSpec::Builtin("clcd".into()),
        basis: BasisSpec::Equivalent {
            table: "xie2015".into(),
            standard: StandardValue::direct(3406.5, Some(2010))?,
        },
        regional: 1.0,
        factor_table: None,
        factor_map: Vec::new(),
        pixel_rasters: false,
        out,
        force,
    };
    run_esv(&opts, progress).map(|_| ())
}

/// The CBA config of the demo (a template users can copy).
pub fn config_text(hectares: f64) -> String {
    format!(
        r#"# CBA of the demo restoration project: cropland above {RESTORE_ABOVE_M} m returned to forest
# ({hectares:.0} ha). Benefits: the change of total ESV between two `ecocap esv` runs
# (Xie et al. 2015 equivalents x 3406.5 yuan/hm2, 2010 prices). Costs, inflation,
# incomes and ranges are ILLUSTRATIVE values for the synthetic basin.
# Copy and edit for your own project; every key is in docs/CBA.md.
title = "Demo basin: returning upper cropland to forest (退耕还林)"
start_year = 2025
end_year = 2054
price_year = 2025
currency = "yuan"

[discount]
presets = ["china-8", "china-6", "uk-green-book", "us-a4-2003"]

[prices]
inflation = 0.02          # ILLUSTRATIVE: rebases the 2010 ESV prices to 2025

[economic]
standard_conversion_factor = 0.95
shadow_wage_factor = 0.8

[[alternative]]
name = "restore"
effect = {{ unit = "ha restored", values = {{ 2025 = {hectares:.1} }} }}

  [[alternative.flow]]
  name = "planting"
  kind = "cost"
  category = "capital"
  values = {{ 2025 = {planting:.0}, 2026 = {replant:.0} }}   # 15000 yuan/ha, 20 % replanting
  transfer_share = 0.06

  [[alternative.flow]]
  name = "tending"
  kind = "cost"
  category = "operation"
  conversion = "wage"
  from = 2026
  to = 2035
  amount = {tending:.0}     # 600 yuan/ha/yr for ten years
  shares = {{ upstream_women = 0.5, upstream_men = 0.5 }}

  [[alternative.flow]]
  name = "forgone farm income"
  kind = "cost"
  category = "operation"    # net crop income lost by the farmers (the ESV change already
  from = 2025               # counts the food-provision service lost: this is the farmers' cash)
  to = 2054
  amount = {forgone:.0}     # 6000 yuan/ha/yr
  shares = {{ upstream_women = 0.5, upstream_men = 0.5 }}

  [[alternative.flow]]
  name = "conversion subsidy"
  kind = "benefit"
  category = "transfer"     # cash to farmers: financial only, removed in the economic analysis
  from = 2025
  to = 2040
  amount = {subsidy:.0}
  shares = {{ upstream_women = 0.5, upstream_men = 0.5 }}

  [[alternative.flow]]
  name = "ESV gain"
  kind = "benefit"
  category = "ecosystem_service"
  from = 2026
  to = 2054
  ramp_years = 10           # forests take about ten years to deliver their services
  from_esv = {{ baseline = "../cba-esv/baseline", alternative = "../cba-esv/restored", year = 2020 }}
  shares = {{ upstream_women = 0.2, upstream_men = 0.2, downstream = 0.6 }}

[distribution]
reference_income = 36000  # ILLUSTRATIVE median equivalised household income, yuan/yr
elasticity = 1.3          # HM Treasury Green Book 2022, Annex A3

[[group]]
id = "upstream_women"
income = 15000
gender = "female"

[[group]]
id = "upstream_men"
income = 19000
gender = "male"

[[group]]
id = "downstream"
income = 48000

[uncertainty]
runs = 500
seed = 2025
discount = "china-8"

[[uncertainty.variable]]
name = "esv_factor"        # equivalent-factor values are uncertain by about ±50 %
distribution = "lnorm"
lower = 0.5
upper = 1.5
flows = ["restore/ESV gain"]

[[uncertainty.variable]]
name = "cost_overrun"
distribution = "triangular"
min = 0.95
mode = 1.05
max = 1.6
flows = ["planting", "tending", "forgone farm income"]
"#,
        planting = 15_000.0 * hectares,
        replant = 3_000.0 * hectares,
        tending = 600.0 * hectares,
        subsidy = 1_500.0 * hectares,
        forgone = 6_000.0 * hectares,
    )
}

/// Build the restored map, run both ESV accounts into `out/cba-esv/`,
/// write `out/inputs/cba.toml` and run the CBA into `out/cba/`.
pub fn run_cba_demo(
    out: &Path,
    inputs: &DemoInputs,
    force: bool,
    progress: &dyn Progress,
) -> Result<CbaOutcome, AppError> {
    let dir = inputs
        .counties
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| out.join("inputs"));
    let restored = dir.join("landcover_2020_restored.tif");
    let hectares = write_restored(inputs, &restored)?;
    let lc2020 = inputs.landcover.last().cloned().unwrap_or_default();
    esv(lc2020, out.join("cba-esv/baseline"), force, progress)?;
    esv(restored, out.join("cba-esv/restored"), force, progress)?;
    let config = dir.join("cba.toml");
    std::fs::write(&config, config_text(hectares)).map_err(|e| AppError::OutDir {
        path: dir.clone(),
        detail: e.to_string(),
    })?;
    run_cba(
        &CbaOptions {
            config,
            out: out.join("cba"),
            force,
        },
        progress,
    )
}
