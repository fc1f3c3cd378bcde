//! The shipped equivalent tables: where each comes from and how its CSV
//! columns map to services.
//!
//! The numbers themselves live in `data/params/*.csv` (embedded); this
//! file holds what the CSV does not: citations, service names and groups,
//! English type names, and how to read each file's verification column.

use crate::error::ParamsError;
use crate::service::ServiceGroup::{self, Cultural, Provisioning, Regulating, Supporting};

use super::parse::parse_builtin;
use super::table::EquivalentTable;

/// Unit note carried by every equivalent table.
pub const EQUIVALENT_UNIT: &str =
    "dimensionless equivalents; × value of one standard equivalent (yuan/hm²/yr)";

/// A service column of a shipped table.
pub(crate) struct ServiceSpec {
    /// Header as written in the CSV.
    pub column: &'static str,
    pub id: &'static str,
    pub name_cn: &'static str,
    pub name_en: &'static str,
    pub group: ServiceGroup,
}

/// Row layout of a shipped CSV.
pub(crate) enum Layout {
    /// `level1_cn,level2_cn,level1_en,level2_en,<services>,row_sum,verification,sources`;
    /// verification is `2+` (≥ 2 sources) or `1` (single source).
    Xie2015,
    /// `ecosystem_cn,ecosystem_en,<services>,row_sum,verification`;
    /// verification is a source list or `N (...)`.
    Level1,
}

/// Everything needed to build one shipped table.
pub(crate) struct TableSpec {
    pub name: &'static str,
    pub year: u16,
    pub title: &'static str,
    pub citation: &'static str,
    pub file: &'static str,
    pub csv: &'static str,
    pub layout: Layout,
    pub services: &'static [ServiceSpec],
    /// English names of the type ids.
    pub type_names: &'static [(&'static str, &'static str)],
}

const fn svc(
    column: &'static str,
    id: &'static str,
    name_cn: &'static str,
    name_en: &'static str,
    group: ServiceGroup,
) -> ServiceSpec {
    ServiceSpec {
        column,
        id,
        name_cn,
        name_en,
        group,
    }
}

/// Xie et al. 2015, 11 services; grouping as in the paper (and docs/GEP.md §1.1).
const XIE2015_SERVICES: &[ServiceSpec] = &[
    svc(
        "food_production",
        "food_production",
        "食物生产",
        "food production",
        Provisioning,
    ),
    svc(
        "raw_materials",
        "raw_materials",
        "原料生产",
        "raw materials",
        Provisioning,
    ),
    svc(
        "water_supply",
        "water_supply",
        "水资源供给",
        "water supply",
        Provisioning,
    ),
    svc(
        "gas_regulation",
        "gas_regulation",
        "气体调节",
        "gas regulation",
        Regulating,
    ),
    svc(
        "climate_regulation",
        "climate_regulation",
        "气候调节",
        "climate regulation",
        Regulating,
    ),
    svc(
        "purify_environment",
        "purify_environment",
        "净化环境",
        "environmental purification",
        Regulating,
    ),
    svc(
        "hydrological_regulation",
        "hydrological_regulation",
        "水文调节",
        "hydrological regulation",
        Regulating,
    ),
    svc(
        "soil_conservation",
        "soil_conservation",
        "土壤保持",
        "soil conservation",
        Supporting,
    ),
    svc(
        "nutrient_cycling",
        "nutrient_cycling",
        "维持养分循环",
        "nutrient cycling",
        Supporting,
    ),
    svc(
        "biodiversity",
        "biodiversity",
        "生物多样性",
        "biodiversity",
        Supporting,
    ),
    svc(
        "aesthetic_landscape",
        "aesthetic_landscape",
        "美学景观",
        "aesthetic landscape",
        Cultural,
    ),
];

/// Xie et al. 2008, 9 services; grouping as in Xie 2008 (供给: food, raw;
/// 调节: gas, climate, hydrology, waste; 支持: soil, biodiversity; 文化: aesthetics).
const XIE2008_SERVICES: &[ServiceSpec] = &[
    svc(
        "food_production",
        "food_production",
        "食物生产",
        "food production",
        Provisioning,
    ),
    svc(
        "raw_materials",
        "raw_materials",
        "原材料生产",
        "raw materials",
        Provisioning,
    ),
    svc(
        "gas_regulation",
        "gas_regulation",
        "气体调节",
        "gas regulation",
        Regulating,
    ),
    svc(
        "climate_regulation",
        "climate_regulation",
        "气候调节",
        "climate regulation",
        Regulating,
    ),
    svc(
        "hydrological_regulation(水文调节/水源涵养)",
        "hydrological_regulation",
        "水文调节",
        "hydrological regulation",
        Regulating,
    ),
    svc(
        "waste_treatment(废物处理/净化环境)",
        "waste_treatment",
        "废物处理",
        "waste treatment",
        Regulating,
    ),
    svc(
        "soil_formation_protection",
        "soil_formation_protection",
        "保持土壤",
        "soil formation and protection",
        Supporting,
    ),
    svc(
        "biodiversity",
        "biodiversity",
        "维持生物多样性",
        "biodiversity",
        Supporting,
    ),
    svc(
        "aesthetic_landscape",
        "aesthetic_landscape",
        "提供美学景观",
        "aesthetic landscape",
        Cultural,
    ),
];

/// Xie et al. 2003, 9 services in the paper's (Costanza-derived) order.
/// The 2003 paper lists services without the MEA grouping; the groups here
/// are ecocap's assignment, chosen to match Xie 2008's grouping of the
/// same services (water conservation counts as regulating, like 2008's
/// hydrological regulation; recreation/culture as cultural).
const XIE2003_SERVICES: &[ServiceSpec] = &[
    svc(
        "gas_regulation",
        "gas_regulation",
        "气体调节",
        "gas regulation",
        Regulating,
    ),
    svc(
        "climate_regulation",
        "climate_regulation",
        "气候调节",
        "climate regulation",
        Regulating,
    ),
    svc(
        "water_conservation",
        "water_conservation",
        "水源涵养",
        "water conservation",
        Regulating,
    ),
    svc(
        "soil_formation_protection",
        "soil_formation_protection",
        "土壤形成与保护",
        "soil formation and protection",
        Supporting,
    ),
    svc(
        "waste_treatment",
        "waste_treatment",
        "废物处理",
        "waste treatment",
        Regulating,
    ),
    svc(
        "biodiversity",
        "biodiversity",
        "生物多样性保护",
        "biodiversity",
        Supporting,
    ),
    svc(
        "food_production",
        "food_production",
        "食物生产",
        "food production",
        Provisioning,
    ),
    svc(
        "raw_materials",
        "raw_materials",
        "原材料",
        "raw materials",
        Provisioning,
    ),
    svc(
        "recreation_culture",
        "recreation_culture",
        "娱乐文化",
        "recreation and culture",
        Cultural,
    ),
];

const XIE2015_TYPE_NAMES: &[(&str, &str)] = &[
    ("dry_land", "dry land"),
    ("paddy", "paddy field"),
    ("needleleaf", "needle-leaf forest"),
    (
        "mixed_needle_broadleaf",
        "mixed needle-leaf and broadleaf forest",
    ),
    ("broadleaf", "broadleaf forest"),
    ("shrub", "shrubland"),
    ("steppe", "steppe"),
    ("shrub_grass", "shrub-grass (tussock)"),
    ("meadow", "meadow"),
    ("wetland", "wetland"),
    ("desert", "desert"),
    ("bare_land", "bare land"),
    ("water_system", "water system (rivers, lakes)"),
    ("glacier_snow", "glacier and snow"),
];

const LEVEL1_TYPE_NAMES: &[(&str, &str)] = &[
    ("forest", "forest"),
    ("grassland", "grassland"),
    ("farmland", "farmland"),
    ("wetland", "wetland"),
    ("water", "water body"),
    ("desert_unused", "desert / unused land"),
];

pub(crate) const SPECS: &[TableSpec] = &[
    TableSpec {
        name: "xie2015",
        year: 2015,
        title: "Xie et al. 2015 equivalent factors per unit area (14 types × 11 services)",
        citation: "谢高地, 张彩霞, 张雷明, 陈文辉, 李士美. 基于单位面积价值当量因子的生态系统服务价值化方法改进. 自然资源学报, 2015, 30(8): 1243-1254. Table: 单位面积生态系统服务价值当量",
        file: "data/params/xie2015_equivalents.csv",
        csv: include_str!("../../../../data/params/xie2015_equivalents.csv"),
        layout: Layout::Xie2015,
        services: XIE2015_SERVICES,
        type_names: XIE2015_TYPE_NAMES,
    },
    TableSpec {
        name: "xie2008",
        year: 2008,
        title: "Xie et al. 2008 (\"2007\") equivalent factors (6 level-1 types × 9 services)",
        citation: "谢高地, 甄霖, 鲁春霞, 肖玉, 陈操. 一个基于专家知识的生态系统服务价值化方法. 自然资源学报, 2008, 23(5): 911-919. Table: 中国生态系统单位面积生态服务价值当量",
        file: "data/params/xie2008_equivalents.csv",
        csv: include_str!("../../../../data/params/xie2008_equivalents.csv"),
        layout: Layout::Level1,
        services: XIE2008_SERVICES,
        type_names: LEVEL1_TYPE_NAMES,
    },
    TableSpec {
        name: "xie2003",
        year: 2003,
        title: "Xie et al. 2003 Tibetan Plateau equivalent factors (6 level-1 types × 9 services; farmland food = 1)",
        citation: "谢高地, 鲁春霞, 冷允法, 郑度, 李双成. 青藏高原生态资产的价值评估. 自然资源学报, 2003, 18(2): 189-196",
        file: "data/params/xie2003_equivalents.csv",
        csv: include_str!("../../../../data/params/xie2003_equivalents.csv"),
        layout: Layout::Level1,
        services: XIE2003_SERVICES,
        type_names: LEVEL1_TYPE_NAMES,
    },
];

/// Names of the shipped equivalent tables, newest first.
pub fn builtin_equivalent_names() -> Vec<&'static str> {
    SPECS.iter().map(|s| s.name).collect()
}

impl EquivalentTable {
    /// A shipped table by name (`xie2015`, `xie2008`, `xie2003`).
    ///
    /// # Errors
    /// [`ParamsError::UnknownName`] with the nearest name.
    pub fn builtin(name: &str) -> Result<EquivalentTable, ParamsError> {
        let key = name.trim().to_ascii_lowercase();
        match SPECS.iter().find(|s| s.name == key) {
            Some(spec) => parse_builtin(spec),
            None => {
                let names = builtin_equivalent_names();
                Err(ParamsError::UnknownName {
                    kind: "equivalent table",
                    name: name.to_string(),
                    suggestion: crate::suggest::nearest(name, &names),
                    available: crate::suggest::quoted_list(&names),
                })
            }
        }
    }

    /// Xie et al. 2015 (14 level-2 types × 11 services).
    ///
    /// # Errors
    /// Only [`ParamsError::BuiltinLayout`] (a bug), never for user input.
    pub fn xie2015() -> Result<EquivalentTable, ParamsError> {
        Self::builtin("xie2015")
    }
}
