//! The photosynthesis settings of the account (`[parameters]` npp_unit,
//! co2_per_dm, o2_per_dm, carbon_basis, oxygen_basis), checked before any
//! raster work, with the notes that say which basis was used.

use super::config::AccountConfig;
use super::quantities::N_IND;
use crate::error::AppError;
use ecocap_gepmodels::carbon_oxygen::{Basis, NppUnit, Photosynthesis};

fn basis(key: &str, v: Option<&str>) -> Result<Option<Basis>, AppError> {
    match v {
        None => Ok(None),
        Some("nep") => Ok(Some(Basis::Nep)),
        Some("npp") => Ok(Some(Basis::Npp)),
        Some(other) => Err(AppError::input(
            format!("parameters.{key}"),
            format!("unknown basis '{other}'"),
            "use \"nep\" (NEP = NPP − Rh, the national GEP specification's basis) or \"npp\"",
        )),
    }
}

/// The photosynthesis settings and the notes to show. Refuses what would
/// give a silently different number: the retired `carbon_fraction`,
/// dry-matter coefficients on a carbon NPP, a NEP basis for a year without
/// Rh, and Rh given for some years only.
pub fn photosynthesis(
    c: &AccountConfig,
    needed: [bool; N_IND],
) -> Result<(Photosynthesis, Vec<String>), AppError> {
    let p = &c.parameters;
    let mut notes = Vec::new();
    if let Some(cf) = p.carbon_fraction {
        return Err(AppError::input(
            "parameters.carbon_fraction",
            format!("carbon_fraction = {cf} is no longer used: CO2 and O2 follow from carbon by molar masses (44/12 and 32/12), and from dry matter by 1.63 and 1.19"),
            "remove carbon_fraction; if your NPP raster is in dry matter, set npp_unit = \"g DM/m2/yr\"",
        ));
    }
    let npp_unit = match p.npp_unit.as_deref() {
        None | Some("g C/m2/yr") => NppUnit::Carbon,
        Some("g DM/m2/yr") => NppUnit::DryMatter,
        Some(other) => return Err(AppError::input(
            "parameters.npp_unit",
            format!("unknown unit '{other}'"),
            "use \"g C/m2/yr\" (carbon, e.g. MODIS MOD17 or CASA) or \"g DM/m2/yr\" (dry matter)",
        )),
    };
    if npp_unit == NppUnit::Carbon {
        for (key, v) in [("co2_per_dm", p.co2_per_dm), ("o2_per_dm", p.o2_per_dm)] {
            if let Some(v) = v {
                return Err(AppError::input(
                    format!("parameters.{key}"),
                    format!("{key} = {v} applies to a dry-matter NPP, but npp_unit is g C/m2/yr (carbon is converted by molar masses, 44/12 g CO2 and 32/12 g O2 per g C)"),
                    "remove it, or set npp_unit = \"g DM/m2/yr\" if the NPP raster is in dry matter",
                ));
            }
        }
    }
    let with_rh: Vec<i32> = c
        .years
        .iter()
        .filter(|y| y.rh.is_some())
        .map(|y| y.year)
        .collect();
    let without: Vec<String> = c
        .years
        .iter()
        .filter(|y| y.rh.is_none())
        .map(|y| y.year.to_string())
        .collect();
    if !with_rh.is_empty() && !without.is_empty() {
        return Err(AppError::input(
            "[[year]] rh",
            format!(
                "rh is given for some years but not for {}: their carbon would be on another basis",
                without.join(", ")
            ),
            "give rh for every year, or for none and state carbon_basis = \"npp\"",
        ));
    }
    let mut pick = |key: &str, what: &str, stated: Option<Basis>| -> Result<Basis, AppError> {
        match (stated, with_rh.is_empty()) {
            (Some(Basis::Nep), true) => Err(AppError::input(
                format!("parameters.{key}"),
                format!(
                    "{key} = \"nep\" needs soil heterotrophic respiration, and no year gives `rh`"
                ),
                "add rh = \"rh_YEAR.tif\" (g C/m2/yr) to each [[year]], or state \"npp\"",
            )),
            (Some(b), _) => Ok(b),
            (None, false) => Ok(Basis::Nep),
            (None, true) => {
                notes.push(format!(
                    "{what} is on the NPP basis: no `rh` raster is given, so soil heterotrophic respiration is not subtracted and the quantity overstates the net uptake (the national GEP specification values NEP = NPP − Rh); give rh per year, or state {key} = \"npp\" in [parameters] to record the choice"
                ));
                Ok(Basis::Npp)
            }
        }
    };
    let carbon_basis = pick(
        "carbon_basis",
        "carbon sequestration",
        basis("carbon_basis", p.carbon_basis.as_deref())?,
    )?;
    let oxygen_basis = pick(
        "oxygen_basis",
        "oxygen release",
        basis("oxygen_basis", p.oxygen_basis.as_deref())?,
    )?;
    let photo = Photosynthesis {
        npp_unit,
        co2_per_dm: p.co2_per_dm.unwrap_or(1.63),
        o2_per_dm: p.o2_per_dm.unwrap_or(1.19),
        carbon_basis,
        oxygen_basis,
    };
    // notes only for the indicators the account computes
    let notes = notes
        .into_iter()
        .filter(|n| {
            (n.starts_with("carbon") && needed[0]) || (n.starts_with("oxygen") && needed[1])
        })
        .collect();
    Ok((photo, notes))
}
