//! Small helpers shared by the model orchestrations.

use std::path::PathBuf;

use ecocap_spec::{Args, ModelSpec};

use crate::error::{ModelError, Result};

/// Validate statically, by opening the files and by the model's data
/// check ([`crate::data`], the checks `validate` makes too, without the
/// passes over the pixels, land-cover codes and raster ranges, that the run
/// makes as it reads); every problem at once.
pub fn require_valid(spec: &ModelSpec, args: &Args) -> Result<()> {
    let problems = match crate::find(spec.id) {
        Ok(m) => crate::validate_inputs(m, args, crate::Depth::BeforeRun),
        Err(_) => crate::check(spec, args),
    };
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

/// With `ECOCAP_TRACE_MEMORY` set, print the resident and peak resident
/// memory (Linux `/proc/self/status`) after step `tag`, and the seconds
/// since the first step, on stderr: how the
/// whole-grid models' memory was brought under InVEST's.
pub(crate) fn trace_memory(tag: &str) {
    if std::env::var_os("ECOCAP_TRACE_MEMORY").is_none() {
        return;
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    };
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    let t = START.get_or_init(std::time::Instant::now).elapsed();
    eprintln!(
        "memory after {tag}: {} MB resident, peak {} MB ({:.2} s)",
        field("VmRSS:"),
        field("VmHWM:"),
        t.as_secs_f64()
    );
}
