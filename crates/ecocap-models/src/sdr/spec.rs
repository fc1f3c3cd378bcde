//! The SDR model, declared once (ids as in natcap.invest.sdr 3.20).

use ecocap_spec::{Column, Condition, InputKind as K, InputSpec as I, ModelSpec, OutputSpec as O};

/// The declaration of `sdr`.
pub fn spec() -> ModelSpec {
    let bio = vec![
        Column::new("lucode", "", "land-cover code, as in the raster"),
        Column::new(
            "usle_c",
            "1",
            "cover-management factor C, a ratio in [0, 1]",
        ),
        Column::new(
            "usle_p",
            "1",
            "support practice factor P, a ratio in [0, 1]",
        ),
    ];
    ModelSpec::new(
        "sdr",
        "Sediment delivery ratio",
        "泥沙输移比（土壤保持）",
        "RUSLE soil loss (R·K·LS·C·P) with LS by Desmet & Govers (1996) as InVEST codes it, \
         Borselli et al. (2008) connectivity index, SDR (Vigiak et al. 2012), sediment export, \
         deposition and flux, avoided erosion and avoided export; D8 or MFD routing \
         (Sharp et al., InVEST User's Guide, SDR).",
    )
    .input(
        I::new(
            "dem_path",
            K::RasterContinuous,
            "Digital elevation model",
            "数字高程模型",
        )
        .unit("m")
        .about("projected CRS in metres"),
    )
    .input(
        I::new(
            "erosivity_path",
            K::RasterContinuous,
            "Rainfall erosivity R",
            "降雨侵蚀力 R",
        )
        .unit("MJ·mm/(ha·h·yr)")
        // ≥ 0; annual R stays under about 30 000 even in the wettest
        // tropics (Panagos et al. 2017): 100 000 catches scaled integers
        .min(0.0)
        .max(100_000.0),
    )
    .input(
        I::new(
            "erodibility_path",
            K::RasterContinuous,
            "Soil erodibility K",
            "土壤可蚀性 K",
        )
        .unit("t·ha·h/(ha·MJ·mm)")
        // ≥ 0; in SI units K stays under about 0.1 (US customary values
        // are 7.6× larger, still under 1): above 1 is a scaled integer
        .min(0.0)
        .max(1.0),
    )
    .input(I::new(
        "lulc_path",
        K::RasterClasses,
        "Land use/land cover",
        "土地利用/覆被",
    ))
    .input(
        I::new(
            "watersheds_path",
            K::Vector { fields: vec![] },
            "Watersheds",
            "流域",
        )
        .about("polygons; results are keyed by the ws_id field"),
    )
    .input(I::new(
        "biophysical_table_path",
        K::Table { columns: bio },
        "Biophysical table",
        "生物物理参数表",
    ))
    .input(
        I::new(
            "threshold_flow_accumulation",
            K::Number,
            "Threshold flow accumulation",
            "河道汇流累积阈值",
        )
        .unit("px")
        // INVEST_MODELS.md §2.3: "threshold_flow_accumulation (pixels, ≥ 0)"
        .min(0.0),
    )
    .input(
        I::new(
            "k_param",
            K::Number,
            "Borselli k parameter",
            "Borselli k 参数",
        )
        .unit("1")
        // SDR = sdr_max / (1 + exp((IC0 − IC)/k)) (INVEST_MODELS.md §2.3):
        // k = 0 divides by zero and k < 0 inverts the curve
        .above(0.0),
    )
    // INVEST_MODELS.md §2.3: "sdr_max (ratio)"; 0 would deliver nothing
    .input(
        I::new("sdr_max", K::Ratio, "Maximum SDR", "最大泥沙输移比")
            .unit("1")
            .above(0.0),
    )
    .input(
        I::new(
            "ic_0_param",
            K::Number,
            "Borselli IC0 parameter",
            "Borselli IC0 参数",
        )
        .unit("1")
        // the IC at which SDR = sdr_max/2; InVEST declares no range, its
        // default (and Vigiak et al. 2012's calibration) is 0.5
        .above(0.0),
    )
    .input(
        // INVEST_MODELS.md §2.3: "l_max (> 0)"
        I::new("l_max", K::Number, "Maximum L value", "坡长因子上限 L_max")
            .unit("1")
            .above(0.0),
    )
    .input(
        I::new("drainage_path", K::RasterClasses, "Drainages", "排水网络")
            .optional()
            .about("1 = drainage, treated as stream"),
    )
    .input(
        I::new(
            "flow_dir_algorithm",
            K::Option {
                choices: vec!["MFD", "D8"],
            },
            "Flow direction algorithm",
            "流向算法",
        )
        .optional()
        .default(serde_json::json!("MFD")),
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
    .input(I::new("results_suffix", K::Text, "File suffix", "输出文件后缀").optional())
    .output(O::new(
        "rkls.tif",
        "t/ha/yr",
        "potential soil loss R·K·LS (nodata on streams)",
    ))
    .output(O::new("usle.tif", "t/ha/yr", "soil loss R·K·LS·C·P"))
    .output(O::new(
        "sed_export.tif",
        "t/ha/yr",
        "sediment reaching the stream",
    ))
    .output(O::new(
        "sed_deposition.tif",
        "t/ha/yr",
        "sediment deposited on the pixel",
    ))
    .output(O::new("avoided_erosion.tif", "t/ha/yr", "RKLS − USLE"))
    .output(O::new(
        "avoided_export.tif",
        "t/ha/yr",
        "avoided erosion · SDR + deposition",
    ))
    .output(O::new("stream.tif", "1", "1 = stream"))
    .output(
        O::new("stream_and_drainage.tif", "1", "streams and drainages")
            .when(Condition::provided("drainage_path")),
    )
    .output(O::new(
        "watershed_results_sdr.csv",
        "t/yr",
        "usle_tot, sed_export, sed_dep, avoid_exp, avoid_eros per watershed",
    ))
    .output(O::new("intermediate_outputs/ls.tif", "1", "LS factor"))
    .output(O::new(
        "intermediate_outputs/flow_accumulation.tif",
        "px",
        "flow accumulation (counts the pixel itself)",
    ))
    .output(O::new(
        "intermediate_outputs/sdr_factor.tif",
        "1",
        "sediment delivery ratio",
    ))
    .output(O::new(
        "intermediate_outputs/what_drains_to_stream.tif",
        "1",
        "1 = drains to a stream",
    ))
    .output(
        O::new(
            "gep_quantities.csv",
            "t soil/yr",
            "soil_retention_sediment, _n, _p per watershed (avoided erosion) for `ecocap gep`",
        )
        .when(Condition::provided("account_year")),
    )
}
