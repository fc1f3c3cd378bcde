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
//! * sdr: `avoid_eros` (RKLS − USLE, t/yr) per watershed as soil retained,
//!   `t soil`, under `soil_retention_sediment`, `soil_retention_n` and
//!   `soil_retention_p`: the Chinese GEP soil-retention quantity is
//!   A_s = potential − actual erosion from USLE (白玛卓嘎 et al. 2017,
//!   "Ganzi 2017", soil-retention formula); the engine applies λ/ρ and the
//!   N, P contents.
//! * ndr: nutrient retained = load − export per watershed (kg/yr → t/yr),
//!   N as `water_purification_tn` (surface + subsurface load − total
//!   export) and P as `water_purification_tp` (surface load − surface
//!   export).

use std::path::Path;

use ecocap_spec::Args;

use crate::error::Result;
use crate::io::output::write_text;
use crate::registry::RunReport;

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

/// When `account_year` is given, write the rows `rows(year)` and list the
/// file among the outputs; otherwise add a note saying how to get `what`.
pub fn write_for_account_year(
    args: &Args,
    workspace: &Path,
    report: &mut RunReport,
    what: &str,
    rows: impl FnOnce(i64) -> Vec<Quantity>,
) -> Result<()> {
    match args.number("account_year") {
        Ok(Some(year)) => report
            .outputs
            .push(write_quantities(workspace, &rows(year as i64))?),
        _ => report.notes.push(format!(
            "gep_quantities.csv not written: give account_year to export {what}"
        )),
    }
    Ok(())
}

/// The three soil-retention rows of one watershed from SDR's avoided
/// erosion `avoid_eros` (t soil/yr, `watershed_results_sdr.csv`). The GEP
/// engine converts soil mass to sediment volume (λ/ρ, Ganzi 2017 eq. 4) and
/// to N and P (soil contents C_N, C_P, Ganzi 2017 eq. 5) itself.
pub fn sdr_rows(year: i64, ids: &[String], avoid_eros: &[f64]) -> Vec<Quantity> {
    let mut rows = Vec::new();
    for (id, a) in ids.iter().zip(avoid_eros) {
        for indicator in [
            "soil_retention_sediment",
            "soil_retention_n",
            "soil_retention_p",
        ] {
            rows.push(Quantity {
                zone: id.clone(),
                year,
                indicator,
                quantity: a.max(0.0),
                unit: "t soil",
            });
        }
    }
    rows
}

/// Nutrient retained by the landscape per watershed, t/yr, from NDR's
/// watershed fields (kg/yr): N = surface load + subsurface load − total
/// export; P = surface load − surface export. A nutrient whose fields are
/// absent (not computed) gives no row.
pub fn ndr_rows(year: i64, ids: &[String], fields: &[(String, Vec<f64>)]) -> Vec<Quantity> {
    let get = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    let mut rows = Vec::new();
    let n = (
        get("n_surface_load"),
        get("n_subsurface_load"),
        get("n_total_export"),
    );
    let p = (get("p_surface_load"), get("p_surface_export"));
    for (k, id) in ids.iter().enumerate() {
        let mut push = |indicator, kg: f64| {
            rows.push(Quantity {
                zone: id.clone(),
                year,
                indicator,
                // kg → t
                quantity: (kg / 1000.0).max(0.0),
                unit: "t",
            })
        };
        if let (Some(s), Some(u), Some(e)) = n {
            push("water_purification_tn", s[k] + u[k] - e[k]);
        }
        if let (Some(s), Some(e)) = p {
            push("water_purification_tp", s[k] - e[k]);
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sdr_rows_carry_avoided_erosion_as_soil() {
        let ids = vec!["1".to_string(), "7".to_string()];
        let rows = sdr_rows(2020, &ids, &[1500.0, 20.5]);
        assert_eq!(rows.len(), 6);
        assert_eq!(rows[0].indicator, "soil_retention_sediment");
        assert_eq!(rows[2].indicator, "soil_retention_p");
        assert_eq!((rows[4].zone.as_str(), rows[4].quantity), ("7", 20.5));
        assert!(rows.iter().all(|r| r.unit == "t soil" && r.year == 2020));
    }

    #[test]
    fn ndr_rows_are_load_minus_export_in_tonnes() {
        let ids = vec!["1".to_string()];
        let f = |k: &str, v: f64| (k.to_string(), vec![v]);
        let fields = [
            f("n_surface_load", 3000.0),
            f("n_surface_export", 900.0),
            f("n_subsurface_load", 1000.0),
            f("n_total_export", 1500.0),
            f("p_surface_load", 400.0),
            f("p_surface_export", 150.0),
        ];
        let rows = ndr_rows(2021, &ids, &fields);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].indicator, "water_purification_tn");
        assert!((rows[0].quantity - 2.5).abs() < 1e-12);
        assert_eq!(rows[1].indicator, "water_purification_tp");
        assert!((rows[1].quantity - 0.25).abs() < 1e-12);
        // P only
        let rows = ndr_rows(2021, &ids, &fields[4..]);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].indicator, "water_purification_tp");
    }
}
