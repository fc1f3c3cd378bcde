//! Errors of the map renderer: each names the input and says what to do.

use std::path::PathBuf;

/// Why a map could not be drawn or written.
#[derive(Debug, thiserror::Error)]
pub enum MapError {
    /// No usable font was found anywhere we looked.
    #[error(
        "no font found to draw map text (looked at: {tried}); hint: install a CJK font \
         (Debian/Ubuntu: `apt-get install fonts-wqy-microhei`, or run scripts/setup.sh) \
         or set ECOCAP_FONT to a .ttf/.otf/.ttc file"
    )]
    NoFont {
        /// Paths and sources tried, comma separated.
        tried: String,
    },
    /// A font file named by the user (ECOCAP_FONT) could not be read or parsed.
    #[error("font file {path} could not be used: {reason}; hint: point ECOCAP_FONT at a readable .ttf/.otf/.ttc file or unset it")]
    FontFile {
        /// The font file.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// The value slice does not match the grid size.
    #[error("{what} has {got} cells but the grid is {width} × {height} = {expected}; hint: pass the raster's own width and height")]
    SizeMismatch {
        /// Which input.
        what: &'static str,
        /// Grid width in cells.
        width: usize,
        /// Grid height in cells.
        height: usize,
        /// width × height.
        expected: usize,
        /// Length of the slice.
        got: usize,
    },
    /// The grid description cannot be drawn.
    #[error("invalid grid: {0}")]
    BadGrid(String),
    /// Nothing to classify.
    #[error("{0} has no valid value to map (every cell is nodata or NaN); hint: check the nodata value and that the raster covers the study area")]
    NoValidValues(&'static str),
    /// User-given class breaks or zone values are unusable.
    #[error("invalid map input: {0}")]
    BadInput(String),
    /// PNG encoding failed.
    #[error("could not encode the PNG: {0}")]
    Png(String),
    /// Writing the output file failed.
    #[error("could not write map {path}: {source}")]
    Io {
        /// The file being written.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}
