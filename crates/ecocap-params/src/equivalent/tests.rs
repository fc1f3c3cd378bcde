//! Tests of the shipped equivalent tables.

use super::builtin::builtin_equivalent_names;
use super::table::EquivalentTable;
use crate::service::ServiceGroup;

/// Published row sums are rounded to 2 decimals; the coefficients
/// are too, so the sums must agree within one rounding step.
const ROW_SUM_TOLERANCE: f64 = 0.011;

#[test]
fn every_builtin_parses_with_row_sums() {
    for name in builtin_equivalent_names() {
        let t = EquivalentTable::builtin(name).unwrap();
        assert_eq!(t.name, name);
        assert!(!t.notes.is_empty(), "{name}: source notes kept");
        assert_eq!(t.row(0).len(), t.services.len());
        assert_eq!(t.coefficients.len(), t.types.len() * t.services.len());
        for (i, ty) in t.types.iter().enumerate() {
            let published = ty.published_row_sum.unwrap();
            let sum = t.row_sum(i);
            assert!(
                (sum - published).abs() <= ROW_SUM_TOLERANCE,
                "{name}/{}: computed {sum} vs published {published}",
                ty.id
            );
        }
    }
}

#[test]
fn xie2015_shape_and_known_values() {
    let t = EquivalentTable::xie2015().unwrap();
    assert_eq!(t.types.len(), 14);
    assert_eq!(t.services.len(), 11);
    assert!(t.level2);
    let paddy = t.type_index("paddy").unwrap();
    let water = t.service_index("water_supply").unwrap();
    assert_eq!(t.coefficient(paddy, water), Some(-2.63));
    let ws = t.type_index("water_system").unwrap();
    let hydro = t.service_index("hydrological_regulation").unwrap();
    assert_eq!(t.coefficient(ws, hydro), Some(102.24));
    assert_eq!(t.types[ws].level1_id, "water");
    assert_eq!(t.types[ws].name_cn, "水系");
    let groups: Vec<ServiceGroup> = t.services.iter().map(|s| s.group).collect();
    assert_eq!(
        groups
            .iter()
            .filter(|g| **g == ServiceGroup::Provisioning)
            .count(),
        3
    );
    assert_eq!(
        groups
            .iter()
            .filter(|g| **g == ServiceGroup::Regulating)
            .count(),
        4
    );
    assert_eq!(
        groups
            .iter()
            .filter(|g| **g == ServiceGroup::Supporting)
            .count(),
        3
    );
    assert_eq!(
        groups
            .iter()
            .filter(|g| **g == ServiceGroup::Cultural)
            .count(),
        1
    );
}

#[test]
fn xie2015_single_source_rows_are_flagged() {
    let t = EquivalentTable::xie2015().unwrap();
    let mut ids: Vec<&str> = t.unverified_types().iter().map(|r| r.id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(ids, vec!["glacier_snow", "meadow", "needleleaf", "steppe"]);
    for ty in t.unverified_types() {
        assert!(ty
            .verification
            .reason
            .as_deref()
            .unwrap_or("")
            .contains("single source"));
    }
    let w = t
        .verification_warning(&["dry_land", "steppe", "none"])
        .unwrap();
    assert!(w.contains("`steppe`") && w.contains("single source"), "{w}");
    assert!(!w.contains("dry_land"));
    assert_eq!(t.verification_warning(&["dry_land", "paddy"]), None);
}

#[test]
fn level1_tables() {
    for name in ["xie2008", "xie2003"] {
        let t = EquivalentTable::builtin(name).unwrap();
        assert_eq!(
            t.type_ids(),
            vec![
                "forest",
                "grassland",
                "farmland",
                "wetland",
                "water",
                "desert_unused"
            ]
        );
        assert_eq!(t.services.len(), 9);
        assert!(
            t.unverified_types().is_empty(),
            "{name}: all rows have >= 2 sources"
        );
        assert!(!t.level2);
    }
    let t = EquivalentTable::builtin("xie2003").unwrap();
    let farm = t.type_index("farmland").unwrap();
    let food = t.service_index("food_production").unwrap();
    assert_eq!(
        t.coefficient(farm, food),
        Some(1.0),
        "Xie 2003: farmland food = 1"
    );
    let t = EquivalentTable::builtin("xie2008").unwrap();
    assert!(t.service_index("hydrological_regulation").is_ok());
}

#[test]
fn unknown_table_suggests() {
    let e = EquivalentTable::builtin("xie2051").unwrap_err();
    assert!(e.to_string().contains("did you mean `xie2015`?"), "{e}");
}

#[test]
fn unknown_service_suggests() {
    let t = EquivalentTable::xie2015().unwrap();
    let e = t.service_index("food").unwrap_err();
    assert!(e.to_string().contains("`food_production`"), "{e}");
}
