//! Ecosystem services as columns of an equivalent-factor table.

use std::fmt;

use serde::Serialize;

/// Service group in the MEA (2005) four-way split used by Xie et al.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceGroup {
    /// 供给服务: food, raw materials, water supply.
    Provisioning,
    /// 调节服务: gas, climate, purification, hydrology.
    Regulating,
    /// 支持服务: soil, nutrient cycling, biodiversity.
    Supporting,
    /// 文化服务: aesthetic landscape, recreation.
    Cultural,
}

impl ServiceGroup {
    /// English id (`provisioning`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceGroup::Provisioning => "provisioning",
            ServiceGroup::Regulating => "regulating",
            ServiceGroup::Supporting => "supporting",
            ServiceGroup::Cultural => "cultural",
        }
    }

    /// Chinese name (供给服务, ...).
    pub fn name_cn(self) -> &'static str {
        match self {
            ServiceGroup::Provisioning => "供给服务",
            ServiceGroup::Regulating => "调节服务",
            ServiceGroup::Supporting => "支持服务",
            ServiceGroup::Cultural => "文化服务",
        }
    }
}

impl fmt::Display for ServiceGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One service (one column of coefficients).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Service {
    /// Stable id, e.g. `food_production`.
    pub id: String,
    /// Chinese name as in the source paper, e.g. 食物生产.
    pub name_cn: String,
    /// English name, e.g. "food production".
    pub name_en: String,
    /// MEA group.
    pub group: ServiceGroup,
}
