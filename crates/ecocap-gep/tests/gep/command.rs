//! The `ecocap gep` command through its library function: the output
//! contract, and each bad input of issue 3 §6 with its message and the
//! guarantee that nothing that looks finished is written.

use std::path::{Path, PathBuf};

use ecocap_gep::{catalog_text, is_user_error, run, GepError, RunOptions};

use crate::support::{csv_rows, write};

const Q_HEADER: &str = "zone,year,indicator,quantity,unit\n";

fn opts(dir: &Path, quantities: &str) -> RunOptions {
    RunOptions {
        quantities: write(dir, "quantities.csv", &format!("{Q_HEADER}{quantities}")),
        out: dir.join("out"),
        ..Default::default()
    }
}

fn header(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Run, expect a user error, check that its text contains every `needle`
/// and that the output directory holds nothing that looks finished.
fn refused(o: &RunOptions, needles: &[&str]) -> GepError {
    let e = match run(o) {
        Ok(_) => panic!("expected an error containing {needles:?}"),
        Err(e) => e,
    };
    let msg = e.to_string();
    for n in needles {
        assert!(msg.contains(n), "message lacks '{n}':\n{msg}");
    }
    assert!(!o.out.join("manifest.json").exists() && !o.out.join("gep_total.csv").exists());
    // the CLI wraps the error in anyhow and maps it to exit status 2
    let wrapped = anyhow::Error::new(e).context("ecocap gep");
    assert!(is_user_error(&wrapped), "{msg}");
    wrapped
        .downcast::<GepError>()
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn full_run_writes_the_contract() {
    let d = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = d.path();
    let mut o = opts(
        dir,
        "v1,2020,water_conservation,100,万m3\n\
         v2,2020,water_conservation,200,万立方米\n\
         v2,2020,agriculture,30,万元\n\
         v1,2020,sand_fixation,1,万吨\n\
         v1,2021,water_conservation,110,万m3\n\
         v2,2021,recreation,2,万人次\n\
         v2,2020,recreation,1,万人次\n\
         v1,2020,carbon_sequestration,12,t C\n\
         v1,2020,water_supply_domestic,10,万m3\n",
    );
    o.prices = Some(write(dir, "prices.csv", "indicator,price,unit,price_year,source\nrecreation,100,yuan/person-trip,2020,survey 2020\n"));
    o.params = Some(write(
        dir,
        "params.toml",
        "[sand_fixation]\nbulk_density = 1.6\n",
    ));
    o.price_index = Some(write(
        dir,
        "cpi.csv",
        "year,index\n2010,100\n2020,150\n2021,156\n",
    ));
    o.price_year = Some(2020);
    o.gdp = Some(write(
        dir,
        "gdp.csv",
        "zone,year,gdp_yuan,unit\ncounty,2020,1,亿元\n",
    ));
    o.zones_hierarchy = Some(write(
        dir,
        "zones.csv",
        "zone,parent\nv1,county\nv2,county\ncounty,\n",
    ));
    let s = run(&o).unwrap_or_else(|e| panic!("{e}"));
    let out = &o.out;
    for f in [
        "gep_by_indicator.csv",
        "gep_by_category.csv",
        "gep_by_class.csv",
        "gep_total.csv",
        "gep_yoy.csv",
        "gep_report.xlsx",
        "gep_summary.md",
        "manifest.json",
    ] {
        assert!(out.join(f).exists(), "{f}");
    }
    assert_eq!(s.outputs.len(), 8);
    assert!(header(&out.join("gep_by_indicator.csv")).starts_with(
        "zone,year,indicator,category,quantity,quantity_unit,price,price_unit,value_yuan"
    ));
    assert_eq!(
        header(&out.join("gep_by_category.csv")),
        "zone,year,category,value_yuan"
    );
    assert_eq!(
        header(&out.join("gep_total.csv")),
        "zone,year,gep_yuan,gdp_yuan,gep_gdp_ratio"
    );

    // county 2020 in 2020 prices:
    //   water conservation 3e6 m3 × 7.06 × 1.5 (2010→2020) = 31.77e6
    //   agriculture 30 万元 (2020 prices) = 0.3e6
    //   sand 1e4 t / (1.6 × 0.1) = 62500 m2 × 3.75 × 1.5 = 351 562.5
    //   carbon 12 t C = 44 t CO2 × 380 × 1.5 = 25 080
    //   water supply 1e5 m3 × 2.6 × 1.5 = 390 000
    //   recreation 1e4 trips × 100 (2020) = 1e6
    let expect = 31.77e6 + 0.3e6 + 351_562.5 + 25_080.0 + 390_000.0 + 1e6;
    let totals = csv_rows(&out.join("gep_total.csv"));
    let county = totals
        .iter()
        .find(|r| r[0] == "county" && r[1] == "2020")
        .unwrap_or_else(|| panic!("no county"));
    let got: f64 = county[2].parse().unwrap_or(0.0);
    assert!((got - expect).abs() < 0.01, "{got} vs {expect}");
    let ratio: f64 = county[4].parse().unwrap_or(0.0);
    assert!((ratio - expect / 1e8).abs() < 1e-6, "{ratio}");
    // categories always listed, three per zone-year
    assert_eq!(
        csv_rows(&out.join("gep_by_category.csv")).len(),
        3 * s.account.zone_years.len()
    );

    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("manifest.json")).unwrap_or_default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(manifest["inputs"].as_array().map(Vec::len), Some(6));
    assert_eq!(manifest["target_price_year"], 2020);
    assert_eq!(manifest["deflators"]["2010"], 100.0);
    let prices = manifest["prices_used"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(prices
        .iter()
        .any(|p| p["indicator"] == "water_conservation" && p["price_year"] == 2010));
    assert!(prices
        .iter()
        .any(|p| p["origin"]["kind"] == "file" && p["origin"]["source"] == "survey 2020"));
    let params = manifest["parameters"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(params
        .iter()
        .any(|p| p["parameter"] == "bulk_density" && p["overridden"] == true));
    let warnings = manifest["warnings"].as_array().cloned().unwrap_or_default();
    assert!(warnings
        .iter()
        .any(|w| w.as_str().unwrap_or("").contains("double counting")));
    assert_eq!(manifest["outputs"].as_array().map(Vec::len), Some(7));
    // no staging folder left behind
    let left: Vec<PathBuf> = std::fs::read_dir(out)
        .map(|r| r.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    assert_eq!(left.len(), 8, "{left:?}");
    let xlsx = std::fs::read(out.join("gep_report.xlsx")).unwrap_or_default();
    assert!(
        xlsx.starts_with(b"PK") && xlsx.len() > 4000,
        "not an XLSX (zip) file"
    );
    let md = std::fs::read_to_string(out.join("gep_summary.md")).unwrap_or_default();
    assert!(md.contains("county") && md.contains("comparable prices of 2020"));
}

#[test]
fn unknown_indicator_suggests() {
    let d = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let o = opts(d.path(), "z,2020,water_conservaton,1,m3\n");
    refused(
        &o,
        &[
            "quantities.csv",
            "line 2",
            "water_conservaton",
            "did you mean 'water_conservation'",
        ],
    );
}

#[test]
fn unparseable_unit() {
    let d = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let o = opts(d.path(), "z,2020,water_conservation,1,furlongs\n");
    refused(&o, &["quantities.csv", "line 2", "'furlongs'", "hint:"]);
}

#[test]
fn dimension_mismatch_names_both_units() {
    let d = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let o = opts(d.path(), "z,2020,water_conservation,1,万吨\n");
    refused(
        &o,
        &[
            "quantities.csv",
            "line 2",
            "'万吨' (mass)",
            "'yuan/m3' (money per volume)",
        ],
    );
}

#[test]
fn missing_price_without_default() {
    let d = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let o = opts(d.path(), "z,2020,bioenergy,1,kWh\n");
    refused(
        &o,
        &[
            "quantities.csv",
            "line 2",
            "no price for indicator 'bioenergy'",
            "--prices",
        ],
    );
}

#[test]
fn negative_quantity() {
    let d = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let o = opts(d.path(), "z,2020,water_conservation,-5,m3\n");
    refused(
        &o,
        &["quantities.csv", "line 2", "negative quantity", "'-5'"],
    );
}

#[test]
fn duplicate_rows() {
    let d = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let o = opts(
        d.path(),
        "z,2020,water_conservation,1,m3\nz,2020,water_conservation,2,m3\n",
    );
    refused(
        &o,
        &[
            "quantities.csv",
            "line 3",
            "duplicate row",
            "first at line 2",
        ],
    );
}

#[test]
fn hierarchy_loop() {
    let d = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut o = opts(d.path(), "a,2020,water_conservation,1,m3\n");
    o.zones_hierarchy = Some(write(d.path(), "zones.csv", "zone,parent\na,b\nb,c\nc,a\n"));
    refused(
        &o,
        &[
            "zones.csv",
            "loops",
            "a (line 2) -> b (line 3) -> c (line 4) -> a",
        ],
    );
}

#[test]
fn price_year_without_index() {
    let d = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut o = opts(d.path(), "z,2020,water_conservation,1,m3\n");
    o.price_index = Some(write(
        d.path(),
        "cpi.csv",
        "year,index\n2015,100\n2020,120\n",
    ));
    o.price_year = Some(2020);
    refused(
        &o,
        &[
            "cpi.csv",
            "no price index for year 2010",
            "water_conservation",
            "2015–2020 with gaps",
        ],
    );
}

#[test]
fn all_files_are_checked_before_any_work() {
    let d = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut o = opts(
        d.path(),
        "z,2020,nope,1,m3\nz,2020,water_conservation,1,zz\n",
    );
    o.prices = Some(write(
        d.path(),
        "prices.csv",
        "indicator,price,unit\nwater_conservation,abc,yuan/m3\n",
    ));
    o.zones_hierarchy = Some(write(d.path(), "zones.csv", "zone,parent\nz,z\n"));
    let e = refused(&o, &["quantities.csv", "prices.csv", "zones.csv"]);
    match e {
        GepError::Many(v) => assert_eq!(v.len(), 4),
        other => panic!("{other}"),
    }
}

#[test]
fn catalog_listing() {
    let t = catalog_text("text").unwrap_or_else(|e| panic!("{e}"));
    assert!(
        t.contains("water_conservation")
            && t.contains("水源涵养")
            && t.contains("7.06 yuan/m3 (2010)")
    );
    assert!(
        catalog_text("md").is_ok() && catalog_text("json").is_ok() && catalog_text("csv").is_ok()
    );
    assert!(matches!(catalog_text("pdf"), Err(GepError::Usage(_))));
}

#[test]
fn cli_options_require_quantities_and_out() {
    let e = RunOptions::from_cli(None, None, RunOptions::default())
        .map(|_| ())
        .expect_err("must fail");
    let msg = e.to_string();
    assert!(
        msg.contains("--quantities FILE and --out DIR") && e.is_user_error(),
        "{msg}"
    );
    let o = RunOptions::from_cli(
        Some("q.csv".into()),
        Some("o".into()),
        RunOptions {
            price_year: Some(2020),
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(o.price_year, Some(2020));
    assert_eq!(o.quantities, PathBuf::from("q.csv"));
}

#[test]
fn brief_lists_top_zones_and_files() {
    let d = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let o = opts(d.path(), "z,2020,water_conservation,1,亿m3\n");
    let s = run(&o).unwrap_or_else(|e| panic!("{e}"));
    let b = s.brief();
    assert!(
        b.contains("z 2020: 7.06 亿元") && b.contains("manifest.json"),
        "{b}"
    );
}
