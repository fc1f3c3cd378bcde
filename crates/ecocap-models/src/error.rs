//! Errors of the model library. Every message names the input and, where
//! there is one, the file and the offending value, with a `hint:`.

use std::path::PathBuf;

use ecocap_spec::Problem;

/// Everything a model run can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// No model has this id or alias.
    #[error("unknown model '{id}'; models: {known}\nhint: run `ecocap models` to list them")]
    UnknownModel {
        /// what was asked for
        id: String,
        /// the ids available
        known: String,
    },
    /// Static or data validation found problems (all of them are listed).
    #[error("{model}: {} problem(s) with the inputs:\n{}", .problems.len(), render(.problems))]
    Invalid {
        /// model id
        model: String,
        /// every problem, keyed by input
        problems: Vec<Problem>,
    },
    /// An input value or file is unusable.
    #[error("{input}: {detail}\nhint: {hint}")]
    Input {
        /// input id (and file)
        input: String,
        /// what is wrong
        detail: String,
        /// what to do
        hint: String,
    },
    /// Land-cover codes found in a raster but not in a table.
    #[error("{input}: the missing values found in the {raster} raster but not the table {table} are: [{}]{note}\nhint: add a row for each code to the table, or set the raster's nodata value if a code marks missing data", .codes.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", "))]
    MissingCodes {
        /// table input id
        input: String,
        /// raster path
        raster: PathBuf,
        /// table path
        table: PathBuf,
        /// the codes, sorted
        codes: Vec<i64>,
        /// extra sentence about nodata
        note: String,
    },
    /// A table could not be read (encoding, columns, cells).
    #[error("{input}: {source}")]
    Table {
        /// input id
        input: String,
        /// the reader's error (names file, line, column and value)
        source: Box<ecocap_params::ParamsError>,
    },
    /// A raster or vector could not be read or written.
    #[error("{input}: {source}")]
    Raster {
        /// input id (or output)
        input: String,
        /// the raster machinery's error (names the file)
        source: Box<ecocap_raster::RasterError>,
    },
    /// An output could not be written.
    #[error("{path}: cannot write output ({detail})\nhint: check that the workspace is writable and the disk is not full")]
    Write {
        /// file
        path: PathBuf,
        /// the system's reason
        detail: String,
    },
}

fn render(p: &[Problem]) -> String {
    p.iter()
        .map(|p| format!("  - {}", p.to_string().replace('\n', "\n    ")))
        .collect::<Vec<_>>()
        .join("\n")
}

impl ModelError {
    /// Shorthand for [`ModelError::Input`].
    pub fn input(
        input: impl Into<String>,
        detail: impl Into<String>,
        hint: impl Into<String>,
    ) -> ModelError {
        ModelError::Input {
            input: input.into(),
            detail: detail.into(),
            hint: hint.into(),
        }
    }

    /// Wrap a raster error for `input`.
    pub fn raster(input: &str) -> impl Fn(ecocap_raster::RasterError) -> ModelError + '_ {
        move |source| ModelError::Raster {
            input: input.to_string(),
            source: Box::new(source),
        }
    }

    /// Wrap a table error for `input`.
    pub fn table(input: &str) -> impl Fn(ecocap_params::ParamsError) -> ModelError + '_ {
        move |source| ModelError::Table {
            input: input.to_string(),
            source: Box::new(source),
        }
    }

    /// True for bad input (exit status 2); false for failures of ecocap or
    /// the system (exit status 1).
    pub fn is_input_error(&self) -> bool {
        match self {
            ModelError::Raster { source, .. } => source.is_input_error(),
            ModelError::Table { source, .. } => source.is_user_error(),
            // the workspace cannot be written (full disk, permissions): the
            // user's system, named with its path
            ModelError::Write { .. } => true,
            _ => true,
        }
    }
}

/// Result type of this crate.
pub type Result<T> = std::result::Result<T, ModelError>;
