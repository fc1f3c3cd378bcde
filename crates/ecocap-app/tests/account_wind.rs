//! Sand fixation (RWEQ) and the water-retention method of water
//! conservation in the account, on a small raster computed by hand, and
//! their refusals of missing or mis-scaled inputs.
#![allow(clippy::unwrap_used)]

use ecocap_app::account::{run_account, AccountRun};
use ecocap_app::NoProgress;
use ecocap_raster::{Grid, WriteType};
use gdal::spatial_ref::SpatialRef;
use std::path::{Path, PathBuf};

mod common;
use common::{config, quantity, refused};

fn grid() -> Grid {
    let wkt = SpatialRef::from_epsg(32650).unwrap().to_wkt().unwrap();
    Grid::north_up(10, 10, 500_000.0, 3_000_000.0, 100.0, wkt)
}

fn write(path: &Path, kind: WriteType, f: impl Fn(usize, usize) -> f32) {
    common::write(path, &grid(), kind, f);
}

fn constant(dir: &Path, name: &str, v: f32) {
    write(&dir.join(name), WriteType::F32, |_, _| v);
}

/// 10 × 10 cells of 1 ha: columns 0-4 forest (broadleaf), 5-7 grassland
/// (shrub_grass), 8 water (water_system), 9 built-up (valued at zero).
fn setup(dir: &Path) {
    write(&dir.join("lc.tif"), WriteType::U8, |_, c| match c {
        0..=4 => 2.0,
        5..=7 => 4.0,
        8 => 5.0,
        _ => 8.0,
    });
    for (n, v) in [
        ("wf.tif", 30.0),
        ("fvc.tif", 40.0),
        ("fvc01.tif", 0.4),
        ("sand.tif", 60.0),
        ("silt.tif", 25.0),
        ("clay.tif", 15.0),
        ("om.tif", 2.0),
        ("caco3.tif", 1.0),
        ("k.tif", 0.8),
        ("energy.tif", 200.0),
        ("sw.tif", 0.6),
        ("snow.tif", 73.0),
        ("flat.tif", 500.0),
        ("depth.tif", 800.0),
        ("ksat.tif", 150.0),
        ("p.tif", 1000.0),
        ("et.tif", 600.0),
    ] {
        constant(dir, n, v);
    }
}

const SOIL: &str = "[wind_erosion]\nsand = \"sand.tif\"\nsilt = \"silt.tif\"\nclay = \"clay.tif\"\norganic_matter = \"om.tif\"\ncaco3 = \"caco3.tif\"\nroughness = \"k.tif\"\nvegetation_coefficient = 0.0438\n";

fn run(dir: &Path, text: &str, out: &str) -> PathBuf {
    let c = config(dir, text);
    let out = dir.join(out);
    run_account(&c, &out, AccountRun::default(), &NoProgress).unwrap();
    out
}

fn sand_config(year: &str, extra: &str) -> String {
    format!(
        "mapping = \"clcd\"\nindicators = [\"sand_fixation\"]\n[[year]]\nyear = 2020\nlandcover = \"lc.tif\"\n{year}{SOIL}fvc_unit = \"percent\"\n{extra}"
    )
}

#[test]
fn sand_fixation_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    setup(d);
    // EF = 0.4713, SCF = 1/2.569 (ecocap-gepmodels tests); WF 30, K' 0.8:
    // P = 30 × 0.4713 × 0.389257 × 0.8 = 4.40309, C = e^(−0.0438 × 40) = 0.173427;
    // SL(P) − SL(P·C) = 4.318242 kg/m² = 43.18242 t/ha, on 90 ha (built-up excluded)
    let out = run(
        d,
        &sand_config("fvc = \"fvc.tif\"\nwind_factor = \"wf.tif\"\n", ""),
        "a",
    );
    let q = quantity(&out, "sand_fixation");
    assert!((q - 43.182_42 * 90.0).abs() < 1e-3, "{q}");
    assert!(out.join("gep/gep_total.csv").exists());
    // the same cover given as a fraction, declared as such
    let text = sand_config("fvc = \"fvc01.tif\"\nwind_factor = \"wf.tif\"\n", "")
        .replace("fvc_unit = \"percent\"", "fvc_unit = \"fraction\"");
    let out = run(d, &text, "b");
    assert!((quantity(&out, "sand_fixation") - q).abs() < 1e-6 * q);
    // WF from its parts: Wf 200 × 1.225/9.8 × SW 0.6 × (1 − 73/365) = 12 kg/m → 10.374817 t/ha
    let parts = "fvc = \"fvc.tif\"\nwind_energy = \"energy.tif\"\nsoil_wetness = \"sw.tif\"\nsnow_days = \"snow.tif\"\n";
    let out = run(d, &sand_config(parts, ""), "c");
    let q12 = quantity(&out, "sand_fixation");
    assert!((q12 - 10.374_817 * 90.0).abs() < 1e-3, "{q12}");
    // a per-type vegetation coefficient for broadleaf (0.1): 45.88454 t/ha on its 50 ha
    std::fs::write(
        d.join("veg.csv"),
        "ecosystem_type,coefficient\nbroadleaf,0.1\n",
    )
    .unwrap();
    let out = run(
        d,
        &format!(
            "{}[tables]\nwind_vegetation = \"veg.csv\"\n",
            sand_config("fvc = \"fvc.tif\"\nwind_factor = \"wf.tif\"\n", "")
        ),
        "e",
    );
    let want = 45.884_54 * 50.0 + 43.182_42 * 40.0;
    assert!((quantity(&out, "sand_fixation") - want).abs() < 1e-3);
    // its value-density raster follows the cells: each broadleaf cell carries
    // 45.88454/want of the value, each grass or water cell 43.18242/want
    let value: f64 = std::fs::read_to_string(out.join("gep/gep_by_indicator.csv"))
        .unwrap()
        .lines()
        .find(|l| l.split(',').nth(2) == Some("sand_fixation"))
        .and_then(|l| l.split(',').nth(8))
        .unwrap()
        .parse()
        .unwrap();
    let ds = gdal::Dataset::open(out.join("density/sand_fixation_2020.tif")).unwrap();
    let v = ds.rasterband(1).unwrap().read_band_as::<f32>().unwrap();
    let (forest, grass) = (v.data()[0] as f64, v.data()[6] as f64);
    assert!(
        (forest - value * 45.884_54 / want).abs() < 1e-4 * forest,
        "{forest}"
    );
    assert!(
        (grass - value * 43.182_42 / want).abs() < 1e-4 * grass,
        "{grass}"
    );
    // K' from a flat DEM (Smith–Carson: ΔH = 0 → Kr = 0 → K' = 1): 59.84696 t/ha
    let text = sand_config("fvc = \"fvc.tif\"\nwind_factor = \"wf.tif\"\n", "")
        .replace("roughness = \"k.tif\"\n", "")
        .replace("[[year]]", "dem = \"flat.tif\"\n[[year]]");
    let out = run(d, &text, "f");
    assert!((quantity(&out, "sand_fixation") - 59.846_96 * 90.0).abs() < 1e-3);
}

#[test]
fn sand_fixation_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    setup(d);
    let ok_year = "fvc = \"fvc.tif\"\nwind_factor = \"wf.tif\"\n";
    // no FVC raster for the year
    refused(
        d,
        &sand_config("wind_factor = \"wf.tif\"\n", ""),
        &["sand_fixation", "fvc", "2020"],
    );
    // no weather factor and only part of its components
    refused(
        d,
        &sand_config("fvc = \"fvc.tif\"\nwind_energy = \"energy.tif\"\n", ""),
        &["sand_fixation", "soil_wetness"],
    );
    // a soil raster missing
    refused(
        d,
        &sand_config(ok_year, "").replace("clay = \"clay.tif\"\n", ""),
        &["sand_fixation", "clay"],
    );
    // the vegetation coefficient not said (issue 11: no silent one-for-all default)
    refused(
        d,
        &sand_config(ok_year, "").replace("vegetation_coefficient = 0.0438\n", ""),
        &["vegetation_coefficient", "wind_vegetation", "0.0438"],
    );
    // the unit of FVC not said
    refused(
        d,
        &sand_config(ok_year, "").replace("fvc_unit = \"percent\"\n", ""),
        &["fvc_unit", "missing"],
    );
    // a 0–1 raster declared as percent
    refused(
        d,
        &sand_config("fvc = \"fvc01.tif\"\nwind_factor = \"wf.tif\"\n", ""),
        &["fvc", "fraction"],
    );
    // a 0–100 raster declared as a fraction
    refused(
        d,
        &sand_config(ok_year, "").replace("fvc_unit = \"percent\"", "fvc_unit = \"fraction\""),
        &["fvc", "outside"],
    );
    // soil contents given as fractions
    constant(d, "sand01.tif", 0.6);
    constant(d, "silt01.tif", 0.25);
    constant(d, "clay01.tif", 0.15);
    let frac = sand_config(ok_year, "")
        .replace("sand.tif", "sand01.tif")
        .replace("silt.tif", "silt01.tif")
        .replace("clay.tif", "clay01.tif");
    refused(d, &frac, &["sand/silt/clay", "fractions"]);
    // soil wetness given in percent
    constant(d, "sw60.tif", 60.0);
    refused(
        d,
        &sand_config(
            "fvc = \"fvc.tif\"\nwind_energy = \"energy.tif\"\nsoil_wetness = \"sw60.tif\"\nsnow_days = \"snow.tif\"\n",
            "",
        ),
        &["soil_wetness", "0–1"],
    );
    // a misspelt key, with the nearest suggested
    refused(
        d,
        &sand_config(ok_year, "").replace("organic_matter =", "organic_mater ="),
        &["organic_mater", "organic_matter"],
    );
}

#[test]
fn rweq_constants_are_in_the_cache_key() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    setup(d);
    let c = config(
        d,
        &sand_config("fvc = \"fvc.tif\"\nwind_factor = \"wf.tif\"\n", ""),
    );
    let out = d.join("out");
    let first = run_account(&c, &out, AccountRun::default(), &NoProgress).unwrap();
    let q = quantity(&out, "sand_fixation");
    assert!(!first.notes.iter().any(|n| n.contains("reused")));
    let again = run_account(&c, &out, AccountRun::default(), &NoProgress).unwrap();
    assert!(again.notes.iter().any(|n| n.contains("reused")));
    // z enters the nonlinear RWEQ inside the pass: it must rerun
    let c = config(
        d,
        &sand_config(
            "fvc = \"fvc.tif\"\nwind_factor = \"wf.tif\"\n",
            "downwind_distance = 40\n",
        ),
    );
    let third = run_account(&c, &out, AccountRun::default(), &NoProgress).unwrap();
    assert!(!third.notes.iter().any(|n| n.contains("reused")));
    assert!((quantity(&out, "sand_fixation") - q).abs() > 1.0);
}

fn water_config(method: &str, dem: &str) -> String {
    format!(
        "mapping = \"clcd\"\nindicators = [\"water_conservation\"]\ndem = \"{dem}\"\n\
         [[year]]\nyear = 2020\nlandcover = \"lc.tif\"\nprecipitation = \"p.tif\"\net = \"et.tif\"\n\
         [water_conservation]\nmethod = \"{method}\"\nsoil_depth = \"depth.tif\"\nksat = \"ksat.tif\"\nksat_unit = \"cm/d\"\n\
         [tables]\nvelocity_coefficients = \"v.csv\"\nrunoff_coefficients = \"runoff.csv\"\n"
    )
}

#[test]
fn water_retention_method_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    setup(d);
    std::fs::write(
        d.join("v.csv"),
        "ecosystem_type,velocity\nbroadleaf,200\nshrub_grass,498\nwater_system,2012\n",
    )
    .unwrap();
    std::fs::write(
        d.join("runoff.csv"),
        "ecosystem_type,coefficient\nbroadleaf,0.1\nshrub_grass,0.2\nwater_system,0\n",
    )
    .unwrap();
    // flat ground: slope 0 makes TI infinite, its term 1; Ksat 150 cm/d → 0.5; Y = 1000 − 600 = 400 mm
    // = 4000 m³/ha; forest 50 ha × 1 × 0.5, grass 30 ha × 0.5 × 0.5, water 10 ha × 249/2012 × 0.5
    let out = run(d, &water_config("water_retention", "flat.tif"), "r");
    let want = 4000.0 * (50.0 * 0.5 + 30.0 * 0.25 + 10.0 * 0.5 * 249.0 / 2012.0);
    let q = quantity(&out, "water_conservation");
    assert!((q - want).abs() < 1e-6 * want, "{q} vs {want}");
    // Ksat given in mm/d: 150 mm/d = 15 cm/d → soil term 0.05, a tenth (issue 11: the
    // formula's Ksat is in cm/d, 丁程锋 et al. 2017; it used to be read as mm/d)
    let mm = water_config("water_retention", "flat.tif").replace("\"cm/d\"", "\"mm/d\"");
    let q_mm = quantity(&run(d, &mm, "m"), "water_conservation");
    assert!(
        (q_mm - want / 10.0).abs() < 1e-6 * want,
        "{q_mm} vs {}",
        want / 10.0
    );
    // the same configuration by the water balance (method a)
    let out = run(d, &water_config("water_balance", "flat.tif"), "b");
    let balance = 50.0 * 3000.0 + 30.0 * 2000.0 + 10.0 * 4000.0;
    assert!((quantity(&out, "water_conservation") - balance).abs() < 1e-6);
    // on a slope the topographic term can only lower the retention
    write(&d.join("slope.tif"), WriteType::F32, |r, c| {
        (500.0 - 3.0 * r as f64 - 2.0 * c as f64) as f32
    });
    let out = run(d, &water_config("water_retention", "slope.tif"), "s");
    let sloped = quantity(&out, "water_conservation");
    assert!((0.0..want).contains(&sloped), "{sloped}");
    // refusals: an unknown method, a missing Ksat, a type without velocity
    refused(
        d,
        &water_config("retention", "flat.tif"),
        &["retention", "water_retention"],
    );
    refused(
        d,
        &water_config("water_retention", "flat.tif").replace("ksat = \"ksat.tif\"\n", ""),
        &["water_conservation", "ksat"],
    );
    refused(
        d,
        &water_config("water_retention", "flat.tif").replace("ksat_unit = \"cm/d\"\n", ""),
        &["ksat_unit", "cm/d"],
    );
    refused(
        d,
        &water_config("water_retention", "flat.tif").replace("\"cm/d\"", "\"cm/day\""),
        &["ksat_unit", "cm/day"],
    );
    std::fs::write(d.join("v.csv"), "ecosystem_type,velocity\nbroadleaf,200\n").unwrap();
    refused(
        d,
        &water_config("water_retention", "flat.tif"),
        &["shrub_grass", "velocity_coefficients", "water_conservation"],
    );
}
