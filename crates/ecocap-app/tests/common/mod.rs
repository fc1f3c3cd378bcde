//! Helpers shared by the account tests: a 10 × 10 raster setup whose
//! quantities can be computed by hand.
#![allow(clippy::unwrap_used, dead_code)]

use ecocap_app::account::{run_account, AccountRun};
use ecocap_app::NoProgress;
use ecocap_raster::{Grid, TiffWriter, Window, WriteType};
use gdal::spatial_ref::SpatialRef;
use std::path::Path;

/// A raster from `f(row, col)`, nodata 0 for bytes and −9999 otherwise.
pub fn write(path: &Path, grid: &Grid, kind: WriteType, f: impl Fn(usize, usize) -> f32) {
    let nd = if kind == WriteType::U8 { 0.0 } else { -9999.0 };
    write_nd(path, grid, kind, Some(nd), f);
}

/// A raster from `f(row, col)` with the given nodata.
pub fn write_nd(
    path: &Path,
    grid: &Grid,
    kind: WriteType,
    nodata: Option<f64>,
    f: impl Fn(usize, usize) -> f32,
) {
    let mut w = TiffWriter::create(path, grid, kind, nodata).unwrap();
    let data: Vec<f32> = (0..grid.cells())
        .map(|i| f(i / grid.width, i % grid.width))
        .collect();
    w.write_f32(
        &Window {
            col: 0,
            row: 0,
            width: grid.width,
            height: grid.height,
        },
        &data,
    )
    .unwrap();
    w.finish().unwrap();
}

/// 10 × 10 cells of 100 m (1 ha): columns 0-4 CLCD forest (2 → broadleaf),
/// 5-7 grassland (4 → shrub_grass), 8 water (5 → water_system), 9 built-up (8 → none).
pub fn setup(dir: &Path) {
    let wkt = SpatialRef::from_epsg(32650).unwrap().to_wkt().unwrap();
    let g = Grid::north_up(10, 10, 500_000.0, 3_000_000.0, 100.0, wkt);
    write(&dir.join("lc.tif"), &g, WriteType::U8, |_, c| match c {
        0..=4 => 2.0,
        5..=7 => 4.0,
        8 => 5.0,
        _ => 8.0,
    });
    write(&dir.join("npp.tif"), &g, WriteType::F32, |_, _| 450.0);
    write(&dir.join("p.tif"), &g, WriteType::F32, |_, _| 1000.0);
    write(&dir.join("et.tif"), &g, WriteType::F32, |_, _| 600.0);
    write(&dir.join("ev.tif"), &g, WriteType::F32, |_, _| 1200.0);
    // a DEM sloping south-east with some roughness; R and K constant
    write(&dir.join("dem.tif"), &g, WriteType::F32, |r, c| {
        (500.0 - 3.0 * r as f64 - 2.0 * c as f64 + ((r * 7 + c * 3) % 5) as f64) as f32
    });
    write(&dir.join("r.tif"), &g, WriteType::F32, |_, _| 2500.0);
    write(&dir.join("k.tif"), &g, WriteType::F32, |_, _| 0.03);
    std::fs::write(
        dir.join("runoff.csv"),
        "ecosystem_type,coefficient\nbroadleaf,0.1\nshrub_grass,0.2\nwater_system,0\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("heat.csv"),
        "ecosystem_type,kj_per_m2_day\nbroadleaf,1000\nshrub_grass,500\nwater_system,0\n",
    )
    .unwrap();
}

pub const YEAR: &str = "[[year]]\nyear = 2020\nlandcover = \"lc.tif\"\nnpp = \"npp.tif\"\nprecipitation = \"p.tif\"\net = \"et.tif\"\nevaporation = \"ev.tif\"\n";
pub const TABLES: &str = "[tables]\nrunoff_coefficients = \"runoff.csv\"\ntranspiration_heat = \"heat.csv\"\n[parameters]\nac_days = 10\n";

pub fn config(dir: &Path, text: &str) -> std::path::PathBuf {
    let p = dir.join("account.toml");
    std::fs::write(&p, text).unwrap();
    p
}

/// A quantity of `quantities.csv` (first row of the indicator).
pub fn quantity(out: &Path, indicator: &str) -> f64 {
    let text = std::fs::read_to_string(out.join("quantities.csv")).unwrap();
    text.lines()
        .find(|l| l.split(',').nth(2) == Some(indicator))
        .and_then(|l| l.split(',').nth(3))
        .unwrap()
        .parse()
        .unwrap()
}

/// The configuration `text` is refused as bad input naming every needle,
/// and nothing that looks finished is left.
pub fn refused(dir: &Path, text: &str, needles: &[&str]) {
    let c = config(dir, text);
    let out = dir.join("bad-out");
    let e = run_account(&c, &out, AccountRun::default(), &NoProgress)
        .err()
        .expect("must fail");
    let msg = e.to_string();
    assert!(e.is_input_error(), "{msg}");
    for n in needles {
        assert!(msg.contains(n), "missing '{n}' in {msg}");
    }
    assert!(!out.join("quantities.csv").exists() && !out.join("manifest.json").exists());
}
