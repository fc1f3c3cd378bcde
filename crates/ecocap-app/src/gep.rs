//! Use case: `ecocap gep` into an output folder with the same guarantees
//! as every other command (one run per folder, another command's folder
//! refused unless forced, whole-entry commit, leftovers of the previous
//! GEP run removed). The valuation itself is `ecocap_gep::run`, pointed at
//! the staging folder.

use crate::error::AppError;
use crate::staging::Staging;
use std::path::PathBuf;

/// What a GEP run produced.
#[derive(Debug)]
pub struct GepOutcome {
    /// the engine's summary, with `outputs` at their final paths
    pub summary: ecocap_gep::RunSummary,
    /// notes for the user (leftovers of an earlier run removed)
    pub notes: Vec<String>,
}

/// Run the GEP engine with `opts` into `opts.out`; `force` writes into a
/// folder that holds another command's outputs.
pub fn run_gep(opts: &ecocap_gep::RunOptions, force: bool) -> Result<GepOutcome, AppError> {
    let staging = Staging::new(&opts.out, "gep", force)?;
    let staged = ecocap_gep::RunOptions {
        out: staging.dir().to_path_buf(),
        ..opts.clone()
    };
    let mut summary = ecocap_gep::run(&staged)?;
    let committed = staging.commit()?;
    let to_final = |p: &PathBuf| match p.strip_prefix(&staged.out) {
        Ok(rel) => opts.out.join(rel),
        Err(_) => p.clone(),
    };
    summary.outputs = summary.outputs.iter().map(to_final).collect();
    Ok(GepOutcome {
        summary,
        notes: committed.notes,
    })
}
