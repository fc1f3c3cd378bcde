//! Errors of the routing machinery.

/// What can go wrong in a routing call. The algorithms accept every DEM
/// (flat, all nodata, a single cell); only inconsistent inputs are errors.
#[derive(Debug, thiserror::Error)]
pub enum HydroError {
    /// An input array does not have one value per pixel.
    #[error("{what}: {found} values given for a {cols} × {rows} raster ({expected} pixels)\nhint: every input of one routing call must be on the same grid")]
    ShapeMismatch {
        /// which input
        what: &'static str,
        /// pixels of the raster
        expected: usize,
        /// values given
        found: usize,
        /// columns
        cols: usize,
        /// rows
        rows: usize,
    },
    /// A parameter is outside its domain.
    #[error("{what} = {value} is not allowed: {reason}\nhint: {hint}")]
    Parameter {
        /// parameter name
        what: &'static str,
        /// offending value
        value: f64,
        /// why it is refused
        reason: &'static str,
        /// what to do
        hint: &'static str,
    },
}

/// Result type of this crate.
pub type Result<T> = std::result::Result<T, HydroError>;
