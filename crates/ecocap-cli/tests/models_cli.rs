//! `ecocap models`, `ecocap run`, `ecocap validate`: exit statuses, the
//! workspace layout and the manifest, and nothing finished-looking left
//! behind by a failed run.
#![allow(clippy::unwrap_used)]

use std::path::Path;

mod common;
use common::*;

#[test]
fn lists_models_and_exports_specs() {
    let o = ecocap(&["models"]);
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    for id in ["carbon", "annual_water_yield", "habitat_quality"] {
        assert!(text.contains(id), "{text}");
    }
    let o = ecocap(&["models", "hq", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["id"], "habitat_quality");
    assert_eq!(ecocap(&["models", "nosuch"]).status.code(), Some(2));
}

#[test]
fn runs_a_datastack_into_invest_layout_with_a_manifest() {
    let ws = tempfile::tempdir().unwrap();
    let ds = fixture().join("datastacks/carbon.invs.json");
    let o = ecocap(&[
        "run",
        "carbon",
        "--datastack",
        ds.to_str().unwrap(),
        "--workspace",
        ws.path().to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let f = files(ws.path());
    for want in [
        "c_storage_bas.tif",
        "npv_alt.tif",
        "raster_values_summary.csv",
        "manifest.json",
    ] {
        assert!(f.contains(&want.to_string()), "{want} not in {f:?}");
    }
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ws.path().join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(m["command"], "run carbon");
    assert!(m["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["sha256"].as_str().unwrap().len() == 64));
}

#[test]
fn toml_args_resolve_paths_from_their_folder() {
    let d = tempfile::tempdir().unwrap();
    let inputs = fixture().join("inputs");
    let toml = format!(
        "model_id = \"carbon\"\n[args]\nlulc_bas_path = \"{}\"\ncarbon_pools_path = \"pools.csv\"\nintermediate_outputs = true\n",
        inputs.join("lulc_bas.tif").display()
    );
    std::fs::write(d.path().join("run.toml"), toml).unwrap();
    std::fs::copy(inputs.join("carbon_pools.csv"), d.path().join("pools.csv")).unwrap();
    let ws = d.path().join("ws");
    let o = ecocap(&[
        "run",
        "carbon",
        "--args",
        d.path().join("run.toml").to_str().unwrap(),
        "--workspace",
        ws.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(ws.join("c_storage_bas.tif").exists());
    assert!(ws.join("intermediate_outputs/c_soil_bas.tif").exists());
}

#[test]
fn bad_input_exits_2_and_leaves_nothing_finished() {
    let d = tempfile::tempdir().unwrap();
    let inputs = fixture().join("inputs");
    std::fs::write(
        d.path().join("pools.csv"),
        "lucode,c_above,c_below,c_soil,c_dead\n1,140,70,100,12\n",
    )
    .unwrap();
    let toml = format!(
        "lulc_bas_path = \"{}\"\ncarbon_pools_path = \"pools.csv\"\nintermediate_outputs = true\n",
        inputs.join("lulc_bas.tif").display()
    );
    std::fs::write(d.path().join("run.toml"), toml).unwrap();
    let ws = d.path().join("ws");
    let o = ecocap(&[
        "run",
        "carbon",
        "--args",
        d.path().join("run.toml").to_str().unwrap(),
        "--workspace",
        ws.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("carbon_pools_path")
            && err.contains("[2, 3, 4, 5, 7, 8]")
            && err.contains("hint:"),
        "{err}"
    );
    assert!(files(&ws).is_empty(), "{:?}", files(&ws));
}

#[test]
fn validate_reports_every_problem_and_exits_2() {
    let d = tempfile::tempdir().unwrap();
    let ds = d.path().join("bad.invs.json");
    std::fs::write(&ds, r#"{"model_id": "habitat_quality", "args": {"lulc_cur_path": "missing.tif", "half_saturation_constant": -1}}"#).unwrap();
    let o = ecocap(&["validate", "hq", "--datastack", ds.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    for id in [
        "lulc_cur_path",
        "threats_table_path",
        "sensitivity_table_path",
        "half_saturation_constant",
    ] {
        assert!(err.contains(id), "{id}: {err}");
    }
    let good = fixture().join("datastacks/habitat_quality.invs.json");
    assert!(ecocap(&[
        "validate",
        "habitat_quality",
        "--datastack",
        good.to_str().unwrap()
    ])
    .status
    .success());
}

#[test]
fn water_yield_quantities_feed_the_gep_engine() {
    let d = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(fixture().join("datastacks/annual_water_yield.invs.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let inputs = fixture().join("inputs");
    for (_, val) in v["args"].as_object_mut().unwrap().iter_mut() {
        if let Some(s) = val.as_str() {
            if let Some(name) = s.strip_prefix("../inputs/") {
                *val = serde_json::Value::String(inputs.join(name).display().to_string());
            }
        }
    }
    v["args"]["account_year"] = serde_json::json!(2020);
    let ds = d.path().join("awy.invs.json");
    std::fs::write(&ds, v.to_string()).unwrap();
    let ws = d.path().join("ws");
    let o = ecocap(&[
        "run",
        "awy",
        "--datastack",
        ds.to_str().unwrap(),
        "--workspace",
        ws.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let q = std::fs::read_to_string(ws.join("gep_quantities.csv")).unwrap();
    assert!(
        q.contains("1,2020,water_conservation,") && q.contains("1,2020,hydropower,"),
        "{q}"
    );
    let out = d.path().join("gep");
    let o = ecocap(&[
        "gep",
        "--quantities",
        ws.join("gep_quantities.csv").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Every output the manifest lists, with its bytes (each must exist).
fn listed_outputs(ws: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ws.join("manifest.json")).unwrap()).unwrap();
    m["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let name = v.as_str().unwrap().to_string();
            let bytes = std::fs::read(ws.join(&name))
                .unwrap_or_else(|e| panic!("{name}: listed in the manifest but {e}"));
            (name, bytes)
        })
        .collect()
}

/// Issue 19: a second run into the same workspace used to merge the new
/// sub-folders into the old ones and then delete them (awy's output/,
/// sdr's intermediate_outputs/), exiting 0 with a manifest listing files
/// that were gone.
#[test]
fn rerun_of_every_model_into_one_workspace_keeps_every_output() {
    for model in [
        "carbon",
        "annual_water_yield",
        "sdr",
        "habitat_quality",
        "ndr",
    ] {
        let d = tempfile::tempdir().unwrap();
        let ws = d.path().join("ws");
        let ds = fixture().join(format!("datastacks/{model}.invs.json"));
        let run = || {
            let o = ecocap(&[
                "run",
                model,
                "--datastack",
                ds.to_str().unwrap(),
                "--workspace",
                ws.to_str().unwrap(),
                "--quiet",
            ]);
            assert!(
                o.status.success(),
                "{model}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        };
        run();
        let first = listed_outputs(&ws);
        run();
        let second = listed_outputs(&ws);
        assert_eq!(
            first.keys().collect::<Vec<_>>(),
            second.keys().collect::<Vec<_>>(),
            "{model}"
        );
        for (name, bytes) in &first {
            assert!(second[name] == *bytes, "{model}: {name} differs");
        }
        // the manifest lists every file that landed
        let mut on_disk = files(&ws);
        on_disk.retain(|f| f != "manifest.json");
        assert_eq!(
            on_disk,
            first.keys().cloned().collect::<Vec<_>>(),
            "{model}"
        );
    }
}

/// A run without intermediate outputs after one with: the old
/// intermediate_outputs/ goes (it would describe another run), with a note.
#[test]
fn rerun_without_intermediate_outputs_removes_the_old_ones() {
    let d = tempfile::tempdir().unwrap();
    let inputs = fixture().join("inputs");
    let ws = d.path().join("ws");
    let run = |intermediate: bool| {
        let toml = format!(
            "model_id = \"carbon\"\n[args]\nlulc_bas_path = \"{}\"\ncarbon_pools_path = \"{}\"\nintermediate_outputs = {intermediate}\n",
            inputs.join("lulc_bas.tif").display(),
            inputs.join("carbon_pools.csv").display()
        );
        std::fs::write(d.path().join("run.toml"), toml).unwrap();
        ecocap(&[
            "run",
            "carbon",
            "--args",
            d.path().join("run.toml").to_str().unwrap(),
            "--workspace",
            ws.to_str().unwrap(),
            "--quiet",
        ])
    };
    assert!(run(true).status.success());
    assert!(ws.join("intermediate_outputs/c_soil_bas.tif").exists());
    let o = run(false);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        !ws.join("intermediate_outputs").exists(),
        "{:?}",
        files(&ws)
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("intermediate_outputs/c_soil_bas.tif"), "{err}");
    listed_outputs(&ws);
}

/// An ESRI ASCII grid (10×10, 30 m, EPSG:32650 in its .prj) holding
/// `cell`; GDAL types it Int32, or Float32 when a cell has a decimal point.
fn ascii_grid(path: &Path, cell: &str) {
    let mut text = String::from(
        "ncols 10\nnrows 10\nxllcorner 300000\nyllcorner 3399700\ncellsize 30\nNODATA_value -9999\n",
    );
    for _ in 0..10 {
        text.push_str(&[cell; 10].join(" "));
        text.push('\n');
    }
    std::fs::write(path, text).unwrap();
    let prj = r#"PROJCS["WGS_1984_UTM_Zone_50N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
    std::fs::write(path.with_extension("prj"), prj).unwrap();
}

#[test]
fn validate_refuses_what_run_refuses_float_land_cover_and_missing_codes() {
    let d = tempfile::tempdir().unwrap();
    ascii_grid(&d.path().join("lulc_int.asc"), "2");
    ascii_grid(&d.path().join("lulc_float.asc"), "1.7");
    std::fs::write(
        d.path().join("pools.csv"),
        "lucode,c_above,c_below,c_soil,c_dead\n1,10,5,20,1\n",
    )
    .unwrap();
    for (lulc, needle) in [
        ("lulc_float.asc", "data type Float32"),
        ("lulc_int.asc", "are: [2]"),
    ] {
        let ds = d.path().join("carbon.invs.json");
        std::fs::write(
            &ds,
            format!(
                r#"{{"model_id": "carbon", "args": {{"lulc_bas_path": "{lulc}", "carbon_pools_path": "pools.csv"}}}}"#
            ),
        )
        .unwrap();
        let v = ecocap(&["validate", "carbon", "--datastack", ds.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&v.stderr);
        assert_eq!(v.status.code(), Some(2), "{err}");
        assert!(err.contains(needle) && err.contains("hint:"), "{err}");
        let ws = d.path().join("ws");
        let r = ecocap(&[
            "run",
            "carbon",
            "--datastack",
            ds.to_str().unwrap(),
            "--workspace",
            ws.to_str().unwrap(),
        ]);
        assert_eq!(r.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&r.stderr).contains(needle));
    }
}
