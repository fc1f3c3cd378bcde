//! Annual water yield checks land-cover codes during its pixel pass (no
//! separate read of the land cover); a missing code must still be reported
//! with every missing code listed, for both tables (issue 4 §6).
#![allow(clippy::unwrap_used)]

mod common;

use common::{jpath, run_err};

fn fixture_args() -> ecocap_spec::Args {
    let ds = common::fixture().join("datastacks/annual_water_yield.invs.json");
    let spec = (ecocap_models::find("awy").unwrap().spec)();
    ecocap_models::io::args_file::load_args(&ds, &spec)
        .unwrap()
        .args
}

#[test]
fn every_code_missing_from_the_biophysical_table_is_listed() {
    let mut a = fixture_args();
    let d = tempfile::tempdir().unwrap();
    let bio = d.path().join("bio.csv");
    // classes 3 and 5 left out
    std::fs::write(
        &bio,
        "lucode,lulc_veg,root_depth,kc\n1,1,4000,1\n2,1,2500,0.85\n4,1,1200,0.8\n6,0,1,1.05\n7,0,1,1.1\n8,0,1,0.2\n",
    )
    .unwrap();
    a.set("biophysical_table_path", jpath(&bio));
    let (ws, e) = run_err("annual_water_yield", &a);
    assert!(e.is_input_error());
    let msg = e.to_string();
    assert!(msg.starts_with("biophysical_table_path"), "{msg}");
    assert!(msg.contains("[3, 5]"), "{msg}");
    // nothing that looks finished
    let per_pixel = ws.path().join("ws/output/per_pixel");
    for f in ["wyield.tif", "aet.tif", "fractp.tif"] {
        assert!(!per_pixel.join(f).exists(), "{f} left behind");
    }
}

#[test]
fn every_code_missing_from_the_demand_table_is_listed() {
    let mut a = fixture_args();
    let d = tempfile::tempdir().unwrap();
    let demand = d.path().join("demand.csv");
    std::fs::write(&demand, "lucode,demand\n1,0\n2,0\n3,0\n5,40\n6,0\n7,0\n").unwrap();
    a.set("demand_table_path", jpath(&demand));
    let msg = run_err("annual_water_yield", &a).1.to_string();
    assert!(msg.starts_with("demand_table_path"), "{msg}");
    assert!(msg.contains("[4, 8]"), "{msg}");
}
