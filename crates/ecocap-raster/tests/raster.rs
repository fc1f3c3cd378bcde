//! Integration tests of the raster machinery on small rasters built here.
#![allow(clippy::unwrap_used)]

use ecocap_raster::*;
use gdal::spatial_ref::SpatialRef;
use std::collections::HashMap;
use std::path::Path;

fn utm50() -> String {
    SpatialRef::from_epsg(32650).unwrap().to_wkt().unwrap()
}

fn write(
    path: &Path,
    grid: &Grid,
    kind: WriteType,
    nodata: Option<f64>,
    data: &[f32],
) -> RasterSource {
    let mut w = TiffWriter::create(path, grid, kind, nodata).unwrap();
    let win = Window {
        col: 0,
        row: 0,
        width: grid.width,
        height: grid.height,
    };
    w.write_f32(&win, data).unwrap();
    w.finish().unwrap();
    RasterSource::open(path).unwrap()
}

fn class_counts(src: &RasterSource) -> HashMap<i32, usize> {
    let windows = plan_windows(&src.grid, (7, 5));
    let nodata = src.nodata;
    process_windows(
        &[(src.clone(), ReadAs::I32)],
        &windows,
        HashMap::new,
        |acc: &mut HashMap<i32, usize>, b| {
            for &c in b.pixels[0].as_i32() {
                if Some(c as f64) != nodata {
                    *acc.entry(c).or_default() += 1;
                }
            }
            Ok(())
        },
        |mut a, b| {
            for (k, v) in b {
                *a.entry(k).or_default() += v;
            }
            a
        },
        |_| {},
    )
    .unwrap()
}

#[test]
fn roundtrip_and_streamed_counts() {
    let dir = tempfile::tempdir().unwrap();
    let grid = Grid::north_up(300, 200, 500_000.0, 4_000_000.0, 30.0, utm50());
    let data: Vec<f32> = (0..grid.cells())
        .map(|i| ((i % 300) / 100) as f32)
        .collect();
    let src = write(
        &dir.path().join("lc.tif"),
        &grid,
        WriteType::U8,
        Some(2.0),
        &data,
    );
    assert_eq!(src.nodata, Some(2.0));
    assert_eq!(src.data_type, "Byte");
    assert!(src.is_integer);
    let counts = class_counts(&src);
    assert_eq!(counts.get(&0), Some(&20_000));
    assert_eq!(counts.get(&1), Some(&20_000));
    assert_eq!(
        counts.get(&2),
        None,
        "nodata must not be counted as a class"
    );
    assert!(!dir.path().join("lc.tif.partial").exists());
    let areas = cell_area_ha_by_row(&src.grid);
    assert!((areas[0] - 0.09).abs() < 1e-12);
}

#[test]
fn unfinished_writer_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let grid = Grid::north_up(10, 10, 0.0, 10.0, 1.0, utm50());
    let p = dir.path().join("x.tif");
    {
        let _w = TiffWriter::create(&p, &grid, WriteType::F32, None).unwrap();
    }
    assert!(!p.exists());
    assert!(!dir.path().join("x.tif.partial").exists());
}

#[test]
fn text_file_is_not_a_raster() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("fake.tif");
    std::fs::write(&p, "class,area\n1,2\n").unwrap();
    let e = RasterSource::open(&p).unwrap_err();
    assert!(matches!(e, RasterError::NotARaster { .. }), "{e}");
    assert!(e.to_string().contains("fake.tif"));
    let e = RasterSource::open(dir.path().join("missing.tif")).unwrap_err();
    assert!(matches!(e, RasterError::NotFound { .. }));
}

#[test]
fn align_by_mode_and_bilinear() {
    let dir = tempfile::tempdir().unwrap();
    // fine 30 m classes: left half 1, right half 3, a nodata column
    let fine = Grid::north_up(40, 40, 500_000.0, 4_000_000.0, 30.0, utm50());
    let data: Vec<f32> = (0..fine.cells())
        .map(|i| {
            if i % 40 == 0 {
                255.0
            } else if i % 40 < 20 {
                1.0
            } else {
                3.0
            }
        })
        .collect();
    let src = write(
        &dir.path().join("fine.tif"),
        &fine,
        WriteType::U8,
        Some(255.0),
        &data,
    );
    let coarse = Grid::north_up(20, 20, 500_000.0, 4_000_000.0, 60.0, utm50());
    let moded = align_to_grid(
        &src,
        &coarse,
        Resampling::Mode,
        &dir.path().join("mode.tif"),
    )
    .unwrap();
    assert!(moded.grid.differences(&coarse).is_empty());
    let counts = class_counts(&moded);
    assert_eq!(
        counts.get(&1).copied().unwrap_or(0) + counts.get(&3).copied().unwrap_or(0),
        400
    );
    assert_eq!(counts.get(&3), Some(&200));
    // continuous: bilinear onto a shifted grid keeps values within range
    let vals: Vec<f32> = (0..fine.cells()).map(|i| (i % 40) as f32).collect();
    let v = write(
        &dir.path().join("v.tif"),
        &fine,
        WriteType::F32,
        None,
        &vals,
    );
    let shifted = Grid::north_up(45, 45, 500_045.0, 3_999_955.0, 30.0, utm50());
    let b = align_to_grid(
        &v,
        &shifted,
        Resampling::Bilinear,
        &dir.path().join("b.tif"),
    )
    .unwrap();
    assert!(b.nodata.unwrap().is_nan());
    let windows = plan_windows(&b.grid, b.block_size);
    let (lo, hi, nan) = process_windows(
        &[(b.clone(), ReadAs::F64)],
        &windows,
        || (f64::INFINITY, f64::NEG_INFINITY, 0usize),
        |a, blk| {
            for &x in blk.pixels[0].as_f64() {
                if x.is_nan() {
                    a.2 += 1
                } else {
                    a.0 = a.0.min(x);
                    a.1 = a.1.max(x);
                }
            }
            Ok(())
        },
        |a, b| (a.0.min(b.0), a.1.max(b.1), a.2 + b.2),
        |_| {},
    )
    .unwrap();
    assert!(lo >= 0.0 && hi <= 39.0, "{lo} {hi}");
    // the shifted grid runs past the source on the right and bottom: nodata there
    assert!(nan > 0);
}

#[test]
fn mismatched_grids_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let a = Grid::north_up(10, 10, 0.0, 100.0, 10.0, utm50());
    let b = Grid::north_up(10, 10, 5.0, 100.0, 10.0, utm50());
    let sa = write(
        &dir.path().join("a.tif"),
        &a,
        WriteType::U8,
        None,
        &[1.0; 100],
    );
    let sb = write(
        &dir.path().join("b.tif"),
        &b,
        WriteType::U8,
        None,
        &[1.0; 100],
    );
    let e = sb.require_same_grid(&sa, "use --align").unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("b.tif") && msg.contains("a.tif") && msg.contains("extent"),
        "{msg}"
    );
}

fn square(x0: f64, y0: f64, x1: f64, y1: f64) -> String {
    format!("[[[{x0},{y0}],[{x1},{y0}],[{x1},{y1}],[{x0},{y1}],[{x0},{y0}]]]")
}

fn geojson(path: &Path, features: &[(&str, String)], epsg: u32) {
    let feats: Vec<String> = features
        .iter()
        .map(|(id, ring)| format!(r#"{{"type":"Feature","properties":{{"county":"{id}"}},"geometry":{{"type":"Polygon","coordinates":{ring}}}}}"#))
        .collect();
    let text = format!(
        r#"{{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"urn:ogc:def:crs:EPSG::{epsg}"}}}},"features":[{}]}}"#,
        feats.join(",")
    );
    std::fs::write(path, text).unwrap();
}

#[test]
fn zones_by_pixel_centre() {
    let dir = tempfile::tempdir().unwrap();
    let grid = Grid::north_up(10, 10, 0.0, 10.0, 1.0, utm50());
    let z = dir.path().join("z.geojson");
    // west zone covers x in [0, 4.4): centres 0.5..3.5 → 4 columns
    geojson(
        &z,
        &[
            ("w", square(0.0, 0.0, 4.4, 10.0)),
            ("e", square(4.4, 0.0, 10.0, 10.0)),
        ],
        32650,
    );
    let zones = Zones::rasterize(&z, "COUNTY", &grid, dir.path()).unwrap();
    assert_eq!(zones.ids, vec!["w", "e"]);
    assert_eq!(zones.field, "county");
    let c = class_counts(&zones.raster);
    assert_eq!(c.get(&1), Some(&40));
    assert_eq!(c.get(&2), Some(&60));
}

#[test]
fn zones_errors() {
    let dir = tempfile::tempdir().unwrap();
    let grid = Grid::north_up(10, 10, 0.0, 10.0, 1.0, utm50());
    let z = dir.path().join("z.geojson");
    geojson(&z, &[("w", square(0.0, 0.0, 4.0, 10.0))], 32650);
    let e = Zones::rasterize(&z, "countyy", &grid, dir.path())
        .err()
        .unwrap();
    assert!(e.to_string().contains("did you mean 'county'"), "{e}");
    let far = dir.path().join("far.geojson");
    geojson(
        &far,
        &[("w", square(1000.0, 1000.0, 1004.0, 1010.0))],
        32650,
    );
    let e = Zones::rasterize(&far, "county", &grid, dir.path())
        .err()
        .unwrap();
    assert!(matches!(e, RasterError::ZonesNoOverlap { .. }), "{e}");
    let txt = dir.path().join("t.geojson");
    std::fs::write(&txt, "not json").unwrap();
    let e = Zones::rasterize(&txt, "county", &grid, dir.path())
        .err()
        .unwrap();
    assert!(matches!(e, RasterError::NotAVector { .. }), "{e}");
}

#[test]
fn zones_reprojected_from_lat_lon() {
    let dir = tempfile::tempdir().unwrap();
    // UTM 50N cell grid around 117°E, 36°N
    let grid = Grid::north_up(100, 100, 500_000.0, 3_990_000.0, 100.0, utm50());
    let z = dir.path().join("ll.geojson");
    // a lon/lat box that covers the whole grid
    geojson(&z, &[("all", square(116.9, 35.9, 117.2, 36.2))], 4326);
    let zones = Zones::rasterize(&z, "county", &grid, dir.path()).unwrap();
    let c = class_counts(&zones.raster);
    assert_eq!(c.get(&1), Some(&10_000));
}

#[test]
fn geographic_cell_areas_from_raster() {
    let dir = tempfile::tempdir().unwrap();
    let wgs = SpatialRef::from_epsg(4326).unwrap().to_wkt().unwrap();
    let grid = Grid::north_up(10, 90, 0.0, 90.0, 1.0, wgs);
    let src = write(
        &dir.path().join("g.tif"),
        &grid,
        WriteType::U8,
        None,
        &vec![1.0; 900],
    );
    let rows = cell_area_ha_by_row(&src.grid);
    let hemisphere_share: f64 = rows.iter().sum::<f64>() * 10.0;
    let expect = ellipsoid_band_area_m2(Ellipsoid::WGS84, 0.0, 90.0, 10.0) / 1e4;
    assert!(((hemisphere_share - expect) / expect).abs() < 1e-12);
    assert!(rows[89] > rows[0], "cells grow toward the equator");
}

#[test]
fn burning_by_window_equals_whole_rasterization() {
    let dir = tempfile::tempdir().unwrap();
    let grid = Grid::north_up(97, 61, 0.0, 61.0, 1.0, utm50());
    let z = dir.path().join("z.geojson");
    // a triangle and a slanted quadrilateral, with edges through cell centres
    geojson(
        &z,
        &[
            (
                "a",
                "[[[3.5,2.5],[60.2,10.5],[20.0,58.5],[3.5,2.5]]]".to_string(),
            ),
            (
                "b",
                "[[[50.5,60.0],[96.0,40.5],[90.0,3.0],[55.0,20.5],[50.5,60.0]]]".to_string(),
            ),
        ],
        32650,
    );
    let whole = Zones::rasterize(&z, "county", &grid, dir.path()).unwrap();
    let shapes = ZoneShapes::read(&z, "county", &grid).unwrap();
    let windows = plan_windows(&grid, (16, 8));
    let src = whole.raster.clone();
    let mismatches = process_windows(
        &[(src, ReadAs::I32)],
        &windows,
        || (0usize, Vec::new()),
        |acc, b| {
            shapes.burn(&grid, &b.window, &mut acc.1).unwrap();
            acc.0 += acc
                .1
                .iter()
                .zip(b.pixels[0].as_i32())
                .filter(|(a, b)| a != b)
                .count();
            Ok(())
        },
        |a, b| (a.0 + b.0, a.1),
        |_| {},
    )
    .unwrap()
    .0;
    assert_eq!(mismatches, 0);
    let c = class_counts(&whole.raster);
    assert!(
        c.get(&1).copied().unwrap_or(0) > 500 && c.get(&2).copied().unwrap_or(0) > 500,
        "{c:?}"
    );
}

#[test]
fn directory_and_truncated_file_are_named_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("landcover.tif");
    std::fs::create_dir(&d).unwrap();
    let e = RasterSource::open(&d).unwrap_err();
    assert!(e.is_input_error());
    let m = e.to_string();
    assert!(m.contains("is a directory") && m.contains("hint: "), "{m}");
    // a GeoTIFF cut after its header: opens, but its cells cannot be read
    let grid = Grid::north_up(300, 300, 0.0, 0.0, 1.0, utm50());
    let full = dir.path().join("full.tif");
    let data: Vec<f32> = (0..grid.cells()).map(|i| (i % 251) as f32).collect();
    write(&full, &grid, WriteType::F32, None, &data);
    let bytes = std::fs::read(&full).unwrap();
    let cut = dir.path().join("cut.tif");
    std::fs::write(&cut, &bytes[..bytes.len() / 3]).unwrap();
    let e = match RasterSource::open(&cut) {
        Err(e) => e,
        Ok(src) => process_windows(
            &[(src.clone(), ReadAs::F64)],
            &plan_windows(&src.grid, src.block_size),
            || (),
            |_, _| Ok(()),
            |a, _| a,
            |_| {},
        )
        .unwrap_err(),
    };
    assert!(e.is_input_error());
    let m = e.to_string();
    assert!(m.contains("cut.tif") && m.contains("truncated"), "{m}");
    assert!(!m.contains("error msg: ''"), "{m}");
}
