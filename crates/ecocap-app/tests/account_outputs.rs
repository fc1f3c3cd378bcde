//! What the account writes after valuation: value-density rasters that add
//! up to the account, and the switches of `[outputs]`.
#![allow(clippy::unwrap_used)]

use ecocap_app::account::{run_account, AccountRun};
use ecocap_app::NoProgress;
use std::path::Path;

mod common;
use common::*;

const RASTER_INDICATORS: [&str; 7] = [
    "carbon_sequestration",
    "oxygen_release",
    "water_conservation",
    "climate_regulation_transpiration",
    "climate_regulation_evaporation",
    "pest_control_forest",
    "pest_control_grassland",
];

/// Valid cells of a density raster (1 ha cells here).
fn cells(p: &Path) -> Vec<f64> {
    let ds = gdal::Dataset::open(p).unwrap();
    let b = ds.rasterband(1).unwrap();
    let nd = b.no_data_value().unwrap();
    b.read_band_as::<f32>()
        .unwrap()
        .data()
        .iter()
        .map(|v| f64::from(*v))
        .filter(|v| *v != nd)
        .collect()
}

#[test]
fn density_rasters_add_up_to_the_account() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let c = config(dir.path(), &format!("mapping = \"clcd\"\n{YEAR}{TABLES}"));
    let out = dir.path().join("out");
    let o = run_account(&c, &out, AccountRun::default(), &NoProgress).unwrap();
    let value = |id: &str| -> f64 {
        o.gep
            .account
            .lines
            .iter()
            .filter(|l| l.rolled_from == 0 && l.counted && l.indicator.id == id)
            .map(|l| l.value)
            .sum()
    };
    let expected: f64 = RASTER_INDICATORS.iter().map(|i| value(i)).sum();
    assert!(expected > 0.0);
    let total = cells(&out.join("density/gep_density_2020.tif"));
    assert_eq!(total.len(), 100, "every cell is inside the single zone");
    let sum: f64 = total.iter().sum();
    assert!(
        (sum - expected).abs() < 1e-6 * expected,
        "{sum} vs {expected}"
    );
    // carbon: the 90 valued cells carry equal shares, built-up carries 0
    let carbon = cells(&out.join("density/carbon_sequestration_2020.tif"));
    let share = value("carbon_sequestration") / 90.0;
    assert_eq!(carbon.iter().filter(|v| v.abs() < 1e-9).count(), 10);
    assert!(carbon
        .iter()
        .filter(|v| v.abs() > 1e-9)
        .all(|v| (v - share).abs() < 1e-6 * share));
    // each indicator raster sums to its own value
    for id in RASTER_INDICATORS {
        let s: f64 = cells(&out.join(format!("density/{id}_2020.tif")))
            .iter()
            .sum();
        let v = value(id);
        assert!((s - v).abs() <= 1e-6 * v.max(1.0), "{id}: {s} vs {v}");
    }
}

#[test]
fn outputs_switches() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    for (mode, total, per) in [("total", true, false), ("none", false, false)] {
        let c = config(
            dir.path(),
            &format!(
                "mapping = \"clcd\"\n{YEAR}{TABLES}[outputs]\ndensity = \"{mode}\"\nmaps = false\nreport = false\n"
            ),
        );
        let out = dir.path().join(format!("out-{mode}"));
        run_account(&c, &out, AccountRun::default(), &NoProgress).unwrap();
        assert_eq!(out.join("density/gep_density_2020.tif").exists(), total);
        assert_eq!(
            out.join("density/carbon_sequestration_2020.tif").exists(),
            per
        );
    }
    let c = config(
        dir.path(),
        &format!("mapping = \"clcd\"\n{YEAR}{TABLES}[outputs]\ndensty = \"all\"\n"),
    );
    let e = run_account(
        &c,
        &dir.path().join("bad"),
        AccountRun::default(),
        &NoProgress,
    )
    .err()
    .unwrap();
    assert!(e.is_input_error());
    assert!(e.to_string().contains("did you mean `density`"), "{e}");
}

#[test]
fn html_report_is_self_contained_and_shows_the_account() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    for (lang, title) in [
        ("zh", "生态系统生产总值（GEP）核算报告"),
        ("en", "Gross Ecosystem Product (GEP) account"),
    ] {
        let c = config(
            dir.path(),
            &format!("mapping = \"clcd\"\n{YEAR}{TABLES}[outputs]\nlanguage = \"{lang}\"\n"),
        );
        let out = dir.path().join(format!("out-{lang}"));
        let o = run_account(&c, &out, AccountRun::default(), &NoProgress).unwrap();
        let html = std::fs::read_to_string(out.join("report.html")).unwrap();
        assert!(html.contains(title), "{lang}");
        // no external resource: every src is inline data
        assert!(!html.contains("src=\"http") && !html.contains("<script"));
        // the account's GEP, in 10⁸ yuan as the report prints it
        let gep: f64 = o.gep.account.zone_years.iter().map(|z| z.gep).sum();
        assert!(gep > 0.0);
        assert!(
            html.contains(&format!("<b>{:.2}</b>", gep / 1e8))
                || html.contains(&format!("<b>{:.4}</b>", gep / 1e8)),
            "{html}"
        );
        // inputs carry their checksums
        let sha = ecocap_app::file_sha256(&dir.path().join("lc.tif"))
            .unwrap()
            .0;
        assert!(html.contains(&sha[..16]));
        assert!(html.contains("density/gep_density_2020.tif"));
    }
}

#[test]
fn maps_per_pixel_and_by_zone_are_drawn_and_embedded() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    // two zones: the west and the east half of the 10 × 10 km grid
    let poly = |x0: f64, x1: f64| {
        format!("[[[{x0},3000000],[{x1},3000000],[{x1},2999000],[{x0},2999000],[{x0},3000000]]]")
    };
    std::fs::write(
        dir.path().join("zones.geojson"),
        format!(
            "{{\"type\":\"FeatureCollection\",\"crs\":{{\"type\":\"name\",\"properties\":{{\"name\":\"EPSG:32650\"}}}},\"features\":[\
             {{\"type\":\"Feature\",\"properties\":{{\"name\":\"西 West\"}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":{}}}}},\
             {{\"type\":\"Feature\",\"properties\":{{\"name\":\"东 East\"}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":{}}}}}]}}",
            poly(500000.0, 500500.0),
            poly(500500.0, 501000.0)
        ),
    )
    .unwrap();
    let c = config(
        dir.path(),
        &format!("mapping = \"clcd\"\nzones = {{ path = \"zones.geojson\", field = \"name\" }}\n{YEAR}{TABLES}"),
    );
    let out = dir.path().join("out");
    let o = run_account(&c, &out, AccountRun::default(), &NoProgress).unwrap();
    let skipped = o.notes.iter().any(|n| n.starts_with("maps skipped"));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    if skipped {
        // a machine without any font: the account is there, the note says why
        assert!(
            !out.join("maps").exists() || std::fs::read_dir(out.join("maps")).unwrap().count() == 0
        );
        return;
    }
    for f in ["gep_density_2020.png", "gep_by_zone_2020.png"] {
        let bytes = std::fs::read(out.join("maps").join(f)).unwrap();
        assert_eq!(&bytes[1..4], b"PNG", "{f}");
    }
    assert_eq!(html.matches("src=\"data:image/png;base64,").count(), 2);
    // both zones are in the account
    assert_eq!(o.gep.account.zone_years.len(), 2);
}
