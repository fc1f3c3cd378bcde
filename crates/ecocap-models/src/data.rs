//! Data validation shared by `run` and `validate` (issue 19 §5): each
//! model declares one `check_data(args, depth)` (in its folder) that opens
//! its inputs and makes every check its run makes before computing: CRS,
//! integer land cover, the working grid (rasters and watersheds overlap),
//! table columns and value ranges, and (at [`Depth::Full`]) that every
//! land-cover code has a row in its table. `run` calls it through
//! [`crate::common::require_valid`] and `validate` through
//! [`validate_inputs`], so the two cannot drift.

use std::collections::BTreeSet;
use std::path::Path;

use ecocap_raster::{Grid, RasterSource};
use ecocap_spec::{Args, Problem};

use crate::error::{ModelError, Result};
use crate::io::layer::{check_codes, open_source, Layer};
use crate::registry::Model;

/// How far the data checks go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Every check that needs no pass over the rasters' pixels (what a run
    /// checks before it starts; the run checks land-cover codes, with the
    /// same [`check_codes`], and declared raster ranges, with the same
    /// [`crate::ranges::Rules`], during its own single read of each map).
    BeforeRun,
    /// [`Depth::BeforeRun`] and passes over the pixels (`validate`): every
    /// land-cover code of the working grid has a row in its table, every
    /// ranged continuous raster holds only plausible values, threat
    /// rasters hold values in [0, 1].
    Full,
}

/// Problems collected by a model's data check, keyed by input id.
#[derive(Debug, Default)]
pub struct Found(pub Vec<Problem>);

impl Found {
    /// The value of `r`, or None with its error recorded against `input`.
    pub fn take<T>(&mut self, input: &str, r: Result<T>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.push(input, &e);
                None
            }
        }
    }

    /// Record `e` against `input` (the error's own `input (file): ` prefix
    /// becomes `file: `, so the message reads once).
    pub fn push(&mut self, input: &str, e: &ModelError) {
        let full = e.to_string();
        let mut message = full.as_str();
        for prefix in [format!("{input}: "), format!("{input} ")] {
            if let Some(rest) = message.strip_prefix(prefix.as_str()) {
                message = rest;
                break;
            }
        }
        let message = match message
            .strip_prefix('(')
            .and_then(|rest| rest.split_once("): "))
        {
            Some((file, rest)) => format!("{file}: {rest}"),
            None => message.to_string(),
        };
        if !self
            .0
            .iter()
            .any(|p| p.input == input && p.message == message)
        {
            self.0.push(Problem {
                input: input.to_string(),
                message,
            });
        }
    }
}

/// Refuse a land-cover (class) raster stored as floating point: codes
/// would be truncated (1.7 read as 1) without a word. Every model's
/// land-cover input goes through this rule.
pub fn require_integer_classes(input: &str, src: &RasterSource) -> Result<()> {
    if src.is_integer {
        return Ok(());
    }
    Err(ModelError::input(
        format!("{input} ({})", src.path.display()),
        format!(
            "the land-cover raster has data type {}; land-cover classes must be stored as integers (a float value such as 1.7 would be read as class 1)",
            src.data_type
        ),
        format!(
            "convert it to an integer type, e.g. gdal_translate -ot Int32 {} lulc_int.tif (check first that every value is a whole-number code)",
            src.path.display()
        ),
    ))
}

/// Open a land-cover raster and refuse a float one.
pub fn open_classes(input: &str, path: &Path) -> Result<RasterSource> {
    let src = open_source(input, path)?;
    require_integer_classes(input, &src)?;
    Ok(src)
}

/// Every code of the land cover `src` read on `grid` must be a key of the
/// table `table_input` (at `table_path`).
pub fn codes_in_table<'a>(
    src: &RasterSource,
    input: &str,
    grid: &Grid,
    table_input: &str,
    table_path: &Path,
    keys: impl Iterator<Item = &'a i64>,
) -> Result<()> {
    let layer = Layer::from_source(input, src.clone(), grid)?;
    let codes: BTreeSet<i64> = layer.unique_codes(grid)?;
    check_codes(table_input, table_path, &layer, &codes, keys)
}

/// Every problem with `args` for `model`: the spec's static rules, the
/// files opened one by one, the declared ranges of continuous rasters
/// ([`crate::ranges`]; at [`Depth::Full`] only: a run checks them as it
/// reads, with the same rules), then the model's data check (its problems for
/// inputs already reported are left out, so each cause is told once).
pub fn validate_inputs(model: &Model, args: &Args, depth: Depth) -> Vec<Problem> {
    let spec = (model.spec)();
    let mut out = crate::check(&spec, args);
    let bad: BTreeSet<String> = out.iter().map(|p| p.input.clone()).collect();
    if depth == Depth::Full {
        // the run makes this check as it reads each raster
        let ranges = crate::ranges::raster_range_problems(&spec, args);
        out.extend(ranges.into_iter().filter(|p| !bad.contains(&p.input)));
    }
    out.extend(
        (model.check_data)(args, depth)
            .into_iter()
            .filter(|p| !bad.contains(&p.input)),
    );
    // in the spec's order of inputs (cross rules, keyed otherwise, last)
    let rank = |id: &str| {
        spec.inputs
            .iter()
            .position(|i| i.id == id)
            .unwrap_or(usize::MAX)
    };
    out.sort_by_key(|p| rank(&p.input));
    out
}
