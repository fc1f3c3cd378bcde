//! The quantities table (`zone,year,indicator,quantity,unit`) and the price
//! overrides table (`indicator,price,unit[,price_year][,zone][,year][,source]`),
//! parsed and statically validated: every problem in a file is reported at
//! once (unknown ids with a suggestion, units, negatives, duplicates).

use std::collections::HashMap;
use std::path::Path;

use ecocap_units::{Dims, Unit};

use crate::catalog::{Catalog, Indicator};
use crate::error::GepError;
use crate::textio::{Row, Table};

/// One physical (or money) quantity row.
#[derive(Debug, Clone)]
pub struct QuantityRow {
    /// line in the quantities file
    pub line: u64,
    /// zone id
    pub zone: String,
    /// account year
    pub year: i32,
    /// catalog indicator
    pub indicator: &'static Indicator,
    /// value in `unit`
    pub quantity: f64,
    /// unit as parsed
    pub unit: Unit,
}

/// One price override row.
#[derive(Debug, Clone)]
pub struct PriceRow {
    /// line in the prices file
    pub line: u64,
    /// catalog indicator id
    pub indicator: String,
    /// only for this zone (optional column)
    pub zone: Option<String>,
    /// only for this account year (optional column)
    pub year: Option<i32>,
    /// price value
    pub price: f64,
    /// price unit (money per something)
    pub unit: Unit,
    /// price year (optional column)
    pub price_year: Option<i32>,
    /// source text (optional column)
    pub source: Option<String>,
}

fn indicator(
    cat: &'static Catalog,
    t: &Table,
    row: &Row,
    col: usize,
) -> Result<&'static Indicator, GepError> {
    let v = row.get(col);
    cat.get(v).ok_or_else(|| GepError::UnknownIndicator {
        path: t.path.clone(),
        line: row.line,
        value: v.to_string(),
        suggestion: cat.suggest(v),
    })
}

fn unit(t: &Table, row: &Row, col: usize) -> Result<Unit, GepError> {
    Unit::parse(row.get(col)).map_err(|source| GepError::BadUnit {
        path: t.path.clone(),
        line: row.line,
        source,
    })
}

/// Read and validate the quantities file.
pub fn read_quantities(
    path: &Path,
    cat: &'static Catalog,
) -> Result<(Table, Vec<QuantityRow>), GepError> {
    let t = Table::read(path, &["zone", "year", "indicator", "quantity", "unit"])?;
    let (cz, cy, ci, cq, cu) = (
        t.req("zone"),
        t.req("year"),
        t.req("indicator"),
        t.req("quantity"),
        t.req("unit"),
    );
    let mut problems = Vec::new();
    let mut out = Vec::new();
    let mut seen: HashMap<(String, i32, String), u64> = HashMap::new();
    for row in &t.rows {
        let parsed = (|| {
            let zone = t.text(row, cz, "zone")?;
            let year = t.year(row, cy, "year")?;
            let ind = indicator(cat, &t, row, ci)?;
            let quantity = t.number(row, cq, "quantity")?;
            if quantity < 0.0 {
                return Err(t.bad(
                    row,
                    "quantity",
                    row.get(cq),
                    "negative quantity; hint: GEP quantities are annual flows ≥ 0 (a loss belongs in a separate account)",
                ));
            }
            let unit = unit(&t, row, cu)?;
            Ok(QuantityRow {
                line: row.line,
                zone,
                year,
                indicator: ind,
                quantity,
                unit,
            })
        })();
        match parsed {
            Ok(q) => {
                let key = (q.zone.clone(), q.year, q.indicator.id.clone());
                if let Some(first) = seen.get(&key) {
                    problems.push(GepError::Duplicate {
                        path: t.path.clone(),
                        line: q.line,
                        first_line: *first,
                        zone: q.zone.clone(),
                        year: q.year,
                        indicator: q.indicator.id.clone(),
                    });
                } else {
                    seen.insert(key, q.line);
                    out.push(q);
                }
            }
            Err(e) => problems.push(e),
        }
    }
    if t.rows.is_empty() {
        problems.push(GepError::Table {
            path: t.path.clone(),
            line: 1,
            message: "no data rows; hint: one row per zone, year and indicator".into(),
        });
    }
    GepError::collect(problems)?;
    Ok((t, out))
}

fn opt_cell(row: &Row, c: Option<usize>) -> Option<String> {
    c.map(|c| row.get(c).to_string()).filter(|s| !s.is_empty())
}

/// Read and validate the price overrides file.
pub fn read_prices(path: &Path, cat: &'static Catalog) -> Result<(Table, Vec<PriceRow>), GepError> {
    let t = Table::read(path, &["indicator", "price", "unit"])?;
    let (ci, cp, cu) = (t.req("indicator"), t.req("price"), t.req("unit"));
    let (cpy, cz, cy, cs) = (
        t.col("price_year"),
        t.col("zone"),
        t.col("year"),
        t.col("source"),
    );
    let mut problems = Vec::new();
    let mut out: Vec<PriceRow> = Vec::new();
    for row in &t.rows {
        let parsed = (|| {
            let ind = indicator(cat, &t, row, ci)?;
            let price = t.number(row, cp, "price")?;
            if price < 0.0 {
                return Err(t.bad(
                    row,
                    "price",
                    row.get(cp),
                    "negative price; hint: unit prices are ≥ 0",
                ));
            }
            let unit = unit(&t, row, cu)?;
            if unit.dims().money != 1 || unit.dims() == Dims::MONEY {
                return Err(t.bad(
                    row,
                    "unit",
                    row.get(cu),
                    "a price unit must be money per quantity, e.g. yuan/m3, 万元/t, yuan/hm2, yuan/person-trip",
                ));
            }
            let price_year = match cpy {
                Some(c) if !row.get(c).is_empty() => Some(t.year(row, c, "price_year")?),
                _ => None,
            };
            let year = match cy {
                Some(c) if !row.get(c).is_empty() => Some(t.year(row, c, "year")?),
                _ => None,
            };
            Ok(PriceRow {
                line: row.line,
                indicator: ind.id.clone(),
                zone: opt_cell(row, cz),
                year,
                price,
                unit,
                price_year,
                source: opt_cell(row, cs),
            })
        })();
        match parsed {
            Ok(p) => {
                if let Some(first) = out
                    .iter()
                    .find(|o| o.indicator == p.indicator && o.zone == p.zone && o.year == p.year)
                {
                    problems.push(GepError::Duplicate {
                        path: t.path.clone(),
                        line: p.line,
                        first_line: first.line,
                        zone: p.zone.clone().unwrap_or_else(|| "*".into()),
                        year: p.year.unwrap_or(0),
                        indicator: p.indicator.clone(),
                    });
                } else {
                    out.push(p);
                }
            }
            Err(e) => problems.push(e),
        }
    }
    GepError::collect(problems)?;
    Ok((t, out))
}

/// Pick the most specific override for (indicator, zone, year):
/// zone+year, then zone, then year, then indicator only.
pub fn pick_price<'a>(
    rows: &'a [PriceRow],
    ind: &str,
    zone: &str,
    year: i32,
) -> Option<&'a PriceRow> {
    let rank = |p: &PriceRow| -> Option<u8> {
        if p.indicator != ind {
            return None;
        }
        let z = match &p.zone {
            Some(z) if z == zone => 2,
            Some(_) => return None,
            None => 0,
        };
        let y = match p.year {
            Some(y) if y == year => 1,
            Some(_) => return None,
            None => 0,
        };
        Some(z + y)
    };
    rows.iter()
        .filter_map(|p| rank(p).map(|r| (r, p)))
        .max_by_key(|(r, _)| *r)
        .map(|(_, p)| p)
}
