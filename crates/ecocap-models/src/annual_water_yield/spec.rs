//! The annual water yield model, declared once (ids as in
//! natcap.invest.annual_water_yield 3.20).

use ecocap_spec::{Column, Condition, InputKind as K, InputSpec as I, ModelSpec, OutputSpec as O};

/// The declaration of `annual_water_yield`.
pub fn spec() -> ModelSpec {
    let bio = vec![
        Column::new("lucode", "", "land-cover code"),
        Column::new("lulc_veg", "", "1 = vegetated (Budyko/Fu–Zhang), 0 = other"),
        Column::new("root_depth", "mm", "maximum root depth"),
        Column::new("kc", "1", "crop coefficient Kc (PET = Kc·ET0)"),
    ];
    let demand = vec![
        Column::new("lucode", "", "land-cover code"),
        Column::new("demand", "m3/yr/pixel", "consumptive water use per pixel"),
    ];
    let valuation = vec![
        Column::new("ws_id", "", "watershed id"),
        Column::new("efficiency", "1", "turbine efficiency"),
        Column::new("fraction", "1", "fraction of inflow used for hydropower"),
        Column::new("height", "m", "head height"),
        Column::new("kw_price", "currency/kWh", "electricity price"),
        Column::new(
            "cost",
            "currency/yr",
            "annual operation and maintenance cost",
        ),
        Column::new("time_span", "yr", "lifetime of the reservoir"),
        Column::new("discount", "%", "discount rate"),
    ];
    let sub = || Condition::provided("sub_watersheds_path");
    let dem = || Condition::provided("demand_table_path");
    let val = || Condition::provided("valuation_table_path");
    ModelSpec::new(
        "annual_water_yield",
        "Annual water yield",
        "年产水量",
        "Water yield per pixel from the Budyko curve in Fu's form with Zhang et al. (2004) \
         ω = Z·AWC/P + 1.25; watershed totals, consumptive demand, realised supply and \
         hydropower value (Sharp et al., InVEST User's Guide, Annual Water Yield).",
    )
    .alias("awy")
    .alias("hwy")
    .input(I::new(
        "lulc_path",
        K::RasterClasses,
        "Land use/land cover",
        "土地利用/覆被",
    ))
    .input(
        I::new(
            "depth_to_root_rest_layer_path",
            K::RasterContinuous,
            "Root restricting layer depth",
            "土壤限制层深度",
        )
        .unit("mm")
        // a depth in mm: ≥ 0; at most 100 m (depths in cm·10 or scaled
        // integers go far beyond)
        .min(0.0)
        .max(100_000.0),
    )
    .input(
        I::new(
            "precipitation_path",
            K::RasterContinuous,
            "Precipitation",
            "年降水量",
        )
        .unit("mm/yr")
        // ≥ 0 and under 30 000 mm/yr (the wettest year on record,
        // Cherrapunji 1860–61, is about 26 500 mm)
        .min(0.0)
        .max(30_000.0),
    )
    .input(
        I::new(
            "pawc_path",
            K::RasterContinuous,
            "Plant available water fraction",
            "植物可利用水含量",
        )
        .unit("1")
        // INVEST_MODELS.md §2.2: "pawc_path (fraction)"; a percentage
        // (0–100) is the usual mistake
        .min(0.0)
        .max(1.0),
    )
    .input(
        I::new(
            "eto_path",
            K::RasterContinuous,
            "Reference evapotranspiration",
            "参考蒸散量",
        )
        .unit("mm/yr")
        // ≥ 0 and under 5 000 mm/yr (reference ET0 peaks near 3 000 mm/yr
        // in hot deserts, FAO-56)
        .min(0.0)
        .max(5_000.0),
    )
    .input(I::new(
        "watersheds_path",
        K::Vector {
            fields: vec!["ws_id"],
        },
        "Watersheds",
        "流域",
    ))
    .input(
        I::new(
            "sub_watersheds_path",
            K::Vector {
                fields: vec!["subws_id"],
            },
            "Sub-watersheds",
            "子流域",
        )
        .optional(),
    )
    .input(I::new(
        "biophysical_table_path",
        K::Table { columns: bio },
        "Biophysical table",
        "生物物理参数表",
    ))
    .input(
        I::new(
            "seasonality_constant",
            K::Number,
            "Z parameter",
            "季节性常数 Z",
        )
        .unit("1")
        .above(0.0),
    )
    .input(
        I::new(
            "demand_table_path",
            K::Table { columns: demand },
            "Water demand table",
            "用水需求表",
        )
        .required_if(val()),
    )
    .input(
        I::new(
            "valuation_table_path",
            K::Table { columns: valuation },
            "Hydropower valuation table",
            "水电估值表",
        )
        .optional(),
    )
    .input(
        I::new(
            "account_year",
            K::Integer,
            "Account year for GEP quantities",
            "GEP 核算年份",
        )
        .unit("yr")
        .about("ecocap extension: when given, gep_quantities.csv is written")
        .optional(),
    )
    .input(
        I::new("intermediate_outputs", K::Boolean, "Write intermediate rasters", "输出中间栅格")
            .about("ecocap extension: write intermediate/{kc_raster,pet,root_depth,veg,demand}.tif as InVEST does (off by default, for speed)")
            .default(serde_json::json!(false))
            .optional(),
    )
    .input(I::new("results_suffix", K::Text, "File suffix", "输出文件后缀").default(serde_json::json!(""))
            .optional())
    .output(O::new(
        "output/watershed_results_wyield.csv",
        "mm; m3; kWh; currency",
        "per-watershed means (mm) and volumes (m³/yr)",
    ))
    .output(
        O::new(
            "output/subwatershed_results_wyield.csv",
            "mm; m3",
            "per-sub-watershed means and volumes",
        )
        .when(sub()),
    )
    .output(O::new(
        "output/watershed_results_wyield.shp",
        "mm; m3; kWh; currency",
        "the watershed polygons with the same fields (ESRI Shapefile)",
    ))
    .output(
        O::new(
            "output/subwatershed_results_wyield.shp",
            "mm; m3",
            "the sub-watershed polygons with the same fields",
        )
        .when(sub()),
    )
    .output(O::new("output/per_pixel/fractp.tif", "1", "AET/P"))
    .output(O::new(
        "output/per_pixel/aet.tif",
        "mm/yr",
        "actual evapotranspiration",
    ))
    .output(O::new(
        "output/per_pixel/wyield.tif",
        "mm/yr",
        "water yield",
    ))
    .output(O::new(
        "intermediate/kc_raster.tif",
        "1",
        "Kc by land cover",
    ).when(Condition::is_true("intermediate_outputs")))
    .output(O::new("intermediate/pet.tif", "mm/yr", "Kc·ET0").when(Condition::is_true("intermediate_outputs")))
    .output(O::new(
        "intermediate/root_depth.tif",
        "mm",
        "root depth by land cover",
    ).when(Condition::is_true("intermediate_outputs")))
    .output(O::new("intermediate/veg.tif", "1", "vegetated flag").when(Condition::is_true("intermediate_outputs")))
    .output(
        O::new(
            "intermediate/demand.tif",
            "m3/yr/pixel",
            "demand by land cover",
        ).when(Condition::All { all: vec![dem(), Condition::is_true("intermediate_outputs")] }),
    )
    .output(
        O::new(
            "gep_quantities.csv",
            "m3/yr; kWh/yr",
            "water_conservation (and hydropower) per watershed for `ecocap gep`",
        )
        .when(Condition::provided("account_year")),
    )
}
