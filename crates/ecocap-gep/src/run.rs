//! The `ecocap gep` command as a library function: parse → validate every
//! input file (all problems at once) → compute → write reports. The CLI's
//! `gep_cmd.rs` only maps arguments onto [`RunOptions`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ecocap_units::Unit;

use crate::account::{compute, Account, AccountInputs};
use crate::catalog::{render_catalog, Catalog, CatalogFormat};
use crate::deflate::PriceIndex;
use crate::error::GepError;
use crate::hierarchy::Hierarchy;
use crate::inputs::{read_prices, read_quantities};
use crate::params::ParamSet;
use crate::report::{write_all, InputRecord, ManifestInfo};
use crate::textio::{read_bytes, sha256_hex, Table};

/// Options of `ecocap gep` (issue 3 §3).
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// `zone,year,indicator,quantity,unit`
    pub quantities: PathBuf,
    /// `indicator,price,unit[,price_year][,zone][,year][,source]`
    pub prices: Option<PathBuf>,
    /// TOML method parameters and double-counting options
    pub params: Option<PathBuf>,
    /// `year,index`
    pub price_index: Option<PathBuf>,
    /// target price year for comparable prices
    pub price_year: Option<i32>,
    /// `zone,year,gdp_yuan[,unit]`
    pub gdp: Option<PathBuf>,
    /// `zone,parent`
    pub zones_hierarchy: Option<PathBuf>,
    /// output directory
    pub out: PathBuf,
    /// the path the reports record for the quantities, when `quantities`
    /// is a working copy (`ecocap account` writes it into its staging
    /// folder and moves it to this path at the end)
    pub quantities_label: Option<PathBuf>,
}

impl RunOptions {
    /// Complete options from the command line: `--quantities` and `--out`
    /// are required unless a subcommand is given, so clap leaves them
    /// optional and they are checked here.
    pub fn from_cli(
        quantities: Option<PathBuf>,
        out: Option<PathBuf>,
        rest: RunOptions,
    ) -> Result<RunOptions, GepError> {
        let missing: Vec<&str> = [
            ("--quantities FILE", quantities.is_none()),
            ("--out DIR", out.is_none()),
        ]
        .into_iter()
        .filter_map(|(n, m)| m.then_some(n))
        .collect();
        if !missing.is_empty() {
            return Err(GepError::Usage(format!(
                "ecocap gep needs {}; hint: ecocap gep --quantities q.csv --out results/ (or `ecocap gep catalog`)",
                missing.join(" and ")
            )));
        }
        Ok(RunOptions {
            quantities: quantities.unwrap_or_default(),
            out: out.unwrap_or_default(),
            ..rest
        })
    }
}

/// What a run produced.
#[derive(Debug)]
pub struct RunSummary {
    /// the account
    pub account: Account,
    /// files written
    pub outputs: Vec<PathBuf>,
}

fn record(role: &str, t: &Table) -> InputRecord {
    InputRecord {
        role: role.into(),
        path: t.path.display().to_string(),
        sha256: t.sha256.clone(),
        encoding: t.encoding.into(),
        rows: Some(t.rows.len()),
    }
}

/// GDP in yuan by (zone, year).
pub type GdpTable = BTreeMap<(String, i32), f64>;

/// Read `zone,year,gdp_yuan` (an optional `unit` column may say 亿元 etc.).
pub fn read_gdp(path: &Path) -> Result<(Table, GdpTable), GepError> {
    let t = Table::read(path, &["zone", "year", "gdp_yuan"])?;
    let (cz, cy, cg, cu) = (
        t.req("zone"),
        t.req("year"),
        t.req("gdp_yuan"),
        t.col("unit"),
    );
    let mut out = BTreeMap::new();
    let mut lines = BTreeMap::new();
    let mut problems = Vec::new();
    for row in &t.rows {
        let r = (|| {
            let zone = t.text(row, cz, "zone")?;
            let year = t.year(row, cy, "year")?;
            let v = t.number(row, cg, "gdp_yuan")?;
            if v <= 0.0 {
                return Err(t.bad(row, "gdp_yuan", row.get(cg), "GDP must be > 0"));
            }
            let scale = match cu.map(|c| row.get(c)).filter(|s| !s.is_empty()) {
                None => 1.0,
                Some(u) => match Unit::parse(u) {
                    Ok(u) if u.is_money() => u.scale(),
                    _ => {
                        return Err(t.bad(
                            row,
                            "unit",
                            u,
                            "GDP unit must be money: yuan, 万元, 亿元",
                        ))
                    }
                },
            };
            Ok((zone, year, v * scale))
        })();
        match r {
            Ok((zone, year, v)) => {
                if let Some(first) = lines.insert((zone.clone(), year), row.line) {
                    problems.push(GepError::Duplicate {
                        path: t.path.clone(),
                        line: row.line,
                        first_line: first,
                        zone: zone.clone(),
                        year,
                        indicator: "gdp".into(),
                    });
                }
                out.insert((zone, year), v);
            }
            Err(e) => problems.push(e),
        }
    }
    GepError::collect(problems)?;
    Ok((t, out))
}

impl RunSummary {
    /// A short stdout report: GEP of each top-level zone and year, and the
    /// files written.
    pub fn brief(&self) -> String {
        let mut s = format!("GEP ({})\n", crate::report::basis_text(self.account.basis));
        for z in self.account.zone_years.iter().filter(|z| z.depth == 0) {
            s.push_str(&format!(
                "  {} {}: {:.2} 亿元 (1e8 yuan)\n",
                z.zone,
                z.year,
                z.gep / 1e8
            ));
        }
        for w in &self.outputs {
            s.push_str(&format!("wrote {}\n", w.display()));
        }
        s
    }
}

/// Keep going through the files so that all problems are reported at once.
fn gather<T>(r: Result<T, GepError>, problems: &mut Vec<GepError>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(GepError::Many(v)) => {
            problems.extend(v);
            None
        }
        Err(e) => {
            problems.push(e);
            None
        }
    }
}

/// Run the whole command. Nothing is written unless every input is valid.
pub fn run(opts: &RunOptions) -> Result<RunSummary, GepError> {
    let cat = Catalog::builtin()?;
    if opts.price_index.is_some() != opts.price_year.is_some() {
        return Err(GepError::Usage(
            "--price-index and --price-year go together; hint: give both to express all values in one price year".into(),
        ));
    }
    let mut problems = Vec::new();
    let mut inputs = Vec::new();
    let quantities = gather(read_quantities(&opts.quantities, cat), &mut problems);
    let prices = match &opts.prices {
        Some(p) => gather(read_prices(p, cat), &mut problems).map(Some),
        None => Some(None),
    };
    let params = match &opts.params {
        Some(p) => gather(ParamSet::read(p, cat), &mut problems),
        None => Some(ParamSet::defaults(cat)),
    };
    let index = match &opts.price_index {
        Some(p) => gather(PriceIndex::read(p), &mut problems).map(Some),
        None => Some(None),
    };
    let gdp = match &opts.gdp {
        Some(p) => gather(read_gdp(p), &mut problems).map(Some),
        None => Some(None),
    };
    let hierarchy = match &opts.zones_hierarchy {
        Some(p) => gather(Hierarchy::read(p), &mut problems).map(Some),
        None => Some(None),
    };
    let (Some((qt, qrows)), Some(prices), Some(params), Some(index), Some(gdp), Some(hierarchy)) =
        (quantities, prices, params, index, gdp, hierarchy)
    else {
        return Err(GepError::collect(problems)
            .err()
            .unwrap_or_else(|| GepError::Usage("invalid input".into())));
    };
    let mut quantities_record = record("quantities", &qt);
    if let Some(label) = &opts.quantities_label {
        quantities_record.path = label.display().to_string();
    }
    inputs.push(quantities_record);
    let price_rows = match &prices {
        Some((t, rows)) => {
            inputs.push(record("prices", t));
            rows.clone()
        }
        None => Vec::new(),
    };
    if let (Some(p), Some(sha)) = (&params.path, &params.sha256) {
        inputs.push(InputRecord {
            role: "params".into(),
            path: p.display().to_string(),
            sha256: sha.clone(),
            encoding: "UTF-8".into(),
            rows: None,
        });
    }
    if let Some(rp) = &params.rules_path {
        let sha = read_bytes(rp).map(|b| sha256_hex(&b))?;
        inputs.push(InputRecord {
            role: "double_counting_rules".into(),
            path: rp.display().to_string(),
            sha256: sha,
            encoding: "UTF-8".into(),
            rows: Some(params.rules.len()),
        });
    }
    let index = index.map(|(t, i)| {
        inputs.push(record("price_index", &t));
        i
    });
    let gdp_map = match gdp {
        Some((t, m)) => {
            inputs.push(record("gdp", &t));
            m
        }
        None => BTreeMap::new(),
    };
    let hierarchy = hierarchy.map(|(t, h)| {
        inputs.push(record("zones_hierarchy", &t));
        h
    });
    let account = compute(&AccountInputs {
        catalog: cat,
        quantities: &qrows,
        quantities_path: &opts.quantities,
        prices: &price_rows,
        prices_path: opts.prices.as_deref(),
        params: &params,
        index: index.as_ref(),
        target_year: opts.price_year,
        gdp: &gdp_map,
        hierarchy: hierarchy.as_ref(),
    })?;
    let info = ManifestInfo {
        inputs,
        gdp_given: opts.gdp.is_some(),
        params,
    };
    let outputs = write_all(&opts.out, &account, cat, &info)?;
    Ok(RunSummary { account, outputs })
}

/// `ecocap gep catalog [--format F]`: the catalog as text.
pub fn catalog_text(format: &str) -> Result<String, GepError> {
    let f: CatalogFormat = format.parse()?;
    render_catalog(Catalog::builtin()?, f)
}
