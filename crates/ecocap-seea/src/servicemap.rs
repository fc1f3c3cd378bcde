//! Which SEEA EA ecosystem service each ecocap indicator supplies, as data.
//!
//! The SEEA reference list of selected ecosystem services (SEEA EA 2021
//! ch. 6) is shipped in `data/seea_services.csv`; the mapping from GEP
//! catalog indicators and from ESV (Xie 2015) services to it, with the
//! final / intermediate flag, in `data/service_map.csv`. A user CSV with
//! the same columns replaces rows of the shipped mapping.

use crate::error::SeeaError;
use serde::Serialize;
use std::collections::BTreeMap;

const SERVICES_CSV: &str = include_str!("../data/seea_services.csv");
const MAP_CSV: &str = include_str!("../data/service_map.csv");

/// SEEA EA service class (three-way split).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SeeaClass {
    /// provisioning services
    Provisioning,
    /// regulating and maintenance services
    Regulating,
    /// cultural services
    Cultural,
}

/// One service of the reference list.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceDef {
    /// id
    pub id: String,
    /// class
    pub class: SeeaClass,
    /// English name
    pub name_en: String,
    /// Chinese name
    pub name_zh: String,
}

/// Where an indicator goes.
#[derive(Debug, Clone, Serialize)]
pub struct MapEntry {
    /// "gep" or "esv"
    pub source: String,
    /// the indicator or ESV service id
    pub indicator: String,
    /// SEEA service id
    pub seea_service: String,
    /// final (main tables) or intermediate (memo table)
    pub is_final: bool,
    /// why
    pub note: String,
}

/// The reference list and the mapping.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceMap {
    /// reference list, in table order
    pub services: Vec<ServiceDef>,
    /// (source, indicator) → entry
    pub entries: BTreeMap<(String, String), MapEntry>,
    /// labels of the tables used (shipped, user overrides)
    pub origins: Vec<String>,
}

/// Rows of a CSV as (line, column → value).
type Records = Vec<(u64, BTreeMap<String, String>)>;

fn records(text: &str, label: &str) -> Result<Records, SeeaError> {
    let mut rdr = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| SeeaError::input(label, e.to_string(), "check the CSV"))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| SeeaError::input(label, e.to_string(), "check the CSV"))?;
        let line = rec.position().map_or(0, |p| p.line());
        let row = headers
            .iter()
            .cloned()
            .zip(rec.iter().map(str::to_string))
            .collect();
        out.push((line, row));
    }
    Ok(out)
}

fn field<'a>(
    row: &'a BTreeMap<String, String>,
    name: &str,
    label: &str,
    line: u64,
) -> Result<&'a str, SeeaError> {
    row.get(name)
        .map(String::as_str)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            SeeaError::input(
                format!("{label} line {line}"),
                format!("column '{name}' is missing or empty"),
                "columns: source,indicator,seea_service,final[,note]",
            )
        })
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" | "final" | "最终" => Some(true),
        "false" | "no" | "0" | "intermediate" | "中间" => Some(false),
        _ => None,
    }
}

impl ServiceMap {
    /// The shipped reference list and mapping.
    pub fn builtin() -> Result<ServiceMap, SeeaError> {
        let mut services = Vec::new();
        for (line, row) in records(SERVICES_CSV, "seea_services.csv")? {
            let l = "seea_services.csv";
            let class = match field(&row, "class", l, line)? {
                "provisioning" => SeeaClass::Provisioning,
                "regulating" => SeeaClass::Regulating,
                _ => SeeaClass::Cultural,
            };
            services.push(ServiceDef {
                id: field(&row, "id", l, line)?.to_string(),
                class,
                name_en: field(&row, "name_en", l, line)?.to_string(),
                name_zh: field(&row, "name_zh", l, line)?.to_string(),
            });
        }
        let mut map = ServiceMap {
            services,
            entries: BTreeMap::new(),
            origins: vec!["builtin service_map.csv (ecocap)".into()],
        };
        map.apply_csv(MAP_CSV, "service_map.csv")?;
        Ok(map)
    }

    /// Replace or add entries from a CSV `source,indicator,seea_service,final[,note]`.
    pub fn apply_csv(&mut self, text: &str, label: &str) -> Result<(), SeeaError> {
        for (line, row) in records(text, label)? {
            let source = field(&row, "source", label, line)?.to_ascii_lowercase();
            let indicator = field(&row, "indicator", label, line)?.to_string();
            let svc = field(&row, "seea_service", label, line)?.to_string();
            if self.service(&svc).is_none() {
                let ids: Vec<&str> = self.services.iter().map(|s| s.id.as_str()).collect();
                return Err(SeeaError::input(
                    format!("{label} line {line}"),
                    format!("unknown SEEA service '{svc}'"),
                    format!("use one of: {}", ids.join(", ")),
                ));
            }
            let fin = field(&row, "final", label, line)?;
            let is_final = parse_bool(fin).ok_or_else(|| {
                SeeaError::input(
                    format!("{label} line {line}"),
                    format!("final = '{fin}' is not true or false"),
                    "write true for final services, false for intermediate ones",
                )
            })?;
            self.entries.insert(
                (source.clone(), indicator.clone()),
                MapEntry {
                    source,
                    indicator,
                    seea_service: svc,
                    is_final,
                    note: row.get("note").cloned().unwrap_or_default(),
                },
            );
        }
        if label != "service_map.csv" {
            self.origins.push(label.to_string());
        }
        Ok(())
    }

    /// A service of the reference list.
    pub fn service(&self, id: &str) -> Option<&ServiceDef> {
        self.services.iter().find(|s| s.id == id)
    }

    /// Where `indicator` of `source` goes.
    pub fn lookup(&self, source: &str, indicator: &str) -> Result<&MapEntry, SeeaError> {
        self.entries
            .get(&(source.to_string(), indicator.to_string()))
            .ok_or_else(|| {
                SeeaError::input(
                    format!("{source} indicator '{indicator}'"),
                    "no SEEA service is mapped for it",
                    "add a row `source,indicator,seea_service,final` to the service_map CSV named in [services] (e.g. gep,my_indicator,water_supply,true)",
                )
            })
    }

    /// Position of a service in the reference list (for row order).
    pub fn order(&self, id: &str) -> usize {
        self.services
            .iter()
            .position(|s| s.id == id)
            .unwrap_or(usize::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_entry_names_a_listed_service() {
        let m = ServiceMap::builtin().unwrap();
        assert!(m.entries.len() >= 40);
        for e in m.entries.values() {
            assert!(m.service(&e.seea_service).is_some(), "{}", e.seea_service);
        }
        assert!(!m.lookup("esv", "biodiversity").unwrap().is_final);
        assert!(m.lookup("gep", "carbon_sequestration").unwrap().is_final);
    }

    #[test]
    fn overrides_replace_rows_and_bad_services_are_refused() {
        let mut m = ServiceMap::builtin().unwrap();
        m.apply_csv(
            "source,indicator,seea_service,final\nesv,biodiversity,habitat_maintenance,true\n",
            "mine.csv",
        )
        .unwrap();
        assert!(m.lookup("esv", "biodiversity").unwrap().is_final);
        let e = m
            .apply_csv(
                "source,indicator,seea_service,final\ngep,x,water_suply,true\n",
                "mine.csv",
            )
            .unwrap_err();
        assert!(e.to_string().contains("water_suply"), "{e}");
        assert!(m.lookup("gep", "nope").is_err());
    }
}
