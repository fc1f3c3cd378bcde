//! A worked account of our own, hand-checked: one case per method and
//! unit path. Expected values are computed by hand in the comments.

use super::*;
use crate::catalog::Catalog;

fn cat() -> &'static Catalog {
    Catalog::builtin().unwrap_or_else(|e| panic!("{e}"))
}

fn row(ind: &str, q: f64, unit: &str) -> QuantityRow {
    QuantityRow {
        line: 2,
        zone: "z".into(),
        year: 2020,
        indicator: cat().get(ind).unwrap_or_else(|| panic!("{ind}")),
        quantity: q,
        unit: Unit::parse(unit).unwrap_or_else(|e| panic!("{e}")),
    }
}

fn price(v: f64, unit: &str) -> Option<PriceUsed> {
    Some(PriceUsed {
        value: v,
        unit: Unit::parse(unit).unwrap_or_else(|e| panic!("{e}")),
        year: Some(2010),
        origin: PriceOrigin::File {
            path: "p.csv".into(),
            line: 2,
            source: None,
        },
    })
}

fn default_price(ind: &str) -> Option<PriceUsed> {
    let p = cat().get(ind)?.price.as_ref()?;
    price(p.value, &p.unit)
}

fn val(r: &QuantityRow, p: Option<PriceUsed>) -> Valued {
    value_row(r, p, &ParamSet::defaults(cat()), Path::new("q.csv"))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{a} != {b}");
}

#[test]
fn money_input_is_the_value() {
    // 12.2875 亿元 = 1.22875e9 yuan, price year = account year
    let v = val(&row("agriculture", 12.2875, "亿元"), None);
    close(v.value, 1.22875e9);
    assert_eq!(v.price_year, Some(2020));
    assert_eq!(v.quantity_unit, "yuan");
}

#[test]
fn market_and_shadow_project() {
    // 1.5 亿m3 × 7.06 yuan/m3 = 1.059e9
    let v = val(
        &row("water_conservation", 1.5, "亿立方米"),
        default_price("water_conservation"),
    );
    close(v.value, 1.059e9);
    close(v.quantity, 1.5e8);
    // 2e4 t SO2 (万吨) × 1200 = 2.4e7; price in 万元/t: 0.12 万元/t → same
    close(
        val(
            &row("air_purification_so2", 2.0, "万吨"),
            default_price("air_purification_so2"),
        )
        .value,
        2.4e7,
    );
    close(
        val(
            &row("air_purification_so2", 2.0, "万吨"),
            price(0.12, "万元/t"),
        )
        .value,
        2.4e7,
    );
    // 95.3 亿kW·h × 0.53 = 5.0509e9
    close(
        val(
            &row("hydropower", 95.3, "亿kW·h"),
            default_price("hydropower"),
        )
        .value,
        5.0509e9,
    );
}

#[test]
fn sand_fixation_mass_to_area() {
    // 1000 t / (1.28 t/m3 × 0.1 m) = 7812.5 m2 × 3.75 yuan/m2 = 29296.875
    let v = val(
        &row("sand_fixation", 1000.0, "t"),
        default_price("sand_fixation"),
    );
    close(v.value, 29_296.875);
    assert_eq!(v.conversion, Some(Conversion::MassToArea));
    close(v.quantity, 1000.0);
    // price per 亩: 2500 yuan/亩 = 3.75 yuan/m2 → same value
    close(
        val(&row("sand_fixation", 1000.0, "t"), price(2500.0, "元/亩")).value,
        29_296.875,
    );
}

#[test]
fn carbon_c_to_co2_and_back() {
    // 12 t C × 44/12 = 44 t CO2 × 380 = 16720
    let v = val(
        &row("carbon_sequestration", 12.0, "t C"),
        default_price("carbon_sequestration"),
    );
    close(v.value, 16_720.0);
    close(v.quantity, 44.0);
    // 44 t CO2 at 1200 yuan/t C (LY/T 1721) = 12 t C × 1200 = 14400
    close(
        val(
            &row("carbon_sequestration", 44.0, "t CO2"),
            price(1200.0, "yuan/t C"),
        )
        .value,
        14_400.0,
    );
    // unqualified t is read as the canonical t CO2
    close(
        val(
            &row("carbon_sequestration", 1.0, "t"),
            default_price("carbon_sequestration"),
        )
        .value,
        380.0,
    );
}

#[test]
fn soil_retention_paths() {
    // sediment: 1e4 t soil × 0.24 / 0.93 = 2580.645 m3 × 15.58 = 40206.4516
    let v = val(
        &row("soil_retention_sediment", 1.0, "万t soil"),
        default_price("soil_retention_sediment"),
    );
    close(v.value, 1e4 * 0.24 / 0.93 * 15.58);
    // N: 1e4 t soil × 0.37 % = 37 t N × 875 = 32375
    close(
        val(
            &row("soil_retention_n", 1.0, "万t soil"),
            default_price("soil_retention_n"),
        )
        .value,
        32_375.0,
    );
    // N given directly: 37 t × 875
    close(
        val(
            &row("soil_retention_n", 37.0, "t"),
            default_price("soil_retention_n"),
        )
        .value,
        32_375.0,
    );
    // P: 1e4 t soil × 0.108 % = 10.8 t × 2800 = 30240
    close(
        val(
            &row("soil_retention_p", 1e4, "t soil"),
            default_price("soil_retention_p"),
        )
        .value,
        30_240.0,
    );
}

#[test]
fn climate_regulation_paths() {
    // 3.6e9 kJ heat = 1e6 kWh heat, / EER 3 = 333 333.3 kWh × 0.53
    let v = val(
        &row("climate_regulation_transpiration", 3.6e9, "kJ heat"),
        default_price("climate_regulation_transpiration"),
    );
    close(v.value, 1e6 / 3.0 * 0.53);
    // 1 m3 evaporated: 1 t × 2450 J/g = 680.556 kWh, + 120 kWh = 800.556 kWh × 0.53
    let v = val(
        &row("climate_regulation_evaporation", 1.0, "m3"),
        default_price("climate_regulation_evaporation"),
    );
    close(v.value, (2450.0e6 / 3.6e6 + 120.0) * 0.53);
}

#[test]
fn areas_and_visits() {
    // 1 万公顷 × 375 yuan/hm2 = 3.75e6; 15 亩 = 1 hm2 → 375
    close(
        val(
            &row("pest_control_forest", 1.0, "万公顷"),
            default_price("pest_control_forest"),
        )
        .value,
        3.75e6,
    );
    close(
        val(
            &row("pest_control_forest", 15.0, "亩"),
            default_price("pest_control_forest"),
        )
        .value,
        375.0,
    );
    // 1 万人次 × 100 yuan/person-trip = 1e6
    close(
        val(
            &row("recreation", 1.0, "万人次"),
            price(100.0, "yuan/person-trip"),
        )
        .value,
        1e6,
    );
}

#[test]
fn mismatch_names_both_units_and_the_price_origin() {
    let r = row("water_conservation", 1.0, "万吨");
    let e = value_row(
        &r,
        default_price("water_conservation"),
        &ParamSet::defaults(cat()),
        Path::new("q.csv"),
    )
    .map(|_| ())
    .expect_err("must fail")
    .to_string();
    assert!(
        e.contains("'万吨' (mass)") && e.contains("'yuan/m3' (money per volume)"),
        "{e}"
    );
    assert!(
        e.contains("q.csv: line 2") && e.contains("p.csv line 2"),
        "{e}"
    );
    // t C against a price per t N is not a method conversion
    let r = row("soil_retention_n", 1.0, "t C");
    assert!(value_row(
        &r,
        default_price("soil_retention_n"),
        &ParamSet::defaults(cat()),
        Path::new("q.csv")
    )
    .is_err());
}

#[test]
fn missing_price_is_an_error() {
    let r = row("bioenergy", 1.0, "kWh");
    let e = value_row(&r, None, &ParamSet::defaults(cat()), Path::new("q.csv"))
        .map(|_| ())
        .expect_err("must fail");
    assert!(matches!(e, GepError::MissingPrice { .. }), "{e}");
}

#[test]
fn oxygen_industrial_oxygen_cost() {
    // 2 万t O2 × 727 yuan/t = 1.454e7
    close(
        val(
            &row("oxygen_release", 2.0, "万t O2"),
            default_price("oxygen_release"),
        )
        .value,
        1.454e7,
    );
}

#[test]
fn every_issue_spelling_reaches_a_value() {
    // (indicator, quantity, unit, price, price unit, hand-computed value)
    let cases: &[(&str, f64, &str, f64, &str, f64)] = &[
        ("water_conservation", 1.0, "m3", 7.06, "yuan/m3", 7.06),
        ("water_conservation", 1.0, "1e8 m3", 7.06, "yuan/m3", 7.06e8),
        (
            "water_conservation",
            1.0,
            "10^8 m3",
            7.06,
            "yuan/m3",
            7.06e8,
        ),
        (
            "water_conservation",
            1.0,
            "亿立方米",
            7.06,
            "yuan/m3",
            7.06e8,
        ),
        ("air_purification_so2", 1.0, "t", 1200.0, "yuan/t", 1200.0),
        (
            "air_purification_so2",
            1.0,
            "1e4 t",
            1200.0,
            "yuan/t",
            1.2e7,
        ),
        ("air_purification_so2", 1.0, "万吨", 1200.0, "yuan/t", 1.2e7),
        ("hydropower", 1.0, "kWh", 0.53, "yuan/kWh", 0.53),
        ("hydropower", 1.0, "1e8 kWh", 0.53, "yuan/kWh", 0.53e8),
        ("hydropower", 1.0, "亿千瓦时", 0.53, "yuan/kWh", 0.53e8),
        ("pest_control_forest", 1.0, "hm2", 375.0, "yuan/hm2", 375.0),
        ("pest_control_forest", 1.0, "ha", 375.0, "yuan/hm2", 375.0),
        (
            "pest_control_forest",
            1.0,
            "1e4 hm2",
            375.0,
            "yuan/hm2",
            3.75e6,
        ),
        (
            "pest_control_forest",
            1.0,
            "万公顷",
            375.0,
            "yuan/hm2",
            3.75e6,
        ),
        ("pest_control_forest", 15.0, "亩", 375.0, "yuan/hm2", 375.0),
        (
            "pest_control_forest",
            1.0,
            "km2",
            375.0,
            "yuan/hm2",
            37_500.0,
        ),
        (
            "pest_control_forest",
            1.0,
            "hm2",
            375.0,
            "1e4 yuan/hm2",
            3.75e6,
        ),
        ("pest_control_forest", 1.0, "hm2", 375.0, "万元/hm2", 3.75e6),
        (
            "pest_control_forest",
            1.0,
            "hm2",
            375.0,
            "1e8 yuan/hm2",
            3.75e10,
        ),
        (
            "pest_control_forest",
            1.0,
            "hm2",
            375.0,
            "亿元/hm2",
            3.75e10,
        ),
        (
            "recreation",
            1.0,
            "person-trips",
            50.0,
            "yuan/person-trip",
            50.0,
        ),
        (
            "recreation",
            1.0,
            "1e4 person-trips",
            50.0,
            "yuan/person-trip",
            5e5,
        ),
        ("recreation", 1.0, "万人次", 50.0, "元/人次", 5e5),
        ("agriculture", 1.0, "yuan", 0.0, "yuan/t", 1.0),
        ("agriculture", 1.0, "1e4 yuan", 0.0, "yuan/t", 1e4),
        ("agriculture", 1.0, "万元", 0.0, "yuan/t", 1e4),
        ("agriculture", 1.0, "1e8 yuan", 0.0, "yuan/t", 1e8),
        ("agriculture", 1.0, "亿元", 0.0, "yuan/t", 1e8),
    ];
    for (ind, qv, qu, pv, pu, expect) in cases {
        let v = val(&row(ind, *qv, qu), price(*pv, pu));
        assert!(
            (v.value - expect).abs() <= 1e-9 * expect.abs(),
            "{ind} {qv} {qu} × {pv} {pu}: {} != {expect}",
            v.value
        );
    }
}

#[test]
fn unqualified_price_takes_the_catalog_substance() {
    // A price "per t" for carbon is per t CO2 (the catalog unit), so a
    // quantity in t C is converted: 12 t C = 44 t CO2 × 380 = 16720.
    close(
        val(
            &row("carbon_sequestration", 12.0, "t C"),
            price(380.0, "yuan/t"),
        )
        .value,
        16_720.0,
    );
    // and soil mass against a bare "per t" price for N is the nutrient path
    close(
        val(
            &row("soil_retention_n", 1e4, "t soil"),
            price(875.0, "yuan/t"),
        )
        .value,
        32_375.0,
    );
}
