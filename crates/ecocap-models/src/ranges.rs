//! Declared value ranges of continuous raster inputs (issue 19 §4): every
//! valid pixel of an input whose spec declares constraints (`.min`,
//! `.above`, `.max`) must satisfy them. The bounds are physical limits
//! (no negative rainfall; no annual rainfall above the world record), so
//! valid data, and InVEST parity on it, are untouched; what they catch is
//! a wrong unit, a scaled integer, or an undeclared nodata marker such as
//! −3.4e38 used as data.

use ecocap_raster::RasterSource;
use ecocap_spec::{Args, Constraint, InputKind, ModelSpec, Problem};
use rayon::prelude::*;

use crate::error::{ModelError, Result};
use crate::io::layer::{is_nodata, strips, Layer};

/// The declared range of one continuous raster input, for the run's own
/// read (see [`crate::io::layer::Layer::with_rules`]).
#[derive(Debug, Clone)]
pub struct Rules {
    /// the constraints every valid pixel must satisfy
    pub constraints: Vec<Constraint>,
    /// the input's unit
    pub unit: &'static str,
    /// the input's English label
    pub label: &'static str,
}

/// The declared range of continuous raster `input` of `spec`, if any.
pub fn rules(spec: &ModelSpec, input: &str) -> Option<Rules> {
    spec.inputs
        .iter()
        .find(|i| {
            i.id == input
                && matches!(i.kind, InputKind::RasterContinuous)
                && !i.constraints.is_empty()
        })
        .map(|i| Rules {
            constraints: i.constraints.clone(),
            unit: i.unit,
            label: i.label_en,
        })
}

impl Rules {
    /// Refuse the first valid value (NaN is nodata) of `values`, read from
    /// `src` for `input`, that breaks the rules: the run's check, made as
    /// it reads (`validate` scans the whole file and counts).
    pub fn check(&self, input: &str, src: &RasterSource, values: &[f32]) -> Result<()> {
        let bad = values
            .iter()
            .map(|x| f64::from(*x))
            .find(|x| !x.is_nan() && !self.constraints.iter().all(|c| c.holds(*x)));
        let Some(x) = bad else { return Ok(()) };
        let rules: Vec<String> = self.constraints.iter().map(|c| c.describe()).collect();
        let nodata = if src.nodata.is_none() {
            format!(
                "; if {x} marks missing data, declare it: gdal_edit.py -a_nodata {x} {}",
                src.path.display()
            )
        } else {
            String::new()
        };
        Err(ModelError::input(
            format!("{input} ({})", src.path.display()),
            format!(
                "pixel values outside the plausible range {} {} (first {x})",
                rules.join(", "),
                self.unit
            ),
            format!(
                "give {} in {}{nodata}",
                self.label.to_lowercase(),
                self.unit
            ),
        ))
    }
}

/// What a pass over a raster found: valid range and pixels out of range.
pub(crate) struct Scan {
    /// smallest valid value
    pub min: f64,
    /// largest valid value
    pub max: f64,
    /// valid pixels breaking a rule
    pub outside: u64,
    /// the first of them
    pub first: Option<f64>,
}

/// One pass over `src` on its own grid: nodata is skipped, every other
/// value tested against `rules`.
pub(crate) fn scan(input: &str, src: &RasterSource, rules: &[Constraint]) -> Result<Scan> {
    let grid = src.grid.clone();
    let layer = Layer::from_source(input, src.clone(), &grid)?;
    let mut s = Scan {
        min: f64::INFINITY,
        max: f64::NEG_INFINITY,
        outside: 0,
        first: None,
    };
    for w in strips(&grid) {
        for x in layer.read(&w)? {
            if is_nodata(x, src.nodata) {
                continue;
            }
            s.min = s.min.min(x);
            s.max = s.max.max(x);
            if !rules.iter().all(|c| c.holds(x)) {
                s.outside += 1;
                s.first.get_or_insert(x);
            }
        }
    }
    Ok(s)
}

/// Problems of the continuous rasters of `spec` given in `args` whose
/// valid pixels break the declared range (files that do not open are left
/// to the other checks). The rasters are scanned in parallel.
pub fn raster_range_problems(spec: &ModelSpec, args: &Args) -> Vec<Problem> {
    let scans: Vec<_> = spec
        .inputs
        .par_iter()
        .filter(|i| matches!(i.kind, InputKind::RasterContinuous) && !i.constraints.is_empty())
        .filter_map(|i| {
            let path = args.path(i.id)?;
            let src = RasterSource::open(&path).ok()?;
            Some((i, path, scan(i.id, &src, &i.constraints), src.nodata))
        })
        .collect();
    let mut out = Vec::new();
    for (input, path, s, nodata) in scans {
        let s = match s {
            Ok(s) => s,
            Err(e) => {
                out.push(Problem {
                    input: input.id.to_string(),
                    message: e.to_string(),
                });
                continue;
            }
        };
        let Some(x) = s.first else { continue };
        let rules: Vec<String> = input.constraints.iter().map(|c| c.describe()).collect();
        let nodata = if nodata.is_none() {
            format!(
                "; if {x} marks missing data, declare it: gdal_edit.py -a_nodata {x} {}",
                path.display()
            )
        } else {
            String::new()
        };
        out.push(Problem {
            input: input.id.to_string(),
            message: format!(
                "{}: {} pixel(s) outside the plausible range {} {} (first {x}; values run from {} to {})\nhint: give {} in {}{nodata}",
                path.display(),
                s.outside,
                rules.join(", "),
                input.unit,
                s.min,
                s.max,
                input.label_en.to_lowercase(),
                input.unit,
            ),
        });
    }
    out
}
