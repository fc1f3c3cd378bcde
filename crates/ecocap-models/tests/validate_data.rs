//! `validate` makes every check `run` makes before computing (issue 19
//! §5): datastacks that a run refuses are refused by `validate` too, with
//! every problem keyed by input, and float land cover is refused by every
//! model (never truncated). Inputs are built here (20×20 rasters, a
//! GeoJSON watershed, small tables), so the tests need no fixture.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::PathBuf;

use common::{args, jpath, run_err, run_ok, write_raster};
use ecocap_models::{find, validate_inputs, Depth};
use ecocap_spec::{Args, Problem};
use serde_json::json;

const UTM: u32 = 32650;
const O: (f64, f64) = (300_000.0, 3_400_000.0);
const N: usize = 20;
const PX: f64 = 30.0;

/// A folder of small, valid inputs for every model.
struct Kit {
    dir: tempfile::TempDir,
}

impl Kit {
    fn new() -> Kit {
        let k = Kit {
            dir: tempfile::tempdir().unwrap(),
        };
        // land cover: classes 1 and 2 in halves, nodata 255
        let lulc: Vec<u8> = (0..N * N).map(|i| 1 + u8::from(i % N >= N / 2)).collect();
        write_raster(&k.p("lulc.tif"), N, N, lulc, Some(255.0), UTM, O, PX);
        // a DEM sloping to the south-east
        let dem: Vec<f32> = (0..N * N)
            .map(|i| 100.0 - (i / N) as f32 * 2.0 - (i % N) as f32)
            .collect();
        write_raster(&k.p("dem.tif"), N, N, dem, Some(-9999.0), UTM, O, PX);
        for (name, v) in [
            ("erosivity.tif", 1200.0f32),
            ("erodibility.tif", 0.03),
            ("precip.tif", 900.0),
            ("eto.tif", 1000.0),
            ("depth.tif", 1500.0),
            ("pawc.tif", 0.2),
        ] {
            write_raster(&k.p(name), N, N, vec![v; N * N], Some(-1.0), UTM, O, PX);
        }
        let threat: Vec<f32> = (0..N * N).map(|i| f32::from(u8::from(i == 0))).collect();
        write_raster(&k.p("road.tif"), N, N, threat, Some(-1.0), UTM, O, PX);
        k.watersheds("ws.geojson", O.0, O.1);
        k.table(
            "carbon.csv",
            "lucode,c_above,c_below,c_soil,c_dead\n1,10,5,20,1\n2,50,10,60,2\n",
        );
        k.table("sdr_bio.csv", "lucode,usle_c,usle_p\n1,0.2,1\n2,0.01,1\n");
        k.table(
            "awy_bio.csv",
            "lucode,lulc_veg,root_depth,kc\n1,0,500,0.6\n2,1,3000,1.0\n",
        );
        k.table(
            "ndr_bio.csv",
            "lucode,load_n,load_p,eff_n,eff_p,crit_len_n,crit_len_p,proportion_subsurface_n,load_type_n,load_type_p\n\
             1,10,1,0.2,0.2,30,30,0.5,application-rate,application-rate\n\
             2,2,0.1,0.8,0.8,150,150,0.5,application-rate,application-rate\n",
        );
        k.table(
            "threats.csv",
            "threat,max_dist,weight,decay,cur_path\nroad,100,1,linear,road.tif\n",
        );
        k.table("sens.csv", "lucode,habitat,road\n1,0.2,0.5\n2,1,0.8\n");
        k
    }

    fn p(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn j(&self, name: &str) -> serde_json::Value {
        jpath(&self.p(name))
    }

    fn table(&self, name: &str, body: &str) {
        std::fs::write(self.p(name), body).unwrap();
    }

    /// A square watershed (ws_id 1) of the rasters' size, with its
    /// north-west corner at (x, y), in EPSG:32650.
    fn watersheds(&self, name: &str, x: f64, y: f64) {
        let s = N as f64 * PX;
        let ring = format!(
            "[[{x},{y}],[{},{y}],[{},{}],[{x},{}],[{x},{y}]]",
            x + s,
            x + s,
            y - s,
            y - s
        );
        let text = format!(
            r#"{{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"urn:ogc:def:crs:EPSG::{UTM}"}}}},
"features":[{{"type":"Feature","properties":{{"ws_id":1}},"geometry":{{"type":"Polygon","coordinates":[{ring}]}}}}]}}"#
        );
        std::fs::write(self.p(name), text).unwrap();
    }

    /// A triangular watershed (ws_id 1) over the rasters' south-west half.
    fn triangle(&self, name: &str) {
        let (x, y, s) = (O.0, O.1, N as f64 * PX);
        let ring = format!(
            "[[{x},{y}],[{x},{}],[{},{}],[{x},{y}]]",
            y - s,
            x + s,
            y - s
        );
        let text = format!(
            r#"{{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"urn:ogc:def:crs:EPSG::{UTM}"}}}},
"features":[{{"type":"Feature","properties":{{"ws_id":1}},"geometry":{{"type":"Polygon","coordinates":[{ring}]}}}}]}}"#
        );
        std::fs::write(self.p(name), text).unwrap();
    }

    /// Valid arguments of `model`.
    fn args(&self, model: &str) -> Args {
        match model {
            "carbon" => args(&[
                ("lulc_bas_path", self.j("lulc.tif")),
                ("carbon_pools_path", self.j("carbon.csv")),
            ]),
            "annual_water_yield" => args(&[
                ("lulc_path", self.j("lulc.tif")),
                ("depth_to_root_rest_layer_path", self.j("depth.tif")),
                ("precipitation_path", self.j("precip.tif")),
                ("pawc_path", self.j("pawc.tif")),
                ("eto_path", self.j("eto.tif")),
                ("watersheds_path", self.j("ws.geojson")),
                ("biophysical_table_path", self.j("awy_bio.csv")),
                ("seasonality_constant", json!(5)),
            ]),
            "habitat_quality" => args(&[
                ("lulc_cur_path", self.j("lulc.tif")),
                ("threats_table_path", self.j("threats.csv")),
                ("sensitivity_table_path", self.j("sens.csv")),
                ("half_saturation_constant", json!(0.5)),
            ]),
            "sdr" => args(&[
                ("dem_path", self.j("dem.tif")),
                ("erosivity_path", self.j("erosivity.tif")),
                ("erodibility_path", self.j("erodibility.tif")),
                ("lulc_path", self.j("lulc.tif")),
                ("watersheds_path", self.j("ws.geojson")),
                ("biophysical_table_path", self.j("sdr_bio.csv")),
                ("threshold_flow_accumulation", json!(10)),
                ("k_param", json!(2)),
                ("sdr_max", json!(0.8)),
                ("ic_0_param", json!(0.5)),
                ("l_max", json!(122)),
            ]),
            "ndr" => args(&[
                ("dem_path", self.j("dem.tif")),
                ("lulc_path", self.j("lulc.tif")),
                ("runoff_proxy_path", self.j("precip.tif")),
                ("watersheds_path", self.j("ws.geojson")),
                ("biophysical_table_path", self.j("ndr_bio.csv")),
                ("calc_n", json!(true)),
                ("calc_p", json!(true)),
                ("threshold_flow_accumulation", json!(10)),
                ("k_param", json!(2)),
                ("subsurface_critical_length_n", json!(200)),
                ("subsurface_eff_n", json!(0.8)),
            ]),
            other => panic!("no kit for {other}"),
        }
    }
}

const MODELS: [&str; 5] = [
    "carbon",
    "annual_water_yield",
    "habitat_quality",
    "sdr",
    "ndr",
];

fn lulc_id(model: &str) -> &'static str {
    match model {
        "carbon" => "lulc_bas_path",
        "habitat_quality" => "lulc_cur_path",
        _ => "lulc_path",
    }
}

fn validate(model: &str, a: &Args) -> Vec<Problem> {
    validate_inputs(find(model).unwrap(), a, Depth::Full)
}

/// The problem of `input`, failing the test with every problem otherwise.
fn problem<'a>(problems: &'a [Problem], input: &str) -> &'a Problem {
    problems
        .iter()
        .find(|p| p.input == input)
        .unwrap_or_else(|| panic!("no problem for {input}: {problems:?}"))
}

/// `validate` reports the problem of `input` containing `needle`, and
/// `run` refuses the same arguments with it (exit status 2).
fn refused_by_both(model: &str, a: &Args, input: &str, needle: &str) {
    let problems = validate(model, a);
    let p = problem(&problems, input);
    assert!(p.message.contains(needle), "{model}: {p}");
    let (_, e) = run_err(model, a);
    assert!(e.is_input_error(), "{model}: {e}");
    assert!(e.to_string().contains(needle), "{model}: {e}");
}

#[test]
fn the_kit_is_valid_for_every_model() {
    let k = Kit::new();
    for m in MODELS {
        assert_eq!(validate(m, &k.args(m)), vec![], "{m}");
        run_ok(m, &k.args(m));
    }
}

#[test]
fn float_land_cover_is_refused_by_run_and_validate_in_every_model() {
    let k = Kit::new();
    let v: Vec<f32> = (0..N * N)
        .map(|i| 1.0 + f32::from(u8::from(i % N >= N / 2)) + 0.7)
        .collect();
    write_raster(&k.p("lulc_f.tif"), N, N, v, Some(255.0), UTM, O, PX);
    for m in MODELS {
        let mut a = k.args(m);
        a.set(lulc_id(m), k.j("lulc_f.tif"));
        refused_by_both(m, &a, lulc_id(m), "data type Float32");
        let p = validate(m, &a);
        let msg = &problem(&p, lulc_id(m)).message;
        assert!(
            msg.contains("lulc_f.tif") && msg.contains("hint:"),
            "{m}: {msg}"
        );
    }
}

#[test]
fn validate_lists_land_cover_codes_missing_from_the_table() {
    let k = Kit::new();
    k.table(
        "carbon1.csv",
        "lucode,c_above,c_below,c_soil,c_dead\n1,10,5,20,1\n",
    );
    k.table("sdr_bio1.csv", "lucode,usle_c,usle_p\n1,0.2,1\n");
    k.table(
        "awy_bio1.csv",
        "lucode,lulc_veg,root_depth,kc\n1,0,500,0.6\n",
    );
    k.table("sens1.csv", "lucode,habitat,road\n1,0.2,0.5\n");
    k.table(
        "ndr_bio1.csv",
        "lucode,load_n,load_p,eff_n,eff_p,crit_len_n,crit_len_p,proportion_subsurface_n,load_type_n,load_type_p\n\
         1,10,1,0.2,0.2,30,30,0.5,application-rate,application-rate\n",
    );
    for (m, id, file) in [
        ("carbon", "carbon_pools_path", "carbon1.csv"),
        ("sdr", "biophysical_table_path", "sdr_bio1.csv"),
        (
            "annual_water_yield",
            "biophysical_table_path",
            "awy_bio1.csv",
        ),
        ("habitat_quality", "sensitivity_table_path", "sens1.csv"),
        ("ndr", "biophysical_table_path", "ndr_bio1.csv"),
    ] {
        let mut a = k.args(m);
        a.set(id, k.j(file));
        refused_by_both(m, &a, id, "are: [2]");
        // the table named is the table (habitat quality named the map)
        let (_, e) = run_err(m, &a);
        assert!(
            e.to_string()
                .contains(&format!("not the table {}", k.p(file).display())),
            "{e}"
        );
    }
}

#[test]
fn watersheds_outside_the_rasters_are_reported_by_validate() {
    let k = Kit::new();
    k.watersheds("far.geojson", O.0 + 100_000.0, O.1);
    for m in ["annual_water_yield", "sdr", "ndr"] {
        let mut a = k.args(m);
        a.set("watersheds_path", k.j("far.geojson"));
        refused_by_both(m, &a, "watersheds_path", "do not overlap");
    }
}

#[test]
fn a_threat_without_a_sensitivity_column_is_reported_by_validate() {
    let k = Kit::new();
    k.table("sens_nocol.csv", "lucode,habitat\n1,0.2\n2,1\n");
    let mut a = k.args("habitat_quality");
    a.set("sensitivity_table_path", k.j("sens_nocol.csv"));
    refused_by_both(
        "habitat_quality",
        &a,
        "sensitivity_table_path",
        "no column for threat(s) road",
    );
}

#[test]
fn a_missing_threat_raster_is_reported_by_validate() {
    let k = Kit::new();
    k.table(
        "threats_gone.csv",
        "threat,max_dist,weight,decay,cur_path\nroad,100,1,linear,gone.tif\n",
    );
    let mut a = k.args("habitat_quality");
    a.set("threats_table_path", k.j("threats_gone.csv"));
    let problems = validate("habitat_quality", &a);
    let p = problem(&problems, "threats_table_path");
    assert!(p.message.contains("gone.tif"), "{p}");
    let (_, e) = run_err("habitat_quality", &a);
    assert!(e.to_string().contains("gone.tif"), "{e}");

    // a future map without a fut_path column: the future scenario cannot run
    let mut a = k.args("habitat_quality");
    a.set("lulc_fut_path", k.j("lulc.tif"));
    refused_by_both(
        "habitat_quality",
        &a,
        "threats_table_path",
        "has no fut_path raster",
    );
}

#[test]
fn rasters_that_do_not_overlap_are_reported_by_validate() {
    // rasters that do not overlap each other (the DEM elsewhere)
    let k = Kit::new();
    let dem: Vec<f32> = vec![10.0; N * N];
    write_raster(
        &k.p("dem_far.tif"),
        N,
        N,
        dem,
        Some(-9999.0),
        UTM,
        (O.0 + 100_000.0, O.1),
        PX,
    );
    for m in ["sdr", "ndr"] {
        let mut a = k.args(m);
        a.set("dem_path", k.j("dem_far.tif"));
        refused_by_both(m, &a, "watersheds_path", "do not overlap");
    }
}

#[test]
fn validate_reports_every_problem_at_once() {
    let k = Kit::new();
    let v: Vec<f32> = vec![1.0; N * N];
    write_raster(&k.p("lulc_f.tif"), N, N, v, None, UTM, O, PX);
    k.table("sens_nocol.csv", "lucode,habitat\n1,0.2\n2,1\n");
    let mut a = k.args("habitat_quality");
    a.set("lulc_cur_path", k.j("lulc_f.tif"));
    a.set("sensitivity_table_path", k.j("sens_nocol.csv"));
    a.set("half_saturation_constant", json!(0));
    let problems = validate("habitat_quality", &a);
    for id in [
        "lulc_cur_path",
        "sensitivity_table_path",
        "half_saturation_constant",
    ] {
        problem(&problems, id);
    }
    let (_, e) = run_err("habitat_quality", &a);
    let msg = e.to_string();
    assert!(msg.contains("3 problem(s)"), "{msg}");
}

#[test]
fn validate_at_run_depth_does_not_read_the_land_cover() {
    // Depth::BeforeRun leaves the code scan to the run's own read
    let k = Kit::new();
    k.table(
        "carbon1.csv",
        "lucode,c_above,c_below,c_soil,c_dead\n1,10,5,20,1\n",
    );
    let mut a = k.args("carbon");
    a.set("carbon_pools_path", k.j("carbon1.csv"));
    assert!(validate_inputs(find("carbon").unwrap(), &a, Depth::BeforeRun).is_empty());
    assert!(!validate("carbon", &a).is_empty());
}

#[test]
fn sdr_and_ndr_parameters_out_of_range_are_refused() {
    let k = Kit::new();
    for (m, id, v, rule) in [
        ("sdr", "k_param", json!(0), "> 0"),
        ("sdr", "k_param", json!(-2), "> 0"),
        ("sdr", "ic_0_param", json!(0), "> 0"),
        ("sdr", "sdr_max", json!(0), "> 0"),
        ("sdr", "sdr_max", json!(1.5), "outside [0, 1]"),
        ("sdr", "l_max", json!(0), "> 0"),
        ("sdr", "threshold_flow_accumulation", json!(-1), "≥ 0"),
        ("ndr", "k_param", json!(0), "> 0"),
    ] {
        let mut a = k.args(m);
        a.set(id, v.clone());
        refused_by_both(m, &a, id, rule);
    }
}

#[test]
fn continuous_rasters_outside_their_declared_range_are_refused() {
    let k = Kit::new();
    let one_bad = |name: &str, good: f32, bad: f32, nodata: Option<f64>| {
        let mut v = vec![good; N * N];
        v[37] = bad;
        write_raster(&k.p(name), N, N, v, nodata, UTM, O, PX);
    };
    // negative rainfall; an undeclared float32 min used as data; a
    // fraction given in percent; a scaled-integer K; ET0 in 0.1 mm
    one_bad("precip_neg.tif", 900.0, -5.0, Some(-1.0));
    one_bad("erosivity_nd.tif", 1200.0, -3.402_823_5e38, None);
    one_bad("pawc_pct.tif", 0.2, 20.0, Some(-1.0));
    one_bad("erodibility_x1000.tif", 0.03, 30.0, Some(-1.0));
    one_bad("eto_tenths.tif", 1000.0, 12_000.0, Some(-1.0));
    one_bad("runoff_neg.tif", 900.0, -1.0, None);
    for (m, id, file, needle) in [
        (
            "annual_water_yield",
            "precipitation_path",
            "precip_neg.tif",
            "first -5",
        ),
        (
            "sdr",
            "erosivity_path",
            "erosivity_nd.tif",
            "gdal_edit.py -a_nodata",
        ),
        ("annual_water_yield", "pawc_path", "pawc_pct.tif", "≤ 1"),
        (
            "sdr",
            "erodibility_path",
            "erodibility_x1000.tif",
            "first 30",
        ),
        (
            "annual_water_yield",
            "eto_path",
            "eto_tenths.tif",
            "≤ 5000 mm/yr",
        ),
        ("ndr", "runoff_proxy_path", "runoff_neg.tif", "≥ 0"),
    ] {
        let mut a = k.args(m);
        a.set(id, k.j(file));
        refused_by_both(m, &a, id, needle);
        let p = validate(m, &a);
        let msg = &problem(&p, id).message;
        assert!(
            msg.contains(file) && msg.contains("1 pixel(s)") && msg.contains("hint:"),
            "{msg}"
        );
    }
    // nodata pixels are not values: the kit's rasters (nodata −1) pass
    assert!(validate("annual_water_yield", &k.args("annual_water_yield")).is_empty());
}

#[test]
fn validate_finds_what_the_run_finds_only_after_reading_rasters() {
    let k = Kit::new();
    // a threat raster holding 5 (the run stops on it mid-way)
    let mut v = vec![0.0f32; N * N];
    v[3] = 5.0;
    write_raster(&k.p("road5.tif"), N, N, v, Some(-1.0), UTM, O, PX);
    k.table(
        "threats5.csv",
        "threat,max_dist,weight,decay,cur_path\nroad,100,1,linear,road5.tif\n",
    );
    let mut a = k.args("habitat_quality");
    a.set("threats_table_path", k.j("threats5.csv"));
    refused_by_both(
        "habitat_quality",
        &a,
        "threats_table_path",
        "outside [0, 1]",
    );
    let p = validate("habitat_quality", &a);
    assert!(
        problem(&p, "threats_table_path")
            .message
            .contains("road5.tif"),
        "{p:?}"
    );

    // a watershed without a valuation row (the run stopped after its pass)
    k.table("demand.csv", "lucode,demand\n1,0.1\n2,0\n");
    k.table(
        "valuation.csv",
        "ws_id,efficiency,fraction,height,kw_price,cost,time_span,discount\n7,0.8,0.6,25,0.07,0,100,5\n",
    );
    let mut a = k.args("annual_water_yield");
    a.set("demand_table_path", k.j("demand.csv"));
    a.set("valuation_table_path", k.j("valuation.csv"));
    refused_by_both(
        "annual_water_yield",
        &a,
        "valuation_table_path",
        "ws_id 1 of",
    );
}

#[test]
fn routed_models_check_only_the_codes_inside_the_watersheds_as_the_run() {
    // code 3 in the north-east corner, outside the triangle: no row needed
    let k = Kit::new();
    let mut v: Vec<u8> = (0..N * N).map(|i| 1 + u8::from(i % N >= N / 2)).collect();
    v[N - 1] = 3;
    write_raster(&k.p("lulc3.tif"), N, N, v, Some(255.0), UTM, O, PX);
    k.triangle("tri.geojson");
    for m in ["sdr", "ndr"] {
        let mut a = k.args(m);
        a.set("lulc_path", k.j("lulc3.tif"));
        a.set("watersheds_path", k.j("tri.geojson"));
        assert_eq!(validate(m, &a), vec![], "{m}");
        run_ok(m, &a);
        // inside the triangle (south-west corner) it is refused by both
        let mut v: Vec<u8> = (0..N * N).map(|i| 1 + u8::from(i % N >= N / 2)).collect();
        v[N * (N - 1)] = 3;
        write_raster(&k.p("lulc3in.tif"), N, N, v, Some(255.0), UTM, O, PX);
        a.set("lulc_path", k.j("lulc3in.tif"));
        refused_by_both(m, &a, "biophysical_table_path", "are: [3]");
    }
}

#[test]
fn access_values_outside_0_1_are_reported_by_validate() {
    let k = Kit::new();
    let (x, y, s) = (O.0, O.1, N as f64 * PX);
    let text = format!(
        r#"{{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"urn:ogc:def:crs:EPSG::{UTM}"}}}},
"features":[{{"type":"Feature","properties":{{"access":50}},"geometry":{{"type":"Polygon","coordinates":[[[{x},{y}],[{},{y}],[{},{}],[{x},{y}]]]}}}}]}}"#,
        x + s,
        x + s,
        y - s
    );
    std::fs::write(k.p("access.geojson"), text).unwrap();
    let mut a = k.args("habitat_quality");
    a.set("access_vector_path", k.j("access.geojson"));
    refused_by_both(
        "habitat_quality",
        &a,
        "access_vector_path",
        "access value \"50\"",
    );
}
