//! End-to-end use of the public API, as the ESV engine and CLI use it.

use ecocap_params::{
    read_text, ClassMapping, CsvTable, EquivalentTable, Origin, ParamsError, Registry,
    ResolvedType, TextEncoding, UnitValueTable,
};

fn gbk(text: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(text).0.into_owned()
}

/// An area table in GBK with a user mapping in UTF-8 with BOM, valued
/// with Xie 2015 at 3406.5 yuan/hm²: the arithmetic an ESV engine does.
#[test]
fn area_table_mapping_and_table_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let areas = dir.path().join("areas.csv");
    std::fs::write(
        &areas,
        gbk("Zone,Year,Class,Area\n县A,2020,耕地,100\n县A,2020,建设用地,50\n县A,2020,水域,10\n"),
    )
    .unwrap();
    let mapping = dir.path().join("mapping.csv");
    let mut m = vec![0xEF, 0xBB, 0xBF];
    m.extend_from_slice(
        "class,ecosystem_type,label\n耕地,paddy,rice\n建设用地,none,\n水域,water_system,\n"
            .as_bytes(),
    );
    std::fs::write(&mapping, m).unwrap();

    let xie = EquivalentTable::xie2015().unwrap();
    let map = ClassMapping::from_csv_file(&mapping, &xie).unwrap();
    assert_eq!(map.provenance.encoding, TextEncoding::Utf8Bom);
    let (t, decoded) = CsvTable::from_path(&areas).unwrap();
    assert_eq!(decoded.encoding, TextEncoding::Gb18030);
    let (c_class, c_area) = (t.column("class").unwrap(), t.column("area").unwrap());
    let mut esv = 0.0;
    for row in &t.rows {
        let entry = map.lookup_class(row.get(c_class)).unwrap();
        let area = t.non_negative_number(row, c_area, "areas in hm²").unwrap();
        let resolved = xie.resolve_type(&entry.ecosystem_type).unwrap();
        let eq: f64 = xie
            .coefficients_for(&resolved)
            .map_or(0.0, |r| r.iter().sum());
        esv += area * eq * 3406.5;
    }
    // paddy 3.89 × 100 + water system 125.61 × 10 equivalents.
    let expected = (3.89 * 100.0 + 125.61 * 10.0) * 3406.5;
    assert!(
        (esv - expected).abs() < 1e-6 * expected,
        "{esv} vs {expected}"
    );
    assert!(matches!(map.provenance.origin, Origin::File(_)));
}

#[test]
fn registry_names_resolve_to_tables() {
    let r = Registry::builtin().unwrap();
    for name in r.names() {
        assert!(r.get(name).is_ok());
        assert!(!r.render_table(name).unwrap().is_empty());
    }
    assert!(r.render_list().lines().count() > 11);
}

#[test]
fn costanza_mode_with_user_mapping() {
    let uv = UnitValueTable::builtin("costanza2014").unwrap();
    let map =
        ClassMapping::from_csv_text("class,ecosystem_type\n1,cropland\n2,urban\n3,none\n", "m")
            .unwrap();
    map.validate_ids(&uv.accepted_type_ids(), &uv.name, "")
        .unwrap();
    assert_eq!(uv.total_for("cropland").unwrap(), 5567.0);
    assert_eq!(uv.total_for("none").unwrap(), 0.0);
}

#[test]
fn user_errors_are_user_errors() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, b"").unwrap();
    let e = read_text(&empty).unwrap_err();
    assert!(e.is_user_error());
    assert!(e.to_string().contains("empty.csv") && e.to_string().contains("hint:"));
    let xie = EquivalentTable::xie2015().unwrap();
    let e: ParamsError = xie.resolve_type("forest").unwrap_err();
    assert!(e.to_string().contains("hint:"));
    assert_eq!(xie.resolve_type("NONE").unwrap(), ResolvedType::Zero);
}
