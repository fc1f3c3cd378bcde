//! Reading InVEST inputs as they are (datastacks, TOML args, tables,
//! rasters on a reference grid) and writing outputs under InVEST's names.

pub mod args_file;
pub mod clip;
pub mod layer;
pub mod lut;
pub mod output;
pub mod spill;
pub mod table;
