//! Errors of the application layer.

use std::path::PathBuf;

/// Everything a use case can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Raster or vector input problem.
    #[error(transparent)]
    Raster(#[from] ecocap_raster::RasterError),
    /// ESV engine input problem.
    #[error(transparent)]
    Esv(#[from] ecocap_accounts::esv::EsvError),
    /// Parameter table problem.
    #[error(transparent)]
    Params(#[from] ecocap_params::ParamsError),
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

impl From<ecocap_gep::GepError> for AppError {
    fn from(e: ecocap_gep::GepError) -> Self {
        AppError::Gep(Box::new(e))
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
            AppError::Esv(ecocap_accounts::esv::EsvError::Write { .. }) => true,
            AppError::Esv(_) => true,
            AppError::Params(e) => e.is_user_error(),
            AppError::Gep(e) => e.is_user_error(),
            AppError::Input { .. } | AppError::OutDir { .. } => true,
            AppError::Internal(_) => false,
        }
    }
}
