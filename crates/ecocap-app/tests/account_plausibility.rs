//! `ecocap account` checks what the user wrote before any raster work, and
//! refuses impossible grids (issue 19, items 4 and 5).
#![allow(clippy::unwrap_used)]

use ecocap_app::account::{run_account, AccountRun};
use ecocap_app::{AppError, NoProgress};
use ecocap_raster::{RasterSource, WriteType};
use std::path::Path;

mod common;
use common::*;

fn run(dir: &Path, text: &str, out: &str) -> Result<ecocap_app::account::AccountOutcome, AppError> {
    let c = config(dir, text);
    run_account(&c, &dir.join(out), AccountRun::default(), &NoProgress)
}

/// Refused as bad input naming every needle, before anything is written:
/// the output folder is not even created.
fn refused_early(dir: &Path, text: &str, needles: &[&str]) {
    let e = run(dir, text, "early-out").err().expect("must fail");
    let msg = e.to_string();
    assert!(e.is_input_error(), "{msg}");
    for n in needles {
        assert!(msg.contains(n), "missing '{n}' in {msg}");
    }
    assert!(
        !msg.contains(".ecocap-partial") && !msg.contains("mc-work"),
        "{msg}"
    );
    assert!(
        !dir.join("early-out").exists(),
        "raster work started: {msg}"
    );
}

fn grid(dir: &Path) -> ecocap_raster::Grid {
    RasterSource::open(dir.join("lc.tif")).unwrap().grid
}

#[test]
fn absurd_grids_are_refused_before_the_raster_pass() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let g = grid(dir.path());
    let base = format!("mapping = \"clcd\"\n{YEAR}{TABLES}");
    // one NPP cell of 3e38 gave GEP 8.9e30 亿元
    write(&dir.path().join("npp.tif"), &g, WriteType::F32, |r, c| {
        if r == 4 && c == 4 {
            3e38
        } else {
            450.0
        }
    });
    refused_early(
        dir.path(),
        &base,
        &[
            "npp.tif",
            "`npp` in [[year]] 2020",
            "1 of 100 cells",
            "3e38",
            "g C/m²/yr",
            "hint:",
        ],
    );
    // a negative NPP raster
    write(&dir.path().join("npp.tif"), &g, WriteType::F32, |_, _| {
        -450.0
    });
    refused_early(dir.path(), &base, &["npp.tif", "smallest -450"]);
    write(&dir.path().join("npp.tif"), &g, WriteType::F32, |_, _| {
        450.0
    });
    // precipitation in 0.01 mm or with a fill value not declared
    write(&dir.path().join("p.tif"), &g, WriteType::F32, |r, _| {
        if r == 0 {
            65535.0
        } else {
            1000.0
        }
    });
    refused_early(
        dir.path(),
        &base,
        &[
            "p.tif",
            "`precipitation` in [[year]] 2020",
            "10 of 100",
            "65535",
            "mm/yr",
            "nodata",
        ],
    );
    write(&dir.path().join("p.tif"), &g, WriteType::F32, |_, _| 1000.0);
    // a land cover whose every cell is nodata (GEP = statistics only)
    write(
        &dir.path().join("lc_empty.tif"),
        &g,
        WriteType::U8,
        |_, _| 0.0,
    );
    refused_early(
        dir.path(),
        &base.replace("lc.tif", "lc_empty.tif"),
        &["lc_empty.tif", "2020", "no valid cell"],
    );
    // unusual but possible values: a loud warning in notes, manifest and report
    write(&dir.path().join("npp.tif"), &g, WriteType::F32, |r, _| {
        if r == 0 {
            2800.0
        } else {
            450.0
        }
    });
    let o = run(dir.path(), &base, "ok").unwrap();
    assert!(o
        .notes
        .iter()
        .any(|n| n.starts_with("WARNING") && n.contains("npp.tif")));
    let manifest = std::fs::read_to_string(dir.path().join("ok/manifest.json")).unwrap();
    assert!(manifest.contains("WARNING"), "{manifest}");
    let report = std::fs::read_to_string(dir.path().join("ok/report.html")).unwrap();
    assert!(report.contains("WARNING"));
}

#[test]
fn statistics_and_parameters_cite_the_users_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let mc = "[uncertainty]\nruns = 5\nseed = 1\n[[uncertainty.parameter]]\nname = \"ac_days\"\ndistribution = \"uniform\"\nmin = 9\nmax = 11\n";
    // an unknown indicator on line 3 of the user's statistics: the message
    // cited mc-work/run0/quantities.csv after the raster pass
    std::fs::write(
        dir.path().join("stats.csv"),
        "zone,year,indicator,quantity,unit\nall,2020,agriculture,5,1e8 yuan\nall,2020,agriculturre,5,1e8 yuan\n",
    )
    .unwrap();
    let text = format!("mapping = \"clcd\"\nstatistics = \"stats.csv\"\n{YEAR}{TABLES}{mc}");
    refused_early(dir.path(), &text, &["stats.csv", "3", "agriculturre"]);
    // a statistics row for an indicator the rasters compute
    std::fs::write(
        dir.path().join("stats.csv"),
        "zone,year,indicator,quantity,unit\nall,2020,agriculture,5,1e8 yuan\nall,2020,carbon_sequestration,5,t\n",
    )
    .unwrap();
    refused_early(
        dir.path(),
        &text,
        &["stats.csv line 3", "carbon_sequestration", "counted twice"],
    );
    // an impossible parameter: file, line and key
    let bad = format!("mapping = \"clcd\"\n{YEAR}{TABLES}").replace(
        "ac_days = 10",
        "ac_days = 10\nnpp_unit = \"g DM/m2/yr\"\nco2_per_dm = 16.3",
    );
    refused_early(
        dir.path(),
        &bad,
        &["account.toml line 15", "`co2_per_dm`", "16.3"],
    );
    let bad =
        format!("mapping = \"clcd\"\n{YEAR}{TABLES}").replace("ac_days = 10", "ac_days = 400");
    refused_early(
        dir.path(),
        &bad,
        &["account.toml line 13", "`ac_days`", "400"],
    );
    // a bad distribution is reported before the raster pass too
    let mc_bad = mc.replace("max = 11", "max = 8");
    refused_early(
        dir.path(),
        &format!("mapping = \"clcd\"\n{YEAR}{TABLES}{mc_bad}"),
        &["account.toml", "ac_days"],
    );
    // a percent runoff coefficient: file, line and column
    std::fs::write(
        dir.path().join("runoff_pct.csv"),
        "ecosystem_type,coefficient\nbroadleaf,0.1\nshrub_grass,20\nwater_system,0\n",
    )
    .unwrap();
    refused_early(
        dir.path(),
        &format!("mapping = \"clcd\"\n{YEAR}{TABLES}").replace("runoff.csv", "runoff_pct.csv"),
        &["runoff_pct.csv line 3", "`coefficient`", "20"],
    );
}

#[test]
fn a_missing_runoff_table_is_not_silent() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    // precipitation and ET given, the runoff table forgotten: water
    // conservation (−7 % of GEP) was dropped without a word
    let text = format!("mapping = \"clcd\"\n{YEAR}[tables]\ntranspiration_heat = \"heat.csv\"\n[parameters]\nac_days = 10\n");
    let o = run(dir.path(), &text, "out").unwrap();
    let warning = o
        .notes
        .iter()
        .find(|n| n.starts_with("WARNING") && n.contains("water_conservation"))
        .expect("a loud warning");
    assert!(warning.contains("runoff_coefficients"), "{warning}");
    let manifest = std::fs::read_to_string(dir.path().join("out/manifest.json")).unwrap();
    assert!(manifest.contains("water_conservation is NOT in this account"));
    let report = std::fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    assert!(report.contains("water_conservation is NOT in this account"));
    // asked for explicitly: refused
    refused_early(
        dir.path(),
        &text.replace(
            "mapping = \"clcd\"\n",
            "mapping = \"clcd\"\nindicators = [\"water_conservation\"]\n",
        ),
        &["water_conservation", "runoff_coefficients"],
    );
}

#[test]
fn a_self_intersecting_zone_is_repaired_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    // a bow tie over the 10 × 10 grid (x 500000–501000, y 2999000–3000000)
    std::fs::write(
        dir.path().join("bowtie.geojson"),
        r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32650"}},"features":[{"type":"Feature","properties":{"id":"Jia"},"geometry":{"type":"Polygon","coordinates":[[[500000,3000000],[501000,3000000],[500000,2999000],[501000,2999000],[500000,3000000]]]}}]}"#,
    )
    .unwrap();
    let text = format!(
        "mapping = \"clcd\"\nzones = {{ path = \"bowtie.geojson\", field = \"id\" }}\n{YEAR}{TABLES}"
    );
    let o = run(dir.path(), &text, "out").unwrap();
    assert!(
        o.notes.iter().any(|n| n.starts_with("WARNING")
            && n.contains("zone 'Jia'")
            && n.contains("MakeValid")),
        "{:?}",
        o.notes
    );
}
