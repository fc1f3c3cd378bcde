//! `ecocap esv` refuses duplicate keys and impossible values, and warns
//! loudly about unusual ones (issue 19, item 4).
#![allow(clippy::unwrap_used)]

use ecocap_raster::{RasterSource, TiffWriter, Window, WriteType};
use std::path::{Path, PathBuf};
use std::process::Output;

mod common;
use common::*;

/// Exit 2, every needle in the message, nothing that looks finished.
fn refused(o: &Output, out: &Path, needles: &[&str]) {
    let e = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    for n in needles {
        assert!(e.contains(n), "missing '{n}' in: {e}");
    }
    assert!(!out.join("esv_total.csv").exists());
    assert!(!out.join("manifest.json").exists());
}

fn areas_run(dir: &Path, areas: &str, mapping: &str) -> (Output, PathBuf) {
    let a = write(dir, "areas.csv", areas);
    let m = write(dir, "mapping.csv", mapping);
    let out = dir.join("out");
    let o = ecocap(&[
        "esv",
        "--areas",
        a.to_str().unwrap(),
        "--mapping",
        m.to_str().unwrap(),
        "--table",
        "xie2015",
        "--unit-value",
        "3406.5",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    (o, out)
}

const MAPPING: &str = "class,ecosystem_type\n1,paddy\n2,broadleaf\n";

#[test]
fn duplicate_area_rows_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let areas = "zone,year,class,area\nA,1999,1,100\nA,1999,2,50\nB,1999,1,7\nA,1999,1,100\n";
    let (o, out) = areas_run(dir.path(), areas, MAPPING);
    refused(
        &o,
        &out,
        &[
            "areas.csv",
            "line 5 repeats line 2",
            "zone 'A', year 1999, class '1'",
            "hint:",
        ],
    );
    // the same rows once each are accepted
    let areas = "zone,year,class,area\nA,1999,1,100\nA,1999,2,50\nB,1999,1,7\n";
    let (o, _) = areas_run(dir.path(), areas, MAPPING);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn class_mapped_twice_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let areas = "zone,year,class,area\nA,1999,1,100\nA,1999,2,50\n";
    // conflicting rows: the last one used to win
    let (o, out) = areas_run(
        dir.path(),
        areas,
        "class,ecosystem_type\n1,paddy\n2,broadleaf\n1,broadleaf\n",
    );
    refused(&o, &out, &["mapping.csv", "line 4", "line 2", "`1`"]);
    // agreeing rows are refused too (one line per class, as for account and seea)
    let (o, out) = areas_run(
        dir.path(),
        areas,
        "class,ecosystem_type\n1,paddy\n2,broadleaf\n1,paddy\n",
    );
    refused(&o, &out, &["mapping.csv", "line 4", "line 2"]);
}

fn demo(dir: &Path) -> ecocap_app::demo::DemoInputs {
    ecocap_app::demo::build_inputs(&dir.join("in")).unwrap()
}

/// A raster on the grid of `like` with values `f(row, col)`.
fn raster(like: &Path, path: &Path, kind: WriteType, nodata: f64, f: impl Fn(usize, usize) -> f32) {
    let grid = RasterSource::open(like).unwrap().grid;
    let mut w = TiffWriter::create(path, &grid, kind, Some(nodata)).unwrap();
    let data: Vec<f32> = (0..grid.cells())
        .map(|i| f(i / grid.width, i % grid.width))
        .collect();
    let win = Window {
        col: 0,
        row: 0,
        width: grid.width,
        height: grid.height,
    };
    w.write_f32(&win, &data).unwrap();
    w.finish().unwrap();
}

fn esv_rasters(lc: &str, years: &str, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "esv",
        "--landcover",
        lc,
        "--years",
        years,
        "--mapping",
        "clcd",
        "--unit-value",
        "3406.5",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ];
    args.extend_from_slice(extra);
    ecocap(&args)
}

#[test]
fn raster_route_refusals_and_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let d = demo(dir.path());
    let out = dir.path().join("out");
    let lc0 = d.landcover[0].to_str().unwrap();
    // the same year twice: both maps were added into one year
    let two = format!("{},{}", d.landcover[0].display(), d.landcover[1].display());
    let o = esv_rasters(&two, "2000,2000", &out, &[]);
    refused(&o, &out, &["--years", "2000", "twice", "hint:"]);

    // one NPP cell of 3e38: the reference mean became 8.3e32 and ESV fell 60 %
    let spike = dir.path().join("npp_spike.tif");
    raster(&d.npp, &spike, WriteType::F32, -9999.0, |r, c| {
        if r == 300 && c == 300 {
            3e38
        } else {
            500.0
        }
    });
    let o = esv_rasters(lc0, "2000", &out, &["--npp", spike.to_str().unwrap()]);
    refused(
        &o,
        &out,
        &[
            "npp_spike.tif",
            "--npp",
            "1 of",
            "3e38",
            "0–4000 g C/m²/yr",
            "hint:",
        ],
    );

    // a negative NPP raster gave a negative ESV
    let neg = dir.path().join("npp_negative.tif");
    raster(&d.npp, &neg, WriteType::F32, -9999.0, |_, _| -200.0);
    let o = esv_rasters(
        lc0,
        "2000",
        &out,
        &["--npp", neg.to_str().unwrap(), "--npp-mean", "450"],
    );
    refused(
        &o,
        &out,
        &["npp_negative.tif", "smallest -200", "maximum(A,0)"],
    );

    // an absurd reference mean
    let o = esv_rasters(
        lc0,
        "2000",
        &out,
        &["--npp", d.npp.to_str().unwrap(), "--npp-mean", "8.3e32"],
    );
    refused(&o, &out, &["--npp-mean", "plausible range"]);

    // absurd precipitation
    let wet = dir.path().join("precip_absurd.tif");
    raster(&d.npp, &wet, WriteType::F32, -9999.0, |r, _| {
        if r < 10 {
            1.0e9
        } else {
            800.0
        }
    });
    let o = esv_rasters(
        lc0,
        "2000",
        &out,
        &["--precipitation", wet.to_str().unwrap()],
    );
    refused(&o, &out, &["precip_absurd.tif", "mm/yr", "1e9"]);

    // unusual but possible: a loud warning, even with -q, and in the outputs
    let high = dir.path().join("npp_high.tif");
    raster(&d.npp, &high, WriteType::F32, -9999.0, |r, _| {
        if r < 2 {
            3000.0
        } else {
            500.0
        }
    });
    let o = esv_rasters(lc0, "2000", &out, &["--npp", high.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("WARNING") && stderr(&o).contains("npp_high.tif"));
    let summary = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(
        summary.contains("WARNING") && summary.contains("2500"),
        "{summary}"
    );
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains("WARNING"), "{manifest}");

    // a land cover whose every cell is nodata: ESV = 0 without a word
    let empty = dir.path().join("landcover_empty.tif");
    raster(&d.landcover[0], &empty, WriteType::U8, 0.0, |_, _| 0.0);
    let out2 = dir.path().join("out2");
    let both = format!("{},{}", d.landcover[0].display(), empty.display());
    let o = esv_rasters(&both, "2000,2020", &out2, &[]);
    refused(
        &o,
        &out2,
        &["landcover_empty.tif", "2020", "no valid cell", "hint:"],
    );
    let o = esv_rasters(
        &both,
        "2000,2020",
        &out2,
        &[
            "--zones",
            d.counties.to_str().unwrap(),
            "--zone-field",
            "county",
        ],
    );
    refused(&o, &out2, &["landcover_empty.tif", "2020", "no valid cell"]);
}

#[test]
fn self_intersecting_zone_is_repaired_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let d = demo(dir.path());
    let g = RasterSource::open(&d.landcover[0]).unwrap().grid;
    let t = g.geo_transform;
    let (x0, y0) = (t[0], t[3]);
    let (x1, y1) = (x0 + t[1] * g.width as f64, y0 + t[5] * g.height as f64);
    // a bow tie: the ring crosses itself in the middle of the grid
    let zones = write(
        dir.path(),
        "bowtie.geojson",
        &format!(
            r#"{{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"urn:ogc:def:crs:EPSG::32650"}}}},"features":[{{"type":"Feature","properties":{{"county":"Jia"}},"geometry":{{"type":"Polygon","coordinates":[[[{x0},{y0}],[{x1},{y0}],[{x0},{y1}],[{x1},{y1}],[{x0},{y0}]]]}}}}]}}"#
        ),
    );
    let out = dir.path().join("out");
    let o = esv_rasters(
        d.landcover[0].to_str().unwrap(),
        "2000",
        &out,
        &["--zones", zones.to_str().unwrap(), "--zone-field", "county"],
    );
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{e}");
    assert!(
        e.contains("WARNING")
            && e.contains("bowtie.geojson")
            && e.contains("zone 'Jia'")
            && e.contains("MakeValid"),
        "{e}"
    );
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains("MakeValid"), "{manifest}");
    // both triangles are counted: about half the grid (minus the nodata frame)
    let total = std::fs::read_to_string(out.join("esv_total.csv")).unwrap();
    assert!(total.contains("Jia"), "{total}");
}
