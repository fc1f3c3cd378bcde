//! A synthetic SDR/NDR dataset at any size (30 m cells, EPSG:32650), for
//! timing whole model runs: DEM from [`crate::terrain`], eight land-cover
//! classes by elevation band and noise, erosivity ≈ 2.5·P, erodibility
//! ≈ 0.03, precipitation following elevation, one watershed polygon
//! (GeoJSON) covering the interior, the fixture's biophysical tables, and
//! InVEST datastacks `sdr.invs.json`, `sdr_d8.invs.json`, `ndr.invs.json`.

use std::path::Path;

use ecocap_raster::{Grid, TiffWriter, Window, WriteType};

const X0: f64 = 300_000.0;
const Y0: f64 = 3_400_000.0;
const CELL: f64 = 30.0;
const UTM50N: &str = r#"PROJCS["WGS 84 / UTM zone 50N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",117],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1],AUTHORITY["EPSG","32650"]]"#;

fn write(
    dir: &Path,
    name: &str,
    n: usize,
    kind: WriteType,
    nodata: f64,
    data: &[f32],
) -> Result<(), String> {
    let grid = Grid::north_up(n, n, X0, Y0, CELL, UTM50N);
    let mut w = TiffWriter::create(&dir.join(name), &grid, kind, Some(nodata))
        .map_err(|e| e.to_string())?;
    w.write_f32(
        &Window {
            col: 0,
            row: 0,
            width: n,
            height: n,
        },
        data,
    )
    .map_err(|e| e.to_string())?;
    w.finish().map_err(|e| e.to_string())?;
    Ok(())
}

/// Write the dataset for an `n` × `n` grid into `dir`.
pub fn write_dataset(dir: &Path, n: usize) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let dem = crate::terrain(n);
    let (lo, hi) = dem
        .iter()
        .fold((f32::MAX, f32::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
    let rel = |z: f32| (z - lo) / (hi - lo).max(1.0);
    let lulc: Vec<f32> = dem
        .iter()
        .enumerate()
        .map(|(i, z)| {
            let r = rel(*z) + 0.08 * (((i * 2_654_435_761) % 1000) as f32 / 1000.0 - 0.5);
            match (r * 10.0) as i32 {
                i32::MIN..=1 => 5.0,
                2 => 4.0,
                3 => 3.0,
                4 => 2.0,
                5 | 6 => 1.0,
                7 => 3.0,
                8 => 7.0,
                _ => 8.0,
            }
        })
        .collect();
    let precip: Vec<f32> = dem.iter().map(|z| 500.0 + 2000.0 * rel(*z)).collect();
    let erosivity: Vec<f32> = precip.iter().map(|p| 2.5 * p).collect();
    let erodibility: Vec<f32> = dem
        .iter()
        .enumerate()
        .map(|(i, _)| 0.03 + 0.005 * (((i * 40_503) % 997) as f32 / 997.0 - 0.5))
        .collect();
    write(dir, "dem.tif", n, WriteType::F32, -9999.0, &dem)?;
    write(dir, "lulc.tif", n, WriteType::I32, -1.0, &lulc)?;
    write(dir, "precip.tif", n, WriteType::F32, -9999.0, &precip)?;
    write(dir, "erosivity.tif", n, WriteType::F32, -9999.0, &erosivity)?;
    write(
        dir,
        "erodibility.tif",
        n,
        WriteType::F32,
        -9999.0,
        &erodibility,
    )?;
    let (a, b) = (X0 + CELL * n as f64 * 0.05, X0 + CELL * n as f64 * 0.95);
    let (c, d) = (Y0 - CELL * n as f64 * 0.95, Y0 - CELL * n as f64 * 0.05);
    let ws = format!(
        r#"{{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"urn:ogc:def:crs:EPSG::32650"}}}},"features":[{{"type":"Feature","properties":{{"ws_id":1}},"geometry":{{"type":"Polygon","coordinates":[[[{a},{c}],[{b},{c}],[{b},{d}],[{a},{d}],[{a},{c}]]]}}}}]}}"#
    );
    std::fs::write(dir.join("watersheds.geojson"), ws).map_err(|e| e.to_string())?;
    std::fs::write(
        dir.join("sdr_biophysical.csv"),
        "lucode,usle_c,usle_p\n1,0.003,1.0\n2,0.02,1.0\n3,0.04,1.0\n4,0.25,0.6\n5,0.01,1.0\n6,0.0,1.0\n7,0.001,1.0\n8,0.45,1.0\n",
    )
    .map_err(|e| e.to_string())?;
    std::fs::write(
        dir.join("ndr_biophysical.csv"),
        "lucode,load_n,load_p,eff_n,eff_p,crit_len_n,crit_len_p,proportion_subsurface_n,load_type_n,load_type_p\n\
         1,1.8,0.011,0.8,0.8,300,300,0.3,measured-runoff,measured-runoff\n\
         2,2.0,0.05,0.6,0.6,150,150,0.3,measured-runoff,measured-runoff\n\
         3,3.0,0.1,0.5,0.5,60,60,0.3,measured-runoff,measured-runoff\n\
         4,25.0,3.0,0.25,0.25,30,30,0.4,application-rate,application-rate\n\
         5,7.0,1.0,0.05,0.05,10,10,0.0,measured-runoff,measured-runoff\n\
         6,0.0,0.0,0.0,0.0,10,10,0.0,measured-runoff,measured-runoff\n\
         7,1.0,0.05,0.8,0.8,200,200,0.2,measured-runoff,measured-runoff\n\
         8,1.0,0.1,0.05,0.05,10,10,0.0,measured-runoff,measured-runoff\n",
    )
    .map_err(|e| e.to_string())?;
    for (name, algo) in [("sdr", "MFD"), ("sdr_d8", "D8")] {
        let ds = format!(
            r#"{{"args": {{"dem_path": "dem.tif", "erosivity_path": "erosivity.tif", "erodibility_path": "erodibility.tif", "lulc_path": "lulc.tif", "watersheds_path": "watersheds.geojson", "biophysical_table_path": "sdr_biophysical.csv", "threshold_flow_accumulation": 1000, "k_param": 2, "sdr_max": 0.8, "ic_0_param": 0.5, "l_max": 122, "flow_dir_algorithm": "{algo}", "results_suffix": "", "n_workers": -1, "workspace_dir": ""}}, "model_id": "sdr", "invest_version": "3.20.2"}}"#
        );
        std::fs::write(dir.join(format!("{name}.invs.json")), ds).map_err(|e| e.to_string())?;
    }
    let ndr = r#"{"args": {"dem_path": "dem.tif", "lulc_path": "lulc.tif", "runoff_proxy_path": "precip.tif", "watersheds_path": "watersheds.geojson", "biophysical_table_path": "ndr_biophysical.csv", "calc_n": true, "calc_p": true, "threshold_flow_accumulation": 1000, "k_param": 2, "subsurface_critical_length_n": 200, "subsurface_eff_n": 0.8, "flow_dir_algorithm": "MFD", "results_suffix": "", "n_workers": -1, "workspace_dir": ""}, "model_id": "ndr", "invest_version": "3.20.2"}"#;
    std::fs::write(dir.join("ndr.invs.json"), ndr).map_err(|e| e.to_string())?;
    Ok(())
}
