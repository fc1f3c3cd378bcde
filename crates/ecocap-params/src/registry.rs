//! The registry of shipped tables: one list, tested as a whole.

use std::fmt;

use serde::Serialize;

use crate::costanza::builtin_unit_value_names;
use crate::equivalent::{builtin_equivalent_names, EquivalentTable};
use crate::error::ParamsError;
use crate::mapping::{builtin_mapping_names, ClassMapping};
use crate::price::PriceTable;
use crate::suggest::{nearest, quoted_list};
use crate::unit_value::UnitValueTable;

/// What kind of table an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// Dimensionless equivalent factors (Xie et al.).
    EquivalentFactors,
    /// Unit values in currency/ha/yr (benefit transfer).
    UnitValues,
    /// Unit prices for GEP valuation.
    Prices,
    /// Land-cover class → ecosystem type mapping.
    ClassMapping,
}

impl TableKind {
    /// Short label for listings.
    pub fn as_str(self) -> &'static str {
        match self {
            TableKind::EquivalentFactors => "equivalent factors",
            TableKind::UnitValues => "unit values",
            TableKind::Prices => "prices",
            TableKind::ClassMapping => "class mapping",
        }
    }
}

impl fmt::Display for TableKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A shipped table, parsed.
#[derive(Debug, Clone, PartialEq)]
pub enum BuiltinTable {
    /// An equivalent-factor table.
    Equivalent(EquivalentTable),
    /// A unit-value table.
    UnitValue(UnitValueTable),
    /// A price table.
    Price(PriceTable),
    /// A class mapping.
    Mapping(ClassMapping),
}

/// Summary of one shipped table, as listed by `ecocap params list`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistryEntry {
    /// Name used on the command line (`--table xie2015`, `--mapping clcd`).
    pub name: String,
    /// Kind of table.
    pub kind: TableKind,
    /// Version (publication year of the source, or edition).
    pub version: String,
    /// Units of the numbers.
    pub units: String,
    /// Price year of money values, or why there is none.
    pub price_year: String,
    /// Short source.
    pub source: String,
    /// Verification summary.
    pub verification: String,
}

/// Every shipped table by name.
#[derive(Debug, Clone, PartialEq)]
pub struct Registry {
    items: Vec<(RegistryEntry, BuiltinTable)>,
}

fn equivalent_entry(t: &EquivalentTable) -> RegistryEntry {
    let unverified: Vec<&str> = t.unverified_types().iter().map(|r| r.id.as_str()).collect();
    let n = t.types.len();
    let verification = if unverified.is_empty() {
        format!("all {n} rows read identically in >= 2 sources")
    } else {
        format!(
            "{} of {n} rows in >= 2 sources; single-source (unverified): {}",
            n - unverified.len(),
            unverified.join(", ")
        )
    };
    RegistryEntry {
        name: t.name.clone(),
        kind: TableKind::EquivalentFactors,
        version: t.year.map_or_else(|| "user".to_string(), |y| y.to_string()),
        units: format!(
            "dimensionless equivalents ({} types × {} services)",
            n,
            t.services.len()
        ),
        price_year: "- (set by the standard-equivalent value)".into(),
        source: t.citation.clone(),
        verification,
    }
}

fn unit_value_entry(t: &UnitValueTable) -> RegistryEntry {
    RegistryEntry {
        name: t.name.clone(),
        kind: TableKind::UnitValues,
        version: if t.name.contains("1997") {
            "1997 (restated 2014)".into()
        } else {
            "2014".into()
        },
        units: t.unit(),
        price_year: t.price_year.to_string(),
        source: t.citation.clone(),
        verification: if t.name.contains("1997") {
            "single source (a copy of Costanza 2014 Table 3); 4 biomes cross-checked against the 1997 paper's 1994$ values (× 1.38)".into()
        } else {
            "2011 unit values read in 2 sources for every valued leaf biome".into()
        },
    }
}

fn price_entry(t: &PriceTable) -> RegistryEntry {
    let ok = t.rows.iter().filter(|r| r.is_verified()).count();
    let mut years: Vec<u16> = t.rows.iter().filter_map(|r| r.base_year).collect();
    years.sort_unstable();
    years.dedup();
    RegistryEntry {
        name: t.name.clone(),
        kind: TableKind::Prices,
        version: "2017-2018 sources".into(),
        units: "per row (yuan/m3, yuan/t, yuan/kWh, yuan/hm2, ...)".into(),
        price_year: format!(
            "per row ({}; some not stated)",
            years
                .iter()
                .map(u16::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        source: "Chinese GEP case studies (Ganzi 2017 and others), see each row".into(),
        verification: format!("{ok} of {} prices reproduced or in 2 sources", t.rows.len()),
    }
}

fn mapping_entry(m: &ClassMapping) -> RegistryEntry {
    RegistryEntry {
        name: m.name.clone(),
        kind: TableKind::ClassMapping,
        version: "ecocap 1".into(),
        units: format!(
            "class code → Xie 2015 type id ({} classes)",
            m.entries.len()
        ),
        price_year: "n/a".into(),
        source: m.scheme.clone(),
        verification: "ecocap mapping choices, each explained in docs/PARAMS.md".into(),
    }
}

impl Registry {
    /// Parse every shipped table.
    ///
    /// # Errors
    /// Only [`ParamsError::BuiltinLayout`] or parse errors of shipped
    /// files (bugs caught by the tests).
    pub fn builtin() -> Result<Registry, ParamsError> {
        let mut items = Vec::new();
        for name in builtin_equivalent_names() {
            let t = EquivalentTable::builtin(name)?;
            items.push((equivalent_entry(&t), BuiltinTable::Equivalent(t)));
        }
        for name in builtin_unit_value_names() {
            let t = UnitValueTable::builtin(name)?;
            items.push((unit_value_entry(&t), BuiltinTable::UnitValue(t)));
        }
        let p = PriceTable::builtin()?;
        items.push((price_entry(&p), BuiltinTable::Price(p)));
        for name in builtin_mapping_names() {
            let m = ClassMapping::builtin(name)?;
            items.push((mapping_entry(&m), BuiltinTable::Mapping(m)));
        }
        Ok(Registry { items })
    }

    /// Summaries of every table, in listing order.
    pub fn entries(&self) -> impl Iterator<Item = &RegistryEntry> {
        self.items.iter().map(|(e, _)| e)
    }

    /// Names of every table.
    pub fn names(&self) -> Vec<&str> {
        self.entries().map(|e| e.name.as_str()).collect()
    }

    fn find(&self, name: &str) -> Result<&(RegistryEntry, BuiltinTable), ParamsError> {
        let key = name.trim().to_ascii_lowercase();
        self.items
            .iter()
            .find(|(e, _)| e.name == key)
            .ok_or_else(|| {
                let names = self.names();
                ParamsError::UnknownName {
                    kind: "table",
                    name: name.to_string(),
                    suggestion: nearest(name, &names),
                    available: quoted_list(&names),
                }
            })
    }

    /// A table by name.
    ///
    /// # Errors
    /// [`ParamsError::UnknownName`] with the nearest name.
    pub fn get(&self, name: &str) -> Result<&BuiltinTable, ParamsError> {
        self.find(name).map(|(_, t)| t)
    }

    /// The summary of a table by name.
    ///
    /// # Errors
    /// [`ParamsError::UnknownName`] with the nearest name.
    pub fn entry(&self, name: &str) -> Result<&RegistryEntry, ParamsError> {
        self.find(name).map(|(e, _)| e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_lists_every_shipped_table_once() {
        let r = Registry::builtin().unwrap();
        let mut names = r.names();
        assert_eq!(names.len(), 3 + 2 + 1 + 5);
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 11, "names are unique");
        for e in r.entries() {
            assert!(
                !e.units.is_empty() && !e.source.is_empty() && !e.verification.is_empty(),
                "{}",
                e.name
            );
            assert!(
                !e.price_year.is_empty() && !e.version.is_empty(),
                "{}",
                e.name
            );
        }
        assert!(r
            .entry("xie2015")
            .unwrap()
            .verification
            .contains("needleleaf"));
        assert!(matches!(r.get("clcd").unwrap(), BuiltinTable::Mapping(_)));
        assert!(matches!(
            r.get(" XIE2008 ").unwrap(),
            BuiltinTable::Equivalent(_)
        ));
    }

    #[test]
    fn miss_suggests_nearest() {
        let r = Registry::builtin().unwrap();
        let e = r.get("worldcovr").unwrap_err();
        let m = e.to_string();
        assert!(
            m.contains("did you mean `worldcover`?") && m.contains("hint:"),
            "{m}"
        );
    }
}
