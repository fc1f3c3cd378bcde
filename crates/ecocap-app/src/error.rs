//! Errors of the application layer.

use std::path::PathBuf;

/// Everything a use case can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Raster or vector input problem.
    #[error(transparent)]
    Raster(Box<ecocap_raster::RasterError>),
    /// ESV engine input problem.
    #[error(transparent)]
    Esv(Box<ecocap_accounts::esv::EsvError>),
    /// Parameter table problem.
    #[error(transparent)]
    Params(Box<ecocap_params::ParamsError>),
    /// GEP valuation problem (boxed: the GEP error carries every problem found).
    #[error(transparent)]
    Gep(Box<ecocap_gep::GepError>),
    /// An argument is missing, contradictory or out of range.
    #[error("{input}: {detail}\nhint: {hint}")]
    Input {
        /// the argument or file
        input: String,
        /// what is wrong
        detail: String,
        /// what to do
        hint: String,
    },
    /// The output directory cannot be used.
    #[error("{path}: output directory is not writable ({detail})\nhint: choose a directory you can write to with --out")]
    OutDir {
        /// the directory
        path: PathBuf,
        /// the system's reason
        detail: String,
    },
    /// A failure that is not the user's input (exit status 1).
    #[error("internal error: {0}")]
    Internal(String),
}

// The wrapped errors are boxed so that `Result<_, AppError>` stays small
// (clippy::result_large_err): they carry several paths and messages.
impl From<ecocap_gep::GepError> for AppError {
    fn from(e: ecocap_gep::GepError) -> Self {
        AppError::Gep(Box::new(e))
    }
}

impl From<ecocap_raster::RasterError> for AppError {
    fn from(e: ecocap_raster::RasterError) -> Self {
        AppError::Raster(Box::new(e))
    }
}

impl From<ecocap_accounts::esv::EsvError> for AppError {
    fn from(e: ecocap_accounts::esv::EsvError) -> Self {
        AppError::Esv(Box::new(e))
    }
}

impl From<ecocap_params::ParamsError> for AppError {
    fn from(e: ecocap_params::ParamsError) -> Self {
        AppError::Params(Box::new(e))
    }
}

impl AppError {
    /// Shorthand for [`AppError::Input`].
    pub fn input(
        input: impl Into<String>,
        detail: impl Into<String>,
        hint: impl Into<String>,
    ) -> AppError {
        AppError::Input {
            input: input.into(),
            detail: detail.into(),
            hint: hint.into(),
        }
    }

    /// True for bad input (exit status 2); false for internal failures (1).
    pub fn is_input_error(&self) -> bool {
        match self {
            AppError::Raster(e) => e.is_input_error(),
            AppError::Esv(_) => true,
            AppError::Params(e) => e.is_user_error(),
            AppError::Gep(e) => e.is_user_error(),
            AppError::Input { .. } | AppError::OutDir { .. } => true,
            AppError::Internal(_) => false,
        }
    }
}
