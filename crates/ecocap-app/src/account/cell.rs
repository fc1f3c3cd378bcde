//! The per-cell rules of the account's raster models, shared by the zone
//! sums of each year's pass (`pass.rs`) and the per-pixel value-density
//! rasters (`density.rs`), so both count a cell the same way. Sand
//! fixation and the water-retention method add their part through
//! `pixel::cell`.

use super::pixel::{self, Checks, ExtraSetup};
use super::quantities::{TypeParams, TypeSums, N_IND};
use ecocap_gepmodels::water_balance;
use ecocap_raster::Pixels;

/// One cell's input values; `None` where the raster is not used or has no
/// data at the cell.
#[derive(Debug, Clone, Copy, Default)]
pub struct CellValues {
    /// NPP, g C m⁻² yr⁻¹
    pub npp: Option<f64>,
    /// soil heterotrophic respiration, g C m⁻² yr⁻¹
    pub rh: Option<f64>,
    /// precipitation, mm
    pub precipitation: Option<f64>,
    /// actual evapotranspiration, mm
    pub et: Option<f64>,
    /// rainfall erosivity R
    pub erosivity: Option<f64>,
    /// soil erodibility K
    pub erodibility: Option<f64>,
    /// LS factor
    pub ls: Option<f64>,
    /// water-surface evaporation, mm
    pub evaporation: Option<f64>,
}

/// What a cell lacked, for the pass's messages.
#[derive(Debug, Clone, Copy, Default)]
pub struct CellFlags {
    /// indicator values skipped because an input had no data
    pub gaps: u64,
    /// the water balance is negative
    pub negative_water: bool,
    /// no runoff coefficient for the cell's type
    pub missing_runoff: bool,
    /// no transpiration heat for the cell's type
    pub missing_heat: bool,
    /// no USLE C·P for the cell's type
    pub missing_cp: bool,
}

/// What every cell of a year shares.
pub struct CellRules<'a> {
    /// indicators computed
    pub needed: [bool; N_IND],
    /// water conservation by water balance (else the water-retention method)
    pub balance: bool,
    /// per-type parameters
    pub types: &'a TypeParams,
    /// sand fixation and water-retention inputs
    pub extra: &'a ExtraSetup<'a>,
    /// where their rasters sit in a window
    pub extra_slots: pixel::Slots,
}

impl CellRules<'_> {
    /// The sums cell `i` of a window, of type `ty`, adds to its (zone, type).
    pub fn cell_sums(
        &self,
        ty: usize,
        area_ha: f64,
        v: &CellValues,
        pixels: &[Pixels],
        i: usize,
        checks: &mut Checks,
    ) -> (TypeSums, CellFlags) {
        let (n, t) = (&self.needed, self.types);
        let area_m2 = area_ha * 1e4;
        let mut q = TypeSums {
            area_m2,
            ..TypeSums::default()
        };
        let mut f = CellFlags::default();
        if n[0] || n[1] {
            match v.npp {
                Some(npp) => {
                    let rh = v.rh.unwrap_or(0.0);
                    q.carbon_g = (npp - rh) * area_m2;
                    q.rh_g = rh * area_m2;
                }
                None => f.gaps += 1,
            }
        }
        if self.extra.wind.is_some() || self.extra.retention.is_some() {
            pixel::cell(
                self.extra,
                &self.extra_slots,
                pixels,
                i,
                ty,
                t.velocity[ty],
                area_m2,
                &mut q,
                checks,
            );
        }
        if self.balance {
            match (v.precipitation, v.et, t.runoff[ty]) {
                (Some(p), Some(e), Some(a)) => {
                    f.negative_water = water_balance::retained_mm(p, e, a) < 0.0;
                    q.p_area = p * area_m2;
                    q.p_minus_et_area = (p - e) * area_m2;
                }
                (_, _, None) => f.missing_runoff = true,
                _ => f.gaps += 1,
            }
        }
        if n[3] && t.heat[ty].is_none() {
            f.missing_heat = true;
        }
        if n[7] || n[8] || n[9] {
            match (v.erosivity, v.erodibility, v.ls, t.cp[ty]) {
                (Some(r), Some(k), Some(l), Some(_)) => q.rkls_t = r * k * l * area_ha,
                (_, _, _, None) => f.missing_cp = true,
                _ => f.gaps += 1,
            }
        }
        if n[4] && t.water[ty] {
            match v.evaporation {
                Some(e) => q.evap_area = e * area_m2,
                None => f.gaps += 1,
            }
        }
        (q, f)
    }
}

/// Where each input sits among a window's rasters, with its nodata.
#[derive(Debug, Clone, Copy, Default)]
pub struct Slots {
    /// NPP
    pub npp: Option<(usize, Option<f64>)>,
    /// heterotrophic respiration
    pub rh: Option<(usize, Option<f64>)>,
    /// precipitation
    pub precipitation: Option<(usize, Option<f64>)>,
    /// actual evapotranspiration
    pub et: Option<(usize, Option<f64>)>,
    /// erosivity
    pub erosivity: Option<(usize, Option<f64>)>,
    /// erodibility
    pub erodibility: Option<(usize, Option<f64>)>,
    /// LS
    pub ls: Option<(usize, Option<f64>)>,
    /// water-surface evaporation
    pub evaporation: Option<(usize, Option<f64>)>,
}

impl Slots {
    /// The values of cell `i` of a window; nodata and non-finite values
    /// become `None`.
    pub fn values(&self, pixels: &[Pixels], i: usize) -> CellValues {
        let get = |s: Option<(usize, Option<f64>)>| {
            s.and_then(|(k, nd)| {
                let v = pixels[k].as_f64()[i];
                (v.is_finite() && Some(v) != nd).then_some(v)
            })
        };
        CellValues {
            npp: get(self.npp),
            rh: get(self.rh),
            precipitation: get(self.precipitation),
            et: get(self.et),
            erosivity: get(self.erosivity),
            erodibility: get(self.erodibility),
            ls: get(self.ls),
            evaporation: get(self.evaporation),
        }
    }
}
