//! Shared helpers of the integration tests: the reference fixture and the
//! comparison rules of its README.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ecocap_models::io::args_file::load_args;
use ecocap_models::{find, NoObserver, RunContext, RunReport};
use gdal::Dataset;

/// The invest-synth-400 fixture, kept in the repository (data/reference/).
pub fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/reference/invest-synth-400")
}

/// Run `run` (a datastack name) into a fresh directory.
pub fn run_datastack(run: &str, model: &str) -> (tempfile::TempDir, RunReport) {
    let m = find(model).unwrap();
    let spec = (m.spec)();
    let file = load_args(
        &fixture().join(format!("datastacks/{run}.invs.json")),
        &spec,
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let report = (m.run)(&file.args, &RunContext::new(dir.path(), &NoObserver)).unwrap();
    (dir, report)
}

/// Run `run` with some arguments added or replaced.
pub fn run_datastack_with(
    run: &str,
    model: &str,
    extra: &[(&str, serde_json::Value)],
) -> (tempfile::TempDir, RunReport) {
    let m = find(model).unwrap();
    let spec = (m.spec)();
    let mut file = load_args(
        &fixture().join(format!("datastacks/{run}.invs.json")),
        &spec,
    )
    .unwrap();
    for (k, v) in extra {
        file.args.set(k, v.clone());
    }
    let dir = tempfile::tempdir().unwrap();
    let report = (m.run)(&file.args, &RunContext::new(dir.path(), &NoObserver)).unwrap();
    (dir, report)
}

/// InVEST's nodata rule (fixture README, "Nodata conventions").
pub fn is_nodata(v: f64, nd: Option<f64>, float: bool) -> bool {
    if v.is_nan() {
        return true;
    }
    match nd {
        None => false,
        Some(n) if !float => v == n,
        Some(n) => (v - n).abs() <= 1e-8 + 1e-5 * n.abs(),
    }
}

/// A raster read whole: (size, geotransform, wkt, nodata, float?, values).
pub struct Whole {
    pub size: (usize, usize),
    pub gt: [f64; 6],
    pub wkt: String,
    pub nodata: Option<f64>,
    pub float: bool,
    pub values: Vec<f64>,
}

pub fn read(path: &Path) -> Whole {
    let ds = Dataset::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let band = ds.rasterband(1).unwrap();
    let size = ds.raster_size();
    let float = matches!(
        band.band_type(),
        gdal::raster::GdalDataType::Float32 | gdal::raster::GdalDataType::Float64
    );
    let values = band
        .read_as::<f64>((0, 0), size, size, None)
        .unwrap()
        .data()
        .to_vec();
    Whole {
        size,
        gt: ds.geo_transform().unwrap(),
        wkt: ds.projection(),
        nodata: band.no_data_value(),
        float,
        values,
    }
}

/// Compare a raster to InVEST's; returns the largest relative error.
pub fn compare_raster(ours: &Path, theirs: &Path) -> f64 {
    let (a, b) = (read(ours), read(theirs));
    assert_eq!(a.size, b.size, "{}: size", ours.display());
    for (x, y) in a.gt.iter().zip(&b.gt) {
        assert!(
            (x - y).abs() < 1e-6,
            "{}: geotransform {:?} vs {:?}",
            ours.display(),
            a.gt,
            b.gt
        );
    }
    let sa = gdal::spatial_ref::SpatialRef::from_wkt(&a.wkt).unwrap();
    let sb = gdal::spatial_ref::SpatialRef::from_wkt(&b.wkt).unwrap();
    assert!(sa == sb, "{}: CRS differs", ours.display());
    let mut worst = 0.0f64;
    let mut mask_diff = 0usize;
    let mut bad = 0usize;
    let mut at = (0usize, 0.0f64, 0.0f64);
    for (i, (x, y)) in a.values.iter().zip(&b.values).enumerate() {
        let (nx, ny) = (
            is_nodata(*x, a.nodata, a.float),
            is_nodata(*y, b.nodata, b.float),
        );
        if nx != ny {
            mask_diff += 1;
            if mask_diff < 5 {
                eprintln!(
                    "{}: mask differs at pixel {i} (row {}, col {}): ours {x}, InVEST {y}",
                    ours.display(),
                    i / a.size.0,
                    i % a.size.0
                );
            }
            continue;
        }
        if nx {
            continue;
        }
        let err = (x - y).abs();
        if err > 1e-6_f64.max(1e-4 * y.abs()) {
            bad += 1;
            if bad < 5 {
                eprintln!("{}: pixel {i}: ours {x}, InVEST {y}", ours.display());
            }
        }
        if y.abs() > 1e-6 && err / y.abs() > worst {
            worst = err / y.abs();
            at = (i, *x, *y);
        }
    }
    if worst > 1e-5 {
        eprintln!(
            "{}: worst at pixel {} (row {}, col {}): ours {}, InVEST {}",
            ours.display(),
            at.0,
            at.0 / a.size.0,
            at.0 % a.size.0,
            at.1,
            at.2
        );
    }
    assert_eq!(
        mask_diff,
        0,
        "{}: {mask_diff} pixels differ in the nodata mask",
        ours.display()
    );
    assert_eq!(bad, 0, "{}: {bad} pixels out of tolerance", ours.display());
    worst
}

/// Rows of a CSV keyed by `key` (quotes stripped, lower-case headers).
pub fn read_csv(path: &Path, key: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let split = |l: &str| {
        l.split(',')
            .map(|s| s.trim().trim_matches('"').to_string())
            .collect::<Vec<_>>()
    };
    let head: Vec<String> = split(lines.next().unwrap())
        .into_iter()
        .map(|h| h.to_lowercase())
        .collect();
    let k = head
        .iter()
        .position(|h| h == key)
        .unwrap_or_else(|| panic!("{}: no {key}", path.display()));
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f = split(l);
            (f[k].clone(), head.iter().cloned().zip(f).collect())
        })
        .collect()
}

/// Compare every numeric field; returns the largest relative error.
pub fn compare_csv(ours: &Path, theirs: &Path, key: &str) -> f64 {
    let (a, b) = (read_csv(ours, key), read_csv(theirs, key));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{}: keys",
        ours.display()
    );
    let mut worst = 0.0f64;
    for (id, row) in &b {
        for (field, v) in row {
            let Ok(y) = v.parse::<f64>() else { continue };
            let x: f64 = a[id]
                .get(field)
                .unwrap_or_else(|| panic!("{}: no field {field}", ours.display()))
                .parse()
                .unwrap_or_else(|_| panic!("{}: {field} of {id} is not a number", ours.display()));
            let err = (x - y).abs();
            assert!(
                err <= 1e-6_f64.max(1e-4 * y.abs()),
                "{}: {id}.{field}: ours {x}, InVEST {y}",
                ours.display()
            );
            if y.abs() > 1e-6 {
                worst = worst.max(err / y.abs());
            }
        }
    }
    worst
}

/// Compare every file under expected/<run>/ with the same path in `ws`.
pub fn compare_run(run: &str, ws: &Path) -> Vec<(String, f64)> {
    let root = fixture().join("expected").join(run);
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let rel = p.strip_prefix(&root).unwrap().to_string_lossy().to_string();
            let ours = ws.join(&rel);
            assert!(ours.exists(), "{run}: missing output {rel}");
            let err = match p.extension().and_then(|e| e.to_str()) {
                Some("tif") => compare_raster(&ours, &p),
                Some("csv") => {
                    let head = std::fs::read_to_string(&p).unwrap();
                    let first = head.lines().next().unwrap().to_lowercase();
                    let key = first
                        .split(',')
                        .next()
                        .unwrap()
                        .trim_matches('"')
                        .to_string();
                    compare_csv(&ours, &p, &key)
                }
                _ => continue,
            };
            eprintln!("parity {run}/{rel}: max relative error {err:.3e}");
            out.push((rel, err));
        }
    }
    assert!(!out.is_empty());
    out
}

/// WKT of an EPSG code.
pub fn wkt(epsg: u32) -> String {
    gdal::spatial_ref::SpatialRef::from_epsg(epsg)
        .unwrap()
        .to_wkt()
        .unwrap()
}

/// Write a small single-band GeoTIFF (north-up, origin (ox, oy), square
/// pixel `px`) with the given values, type and nodata.
// A test fixture builder: every argument is one property of the raster.
#[allow(clippy::too_many_arguments)]
pub fn write_raster<T: gdal::raster::GdalType + Copy>(
    path: &Path,
    w: usize,
    h: usize,
    data: Vec<T>,
    nodata: Option<f64>,
    epsg: u32,
    origin: (f64, f64),
    px: f64,
) {
    let driver = gdal::DriverManager::get_driver_by_name("GTiff").unwrap();
    let mut ds = driver.create_with_band_type::<T, _>(path, w, h, 1).unwrap();
    ds.set_geo_transform(&[origin.0, px, 0.0, origin.1, 0.0, -px])
        .unwrap();
    ds.set_projection(&wkt(epsg)).unwrap();
    let mut band = ds.rasterband(1).unwrap();
    if let Some(nd) = nodata {
        band.set_no_data_value(Some(nd)).unwrap();
    }
    let mut buf = gdal::raster::Buffer::new((w, h), data);
    band.write((0, 0), (w, h), &mut buf).unwrap();
}

/// Args from (id, value) pairs.
pub fn args(pairs: &[(&str, serde_json::Value)]) -> ecocap_spec::Args {
    let mut a = ecocap_spec::Args::default();
    for (k, v) in pairs {
        a.set(k, v.clone());
    }
    a
}

/// Run `model` with `args` into a fresh directory; the error if it fails.
pub fn run_err(
    model: &str,
    a: &ecocap_spec::Args,
) -> (tempfile::TempDir, ecocap_models::ModelError) {
    let dir = tempfile::tempdir().unwrap();
    let m = find(model).unwrap();
    let e = (m.run)(a, &RunContext::new(&dir.path().join("ws"), &NoObserver))
        .expect_err("the run should fail");
    (dir, e)
}

/// Run `model` with `args`; panics on error.
pub fn run_ok(model: &str, a: &ecocap_spec::Args) -> (tempfile::TempDir, RunReport) {
    let dir = tempfile::tempdir().unwrap();
    let m = find(model).unwrap();
    let r = (m.run)(a, &RunContext::new(&dir.path().join("ws"), &NoObserver))
        .unwrap_or_else(|e| panic!("{e}"));
    (dir, r)
}

/// A fixture input path as a JSON string.
pub fn input(name: &str) -> serde_json::Value {
    serde_json::Value::String(fixture().join("inputs").join(name).display().to_string())
}

/// A path as a JSON string.
pub fn jpath(p: &Path) -> serde_json::Value {
    serde_json::Value::String(p.display().to_string())
}
