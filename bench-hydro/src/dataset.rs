//! A synthetic SDR/NDR dataset at any size (30 m cells, EPSG:32650), for
//! timing whole model runs: DEM from [`crate::terrain`], eight land-cover
//! classes by elevation band and noise, erosivity ≈ 2.5·P, erodibility
//! ≈ 0.03, precipitation following elevation, ET₀, root-restricting depth
//! and plant-available water, an alternate land cover (forest patches
//! turned to cropland), three threat rasters (urban, cropland, roads), the
//! watershed polygons and tables of [`crate::tables`], and one InVEST
//! datastack per model run (see [`crate::tables::RUNS`]).

use std::path::Path;

use ecocap_raster::{Grid, TiffWriter, Window, WriteType};

const X0: f64 = 300_000.0;
const Y0: f64 = 3_400_000.0;
const CELL: f64 = 30.0;
const UTM50N: &str = r#"PROJCS["WGS 84 / UTM zone 50N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",117],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1],AUTHORITY["EPSG","32650"]]"#;

fn write(
    dir: &Path,
    name: &str,
    n: usize,
    kind: WriteType,
    nodata: f64,
    data: &[f32],
) -> Result<(), String> {
    let grid = Grid::north_up(n, n, X0, Y0, CELL, UTM50N);
    let mut w = TiffWriter::create(&dir.join(name), &grid, kind, Some(nodata))
        .map_err(|e| e.to_string())?;
    w.write_f32(
        &Window {
            col: 0,
            row: 0,
            width: n,
            height: n,
        },
        data,
    )
    .map_err(|e| e.to_string())?;
    w.finish().map_err(|e| e.to_string())?;
    Ok(())
}

/// A deterministic value in [0, 1) for pixel `i` and stream `k`.
fn hash01(i: usize, k: u64) -> f32 {
    let mut z =
        (i as u64 ^ k.wrapping_mul(0x9E37_79B9_7F4A_7C15)).wrapping_add(0x632B_E59B_D9B4_E019);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    ((z ^ (z >> 31)) >> 40) as f32 / (1u64 << 24) as f32
}

/// ET₀ (700–1500 mm/yr, drier low), root-restricting depth (200–3000 mm,
/// 100 on bare), plant-available water content (0.03–0.3), as the
/// invest-synth-400 fixture describes its inputs.
fn write_climate_and_soil(
    dir: &Path,
    n: usize,
    dem: &[f32],
    lulc: &[f32],
    rel: impl Fn(f32) -> f32,
) -> Result<(), String> {
    let eto: Vec<f32> = dem
        .iter()
        .enumerate()
        .map(|(i, z)| 1500.0 - 700.0 * rel(*z) - 100.0 * hash01(i, 1))
        .collect();
    write(dir, "eto.tif", n, WriteType::F32, -9999.0, &eto)?;
    drop(eto);
    let depth: Vec<f32> = dem
        .iter()
        .zip(lulc)
        .enumerate()
        .map(|(i, (z, c))| {
            if *c == 8.0 {
                100.0
            } else {
                200.0 + 2800.0 * (0.7 * (1.0 - rel(*z)) + 0.3 * hash01(i, 2))
            }
        })
        .collect();
    write(dir, "depth_root.tif", n, WriteType::F32, -9999.0, &depth)?;
    drop(depth);
    let pawc: Vec<f32> = dem
        .iter()
        .enumerate()
        .map(|(i, z)| 0.03 + 0.27 * (0.5 * (1.0 - rel(*z)) + 0.5 * hash01(i, 3)))
        .collect();
    write(dir, "pawc.tif", n, WriteType::F32, -9999.0, &pawc)
}

/// The alternate map (forest → cropland in 40 × 40 patches, one in four)
/// and the threat rasters of the current map: urban and cropland pixels,
/// and roads (1-pixel lines every n/5 rows and columns); 0/1, nodata −1.
fn write_alternate_and_threats(dir: &Path, n: usize, lulc: &[f32]) -> Result<(), String> {
    let alt: Vec<f32> = lulc
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let patch = (i / n / 40) * 7919 + (i % n / 40);
            if *c == 1.0 && hash01(patch, 4) < 0.25 {
                4.0
            } else {
                *c
            }
        })
        .collect();
    write(dir, "lulc_alt.tif", n, WriteType::I32, -1.0, &alt)?;
    drop(alt);
    for (name, class) in [("threat_urban.tif", 5.0), ("threat_crop.tif", 4.0)] {
        let t: Vec<f32> = lulc
            .iter()
            .map(|c| f32::from(u8::from(*c == class)))
            .collect();
        write(dir, name, n, WriteType::F32, -1.0, &t)?;
    }
    let step = (n / 5).max(1);
    let roads: Vec<f32> = (0..n * n)
        .map(|i| {
            f32::from(u8::from(
                (i / n) % step == step / 2 || (i % n) % step == step / 2,
            ))
        })
        .collect();
    write(dir, "threat_roads.tif", n, WriteType::F32, -1.0, &roads)
}

/// Write the dataset for an `n` × `n` grid into `dir`.
pub fn write_dataset(dir: &Path, n: usize) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let dem = crate::terrain(n);
    let (lo, hi) = dem
        .iter()
        .fold((f32::MAX, f32::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
    let rel = |z: f32| (z - lo) / (hi - lo).max(1.0);
    let lulc: Vec<f32> = dem
        .iter()
        .enumerate()
        .map(|(i, z)| {
            let r = rel(*z) + 0.08 * (((i * 2_654_435_761) % 1000) as f32 / 1000.0 - 0.5);
            match (r * 10.0) as i32 {
                i32::MIN..=1 => 5.0,
                2 => 4.0,
                3 => 3.0,
                4 => 2.0,
                5 | 6 => 1.0,
                7 => 3.0,
                8 => 7.0,
                _ => 8.0,
            }
        })
        .collect();
    let precip: Vec<f32> = dem.iter().map(|z| 500.0 + 2000.0 * rel(*z)).collect();
    let erosivity: Vec<f32> = precip.iter().map(|p| 2.5 * p).collect();
    let erodibility: Vec<f32> = dem
        .iter()
        .enumerate()
        .map(|(i, _)| 0.03 + 0.005 * (((i * 40_503) % 997) as f32 / 997.0 - 0.5))
        .collect();
    write(dir, "dem.tif", n, WriteType::F32, -9999.0, &dem)?;
    write(dir, "lulc.tif", n, WriteType::I32, -1.0, &lulc)?;
    write_climate_and_soil(dir, n, &dem, &lulc, rel)?;
    write_alternate_and_threats(dir, n, &lulc)?;
    write(dir, "precip.tif", n, WriteType::F32, -9999.0, &precip)?;
    write(dir, "erosivity.tif", n, WriteType::F32, -9999.0, &erosivity)?;
    write(
        dir,
        "erodibility.tif",
        n,
        WriteType::F32,
        -9999.0,
        &erodibility,
    )?;
    crate::tables::write_tables(dir, n, X0, Y0, CELL)?;
    Ok(())
}
