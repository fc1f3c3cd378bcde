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
