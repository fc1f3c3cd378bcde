//! Costanza et al. 1997 and 2014 global biome unit values and areas.
//!
//! Source table: `data/params/costanza1997.csv` (see its `#` notes and
//! `docs/GEP.md` §3). Two unit-value tables are built from it, both in
//! 2007 US$/ha/yr:
//!
//! - `costanza2014`: the 2011 unit values of Costanza et al. 2014
//!   (Global Environmental Change 26: 152-158, Table 3), with 2011 areas;
//! - `costanza1997_2007usd`: the 1997 unit values of Costanza et al. 1997
//!   (Nature 387: 253-260) restated in 2007 US$ by Costanza et al. 2014
//!   Table 3, with 1997 areas.
//!
//! Only leaf biomes are used; aggregate rows (Marine, Coastal,
//! Terrestrial, Forest, Wetlands) and the TOTAL row are skipped so that no
//! area is counted twice.

use serde::Serialize;

use crate::csvtable::{CsvRow, CsvTable};
use crate::error::ParamsError;
use crate::provenance::TableProvenance;
use crate::unit_value::{UnitValueEntry, UnitValueTable};

const FILE: &str = "data/params/costanza1997.csv";
const CSV: &str = include_str!("../../../data/params/costanza1997.csv");

/// Citation of Costanza et al. 1997.
pub const COSTANZA_1997: &str = "Costanza R, d'Arge R, de Groot R, et al. The value of the world's ecosystem services and natural capital. Nature, 1997, 387: 253-260 (Table 2)";
/// Citation of Costanza et al. 2014.
pub const COSTANZA_2014: &str = "Costanza R, de Groot R, Sutton P, et al. Changes in the global value of ecosystem services. Global Environmental Change, 2014, 26: 152-158 (Table 3)";

/// One row of the Costanza biome table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostanzaBiome {
    /// Id derived from the name: lower case, non-alphanumerics → `_`
    /// (e.g. `tidal_marsh_mangroves`).
    pub id: String,
    /// Name as in the table (e.g. "Tidal marsh/mangroves").
    pub name: String,
    /// True for aggregate rows (Marine, Coastal, Terrestrial, Forest, Wetlands).
    pub aggregate: bool,
    /// Area in 1997, 10⁶ ha (Costanza et al. 1997 Table 2).
    pub area_1997_mha: f64,
    /// Area in 2011, 10⁶ ha (Costanza et al. 2014).
    pub area_2011_mha: Option<f64>,
    /// Original 1997 unit value, 1994 US$/ha/yr (only 4 biomes read).
    pub uv_1994usd: Option<f64>,
    /// Original 1997 global flow, 10¹² US$/yr (only 4 biomes read).
    pub global_flow_1997_tusd: Option<f64>,
    /// 1997 unit value restated in 2007 US$/ha/yr (Costanza 2014 Table 3);
    /// `None` where the biome was not valued in 1997.
    pub uv_1997_2007usd: Option<f64>,
    /// 2011 unit value, 2007 US$/ha/yr (Costanza 2014 Table 3).
    pub uv_2011_2007usd: Option<f64>,
    /// Source keys of the areas.
    pub area_sources: String,
    /// Source keys of the values.
    pub value_sources: String,
    /// Verification note.
    pub verification: String,
}

/// Global biome rows of the shipped table (aggregates included, the
/// TOTAL row excluded).
///
/// # Errors
/// Only [`ParamsError::BuiltinLayout`] and parse errors of the shipped
/// file (a bug caught by the tests).
pub fn costanza_biomes() -> Result<Vec<CostanzaBiome>, ParamsError> {
    let csv = CsvTable::from_text(CSV, FILE)?;
    let col = |name: &str| csv.column(name);
    let (c_biome, c_agg, c_a97, c_a11) = (
        col("biome")?,
        col("aggregate")?,
        col("area_1997_Mha")?,
        col("area_2011_Mha")?,
    );
    let (c_uv94, c_flow, c_uv97, c_uv11) = (
        col("unit_value_1994usd_per_ha_yr")?,
        col("global_flow_1997_trillion_usd")?,
        col("unit_value_1997_in_2007usd_per_ha_yr")?,
        col("unit_value_2011_in_2007usd_per_ha_yr")?,
    );
    let (c_as, c_vs, c_ver) = (
        col("area_sources")?,
        col("value_sources")?,
        col("verification")?,
    );
    let num = |row: &CsvRow, c: usize| csv.optional_number(row, c, "a number in the shipped table");
    let mut out = Vec::new();
    for row in &csv.rows {
        let name = csv.text(row, c_biome)?.to_string();
        if name.to_ascii_uppercase().starts_with("TOTAL") {
            continue;
        }
        out.push(CostanzaBiome {
            id: slug(&name),
            aggregate: row.get(c_agg).eq_ignore_ascii_case("yes"),
            area_1997_mha: csv.number(row, c_a97, "1997 area in 10^6 ha")?,
            area_2011_mha: num(row, c_a11)?,
            uv_1994usd: num(row, c_uv94)?,
            global_flow_1997_tusd: num(row, c_flow)?,
            uv_1997_2007usd: num(row, c_uv97)?,
            uv_2011_2007usd: num(row, c_uv11)?,
            area_sources: row.get(c_as).to_string(),
            value_sources: row.get(c_vs).to_string(),
            verification: row.get(c_ver).to_string(),
            name,
        });
    }
    Ok(out)
}

fn slug(name: &str) -> String {
    let mut s = String::with_capacity(name.len());
    for ch in name.chars() {
        if ch.is_ascii_alphanumeric() {
            s.push(ch.to_ascii_lowercase());
        } else if !s.ends_with('_') {
            s.push('_');
        }
    }
    s.trim_matches('_').to_string()
}

/// Which Costanza unit-value table to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CostanzaEdition {
    /// 2011 values with 2011 areas.
    Y2014,
    /// 1997 values (in 2007 US$) with 1997 areas.
    Y1997In2007Usd,
}

/// Build a shipped Costanza unit-value table.
pub(crate) fn costanza_table(edition: CostanzaEdition) -> Result<UnitValueTable, ParamsError> {
    let biomes = costanza_biomes()?;
    let csv_notes = CsvTable::from_text(CSV, FILE)?.comments;
    let mut entries = Vec::new();
    for b in biomes.iter().filter(|b| !b.aggregate) {
        let (value, area) = match edition {
            CostanzaEdition::Y2014 => (b.uv_2011_2007usd, b.area_2011_mha),
            CostanzaEdition::Y1997In2007Usd => (b.uv_1997_2007usd, Some(b.area_1997_mha)),
        };
        let note = match (edition, value) {
            (_, Some(0.0)) => "not valued in the source (0)".to_string(),
            (_, None) => "not valued in Costanza et al. 1997 (blank) → 0".to_string(),
            (CostanzaEdition::Y2014, Some(_)) => {
                format!("{}; sources {}", b.verification, b.value_sources)
            }
            (CostanzaEdition::Y1997In2007Usd, Some(v)) => match b.uv_1994usd {
                // The original 1994$ value was legible: show the restatement factor.
                Some(v94) if v94 > 0.0 => format!(
                    "Costanza 2014 Table 3 (G2) = 1997 paper's {v94} (1994 US$) × {:.2}",
                    v / v94
                ),
                _ => "Costanza 2014 Table 3 (single source G2)".to_string(),
            },
        };
        entries.push(UnitValueEntry {
            ecosystem_type: b.id.clone(),
            name: b.name.clone(),
            service: None,
            value: value.unwrap_or(0.0),
            reference_area_mha: area,
            note,
        });
    }
    let (name, title, citation, extra) = match edition {
        CostanzaEdition::Y2014 => (
            "costanza2014",
            "Costanza et al. 2014 global unit values for 2011 (benefit transfer)",
            COSTANZA_2014,
            "2011 unit values in 2007 US$/ha/yr; reference areas are the 2011 biome areas",
        ),
        CostanzaEdition::Y1997In2007Usd => (
            "costanza1997_2007usd",
            "Costanza et al. 1997 global unit values restated in 2007 US$ (benefit transfer)",
            COSTANZA_1997,
            "1997 unit values restated in 2007 US$/ha/yr by Costanza et al. 2014 Table 3 (single source G2); reference areas are the 1997 biome areas; desert, tundra, ice/rock and urban were not valued (0)",
        ),
    };
    let mut notes = csv_notes;
    notes.push(extra.to_string());
    Ok(UnitValueTable {
        name: name.to_string(),
        title: title.to_string(),
        citation: citation.to_string(),
        currency: "USD".to_string(),
        price_year: 2007,
        notes,
        entries,
        provenance: TableProvenance::builtin(name, CSV),
    })
}

impl UnitValueTable {
    /// A shipped unit-value table: `costanza2014` or `costanza1997_2007usd`.
    ///
    /// # Errors
    /// [`ParamsError::UnknownName`] with the nearest name.
    pub fn builtin(name: &str) -> Result<UnitValueTable, ParamsError> {
        match name.trim().to_ascii_lowercase().as_str() {
            "costanza2014" => costanza_table(CostanzaEdition::Y2014),
            "costanza1997_2007usd" => costanza_table(CostanzaEdition::Y1997In2007Usd),
            _ => {
                let names = builtin_unit_value_names();
                Err(ParamsError::UnknownName {
                    kind: "unit-value table",
                    name: name.to_string(),
                    suggestion: crate::suggest::nearest(name, &names),
                    available: crate::suggest::quoted_list(&names),
                })
            }
        }
    }
}

/// Names of the shipped unit-value tables.
pub fn builtin_unit_value_names() -> Vec<&'static str> {
    vec!["costanza2014", "costanza1997_2007usd"]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Global value in 10¹² US$/yr: Σ area (10⁶ ha) × value (US$/ha/yr) / 10⁶.
    fn total(
        leaves: &[&CostanzaBiome],
        area: impl Fn(&CostanzaBiome) -> f64,
        uv: impl Fn(&CostanzaBiome) -> f64,
    ) -> f64 {
        leaves.iter().map(|b| area(b) * uv(b)).sum::<f64>() / 1e6
    }

    fn leaves(biomes: &[CostanzaBiome]) -> Vec<&CostanzaBiome> {
        biomes.iter().filter(|b| !b.aggregate).collect()
    }

    #[test]
    fn biome_table_parses() {
        let b = costanza_biomes().unwrap();
        let l = leaves(&b);
        assert_eq!(l.len(), 16, "16 leaf biomes as in Costanza 1997");
        assert!(l.iter().any(|b| b.id == "tidal_marsh_mangroves"));
        // Leaf 1997 areas add up to the published biosphere total (51,625 Mha).
        let area: f64 = l.iter().map(|b| b.area_1997_mha).sum();
        assert!((area - 51_625.0).abs() < 1.0, "{area}");
    }

    #[test]
    fn global_totals_match_costanza_2014_abstract() {
        let b = costanza_biomes().unwrap();
        let l = leaves(&b);
        let a97 = |b: &CostanzaBiome| b.area_1997_mha;
        let a11 = |b: &CostanzaBiome| b.area_2011_mha.unwrap_or(0.0);
        let uv11 = |b: &CostanzaBiome| b.uv_2011_2007usd.unwrap_or(0.0);
        let uv97 = |b: &CostanzaBiome| b.uv_1997_2007usd.unwrap_or(0.0);
        let t_2011 = total(&l, a11, uv11);
        let t_2011_values_only = total(&l, a97, uv11);
        let t_1997 = total(&l, a97, uv97);
        // Published (rounded to 1 T$): 125, 145 and 46 trillion 2007 US$/yr.
        assert!(
            (t_2011 - 125.0).abs() < 1.0,
            "2011 areas × 2011 values = {t_2011}"
        );
        assert!(
            (t_2011_values_only - 145.0).abs() < 1.0,
            "1997 areas × 2011 values = {t_2011_values_only}"
        );
        assert!(
            (t_1997 - 46.0).abs() < 1.0,
            "1997 areas × 1997 values = {t_1997}"
        );
    }

    #[test]
    fn original_1997_flows_reproduced_for_legible_rows() {
        // area (10^6 ha) × 1994 US$/ha/yr = printed global flow (10^12 US$/yr, 1 decimal).
        let b = costanza_biomes().unwrap();
        let legible: Vec<&CostanzaBiome> = b.iter().filter(|b| b.uv_1994usd.is_some()).collect();
        assert_eq!(legible.len(), 4);
        for x in legible {
            let flow = x.area_1997_mha * x.uv_1994usd.unwrap() / 1e6;
            let printed = x.global_flow_1997_tusd.unwrap();
            assert!(
                (flow - printed).abs() <= 0.05 + 1e-9,
                "{}: {flow} vs {printed}",
                x.name
            );
        }
    }

    #[test]
    fn unit_value_tables_reproduce_totals_from_their_own_areas() {
        for (name, expected) in [("costanza2014", 125.0), ("costanza1997_2007usd", 46.0)] {
            let t = UnitValueTable::builtin(name).unwrap();
            assert_eq!(t.unit(), "2007 USD/ha/yr");
            assert_eq!(t.type_ids().len(), 16);
            let sum: f64 = t
                .entries
                .iter()
                .map(|e| e.value * e.reference_area_mha.unwrap_or(0.0))
                .sum::<f64>()
                / 1e6;
            assert!((sum - expected).abs() < 1.0, "{name}: {sum}");
        }
        let t = UnitValueTable::builtin("costanza1997_2007usd").unwrap();
        assert_eq!(t.total_for("urban").unwrap(), 0.0);
        assert_eq!(t.total_for("cropland").unwrap(), 126.0);
        let e = UnitValueTable::builtin("costanza2041").unwrap_err();
        assert!(
            e.to_string().contains("did you mean `costanza2014`?"),
            "{e}"
        );
    }
}
