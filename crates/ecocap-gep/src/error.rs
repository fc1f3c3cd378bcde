//! The one error type of the GEP engine. Every variant names the file, the
//! row (1-based line number, header = line 1) and the offending value, and
//! most carry a `hint:`. All of them are the user's input problems except
//! [`GepError::Catalog`] (a broken built-in catalog, a bug) and
//! [`GepError::Io`] on output.

use std::path::PathBuf;

/// Errors of the GEP engine.
#[derive(Debug, thiserror::Error)]
pub enum GepError {
    /// Reading or writing a file failed (the OS reason is said once, with
    /// what to do).
    #[error("{path}: {error}\nhint: {}", io_hint(.error))]
    Io {
        /// file
        path: PathBuf,
        /// OS error
        error: std::io::Error,
    },
    /// The CSV is malformed (ragged row, bad quoting) or lacks a column.
    #[error("{path}: line {line}: {message}")]
    Table {
        /// file
        path: PathBuf,
        /// line number (1 = header)
        line: u64,
        /// what is wrong, with a hint
        message: String,
    },
    /// An indicator id not in the catalog.
    #[error("{path}: line {line}: unknown indicator '{value}'{}; hint: `ecocap gep catalog` lists the ids", .suggestion.as_ref().map(|s| format!(" (did you mean '{s}'?)")).unwrap_or_default())]
    UnknownIndicator {
        /// file
        path: PathBuf,
        /// line
        line: u64,
        /// what was written
        value: String,
        /// nearest id
        suggestion: Option<String>,
    },
    /// A unit that cannot be parsed.
    #[error("{path}: line {line}: {source}")]
    BadUnit {
        /// file
        path: PathBuf,
        /// line
        line: u64,
        /// the parse error (names the text)
        source: ecocap_units::UnitError,
    },
    /// Quantity and price units cannot meet.
    #[error("{path}: line {line}: indicator '{indicator}': quantity unit '{quantity_unit}' ({quantity_dims}) cannot be valued with price unit '{price_unit}' ({price_dims}) from {price_origin}; hint: give the quantity in {canonical} (the catalog unit) or a price per {quantity_unit}")]
    DimensionMismatch {
        /// quantities file
        path: PathBuf,
        /// line
        line: u64,
        /// indicator id
        indicator: String,
        /// quantity unit as written
        quantity_unit: String,
        /// its dimension in words
        quantity_dims: String,
        /// price unit as written
        price_unit: String,
        /// its dimension in words
        price_dims: String,
        /// where the price came from (file and line, or the catalog)
        price_origin: String,
        /// the catalog's canonical unit
        canonical: String,
    },
    /// No price for an indicator that needs one.
    #[error("{path}: line {line}: no price for indicator '{indicator}' (zone '{zone}', year {year}) and the catalog has no default; hint: add a row '{indicator},PRICE,UNIT,PRICE_YEAR' to --prices, or give the quantity as a value in yuan")]
    MissingPrice {
        /// quantities file
        path: PathBuf,
        /// line
        line: u64,
        /// indicator id
        indicator: String,
        /// zone
        zone: String,
        /// account year
        year: i32,
    },
    /// A number that is not a number, or out of range.
    #[error("{path}: line {line}: column '{column}': {message} (got '{value}')")]
    BadValue {
        /// file
        path: PathBuf,
        /// line
        line: u64,
        /// column name
        column: String,
        /// what was written
        value: String,
        /// what is wrong, with a hint
        message: String,
    },
    /// The same zone/year/indicator twice.
    #[error("{path}: line {line}: duplicate row for zone '{zone}', year {year}, indicator '{indicator}' (first at line {first_line}); hint: sum the quantities into one row or remove one")]
    Duplicate {
        /// file
        path: PathBuf,
        /// line of the second row
        line: u64,
        /// line of the first
        first_line: u64,
        /// zone
        zone: String,
        /// year
        year: i32,
        /// indicator
        indicator: String,
    },
    /// The zone hierarchy has a cycle.
    #[error("{path}: zone hierarchy loops: {}; hint: every chain of parents must end at a zone with an empty parent", .cycle.join(" -> "))]
    HierarchyLoop {
        /// file
        path: PathBuf,
        /// the zones on the loop, first repeated at the end
        cycle: Vec<String>,
    },
    /// A price year (or account or target year) missing from the index.
    #[error("{path}: no price index for year {year} (needed for {needed_for}); the index covers {covered}; hint: add a row '{year},INDEX'")]
    MissingIndex {
        /// index file
        path: PathBuf,
        /// the missing year
        year: i32,
        /// what needs it
        needed_for: String,
        /// years present, as a range text
        covered: String,
    },
    /// A price without a price year while deflation was asked for.
    #[error("{origin}: price for '{indicator}' has no price year, so it cannot be deflated; hint: add a price_year column to --prices for this indicator")]
    NoPriceYear {
        /// where the price came from
        origin: String,
        /// indicator id
        indicator: String,
    },
    /// The params TOML is wrong.
    #[error("{path}: {message}")]
    Params {
        /// file
        path: PathBuf,
        /// what is wrong, with a hint
        message: String,
    },
    /// The command line is incomplete or inconsistent.
    #[error("{0}")]
    Usage(String),
    /// Several problems found while validating; all are listed.
    #[error("{} problems in the input:\n{}", .0.len(), .0.iter().map(|e| format!("  - {e}")).collect::<Vec<_>>().join("\n"))]
    Many(Vec<GepError>),
    /// The built-in catalog is broken (a bug, not a user error).
    #[error("built-in GEP catalog is invalid: {0}")]
    Catalog(String),
}

impl GepError {
    /// Is this the user's input (exit status 2) rather than a bug or an
    /// output failure?
    pub fn is_user_error(&self) -> bool {
        !matches!(self, GepError::Catalog(_))
    }

    /// Collapse a list of problems: none → Ok, one → itself, more → Many.
    pub fn collect(mut problems: Vec<GepError>) -> Result<(), GepError> {
        match problems.len() {
            0 => Ok(()),
            1 => Err(problems.remove(0)),
            _ => Err(GepError::Many(problems)),
        }
    }
}

/// What to do about an I/O error on a file.
fn io_hint(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "check the path; relative paths are resolved from the current directory",
        K::IsADirectory => "give the path of the file itself, not of its folder",
        K::PermissionDenied => "check that you may read (or, for outputs, write) this file",
        K::StorageFull => "free space on that disk, or give --out a folder on another disk",
        _ => "check that the file exists, is readable and is not damaged",
    }
}

/// For the CLI: does this `anyhow` error come from bad input (exit 2)?
pub fn is_user_error(e: &anyhow::Error) -> bool {
    e.chain()
        .find_map(|c| c.downcast_ref::<GepError>())
        .is_some_and(GepError::is_user_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_errors_survive_anyhow_context() {
        let e = anyhow::Error::new(GepError::Usage("x".into())).context("running gep");
        assert!(is_user_error(&e));
        let e = anyhow::Error::new(GepError::Catalog("bug".into()));
        assert!(!is_user_error(&e));
        assert!(!is_user_error(&anyhow::anyhow!("other")));
    }
}
