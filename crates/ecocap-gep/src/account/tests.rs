//! Account-level tests: roll-up, deflation, double counting, GEP/GDP,
//! year-on-year. Numbers are hand-checked in the comments.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ecocap_units::Unit;

use super::*;

fn cat() -> &'static Catalog {
    Catalog::builtin().unwrap_or_else(|e| panic!("{e}"))
}

fn q(line: u64, zone: &str, year: i32, ind: &str, v: f64, unit: &str) -> QuantityRow {
    QuantityRow {
        line,
        zone: zone.into(),
        year,
        indicator: cat().get(ind).unwrap_or_else(|| panic!("{ind}")),
        quantity: v,
        unit: Unit::parse(unit).unwrap_or_else(|e| panic!("{e}")),
    }
}

fn inputs<'a>(
    qs: &'a [QuantityRow],
    params: &'a ParamSet,
    gdp: &'a BTreeMap<(String, i32), f64>,
) -> AccountInputs<'a> {
    AccountInputs {
        catalog: cat(),
        quantities: qs,
        quantities_path: Path::new("q.csv"),
        prices: &[],
        prices_path: None,
        params,
        index: None,
        target_year: None,
        gdp,
        hierarchy: None,
    }
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{a} != {b}");
}

#[test]
fn roll_up_village_to_county_with_categories() {
    // v1: 1e6 m3 water conservation × 7.06 = 7.06e6 (regulating)
    // v2: 2e6 m3 × 7.06 = 14.12e6; agriculture 3 万元 = 3e4 (material)
    // county = 21.18e6 regulating + 3e4 material = 21.21e6
    let qs = vec![
        q(2, "v1", 2020, "water_conservation", 100.0, "万m3"),
        q(3, "v2", 2020, "water_conservation", 2e6, "m3"),
        q(4, "v2", 2020, "agriculture", 3.0, "万元"),
    ];
    let params = ParamSet::defaults(cat());
    let gdp = [(("county".to_string(), 2020), 1e7)].into_iter().collect();
    let h = Hierarchy::from_pairs(&[("v1", "town"), ("v2", "town"), ("town", "county")])
        .unwrap_or_else(|e| panic!("{e}"));
    let mut inp = inputs(&qs, &params, &gdp);
    inp.hierarchy = Some(&h);
    let a = compute(&inp).unwrap_or_else(|e| panic!("{e}"));
    let c = a
        .zone_year("county", 2020)
        .unwrap_or_else(|| panic!("no county"));
    close(c.gep, 21.21e6);
    close(a.category("county", 2020, Category::Regulating), 21.18e6);
    close(a.category("town", 2020, Category::Material), 3e4);
    close(c.gep_gdp_ratio().unwrap_or(0.0), 2.121);
    let wc = a
        .line("county", 2020, "water_conservation")
        .unwrap_or_else(|| panic!());
    close(wc.quantity.unwrap_or(0.0), 3e6);
    assert_eq!(wc.rolled_from, 2);
    // roots first in totals
    assert_eq!(a.zone_years[0].zone, "county");
}

#[test]
fn deflation_current_and_comparable() {
    // 1e6 m3 × 7.06 (2010 prices) = 7.06e6 in 2010 prices.
    // index 2010 = 100, 2020 = 150, 2021 = 160; target 2010.
    // 2020: current = 7.06e6 × 1.5 = 10.59e6; comparable(2010) = 7.06e6
    // 2021: 1.1e6 m3 → comparable 7.766e6; current 7.766e6 × 1.6 = 12.4256e6
    // growth comparable = 10 %; current = 12.4256/10.59 − 1 = 17.333 %
    let qs = vec![
        q(2, "z", 2020, "water_conservation", 1e6, "m3"),
        q(3, "z", 2021, "water_conservation", 1.1e6, "m3"),
    ];
    let params = ParamSet::defaults(cat());
    let gdp = BTreeMap::new();
    let idx = PriceIndex {
        path: PathBuf::from("idx.csv"),
        values: [(2010, 100.0), (2020, 150.0), (2021, 160.0)]
            .into_iter()
            .collect(),
    };
    let mut inp = inputs(&qs, &params, &gdp);
    inp.index = Some(&idx);
    inp.target_year = Some(2010);
    let a = compute(&inp).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.basis, ValueBasis::Comparable(2010));
    let z20 = a.zone_year("z", 2020).unwrap_or_else(|| panic!());
    close(z20.gep, 7.06e6);
    close(z20.gep_current, 10.59e6);
    let y = &a.yoy[0];
    close(y.growth.unwrap_or(0.0), 0.10);
    close(y.growth_current.unwrap_or(0.0), 12.4256 / 10.59 - 1.0);
    assert_eq!(a.deflators.len(), 3);
}

#[test]
fn missing_index_year_and_missing_price_year() {
    let qs = vec![
        q(2, "z", 2020, "water_conservation", 1e6, "m3"),
        q(3, "z", 2020, "water_purification_tn", 1.0, "t"),
    ];
    let params = ParamSet::defaults(cat());
    let gdp = BTreeMap::new();
    let idx = PriceIndex {
        path: PathBuf::from("idx.csv"),
        values: [(2020, 150.0)].into_iter().collect(),
    };
    let mut inp = inputs(&qs, &params, &gdp);
    inp.index = Some(&idx);
    inp.target_year = Some(2020);
    let e = compute(&inp)
        .map(|_| ())
        .expect_err("must fail")
        .to_string();
    assert!(
        e.contains("no price index for year 2010") && e.contains("idx.csv"),
        "{e}"
    );
    assert!(
        e.contains("water_purification_tn") && e.contains("no price year"),
        "{e}"
    );
    // index without a target year is a usage error
    inp.target_year = None;
    assert!(matches!(compute(&inp), Err(GepError::Usage(_))));
}

#[test]
fn double_counting_warns_and_excludes() {
    let qs = vec![
        q(2, "z", 2020, "water_conservation", 1e6, "m3"),
        q(3, "z", 2020, "water_supply_domestic", 1e5, "m3"),
    ];
    let mut params = ParamSet::defaults(cat());
    let gdp = BTreeMap::new();
    let a = compute(&inputs(&qs, &params, &gdp)).unwrap_or_else(|e| panic!("{e}"));
    assert!(a
        .warnings
        .iter()
        .any(|w| w.contains("double counting") && w.contains("both are counted")));
    close(
        a.zone_year("z", 2020).map_or(0.0, |z| z.gep),
        7.06e6 + 2.6e5,
    );
    params.exclude.push("water_supply_domestic".into());
    let a = compute(&inputs(&qs, &params, &gdp)).unwrap_or_else(|e| panic!("{e}"));
    close(a.zone_year("z", 2020).map_or(0.0, |z| z.gep), 7.06e6);
    assert!(a
        .warnings
        .iter()
        .any(|w| w.contains("excluded from totals: water_supply_domestic")));
    let l = a
        .line("z", 2020, "water_supply_domestic")
        .unwrap_or_else(|| panic!());
    assert!(!l.counted);
}

#[test]
fn mea_adds_supporting() {
    // soil retention N counts as supporting under MEA (Xie 2015 grouping),
    // regulating under SEEA.
    let qs = vec![q(2, "z", 2020, "soil_retention_n", 10.0, "t")];
    let params = ParamSet::defaults(cat());
    let gdp = BTreeMap::new();
    let a = compute(&inputs(&qs, &params, &gdp)).unwrap_or_else(|e| panic!("{e}"));
    close(a.mea("z", 2020, ServiceClass::Supporting), 8750.0);
    let z = a.zone_year("z", 2020).unwrap_or_else(|| panic!());
    close(
        z.seea
            .get(&ServiceClass::Regulating)
            .copied()
            .unwrap_or(0.0),
        8750.0,
    );
}

#[test]
fn all_row_errors_are_reported_together() {
    let qs = vec![
        q(2, "z", 2020, "water_conservation", 1.0, "t"),
        q(3, "z", 2020, "bioenergy", 1.0, "kWh"),
    ];
    let params = ParamSet::defaults(cat());
    let gdp = BTreeMap::new();
    match compute(&inputs(&qs, &params, &gdp)) {
        Err(GepError::Many(v)) => assert_eq!(v.len(), 2),
        other => panic!("{other:?}"),
    }
}

#[test]
fn typo_zones_are_warned() {
    use crate::inputs::PriceRow;
    let qs = vec![
        q(2, "v1", 2020, "water_conservation", 1.0, "m3"),
        q(3, "vx", 2020, "water_conservation", 1.0, "m3"),
    ];
    let params = ParamSet::defaults(cat());
    let gdp = BTreeMap::new();
    let h = Hierarchy::from_pairs(&[("v1", "county")]).unwrap_or_else(|e| panic!("{e}"));
    let prices = vec![PriceRow {
        line: 2,
        indicator: "water_conservation".into(),
        zone: Some("v9".into()),
        year: None,
        price: 1.0,
        unit: Unit::parse("yuan/m3").unwrap_or_else(|e| panic!("{e}")),
        price_year: Some(2020),
        source: None,
    }];
    let mut inp = inputs(&qs, &params, &gdp);
    inp.hierarchy = Some(&h);
    inp.prices = &prices;
    inp.prices_path = Some(Path::new("p.csv"));
    let a = compute(&inp).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        a.warnings
            .iter()
            .any(|w| w.contains("p.csv: line 2") && w.contains("zone 'v9'")),
        "{:?}",
        a.warnings
    );
    assert!(
        a.warnings
            .iter()
            .any(|w| w.contains("zone 'vx'") && w.contains("not in the hierarchy")),
        "{:?}",
        a.warnings
    );
}

proptest::proptest! {
    /// Roll-up conserves money: the root total equals the sum of all own
    /// rows, whatever the tree and the values.
    #[test]
    fn roll_up_conserves_value(values in proptest::collection::vec(0.0f64..1e9, 1..12), fan in 1usize..4) {
        let qs: Vec<QuantityRow> = values
            .iter()
            .enumerate()
            .map(|(i, v)| q(i as u64 + 2, &format!("v{i}"), 2020, "water_conservation", *v, "m3"))
            .collect();
        let pairs: Vec<(String, String)> = (0..values.len())
            .map(|i| (format!("v{i}"), format!("t{}", i / fan)))
            .chain((0..values.len()).map(|i| (format!("t{}", i / fan), "root".to_string())))
            .collect();
        let refs: Vec<(&str, &str)> = pairs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let h = Hierarchy::from_pairs(&refs).unwrap_or_else(|e| panic!("{e}"));
        let params = ParamSet::defaults(cat());
        let gdp = BTreeMap::new();
        let mut inp = inputs(&qs, &params, &gdp);
        inp.hierarchy = Some(&h);
        let a = compute(&inp).unwrap_or_else(|e| panic!("{e}"));
        let expect: f64 = values.iter().map(|v| v * 7.06).sum();
        let root = a.zone_year("root", 2020).map_or(f64::NAN, |z| z.gep);
        proptest::prop_assert!((root - expect).abs() <= 1e-9 * expect.max(1.0));
    }
}

/// Issue 11: GEP/GDP needs GEP at the account year's prices. 10⁸ m³ at
/// 7.06 yuan/m³ (2010 prices), account year 2020, GDP 10⁹ yuan, index
/// 2010 = 100, 2020 = 130: GEP current = 7.06e8 × 1.3 = 9.178e8, ratio 0.9178.
/// Without the index the ratio (0.706) is kept but warned about.
#[test]
fn gep_gdp_needs_a_price_index() {
    let qs = vec![q(2, "z", 2020, "water_conservation", 1e8, "m3")];
    let params = ParamSet::defaults(cat());
    let gdp = [(("z".to_string(), 2020), 1e9)].into_iter().collect();
    let idx = PriceIndex {
        path: PathBuf::from("idx.csv"),
        values: [(2010, 100.0), (2020, 130.0)].into_iter().collect(),
    };
    let mut inp = inputs(&qs, &params, &gdp);
    inp.index = Some(&idx);
    inp.target_year = Some(2020);
    let a = compute(&inp).unwrap_or_else(|e| panic!("{e}"));
    let z = a.zone_year("z", 2020).unwrap_or_else(|| panic!());
    close(z.gep_gdp_ratio().unwrap_or(0.0), 0.9178);
    assert!(
        !a.warnings.iter().any(|w| w.contains("GEP/GDP")),
        "{:?}",
        a.warnings
    );
    let a = compute(&inputs(&qs, &params, &gdp)).unwrap_or_else(|e| panic!("{e}"));
    let z = a.zone_year("z", 2020).unwrap_or_else(|| panic!());
    close(z.gep_gdp_ratio().unwrap_or(0.0), 0.706);
    assert!(
        a.warnings
            .iter()
            .any(|w| w.contains("GEP/GDP") && w.contains("2010") && w.contains("price index")),
        "{:?}",
        a.warnings
    );
}
