//! Biophysical models with InVEST 3.20 parity: carbon, annual water yield
//! and habitat quality (SDR and NDR are added by the routing work).
//!
//! Each model lives in its own folder with its spec (declared once, see
//! [`ecocap_spec`]), pure kernels over slices (no I/O) and an orchestration
//! that reads InVEST inputs as they are and writes InVEST's output names.
//! [`registry`] lists every model; front ends validate and run through it.
//!
//! ```no_run
//! use ecocap_models::{find, io::args_file::load_args, RunContext, NoObserver};
//! let model = find("carbon").unwrap();
//! let spec = (model.spec)();
//! let file = load_args(std::path::Path::new("carbon.invs.json"), &spec).unwrap();
//! let report = (model.run)(&file.args, &RunContext::new(std::path::Path::new("ws"), &NoObserver)).unwrap();
//! println!("{:?}", report.outputs);
//! ```

pub mod annual_water_yield;
pub mod carbon;
mod check;
mod common;
pub mod data;
mod error;
pub mod habitat_quality;
pub mod io;
pub mod ndr;
pub mod quantities;
mod ranges;
mod registry;
pub mod sdr;

pub use check::{check, data_problems};
pub use data::{validate_inputs, Depth};
pub use error::{ModelError, Result};
pub use registry::{find, registry, Model, NoObserver, Observer, RunContext, RunReport};
