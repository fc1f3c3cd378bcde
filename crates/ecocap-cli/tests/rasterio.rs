//! Issue 19, raster input and output: a directory or a truncated file
//! given as a raster, a full disk, a raster without CRS beside zones with
//! one, an all-nodata land cover, an unknown builtin mapping and `gep` file
//! errors — each exit 2 with the user's path and a `hint:` line, never an
//! internal path.
#![allow(clippy::unwrap_used)]

use ecocap_raster::{Grid, TiffWriter, Window, WriteType};
use gdal::spatial_ref::SpatialRef;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::*;

/// Exit 2 and every needle in the message, with a `hint:` line and no
/// staging folder.
fn refused(o: &Output, needles: &[&str]) -> String {
    let e = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(o.status.code(), Some(2), "{e}");
    for n in needles {
        assert!(e.contains(n), "missing '{n}' in: {e}");
    }
    // a hint on its own line (indented under its input in a problem list)
    assert!(
        e.lines().any(|l| l.trim_start().starts_with("hint: ")),
        "no hint line: {e}"
    );
    assert!(!e.contains(".ecocap-partial"), "internal path: {e}");
    assert!(!e.contains("internal error"), "{e}");
    e
}

/// A 60 × 60 land cover of classes 1 and 2 (CLCD cropland, forest) in UTM
/// 50N, or without CRS; `value` gives each cell.
fn landcover(path: &Path, crs: bool, value: impl Fn(usize) -> f32) -> PathBuf {
    let wkt = if crs {
        SpatialRef::from_epsg(32650).unwrap().to_wkt().unwrap()
    } else {
        String::new()
    };
    let g = Grid::north_up(60, 60, 500_000.0, 3_400_000.0, 30.0, wkt);
    let mut w = TiffWriter::create(path, &g, WriteType::U8, Some(0.0)).unwrap();
    let win = Window {
        col: 0,
        row: 0,
        width: 60,
        height: 60,
    };
    let data: Vec<f32> = (0..g.cells()).map(value).collect();
    w.write_f32(&win, &data).unwrap();
    w.finish().unwrap();
    path.to_path_buf()
}

/// One zone covering the land cover, in EPSG:32650.
fn zones(dir: &Path) -> PathBuf {
    let p = dir.join("zones.geojson");
    std::fs::write(
        &p,
        r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32650"}},"features":[{"type":"Feature","properties":{"county":"A"},"geometry":{"type":"Polygon","coordinates":[[[500000,3400000],[501800,3400000],[501800,3398200],[500000,3398200],[500000,3400000]]]}}]}"#,
    )
    .unwrap();
    p
}

fn esv(lc: &Path, mapping: &str, zones: Option<&Path>, out: &Path) -> Output {
    let mut args = vec![
        "esv".to_string(),
        "--landcover".into(),
        lc.display().to_string(),
        "--years".into(),
        "2000".into(),
        "--mapping".into(),
        mapping.into(),
        "--unit-value".into(),
        "3406.5".into(),
        "--out".into(),
        out.display().to_string(),
        "-q".into(),
    ];
    if let Some(z) = zones {
        args.extend([
            "--zones".into(),
            z.display().to_string(),
            "--zone-field".into(),
            "county".into(),
        ]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    ecocap(&args)
}

#[test]
fn directory_and_truncated_raster_are_named_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let d = dir.path().join("landcover.tif");
    std::fs::create_dir(&d).unwrap();
    refused(
        &esv(&d, "clcd", None, &out),
        &["landcover.tif", "is a directory"],
    );
    let lc = landcover(&dir.path().join("lc.tif"), true, |i| {
        (1 + (i * 7919) % 2) as f32
    });
    let bytes = std::fs::read(&lc).unwrap();
    let cut = dir.path().join("cut.tif");
    std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
    refused(&esv(&cut, "clcd", None, &out), &["cut.tif", "truncated"]);
}

#[test]
fn unknown_builtin_mapping_lists_the_shipped_names() {
    let dir = tempfile::tempdir().unwrap();
    let lc = landcover(&dir.path().join("lc.tif"), true, |_| 1.0);
    let e = refused(
        &esv(&lc, "clcdx", None, &dir.path().join("out")),
        &[
            "unknown mapping 'clcdx'",
            "clcd, cnlucc",
            "did you mean 'clcd'",
        ],
    );
    assert!(!e.contains("No such file"), "{e}");
}

#[test]
fn land_cover_without_crs_beside_zones_with_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let lc = landcover(&dir.path().join("nocrs.tif"), false, |_| 1.0);
    let z = zones(dir.path());
    refused(
        &esv(&lc, "clcd", Some(&z), &dir.path().join("out")),
        &[
            "nocrs.tif",
            "no coordinate reference system",
            "gdal_edit.py -a_srs",
        ],
    );
}

#[test]
fn all_nodata_land_cover_is_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let lc = landcover(&dir.path().join("empty.tif"), true, |_| 0.0);
    let z = zones(dir.path());
    let e = refused(
        &esv(&lc, "clcd", Some(&z), &dir.path().join("out")),
        &["empty.tif", "no valid cell", "are nodata"],
    );
    assert!(!e.contains("do not overlap"), "{e}");
}

#[test]
fn gep_file_errors_say_the_reason_once_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nosuch.csv");
    let o = ecocap(&[
        "gep",
        "--quantities",
        missing.to_str().unwrap(),
        "--out",
        dir.path().join("out").to_str().unwrap(),
    ]);
    let e = refused(&o, &["nosuch.csv"]);
    assert_eq!(e.matches("(os error 2)").count(), 1, "{e}");
    let o = ecocap(&[
        "gep",
        "--quantities",
        dir.path().to_str().unwrap(),
        "--out",
        dir.path().join("out").to_str().unwrap(),
    ]);
    refused(&o, &["not of its folder"]);
}

/// `account` on the demo basin with `--out` on a 1 MB disk: exit 2, "disk
/// full at OUT", not "not a raster" about a half-written work file.
/// Needs root to mount a tmpfs (CI runs as root); skipped otherwise.
#[test]
fn account_on_a_full_disk_says_disk_full() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = ecocap_app::demo::build_inputs(&dir.path().join("in")).unwrap();
    let config = ecocap_app::demo::write_account_config(&inputs, &dir.path().join("in")).unwrap();
    let disk = dir.path().join("disk");
    std::fs::create_dir(&disk).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(&disk)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a tmpfs (not root)");
        return;
    }
    let out = disk.join("acc");
    let o = ecocap(&[
        "account",
        "--config",
        config.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    let _ = Command::new("umount").arg(&disk).status();
    let e = refused(&o, &["disk full at ", "acc"]);
    assert!(!e.contains("not a raster"), "{e}");
}

/// A land cover saved as Float32 is refused by a model run, as `esv`,
/// `account` and `seea` refuse it (it was truncated to integer codes).
#[test]
fn float_land_cover_is_refused_by_run() {
    let dir = tempfile::tempdir().unwrap();
    let wkt = SpatialRef::from_epsg(32650).unwrap().to_wkt().unwrap();
    let g = Grid::north_up(60, 60, 500_000.0, 3_400_000.0, 30.0, wkt);
    let lc = dir.path().join("lc_float.tif");
    let mut w = TiffWriter::create(&lc, &g, WriteType::F32, Some(0.0)).unwrap();
    let win = Window {
        col: 0,
        row: 0,
        width: 60,
        height: 60,
    };
    let data: Vec<f32> = (0..g.cells()).map(|i| 1.0 + (i % 2) as f32 + 0.4).collect();
    w.write_f32(&win, &data).unwrap();
    w.finish().unwrap();
    let pools = dir.path().join("pools.csv");
    std::fs::write(
        &pools,
        "lucode,c_above,c_below,c_soil,c_dead\n1,10,5,20,1\n2,50,10,30,3\n",
    )
    .unwrap();
    let args = dir.path().join("args.toml");
    std::fs::write(
        &args,
        format!(
            "lulc_bas_path = '{}'\ncarbon_pools_path = '{}'\n",
            lc.display(),
            pools.display()
        ),
    )
    .unwrap();
    let ws = dir.path().join("ws");
    let o = ecocap(&[
        "run",
        "carbon",
        "--args",
        args.to_str().unwrap(),
        "--workspace",
        ws.to_str().unwrap(),
        "--quiet",
    ]);
    refused(&o, &["lc_float.tif", "Float32", "integers"]);
}

/// `run sdr` on the demo basin with its workspace on a 1 MB disk, five
/// times: exit 2 and "disk full at WS" every time, never a segfault (the
/// background writers were left running while the process exited).
/// Needs root to mount a tmpfs (CI runs as root); skipped otherwise.
#[test]
fn sdr_on_a_full_disk_never_crashes() {
    let dir = tempfile::tempdir().unwrap();
    let d = ecocap_app::demo::build_inputs(&dir.path().join("in")).unwrap();
    let ws_poly = dir.path().join("watersheds.geojson");
    let text = std::fs::read_to_string(&d.counties)
        .unwrap()
        .replace("\"county\":\"甲县 Jia\"", "\"ws_id\":1")
        .replace("\"county\":\"乙县 Yi\"", "\"ws_id\":2")
        .replace("\"county\":\"丙县 Bing\"", "\"ws_id\":3");
    std::fs::write(&ws_poly, text).unwrap();
    let bio = dir.path().join("bio.csv");
    std::fs::write(
        &bio,
        "lucode,usle_c,usle_p\n1,0.3,0.6\n2,0.006,1\n3,0.02,1\n4,0.05,1\n5,0,1\n7,1,1\n8,0.01,1\n9,0,1\n",
    )
    .unwrap();
    let args = dir.path().join("sdr.toml");
    std::fs::write(
        &args,
        format!(
            "dem_path = '{}'\nerosivity_path = '{}'\nerodibility_path = '{}'\nlulc_path = '{}'\nwatersheds_path = '{}'\nbiophysical_table_path = '{}'\nthreshold_flow_accumulation = 1000\nk_param = 2\nsdr_max = 0.8\nic_0_param = 0.5\nl_max = 122\n",
            d.dem.display(),
            d.erosivity.display(),
            d.erodibility.display(),
            d.landcover[0].display(),
            ws_poly.display(),
            bio.display()
        ),
    )
    .unwrap();
    let disk = dir.path().join("disk");
    std::fs::create_dir(&disk).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(&disk)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a tmpfs (not root)");
        return;
    }
    let ws = disk.join("ws");
    let mut outcomes = Vec::new();
    for _ in 0..5 {
        let o = ecocap(&[
            "run",
            "sdr",
            "--args",
            args.to_str().unwrap(),
            "--workspace",
            ws.to_str().unwrap(),
            "--quiet",
        ]);
        let _ = std::fs::remove_dir_all(&ws);
        outcomes.push(o);
    }
    let _ = Command::new("umount").arg(&disk).status();
    for o in &outcomes {
        refused(o, &["disk full at ", "ws"]);
    }
}
