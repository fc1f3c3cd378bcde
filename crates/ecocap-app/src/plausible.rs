//! Declared plausible ranges of the numeric raster inputs, in one place, and
//! the streamed check that applies them before any computing pass.
//!
//! A value outside `[min, max]` is impossible in the declared unit (or a
//! unit, scale-factor or nodata mistake): the run is refused, naming the
//! file, the number of cells, the extreme values, the range and what to do.
//! A value above `usual_max` is possible but rare: the run goes on with a
//! loud warning (console, summary and manifest notes). The sources of the
//! ranges are listed in docs/ACCOUNT.md ("Plausible ranges").

use crate::error::AppError;
use crate::progress::Progress;
use ecocap_raster::{plan_windows, process_windows, RasterSource, ReadAs};
use std::path::Path;

/// The plausible range of one numeric input.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlausibleRange {
    /// the input's key (`npp`, `precipitation`, ...)
    pub input: &'static str,
    /// what it measures, for messages
    pub what: &'static str,
    /// the unit the values must be in
    pub unit: &'static str,
    /// smallest possible value
    pub min: f64,
    /// largest possible value
    pub max: f64,
    /// largest usual value: above it a warning, not a refusal
    pub usual_max: f64,
    /// where the limits come from
    pub source: &'static str,
    /// what to do when values fall outside
    pub hint: &'static str,
}

const NODATA_HINT: &str =
    "if these cells are fill values, declare them as nodata (gdal_edit.py -a_nodata VALUE FILE)";

/// Every declared range (see docs/ACCOUNT.md for the sources).
pub const RANGES: &[PlausibleRange] = &[
    PlausibleRange {
        input: "npp",
        what: "net primary productivity",
        unit: "g C/m²/yr",
        min: 0.0,
        max: 4000.0,
        usual_max: 2500.0,
        source: "tropical rain forests, the most productive ecosystems, reach 2000–2500 g C/m²/yr (Whittaker & Likens 1975; MOD17A3 annual NPP, valid range up to 3.27 kg C/m²/yr)",
        hint: "NPP is in g C/m²/yr: multiply kg C by 1000, g dry matter by 0.45, MOD17 integers by 0.1 (scale 0.0001 kg C); set negative cells to 0 or nodata (gdal_calc.py --calc \"maximum(A,0)\")",
    },
    PlausibleRange {
        input: "rh",
        what: "soil heterotrophic respiration",
        unit: "g C/m²/yr",
        min: 0.0,
        max: 4000.0,
        usual_max: 2000.0,
        source: "global heterotrophic respiration rarely exceeds 1500–2000 g C/m²/yr (Bond-Lamberty & Thomson 2010, global soil respiration database)",
        hint: "Rh is in g C/m²/yr (kg C × 1000)",
    },
    PlausibleRange {
        input: "precipitation",
        what: "annual precipitation",
        unit: "mm/yr",
        min: 0.0,
        max: 27_000.0,
        usual_max: 12_000.0,
        source: "world records: 11 872 mm mean annual at Mawsynram and 26 461 mm in one year (Aug 1860–Jul 1861) at Cherrapunji, India (WMO World Weather and Climate Extremes Archive)",
        hint: "precipitation is the annual total in mm (m × 1000; monthly rasters summed, not averaged × 365)",
    },
    PlausibleRange {
        input: "et",
        what: "annual actual evapotranspiration",
        unit: "mm/yr",
        min: 0.0,
        max: 4000.0,
        usual_max: 2000.0,
        source: "actual ET is bounded by the energy available: ≤ ~2000 mm/yr in the wettest tropics, potential ET ≤ ~3000–4000 mm/yr in hot deserts (MOD16A3; Zhang et al. 2001)",
        hint: "ET is the annual total in mm (MOD16 integers × 0.1)",
    },
    PlausibleRange {
        input: "evaporation",
        what: "annual water-surface evaporation",
        unit: "mm/yr",
        min: 0.0,
        max: 5000.0,
        usual_max: 3500.0,
        source: "pan evaporation reaches 3000–4000 mm/yr in the hottest deserts (e.g. the Tarim and Qaidam basins, China Meteorological Administration)",
        hint: "evaporation is the annual total in mm",
    },
    PlausibleRange {
        input: "erosivity",
        what: "rainfall erosivity R",
        unit: "MJ·mm/(ha·h·yr)",
        min: 0.0,
        max: 100_000.0,
        usual_max: 25_000.0,
        source: "the global erosivity map peaks near 20 000–25 000 MJ·mm/(ha·h·yr) (Panagos et al. 2017, GloREDa)",
        hint: "R in US customary units (hundreds of ft·tonf·in/(ac·h·yr)) is × 17.02",
    },
    PlausibleRange {
        input: "dem",
        what: "elevation",
        unit: "m",
        min: -500.0,
        max: 9000.0,
        usual_max: 9000.0,
        source: "the lowest land is the Dead Sea shore (about −430 m), the highest Everest (8849 m, 2020 survey)",
        hint: "elevation is in metres above sea level (feet × 0.3048)",
    },
    PlausibleRange {
        input: "erodibility",
        what: "soil erodibility K",
        unit: "t·ha·h/(ha·MJ·mm)",
        min: 0.0,
        max: 1.0,
        usual_max: 0.1,
        source: "the Wischmeier nomograph gives K up to about 0.09 t·ha·h/(ha·MJ·mm) (0.7 in US customary units × 0.1317)",
        hint: "K in US customary units (t·ac·h/(100·ac·ft·tonf·in)) is × 0.1317",
    },
    PlausibleRange {
        input: "water_yield",
        what: "annual water yield",
        unit: "mm/yr",
        min: 0.0,
        max: 27_000.0,
        usual_max: 12_000.0,
        source: "bounded by annual precipitation (see precipitation)",
        hint: "water yield is the annual depth in mm",
    },
    PlausibleRange {
        input: "snow_days",
        what: "days with snow cover",
        unit: "days",
        min: 0.0,
        max: 366.0,
        usual_max: 366.0,
        source: "a year has at most 366 days",
        hint: "give the number of days in the year",
    },
    PlausibleRange {
        input: "soil_wetness",
        what: "soil wetness factor SW",
        unit: "ratio",
        min: 0.0,
        max: 1.0,
        usual_max: 1.0,
        source: "RWEQ defines SW as a ratio in [0, 1] (Fryrear et al. 1998)",
        hint: "SW is a ratio (0.4), not a percentage (40)",
    },
    PlausibleRange {
        input: "sand",
        what: "sand content",
        unit: "%",
        min: 0.0,
        max: 100.0,
        usual_max: 100.0,
        source: "a content or cover is a percentage of the whole",
        hint: "soil contents are percentages 0–100 (fractions × 100)",
    },
    PlausibleRange {
        input: "silt",
        what: "silt content",
        unit: "%",
        min: 0.0,
        max: 100.0,
        usual_max: 100.0,
        source: "a content or cover is a percentage of the whole",
        hint: "soil contents are percentages 0–100 (fractions × 100)",
    },
    PlausibleRange {
        input: "clay",
        what: "clay content",
        unit: "%",
        min: 0.0,
        max: 100.0,
        usual_max: 100.0,
        source: "a content or cover is a percentage of the whole",
        hint: "soil contents are percentages 0–100 (fractions × 100)",
    },
    PlausibleRange {
        input: "organic_matter",
        what: "soil organic matter",
        unit: "%",
        min: 0.0,
        max: 100.0,
        usual_max: 100.0,
        source: "a content or cover is a percentage of the whole",
        hint: "soil contents are percentages 0–100 (organic carbon × 1.724)",
    },
    PlausibleRange {
        input: "caco3",
        what: "calcium carbonate content",
        unit: "%",
        min: 0.0,
        max: 100.0,
        usual_max: 100.0,
        source: "a content or cover is a percentage of the whole",
        hint: "soil contents are percentages 0–100",
    },
    PlausibleRange {
        input: "fvc_percent",
        what: "fractional vegetation cover (fvc_unit = \"percent\")",
        unit: "%",
        min: 0.0,
        max: 100.0,
        usual_max: 100.0,
        source: "a content or cover is a percentage of the whole",
        hint: "FVC is outside 0–100 %: give it in the unit `[wind_erosion] fvc_unit` declares",
    },
    PlausibleRange {
        input: "fvc_fraction",
        what: "fractional vegetation cover (fvc_unit = \"fraction\")",
        unit: "ratio",
        min: 0.0,
        max: 1.0,
        usual_max: 1.0,
        source: "a cover fraction lies in [0, 1]",
        hint: "FVC is outside 0–1: give it in the unit `[wind_erosion] fvc_unit` declares (percent 0–100 or fraction 0–1)",
    },
    PlausibleRange {
        input: "soil",
        what: "soil conservation (ESV adjustment factor)",
        unit: "t/ha/yr",
        min: 0.0,
        max: 1.0e6,
        usual_max: 1.0e6,
        source: "a conservation amount cannot be negative",
        hint: "set negative cells to 0 or nodata",
    },
];

/// The declared range of `input`, if any.
pub fn range_of(input: &str) -> Option<&'static PlausibleRange> {
    RANGES.iter().find(|r| r.input == input)
}

/// What a scan of a raster found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RasterScan {
    /// cells with a value (not nodata, not NaN)
    pub valid: u64,
    /// nodata or NaN cells
    pub nodata: u64,
    /// smallest value (including the implausible ones)
    pub min: f64,
    /// largest value (including the implausible ones)
    pub max: f64,
    /// sum of the plausible values
    pub sum: f64,
    /// number of plausible values
    pub plausible: u64,
    /// cells outside `[min, max]` of the range (or infinite)
    pub outside: u64,
    /// plausible cells above the usual maximum
    pub unusual: u64,
}

impl RasterScan {
    fn empty() -> RasterScan {
        RasterScan {
            valid: 0,
            nodata: 0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            sum: 0.0,
            plausible: 0,
            outside: 0,
            unusual: 0,
        }
    }

    fn merge(mut self, o: RasterScan) -> RasterScan {
        self.valid += o.valid;
        self.nodata += o.nodata;
        self.min = self.min.min(o.min);
        self.max = self.max.max(o.max);
        self.sum += o.sum;
        self.plausible += o.plausible;
        self.outside += o.outside;
        self.unusual += o.unusual;
        self
    }

    /// Mean of the valid cells (all of them are plausible after a check).
    pub fn mean(&self) -> f64 {
        if self.plausible == 0 {
            f64::NAN
        } else {
            self.sum / self.plausible as f64
        }
    }
}

/// Scan every cell of band 1 (exact: one stray cell counts), honouring the
/// source's nodata; `range` (when given) classifies the values.
pub fn scan_raster(
    src: &RasterSource,
    range: Option<&PlausibleRange>,
    progress: &dyn Progress,
) -> Result<RasterScan, AppError> {
    let windows = plan_windows(&src.grid, src.block_size);
    let nd = src.nodata;
    let (lo, hi, usual) = match range {
        Some(r) => (r.min, r.max, r.usual_max),
        None => (f64::NEG_INFINITY, f64::INFINITY, f64::INFINITY),
    };
    progress.start(
        &format!("checking {}", src.path.display()),
        windows.len() as u64,
    );
    let scan = process_windows(
        &[(src.clone(), ReadAs::F64)],
        &windows,
        RasterScan::empty,
        |acc, b| {
            for &v in b.pixels[0].as_f64() {
                if v.is_nan() || Some(v) == nd {
                    acc.nodata += 1;
                    continue;
                }
                acc.valid += 1;
                acc.min = acc.min.min(v);
                acc.max = acc.max.max(v);
                if !v.is_finite() || v < lo || v > hi {
                    acc.outside += 1;
                    continue;
                }
                acc.plausible += 1;
                acc.sum += v;
                if v > usual {
                    acc.unusual += 1;
                }
            }
            Ok(())
        },
        RasterScan::merge,
        |_| progress.advance(1),
    )?;
    progress.finish();
    Ok(scan)
}

fn fmt(v: f64) -> String {
    if v != 0.0 && (v.abs() >= 1e7 || v.abs() < 1e-3) {
        // four significant digits, trailing zeros dropped: 3e38, 1.234e9
        let s = format!("{v:.3e}");
        match s.split_once('e') {
            Some((m, e)) => {
                let m = m.trim_end_matches('0').trim_end_matches('.');
                format!("{m}e{e}")
            }
            None => s,
        }
    } else {
        format!("{}", (v * 1000.0).round() / 1000.0)
    }
}

/// Check a raster input against its declared range. `label` says which
/// input it is (e.g. "`npp` in [[year]] 2000" or "--npp"). Refuses values
/// outside the range and a raster without any valid cell; returns the scan
/// and, for unusual values, a warning to show in console, summary and
/// manifest.
pub fn check_raster(
    src: &RasterSource,
    label: &str,
    range: &PlausibleRange,
    progress: &dyn Progress,
) -> Result<(RasterScan, Option<String>), AppError> {
    let s = scan_raster(src, Some(range), progress)?;
    let file = src.path.display().to_string();
    if s.valid == 0 {
        return Err(AppError::input(
            file,
            format!(
                "{label}: no valid cell ({} cells, all nodata{})",
                s.nodata,
                src.nodata
                    .map(|v| format!(" {v}"))
                    .unwrap_or_else(|| " or NaN".into())
            ),
            "check the raster and its declared nodata value (gdalinfo -stats FILE)",
        ));
    }
    if s.outside > 0 {
        return Err(AppError::input(
            file,
            format!(
                "{label}: {} of {} cells are outside the plausible range of {} ({}–{} {}): smallest {}, largest {}",
                s.outside,
                s.valid,
                range.what,
                fmt(range.min),
                fmt(range.max),
                range.unit,
                fmt(s.min),
                fmt(s.max)
            ),
            format!("{}; {NODATA_HINT}", range.hint),
        ));
    }
    let warning = (s.unusual > 0).then(|| {
        format!(
            "WARNING: {file} ({label}): {} of {} cells of {} exceed {} {} (largest {}); possible but rare ({}); check the unit",
            s.unusual,
            s.valid,
            range.what,
            fmt(range.usual_max),
            range.unit,
            fmt(s.max),
            range.source
        )
    });
    Ok((s, warning))
}

/// Check a reference value (e.g. `--npp-mean`) against the range of `input`.
pub fn check_value(input: &str, label: &str, v: f64) -> Result<(), AppError> {
    let Some(r) = range_of(input) else {
        return Ok(());
    };
    if v.is_finite() && v >= r.min && v <= r.max {
        return Ok(());
    }
    Err(AppError::input(
        label,
        format!(
            "{} is outside the plausible range of {} ({}–{} {})",
            fmt(v),
            r.what,
            fmt(r.min),
            fmt(r.max),
            r.unit
        ),
        r.hint,
    ))
}

/// Refuse a land-cover raster of `year` whose cells are all nodata.
pub fn check_landcover(
    src: &RasterSource,
    year: i32,
    progress: &dyn Progress,
) -> Result<(), AppError> {
    let s = scan_raster(src, None, progress)?;
    if s.valid == 0 {
        return Err(empty_landcover(&src.path, src.nodata, year, s.nodata));
    }
    Ok(())
}

/// The refusal of the land cover `path` of `year` without any valid cell.
pub fn empty_landcover(path: &Path, nodata: Option<f64>, year: i32, cells: u64) -> AppError {
    AppError::input(
        path.display().to_string(),
        format!(
            "land cover of {year} has no valid cell: all {cells} cells are nodata{}",
            nodata.map(|v| format!(" ({v})")).unwrap_or_default()
        ),
        "give the classified land cover of that year; if its nodata value is wrong, fix it (gdal_edit.py -a_nodata) or pass the right code",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_range_is_ordered_and_sourced() {
        for r in RANGES {
            assert!(r.min < r.max && r.usual_max <= r.max, "{}", r.input);
            assert!(!r.source.is_empty() && !r.hint.is_empty());
        }
        assert!(range_of("npp").is_some() && range_of("nope").is_none());
    }

    #[test]
    fn reference_values() {
        assert!(check_value("npp", "--npp-mean", 450.0).is_ok());
        assert!(check_value("npp", "--npp-mean", 8.3e32).is_err());
        assert!(check_value("precipitation", "--precipitation-mean", -1.0).is_err());
    }
}
