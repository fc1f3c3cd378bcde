//! Running an ESV account end to end.

use super::inputs::{load_basis, load_mapping, BasisSpec, MappingSpec};
use super::pixels::{raster_areas, RasterInput};
use crate::error::AppError;
use crate::manifest::Manifest;
use crate::progress::Progress;
use crate::staging::Staging;
use ecocap_accounts::esv::{
    sensitivity, write_reports, Adjustments, AreaTable, EsvAccount, EsvError, Factor,
    ServiceFactorMap,
};
use ecocap_params::CsvTable;
use ecocap_units::AreaUnit;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Where the areas come from.
#[derive(Debug, Clone)]
pub enum EsvInput {
    /// a CSV `zone,year,class,area` (zone and year optional)
    Areas {
        /// file
        path: PathBuf,
        /// unit of the area column
        unit: AreaUnit,
    },
    /// land-cover rasters
    Rasters(RasterInput),
}

/// Every option of an ESV run.
#[derive(Debug, Clone)]
pub struct EsvOptions {
    /// areas or rasters
    pub input: EsvInput,
    /// class → type mapping
    pub mapping: MappingSpec,
    /// value basis
    pub basis: BasisSpec,
    /// regional coefficient (1 = none)
    pub regional: f64,
    /// CSV `zone,factor,value` of scalar adjustment factors (zone `*` = all)
    pub factor_table: Option<PathBuf>,
    /// `service=factor` overrides of the default service → factor map
    pub factor_map: Vec<String>,
    /// write per-cell ESV density rasters (raster mode)
    pub pixel_rasters: bool,
    /// output directory
    pub out: PathBuf,
    /// write into a folder that holds another command's outputs
    pub force: bool,
}

/// What a run produced.
pub struct EsvOutcome {
    /// the account
    pub account: EsvAccount,
    /// files written (final paths)
    pub files: Vec<PathBuf>,
    /// notes to show the user
    pub notes: Vec<String>,
    /// cells processed (raster mode)
    pub cells: u64,
}

fn read_factor_table(path: &Path) -> Result<BTreeMap<(String, Factor), f64>, AppError> {
    let (t, _) = CsvTable::from_path(path)?;
    let (cz, cf, cv) = (t.column("zone")?, t.column("factor")?, t.column("value")?);
    let mut out = BTreeMap::new();
    for row in &t.rows {
        let f = t.text(row, cf)?;
        let factor = Factor::parse(f).ok_or_else(|| EsvError::BadValue {
            file: path.to_path_buf(),
            row: row.line as usize,
            column: "factor".into(),
            detail: format!("unknown factor '{f}'"),
            hint: "factors: npp, precipitation, soil".into(),
        })?;
        let v = t.number(row, cv, "a positive ratio, e.g. 0.562")?;
        if v <= 0.0 {
            return Err(EsvError::BadValue {
                file: path.to_path_buf(),
                row: row.line as usize,
                column: "value".into(),
                detail: format!("factor {v} is not positive"),
                hint: "adjustment factors are positive ratios (region / reference)".into(),
            }
            .into());
        }
        out.insert((t.text(row, cz)?.to_string(), factor), v);
    }
    Ok(out)
}

/// Run the account and write every output into `opts.out`.
pub fn run_esv(opts: &EsvOptions, progress: &dyn Progress) -> Result<EsvOutcome, AppError> {
    let t0 = Instant::now();
    let mut manifest = Manifest::new("esv");
    let mut timings = Vec::new();
    if !(opts.regional.is_finite() && opts.regional > 0.0) {
        return Err(AppError::input(
            "--regional",
            format!("regional coefficient {} must be positive", opts.regional),
            "e.g. 0.94 (Yellow River basin, 奥勇 et al.); 1 for none",
        ));
    }
    let basis = load_basis(&opts.basis)?;
    let (mapping, mapping_prov) = load_mapping(&opts.mapping, &basis)?;
    let service_ids: Vec<&str> = basis.services.iter().map(|s| s.id.as_str()).collect();
    let mut adj = Adjustments::none(&service_ids);
    adj.regional = opts.regional;
    adj.factor_map =
        ServiceFactorMap::default_for(&service_ids).with_overrides(&opts.factor_map)?;
    if let Some(p) = &opts.factor_table {
        adj.zone_scalars = read_factor_table(p)?;
        manifest.add_input("factor table", p)?;
    }
    let staging = Staging::new(&opts.out, "esv", opts.force)?;
    let mut notes = Vec::new();
    // loud warnings: in the console, the summary and the manifest
    let mut warnings: Vec<String> = Vec::new();
    let mut cells = 0;
    let (areas, data_label, nodata_note) = match &opts.input {
        EsvInput::Areas { path, unit } => {
            manifest.add_input("areas", path)?;
            (
                AreaTable::read_csv(path, *unit)?,
                path.display().to_string(),
                String::new(),
            )
        }
        EsvInput::Rasters(r) => {
            adj.raster_factors = r.factors.iter().map(|f| f.factor).collect();
            let work = staging.dir().join("work");
            std::fs::create_dir_all(&work).map_err(|e| AppError::OutDir {
                path: opts.out.clone(),
                detail: e.to_string(),
            })?;
            let density = opts.pixel_rasters.then(|| staging.dir());
            let t = Instant::now();
            let ra = raster_areas(r, &mapping, &basis, &adj, &work, density, progress)?;
            timings.push(("raster pass".to_string(), t.elapsed().as_secs_f64()));
            let _ = std::fs::remove_dir_all(&work);
            for (role, p) in &ra.inputs {
                manifest.add_input(role.clone(), p)?;
            }
            let (loud, quiet): (Vec<String>, Vec<String>) = ra
                .notes
                .iter()
                .cloned()
                .partition(|n| n.starts_with("WARNING"));
            warnings.extend(loud);
            notes.extend(quiet);
            for (y, s) in &ra.stats {
                notes.push(format!(
                    "{y}: {} cells valued, {} nodata, {} outside zones{}",
                    s.valid,
                    s.nodata,
                    s.outside,
                    if s.factor_gaps > 0 {
                        format!(", {} factor-raster gaps (factor 1 used)", s.factor_gaps)
                    } else {
                        String::new()
                    }
                ));
            }
            cells = ra.cells;
            let declared = ecocap_raster::RasterSource::open(&r.landcover[0])
                .ok()
                .and_then(|s| s.with_nodata(r.nodata).nodata);
            let nd = match declared {
                Some(v) => format!(" (nodata code {v} was excluded)"),
                None => " (the raster declares no nodata; if one of these codes means no data, pass --nodata CODE)".to_string(),
            };
            (ra.areas, r.landcover[0].display().to_string(), nd)
        }
    };
    let missing = ecocap_accounts::esv::unmapped_classes(&areas, &mapping);
    if !missing.is_empty() {
        return Err(EsvError::UnmappedClasses {
            data: data_label,
            mapping: opts.mapping.label(),
            classes: missing,
            detail: nodata_note,
            nodata_hint: String::new(),
        }
        .into());
    }
    let t = Instant::now();
    let mut account = EsvAccount::compute(&areas, &mapping, &basis, &adj)?;
    account.warnings.splice(0..0, warnings);
    let cs = sensitivity(&account, &areas, &mapping, &basis, &adj)?;
    write_reports(staging.dir(), &account, &cs)?;
    timings.push(("account and reports".to_string(), t.elapsed().as_secs_f64()));
    notes.extend(account.warnings.iter().cloned());
    manifest.tables = basis.tables.clone();
    manifest.tables.push(mapping_prov);
    if let Some(p) = &areas.provenance {
        manifest.tables.push(p.clone());
    }
    manifest.parameters = serde_json::json!({
        "basis": basis.label,
        "currency": basis.currency,
        "price_year": basis.price_year,
        "standard_value": match &opts.basis { super::BasisSpec::Equivalent { standard, .. } => serde_json::to_value(standard).unwrap_or_default(), _ => serde_json::Value::Null },
        "regional_coefficient": adj.regional,
        "service_factor_map": adj.factor_map,
        "zone_factors": adj.zone_scalars.iter().map(|((z, f), v)| serde_json::json!({"zone": z, "factor": f, "value": v})).collect::<Vec<_>>(),
        "raster_factors": adj.raster_factors,
        "mapping": opts.mapping.label(),
        "class_types": account.class_types,
    });
    timings.push(("total".to_string(), t0.elapsed().as_secs_f64()));
    manifest.timings = timings;
    manifest.notes = notes.clone();
    manifest.outputs = crate::owner::list_outputs(staging.dir());
    manifest.write(staging.dir())?;
    let committed = staging.commit()?;
    notes.extend(committed.notes);
    let files = committed.files;
    Ok(EsvOutcome {
        account,
        files,
        notes,
        cells,
    })
}
