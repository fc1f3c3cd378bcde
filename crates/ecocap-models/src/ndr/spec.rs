//! The NDR model, declared once (ids as in natcap.invest.ndr 3.20).

use ecocap_spec::{
    Column, Condition, CrossRule, InputKind as K, InputSpec as I, ModelSpec, OutputSpec as O,
};

/// The declaration of `ndr`.
pub fn spec() -> ModelSpec {
    let bio = vec![
        Column::new("lucode", "", "land-cover code, as in the raster"),
        Column::new("load_n", "kg/ha/yr", "nitrogen load (needed when calc_n)"),
        Column::new("load_p", "kg/ha/yr", "phosphorus load (needed when calc_p)"),
        Column::new(
            "eff_n",
            "1",
            "maximum N retention efficiency, a ratio in [0, 1]",
        ),
        Column::new(
            "eff_p",
            "1",
            "maximum P retention efficiency, a ratio in [0, 1]",
        ),
        Column::new("crit_len_n", "m", "N retention critical length"),
        Column::new("crit_len_p", "m", "P retention critical length"),
        Column::new(
            "proportion_subsurface_n",
            "1",
            "share of N that travels below the surface",
        ),
        Column::new("load_type_n", "", "application-rate or measured-runoff"),
        Column::new("load_type_p", "", "application-rate or measured-runoff"),
    ];
    let n = || Condition::is_true("calc_n");
    let inter = || Condition::is_true("intermediate_outputs");
    ModelSpec::new(
        "ndr",
        "Nutrient delivery ratio",
        "营养物输移比（水质净化）",
        "Nitrogen and phosphorus loads by land cover scaled by a runoff proxy, retention along \
         flow paths, connectivity index (Borselli et al. 2008) and NDR; surface and subsurface \
         export; D8 or MFD routing (Sharp et al., InVEST User's Guide, NDR).",
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
    .input(I::new(
        "lulc_path",
        K::RasterClasses,
        "Land use/land cover",
        "土地利用/覆被",
    ))
    .input(
        I::new(
            "runoff_proxy_path",
            K::RasterContinuous,
            "Runoff proxy",
            "径流代理变量",
        )
        .unit("1")
        .about("e.g. annual precipitation; normalised by its mean")
        // a runoff index is ≥ 0 (a negative value would make loads negative)
        .min(0.0),
    )
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
    .input(I::new("calc_n", K::Boolean, "Calculate nitrogen", "计算氮").optional())
    .input(I::new("calc_p", K::Boolean, "Calculate phosphorus", "计算磷").optional())
    .input(
        I::new(
            "threshold_flow_accumulation",
            K::Number,
            "Threshold flow accumulation",
            "河道汇流累积阈值",
        )
        .unit("px")
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
        // NDR = NDR0 / (1 + exp((IC0 − IC)/k)): k = 0 divides by zero
        .above(0.0),
    )
    .input(
        I::new(
            "runoff_proxy_av",
            K::Number,
            "Average runoff proxy",
            "径流代理变量均值",
        )
        .unit("1")
        .above(0.0)
        .optional(),
    )
    .input(
        I::new(
            "subsurface_critical_length_n",
            K::Number,
            "Subsurface critical length (N)",
            "地下流临界长度（氮）",
        )
        .unit("m")
        .above(0.0)
        .required_if(n()),
    )
    .input(
        I::new(
            "subsurface_eff_n",
            K::Ratio,
            "Subsurface maximum retention efficiency (N)",
            "地下最大截留效率（氮）",
        )
        .unit("1")
        .required_if(n()),
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
            "intermediate_outputs",
            K::Boolean,
            "Write intermediate rasters",
            "输出中间栅格",
        )
        .about("ecocap extension: write intermediate_outputs/ (stream, flow accumulation, IC, D_up, D_dn, runoff proxy index, effective retention) as InVEST does (off by default, for speed)")
        .default(serde_json::json!(false))
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
    .input(I::new("results_suffix", K::Text, "File suffix", "输出文件后缀").optional())
    .rule(CrossRule::AnyTrue {
        inputs: vec!["calc_n", "calc_p"],
    })
    .output(
        O::new(
            "n_surface_export.tif",
            "kg/ha/yr",
            "nitrogen exported by surface flow",
        )
        .when(n()),
    )
    .output(
        O::new(
            "n_subsurface_export.tif",
            "kg/ha/yr",
            "nitrogen exported by subsurface flow",
        )
        .when(n()),
    )
    .output(
        O::new(
            "n_total_export.tif",
            "kg/ha/yr",
            "surface + subsurface nitrogen export",
        )
        .when(n()),
    )
    .output(
        O::new(
            "p_surface_export.tif",
            "kg/ha/yr",
            "phosphorus exported by surface flow",
        )
        .when(Condition::is_true("calc_p")),
    )
    .output(O::new(
        "watershed_results_ndr.csv",
        "kg/yr",
        "loads and exports per watershed",
    ))
    .output(
        O::new("intermediate_outputs/stream.tif", "1", "1 = stream")
        .when(inter()),
    )
    .output(
        O::new(
        "intermediate_outputs/flow_accumulation.tif",
        "px",
        "flow accumulation",
    )
        .when(inter()),
    )
    .output(
        O::new(
        "intermediate_outputs/ic_factor.tif",
        "1",
        "connectivity index",
    )
        .when(inter()),
    )
    .output(
        O::new(
        "intermediate_outputs/d_up.tif",
        "m",
        "upslope component of IC",
    )
        .when(inter()),
    )
    .output(
        O::new(
        "intermediate_outputs/d_dn.tif",
        "px (weighted)",
        "downslope component of IC",
    )
        .when(inter()),
    )
    .output(
        O::new(
        "intermediate_outputs/runoff_proxy_index.tif",
        "1",
        "runoff proxy / mean",
    )
        .when(inter()),
    )
    .output(
        O::new(
            "intermediate_outputs/effective_retention_n.tif",
            "1",
            "N effective retention",
        )
        .when(Condition::All {
            all: vec![n(), inter()],
        }),
    )
    .output(
        O::new(
            "intermediate_outputs/effective_retention_p.tif",
            "1",
            "P effective retention",
        )
        .when(Condition::All {
            all: vec![Condition::is_true("calc_p"), inter()],
        }),
    )
    .output(
        O::new(
            "gep_quantities.csv",
            "t/yr",
            "water_purification_tn, _tp per watershed (load − export) for `ecocap gep`",
        )
        .when(Condition::provided("account_year")),
    )
}
