//! Bad input to SDR and NDR becomes a clear answer (issue 4 §6): the
//! message names the input, the file and the offending value, says what to
//! do, and is classed as input (exit status 2). Inputs are the reference
//! fixture's, with one table changed.
#![allow(clippy::unwrap_used)]

mod common;

use common::{args, input, jpath, run_err};
use serde_json::json;
use std::path::{Path, PathBuf};

fn table(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn sdr_args(bio: &Path) -> ecocap_spec::Args {
    args(&[
        ("dem_path", input("dem.tif")),
        ("erosivity_path", input("erosivity.tif")),
        ("erodibility_path", input("erodibility.tif")),
        ("lulc_path", input("lulc_bas.tif")),
        ("watersheds_path", input("watersheds.gpkg")),
        ("biophysical_table_path", jpath(bio)),
        ("threshold_flow_accumulation", json!(1000)),
        ("k_param", json!(2)),
        ("sdr_max", json!(0.8)),
        ("ic_0_param", json!(0.5)),
        ("l_max", json!(122)),
        ("flow_dir_algorithm", json!("MFD")),
    ])
}

fn ndr_args(bio: &Path) -> ecocap_spec::Args {
    args(&[
        ("dem_path", input("dem.tif")),
        ("lulc_path", input("lulc_bas.tif")),
        ("runoff_proxy_path", input("precip.tif")),
        ("watersheds_path", input("watersheds.gpkg")),
        ("biophysical_table_path", jpath(bio)),
        ("calc_n", json!(true)),
        ("calc_p", json!(true)),
        ("threshold_flow_accumulation", json!(1000)),
        ("k_param", json!(2)),
        ("subsurface_critical_length_n", json!(200)),
        ("subsurface_eff_n", json!(0.8)),
    ])
}

const SDR_BIO: &str = "lucode,usle_c,usle_p\n1,0.003,1\n2,0.02,1\n3,0.04,1\n4,0.25,0.6\n5,0.01,1\n6,0,1\n7,0.001,1\n8,0.45,1\n";

#[test]
fn usle_p_given_in_percent_is_refused_with_the_ratio_to_write() {
    let d = tempfile::tempdir().unwrap();
    let bio = table(
        d.path(),
        "bio.csv",
        &SDR_BIO.replace("4,0.25,0.6", "4,0.25,60"),
    );
    let (_, e) = run_err("sdr", &sdr_args(&bio));
    assert!(e.is_input_error());
    let msg = e.to_string();
    // found by the data check before the run computes: listed by input
    assert!(msg.contains("- biophysical_table_path: "), "{msg}");
    assert!(msg.contains("usle_p") && msg.contains("\"60\""), "{msg}");
    assert!(msg.contains("write 0.6"), "{msg}");
}

#[test]
fn land_cover_codes_missing_from_the_table_are_listed() {
    let d = tempfile::tempdir().unwrap();
    let body: String = SDR_BIO
        .lines()
        .filter(|l| !l.starts_with("8,") && !l.starts_with("3,"))
        .map(|l| format!("{l}\n"))
        .collect();
    let bio = table(d.path(), "bio.csv", &body);
    let (_, e) = run_err("sdr", &sdr_args(&bio));
    assert!(e.is_input_error());
    let msg = e.to_string();
    assert!(msg.contains("are: [3, 8]"), "{msg}");
    assert!(msg.contains("bio.csv"), "{msg}");
}

#[test]
fn non_numeric_cells_name_the_column_and_value() {
    let d = tempfile::tempdir().unwrap();
    let bio = table(d.path(), "bio.csv", &SDR_BIO.replace("2,0.02,1", "2,low,1"));
    let (_, e) = run_err("sdr", &sdr_args(&bio));
    assert!(e.is_input_error());
    let msg = e.to_string();
    assert!(msg.contains("low") && msg.contains("usle_c"), "{msg}");
}

#[test]
fn unknown_flow_direction_algorithm_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let bio = table(d.path(), "bio.csv", SDR_BIO);
    let mut a = sdr_args(&bio);
    a.set("flow_dir_algorithm", json!("D16"));
    let (_, e) = run_err("sdr", &a);
    assert!(e.is_input_error());
    assert!(e.to_string().contains("D16"), "{e}");
}

const NDR_HEAD: &str = "lucode,load_n,load_p,eff_n,eff_p,crit_len_n,crit_len_p,proportion_subsurface_n,load_type_n,load_type_p\n";

fn ndr_bio(row4: &str) -> String {
    let mut s = NDR_HEAD.to_string();
    for c in [1, 2, 3, 5, 6, 7, 8] {
        s.push_str(&format!(
            "{c},2.0,0.1,0.5,0.5,60,60,0.3,measured-runoff,measured-runoff\n"
        ));
    }
    s.push_str(row4);
    s
}

#[test]
fn ndr_load_type_must_be_one_of_invests() {
    let d = tempfile::tempdir().unwrap();
    let bio = table(
        d.path(),
        "bio.csv",
        &ndr_bio("4,25,3,0.25,0.25,30,30,0.4,fertiliser,application-rate\n"),
    );
    let (_, e) = run_err("ndr", &ndr_args(&bio));
    assert!(e.is_input_error());
    let msg = e.to_string();
    assert!(
        msg.contains("fertiliser") && msg.contains("application-rate or measured-runoff"),
        "{msg}"
    );
}

#[test]
fn ndr_efficiency_in_percent_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let bio = table(
        d.path(),
        "bio.csv",
        &ndr_bio("4,25,3,25,0.25,30,30,0.4,application-rate,application-rate\n"),
    );
    let (_, e) = run_err("ndr", &ndr_args(&bio));
    assert!(e.is_input_error());
    let msg = e.to_string();
    assert!(msg.contains("eff_n") && msg.contains("write 0.25"), "{msg}");
}

#[test]
fn ndr_needs_a_nutrient() {
    let d = tempfile::tempdir().unwrap();
    let bio = table(
        d.path(),
        "bio.csv",
        &ndr_bio("4,25,3,0.25,0.25,30,30,0.4,application-rate,application-rate\n"),
    );
    let mut a = ndr_args(&bio);
    a.set("calc_n", json!(false));
    a.set("calc_p", json!(false));
    let (_, e) = run_err("ndr", &a);
    assert!(e.is_input_error());
    let msg = e.to_string();
    assert!(msg.contains("calc_n") && msg.contains("calc_p"), "{msg}");
}
