//! Value one quantity row: V = Q × P with units checked by dimensional
//! analysis, and the indicator's method conversion where the quantity's
//! dimension differs from what the price is quoted per (Ganzi 2017 eq. 4-6,
//! 11-13; see [`crate::conversion`]).
//!
//! # Units
//! The value is in yuan of the price's price year. A quantity already in
//! money (an output value, 农林牧渔产值) is taken as the value, in prices of
//! its account year.

use std::path::Path;

use ecocap_units::{qualifiers_compatible, Dims, Unit};
use serde::Serialize;

use crate::conversion::Conversion;
use crate::error::GepError;
use crate::inputs::QuantityRow;
use crate::params::ParamSet;

/// Where a price came from.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PriceOrigin {
    /// the catalog default
    Catalog {
        /// citation
        source: String,
        /// table/equation
        locator: String,
        /// verification status
        verification: String,
    },
    /// a row of the --prices file
    File {
        /// prices file
        path: String,
        /// line
        line: u64,
        /// source column, if given
        source: Option<String>,
    },
}

impl PriceOrigin {
    /// Short text for messages.
    pub fn describe(&self) -> String {
        match self {
            PriceOrigin::Catalog { .. } => "the catalog default".into(),
            PriceOrigin::File { path, line, .. } => format!("{path} line {line}"),
        }
    }
}

/// A price as used.
#[derive(Debug, Clone)]
pub struct PriceUsed {
    /// value in `unit`
    pub value: f64,
    /// unit
    pub unit: Unit,
    /// price year, if known
    pub year: Option<i32>,
    /// origin
    pub origin: PriceOrigin,
}

/// The result of valuing one row (before deflation).
#[derive(Debug, Clone)]
pub struct Valued {
    /// quantity in the catalog's canonical unit (or as given, see `quantity_unit`)
    pub quantity: f64,
    /// unit of `quantity`
    pub quantity_unit: String,
    /// yuan, in prices of `price_year`
    pub value: f64,
    /// price year of `value` (account year for money inputs)
    pub price_year: Option<i32>,
    /// the price, when one was applied
    pub price: Option<PriceUsed>,
    /// method conversion applied to meet the price, if any
    pub conversion: Option<Conversion>,
}

/// Bring `q` (in `unit`) to base units of `(dims, qual)`: directly when the
/// units are compatible, else through the method conversion. The bool says
/// whether the conversion was used.
fn reach(
    q: f64,
    unit: &Unit,
    dims: Dims,
    qual: Option<&str>,
    conv: Option<Conversion>,
    param: &dyn Fn(&str) -> Option<f64>,
) -> Option<(f64, bool)> {
    if unit.dims() == dims && qualifiers_compatible(unit.qualifier(), qual) {
        return Some((q * unit.scale(), false));
    }
    let c = conv?;
    c.apply(
        q * unit.scale(),
        (unit.dims(), unit.qualifier()),
        (dims, qual),
        param,
    )
    .map(|v| (v, true))
}

/// Value one quantity row with the given price (None = no price found).
pub fn value_row(
    row: &QuantityRow,
    price: Option<PriceUsed>,
    params: &ParamSet,
    quantities_path: &Path,
) -> Result<Valued, GepError> {
    let ind = row.indicator;
    let canonical =
        Unit::parse(&ind.unit).map_err(|e| GepError::Catalog(format!("{}: {e}", ind.id)))?;
    let param = |name: &str| params.base(ind, name);
    if row.unit.is_money() {
        let v = row.quantity * row.unit.scale();
        return Ok(Valued {
            quantity: v,
            quantity_unit: "yuan".into(),
            value: v,
            price_year: Some(row.year),
            price: None,
            conversion: None,
        });
    }
    let Some(price) = price else {
        return Err(GepError::MissingPrice {
            path: quantities_path.to_path_buf(),
            line: row.line,
            indicator: ind.id.clone(),
            zone: row.zone.clone(),
            year: row.year,
        });
    };
    let per = Dims::MONEY.div(price.unit.dims());
    // A price "per t" for an indicator whose canonical unit is "t CO2" is
    // read as per t CO2: the catalog unit names the substance.
    let per_qual = price
        .unit
        .qualifier()
        .or(canonical.qualifier().filter(|_| canonical.dims() == per));
    let reached = reach(
        row.quantity,
        &row.unit,
        per,
        per_qual,
        ind.conversion,
        &param,
    );
    let Some((q_base, converted)) = reached else {
        return Err(GepError::DimensionMismatch {
            path: quantities_path.to_path_buf(),
            line: row.line,
            indicator: ind.id.clone(),
            quantity_unit: row.unit.text().to_string(),
            quantity_dims: row.unit.describe(),
            price_unit: price.unit.text().to_string(),
            price_dims: price.unit.describe(),
            price_origin: price.origin.describe(),
            canonical: ind.unit.clone(),
        });
    };
    let value = q_base * price.value * price.unit.scale();
    // The quantity as reported: in the canonical unit when reachable.
    let (quantity, quantity_unit) = match reach(
        row.quantity,
        &row.unit,
        canonical.dims(),
        canonical.qualifier(),
        ind.conversion,
        &param,
    ) {
        Some((b, _)) => (b / canonical.scale(), ind.unit.clone()),
        None => (row.quantity, row.unit.text().to_string()),
    };
    Ok(Valued {
        quantity,
        quantity_unit,
        value,
        price_year: price.year,
        conversion: ind.conversion.filter(|_| converted),
        price: Some(price),
    })
}

#[cfg(test)]
mod tests;
