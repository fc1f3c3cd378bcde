//! Parsing and conversion tests for [`crate::Unit`]: every spelling the
//! GEP issue lists, and the refusals.

use crate::{Dims, Unit, UnitError};
use proptest::prelude::*;

fn u(s: &str) -> Unit {
    match Unit::parse(s) {
        Ok(u) => u,
        Err(e) => panic!("{s}: {e}"),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1e-300)
}

#[test]
fn every_issue_spelling_parses_with_its_scale() {
    let cases: &[(&str, Dims, f64)] = &[
        ("m3", Dims::VOLUME, 1.0),
        ("1e8 m3", Dims::VOLUME, 1e8),
        ("10^8 m3", Dims::VOLUME, 1e8),
        ("10⁸ m³", Dims::VOLUME, 1e8),
        ("亿立方米", Dims::VOLUME, 1e8),
        ("亿m3", Dims::VOLUME, 1e8),
        ("t", Dims::MASS, 1.0),
        ("1e4 t", Dims::MASS, 1e4),
        ("万吨", Dims::MASS, 1e4),
        ("万t", Dims::MASS, 1e4),
        ("kWh", Dims::ENERGY, 1.0),
        ("1e8 kWh", Dims::ENERGY, 1e8),
        ("亿千瓦时", Dims::ENERGY, 1e8),
        ("亿kW·h", Dims::ENERGY, 1e8),
        ("hm2", Dims::AREA, 1e4),
        ("ha", Dims::AREA, 1e4),
        ("1e4 hm2", Dims::AREA, 1e8),
        ("万公顷", Dims::AREA, 1e8),
        ("万hm²", Dims::AREA, 1e8),
        ("亩", Dims::AREA, 1e4 / 15.0),
        ("km2", Dims::AREA, 1e6),
        ("yuan", Dims::MONEY, 1.0),
        ("1e4 yuan", Dims::MONEY, 1e4),
        ("万元", Dims::MONEY, 1e4),
        ("1e8 yuan", Dims::MONEY, 1e8),
        ("亿元", Dims::MONEY, 1e8),
        ("person-trips", Dims::TRIPS, 1.0),
        ("1e4 person-trips", Dims::TRIPS, 1e4),
        ("万人次", Dims::TRIPS, 1e4),
        ("%", Dims::NONE, 0.01),
        ("m3/a", Dims::VOLUME, 1.0),
    ];
    for (s, d, scale) in cases {
        let x = u(s);
        assert_eq!(x.dims(), *d, "{s}");
        assert!(close(x.scale(), *scale), "{s}: {} != {scale}", x.scale());
    }
}

#[test]
fn prices_are_ratios() {
    let p = u("yuan/m3");
    assert_eq!(p.dims(), Dims::MONEY.div(Dims::VOLUME));
    let p = u("万元/t");
    assert!(close(p.scale(), 1e4));
    assert_eq!(p.dims(), Dims::MONEY.div(Dims::MASS));
    let p = u("元/(kW·h)");
    assert_eq!(p.dims(), Dims::MONEY.div(Dims::ENERGY));
    let p = u("10^4 yuan/t");
    assert!(close(p.scale(), 1e4));
    let p = u("yuan/t CO2");
    assert_eq!(p.qualifier(), Some("CO2"));
    let p = u("元/亩");
    assert!(close(p.scale(), 15.0 / 1e4));
    assert_eq!(
        u("yuan per person-trip").dims(),
        Dims::MONEY.div(Dims::TRIPS)
    );
}

#[test]
fn qualifiers() {
    assert_eq!(u("t C").qualifier(), Some("C"));
    assert_eq!(u("tCO2").qualifier(), Some("CO2"));
    assert_eq!(u("t CO₂").qualifier(), Some("CO2"));
    assert_eq!(u("万t C").qualifier(), Some("C"));
    assert!(close(u("万t C").scale(), 1e4));
    assert_eq!(u("Tg C").qualifier(), Some("C"));
    assert_eq!(u("kJ heat").qualifier(), Some("heat"));
    // qualifiers only on masses (and heat on energy)
    assert!(Unit::parse("m C").is_err());
    // different substances never convert
    assert!(u("t C").convert(1.0, &u("t CO2")).is_err());
    // soil and heat are never implied
    assert!(u("t soil").convert(1.0, &u("t")).is_err());
    assert!(u("kWh").convert(1.0, &u("kWh heat")).is_err());
    // unqualified meets qualified
    assert!(close(
        u("万吨").convert(1.0, &u("t CO2")).unwrap_or(0.0),
        1e4
    ));
}

#[test]
fn conversions() {
    assert!(close(
        u("亿立方米").convert(2.43, &u("m3")).unwrap_or(0.0),
        2.43e8
    ));
    assert!(close(u("亩").convert(15.0, &u("hm2")).unwrap_or(0.0), 1.0));
    assert!(close(
        u("km2").convert(1.0, &u("亩")).unwrap_or(0.0),
        1500.0
    ));
    assert!(close(u("MJ").convert(3.6, &u("kWh")).unwrap_or(0.0), 1.0));
    assert!(close(
        u("亿元").convert(1.0, &u("万元")).unwrap_or(0.0),
        1e4
    ));
}

#[test]
fn mismatch_names_both_units() {
    let e = u("万吨").convert(1.0, &u("m3"));
    match e {
        Err(UnitError::Mismatch { from, to, .. }) => {
            assert_eq!(from, "万吨");
            assert_eq!(to, "m3");
        }
        other => panic!("{other:?}"),
    }
    let msg = u("t").factor_to(&u("m2")).map_err(|e| e.to_string());
    assert_eq!(
        msg,
        Err("unit 't' (mass) cannot be converted to 'm2' (area)".to_string())
    );
}

#[test]
fn unknown_units_suggest() {
    match Unit::parse("hm3") {
        Err(UnitError::Unknown { suggestion, .. }) => assert!(suggestion.is_some()),
        other => panic!("{other:?}"),
    }
    for bad in ["", "furlong", "1e8", "亿", "yuan/", "/m3", "0 t", "1e999 t"] {
        assert!(Unit::parse(bad).is_err(), "{bad} should fail");
    }
}

proptest! {
    #[test]
    fn round_trip_through_base(v in 1e-6f64..1e12, e in 0i32..9) {
        let big = u(&format!("1e{e} m3"));
        let base = u("m3");
        let there = big.convert(v, &base).unwrap_or(f64::NAN);
        let back = base.convert(there, &big).unwrap_or(f64::NAN);
        prop_assert!((back - v).abs() <= 1e-9 * v);
    }
}
