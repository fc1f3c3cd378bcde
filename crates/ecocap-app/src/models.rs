//! Use case: list, validate and run a biophysical model (ecocap-models)
//! into a workspace. Outputs are written to a staging directory and moved
//! into place (with InVEST's sub-folders, `manifest.json` last) only when
//! the run succeeds, so a failed run leaves nothing that looks finished.

use std::path::{Path, PathBuf};
use std::time::Instant;

use ecocap_models::io::args_file::{load_args, ArgsFile};
use ecocap_models::{check, find, validate_inputs, Depth, ModelError, Observer, RunContext};
use ecocap_spec::{ModelSpec, Problem};

use crate::{AppError, Manifest, Progress, Staging};

/// What can go wrong in this use case; downcast it in front ends and call
/// [`ModelsError::is_input_error`] for the exit status.
#[derive(Debug, thiserror::Error)]
pub enum ModelsError {
    /// The model or its inputs.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// The workspace, manifest or checksums.
    #[error(transparent)]
    App(#[from] AppError),
}

impl ModelsError {
    /// True for bad input (exit status 2).
    pub fn is_input_error(&self) -> bool {
        match self {
            ModelsError::Model(e) => e.is_input_error(),
            ModelsError::App(e) => e.is_input_error(),
        }
    }
}

/// One line of `ecocap models`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ModelInfo {
    /// id
    pub id: &'static str,
    /// aliases
    pub aliases: Vec<&'static str>,
    /// English name
    pub name_en: &'static str,
    /// Chinese name
    pub name_zh: &'static str,
}

/// Every registered model.
pub fn list_models() -> Vec<ModelInfo> {
    ecocap_models::registry()
        .iter()
        .map(|m| {
            let s = (m.spec)();
            ModelInfo {
                id: s.id,
                aliases: s.aliases,
                name_en: s.name_en,
                name_zh: s.name_zh,
            }
        })
        .collect()
}

/// The spec of a model (by id or alias).
pub fn model_spec(model: &str) -> Result<ModelSpec, ModelsError> {
    Ok((find(model)?.spec)())
}

fn load(
    model: &str,
    args_file: &Path,
) -> Result<(&'static ecocap_models::Model, ArgsFile), ModelsError> {
    let m = find(model)?;
    let file = load_args(args_file, &(m.spec)())?;
    if let Some(id) = &file.model_id {
        let named = find(id).map(|x| x.id).unwrap_or("");
        if named != m.id {
            return Err(ModelError::input(
                args_file.display().to_string(),
                format!("the file is a datastack for model '{id}', not '{}'", m.id),
                format!(
                    "run `ecocap run {id} ...`, or give a datastack for {}",
                    m.id
                ),
            )
            .into());
        }
    }
    Ok((m, file))
}

/// Validate a datastack or args file: every problem, keyed by input (empty
/// when valid). Every check `run` makes before computing (static rules,
/// files, CRS, integer land cover, grids and watersheds overlapping, table
/// columns and ranges: the model's own data check), and the land-cover
/// codes against their tables; no model work.
pub fn validate_model(model: &str, args_file: &Path) -> Result<Vec<Problem>, ModelsError> {
    let (m, file) = load(model, args_file)?;
    Ok(validate_inputs(m, &file.args, Depth::Full))
}

/// What a run produced.
#[derive(Debug, Clone)]
pub struct ModelRunSummary {
    /// model id
    pub model: &'static str,
    /// the workspace
    pub workspace: PathBuf,
    /// output paths relative to the workspace (manifest.json last)
    pub outputs: Vec<String>,
    /// notes and warnings
    pub notes: Vec<String>,
    /// headline numbers
    pub summary: serde_json::Value,
}

struct Adapter<'a>(&'a dyn Progress);

impl Observer for Adapter<'_> {
    fn step(&self, label: &str, total: u64) {
        self.0.finish();
        self.0.start(label, total);
    }
    fn advance(&self, n: u64) {
        self.0.advance(n);
    }
    fn note(&self, message: &str) {
        self.0.note(message);
    }
}

/// Sub-folders of a model's workspace that its outputs live in (the first
/// folder of each output path): removed at commit when the previous run of
/// the model left them and this run writes nothing there.
fn output_dirs(spec: &ModelSpec) -> Vec<&'static str> {
    let mut dirs: Vec<&'static str> = spec
        .outputs
        .iter()
        .filter_map(|o| o.path.split_once('/').map(|(d, _)| d))
        .collect();
    dirs.sort_unstable();
    dirs.dedup();
    dirs
}

/// Run `model` with the arguments of `args_file` (datastack or TOML) into
/// `workspace`, with a run manifest. The outputs of an earlier run of the
/// same model there are replaced; a workspace holding another command's
/// outputs is refused unless `force`.
pub fn run_model(
    model: &str,
    args_file: &Path,
    workspace: &Path,
    force: bool,
    progress: &dyn Progress,
) -> Result<ModelRunSummary, ModelsError> {
    let (m, file) = load(model, args_file)?;
    let problems = check(&(m.spec)(), &file.args);
    if !problems.is_empty() {
        return Err(ModelError::Invalid {
            model: m.id.to_string(),
            problems,
        }
        .into());
    }
    let mut staging = Staging::new(workspace, &format!("run {}", m.id), force)?;
    staging.own_dirs(&output_dirs(&(m.spec)()));
    let started = Instant::now();
    let adapter = Adapter(progress);
    let report = (m.run)(&file.args, &RunContext::new(staging.dir(), &adapter))?;
    progress.finish();
    let mut manifest = Manifest::new(&format!("run {}", m.id));
    let mut inputs = vec![("args file".to_string(), args_file.to_path_buf())];
    inputs.extend(report.inputs.iter().cloned());
    manifest.add_inputs(&inputs)?;
    manifest.parameters =
        serde_json::to_value(&file.args).map_err(|e| AppError::Internal(e.to_string()))?;
    // every file that lands: the model's list (spec order), then any other
    // file it wrote (a shapefile's .dbf/.shx/.prj sidecars)
    let mut outputs = report.outputs.clone();
    for f in crate::owner::list_outputs(staging.dir()) {
        if !outputs.contains(&f) {
            outputs.push(f);
        }
    }
    manifest.outputs = outputs.clone();
    manifest
        .timings
        .push((m.id.to_string(), started.elapsed().as_secs_f64()));
    manifest.notes = report.notes.clone();
    manifest.write(staging.dir())?;
    let committed = staging.commit()?;
    let mut notes = report.notes;
    notes.extend(committed.notes);
    outputs.push("manifest.json".into());
    Ok(ModelRunSummary {
        model: m.id,
        workspace: workspace.to_path_buf(),
        outputs,
        notes,
        summary: report.summary,
    })
}
