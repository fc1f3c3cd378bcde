//! Tables, vectors and datastacks of the benchmark dataset. The tables are
//! those of the invest-synth-400 reference fixture (eight classes: 1
//! forest, 2 shrubland, 3 grassland, 4 cropland, 5 urban, 6 water, 7
//! wetland, 8 bare), so every model runs with the parameters InVEST was
//! checked against; the datastacks hold the fixture's run parameters.

use std::path::Path;

/// The timed runs: (datastack name, model id). `ndr_all` also writes the
/// intermediate rasters InVEST always writes (ecocap's default skips them).
pub const RUNS: [(&str, &str); 7] = [
    ("carbon", "carbon"),
    ("annual_water_yield", "annual_water_yield"),
    ("habitat_quality", "habitat_quality"),
    ("sdr", "sdr"),
    ("sdr_d8", "sdr"),
    ("ndr", "ndr"),
    ("ndr_all", "ndr"),
];

const TABLES: [(&str, &str); 8] = [
    (
        "carbon_pools.csv",
        "lucode,lulc_name,c_above,c_below,c_soil,c_dead\n1,forest,140,70,100,12\n2,shrubland,40,20,70,4\n3,grassland,8,15,60,1\n4,cropland,5,3,50,0\n5,urban,3,1,20,0\n6,water,0,0,0,0\n7,wetland,30,15,200,5\n8,bare,0,0,5,0\n",
    ),
    (
        "awy_biophysical.csv",
        "lucode,lulc_name,lulc_veg,root_depth,kc\n1,forest,1,4000,1.0\n2,shrubland,1,2500,0.85\n3,grassland,1,1500,0.75\n4,cropland,1,1200,0.8\n5,urban,0,1,0.3\n6,water,0,1,1.05\n7,wetland,0,1,1.1\n8,bare,0,1,0.2\n",
    ),
    (
        "awy_demand.csv",
        "lucode,demand\n1,0\n2,0\n3,0\n4,15\n5,40\n6,0\n7,0\n8,0\n",
    ),
    (
        "awy_valuation.csv",
        "ws_id,efficiency,fraction,height,kw_price,cost,time_span,discount\n1,0.8,0.6,50,0.07,0,50,5\n",
    ),
    (
        "hq_sensitivity.csv",
        "lucode,name,habitat,urban,crop,roads\n1,forest,1.0,0.8,0.6,0.7\n2,shrubland,0.8,0.6,0.5,0.6\n3,grassland,0.6,0.5,0.4,0.5\n4,cropland,0.2,0.3,0.0,0.2\n5,urban,0.0,0.0,0.0,0.0\n6,water,0.5,0.6,0.5,0.4\n7,wetland,1.0,0.9,0.8,0.8\n8,bare,0.1,0.1,0.1,0.1\n",
    ),
    (
        "hq_threats.csv",
        "threat,max_dist,weight,decay,cur_path,fut_path,base_path\nurban,5000,1.0,exponential,threat_urban.tif,,\ncrop,2000,0.6,linear,threat_crop.tif,,\nroads,3000,0.8,exponential,threat_roads.tif,,\n",
    ),
    (
        "sdr_biophysical.csv",
        "lucode,usle_c,usle_p\n1,0.003,1.0\n2,0.02,1.0\n3,0.04,1.0\n4,0.25,0.6\n5,0.01,1.0\n6,0.0,1.0\n7,0.001,1.0\n8,0.45,1.0\n",
    ),
    (
        "ndr_biophysical.csv",
        "lucode,load_n,load_p,eff_n,eff_p,crit_len_n,crit_len_p,proportion_subsurface_n,load_type_n,load_type_p\n\
         1,1.8,0.011,0.8,0.8,300,300,0.3,measured-runoff,measured-runoff\n\
         2,2.0,0.05,0.6,0.6,150,150,0.3,measured-runoff,measured-runoff\n\
         3,3.0,0.1,0.5,0.5,60,60,0.3,measured-runoff,measured-runoff\n\
         4,25.0,3.0,0.25,0.25,30,30,0.4,application-rate,application-rate\n\
         5,7.0,1.0,0.05,0.05,10,10,0.0,measured-runoff,measured-runoff\n\
         6,0.0,0.0,0.0,0.0,10,10,0.0,measured-runoff,measured-runoff\n\
         7,1.0,0.05,0.8,0.8,200,200,0.2,measured-runoff,measured-runoff\n\
         8,1.0,0.1,0.05,0.05,10,10,0.0,measured-runoff,measured-runoff\n",
    ),
];

/// The datastack `args` of each run (paths relative to the datastack).
fn args(run: &str) -> &'static str {
    match run {
        "carbon" => {
            r#""lulc_bas_path": "lulc.tif", "lulc_alt_path": "lulc_alt.tif", "carbon_pools_path": "carbon_pools.csv", "calc_sequestration": true, "do_valuation": true, "lulc_bas_year": 2020, "lulc_alt_year": 2040, "price_per_metric_ton_of_c": 43.0, "discount_rate": 5.0, "rate_change": 2.0"#
        }
        "annual_water_yield" => {
            r#""lulc_path": "lulc.tif", "precipitation_path": "precip.tif", "eto_path": "eto.tif", "depth_to_root_rest_layer_path": "depth_root.tif", "pawc_path": "pawc.tif", "watersheds_path": "watersheds.geojson", "sub_watersheds_path": "subwatersheds.geojson", "biophysical_table_path": "awy_biophysical.csv", "seasonality_constant": 5, "demand_table_path": "awy_demand.csv", "valuation_table_path": "awy_valuation.csv""#
        }
        "habitat_quality" => {
            r#""lulc_cur_path": "lulc.tif", "threats_table_path": "hq_threats.csv", "sensitivity_table_path": "hq_sensitivity.csv", "access_vector_path": "access.geojson", "half_saturation_constant": 0.1"#
        }
        "sdr" | "sdr_d8" => {
            r#""dem_path": "dem.tif", "erosivity_path": "erosivity.tif", "erodibility_path": "erodibility.tif", "lulc_path": "lulc.tif", "watersheds_path": "watersheds.geojson", "biophysical_table_path": "sdr_biophysical.csv", "threshold_flow_accumulation": 1000, "k_param": 2, "sdr_max": 0.8, "ic_0_param": 0.5, "l_max": 122, "flow_dir_algorithm": "MFD""#
        }
        _ => {
            r#""dem_path": "dem.tif", "lulc_path": "lulc.tif", "runoff_proxy_path": "precip.tif", "watersheds_path": "watersheds.geojson", "biophysical_table_path": "ndr_biophysical.csv", "calc_n": true, "calc_p": true, "threshold_flow_accumulation": 1000, "k_param": 2, "subsurface_critical_length_n": 200, "subsurface_eff_n": 0.8, "flow_dir_algorithm": "MFD""#
        }
    }
}

/// A GeoJSON polygon feature of the rectangle [x0, x1] × [y0, y1].
fn rect(props: &str, x0: f64, x1: f64, y0: f64, y1: f64) -> String {
    format!(
        r#"{{"type":"Feature","properties":{{{props}}},"geometry":{{"type":"Polygon","coordinates":[[[{x0},{y0}],[{x1},{y0}],[{x1},{y1}],[{x0},{y1}],[{x0},{y0}]]]}}}}"#
    )
}

fn collection(features: &[String]) -> String {
    format!(
        r#"{{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"urn:ogc:def:crs:EPSG::32650"}}}},"features":[{}]}}"#,
        features.join(",")
    )
}

/// Write the tables, the vectors and the datastacks for an `n` × `n` grid
/// whose upper-left corner is (`x0`, `y0`) with `cell` m pixels.
pub fn write_tables(dir: &Path, n: usize, x0: f64, y0: f64, cell: f64) -> Result<(), String> {
    let put =
        |name: &str, text: &str| std::fs::write(dir.join(name), text).map_err(|e| e.to_string());
    for (name, text) in TABLES {
        put(name, text)?;
    }
    // one watershed over the interior (5 %–95 % of each axis), its four
    // quadrants as sub-watersheds, and a low-access block for HQ
    let span = cell * n as f64;
    let (a, b) = (x0 + span * 0.05, x0 + span * 0.95);
    let (c, d) = (y0 - span * 0.95, y0 - span * 0.05);
    let (mx, my) = ((a + b) / 2.0, (c + d) / 2.0);
    put(
        "watersheds.geojson",
        &collection(&[rect(r#""ws_id":1"#, a, b, c, d)]),
    )?;
    let quads = [
        (a, mx, my, d),
        (mx, b, my, d),
        (a, mx, c, my),
        (mx, b, c, my),
    ];
    let subs: Vec<String> = quads
        .iter()
        .enumerate()
        .map(|(k, (x0, x1, y0, y1))| rect(&format!(r#""subws_id":{}"#, k + 1), *x0, *x1, *y0, *y1))
        .collect();
    put("subwatersheds.geojson", &collection(&subs))?;
    put(
        "access.geojson",
        &collection(&[rect(r#""access":0.2"#, a, mx, my, d)]),
    )?;
    for (run, model) in RUNS {
        put(
            &format!("{run}.invs.json"),
            &format!(
                r#"{{"args": {{{}, "results_suffix": "", "n_workers": -1, "workspace_dir": ""}}, "model_id": "{model}", "invest_version": "3.20.2"}}"#,
                match run {
                    "sdr_d8" => args(run).replace("\"MFD\"", "\"D8\""),
                    "ndr_all" => format!("{}, \"intermediate_outputs\": true", args(run)),
                    _ => args(run).to_string(),
                }
            ),
        )?;
    }
    Ok(())
}
