//! Validation before any work: the spec's static rules, then data checks
//! that open each file (exists, readable as raster/vector/table, declared
//! columns and fields present). Every problem is reported, keyed by input.

use std::path::Path;

use ecocap_params::CsvTable;
use ecocap_raster::{read_polygons, RasterSource};
use ecocap_spec::{validate, Args, InputKind, ModelSpec, Problem};

fn first_line(e: &impl std::fmt::Display) -> String {
    e.to_string()
}

/// Problems found by opening each given file input.
pub fn data_problems(spec: &ModelSpec, args: &Args) -> Vec<Problem> {
    let mut out = Vec::new();
    for input in &spec.inputs {
        let Some(path) = args.path(input.id) else {
            continue;
        };
        let problem = match &input.kind {
            InputKind::RasterClasses | InputKind::RasterContinuous => {
                RasterSource::open(&path).err().map(|e| first_line(&e))
            }
            InputKind::Vector { fields } => fields
                .first()
                .and_then(|f| read_polygons(&path, f, "").err().map(|e| first_line(&e))),
            InputKind::Table { columns } => table_problem(&path, columns),
            InputKind::Directory => {
                (!path.is_dir()).then(|| format!("{}: not a directory", path.display()))
            }
            _ => None,
        };
        if let Some(message) = problem {
            out.push(Problem {
                input: input.id.to_string(),
                message,
            });
        }
    }
    out
}

fn table_problem(path: &Path, columns: &[ecocap_spec::Column]) -> Option<String> {
    let table = match CsvTable::from_path(path) {
        Ok((t, _)) => t,
        Err(e) => return Some(first_line(&e)),
    };
    let missing: Vec<String> = columns
        .iter()
        .filter(|c| c.required && table.optional_column(c.id).is_none())
        .map(|c| c.id.to_string())
        .collect();
    if missing.is_empty() {
        None
    } else {
        Some(format!(
            "{}: missing column(s) {}; columns found: {}\nhint: column names are matched ignoring case; add or rename the columns",
            path.display(),
            missing.join(", "),
            table.headers.join(", ")
        ))
    }
}

/// Static problems, then (for inputs without static problems) data problems.
pub fn check(spec: &ModelSpec, args: &Args) -> Vec<Problem> {
    let mut out = validate(spec, args);
    let bad: Vec<String> = out.iter().map(|p| p.input.clone()).collect();
    out.extend(
        data_problems(spec, args)
            .into_iter()
            .filter(|p| !bad.contains(&p.input)),
    );
    out
}
