//! The habitat quality model, declared once (ids as in
//! natcap.invest.habitat_quality 3.20).

use ecocap_spec::{Column, Condition, InputKind as K, InputSpec as I, ModelSpec, OutputSpec as O};

/// The declaration of `habitat_quality`.
pub fn spec() -> ModelSpec {
    let threats = vec![
        Column::new(
            "threat",
            "",
            "threat name; also a column of the sensitivity table",
        ),
        Column::new(
            "max_dist",
            "m",
            "distance beyond which the threat has no effect (> 0)",
        ),
        Column::new("weight", "1", "relative weight in [0, 1]"),
        Column::new("decay", "", "linear or exponential"),
        Column::new(
            "cur_path",
            "",
            "threat raster for the current map, relative to this table",
        ),
        Column::optional("fut_path", "", "threat raster for the future map"),
        Column::optional("base_path", "", "threat raster for the baseline map"),
    ];
    let sens = vec![
        Column::new("lucode", "", "land-cover code"),
        Column::new("habitat", "1", "habitat suitability in [0, 1]"),
    ];
    let fut = || Condition::provided("lulc_fut_path");
    let bas = || Condition::provided("lulc_bas_path");
    ModelSpec::new(
        "habitat_quality",
        "Habitat quality",
        "生境质量",
        "Threat impacts decaying with distance (linear or exponential), weighted by threat \
         and by each habitat's sensitivity, combined into degradation D and quality \
         Q = H·(1 − D^z/(D^z + k^z)), z = 2.5; rarity against a baseline map \
         (Sharp et al., InVEST User's Guide, Habitat Quality).",
    )
    .alias("hq")
    .input(I::new(
        "lulc_cur_path",
        K::RasterClasses,
        "Current land cover",
        "现状土地覆被",
    ))
    .input(
        I::new(
            "lulc_fut_path",
            K::RasterClasses,
            "Future land cover",
            "未来土地覆被",
        )
        .optional(),
    )
    .input(
        I::new(
            "lulc_bas_path",
            K::RasterClasses,
            "Baseline land cover",
            "基准土地覆被",
        )
        .optional(),
    )
    .input(I::new(
        "threats_table_path",
        K::Table { columns: threats },
        "Threats table",
        "威胁因子表",
    ))
    .input(
        I::new(
            "access_vector_path",
            K::Vector {
                fields: vec!["access"],
            },
            "Accessibility to threats",
            "威胁可达性",
        )
        .optional(),
    )
    .input(
        I::new(
            "sensitivity_table_path",
            K::Table { columns: sens },
            "Sensitivity table",
            "生境敏感性表",
        )
        .about("one column per threat name, values in [0, 1]"),
    )
    .input(
        I::new(
            "half_saturation_constant",
            K::Number,
            "Half-saturation constant",
            "半饱和常数 k",
        )
        .unit("1")
        .above(0.0),
    )
    .input(
        I::new("results_suffix", K::Text, "File suffix", "输出文件后缀")
            .default(serde_json::json!(""))
            .optional(),
    )
    .output(O::new("deg_sum_c.tif", "1", "total degradation, current"))
    .output(O::new("quality_c.tif", "1", "habitat quality, current"))
    .output(O::new("deg_sum_f.tif", "1", "total degradation, future").when(fut()))
    .output(O::new("quality_f.tif", "1", "habitat quality, future").when(fut()))
    .output(
        O::new(
            "deg_sum_b.tif",
            "1",
            "total degradation, baseline (when base_path threats are given)",
        )
        .when(bas()),
    )
    .output(O::new("quality_b.tif", "1", "habitat quality, baseline").when(bas()))
    .output(
        O::new(
            "rarity_c.tif",
            "1",
            "rarity of current classes against the baseline",
        )
        .when(bas()),
    )
    .output(O::new("rarity_c.csv", "1", "lucode, rarity_value").when(bas()))
    .output(
        O::new("rarity_f.tif", "1", "rarity of future classes").when(Condition::All {
            all: vec![bas(), fut()],
        }),
    )
    .output(
        O::new("rarity_f.csv", "1", "lucode, rarity_value").when(Condition::All {
            all: vec![bas(), fut()],
        }),
    )
}
