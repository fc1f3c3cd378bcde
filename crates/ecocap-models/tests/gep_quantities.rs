//! `gep_quantities.csv` of SDR and NDR on the invest-synth-400 fixture,
//! checked against InVEST's own watershed results (expected/*/
//! watershed_results_*.csv), so the numbers can be checked by hand:
//! * SDR: avoid_eros of ws 1 = 1 706 447.52 t/yr → three soil-retention
//!   rows of 1 706 447.52 t soil;
//! * NDR: N retained = 24 406.02 + 10 949.13 − 11 736.10 kg = 23.619 t,
//!   P retained = 3 159.95 − 1 130.58 kg = 2.0294 t.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use common::{fixture, read_csv, run_datastack_with};
use serde_json::json;

/// Rows of gep_quantities.csv: (zone, year, indicator, quantity, unit).
fn rows(ws: &Path) -> Vec<(String, i64, String, f64, String)> {
    let text = std::fs::read_to_string(ws.join("gep_quantities.csv")).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("zone,year,indicator,quantity,unit"));
    lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (
                f[0].to_string(),
                f[1].parse().unwrap(),
                f[2].to_string(),
                f[3].parse().unwrap(),
                f[4].to_string(),
            )
        })
        .collect()
}

fn invest(run: &str, field: &str) -> f64 {
    let t = read_csv(
        &fixture().join(format!("expected/{run}/watershed_results_{run}.csv")),
        "ws_id",
    );
    t["1"][field].parse().unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-4 * b.abs()
}

#[test]
fn sdr_writes_avoided_erosion_as_soil_retention() {
    let (ws, report) = run_datastack_with("sdr", "sdr", &[("account_year", json!(2020))]);
    assert!(report.outputs.iter().any(|o| o == "gep_quantities.csv"));
    let r = rows(ws.path());
    let ae = invest("sdr", "avoid_eros");
    assert!(close(ae, 1_706_447.52));
    let ids: Vec<&str> = r.iter().map(|x| x.2.as_str()).collect();
    assert_eq!(
        ids,
        [
            "soil_retention_sediment",
            "soil_retention_n",
            "soil_retention_p"
        ]
    );
    for (zone, year, _, q, unit) in &r {
        assert_eq!((zone.as_str(), *year, unit.as_str()), ("1", 2020, "t soil"));
        assert!(close(*q, ae), "{q} vs InVEST {ae}");
    }
}

#[test]
fn ndr_writes_load_minus_export_as_water_purification() {
    let (ws, report) = run_datastack_with("ndr", "ndr", &[("account_year", json!(2021))]);
    assert!(report.outputs.iter().any(|o| o == "gep_quantities.csv"));
    let r = rows(ws.path());
    let n = (invest("ndr", "n_surface_load") + invest("ndr", "n_subsurface_load")
        - invest("ndr", "n_total_export"))
        / 1000.0;
    let p = (invest("ndr", "p_surface_load") - invest("ndr", "p_surface_export")) / 1000.0;
    assert!(close(n, 23.619_049) && close(p, 2.029_365), "{n} {p}");
    assert_eq!(r.len(), 2);
    assert_eq!(
        (r[0].2.as_str(), r[0].4.as_str()),
        ("water_purification_tn", "t")
    );
    assert_eq!(
        (r[1].2.as_str(), r[1].4.as_str()),
        ("water_purification_tp", "t")
    );
    assert!(close(r[0].3, n), "{} vs {n}", r[0].3);
    assert!(close(r[1].3, p), "{} vs {p}", r[1].3);
    assert!(r.iter().all(|x| x.0 == "1" && x.1 == 2021));
}

#[test]
fn ndr_without_account_year_says_how_to_get_quantities() {
    let (ws, report) = run_datastack_with("ndr", "ndr", &[("calc_n", json!(false))]);
    assert!(!ws.path().join("gep_quantities.csv").exists());
    assert!(report.notes.iter().any(|n| n.contains("give account_year")));
}
