//! The CSV tables of the command contract (issue 3 §3). Columns required
//! by the contract come first, in its order; extra columns follow.

use std::path::Path;

use super::{fmt_sig, fmt_yuan, io_err, names, ordered_lines};
use crate::account::{Account, ValueBasis};
use crate::catalog::Catalog;
use crate::classes::{Category, ServiceClass};
use crate::error::GepError;

fn save(
    dir: &Path,
    name: &str,
    rows: Vec<Vec<String>>,
    files: &mut Vec<String>,
) -> Result<(), GepError> {
    let path = dir.join(name);
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.write_record(&r).map_err(|e| GepError::Io {
            path: path.clone(),
            error: std::io::Error::other(e),
        })?;
    }
    let bytes = w.into_inner().map_err(|e| GepError::Io {
        path: path.clone(),
        error: std::io::Error::other(e.to_string()),
    })?;
    std::fs::write(&path, bytes).map_err(io_err(&path))?;
    files.push(name.to_string());
    Ok(())
}

fn s(x: &str) -> String {
    x.to_string()
}

/// Write all CSV tables.
pub fn write_csvs(
    dir: &Path,
    acc: &Account,
    cat: &Catalog,
    gdp_given: bool,
    files: &mut Vec<String>,
) -> Result<(), GepError> {
    let basis = match acc.basis {
        ValueBasis::AsPriced => "as_priced".to_string(),
        ValueBasis::Comparable(y) => format!("comparable_{y}"),
    };
    // per indicator
    let mut rows = vec![[
        "zone",
        "year",
        "indicator",
        "category",
        "quantity",
        "quantity_unit",
        "price",
        "price_unit",
        "value_yuan",
        "price_year",
        "value_basis",
        "value_yuan_current",
        "counted",
        "rolled_up_from",
    ]
    .map(s)
    .to_vec()];
    for l in ordered_lines(acc, cat) {
        let (price, unit, py) = match &l.price {
            Some(p) => (
                fmt_sig(p.value, 10),
                p.unit.text().to_string(),
                p.year.map(|y| y.to_string()).unwrap_or_default(),
            ),
            None if l.rolled_from == 0 => (String::new(), String::new(), l.year.to_string()),
            None => Default::default(),
        };
        rows.push(vec![
            l.zone.clone(),
            l.year.to_string(),
            l.indicator.id.clone(),
            l.indicator.category.id().to_string(),
            l.quantity.map(|q| fmt_sig(q, 10)).unwrap_or_default(),
            if l.quantity.is_some() {
                l.quantity_unit.clone()
            } else {
                String::new()
            },
            price,
            unit,
            fmt_yuan(l.value),
            py,
            basis.clone(),
            fmt_yuan(l.value_current),
            l.counted.to_string(),
            l.rolled_from.to_string(),
        ]);
    }
    save(dir, names::BY_INDICATOR, rows, files)?;

    // per category (always all three)
    let mut rows = vec![["zone", "year", "category", "value_yuan"].map(s).to_vec()];
    for z in &acc.zone_years {
        for c in Category::ALL {
            let v = z.by_category.get(&c).copied().unwrap_or(0.0);
            rows.push(vec![
                z.zone.clone(),
                z.year.to_string(),
                c.id().into(),
                fmt_yuan(v),
            ]);
        }
    }
    save(dir, names::BY_CATEGORY, rows, files)?;

    // per class, both schemes
    let mut rows = vec![["zone", "year", "scheme", "class", "value_yuan"]
        .map(s)
        .to_vec()];
    for z in &acc.zone_years {
        for (scheme, map, classes) in [
            ("seea", &z.seea, &ServiceClass::ALL[..3]),
            ("mea", &z.mea, &ServiceClass::ALL[..]),
        ] {
            for c in classes {
                let v = map.get(c).copied().unwrap_or(0.0);
                rows.push(vec![
                    z.zone.clone(),
                    z.year.to_string(),
                    scheme.into(),
                    c.id().into(),
                    fmt_yuan(v),
                ]);
            }
        }
    }
    save(dir, names::BY_CLASS, rows, files)?;

    // totals
    let mut header = vec![s("zone"), s("year"), s("gep_yuan")];
    if gdp_given {
        header.extend([s("gdp_yuan"), s("gep_gdp_ratio")]);
    }
    let mut rows = vec![header];
    for z in &acc.zone_years {
        let mut r = vec![z.zone.clone(), z.year.to_string(), fmt_yuan(z.gep)];
        if gdp_given {
            r.push(z.gdp.map(fmt_yuan).unwrap_or_default());
            r.push(z.gep_gdp_ratio().map(|x| fmt_sig(x, 6)).unwrap_or_default());
        }
        rows.push(r);
    }
    save(dir, names::TOTAL, rows, files)?;

    // year on year
    let mut rows = vec![[
        "zone",
        "year",
        "prev_year",
        "gep_yuan_current",
        "growth_current",
        "gep_yuan",
        "growth",
        "value_basis",
    ]
    .map(s)
    .to_vec()];
    let g = |x: Option<f64>| x.map(|v| fmt_sig(v, 6)).unwrap_or_default();
    for y in &acc.yoy {
        rows.push(vec![
            y.zone.clone(),
            y.year.to_string(),
            y.prev_year.to_string(),
            fmt_yuan(y.gep_current),
            g(y.growth_current),
            fmt_yuan(y.gep),
            g(y.growth),
            basis.clone(),
        ]);
    }
    save(dir, names::YOY, rows, files)
}
