//! The carbon model, declared once (ids as in natcap.invest.carbon 3.20).

use ecocap_spec::{
    Column, Condition, CrossRule, InputKind as K, InputSpec as I, ModelSpec, OutputSpec as O,
};

/// The declaration of `carbon`.
pub fn spec() -> ModelSpec {
    let seq = || Condition::Any {
        any: vec![
            Condition::is_true("calc_sequestration"),
            Condition::is_true("do_valuation"),
        ],
    };
    let val = || Condition::is_true("do_valuation");
    let inter = || Condition::is_true("intermediate_outputs");
    let both = || Condition::All {
        all: vec![seq(), inter()],
    };
    let pools = vec![
        Column::new("lucode", "", "land-cover code, as in the rasters"),
        Column::new("c_above", "t C/ha", "aboveground carbon density"),
        Column::new("c_below", "t C/ha", "belowground carbon density"),
        Column::new("c_soil", "t C/ha", "soil organic carbon density"),
        Column::new("c_dead", "t C/ha", "dead organic matter carbon density"),
    ];
    ModelSpec::new(
        "carbon",
        "Carbon storage and sequestration",
        "碳储量与固碳",
        "Carbon stored in four pools per land-cover class (IPCC 2006 Vol. 4 pools), \
         the change between a baseline and an alternate map, and the net present value \
         of that change (Sharp et al., InVEST User's Guide, Carbon).",
    )
    .input(
        I::new(
            "lulc_bas_path",
            K::RasterClasses,
            "Baseline land use/land cover",
            "基准年土地利用/覆被",
        )
        .about("integer land-cover codes, projected CRS in metres"),
    )
    .input(
        I::new(
            "calc_sequestration",
            K::Boolean,
            "Calculate sequestration",
            "计算固碳量",
        )
        .default(serde_json::json!(false))
            .optional(),
    )
    .input(
        I::new(
            "lulc_alt_path",
            K::RasterClasses,
            "Alternate land use/land cover",
            "情景年土地利用/覆被",
        )
        .about("same pixel size and raster size as the baseline")
        .required_if(seq()),
    )
    .input(
        I::new(
            "carbon_pools_path",
            K::Table { columns: pools },
            "Carbon pools",
            "碳库密度表",
        )
        .about("one row per land-cover code; densities in t C/ha"),
    )
    .input(I::new("do_valuation", K::Boolean, "Run valuation", "计算碳汇价值").default(serde_json::json!(false))
            .optional())
    .input(
        I::new("lulc_bas_year", K::Integer, "Baseline year", "基准年份")
            .unit("yr")
            .required_if(val()),
    )
    .input(
        I::new("lulc_alt_year", K::Integer, "Alternate year", "情景年份")
            .unit("yr")
            .required_if(val()),
    )
    .input(
        I::new(
            "price_per_metric_ton_of_c",
            K::Number,
            "Price per metric ton of carbon",
            "碳价",
        )
        .unit("currency/t C")
        .required_if(val()),
    )
    .input(
        I::new(
            "discount_rate",
            K::Percent,
            "Annual market discount rate",
            "年贴现率",
        )
        .required_if(val()),
    )
    .input(
        I::new(
            "rate_change",
            K::Percent,
            "Annual price change",
            "碳价年变化率",
        )
        .required_if(val()),
    )
    .input(
        I::new(
            "account_year",
            K::Integer,
            "Account year for GEP quantities",
            "GEP 核算年份",
        )
        .unit("yr")
        .about("ecocap extension: year written in gep_quantities.csv (default: lulc_alt_year)")
        .optional(),
    )
    .input(I::new("intermediate_outputs", K::Boolean, "Write intermediate pool rasters", "输出中间碳库栅格")
        .about("ecocap extension: write intermediate_outputs/c_<pool>_<scen>.tif as InVEST does (off by default, for speed)")
        .default(serde_json::json!(false))
            .optional())
    .input(I::new("results_suffix", K::Text, "File suffix", "输出文件后缀").default(serde_json::json!(""))
            .optional())
    .rule(CrossRule::LessThan {
        smaller: "lulc_bas_year",
        larger: "lulc_alt_year",
    })
    .output(O::new(
        "c_storage_bas.tif",
        "t C/ha",
        "total carbon, baseline",
    ))
    .output(O::new("c_storage_alt.tif", "t C/ha", "total carbon, alternate").when(seq()))
    .output(O::new("c_change_bas_alt.tif", "t C/ha", "alternate − baseline").when(seq()))
    .output(
        O::new(
            "npv_alt.tif",
            "currency/ha",
            "net present value of the change",
        )
        .when(val()),
    )
    .output(O::new(
        "raster_values_summary.csv",
        "t C; currency",
        "totals: Σ pixel · pixel area (ha)",
    ))
    .output(O::new("intermediate_outputs/c_above_bas.tif", "t C/ha", "aboveground pool").when(inter()))
    .output(O::new("intermediate_outputs/c_below_bas.tif", "t C/ha", "belowground pool").when(inter()))
    .output(O::new("intermediate_outputs/c_soil_bas.tif", "t C/ha", "soil pool").when(inter()))
    .output(O::new("intermediate_outputs/c_dead_bas.tif", "t C/ha", "dead matter pool").when(inter()))
    .output(O::new("intermediate_outputs/c_above_alt.tif", "t C/ha", "aboveground pool").when(both()))
    .output(O::new("intermediate_outputs/c_below_alt.tif", "t C/ha", "belowground pool").when(both()))
    .output(O::new("intermediate_outputs/c_soil_alt.tif", "t C/ha", "soil pool").when(both()))
    .output(O::new("intermediate_outputs/c_dead_alt.tif", "t C/ha", "dead matter pool").when(both()))
    .output(
        O::new(
            "gep_quantities.csv",
            "t C/yr",
            "carbon_sequestration for `ecocap gep`",
        )
        .when(seq()),
    )
}
