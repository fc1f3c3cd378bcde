//! Bad input becomes a clear answer (issue 4 §6): each error names the
//! input and the offending value, and is classed as input (exit status 2).
#![allow(clippy::unwrap_used)]

mod common;

use common::{args, input, jpath, run_err, run_ok, write_raster};
use ecocap_models::ModelError;
use serde_json::json;
use std::path::Path;

const UTM: u32 = 32650;
const O: (f64, f64) = (300_000.0, 3_400_000.0);

fn pools(dir: &Path, body: &str) -> std::path::PathBuf {
    let p = dir.join("pools.csv");
    std::fs::write(&p, format!("lucode,c_above,c_below,c_soil,c_dead\n{body}")).unwrap();
    p
}

fn carbon_args(lulc: &Path, pools: &Path) -> ecocap_spec::Args {
    args(&[
        ("lulc_bas_path", jpath(lulc)),
        ("carbon_pools_path", jpath(pools)),
    ])
}

#[test]
fn missing_codes_are_listed_without_the_nodata_code() {
    let d = tempfile::tempdir().unwrap();
    let lulc = d.path().join("lulc.tif");
    let mut v = vec![1u8; 100];
    v[5] = 200;
    v[6] = 201;
    v[7] = 255;
    write_raster(&lulc, 10, 10, v, Some(255.0), UTM, O, 30.0);
    let p = pools(d.path(), "1,10,5,20,1\n");
    let (_, e) = run_err("carbon", &carbon_args(&lulc, &p));
    assert!(e.is_input_error());
    let msg = e.to_string();
    assert!(msg.contains("are: [200, 201]"), "{msg}");
    assert!(msg.contains("nodata value 255 is skipped"), "{msg}");
    assert!(msg.starts_with("carbon_pools_path"), "{msg}");
}

#[test]
fn a_missing_code_that_looks_like_nodata_says_so() {
    let d = tempfile::tempdir().unwrap();
    let lulc = d.path().join("lulc.tif");
    let mut v = vec![1i16; 100];
    v[0] = -9999;
    write_raster(&lulc, 10, 10, v, None, UTM, O, 30.0);
    let p = pools(d.path(), "1,10,5,20,1\n");
    let msg = run_err("carbon", &carbon_args(&lulc, &p)).1.to_string();
    assert!(
        msg.contains("[-9999]") && msg.contains("declares no nodata value"),
        "{msg}"
    );
    assert!(msg.contains("gdal_edit.py -a_nodata"), "{msg}");
}

#[test]
fn no_nodata_on_land_cover_runs_like_invest_with_a_note() {
    let d = tempfile::tempdir().unwrap();
    let lulc = d.path().join("lulc.tif");
    write_raster(&lulc, 4, 4, vec![1i32; 16], None, UTM, O, 1.0);
    let p = pools(d.path(), "1,15,10,60,1\n");
    let (_, r) = run_ok("carbon", &carbon_args(&lulc, &p));
    assert!(
        r.notes.iter().any(|n| n.contains("declares no nodata")),
        "{:?}",
        r.notes
    );
    assert!(
        (r.summary["baseline_storage_t"].as_f64().unwrap() - 86.0 * 16.0 / 10_000.0).abs() < 1e-12
    );
}

#[test]
fn non_numeric_cells_name_file_line_column_and_value() {
    let d = tempfile::tempdir().unwrap();
    let lulc = d.path().join("lulc.tif");
    write_raster(&lulc, 4, 4, vec![1i32; 16], Some(-1.0), UTM, O, 30.0);
    let p = pools(d.path(), "1,15,ten,60,1\n");
    let e = run_err("carbon", &carbon_args(&lulc, &p)).1;
    assert!(e.is_input_error());
    let msg = e.to_string();
    assert!(
        msg.contains("c_below") && msg.contains("ten") && msg.contains("line 2"),
        "{msg}"
    );
    let p = pools(d.path(), "forest,15,10,60,1\n");
    let msg = run_err("carbon", &carbon_args(&lulc, &p)).1.to_string();
    assert!(msg.contains("lucode") && msg.contains("forest"), "{msg}");
}

#[test]
fn gbk_tables_are_read_and_undecodable_ones_refused() {
    let d = tempfile::tempdir().unwrap();
    let lulc = d.path().join("lulc.tif");
    write_raster(&lulc, 4, 4, vec![1i32; 16], Some(-1.0), UTM, O, 30.0);
    let text = "lucode,lulc_name,c_above,c_below,c_soil,c_dead\n1,森林,15,10,60,1\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let p = d.path().join("gbk.csv");
    std::fs::write(&p, &gbk).unwrap();
    run_ok("carbon", &carbon_args(&lulc, &p));
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    std::fs::write(&p, utf16).unwrap();
    let e = run_err("carbon", &carbon_args(&lulc, &p)).1;
    assert!(e.is_input_error(), "{e}");
    assert!(e.to_string().contains("carbon_pools_path"), "{e}");
}

#[test]
fn percent_given_for_a_ratio_is_refused_with_the_fix() {
    let d = tempfile::tempdir().unwrap();
    let sens = d.path().join("sens.csv");
    std::fs::write(&sens, "lucode,habitat,urban,crop,roads\n1,100,0.8,0.6,0.7\n2,0.8,0.6,0.5,0.6\n3,0.6,0.5,0.4,0.5\n4,0.2,0.3,0,0.2\n5,0,0,0,0\n6,0.5,0.6,0.5,0.4\n7,1,0.9,0.8,0.8\n8,0.1,0.1,0.1,0.1\n").unwrap();
    let a = args(&[
        ("lulc_cur_path", input("lulc_bas.tif")),
        ("threats_table_path", input("hq_threats.csv")),
        ("sensitivity_table_path", jpath(&sens)),
        ("half_saturation_constant", json!(0.1)),
    ]);
    let msg = run_err("habitat_quality", &a).1.to_string();
    assert!(
        msg.contains("\"habitat\"") && msg.contains("\"100\"") && msg.contains("percentage"),
        "{msg}"
    );
}

fn threats(dir: &Path, rows: &str) -> std::path::PathBuf {
    let p = dir.join("threats.csv");
    std::fs::write(&p, format!("threat,max_dist,weight,decay,cur_path\n{rows}")).unwrap();
    p
}

fn hq_args(dir: &Path, rows: &str) -> ecocap_spec::Args {
    let lulc = dir.join("lulc.tif");
    write_raster(&lulc, 10, 10, vec![1i32; 100], Some(-1.0), UTM, O, 30.0);
    let sens = dir.join("sens.csv");
    std::fs::write(&sens, "lucode,habitat,t1\n1,1,0.5\n").unwrap();
    args(&[
        ("lulc_cur_path", jpath(&lulc)),
        ("threats_table_path", jpath(&threats(dir, rows))),
        ("sensitivity_table_path", jpath(&sens)),
        ("half_saturation_constant", json!(0.5)),
    ])
}

#[test]
fn max_dist_must_be_positive() {
    let d = tempfile::tempdir().unwrap();
    let t = d.path().join("t1.tif");
    write_raster(&t, 10, 10, vec![0f32; 100], Some(-1.0), UTM, O, 30.0);
    for v in ["0.0", "-5"] {
        let msg = run_err(
            "habitat_quality",
            &hq_args(d.path(), &format!("t1,{v},1,linear,t1.tif\n")),
        )
        .1
        .to_string();
        assert!(
            msg.contains("\"max_dist\"") && msg.contains(&format!("\"{v}\"")),
            "{msg}"
        );
    }
}

#[test]
fn threat_values_outside_0_1_are_refused() {
    let d = tempfile::tempdir().unwrap();
    let t = d.path().join("t1.tif");
    let mut v = vec![0f32; 100];
    v[3] = 1.2;
    write_raster(&t, 10, 10, v, Some(-1.0), UTM, O, 30.0);
    let e = run_err(
        "habitat_quality",
        &hq_args(d.path(), "t1,100,1,linear,t1.tif\n"),
    )
    .1;
    let msg = e.to_string();
    assert!(
        e.is_input_error() && msg.contains("1.2") && msg.contains("threat 't1'"),
        "{msg}"
    );
}

#[test]
fn empty_threat_files_are_refused_and_all_zero_threats_noted() {
    let d = tempfile::tempdir().unwrap();
    let t = d.path().join("t1.tif");
    std::fs::write(&t, b"").unwrap();
    let e = run_err(
        "habitat_quality",
        &hq_args(d.path(), "t1,100,1,linear,t1.tif\n"),
    )
    .1;
    let msg = e.to_string();
    assert!(
        e.is_input_error() && msg.contains("threat 't1'") && msg.contains("t1.tif"),
        "{msg}"
    );
    write_raster(&t, 10, 10, vec![0f32; 100], Some(-1.0), UTM, O, 30.0);
    let (_, r) = run_ok(
        "habitat_quality",
        &hq_args(d.path(), "t1,100,1,linear,t1.tif\n"),
    );
    assert!(
        r.notes.iter().any(|n| n.contains("no non-zero pixel")),
        "{:?}",
        r.notes
    );
}

#[test]
fn geographic_land_cover_is_refused_with_the_reason() {
    let d = tempfile::tempdir().unwrap();
    let lulc = d.path().join("lulc.tif");
    write_raster(
        &lulc,
        4,
        4,
        vec![1i32; 16],
        Some(-1.0),
        4326,
        (117.0, 30.0),
        0.001,
    );
    let p = pools(d.path(), "1,15,10,60,1\n");
    let msg = run_err("carbon", &carbon_args(&lulc, &p)).1.to_string();
    assert!(
        msg.contains("lulc_bas_path") && msg.contains("degrees") && msg.contains("gdalwarp"),
        "{msg}"
    );
}

#[test]
fn rasters_in_another_projection_are_reprojected_to_the_land_cover_grid() {
    // precipitation in UTM 49N (a neighbouring zone) over the same area:
    // read by nearest neighbour onto the land-cover grid, with a note.
    let d = tempfile::tempdir().unwrap();
    let precip = d.path().join("precip_utm49.tif");
    // 300 000 E in zone 50 lies near 877 000 E in zone 49 at this latitude
    write_raster(
        &precip,
        700,
        700,
        vec![1000f32; 700 * 700],
        Some(-9999.0),
        32649,
        (860_000.0, 3_420_000.0),
        30.0,
    );
    let ds = common::fixture().join("datastacks/annual_water_yield.invs.json");
    let spec = (ecocap_models::find("awy").unwrap().spec)();
    let mut a = ecocap_models::io::args_file::load_args(&ds, &spec)
        .unwrap()
        .args;
    a.set("precipitation_path", jpath(&precip));
    let (_, r) = run_ok("annual_water_yield", &a);
    assert!(
        r.notes.iter().any(|n| n.contains("reprojected")),
        "{:?}",
        r.notes
    );
}

#[test]
fn sentinel_values_in_a_raster_without_nodata_are_refused() {
    let ds = common::fixture().join("datastacks/annual_water_yield.invs.json");
    let spec = (ecocap_models::find("awy").unwrap().spec)();
    let mut a = ecocap_models::io::args_file::load_args(&ds, &spec)
        .unwrap()
        .args;
    let d = tempfile::tempdir().unwrap();
    let eto = d.path().join("eto.tif");
    let mut v = vec![1000f32; 400 * 400];
    v[400 * 200 + 200] = -9999.0;
    write_raster(&eto, 400, 400, v, None, UTM, O, 30.0);
    a.set("eto_path", jpath(&eto));
    let msg = run_err("annual_water_yield", &a).1.to_string();
    assert!(
        msg.contains("eto_path") && msg.contains("-9999") && msg.contains("-a_nodata"),
        "{msg}"
    );
}

#[test]
fn validation_reports_every_problem_keyed_by_input() {
    let a = args(&[
        ("lulc_bas_path", json!("/nonexistent/lulc.tif")),
        ("do_valuation", json!(true)),
        ("lulc_bas_year", json!(2040)),
        ("lulc_alt_year", json!(2020)),
        ("discount_rate", json!("five")),
    ]);
    let e = run_err("carbon", &a).1;
    let ModelError::Invalid { problems, .. } = &e else {
        panic!("{e}")
    };
    let ids: Vec<&str> = problems.iter().map(|p| p.input.as_str()).collect();
    for want in [
        "lulc_bas_path",
        "lulc_alt_path",
        "carbon_pools_path",
        "price_per_metric_ton_of_c",
        "discount_rate",
        "rate_change",
        "lulc_alt_year",
    ] {
        assert!(ids.contains(&want), "{want} missing from {ids:?}");
    }
    assert!(e.is_input_error());
}

#[test]
fn awy_ratio_and_flag_columns_are_checked() {
    let ds = common::fixture().join("datastacks/annual_water_yield.invs.json");
    let spec = (ecocap_models::find("awy").unwrap().spec)();
    let mut a = ecocap_models::io::args_file::load_args(&ds, &spec)
        .unwrap()
        .args;
    let d = tempfile::tempdir().unwrap();
    let bio = d.path().join("bio.csv");
    std::fs::write(&bio, "lucode,lulc_veg,root_depth,kc\n1,-1,4000,1\n").unwrap();
    a.set("biophysical_table_path", jpath(&bio));
    let msg = run_err("annual_water_yield", &a).1.to_string();
    assert!(msg.contains("lulc_veg") && msg.contains("\"-1\""), "{msg}");
    let val = d.path().join("val.csv");
    std::fs::write(&val, "ws_id,efficiency,fraction,height,kw_price,cost,time_span,discount\n1,80,0.6,50,0.07,0,50,5\n").unwrap();
    a.set("biophysical_table_path", input("awy_biophysical.csv"));
    a.set("valuation_table_path", jpath(&val));
    let msg = run_err("annual_water_yield", &a).1.to_string();
    assert!(
        msg.contains("efficiency") && msg.contains("write 0.8"),
        "{msg}"
    );
}

#[test]
fn swapped_columns_are_pointed_out() {
    let ds = common::fixture().join("datastacks/annual_water_yield.invs.json");
    let spec = (ecocap_models::find("awy").unwrap().spec)();
    let mut a = ecocap_models::io::args_file::load_args(&ds, &spec)
        .unwrap()
        .args;
    let d = tempfile::tempdir().unwrap();
    let bio = d.path().join("bio.csv");
    // root_depth and kc swapped
    std::fs::write(
        &bio,
        "lucode,lulc_veg,kc,root_depth\n1,1,4000,1\n2,1,2500,0.85\n",
    )
    .unwrap();
    a.set("biophysical_table_path", jpath(&bio));
    let msg = run_err("annual_water_yield", &a).1.to_string();
    assert!(
        msg.contains("\"kc\"") && msg.contains("4000") && msg.contains("swapped"),
        "{msg}"
    );
    // max_dist and weight swapped in the threats table
    let t = d.path().join("t1.tif");
    write_raster(&t, 10, 10, vec![0f32; 100], Some(-1.0), UTM, O, 30.0);
    let msg = run_err(
        "habitat_quality",
        &hq_args(d.path(), "t1,0.7,1000,linear,t1.tif\n"),
    )
    .1
    .to_string();
    assert!(
        msg.contains("\"weight\"") && msg.contains("swapped"),
        "{msg}"
    );
    // a negative carbon density
    let lulc = d.path().join("lulc.tif");
    write_raster(&lulc, 4, 4, vec![1i32; 16], Some(-1.0), UTM, O, 30.0);
    let p = pools(d.path(), "1,15,-10,60,1\n");
    let msg = run_err("carbon", &carbon_args(&lulc, &p)).1.to_string();
    assert!(msg.contains("c_below") && msg.contains("-10"), "{msg}");
}

#[test]
fn access_polygons_scale_degradation() {
    // Access 0 over the top half, no polygon (access 1) below: the top half
    // is not degraded, the bottom half is (InVEST User's Guide, eq. 3).
    let d = tempfile::tempdir().unwrap();
    let t = d.path().join("t1.tif");
    let mut v = vec![0f32; 100];
    v[5 * 10 + 5] = 1.0;
    write_raster(&t, 10, 10, v, Some(-1.0), UTM, O, 30.0);
    let mut a = hq_args(d.path(), "t1,300,1,linear,t1.tif\n");
    let (x0, y0) = O;
    let geojson = format!(
        r#"{{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"urn:ogc:def:crs:EPSG::32650"}}}},"features":[{{"type":"Feature","properties":{{"access":0.0}},"geometry":{{"type":"Polygon","coordinates":[[[{x0},{y0}],[{x1},{y0}],[{x1},{ym}],[{x0},{ym}],[{x0},{y0}]]]}}}}]}}"#,
        x1 = x0 + 300.0,
        ym = y0 - 150.0
    );
    let acc = d.path().join("access.geojson");
    std::fs::write(&acc, geojson).unwrap();
    a.set("access_vector_path", jpath(&acc));
    let (dir, _) = run_ok("habitat_quality", &a);
    let deg = common::read(&dir.path().join("ws/deg_sum_c.tif")).values;
    assert!(deg[..50].iter().all(|x| *x == 0.0), "{:?}", &deg[..50]);
    assert!(deg[50..].iter().all(|x| *x > 0.0), "{:?}", &deg[50..]);
}
