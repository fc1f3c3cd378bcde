//! The SEEA demo: SEEA Ecosystem Accounting tables of the synthetic basin
//! built by [`crate::demo::build_inputs`] (CLCD land cover 2000 → 2020,
//! three counties), with NPP and topsoil organic carbon as condition
//! variables, services valued by the equivalent-factor method and a
//! Green Book declining discount schedule.
//!
//! The config, allocation, condition and cause tables are those of
//! `examples/seea/` (one source), with paths pointing at the inputs.

use crate::error::AppError;
use crate::progress::Progress;
use crate::seea::{run_seea, SeeaOptions, SeeaOutcome};
use ecocap_raster::{RasterSource, TiffWriter, Window, WriteType};
use std::path::Path;

const CONFIG: &str = include_str!("../../../examples/seea/seea.toml");
const TABLES: [(&str, &str); 3] = [
    (
        "allocation.csv",
        include_str!("../../../examples/seea/allocation.csv"),
    ),
    (
        "condition.csv",
        include_str!("../../../examples/seea/condition.csv"),
    ),
    (
        "causes.csv",
        include_str!("../../../examples/seea/causes.csv"),
    ),
];

/// NPP of 2000: the 2020 raster × 0.93 (synthetic: productivity was lower
/// before the 2000–2020 restoration), so the condition account shows change.
fn write_npp_2000(npp: &Path, out: &Path) -> Result<(), AppError> {
    let src = RasterSource::open(npp)?;
    let ds = gdal::Dataset::open(npp)
        .map_err(|e| AppError::Internal(format!("{}: {e}", npp.display())))?;
    let band = ds
        .rasterband(1)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let buf = band
        .read_band_as::<f32>()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let nd = src.nodata.map(|v| v as f32);
    let data: Vec<f32> = buf
        .data()
        .iter()
        .map(|&v| if Some(v) == nd { v } else { v * 0.93 })
        .collect();
    let mut w = TiffWriter::create(out, &src.grid, WriteType::F32, src.nodata)?;
    let win = Window {
        col: 0,
        row: 0,
        width: src.grid.width,
        height: src.grid.height,
    };
    w.write_f32(&win, &data)?;
    w.finish()?;
    Ok(())
}

/// Build the basin under `out/inputs`, write the SEEA config there and
/// run the SEEA accounts into `out/seea`.
pub fn run_seea_demo(
    out: &Path,
    force: bool,
    progress: &dyn Progress,
) -> Result<SeeaOutcome, AppError> {
    let dir = out.join("inputs");
    let inputs = crate::demo::build_inputs(&dir)?;
    write_npp_2000(&inputs.npp, &dir.join("npp_2000.tif"))?;
    let write = |name: &str, text: &str| {
        std::fs::write(dir.join(name), text).map_err(|e| AppError::OutDir {
            path: dir.clone(),
            detail: e.to_string(),
        })
    };
    for (name, text) in TABLES {
        write(name, text)?;
    }
    write("seea.toml", &CONFIG.replace("../../demo-out/inputs/", ""))?;
    run_seea(
        &SeeaOptions {
            config: dir.join("seea.toml"),
            out: out.join("seea"),
            force,
        },
        progress,
    )
}
