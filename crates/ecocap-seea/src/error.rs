//! Errors of the SEEA tables.

use std::path::PathBuf;

/// Everything building or writing the SEEA tables can fail with.
#[derive(Debug, thiserror::Error)]
pub enum SeeaError {
    /// Bad input: the message names the input and the value.
    #[error("{input}: {detail}\nhint: {hint}")]
    Input {
        /// the input (file, table, config key)
        input: String,
        /// what is wrong, with the offending value
        detail: String,
        /// what to do
        hint: String,
    },
    /// An output file cannot be written.
    #[error("{path}: cannot write ({detail})")]
    Write {
        /// the file
        path: PathBuf,
        /// the system's reason
        detail: String,
    },
}

impl SeeaError {
    /// Shorthand for [`SeeaError::Input`].
    pub fn input(
        input: impl Into<String>,
        detail: impl Into<String>,
        hint: impl Into<String>,
    ) -> SeeaError {
        SeeaError::Input {
            input: input.into(),
            detail: detail.into(),
            hint: hint.into(),
        }
    }

    /// True for bad input (exit status 2), false for write failures.
    pub fn is_input_error(&self) -> bool {
        matches!(self, SeeaError::Input { .. })
    }
}
