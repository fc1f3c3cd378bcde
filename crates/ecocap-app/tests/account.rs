//! The GEP account pipeline on a small raster whose quantities are computed
//! here by hand, and its refusals of bad configurations.
#![allow(clippy::unwrap_used)]

use ecocap_app::account::{run_account, AccountRun};
use ecocap_app::NoProgress;
use std::path::Path;

mod common;
use common::*;
use ecocap_raster::{Grid, WriteType};
use gdal::spatial_ref::SpatialRef;

#[test]
fn quantities_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let c = config(dir.path(), &format!("mapping = \"clcd\"\n{YEAR}{TABLES}"));
    let out = dir.path().join("out");
    let o = run_account(&c, &out, AccountRun::default(), &NoProgress).unwrap();
    // 90 vegetated-or-water cells of 1 ha carry NPP (built-up is valued at zero):
    // 450 g C/m² × 44/12 = 1650 g CO2/m² = 16.5 t/ha; × 32/12 = 12.0 t O2/ha (issue 11:
    // the dry-matter route with carbon fraction 0.45 gave 16.3 and 11.9)
    let veg_ha = 90.0;
    assert!((quantity(&out, "carbon_sequestration") - 16.5 * veg_ha).abs() < 1e-6);
    assert!((quantity(&out, "oxygen_release") - 12.0 * veg_ha).abs() < 1e-6);
    // no rh and no stated basis: NPP is used, and the outputs say so
    assert!(
        o.notes
            .iter()
            .any(|n| n.contains("carbon sequestration is on the NPP basis")),
        "{:?}",
        o.notes
    );
    // water: forest (1000 − 100 − 600) = 300 mm, grass 200 mm, water 400 mm; 1 mm over 1 ha = 10 m³
    let water = 50.0 * 3000.0 + 30.0 * 2000.0 + 10.0 * 4000.0;
    assert!((quantity(&out, "water_conservation") - water).abs() < 1e-6);
    // transpiration heat: kJ/m²/d × 10 d × 10 000 m²
    let heat = 50.0 * 1000.0 * 10.0 * 1e4 + 30.0 * 500.0 * 10.0 * 1e4;
    assert!((quantity(&out, "climate_regulation_transpiration") - heat).abs() < 1e-3);
    // evaporation over the water column: 1200 mm × 10 ha
    assert!((quantity(&out, "climate_regulation_evaporation") - 10.0 * 12_000.0).abs() < 1e-6);
    assert!((quantity(&out, "pest_control_forest") - 50.0).abs() < 1e-9);
    assert!((quantity(&out, "pest_control_grassland") - 30.0).abs() < 1e-9);
    assert!(out.join("gep/gep_total.csv").exists() && out.join("manifest.json").exists());
    let gep: f64 = o.gep.account.zone_years.iter().map(|z| z.gep).sum();
    assert!(gep > 0.0);
}

#[test]
fn bad_configurations() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    // unknown key, with the nearest suggested
    refused(
        dir.path(),
        &format!("mapping = \"clcd\"\nindicatorz = []\n{YEAR}"),
        &["indicatorz", "indicators"],
    );
    // an input a requested indicator needs is missing
    refused(
        dir.path(),
        "mapping = \"clcd\"\nindicators = [\"water_conservation\"]\n[[year]]\nyear = 2020\nlandcover = \"lc.tif\"\n",
        &["water_conservation", "precipitation", "2020"],
    );
    // a year given twice (inputs of different years mixed)
    refused(
        dir.path(),
        &format!("mapping = \"clcd\"\n{YEAR}{YEAR}"),
        &["2020", "twice"],
    );
    // zones that cover no data
    std::fs::write(
        dir.path().join("far.geojson"),
        r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32650"}},"features":[{"type":"Feature","properties":{"id":"x"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]]]}}]}"#,
    )
    .unwrap();
    refused(
        dir.path(),
        &format!(
            "mapping = \"clcd\"\nzones = {{ path = \"far.geojson\", field = \"id\" }}\n{YEAR}"
        ),
        &["far.geojson", "overlap"],
    );
    // a runoff coefficient in percent
    std::fs::write(
        dir.path().join("pct.csv"),
        "ecosystem_type,coefficient\nbroadleaf,10\n",
    )
    .unwrap();
    refused(
        dir.path(),
        &format!("mapping = \"clcd\"\n{YEAR}[tables]\nrunoff_coefficients = \"pct.csv\"\n"),
        &["10", "0–1"],
    );
    // a table missing a type present in the map
    std::fs::write(
        dir.path().join("short.csv"),
        "ecosystem_type,coefficient\nbroadleaf,0.1\n",
    )
    .unwrap();
    refused(
        dir.path(),
        &format!("mapping = \"clcd\"\n{YEAR}[tables]\nrunoff_coefficients = \"short.csv\"\n"),
        &["shrub_grass", "water_conservation"],
    );
    // statistics without units
    std::fs::write(
        dir.path().join("stats.csv"),
        "zone,year,indicator,quantity\nall,2020,agriculture,5\n",
    )
    .unwrap();
    refused(
        dir.path(),
        &format!("mapping = \"clcd\"\nstatistics = \"stats.csv\"\n{YEAR}"),
        &["stats.csv", "unit"],
    );
}

#[test]
fn monte_carlo_is_reproducible_and_ranks_drivers() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let mc = "[uncertainty]\nruns = 40\nseed = 11\n\
              [[uncertainty.parameter]]\nname = \"price:carbon_sequestration\"\ndistribution = \"uniform\"\nmin = 300\nmax = 460\n\
              [[uncertainty.parameter]]\nname = \"ac_days\"\ndistribution = \"triangular\"\nmin = 9\nmode = 10\nmax = 11\n";
    let c = config(
        dir.path(),
        &format!("mapping = \"clcd\"\n{YEAR}{TABLES}{mc}"),
    );
    let run = |out: &str, seed: Option<u64>| {
        let out = dir.path().join(out);
        run_account(
            &c,
            &out,
            AccountRun {
                monte_carlo: None,
                seed,
                force: false,
            },
            &NoProgress,
        )
        .unwrap();
        std::fs::read_to_string(out.join("uncertainty.csv")).unwrap()
    };
    let a = run("a", None);
    assert_eq!(a, run("b", None), "same seed, same result");
    assert_ne!(a, run("c", Some(12)), "another seed, other draws");
    let line = a
        .lines()
        .find(|l| l.contains(",carbon_sequestration,"))
        .unwrap();
    let f: Vec<f64> = line
        .split(',')
        .skip(3)
        .take(3)
        .map(|v| v.parse().unwrap())
        .collect();
    assert!(f[0] < f[1] && f[1] < f[2], "{line}");
    // 16.5 t/ha × 90 ha in the CO2 price range: value between 300 and 460 yuan/t × quantity
    let q = 16.5 * 90.0;
    assert!(f[0] > 300.0 * q * 0.99 && f[2] < 460.0 * q * 1.01, "{line}");
    let drivers = std::fs::read_to_string(dir.path().join("a/uncertainty_drivers.csv")).unwrap();
    let first = drivers.lines().nth(1).unwrap();
    assert!(
        first.contains("price:carbon_sequestration"),
        "the price drives the spread: {drivers}"
    );
}

#[test]
fn monte_carlo_refusals() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let c = config(dir.path(), &format!("mapping = \"clcd\"\n{YEAR}"));
    let e = run_account(
        &c,
        &dir.path().join("o"),
        AccountRun {
            monte_carlo: Some(10),
            seed: None,
            force: false,
        },
        &NoProgress,
    )
    .err()
    .unwrap();
    assert!(
        e.to_string().contains("[uncertainty]") && e.is_input_error(),
        "{e}"
    );
    let bad = "[uncertainty]\n[[uncertainty.parameter]]\nname = \"ac_days\"\ndistribution = \"triangular\"\nmin = 2\nmode = 1\nmax = 3\n";
    let c = config(dir.path(), &format!("mapping = \"clcd\"\n{YEAR}{bad}"));
    let e = run_account(
        &c,
        &dir.path().join("o"),
        AccountRun::default(),
        &NoProgress,
    )
    .err()
    .unwrap();
    assert!(
        e.to_string().contains("ac_days") && e.is_input_error(),
        "{e}"
    );
    assert!(!dir.path().join("o/quantities.csv").exists());
}

/// Issue 11: the photosynthesis route and basis are explicit; what would
/// silently change a number is refused.
#[test]
fn carbon_basis_and_units() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    setup(d);
    let wkt = SpatialRef::from_epsg(32650).unwrap().to_wkt().unwrap();
    let g = Grid::north_up(10, 10, 500_000.0, 3_000_000.0, 100.0, wkt);
    write(&d.join("rh.tif"), &g, WriteType::F32, |_, _| 50.0);
    let with_rh = YEAR.replace(
        "npp = \"npp.tif\"\n",
        "npp = \"npp.tif\"\nrh = \"rh.tif\"\n",
    );
    let run = |text: &str, out: &str| {
        let c = config(d, &format!("mapping = \"clcd\"\n{text}"));
        let o = run_account(&c, &d.join(out), AccountRun::default(), &NoProgress);
        (o, d.join(out))
    };
    // rh given: both on NEP = 400 g C/m² → 14.667 t CO2/ha and 10.667 t O2/ha, no note
    let (o, out) = run(&format!("{with_rh}{TABLES}"), "nep");
    let o = o.unwrap();
    let nep = 400.0 * 1e4 / 1e6 * 90.0;
    assert!((quantity(&out, "carbon_sequestration") - nep * 44.0 / 12.0).abs() < 1e-6);
    assert!((quantity(&out, "oxygen_release") - nep * 32.0 / 12.0).abs() < 1e-6);
    assert!(
        !o.notes.iter().any(|n| n.contains("NPP basis")),
        "{:?}",
        o.notes
    );
    // CO2 on NEP, O2 on NPP (450)
    let (_, out) = run(
        &format!("{with_rh}{TABLES}oxygen_basis = \"npp\"\n"),
        "mixed",
    );
    assert!((quantity(&out, "carbon_sequestration") - nep * 44.0 / 12.0).abs() < 1e-6);
    assert!((quantity(&out, "oxygen_release") - 12.0 * 90.0).abs() < 1e-6);
    // dry-matter NPP: 450 g DM/m² × 1.63 = 7.335 t CO2/ha
    let (_, out) = run(
        &format!("{YEAR}{TABLES}npp_unit = \"g DM/m2/yr\"\ncarbon_basis = \"npp\"\noxygen_basis = \"npp\"\n"),
        "dm",
    );
    assert!((quantity(&out, "carbon_sequestration") - 7.335 * 90.0).abs() < 1e-6);
    assert!((quantity(&out, "oxygen_release") - 5.355 * 90.0).abs() < 1e-6);
    // refusals
    for (extra, words) in [
        (
            "carbon_fraction = 0.45\n",
            &["carbon_fraction", "no longer used"][..],
        ),
        (
            "co2_per_dm = 1.63\n",
            &["co2_per_dm", "dry-matter", "npp_unit"][..],
        ),
        ("carbon_basis = \"nep\"\n", &["carbon_basis", "rh"][..]),
        (
            "carbon_basis = \"gpp\"\n",
            &["carbon_basis", "gpp", "nep"][..],
        ),
        (
            "npp_unit = \"kg C/m2/yr\"\n",
            &["npp_unit", "kg C/m2/yr"][..],
        ),
    ] {
        let (o, out) = run(&format!("{YEAR}{TABLES}{extra}"), "bad");
        let e = o.err().unwrap();
        let text = e.to_string();
        assert!(e.is_input_error(), "{text}");
        for w in words {
            assert!(text.contains(w), "{w} not in {text}");
        }
        assert!(!out.join("quantities.csv").exists());
    }
}

fn soil_config(dir: &Path, usle: &str) -> std::path::PathBuf {
    std::fs::write(dir.join("usle.csv"), usle).unwrap();
    config(
        dir,
        "mapping = \"clcd\"\nindicators = [\"soil_retention_sediment\", \"soil_retention_n\", \"soil_retention_p\"]\n\
         dem = \"dem.tif\"\nerodibility = \"k.tif\"\n\
         [[year]]\nyear = 2020\nlandcover = \"lc.tif\"\nerosivity = \"r.tif\"\n\
         [tables]\nusle = \"usle.csv\"\n",
    )
}

#[test]
fn soil_retention_is_potential_minus_actual() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let run = |usle: &str, out: &str| {
        let c = soil_config(dir.path(), usle);
        let out = dir.path().join(out);
        run_account(&c, &out, AccountRun::default(), &NoProgress).unwrap();
        (
            quantity(&out, "soil_retention_sediment"),
            quantity(&out, "soil_retention_n"),
        )
    };
    // C·P = 0.1 everywhere → 90 % of the potential loss is retained
    let (a, an) = run("ecosystem_type,usle_c,usle_p\nbroadleaf,0.2,0.5\nshrub_grass,0.2,0.5\nwater_system,0.2,0.5\n", "s1");
    // C·P = 0.55 → 45 %
    let (b, _) = run(
        "ecosystem_type,usle_c,usle_p\nbroadleaf,0.55,1\nshrub_grass,0.55,1\nwater_system,0.55,1\n",
        "s2",
    );
    assert!(a > 0.0 && (b / a - 0.45 / 0.9).abs() < 1e-9, "{a} {b}");
    assert_eq!(
        a, an,
        "N and P take the retained soil mass; the GEP engine applies the contents"
    );
    // C·P = 1: nothing retained
    let (z, _) = run(
        "ecosystem_type,usle_c,usle_p\nbroadleaf,1,1\nshrub_grass,1,1\nwater_system,1,1\n",
        "s3",
    );
    assert_eq!(z, 0.0);
    // the percent trap
    let c = soil_config(
        dir.path(),
        "ecosystem_type,usle_c,usle_p\nbroadleaf,0.2,1000\n",
    );
    let e = run_account(
        &c,
        &dir.path().join("s4"),
        AccountRun::default(),
        &NoProgress,
    )
    .err()
    .unwrap();
    assert!(
        e.to_string().contains("usle_p = 1000") && e.is_input_error(),
        "{e}"
    );
    // a type of the map missing from the table
    let c = soil_config(
        dir.path(),
        "ecosystem_type,usle_c,usle_p\nbroadleaf,0.2,0.5\n",
    );
    let e = run_account(
        &c,
        &dir.path().join("s5"),
        AccountRun::default(),
        &NoProgress,
    )
    .err()
    .unwrap();
    assert!(
        e.to_string().contains("shrub_grass") && e.to_string().contains("usle"),
        "{e}"
    );
}

#[test]
fn rerun_reuses_the_raster_pass_until_an_input_changes() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let out = dir.path().join("out");
    let go = |text: String| {
        let c = config(dir.path(), &text);
        run_account(&c, &out, AccountRun::default(), &NoProgress).unwrap()
    };
    let first = go(format!("mapping = \"clcd\"\n{YEAR}{TABLES}"));
    assert!(!first.notes.iter().any(|n| n.contains("reused")));
    let co2 = quantity(&out, "carbon_sequestration");
    let heat = quantity(&out, "climate_regulation_transpiration");
    // a parameter change: no raster work, only the dependent quantity moves
    let second = go(format!(
        "mapping = \"clcd\"\n{YEAR}{}",
        TABLES.replace("ac_days = 10", "ac_days = 20")
    ));
    assert!(
        second.notes.iter().any(|n| n.contains("reused")),
        "{:?}",
        second.notes
    );
    assert_eq!(quantity(&out, "carbon_sequestration"), co2);
    assert!((quantity(&out, "climate_regulation_transpiration") - 2.0 * heat).abs() < 1e-6 * heat);
    // step timings: the manifest and the outcome name the cached pass
    let steps = |o: &ecocap_app::account::AccountOutcome| -> Vec<String> {
        o.timings.iter().map(|(s, _)| s.clone()).collect()
    };
    assert!(
        steps(&first).contains(&"pass 2020".to_string()),
        "{:?}",
        steps(&first)
    );
    assert!(steps(&second).contains(&"pass 2020 (cached)".to_string()));
    assert!(steps(&second).contains(&"valuation".to_string()));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let recorded = manifest["timings"].as_array().unwrap();
    assert_eq!(recorded.len(), second.timings.len());
    assert!(recorded.iter().all(|t| t[1].as_f64().unwrap() >= 0.0));
    // an input raster changes: its year is recomputed
    let wkt = SpatialRef::from_epsg(32650).unwrap().to_wkt().unwrap();
    let g = Grid::north_up(10, 10, 500_000.0, 3_000_000.0, 100.0, wkt);
    write(&dir.path().join("npp.tif"), &g, WriteType::F32, |_, _| {
        900.0
    });
    let third = go(format!("mapping = \"clcd\"\n{YEAR}{TABLES}"));
    assert!(
        !third.notes.iter().any(|n| n.contains("reused")),
        "{:?}",
        third.notes
    );
    assert!((quantity(&out, "carbon_sequestration") - 2.0 * co2).abs() < 1e-6 * co2);
}

#[test]
fn purification_capacity_bounded_by_emissions() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    std::fs::write(
        dir.path().join("pur.csv"),
        "ecosystem_type,so2,cod\nbroadleaf,0.1,0.4\nshrub_grass,0.05,0.2\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("em.csv"),
        "zone,year,pollutant,emission\nall,2020,so2,4\n",
    )
    .unwrap();
    let c = config(
        dir.path(),
        &format!("mapping = \"clcd\"\n{YEAR}[tables]\npurification = \"pur.csv\"\nemissions = \"em.csv\"\n"),
    );
    let out = dir.path().join("out");
    run_account(&c, &out, AccountRun::default(), &NoProgress).unwrap();
    // SO2 capacity 50 ha × 0.1 + 30 ha × 0.05 = 6.5 t, bounded by 4 t emitted
    assert!((quantity(&out, "air_purification_so2") - 4.0).abs() < 1e-9);
    // COD: 50 × 0.4 + 30 × 0.2 = 26 t, no emission bound given
    assert!((quantity(&out, "water_purification_cod") - 26.0).abs() < 1e-9);
    // a pollutant asked for without its column
    let c = config(
        dir.path(),
        &format!("mapping = \"clcd\"\nindicators = [\"air_purification_nox\"]\n{YEAR}[tables]\npurification = \"pur.csv\"\n"),
    );
    let e = run_account(
        &c,
        &dir.path().join("o2"),
        AccountRun::default(),
        &NoProgress,
    )
    .err()
    .unwrap();
    assert!(e.to_string().contains("nox") && e.is_input_error(), "{e}");
}

#[test]
fn flood_regulation_from_tables() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let d = dir.path();
    std::fs::write(
        d.join("lakes.csv"),
        "zone,area_km2,region\nall,2.0,tibet\nall,0.5,tibet\n",
    )
    .unwrap();
    std::fs::write(
        d.join("models.csv"),
        "region,a,b,unit\ntibet,6.636,0.678,1e4 m3\n",
    )
    .unwrap();
    std::fs::write(d.join("res.csv"), "zone,capacity_m3\nall,1000000\n").unwrap();
    std::fs::write(d.join("marsh.csv"), "zone,area_km2\nall,1.5\n").unwrap();
    let flood = "[flood]\nlakes = \"lakes.csv\"\nlake_models = \"models.csv\"\nreservoirs = \"res.csv\"\nmarshes = \"marsh.csv\"\n";
    let c = config(d, &format!("mapping = \"clcd\"\n{YEAR}{flood}"));
    let out = d.join("out");
    run_account(&c, &out, AccountRun::default(), &NoProgress).unwrap();
    let lake = 6.636f64.exp() * (2.0f64.powf(0.678) + 0.5f64.powf(0.678));
    assert!((quantity(&out, "flood_regulation_lake") - lake).abs() < 1e-6 * lake);
    assert!((quantity(&out, "flood_regulation_reservoir") - 350_000.0).abs() < 1e-6);
    assert!((quantity(&out, "flood_regulation_marsh") - 450_000.0).abs() < 1e-6);
    // the Tibetan-Plateau coefficients labelled m³ understate lakes 10⁴-fold: refused
    std::fs::write(
        d.join("models.csv"),
        "region,a,b,unit\ntibet,6.636,0.678,m3\n",
    )
    .unwrap();
    let e = run_account(&c, &d.join("o3"), AccountRun::default(), &NoProgress)
        .err()
        .unwrap();
    assert!(
        e.is_input_error()
            && e.to_string().contains("1e4 m3")
            && e.to_string().contains("models.csv"),
        "{e}"
    );
    // a lake region without a model
    std::fs::write(
        d.join("models.csv"),
        "region,a,b,unit\ntibet,6.636,0.678,1e4 m3\n",
    )
    .unwrap();
    std::fs::write(
        d.join("lakes.csv"),
        "zone,area_km2,region\nall,2.0,yunnan\n",
    )
    .unwrap();
    let e = run_account(&c, &d.join("o2"), AccountRun::default(), &NoProgress)
        .err()
        .unwrap();
    assert!(
        e.to_string().contains("yunnan") && e.to_string().contains("tibet"),
        "{e}"
    );
}

/// Issue 11: the shipped Tibetan-Plateau lake model gives 10⁴ m³; a 165 km²
/// lake stores 2.429 × 10⁸ m³ and is valued as such (at 7.06 yuan/m³).
#[test]
fn shipped_lake_model_in_ten_thousand_m3() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let d = dir.path();
    std::fs::write(
        d.join("lakes.csv"),
        "zone,area_km2,region\nall,165,tibetan_plateau\n",
    )
    .unwrap();
    let c = config(
        d,
        &format!("mapping = \"clcd\"\n{YEAR}[flood]\nlakes = \"lakes.csv\"\n"),
    );
    let out = d.join("out");
    let o = run_account(&c, &out, AccountRun::default(), &NoProgress).unwrap();
    let q = quantity(&out, "flood_regulation_lake");
    assert!((q * 1e4 / 2.429e8 - 1.0).abs() < 5e-4, "{q} x 1e4 m3");
    let value: f64 = o
        .gep
        .account
        .lines
        .iter()
        .filter(|l| l.indicator.id == "flood_regulation_lake" && l.rolled_from == 0)
        .map(|l| l.value_as_priced)
        .sum();
    assert!((value / (2.429e8 * 7.06) - 1.0).abs() < 5e-4, "{value}");
}
