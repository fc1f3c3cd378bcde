#![allow(clippy::unwrap_used)]
//! `ecocap cba` through the binary: the example config, a small config
//! checked by hand, ESV flows from two `ecocap esv` folders, and each bad
//! input of issue 13 (exit status 2, a message naming the alternative,
//! flow or key with its value and a hint, no output files).

use std::path::{Path, PathBuf};
use std::process::Command;

fn ecocap(args: &[&str]) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_ecocap"))
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn run(dir: &Path, text: &str) -> (i32, String, PathBuf) {
    let cfg = dir.join("cba.toml");
    std::fs::write(&cfg, text).unwrap();
    let out = dir.join("out");
    let (code, _, err) = ecocap(&[
        "cba",
        "--config",
        cfg.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    (code, err, out)
}

fn summary(out: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_path(out.join("cba_summary.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            h.iter()
                .zip(rec.iter())
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        })
        .collect()
}

/// Cost 100 in 2025 (year 0), benefit 108 in 2026: at 8 % NPV = 0, IRR = 8 %;
/// at 6 % NPV = 108/1.06 − 100 = 1.886792…, BCR = 1.018867…
const SMALL: &str = r#"
start_year = 2025
end_year = 2026
[discount]
presets = ["china-8", "china-6"]
[[alternative]]
name = "a"
  [[alternative.flow]]
  name = "build"
  kind = "cost"
  category = "capital"
  values = { 2025 = 100 }
  [[alternative.flow]]
  name = "gain"
  kind = "benefit"
  category = "revenue"
  values = { 2026 = 108 }
"#;

#[test]
fn small_config_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let (code, err, out) = run(dir.path(), SMALL);
    assert_eq!(code, 0, "{err}");
    let rows = summary(&out);
    assert_eq!(rows.len(), 4);
    let get = |d: &str, col: &str| -> f64 {
        let r = rows
            .iter()
            .find(|r| r["discount"] == d && r["analysis"] == "economic")
            .unwrap();
        r[col].parse().unwrap()
    };
    assert!(get("china-8", "npv").abs() < 1e-9);
    assert!((get("china-8", "irr") - 0.08).abs() < 1e-9);
    assert!((get("china-6", "npv") - (108.0 / 1.06 - 100.0)).abs() < 1e-9);
    assert!((get("china-6", "bcr") - 1.08 / 1.06).abs() < 1e-12);
    for f in [
        "cashflows.csv",
        "distribution.csv",
        "cba.xlsx",
        "report.html",
        "manifest.json",
    ] {
        assert!(out.join(f).exists(), "{f}");
    }
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<svg") && !html.contains("<script"));
    assert!(!std::fs::read_dir(&out).unwrap().any(|e| e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .starts_with(".ecocap-partial")));
}

#[test]
fn example_config_runs() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/cba/cba.toml"),
    )
    .unwrap();
    let (code, err, out) = run(dir.path(), &text);
    assert_eq!(code, 0, "{err}");
    let rows = summary(&out);
    // 2 alternatives × 6 schedules (us-a4-2003 gives two) × 2 analyses
    assert_eq!(rows.len(), 24);
    for f in [
        "montecarlo.csv",
        "evpi.csv",
        "sensitivity.csv",
        "distribution_gender.csv",
    ] {
        assert!(out.join(f).exists(), "{f}");
    }
    let evpi = std::fs::read_to_string(out.join("evpi.csv")).unwrap();
    assert!(evpi.contains("esv_factor"));
    // issue 19: a re-run into the same folder keeps every output its
    // manifest lists, with the same bytes (report and workbook by presence:
    // they carry the run's time)
    let listed = |out: &Path| -> Vec<(String, Vec<u8>)> {
        let m: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap())
                .unwrap();
        m["outputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                let name = v.as_str().unwrap().to_string();
                let bytes = std::fs::read(out.join(&name))
                    .unwrap_or_else(|e| panic!("{name} listed but {e}"));
                (name, bytes)
            })
            .collect()
    };
    let first = listed(&out);
    let (code, err, again) = run(dir.path(), &text);
    assert_eq!(code, 0, "{err}");
    assert_eq!(again, out);
    let second = listed(&out);
    assert_eq!(first.len(), second.len());
    for ((n1, b1), (n2, b2)) in first.iter().zip(&second) {
        assert_eq!(n1, n2);
        if n1.ends_with(".csv") {
            assert!(b1 == b2, "{n1} differs after a re-run");
        }
    }
}

fn esv_dir(dir: &Path, name: &str, rows: &[(&str, i32, f64)]) -> PathBuf {
    let d = dir.join(name);
    std::fs::create_dir_all(&d).unwrap();
    let mut text = String::from("zone,year,esv_yuan,area_ha,esv_per_ha\n");
    for (z, y, v) in rows {
        text.push_str(&format!("{z},{y},{v},100,1\n"));
    }
    std::fs::write(d.join("esv_total.csv"), text).unwrap();
    std::fs::write(
        d.join("manifest.json"),
        r#"{"parameters": {"price_year": 2010, "currency": "yuan"}}"#,
    )
    .unwrap();
    d
}

/// ESV change (sum over zones) 2020: (70 + 50) − (60 + 40) = 20 a year in
/// 2010 prices, rebased to 2025 with 2 % inflation: 20 · 1.02^15.
#[test]
fn benefits_from_two_esv_runs() {
    let dir = tempfile::tempdir().unwrap();
    esv_dir(dir.path(), "base", &[("x", 2020, 60.0), ("y", 2020, 40.0)]);
    esv_dir(dir.path(), "alt", &[("x", 2020, 70.0), ("y", 2020, 50.0)]);
    let text = r#"
start_year = 2025
end_year = 2027
[discount]
presets = ["constant"]
rate = 0.0
[prices]
inflation = 0.02
[[alternative]]
name = "restore"
  [[alternative.flow]]
  name = "esv gain"
  kind = "benefit"
  category = "ecosystem_service"
  from = 2026
  to = 2027
  from_esv = { baseline = "base", alternative = "alt", year = 2020 }
"#;
    let (code, err, out) = run(dir.path(), text);
    assert_eq!(code, 0, "{err}");
    let rows = summary(&out);
    let npv: f64 = rows[0]["pv_benefits"].parse().unwrap();
    assert!((npv - 2.0 * 20.0 * 1.02f64.powi(15)).abs() < 1e-9, "{npv}");
    let m = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(m.contains("ESV baseline"));
    // one service: (12 − 10) per year, values by year (no from/to)
    for (name, v) in [("base", 10.0), ("alt", 12.0)] {
        std::fs::write(
            dir.path().join(name).join("esv_by_service.csv"),
            format!("zone,year,service,esv_yuan\nx,2026,water_supply,{v}\nx,2026,soil_conservation,99\n"),
        )
        .unwrap();
    }
    let one = text
        .replace("from = 2026\n  to = 2027\n", "")
        .replace("year = 2020 }", "service = \"water_supply\" }");
    let (code, err, out) = run(dir.path(), &one);
    assert_eq!(code, 0, "{err}");
    let pvb: f64 = summary(&out)[0]["pv_benefits"].parse().unwrap();
    assert!((pvb - 2.0 * 1.02f64.powi(15)).abs() < 1e-9, "{pvb}");
    let (code, err, _) = run(dir.path(), &one.replace("water_supply", "water_suply"));
    assert_eq!(code, 2);
    assert!(err.contains("did you mean 'water_supply'"), "{err}");
}

fn refused(text: &str, expect: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let (code, err, out) = run(dir.path(), text);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("hint:"), "{err}");
    for e in expect {
        assert!(err.contains(e), "expected '{e}' in: {err}");
    }
    let left: Vec<_> = std::fs::read_dir(&out)
        .map(|d| d.map(|e| e.unwrap().file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "files left: {left:?}");
}

#[test]
fn flow_outside_horizon() {
    refused(
        &SMALL.replace("2026 = 108", "2031 = 108"),
        &[
            "cba.toml",
            "alternative 'a', flow 'gain'",
            "2031",
            "2025–2026",
        ],
    );
}

#[test]
fn year_given_twice() {
    refused(
        &SMALL.replace(
            "values = { 2025 = 100 }",
            "values = [[2025, 100], [2025, 90]]",
        ),
        &["flow 'build'", "year 2025 is given twice", "100", "90"],
    );
}

#[test]
fn negative_rate() {
    refused(
        &SMALL.replace(
            "presets = [\"china-8\", \"china-6\"]",
            "presets = [\"constant\"]\nrate = -0.01",
        ),
        &["[discount] rate", "-0.01", "must not be negative"],
    );
}

#[test]
fn schedule_with_gap() {
    refused(
        &SMALL.replace(
            "presets = [\"china-8\", \"china-6\"]",
            "presets = [\"mine\"]\n[[discount.schedule]]\nname = \"mine\"\nsegments = [{ from = 1, to = 10, rate = 0.05 }, { from = 13, rate = 0.03 }]",
        ),
        &["discount schedule 'mine'", "ends at year 10", "starts at year 13", "a gap"],
    );
}

#[test]
fn shares_not_summing_to_one() {
    refused(
        &format!(
            "{}  shares = {{ poor = 0.5, rich = 0.3 }}\n[[group]]\nid = \"poor\"\nincome = 1\n[[group]]\nid = \"rich\"\nincome = 3\n",
            SMALL
        ),
        &["alternative 'a', flow 'gain'", "sum to 0.8"],
    );
}

#[test]
fn unknown_preset_suggests_nearest() {
    refused(
        &SMALL.replace("\"china-6\"", "\"uk-greenbook\""),
        &[
            "unknown discount preset 'uk-greenbook'",
            "did you mean 'uk-green-book'",
        ],
    );
}

#[test]
fn irr_required_without_sign_change() {
    refused(
        &(SMALL.replace("kind = \"cost\"", "kind = \"benefit\"")
            + "[measures]\nirr = \"required\"\n"),
        &["alternative 'a'", "never change sign", "positive"],
    );
}

#[test]
fn unknown_key_suggests_nearest() {
    refused(
        &SMALL.replace("category = \"capital\"", "categroy = \"capital\""),
        &["cba.toml (line", "categroy", "did you mean `category`?"],
    );
}

/// The demo's CBA: ESV of the 2020 map and of the restored map, then the
/// CBA with the ESV change as benefit; the template config is written.
#[test]
fn demo_cba_runs() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = ecocap_app::demo::build_inputs(&dir.path().join("inputs")).unwrap();
    let outcome =
        ecocap_app::demo_cba::run_cba_demo(dir.path(), &inputs, false, &ecocap_app::NoProgress)
            .unwrap();
    assert!(dir.path().join("inputs/cba.toml").exists());
    assert!(dir.path().join("cba/report.html").exists());
    let r = &outcome.results;
    assert!(
        r.notes.iter().any(|n| n.contains("ESV change")),
        "{:?}",
        r.notes
    );
    let e = &r.evaluations[0];
    // restoring cropland to forest raises ESV: the benefit stream is positive
    let esv = e.streams.iter().find(|s| s.name == "ESV gain").unwrap();
    assert!(esv.values.iter().all(|v| *v >= 0.0) && esv.values.iter().any(|v| *v > 0.0));
    assert!(e.pv_benefits > 0.0 && e.pv_costs > 0.0);
}
