//! Use cases shared by every front end: run an ESV account from a table or
//! from rasters, build the demo basin, and record run provenance.
//!
//! Front ends (the CLI today) parse arguments into the option structs here,
//! report progress through [`Progress`], and map [`AppError::is_input_error`]
//! to exit status 2.

pub mod account;
pub mod cba;
pub mod demo;
pub mod demo_cba;
pub mod demo_seea;
mod error;
pub mod esv;
pub mod gep;
mod interrupt;
mod manifest;
pub mod models;
pub mod outlock;
pub mod owner;
pub mod plausible;
mod progress;
pub mod seea;
mod staging;
mod swap;

pub use error::AppError;
pub use interrupt::clean_up_interrupted;
pub use manifest::{file_sha256, InputRecord, Manifest};
pub use progress::{NoProgress, Progress};
pub use staging::{Committed, Staging};
