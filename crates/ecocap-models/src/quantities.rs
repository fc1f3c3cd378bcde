//! Per-zone physical quantities for the GEP engine (`ecocap gep
//! --quantities`), with the indicator ids of its catalog
//! (`ecocap gep catalog`). The table is `zone,year,indicator,quantity,unit`.
//!
//! Mapping (documented in docs/MODELS.md):
//! * carbon: the annual mean stock change between the two maps,
//!   `Δstock / (alt_year − bas_year)` in `t C`, as `carbon_sequestration`
//!   (the GEP engine converts t C to t CO₂). A net loss is not a GEP flow
//!   and is reported as a note instead of a row.
//! * annual water yield: `wyield_vol` (m³/yr) per watershed as
//!   `water_conservation` (Ganzi 2017 eq. 2 takes Q_w = Σ(P − R − ET)·A; the
//!   Budyko yield P − AET includes quick runoff R, so it is an upper bound;
//!   subtract a runoff estimate if your standard requires), and with
//!   valuation `hp_energy` (kWh/yr) as `hydropower`.

use std::path::Path;

use crate::error::Result;
use crate::io::output::write_text;

/// One row of the quantities table.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// zone id (watershed id, or `study_area`)
    pub zone: String,
    /// account year
    pub year: i64,
    /// GEP catalog indicator id
    pub indicator: &'static str,
    /// value
    pub quantity: f64,
    /// unit the GEP engine parses
    pub unit: &'static str,
}

/// The file name, relative to the workspace.
pub const QUANTITIES_FILE: &str = "gep_quantities.csv";

/// Write the rows as `gep_quantities.csv`.
pub fn write_quantities(workspace: &Path, rows: &[Quantity]) -> Result<String> {
    let mut s = String::from("zone,year,indicator,quantity,unit\n");
    for r in rows {
        s.push_str(&format!(
            "{},{},{},{},{}\n",
            r.zone, r.year, r.indicator, r.quantity, r.unit
        ));
    }
    write_text(workspace, QUANTITIES_FILE, &s)
}
