//! Parity with InVEST 3.20 on the invest-synth-400 reference dataset: every
//! output listed in the fixture README, by InVEST's nodata rule, within
//! relative 1e-4 (absolute 1e-6 near zero).
#![allow(clippy::unwrap_used)]

mod common;

use common::{compare_run, run_datastack};

#[test]
fn carbon_matches_invest() {
    let (ws, report) = run_datastack("carbon", "carbon");
    let n = compare_run("carbon", ws.path());
    assert_eq!(n.len(), 5);
    assert!(report.outputs.iter().any(|o| o == "gep_quantities.csv") || !report.notes.is_empty());
}

#[test]
fn annual_water_yield_matches_invest() {
    let (ws, _) = run_datastack("annual_water_yield", "annual_water_yield");
    let n = compare_run("annual_water_yield", ws.path());
    assert_eq!(n.len(), 5);
}

#[test]
fn habitat_quality_matches_invest() {
    let (ws, _) = run_datastack("habitat_quality", "habitat_quality");
    let n = compare_run("habitat_quality", ws.path());
    assert_eq!(n.len(), 2);
}

#[test]
fn habitat_quality_rarity_against_a_baseline() {
    // Rarity R = 1 − N_cur·A/(N_bas·A + N_cur·A) per class, from pixel
    // counts of the two maps (InVEST User's Guide, Habitat Quality).
    let a = common::args(&[
        ("lulc_cur_path", common::input("lulc_bas.tif")),
        ("lulc_bas_path", common::input("lulc_alt.tif")),
        ("threats_table_path", common::input("hq_threats.csv")),
        (
            "sensitivity_table_path",
            common::input("hq_sensitivity.csv"),
        ),
        ("half_saturation_constant", serde_json::json!(0.1)),
    ]);
    let (ws, report) = common::run_ok("habitat_quality", &a);
    assert!(report
        .notes
        .iter()
        .any(|n| n.contains("baseline degradation and quality skipped")));
    let count = |name: &str| {
        let r = common::read(&common::fixture().join("inputs").join(name));
        let mut m = std::collections::BTreeMap::<i64, f64>::new();
        for v in r.values {
            *m.entry(v as i64).or_default() += 1.0;
        }
        m
    };
    let (cur, bas) = (count("lulc_bas.tif"), count("lulc_alt.tif"));
    let text = std::fs::read_to_string(ws.path().join("ws/rarity_c.csv")).unwrap();
    let mut n = 0;
    for line in text.lines().skip(1) {
        let (code, v) = line.split_once(',').unwrap();
        let (code, v): (i64, f64) = (code.parse().unwrap(), v.parse().unwrap());
        let nb = bas.get(&code).copied().unwrap_or(0.0);
        let want = if nb == 0.0 {
            0.0
        } else {
            1.0 - cur[&code] / (nb + cur[&code])
        };
        assert!((v - want).abs() < 1e-12, "code {code}: {v} vs {want}");
        n += 1;
    }
    assert_eq!(n, cur.len());
    assert!(ws.path().join("ws/rarity_c.tif").exists());
}

#[test]
fn habitat_quality_future_scenario_matches_a_current_run_of_the_same_map() {
    let d = tempfile::tempdir().unwrap();
    let inputs = common::fixture().join("inputs");
    let mut t = String::from("threat,max_dist,weight,decay,cur_path,fut_path\n");
    for (name, dist, w, decay) in [
        ("urban", 5000, 1.0, "exponential"),
        ("crop", 2000, 0.6, "linear"),
        ("roads", 3000, 0.8, "exponential"),
    ] {
        let p = inputs.join(format!("threat_{name}.tif"));
        t.push_str(&format!(
            "{name},{dist},{w},{decay},{},{}\n",
            p.display(),
            p.display()
        ));
    }
    let threats = d.path().join("threats.csv");
    std::fs::write(&threats, t).unwrap();
    let run = |pairs: &[(&str, serde_json::Value)]| {
        let mut a = common::args(pairs);
        a.set("threats_table_path", common::jpath(&threats));
        a.set(
            "sensitivity_table_path",
            common::input("hq_sensitivity.csv"),
        );
        a.set("half_saturation_constant", serde_json::json!(0.1));
        common::run_ok("habitat_quality", &a).0
    };
    let both = run(&[
        ("lulc_cur_path", common::input("lulc_bas.tif")),
        ("lulc_fut_path", common::input("lulc_alt.tif")),
    ]);
    let alt_as_cur = run(&[("lulc_cur_path", common::input("lulc_alt.tif"))]);
    for (f, c) in [
        ("quality_f.tif", "quality_c.tif"),
        ("deg_sum_f.tif", "deg_sum_c.tif"),
    ] {
        let a = common::read(&both.path().join("ws").join(f)).values;
        let b = common::read(&alt_as_cur.path().join("ws").join(c)).values;
        assert_eq!(a, b, "{f}");
    }
}
