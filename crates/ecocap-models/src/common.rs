//! Small helpers shared by the model orchestrations.

use std::path::PathBuf;

use ecocap_spec::{Args, ModelSpec};

use crate::error::{ModelError, Result};

/// Validate statically and by opening the files; every problem at once.
pub fn require_valid(spec: &ModelSpec, args: &Args) -> Result<()> {
    let problems = crate::check(spec, args);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ModelError::Invalid {
            model: spec.id.to_string(),
            problems,
        })
    }
}

/// A path input that validation has required.
pub fn need_path(args: &Args, id: &str) -> Result<PathBuf> {
    args.path(id)
        .ok_or_else(|| ModelError::input(id, "no path given", format!("give {id}")))
}

/// A number input that validation has required.
pub fn need_number(args: &Args, id: &str) -> Result<f64> {
    match args.number(id) {
        Ok(Some(x)) => Ok(x),
        Ok(None) => Err(ModelError::input(
            id,
            "no value given",
            format!("give {id}"),
        )),
        Err(e) => Err(ModelError::input(
            id,
            format!("value {} is not a number", e.value),
            "give a number",
        )),
    }
}
