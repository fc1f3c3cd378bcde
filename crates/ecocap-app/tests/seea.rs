#![allow(clippy::unwrap_used)]
//! The SEEA use case end to end on the demo basin, and its refusals.

use ecocap_app::seea::{run_seea, SeeaOptions};
use ecocap_app::{AppError, NoProgress};
use std::collections::BTreeMap;
use std::path::Path;

fn read_csv(p: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(p).unwrap();
    let h: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records()
        .map(|x| {
            h.iter()
                .cloned()
                .zip(x.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect()
}

/// Parse an exact decimal as millionths (the writers print exact amounts).
fn micro(s: &str) -> i128 {
    let (neg, s) = s.strip_prefix('-').map_or((false, s), |r| (true, r));
    let (w, f) = s.split_once('.').unwrap_or((s, ""));
    let v = w.parse::<i128>().unwrap() * 1_000_000 + format!("{f:0<6}").parse::<i128>().unwrap();
    if neg {
        -v
    } else {
        v
    }
}

#[test]
fn demo_basin_accounts_hold_their_identities() {
    let dir = tempfile::tempdir().unwrap();
    let out = ecocap_app::demo_seea::run_seea_demo(dir.path(), false, &NoProgress).unwrap();
    let seea = dir.path().join("seea");
    for f in [
        "extent_account.csv",
        "extent_change_matrix.csv",
        "condition_variables.csv",
        "condition_indices.csv",
        "condition_zone_index.csv",
        "supply_physical.csv",
        "supply_monetary.csv",
        "use_monetary.csv",
        "memo_intermediate_services.csv",
        "asset_account_monetary.csv",
        "asset_npv_detail.csv",
        "discount_schedule.csv",
        "asset_discount_sensitivity.csv",
        "seea.xlsx",
        "summary.md",
        "summary.html",
        "manifest.json",
    ] {
        assert!(seea.join(f).is_file(), "{f} missing");
    }
    assert!(!std::fs::read_dir(&seea).unwrap().any(|e| e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .starts_with(".ecocap-partial")));
    // extent: closing = opening + additions − reductions, per zone and type (exact)
    let rows = read_csv(&seea.join("extent_account.csv"));
    let types: Vec<String> = out.accounts.extent.types.clone();
    assert!(types.contains(&"broadleaf".to_string()) && types.contains(&"none".to_string()));
    let get = |zone: &str, entry: &str, ty: &str| {
        micro(
            &rows
                .iter()
                .find(|r| r["zone"] == zone && r["entry"] == entry)
                .unwrap()[ty],
        )
    };
    for zone in ["甲县 Jia", "乙县 Yi", "丙县 Bing", "(all zones)"] {
        for t in types.iter().chain(std::iter::once(&"total".to_string())) {
            assert_eq!(
                get(zone, "closing_extent", t),
                get(zone, "opening_extent", t) + get(zone, "total_additions", t)
                    - get(zone, "total_reductions", t),
                "{zone} {t}"
            );
        }
        // town growth is managed expansion of `none` (built-up)
        assert!(get(zone, "additions_managed", "none") >= 0);
    }
    assert!(get("(all zones)", "net_change", "none") > 0);
    assert!(get("(all zones)", "net_change", "dry_land") < 0);
    // change matrix margins
    let m = read_csv(&seea.join("extent_change_matrix.csv"));
    for t in &types {
        let row = m
            .iter()
            .find(|r| r["zone"] == "(all zones)" && r["opening_type"] == *t)
            .unwrap();
        let col: i128 = m
            .iter()
            .filter(|r| r["zone"] == "(all zones)" && r["opening_type"] != "closing_extent")
            .map(|r| micro(&r[t.as_str()]))
            .sum();
        assert_eq!(
            micro(&row["opening_extent"]),
            get("(all zones)", "opening_extent", t)
        );
        assert_eq!(col, get("(all zones)", "closing_extent", t));
    }
    // supply = use for every monetary service row
    for r in read_csv(&seea.join("use_monetary.csv")) {
        assert_eq!(micro(&r["total_use"]), micro(&r["total_supply"]), "{r:?}");
    }
    // asset account reconciles
    let a = read_csv(&seea.join("asset_account_monetary.csv"));
    let v = |zone: &str, e: &str| {
        micro(
            &a.iter()
                .find(|r| r["zone"] == zone && r["entry"] == e)
                .unwrap()["total"],
        )
    };
    for zone in ["甲县 Jia", "(all zones)"] {
        assert_eq!(
            v(zone, "closing_value"),
            v(zone, "opening_value") + v(zone, "enhancement") - v(zone, "degradation")
                + v(zone, "conversions_additions")
                - v(zone, "conversions_reductions")
                + v(zone, "revaluation")
        );
    }
    // NPP rose by 1/0.93 on every type: the condition index improved
    let z = read_csv(&seea.join("condition_zone_index.csv"));
    assert!(
        z.iter()
            .all(|r| r["index_change"].parse::<f64>().unwrap() > 0.0),
        "{z:?}"
    );
    let md = std::fs::read_to_string(seea.join("summary.md")).unwrap();
    assert!(md.contains("生态系统范围账户") && md.contains("Monetary ecosystem asset account"));
    assert!(md.starts_with("# Demo basin 示例流域: SEEA"), "{md}");
    let manifest = std::fs::read_to_string(seea.join("manifest.json")).unwrap();
    assert!(manifest.contains("\"command\": \"seea\"") && manifest.contains("green_book"));
}

fn write_config(dir: &Path, edit: &dyn Fn(String) -> String) -> std::path::PathBuf {
    let inputs = ecocap_app::demo::build_inputs(&dir.join("inputs")).unwrap();
    let text = format!(
        "[extent]\nopening = {:?}\nclosing = {:?}\nopening_year = 2000\nclosing_year = 2020\nmapping = \"clcd\"\n",
        inputs.landcover[0], inputs.landcover[1]
    );
    let p = dir.join("seea.toml");
    std::fs::write(&p, edit(text)).unwrap();
    p
}

fn run_err(dir: &Path, cfg: &Path) -> AppError {
    let out = dir.join("out");
    let e = match run_seea(
        &SeeaOptions {
            config: cfg.to_path_buf(),
            out: out.clone(),
            force: false,
        },
        &NoProgress,
    ) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    };
    assert!(e.is_input_error(), "{e}");
    assert!(e.to_string().contains("hint:"), "{e}");
    if out.exists() {
        assert_eq!(
            std::fs::read_dir(&out).unwrap().count(),
            0,
            "outputs left behind after: {e}"
        );
    }
    e
}

#[test]
fn refusals_name_the_input_and_leave_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // unknown key → nearest
    let cfg = write_config(d, &|t| t.replace("mapping =", "mappnig ="));
    let e = run_err(d, &cfg).to_string();
    assert!(
        e.contains("mappnig") && e.contains("did you mean `mapping`"),
        "{e}"
    );
    // condition variable without reference levels
    let cfg = write_config(d, &|t| {
        t + "[[condition.variable]]\nid = \"npp\"\nclass = \"functional_state\"\nunit = \"g\"\ndirection = \"higher_is_better\"\n"
    });
    let e = run_err(d, &cfg).to_string();
    assert!(e.contains("'npp'") || e.contains("\"npp\""), "{e}");
    assert!(e.contains("no reference levels"), "{e}");
    // discount schedule with a gap
    let alloc = d.join("alloc.csv");
    std::fs::write(&alloc, "service,user,share\n*,households,1\n").unwrap();
    let cfg = write_config(d, &|t| {
        format!("{t}[services]\nfrom = \"esv\"\ntable = \"xie2015\"\nunit_value = 3406.5\nallocation = {alloc:?}\n[asset]\nschedule = \"user\"\nasset_life = 100\n[[asset.segment]]\nfrom = 0\nto = 30\nrate = 0.04\n[[asset.segment]]\nfrom = 40\nrate = 0.03\n")
    });
    let e = run_err(d, &cfg).to_string();
    assert!(
        e.contains("gap") && e.contains("31–39") && e.contains("seea.toml"),
        "{e}"
    );
    // allocation shares not summing to one
    std::fs::write(
        &alloc,
        "service,user,share\n*,households,0.6\n*,government,0.3\n",
    )
    .unwrap();
    let cfg = write_config(d, &|t| {
        format!("{t}[services]\nfrom = \"esv\"\ntable = \"xie2015\"\nunit_value = 3406.5\nallocation = {alloc:?}\n")
    });
    let e = run_err(d, &cfg).to_string();
    assert!(
        e.contains("alloc.csv") && e.contains("0.9") && e.contains("sum to one"),
        "{e}"
    );
}

#[test]
fn different_grids_and_class_schemes_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // closing map on another grid: the DEM stands in (float, 600², same grid) → use a cropped copy
    let inputs = ecocap_app::demo::build_inputs(&d.join("inputs")).unwrap();
    let small = d.join("small.tif");
    let src = gdal::Dataset::open(&inputs.landcover[1]).unwrap();
    let drv = gdal::DriverManager::get_driver_by_name("GTiff").unwrap();
    let mut ds = drv
        .create_with_band_type::<u8, _>(&small, 100, 100, 1)
        .unwrap();
    let mut gt = src.geo_transform().unwrap();
    gt[1] *= 2.0;
    gt[5] *= 2.0;
    ds.set_geo_transform(&gt).unwrap();
    ds.set_projection(&src.projection()).unwrap();
    drop(ds);
    let cfg = write_config(d, &|t| {
        t.replace(&format!("{:?}", inputs.landcover[1]), &format!("{small:?}"))
    });
    let e = run_err(d, &cfg).to_string();
    assert!(e.contains("small.tif"), "{e}");
    // closing map in another class scheme (codes 10..100, WorldCover-like) without closing_mapping
    let other = d.join("other_scheme.tif");
    let drv = gdal::DriverManager::get_driver_by_name("GTiff").unwrap();
    let mut ds = drv
        .create_with_band_type::<u8, _>(&other, 600, 600, 1)
        .unwrap();
    ds.set_geo_transform(&src.geo_transform().unwrap()).unwrap();
    ds.set_projection(&src.projection()).unwrap();
    let mut buf = gdal::raster::Buffer::new((600, 600), vec![50u8; 600 * 600]);
    ds.rasterband(1)
        .unwrap()
        .write((0, 0), (600, 600), &mut buf)
        .unwrap();
    drop(ds);
    let cfg = write_config(d, &|t| {
        t.replace(&format!("{:?}", inputs.landcover[1]), &format!("{other:?}"))
    });
    let e = run_err(d, &cfg).to_string();
    assert!(
        e.contains("other_scheme.tif") && e.contains("50") && e.contains("closing_mapping"),
        "{e}"
    );
}

fn write_u8(path: &Path, like: &Path, f: &dyn Fn(u8) -> u8) {
    let src = gdal::Dataset::open(like).unwrap();
    let data = src.rasterband(1).unwrap().read_band_as::<u8>().unwrap();
    let (w, h) = src.raster_size();
    let drv = gdal::DriverManager::get_driver_by_name("GTiff").unwrap();
    let mut ds = drv.create_with_band_type::<u8, _>(path, w, h, 1).unwrap();
    ds.set_geo_transform(&src.geo_transform().unwrap()).unwrap();
    ds.set_projection(&src.projection()).unwrap();
    let mut band = ds.rasterband(1).unwrap();
    band.set_no_data_value(Some(0.0)).unwrap();
    let mut buf = gdal::raster::Buffer::new((w, h), data.data().iter().map(|v| f(*v)).collect());
    band.write((0, 0), (w, h), &mut buf).unwrap();
}

#[test]
fn gep_table_cause_raster_and_closing_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let inputs = ecocap_app::demo::build_inputs(&d.join("inputs")).unwrap();
    // the closing map in another class scheme (CLCD codes × 10) with its own mapping
    let recoded = d.join("lc2020_x10.tif");
    write_u8(&recoded, &inputs.landcover[1], &|v| v * 10);
    std::fs::write(
        d.join("x10.csv"),
        "class,ecosystem_type\n10,dry_land\n20,broadleaf\n30,shrub\n40,shrub_grass\n50,water_system\n60,glacier_snow\n70,desert\n80,none\n90,wetland\n",
    )
    .unwrap();
    // every change managed
    let cause = d.join("managed.tif");
    write_u8(&cause, &inputs.landcover[0], &|_| 1);
    let mut gep = String::from(
        "zone,year,indicator,category,quantity,quantity_unit,value_yuan,counted,rolled_up_from\n",
    );
    for z in ["甲县 Jia", "乙县 Yi", "丙县 Bing"] {
        for (y, k) in [(2000, 1.0), (2020, 1.1)] {
            gep += &format!(
                "{z},{y},water_conservation,regulating,{},m3,{},true,0\n",
                1000.0 * k,
                500.0 * k
            );
            gep += &format!(
                "{z},{y},carbon_sequestration,regulating,{},t,{},true,0\n",
                20.0 * k,
                3000.0 * k
            );
            gep += &format!(
                "{z},{y},pest_control_forest,regulating,{},ha,{},true,0\n",
                5.0 * k,
                70.0 * k
            );
            gep += &format!("{z},{y},oxygen_release,regulating,9,t,999999,false,0\n");
        }
    }
    gep += "basin,2020,water_conservation,regulating,3300,m3,1650,true,3\n";
    std::fs::write(d.join("gep_by_indicator.csv"), gep).unwrap();
    std::fs::write(
        d.join("alloc.csv"),
        "service,user,share\n*,households,0.7\n*,rest_of_world,0.3\n",
    )
    .unwrap();
    let cfg = d.join("seea.toml");
    std::fs::write(
        &cfg,
        format!(
            "[extent]\nopening = {:?}\nclosing = \"lc2020_x10.tif\"\nopening_year = 2000\nclosing_year = 2020\nmapping = \"clcd\"\nclosing_mapping = \"x10.csv\"\ncause_raster = \"managed.tif\"\n\
             [zones]\npath = {:?}\nfield = \"county\"\n\
             [services]\nfrom = \"table\"\nfile = \"gep_by_indicator.csv\"\nindicators = \"gep\"\nallocation = \"alloc.csv\"\n\
             [asset]\nschedule = \"china8\"\nasset_life = 50\n",
            inputs.landcover[0], inputs.counties
        ),
    )
    .unwrap();
    let out = d.join("out");
    let o = run_seea(
        &SeeaOptions {
            config: cfg,
            out: out.clone(),
            force: false,
        },
        &NoProgress,
    )
    .unwrap();
    let ext = &o.accounts.extent;
    let all = ext.zones.len() - 1;
    let none = ext.type_index("none").unwrap();
    let e = ext.entries(all, none);
    assert!(e.additions[0] > ecocap_seea::Amount::ZERO);
    assert!(e.additions[1].is_zero() && e.additions[2].is_zero());
    // physical tables: one row per indicator with its unit, supply by `unattributed`
    let sp = read_csv(&out.join("supply_physical.csv"));
    let wc = sp
        .iter()
        .find(|r| {
            r["zone"] == "(all zones)"
                && r["year"] == "2000"
                && r["indicator"] == "water_conservation"
        })
        .unwrap();
    assert_eq!(wc["service"], "water_flow_regulation");
    assert_eq!(wc["unit"], "m3");
    assert_eq!(wc["unattributed"], "3000");
    for r in read_csv(&out.join("use_physical.csv"))
        .iter()
        .chain(&read_csv(&out.join("use_monetary.csv")))
    {
        assert_eq!(micro(&r["total_use"]), micro(&r["total_supply"]), "{r:?}");
    }
    // uncounted and rolled-up rows are skipped; pest control goes to the memo
    let sm = std::fs::read_to_string(out.join("supply_monetary.csv")).unwrap();
    assert!(
        !sm.contains("other_regulating")
            && !sm.contains("basin")
            && !sm.contains("biological_control"),
        "{sm}"
    );
    let memo = std::fs::read_to_string(out.join("memo_intermediate_services.csv")).unwrap();
    assert!(memo.contains("biological_control"), "{memo}");
    // asset account: flows without a type have no conversions; values grow by 10 %
    let a = read_csv(&out.join("asset_account_monetary.csv"));
    let v = |e: &str| {
        micro(
            &a.iter()
                .find(|r| r["zone"] == "(all zones)" && r["entry"] == e)
                .unwrap()["total"],
        )
    };
    assert_eq!(v("conversions_additions") + v("conversions_reductions"), 0);
    let ratio = v("closing_value") as f64 / v("opening_value") as f64;
    assert!((ratio - 1.1).abs() < 1e-6, "{ratio}");
    assert_eq!(
        v("closing_value"),
        v("opening_value") + v("enhancement") - v("degradation") + v("revaluation")
    );
}

#[test]
fn extent_only_with_an_iucn_get_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("get.csv"),
        "class,ecosystem_type\n1,T7.1\n2,T2.2\n3,T3.1\n4,T4.5\n5,F1.2\n6,T6.1\n7,T5.1\n8,T7.4\n9,TF1.4\n",
    )
    .unwrap();
    let cfg = write_config(d, &|t| {
        t.replace("mapping = \"clcd\"", "mapping = \"get.csv\"")
    });
    let out = d.join("out");
    let o = run_seea(
        &SeeaOptions {
            config: cfg,
            out: out.clone(),
            force: false,
        },
        &NoProgress,
    )
    .unwrap();
    assert_eq!(o.accounts.extent.zones, vec!["all"]);
    assert!(
        o.accounts.extent.types.contains(&"T7.4".to_string()),
        "{:?}",
        o.accounts.extent.types
    );
    assert!(o.accounts.condition.is_none() && o.accounts.asset.is_none());
    let rows = read_csv(&out.join("extent_account.csv"));
    let urban = rows.iter().find(|r| r["entry"] == "net_change").unwrap();
    assert!(micro(&urban["T7.4"]) > 0 && micro(&urban["T7.1"]) < 0);
    assert!(!out.join("supply_monetary.csv").exists());
}

/// A 4 × 4 grid of 100 m cells (1 ha each, UTM) counted by hand.
#[test]
fn hand_counted_change_matrix() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let wkt = gdal::spatial_ref::SpatialRef::from_epsg(32650)
        .unwrap()
        .to_wkt()
        .unwrap();
    let write = |name: &str, codes: [u8; 16]| {
        let drv = gdal::DriverManager::get_driver_by_name("GTiff").unwrap();
        let p = d.join(name);
        let mut ds = drv.create_with_band_type::<u8, _>(&p, 4, 4, 1).unwrap();
        ds.set_geo_transform(&[500_000.0, 100.0, 0.0, 3_400_000.0, 0.0, -100.0])
            .unwrap();
        ds.set_projection(&wkt).unwrap();
        let mut b = ds.rasterband(1).unwrap();
        b.set_no_data_value(Some(0.0)).unwrap();
        let mut buf = gdal::raster::Buffer::new((4, 4), codes.to_vec());
        b.write((0, 0), (4, 4), &mut buf).unwrap();
    };
    // CLCD: 1 cropland (dry_land), 2 forest (broadleaf), 8 impervious (none); 0 nodata
    write("a.tif", [1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 0, 8, 8, 8]);
    write("b.tif", [8, 8, 2, 1, 1, 1, 2, 2, 2, 2, 2, 1, 0, 8, 8, 8]);
    std::fs::write(
        d.join("seea.toml"),
        "[extent]\nopening = \"a.tif\"\nclosing = \"b.tif\"\nopening_year = 2000\nclosing_year = 2020\nmapping = \"clcd\"\n",
    )
    .unwrap();
    let o = run_seea(
        &SeeaOptions {
            config: d.join("seea.toml"),
            out: d.join("out"),
            force: false,
        },
        &NoProgress,
    )
    .unwrap();
    let x = &o.accounts.extent;
    let t = |id: &str| x.type_index(id).unwrap();
    let (crop, forest, none) = (t("dry_land"), t("broadleaf"), t("none"));
    let ha = |v: f64| ecocap_seea::Amount::from_f64(v);
    let m = &x.matrices[0];
    assert_eq!(m.area(crop, none), ha(2.0));
    assert_eq!(m.area(crop, forest), ha(1.0));
    assert_eq!(m.area(crop, crop), ha(3.0));
    assert_eq!(m.area(forest, crop), ha(1.0));
    assert_eq!(m.area(forest, forest), ha(5.0));
    assert_eq!(m.area(none, none), ha(3.0));
    let c = x.entries(0, crop);
    assert_eq!((c.opening, c.closing), (ha(6.0), ha(4.0)));
    assert_eq!(
        (c.total_additions(), c.total_reductions()),
        (ha(1.0), ha(3.0))
    );
    let n = x.entries(0, none);
    assert_eq!(
        (n.opening, n.closing, n.net_change()),
        (ha(3.0), ha(5.0), ha(2.0))
    );
}

/// Services from the `esv_detail.csv` of an earlier `ecocap esv` run.
#[test]
fn services_from_an_esv_detail_table() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("esv_detail.csv"),
        "zone,year,ecosystem_type,service,esv_yuan\nall,2000,broadleaf,water_supply,100\nall,2020,broadleaf,water_supply,120\nall,2020,broadleaf,biodiversity,50\n",
    )
    .unwrap();
    std::fs::write(d.join("alloc.csv"), "service,user,share\n*,households,1\n").unwrap();
    let cfg = write_config(d, &|t| {
        t + "[services]\nfrom = \"table\"\nfile = \"esv_detail.csv\"\nindicators = \"esv\"\nallocation = \"alloc.csv\"\n[asset]\nschedule = \"constant\"\nrate = 0.05\nasset_life = 20\n"
    });
    let out = d.join("out");
    let o = run_seea(
        &SeeaOptions {
            config: cfg,
            out: out.clone(),
            force: false,
        },
        &NoProgress,
    )
    .unwrap();
    let su = o.accounts.supply_use.unwrap();
    let f = su.monetary_final();
    assert_eq!(f.len(), 2);
    let a = o.accounts.asset.unwrap();
    // annuity factor (1 − 1.05^-20)/0.05 = 12.4622103
    let v0 = a.lines[0].value_opening.to_f64();
    assert!((v0 - 1_246.221_034).abs() < 1e-3, "{v0}");
    let memo = std::fs::read_to_string(out.join("memo_intermediate_services.csv")).unwrap();
    assert!(memo.contains("habitat_maintenance"), "{memo}");
}
