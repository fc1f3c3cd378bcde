//! The account: value every quantity row, put money in one price basis,
//! flag double counting, roll up by zone hierarchy, and total by category,
//! SEEA/MEA class, zone and year. Pure computation over validated inputs;
//! every problem is collected and returned at once.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::catalog::{Catalog, Indicator};
use crate::classes::{Category, ServiceClass};
use crate::conversion::Conversion;
use crate::deflate::PriceIndex;
use crate::error::GepError;
use crate::hierarchy::Hierarchy;
use crate::inputs::{pick_price, PriceRow, QuantityRow};
use crate::params::ParamSet;
use crate::valuation::{value_row, PriceOrigin, PriceUsed};

pub use crate::rollup::{Yoy, ZoneYear};

/// Everything the account needs, already parsed and validated.
#[derive(Debug, Clone, Copy)]
pub struct AccountInputs<'a> {
    /// the catalog
    pub catalog: &'static Catalog,
    /// quantity rows
    pub quantities: &'a [QuantityRow],
    /// quantities file (for messages)
    pub quantities_path: &'a Path,
    /// price overrides
    pub prices: &'a [PriceRow],
    /// prices file, if any
    pub prices_path: Option<&'a Path>,
    /// parameters and double-counting options
    pub params: &'a ParamSet,
    /// price index, if any
    pub index: Option<&'a PriceIndex>,
    /// target price year (requires `index`)
    pub target_year: Option<i32>,
    /// GDP by (zone, year), yuan
    pub gdp: &'a BTreeMap<(String, i32), f64>,
    /// zone hierarchy, if any
    pub hierarchy: Option<&'a Hierarchy>,
}

/// How `value` is expressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueBasis {
    /// each price's own price year (no index given)
    AsPriced,
    /// comparable prices of one target year
    Comparable(i32),
}

/// One indicator value for one zone and year (own row or rolled up).
#[derive(Debug, Clone)]
pub struct IndicatorLine {
    /// zone
    pub zone: String,
    /// account year
    pub year: i32,
    /// indicator
    pub indicator: &'static Indicator,
    /// quantity in `quantity_unit` (None when rolled-up rows mix units)
    pub quantity: Option<f64>,
    /// unit of `quantity`
    pub quantity_unit: String,
    /// the price applied (own rows with a price only)
    pub price: Option<PriceUsed>,
    /// yuan in each price's own price year
    pub value_as_priced: f64,
    /// yuan in prices of the account year (current prices)
    pub value_current: f64,
    /// the reported value: comparable prices when a target year is set
    pub value: f64,
    /// counted in totals (false when excluded for double counting)
    pub counted: bool,
    /// line in the quantities file (own rows)
    pub line: Option<u64>,
    /// number of own rows of descendant zones summed here (0 = own row)
    pub rolled_from: usize,
    /// method conversion applied
    pub conversion: Option<Conversion>,
}

/// The whole account.
#[derive(Debug, Clone)]
pub struct Account {
    /// indicator lines: own rows then rolled-up rows
    pub lines: Vec<IndicatorLine>,
    /// totals by zone and year
    pub zone_years: Vec<ZoneYear>,
    /// year-on-year growth
    pub yoy: Vec<Yoy>,
    /// basis of `value`
    pub basis: ValueBasis,
    /// index values used, by year
    pub deflators: BTreeMap<i32, f64>,
    /// warnings (double counting, roll-up overlaps, unused GDP rows)
    pub warnings: Vec<String>,
}

fn choose_price(inp: &AccountInputs, q: &QuantityRow) -> Result<Option<PriceUsed>, GepError> {
    if let Some(p) = pick_price(inp.prices, &q.indicator.id, &q.zone, q.year) {
        return Ok(Some(PriceUsed {
            value: p.price,
            unit: p.unit.clone(),
            year: p.price_year,
            origin: PriceOrigin::File {
                path: inp
                    .prices_path
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
                line: p.line,
                source: p.source.clone(),
            },
        }));
    }
    let Some(spec) = &q.indicator.price else {
        return Ok(None);
    };
    let unit = ecocap_units::Unit::parse(&spec.unit)
        .map_err(|e| GepError::Catalog(format!("{}: {e}", q.indicator.id)))?;
    Ok(Some(PriceUsed {
        value: spec.value,
        unit,
        year: spec.year,
        origin: PriceOrigin::Catalog {
            source: inp.catalog.citation(&spec.source).to_string(),
            locator: spec.locator.clone(),
            verification: spec.verification.clone(),
        },
    }))
}

/// Compute the account.
pub fn compute(inp: &AccountInputs) -> Result<Account, GepError> {
    let basis = match (inp.index, inp.target_year) {
        (Some(_), Some(y)) => ValueBasis::Comparable(y),
        (None, None) => ValueBasis::AsPriced,
        _ => {
            return Err(GepError::Usage(
                "--price-index and --price-year go together; hint: give both to express all values in one price year".into(),
            ))
        }
    };
    let mut problems = Vec::new();
    let mut missing_years = BTreeSet::new();
    let mut deflators = BTreeMap::new();
    let mut lines = Vec::new();
    for q in inp.quantities {
        let valued =
            choose_price(inp, q).and_then(|p| value_row(q, p, inp.params, inp.quantities_path));
        let v = match valued {
            Ok(v) => v,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        let (current, comparable) = match (inp.index, basis) {
            (Some(idx), ValueBasis::Comparable(target)) => {
                let Some(py) = v.price_year else {
                    let origin = v
                        .price
                        .as_ref()
                        .map_or(String::new(), |p| p.origin.describe());
                    problems.push(GepError::NoPriceYear {
                        origin,
                        indicator: q.indicator.id.clone(),
                    });
                    continue;
                };
                let need = format!(
                    "{} at {} line {} (price year {py}, account year {}, target {target})",
                    q.indicator.id,
                    inp.quantities_path.display(),
                    q.line,
                    q.year
                );
                let mut f = |y: i32| match idx.get(y, &need) {
                    Ok(x) => {
                        deflators.insert(y, x);
                        Some(x)
                    }
                    Err(e) => {
                        if missing_years.insert(y) {
                            problems.push(e);
                        }
                        None
                    }
                };
                match (f(py), f(q.year), f(target)) {
                    (Some(ip), Some(ia), Some(it)) => (v.value * ia / ip, v.value * it / ip),
                    _ => continue,
                }
            }
            _ => (v.value, v.value),
        };
        lines.push(IndicatorLine {
            zone: q.zone.clone(),
            year: q.year,
            indicator: q.indicator,
            quantity: Some(v.quantity),
            quantity_unit: v.quantity_unit,
            price: v.price,
            value_as_priced: v.value,
            value_current: current,
            value: comparable,
            counted: !inp.params.exclude.contains(&q.indicator.id),
            line: Some(q.line),
            rolled_from: 0,
            conversion: v.conversion,
        });
    }
    GepError::collect(problems)?;
    let mut warnings = double_counting_warnings(&lines, inp.params);
    warnings.extend(unused_warnings(inp, &lines));
    let rolled = crate::rollup::roll_up(&lines, inp.hierarchy, &mut warnings);
    lines.extend(rolled);
    let zone_years = crate::rollup::totals(&lines, inp.gdp, inp.hierarchy, &mut warnings);
    if inp.index.is_none() {
        warnings.extend(gdp_basis_warnings(&lines, &zone_years));
    }
    let yoy = crate::rollup::year_on_year(&zone_years);
    Ok(Account {
        lines,
        zone_years,
        yoy,
        basis,
        deflators,
        warnings,
    })
}

/// Price rows that priced nothing, and zones missing from the hierarchy:
/// both are usually typos in a zone name.
/// GEP/GDP compares GEP with GDP at the account year's current prices. Without a price
/// index, GEP stays at each price's own year: when any counted line of a zone-year with
/// GDP is priced in another year, the ratio mixes price bases (issue 11: 10⁸ m³ at
/// 7.06 yuan/m³ of 2010 against a 2020 GDP of 10⁹ yuan gives 0.706, against 0.9178 with
/// the index 100 → 130). The ratio is kept and this warning names the years.
fn gdp_basis_warnings(lines: &[IndicatorLine], zone_years: &[ZoneYear]) -> Vec<String> {
    let mut out = Vec::new();
    for z in zone_years.iter().filter(|z| z.gdp.is_some()) {
        let years: BTreeSet<i32> = lines
            .iter()
            .filter(|l| l.counted && l.zone == z.zone && l.year == z.year)
            .filter_map(|l| l.price.as_ref().and_then(|p| p.year))
            .filter(|y| *y != z.year)
            .collect();
        if !years.is_empty() {
            let list: Vec<String> = years.iter().map(i32::to_string).collect();
            out.push(format!(
                "GEP/GDP of zone '{}' {} divides GEP at prices of {} by GDP at {} prices: not comparable; give a price index (--price-index, or [valuation] price_index) to value GEP at {} prices",
                z.zone,
                z.year,
                list.join(", "),
                z.year,
                z.year
            ));
        }
    }
    out
}

fn unused_warnings(inp: &AccountInputs, lines: &[IndicatorLine]) -> Vec<String> {
    let mut out = Vec::new();
    let used: BTreeSet<u64> = lines
        .iter()
        .filter_map(|l| match l.price.as_ref().map(|p| &p.origin) {
            Some(PriceOrigin::File { line, .. }) => Some(*line),
            _ => None,
        })
        .collect();
    let path = inp
        .prices_path
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    for p in inp.prices.iter().filter(|p| !used.contains(&p.line)) {
        out.push(format!(
            "{path}: line {}: price for '{}'{}{} matched no quantity row; check the zone and year",
            p.line,
            p.indicator,
            p.zone
                .as_ref()
                .map(|z| format!(" zone '{z}'"))
                .unwrap_or_default(),
            p.year.map(|y| format!(" year {y}")).unwrap_or_default()
        ));
    }
    if let Some(h) = inp.hierarchy {
        let known: BTreeSet<&str> = h
            .parent
            .keys()
            .chain(h.parent.values())
            .map(String::as_str)
            .collect();
        let missing: BTreeSet<&str> = lines
            .iter()
            .map(|l| l.zone.as_str())
            .filter(|z| !known.contains(z))
            .collect();
        for z in missing {
            out.push(format!(
                "{}: zone '{z}' of the quantities is not in the hierarchy; it is reported as a top-level zone",
                h.path.display()
            ));
        }
    }
    out
}

/// Warn once per rule for every zone-year where both indicators appear.
fn double_counting_warnings(lines: &[IndicatorLine], params: &ParamSet) -> Vec<String> {
    let mut present: BTreeMap<(&str, i32), BTreeSet<&str>> = BTreeMap::new();
    for l in lines {
        present
            .entry((l.zone.as_str(), l.year))
            .or_default()
            .insert(l.indicator.id.as_str());
    }
    let mut out = Vec::new();
    for r in &params.rules {
        let hits: Vec<String> = present
            .iter()
            .filter(|(_, ids)| {
                ids.contains(r.indicator_a.as_str()) && ids.contains(r.indicator_b.as_str())
            })
            .map(|((z, y), _)| format!("{z} {y}"))
            .collect();
        if hits.is_empty() {
            continue;
        }
        let excluded: Vec<&str> = [&r.indicator_a, &r.indicator_b]
            .into_iter()
            .filter(|x| params.exclude.contains(x))
            .map(String::as_str)
            .collect();
        let action = if excluded.is_empty() {
            "both are counted; hint: exclude one with [double_counting] exclude = [...] in --params"
                .to_string()
        } else {
            format!("excluded from totals: {}", excluded.join(", "))
        };
        let shown = if hits.len() > 5 {
            format!("{} … ({} zone-years)", hits[..5].join(", "), hits.len())
        } else {
            hits.join(", ")
        };
        out.push(format!(
            "possible double counting: {} and {} in {shown}: {}; {action}",
            r.indicator_a, r.indicator_b, r.reason
        ));
    }
    out
}

impl Account {
    /// Totals of one zone and year.
    pub fn zone_year(&self, zone: &str, year: i32) -> Option<&ZoneYear> {
        self.zone_years
            .iter()
            .find(|z| z.zone == zone && z.year == year)
    }

    /// The line of one indicator for one zone and year.
    pub fn line(&self, zone: &str, year: i32, indicator: &str) -> Option<&IndicatorLine> {
        self.lines
            .iter()
            .find(|l| l.zone == zone && l.year == year && l.indicator.id == indicator)
    }

    /// Sum by category for a zone-year (reported basis).
    pub fn category(&self, zone: &str, year: i32, c: Category) -> f64 {
        self.zone_year(zone, year)
            .map_or(0.0, |z| z.by_category.get(&c).copied().unwrap_or(0.0))
    }

    /// Sum by class for a zone-year under MEA (four-way).
    pub fn mea(&self, zone: &str, year: i32, c: ServiceClass) -> f64 {
        self.zone_year(zone, year)
            .map_or(0.0, |z| z.mea.get(&c).copied().unwrap_or(0.0))
    }
}

#[cfg(test)]
mod tests;
