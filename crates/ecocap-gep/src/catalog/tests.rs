use super::*;

const ISSUE_IDS: &[&str] = &[
    "agriculture",
    "forestry",
    "livestock",
    "fishery",
    "medicinal",
    "raw_materials",
    "water_supply_domestic",
    "water_supply_industrial",
    "water_supply_agricultural",
    "hydropower",
    "bioenergy",
    "water_conservation",
    "soil_retention_sediment",
    "soil_retention_n",
    "soil_retention_p",
    "sand_fixation",
    "flood_regulation_lake",
    "flood_regulation_reservoir",
    "flood_regulation_marsh",
    "carbon_sequestration",
    "oxygen_release",
    "air_purification_so2",
    "air_purification_nox",
    "air_purification_dust",
    "water_purification_cod",
    "water_purification_nh3n",
    "water_purification_tn",
    "water_purification_tp",
    "climate_regulation_transpiration",
    "climate_regulation_evaporation",
    "pest_control_forest",
    "pest_control_grassland",
    "recreation",
];

fn cat() -> &'static Catalog {
    match Catalog::builtin() {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn builtin_catalog_is_valid_and_complete() {
    let c = cat();
    for id in ISSUE_IDS {
        assert!(c.get(id).is_some(), "missing indicator {id}");
    }
}

#[test]
fn every_ganzi_price_is_in_the_catalog() {
    // The "reproduced" rows of gep_prices.csv, by indicator.
    let expect: &[(&str, f64, &str)] = &[
        ("water_supply_domestic", 2.6, "yuan/m3"),
        ("water_supply_industrial", 3.6, "yuan/m3"),
        ("water_supply_agricultural", 0.07, "yuan/m3"),
        ("hydropower", 0.53, "yuan/kWh"),
        ("water_conservation", 7.06, "yuan/m3"),
        ("flood_regulation_lake", 7.06, "yuan/m3"),
        ("soil_retention_sediment", 15.58, "yuan/m3"),
        ("soil_retention_n", 875.0, "yuan/t N"),
        ("soil_retention_p", 2800.0, "yuan/t P"),
        ("sand_fixation", 3.75, "yuan/m2"),
        ("air_purification_so2", 1200.0, "yuan/t"),
        ("air_purification_nox", 630.0, "yuan/t"),
        ("air_purification_dust", 150.0, "yuan/t"),
        ("water_purification_cod", 700.0, "yuan/t"),
        ("water_purification_nh3n", 875.0, "yuan/t"),
        ("carbon_sequestration", 380.0, "yuan/t CO2"),
        ("oxygen_release", 727.0, "yuan/t O2"),
        ("climate_regulation_transpiration", 0.53, "yuan/kWh"),
        ("pest_control_forest", 375.0, "yuan/hm2"),
        ("pest_control_grassland", 112.5, "yuan/hm2"),
    ];
    for (id, v, u) in expect {
        let p = cat().get(id).and_then(|i| i.price.as_ref());
        let p = p.unwrap_or_else(|| panic!("{id} has no price"));
        assert_eq!(p.value, *v, "{id}");
        assert_eq!(p.unit, *u, "{id}");
        assert_eq!(p.year, Some(2010), "{id}");
        assert_eq!(p.verification, "reproduced", "{id}");
    }
}

#[test]
fn suggestions() {
    assert_eq!(
        cat().suggest("water_conservaton").as_deref(),
        Some("water_conservation")
    );
    assert_eq!(
        cat().suggest("固碳").as_deref(),
        Some("carbon_sequestration")
    );
    assert!(cat().get("WATER_CONSERVATION").is_some());
}

#[test]
fn broken_catalogs_are_refused() {
    let bad = r#"
version = "x"
[sources.a]
citation = "a"
[services]
s = { zh = "s", en = "s" }
[[indicator]]
id = "q"
zh = "q"
en = "q"
service = "nope"
category = "material"
seea = "provisioning"
mea = "provisioning"
unit = "m3"
method = "market_value"
formula = "V"
price = { value = 1, unit = "yuan/t", year = 2010, source = "zz" }
"#;
    let e = Catalog::parse(bad, "indicator_a,indicator_b,reason,source\nq,zz,r,s\n");
    let msg = e.map(|_| ()).map_err(|e| e.to_string());
    let msg = msg.err().unwrap_or_default();
    assert!(msg.contains("unknown service"), "{msg}");
    assert!(msg.contains("does not meet canonical unit"), "{msg}");
    assert!(msg.contains("price source 'zz' unknown"), "{msg}");
    assert!(msg.contains("unknown indicator 'zz'"), "{msg}");
}

#[test]
fn renders_every_format() {
    for f in [
        CatalogFormat::Text,
        CatalogFormat::Markdown,
        CatalogFormat::Csv,
        CatalogFormat::Json,
    ] {
        let s = render_catalog(cat(), f).unwrap_or_default();
        assert!(s.contains("water_conservation"), "{f:?}");
        assert!(s.contains("水源涵养") || f == CatalogFormat::Csv && s.contains("水源涵养"));
    }
    let text = render_catalog(cat(), CatalogFormat::Text).unwrap_or_default();
    assert!(text.contains("白玛卓嘎"));
}
