//! Opening one year's rasters on the land-cover grid, for the zone-sum
//! pass and the value-density pass alike.

use super::cell::{CellRules, Slots};
use super::config::YearInputs;
use super::pass::PassSetup;
use super::pixel::{self, Source};
use crate::error::AppError;
use ecocap_raster::{align_to_grid, RasterSource, ReadAs, Resampling, ZoneShapes};
use std::path::{Path, PathBuf};

/// A year's rasters, in the order a window's pixels come.
pub struct YearSources {
    /// the land cover (first source)
    pub landcover: RasterSource,
    /// every source with how it is read
    pub sources: Vec<(RasterSource, ReadAs)>,
    /// where each input sits in `sources`
    pub slots: Slots,
    /// the same for sand fixation and the water-retention method
    pub extra_slots: pixel::Slots,
    /// water conservation by water balance (not the water-retention method)
    pub balance: bool,
    /// input files (role, path)
    pub inputs: Vec<(String, PathBuf)>,
    /// what was done (alignment)
    pub notes: Vec<String>,
}

impl YearSources {
    /// The per-cell rules of this year.
    pub fn rules<'a>(&self, setup: &PassSetup<'a>) -> CellRules<'a> {
        CellRules {
            needed: setup.needed,
            balance: self.balance,
            types: setup.types,
            extra: setup.extra,
            extra_slots: self.extra_slots,
        }
    }

    /// The zones on the land-cover grid and their ids (zone k is
    /// `ids[k − 1]`; one zone `all` when none are configured).
    pub fn zones(
        &self,
        setup: &PassSetup<'_>,
    ) -> Result<(Option<ZoneShapes>, Vec<String>), AppError> {
        let zones = match setup.zones {
            Some((p, f)) => Some(
                ZoneShapes::read(p, f, &self.landcover.grid)
                    .map_err(|e| e.with_raster(&self.landcover.path))?,
            ),
            None => None,
        };
        let ids = zones
            .as_ref()
            .map(|z| z.ids.clone())
            .unwrap_or_else(|| vec!["all".into()]);
        Ok((zones, ids))
    }
}

fn open_aligned(
    p: &Path,
    reference: &RasterSource,
    setup: &PassSetup<'_>,
    notes: &mut Vec<String>,
) -> Result<RasterSource, AppError> {
    let s = RasterSource::open(p)?;
    if s.grid.differences(&reference.grid).is_empty() {
        return Ok(s);
    }
    if !setup.align {
        s.require_same_grid(
            reference,
            "set `align = true` in the configuration, or prepare the rasters on one grid",
        )?;
    }
    let out = setup.work.join(format!(
        "aligned_{}_{}.tif",
        notes.len(),
        p.file_stem().unwrap_or_default().to_string_lossy()
    ));
    let a = align_to_grid(&s, &reference.grid, Resampling::Bilinear, &out)?;
    notes.push(format!(
        "{} aligned to {} (bilinear)",
        p.display(),
        reference.path.display()
    ));
    Ok(a)
}

/// Open the land cover and the rasters the needed indicators use.
pub fn open_year(y: &YearInputs, setup: &PassSetup<'_>) -> Result<YearSources, AppError> {
    let mut notes = Vec::new();
    let mut inputs = vec![(format!("landcover {}", y.year), y.landcover.clone())];
    let lc = RasterSource::open(&y.landcover)?;
    if !lc.is_integer {
        return Err(AppError::input(
            y.landcover.display().to_string(),
            format!(
                "land cover has {} cells; classes must be integers",
                lc.data_type
            ),
            "give the classified land-cover raster",
        ));
    }
    let read_lc = if lc.data_type == "Byte" {
        ReadAs::U8
    } else {
        ReadAs::I32
    };
    let mut sources = vec![(lc.clone(), read_lc)];
    let mut slot = |p: Option<&Path>,
                    role: &str,
                    on: bool,
                    sources: &mut Vec<(RasterSource, ReadAs)>|
     -> Result<Option<(usize, Option<f64>)>, AppError> {
        match p {
            Some(p) if on => {
                inputs.push((format!("{role} {}", y.year), p.to_path_buf()));
                let s = open_aligned(p, &lc, setup, &mut notes)?;
                let nd = s.nodata;
                sources.push((s, ReadAs::F64));
                Ok(Some((sources.len() - 1, nd)))
            }
            _ => Ok(None),
        }
    };
    let n = setup.needed;
    let carbon = n[0] || n[1];
    let soil = n[7] || n[8] || n[9];
    let ret = setup.extra.retention.is_some();
    let balance = n[2] && !ret;
    // P and ET: the water balance, or the yield P − ET of the retention method
    let pe = balance || (ret && y.water_yield.is_none());
    let s = &mut sources;
    let mut slots = Slots {
        npp: slot(y.npp.as_deref(), "npp", carbon, s)?,
        rh: slot(y.rh.as_deref(), "rh", carbon, s)?,
        precipitation: slot(y.precipitation.as_deref(), "precipitation", pe, s)?,
        et: slot(y.et.as_deref(), "et", pe, s)?,
        erosivity: slot(y.erosivity.as_deref(), "erosivity", soil, s)?,
        erodibility: slot(setup.erodibility, "erodibility", soil, s)?,
        ls: None,
        evaporation: slot(y.evaporation.as_deref(), "evaporation", n[4], s)?,
    };
    let extra_slots = {
        let mut open = |src: Source<'_>| -> Result<pixel::Slot, AppError> {
            match src {
                Source::Input(p, role) => slot(p.as_deref(), role, true, &mut sources),
                Source::Work(w) => {
                    sources.push((w.clone(), ReadAs::F64));
                    Ok(Some((sources.len() - 1, w.nodata)))
                }
            }
        };
        pixel::open_slots(y, setup.extra, (slots.precipitation, slots.et), &mut open)?
    };
    if let (true, Some(l)) = (soil, setup.ls) {
        sources.push((l.clone(), ReadAs::F64));
        slots.ls = Some((sources.len() - 1, l.nodata));
    }
    Ok(YearSources {
        landcover: lc,
        sources,
        slots,
        extra_slots,
        balance,
        inputs,
        notes,
    })
}
