//! The one list of models, and what a run hands back.

use std::path::{Path, PathBuf};

use ecocap_spec::{Args, ModelSpec, Problem};
use serde::Serialize;

use crate::data::Depth;
use crate::error::{ModelError, Result};

/// Progress of a run, implemented by front ends (kept here so that models
/// know nothing of the application layer).
pub trait Observer: Sync {
    /// A step starts with `total` units of work.
    fn step(&self, label: &str, total: u64);
    /// `n` units are done.
    fn advance(&self, n: u64);
    /// A one-line note (an alignment, a warning).
    fn note(&self, message: &str);
}

/// An observer that shows nothing.
pub struct NoObserver;

impl Observer for NoObserver {
    fn step(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
    fn note(&self, _: &str) {}
}

/// Where a run writes and whom it tells.
pub struct RunContext<'a> {
    /// the workspace (a staging directory when run through the app layer)
    pub workspace: &'a Path,
    /// progress sink
    pub observer: &'a dyn Observer,
}

impl<'a> RunContext<'a> {
    /// A context writing into `workspace`.
    pub fn new(workspace: &'a Path, observer: &'a dyn Observer) -> RunContext<'a> {
        RunContext {
            workspace,
            observer,
        }
    }

    /// Create the workspace if needed.
    pub fn ensure_workspace(&self) -> Result<()> {
        std::fs::create_dir_all(self.workspace).map_err(|e| ModelError::Write {
            path: self.workspace.to_path_buf(),
            detail: e.to_string(),
        })
    }
}

/// What a run produced.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RunReport {
    /// output files, relative to the workspace
    pub outputs: Vec<String>,
    /// input files read (role, path), including files named inside tables
    pub inputs: Vec<(String, PathBuf)>,
    /// notes and warnings
    pub notes: Vec<String>,
    /// headline numbers (totals) for the manifest and the terminal
    pub summary: serde_json::Value,
}

/// One model: its spec and its run function.
pub struct Model {
    /// id (InVEST's)
    pub id: &'static str,
    /// the declaration
    pub spec: fn() -> ModelSpec,
    /// run into `ctx.workspace`; validates first
    pub run: fn(&Args, &RunContext<'_>) -> Result<RunReport>,
    /// the data checks `run` makes before computing (and `validate` makes
    /// too): every problem, keyed by input; see [`crate::data`]
    pub check_data: fn(&Args, Depth) -> Vec<Problem>,
}

static MODELS: [Model; 5] = [
    Model {
        id: "carbon",
        spec: crate::carbon::spec,
        run: crate::carbon::run,
        check_data: crate::carbon::check_data,
    },
    Model {
        id: "annual_water_yield",
        spec: crate::annual_water_yield::spec,
        run: crate::annual_water_yield::run,
        check_data: crate::annual_water_yield::check_data,
    },
    Model {
        id: "habitat_quality",
        spec: crate::habitat_quality::spec,
        run: crate::habitat_quality::run,
        check_data: crate::habitat_quality::check_data,
    },
    Model {
        id: "sdr",
        spec: crate::sdr::spec,
        run: crate::sdr::run,
        check_data: crate::sdr::check_data,
    },
    Model {
        id: "ndr",
        spec: crate::ndr::spec,
        run: crate::ndr::run,
        check_data: crate::ndr::check_data,
    },
];

/// Every model.
pub fn registry() -> &'static [Model] {
    &MODELS
}

/// The model with this id or alias (ignoring case and `-`/`_`).
pub fn find(name: &str) -> Result<&'static Model> {
    let norm = |s: &str| s.to_ascii_lowercase().replace('-', "_");
    let want = norm(name);
    registry()
        .iter()
        .find(|m| {
            let s = (m.spec)();
            norm(m.id) == want || s.aliases.iter().any(|a| norm(a) == want)
        })
        .ok_or_else(|| ModelError::UnknownModel {
            id: name.to_string(),
            known: registry()
                .iter()
                .map(|m| m.id)
                .collect::<Vec<_>>()
                .join(", "),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecocap_spec::{InputKind, Required};
    use std::collections::BTreeSet;

    #[test]
    fn ids_are_unique_and_match_specs() {
        let mut seen = BTreeSet::new();
        for m in registry() {
            let s = (m.spec)();
            assert_eq!(s.id, m.id);
            assert!(seen.insert(s.id), "duplicate id {}", s.id);
            for a in &s.aliases {
                assert!(seen.insert(a), "alias {a} clashes");
            }
            assert!(find(m.id).is_ok());
        }
        assert!(find("awy").is_ok());
        assert!(find("nope").is_err());
    }

    #[test]
    fn every_input_is_well_declared() {
        for m in registry() {
            let s = (m.spec)();
            let ids: BTreeSet<&str> = s.inputs.iter().map(|i| i.id).collect();
            assert_eq!(ids.len(), s.inputs.len(), "{}: duplicate input ids", s.id);
            for i in &s.inputs {
                assert!(
                    !i.label_en.is_empty() && !i.label_zh.is_empty(),
                    "{}.{} labels",
                    s.id,
                    i.id
                );
                if i.kind.is_numeric() {
                    assert!(!i.unit.is_empty(), "{}.{} has no unit", s.id, i.id);
                }
                if let Required::If(c) = &i.required {
                    for n in c.inputs() {
                        assert!(
                            ids.contains(n),
                            "{}.{} required-if names unknown {n}",
                            s.id,
                            i.id
                        );
                    }
                }
                if let InputKind::Table { columns } = &i.kind {
                    for c in columns {
                        assert!(!c.id.is_empty(), "{}.{} column without id", s.id, i.id);
                    }
                }
            }
            for r in &s.rules {
                for n in r.inputs() {
                    assert!(ids.contains(n), "{}: rule names unknown input {n}", s.id);
                }
            }
        }
    }

    #[test]
    fn defaults_match_their_kind() {
        for m in registry() {
            let s = (m.spec)();
            for i in &s.inputs {
                let Some(d) = &i.default else { continue };
                let ok = match &i.kind {
                    InputKind::Boolean => d.is_boolean(),
                    k if k.is_numeric() => d.is_number(),
                    InputKind::Text | InputKind::Option { .. } => d.is_string(),
                    _ => false,
                };
                assert!(
                    ok,
                    "{}.{}: default {d} does not fit {:?}",
                    s.id, i.id, i.kind
                );
                let mut args = ecocap_spec::Args::default();
                args.set(i.id, d.clone());
                let problems = ecocap_spec::validate(&s, &args);
                assert!(
                    problems.iter().all(|p| p.input != i.id),
                    "{}.{}: {problems:?}",
                    s.id,
                    i.id
                );
            }
        }
    }

    #[test]
    fn every_output_has_a_path_and_a_unit() {
        for m in registry() {
            let s = (m.spec)();
            assert!(!s.outputs.is_empty());
            let mut paths = BTreeSet::new();
            for o in &s.outputs {
                assert!(
                    !o.path.is_empty() && !o.unit.is_empty(),
                    "{}: {:?}",
                    s.id,
                    o
                );
                assert!(
                    paths.insert(o.path),
                    "{}: duplicate output {}",
                    s.id,
                    o.path
                );
                if let Some(c) = &o.when {
                    let ids: BTreeSet<&str> = s.inputs.iter().map(|i| i.id).collect();
                    for n in c.inputs() {
                        assert!(ids.contains(n), "{}: output condition names {n}", s.id);
                    }
                }
            }
        }
    }

    #[test]
    fn specs_export_as_json() {
        for m in registry() {
            let j: serde_json::Value = serde_json::from_str(&(m.spec)().to_json()).unwrap();
            assert_eq!(j["id"], m.id);
        }
    }
}
