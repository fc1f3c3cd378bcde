//! Tests of the shipped and user class mappings.

use super::*;
use crate::equivalent::{EquivalentTable, ResolvedType};
use crate::error::ParamsError;

#[test]
fn every_builtin_mapping_references_valid_xie2015_ids() {
    let xie = EquivalentTable::xie2015().unwrap();
    for name in builtin_mapping_names() {
        let m = ClassMapping::builtin(name).unwrap();
        m.validate(&xie).unwrap();
        assert!(!m.notes.is_empty(), "{name}: source notes kept");
        for e in &m.entries {
            assert!(e.code.is_some(), "{name}: codes are integers");
            assert!(
                !e.label_en.is_empty() && !e.label_cn.is_empty(),
                "{name} {}",
                e.class
            );
            assert!(
                !e.note.is_empty(),
                "{name} {}: every choice is explained",
                e.class
            );
        }
        // The same mapping works with the level-1 tables.
        for old in ["xie2008", "xie2003"] {
            m.validate(&EquivalentTable::builtin(old).unwrap()).unwrap();
        }
    }
}

#[test]
fn builtin_code_lists_are_complete() {
    let codes = |n: &str| ClassMapping::builtin(n).unwrap().codes();
    assert_eq!(codes("clcd"), (1..=9).collect::<Vec<_>>());
    let mut c = codes("cnlucc");
    c.sort_unstable();
    let mut expected: Vec<i64> = (1..=6).collect();
    expected.extend([
        11, 12, 21, 22, 23, 24, 31, 32, 33, 41, 42, 43, 44, 45, 46, 51, 52, 53,
    ]);
    expected.extend(61..=67);
    expected.sort_unstable();
    assert_eq!(c, expected);
    assert_eq!(
        codes("globeland30"),
        (1..=10).map(|i| i * 10).collect::<Vec<_>>()
    );
    assert_eq!(
        codes("worldcover"),
        vec![10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 100]
    );
    assert_eq!(codes("igbp"), (1..=17).collect::<Vec<_>>());
}

#[test]
fn resolve_codes_for_rasters() {
    let xie = EquivalentTable::xie2015().unwrap();
    let codes = ClassMapping::builtin("clcd")
        .unwrap()
        .resolve_codes(&xie)
        .unwrap();
    assert_eq!(codes.len(), 9);
    let (code, r) = &codes[7];
    assert_eq!((*code, r), (8, &ResolvedType::Zero));
    assert_eq!(codes[0].1.index(), xie.type_index("dry_land"));
}

#[test]
fn key_choices() {
    let clcd = ClassMapping::builtin("clcd").unwrap();
    assert_eq!(clcd.lookup(1).unwrap().ecosystem_type, "dry_land");
    assert_eq!(clcd.lookup(8).unwrap().ecosystem_type, "none");
    assert_eq!(clcd.lookup(0), None, "no-data codes are never mapped");
    let cn = ClassMapping::builtin("cnlucc").unwrap();
    assert_eq!(cn.lookup(11).unwrap().ecosystem_type, "paddy");
    assert_eq!(cn.lookup(12).unwrap().ecosystem_type, "dry_land");
    assert_eq!(cn.lookup_class("64").unwrap().ecosystem_type, "wetland");
    let igbp = ClassMapping::builtin("igbp").unwrap();
    assert_eq!(
        igbp.lookup(5).unwrap().ecosystem_type,
        "mixed_needle_broadleaf"
    );
    assert_eq!(igbp.lookup(255), None);
    let e = ClassMapping::builtin("clcdd").unwrap_err();
    assert!(e.to_string().contains("did you mean `clcd`?"), "{e}");
}

#[test]
fn user_mapping_with_labels_and_names() {
    let m = ClassMapping::from_csv_text(
        "Class,Ecosystem_Type,label\n耕地,Paddy,rice\n1.0,none,built\n",
        "u.csv",
    )
    .unwrap();
    assert_eq!(m.lookup_class(" 耕地 ").unwrap().ecosystem_type, "paddy");
    assert_eq!(m.lookup_class("1").unwrap().ecosystem_type, "none");
    assert_eq!(m.lookup(1).unwrap().label_en, "built");
    m.validate(&EquivalentTable::xie2015().unwrap()).unwrap();
    let xie2008 = EquivalentTable::builtin("xie2008").unwrap();
    m.validate(&xie2008).unwrap();
    assert!(matches!(
        xie2008.resolve_type("paddy").unwrap(),
        ResolvedType::Row { .. }
    ));
}

#[test]
fn user_mapping_unknown_types_listed_with_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.csv");
    std::fs::write(
        &path,
        "class,ecosystem_type\n1,dryland\n2,broadleaf\n3,grass\n4,qqqqqqqqqq\n",
    )
    .unwrap();
    let e = ClassMapping::from_csv_file(&path, &EquivalentTable::xie2015().unwrap()).unwrap_err();
    let ParamsError::UnknownTypesInMapping { rows, .. } = &e else {
        panic!("{e}")
    };
    assert_eq!(
        rows.iter().map(|r| r.line).collect::<Vec<_>>(),
        vec![2, 4, 5]
    );
    let msg = e.to_string();
    assert!(msg.contains("map.csv"), "{msg}");
    assert!(
        msg.contains(
            "line 2: class `1` -> unknown ecosystem type `dryland`; did you mean `dry_land`?"
        ),
        "{msg}"
    );
    assert!(
        msg.contains("line 5: class `4` -> unknown ecosystem type `qqqqqqqqqq`; no close match"),
        "{msg}"
    );
    assert!(msg.contains("hint:"), "{msg}");
}

#[test]
fn user_mapping_gbk_and_structural_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gbk.csv");
    let (bytes, _, _) =
        encoding_rs::GBK.encode("类别名,class,ecosystem_type\n水田,11,paddy\n旱地,12,dry_land\n");
    std::fs::write(&path, &bytes).unwrap();
    let m = ClassMapping::from_csv_file(&path, &EquivalentTable::xie2015().unwrap()).unwrap();
    assert_eq!(m.provenance.encoding.as_str(), "GB18030");
    assert_eq!(m.lookup(11).unwrap().ecosystem_type, "paddy");

    let e = ClassMapping::from_csv_text("class,type\n1,none\n", "t.csv").unwrap_err();
    assert!(e.to_string().contains("`ecosystem_type`"), "{e}");
    let e = ClassMapping::from_csv_text("clas,ecosystem_type\n1,none\n", "t.csv").unwrap_err();
    assert!(e.to_string().contains("did you mean `clas`?"), "{e}");
    let e = ClassMapping::from_csv_text("class,ecosystem_type\n1,none\n01,paddy\n", "t.csv")
        .unwrap_err();
    assert!(
        matches!(
            e,
            ParamsError::DuplicateKey {
                line: 3,
                first_line: 2,
                ..
            }
        ),
        "{e}"
    );
    let e = ClassMapping::from_csv_text("class,ecosystem_type\n1,\n", "t.csv").unwrap_err();
    assert!(matches!(e, ParamsError::EmptyCell { line: 2, .. }), "{e}");
}

#[test]
fn validate_against_unit_value_ids() {
    let uv = crate::UnitValueTable::builtin("costanza2014").unwrap();
    let m = ClassMapping::from_csv_text(
        "class,ecosystem_type\n1,cropland\n2,tropical_forest\n3,cropland_x\n",
        "c.csv",
    )
    .unwrap();
    let e = m
        .validate_ids(&uv.accepted_type_ids(), &uv.name, "...")
        .unwrap_err();
    assert!(e.to_string().contains("did you mean `cropland`?"), "{e}");
}
