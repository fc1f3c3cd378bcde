//! Method parameters (`--params FILE`, TOML) and engine options.
//!
//! ```toml
//! [sand_fixation]
//! bulk_density = 1.28   # t/m3, the catalog unit of the parameter
//! depth = 0.1           # m
//!
//! [double_counting]
//! exclude = ["water_supply_domestic"]  # drop from totals
//! rules = "my_rules.csv"               # replaces the built-in rule table
//! ```
//! Values are in the unit the catalog declares for the parameter
//! (`ecocap gep catalog` lists them).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ecocap_units::Unit;

use crate::catalog::{parse_rules, Catalog, DoubleCountRule, Indicator};
use crate::error::GepError;
use crate::textio::{decode, read_bytes, sha256_hex};

/// Parameters and options as resolved for a run.
#[derive(Debug, Clone, Default)]
pub struct ParamSet {
    /// the params file, if any
    pub path: Option<PathBuf>,
    /// its SHA-256
    pub sha256: Option<String>,
    /// user overrides: (indicator, parameter) → value in the catalog unit
    pub overrides: BTreeMap<(String, String), f64>,
    /// indicators excluded from totals (double counting)
    pub exclude: Vec<String>,
    /// double-counting rules in force
    pub rules: Vec<DoubleCountRule>,
    /// the rules file, if the built-in table was replaced
    pub rules_path: Option<PathBuf>,
}

impl ParamSet {
    /// Defaults only (built-in rules).
    pub fn defaults(cat: &Catalog) -> ParamSet {
        ParamSet {
            rules: cat.double_counting.clone(),
            ..Default::default()
        }
    }

    /// Read a params TOML file.
    pub fn read(path: &Path, cat: &'static Catalog) -> Result<ParamSet, GepError> {
        let bytes = read_bytes(path)?;
        let (text, _) = decode(&bytes);
        let err = |message: String| GepError::Params {
            path: path.to_path_buf(),
            message,
        };
        let doc: toml::Table =
            toml::from_str(&text).map_err(|e| err(format!("not valid TOML: {e}")))?;
        let mut set = ParamSet::defaults(cat);
        set.path = Some(path.to_path_buf());
        set.sha256 = Some(sha256_hex(&bytes));
        let mut problems = Vec::new();
        for (key, val) in &doc {
            let Some(tbl) = val.as_table() else {
                problems.push(err(format!("'{key}' must be a table like [{key}]; hint: write parameters under [indicator_id]")));
                continue;
            };
            if key == "double_counting" {
                if let Err(e) = set.read_double_counting(path, tbl, cat) {
                    problems.push(e);
                }
                continue;
            }
            let Some(ind) = cat.get(key) else {
                let hint = cat
                    .suggest(key)
                    .map(|s| format!(" (did you mean [{s}]?)"))
                    .unwrap_or_default();
                problems.push(err(format!("unknown indicator [{key}]{hint}; hint: `ecocap gep catalog` lists ids and their parameters")));
                continue;
            };
            for (pid, v) in tbl {
                let Some(spec) = ind.params.iter().find(|p| &p.id == pid) else {
                    let known: Vec<&str> = ind.params.iter().map(|p| p.id.as_str()).collect();
                    problems.push(err(format!(
                        "[{key}] has no parameter '{pid}'; accepted: {}",
                        if known.is_empty() {
                            "none".to_string()
                        } else {
                            known.join(", ")
                        }
                    )));
                    continue;
                };
                let num = v.as_float().or_else(|| v.as_integer().map(|i| i as f64));
                match num {
                    Some(x) if x.is_finite() && x > 0.0 => {
                        set.overrides.insert((ind.id.clone(), pid.clone()), x);
                    }
                    _ => problems.push(err(format!(
                        "[{key}] {pid} = {v}: must be a number > 0 in {}",
                        spec.unit
                    ))),
                }
            }
        }
        GepError::collect(problems)?;
        Ok(set)
    }

    fn read_double_counting(
        &mut self,
        path: &Path,
        tbl: &toml::Table,
        cat: &Catalog,
    ) -> Result<(), GepError> {
        let err = |message: String| GepError::Params {
            path: path.to_path_buf(),
            message,
        };
        for (k, v) in tbl {
            match k.as_str() {
                "exclude" => {
                    let arr = v.as_array().ok_or_else(|| {
                        err("[double_counting] exclude must be a list of indicator ids".into())
                    })?;
                    for x in arr {
                        let id = x.as_str().unwrap_or_default();
                        if cat.get(id).is_none() {
                            let hint = cat
                                .suggest(id)
                                .map(|s| format!(" (did you mean '{s}'?)"))
                                .unwrap_or_default();
                            return Err(err(format!(
                                "[double_counting] exclude: unknown indicator '{x}'{hint}"
                            )));
                        }
                        self.exclude.push(id.to_string());
                    }
                }
                "rules" => {
                    let rel = v
                        .as_str()
                        .ok_or_else(|| err("[double_counting] rules must be a file path".into()))?;
                    let rp = path.parent().unwrap_or(Path::new(".")).join(rel);
                    let bytes = read_bytes(&rp)?;
                    let rules = parse_rules(&bytes)
                        .map_err(|e| err(format!("rules file {}: {e}", rp.display())))?;
                    for r in &rules {
                        for x in [&r.indicator_a, &r.indicator_b] {
                            if cat.get(x).is_none() {
                                return Err(err(format!(
                                    "rules file {}: unknown indicator '{x}'",
                                    rp.display()
                                )));
                            }
                        }
                    }
                    self.rules = rules;
                    self.rules_path = Some(rp);
                }
                other => {
                    return Err(err(format!(
                        "[double_counting] unknown key '{other}'; accepted: exclude, rules"
                    )))
                }
            }
        }
        Ok(())
    }

    /// A parameter in its catalog unit, and whether the user overrode it.
    pub fn value(&self, ind: &Indicator, pid: &str) -> Option<(f64, bool)> {
        if let Some(v) = self.overrides.get(&(ind.id.clone(), pid.to_string())) {
            return Some((*v, true));
        }
        ind.params
            .iter()
            .find(|p| p.id == pid)
            .map(|p| (p.value, false))
    }

    /// A parameter converted to base units (t/m³, m, ratio, kWh/t …).
    pub fn base(&self, ind: &Indicator, pid: &str) -> Option<f64> {
        let spec = ind.params.iter().find(|p| p.id == pid)?;
        let (v, _) = self.value(ind, pid)?;
        let u = Unit::parse(&spec.unit).ok()?;
        Some(v * u.scale())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat() -> &'static Catalog {
        Catalog::builtin().unwrap_or_else(|e| panic!("{e}"))
    }

    fn write(text: &str) -> (tempfile::TempDir, PathBuf) {
        let d = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let p = d.path().join("params.toml");
        std::fs::write(&p, text).unwrap_or_else(|e| panic!("{e}"));
        (d, p)
    }

    #[test]
    fn overrides_and_base_units() {
        let (_d, p) = write("[sand_fixation]\nbulk_density = 1.5\n[double_counting]\nexclude = [\"water_supply_domestic\"]\n");
        let s = ParamSet::read(&p, cat()).unwrap_or_else(|e| panic!("{e}"));
        let ind = cat().get("sand_fixation").unwrap_or_else(|| panic!());
        assert_eq!(s.value(ind, "bulk_density"), Some((1.5, true)));
        assert_eq!(s.value(ind, "depth"), Some((0.1, false)));
        assert_eq!(s.exclude, vec!["water_supply_domestic"]);
        let n = cat().get("soil_retention_n").unwrap_or_else(|| panic!());
        assert!((s.base(n, "content").unwrap_or(0.0) - 0.0037).abs() < 1e-15);
    }

    #[test]
    fn bad_params_are_all_reported() {
        let (_d, p) = write("[sand_fixaton]\nx = 1\n[sand_fixation]\ndepth = -1\nfoo = 2\n");
        let e = ParamSet::read(&p, cat())
            .map(|_| ())
            .expect_err("must fail")
            .to_string();
        assert!(e.contains("did you mean [sand_fixation]"), "{e}");
        assert!(e.contains("depth = -1"), "{e}");
        assert!(e.contains("no parameter 'foo'"), "{e}");
        assert!(e.contains("params.toml"), "{e}");
    }
}
