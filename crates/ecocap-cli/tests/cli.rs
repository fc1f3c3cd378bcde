//! The `ecocap` binary end to end: the command contract, and every kind of
//! bad input answered with a clear message, exit status 2 and no output
//! that looks finished.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::*;

const MAPPING: &str = "class,ecosystem_type\n1,paddy\n2,broadleaf\n8,none\n";

fn areas_run(dir: &Path, areas: &str, mapping: &str, extra: &[&str]) -> (Output, PathBuf) {
    let a = write(dir, "areas.csv", areas);
    let m = write(dir, "mapping.csv", mapping);
    let out = dir.join("out");
    let mut args = vec![
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
    ];
    args.extend_from_slice(extra);
    (ecocap(&args), out)
}

/// Exit 2, the message contains every `needles`, and no finished output.
fn refused(o: &Output, out: &Path, needles: &[&str]) {
    let e = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    for n in needles {
        assert!(e.contains(n), "missing '{n}' in: {e}");
    }
    assert!(
        !out.join("esv_total.csv").exists(),
        "finished-looking output left behind"
    );
    assert!(!out.join("manifest.json").exists());
}

#[test]
fn areas_mode_contract() {
    let dir = tempfile::tempdir().unwrap();
    let (o, out) = areas_run(
        dir.path(),
        "zone,year,class,area\nA,2000,1,100\nA,2000,2,50\nA,2010,1,80\nA,2010,8,70\n",
        MAPPING,
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let total = std::fs::read_to_string(out.join("esv_total.csv")).unwrap();
    assert!(total.starts_with("zone,year,esv_yuan"), "{total}");
    // 2000: 100 ha paddy (3.89) + 50 ha broadleaf (22.95) equivalents × 3406.5
    let expect = (100.0 * 3.89 + 50.0 * 22.95) * 3406.5;
    let line = total.lines().nth(1).unwrap();
    let v: f64 = line.split(',').nth(2).unwrap().parse().unwrap();
    assert!((v - expect).abs() < 1e-6 * expect, "{line} vs {expect}");
    for f in [
        "esv_by_service.csv",
        "esv_by_type.csv",
        "esv.xlsx",
        "esv.json",
        "summary.md",
        "manifest.json",
    ] {
        assert!(out.join(f).exists(), "{f}");
    }
    let by_type = std::fs::read_to_string(out.join("esv_by_type.csv")).unwrap();
    assert!(by_type.starts_with("zone,year,ecosystem_type,esv_yuan"));
    let by_service = std::fs::read_to_string(out.join("esv_by_service.csv")).unwrap();
    assert!(by_service.starts_with("zone,year,service,esv_yuan"));
    assert!(!out.read_dir().unwrap().any(|e| e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .starts_with(".ecocap-partial")));
}

#[test]
fn gbk_area_table_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let text = "class,area\n耕地,100\n林地,50\n";
    let (bytes, _, _) = encoding_rs::GBK.encode(text);
    let a = dir.path().join("gbk.csv");
    std::fs::write(&a, &bytes).unwrap();
    let m = write(
        dir.path(),
        "m.csv",
        "class,ecosystem_type\n耕地,paddy\n林地,broadleaf\n",
    );
    let out = dir.path().join("out");
    let o = ecocap(&[
        "esv",
        "--areas",
        a.to_str().unwrap(),
        "--mapping",
        m.to_str().unwrap(),
        "--unit-value",
        "3406.5",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let t = std::fs::read_to_string(out.join("esv_total.csv")).unwrap();
    assert!(t.contains("all,,"), "{t}");
}

#[test]
fn unmapped_classes_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let (o, out) = areas_run(dir.path(), "class,area\n1,10\n5,3\n9,1\n", MAPPING, &[]);
    refused(&o, &out, &["areas.csv", "5, 9", "mapping.csv", "hint:"]);
}

#[test]
fn bad_areas_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (o, out) = areas_run(dir.path(), "class,area\n1,-10\n", MAPPING, &[]);
    refused(&o, &out, &["areas.csv", "negative area", "area"]);
    let (o, out) = areas_run(dir.path(), "class,area\n1,NaN\n", MAPPING, &[]);
    refused(&o, &out, &["NaN", "not a finite number"]);
    let (o, out) = areas_run(dir.path(), "class,area\n1,12ha\n", MAPPING, &[]);
    refused(&o, &out, &["'12ha' is not a number", "row 2"]);
}

#[test]
fn unknown_area_unit() {
    let dir = tempfile::tempdir().unwrap();
    let (o, out) = areas_run(
        dir.path(),
        "class,area\n1,10\n",
        MAPPING,
        &["--area-unit", "acre"],
    );
    refused(&o, &out, &["--area-unit", "acre", "ha, hm2, km2, mu"]);
}

#[test]
fn unknown_type_suggests_nearest() {
    let dir = tempfile::tempdir().unwrap();
    let (o, out) = areas_run(
        dir.path(),
        "class,area\n1,10\n",
        "class,ecosystem_type\n1,padddy\n",
        &[],
    );
    refused(&o, &out, &["padddy", "paddy", "mapping.csv"]);
}

#[test]
fn misspelled_column_suggests_nearest() {
    let dir = tempfile::tempdir().unwrap();
    let (o, out) = areas_run(dir.path(), "class,aera\n1,10\n", MAPPING, &[]);
    refused(&o, &out, &["areas.csv", "area", "aera"]);
}

#[test]
fn empty_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (o, out) = areas_run(dir.path(), "", MAPPING, &[]);
    refused(&o, &out, &["areas.csv", "empty"]);
}

#[test]
fn output_dir_not_writable() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = write(dir.path(), "blocker", "x");
    let a = write(dir.path(), "a.csv", "class,area\n1,10\n");
    let m = write(dir.path(), "m.csv", MAPPING);
    let o = ecocap(&[
        "esv",
        "--areas",
        a.to_str().unwrap(),
        "--mapping",
        m.to_str().unwrap(),
        "--unit-value",
        "3406.5",
        "--out",
        blocker.join("sub").to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("not writable"), "{}", stderr(&o));
}

fn demo_inputs(dir: &Path) -> ecocap_app::demo::DemoInputs {
    ecocap_app::demo::build_inputs(&dir.join("in")).unwrap()
}

#[test]
fn raster_mode_with_zones() {
    let dir = tempfile::tempdir().unwrap();
    let d = demo_inputs(dir.path());
    let out = dir.path().join("out");
    let lc = format!("{},{}", d.landcover[0].display(), d.landcover[1].display());
    let o = ecocap(&[
        "esv",
        "--landcover",
        &lc,
        "--years",
        "2000,2020",
        "--mapping",
        "clcd",
        "--zones",
        d.counties.to_str().unwrap(),
        "--zone-field",
        "county",
        "--table",
        "xie2015",
        "--unit-value",
        "3406.5",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let t = std::fs::read_to_string(out.join("esv_total.csv")).unwrap();
    assert_eq!(t.lines().count(), 1 + 3 * 2, "{t}");
    assert!(out.join("esv_density_2020.tif").exists());
}

#[test]
fn raster_errors() {
    let dir = tempfile::tempdir().unwrap();
    let d = demo_inputs(dir.path());
    let out = dir.path().join("out");
    let lc = d.landcover[0].to_str().unwrap();
    // a text file is not a raster
    let fake = write(dir.path(), "fake.tif", "not a raster");
    let o = ecocap(&[
        "esv",
        "--landcover",
        fake.to_str().unwrap(),
        "--years",
        "2000",
        "--mapping",
        "clcd",
        "--unit-value",
        "3406.5",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    refused(&o, &out, &["fake.tif", "not a raster"]);
    // a mapping without class 5 (water): the declared nodata 0 is excluded and said so
    let m = write(
        dir.path(),
        "m.csv",
        "class,ecosystem_type\n1,paddy\n2,broadleaf\n",
    );
    let o = ecocap(&[
        "esv",
        "--landcover",
        lc,
        "--years",
        "2000",
        "--mapping",
        m.to_str().unwrap(),
        "--unit-value",
        "3406.5",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    refused(
        &o,
        &out,
        &[
            "landcover_2000.tif",
            "3, 4, 5",
            "nodata code 0 was excluded",
        ],
    );
    // zones far away
    let far = write(
        dir.path(),
        "far.geojson",
        r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32650"}},"features":[{"type":"Feature","properties":{"county":"x"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]]]}}]}"#,
    );
    let o = ecocap(&[
        "esv",
        "--landcover",
        lc,
        "--years",
        "2000",
        "--mapping",
        "clcd",
        "--zones",
        far.to_str().unwrap(),
        "--zone-field",
        "county",
        "--unit-value",
        "3406.5",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    refused(&o, &out, &["far.geojson", "do not overlap"]);
    // grid mismatch without --align: the same raster shifted by half a cell
    let src = ecocap_raster::RasterSource::open(lc).unwrap();
    let mut g = src.grid.clone();
    g.geo_transform[0] += 15.0;
    let shifted = dir.path().join("shifted.tif");
    let mut w =
        ecocap_raster::TiffWriter::create(&shifted, &g, ecocap_raster::WriteType::U8, Some(0.0))
            .unwrap();
    let win = ecocap_raster::Window {
        col: 0,
        row: 0,
        width: g.width,
        height: g.height,
    };
    w.write_f32(&win, &vec![1.0; g.cells()]).unwrap();
    w.finish().unwrap();
    let two = format!("{lc},{}", shifted.display());
    let o = ecocap(&[
        "esv",
        "--landcover",
        &two,
        "--years",
        "2000,2020",
        "--mapping",
        "clcd",
        "--unit-value",
        "3406.5",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    refused(&o, &out, &["shifted.tif", "extent", "--align"]);
    // with --align it is resampled and the run says so
    let o = ecocap(&[
        "esv",
        "--landcover",
        &two,
        "--years",
        "2000,2020",
        "--mapping",
        "clcd",
        "--unit-value",
        "3406.5",
        "--align",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("aligned to the grid of"),
        "{}",
        stderr(&o)
    );
    std::fs::remove_dir_all(&out).unwrap();
    // a CRS that cannot be resolved: the second raster declares none
    g.crs_wkt = String::new();
    let nocrs = dir.path().join("nocrs.tif");
    let mut w =
        ecocap_raster::TiffWriter::create(&nocrs, &g, ecocap_raster::WriteType::U8, Some(0.0))
            .unwrap();
    w.write_f32(&win, &vec![1.0; g.cells()]).unwrap();
    w.finish().unwrap();
    let two = format!("{lc},{}", nocrs.display());
    let o = ecocap(&[
        "esv",
        "--landcover",
        &two,
        "--years",
        "2000,2020",
        "--mapping",
        "clcd",
        "--unit-value",
        "3406.5",
        "--align",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    refused(&o, &out, &["nocrs.tif", "no coordinate reference system"]);
}

#[test]
fn zones_from_geopackage_and_shapefile() {
    let dir = tempfile::tempdir().unwrap();
    let d = demo_inputs(dir.path());
    let lc = d.landcover[1].to_str().unwrap();
    let geojson_out = dir.path().join("gj");
    let o = ecocap(&[
        "esv",
        "--landcover",
        lc,
        "--years",
        "2020",
        "--mapping",
        "clcd",
        "--zones",
        d.counties.to_str().unwrap(),
        "--zone-field",
        "county",
        "--unit-value",
        "3406.5",
        "--no-rasters",
        "--out",
        geojson_out.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let expect = std::fs::read_to_string(geojson_out.join("esv_total.csv")).unwrap();
    // Shapefiles: UTF-8 and GBK (CP936) attribute encodings declared in a .cpg
    for (ext, driver, lco) in [
        ("gpkg", "GPKG", None),
        ("shp", "ESRI Shapefile", Some("ENCODING=UTF-8")),
        ("gbk.shp", "ESRI Shapefile", Some("ENCODING=CP936")),
    ] {
        let v = dir.path().join(format!("counties_{ext}"));
        let v = v.with_extension(ext.rsplit('.').next().unwrap());
        let mut args = vec!["-f", driver];
        if let Some(l) = lco {
            args.extend(["-lco", l]);
        }
        let st = Command::new("ogr2ogr")
            .args(args)
            .args([v.to_str().unwrap(), d.counties.to_str().unwrap()])
            .status()
            .expect("ogr2ogr (gdal-bin) is installed by scripts/setup.sh");
        assert!(st.success());
        let out = dir.path().join(ext.replace('.', "_"));
        let o = ecocap(&[
            "esv",
            "--landcover",
            lc,
            "--years",
            "2020",
            "--mapping",
            "clcd",
            "--zones",
            v.to_str().unwrap(),
            "--zone-field",
            "county",
            "--unit-value",
            "3406.5",
            "--no-rasters",
            "--out",
            out.to_str().unwrap(),
            "-q",
        ]);
        assert_eq!(o.status.code(), Some(0), "{ext}: {}", stderr(&o));
        let got = std::fs::read_to_string(out.join("esv_total.csv")).unwrap();
        assert_eq!(got, expect, "{ext} zones give the same account as GeoJSON");
    }
}

#[test]
fn user_equivalent_table() {
    let dir = tempfile::tempdir().unwrap();
    let t = write(
        dir.path(),
        "my_table.csv",
        "ecosystem_type,food_production,gas_regulation\nfarmland,1.0,0.5\nforest,0.2,3.0\n",
    );
    let m = write(
        dir.path(),
        "m.csv",
        "class,ecosystem_type\n1,farmland\n2,forest\n",
    );
    let a = write(dir.path(), "a.csv", "class,area\n1,10\n2,20\n");
    let out = dir.path().join("out");
    let o = ecocap(&[
        "esv",
        "--areas",
        a.to_str().unwrap(),
        "--mapping",
        m.to_str().unwrap(),
        "--table",
        t.to_str().unwrap(),
        "--unit-value",
        "100",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let total = std::fs::read_to_string(out.join("esv_total.csv")).unwrap();
    let v: f64 = total
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .nth(2)
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (v - (10.0 * 1.5 + 20.0 * 3.2) * 100.0).abs() < 1e-6,
        "{total}"
    );
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(
        manifest.contains("my_table.csv"),
        "the run records the user table"
    );
}

#[test]
fn params_list_and_show() {
    let o = ecocap(&["params", "list"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(
        s.contains("xie2015") && s.contains("costanza2014") && s.contains("clcd"),
        "{s}"
    );
    let o = ecocap(&["params", "show", "xie2015"]);
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(s.contains("3406.5") || s.contains("yuan"), "{s}");
    assert!(s.contains("needleleaf"));
    let o = ecocap(&["params", "show", "xie2105"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("xie2015"), "{}", stderr(&o));
}
