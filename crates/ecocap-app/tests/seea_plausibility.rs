#![allow(clippy::unwrap_used)]
//! `ecocap seea` on the inputs it shares with `esv` and `account`: an
//! all-nodata land-cover year is refused by name and year, and a
//! self-intersecting zone is repaired and reported (issue 19, item 4).

use ecocap_app::seea::{run_seea, SeeaOptions};
use ecocap_app::NoProgress;
use ecocap_raster::{RasterSource, TiffWriter, Window, WriteType};
use std::path::Path;

fn config(dir: &Path, opening: &Path, closing: &Path, extra: &str) -> std::path::PathBuf {
    let p = dir.join("seea.toml");
    std::fs::write(
        &p,
        format!(
            "[extent]\nopening = {opening:?}\nclosing = {closing:?}\nopening_year = 2000\nclosing_year = 2020\nmapping = \"clcd\"\n{extra}"
        ),
    )
    .unwrap();
    p
}

fn run(cfg: &Path, out: &Path) -> Result<ecocap_app::seea::SeeaOutcome, ecocap_app::AppError> {
    run_seea(
        &SeeaOptions {
            config: cfg.to_path_buf(),
            out: out.to_path_buf(),
            force: false,
        },
        &NoProgress,
    )
}

#[test]
fn all_nodata_year_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let d = ecocap_app::demo::build_inputs(&dir.path().join("in")).unwrap();
    let grid = RasterSource::open(&d.landcover[0]).unwrap().grid;
    let empty = dir.path().join("lc2020_empty.tif");
    let mut w = TiffWriter::create(&empty, &grid, WriteType::U8, Some(0.0)).unwrap();
    let win = Window {
        col: 0,
        row: 0,
        width: grid.width,
        height: grid.height,
    };
    w.write_f32(&win, &vec![0.0; grid.cells()]).unwrap();
    w.finish().unwrap();
    let cfg = config(dir.path(), &d.landcover[0], &empty, "");
    let e = run(&cfg, &dir.path().join("out")).err().unwrap();
    let msg = e.to_string();
    assert!(e.is_input_error(), "{msg}");
    assert!(
        msg.contains("lc2020_empty.tif") && msg.contains("2020") && msg.contains("no valid cell"),
        "{msg}"
    );
}

#[test]
fn self_intersecting_zone_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let d = ecocap_app::demo::build_inputs(&dir.path().join("in")).unwrap();
    let g = RasterSource::open(&d.landcover[0]).unwrap().grid;
    let t = g.geo_transform;
    let (x0, y0) = (t[0], t[3]);
    let (x1, y1) = (x0 + t[1] * g.width as f64, y0 + t[5] * g.height as f64);
    let zones = dir.path().join("bowtie.geojson");
    std::fs::write(
        &zones,
        format!(
            r#"{{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"urn:ogc:def:crs:EPSG::32650"}}}},"features":[{{"type":"Feature","properties":{{"county":"Jia"}},"geometry":{{"type":"Polygon","coordinates":[[[{x0},{y0}],[{x1},{y0}],[{x0},{y1}],[{x1},{y1}],[{x0},{y0}]]]}}}}]}}"#
        ),
    )
    .unwrap();
    let cfg = config(
        dir.path(),
        &d.landcover[0],
        &d.landcover[1],
        &format!("[zones]\npath = {zones:?}\nfield = \"county\"\n"),
    );
    let o = run(&cfg, &dir.path().join("out")).unwrap();
    assert!(
        o.notes
            .iter()
            .any(|n| n.starts_with("WARNING") && n.contains("zone 'Jia'")),
        "{:?}",
        o.notes
    );
}
