//! Resolving an ecosystem-type id against a table.
//!
//! Every table accepts its own type ids and the pseudo-type `none`
//! (land valued at zero, e.g. built-up land). The level-1 tables (Xie 2008
//! and 2003) also accept the Xie 2015 level-2 ids through
//! [`LEVEL2_TO_LEVEL1`], so one class mapping (written against Xie 2015,
//! as all shipped mappings are) works with every table.

use serde::Serialize;

use crate::error::{valid_list, ParamsError};
use crate::suggest::nearest;

use super::table::EquivalentTable;

/// The pseudo-type for land that carries no ecosystem-service value.
pub const NONE_TYPE: &str = "none";

/// One entry of the Xie 2015 level-2 → Xie 2008/2003 level-1 correspondence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Level2Correspondence {
    /// Xie 2015 level-2 id.
    pub level2: &'static str,
    /// Level-1 id in the Xie 2008 / 2003 tables.
    pub level1: &'static str,
    /// Why.
    pub reason: &'static str,
}

const fn c(
    level2: &'static str,
    level1: &'static str,
    reason: &'static str,
) -> Level2Correspondence {
    Level2Correspondence {
        level2,
        level1,
        reason,
    }
}

/// Xie 2015 level-2 ids → level-1 ids of the Xie 2008 / 2003 tables.
///
/// Xie 2015 itself groups its level-2 types under level-1 types (农田,
/// 森林, 草地, 湿地, 荒漠, 水域); this follows that grouping, with two
/// renamings: 荒漠 → `desert_unused` (the older tables' 荒漠/未利用地 row)
/// and 水域 → `water`.
pub const LEVEL2_TO_LEVEL1: &[Level2Correspondence] = &[
    c(
        "dry_land",
        "farmland",
        "旱地 is a farmland (农田) sub-type in Xie 2015",
    ),
    c(
        "paddy",
        "farmland",
        "水田 is a farmland (农田) sub-type in Xie 2015",
    ),
    c(
        "needleleaf",
        "forest",
        "针叶林 is a forest (森林) sub-type in Xie 2015",
    ),
    c(
        "mixed_needle_broadleaf",
        "forest",
        "针阔混交林 is a forest (森林) sub-type in Xie 2015",
    ),
    c(
        "broadleaf",
        "forest",
        "阔叶林 is a forest (森林) sub-type in Xie 2015",
    ),
    c(
        "shrub",
        "forest",
        "Xie 2015 files 灌木 under forest (森林), so shrubland takes the older tables' forest row",
    ),
    c(
        "steppe",
        "grassland",
        "草原 is a grassland (草地) sub-type in Xie 2015",
    ),
    c(
        "shrub_grass",
        "grassland",
        "灌草丛 is a grassland (草地) sub-type in Xie 2015",
    ),
    c(
        "meadow",
        "grassland",
        "草甸 is a grassland (草地) sub-type in Xie 2015",
    ),
    c("wetland", "wetland", "same type in all tables"),
    c(
        "desert",
        "desert_unused",
        "荒漠 is the older tables' 荒漠(未利用地) row",
    ),
    c(
        "bare_land",
        "desert_unused",
        "Xie 2015 files 裸地 under 荒漠; the older tables have no separate bare-land row",
    ),
    c(
        "water_system",
        "water",
        "水系 is the older tables' 水域/水体 row",
    ),
    c(
        "glacier_snow",
        "water",
        "Xie 2015 files 冰川积雪 under 水域 (water); the older tables have no snow/ice row",
    ),
];

/// The result of resolving a type id against a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ResolvedType {
    /// A row of the table.
    Row {
        /// Row index in [`EquivalentTable::types`].
        index: usize,
        /// The row's id.
        id: String,
        /// Set when a Xie 2015 level-2 id was resolved to a level-1 row
        /// through [`LEVEL2_TO_LEVEL1`].
        via_level2: Option<String>,
    },
    /// The pseudo-type `none`: every service is valued at zero.
    Zero,
}

impl ResolvedType {
    /// Row index, or `None` for [`ResolvedType::Zero`].
    pub fn index(&self) -> Option<usize> {
        match self {
            ResolvedType::Row { index, .. } => Some(*index),
            ResolvedType::Zero => None,
        }
    }
}

impl EquivalentTable {
    /// Resolve an ecosystem-type id (trimmed, case-insensitive).
    ///
    /// Accepts the table's own ids, `none`, and for level-1 tables the
    /// Xie 2015 level-2 ids (see [`LEVEL2_TO_LEVEL1`]).
    ///
    /// # Errors
    /// [`ParamsError::UnknownEcosystemType`] with the nearest valid id.
    pub fn resolve_type(&self, id: &str) -> Result<ResolvedType, ParamsError> {
        let key = id.trim().to_ascii_lowercase();
        if key == NONE_TYPE {
            return Ok(ResolvedType::Zero);
        }
        if let Some(index) = self.type_index(&key) {
            return Ok(ResolvedType::Row {
                index,
                id: self.types[index].id.clone(),
                via_level2: None,
            });
        }
        if !self.level2 {
            if let Some(corr) = LEVEL2_TO_LEVEL1.iter().find(|c| c.level2 == key) {
                if let Some(index) = self.type_index(corr.level1) {
                    return Ok(ResolvedType::Row {
                        index,
                        id: self.types[index].id.clone(),
                        via_level2: Some(corr.level2.to_string()),
                    });
                }
            }
        }
        let accepted = self.accepted_type_ids();
        Err(ParamsError::UnknownEcosystemType {
            table: self.name.clone(),
            id: id.to_string(),
            suggestion: nearest(id, &accepted),
            valid: valid_list(&self.type_ids()),
        })
    }

    /// Every id [`EquivalentTable::resolve_type`] accepts (own ids, the
    /// level-2 ids for level-1 tables, and `none`).
    pub fn accepted_type_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.types.iter().map(|t| t.id.clone()).collect();
        if !self.level2 {
            ids.extend(LEVEL2_TO_LEVEL1.iter().map(|c| c.level2.to_string()));
        }
        ids.push(NONE_TYPE.to_string());
        ids
    }

    /// Coefficients for a resolved type (`None` for `none`: all zero).
    pub fn coefficients_for(&self, resolved: &ResolvedType) -> Option<&[f64]> {
        resolved.index().map(|i| self.row(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_ids_and_none() {
        let t = EquivalentTable::xie2015().unwrap();
        let r = t.resolve_type(" Dry_Land ").unwrap();
        assert_eq!(r.index(), t.type_index("dry_land"));
        assert_eq!(t.resolve_type("none").unwrap(), ResolvedType::Zero);
        assert_eq!(t.coefficients_for(&ResolvedType::Zero), None);
    }

    #[test]
    fn xie2015_rejects_level1_ids_with_suggestion() {
        let t = EquivalentTable::xie2015().unwrap();
        let e = t.resolve_type("dryland").unwrap_err();
        assert!(e.to_string().contains("did you mean `dry_land`?"), "{e}");
        assert!(t.resolve_type("forest").is_err());
    }

    #[test]
    fn correspondence_covers_every_xie2015_type_and_resolves() {
        let x15 = EquivalentTable::xie2015().unwrap();
        let mut seen: Vec<&str> = LEVEL2_TO_LEVEL1.iter().map(|c| c.level2).collect();
        seen.sort_unstable();
        let mut ids = x15.type_ids();
        ids.sort_unstable();
        assert_eq!(seen, ids, "every Xie 2015 type has exactly one level-1 row");
        for name in ["xie2008", "xie2003"] {
            let t = EquivalentTable::builtin(name).unwrap();
            for corr in LEVEL2_TO_LEVEL1 {
                match t.resolve_type(corr.level2).unwrap() {
                    ResolvedType::Row { id, via_level2, .. } => {
                        assert_eq!(id, corr.level1);
                        let expected_via = (corr.level2 != corr.level1).then_some(corr.level2);
                        assert_eq!(via_level2.as_deref(), expected_via);
                    }
                    ResolvedType::Zero => panic!("{} resolved to none", corr.level2),
                }
            }
            // Own ids resolve directly.
            let r = t.resolve_type("farmland").unwrap();
            assert!(matches!(
                r,
                ResolvedType::Row {
                    via_level2: None,
                    ..
                }
            ));
        }
        // The correspondence follows Xie 2015's own level-1 grouping,
        // except the two renamed level-1 types.
        for corr in LEVEL2_TO_LEVEL1 {
            let i = x15.type_index(corr.level2).unwrap();
            let l1 = x15.types[i].level1_id.as_str();
            let expected = match l1 {
                "desert" => "desert_unused",
                other => other,
            };
            assert_eq!(corr.level1, expected, "{}", corr.level2);
        }
    }

    #[test]
    fn unknown_in_level1_table_suggests_from_accepted_ids() {
        let t = EquivalentTable::builtin("xie2008").unwrap();
        let e = t.resolve_type("grasland").unwrap_err();
        assert!(e.to_string().contains("did you mean `grassland`?"), "{e}");
    }
}
