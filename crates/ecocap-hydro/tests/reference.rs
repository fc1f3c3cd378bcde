//! The routing layer against InVEST 3.20's own intermediate outputs on the
//! invest-synth-400 reference dataset: the DEM clipped to the watershed's
//! bounding box and masked by its polygon (pixel centres), then pit
//! filling, D8/MFD directions, flow accumulation and streams must give
//! InVEST's `flow_accumulation.tif` and `stream.tif` (SDR runs: MFD streams
//! traced at 0.7·1000, D8 streams `FA > 1000`).
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use ecocap_hydro::*;
use ecocap_raster::{Grid, GridReader, RasterSource, Window, Zones};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/reference/invest-synth-400")
}

fn read(src: &RasterSource, grid: &Grid) -> Vec<f64> {
    let w = Window {
        col: 0,
        row: 0,
        width: grid.width,
        height: grid.height,
    };
    GridReader::open(src, grid)
        .unwrap()
        .read_f64(&w, f64::NAN)
        .unwrap()
}

/// The masked DEM on InVEST's working grid (the expected rasters' grid).
fn masked_dem(expected: &RasterSource, work: &Path) -> (Shape, Vec<f32>) {
    let grid = expected.grid.clone();
    let dem_src = RasterSource::open(fixture().join("inputs/dem.tif")).unwrap();
    let dem = read(&dem_src, &grid);
    let zones = Zones::rasterize(
        &fixture().join("inputs/watersheds.gpkg"),
        "ws_id",
        &grid,
        work,
    )
    .unwrap();
    let zone = read(&zones.raster, &grid);
    let nd = dem_src.nodata;
    let v = dem
        .iter()
        .zip(&zone)
        .map(|(z, k)| {
            if *k > 0.0 && !is_nodata(*z, nd) {
                *z as f32
            } else {
                f32::MIN
            }
        })
        .collect();
    (Shape::new(grid.width, grid.height), v)
}

fn compare_fa(ours: &[f64], expected: &RasterSource) -> f64 {
    let theirs = read(expected, &expected.grid);
    let mut worst = 0.0f64;
    for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        let (na, nb) = (
            is_nodata(*a, Some(FA_NODATA)),
            is_nodata(*b, expected.nodata),
        );
        assert_eq!(
            na, nb,
            "nodata mask differs at pixel {i}: ours {a}, InVEST {b}"
        );
        if !na {
            let err = (a - b).abs() / b.abs().max(1e-12);
            assert!(err <= 1e-9, "pixel {i}: ours {a}, InVEST {b}");
            worst = worst.max(err);
        }
    }
    worst
}

fn compare_stream(ours: &[u8], expected: &RasterSource) {
    let theirs = read(expected, &expected.grid);
    let diff = ours
        .iter()
        .zip(&theirs)
        .filter(|(a, b)| f64::from(**a) != **b)
        .count();
    assert_eq!(diff, 0, "{diff} stream pixels differ");
}

#[test]
fn mfd_routing_matches_invest_flow_accumulation_and_streams() {
    let dir = tempfile::tempdir().unwrap();
    let exp = fixture().join("expected/sdr");
    let fa_src =
        RasterSource::open(exp.join("intermediate_outputs/flow_accumulation.tif")).unwrap();
    let (shape, dem) = masked_dem(&fa_src, dir.path());
    let nd = Some(f64::from(f32::MIN));
    let filled = fill_pits(&dem, shape, nd).unwrap();
    let dirs = flow_dir_mfd(&filled, shape, nd, INVEST_TILE).unwrap();
    let fa = flow_accumulation_mfd(&dirs, shape, None).unwrap();
    let worst = compare_fa(&fa, &fa_src);
    eprintln!("MFD flow accumulation: max relative error {worst:.2e}");
    let stream = extract_streams_mfd(&fa, &dirs, shape, 1000.0, 0.7, INVEST_TILE).unwrap();
    compare_stream(
        &stream,
        &RasterSource::open(exp.join("stream.tif")).unwrap(),
    );
}

#[test]
fn d8_routing_matches_invest_flow_accumulation_and_streams() {
    let dir = tempfile::tempdir().unwrap();
    let exp = fixture().join("expected/sdr_d8");
    let fa_src =
        RasterSource::open(exp.join("intermediate_outputs/flow_accumulation.tif")).unwrap();
    let (shape, dem) = masked_dem(&fa_src, dir.path());
    let nd = Some(f64::from(f32::MIN));
    let filled = fill_pits(&dem, shape, nd).unwrap();
    let dirs = flow_dir_d8(&filled, shape, nd, INVEST_TILE).unwrap();
    let fa = flow_accumulation_d8(&dirs, shape, None).unwrap();
    assert_eq!(
        compare_fa(&fa, &fa_src),
        0.0,
        "D8 accumulation counts pixels exactly"
    );
    compare_stream(
        &extract_streams_d8(&fa, 1000.0),
        &RasterSource::open(exp.join("stream.tif")).unwrap(),
    );
}
