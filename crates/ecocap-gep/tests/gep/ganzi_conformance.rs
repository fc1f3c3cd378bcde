//! Conformance: reproduce the published Ganzi 2010 GEP (白玛卓嘎 et al.
//! 2017, 生态学报 37(19), Table 3) from its published physical quantities
//! and the catalog's default prices. See tests/fixtures/ganzi2017/README.md
//! for the tolerance reasoning (published rounding of quantities).

use std::collections::BTreeMap;

use ecocap_gep::account::Account;
use ecocap_gep::classes::Category;
use ecocap_gep::{run, Catalog, RunOptions};

use crate::support::{csv_rows, fixture, write};

const YI: f64 = 1e8;
const ZONE: &str = "甘孜州";

/// Half a unit in the last printed digit of `printed`.
fn half_ulp(printed: &str) -> f64 {
    let d = printed.split_once('.').map_or(0, |(_, f)| f.len());
    0.5 * 10f64.powi(-(d as i32))
}

struct Check {
    computed: f64,
    published: f64,
    tol: f64,
}

fn account() -> Account {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let opts = RunOptions {
        quantities: fixture("ganzi2017/quantities.csv"),
        out: dir.path().join("out"),
        ..Default::default()
    };
    run(&opts).unwrap_or_else(|e| panic!("{e}")).account
}

/// Per-indicator computed value, published value and allowance (yuan).
fn indicator_checks(acc: &Account) -> BTreeMap<String, Check> {
    let quantities = csv_rows(&fixture("ganzi2017/quantities.csv"));
    let expected = csv_rows(&fixture("ganzi2017/expected.csv"));
    let mut out = BTreeMap::new();
    for q in &quantities {
        let (id, printed) = (&q[2], &q[3]);
        let qv: f64 = printed.parse().unwrap_or_else(|e| panic!("{printed}: {e}"));
        let line = acc
            .line(ZONE, 2010, id)
            .unwrap_or_else(|| panic!("no line for {id}"));
        let published = expected
            .iter()
            .find(|e| e[0] == "indicator" && &e[1] == id)
            .map(|e| e[2].parse::<f64>().unwrap_or(f64::NAN) * YI)
            .unwrap_or_else(|| panic!("no published value for {id}"));
        // V is linear in Q for every method here, so half a printed unit of
        // Q moves V by V·(δ/Q); plus half a unit of the printed 4th decimal.
        let tol = line.value.abs() * half_ulp(printed) / qv + 0.00005 * YI;
        out.insert(
            id.clone(),
            Check {
                computed: line.value,
                published,
                tol,
            },
        );
    }
    out
}

#[test]
fn every_published_indicator_value_is_reproduced() {
    let acc = account();
    let checks = indicator_checks(&acc);
    assert_eq!(checks.len(), 28);
    let mut failures = Vec::new();
    for (id, c) in &checks {
        if (c.computed - c.published).abs() > c.tol {
            failures.push(format!(
                "{id}: computed {:.4}e8, published {:.4}e8, allowed ±{:.4}e8",
                c.computed / YI,
                c.published / YI,
                c.tol / YI
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn exact_where_the_printed_quantity_is_exact() {
    // Quantities printed in whole tonnes or exactly give the printed value
    // to all 4 printed decimals: e.g. SO2 1137 t × 1200 = 0.0136e8 yuan.
    let acc = account();
    let checks = indicator_checks(&acc);
    for id in [
        "water_supply_agricultural",
        "hydropower",
        "sand_fixation",
        "air_purification_so2",
        "air_purification_nox",
        "air_purification_dust",
        "water_purification_cod",
        "water_purification_nh3n",
        "pest_control_forest",
    ] {
        let c = &checks[id];
        assert!(
            (c.computed - c.published).abs() <= 0.00005 * YI + 1e-6,
            "{id}: {} vs {}",
            c.computed / YI,
            c.published / YI
        );
    }
}

#[test]
fn subtotals_categories_and_gep_are_reproduced() {
    let acc = account();
    let checks = indicator_checks(&acc);
    let cat = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    let expected = csv_rows(&fixture("ganzi2017/expected.csv"));
    let z = acc
        .zone_year(ZONE, 2010)
        .unwrap_or_else(|| panic!("no total"));
    for e in expected.iter().filter(|e| e[0] != "indicator") {
        let published = e[2].parse::<f64>().unwrap_or(f64::NAN) * YI;
        let members: Vec<&str> = cat
            .indicators
            .iter()
            .filter(|i| match e[0].as_str() {
                "service" => i.service == e[1],
                "category" => i.category.id() == e[1],
                _ => true,
            })
            .map(|i| i.id.as_str())
            .filter(|id| checks.contains_key(*id))
            .collect();
        let computed = match e[0].as_str() {
            "service" => members.iter().map(|m| checks[*m].computed).sum(),
            "category" => {
                let c = Category::ALL
                    .into_iter()
                    .find(|c| c.id() == e[1])
                    .unwrap_or(Category::Material);
                z.by_category[&c]
            }
            _ => z.gep,
        };
        let tol: f64 = members.iter().map(|m| checks[*m].tol).sum::<f64>() + 0.005 * YI;
        assert!(
            (computed - published).abs() <= tol,
            "{} {}: computed {:.4}e8, published {:.2}e8, allowed ±{:.4}e8",
            e[0],
            e[1],
            computed / YI,
            published / YI,
            tol / YI
        );
        if e[0] != "service" {
            // issue 3 §4: relative 0.2 % on totals
            let rel = (computed / published - 1.0).abs();
            assert!(rel <= 0.002, "{} {}: relative error {rel}", e[0], e[1]);
        }
    }
}

#[test]
fn soil_retention_from_published_soil_total() {
    // §3.2.2: soil retention 38.86e8 t (USLE), λ = 0.24, ρ = 0.93 t/m3,
    // C_N = 0.37 %, C_P = 0.108 %: the method conversions reproduce the
    // Table 3 values within the rounding of 38.86 (±0.005e8 t).
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let q = write(
        dir.path(),
        "q.csv",
        "zone,year,indicator,quantity,unit\n\
         g,2010,soil_retention_sediment,38.86,亿t soil\n\
         g,2010,soil_retention_n,38.86,亿t soil\n\
         g,2010,soil_retention_p,38.86,亿t soil\n",
    );
    let acc = run(&RunOptions {
        quantities: q,
        out: dir.path().join("o"),
        ..Default::default()
    })
    .unwrap_or_else(|e| panic!("{e}"))
    .account;
    let rel_half = 0.005 / 38.86;
    for (id, published) in [
        ("soil_retention_sediment", 156.2555),
        ("soil_retention_n", 125.8199),
        ("soil_retention_p", 117.5226),
    ] {
        let v = acc.line("g", 2010, id).map_or(f64::NAN, |l| l.value);
        let tol = v * rel_half + 0.00005 * YI;
        assert!(
            (v - published * YI).abs() <= tol,
            "{id}: {} vs {published}",
            v / YI
        );
    }
    // sediment volume: 38.86e8 × 0.24 / 0.93 = 10.028e8 m3, printed 10.03
    let s = acc
        .line("g", 2010, "soil_retention_sediment")
        .and_then(|l| l.quantity)
        .unwrap_or(0.0);
    assert!((s / YI - 10.03).abs() < 0.005, "{s}");
}

#[test]
fn output_snapshots_and_deterministic_manifest() {
    // The CSV layout of the contract, pinned (ECOCAP_BLESS=1 rewrites),
    // and a manifest that is byte-identical across runs.
    let d = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut manifests = Vec::new();
    for k in 0..2 {
        let out = d.path().join(format!("out{k}"));
        let opts = RunOptions {
            quantities: fixture("ganzi2017/quantities.csv"),
            out: out.clone(),
            ..Default::default()
        };
        run(&opts).unwrap_or_else(|e| panic!("{e}"));
        manifests.push(std::fs::read_to_string(out.join("manifest.json")).unwrap_or_default());
        if k == 0 {
            for name in ["gep_total.csv", "gep_by_category.csv", "gep_by_class.csv"] {
                let got = std::fs::read_to_string(out.join(name)).unwrap_or_default();
                let snap = fixture("ganzi2017/snapshots").join(name);
                if std::env::var_os("ECOCAP_BLESS").is_some() {
                    std::fs::write(&snap, &got).unwrap_or_else(|e| panic!("{e}"));
                }
                let want = std::fs::read_to_string(&snap).unwrap_or_default();
                assert_eq!(got, want, "{name} differs from its snapshot");
            }
        }
    }
    assert_eq!(manifests[0], manifests[1]);
}

#[test]
fn baiyangdian_2011_is_reproduced() {
    // Second published account (江波 et al. 2017, Table 3), with the
    // paper's own prices (fixture prices.csv) and printed precision.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let opts = RunOptions {
        quantities: fixture("baiyangdian2017/quantities.csv"),
        prices: Some(fixture("baiyangdian2017/prices.csv")),
        out: dir.path().join("out"),
        ..Default::default()
    };
    let acc = run(&opts).unwrap_or_else(|e| panic!("{e}")).account;
    let quantities = csv_rows(&fixture("baiyangdian2017/quantities.csv"));
    let mut tol_sum: BTreeMap<String, f64> = BTreeMap::new();
    for e in csv_rows(&fixture("baiyangdian2017/expected.csv")) {
        let published = e[2].parse::<f64>().unwrap_or(f64::NAN) * YI;
        let (computed, tol) = if e[0] == "indicator" {
            let line = acc
                .line("白洋淀", 2011, &e[1])
                .unwrap_or_else(|| panic!("{}", e[1]));
            let q = quantities
                .iter()
                .find(|q| q[2] == e[1])
                .unwrap_or_else(|| panic!("{}", e[1]));
            let qv: f64 = q[3].parse().unwrap_or(f64::NAN);
            // half a printed unit of the quantity, plus half a printed unit (0.005e8) of the value
            let tol = line.value * half_ulp(&q[3]) / qv + 0.005 * YI;
            *tol_sum
                .entry(line.indicator.category.id().to_string())
                .or_default() += tol;
            (line.value, tol)
        } else {
            let c = Category::ALL
                .into_iter()
                .find(|c| c.id() == e[1])
                .unwrap_or(Category::Material);
            (
                acc.category("白洋淀", 2011, c),
                tol_sum.get(&e[1]).copied().unwrap_or(0.0),
            )
        };
        assert!(
            (computed - published).abs() <= tol,
            "{} {}: computed {:.4}e8, published {:.2}e8, allowed ±{:.4}e8",
            e[0],
            e[1],
            computed / YI,
            published / YI,
            tol / YI
        );
    }
    // carbon: 1.66e4 t C × 1320 yuan/t C; the quantity is reported as t CO2
    let c = acc
        .line("白洋淀", 2011, "carbon_sequestration")
        .unwrap_or_else(|| panic!());
    assert!((c.value - 1.66e4 * 1320.0).abs() < 1e-6);
    assert!((c.quantity.unwrap_or(0.0) - 1.66e4 * 44.0 / 12.0).abs() < 1e-6);
}
