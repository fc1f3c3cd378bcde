//! Errors of the ESV engine; each names the input and the offending value.

use std::path::PathBuf;

/// Bad input to the ESV engine, or a failure writing its reports.
#[derive(Debug, thiserror::Error)]
pub enum EsvError {
    /// A value in an input table is not usable.
    #[error("{file}: row {row}, column '{column}': {detail}\nhint: {hint}")]
    BadValue {
        file: PathBuf,
        row: usize,
        column: String,
        detail: String,
        hint: String,
    },
    /// A parameter given on the command line or in a config is invalid.
    #[error("{input}: {detail}\nhint: {hint}")]
    BadParameter {
        input: String,
        detail: String,
        hint: String,
    },
    /// The same zone, year and class appear on several lines of an area table.
    #[error("{file}: the same zone, year and class are given more than once (areas are not summed):\n  {}\nhint: keep one line per zone, year and class; if the lines are parts of one area, add them up into one line", .lines.join("\n  "))]
    DuplicateAreas { file: PathBuf, lines: Vec<String> },
    /// Classes found in the data are missing from the class mapping.
    #[error("{data}: class codes not in the mapping {mapping}: {}{}\nhint: add a row for each to the mapping (use ecosystem_type 'none' for land valued at zero, e.g. built-up land){}", .classes.join(", "), .detail, .nodata_hint)]
    UnmappedClasses {
        data: String,
        mapping: String,
        classes: Vec<String>,
        detail: String,
        nodata_hint: String,
    },
    /// Parameter library error (unknown table, type or column).
    #[error(transparent)]
    Params(#[from] ecocap_params::ParamsError),
    /// A report file could not be written.
    #[error("{path}: cannot write report ({detail})\nhint: check that the output directory is writable and the disk is not full")]
    Write { path: PathBuf, detail: String },
}
