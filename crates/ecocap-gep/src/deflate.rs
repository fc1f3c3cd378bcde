//! Price-index deflation: express money of one price year in another.
//!
//! # Units
//! The index is dimensionless with any base (e.g. 2010 = 100 or 1.0);
//! only ratios are used: `V_target = V_p · I(target) / I(p)`. This is the
//! usual constant-price conversion (e.g. NBS CPI or a GDP deflator chained
//! to one base year); the user chooses which index fits the indicator.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::GepError;
use crate::textio::Table;

/// A price index by year, read from `year,index`.
#[derive(Debug, Clone)]
pub struct PriceIndex {
    /// file it came from
    pub path: PathBuf,
    /// index value by year
    pub values: BTreeMap<i32, f64>,
}

impl PriceIndex {
    /// Read `year,index` (index > 0, one row per year).
    pub fn read(path: &Path) -> Result<(Table, PriceIndex), GepError> {
        let t = Table::read(path, &["year", "index"])?;
        let (cy, ci) = (t.req("year"), t.req("index"));
        let mut values = BTreeMap::new();
        let mut lines = BTreeMap::new();
        let mut problems = Vec::new();
        for row in &t.rows {
            let r = (|| {
                let y = t.year(row, cy, "year")?;
                let v = t.number(row, ci, "index")?;
                if v <= 0.0 {
                    return Err(t.bad(row, "index", row.get(ci), "a price index must be > 0"));
                }
                Ok((y, v))
            })();
            match r {
                Ok((y, v)) => {
                    if let Some(first) = lines.insert(y, row.line) {
                        problems.push(t.bad(
                            row,
                            "year",
                            row.get(cy),
                            &format!("year listed twice (first at line {first})"),
                        ));
                    }
                    values.insert(y, v);
                }
                Err(e) => problems.push(e),
            }
        }
        GepError::collect(problems)?;
        Ok((
            t.clone(),
            PriceIndex {
                path: path.to_path_buf(),
                values,
            },
        ))
    }

    /// The years covered, as text for messages.
    pub fn covered(&self) -> String {
        match (self.values.keys().next(), self.values.keys().next_back()) {
            (Some(a), Some(b)) if a == b => format!("{a} only"),
            (Some(a), Some(b)) => {
                let n = self.values.len();
                let full = (b - a + 1) as usize == n;
                format!("{a}–{b}{}", if full { "" } else { " with gaps" })
            }
            _ => "no years".into(),
        }
    }

    /// Index of a year or an error naming what needed it.
    pub fn get(&self, year: i32, needed_for: &str) -> Result<f64, GepError> {
        self.values
            .get(&year)
            .copied()
            .ok_or_else(|| GepError::MissingIndex {
                path: self.path.clone(),
                year,
                needed_for: needed_for.to_string(),
                covered: self.covered(),
            })
    }

    /// Factor taking money of `from` prices to `to` prices.
    pub fn factor(&self, from: i32, to: i32, needed_for: &str) -> Result<f64, GepError> {
        if from == to {
            return Ok(1.0);
        }
        Ok(self.get(to, needed_for)? / self.get(from, needed_for)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn idx() -> PriceIndex {
        PriceIndex {
            path: PathBuf::from("idx.csv"),
            values: [(2010, 100.0), (2011, 105.0), (2012, 108.15)]
                .into_iter()
                .collect(),
        }
    }

    #[test]
    fn factors() {
        let i = idx();
        assert!((i.factor(2010, 2012, "t").unwrap_or(0.0) - 1.0815).abs() < 1e-12);
        assert!((i.factor(2012, 2010, "t").unwrap_or(0.0) - 1.0 / 1.0815).abs() < 1e-12);
        assert_eq!(i.factor(2015, 2015, "t").unwrap_or(0.0), 1.0);
    }

    #[test]
    fn missing_year_names_file_year_and_need() {
        let e = idx()
            .factor(2009, 2010, "price of water_conservation")
            .expect_err("must fail")
            .to_string();
        assert!(
            e.contains("idx.csv") && e.contains("2009") && e.contains("water_conservation"),
            "{e}"
        );
        assert!(e.contains("2010–2012"), "{e}");
    }
}
