//! Loading the tables a config names (before any raster is read) and
//! assembling the accounts after the raster pass.

use super::config::SeeaConfig;
use super::inputs;
use super::raster::{pass, ConditionRaster, PassInput};
use crate::error::AppError;
use crate::progress::Progress;
use ecocap_accounts::esv::{
    Adjustments, AreaKey, AreaSums, AreaTable, EsvAccount, StandardValue, ValueBasis,
};
use ecocap_params::{ClassMapping, EquivalentTable, TableProvenance};
use ecocap_seea::asset::{AssetAccount, AssetParams};
use ecocap_seea::condition::{ConditionAccount, ConditionValue, ConditionVariable};
use ecocap_seea::discount::{DiscountSchedule, PRESETS};
use ecocap_seea::extent::{Cause, ExtentAccount, Transition, ALL_ZONES};
use ecocap_seea::servicemap::ServiceMap;
use ecocap_seea::supply_use::{Allocation, Flow, SupplyUse, UNATTRIBUTED};
use ecocap_seea::tables::Labels;
use ecocap_seea::{Amount, SeeaAccounts};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Everything read and checked before the rasters.
pub struct Plan {
    opening_map: ClassMapping,
    closing_map: ClassMapping,
    closing_label: String,
    variables: Vec<ConditionVariable>,
    condition_values: Vec<ConditionValue>,
    causes: BTreeMap<(String, String), Cause>,
    services: ServiceMap,
    allocation: Option<Allocation>,
    table_flows: Vec<Flow>,
    asset: Option<AssetParams>,
    /// parameter tables used (for the manifest)
    pub tables: Vec<TableProvenance>,
}

fn mapping(spec: &str) -> Result<ClassMapping, AppError> {
    let lower = spec.trim().to_ascii_lowercase();
    if ecocap_params::builtin_mapping_names().contains(&lower.as_str()) {
        Ok(ClassMapping::builtin(&lower)?)
    } else {
        let path = Path::new(spec);
        let mut m = ClassMapping::read_csv_file(path)?;
        // ecocap-params normalises type ids to lower case (Xie ids); other
        // typologies (IUCN GET "T7.4") keep the case the user wrote
        let (t, _) = ecocap_params::CsvTable::from_path(path)?;
        let xie: Vec<String> = xie_basis()?.types.into_iter().map(|t| t.id).collect();
        if let Some(c) = t.optional_column("ecosystem_type") {
            for r in &t.rows {
                let written = r.get(c).trim();
                let lower = written.to_lowercase();
                if lower == "none" || xie.contains(&lower) {
                    continue;
                }
                for e in &mut m.entries {
                    if e.ecosystem_type == lower {
                        e.ecosystem_type = written.to_string();
                    }
                }
            }
        }
        Ok(m)
    }
}

impl Plan {
    /// Read every table the config names.
    pub fn load(cfg: &SeeaConfig, label: &str) -> Result<Plan, AppError> {
        let opening_map = mapping(&cfg.extent.mapping)?;
        let closing_spec = cfg
            .extent
            .closing_mapping
            .as_deref()
            .unwrap_or(&cfg.extent.mapping);
        let closing_map = mapping(closing_spec)?;
        let mut tables = vec![opening_map.provenance.clone()];
        if cfg.extent.closing_mapping.is_some() {
            tables.push(closing_map.provenance.clone());
        }
        let variables = super::variables(cfg, label).map_err(|p| {
            let (i, d, h) = p.into_iter().next().unwrap_or_default();
            AppError::input(i, d, h)
        })?;
        let mut condition_values = Vec::new();
        if let Some(p) = cfg.condition.as_ref().and_then(|c| c.values.as_ref()) {
            condition_values = inputs::read_condition_values(p)?;
        }
        let causes = match &cfg.extent.cause_table {
            Some(p) => inputs::read_causes(p)?,
            None => BTreeMap::new(),
        };
        let mut services = ServiceMap::builtin()?;
        let mut allocation = None;
        let mut table_flows = Vec::new();
        if let Some(s) = &cfg.services {
            if let Some(p) = &s.service_map {
                let (t, _) = ecocap_params::CsvTable::from_path(p)?;
                let mut text = t.headers.join(",");
                for r in &t.rows {
                    text.push('\n');
                    text.push_str(&r.fields.join(","));
                }
                services.apply_csv(&text, &p.display().to_string())?;
            }
            allocation = Some(inputs::read_allocation(&s.allocation)?);
            if let (Some(f), "table") = (&s.file, s.from.as_str()) {
                let src = s.indicators.as_deref().unwrap_or("gep");
                table_flows = inputs::read_flows(f, src)?;
                for fl in &table_flows {
                    services.lookup(&fl.source, &fl.indicator).map_err(|e| {
                        let e: AppError = e.into();
                        AppError::input(f.display().to_string(), e.to_string().lines().next().unwrap_or("").to_string(), "map it with [services] service_map = \"map.csv\" (source,indicator,seea_service,final)")
                    })?;
                }
            }
        }
        Ok(Plan {
            opening_map,
            closing_map,
            closing_label: closing_spec.to_string(),
            variables,
            condition_values,
            causes,
            services,
            allocation,
            table_flows,
            asset: super::asset_params(cfg, label)?,
            tables,
        })
    }
}

/// The result of [`build`].
pub struct Built {
    /// the accounts
    pub accounts: SeeaAccounts,
    /// notes
    pub notes: Vec<String>,
    /// input files (role, path)
    pub inputs: Vec<(String, PathBuf)>,
    /// seconds spent
    pub seconds: f64,
}

fn type_of(m: &ClassMapping, code: i32, missing: &mut BTreeSet<i32>) -> String {
    match m.lookup(i64::from(code)) {
        Some(e) => e.ecosystem_type.clone(),
        None => {
            missing.insert(code);
            String::new()
        }
    }
}

fn xie_basis() -> Result<ValueBasis, AppError> {
    Ok(ValueBasis::from_equivalents(
        &EquivalentTable::builtin("xie2015")?,
        &StandardValue::direct(1.0, None)?,
    ))
}

/// Stream the rasters and assemble every account.
pub fn build(
    cfg: &SeeaConfig,
    plan: &Plan,
    work: &Path,
    progress: &dyn Progress,
) -> Result<Built, AppError> {
    let t0 = Instant::now();
    let e = &cfg.extent;
    let mut inputs = vec![
        ("landcover opening".to_string(), e.opening.clone()),
        ("landcover closing".to_string(), e.closing.clone()),
    ];
    let mut cond_rasters = Vec::new();
    for (k, v) in cfg.condition.iter().flat_map(|c| &c.variable).enumerate() {
        for (closing, p) in [(false, &v.opening_raster), (true, &v.closing_raster)] {
            if let Some(p) = p {
                inputs.push((
                    format!(
                        "condition {} {}",
                        v.id,
                        if closing { "closing" } else { "opening" }
                    ),
                    p.clone(),
                ));
                cond_rasters.push(ConditionRaster {
                    variable: k,
                    closing,
                    path: p.clone(),
                });
            }
        }
    }
    if let Some(z) = &cfg.zones {
        inputs.push(("zones".into(), z.path.clone()));
    }
    if let Some(p) = &e.cause_raster {
        inputs.push(("cause raster".into(), p.clone()));
    }
    let res = pass(
        &PassInput {
            opening: &e.opening,
            closing: &e.closing,
            nodata: e.nodata,
            zones: cfg
                .zones
                .as_ref()
                .map(|z| (z.path.as_path(), z.field.as_str())),
            cause: e.cause_raster.as_deref(),
            condition: &cond_rasters,
            years: (e.opening_year, e.closing_year),
        },
        work,
        progress,
    )?;
    let mut notes = vec![format!(
        "{} cells accounted, {} with nodata in either map, {} outside the zones; cell areas are true areas",
        res.valid, res.nodata, res.outside
    )];
    notes.extend(res.repaired.iter().map(|r| format!("WARNING: {r}")));
    let (mut miss0, mut miss1) = (BTreeSet::new(), BTreeSet::new());
    let mut transitions = Vec::new();
    for (&(zone, c0, c1, managed), &q) in &res.transitions {
        let from = type_of(&plan.opening_map, c0, &mut miss0);
        let to = type_of(&plan.closing_map, c1, &mut miss1);
        let cause = if e.cause_raster.is_some() {
            if managed {
                Cause::Managed
            } else {
                Cause::Unmanaged
            }
        } else {
            plan.causes
                .get(&(from.clone(), to.clone()))
                .copied()
                .unwrap_or(Cause::Unattributed)
        };
        transitions.push(Transition {
            zone: res.zone_ids[(zone - 1) as usize].clone(),
            from,
            to,
            cause,
            area: Amount(q),
        });
    }
    for (miss, path, spec) in [
        (&miss0, &e.opening, &e.mapping),
        (&miss1, &e.closing, &plan.closing_label),
    ] {
        if !miss.is_empty() {
            return Err(AppError::input(
                format!("[extent] {}", path.display()),
                format!("class codes {} are not in the mapping '{spec}'", miss.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", ")),
                "if the two maps use different class schemes, give `closing_mapping`; otherwise add the codes to a mapping CSV (class,ecosystem_type) or set `nodata`",
            ));
        }
    }
    transitions.sort_by(|a, b| {
        (&a.zone, &a.from, &a.to, a.cause).cmp(&(&b.zone, &b.from, &b.to, b.cause))
    });
    let mut order: Vec<String> = plan
        .opening_map
        .ecosystem_types()
        .iter()
        .map(|s| s.to_string())
        .collect();
    order.extend(
        plan.closing_map
            .ecosystem_types()
            .iter()
            .map(|s| s.to_string()),
    );
    let extent =
        ExtentAccount::from_transitions(e.opening_year, e.closing_year, &order, &transitions);
    let area = |zone: &str, ty: &str, closing: bool| -> Amount {
        match (extent.zone_index(zone), extent.type_index(ty)) {
            (Some(z), Some(t)) => extent.area(z, t, closing),
            _ => Amount::ZERO,
        }
    };
    // condition: table values plus zonal means of rasters by zone × type
    let condition = if plan.variables.is_empty() {
        None
    } else {
        let mut vals: BTreeMap<(String, String, String), ConditionValue> = BTreeMap::new();
        let mut sums: BTreeMap<(usize, bool, String, String), (f64, f64)> = BTreeMap::new();
        for (&(k, zone, code), &(s, a)) in &res.condition {
            let r = &cond_rasters[k];
            let map = if r.closing {
                &plan.closing_map
            } else {
                &plan.opening_map
            };
            let ty = type_of(map, code, &mut BTreeSet::new());
            let e = sums
                .entry((
                    r.variable,
                    r.closing,
                    res.zone_ids[(zone - 1) as usize].clone(),
                    ty,
                ))
                .or_default();
            e.0 += s;
            e.1 += a;
        }
        for ((k, closing, zone, ty), (s, a)) in sums {
            let var = &plan.variables[k];
            if a <= 0.0 || !var.applies_to(&ty) {
                continue;
            }
            let v = vals
                .entry((zone.clone(), ty.clone(), var.id.clone()))
                .or_insert_with(|| ConditionValue {
                    zone,
                    ecosystem_type: ty,
                    variable: var.id.clone(),
                    opening: None,
                    closing: None,
                });
            if closing {
                v.closing = Some(s / a)
            } else {
                v.opening = Some(s / a)
            }
        }
        let mut values: Vec<ConditionValue> = plan.condition_values.clone();
        values.extend(vals.into_values());
        if !cond_rasters.is_empty() {
            notes.push("condition variables given as rasters are zonal means by zone × ecosystem type (area-weighted; the opening raster over the opening map's types, the closing raster over the closing map's)".into());
        }
        Some(ConditionAccount::compute(
            plan.variables.clone(),
            values,
            &|z, t, c| area(z, t, c).to_f64(),
        )?)
    };
    let basis = xie_basis()?;
    let mut labels = Labels::default();
    for t in &basis.types {
        labels
            .types
            .insert(t.id.clone(), (t.name_cn.clone(), t.name_en.clone()));
    }
    labels.types.insert(
        "none".into(),
        (
            "未计价（建设用地等）".into(),
            "none (not valued: built-up etc.)".into(),
        ),
    );
    labels.types.insert(
        UNATTRIBUTED.into(),
        ("未归属类型".into(), "unattributed".into()),
    );
    let (mut supply_use, mut asset, mut currency) = (None, None, "yuan".to_string());
    let mut sensitivity = Vec::new();
    if let (Some(s), Some(alloc)) = (&cfg.services, &plan.allocation) {
        let flows = if s.from == "esv" {
            let (f, c) = esv_flows(cfg, &extent)?;
            currency = c;
            f
        } else {
            currency = s.currency.clone().unwrap_or_else(|| "yuan".into());
            if plan
                .table_flows
                .iter()
                .any(|f| f.ecosystem_type == UNATTRIBUTED)
            {
                notes.push("flows without an ecosystem_type column are supplied by 'unattributed' (SEEA supply by type needs the attribution)".into());
            }
            plan.table_flows.clone()
        };
        let su = SupplyUse::compute(&flows, &plan.services, alloc, &extent.types, &currency)?;
        if let Some(p) = &plan.asset {
            let zone_total = |z: &str| -> Amount {
                extent.zone_index(z).map_or(Amount::ZERO, |zi| {
                    (0..extent.types.len())
                        .map(|t| extent.area(zi, t, false))
                        .sum()
                })
            };
            let ext = |z: &str, t: &str| {
                if t == UNATTRIBUTED {
                    (zone_total(z), zone_total(z))
                } else {
                    (area(z, t, false), area(z, t, true))
                }
            };
            let total = (extent.zones.len() > 1).then_some(ALL_ZONES);
            let flows = su.monetary_final();
            let years = (e.opening_year, e.closing_year);
            let mut schedules = vec![p.schedule.clone()];
            schedules.extend(
                PRESETS
                    .iter()
                    .filter(|n| **n != p.schedule.id)
                    .filter_map(|n| DiscountSchedule::preset(n)),
            );
            sensitivity =
                ecocap_seea::asset::sensitivity(&flows, years, &ext, p, &schedules, total)?;
            asset = Some(AssetAccount::compute(
                &flows,
                years,
                &ext,
                p.clone(),
                total,
            )?);
            notes.push(format!(
                "asset values: NPV of final services over {} years, discount schedule {} ({})",
                p.life, p.schedule.id, p.schedule.source
            ));
        }
        supply_use = Some(su);
    }
    Ok(Built {
        accounts: SeeaAccounts {
            extent,
            condition,
            supply_use,
            services: plan.services.clone(),
            asset,
            asset_sensitivity: sensitivity,
            title: cfg.title.clone(),
            labels,
            currency,
        },
        notes,
        inputs,
        seconds: t0.elapsed().as_secs_f64(),
    })
}

/// ESV flows of the extent by zone × year × type × service (equivalent-factor method).
fn esv_flows(cfg: &SeeaConfig, extent: &ExtentAccount) -> Result<(Vec<Flow>, String), AppError> {
    let s = cfg
        .services
        .as_ref()
        .ok_or_else(|| AppError::Internal("no services".into()))?;
    let table = s.table.as_deref().unwrap_or("xie2015");
    let standard = StandardValue::direct(s.unit_value.unwrap_or(0.0), s.price_year)?;
    let basis = ValueBasis::from_equivalents(&EquivalentTable::builtin(table)?, &standard);
    let mut areas = AreaTable::default();
    let mut mapping = BTreeMap::new();
    for (zi, zone) in extent.real_zones().iter().enumerate() {
        for (ti, ty) in extent.types.iter().enumerate() {
            mapping.insert(ty.clone(), ty.clone());
            for (closing, year) in [(false, extent.opening_year), (true, extent.closing_year)] {
                let a = extent.area(zi, ti, closing).to_f64();
                areas.add(
                    AreaKey {
                        zone: zone.clone(),
                        year: Some(year),
                        class: ty.clone(),
                    },
                    AreaSums::plain(a),
                );
            }
        }
    }
    let ids: Vec<&str> = basis.services.iter().map(|x| x.id.as_str()).collect();
    let acc = EsvAccount::compute(&areas, &mapping, &basis, &Adjustments::none(&ids))?;
    let flows = acc
        .rows
        .iter()
        .filter(|r| r.value != 0.0)
        .map(|r| Flow {
            zone: r.zone.clone(),
            year: r.year.unwrap_or(extent.closing_year),
            ecosystem_type: r.ecosystem_type.clone(),
            source: "esv".into(),
            indicator: r.service.clone(),
            quantity: None,
            unit: String::new(),
            value: Some(r.value),
        })
        .collect();
    let currency = match s.price_year {
        Some(y) => format!("yuan ({y} prices)"),
        None => "yuan".to_string(),
    };
    Ok((flows, currency))
}
