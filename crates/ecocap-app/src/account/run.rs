//! Running the account end to end.

use super::cache::{CachedYear, Derived, PassCache};
use super::config::{AccountConfig, DensityRasters};
use super::pass::{year_pass, PassSetup, TypeParams, INDICATORS, N_IND, POLLUTANTS};
use super::quantities::{quantities, QuantityParams, YearSums};
use super::routing::Routed;
use super::timing::Steps;
use crate::error::AppError;
use crate::manifest::Manifest;
use crate::progress::Progress;
use crate::staging::Staging;
use ecocap_params::{ClassMapping, CsvTable, EquivalentTable, ResolvedType};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// What an account run produced.
pub struct AccountOutcome {
    /// the GEP engine's summary (account and outputs)
    pub gep: ecocap_gep::RunSummary,
    /// quantities rows (zone, year, indicator, quantity, unit) from the rasters
    pub quantities: Vec<(String, i32, String, f64, String)>,
    /// notes for the user
    pub notes: Vec<String>,
    /// final output files
    pub files: Vec<PathBuf>,
    /// the output directory
    pub out: PathBuf,
    /// wall time of each step (seconds), as in the manifest
    pub timings: Vec<(String, f64)>,
}

/// A per-type coefficient table; values outside `range` are refused with
/// the file, line and column (`hint` says what the values are).
fn type_table(
    path: &Path,
    column: &str,
    xie: &EquivalentTable,
    range: (f64, f64),
    hint: &str,
) -> Result<Vec<Option<f64>>, AppError> {
    let (t, _) = CsvTable::from_path(path)?;
    let (ct, cv) = (t.column("ecosystem_type")?, t.column(column)?);
    let mut out = vec![None; xie.types.len()];
    for row in &t.rows {
        let id = t.text(row, ct)?;
        let v = t.number(row, cv, "a number")?;
        if !(range.0..=range.1).contains(&v) {
            return Err(AppError::input(
                format!("{} line {}, column `{column}`", path.display(), row.line),
                if range.1 == f64::MAX {
                    format!("{column} = {v} for '{id}' is negative")
                } else {
                    format!(
                        "{column} = {v} for '{id}' is outside {}–{}",
                        range.0, range.1
                    )
                },
                hint,
            ));
        }
        match xie.resolve_type(id)? {
            ResolvedType::Row { index, .. } => out[index] = Some(v),
            ResolvedType::Zero => {}
        }
    }
    Ok(out)
}

/// USLE C × P by type from `ecosystem_type,usle_c,usle_p`; both must be
/// ratios in [0, 1] (a P of 1000 is InVEST's classic percent trap).
fn usle_cp(path: &Path, xie: &EquivalentTable) -> Result<Vec<Option<f64>>, AppError> {
    let (t, _) = CsvTable::from_path(path)?;
    let (ct, cc, cp) = (
        t.column("ecosystem_type")?,
        t.column("usle_c")?,
        t.column("usle_p")?,
    );
    let mut out = vec![None; xie.types.len()];
    for row in &t.rows {
        let c = t.number(row, cc, "a ratio in [0, 1]")?;
        let p = t.number(row, cp, "a ratio in [0, 1]")?;
        for (name, v) in [("usle_c", c), ("usle_p", p)] {
            if !(0.0..=1.0).contains(&v) {
                return Err(AppError::input(
                    format!("{} line {}", path.display(), row.line),
                    format!("{name} = {v} is outside 0–1"),
                    "C and P are ratios (0.5), not percentages (50) or per-mille values (1000)",
                ));
            }
        }
        if let ResolvedType::Row { index, .. } = xie.resolve_type(t.text(row, ct)?)? {
            out[index] = Some(c * p);
        }
    }
    Ok(out)
}

/// Purification capacities (t/ha/yr) by type, and which pollutant columns
/// the table has.
#[allow(clippy::type_complexity)]
fn purification_table(
    path: &Path,
    xie: &EquivalentTable,
) -> Result<(Vec<[f64; 7]>, [bool; 7]), AppError> {
    let (t, _) = CsvTable::from_path(path)?;
    let ct = t.column("ecosystem_type")?;
    let cols: Vec<Option<usize>> = POLLUTANTS.iter().map(|p| t.optional_column(p)).collect();
    if cols.iter().all(Option::is_none) {
        return Err(AppError::input(
            path.display().to_string(),
            "no capacity column found",
            format!(
                "give one or more of the columns {} (t/ha/yr)",
                POLLUTANTS.join(", ")
            ),
        ));
    }
    let mut out = vec![[0.0; 7]; xie.types.len()];
    for row in &t.rows {
        let mut caps = [0.0; 7];
        for (k, c) in cols.iter().enumerate() {
            if let Some(c) = c {
                let v = t.number(row, *c, "a capacity in t/ha/yr")?;
                if v < 0.0 {
                    return Err(AppError::input(
                        format!("{} line {}", path.display(), row.line),
                        format!("negative capacity {v} for {}", POLLUTANTS[k]),
                        "capacities are zero or positive, in t/ha/yr",
                    ));
                }
                caps[k] = v;
            }
        }
        if let ResolvedType::Row { index, .. } = xie.resolve_type(t.text(row, ct)?)? {
            out[index] = caps;
        }
    }
    let mut present = [false; 7];
    for (k, c) in cols.iter().enumerate() {
        present[k] = c.is_some();
    }
    Ok((out, present))
}

/// Emissions by zone, year and pollutant (t).
fn read_emissions(path: &Path) -> Result<BTreeMap<(String, i32, usize), f64>, AppError> {
    let (t, _) = CsvTable::from_path(path)?;
    let (cz, cy, cp, ce) = (
        t.column("zone")?,
        t.column("year")?,
        t.column("pollutant")?,
        t.column("emission")?,
    );
    let mut out = BTreeMap::new();
    for row in &t.rows {
        let pol = t.text(row, cp)?.to_ascii_lowercase();
        let Some(k) = POLLUTANTS.iter().position(|p| *p == pol) else {
            return Err(AppError::input(
                format!("{} line {}", path.display(), row.line),
                format!("unknown pollutant '{pol}'"),
                format!("pollutants: {}", POLLUTANTS.join(", ")),
            ));
        };
        let y = t.number(row, cy, "a year")? as i32;
        out.insert(
            (t.text(row, cz)?.to_string(), y, k),
            t.number(row, ce, "emission in t")?,
        );
    }
    Ok(out)
}

/// Which indicators to compute, checking that their inputs are there.
fn needed(c: &AccountConfig, purification: [bool; 7]) -> Result<[bool; N_IND], AppError> {
    let requested: Vec<String> = match &c.indicators {
        Some(list) => list.clone(),
        None => {
            let all_years = |f: fn(&super::YearInputs) -> bool| c.years.iter().all(f);
            let mut v = vec![
                "pest_control_forest".to_string(),
                "pest_control_grassland".to_string(),
            ];
            if all_years(|y| y.npp.is_some()) {
                v.extend(["carbon_sequestration".into(), "oxygen_release".into()]);
            }
            let ret = c.water_conservation.is_retention()?;
            if (ret && super::retention::missing(c).is_none())
                || (!ret
                    && all_years(|y| y.precipitation.is_some() && y.et.is_some())
                    && c.tables.runoff_coefficients.is_some())
            {
                v.push("water_conservation".into());
            }
            if super::wind::available(c) {
                v.push("sand_fixation".into());
            }
            if c.tables.transpiration_heat.is_some() && c.parameters.ac_days.is_some() {
                v.push("climate_regulation_transpiration".into());
            }
            if all_years(|y| y.evaporation.is_some()) {
                v.push("climate_regulation_evaporation".into());
            }
            for (k, present) in purification.iter().enumerate() {
                if *present {
                    v.push(INDICATORS[10 + k].0.to_string());
                }
            }
            if all_years(|y| y.erosivity.is_some())
                && c.dem.is_some()
                && c.erodibility.is_some()
                && c.tables.usle.is_some()
            {
                v.extend([
                    "soil_retention_sediment".into(),
                    "soil_retention_n".into(),
                    "soil_retention_p".into(),
                ]);
            }
            v
        }
    };
    let mut n = [false; N_IND];
    for r in &requested {
        let Some(k) = INDICATORS.iter().position(|(id, _)| id == r) else {
            let ids: Vec<&str> = INDICATORS.iter().map(|x| x.0).collect();
            return Err(AppError::input(
                "indicators",
                format!("'{r}' is not computed from rasters by the account"),
                format!(
                    "raster indicators: {}; other indicators come through `statistics`",
                    ids.join(", ")
                ),
            ));
        };
        n[k] = true;
    }
    let need = |cond: bool, indicator: &str, what: &str| -> Result<(), AppError> {
        if cond {
            Ok(())
        } else {
            Err(AppError::input(
                indicator,
                format!("indicator {indicator} needs {what}, which is not given"),
                format!("add {what} to the configuration, or drop {indicator} from `indicators`"),
            ))
        }
    };
    for y in &c.years {
        let yr = |s: &str| format!("`{s}` in [[year]] {}", y.year);
        if n[0] || n[1] {
            need(y.npp.is_some(), "carbon_sequestration", &yr("npp"))?;
        }
        if n[2] && !c.water_conservation.is_retention()? {
            need(
                y.precipitation.is_some(),
                "water_conservation",
                &yr("precipitation"),
            )?;
            need(y.et.is_some(), "water_conservation", &yr("et"))?;
        }
        if n[4] {
            need(
                y.evaporation.is_some(),
                "climate_regulation_evaporation",
                &yr("evaporation"),
            )?;
        }
    }
    if n[7] || n[8] || n[9] {
        for y in &c.years {
            need(
                y.erosivity.is_some(),
                "soil_retention_sediment",
                &format!("`erosivity` in [[year]] {}", y.year),
            )?;
        }
        need(c.dem.is_some(), "soil_retention_sediment", "`dem`")?;
        need(
            c.erodibility.is_some(),
            "soil_retention_sediment",
            "`erodibility`",
        )?;
        need(
            c.tables.usle.is_some(),
            "soil_retention_sediment",
            "[tables] usle",
        )?;
    }
    for (k, present) in purification.iter().enumerate() {
        if n[10 + k] && !present {
            need(
                false,
                INDICATORS[10 + k].0,
                &format!("a `{}` column in [tables] purification", POLLUTANTS[k]),
            )?;
        }
    }
    if n[2] && !c.water_conservation.is_retention()? {
        need(
            c.tables.runoff_coefficients.is_some(),
            "water_conservation",
            "[tables] runoff_coefficients",
        )?;
    }
    if n[2] && c.water_conservation.is_retention()? {
        if let Some(what) = super::retention::missing(c) {
            need(
                false,
                "water_conservation",
                &format!("(water-retention method) {what}"),
            )?;
        }
    }
    if n[super::quantities::SAND] {
        if let Some(what) = super::wind::missing(c) {
            need(false, "sand_fixation", &what)?;
        }
        if let Some(w) = &c.wind_erosion {
            w.params()?;
        }
    }
    if n[3] {
        need(
            c.tables.transpiration_heat.is_some(),
            "climate_regulation_transpiration",
            "[tables] transpiration_heat",
        )?;
        need(
            c.parameters.ac_days.is_some(),
            "climate_regulation_transpiration",
            "[parameters] ac_days",
        )?;
    }
    Ok(n)
}

pub(super) fn write_quantities(
    path: &Path,
    rows: &[(String, i32, String, f64, String)],
    stats: Option<&Path>,
) -> Result<(), AppError> {
    let mut text = String::from("zone,year,indicator,quantity,unit\n");
    for (z, y, i, q, u) in rows {
        text.push_str(&format!("{z},{y},{i},{q},{u}\n"));
    }
    if let Some(s) = stats {
        let (t, _) = CsvTable::from_path(s)?;
        let cols: Vec<usize> = ["zone", "year", "indicator", "quantity", "unit"]
            .iter()
            .map(|c| t.column(c))
            .collect::<Result<_, _>>()?;
        for row in &t.rows {
            let f: Vec<&str> = cols.iter().map(|c| row.get(*c)).collect();
            text.push_str(&format!("{},{},{},{},{}\n", f[0], f[1], f[2], f[3], f[4]));
        }
    }
    std::fs::write(path, text).map_err(|e| AppError::OutDir {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })
}

/// Quantity rows (zone, year, indicator, quantity, unit) of every year.
pub(super) fn rows_for(
    years: &[YearSums],
    types: &TypeParams,
    qp: &QuantityParams,
    n: [bool; N_IND],
) -> Vec<(String, i32, String, f64, String)> {
    let mut rows = Vec::new();
    for (year, sums) in years {
        for (zone, v) in &quantities(sums, types, qp) {
            for (k, (id, unit)) in INDICATORS.iter().enumerate() {
                if n[k] {
                    let mut q = v[k];
                    if k >= 10 {
                        if let Some(e) = qp.emissions.get(&(zone.clone(), *year, k - 10)) {
                            q = q.min(*e);
                        }
                    }
                    rows.push((zone.clone(), *year, id.to_string(), q, unit.to_string()));
                }
            }
        }
    }
    rows
}

/// What the LS factor on the first year's land-cover grid depends on: the
/// DEM, the land cover and `align`.
fn ls_parts<'a>(dem: &'a Path, c: &'a AccountConfig) -> Vec<(String, Option<&'a Path>)> {
    vec![
        (format!("ls v1 align {}", c.align), None),
        ("dem".into(), Some(dem)),
        ("landcover".into(), Some(c.years[0].landcover.as_path())),
    ]
}

/// Run options from the command line.
#[derive(Debug, Clone, Copy, Default)]
pub struct AccountRun {
    /// Monte Carlo runs (overrides `[uncertainty] runs`)
    pub monte_carlo: Option<usize>,
    /// seed (overrides `[uncertainty] seed`)
    pub seed: Option<u64>,
    /// write into a folder that holds another command's outputs
    pub force: bool,
}

/// Run the account described by `config_path` into `out`.
pub fn run_account(
    config_path: &Path,
    out: &Path,
    run: AccountRun,
    progress: &dyn Progress,
) -> Result<AccountOutcome, AppError> {
    let c = AccountConfig::read(config_path)?;
    if run.monte_carlo.is_some() && c.uncertainty.is_none() {
        return Err(AppError::input(
            "--monte-carlo",
            format!(
                "{} has no [uncertainty] section with parameter distributions",
                config_path.display()
            ),
            "add [[uncertainty.parameter]] entries (name, distribution, min/mode/max or mean/sd)",
        ));
    }
    let xie = EquivalentTable::xie2015()?;
    let purification = match &c.tables.purification {
        Some(p) => purification_table(p, &xie)?,
        None => (vec![[0.0; 7]; xie.types.len()], [false; 7]),
    };
    let n = needed(&c, purification.1)?;
    let (photo, photo_notes) = super::photo::photosynthesis(&c, n)?;
    let mapping = if ecocap_params::builtin_mapping_names()
        .contains(&c.mapping.to_ascii_lowercase().as_str())
    {
        ClassMapping::builtin(&c.mapping.to_ascii_lowercase())?
    } else {
        ClassMapping::read_csv_file(Path::new(&c.mapping))?
    };
    mapping.validate(&xie)?;
    let mut code_type = HashMap::new();
    for e in &mapping.entries {
        if let Some(code) = e.code {
            let r = match xie.resolve_type(&e.ecosystem_type)? {
                ResolvedType::Row { index, .. } => Some(index),
                ResolvedType::Zero => None,
            };
            code_type.insert(code as i32, r);
        }
    }
    let types = TypeParams {
        ids: xie.types.iter().map(|t| t.id.clone()).collect(),
        runoff: match &c.tables.runoff_coefficients {
            Some(p) => type_table(
                p,
                "coefficient",
                &xie,
                (0.0, 1.0),
                "runoff coefficients are ratios (0.15), not percentages (15)",
            )?,
            None => vec![None; xie.types.len()],
        },
        heat: match &c.tables.transpiration_heat {
            Some(p) => type_table(
                p,
                "kj_per_m2_day",
                &xie,
                (0.0, 1.0e5),
                "transpiration heat is in kJ per m² per day, zero or positive",
            )?,
            None => vec![None; xie.types.len()],
        },
        pest: xie
            .types
            .iter()
            .map(|t| match ecocap_gepmodels::pest::indicator_of(&t.id) {
                Some("pest_control_forest") => Some(5),
                Some(_) => Some(6),
                None => None,
            })
            .collect(),
        water: xie.types.iter().map(|t| t.id == "water_system").collect(),
        cp: match &c.tables.usle {
            Some(p) => usle_cp(p, &xie)?,
            None => vec![None; xie.types.len()],
        },
        velocity: match &c.tables.velocity_coefficients {
            Some(p) => type_table(
                p,
                "velocity",
                &xie,
                (0.0, f64::MAX),
                "flow-velocity coefficients are zero or positive",
            )?,
            None => vec![None; xie.types.len()],
        },
        wind_coef: match &c.tables.wind_vegetation {
            Some(p) => type_table(
                p,
                "coefficient",
                &xie,
                (0.0, f64::MAX),
                "RWEQ vegetation coefficients are zero or positive",
            )?,
            None => vec![None; xie.types.len()],
        },
    };
    super::extra::check_tables(&types)?;
    if let Some(r) = types
        .runoff
        .iter()
        .flatten()
        .find(|v| !(0.0..=1.0).contains(*v))
    {
        return Err(AppError::input(
            "tables.runoff_coefficients",
            format!("runoff coefficient {r} is outside 0–1"),
            "give ratios (0.15), not percentages (15)",
        ));
    }
    // everything the user wrote is checked before any raster work
    super::checks::check_parameters(&c, config_path)?;
    if let Some(u) = &c.uncertainty {
        let runs = run.monte_carlo.unwrap_or(u.runs);
        if runs < 2 {
            return Err(AppError::input(
                "--monte-carlo",
                format!("{runs} runs"),
                "give at least 2 runs (e.g. 200)",
            ));
        }
    }
    super::checks::check_valuation(&c, config_path, n)?;
    let emissions = match &c.tables.emissions {
        Some(p) => read_emissions(p)?,
        None => BTreeMap::new(),
    };
    let flood = super::flood::flood_rows(&c.flood)?;
    let mut warnings = super::checks::dropped(&c, n)?;
    warnings.extend(super::checks::check_grids(&c, n, progress)?);
    let mut staging = Staging::new(out, "account", run.force)?;
    staging.own_dirs(&["density", "gep", "maps"]);
    // a cache this run starts is not left behind by a failure
    staging.discard_on_failure(".ecocap-cache");
    let work = staging.dir().join("work");
    std::fs::create_dir_all(&work).map_err(|e| AppError::OutDir {
        path: out.to_path_buf(),
        detail: e.to_string(),
    })?;
    let mut steps = Steps::new(progress);
    // cache keys: what each year's raster pass depends on
    let cache = PassCache::new(out);
    let defined = |v: &[Option<f64>]| -> String {
        v.iter()
            .enumerate()
            .filter(|(_, x)| x.is_some())
            .map(|(i, _)| i.to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    let keys = steps.run("input hashes", || -> Result<Vec<String>, AppError> {
        let mut keys = Vec::new();
        for y in &c.years {
            let mut parts: Vec<(String, Option<&Path>)> = vec![
                (
                    format!("year {} needed {n:?} align {}", y.year, c.align),
                    None,
                ),
                ("landcover".into(), Some(y.landcover.as_path())),
                (format!("mapping {}", mapping.provenance.sha256), None),
                (
                    format!(
                        "runoff {} heat {} cp {}",
                        defined(&types.runoff),
                        defined(&types.heat),
                        defined(&types.cp)
                    ),
                    None,
                ),
            ];
            for (role, p) in [
                ("npp", &y.npp),
                ("rh", &y.rh),
                ("precipitation", &y.precipitation),
                ("et", &y.et),
                ("evaporation", &y.evaporation),
                ("erosivity", &y.erosivity),
                ("dem", &c.dem),
                ("erodibility", &c.erodibility),
            ] {
                if let Some(p) = p {
                    parts.push((role.into(), Some(p.as_path())));
                }
            }
            if let Some(z) = &c.zones {
                parts.push((format!("zones field {}", z.field), Some(z.path.as_path())));
            }
            parts.extend(super::extra::cache_parts(&c, &types, y, n)?);
            keys.push(PassCache::key(&parts)?);
        }
        Ok(keys)
    })?;
    let hits: Vec<Option<CachedYear>> = keys.iter().map(|k| cache.load(k)).collect();
    let soil = n[7] || n[8] || n[9];
    let per_pixel = c.outputs.density != DensityRasters::None || c.outputs.maps;
    // LS and the TI term come from one routing of the DEM, run only when
    // one of them is not in the cache
    let rasters_needed = per_pixel || hits.iter().any(Option::is_none);
    let ls_kept = match (&c.dem, soil && rasters_needed) {
        (Some(dem), true) => Some(cache.lookup("ls", &ls_parts(dem, &c))?),
        _ => None,
    };
    let ti_kept = match super::extra::ti_parts(&c, n)? {
        Some(parts) if rasters_needed => Some(cache.lookup("ti_term", &parts)?),
        _ => None,
    };
    let missing = |d: &Option<Derived>| d.as_ref().is_some_and(Derived::is_missing);
    let routed = match (&c.dem, missing(&ls_kept) || missing(&ti_kept)) {
        (Some(dem), true) => Some(steps.run("routing", || -> Result<Routed, AppError> {
            let reference = ecocap_raster::RasterSource::open(&c.years[0].landcover)?;
            progress.note("routing the DEM (pit filling, slope, MFD flow accumulation)");
            super::routing::route(dem, &reference, c.align, &work)
        })?),
        _ => None,
    };
    let ls = match ls_kept {
        Some(d) => Some(steps.run("LS", || {
            d.or_compute(&cache, || {
                super::soil::ls_from(super::extra::need_routing(routed.as_ref())?, &work)
            })
        })?),
        None => None,
    };
    let extra_rasters = if rasters_needed {
        super::extra::prepare(&c, n, &work, &cache, &mut steps, ti_kept, routed)?
    } else {
        super::extra::ExtraRasters::default()
    };
    let extra = extra_rasters.setup(&c, &types)?;
    let setup = PassSetup {
        needed: n,
        code_type: &code_type,
        types: &types,
        photo,
        ac_days: c.parameters.ac_days.unwrap_or(0.0),
        zones: c
            .zones
            .as_ref()
            .map(|z| (z.path.as_path(), z.field.as_str())),
        align: c.align,
        work: &work,
        ls: ls.as_ref(),
        erodibility: c.erodibility.as_deref(),
        extra: &extra,
    };
    let mut manifest = Manifest::new("account");
    let mut notes = photo_notes;
    notes.extend(warnings);
    let qp = QuantityParams {
        photo: setup.photo,
        ac_days: setup.ac_days,
        runoff: types.runoff.clone(),
        heat: types.heat.clone(),
        cp: types.cp.clone(),
        purification: purification.0.clone(),
        emissions,
        water_retention: c.water_conservation.is_retention()?,
        velocity: types.velocity.clone(),
    };
    let mut year_sums = Vec::new();
    for ((y, key), hit) in c.years.iter().zip(&keys).zip(hits) {
        let label = match hit {
            Some(_) => format!("pass {} (cached)", y.year),
            None => format!("pass {}", y.year),
        };
        let year = steps.run(label, || -> Result<CachedYear, AppError> {
            let year = match hit {
                Some(h) => {
                    notes.push(format!(
                        "{}: raster pass reused from {} (inputs unchanged)",
                        y.year,
                        out.join(".ecocap-cache").display()
                    ));
                    h
                }
                None => {
                    let q = year_pass(y, &setup, progress)?;
                    let stored = CachedYear {
                        sums: q
                            .sums
                            .iter()
                            .map(|((z, t), s)| (z.clone(), *t, *s))
                            .collect(),
                        notes: q.notes,
                        inputs: q.inputs,
                    };
                    cache.store(key, &stored);
                    stored
                }
            };
            for (role, p) in &year.inputs {
                manifest.add_input(role.clone(), p)?;
            }
            Ok(year)
        })?;
        notes.extend(year.notes.iter().cloned());
        year_sums.push((y.year, year.map()));
    }
    let mut rows = rows_for(&year_sums, &types, &qp, n);
    let mut flood_rows = Vec::new();
    for (zone, indicator, q, unit) in flood {
        for y in &c.years {
            flood_rows.push((zone.clone(), y.year, indicator.clone(), q, unit.clone()));
        }
    }
    rows.extend(flood_rows.iter().cloned());
    if let Some(z) = &c.zones {
        manifest.add_input("zones", &z.path)?;
    }
    let qpath = staging.dir().join("quantities.csv");
    write_quantities(&qpath, &rows, c.statistics.as_deref())?;
    if let Some(u) = &c.uncertainty {
        let runs = run.monte_carlo.unwrap_or(u.runs);
        progress.start("Monte Carlo", runs as u64);
        let mc_work = staging.dir().join("mc-work");
        let mc_notes = steps.run("Monte Carlo", || {
            super::montecarlo::monte_carlo(&super::montecarlo::McInput {
                years: &year_sums,
                types: &types,
                base: &qp,
                needed: n,
                statistics: c.statistics.as_deref(),
                extra_rows: &flood_rows,
                valuation: &c.valuation,
                config: u,
                runs,
                seed: run.seed.unwrap_or(u.seed),
                work: &mc_work,
                out_dir: staging.dir(),
            })
        })?;
        let _ = std::fs::remove_dir_all(&mc_work);
        progress.finish();
        notes.extend(mc_notes);
    }
    let v = &c.valuation;
    let gep = steps.run("valuation", || -> Result<_, AppError> {
        Ok(ecocap_gep::run(&ecocap_gep::RunOptions {
            quantities: qpath,
            prices: v.prices.clone(),
            params: v.params.clone(),
            price_index: v.price_index.clone(),
            price_year: v.price_year,
            gdp: v.gdp.clone(),
            zones_hierarchy: v.zones_hierarchy.clone(),
            out: staging.dir().join("gep"),
            quantities_label: Some(out.join("quantities.csv")),
        })?)
    })?;
    let density = super::outputs::density_rasters(
        &c,
        &setup,
        &gep.account,
        &year_sums,
        &qp,
        &staging.dir().join("density"),
        progress,
        &mut steps,
    )?;
    let _ = std::fs::remove_dir_all(&work);
    let density_files: Vec<String> = density
        .iter()
        .flat_map(|(_, d)| d.files.iter())
        .filter_map(|f| f.strip_prefix(staging.dir()).ok())
        .map(|f| f.display().to_string())
        .collect();
    let mut maps = super::maps::MapsOut {
        maps: Vec::new(),
        notes: Vec::new(),
    };
    if c.outputs.maps {
        steps.run("maps", || -> Result<(), AppError> {
            for (year, d) in &density {
                let gep_of = |zone: &str| {
                    gep.account
                        .zone_years
                        .iter()
                        .find(|z| z.year == *year && z.zone == zone)
                        .map(|z| z.gep)
                };
                super::maps::year_maps(
                    *year,
                    &d.preview,
                    setup.zones,
                    &gep_of,
                    c.outputs.language,
                    &staging.dir().join("maps"),
                    &mut maps,
                )?;
            }
            Ok(())
        })?;
        notes.extend(maps.notes.iter().cloned());
    }
    if c.outputs.report {
        steps.run("report", || {
            super::report::write_report(&super::report::ReportInput {
                lang: c.outputs.language,
                config: config_path,
                account: &gep.account,
                dir: staging.dir(),
                maps: &maps.maps,
                density_files: &density_files,
                inputs: &manifest.inputs,
                notes: &notes,
            })
        })?;
    }
    manifest.tables.push(mapping.provenance.clone());
    manifest.parameters = serde_json::json!({
        "indicators": INDICATORS.iter().enumerate().filter(|(k, _)| n[*k]).map(|(_, i)| i.0).collect::<Vec<_>>(),
        "photosynthesis": setup.photo,
        "ac_days": c.parameters.ac_days,
        "mapping": c.mapping,
        "align": c.align,
        "water_conservation_method": c.water_conservation.method.as_deref().unwrap_or("water_balance"),
    });
    manifest.notes = notes.clone();
    manifest.outputs = crate::owner::list_outputs(staging.dir());
    manifest.parameters["uncertainty"] = serde_json::json!(c.uncertainty.as_ref().map(|u| {
        u.parameters
            .iter()
            .map(|p| serde_json::json!({"name": p.name, "distribution": p.distribution, "min": p.min, "mode": p.mode, "max": p.max, "mean": p.mean, "sd": p.sd}))
            .collect::<Vec<_>>()
    }));
    let timings = steps.into_list();
    manifest.timings = timings.clone();
    manifest.write(staging.dir())?;
    let committed = staging.commit()?;
    notes.extend(committed.notes);
    let files = committed.files;
    Ok(AccountOutcome {
        gep,
        quantities: rows,
        notes,
        files,
        out: out.to_path_buf(),
        timings,
    })
}

/// A readable table of GEP by zone and year (亿元) for the terminal.
pub fn summary_table(o: &AccountOutcome) -> String {
    let mut zones: std::collections::BTreeMap<(String, i32), f64> =
        std::collections::BTreeMap::new();
    let csv = Some(o.out.join("gep").join("gep_total.csv"));
    let mut s = format!("{:<16} {:>6} {:>16}\n", "zone", "year", "GEP (1e8 yuan)");
    if let Some(p) = csv {
        if let Ok(text) = std::fs::read_to_string(p) {
            let mut lines = text.lines();
            let header: Vec<&str> = lines.next().unwrap_or("").split(',').collect();
            let col = |n: &str| header.iter().position(|h| *h == n);
            if let (Some(cz), Some(cy), Some(cv)) = (col("zone"), col("year"), col("gep_yuan")) {
                for l in lines {
                    let f: Vec<&str> = l.split(',').collect();
                    if let (Some(z), Some(y), Some(v)) = (
                        f.get(cz),
                        f.get(cy),
                        f.get(cv).and_then(|v| v.parse::<f64>().ok()),
                    ) {
                        if let Ok(y) = y.parse::<i32>() {
                            zones.insert((z.to_string(), y), v);
                        }
                    }
                }
            }
        }
    }
    for ((z, y), v) in &zones {
        s.push_str(&format!("{z:<16} {y:>6} {:>16.4}\n", v / 1e8));
    }
    s
}
