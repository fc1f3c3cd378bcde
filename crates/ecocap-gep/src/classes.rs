//! Classifications of indicators and methods, each with Chinese and
//! English names (one place for these labels).

use serde::{Deserialize, Serialize};

/// GEP category of the national specification (NDRC/NBS 2022, via its
/// secondary summary, GEP.md §4.1): GEP = material + regulating + cultural.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 物质产品
    Material,
    /// 调节服务
    Regulating,
    /// 文化服务
    Cultural,
}

impl Category {
    /// All, in report order.
    pub const ALL: [Category; 3] = [Category::Material, Category::Regulating, Category::Cultural];
    /// id used in CSV outputs
    pub fn id(self) -> &'static str {
        match self {
            Category::Material => "material",
            Category::Regulating => "regulating",
            Category::Cultural => "cultural",
        }
    }
    /// Chinese name
    pub fn zh(self) -> &'static str {
        match self {
            Category::Material => "物质产品",
            Category::Regulating => "调节服务",
            Category::Cultural => "文化服务",
        }
    }
    /// English name
    pub fn en(self) -> &'static str {
        match self {
            Category::Material => "Material products",
            Category::Regulating => "Regulating services",
            Category::Cultural => "Cultural services",
        }
    }
}

/// A classification scheme for totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scheme {
    /// SEEA Ecosystem Accounting (UN 2021): provisioning / regulating and
    /// maintenance / cultural.
    Seea,
    /// Millennium Ecosystem Assessment (2005): adds supporting.
    Mea,
}

impl Scheme {
    /// id used in outputs
    pub fn id(self) -> &'static str {
        match self {
            Scheme::Seea => "seea",
            Scheme::Mea => "mea",
        }
    }
}

/// Service class under SEEA (three-way) or MEA (four-way).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceClass {
    /// 供给服务
    Provisioning,
    /// 调节服务
    Regulating,
    /// 文化服务
    Cultural,
    /// 支持服务 (MEA only)
    Supporting,
}

impl ServiceClass {
    /// All, in report order.
    pub const ALL: [ServiceClass; 4] = [
        ServiceClass::Provisioning,
        ServiceClass::Regulating,
        ServiceClass::Cultural,
        ServiceClass::Supporting,
    ];
    /// id used in outputs
    pub fn id(self) -> &'static str {
        match self {
            ServiceClass::Provisioning => "provisioning",
            ServiceClass::Regulating => "regulating",
            ServiceClass::Cultural => "cultural",
            ServiceClass::Supporting => "supporting",
        }
    }
    /// Chinese name
    pub fn zh(self) -> &'static str {
        match self {
            ServiceClass::Provisioning => "供给服务",
            ServiceClass::Regulating => "调节服务",
            ServiceClass::Cultural => "文化服务",
            ServiceClass::Supporting => "支持服务",
        }
    }
}

/// Valuation method (价值量评估方法), names as in Ganzi 2017 Table 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// 市场价值法
    MarketValue,
    /// 影子工程法
    ShadowProject,
    /// 替代成本法
    ReplacementCost,
    /// 防治费用法 (pollutant treatment cost)
    AbatementCost,
    /// 造林成本法 (or a carbon price)
    AfforestationCost,
    /// 工业制氧法
    IndustrialOxygen,
    /// 防治费用法 (pest prevention cost)
    PreventionCost,
    /// 旅行费用法
    TravelCost,
}

impl Method {
    /// Chinese name
    pub fn zh(self) -> &'static str {
        match self {
            Method::MarketValue => "市场价值法",
            Method::ShadowProject => "影子工程法",
            Method::ReplacementCost => "替代成本法",
            Method::AbatementCost => "防治费用法",
            Method::AfforestationCost => "造林成本法",
            Method::IndustrialOxygen => "工业制氧法",
            Method::PreventionCost => "防治费用法",
            Method::TravelCost => "旅行费用法",
        }
    }
    /// English name
    pub fn en(self) -> &'static str {
        match self {
            Method::MarketValue => "market value",
            Method::ShadowProject => "shadow project",
            Method::ReplacementCost => "replacement cost",
            Method::AbatementCost => "abatement cost",
            Method::AfforestationCost => "afforestation cost",
            Method::IndustrialOxygen => "industrial oxygen cost",
            Method::PreventionCost => "prevention cost",
            Method::TravelCost => "travel cost",
        }
    }
}
